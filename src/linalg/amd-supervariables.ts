// Supervariable detection of the minimum degree ordering (amd.ts; Amestoy, Davis & Duff 1996):
// variables of the new element with equal element lists E_i and variable lists A_i are
// indistinguishable and are merged into one supervariable, found by hashing the lists and
// comparing only the variables of a hash bucket.

import { GONE, type QuotientGraph } from "./amd-graph.js";

/**
 * A detector for graphs of n nodes: merge(g, Lp, hashOf) merges every pair of indistinguishable
 * variables of Lp (hashOf[i] = hash of E_i and A_i) into the first of them, which keeps the
 * smaller degree; the merged variable gets nv 0.
 */
export function supervariableDetector(n: number): (g: QuotientGraph, Lp: readonly number[], hashOf: Float64Array) => void {
  const cmp = new Int32Array(n); // membership marks for supervariable comparison
  let cmpStamp = 0;
  return function mergeIndistinguishable(g, Lp, hashOf) {
    const { nv, status, elems, adj, memNext, memTail, deg } = g;
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
  };
}
