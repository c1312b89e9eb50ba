// Numeric Cholesky refactorisation and solves, run every sampler iteration: allocation-free
// monomorphic loops over the typed arrays preallocated by analyseCholesky.
//
// The factorisation is left-looking supernodal (Ng & Peyton 1993): for each supernode J in
// order, the updates from every descendant supernode K are formed as a dense block
// L_K(rows >= p1, :) L_K(p1..p2-1, :)' and scattered into J through relative indices, then J's
// dense trapezoid is factorised column by column. L is kept in plain CSC form (column j of a
// supernode starting at column f holds the supernode's rows from position j-f on), so the solves
// and tests see an ordinary lower-triangular CSC matrix.

import { NumericalError } from "../errors.js";
import { type Csc } from "./csc.js";
import { type SymbolicCholesky } from "./symbolic.js";
import { log } from "../math/deterministic.js";

/** Allocates L for a symbolic analysis (pattern shared with it). */
export function createFactor(sym: SymbolicCholesky): Csc {
  return { nrow: sym.n, ncol: sym.n, colPtr: sym.colPtr, rowIdx: sym.rowIdx, values: new Float64Array(sym.nnzL) };
}

/**
 * Numeric factorisation P C P' = L L' into L.values, where `values` holds C's values in the
 * pattern sym was analysed on. Allocates nothing. Throws NumericalError naming the column (in the
 * original, unpermuted numbering) at which C is found not positive-definite.
 */
export function factorNumeric(sym: SymbolicCholesky, values: Float64Array, L: Csc): void {
  const Lx = L.values;
  const cp = sym.colPtr;
  const ri = sym.rowIdx;
  const superStart = sym.superStart;
  const updPtr = sym.updPtr;
  const updK = sym.updK;
  const updP1 = sym.updP1;
  const updP2 = sym.updP2;
  const relMap = sym.relMap;
  const U = sym.updBuf;
  const toL = sym.valueToL;
  const nnzC = sym.nnzC;

  Lx.fill(0);
  for (let q = 0; q < nnzC; q++) {
    const d = toL[q];
    if (d >= 0) Lx[d] += values[q];
  }

  const nsuper = sym.nsuper;
  for (let J = 0; J < nsuper; J++) {
    const f = superStart[J];
    const w = superStart[J + 1] - f;
    const pj = cp[f];
    const m = cp[f + 1] - pj;
    for (let p = 0; p < m; p++) relMap[ri[pj + p]] = p;

    // Updates from descendants K.
    for (let u = updPtr[J], uend = updPtr[J + 1]; u < uend; u++) {
      const K = updK[u];
      const p1 = updP1[u];
      const p2 = updP2[u];
      const fK = superStart[K];
      const wK = superStart[K + 1] - fK;
      const pk = cp[fK];
      const mK = cp[fK + 1] - pk;
      if (wK === 1) {
        // Single column: scatter the rank-1 update directly.
        for (let q = p1; q < p2; q++) {
          const lq = Lx[pk + q];
          if (lq === 0) continue;
          const tc = ri[pk + q] - f;
          const base = cp[f + tc] - tc;
          for (let p = q; p < mK; p++) Lx[base + relMap[ri[pk + p]]] -= Lx[pk + p] * lq;
        }
      } else if (wK === 2) {
        // Two columns (a 2-trait effect, common in multi-response models): the rank-2 update
        // scattered directly, without the buffer pass.
        const b0 = pk;
        const b1 = cp[fK + 1] - 1;
        for (let q = p1; q < p2; q++) {
          const l0 = Lx[b0 + q];
          const l1 = Lx[b1 + q];
          if (l0 === 0 && l1 === 0) continue;
          const tc = ri[pk + q] - f;
          const base = cp[f + tc] - tc;
          for (let p = q; p < mK; p++) Lx[base + relMap[ri[pk + p]]] -= Lx[b0 + p] * l0 + Lx[b1 + p] * l1;
        }
      } else {
        const nr = mK - p1;
        const nc = p2 - p1;
        U.fill(0, 0, nr * nc);
        for (let c = 0; c < wK; c++) {
          const cb = cp[fK + c] - c; // L_K(p, c) at cb + p
          for (let q = p1; q < p2; q++) {
            const lq = Lx[cb + q];
            if (lq === 0) continue;
            const uo = (q - p1) * nr - p1;
            for (let p = q; p < mK; p++) U[uo + p] += Lx[cb + p] * lq;
          }
        }
        for (let q = p1; q < p2; q++) {
          const tc = ri[pk + q] - f;
          const base = cp[f + tc] - tc;
          const uo = (q - p1) * nr - p1;
          for (let p = q; p < mK; p++) Lx[base + relMap[ri[pk + p]]] -= U[uo + p];
        }
      }
    }

    // Dense left-looking Cholesky of J's trapezoid (m rows, w columns).
    for (let c = 0; c < w; c++) {
      const cb = cp[f + c] - c;
      // Four previous columns at a time: one pass over the target column per four updates.
      let c2 = 0;
      for (; c2 + 3 < c; c2 += 4) {
        const b0 = cp[f + c2] - c2;
        const b1 = cp[f + c2 + 1] - c2 - 1;
        const b2 = cp[f + c2 + 2] - c2 - 2;
        const b3 = cp[f + c2 + 3] - c2 - 3;
        const l0 = Lx[b0 + c];
        const l1 = Lx[b1 + c];
        const l2 = Lx[b2 + c];
        const l3 = Lx[b3 + c];
        for (let p = c; p < m; p++) {
          Lx[cb + p] -= Lx[b0 + p] * l0 + Lx[b1 + p] * l1 + Lx[b2 + p] * l2 + Lx[b3 + p] * l3;
        }
      }
      for (; c2 < c; c2++) {
        const cb2 = cp[f + c2] - c2;
        const l = Lx[cb2 + c];
        if (l === 0) continue;
        for (let p = c; p < m; p++) Lx[cb + p] -= Lx[cb2 + p] * l;
      }
      const d = Lx[cb + c];
      if (!(d > 0 && d < Infinity)) throw notPositiveDefinite(sym, f + c, d);
      const ljj = Math.sqrt(d);
      Lx[cb + c] = ljj;
      const inv = 1 / ljj;
      for (let p = c + 1; p < m; p++) Lx[cb + p] *= inv;
    }
  }
}

