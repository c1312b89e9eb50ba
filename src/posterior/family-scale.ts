// Per family, what an observation's distribution is once its latent value l ~ N(m, S) is
// integrated out (S: the residual variance plus any marginalised random-effect variance):
// the expected response (MCMCglmm's predict on the response scale, by numerical integration
// rather than a plug-in), the predictive CDF (for quantile residuals) and the log predictive
// density (for WAIC). Gaussian-Hermite quadrature unless a closed form exists.

import { denseCholesky } from "../linalg/dense.js";
import { categoryInterval, logLikelihoodGivenLatent, logNormalInterval } from "../models/likelihood.js";
import type { Response } from "../models/types.js";
import { normalCdf } from "../random/normal-cdf.js";
import { binomialCdf, poissonCdf } from "./distributions.js";
import { logistic } from "../random/index.js";
import { expectNormal1, expectNormalVector, gaussHermite } from "./quadrature.js";

/** Categories of an ordered/categorical response (2 when unknown). */
export const categoryCount = (r: Response): number => r.categories?.length ?? (r.counts?.length ?? r.nTraits + 1);

/** probs[k] = softmax(0, x_1..x_{K-1})_k: the multinomial logit against the first category. */
export function softmaxProbabilities(x: ArrayLike<number>, d: number, probs: Float64Array): void {
  let m = 0;
  for (let j = 0; j < d; j++) m = Math.max(m, x[j]);
  let s = Math.exp(-m);
  probs[0] = s;
  for (let j = 0; j < d; j++) {
    probs[j + 1] = Math.exp(x[j] - m);
    s += probs[j + 1];
  }
  for (let k = 0; k <= d; k++) probs[k] /= s;
}

/** Expected 0-based category of a threshold/ordinal response given l ~ N(m, v) (probit, plus 1 for ordinal). */
function expectedCategory(m: number, variance: number, cutpoints: ArrayLike<number>, K: number): number {
  const sd = Math.sqrt(variance);
  let e = 0;
  for (let c = 1; c < K; c++) {
    const [lo] = categoryInterval(c, cutpoints, K);
    e += normalCdf((m - lo) / sd); // sum_c P(Y >= c) = E[Y]
  }
  return e;
}

/**
 * Expected response of one response at one unit given its latent traits ~ N(mean, cov)
 * (K x K over its traits), written per trait into out:
 *   gaussian: m; poisson: exp(m + v/2); multinomial2: n E[logit^-1(l)] (n = trials, 1 when unknown);
 *   categorical: P(category j+1) per trait; multinomialK: n P(category j+1);
 *   threshold/ordinal: expected 0-based category (the probability of the second category when binary).
 */
export function expectedResponse(r: Response, mean: ArrayLike<number>, cov: ArrayLike<number>, cutpoints: ArrayLike<number>, trials: number, out: Float64Array): void {
  const K = r.nTraits;
  switch (r.family) {
    case "gaussian":
      out[0] = mean[0];
      return;
    case "poisson":
      out[0] = Math.exp(mean[0] + 0.5 * cov[0]);
      return;
    case "threshold":
      out[0] = expectedCategory(mean[0], cov[0], cutpoints, categoryCount(r));
      return;
    case "ordinal":
      out[0] = expectedCategory(mean[0], cov[0] + 1, cutpoints, categoryCount(r));
      return;
    default:
      break;
  }
  if (K === 1) {
    out[0] = trials * expectNormal1(mean[0], Math.sqrt(cov[0]), logistic);
    return;
  }
  const L = denseCholesky(cov, K);
  const probs = new Float64Array(K + 1);
  expectNormalVector(mean, L, K, (x, val) => {
    softmaxProbabilities(x, K, probs);
    for (let j = 0; j < K; j++) val[j] = probs[j + 1];
  }, K, out);
  for (let j = 0; j < K; j++) out[j] *= trials;
}

/**
 * P(Y <= y) for a single-trait response with latent l ~ N(m, v): closed forms for gaussian,
 * threshold and ordinal, quadrature (60 points) over l for poisson, multinomial2 and binary
 * categorical.
 */
