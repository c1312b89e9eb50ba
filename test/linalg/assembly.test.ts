import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyseCholesky,
  createFactor,
  factorNumeric,
  fillAssembly,
  fromDense,
  kron,
  planAssembly,
  scatterAdd,
  toDense,
  upperTriangle,
} from "../../src/linalg/index.js";
import { maxAbs, randomSpd, rng } from "./helpers.js";

fc.configureGlobal({ seed: 42, numRuns: 60 });

describe("assembly of C from fixed-pattern pieces", () => {
  it("fillAssembly = sum of coefficient * piece (upper triangle), full diagonal in the pattern", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 4 }), fc.integer(), (n, npieces, seed) => {
        const u = rng(seed);
        const pieces = Array.from({ length: npieces }, (_, k) => {
          const D = Float64Array.from({ length: n * n }, () => (u() < 0.15 ? u() - 0.5 : 0));
          return k % 2 === 0 ? fromDense(D, n, n) : upperTriangle(fromDense(D, n, n));
        });
        const plan = planAssembly(n, pieces);
        const P = plan.pattern;
        for (let j = 0; j < n; j++) {
          const rows = Array.from(P.rowIdx.subarray(P.colPtr[j], P.colPtr[j + 1]));
          expect(rows).toContain(j);
          for (let t = 1; t < rows.length; t++) expect(rows[t]).toBeGreaterThan(rows[t - 1]);
          expect(rows.every((i) => i <= j)).toBe(true);
        }
        const coef = Float64Array.from({ length: npieces }, () => u() * 4 - 2);
        const out = new Float64Array(P.values.length).fill(7);
        fillAssembly(plan, coef, out);
        const got = toDense({ ...P, values: out });
        const ref = new Float64Array(n * n);
        pieces.forEach((M, k) => {
          const d = toDense(M);
          for (let i = 0; i < n; i++) for (let j = i; j < n; j++) ref[i * n + j] += coef[k] * d[i * n + j];
        });
        expect(maxAbs(got.map((v, i) => v - ref[i]))).toBeLessThanOrEqual(1e-14);
        // piece 0 with new per-iteration values: override, and scatter by hand
        const fresh = pieces[0].values.map(() => u());
        fillAssembly(plan, coef, out, [fresh]);
        const manual = new Float64Array(out.length);
        scatterAdd(plan.maps[0], coef[0], fresh, manual);
        for (let k = 1; k < npieces; k++) scatterAdd(plan.maps[k], coef[k], pieces[k].values, manual);
        expect(maxAbs(out.map((v, i) => v - manual[i]))).toBe(0);
        // lower-triangle entries are not mapped
        const M0 = pieces[0];
        for (let j = 0; j < n; j++) for (let q = M0.colPtr[j]; q < M0.colPtr[j + 1]; q++) expect(plan.maps[0][q] >= 0).toBe(M0.rowIdx[q] <= j);
      }),
    );
  });

  it("a mixed-model-like C assembled from W'W and kron(Ginv, Ainv) factorises", () => {
    const q = 30;
    const WtW = randomSpd(2 * q, 0.05, "mme", 11);
    const Ainv = randomSpd(q, 0.1, "random", 12);
    const pieces = [WtW, kron([1, 0, 0, 0], 2, Ainv), kron([0, 1, 1, 0], 2, Ainv), kron([0, 0, 0, 1], 2, Ainv)];
    const plan = planAssembly(2 * q, pieces);
    const sym = analyseCholesky(plan.pattern);
    const L = createFactor(sym);
    const C = new Float64Array(plan.pattern.values.length);
    fillAssembly(plan, [1, 2, -0.3, 1.5], C); // Ginv = [[2, -0.3], [-0.3, 1.5]]
    factorNumeric(sym, C, L);
    expect(L.values.every(Number.isFinite)).toBe(true);
  });
});
