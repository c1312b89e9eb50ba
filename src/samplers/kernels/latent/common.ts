// Small pieces every latent updater shares: reading/writing a unit's latent vector in the
// trait-major layout, drawing an unobserved unit from its conditional prior, and the prior's
// log density.

import type { Rng } from "../../../random/index.js";
import type { ConditionalPrior } from "./latent.js";

/** x[0..K-1] <- l[(offset + j) * n + u]. */
export function readLatent(l: Float64Array, offset: number, n: number, u: number, K: number, x: Float64Array): void {
  for (let j = 0; j < K; j++) x[j] = l[(offset + j) * n + u];
}

/** l[(offset + j) * n + u] <- x[j]. */
export function writeLatent(l: Float64Array, offset: number, n: number, u: number, K: number, x: Float64Array): void {
  for (let j = 0; j < K; j++) l[(offset + j) * n + u] = x[j];
}

/**
 * A unit with no data on the response: its latent traits are drawn from their conditional prior
 * N(m, S) exactly (m + L z with S = L L'), whatever the kernel. `z` is scratch of length K.
 */
export function drawFromPrior(prior: ConditionalPrior, K: number, rng: Rng, z: Float64Array, out: Float64Array): void {
  for (let i = 0; i < K; i++) z[i] = rng.normal();
  for (let i = 0; i < K; i++) {
    let s = prior.mean[i];
    for (let j = 0; j <= i; j++) s += prior.chol[i * K + j] * z[j];
    out[i] = s;
  }
}

/** -(x - m)' S^-1 (x - m) / 2. */
export function logPriorKernel(prior: ConditionalPrior, K: number, x: Float64Array): number {
  if (K === 1) {
    const d = x[0] - prior.mean[0];
    return -0.5 * d * d * prior.precision[0];
  }
  let q = 0;
  for (let i = 0; i < K; i++) {
    const di = x[i] - prior.mean[i];
    let s = 0;
    for (let j = 0; j < K; j++) s += prior.precision[i * K + j] * (x[j] - prior.mean[j]);
    q += di * s;
  }
  return -0.5 * q;
}

/**
 * Mean and variance of trait j given the unit's other traits x_{-j} under N(m, S):
 * m_j - (1/P_jj) sum_{k != j} P_jk (x_k - m_k) and 1/P_jj (P = S^-1). Returns the mean; the
 * precision is prior.precision[j*K+j].
 */
export function conditionalMean(prior: ConditionalPrior, K: number, j: number, x: Float64Array): number {
  const P = prior.precision;
  const pjj = P[j * K + j];
  let s = 0;
  for (let k = 0; k < K; k++) if (k !== j) s += P[j * K + k] * (x[k] - prior.mean[k]);
  return prior.mean[j] - s / pjj;
}
