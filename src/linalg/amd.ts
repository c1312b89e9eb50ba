// Approximate minimum degree ordering: P. R. Amestoy, T. A. Davis & I. S. Duff (1996), "An
// approximate minimum degree ordering algorithm", SIAM J. Matrix Anal. Appl. 17(4):886-905.
//
// Written from the paper: quotient graph of variables and elements, approximate external degrees
// (their eq. 4.1 bound), element absorption including aggressive absorption, mass elimination,
// supervariable detection by hashing, and removal of dense rows (ordered last). Runs once per
// model, so plain arrays are used for the lists; the per-pivot work is the paper's.

import { type Csc } from "./csc.js";

export interface AmdOptions {
  /** A row with more than max(16, dense * sqrt(n)) off-diagonal entries is ordered last (default 10). */
  dense?: number;
  /** Aggressive absorption of elements whose variables all lie in the new element (default true). */
  aggressive?: boolean;
}

const VARIABLE = 0;
const ELEMENT = 1;
const GONE = 2; // absorbed element, non-principal or mass-eliminated variable
const DENSE = 3;

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

  // Adjacency of A + A' without the diagonal, duplicates removed.
  const adj: number[][] = new Array(n);
  for (let i = 0; i < n; i++) adj[i] = [];
  const seen = new Int32Array(n).fill(-1);
  {
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
  }

  const status = new Uint8Array(n);
  const nv = new Int32Array(n).fill(1);
  const deg = new Int32Array(n);
  const elemSize = new Int32Array(n);
  const elems: (number[] | null)[] = new Array(n);
  const elemVars: (number[] | null)[] = new Array(n).fill(null);
  const memNext = new Int32Array(n).fill(-1);
  const memTail = new Int32Array(n);
  for (let i = 0; i < n; i++) memTail[i] = i;

  // Dense rows are removed from the graph and ordered last.
  const dense: number[] = [];
  for (let i = 0; i < n; i++) {
    if (adj[i].length > denseThreshold) {
      status[i] = DENSE;
      dense.push(i);
    }
  }
  const nActive = n - dense.length;

  // Degree lists.
  const head = new Int32Array(n + 1).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const prev = new Int32Array(n).fill(-1);
  const inList = new Int32Array(n).fill(-1);
  let mindeg = n;
  const insert = (i: number, d: number): void => {
    const h = head[d];
    next[i] = h;
    prev[i] = -1;
    if (h !== -1) prev[h] = i;
    head[d] = i;
    inList[i] = d;
    if (d < mindeg) mindeg = d;
  };
  const remove = (i: number): void => {
    const d = inList[i];
    if (d < 0) return;
    if (prev[i] !== -1) next[prev[i]] = next[i];
    else head[d] = next[i];
    if (next[i] !== -1) prev[next[i]] = prev[i];
    inList[i] = -1;
  };

  for (let i = 0; i < n; i++) {
    elems[i] = [];
    if (status[i] === DENSE) continue;
    if (dense.length > 0) adj[i] = adj[i].filter((j) => status[j] !== DENSE);
    deg[i] = adj[i].length;
    insert(i, deg[i]);
  }

  let nout = 0;
  const emit = (i: number): void => {
    for (let v = i; v !== -1; v = memNext[v]) order[nout++] = v;
  };

  const mark = new Int32Array(n); // mark[i] === stamp: i is in the current Lp
  let stamp = 0;
  const w = new Float64Array(n); // w[e] - wflg = |Le \ Lp| (weighted) once set this step
  let wflg = 1;
  const cmp = new Int32Array(n); // membership marks for supervariable comparison
  let cmpStamp = 0;
  const dOut = new Int32Array(n); // part of the degree outside Lp
  const hashOf = new Float64Array(n);
  let nel = 0;

  while (nel < nActive) {
    while (mindeg <= n && head[mindeg] === -1) mindeg++;
    const p = head[mindeg];
    remove(p);
    const nvp = nv[p];

    // The new element Lp = (A_p U union of L_e for e in E_p) \ {p}; elements of E_p are absorbed.
    stamp++;
    mark[p] = stamp;
    const Lp: number[] = [];
    const pushVar = (i: number): void => {
      if (status[i] === VARIABLE && nv[i] > 0 && mark[i] !== stamp) {
        mark[i] = stamp;
        Lp.push(i);
        remove(i);
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
      const newE = Ei;
      const newA = Ai;
      if (newE.length === 1 && newA.length === 0) {
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
    if (t > 1) {
      const buckets = new Map<number, number[]>();
      for (const i of Lp) {
        const b = buckets.get(hashOf[i]);
        if (b) b.push(i);
        else buckets.set(hashOf[i], [i]);
      }
      for (const bucket of buckets.values()) {
        if (bucket.length < 2) continue;
        for (let a = 0; a < bucket.length; a++) {
          const i = bucket[a];
          if (nv[i] === 0) continue;
          cmpStamp++;
          const Ei = elems[i]!;
          const Ai = adj[i];
          for (const e of Ei) cmp[e] = cmpStamp;
          for (const j of Ai) cmp[j] = cmpStamp;
          for (let b2 = a + 1; b2 < bucket.length; b2++) {
            const j = bucket[b2];
            if (nv[j] === 0) continue;
            const Ej = elems[j]!;
            const Aj = adj[j];
            if (Ej.length !== Ei.length || Aj.length !== Ai.length) continue;
            let same = true;
            for (const e of Ej) {
              if (cmp[e] !== cmpStamp) {
                same = false;
                break;
              }
            }
            if (same) {
              for (const x of Aj) {
                if (cmp[x] !== cmpStamp) {
                  same = false;
                  break;
                }
              }
            }
            if (!same) continue;
            // j is indistinguishable from i: merge it into supervariable i.
            nv[i] += nv[j];
            nv[j] = 0;
            status[j] = GONE;
            elems[j] = null;
            adj[j] = [];
            memNext[memTail[i]] = j;
            memTail[i] = memTail[j];
            if (deg[j] < deg[i]) deg[i] = deg[j];
          }
        }
      }
    }

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
      insert(i, d);
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
