// Compressed-column sparse matrix on typed arrays (Davis, Direct Methods for Sparse Linear Systems, ch. 2).
// Construction and structural operations (allocating; they run once per model). Products are in
// csc-products.ts.

export interface Csc {
  readonly nrow: number;
  readonly ncol: number;
  /** Column pointers, length ncol + 1. */
  readonly colPtr: Int32Array;
  /** Row indices, sorted ascending within each column, length nnz. */
  readonly rowIdx: Int32Array;
  /** Values, length nnz. */
  readonly values: Float64Array;
}

/** Number of stored entries. */
export function nnz(A: Csc): number {
  return A.colPtr[A.ncol];
}

/**
 * Builds a CSC matrix from (row, col, value) triplets, summing duplicates. Rows come out sorted
 * within columns: the triplets are bucketed by row first, then by column in row order (two
 * counting sorts, Davis sec. 2.4 / 2.5).
 */
export function cscFromTriplets(
  nrow: number,
  ncol: number,
  rows: ArrayLike<number>,
  cols: ArrayLike<number>,
  vals: ArrayLike<number>,
): Csc {
  const nz = rows.length;
  if (cols.length !== nz || vals.length !== nz) throw new RangeError("triplet arrays differ in length");
  // Bucket by row.
  const rp = new Int32Array(nrow + 1);
  for (let t = 0; t < nz; t++) {
    const i = rows[t];
    const j = cols[t];
    if (!(i >= 0 && i < nrow && j >= 0 && j < ncol)) throw new RangeError(`triplet ${t} (${i}, ${j}) out of range`);
    rp[i + 1]++;
  }
  for (let i = 0; i < nrow; i++) rp[i + 1] += rp[i];
  const next = rp.slice(0, nrow);
  const rc = new Int32Array(nz);
  const rv = new Float64Array(nz);
  for (let t = 0; t < nz; t++) {
    const q = next[rows[t]]++;
    rc[q] = cols[t];
    rv[q] = vals[t];
  }
  // Bucket by column, visiting rows in order: rows end up sorted within columns.
  const cp = new Int32Array(ncol + 1);
  for (let q = 0; q < nz; q++) cp[rc[q] + 1]++;
  for (let j = 0; j < ncol; j++) cp[j + 1] += cp[j];
  const cnext = cp.slice(0, ncol);
  const ri = new Int32Array(nz);
  const vv = new Float64Array(nz);
  for (let i = 0; i < nrow; i++) {
    for (let q = rp[i]; q < rp[i + 1]; q++) {
      const d = cnext[rc[q]]++;
      ri[d] = i;
      vv[d] = rv[q];
    }
  }
  // Sum adjacent duplicates.
  const colPtr = new Int32Array(ncol + 1);
  let w = 0;
  for (let j = 0; j < ncol; j++) {
    colPtr[j] = w;
    let last = -1;
    for (let q = cp[j]; q < cp[j + 1]; q++) {
      if (ri[q] === last) {
        vv[w - 1] += vv[q];
      } else {
        ri[w] = ri[q];
        vv[w] = vv[q];
        last = ri[q];
        w++;
      }
    }
  }
  colPtr[ncol] = w;
  return { nrow, ncol, colPtr, rowIdx: ri.slice(0, w), values: vv.slice(0, w) };
}

/** Transpose; rows come out sorted within columns. */
export function transpose(A: Csc): Csc {
  const { nrow, ncol, colPtr, rowIdx, values } = A;
  const nz = colPtr[ncol];
  const tp = new Int32Array(nrow + 1);
  for (let q = 0; q < nz; q++) tp[rowIdx[q] + 1]++;
  for (let i = 0; i < nrow; i++) tp[i + 1] += tp[i];
  const next = tp.slice(0, nrow);
  const ti = new Int32Array(nz);
  const tv = new Float64Array(nz);
  for (let j = 0; j < ncol; j++) {
    for (let q = colPtr[j]; q < colPtr[j + 1]; q++) {
      const d = next[rowIdx[q]]++;
      ti[d] = j;
      tv[d] = values[q];
    }
  }
  return { nrow: ncol, ncol: nrow, colPtr: tp, rowIdx: ti, values: tv };
}

/** Sparse identity of order n. */
export function identity(n: number, scale = 1): Csc {
  const cp = new Int32Array(n + 1);
  const ri = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    cp[i + 1] = i + 1;
    ri[i] = i;
  }
  return { nrow: n, ncol: n, colPtr: cp, rowIdx: ri, values: new Float64Array(n).fill(scale) };
}

/** The entries with row <= col. */
export function upperTriangle(A: Csc): Csc {
  return filterEntries(A, (i, j) => i <= j);
}

/** The entries with row >= col. */
export function lowerTriangle(A: Csc): Csc {
  return filterEntries(A, (i, j) => i >= j);
}

function filterEntries(A: Csc, keep: (i: number, j: number) => boolean): Csc {
  const { ncol, colPtr, rowIdx, values } = A;
  const cp = new Int32Array(ncol + 1);
  const ri = new Int32Array(colPtr[ncol]);
  const vv = new Float64Array(colPtr[ncol]);
  let w = 0;
  for (let j = 0; j < ncol; j++) {
    cp[j] = w;
    for (let q = colPtr[j]; q < colPtr[j + 1]; q++) {
      if (keep(rowIdx[q], j)) {
        ri[w] = rowIdx[q];
        vv[w++] = values[q];
      }
    }
  }
  cp[ncol] = w;
  return { nrow: A.nrow, ncol, colPtr: cp, rowIdx: ri.slice(0, w), values: vv.slice(0, w) };
}

