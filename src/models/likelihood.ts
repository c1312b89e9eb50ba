// log p(y | l): each non-Gaussian family's log-likelihood of one unit's observation given its
// latent values on the link scale (MCMCglmm's data model). Gaussian observations and threshold
// responses depend on the residual distribution too, so their densities are formed by callers
// from the conditional normal of l (see samplers/deviance.ts).

import { lgamma } from "../diagnostics/beta.js";
import { softplus } from "../random/logistic.js";
import { logNormalCdf, logNormalUpperTail, normalCdf } from "../random/normal-cdf.js";
import type { Response } from "./types.js";

/** log(Phi(b) - Phi(a)) for a <= b, accurate in both tails and for narrow intervals. */
export function logNormalInterval(a: number, b: number): number {
  if (!(a < b)) return -Infinity;
  if (a > 0) {
    // both in the upper tail: Q(a) - Q(b)
    const la = logNormalUpperTail(a), lb = logNormalUpperTail(b);
    return la + Math.log1p(-Math.exp(lb - la));
  }
  if (b < 0) {
    const la = logNormalCdf(a), lb = logNormalCdf(b);
    return lb + Math.log1p(-Math.exp(la - lb));
  }
  // a <= 0 <= b: the interval holds the mode, so Phi(b) - Phi(a) >= (b - a) phi(max(|a|,|b|)).
  const d = normalCdf(b) - normalCdf(a);
  if (d > 1e-12) return Math.log(d);
  return Math.log(b - a) - 0.5 * Math.log(2 * Math.PI) - 0.5 * Math.max(a * a, b * b);
}

/** Cutpoint interval (lower, upper] of category c among K, cutpoints (0, g2, ..., g(K-1)). */
export function categoryInterval(c: number, cutpoints: ArrayLike<number>, K: number): [number, number] {
  const lower = c === 0 ? -Infinity : cutpoints[c - 1];
  const upper = c === K - 1 ? Infinity : cutpoints[c];
  return [lower, upper];
}

/**
 * log p(y_unit | l) for poisson, categorical, multinomial2, multinomialK and ordinal responses; `l` holds the
 * response's latent traits at the unit (length nTraits). NaN (missing) observations give 0.
 */
export function logLikelihoodGivenLatent(r: Response, unit: number, l: ArrayLike<number>, cutpoints: ArrayLike<number>): number {
  const y = r.y[unit];
  if (Number.isNaN(y)) return 0;
  switch (r.family) {
    case "poisson":
      return y * l[0] - Math.exp(l[0]) - lgamma(y + 1);
    case "multinomial2": {
      const n = r.trials ? r.trials[unit] : 1;
      return y * l[0] - n * softplus(l[0]) + lgamma(n + 1) - lgamma(y + 1) - lgamma(n - y + 1);
    }
    case "ordinal": {
      const K = r.categories?.length ?? 2;
      const [lo, hi] = categoryInterval(y, cutpoints, K);
      return logNormalInterval(lo - l[0], hi - l[0]);
    }
    case "categorical":
    default: {
      if (r.counts) return multinomialLogLikelihood(r.counts, unit, l);
      // multinomial logit against the first category
      let m = 0;
      for (let j = 0; j < r.nTraits; j++) m = Math.max(m, l[j]);
      let s = Math.exp(-m);
      for (let j = 0; j < r.nTraits; j++) s += Math.exp(l[j] - m);
      const top = y === 0 ? 0 : l[y - 1];
      return top - m - Math.log(s);
    }
  }
}

/**
 * multinomialK: counts k_1..k_K with n = sum k_j, logits l_j of columns 1..K-1 against column K
 * (the sampler's parameterisation, samplers/kernels/latent/likelihood.ts):
 * log n! - sum log k_j! + sum_{j<K} k_j l_j - n log(1 + sum_{j<K} e^{l_j}).
 */
function multinomialLogLikelihood(counts: readonly Float64Array[], unit: number, l: ArrayLike<number>): number {
  const K = counts.length;
  let m = 0;
  for (let j = 0; j < K - 1; j++) m = Math.max(m, l[j]);
  let sumExp = Math.exp(-m), n = 0, s = 0;
  for (let j = 0; j < K; j++) {
    const k = counts[j][unit];
    n += k;
    s -= lgamma(k + 1);
    if (j < K - 1) {
      s += k * l[j];
      sumExp += Math.exp(l[j] - m);
    }
  }
  return s + lgamma(n + 1) - n * (m + Math.log(sumExp));
}
