// The nested random-intercept move over multi-trait terms (src/samplers/kernels/moves/nested-move.ts):
// idh(trait):H (parameter-expanded) over us(trait):D with doctors nested in hospitals, as in the
// hospital example's joint model. The move is built per trait, and it leaves the posterior
// unchanged: chains with and without it agree on every parameter's mean, 2.5% and 97.5% quantile
// within 4 x sqrt(mcse_on^2 + mcse_off^2). A wrong acceptance ratio (a missing Jacobian term,
// the child's prior quadratic form without its G_C^-1 cross terms) moves the hospital variances
// by several of those units.

import { describe, expect, it } from "vitest";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import { resolvePrior } from "../../src/priors/prior.js";
import { Chain } from "../../src/samplers/run/chain.js";
import { createStream } from "../../src/random/index.js";
import { mcseMean, mcseQuantile, quantileSorted, sortedPool } from "../../src/diagnostics/index.js";
import type { ModelSpec } from "../../src/models/types.js";

const HOSPITALS = 8, DOCTORS_PER_HOSPITAL = 4, PATIENTS = 4;

/** Two counts per patient with correlated doctor effects and independent hospital effects. */
function rows(): Record<string, unknown>[] {
  const rng = createStream(77, 0);
  const out: Record<string, unknown>[] = [];
  for (let h = 0; h < HOSPITALS; h++) {
    const hosp = [0.5 * rng.normal(), 0.4 * rng.normal()];
    for (let d = 0; d < DOCTORS_PER_HOSPITAL; d++) {
      const z1 = rng.normal(), z2 = rng.normal();
      const doc = [0.6 * z1, 0.5 * (0.6 * z1 + 0.8 * z2)];
      for (let i = 0; i < PATIENTS; i++) {
        const mean = [Math.exp(0.8 + hosp[0] + doc[0] + 0.3 * rng.normal()), Math.exp(0.3 + hosp[1] + doc[1] + 0.3 * rng.normal())];
        out.push({ y1: poisson(rng, mean[0]), y2: poisson(rng, mean[1]), D: `d${h}_${d}`, H: `h${h}` });
      }
    }
  }
  return out;
}

function poisson(rng: { uniform(): number }, mean: number): number {
  let k = 0, p = Math.exp(-mean), cdf = p;
  const u = rng.uniform();
  while (u > cdf) { k++; p *= mean / k; cdf += p; }
  return k;
}

const spec: ModelSpec = {
  fixed: "cbind(y1, y2) ~ trait - 1",
  random: "~us(trait):D + idh(trait):H",
  rcov: "~idh(trait):units",
  family: ["poisson", "poisson"],
  prior: {
    R: { V: [[1, 0], [0, 1]], nu: 2 },
    G: {
      G1: { V: [[1, 0], [0, 1]], nu: 3 },
      G2: { V: [[1, 0], [0, 1]], nu: 1, "alpha.mu": [0, 0], "alpha.V": [[25, 0], [0, 25]] },
    },
  },
};

function sample(nestedMoves: boolean) {
  const model = buildModel(spec, frameFromRows(rows()));
  const prior = resolvePrior(model, spec.prior);
  const chains = [0, 1].map((c) => new Chain(model, prior, { seed: 31, chain: c, nestedMoves }));
  const segments = chains.map((chain) => chain.run(6000, 500, 2, true));
  return { names: chains[0].layout.names, kernels: chains[0].kernelNames(), segments };
}

describe("nested random-intercept move over multi-trait terms", () => {
  it("is built per trait for idh(trait):H over us(trait):D and leaves the posterior unchanged", () => {
    const on = sample(true), off = sample(false);
    expect(on.kernels.filter((k) => k.includes("nested random intercepts"))).toEqual([
      "joint move: nested random intercepts traity1:traity1.D within traity1.H",
      "joint move: nested random intercepts traity2:traity2.D within traity2.H",
    ]);
    expect(off.kernels.some((k) => k.includes("nested"))).toBe(false);
    const compared: string[] = [];
    let worst = 0;
    on.names.forEach((name, j) => {
      const a = on.segments.map((s) => s.draws[j]), b = off.segments.map((s) => s.draws[j]);
      const checks: [string, number, number, number, number][] = [
        ["mean", mean(a), mean(b), mcseMean(a), mcseMean(b)],
        ["q2.5", quantileSorted(sortedPool(a), 0.025), quantileSorted(sortedPool(b), 0.025), mcseQuantile(a, 0.025), mcseQuantile(b, 0.025)],
        ["q97.5", quantileSorted(sortedPool(a), 0.975), quantileSorted(sortedPool(b), 0.975), mcseQuantile(a, 0.975), mcseQuantile(b, 0.975)],
      ];
      for (const [what, x, y, m1, m2] of checks) {
        worst = Math.max(worst, Math.abs(x - y) / Math.sqrt(m1 * m1 + m2 * m2));
        expect(Math.abs(x - y), `${name} ${what}: with ${x}, without ${y}`).toBeLessThanOrEqual(4 * Math.sqrt(m1 * m1 + m2 * m2));
      }
      compared.push(name);
    });
    console.log(`nested move on/off: ${compared.length} parameters, max z ${worst.toFixed(2)}`);
    expect(compared).toEqual(expect.arrayContaining(["traity1.H", "traity2.H", "traity2:traity1.D"]));
  }, 120_000);
});

const mean = (chains: Float64Array[]) => chains.reduce((s, c) => s + c.reduce((x, y) => x + y, 0), 0) / chains.reduce((n, c) => n + c.length, 0);
