import fc from "fast-check";
import { CholeskyDecomposition, Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { NumericalError } from "../../src/errors.js";
import {
  analyseCholesky,
  createFactor,
  factorNumeric,
  logDet,
  fromDense,
  kron,
  ltSolve,
  multiply,
  solve,
  solveLtPermuted,
  solveMeanPlusNoise,
  spmvSymmetricUpper,
  symPermUpper,
  toDense,
  transpose,
  upperTriangle,
  type Csc,
} from "../../src/linalg/index.js";
import { arrow, gridLaplacian, maxAbs, norm2, normF, randomSpd, rng, type SpdKind } from "./helpers.js";

fc.configureGlobal({ seed: 42, numRuns: 60 });

const kinds: SpdKind[] = ["random", "denseRows", "diagonal", "mme", "lowRankPlusDiag"];
const spdArb = fc.record({
  n: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 13, max: 300 })),
  density: fc.double({ min: 0, max: 0.3, noNaN: true }),
  kind: fc.constantFrom(...kinds),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  ordering: fc.constantFrom("amd" as const, "natural" as const),
});

function factorOf(C: Csc, ordering: "amd" | "natural" = "amd") {
  const U = upperTriangle(C);
  const sym = analyseCholesky(U, { ordering });
  const L = createFactor(sym);
  factorNumeric(sym, U.values, L);
  return { U, sym, L };
}