export function predictiveCdf(r: Response, y: number, m: number, variance: number, cutpoints: ArrayLike<number>, trials: number): number {
  const sd = Math.sqrt(variance);
  switch (r.family) {
    case "gaussian":
      return normalCdf((y - m) / sd);
    case "threshold":
    case "ordinal": {
      const K = categoryCount(r);
      if (y < 0) return 0;
      if (y >= K - 1) return 1;
      const [, hi] = categoryInterval(y, cutpoints, K);
      return normalCdf((hi - m) / Math.sqrt(variance + (r.family === "ordinal" ? 1 : 0)));
    }
    case "poisson":
      if (y < 0) return 0;
      return expectNormal1(m, sd, (x) => poissonCdf(y, Math.exp(x)), 60);
    case "multinomial2":
      if (y < 0) return 0;
      if (y >= trials) return 1;
      return expectNormal1(m, sd, (x) => binomialCdf(y, trials, logistic(x)), 60);
    case "categorical":
      if (r.nTraits !== 1) break;
      if (y < 0) return 0;
      if (y >= 1) return 1;
      return 1 - expectNormal1(m, sd, logistic, 60);
    default:
      break;
  }
  throw new RangeError(`no predictive CDF for family ${r.family} with ${r.nTraits} traits`);
}

/** log p(y | l) of a single-trait discrete response as a function of l (unit `unit` of r). */
function unitLogLik(r: Response, unit: number, cutpoints: ArrayLike<number>): (x: number) => number {
  const buf = new Float64Array(1);
  return (x) => {
    buf[0] = x;
    return logLikelihoodGivenLatent(r, unit, buf, cutpoints);
  };
}

/**
 * log of the integral of exp(h(x)) N(x; m, v) dx by adaptive Gauss-Hermite (Liu & Pierce 1994):
 * centred at the mode of the integrand and scaled by its curvature there, which stays accurate
 * when the likelihood is much narrower than the latent distribution (large counts).
 */
export function logIntegrateNormal(h: (x: number) => number, m: number, variance: number, n = 20): number {
  if (!(variance > 0)) return h(m);
  const g = (x: number) => h(x) - (0.5 * (x - m) * (x - m)) / variance;
  // Newton on g with numerical derivatives, from the prior mean; g is concave for the log-concave families here.
  let x = m;
  const eps = 1e-4 * Math.sqrt(variance);
  let curv = 1 / variance;
  for (let it = 0; it < 50; it++) {
    const g0 = g(x), gp = g(x + eps), gm = g(x - eps);
    const d1 = (gp - gm) / (2 * eps);
    const d2 = (gp - 2 * g0 + gm) / (eps * eps);
    curv = Math.max(-d2, 1e-3 / variance);
    const step = d1 / curv;
    x += Math.max(-5, Math.min(5, step));
    if (Math.abs(step) < 1e-9 * (1 + Math.abs(x))) break;
  }
  const sd = 1 / Math.sqrt(curv);
  const { nodes, weights } = gaussHermite(n);
  const logs = new Float64Array(n);
  let top = -Infinity;
  for (let i = 0; i < n; i++) {
    const z = nodes[i];
    logs[i] = Math.log(weights[i]) + g(x + sd * z) + 0.5 * z * z;
    top = Math.max(top, logs[i]);
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.exp(logs[i] - top);
  // dx = sd dz; the N(0,1) weights carry 1/sqrt(2 pi) e^(-z^2/2); the prior's normaliser 1/sqrt(2 pi v).
  return top + Math.log(s) + Math.log(sd) - 0.5 * Math.log(variance);
}

/**
 * log p(y_unit) of one non-Gaussian response at a unit with latent traits ~ N(mean, cov):
 * threshold/ordinal in closed form, single-trait families by adaptive quadrature, several
 * traits (categorical, multinomialK) by the product rule.
 */
export function logPredictiveDensity(r: Response, unit: number, mean: ArrayLike<number>, cov: ArrayLike<number>, cutpoints: ArrayLike<number>): number {
  const y = r.y[unit];
  if (Number.isNaN(y)) return 0;
  if (r.family === "threshold" || r.family === "ordinal") {
    const sd = Math.sqrt(cov[0] + (r.family === "ordinal" ? 1 : 0));
    const [lo, hi] = categoryInterval(y, cutpoints, categoryCount(r));
    return logNormalInterval((lo - mean[0]) / sd, (hi - mean[0]) / sd);
  }
  const K = r.nTraits;
  if (K === 1) return logIntegrateNormal(unitLogLik(r, unit, cutpoints), mean[0], cov[0]);
  const L = denseCholesky(cov, K);
  const out = new Float64Array(1);
  expectNormalVector(mean, L, K, (x, val) => {
    val[0] = Math.exp(logLikelihoodGivenLatent(r, unit, x, cutpoints));
  }, 1, out);
  return Math.log(out[0]);
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
    logDet += Math.log(L[i * k + i]);
  }
  return -0.5 * quad - logDet - 0.5 * k * Math.log(2 * Math.PI);
}

