// Generalized Pareto fit of PSIS's tail: the empirical-Bayes estimate of Zhang & Stephens
// (2009, sec. 4) over a grid of theta = -k / sigma, with the weakly informative prior of
// Vehtari et al. (2017, "Pareto smoothed importance sampling", appendix) that shrinks k
// towards 0.5 as loo's adjust_k_wip does (10 pseudo-observations).

import { exp, expm1, log, log1p } from "../math/deterministic.js";

export interface GpdFit {
  /** Shape; Infinity when the fit fails. */
  readonly k: number;
  /** Scale. */
  readonly sigma: number;
}

/** Profile log-likelihood per observation at theta (Zhang & Stephens' l(theta) / N). */
function profileLogLik(theta: number, x: Float64Array): number {
  const b = -theta;
  let k = 0;
  for (let i = 0; i < x.length; i++) k += log1p(b * x[i]);
  k /= x.length;
  return log(b / k) - k - 1;
}

/**
 * Fits a GPD with location 0 to x, which must be sorted ascending and positive.
 *
 * @example
 * ```ts
 * const tail = Float64Array.from({ length: 100 }, (_, i) => -log(1 - (i + 0.5) / 100)); // sorted, positive
 * gpdFit(tail); // { k: near 0 (exponential tail), sigma: near 1 }
 * ```
 */
export function gpdFit(x: Float64Array): GpdFit {
  const n = x.length;
  const prior = 3;
  const gridSize = 30 + Math.floor(Math.sqrt(n));
  const xStar = x[Math.floor(n / 4 + 0.5) - 1]; // first quartile (R's 1-based index)
  const theta = new Float64Array(gridSize), logLik = new Float64Array(gridSize);
  let top = -Infinity;
  for (let j = 0; j < gridSize; j++) {
    theta[j] = 1 / x[n - 1] + (1 - Math.sqrt(gridSize / (j + 1 - 0.5))) / prior / xStar;
    logLik[j] = n * profileLogLik(theta[j], x);
    if (logLik[j] > top) top = logLik[j];
  }
  let norm = 0;
  for (let j = 0; j < gridSize; j++) norm += exp(logLik[j] - top);
  const logNorm = top + log(norm);
  let thetaHat = 0;
  for (let j = 0; j < gridSize; j++) thetaHat += theta[j] * exp(logLik[j] - logNorm);
  let k = 0;
  for (let i = 0; i < n; i++) k += log1p(-thetaHat * x[i]);
  k /= n;
  const sigma = -k / thetaHat;
  const a = 10; // prior pseudo-observations at k = 0.5
  k = (k * n) / (n + a) + (a * 0.5) / (n + a);
  return { k: Number.isNaN(k) ? Infinity : k, sigma };
}

/** Quantile function of the GPD with location 0 (NaN for an invalid scale). */
export function gpdQuantile(p: number, k: number, sigma: number): number {
  if (Number.isNaN(sigma) || sigma <= 0) return Number.NaN;
  return (sigma * expm1(-k * log1p(-p))) / k;
}
