// log p(y | l): each non-Gaussian family's log-likelihood of one unit's observation given its
// latent values on the link scale (MCMCglmm's data model). Gaussian observations and threshold
// responses depend on the residual distribution too, so their densities are formed by callers
// from the conditional normal of l (see samplers/deviance.ts).

import { lgamma } from "../diagnostics/beta.js";
import { logNormalCdf, normalCdf } from "../random/normal-cdf.js";
import type { Response } from "./types.js";

/** log(1 + e^x) without overflow. */
export function log1pExp(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** log(Phi(b) - Phi(a)) for a < b, accurate in both tails. */
export function logNormalInterval(a: number, b: number): number {
  if (a === -Infinity) return logNormalCdf(b);
  if (b === Infinity) return logNormalCdf(-a);
  if (a > 0) return logNormalInterval(-b, -a);
  const p = normalCdf(b) - normalCdf(a);
  return p > 0 ? Math.log(p) : logNormalCdf(b) + Math.log1p(-Math.exp(logNormalCdf(a) - logNormalCdf(b)));
}

/** Cutpoint interval (lower, upper] of category c among K, cutpoints (0, g2, ..., g(K-1)). */
export function categoryInterval(c: number, cutpoints: ArrayLike<number>, K: number): [number, number] {
  const lower = c === 0 ? -Infinity : cutpoints[c - 1];
  const upper = c === K - 1 ? Infinity : cutpoints[c];
  return [lower, upper];
}

/**
 * log p(y_unit | l) for poisson, categorical, multinomial2 and ordinal responses; `l` holds the
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
      return y * l[0] - n * log1pExp(l[0]) + lgamma(n + 1) - lgamma(y + 1) - lgamma(n - y + 1);
    }
    case "ordinal": {
      const K = r.categories?.length ?? 2;
      const [lo, hi] = categoryInterval(y, cutpoints, K);
      return logNormalInterval(lo - l[0], hi - l[0]);
    }
    case "categorical":
    default: {
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
