// Chain-rule (Rosenblatt 1952) decompositions for quantile residuals of responses with several
// counts or a nominal category (FamilyDefinition.sequential). A K-category count vector with
// probabilities p_1..p_K factors as
//   y_1 ~ Bin(n, p_1),  y_2 | y_1 ~ Bin(n - y_1, p_2 / (1 - p_1)),  ...,
// K-1 steps (the last count is n less the others); a nominal category is the same with n = 1 in
// the order of the factor's levels. A zero-truncated multivariate binary row (ztmbJ) factors
// column by column under its law conditioned on not all zero. Each step gives the probabilities
// the residual code needs: P(earlier steps as observed) and the joint CDF of the step with them.

import { binomialCdf } from "../../random/distributions.js";
import { logistic, softplus } from "../../random/logistic.js";
import { logChoose } from "./logit.js";
import { softmaxProbabilities } from "./predictive.js";
import type { SequentialLaw } from "./types.js";
import { exp, expm1, log, pow } from "../../math/deterministic.js";

/** Step names: the first step's own name, each later one "name|earlier,names". */
export function stepNames(prefix: string, names: readonly string[]): string[] {
  return names.map((nm, k) => (k === 0 ? `${prefix}${nm}` : `${prefix}${nm}|${names.slice(0, k).join(",")}`));
}

/** Bin(a; n, w) with log w and log(1 - w) given (exact 0/1 at the ends). */
function binomialMass(a: number, n: number, lw: number, l1w: number): number {
  if (a < 0 || a > n) return 0;
  const s = (a > 0 ? a * lw : 0) + (n - a > 0 ? (n - a) * l1w : 0);
  return exp(logChoose(n, a) + s);
}

/** Below this many trials the binomial CDF is summed term by term (cheaper than the incomplete beta). */
const DIRECT_TRIALS = 40;
const cdf = new Float64Array(3);

/**
 * cdf[0] = P(Y <= a), cdf[1] = P(Y <= a - 1), cdf[2] = P(Y = a) for Y ~ Bin(n, w), 1 - w = v given
 * apart (accurate when w is near 1): the pmf recurrence from (1 - w)^n for small n while that
 * cannot underflow, else the incomplete beta and the log mass.
 */
function binomialAt(a: number, n: number, w: number, v: number): Float64Array {
  if (a < 0) {
    cdf.fill(0);
    return cdf;
  }
  if (n <= DIRECT_TRIALS && v > 1e-12) {
    const ratio = w / v;
    let pmf = pow(v, n), below = 0;
    for (let k = 0; k < a; k++) {
      below += pmf;
      pmf *= ((n - k) / (k + 1)) * ratio;
    }
    cdf[0] = Math.min(1, below + pmf);
    cdf[1] = below;
    cdf[2] = a <= n ? pmf : 0;
    return cdf;
  }
  cdf[0] = binomialCdf(a, n, w);
  cdf[1] = binomialCdf(a - 1, n, w);
  cdf[2] = binomialMass(a, n, log(w), log(v));
  return cdf;
}

/**
 * The binomial chain over categories 0..K-2 with probabilities p (summing to 1) and counts y(j)
 * out of n: writes 3 values per step (see SequentialLaw.probabilities).
 */
export function binomialChain(p: ArrayLike<number>, K: number, y: (j: number) => number, n: number, tail: Float64Array, out: Float64Array): void {
  // tail[k] = p_k + ... + p_{K-1}, summed from the end so that small tails keep their precision
  tail[K] = 0;
  for (let k = K - 1; k >= 0; k--) tail[k] = tail[k + 1] + p[k];
  let P = 1, rest = n;
  for (let k = 0; k < K - 1; k++) {
    const a = y(k);
    const w = tail[k] > 0 ? Math.min(1, p[k] / tail[k]) : 0;
    const v = tail[k] > 0 ? tail[k + 1] / tail[k] : 1;
    const c = binomialAt(a, rest, w, v);
    out[3 * k] = P;
    out[3 * k + 1] = P * c[0];
    out[3 * k + 2] = P * c[1];
    P *= c[2];
    rest -= a;
  }
}

