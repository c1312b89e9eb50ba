// A user-supplied sparse inverse covariance (MCMCglmm's `ginverse`) read from a triplet file,
// plus the two small helpers the pedigree module shares with it: reading CSV cells with R's
// missing-value conventions, and assembling a CSC matrix from triplets.

import { parse } from "csv-parse/sync";
import { DataError } from "../../errors.js";
import { cscFromTriplets, type Csc } from "../../linalg/csc.js";

/** One CSV cell: a string, or null when missing (empty cell, or a bare unquoted `NA` as R writes it). */
export type Cell = string | null;

/**
 * Parse CSV text into rows of cells. Empty cells and bare `NA` are missing (null); a quoted "NA"
 * stays the string NA, as R's write.csv quotes strings and leaves NA bare. Whitespace is trimmed
 * and blank lines skipped. Rows may have different lengths; callers check what they need.
 */
export function readCsvCells(csvText: string, what: string): Cell[][] {
  try {
    return parse(csvText, {
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      cast: (value, context) => {
        if (value === "") return null;
        if (value === "NA" && !context.quoting) return null;
        return value;
      },
    }) as Cell[][];
  } catch (err) {
    throw new DataError(`${what}: not readable as CSV (${(err as Error).message})`);
  }
}

const INTEGER = /^[0-9]+$/;

function isNumberCell(cell: Cell): boolean {
  return cell !== null && Number.isFinite(Number(cell));
}

/**
 * Read a sparse inverse covariance matrix given as triplets, one non-zero per row:
 * - `row,col,value` with 1-based integer indices, when `levels` is passed (index k is levels[k-1]);
 * - `level_i,level_j,value` with level names; with `levels` passed they must be among them,
 *   otherwise the levels are the names in order of first appearance (row by row, i then j).
 * A header line is optional (present when the first line's value column is not a number).
 * The upper triangle, the lower, or both may be given; the result is the full symmetric matrix.
 * DataError (naming `source`) when: the file is empty; a row has fewer than three columns; an
 * index is out of range or a name unknown; a value is not a finite number; an entry is given
 * twice; the two triangles disagree; a diagonal entry is missing or not positive.
 *
 * @example
 * ```ts
 * const { levels, Ainv } = readGinverse("1,1,2\n2,2,2\n1,2,-1\n"); // triplets i,j,value
 * ```
 */
export function readGinverse(
  csvText: string,
  levels?: readonly string[],
  source = "ginverse",
): { levels: string[]; Ainv: Csc } {
  const rows = readCsvCells(csvText, source);
  if (rows.length > 0 && !isNumberCell(rows[0][2] ?? null)) rows.shift(); // header
  if (rows.length === 0) throw new DataError(`${source}: the file has no entries`);

  rows.forEach((r, k) => {
    if (r.length < 3 || r[0] === null || r[1] === null || r[2] === null) {
      throw new DataError(`${source}: entry ${k + 1} needs three non-missing columns (i, j, value)`);
    }
  });
  const byIndex = levels !== undefined && rows.every((r) => INTEGER.test(r[0]!) && INTEGER.test(r[1]!));

  let names: string[];
  const position = new Map<string, number>();
  if (levels !== undefined) {
    names = [...levels];
    names.forEach((name, k) => {
      if (position.has(name)) throw new DataError(`${source}: level "${name}" is listed twice`);
      position.set(name, k);
    });
  } else {
    names = [];
    for (const r of rows) {
      for (const name of [r[0]!, r[1]!]) {
        if (!position.has(name)) {
          position.set(name, names.length);
          names.push(name);
        }
      }
    }
  }
  const n = names.length;
  const locate = (cell: string, k: number): number => {
    if (byIndex) {
      const idx = Number(cell);
      if (idx < 1 || idx > n) {
        throw new DataError(
          `${source}: entry ${k + 1} has index ${cell}, outside 1..${n} (the matrix must be square over the ${n} levels)`,
        );
      }
      return idx - 1;
    }
    const idx = position.get(cell);
    if (idx === undefined) throw new DataError(`${source}: entry ${k + 1} names level "${cell}", which is not among the levels`);
    return idx;
  };

  // Entries keyed by (i, j) as given; symmetrised below.
  const given = new Map<number, number>();
  rows.forEach((r, k) => {
    const i = locate(r[0]!, k);
    const j = locate(r[1]!, k);
    const value = Number(r[2]);
    if (!Number.isFinite(value)) throw new DataError(`${source}: entry ${k + 1} has value "${r[2]}", not a finite number`);
    const key = i * n + j;
    if (given.has(key)) throw new DataError(`${source}: entry (${names[i]}, ${names[j]}) is given twice`);
    given.set(key, value);
  });

  const ti: number[] = [];
  const tj: number[] = [];
  const tv: number[] = [];
  for (const [key, value] of given) {
    const i = Math.floor(key / n);
    const j = key - i * n;
    if (i === j) {
      if (!(value > 0)) throw new DataError(`${source}: diagonal entry for level "${names[i]}" is ${value}, not positive`);
      ti.push(i), tj.push(i), tv.push(value);
      continue;
    }
    const mirror = given.get(j * n + i);
    if (mirror !== undefined) {
      if (Math.abs(mirror - value) > 1e-12 * Math.max(1, Math.abs(value), Math.abs(mirror))) {
        throw new DataError(
          `${source}: not symmetric: entry (${names[i]}, ${names[j]}) = ${value} but (${names[j]}, ${names[i]}) = ${mirror}`,
        );
      }
      if (i > j) continue; // the pair is emitted once, from its upper-triangle member
    }
    ti.push(i, j), tj.push(j, i), tv.push(value, value);
  }
  for (let i = 0; i < n; i++) {
    if (!given.has(i * n + i)) throw new DataError(`${source}: no diagonal entry for level "${names[i]}" (it must be positive)`);
  }
  return { levels: names, Ainv: cscFromTriplets(n, n, ti, tj, tv) };
}
