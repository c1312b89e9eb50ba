// logCovariancePrior: MCMCglmm's IW(nu, nu V) prior density (up to a constant), checked against
// the inverse-Wishart density written out for k = 2, against the inverse gamma for k = 1, and its
// scaled-ratio and log-coordinate forms against differences of the plain density.

import { describe, expect, it } from "vitest";
import { logCovariancePrior, logVariancePrior, logVariancePriorOfLog, logVariancePriorRatio } from "../../src/priors/covariance-prior.js";
import type { VariancePrior } from "../../src/priors/prior.js";

const prior = (V: number[], nu: number, dim: number): VariancePrior => ({ label: "G.G1", dim, V: Float64Array.from(V), nu, fixFrom: dim });

describe("logCovariancePrior", () => {
  it("is the inverse-Wishart log density up to a constant (k = 2)", () => {
    const p = prior([2, 0.5, 0.5, 1], 4, 2);
    const work = new Float64Array(8);
    // explicit: -(nu + k + 1)/2 log|G| - nu/2 tr(V G^-1)
    const density = (g: number[]) => {
      const det = g[0] * g[3] - g[1] * g[2];
      const inv = [g[3] / det, -g[1] / det, -g[2] / det, g[0] / det];
      const tr = 2 * inv[0] + 0.5 * inv[2] + 0.5 * inv[1] + 1 * inv[3];
      return -3.5 * Math.log(det) - 2 * tr;
    };
    const A = [1.5, 0.3, 0.3, 0.8], B = [0.7, -0.2, -0.2, 2.5];
    const ours = logCovariancePrior(p, Float64Array.from(A), work) - logCovariancePrior(p, Float64Array.from(B), work);
    expect(ours).toBeCloseTo(density(A) - density(B), 12);
  });

  it("is the inverse gamma IG(nu/2, nu V/2) for one variance, with exact scaled and log-scale forms", () => {
    const p = prior([0.7], 3, 1);
    const ig = (s: number) => -(1.5 + 1) * Math.log(s) - (1.5 * 0.7) / s;
    expect(logCovariancePrior(p, Float64Array.of(2), new Float64Array(2)) - logCovariancePrior(p, Float64Array.of(0.5), new Float64Array(2))).toBeCloseTo(ig(2) - ig(0.5), 12);
    expect(logVariancePrior(p, 1.3) - logVariancePrior(p, 0.4)).toBeCloseTo(ig(1.3) - ig(0.4), 12);
    const s0 = 0.9, logC = 0.37, s1 = Math.exp(2 * logC) * s0;
    expect(logVariancePriorRatio(p, s0, s1, logC)).toBeCloseTo(ig(s1) - ig(s0), 12);
    // density of v = log s: p(e^v) e^v
    expect(logVariancePriorOfLog(p, 0.2) - logVariancePriorOfLog(p, -1)).toBeCloseTo(ig(Math.exp(0.2)) + 0.2 - ig(Math.exp(-1)) - -1, 12);
  });
});
