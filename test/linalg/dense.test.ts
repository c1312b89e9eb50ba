import fc from "fast-check";
import { CholeskyDecomposition, Matrix, inverse } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { NumericalError } from "../../src/errors.js";
import {
  denseCholesky,
  denseCholeskyMeanPlusNoise,
  denseCholeskySolve,
  denseInverseSpd,
  denseLogDetFromCholesky,
  denseLogDetSpd,
  denseLowerTimes,
  denseMultiply,
  denseMultiplyTransposed,
  denseSolveSpd,
  denseSymmetrize,
} from "../../src/linalg/index.js";
import { maxAbs, rng } from "./helpers.js";

fc.configureGlobal({ seed: 42, numRuns: 100 });

function spd(k: number, seed: number): Float64Array {
  const u = rng(seed);
  const B = Float64Array.from({ length: k * k }, () => u() * 2 - 1);
  const A = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    let s = i === j ? 0.1 : 0;
    for (let c = 0; c < k; c++) s += B[i * k + c] * B[j * k + c];
    A[i * k + j] = s;
  }
  return A;
}
const M = (A: Float64Array, m: number, n: number): Matrix =>
  new Matrix(Array.from({ length: m }, (_, i) => Array.from(A.subarray(i * n, (i + 1) * n))));
const flat = (X: Matrix): Float64Array => Float64Array.from(X.to1DArray());
const close = (a: Float64Array, b: Float64Array, tol = 1e-9): void =>
  expect(maxAbs(a.map((v, i) => v - b[i]))).toBeLessThanOrEqual(tol * (1 + maxAbs(b)));

describe("small dense helpers", () => {
  it("Cholesky, log-det, solve and inverse of SPD blocks against ml-matrix", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer(), (k, seed) => {
        const A = spd(k, seed);
        const L = denseCholesky(A, k);
        close(L, flat(new CholeskyDecomposition(M(A, k, k)).lowerTriangularMatrix));
        const ref = flat(inverse(M(A, k, k)));
        const inv = denseInverseSpd(A, k, new Float64Array(k * k), new Float64Array(k * k));
        close(inv, ref, 1e-7);
        for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) expect(inv[i * k + j]).toBe(inv[j * k + i]);
        const lu = M(A, k, k);
        let ld = 0;
        const cl = new CholeskyDecomposition(lu).lowerTriangularMatrix;
        for (let i = 0; i < k; i++) ld += 2 * Math.log(cl.get(i, i));
        expect(denseLogDetSpd(A, k)).toBeCloseTo(ld, 9);
        expect(denseLogDetFromCholesky(L, k)).toBeCloseTo(ld, 9);
        const u = rng(seed + 1);
        const b = Float64Array.from({ length: k }, () => u() - 0.5);
        const x = denseSolveSpd(A, k, b);
        close(denseMultiply(A, x, k, k, 1), b);
        const x2 = b.slice();
        denseCholeskySolve(L, k, x2, x2);
        close(x2, x);
        // mean plus noise: x3 = L'^-1 (L^-1 b + z), so A x3 = b + L z (z = 0: the solve)
        const z = Float64Array.from({ length: k }, () => u() - 0.5);
        const x3 = denseCholeskyMeanPlusNoise(L, k, b, z, new Float64Array(k));
        const bLz = denseLowerTimes(L, k, z);
        for (let i = 0; i < k; i++) bLz[i] += b[i];
        close(denseMultiply(A, x3, k, k, 1), bLz);
        close(denseCholeskyMeanPlusNoise(L, k, b, new Float64Array(k), b.slice()), x);
        // chol(A) z has covariance A: L L' = A
        close(denseMultiply(L, flat(M(L, k, k).transpose()), k, k, k), A);
        close(denseLowerTimes(L, k, b), flat(M(L, k, k).mmul(Matrix.columnVector(Array.from(b)))));
      }),
    );
  });

  it("symmetrize and products", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer(), (m, p, n, seed) => {
        const u = rng(seed);
        const A = Float64Array.from({ length: m * p }, () => u() - 0.5);
        const B = Float64Array.from({ length: p * n }, () => u() - 0.5);
        close(denseMultiply(A, B, m, p, n), flat(M(A, m, p).mmul(M(B, p, n))), 1e-12);
        const At = flat(M(A, m, p).transpose());
        close(denseMultiplyTransposed(At, B, p, m, n), flat(M(A, m, p).mmul(M(B, p, n))), 1e-12);
        const S = Float64Array.from({ length: m * m }, () => u() - 0.5);
        const sym = denseSymmetrize(S, m);
        close(sym, flat(M(S, m, m).add(M(S, m, m).transpose()).mul(0.5)), 1e-15);
        denseSymmetrize(S, m, S); // in place
        close(S, sym, 0);
      }),
    );
  });

  it("rejects a matrix that is not positive-definite", () => {
    const A = Float64Array.from([1, 2, 2, 1]);
    expect(() => denseCholesky(A, 2)).toThrow(NumericalError);
    expect(() => denseInverseSpd(Float64Array.from([Number.NaN]), 1)).toThrow(NumericalError);
  });
});
