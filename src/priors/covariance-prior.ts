// The log prior density of a (co)variance, for every Metropolis-Hastings move that changes one
// (joint scaling moves, nested moves, collapsed moves). MCMCglmm's prior {V, nu}:
//   Sigma ~ IW(nu, nu V):  log p(Sigma) = -(nu + k + 1)/2 log|Sigma| - nu/2 tr(V Sigma^-1) + const,
// for one variance the inverse gamma IG(nu/2, nu V/2):
//   log p(s) = -(nu/2 + 1) log s - nu V / (2 s) + const.
// The two forms below are the same density, written so that the moves' arithmetic stays exact:
// a ratio under s' = c^2 s (log s' - log s = 2 log c, no cancellation), and the density of the
// coordinate v = log s (Jacobian e^v included).
// The transformation moves (kernels/moves/scale-move.ts) keep their own incremental form in
// the transformation T (log|T G T'| = 2 log|T| + log|G|), which this one density underlies.

import { denseCholesky, denseLogDetFromCholesky, denseInverseSpd } from "../linalg/dense.js";
import type { VariancePrior } from "./prior.js";
import { exp, log } from "../math/deterministic.js";

/**
 * log p(G) up to a constant under IW(nu, nu V) for a k x k G (k = prior.dim); `work` has
 * length 2 k^2. Improper nu = 0 gives -(k + 1)/2 log|G|.
 */
export function logCovariancePrior(prior: VariancePrior, G: Float64Array, work: Float64Array): number {
  const k = prior.dim, nu = prior.nu;
  if (k === 1) return logVariancePrior(prior, G[0]);
  const L = work.subarray(0, k * k), inv = work.subarray(k * k, 2 * k * k);
  denseCholesky(G, k, L);
  const logDet = denseLogDetFromCholesky(L, k);
  denseInverseSpd(G, k, inv, L);
  let tr = 0;
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) tr += prior.V[a * k + b] * inv[b * k + a];
  return -0.5 * (nu + k + 1) * logDet - 0.5 * nu * tr;
}

/** log p(s) up to a constant for one variance s ~ IG(nu/2, nu V_aa/2) (`a` picks V's diagonal entry: idh priors). */
export function logVariancePrior(prior: VariancePrior, s: number, a = 0): number {
  const nu = prior.nu;
  return -(0.5 * nu + 1) * log(s) - (0.5 * nu * prior.V[a * prior.dim + a]) / s;
}

/**
 * log p(s1) - log p(s0) for one variance scaled s1 = c^2 s0 (logC = log c); `a` picks the
 * variance on V's diagonal (idh priors: each variance IG(nu/2, nu V_aa/2)).
 */
export function logVariancePriorRatio(prior: VariancePrior, s0: number, s1: number, logC: number, a = 0): number {
  const nu = prior.nu;
  return -(0.5 * nu + 1) * 2 * logC - 0.5 * nu * prior.V[a * prior.dim + a] * (1 / s1 - 1 / s0);
}

/** Density of v = log s up to a constant: log p(e^v) + v = -(nu/2) v - nu V_aa / (2 e^v) (diagonal element a, as logVariancePriorRatio). */
export function logVariancePriorOfLog(prior: VariancePrior, v: number, a = 0): number {
  const nu = prior.nu;
  return -0.5 * nu * v - (0.5 * nu * prior.V[a * prior.dim + a]) / exp(v);
}
