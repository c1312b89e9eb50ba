// Observation-level distributions the families need outside the sampler: CDFs (for quantile
// residuals) and random variates (for simulation), each a pure function of its random source.

import { lgamma, pbeta } from "../diagnostics/beta.js";
import type { Rng } from "./index.js";
import { beta as rBeta } from "./gamma.js";
import { exp, log, log1p } from "../math/deterministic.js";

/**
 * Regularised upper incomplete gamma Q(a, x) = Gamma(a, x) / Gamma(a): the series for P below
 * x < a + 1, the continued fraction for Q above (modified Lentz), Numerical Recipes sec. 6.2.
 */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  const lead = -x + a * log(x) - lgamma(a);
  if (x < a + 1) {
    let sum = 1 / a, term = sum;
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return 1 - sum * exp(lead);
  }
  const tiny = 1e-300;
  let b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return exp(lead) * h;
}

/** P(Y <= y), Y ~ Poisson(lambda). */
export function poissonCdf(y: number, lambda: number): number {
  if (y < 0) return 0;
  if (!(lambda > 0)) return 1;
  return gammaQ(Math.floor(y) + 1, lambda);
}

/** P(Y <= y), Y ~ Binomial(n, p): I_{1-p}(n - y, y + 1). */
export function binomialCdf(y: number, n: number, p: number): number {
  if (y < 0) return 0;
  if (y >= n) return 1;
  const k = Math.floor(y);
  return pbeta(1 - p, n - k, k + 1);
}

/**
 * Poisson variate: inversion by sequential search below a mean of 10, Hormann's (1993)
 * transformed rejection with squeeze (PTRS) above; beyond 1e15 the count is a rounded normal.
 */
export function rPoisson(rng: Rng, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda < 10) {
    let k = 0, p = exp(-lambda), F = p;
    const u = rng.uniform();
    while (u > F && k < 1000) {
      k++;
      p *= lambda / k;
      F += p;
    }
    return k;
  }
  if (lambda > 1e15) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()));
  const slam = Math.sqrt(lambda), loglam = log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const U = rng.uniform() - 0.5;
    const V = rng.uniform();
    const us = 0.5 - Math.abs(U);
    const k = Math.floor(((2 * a) / us + b) * U + lambda + 0.43);
    if (us >= 0.07 && V <= vr) return k;
    if (k < 0 || (us < 0.013 && V > us)) continue;
    if (log(V) + log(invAlpha) - log(a / (us * us) + b) <= -lambda + k * loglam - lgamma(k + 1)) return k;
  }
}

/**
 * Binomial variate: inversion by sequential search when n min(p, 1-p) is small; otherwise
 * Devroye's (1986, sec. X.4) recursion through the median order statistic of n uniforms, a
 * Beta(i, n + 1 - i) variate, which halves n at each step.
 */
export function rBinomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || !(p > 0)) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - rBinomial(rng, n, 1 - p);
  if (n * p < 30) {
    const q = 1 - p, r = p / q;
    let k = 0, f = exp(n * log1p(-p)), F = f;
    const u = rng.uniform();
    while (u > F && k < n) {
      f *= (r * (n - k)) / (k + 1);
      k++;
      F += f;
    }
    return k;
  }
  const i = Math.floor((n + 1) / 2);
  const x = rBeta(rng, i, n + 1 - i);
  if (x <= p) return i + rBinomial(rng, n - i, (p - x) / (1 - x));
  return rBinomial(rng, i - 1, p / x);
}

/** Category index drawn with probabilities probs (summing to 1). */
export function rCategorical(rng: Rng, probs: ArrayLike<number>): number {
  const u = rng.uniform();
  let F = 0;
  for (let k = 0; k < probs.length - 1; k++) {
    F += probs[k];
    if (u <= F) return k;
  }
  return probs.length - 1;
}
