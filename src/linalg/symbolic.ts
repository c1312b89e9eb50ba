// Symbolic Cholesky analysis, done once per model (Davis, Direct Methods for Sparse Linear
// Systems, ch. 4): fill-reducing ordering, elimination tree (Liu's algorithm with path
// compression), postorder, row subtrees -> column counts and the pattern of L, supernodes, and
// the static update schedule of the left-looking supernodal factorisation (Ng & Peyton 1993,
// "Block sparse Cholesky algorithms on advanced uniprocessor computers"). Everything numeric
// refactorisation and the solves need is preallocated here.

import { amdOrder, type AmdOptions } from "./amd.js";
import { findRowIndex, type Csc, symPermUpper } from "./csc.js";

export interface SymbolicCholesky {
  readonly n: number;
  /** perm[k] = original index of the k-th pivot (P C P' = L L' with (P x)[k] = x[perm[k]]). */
  readonly perm: Int32Array;
  /** pinv[original index] = position in the elimination order. */
  readonly pinv: Int32Array;
  /** Elimination tree of P C P' (parent[k] = -1 at roots). */
  readonly parent: Int32Array;
  /** Pattern of L (lower, diagonal first in each column, rows sorted). */
  readonly colPtr: Int32Array;
  readonly rowIdx: Int32Array;
  readonly nnzL: number;
  /** Length of the values array factorNumeric expects (nnz of the analysed pattern of C). */
  readonly nnzC: number;
  /** For each entry of C's analysed pattern, its index in L.values (-1: below the diagonal, ignored). */
  readonly valueToL: Int32Array;
  /** Supernodes: columns superStart[s] .. superStart[s+1]-1 share one row structure. */
  readonly nsuper: number;
  readonly superStart: Int32Array;
  /** Updates into supernode J come from supernodes updK[u], rows updP1[u] .. updP2[u]-1 of it, u in updPtr[J] .. updPtr[J+1]-1. */
  readonly updPtr: Int32Array;
  readonly updK: Int32Array;
  readonly updP1: Int32Array;
  readonly updP2: Int32Array;
  /** Workspace: row -> position in the current target supernode. */
  readonly relMap: Int32Array;
  /** Workspace: dense update block. */
  readonly updBuf: Float64Array;
  /** Workspace: permuted right-hand side for the solves (length n). */
  readonly work: Float64Array;
  /** Floating-point operations of one numeric factorisation (sum of squared column counts). */
  readonly flops: number;
}

export interface AnalyseOptions {
  /** 'amd' (default), 'natural', or an explicit permutation (perm[k] = original index of pivot k). */
  ordering?: "amd" | "natural" | Int32Array;
  amd?: AmdOptions;
}

/**
 * Symbolic analysis of the symmetric matrix C given by its upper triangle (row <= col; entries
 * below the diagonal are ignored, so a full symmetric pattern works too). The values array later
 * passed to factorNumeric must follow C's entry order.
 */