describe("sparse Cholesky on random SPD matrices", () => {
  it("solves C x = b with a tiny relative residual", () => {
    fc.assert(
      fc.property(spdArb, ({ n, density, kind, seed, ordering }) => {
        const C = randomSpd(n, density, kind, seed);
        const { U, sym, L } = factorOf(C, ordering);
        const u = rng(seed + 1);
        const b = Float64Array.from({ length: n }, () => u() * 2 - 1);
        const x = new Float64Array(n);
        solve(sym, L, b, x);
        const Cx = new Float64Array(n);
        spmvSymmetricUpper(U, x, Cx);
        const res = norm2(Cx.map((v, i) => v - b[i]));
        expect(res / (normF(C) * norm2(x) + norm2(b))).toBeLessThan(1e-12);
        // in place (x aliasing b) gives the same answer
        const b2 = b.slice();
        solve(sym, L, b2, b2);
        expect(maxAbs(b2.map((v, i) => v - x[i]))).toBeLessThanOrEqual(1e-12 * (1 + maxAbs(x)));
      }),
    );
  });

  it("L L' reproduces P C P' entrywise", () => {
    fc.assert(
      fc.property(spdArb, ({ n, density, kind, seed, ordering }) => {
        const C = randomSpd(n, density, kind, seed);
        const { U, sym, L } = factorOf(C, ordering);
        const LLt = toDense(multiply(L, transpose(L)));
        const PCPt = toDense(symPermUpper(U, sym.pinv).matrix);
        let worst = 0;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            const ref = PCPt[Math.min(i, j) * n + Math.max(i, j)];
            const scale = Math.max(Math.abs(ref), Math.sqrt(PCPt[i * n + i] * PCPt[j * n + j]));
            worst = Math.max(worst, Math.abs(LLt[i * n + j] - ref) / scale);
          }
        }
        expect(worst).toBeLessThanOrEqual(1e-10);
        // L is lower triangular with positive diagonal first in each column
        for (let j = 0; j < n; j++) {
          expect(L.rowIdx[L.colPtr[j]]).toBe(j);
          expect(L.values[L.colPtr[j]]).toBeGreaterThan(0);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("log-determinant matches a dense reference", () => {
    fc.assert(
      fc.property(spdArb, ({ n, density, kind, seed, ordering }) => {
        const C = randomSpd(n, density, kind, seed);
        const { L } = factorOf(C, ordering);
        const D = toDense(C);
        const M = new Matrix(Array.from({ length: n }, (_, i) => Array.from(D.subarray(i * n, (i + 1) * n))));
        const chol = new CholeskyDecomposition(M);
        expect(chol.isPositiveDefinite()).toBe(true);
        const Ld = chol.lowerTriangularMatrix;
        let ref = 0;
        for (let i = 0; i < n; i++) ref += 2 * Math.log(Ld.get(i, i));
        expect(Math.abs(logDet(L) - ref)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(ref)));
      }),
      { numRuns: 30 },
    );
  });

  it("log-determinant of extreme pivots: no overflow or underflow, equal to the sum of logs", () => {
    const diagonal = (d: number[]) => ({ nrow: d.length, ncol: d.length, colPtr: Int32Array.from({ length: d.length + 1 }, (_, j) => j), rowIdx: Int32Array.from(d, (_, j) => j), values: Float64Array.from(d) });
    const pivots = [1e200, 1e-200, 1e149, 1e149, 1e149, 3e-151, 1e-149, 1e-149, 1e-149, 2.5, 7e99, 7e99, 1e-99, 1e300, 1e-300, 5e-324];
    for (let len = 1; len <= pivots.length; len++) {
      const d = pivots.slice(0, len);
      const ref = 2 * d.reduce((a, x) => a + Math.log(x), 0);
      expect(Math.abs(logDet(diagonal(d)) - ref)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ref)));
    }
    // 2,000 pivots about 1: the products' rounding stays far below the tolerance above
    const many = Array.from({ length: 2000 }, (_, j) => 1 + 0.5 * Math.sin(j));
    const ref = 2 * many.reduce((a, x) => a + Math.log(x), 0);
    expect(Math.abs(logDet(diagonal(many)) - ref)).toBeLessThanOrEqual(1e-11 * Math.max(1, Math.abs(ref)));
    expect(logDet(diagonal([2, 0, 3]))).toBe(-Infinity);
    expect(logDet(diagonal([2, Number.NaN, 3]))).toBeNaN();
  });

  it("solveLtPermuted noise has covariance C^-1: x1' C x2 = z1' z2 and L' P x = z", () => {
    fc.assert(
      fc.property(spdArb, ({ n, density, kind, seed, ordering }) => {
        const C = randomSpd(n, density, kind, seed);
        const { U, sym, L } = factorOf(C, ordering);
        const u = rng(seed + 7);
        const z1 = Float64Array.from({ length: n }, () => u() * 2 - 1);
        const z2 = Float64Array.from({ length: n }, () => u() * 2 - 1);
        const x1 = new Float64Array(n);
        const x2 = new Float64Array(n);
        solveLtPermuted(sym, L, z1, x1);
        solveLtPermuted(sym, L, z2, x2);
        const Cx2 = new Float64Array(n);
        spmvSymmetricUpper(U, x2, Cx2);
        let lhs = 0;
        let rhs = 0;
        let scale = 0;
        for (let i = 0; i < n; i++) {
          lhs += x1[i] * Cx2[i];
          rhs += z1[i] * z2[i];
          scale += Math.abs(z1[i] * z2[i]);
        }
        expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-10 * (scale + 1));
        // L' (P x1) = z1: multiply back
        const px = Float64Array.from({ length: n }, (_, k) => x1[sym.perm[k]]);
        const back = new Float64Array(n);
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = L.colPtr[j]; p < L.colPtr[j + 1]; p++) s += L.values[p] * px[L.rowIdx[p]];
          back[j] = s;
        }
        expect(maxAbs(back.map((v, i) => v - z1[i]))).toBeLessThanOrEqual(1e-10 * (1 + maxAbs(z1)));
        // mean + noise in one pass equals the two pieces
        const r = Float64Array.from({ length: n }, () => u() * 2 - 1);
        const mean = new Float64Array(n);
        solve(sym, L, r, mean);
        const draw = new Float64Array(n);
        solveMeanPlusNoise(sym, L, r, z1, draw);
        expect(maxAbs(draw.map((v, i) => v - mean[i] - x1[i]))).toBeLessThanOrEqual(1e-9 * (1 + maxAbs(mean) + maxAbs(x1)));
      }),
      { numRuns: 40 },
    );
  });

  it("refactorising with new values reuses the analysis", () => {
    const C = randomSpd(120, 0.05, "denseRows", 3);
    const { U, sym, L } = factorOf(C);
    const vals = U.values.map((v) => v * 3);
    factorNumeric(sym, vals, L);
    const before = logDet(factorOf(C).L);
    expect(logDet(L)).toBeCloseTo(before + 120 * Math.log(3), 8);
  });

  it("ltSolve and the solves handle a 1 x 1 system", () => {
    const { sym, L } = factorOf(randomSpd(1, 0, "diagonal", 5));
    const x = new Float64Array([2]);
    ltSolve(L, x);
    const b = new Float64Array([1]);
    solve(sym, L, b, b);
    expect(Number.isFinite(b[0])).toBe(true);
    expect(b[0]).toBeCloseTo(1 / (L.values[0] * L.values[0]), 12);
  });
});

describe("supernodes with multi-column updates", () => {
  it("weighted grid Laplacians and kron(G, grid) factorise exactly (L L' = P C P')", () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 16 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (k, t, seed) => {
        const u = rng(seed);
        const G = gridLaplacian(k);
        const w = G.values.map((v) => (v < 0 ? v * (0.5 + u()) : v));
        // restore symmetry of the random weights and diagonal dominance
        const Gd = toDense({ ...G, values: w });
        const n0 = k * k;
        for (let i = 0; i < n0; i++) for (let j = i + 1; j < n0; j++) Gd[j * n0 + i] = Gd[i * n0 + j];
        for (let i = 0; i < n0; i++) {
          let s = 0.05;
          for (let j = 0; j < n0; j++) if (j !== i) s += Math.abs(Gd[i * n0 + j]);
          Gd[i * n0 + i] = s;
        }
        const Gt = Float64Array.from({ length: t * t }, (_, idx) => (idx % (t + 1) === 0 ? 2 : 0.5));
        const C = kron(Gt, t, fromDense(Gd, n0, n0));
        const { U, sym, L } = factorOf(C);
        let multi = 0;
        for (let J = 0; J < sym.nsuper; J++) {
          for (let q = sym.updPtr[J]; q < sym.updPtr[J + 1]; q++) {
            const K = sym.updK[q];
            if (sym.superStart[K + 1] - sym.superStart[K] > 1) multi++;
          }
        }
        if (k >= 8) expect(multi).toBeGreaterThan(0);
        const n = C.ncol;
        const LLt = toDense(multiply(L, transpose(L)));
        const PCPt = toDense(symPermUpper(U, sym.pinv).matrix);
        let worst = 0;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            const ref = PCPt[Math.min(i, j) * n + Math.max(i, j)];
            const scale = Math.max(Math.abs(ref), Math.sqrt(PCPt[i * n + i] * PCPt[j * n + j]));
            worst = Math.max(worst, Math.abs(LLt[i * n + j] - ref) / scale);
          }
        }
        expect(worst).toBeLessThanOrEqual(1e-10);
      }),
      { numRuns: 15 },
    );
  });
});

