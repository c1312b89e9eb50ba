// The marginal variance move's target by the arrow formulas (moves/arrow-marginal.ts) equals the
// target by the sparse Cholesky factor of C, for random intercepts, a random slope (z = x) with
// rows outside the term, and an informative fixed-effect prior (mean and correlated precision);
// "auto" takes the per-factor draw with that move for one-term Gaussian models; the per-factor
// kernel's cached right-hand side (one term, data as latent variables) gives the draw a fresh one does.

import { describe, expect, it } from "vitest";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import type { ModelSpec } from "../../src/models/types.js";
import { resolvePrior } from "../../src/priors/prior.js";
import { createStream, fillNormal } from "../../src/random/index.js";
import { chooseLocationSampler, locationEquations } from "../../src/samplers/kernels/location/choice.js";
import { buildCrossedDesign } from "../../src/samplers/kernels/location/crossed-design.js";
import { buildCrossedLocationKernel } from "../../src/samplers/kernels/location/crossed-location.js";
import { buildMixedModelEquations } from "../../src/samplers/kernels/location/mme.js";
import { buildMarginalVarianceKernel } from "../../src/samplers/kernels/moves/marginal-variance.js";
import { buildSweep } from "../../src/samplers/sweep.js";
import { allocateState } from "../../src/samplers/run/state.js";

function rows(n: number, levels: number, seed: number): Record<string, unknown>[] {
  const rng = createStream(seed, 0);
  const u = Array.from({ length: levels }, () => 0.8 * rng.normal());
  return Array.from({ length: n }, (_, i) => {
    const j = Math.floor(rng.uniform() * levels), x = rng.normal(), w = rng.uniform();
    // g: every row in a level; h: a third of the rows in none (NA)
    return { y: 2 + 0.5 * x - 0.3 * w + u[j] + 0.6 * rng.normal(), x, w, g: `g${j}`, h: i % 3 === 0 ? null : `h${j}` };
  });
}

const CASES: [string, ModelSpec][] = [
  ["random intercepts", { fixed: "y ~ x + w", random: "~g", prior: { R: { V: 1, nu: 0.002 }, G: { G1: { V: 1, nu: 0.002 } } } }],
  ["a random slope on x, rows outside the term", { fixed: "y ~ x", random: "~us(x - 1):h", prior: { R: { V: 1, nu: 1 }, G: { G1: { V: 2, nu: 3 } } } }],
  ["an informative fixed-effect prior", { fixed: "y ~ x + w", random: "~g", prior: { B: { mu: [1, 0.4, -0.2], V: [[2, 0.3, 0], [0.3, 1, 0.1], [0, 0.1, 0.5]] }, R: { V: 1, nu: 0.002 }, G: { G1: { V: 1, nu: 0.002 } } } }],
];

describe("the marginal variance move by the arrow formulas", () => {
  it.each(CASES)("has the Cholesky evaluation's target with %s", (_, spec) => {
    const model = buildModel(spec, frameFromRows(rows(300, 25, 4)), { ginverse: {} });
    const prior = resolvePrior(model, spec.prior);
    const mme = buildMixedModelEquations(model, prior);
    const sparse = buildMarginalVarianceKernel(model, prior, mme)!;
    const arrow = buildMarginalVarianceKernel(model, prior, mme, buildCrossedDesign(model))!;
    const state = allocateState(model);
    for (const [g, r] of [[1, 1], [0.3, 2.5], [1e-6, 0.4], [1e4, 1e-3], [5, 5]]) {
      state.G[0][0] = g;
      state.R[0] = r;
      const a = arrow.logDensity(state), b = sparse.logDensity(state);
      expect(Number.isFinite(a)).toBe(true);
      expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
    }
  });

  it('is what "auto" gives one-term all-Gaussian models: the per-factor draw after the move', () => {
    const [, spec] = CASES[0];
    const model = buildModel(spec, frameFromRows(rows(120, 8, 5)), { ginverse: {} });
    expect(chooseLocationSampler(model, locationEquations(model))).toBe("crossed");
    const names = buildSweep(model, resolvePrior(model, spec.prior), {}).map((k) => k.name);
    expect(names.slice(0, 2)).toEqual(["marginal (co)variance move", "location effects"]);
    expect(names).toContain("G structure g (transformation move)");
  });

  it("draws from the cached right-hand side what a fresh one gives, bit for bit", () => {
    const [, spec] = CASES[0];
    const model = buildModel(spec, frameFromRows(rows(200, 12, 6)), { ginverse: {} });
    const prior = resolvePrior(model, spec.prior);
    const kernel = buildCrossedLocationKernel(model, prior, buildMixedModelEquations(model, prior));
    const state = allocateState(model);
    state.latent.set(model.responses[0].y);
    state.G[0][0] = 0.7;
    state.R[0] = 0.4;
    const size = model.X.ncol + model.Z.ncol;
    for (let step = 0; step < 3; step++) {
      // step 0 fills the cache, steps 1-2 read it
      kernel.step(state, createStream(20 + step, 0));
      const cached = state.theta.slice();
      const noise = new Float64Array(size);
      fillNormal(createStream(20 + step, 0), noise, size);
      kernel.prepare(state);
      kernel.drawFactor(state, 0, 1 / state.R[0], 1 / state.G[0][0], noise);
      expect(Array.from(state.theta)).toEqual(Array.from(cached));
    }
  });
});
