// Per family, what an observation's distribution is once its latent value l ~ N(m, S) is
// integrated out (S: the residual variance plus any marginalised random-effect variance): the
// expected response, the predictive CDF and the log predictive density, each read from the
// response's family definition (models/families). The multivariate normal density of several
// Gaussian traits is here because it spans responses.

import { denseCholesky } from "../linalg/dense.js";
import { familyOf } from "../models/families/registry.js";
import type { Response } from "../models/types.js";
import { log } from "../math/deterministic.js";

export { categoryCount } from "../models/families/columns.js";
export { logIntegrateNormal, softmaxProbabilities } from "../models/families/predictive.js";

/** Expected response per trait of one response at unit `unit` given its latent traits ~ N(mean, cov). */
export function expectedResponse(r: Response, mean: ArrayLike<number>, cov: ArrayLike<number>, cutpoints: ArrayLike<number>, trials: number, out: Float64Array, unit: number): void {
  familyOf(r).expectedResponse(r, mean, cov, cutpoints, trials, out, unit);
}

/** P(Y <= y) for a single-trait response at unit `unit` with latent l ~ N(m, v). */
export function predictiveCdf(r: Response, y: number, m: number, variance: number, cutpoints: ArrayLike<number>, trials: number, unit: number): number {
  const cdf = familyOf(r).predictiveCdf;
  if (cdf === null) throw new RangeError(`no predictive CDF for family ${r.family}`);
  return cdf(r, y, m, variance, cutpoints, trials, unit);
}

/** log p(y_unit) of one non-Gaussian response at a unit with latent traits ~ N(mean, cov). */
export function logPredictiveDensity(r: Response, unit: number, mean: ArrayLike<number>, cov: ArrayLike<number>, cutpoints: ArrayLike<number>): number {
  return familyOf(r).logPredictiveDensity(r, unit, mean, cov, cutpoints);
}

/** log N(y; m, S) over the observed traits of a unit (S: their covariance, k x k). */
export function logNormalDensity(y: ArrayLike<number>, m: ArrayLike<number>, S: ArrayLike<number>, k: number): number {
  const L = denseCholesky(S, k);
  const z = new Float64Array(k);
  let logDet = 0, quad = 0;
  for (let i = 0; i < k; i++) {
    let s = y[i] - m[i];
    for (let j = 0; j < i; j++) s -= L[i * k + j] * z[j];
    z[i] = s / L[i * k + i];
    quad += z[i] * z[i];
    logDet += log(L[i * k + i]);
  }
  return -0.5 * quad - logDet - 0.5 * k * log(2 * Math.PI);
}