/** multinomialK (K > 2): columns in order, p_j = softmax(l_1..l_{K-1}, 0), the last column the reference. */
export function multinomialSequential(): SequentialLaw {
  let p = new Float64Array(8), tail = new Float64Array(9);
  return {
    steps: (_r, traitNames) => stepNames("", traitNames),
    fixed: (r, unit, step) => {
      const ys = r.counts!;
      let rest = r.trials![unit];
      for (let i = 0; i < step; i++) rest -= ys[i][unit];
      return rest === 0;
    },
    probabilities: (r, unit, l, n, out) => {
      const ys = r.counts!, K = ys.length;
      if (p.length < K) [p, tail] = [new Float64Array(K), new Float64Array(K + 1)];
      softmaxProbabilities(l, K - 1, p); // p[0] is the reference: rotate it to the end
      const ref = p[0];
      for (let j = 0; j < K - 1; j++) p[j] = p[j + 1];
      p[K - 1] = ref;
      binomialChain(p, K, (j) => ys[j][unit], n, tail, out);
    },
  };
}

/** categorical (K > 2 levels): the indicator of each level but the last, in the factor's level order. */
export function categoricalSequential(): SequentialLaw {
  let p = new Float64Array(8), tail = new Float64Array(9);
  return {
    steps: (r) => stepNames(`${r.name}.`, (r.categories ?? []).slice(0, -1)),
    // step k is level k: fixed (no more draws left) once the observed level came earlier
    fixed: (r, unit, step) => r.y[unit] < step,
    probabilities: (r, unit, l, _n, out) => {
      const K = r.nTraits + 1;
      if (p.length < K) [p, tail] = [new Float64Array(K), new Float64Array(K + 1)];
      softmaxProbabilities(l, K - 1, p);
      const c = r.y[unit];
      binomialChain(p, K, (j) => (j === c ? 1 : 0), 1, tail, out);
    },
  };
}

/**
 * ztmbJ: columns in order under the law of J Bernoullis p_j = logistic(l_j) given not all zero.
 * With Q = P(y_<k as observed) unconditioned and N_k = prod_{i >= k} (1 - p_i):
 *   P(y_<k, Y_k = v | not all zero) = Q p_k^v (1 - p_k)^(1 - v) [some 1 in y_<k or v = 1 ? 1 : 1 - N_{k+1}] / (1 - N_0).
 */
export function ztmbSequential(): SequentialLaw {
  let suffix = new Float64Array(9);
  return {
    steps: (_r, traitNames) => stepNames("", traitNames),
    // the last column must be 1 when all the others are 0
    fixed: (r, unit, step) => {
      const ys = r.counts!;
      if (step !== ys.length - 1) return false;
      for (let i = 0; i < step; i++) if (ys[i][unit] === 1) return false;
      return true;
    },
    probabilities: (r, unit, l, _n, out) => {
      const ys = r.counts!, J = ys.length;
      if (suffix.length < J + 1) suffix = new Float64Array(J + 1);
      // suffix[k] = sum_{i >= k} log(1 + e^l_i) = -log N_k
      suffix[J] = 0;
      for (let k = J - 1; k >= 0; k--) suffix[k] = suffix[k + 1] + softplus(l[k]);
      const Z = -expm1(-suffix[0]);
      let Q = 1, some = false;
      for (let k = 0; k < J; k++) {
        const p1 = logistic(l[k]), p0 = logistic(-l[k]);
        const v0 = (Q * p0 * (some ? 1 : -expm1(-suffix[k + 1]))) / Z;
        const v1 = (Q * p1) / Z;
        const y = ys[k][unit];
        out[3 * k] = (Q * (some ? 1 : -expm1(-suffix[k]))) / Z;
        out[3 * k + 1] = y >= 1 ? v0 + v1 : v0;
        out[3 * k + 2] = y >= 1 ? v0 : 0;
        Q *= y === 1 ? p1 : p0;
        if (y === 1) some = true;
      }
    },
  };
}

