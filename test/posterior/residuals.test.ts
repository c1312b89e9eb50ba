// Randomised quantile residuals: a correctly specified Poisson model passes the uniformity test;
// the same model fitted to negative-binomial data (no units overdispersion: R fixed at 1e-4)
// fails it. Plus the pieces they rest on: the predictive CDFs, variates and the KS test.

import { beforeAll, describe, expect, it } from "vitest";
import { fit, type Fit } from "../../src/fit.js";
import { createStream } from "../../src/random/index.js";
import { gamma } from "../../src/random/gamma.js";
import { binomialCdf, gammaQ, poissonCdf, rBinomial, rPoisson } from "../../src/random/distributions.js";
import { gaussHermite, expectNormal1 } from "../../src/random/quadrature.js";
import { logIntegrateNormal } from "../../src/posterior/family-scale.js";
import { ksUniform, quantileResiduals } from "../../src/posterior/residuals.js";

describe("numerical pieces", () => {
  it("Gauss-Hermite rules integrate normal moments exactly", () => {
    const { nodes, weights } = gaussHermite(20);
    const moment = (k: number) => nodes.reduce((s, x, i) => s + weights[i] * x ** k, 0);
    expect(moment(0)).toBeCloseTo(1, 12);
    expect(moment(2)).toBeCloseTo(1, 10);
    expect(moment(4)).toBeCloseTo(3, 9);
    expect(expectNormal1(0.3, 0.7, Math.exp)).toBeCloseTo(Math.exp(0.3 + 0.245), 10);
  });

  it("CDFs match direct sums", () => {
    let F = 0, p = Math.exp(-7.5);
    for (let k = 0; k <= 12; k++) {
      F += p;
      expect(poissonCdf(k, 7.5)).toBeCloseTo(F, 12);
      p *= 7.5 / (k + 1);
    }
    expect(gammaQ(3, 0)).toBe(1);
    let B = 0;
    const choose = (n: number, k: number) => { let c = 1; for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1); return c; };
    for (let k = 0; k < 10; k++) {
      B += choose(10, k) * 0.3 ** k * 0.7 ** (10 - k);
      expect(binomialCdf(k, 10, 0.3)).toBeCloseTo(B, 12);
    }
  });

  it("adaptive quadrature gives the Poisson-lognormal log mass of a large count", () => {
    // reference: plain trapezoid on a fine grid
    const y = 80, m = 4, v = 0.3;
    const h = (x: number) => y * x - Math.exp(x) - Array.from({ length: y }, (_, i) => Math.log(i + 1)).reduce((a, b) => a + b, 0);
    let s = 0;
    const N = 20000, lo = m - 12 * Math.sqrt(v), step = (24 * Math.sqrt(v)) / N;
    for (let i = 0; i <= N; i++) {
      const x = lo + i * step;
      s += (i === 0 || i === N ? 0.5 : 1) * Math.exp(h(x) - (0.5 * (x - m) ** 2) / v);
    }
    const direct = Math.log((s * step) / Math.sqrt(2 * Math.PI * v));
    expect(logIntegrateNormal(h, m, v)).toBeCloseTo(direct, 8);
  });

  it("Poisson and binomial variates have the right mean and variance", () => {
    const rng = createStream(1, 0);
    for (const [lambda, n] of [[3.2, 20000], [45, 20000]] as const) {
      const x = Array.from({ length: n }, () => rPoisson(rng, lambda));
      const mean = x.reduce((a, b) => a + b, 0) / n;
      const v = x.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
      expect(Math.abs(mean - lambda)).toBeLessThan(4 * Math.sqrt(lambda / n));
      expect(Math.abs(v - lambda) / lambda).toBeLessThan(0.05);
    }
    for (const [size, p] of [[12, 0.3], [400, 0.6]] as const) {
      const n = 20000;
      const x = Array.from({ length: n }, () => rBinomial(rng, size, p));
      const mean = x.reduce((a, b) => a + b, 0) / n;
      const v = x.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
      expect(Math.abs(mean - size * p)).toBeLessThan(4 * Math.sqrt((size * p * (1 - p)) / n));
      expect(Math.abs(v - size * p * (1 - p)) / (size * p * (1 - p))).toBeLessThan(0.05);
    }
  });

  it("the KS test accepts uniform and rejects skewed samples", () => {
    const rng = createStream(2, 0);
    const u = Array.from({ length: 500 }, () => rng.uniform());
    expect(ksUniform(u).pValue).toBeGreaterThan(0.01);
    expect(ksUniform(u.map((x) => x * x)).pValue).toBeLessThan(1e-6);
  });
});

describe("quantile residuals of simulated count data", () => {
  const n = 300;
  const rng = createStream(42, 0);
  const x = Array.from({ length: n }, (_, i) => Math.sin(i * 0.77));
  const mu = x.map((xi) => Math.exp(1 + 0.5 * xi));
  const poissonRows = mu.map((m, i) => ({ y: rPoisson(rng, m), x: x[i] }));
  // negative binomial (size 1.2) as a gamma mixture of Poissons
  const nbRows = mu.map((m, i) => ({ y: rPoisson(rng, m * gamma(rng, 1.2, 1 / 1.2)), x: x[i] }));
  const spec = { fixed: "y ~ x", family: "poisson" as const, prior: { R: { V: 1e-4, fix: 1 } } };
  let good: Fit, bad: Fit;

  beforeAll(async () => {
    const settings = { nitt: 4000, burnin: 1000, thin: 3, chains: 2, threads: 2, seed: 4 };
    good = await fit(spec, poissonRows, settings);
    bad = await fit(spec, nbRows, settings);
  });

  it("pass the uniformity test for the correctly specified model", () => {
    const [r] = quantileResiduals(good, { seed: 1 });
    expect(r.u.length).toBe(n);
    expect(r.ks.pValue).toBeGreaterThan(0.05);
    expect(r.flagged).toBe(false);
    const mean = r.residuals.reduce((a, b) => a + b, 0) / n;
    expect(Math.abs(mean)).toBeLessThan(0.25);
  });

  it("fail it for a Poisson model of negative-binomial data without overdispersion", () => {
    const [r] = quantileResiduals(bad, { seed: 1 });
    expect(r.ks.pValue).toBeLessThan(0.01);
    expect(r.flagged).toBe(true);
    expect(r.verdict).toMatch(/FLAGGED/);
  });
});
