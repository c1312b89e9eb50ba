// Exact Polya-Gamma Gibbs steps for one latent trait whose likelihood, the unit's other traits
// held fixed, is a logit (Polson, Scott & Windle 2013, JASA 108:1339, sec. 3.1, with the
// trait's conditional prior N(mu, 1/p0) in place of the regression prior):
//   binomial logit  k l - n log(1 + e^l):
//     omega | l ~ PG(n, l),  l | omega ~ N((k - n/2 + p0 mu) / (omega + p0), 1 / (omega + p0));
//   inflated logit  log(p + (1 - p) c), p = logistic(l), c free of l (a zero-inflated zero:
//     structural with probability p, else a count zero with probability c): augment the
//     structural-zero indicator z, P(z = 1 | l) = p / (p + (1 - p) c) = logistic(l - log c)
//     (Ghosh, Mukhopadhyay & Lu 2006, J. Stat. Plan. Inference 136:1360, sec. 3), then l | z is
//     the binomial logit with k = z, n = 1.
// Each is a composition of exact conditional draws of (z,) omega and l, so it leaves the trait's
// full conditional invariant; z and omega are drawn afresh at every call and not kept.

import { logistic, rPolyaGamma, type Rng } from "../../../random/index.js";

/** l | y for k successes in n trials on the logit scale, prior N(mu, 1/p0), from the current l. */
export function drawLogitPolyaGamma(rng: Rng, k: number, n: number, current: number, mu: number, p0: number): number {
  const omega = rPolyaGamma(rng, n, current);
  const precision = omega + p0;
  return (k - 0.5 * n + p0 * mu) / precision + rng.normal() / Math.sqrt(precision);
}

/** l | y = 0 of a zero-inflated zero with log P(count = 0) = logCountZero, prior N(mu, 1/p0), from the current l. */
export function drawInflatedLogitPolyaGamma(rng: Rng, logCountZero: number, current: number, mu: number, p0: number): number {
  const structural = rng.uniform() < logistic(current - logCountZero) ? 1 : 0;
  return drawLogitPolyaGamma(rng, structural, 1, current, mu, p0);
}
