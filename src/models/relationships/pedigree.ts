// Pedigrees for animal models: reading and checking a pedigree file, and the inverse numerator
// relationship matrix A^-1 with inbreeding coefficients.
//
// Order of individuals (`Pedigree.ids`, which is also the row/column order of A^-1 and so the
// order of the animal effects in Z): MCMCglmm's inverseA takes the pedigree rows as given and
// requires every parent to be listed, before its offspring; the levels of the animal factor are
// then the pedigree's first column in file order. For such a file `ids` is exactly the file
// order. Files MCMCglmm would reject are repaired, the way R users repair them beforehand:
//  - parents not listed as animals are added as founders at the top, in order of first
//    appearance as a parent (row by row, dam before sire), as MasterBayes::insertPed prepends them;
//  - an animal listed before one of its parents: that parent (and, recursively, its own
//    unlisted-yet ancestors) is moved up to just before the animal's position; everything else
//    keeps its file order (a depth-first post-order walk over the rows in file order).

import { DataError } from "../../errors.js";
import type { Csc } from "../../linalg/csc.js";
import { readCsvCells } from "./ginverse.js";
import { cscFromTriplets } from "../../linalg/csc.js";

export interface Pedigree {
  /** Individual ids; every parent precedes its offspring. */
  ids: string[];
  /** Index into ids of each individual's dam, -1 when unknown. */
  dam: Int32Array;
  /** Index into ids of each individual's sire, -1 when unknown. */
  sire: Int32Array;
}

interface PedigreeRow {
  animal: string;
  dam: string | null;
  sire: string | null;
  line: number;
}

function readRows(csvText: string): PedigreeRow[] {
  const cells = readCsvCells(csvText, "pedigree");
  if (cells.length === 0) throw new DataError("pedigree: the file is empty");
  const header = cells[0];
  // R's write.csv adds a row-names column with an empty header: skip it.
  const offset = (header[0] === null || header[0] === "") && header.length >= 4 ? 1 : 0;
  if (header.length - offset < 3) {
    throw new DataError("pedigree: needs three columns (animal, dam, sire); the header has " + (header.length - offset));
  }
  if (cells.length === 1) throw new DataError("pedigree: the file has a header but no individuals");
  return cells.slice(1).map((row, k) => {
    const line = k + 2;
    const animal = row[offset] ?? null;
    if (animal === null) throw new DataError(`pedigree: line ${line} has no animal id (first column is empty or NA)`);
    return { animal, dam: row[offset + 1] ?? null, sire: row[offset + 2] ?? null, line };
  });
}

/**
 * Read a pedigree CSV: a header line, then animal, dam, sire in the first three columns (any
 * names). Unknown parents are empty cells or bare NA; "0" is an ordinary id, as in MCMCglmm.
 * See the top of this file for the order of the returned ids.
 *
 * @example
 * ```ts
 * const ped = parsePedigree("animal,dam,sire\nA,NA,NA\nB,NA,NA\nC,A,B\n");
 * const { Ainv, inbreeding } = inverseA(ped);
 * ```
 */
export function parsePedigree(csvText: string): Pedigree {
  const rows = readRows(csvText);

  const rowOf = new Map<string, PedigreeRow>();
  for (const row of rows) {
    const prev = rowOf.get(row.animal);
    if (prev !== undefined) {
      throw new DataError(`pedigree: animal "${row.animal}" is listed twice (lines ${prev.line} and ${row.line})`);
    }
    rowOf.set(row.animal, row);
  }

  const dams = new Set<string>();
  const sires = new Set<string>();
  for (const row of rows) {
    if (row.dam !== null) dams.add(row.dam);
    if (row.sire !== null) sires.add(row.sire);
  }
  for (const row of rows) {
    for (const parent of [row.dam, row.sire]) {
      if (parent !== null && dams.has(parent) && sires.has(parent)) {
        throw new DataError(`pedigree: "${parent}" appears both as a dam and as a sire`);
      }
    }
  }

  // Founders: parents without a row of their own, in order of first appearance.
  const founders: string[] = [];
  const seenFounder = new Set<string>();
  for (const row of rows) {
    for (const parent of [row.dam, row.sire]) {
      if (parent !== null && !rowOf.has(parent) && !seenFounder.has(parent)) {
        seenFounder.add(parent);
        founders.push(parent);
      }
    }
  }

  // Depth-first post-order over the rows in file order: parents are emitted before offspring.
  // Iterative, so that very deep pedigrees do not overflow the call stack.
  const index = new Map<string, number>();
  const ids: string[] = [];
  for (const f of founders) {
    index.set(f, ids.length);
    ids.push(f);
  }
  const onPath = new Set<string>();
  for (const root of rows) {
    if (index.has(root.animal)) continue;
    const stack: PedigreeRow[] = [root];
    onPath.add(root.animal);
    while (stack.length > 0) {
      const row = stack[stack.length - 1];
      let pending: PedigreeRow | undefined;
      for (const parent of [row.dam, row.sire]) {
        if (parent === null || index.has(parent)) continue;
        if (onPath.has(parent)) {
          const path = stack.slice(stack.findIndex((r) => r.animal === parent)).map((r) => r.animal);
          throw new DataError(
            `pedigree: animal "${parent}" is its own ancestor (${[...path, parent].reverse().join(" -> ")}, each a parent of the next)`,
          );
        }
        pending = rowOf.get(parent)!;
        break;
      }
      if (pending !== undefined) {
        stack.push(pending);
        onPath.add(pending.animal);
      } else {
        stack.pop();
        onPath.delete(row.animal);
        index.set(row.animal, ids.length);
        ids.push(row.animal);
      }
    }
  }

  const dam = new Int32Array(ids.length).fill(-1);
  const sire = new Int32Array(ids.length).fill(-1);
  for (const row of rows) {
    const i = index.get(row.animal)!;
    if (row.dam !== null) dam[i] = index.get(row.dam)!;
    if (row.sire !== null) sire[i] = index.get(row.sire)!;
  }
  return { ids, dam, sire };
}

function checkOrdered(ped: Pedigree): void {
  const n = ped.ids.length;
  if (ped.dam.length !== n || ped.sire.length !== n) {
    throw new DataError(`pedigree: ${n} ids but ${ped.dam.length} dams and ${ped.sire.length} sires`);
  }
  for (let i = 0; i < n; i++) {
    for (const p of [ped.dam[i], ped.sire[i]]) {
      if (p >= i || p < -1) {
        throw new DataError(`pedigree: a parent of "${ped.ids[i]}" does not precede it (use parsePedigree to order it)`);
      }
    }
    if (ped.dam[i] !== -1 && ped.dam[i] === ped.sire[i]) {
      throw new DataError(`pedigree: "${ped.ids[ped.dam[i]]}" is both dam and sire of "${ped.ids[i]}"`);
    }
  }
}

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
