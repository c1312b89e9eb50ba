// Cross-products W' D W for a block-diagonal D grouped by observational unit: the mixed-model
// equations' W' R^-1 W, where the k traits of unit u sit in rows u, n+u, ..., (k-1)n+u of W.

import { type Csc, cscFromTriplets, transpose } from "./csc.js";
import { multiply } from "./csc-products.js";

/**
 * D W for D block-diagonal over units: for unit u (0 <= u < n) the k x k block D_u (row-major)
 * acts on rows {u, n+u, ..., (k-1)n+u} of W. `D` holds either one shared block (length k*k) or
 * one block per unit (length n*k*k, unit-major). Every block entry is kept in the pattern, even
 * zeros, so the pattern does not depend on D's values.
 */
export function blockDiagTimes(W: Csc, k: number, n: number, D: ArrayLike<number>): Csc {
  if (W.nrow !== k * n) throw new RangeError(`blockDiagTimes: W has ${W.nrow} rows, expected k*n = ${k * n}`);
  const shared = D.length === k * k;
  if (!shared && D.length !== n * k * k) {
    throw new RangeError(`blockDiagTimes: D has ${D.length} entries, expected ${k * k} or ${n * k * k}`);
  }
  const nz = W.colPtr[W.ncol];
  const r = new Int32Array(nz * k);
  const c = new Int32Array(nz * k);
  const v = new Float64Array(nz * k);
  let t = 0;
  for (let j = 0; j < W.ncol; j++) {
    for (let q = W.colPtr[j]; q < W.colPtr[j + 1]; q++) {
      const row = W.rowIdx[q];
      const b = Math.floor(row / n);
      const u = row - b * n;
      const base = shared ? 0 : u * k * k;
      const w = W.values[q];
      for (let a = 0; a < k; a++) {
        r[t] = a * n + u;
        c[t] = j;
        v[t++] = D[base + a * k + b] * w;
      }
    }
  }
  return cscFromTriplets(W.nrow, W.ncol, r, c, v);
}

/** W' D W with D block-diagonal by unit (see blockDiagTimes). Full (both triangles) result. */
export function crossprodBlockDiag(W: Csc, k: number, n: number, D: ArrayLike<number>): Csc {
  return multiply(transpose(W), blockDiagTimes(W, k, n, D));
}

/** W' W. */
export function crossprod(W: Csc): Csc {
  return multiply(transpose(W), W);
}
