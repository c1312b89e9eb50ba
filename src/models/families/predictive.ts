// What the families share once a latent value l ~ N(m, S) is integrated out: adaptive
// Gauss-Hermite for one latent trait, product-rule quadrature for several, the multinomial
// logit's probabilities and the expected category of a probit. Family modules compose these.

import { denseCholesky } from "../../linalg/dense.js";
import { expectNormal1, expectNormalVector, gaussHermite } from "../../random/quadrature.js";
import { normalCdf } from "../../random/normal-cdf.js";
import { logistic } from "../../random/logistic.js";
import { categoryInterval } from "../likelihood.js";
import type { Response } from "../types.js";
import { exp, log } from "../../math/deterministic.js";

/** probs[k] = softmax(0, x_1..x_{K-1})_k: the multinomial logit against the first category. */
export function softmaxProbabilities(x: ArrayLike<number>, d: number, probs: Float64Array): void {
  let m = 0;
  for (let j = 0; j < d; j++) m = Math.max(m, x[j]);
  let s = exp(-m);
  probs[0] = s;
  for (let j = 0; j < d; j++) {
    probs[j + 1] = exp(x[j] - m);
    s += probs[j + 1];
  }
  for (let k = 0; k <= d; k++) probs[k] /= s;
}

/** Expected 0-based category given l ~ N(m, variance) and cutpoints (a probit). */
export function expectedCategory(m: number, variance: number, cutpoints: ArrayLike<number>, K: number): number {
  const sd = Math.sqrt(variance);
  let e = 0;
  for (let c = 1; c < K; c++) {
    const [lo] = categoryInterval(c, cutpoints, K);
    e += normalCdf((m - lo) / sd); // sum_c P(Y >= c) = E[Y]
  }
  return e;
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
    logs[i] = log(weights[i]) + g(x + sd * z) + 0.5 * z * z;
    top = Math.max(top, logs[i]);
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += exp(logs[i] - top);
  // dx = sd dz; the N(0,1) weights carry 1/sqrt(2 pi) e^(-z^2/2); the prior's normaliser 1/sqrt(2 pi v).
  return top + log(s) + log(sd) - 0.5 * log(variance);
}

type LogLikelihood = (r: Response, unit: number, l: ArrayLike<number>, cutpoints: ArrayLike<number>) => number;

/**
 * log p(y_u) of a response whose likelihood is log p(y | l), with its latent traits ~ N(mean,
 * cov) integrated out: adaptive quadrature for one trait, the product rule for several.
 */
export function integratedLogDensity(logLikelihood: LogLikelihood, r: Response, unit: number, mean: ArrayLike<number>, cov: ArrayLike<number>, cutpoints: ArrayLike<number>): number {
  if (Number.isNaN(r.y[unit])) return 0;
  const K = r.nTraits;
  if (K === 1) {
    const buf = new Float64Array(1);
    return logIntegrateNormal((x) => {
      buf[0] = x;
      return logLikelihood(r, unit, buf, cutpoints);
    }, mean[0], cov[0]);
  }
  const L = denseCholesky(cov, K);
  const out = new Float64Array(1);
  expectNormalVector(mean, L, K, (x, val) => {
    val[0] = exp(logLikelihood(r, unit, x, cutpoints));
  }, 1, out);
  return log(out[0]);
}

/** E[f(l)] per trait for l ~ N(mean, cov) over K traits, f writing K values (softmax families). */
export function expectSoftmax(mean: ArrayLike<number>, cov: ArrayLike<number>, K: number, scale: number, out: Float64Array): void {
  if (K === 1) {
    out[0] = scale * expectNormal1(mean[0], Math.sqrt(cov[0]), logistic);
    return;
  }
  const L = denseCholesky(cov, K);
  const probs = new Float64Array(K + 1);
  expectNormalVector(mean, L, K, (x, val) => {
    softmaxProbabilities(x, K, probs);
    for (let j = 0; j < K; j++) val[j] = probs[j + 1];
  }, K, out);
  for (let j = 0; j < K; j++) out[j] *= scale;
}
