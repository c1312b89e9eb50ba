// Allocation-free helpers for the small dense blocks of the Wishart generators. Every matrix is a
// flat row-major Float64Array holding an n x n (or r x c) block with leading dimension equal to
// its column count, starting at offset 0.

import { denseCholeskyPivot } from "../linalg/dense.js";

/**
 * Lower Cholesky factor of the symmetric n x n matrix `a` (only its lower triangle is read)
 * into `l` (upper triangle set to 0). Returns false when `a` is not positive-definite. A thin
 * wrapper of the one dense Cholesky (linalg/dense.ts).
 */
export function choleskyLower(a: Float64Array, n: number, l: Float64Array): boolean {
  return denseCholeskyPivot(a, n, l) < 0;
}

/** Inverse of the n x n lower-triangular `l` into `t` (lower-triangular; upper set to 0). */
export function invertLower(l: Float64Array, n: number, t: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const inv = 1 / l[i * n + i];
    t[i * n + i] = inv;
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let p = j; p < i; p++) s += l[i * n + p] * t[p * n + j];
      t[i * n + j] = -s * inv;
    }
    for (let j = i + 1; j < n; j++) t[i * n + j] = 0;
  }
}

/** out = m m' for an r x c matrix `m` (out is r x r, symmetric, filled in full). */
export function outerSelf(m: Float64Array, r: number, c: number, out: Float64Array): void {
  for (let i = 0; i < r; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let p = 0; p < c; p++) s += m[i * c + p] * m[j * c + p];
      out[i * r + j] = s;
      out[j * r + i] = s;
    }
  }
}
