// The corg/corgh correlation update (samplers/correlation-draw.ts) against its exact full
// conditional, by quadrature for a 2 x 2 matrix: the mean and second moment of r within 4 MCSE.

import { describe, expect, it } from "vitest";
import { mcseMean } from "../../src/diagnostics/index.js";
import type { VariancePrior } from "../../src/priors/prior.js";
import { createStream } from "../../src/random/index.js";
import { drawCorrelation, makeCorrelationDrawer } from "../../src/samplers/kernels/variance/correlation-draw.js";

/** E[r] and E[r^2] under log p(r) = -(n+nu+3)/2 log(1-r^2) - tr(R^-1 S~)/2 + nu log(1-r^2). */
function exactMoments(n: number, nu: number, s: [number, number, number]): [number, number] {
  const [s11, s12, s22] = s;
  const logp = (r: number) => {
    const q = 1 - r * r;
    return -0.5 * (n + nu + 3) * Math.log(q) - (0.5 * (s11 + s22 - 2 * r * s12)) / q + nu * Math.log(q);
  };
  const N = 200_000;
  let z = 0, m1 = 0, m2 = 0, max = -Infinity;
  const grid = Array.from({ length: N }, (_, i) => -1 + (2 * (i + 0.5)) / N);
  for (const r of grid) max = Math.max(max, logp(r));
  for (const r of grid) {
    const w = Math.exp(logp(r) - max);
    z += w; m1 += w * r; m2 += w * r * r;
  }
  return [m1 / z, m2 / z];
}

function prior(variances: number[], nu: number): VariancePrior {
  const k = variances.length;
  const V = new Float64Array(k * k);
  variances.forEach((v, a) => (V[a * k + a] = v));
  return { label: "G.G1", dim: k, V, nu, fixFrom: k, correlation: { variances: Float64Array.from(variances) } };
}

describe("correlation matrix update (corg, corgh)", () => {
  const cases = [
    { name: "corg, uniform prior (nu = 3)", variances: [1, 1], nu: 3, n: 30, S: [28, 12, 35] as [number, number, number] },
    { name: "corgh, vague prior (nu = 0.002)", variances: [2, 0.5], nu: 0.002, n: 12, S: [30, -6.5, 5] as [number, number, number] },
  ];
  for (const c of cases) {
    it(`leaves the exact full conditional invariant: ${c.name}`, () => {
      const p = prior(c.variances, c.nu);
      const d = makeCorrelationDrawer(2);
      const S = Float64Array.of(c.S[0], c.S[1], c.S[1], c.S[2]);
      const G = Float64Array.of(c.variances[0], 0, 0, c.variances[1]);
      const rng = createStream(41, 0);
      const draws = 40_000;
      const r = new Float64Array(draws), r2 = new Float64Array(draws);
      const sd = Math.sqrt(c.variances[0] * c.variances[1]);
      for (let i = 0; i < draws; i++) {
        drawCorrelation(rng, d, p, c.n, S, G);
        expect(G[0]).toBe(c.variances[0]);
        expect(G[1]).toBe(G[2]);
        r[i] = G[1] / sd;
        r2[i] = r[i] * r[i];
      }
      // S~ = D^-1/2 S D^-1/2
      const scaled: [number, number, number] = [c.S[0] / c.variances[0], c.S[1] / sd, c.S[2] / c.variances[1]];
      const [m1, m2] = exactMoments(c.n, c.nu, scaled);
      const mean = (x: Float64Array) => x.reduce((a, b) => a + b, 0) / x.length;
      expect(Math.abs(mean(r) - m1)).toBeLessThan(4 * mcseMean([r]));
      expect(Math.abs(mean(r2) - m2)).toBeLessThan(4 * mcseMean([r2]));
    });
  }

  it("keeps a 3 x 3 correlation matrix positive-definite with the variances fixed", () => {
    const p = prior([1, 1, 1], 4);
    const d = makeCorrelationDrawer(3);
    const S = Float64Array.of(20, 15, -4, 15, 22, -3, -4, -3, 18);
    const G = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);
    const rng = createStream(3, 0);
    let sum01 = 0;
    for (let i = 0; i < 5000; i++) {
      drawCorrelation(rng, d, p, 20, S, G);
      const det = 1 + 2 * G[1] * G[2] * G[5] - G[1] ** 2 - G[2] ** 2 - G[5] ** 2;
      expect(det).toBeGreaterThan(0);
      expect([G[0], G[4], G[8]]).toEqual([1, 1, 1]);
      sum01 += G[1];
    }
    expect(sum01 / 5000).toBeGreaterThan(0.5); // S's strong positive 1-2 correlation shows
  });
});