export function analyseCholesky(C: Csc, options: AnalyseOptions = {}): SymbolicCholesky {
  const n = C.ncol;
  if (C.nrow !== n) throw new RangeError(`analyseCholesky: matrix is ${C.nrow}x${C.ncol}, not square`);
  const nnzC = C.colPtr[n];
  for (let j = 0; j < n; j++) {
    let has = false;
    for (let q = C.colPtr[j]; q < C.colPtr[j + 1]; q++) if (C.rowIdx[q] === j) has = true;
    if (!has) throw new RangeError(`analyseCholesky: column ${j} has no diagonal entry in the pattern`);
  }

  // 1. Fill-reducing ordering.
  const ord = options.ordering ?? "amd";
  let perm0: Int32Array;
  if (ord === "amd") perm0 = amdOrder(C, options.amd);
  else if (ord === "natural") perm0 = Int32Array.from({ length: n }, (_, i) => i);
  else perm0 = checkPermutation(ord, n);

  // 2. Postorder the elimination tree so that supernodes are contiguous; fill is unchanged.
  const pinv0 = inversePerm(perm0);
  const C1 = symPermUpper(C, pinv0).matrix;
  const post = postorder(eliminationTree(C1));
  const perm = new Int32Array(n);
  for (let k = 0; k < n; k++) perm[k] = perm0[post[k]];
  const pinv = inversePerm(perm);
  const { matrix: C2, map } = symPermUpper(C, pinv);
  const parent = eliminationTree(C2);

  // 3. Pattern of L from the row subtrees: row k of L is the union of etree paths from each
  //    i with C2(i, k) != 0, i < k, up to k (Davis sec. 4.2-4.4).
  const count = new Int32Array(n).fill(1);
  const mark = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    mark[k] = k;
    for (let q = C2.colPtr[k]; q < C2.colPtr[k + 1]; q++) {
      for (let i = C2.rowIdx[q]; mark[i] !== k; i = parent[i]) {
        mark[i] = k;
        count[i]++;
      }
    }
  }
  const colPtr = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) colPtr[j + 1] = colPtr[j] + count[j];
  const nnzL = colPtr[n];
  const rowIdx = new Int32Array(nnzL);
  const fillPos = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    rowIdx[colPtr[j]] = j;
    fillPos[j] = colPtr[j] + 1;
  }
  mark.fill(-1);
  for (let k = 0; k < n; k++) {
    mark[k] = k;
    for (let q = C2.colPtr[k]; q < C2.colPtr[k + 1]; q++) {
      for (let i = C2.rowIdx[q]; mark[i] !== k; i = parent[i]) {
        mark[i] = k;
        rowIdx[fillPos[i]++] = k;
      }
    }
  }

  // 4. Where each entry of C lands in L: C(i, j), i <= j, becomes L(max, min) of the permuted pair.
  const valueToL = new Int32Array(nnzC).fill(-1);
  for (let q = 0; q < nnzC; q++) {
    const d = map[q];
    if (d < 0) continue;
    const r = C2.rowIdx[d];
    const c = columnOf(C2.colPtr, d);
    valueToL[q] = findRowIndex(rowIdx, colPtr[r], colPtr[r + 1], c, "symbolic analysis");
  }

  // 5. Supernodes: j joins j-1 when parent(j-1) = j and struct(L(:, j-1)) = {j-1} U struct(L(:, j)).
  const starts: number[] = [];
  for (let j = 0; j < n; j++) {
    if (j === 0 || parent[j - 1] !== j || count[j - 1] !== count[j] + 1) starts.push(j);
  }
  starts.push(n);
  const nsuper = starts.length - 1;
  const superStart = Int32Array.from(starts);
  const superOf = new Int32Array(n);
  for (let s = 0; s < nsuper; s++) for (let j = superStart[s]; j < superStart[s + 1]; j++) superOf[j] = s;

  // 6. Update schedule: supernode K updates each supernode J holding one of its off-diagonal rows,
  //    with the contiguous run of its rows inside J's columns.
  const updCount = new Int32Array(nsuper + 1);
  let bufSize = 1;
  const runs: number[] = [];
  for (let K = 0; K < nsuper; K++) {
    const f = superStart[K];
    const w = superStart[K + 1] - f;
    const pk = colPtr[f];
    const m = colPtr[f + 1] - pk;
    let p = w;
    while (p < m) {
      const J = superOf[rowIdx[pk + p]];
      const end = superStart[J + 1];
      let p2 = p + 1;
      while (p2 < m && rowIdx[pk + p2] < end) p2++;
      runs.push(J, K, p, p2);
      updCount[J + 1]++;
      if (w > 1) bufSize = Math.max(bufSize, (m - p) * (p2 - p));
      p = p2;
    }
  }
  for (let J = 0; J < nsuper; J++) updCount[J + 1] += updCount[J];
  const updPtr = updCount.slice();
  const nupd = updPtr[nsuper];
  const updK = new Int32Array(nupd);
  const updP1 = new Int32Array(nupd);
  const updP2 = new Int32Array(nupd);
  const nextUpd = updPtr.slice(0, nsuper);
  for (let r = 0; r < runs.length; r += 4) {
    const u = nextUpd[runs[r]]++;
    updK[u] = runs[r + 1];
    updP1[u] = runs[r + 2];
    updP2[u] = runs[r + 3];
  }

  let flops = 0;
  for (let j = 0; j < n; j++) flops += count[j] * count[j];

  return {
    n,
    perm,
    pinv,
    parent,
    colPtr,
    rowIdx,
    nnzL,
    nnzC,
    valueToL,
    nsuper,
    superStart,
    updPtr,
    updK,
    updP1,
    updP2,
    relMap: new Int32Array(n),
    updBuf: new Float64Array(bufSize),
    work: new Float64Array(n),
    flops,
  };
}

/** Elimination tree of the symmetric matrix whose upper triangle is given (Liu, path compression). */
export function eliminationTree(U: Csc): Int32Array {
  const n = U.ncol;
  const parent = new Int32Array(n).fill(-1);
  const ancestor = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    for (let q = U.colPtr[k]; q < U.colPtr[k + 1]; q++) {
      let i = U.rowIdx[q];
      while (i !== -1 && i < k) {
        const up = ancestor[i];
        ancestor[i] = k;
        if (up === -1) parent[i] = k;
        i = up;
      }
    }
  }
  return parent;
}

/** Postorder of a forest: post[k] = the node visited k-th (children in increasing order). */
export function postorder(parent: Int32Array): Int32Array {
  const n = parent.length;
  const head = new Int32Array(n).fill(-1);
  const next = new Int32Array(n).fill(-1);
  for (let j = n - 1; j >= 0; j--) {
    const p = parent[j];
    if (p === -1) continue;
    next[j] = head[p];
    head[p] = j;
  }
  const post = new Int32Array(n);
  const stack = new Int32Array(n);
  let k = 0;
  for (let root = 0; root < n; root++) {
    if (parent[root] !== -1) continue;
    let top = 0;
    stack[0] = root;
    while (top >= 0) {
      const p = stack[top];
      const child = head[p];
      if (child === -1) {
        top--;
        post[k++] = p;
      } else {
        head[p] = next[child];
        stack[++top] = child;
      }
    }
  }
  return post;
}

export function inversePerm(perm: Int32Array): Int32Array {
  const pinv = new Int32Array(perm.length);
  for (let k = 0; k < perm.length; k++) pinv[perm[k]] = k;
  return pinv;
}

function checkPermutation(perm: Int32Array, n: number): Int32Array {
  if (perm.length !== n) throw new RangeError(`ordering has length ${perm.length}, expected ${n}`);
  const seen = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const i = perm[k];
    if (!(i >= 0 && i < n) || seen[i]) throw new RangeError(`ordering is not a permutation (entry ${k} = ${i})`);
    seen[i] = 1;
  }
  return perm;
}

function columnOf(colPtr: Int32Array, d: number): number {
  let lo = 0;
  let hi = colPtr.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (colPtr[mid] <= d) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
