// Products of compressed-column matrices: sparse x dense vector (allocation-free, writing into
// caller arrays), sparse x sparse, sums and Kronecker products (allocating; run once per model).

import { cscFromTriplets, nnz, type Csc } from "./csc.js";

/** y = A x (y overwritten; length nrow). Allocation-free. */
export function spmv(A: Csc, x: Float64Array, y: Float64Array): void {
  const { nrow, ncol, colPtr, rowIdx, values } = A;
  y.fill(0, 0, nrow);
  for (let j = 0; j < ncol; j++) {
    const xj = x[j];
    if (xj === 0) continue;
    for (let q = colPtr[j], end = colPtr[j + 1]; q < end; q++) y[rowIdx[q]] += values[q] * xj;
  }
}

/** y = A' x (y overwritten; length ncol). Allocation-free. */
export function spmvTransposed(A: Csc, x: Float64Array, y: Float64Array): void {
  const { ncol, colPtr, rowIdx, values } = A;
  for (let j = 0; j < ncol; j++) {
    let s = 0;
    for (let q = colPtr[j], end = colPtr[j + 1]; q < end; q++) s += values[q] * x[rowIdx[q]];
    y[j] = s;
  }
}

/**
 * y = S x for a symmetric S stored by its upper triangle (entries with row <= col; any entries
 * below the diagonal are ignored). Allocation-free.
 */
export function spmvSymmetricUpper(S: Csc, x: Float64Array, y: Float64Array): void {
  const { ncol, colPtr, rowIdx, values } = S;
  y.fill(0, 0, ncol);
  for (let j = 0; j < ncol; j++) {
    const xj = x[j];
    let s = 0;
    for (let q = colPtr[j], end = colPtr[j + 1]; q < end; q++) {
      const i = rowIdx[q];
      if (i > j) break;
      const v = values[q];
      if (i === j) {
        s += v * xj;
      } else {
        s += v * x[i];
        y[i] += v * xj;
      }
    }
    y[j] += s;
  }
}

/** C = A B (Gustavson's column-by-column product, Davis sec. 2.8); rows sorted within columns. */
export function multiply(A: Csc, B: Csc): Csc {
  if (A.ncol !== B.nrow) throw new RangeError(`multiply: ${A.nrow}x${A.ncol} times ${B.nrow}x${B.ncol}`);
  const m = A.nrow;
  const n = B.ncol;
  const mark = new Int32Array(m).fill(-1);
  const acc = new Float64Array(m);
  let cap = Math.max(16, nnz(A) + nnz(B));
  let ci = new Int32Array(cap);
  let cv = new Float64Array(cap);
  const cp = new Int32Array(n + 1);
  let w = 0;
  for (let j = 0; j < n; j++) {
    cp[j] = w;
    const start = w;
    for (let p = B.colPtr[j]; p < B.colPtr[j + 1]; p++) {
      const k = B.rowIdx[p];
      const bkj = B.values[p];
      for (let q = A.colPtr[k]; q < A.colPtr[k + 1]; q++) {
        const i = A.rowIdx[q];
        if (mark[i] !== j) {
          mark[i] = j;
          if (w === cap) {
            cap *= 2;
            const ni = new Int32Array(cap);
            ni.set(ci);
            ci = ni;
            const nv = new Float64Array(cap);
            nv.set(cv);
            cv = nv;
          }
          ci[w++] = i;
          acc[i] = A.values[q] * bkj;
        } else {
          acc[i] += A.values[q] * bkj;
        }
      }
    }
    ci.subarray(start, w).sort();
    for (let q = start; q < w; q++) cv[q] = acc[ci[q]];
  }
  cp[n] = w;
  return { nrow: m, ncol: n, colPtr: cp, rowIdx: ci.slice(0, w), values: cv.slice(0, w) };
}

/** Sum of two matrices of the same shape: alpha A + beta B (pattern is the union). */
export function add(A: Csc, B: Csc, alpha = 1, beta = 1): Csc {
  if (A.nrow !== B.nrow || A.ncol !== B.ncol) throw new RangeError("add: shapes differ");
  const nzA = nnz(A);
  const nzB = nnz(B);
  const r = new Int32Array(nzA + nzB);
  const c = new Int32Array(nzA + nzB);
  const v = new Float64Array(nzA + nzB);
  let t = 0;
  for (const [M, s] of [
    [A, alpha],
    [B, beta],
  ] as const) {
    for (let j = 0; j < M.ncol; j++) {
      for (let q = M.colPtr[j]; q < M.colPtr[j + 1]; q++) {
        r[t] = M.rowIdx[q];
        c[t] = j;
        v[t++] = s * M.values[q];
      }
    }
  }
  return cscFromTriplets(A.nrow, A.ncol, r, c, v);
}

/**
 * Kronecker product G (x) A of a dense k x k matrix G (row-major, length k*k) with a sparse
 * m x p matrix A: block (a, b) is G[a, b] * A, i.e. entry (a*m + i, b*p + j). Every block is kept
 * in the pattern, even where G[a, b] is zero, so the pattern does not depend on G's values.
 */
export function kron(G: ArrayLike<number>, k: number, A: Csc): Csc {
  if (G.length !== k * k) throw new RangeError(`kron: G has ${G.length} entries, expected ${k * k}`);
  const { nrow: m, ncol: p, colPtr, rowIdx, values } = A;
  const nzA = colPtr[p];
  const cp = new Int32Array(k * p + 1);
  const ri = new Int32Array(k * k * nzA);
  const vv = new Float64Array(k * k * nzA);
  let w = 0;
  for (let b = 0; b < k; b++) {
    for (let j = 0; j < p; j++) {
      cp[b * p + j] = w;
      for (let a = 0; a < k; a++) {
        const g = G[a * k + b];
        const off = a * m;
        for (let q = colPtr[j]; q < colPtr[j + 1]; q++) {
          ri[w] = off + rowIdx[q];
          vv[w++] = g * values[q];
        }
      }
    }
  }
  cp[k * p] = w;
  return { nrow: k * m, ncol: k * p, colPtr: cp, rowIdx: ri, values: vv };
}

