// The noncentral t numerics of the scaled t families against values computed independently:
// mpmath 1.3 (30 digits) integrating the definition T = (Z + mu) / sqrt(V / nu) over V,
//   f(x) = int chi2_nu(v) sqrt(v/nu) phi(x sqrt(v/nu) - mu) dv,  F(x) = int chi2_nu(v) Phi(x sqrt(v/nu) - mu) dv,
// which agree with scipy.stats.nct 1.17 (Boost) to 1e-14; the central t (mu = 0) against its
// closed form and the regularised incomplete beta; derivatives in mu against finite differences.

import { describe, expect, it } from "vitest";
import { pbeta } from "../../src/diagnostics/beta.js";
import {
  logCentralT, logExpectChiSquare, logNoncentralT, noncentralT, noncentralTCdf, noncentralTConstant, noncentralTMeanFactor,
} from "../../src/random/noncentral-t.js";

/** [x, df, ncp, log f(x), F(x)] from mpmath (see the header). */
const REFERENCE: [number, number, number, number, number][] = [
  [0.5, 3, 1.0, -1.121190883558037, 0.2981104933709631],
  [-1.2, 5, 0.7, -2.725207670039889, 0.04155975476625926],
  [2.0, 4.5, -1.5, -5.9222837013397545, 0.998278009296463],
  [3.0, 1.5, 2.5, -1.7818096336016485, 0.47960370522966117],
  [-4.0, 10, -3.0, -1.5514807141554086, 0.25168607308841934],
  [0.0, 2.2, 1.3, -1.8743129475437512, 0.09680048458561033],
  [10.0, 0.7, 4.0, -3.6238518982674544, 0.6002990690396526],
  [-2.5, 30, 2.0, -10.280475473026272, 9.543544490598632e-6],
  [1.0, 200, 0.5, -1.0467472646113958, 0.6908032669884345],
];

describe("noncentral t", () => {
  it.each(REFERENCE)("dt(%d, %d, ncp = %d) and pt match the integral of the definition", (x, nu, mu, logF, F) => {
    expect(Math.abs(logNoncentralT(x, nu, mu) - logF)).toBeLessThan(1e-10);
    expect(Math.abs(noncentralTCdf(x, nu, mu) - F)).toBeLessThan(1e-10 * Math.max(F, 1e-3));
  });

  it("ncp = 0 is the central t: its closed-form density and the incomplete-beta CDF", () => {
    for (const nu of [0.6, 1, 2.5, 7, 60]) {
      for (const x of [-3.2, -0.4, 0, 1.1, 5]) {
        const closed = logCentralT(x, nu);
        expect(logNoncentralT(x, nu, 0)).toBeCloseTo(closed, 11);
        // P(T <= x) = 1 - I_{nu/(nu+x^2)}(nu/2, 1/2) / 2 for x >= 0
        const tail = 0.5 * pbeta(nu / (nu + x * x), 0.5 * nu, 0.5);
        expect(noncentralTCdf(x, nu, 0)).toBeCloseTo(x >= 0 ? 1 - tail : tail, 10);
      }
    }
  });

  it("gives first and second derivatives in the noncentrality", () => {
    const m = { logMass: 0, mean: 0, variance: 0 };
    const out = { logDensity: 0, dMu: 0, d2Mu: 0 };
    const h = 1e-4;
    for (const [x, nu, mu] of [[0.5, 3, 1], [-2, 1.2, 0.4], [4, 25, -1], [30, 5, 20]]) {
      const c = noncentralTConstant(nu);
      noncentralT(x, nu, mu, c, m, out);
      const f = (v: number) => logNoncentralT(x, nu, v);
      expect(out.dMu).toBeCloseTo((f(mu + h) - f(mu - h)) / (2 * h), 6);
      expect(out.d2Mu).toBeCloseTo((f(mu + h) - 2 * f(mu) + f(mu - h)) / (h * h), 4);
    }
  });

  it("expects over a chi-square exactly: E[V] = nu, E[1/V] = 1/(nu - 2), E[1] = 1", () => {
    for (const nu of [0.8, 3, 12, 400]) {
      expect(Math.exp(logExpectChiSquare(nu, () => 0))).toBeCloseTo(1, 11);
      expect(Math.exp(logExpectChiSquare(nu, (v) => Math.log(v)))).toBeCloseTo(nu, 9);
      if (nu > 2) expect(Math.exp(logExpectChiSquare(nu, (v) => -Math.log(v)))).toBeCloseTo(1 / (nu - 2), 10);
    }
  });

  it("has mean ncp * sqrt(nu/2) Gamma((nu-1)/2) / Gamma(nu/2), none for nu <= 1", () => {
    // nu = 3: sqrt(3/2) Gamma(1) / Gamma(3/2) = sqrt(3/2) * 2 / sqrt(pi)
    expect(noncentralTMeanFactor(3)).toBeCloseTo((Math.sqrt(1.5) * 2) / Math.sqrt(Math.PI), 13);
    // and by integrating the density: E[T] for nu = 4.5, ncp = 1.3
    const nu = 4.5, mu = 1.3;
    let s = 0;
    const step = 0.005;
    for (let x = -40; x <= 200; x += step) s += x * Math.exp(logNoncentralT(x, nu, mu)) * step;
    expect(s).toBeCloseTo(mu * noncentralTMeanFactor(nu), 3);
    expect(Number.isNaN(noncentralTMeanFactor(1))).toBe(true);
    expect(Number.isNaN(noncentralTMeanFactor(0.5))).toBe(true);
  });
});