describe("non-positive-definite input", () => {
  it("throws NumericalError naming the failing (original) column", () => {
    fc.assert(
      fc.property(spdArb, fc.double({ min: 0, max: 1, noNaN: true }), ({ n, density, kind, seed, ordering }, at) => {
        const C = randomSpd(n, density, kind, seed);
        const U = upperTriangle(C);
        const sym = analyseCholesky(U, { ordering });
        const L = createFactor(sym);
        const bad = Math.min(n - 1, Math.floor(at * n));
        const vals = U.values.slice();
        for (let q = U.colPtr[bad]; q < U.colPtr[bad + 1]; q++) if (U.rowIdx[q] === bad) vals[q] = -1;
        let err: unknown;
        try {
          factorNumeric(sym, vals, L);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(NumericalError);
        expect((err as NumericalError).details.column).toBe(bad);
        expect((err as NumericalError).message).toContain(`column ${bad} `);
      }),
      { numRuns: 40 },
    );
  });

  it("throws on a singular (semi-definite) matrix and on NaN, never returning NaNs", () => {
    const C = toCscUpper([
      [1, 1, 0],
      [1, 1, 0],
      [0, 0, 1],
    ]);
    const sym = analyseCholesky(C, { ordering: "natural" });
    const L = createFactor(sym);
    expect(() => factorNumeric(sym, C.values, L)).toThrow(NumericalError);
    const vals = C.values.slice();
    vals[0] = 2; // now positive-definite ...
    factorNumeric(sym, vals, L);
    expect(L.values.every(Number.isFinite)).toBe(true);
    vals[vals.length - 1] = Number.NaN; // ... until a NaN arrives
    expect(() => factorNumeric(sym, vals, L)).toThrow(/column 2 /);
  });
});

describe("orderings", () => {
  it("AMD gives far less fill than the natural order on a grid Laplacian and an arrow matrix", () => {
    for (const C of [gridLaplacian(30), arrow(400)]) {
      const U = upperTriangle(C);
      const amd = analyseCholesky(U, { ordering: "amd" });
      const nat = analyseCholesky(U, { ordering: "natural" });
      expect(amd.nnzL).toBeLessThan(0.5 * nat.nnzL);
      // and the factor is right
      const L = createFactor(amd);
      factorNumeric(amd, U.values, L);
      const b = Float64Array.from({ length: C.ncol }, (_, i) => Math.sin(i));
      const x = new Float64Array(C.ncol);
      solve(amd, L, b, x);
      const Cx = new Float64Array(C.ncol);
      spmvSymmetricUpper(U, x, Cx);
      expect(norm2(Cx.map((v, i) => v - b[i])) / (normF(C) * norm2(x) + norm2(b))).toBeLessThan(1e-12);
    }
    const arrowSym = analyseCholesky(upperTriangle(arrow(400)));
    expect(arrowSym.nnzL).toBeLessThanOrEqual(2 * 400);
  });

  it("accepts an explicit ordering and rejects a non-permutation", () => {
    const U = upperTriangle(randomSpd(20, 0.2, "random", 9));
    const perm = Int32Array.from({ length: 20 }, (_, i) => 19 - i);
    const sym = analyseCholesky(U, { ordering: perm });
    const L = createFactor(sym);
    factorNumeric(sym, U.values, L);
    expect(Number.isFinite(logDet(L))).toBe(true);
    expect(() => analyseCholesky(U, { ordering: new Int32Array(20) })).toThrow(RangeError);
  });
});

function toCscUpper(rows: number[][]): Csc {
  const n = rows.length;
  const colPtr = new Int32Array(n + 1);
  const ri: number[] = [];
  const v: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i <= j; i++) {
      if (rows[i][j] !== 0 || i === j) {
        ri.push(i);
        v.push(rows[i][j]);
      }
    }
    colPtr[j + 1] = ri.length;
  }
  return { nrow: n, ncol: n, colPtr, rowIdx: Int32Array.from(ri), values: Float64Array.from(v) };
}
