// The collapsed random-intercept variance moves (src/samplers/collapsed-variance.ts): which models
// get them, and exactness on a Gaussian random-intercept model with R and the intercept's prior
// known, where the posterior of sigma^2 follows by 1-d quadrature of
//   p(sigma^2) N(y; 0, Vb 1 1' + sigma^2 Z Z' + R I)
// (beta integrated out), with and without parameter expansion (whose implied prior on sigma is
// half-t: sigma = |alpha| sqrt(G*), alpha ~ N(0, alpha.V), G* ~ IG(nu/2, nu V/2), Gelman 2006).

import { describe, expect, it } from "vitest";
import { frameFromRows } from "../../../src/models/frame.js";
import { Chain } from "../../../src/samplers/run/chain.js";
import { buildModel } from "../../../src/models/model.js";
import { resolvePrior } from "../../../src/priors/prior.js";
import { buildCollapsedVarianceKernels } from "../../../src/samplers/kernels/moves/collapsed-variance.js";
import { essBulk } from "../../../src/diagnostics/index.js";
import { loadReference } from "../../helpers/reference.js";
import type { ModelSpec, VariancePriorSpec } from "../../../src/models/types.js";

function kernelNames(name: string): string[] {
  const ref = loadReference(name);
  const model = buildModel(ref.spec, ref.data, { ginverse: ref.relationships ?? {} });
  return buildCollapsedVarianceKernels(model, resolvePrior(model, ref.spec.prior)).map((k) => k.name);
}

const R = 0.8, Vb = 4, LEVELS = 8;
function rows(): Record<string, unknown>[] {
  // deterministic pseudo-data: 8 groups of unequal size, group effects of sd ~0.7
  const out: Record<string, unknown>[] = [];
  for (let j = 0; j < LEVELS; j++) {
    const effect = 0.9 * Math.sin(j * 2.1 + 0.3);
    for (let i = 0; i < 2 + (j % 4); i++) out.push({ y: 0.4 + effect + 0.9 * Math.cos(j * 5.3 + i * 1.9), g: `g${j}` });
  }
  return out;
}

/** log N(y; 0, Sigma) for a small dense Sigma, by Cholesky. */
function logNormal(y: number[], S: number[][]): number {
  const n = y.length;
  const L = S.map((r) => r.map(() => 0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = S[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(s) : s / L[j][j];
    }
  }
  const z: number[] = [];
  let logDet = 0;
  for (let i = 0; i < n; i++) {
    let s = y[i];
    for (let k = 0; k < i; k++) s -= L[i][k] * z[k];
    z.push(s / L[i][i]);
    logDet += Math.log(L[i][i]);
  }
  return -logDet - 0.5 * z.reduce((a, b) => a + b * b, 0);
}

/** Posterior mean of sigma^2 by quadrature on log sigma^2; logPrior is the density of sigma^2. */
function posteriorMean(data: Record<string, unknown>[], logPrior: (s2: number) => number): number {
  const y = data.map((r) => r.y as number), g = data.map((r) => r.g as string);
  let num = 0, den = 0;
  for (let v = -12; v <= 4; v += 0.01) {
    const s2 = Math.exp(v);
    const S = y.map((_, i) => y.map((__, j) => Vb + (g[i] === g[j] ? s2 : 0) + (i === j ? R : 0)));
    const w = Math.exp(logNormal(y, S) + logPrior(s2) + v + 20);
    num += w * s2;
    den += w;
  }
  return num / den;
}

/** Two chains with the collapsed move switched on (it is off by default for Gaussian models). */
async function sampledMean(G: VariancePriorSpec): Promise<{ mean: number; mcse: number }> {
  const spec: ModelSpec = { fixed: "y ~ 1", random: "~g", prior: { R: { V: R, fix: 1 }, B: { mu: 0, V: Vb }, G: { G1: G } } };
  const model = buildModel(spec, frameFromRows(rows()));
  const prior = resolvePrior(model, spec.prior);
  const chains = [0, 1].map((c) => {
    const chain = new Chain(model, prior, { seed: 5, chain: c, collapsedMoves: true });
    const segment = chain.run(16000, 1000, 3, true);
    return segment.draws[chain.layout.names.indexOf("g")];
  });
  const all = chains.flatMap((c) => Array.from(c));
  const mean = all.reduce((a, b) => a + b, 0) / all.length;
  const sd = Math.sqrt(all.reduce((a, b) => a + (b - mean) ** 2, 0) / (all.length - 1));
  return { mean, mcse: sd / Math.sqrt(essBulk(chains)) };
}

describe("collapsed random-intercept variance moves", () => {
  it("are built for one-trait random intercepts: a nested pair in M4, a single term in M5, none for M9", () => {
    expect(kernelNames("M4_grouseticks")).toEqual(["G structures LOCATION, BROOD (collapsed)"]);
    expect(kernelNames("M5_Contraception")).toEqual(["G structure district (collapsed)"]);
    expect(kernelNames("M9_SShorns")).toEqual([]);
  });

  it("leave sigma^2's exact posterior invariant (inverse-gamma prior)", async () => {
    const exact = posteriorMean(rows(), (s2) => -1.5 * Math.log(s2) - 0.5 / s2); // IG(1/2, 1/2)
    const { mean, mcse } = await sampledMean({ V: 1, nu: 1 });
    expect(Math.abs(mean - exact)).toBeLessThan(4 * mcse);
  });

  it("leave sigma^2's exact posterior invariant (parameter expansion: half-Cauchy on sigma)", async () => {
    const scale2 = 25; // alpha.V * V
    // sigma ~ half-Cauchy(0, 5): p(sigma^2) = p(sigma) / (2 sigma)
    const exact = posteriorMean(rows(), (s2) => -Math.log(1 + s2 / scale2) - 0.5 * Math.log(s2));
    const { mean, mcse } = await sampledMean({ V: 1, nu: 1, "alpha.mu": 0, "alpha.V": scale2 });
    expect(Math.abs(mean - exact)).toBeLessThan(4 * mcse);
  });
});
