// Exactness: with only fixed effects and the residual variance fixed, the posterior of beta is
// normal with known mean and covariance; the sampled mean and covariance must agree within
// 4 Monte Carlo standard errors.

import { describe, expect, it } from "vitest";
import { fit } from "../../src/fit.js";
import { essBulk } from "../../src/diagnostics/index.js";

function simulatedRows(n: number): Record<string, unknown>[] {
  // Deterministic pseudo-data (no RNG dependence): a numeric covariate and a 3-level factor.
  return Array.from({ length: n }, (_, i) => {
    const x = Math.sin(i * 1.7) * 2;
    const g = ["a", "b", "c"][i % 3];
    const y = 1.5 + 0.8 * x + (g === "b" ? -1 : g === "c" ? 0.5 : 0) + Math.cos(i * 2.3) * 1.2;
    return { y, x, g };
  });
}

/** Exact posterior N(m, S) of beta for y ~ N(X beta, s2 I), beta ~ N(mu, V). */
function exactPosterior(X: number[][], y: number[], s2: number, mu: number[], Vdiag: number[]) {
  const p = X[0].length;
  const P = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => (i === j ? 1 / Vdiag[i] : 0)));
  const b = mu.map((m, i) => m / Vdiag[i]);
  X.forEach((row, r) => {
    for (let i = 0; i < p; i++) {
      b[i] += (row[i] * y[r]) / s2;
      for (let j = 0; j < p; j++) P[i][j] += (row[i] * row[j]) / s2;
    }
  });
  // invert P by Gauss-Jordan
  const A = P.map((r, i) => [...r, ...r.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < p; c++) {
    const d = A[c][c];
    for (let j = 0; j < 2 * p; j++) A[c][j] /= d;
    for (let r = 0; r < p; r++) if (r !== c) { const f = A[r][c]; for (let j = 0; j < 2 * p; j++) A[r][j] -= f * A[c][j]; }
  }
  const S = A.map((r) => r.slice(p));
  const m = S.map((r) => r.reduce((s, v, j) => s + v * b[j], 0));
  return { m, S };
}

describe("conjugate normal linear model (residual variance fixed)", () => {
  it("samples beta from its exact normal posterior", async () => {
    const rows = simulatedRows(60);
    const s2 = 1.3;
    const Vb = [4, 9, 2, 16];
    const muB = [0.5, 0, -0.2, 0];
    const result = await fit(
      { fixed: "y ~ x + g", prior: { R: { V: s2, fix: 1 }, B: { mu: muB, V: Vb.map((v, i) => Vb.map((_, j) => (i === j ? v : 0))) } } },
      rows,
      { nitt: 21000, burnin: 1000, thin: 5, chains: 2, threads: 1, seed: 11 },
    );
    expect(result.model.fixedNames).toEqual(["(Intercept)", "x", "gb", "gc"]);
    const X = rows.map((r) => [1, r.x as number, r.g === "b" ? 1 : 0, r.g === "c" ? 1 : 0]);
    const { m, S } = exactPosterior(X, rows.map((r) => r.y as number), s2, muB, Vb);
    const names = result.model.fixedNames;
    const draws = names.map((n) => result.draws[n]);
    const N = draws[0].reduce((s, c) => s + c.length, 0);
    for (let i = 0; i < names.length; i++) {
      const ess = essBulk(draws[i]);
      const mean = draws[i].reduce((s, c) => s + c.reduce((a, b) => a + b, 0), 0) / N;
      expect(Math.abs(mean - m[i])).toBeLessThan(4 * Math.sqrt(S[i][i] / ess));
      for (let j = 0; j <= i; j++) {
        const meanJ = draws[j].reduce((s, c) => s + c.reduce((a, b) => a + b, 0), 0) / N;
        let cov = 0;
        draws[i].forEach((c, k) => c.forEach((v, t) => { cov += (v - mean) * (draws[j][k][t] - meanJ); }));
        cov /= N - 1;
        // sd of a sample covariance of normal draws: sqrt((S_ii S_jj + S_ij^2) / n)
        const mcse = Math.sqrt((S[i][i] * S[j][j] + S[i][j] ** 2) / Math.min(ess, essBulk(draws[j])));
        expect(Math.abs(cov - S[i][j])).toBeLessThan(4 * mcse);
      }
    }
    const units = result.draws.units;
    expect(units.every((c) => c.every((v) => v === s2))).toBe(true);
  });
});
