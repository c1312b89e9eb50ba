// Test helpers: seeded generators of sparse SPD matrices and dense references.

import { type Csc, cscFromTriplets, multiply, transpose, upperTriangle } from "../../src/linalg/index.js";

/** Small seeded uniform generator (mulberry32) so one fast-check integer drives a whole matrix. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type SpdKind = "random" | "denseRows" | "diagonal" | "mme" | "lowRankPlusDiag";

/**
 * A random sparse symmetric positive-definite n x n matrix (full symmetric storage).
 * - random: random symmetric pattern of the given density, diagonally dominant.
 * - denseRows: like random plus a few fully dense rows/columns.
 * - diagonal: diagonal only.
 * - mme: W'W + blockdiag(0.1 I, lambda I) for a random-intercept-like design (not diagonally dominant).
 * - lowRankPlusDiag: B'B + small diagonal with sparse B (ill-conditioned-ish, not dominant).
 */
export function randomSpd(n: number, density: number, kind: SpdKind, seed: number): Csc {
  const u = rng(seed);
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  const addSym = (i: number, j: number, x: number): void => {
    r.push(i);
    c.push(j);
    v.push(x);
    if (i !== j) {
      r.push(j);
      c.push(i);
      v.push(x);
    }
  };
  if (kind === "mme" || kind === "lowRankPlusDiag") {
    const nobs = Math.max(1, Math.ceil(n * (2 + 6 * density)));
    const wr: number[] = [];
    const wc: number[] = [];
    const wv: number[] = [];
    const nfixed = Math.min(n, 1 + Math.floor(u() * 3));
    for (let o = 0; o < nobs; o++) {
      if (kind === "mme") {
        for (let f = 0; f < nfixed; f++) {
          wr.push(o);
          wc.push(f);
          wv.push(f === 0 ? 1 : u() - 0.5);
        }
        if (n > nfixed) {
          // two crossed factors over the remaining columns
          const span = n - nfixed;
          const half = Math.max(1, Math.floor(span / 2));
          wr.push(o);
          wc.push(nfixed + Math.floor(u() * half));
          wv.push(1);
          if (span > half) {
            wr.push(o);
            wc.push(nfixed + half + Math.floor(u() * (span - half)));
            wv.push(1);
          }
        }
      } else {
        const k = 1 + Math.floor(u() * 3);
        for (let t = 0; t < k; t++) {
          wr.push(o);
          wc.push(Math.floor(u() * n));
          wv.push(u() * 2 - 1);
        }
      }
    }
    const W = cscFromTriplets(nobs, n, wr, wc, wv);
    const WtW = multiply(transpose(W), W);
    for (let j = 0; j < n; j++) {
      for (let q = WtW.colPtr[j]; q < WtW.colPtr[j + 1]; q++) {
        r.push(WtW.rowIdx[q]);
        c.push(j);
        v.push(WtW.values[q]);
      }
      r.push(j);
      c.push(j);
      v.push(kind === "mme" ? 0.1 + u() : 1e-3 + 0.01 * u());
    }
    return cscFromTriplets(n, n, r, c, v);
  }
  const diag = new Float64Array(n);
  if (kind !== "diagonal") {
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < j; i++) {
        if (u() < density) {
          const x = u() * 2 - 1;
          addSym(i, j, x);
          diag[i] += Math.abs(x);
          diag[j] += Math.abs(x);
        }
      }
    }
    if (kind === "denseRows" && n > 1) {
      const nd = 1 + Math.floor(u() * 3);
      for (let t = 0; t < nd; t++) {
        const d = Math.floor(u() * n);
        for (let i = 0; i < n; i++) {
          if (i === d) continue;
          const x = u() * 2 - 1;
          addSym(i, d, x);
          diag[i] += Math.abs(x);
          diag[d] += Math.abs(x);
        }
      }
    }
  }
  for (let j = 0; j < n; j++) addSym(j, j, diag[j] + 0.1 + u() * 2);
  return cscFromTriplets(n, n, r, c, v);
}

export function upper(A: Csc): Csc {
  return upperTriangle(A);
}

/** Dense row-major product A B. */
export function denseMul(A: Float64Array, B: Float64Array, m: number, p: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let k = 0; k < p; k++) {
    const a = A[i * p + k];
    if (a !== 0) for (let j = 0; j < n; j++) out[i * n + j] += a * B[k * n + j];
  }
  return out;
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

export function norm2(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** Frobenius norm of a CSC matrix. */
export function normF(A: Csc): number {
  return norm2(A.values);
}

/** 2D grid Laplacian (5-point) of size k x k plus a small shift, full symmetric. */
export function gridLaplacian(k: number): Csc {
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  const id = (x: number, y: number): number => x * k + y;
  for (let x = 0; x < k; x++) for (let y = 0; y < k; y++) {
    const i = id(x, y);
    r.push(i); c.push(i); v.push(4.01);
    for (const [dx, dy] of [[1, 0], [0, 1]] as const) {
      if (x + dx < k && y + dy < k) {
        const j = id(x + dx, y + dy);
        r.push(i, j); c.push(j, i); v.push(-1, -1);
      }
    }
  }
  return cscFromTriplets(k * k, k * k, r, c, v);
}

/** Arrow matrix: dense first row/column, diagonal otherwise. */
export function arrow(n: number): Csc {
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  r.push(0); c.push(0); v.push(n + 1);
  for (let i = 1; i < n; i++) {
    r.push(i, 0, i); c.push(0, i, i); v.push(1, 1, 2);
  }
  return cscFromTriplets(n, n, r, c, v);
}
