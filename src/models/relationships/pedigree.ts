// Pedigrees for animal models: reading and checking a pedigree file (its inverse relationship
// matrix, A^-1 with inbreeding coefficients, is in pedigree-inverse.ts and re-exported here).
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
import { readCsvCells } from "./ginverse.js";

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

export function checkOrdered(ped: Pedigree): void {
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

export { inverseA } from "./pedigree-inverse.js";
