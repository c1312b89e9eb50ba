// Coordinates of the (co)variance matrices the marginal move (marginal-variance.ts) updates, on
// the whole real line: log-Cholesky for an unstructured matrix (Sigma = L L', L_ii = e^{x_ii},
// the off-diagonal entries of L as they are), log variances for idh/idv, each with the log
// Jacobian of the map to Sigma, its prior (MCMCglmm's IW(nu, nu V), IG(nu/2, nu V_aa/2) per
// variance) and log|Sigma (x) A| for the marginal likelihood.

import { denseCholesky, denseInverseSpd } from "../../../linalg/dense.js";
import { logCovariancePrior, logVariancePrior } from "../../../priors/covariance-prior.js";
import type { VariancePrior } from "../../../priors/prior.js";
import type { ChainState } from "../../run/state.js";
import { exp, log } from "../../../math/deterministic.js";

/** One (co)variance matrix the move updates: where its coordinates sit and how they map to it. */
export interface CovarianceBlock {
  readonly kind: "matrix" | "variances" | "shared-variance";
  readonly k: number;
  /** Index of its first coordinate in x. */
  readonly at: number;
  readonly size: number;
  readonly prior: VariancePrior;
  /** Levels per coefficient (random terms), or units (the residual). */
  readonly nLevels: readonly number[];
  /** The state's matrix (state.G[t] or state.R), read to start and written on acceptance. */
  readonly target: (state: ChainState) => Float64Array;
  /** Scratch: the proposed matrix, its inverse and Cholesky factor. */
  readonly proposed: Float64Array;
  readonly inverse: Float64Array;
  readonly chol: Float64Array;
  /** Scratch: the current matrix as the coordinates give it back (marginal-variance.ts). */
  readonly current: Float64Array;
}

/**
 * The block's matrix (into b.proposed, with its inverse in b.inverse) from coordinates v; out[0]
 * gets log|M| and out[1] the log Jacobian. False when the coordinates overflow.
 */
export function blockFromCoordinates(b: CovarianceBlock, v: Float64Array, work: Float64Array, out: Float64Array): boolean {
  const { k, proposed: M } = b;
  M.fill(0);
  let logDetM = 0, logJ = 0;
  if (b.kind === "matrix") {
    const L = b.chol;
    L.fill(0);
    let at = b.at;
    for (let i = 0; i < k; i++) {
      for (let j = 0; j <= i; j++) {
        const xi = v[at++];
        if (i === j) {
          if (xi < -300) return false;
          L[i * k + i] = exp(xi);
          logDetM += 2 * xi;
          // |dSigma/dL| = 2^k prod L_ii^(k-i+1) (1-based i), times dL_ii/dx_ii = L_ii
          logJ += (k - i + 1) * xi;
        } else L[i * k + j] = xi;
      }
    }
    for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let m = 0; m <= j; m++) s += L[i * k + m] * L[j * k + m];
      M[i * k + j] = s;
      M[j * k + i] = s;
    }
  } else if (b.kind === "variances") {
    for (let a = 0; a < k; a++) {
      M[a * k + a] = exp(v[b.at + a]);
      logDetM += v[b.at + a];
      logJ += v[b.at + a];
    }
  } else {
    const s2 = exp(v[b.at]);
    for (let a = 0; a < k; a++) M[a * k + a] = s2;
    logDetM = k * v[b.at];
    logJ = v[b.at];
  }
  for (let i = 0; i < k * k; i++) if (!Number.isFinite(M[i]) || M[i] > 1e300) return false;
  denseInverseSpd(M, k, b.inverse, work);
  out[0] = logDetM;
  out[1] = logJ;
  return true;
}

/** Coordinates of matrix M (the state's) into v. */
export function blockToCoordinates(b: CovarianceBlock, M: Float64Array, v: Float64Array): void {
  const k = b.k;
  if (b.kind === "matrix") {
    denseCholesky(M, k, b.chol);
    let at = b.at;
    for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) v[at++] = i === j ? log(b.chol[i * k + i]) : b.chol[i * k + j];
  } else if (b.kind === "variances") {
    for (let a = 0; a < k; a++) v[b.at + a] = log(M[a * k + a]);
  } else v[b.at] = log(M[0]);
}

/** log prior of the block's proposed matrix, up to a constant; work has length 2 k^2. */
export function blockLogPrior(b: CovarianceBlock, work: Float64Array): number {
  const { k, prior: p, proposed: M } = b;
  if (b.kind === "matrix") return logCovariancePrior(p, M, work);
  if (b.kind === "shared-variance") return logVariancePrior(p, M[0]);
  let s = 0;
  for (let a = 0; a < k; a++) s += logVariancePrior(p, M[a * k + a], a);
  return s;
}

/** log|Sigma (x) A| of the block's effects up to a constant in Sigma: levels times log|Sigma| per coefficient. */
export function blockLogDetCovariance(b: CovarianceBlock, logDetM: number): number {
  if (b.kind === "matrix") return b.nLevels[0] * logDetM;
  const M = b.proposed, k = b.k;
  let s = 0;
  for (let a = 0; a < k; a++) s += b.nLevels[a] * log(M[a * k + a]);
  return s;
}
