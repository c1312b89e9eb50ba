// The probability that every one of k multinomial categories receives at least one of n draws
// (MCMCglmm's pkk), the normaliser of the zero-truncated multinomial (ztmultinomial.ts). With
// probabilities q_1..q_k summing to 1, by inclusion-exclusion over the sets T of categories that
// receive every draw,
//   P(all present) = sum_{T ⊆ {1..k}} (-1)^(k - |T|) q(T)^n,   q(T) = sum_{j in T} q_j,
// whose alternating terms cancel when P is small (absolute error about 2^k n eps). There the
// positive recursion over categories is used instead: with w_j = q_j / (q_1 + ... + q_j),
//   P_j(c) = sum_{a=1}^{c} C(c, a) w_j^a (1 - w_j)^(c - a) P_{j-1}(c - a),   P_1(c) = [c >= 1]
// (the a draws of category j out of the c that fall in categories 1..j), exact and O(k n^2).
// MCMCglmm floors P at 1e-16; here it is computed to full relative precision instead.

import { logChoose } from "./logit.js";

/** Above this many categories inclusion-exclusion (2^k terms) is not used. */
const MAX_SUBSET_CATEGORIES = 12;
/** Inclusion-exclusion is trusted when P exceeds its error bound by this factor. */
const SAFETY = 1e6;

export interface AllPresent {
  /** log P(each of the k categories gets >= 1 of n draws), q[0..k-1] summing to 1. */
  log(q: Float64Array, k: number, n: number): number;
}

/** An evaluator with its scratch space allocated once (for up to maxK categories and maxN draws). */
export function allPresentEvaluator(maxK: number, maxN: number): AllPresent {
  const sums = new Float64Array(1 << Math.min(maxK, MAX_SUBSET_CATEGORIES));
  let prev = new Float64Array(maxN + 1);
  let next = new Float64Array(maxN + 1);

  function inclusionExclusion(q: Float64Array, k: number, n: number): number {
    const full = (1 << k) - 1;
    let p = 0;
    sums[0] = 0;
    for (let mask = 1; mask <= full; mask++) {
      const low = mask & -mask;
      sums[mask] = sums[mask ^ low] + q[31 - Math.clz32(low)];
      const size = popcount(mask);
      p += ((k - size) % 2 === 0 ? 1 : -1) * Math.pow(sums[mask], n);
    }
    return p;
  }

  function recursion(q: Float64Array, k: number, n: number): number {
    if (prev.length < n + 1) {
      prev = new Float64Array(n + 1);
      next = new Float64Array(n + 1);
    }
    prev.fill(1, 1, n + 1);
    prev[0] = 0;
    let mass = q[0];
    for (let j = 1; j < k; j++) {
      mass += q[j];
      const w = q[j] / mass;
      const lw = Math.log(w), l1w = Math.log1p(-w);
      for (let c = 0; c <= n; c++) {
        let s = 0;
        for (let a = 1; a <= c; a++) {
          const rest = prev[c - a];
          if (rest !== 0) s += Math.exp(logChoose(c, a) + a * lw + (c - a) * l1w) * rest;
        }
        next[c] = s;
      }
      const t = prev;
      prev = next;
      next = t;
    }
    return prev[n];
  }

  return {
    log(q, k, n) {
      if (k <= 1) return n >= k ? 0 : -Infinity;
      if (n < k) return -Infinity;
      if (k <= MAX_SUBSET_CATEGORIES && k <= maxK) {
        const p = inclusionExclusion(q, k, n);
        if (p > SAFETY * (1 << k) * (n + 1) * Number.EPSILON) return Math.log(p);
      }
      return Math.log(recursion(q, k, n));
    },
  };
}

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v !== 0; v &= v - 1) c++;
  return c;
}
