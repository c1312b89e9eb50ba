// Approximate minimum degree ordering: P. R. Amestoy, T. A. Davis & I. S. Duff (1996), "An
// approximate minimum degree ordering algorithm", SIAM J. Matrix Anal. Appl. 17(4):886-905.
//
// Written from the paper: quotient graph of variables and elements (amd-graph.ts), approximate
// external degrees (their eq. 4.1 bound), element absorption including aggressive absorption,
// mass elimination, supervariable detection by hashing (amd-supervariables.ts), and removal of
// dense rows (ordered last). Runs once per model, so plain arrays are used for the lists; the
// per-pivot work is the paper's. This module is the elimination loop.

import { degreeLists } from "./amd-degree-lists.js";
import { DENSE, ELEMENT, GONE, initialQuotientGraph, VARIABLE } from "./amd-graph.js";
import { supervariableDetector } from "./amd-supervariables.js";
import { type Csc } from "./csc.js";

export interface AmdOptions {
  /** A row with more than max(16, dense * sqrt(n)) off-diagonal entries is ordered last (default 10). */
  dense?: number;
  /** Aggressive absorption of elements whose variables all lie in the new element (default true). */
  aggressive?: boolean;
}

/**
 * Fill-reducing ordering of the symmetric pattern A + A' (diagonal ignored). Returns perm with
 * perm[k] = the original index pivoted k-th.
 */
export function amdOrder(A: Csc, options: AmdOptions = {}): Int32Array {
  const n = A.ncol;
  if (A.nrow !== n) throw new RangeError("amdOrder: matrix is not square");
  const order = new Int32Array(n);
  if (n === 0) return order;
  const aggressive = options.aggressive ?? true;
  const denseThreshold = Math.max(16, (options.dense ?? 10) * Math.sqrt(n));

  const graph = initialQuotientGraph(A, denseThreshold);
  const { status, nv, deg, elems, elemVars, adj, dense } = graph;
  const nActive = n - dense.length;
  const elemSize = new Int32Array(n);
  const lists = degreeLists(n);
  for (let i = 0; i < n; i++) if (status[i] !== DENSE) lists.insert(i, deg[i]);
  const mergeSupervariables = supervariableDetector(n);

  let nout = 0;
  const emit = (i: number): void => {
    for (let v = i; v !== -1; v = graph.memNext[v]) order[nout++] = v;
  };

  const mark = new Int32Array(n); // mark[i] === stamp: i is in the current Lp
  let stamp = 0;
  const w = new Float64Array(n); // w[e] - wflg = |Le \ Lp| (weighted) once set this step
  let wflg = 1;
  const dOut = new Int32Array(n); // part of the degree outside Lp
  const hashOf = new Float64Array(n);
  let nel = 0;

  while (nel < nActive) {
    const p = lists.removeMin();
    const nvp = nv[p];

    // The new element Lp = (A_p U union of L_e for e in E_p) \ {p}; elements of E_p are absorbed.
    stamp++;
    mark[p] = stamp;
    const Lp: number[] = [];
    const pushVar = (i: number): void => {
      if (status[i] === VARIABLE && nv[i] > 0 && mark[i] !== stamp) {
        mark[i] = stamp;
        Lp.push(i);
        lists.remove(i);
      }
    };
    for (const e of elems[p]!) {
      if (status[e] !== ELEMENT) continue;
      for (const i of elemVars[e]!) pushVar(i);
      status[e] = GONE;
      elemVars[e] = null;
    }
    for (const i of adj[p]) pushVar(i);
    status[p] = ELEMENT;
    elems[p] = null;
    adj[p] = [];
    nel += nvp;
    emit(p);

    // |Le \ Lp| for every element adjacent to a variable of Lp (paper sec. 3, the w(e) pass).
    for (const i of Lp) {
      const nvi = nv[i];
      for (const e of elems[i]!) {
        if (status[e] !== ELEMENT) continue;
        if (w[e] < wflg) w[e] = elemSize[e] + wflg;
        w[e] -= nvi;
      }
    }

    // Prune element and variable lists of each i in Lp, absorb, and find mass eliminations.
    for (const i of Lp) {
      // Compact E_i and A_i in place (no per-pivot allocation), then append p to E_i.
      const Ei = elems[i]!;
      let d = 0;
      let h = p;
      let ne = 0;
      for (let t = 0, len = Ei.length; t < len; t++) {
        const e = Ei[t];
        if (status[e] !== ELEMENT) continue;
        const we = w[e] - wflg;
        if (we > 0 || !aggressive) {
          d += we;
          Ei[ne++] = e;
          h += e;
        } else {
          status[e] = GONE; // Le is inside Lp: aggressive absorption into p
          elemVars[e] = null;
        }
      }
      Ei.length = ne;
      Ei.push(p);
      const Ai = adj[i];
      let na = 0;
      for (let t = 0, len = Ai.length; t < len; t++) {
        const j = Ai[t];
        if (status[j] === VARIABLE && nv[j] > 0 && mark[j] !== stamp) {
          Ai[na++] = j;
          d += nv[j];
          h += j;
        }
      }
      Ai.length = na;
      if (Ei.length === 1 && Ai.length === 0) {
        // Adj(i) is inside Lp U {p}: eliminate i together with p (mass elimination).
        status[i] = GONE;
        nel += nv[i];
        emit(i);
        nv[i] = 0;
        continue;
      }
      dOut[i] = d;
      hashOf[i] = h;
    }

    // Compact Lp and its weighted size.
    let degme = 0;
    let t = 0;
    for (const i of Lp) {
      if (status[i] === VARIABLE && nv[i] > 0) {
        Lp[t++] = i;
        degme += nv[i];
      }
    }
    Lp.length = t;

    // Supervariable detection among Lp: equal hash, then equal element and variable lists.
    if (t > 1) mergeSupervariables(graph, Lp, hashOf);

    // Approximate external degrees (paper eq. 4.1) and reinsertion into the degree lists.
    const nleft = nActive - nel;
    t = 0;
    for (const i of Lp) {
      if (nv[i] === 0) continue;
      Lp[t++] = i;
      const nvi = nv[i];
      const ext = degme - nvi;
      let d = Math.min(deg[i] + ext, dOut[i] + ext, nleft - nvi);
      if (d < 0) d = 0;
      deg[i] = d;
      lists.insert(i, d);
    }
    Lp.length = t;
    elemVars[p] = Lp;
    elemSize[p] = degme;
    wflg += n + 1;
  }

  for (const i of dense) order[nout++] = i;
  if (nout !== n) throw new Error(`amdOrder: internal error, ordered ${nout} of ${n}`);
  return order;
}
