// The quotient graph of the approximate minimum degree ordering (amd.ts; Amestoy, Davis & Duff
// 1996): variables and elements (eliminated pivots standing for the cliques they created), with
// each variable's element list E_i and variable list A_i, supervariables as linked lists of their
// members, and the initial graph built from the pattern of A + A'.

import { type Csc } from "./csc.js";

export const VARIABLE = 0;
export const ELEMENT = 1;
export const GONE = 2; // absorbed element, non-principal or mass-eliminated variable
export const DENSE = 3;

export interface QuotientGraph {
  /** VARIABLE, ELEMENT, GONE or DENSE per node. */
  readonly status: Uint8Array;
  /** Number of variables a principal supervariable stands for (0 once merged or eliminated with a pivot). */
  readonly nv: Int32Array;
  /** A variable's (approximate external) degree. */
  readonly deg: Int32Array;
  /** E_i: the elements adjacent to variable i (null once i is gone). */
  readonly elems: (number[] | null)[];
  /** L_e: the variables of element e (null until e is formed and once it is absorbed). */
  readonly elemVars: (number[] | null)[];
  /** A_i: the variables adjacent to variable i. */
  readonly adj: number[][];
  /** Members of supervariable i: a list from i through memNext (-1 ends it), its last member memTail[i]. */
  readonly memNext: Int32Array;
  readonly memTail: Int32Array;
  /** Variables with more than the dense threshold of neighbours: out of the graph, ordered last. */
  readonly dense: readonly number[];
}

/** Adjacency of A + A' without the diagonal, duplicates removed. */
function symmetricAdjacency(A: Csc): number[][] {
  const n = A.ncol;
  const adj: number[][] = new Array(n);
  for (let i = 0; i < n; i++) adj[i] = [];
  const seen = new Int32Array(n).fill(-1);
  const raw: number[][] = new Array(n);
  for (let i = 0; i < n; i++) raw[i] = [];
  for (let j = 0; j < n; j++) {
    for (let q = A.colPtr[j]; q < A.colPtr[j + 1]; q++) {
      const i = A.rowIdx[q];
      if (i !== j) {
        raw[i].push(j);
        raw[j].push(i);
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const out = adj[i];
    for (const j of raw[i]) {
      if (seen[j] !== i) {
        seen[j] = i;
        out.push(j);
      }
    }
  }
  return adj;
}

/**
 * The graph before any elimination: every variable its own supervariable with degree |A_i|, no
 * elements. Rows with more than denseThreshold off-diagonal entries are removed from the graph.
 */
export function initialQuotientGraph(A: Csc, denseThreshold: number): QuotientGraph {
  const n = A.ncol;
  const adj = symmetricAdjacency(A);
  const status = new Uint8Array(n);
  const nv = new Int32Array(n).fill(1);
  const deg = new Int32Array(n);
  const elems: (number[] | null)[] = new Array(n);
  const elemVars: (number[] | null)[] = new Array(n).fill(null);
  const memNext = new Int32Array(n).fill(-1);
  const memTail = new Int32Array(n);
  for (let i = 0; i < n; i++) memTail[i] = i;

  const dense: number[] = [];
  for (let i = 0; i < n; i++) {
    if (adj[i].length > denseThreshold) {
      status[i] = DENSE;
      dense.push(i);
    }
  }
  for (let i = 0; i < n; i++) {
    elems[i] = [];
    if (status[i] === DENSE) continue;
    if (dense.length > 0) adj[i] = adj[i].filter((j) => status[j] !== DENSE);
    deg[i] = adj[i].length;
  }
  return { status, nv, deg, elems, elemVars, adj, memNext, memTail, dense };
}
