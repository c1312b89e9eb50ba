// What the logit families (categorical, multinomial2, multinomialK) share: the multinomial logit
// log-likelihood against a reference category, its sampler form, and draws.

import { logFactorial } from "./log-factorial.js";
import { rBinomial, rCategorical } from "../../random/distributions.js";
import { logistic, logOnePlusSumExp, softplus } from "../../random/logistic.js";
import type { Rng } from "../../random/stream.js";
import { softmaxProbabilities } from "./predictive.js";
import type { LogitCounts, UnitLogLikelihood } from "./types.js";

/** sum_j k_j x_j - n log(1 + sum_j e^{x_j}): the sampler's logit log-likelihood (constants dropped). */
export function logitSamplerLogLikelihood(c: LogitCounts, K: number): UnitLogLikelihood {
  return (u, x) => {
    let s = 0;
    for (let j = 0; j < K; j++) {
      const k = c.count(u, j);
      if (k !== 0) s += k * x[j];
    }
    return s - c.trials(u) * (K === 1 ? softplus(x[0]) : logOnePlusSumExp(x, K, -1));
  };
}

let probs = new Float64Array(8);

/** Category probabilities softmax(0, l) in a scratch array reused across calls (simulation). */
export function softmaxScratch(l: ArrayLike<number>, K: number): Float64Array {
  if (probs.length < K + 1) probs = new Float64Array(2 * (K + 1));
  softmaxProbabilities(l, K, probs);
  return probs;
}

/** A category drawn from softmax(0, l_1..l_K): 0 = the baseline. */
export function drawCategory(l: ArrayLike<number>, K: number, rng: Rng): number {
  return rCategorical(rng, softmaxScratch(l, K).subarray(0, K + 1));
}

/**
 * Counts of `size` trials over K+1 categories with logits l against category 0, by sequential
 * binomials; counts[j-1] gets category j's count (j = 1..K) and counts[K] category 0's.
 */
export function drawMultinomial(l: ArrayLike<number>, K: number, size: number, rng: Rng, counts: Float64Array | null): number {
  if (K === 1) return rBinomial(rng, size, logistic(l[0]));
  const p = softmaxScratch(l, K);
  let rest = size, mass = 1, first = 0;
  for (let j = 1; j <= K; j++) {
    const cnt = rest > 0 ? rBinomial(rng, rest, Math.min(1, p[j] / mass)) : 0;
    if (counts) counts[j - 1] = cnt;
    if (j === 1) first = cnt;
    rest -= cnt;
    mass -= p[j];
  }
  if (counts) counts[K] = rest;
  return first;
}

/** log of the binomial coefficient n choose y. */
export const logChoose = (n: number, y: number): number => logFactorial(n) - logFactorial(y) - logFactorial(n - y);
