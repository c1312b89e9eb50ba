// Normal-interval probabilities and cutpoint intervals shared by the probit families
// (families/ordered.ts), their latent kernels and the deviance.

import { logNormalCdf, logNormalUpperTail, normalCdf } from "../random/normal-cdf.js";
import { exp, log, log1p } from "../math/deterministic.js";

/** log(Phi(b) - Phi(a)) for a <= b, accurate in both tails and for narrow intervals. */
export function logNormalInterval(a: number, b: number): number {
  if (!(a < b)) return -Infinity;
  if (a > 0) {
    // both in the upper tail: Q(a) - Q(b)
    const la = logNormalUpperTail(a), lb = logNormalUpperTail(b);
    return la + log1p(-exp(lb - la));
  }
  if (b < 0) {
    const la = logNormalCdf(a), lb = logNormalCdf(b);
    return lb + log1p(-exp(la - lb));
  }
  // a <= 0 <= b: the interval holds the mode, so Phi(b) - Phi(a) >= (b - a) phi(max(|a|,|b|)).
  const d = normalCdf(b) - normalCdf(a);
  if (d > 1e-12) return log(d);
  return log(b - a) - 0.5 * log(2 * Math.PI) - 0.5 * Math.max(a * a, b * b);
}

/** Cutpoint interval (lower, upper] of category c among K, cutpoints (0, g2, ..., g(K-1)). */
export function categoryInterval(c: number, cutpoints: ArrayLike<number>, K: number): [number, number] {
  const lower = c === 0 ? -Infinity : cutpoints[c - 1];
  const upper = c === K - 1 ? Infinity : cutpoints[c];
  return [lower, upper];
}

/** Lower cutpoint of category c (0-based): -Infinity for the first. */
export function lowerBound(c: number, cp: ArrayLike<number>): number {
  return c === 0 ? -Infinity : cp[c - 1];
}

/** Upper cutpoint of category c (0-based): +Infinity for the last (cp holds K - 1 cutpoints). */
export function upperBound(c: number, cp: ArrayLike<number>): number {
  return c >= cp.length ? Infinity : cp[c];
}