function notPositiveDefinite(sym: SymbolicCholesky, k: number, pivot: number): NumericalError {
  const column = sym.perm[k];
  return new NumericalError(
    `matrix is not positive-definite: pivot ${pivot} at column ${column} ` +
      `(step ${k + 1} of ${sym.n} in the elimination order)`,
    { column },
  );
}

/** Solves L y = y in place (permuted space). */
export function lSolve(L: Csc, y: Float64Array): void {
  const cp = L.colPtr;
  const ri = L.rowIdx;
  const Lx = L.values;
  const n = L.ncol;
  for (let j = 0; j < n; j++) {
    const p0 = cp[j];
    const yj = y[j] / Lx[p0];
    y[j] = yj;
    if (yj === 0) continue;
    for (let p = p0 + 1, end = cp[j + 1]; p < end; p++) y[ri[p]] -= Lx[p] * yj;
  }
}

/** Solves L' y = y in place (permuted space). */
export function ltSolve(L: Csc, y: Float64Array): void {
  const cp = L.colPtr;
  const ri = L.rowIdx;
  const Lx = L.values;
  for (let j = L.ncol - 1; j >= 0; j--) {
    const p0 = cp[j];
    let s = y[j];
    for (let p = p0 + 1, end = cp[j + 1]; p < end; p++) s -= Lx[p] * y[ri[p]];
    y[j] = s / Lx[p0];
  }
}

/** x = C^-1 b using P C P' = L L'. x may be b. Allocation-free. */
export function solve(sym: SymbolicCholesky, L: Csc, b: Float64Array, x: Float64Array): void {
  const y = sym.work;
  const perm = sym.perm;
  const n = sym.n;
  for (let k = 0; k < n; k++) y[k] = b[perm[k]];
  lSolve(L, y);
  ltSolve(L, y);
  for (let k = 0; k < n; k++) x[perm[k]] = y[k];
}

/**
 * x = P' L'^-1 z: for z ~ N(0, I), x ~ N(0, C^-1). x may be z (z is read in the permuted order,
 * which is immaterial for iid noise). Allocation-free.
 */
export function solveLtPermuted(sym: SymbolicCholesky, L: Csc, z: Float64Array, x: Float64Array): void {
  const y = sym.work;
  const perm = sym.perm;
  const n = sym.n;
  for (let k = 0; k < n; k++) y[k] = z[k];
  ltSolve(L, y);
  for (let k = 0; k < n; k++) x[perm[k]] = y[k];
}

/**
 * One draw from N(C^-1 r, C^-1) as x = P' L'^-1 (L^-1 P r + z), given z ~ N(0, I): one forward
 * and one backward solve. x may be r or z. Allocation-free.
 */
export function solveMeanPlusNoise(sym: SymbolicCholesky, L: Csc, r: Float64Array, z: Float64Array, x: Float64Array): void {
  const y = sym.work;
  const perm = sym.perm;
  const n = sym.n;
  for (let k = 0; k < n; k++) y[k] = r[perm[k]];
  lSolve(L, y);
  for (let k = 0; k < n; k++) y[k] += z[k];
  ltSolve(L, y);
  for (let k = 0; k < n; k++) x[perm[k]] = y[k];
}

/**
 * log det C = 2 sum log L_jj, as logs of running products (one log per ~dozens of pivots instead
 * of one per pivot: the marginal variance move takes it per proposal). A pivot outside
 * (1e-150, 1e150) goes to the sum by itself and the product is logged whenever it leaves
 * [1e-100, 1e100], so the product stays within (1e-250, 1e250): no overflow or underflow. Its
 * relative rounding error is a few ulp per pivot, far below the sum's.
 */
export function logDet(L: Csc): number {
  const cp = L.colPtr;
  const Lx = L.values;
  let s = 0;
  let product = 1;
  for (let j = 0; j < L.ncol; j++) {
    const d = Lx[cp[j]];
    if (d > 1e-150 && d < 1e150) {
      product *= d;
      if (product > 1e100 || product < 1e-100) {
        s += log(product);
        product = 1;
      }
    } else s += log(d);
  }
  return 2 * (s + log(product));
}
