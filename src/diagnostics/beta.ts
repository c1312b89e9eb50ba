// The beta distribution function and its inverse, for posterior's mcse_quantile().
//
// pbeta: the regularised incomplete beta I_x(a, b) by its continued fraction (DLMF 8.17.22),
// evaluated with the modified Lentz method, using the symmetry I_x(a, b) = 1 - I_{1-x}(b, a)
// on the side where the fraction converges fast (x > (a + 1) / (a + b + 2)).
// qbeta: bisection on pbeta down to adjacent doubles. The shapes met here (ESS * p + 1) are
// >= 1 and at most a few tens of thousands, where this is accurate to about 1e-13.

import { exp, log, log1p } from "../math/deterministic.js";

const HALF_LOG_2PI = 0.5 * log(2 * Math.PI);

/** log Gamma(x) for x > 0: Stirling's series for x >= 15, shifted up by recurrence below. */
export function lgamma(x: number): number {
  if (Number.isNaN(x) || x <= 0) return NaN;
  if (x === 1 || x === 2) return 0;
  let shift = 0;
  if (x < 15) {
    // log Gamma(x) = log Gamma(x + k) - log(x (x + 1) ... (x + k - 1))
    let prod = 1;
    while (x < 15) {
      prod *= x;
      x += 1;
    }
    shift = -log(prod);
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  // Bernoulli-number terms B_2k / (2k (2k - 1) x^(2k - 1)), k = 1..7
  const series =
    inv *
    (1 / 12 +
      inv2 *
        (-1 / 360 +
          inv2 *
            (1 / 1260 +
              inv2 * (-1 / 1680 + inv2 * (1 / 1188 + inv2 * (-691 / 360360 + inv2 * (1 / 156)))))));
  return (x - 0.5) * log(x) - x + HALF_LOG_2PI + series + shift;
}

/** log B(a, b). */
function lbeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/** Continued fraction for I_x(a, b) (without the x^a (1-x)^b / (a B(a,b)) factor). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  const EPS = 1e-16;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let f = d;
  for (let m = 1; m <= 100000; m++) {
    const m2 = 2 * m;
    // even step: m (b - m) x / ((a + 2m - 1)(a + 2m))
    let num = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + num * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + num / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    f *= d * c;
    // odd step: -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1))
    num = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + num * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + num / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    f *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return f;
}

/** Regularised incomplete beta function I_x(a, b) = P(X <= x), X ~ Beta(a, b). */
export function pbeta(x: number, a: number, b: number): number {
  if (Number.isNaN(x) || Number.isNaN(a) || Number.isNaN(b) || a <= 0 || b <= 0) return NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = a * log(x) + b * log1p(-x) - lbeta(a, b);
  if (x < (a + 1) / (a + b + 2)) {
    return (exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  }
  return 1 - (exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

/** Quantile of Beta(a, b) at probability p (R's qbeta(p, a, b)). */
export function qbeta(p: number, a: number, b: number): number {
  if (Number.isNaN(p) || Number.isNaN(a) || Number.isNaN(b) || a <= 0 || b <= 0) return NaN;
  if (p < 0 || p > 1) return NaN;
  if (p === 0) return 0;
  if (p === 1) return 1;
  let lo = 0;
  let hi = 1;
  // Bisection to a relative width of 1e-16 (or adjacent doubles): pbeta is monotone, so
  // this converges whatever the shape of the density.
  for (let it = 0; it < 2000; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi || hi - lo <= 1e-16 * hi) break;
    if (pbeta(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
