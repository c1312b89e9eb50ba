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
import { exp, log, pow } from "../../math/deterministic.js";

/** Above this many categories inclusion-exclusion (2^k terms) is not used. */
const MAX_SUBSET_CATEGORIES = 12;
/** Inclusion-exclusion is trusted when P exceeds its error bound by this factor. */
const SAFETY = 1e6;

export interface AllPresent {
  /** log P(each of the k categories gets >= 1 of n draws), q[0..k-1] summing to 1. */
  log(q: Float64Array, k: number, n: number): number;
  /**
   * First and second derivatives of log P in l_i when q = softmax(l) over the k categories
   * (out[0], out[1]): with Q_T = q(T), dQ_T = q_i ([i in T] - Q_T) and
   * d2Q_T = q_i (1 - 2 q_i) ([i in T] - Q_T), by differentiating each inclusion-exclusion term.
   * Returns false where inclusion-exclusion is not trusted (the caller differentiates numerically).
   */
  logDerivatives(q: Float64Array, k: number, n: number, i: number, out: Float64Array): boolean;
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
      p += ((k - size) % 2 === 0 ? 1 : -1) * pow(sums[mask], n);
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
      const before = mass;
      mass += q[j];
      // 1 - w = before / mass, not 1 - q_j / mass: accurate when category j holds nearly all the mass
      const lw = log(q[j] / mass), l1w = log(before / mass);
      for (let c = 0; c <= n; c++) {
        let s = 0;
        for (let a = 1; a <= c; a++) {
          const rest = prev[c - a];
          if (rest !== 0) s += exp(logChoose(c, a) + a * lw + (c - a) * l1w) * rest;
        }
        next[c] = s;
      }
      const t = prev;
      prev = next;
      next = t;
    }
    return prev[n];
  }

  function trusted(p: number, k: number, n: number): boolean {
    return p > SAFETY * (1 << k) * (n + 1) * Number.EPSILON;
  }

  return {
    logDerivatives(q, k, n, i, out) {
      if (k <= 1) {
        out[0] = out[1] = 0;
        return true;
      }
      if (k > MAX_SUBSET_CATEGORIES || k > maxK || n < k) return false;
      const full = (1 << k) - 1, bit = 1 << i, qi = q[i];
      let p = 0, d1 = 0, d2 = 0;
      sums[0] = 0;
      for (let mask = 1; mask <= full; mask++) {
        const low = mask & -mask;
        const Q = (sums[mask] = sums[mask ^ low] + q[31 - Math.clz32(low)]);
        const sign = (k - popcount(mask)) % 2 === 0 ? 1 : -1;
        const c = (mask & bit ? 1 : 0) - Q;
        const a = qi * c, b = qi * (1 - 2 * qi) * c;
        const Qn2 = n >= 2 ? pow(Q, n - 2) : 0;
        p += sign * Qn2 * Q * Q;
        d1 += sign * n * Qn2 * Q * a;
        d2 += sign * (n * (n - 1) * Qn2 * a * a + n * Qn2 * Q * b);
      }
      if (!trusted(p, k, n)) return false;
      out[0] = d1 / p;
      out[1] = d2 / p - out[0] * out[0];
      return true;
    },
    log(q, k, n) {
      if (k <= 1) return n >= k ? 0 : -Infinity;
      if (n < k) return -Infinity;
      if (k <= MAX_SUBSET_CATEGORIES && k <= maxK) {
        const p = inclusionExclusion(q, k, n);
        if (trusted(p, k, n)) return log(p);
      }
      return log(recursion(q, k, n));
    },
  };
}

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v !== 0; v &= v - 1) c++;
  return c;
}
