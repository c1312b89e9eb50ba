// Assembly of the mixed-model coefficient matrix C = sum_k c_k M_k from fixed-pattern pieces
// (W' D_ab W blocks, G^-1 (x) A^-1 blocks, prior precisions). The pattern of C and the index map
// from each piece into C's values are computed once; each iteration refills C's values as a
// linear combination without allocating.

import { findRowIndex, type Csc } from "./csc.js";

export interface AssemblyPlan {
  readonly n: number;
  /** Upper-triangular pattern of C (union of the pieces' upper triangles plus the full diagonal); values zero. */
  readonly pattern: Csc;
  /** The pieces, as given (their values arrays are read by fillAssembly unless overridden). */
  readonly contributions: readonly Csc[];
  /** maps[k][q] = index in C's values of entry q of piece k, or -1 for entries below the diagonal. */
  readonly maps: readonly Int32Array[];
}

/** Plans the assembly of C from n x n pieces; only entries with row <= col are used. */
export function planAssembly(n: number, contributions: readonly Csc[]): AssemblyPlan {
  for (const [k, M] of contributions.entries()) {
    if (M.nrow !== n || M.ncol !== n) throw new RangeError(`planAssembly: contribution ${k} is ${M.nrow}x${M.ncol}, expected ${n}x${n}`);
  }
  const mark = new Int32Array(n).fill(-1);
  const colPtr = new Int32Array(n + 1);
  let rows = new Int32Array(Math.max(16, n));
  let w = 0;
  const scratch: number[] = [];
  for (let j = 0; j < n; j++) {
    colPtr[j] = w;
    scratch.length = 0;
    mark[j] = j;
    scratch.push(j);
    for (const M of contributions) {
      for (let q = M.colPtr[j]; q < M.colPtr[j + 1]; q++) {
        const i = M.rowIdx[q];
        if (i > j || mark[i] === j) continue;
        mark[i] = j;
        scratch.push(i);
      }
    }
    scratch.sort((a, b) => a - b);
    if (w + scratch.length > rows.length) {
      const bigger = new Int32Array(Math.max(2 * rows.length, w + scratch.length));
      bigger.set(rows);
      rows = bigger;
    }
    for (const i of scratch) rows[w++] = i;
  }
  colPtr[n] = w;
  const rowIdx = rows.slice(0, w);
  const maps = contributions.map((M) => {
    const map = new Int32Array(M.colPtr[n]).fill(-1);
    for (let j = 0; j < n; j++) {
      for (let q = M.colPtr[j]; q < M.colPtr[j + 1]; q++) {
        const i = M.rowIdx[q];
        if (i <= j) map[q] = findRowIndex(rowIdx, colPtr[j], colPtr[j + 1], i, "planAssembly");
      }
    }
    return map;
  });
  return {
    n,
    pattern: { nrow: n, ncol: n, colPtr, rowIdx, values: new Float64Array(w) },
    contributions,
    maps,
  };
}

/**
 * out = sum_k coefficients[k] * piece_k in C's value order (zero-filled first). `values[k]`, when
 * given, replaces piece k's own values (same entry order) for pieces whose values change per
 * iteration. Pieces with a zero coefficient are skipped. Allocation-free.
 */
export function fillAssembly(
  plan: AssemblyPlan,
  coefficients: ArrayLike<number>,
  out: Float64Array,
  values?: ReadonlyArray<Float64Array | null | undefined>,
): void {
  out.fill(0);
  const K = plan.maps.length;
  for (let k = 0; k < K; k++) {
    const c = coefficients[k];
    if (c === 0) continue;
    const src = (values !== undefined ? values[k] : undefined) ?? plan.contributions[k].values;
    scatterAdd(plan.maps[k], c, src, out);
  }
}

/** out[map[q]] += coefficient * values[q] for every mapped entry q (e.g. piece k with new values). */
export function scatterAdd(map: Int32Array, coefficient: number, values: Float64Array, out: Float64Array): void {
  for (let q = 0, nq = map.length; q < nq; q++) {
    const d = map[q];
    if (d >= 0) out[d] += coefficient * values[q];
  }
}