/**
 * Upper triangle of P S P' for symmetric S given by its upper triangle (entries below the
 * diagonal are ignored), where pinv[old] = new. Also returns, for each entry of S, the index of
 * the entry it went to in the result (-1 for ignored lower entries).
 */
export function symPermUpper(S: Csc, pinv: Int32Array): { matrix: Csc; map: Int32Array } {
  const n = S.ncol;
  if (S.nrow !== n) throw new RangeError("symPermUpper: matrix is not square");
  const { colPtr, rowIdx, values } = S;
  const nz = colPtr[n];
  const cnt = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) {
    for (let q = colPtr[j]; q < colPtr[j + 1]; q++) {
      const i = rowIdx[q];
      if (i > j) continue;
      cnt[Math.max(pinv[i], pinv[j]) + 1]++;
    }
  }
  for (let j = 0; j < n; j++) cnt[j + 1] += cnt[j];
  const cp = cnt.slice();
  const next = cnt.slice(0, n);
  const total = cp[n];
  // Place entries, then sort each column by sorting (row, source) pairs encoded in a Float64.
  const keys = new Float64Array(total);
  const vv = new Float64Array(total);
  for (let j = 0; j < n; j++) {
    for (let q = colPtr[j]; q < colPtr[j + 1]; q++) {
      const i = rowIdx[q];
      if (i > j) continue;
      const a = pinv[i];
      const b = pinv[j];
      const d = next[Math.max(a, b)]++;
      keys[d] = Math.min(a, b) * nz + q;
    }
  }
  const ri = new Int32Array(total);
  const map = new Int32Array(nz).fill(-1);
  for (let j = 0; j < n; j++) {
    const seg = keys.subarray(cp[j], cp[j + 1]);
    seg.sort();
    for (let d = cp[j]; d < cp[j + 1]; d++) {
      const key = keys[d];
      const src = key % nz;
      ri[d] = (key - src) / nz;
      vv[d] = values[src];
      map[src] = d;
    }
  }
  return { matrix: { nrow: n, ncol: n, colPtr: cp, rowIdx: ri, values: vv }, map };
}

/** Dense row-major copy (for tests and small problems). */
export function toDense(A: Csc): Float64Array {
  const out = new Float64Array(A.nrow * A.ncol);
  for (let j = 0; j < A.ncol; j++) {
    for (let q = A.colPtr[j]; q < A.colPtr[j + 1]; q++) out[A.rowIdx[q] * A.ncol + j] += A.values[q];
  }
  return out;
}

/** Sparse copy of a dense row-major matrix, dropping exact zeros. */
export function fromDense(D: ArrayLike<number>, nrow: number, ncol: number): Csc {
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < nrow; i++) {
    for (let j = 0; j < ncol; j++) {
      const x = D[i * ncol + j];
      if (x !== 0) {
        r.push(i);
        c.push(j);
        v.push(x);
      }
    }
  }
  return cscFromTriplets(nrow, ncol, r, c, v);
}

/** Full symmetric matrix S + S' - diag(S) from its upper triangle (entries below ignored). */
export function symmetricFromUpper(U: Csc): Csc {
  const up = upperTriangle(U);
  const n = up.ncol;
  const nz = nnz(up);
  const r = new Int32Array(2 * nz);
  const c = new Int32Array(2 * nz);
  const v = new Float64Array(2 * nz);
  let t = 0;
  for (let j = 0; j < n; j++) {
    for (let q = up.colPtr[j]; q < up.colPtr[j + 1]; q++) {
      const i = up.rowIdx[q];
      r[t] = i;
      c[t] = j;
      v[t++] = up.values[q];
      if (i !== j) {
        r[t] = j;
        c[t] = i;
        v[t++] = up.values[q];
      }
    }
  }
  return cscFromTriplets(n, n, r.subarray(0, t), c.subarray(0, t), v.subarray(0, t));
}

/** A placed with its (0, 0) entry at (rowOffset, colOffset) of an nrow x ncol zero matrix. */
export function embed(A: Csc, nrow: number, ncol: number, rowOffset: number, colOffset: number): Csc {
  if (rowOffset < 0 || colOffset < 0 || rowOffset + A.nrow > nrow || colOffset + A.ncol > ncol) {
    throw new RangeError(`embed: a ${A.nrow}x${A.ncol} block at (${rowOffset}, ${colOffset}) does not fit in ${nrow}x${ncol}`);
  }
  const cp = new Int32Array(ncol + 1);
  const nz = A.colPtr[A.ncol];
  for (let j = 0; j <= ncol; j++) {
    const jj = Math.min(Math.max(j - colOffset, 0), A.ncol);
    cp[j] = A.colPtr[jj];
  }
  const ri = new Int32Array(nz);
  for (let q = 0; q < nz; q++) ri[q] = A.rowIdx[q] + rowOffset;
  return { nrow, ncol, colPtr: cp, rowIdx: ri, values: A.values.slice() };
}

/** Position of `row` among rowIdx[lo..hi) (sorted), by binary search; throws naming `what` if absent. */
export function findRowIndex(rowIdx: Int32Array, lo: number, hi: number, row: number, what: string): number {
  hi--;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = rowIdx[mid];
    if (r === row) return mid;
    if (r < row) lo = mid + 1;
    else hi = mid - 1;
  }
  throw new Error(`${what}: entry (${row}) missing from the pattern`);
}
