// The inverse-Wishart prior's scale is V times nu (MCMCglmm's parameterisation): a variance draw
// given the effects' crossproduct S over m levels is IW(nu + m, nu V + S). Checked with nu != 1,
// where V and nu V differ, against the exact inverse-Wishart / inverse-gamma means: a kernel
// that used V (or S alone) as the scale fails by many Monte Carlo standard errors.

import { describe, expect, it } from "vitest";
import type { VariancePrior } from "../../src/priors/prior.js";
import { createStream } from "../../src/random/index.js";
import { makeCovarianceDrawer } from "../../src/samplers/kernels/variance/covariance-draw.js";
import { drawStructured } from "../../src/samplers/kernels/variance/variance.js";
import type { VarianceStructure } from "../../src/models/types.js";

const DRAWS = 40_000;

function meanOfDraws(structure: VarianceStructure, k: number, m: number, prior: VariancePrior, S: Float64Array): { mean: Float64Array; se: Float64Array } {
  const rng = createStream(2024, k * 10 + m);
  const drawer = makeCovarianceDrawer(k);
  const out = new Float64Array(k * k);
  const sum = new Float64Array(k * k), sum2 = new Float64Array(k * k);
  for (let i = 0; i < DRAWS; i++) {
    drawStructured(rng, structure, k, new Array(k).fill(m), prior, S, out, drawer);
    for (let j = 0; j < k * k; j++) { sum[j] += out[j]; sum2[j] += out[j] * out[j]; }
  }
  const mean = sum.map((s) => s / DRAWS);
  const se = sum2.map((s2, j) => Math.sqrt((s2 / DRAWS - mean[j] ** 2) / DRAWS));
  return { mean, se };
}

describe("variance draws use the prior scale nu V", () => {
  it("us: IW(nu + m, nu V + S) has mean (nu V + S) / (nu + m - k - 1), with nu = 4", () => {
    const k = 2, m = 6, nu = 4;
    const V = Float64Array.from([2, 0.6, 0.6, 1]);
    const S = Float64Array.from([3, -1, -1, 5]);
    const prior: VariancePrior = { label: "G.G1", dim: k, V, nu, fixFrom: k };
    const { mean, se } = meanOfDraws("us", k, m, prior, S);
    for (let j = 0; j < k * k; j++) {
      const exact = (nu * V[j] + S[j]) / (nu + m - k - 1);
      expect(Math.abs(mean[j] - exact), `element ${j}: ${mean[j]} vs ${exact}`).toBeLessThanOrEqual(4 * se[j]);
    }
  });

  it("idh: each variance IG((nu + m)/2, (nu V_aa + S_aa)/2) has mean (nu V_aa + S_aa) / (nu + m - 2), with nu = 0.2 and 5", () => {
    for (const nu of [0.2, 5]) {
      const k = 2, m = 9;
      const V = Float64Array.from([3, 0, 0, 0.5]);
      const S = Float64Array.from([4, 0, 0, 7]);
      const prior: VariancePrior = { label: "G.G1", dim: k, V, nu, fixFrom: k };
      const { mean, se } = meanOfDraws("idh", k, m, prior, S);
      for (const j of [0, 3]) {
        const exact = (nu * V[j] + S[j]) / (nu + m - 2);
        expect(Math.abs(mean[j] - exact), `nu ${nu}, element ${j}: ${mean[j]} vs ${exact}`).toBeLessThanOrEqual(4 * se[j]);
      }
    }
  });

  it("idv: the shared variance IG((nu + k m)/2, (nu V + tr S)/2) has mean (nu V + tr S) / (nu + k m - 2), with nu = 3", () => {
    const k = 2, m = 5, nu = 3;
    const V = Float64Array.from([2]);
    const S = Float64Array.from([4, 0, 0, 6]);
    const prior: VariancePrior = { label: "G.G1", dim: 1, V, nu, fixFrom: 1 };
    const { mean, se } = meanOfDraws("idv", k, m, prior, S);
    const exact = (nu * V[0] + S[0] + S[3]) / (nu + k * m - 2);
    expect(Math.abs(mean[0] - exact)).toBeLessThanOrEqual(4 * se[0]);
    expect(mean[3]).toBe(mean[0]);
  });
});
