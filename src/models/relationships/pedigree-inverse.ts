// The inverse numerator relationship matrix A^-1 of a checked, ordered pedigree (pedigree.ts),
// with inbreeding coefficients and the sparse root T' D^-1/2 of A^-1 (Henderson 1976).

import type { Csc } from "../../linalg/csc.js";
import { cscFromTriplets } from "../../linalg/csc.js";
import { checkOrdered, type Pedigree } from "./pedigree.js";

/** A max-heap of individual indices, for visiting ancestors from youngest to oldest. */
class AncestorHeap {
  private readonly heap: Int32Array;
  size = 0;
  constructor(capacity: number) {
    this.heap = new Int32Array(capacity);
  }
  push(x: number): void {
    const h = this.heap;
    let k = this.size++;
    while (k > 0) {
      const up = (k - 1) >> 1;
      if (h[up] >= x) break;
      h[k] = h[up];
      k = up;
    }
    h[k] = x;
  }
  pop(): number {
    const h = this.heap;
    const top = h[0];
    const last = h[--this.size];
    let k = 0;
    for (;;) {
      let child = 2 * k + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && h[child + 1] > h[child]) child++;
      if (h[child] <= last) break;
      h[k] = h[child];
      k = child;
    }
    h[k] = last;
    return top;
  }
}

/**
 * Inbreeding coefficients and Mendelian-sampling variances d_i (A = L D L', Henderson 1976) by
 * Meuwissen & Luo (1992): A_ii = sum over the ancestors j of i (and i) of L_ij^2 d_j, with row i
 * of L built by passing half of each L_ij up to j's parents, youngest ancestor first;
 * d_i = 1 - 1/4 (1 + F_dam) - 1/4 (1 + F_sire), with 1/4 (1 + F) replaced by 0 for an unknown parent.
 */
function inbreedingAndD(ped: Pedigree): { F: Float64Array; d: Float64Array } {
  const n = ped.ids.length;
  const { dam, sire } = ped;
  const F = new Float64Array(n);
  const d = new Float64Array(n);
  const L = new Float64Array(n);
  const heap = new AncestorHeap(n);
  for (let i = 0; i < n; i++) {
    const s = dam[i];
    const t = sire[i];
    d[i] = 1 - (s >= 0 ? 0.25 * (1 + F[s]) : 0) - (t >= 0 ? 0.25 * (1 + F[t]) : 0);
    if (s < 0 || t < 0) continue; // F = 0 with an unknown parent
    if (i > 0 && dam[i - 1] === s && sire[i - 1] === t) {
      F[i] = F[i - 1]; // full sib of the previous individual (Meuwissen & Luo's shortcut)
      continue;
    }
    let aii = 0;
    L[i] = 1;
    heap.push(i);
    while (heap.size > 0) {
      const j = heap.pop();
      const lj = L[j];
      L[j] = 0;
      aii += lj * lj * d[j];
      for (const p of [dam[j], sire[j]]) {
        if (p < 0) continue;
        if (L[p] === 0) heap.push(p);
        L[p] += 0.5 * lj;
      }
    }
    F[i] = aii - 1;
  }
  return { F, d };
}

/**
 * The inverse numerator relationship matrix A^-1 (full symmetric, both triangles) and the
 * inbreeding coefficients, in the order of `ped.ids` (parents must precede offspring, as
 * parsePedigree returns them). A^-1 = T' D^-1 T by Henderson's (1976) rules with inbreeding
 * (Quaas 1976): with b_i = 1/d_i, add b_i at (i,i), -b_i/2 between i and each known parent, and
 * b_i/4 among the known parents. Matches MCMCglmm::inverseA(pedigree)$Ainv and $inbreeding.
 *
 * @example
 * ```ts
 * const { Ainv, inbreeding, ids } = inverseA(parsePedigree(readFileSync("pedigree.csv", "utf8")));
 * ```
 */
export function inverseA(ped: Pedigree): { Ainv: Csc; AinvRoot: Csc; inbreeding: Float64Array; ids: string[] } {
  checkOrdered(ped);
  const n = ped.ids.length;
  const { F, d } = inbreedingAndD(ped);
  const ti: number[] = [];
  const tj: number[] = [];
  const tv: number[] = [];
  const add = (i: number, j: number, v: number): void => {
    ti.push(i), tj.push(j), tv.push(v);
  };
  for (let i = 0; i < n; i++) {
    const b = 1 / d[i];
    add(i, i, b);
    const parents = [ped.dam[i], ped.sire[i]].filter((p) => p >= 0);
    for (const p of parents) {
      add(i, p, -0.5 * b);
      add(p, i, -0.5 * b);
      for (const q of parents) add(p, q, 0.25 * b);
    }
  }
  return { Ainv: cscFromTriplets(n, n, ti, tj, tv), AinvRoot: inverseARoot(ped, d), inbreeding: F, ids: [...ped.ids] };
}

/**
 * F = T' D^-1/2, a sparse square root of A^-1 = T' D^-1 T (F F' = A^-1; Henderson 1976, with
 * T = I - P, P holding 1/2 at each known parent of i in row i): column i is 1/sqrt(d_i) at i and
 * -1/2 sqrt(d_i)^-1 at each known parent. F z with z ~ N(0, I) is then a draw with covariance
 * A^-1 exactly, in O(n) and without factorising A^-1 (whose Cholesky factor fills in).
 */
function inverseARoot(ped: Pedigree, d: Float64Array): Csc {
  const n = ped.ids.length;
  const colPtr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) colPtr[i + 1] = colPtr[i] + 1 + (ped.dam[i] >= 0 ? 1 : 0) + (ped.sire[i] >= 0 ? 1 : 0);
  const rowIdx = new Int32Array(colPtr[n]);
  const values = new Float64Array(colPtr[n]);
  for (let i = 0; i < n; i++) {
    const s = 1 / Math.sqrt(d[i]);
    // parents precede offspring (checkOrdered), so rows ascend: the parents, then i itself
    const parents = [ped.dam[i], ped.sire[i]].filter((p) => p >= 0).sort((a, b) => a - b);
    let q = colPtr[i];
    for (const p of parents) {
      rowIdx[q] = p;
      values[q++] = -0.5 * s;
    }
    rowIdx[q] = i;
    values[q] = s;
  }
  return { nrow: n, ncol: n, colPtr, rowIdx, values };
}
