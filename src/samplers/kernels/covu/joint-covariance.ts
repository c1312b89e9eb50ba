// The joint covariance of MCMCglmm's covu model (prior$R$covu = TRUE). Per level j, the G term's
// effects u_j (qG) and the residual term's residuals r_j (qR) are jointly N(0, Sigma) with
//   Sigma = [S_GG S_GR; S_RG S_RR] ~ IW(nu, nu V)   (prior R's V and nu, over qG + qR).
// Written conditionally, r_j = beta u_j + e_j with beta = S_RG S_GG^-1 (qR x qG) and
// e_j ~ N(0, S_RR - beta S_GR) (the Schur complement), independent of u_j: the location sampler
// then sees the G term with design Z_G + Z_R (beta (x) I) and the residual covariance the Schur
// complement (Hadfield's MCMCglmm, R/MCMCglmm.R). Given (u, r), Sigma's full conditional is
// IW(nu + m, nu V + sum_j [u_j; r_j][u_j; r_j]') over the m levels.
// All functions here work in preallocated buffers.

import { denseInverseSpd } from "../../../linalg/index.js";
import type { VariancePrior } from "../../../priors/prior.js";
import { logCovariancePrior } from "../../../priors/covariance-prior.js";
import type { Rng } from "../../../random/index.js";
import { makeCovarianceDrawer, drawCovariance, type CovarianceDrawer } from "../variance/covariance-draw.js";

export interface CovuParts {
  /** S_GG, qG x qG row-major: the G term's covariance. */
  readonly G: Float64Array;
  /** beta = S_RG S_GG^-1, qR x qG row-major. */
  readonly beta: Float64Array;
  /** S_RR - S_RG S_GG^-1 S_GR, qR x qR row-major: the residual covariance given u. */
  readonly schur: Float64Array;
}

export interface CovuWorkspace extends CovuParts {
  readonly qG: number;
  readonly qR: number;
  /** The joint Sigma, (qG + qR)^2 row-major. */
  readonly sigma: Float64Array;
  /** Sum of the levels' outer products [u_j; r_j][u_j; r_j]'. */
  readonly crossProducts: Float64Array;
  readonly drawer: CovarianceDrawer;
  readonly ggInverse: Float64Array;
  readonly work: Float64Array;
}

export function makeCovuWorkspace(qG: number, qR: number): CovuWorkspace {
  const k = qG + qR;
  return {
    qG, qR,
    G: new Float64Array(qG * qG), beta: new Float64Array(qR * qG), schur: new Float64Array(qR * qR),
    sigma: new Float64Array(k * k), crossProducts: new Float64Array(k * k), drawer: makeCovarianceDrawer(k),
    ggInverse: new Float64Array(qG * qG), work: new Float64Array(2 * k * k),
  };
}

/**
 * out = sum_j [u_j; r_j][u_j; r_j]' over m levels; u is coefficient-major (u[g*m + j]) as the G
 * term's effects are stored, r likewise (r[c*m + j]).
 */
export function covuCrossProducts(u: ArrayLike<number>, r: ArrayLike<number>, m: number, qG: number, qR: number, out: Float64Array): void {
  const k = qG + qR;
  const at = (a: number, j: number) => (a < qG ? u[a * m + j] : r[(a - qG) * m + j]);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += at(a, j) * at(b, j);
      out[a * k + b] = s;
      out[b * k + a] = s;
    }
  }
}

/** Sigma -> (S_GG, beta, Schur complement), into ws's G, beta and schur. */
export function splitCovuJoint(ws: CovuWorkspace, sigma: ArrayLike<number> = ws.sigma): void {
  const { qG, qR, G, beta, schur, ggInverse } = ws;
  const k = qG + qR;
  for (let a = 0; a < qG; a++) for (let b = 0; b < qG; b++) G[a * qG + b] = sigma[a * k + b];
  denseInverseSpd(G, qG, ggInverse, ws.work);
  for (let c = 0; c < qR; c++) {
    for (let g = 0; g < qG; g++) {
      let s = 0;
      for (let h = 0; h < qG; h++) s += sigma[(qG + c) * k + h] * ggInverse[h * qG + g];
      beta[c * qG + g] = s;
    }
  }
  for (let c = 0; c < qR; c++) {
    for (let d = 0; d < qR; d++) {
      let s = sigma[(qG + c) * k + qG + d];
      for (let g = 0; g < qG; g++) s -= beta[c * qG + g] * sigma[g * k + qG + d];
      schur[c * qR + d] = s;
    }
  }
}

/** (S_GG, beta, Schur complement) -> Sigma, into out: S_RG = beta S_GG, S_RR = Schur + beta S_GG beta'. */
export function assembleCovuJoint(qG: number, qR: number, parts: CovuParts, out: Float64Array): void {
  const { G, beta, schur } = parts;
  const k = qG + qR;
  for (let a = 0; a < qG; a++) for (let b = 0; b < qG; b++) out[a * k + b] = G[a * qG + b];
  for (let c = 0; c < qR; c++) {
    for (let g = 0; g < qG; g++) {
      let s = 0;
      for (let h = 0; h < qG; h++) s += beta[c * qG + h] * G[h * qG + g];
      out[(qG + c) * k + g] = s;
      out[g * k + qG + c] = s;
    }
  }
  for (let c = 0; c < qR; c++) {
    for (let d = 0; d < qR; d++) {
      let s = schur[c * qR + d];
      for (let g = 0; g < qG; g++) s += beta[c * qG + g] * out[(qG + d) * k + g];
      out[(qG + c) * k + qG + d] = s;
    }
  }
}

/**
 * One draw of Sigma from its full conditional given the m levels' u and r (coefficient-major),
 * split into ws's G, beta and schur; ws.sigma holds the joint draw (what MCMCglmm records).
 */
export function drawCovuJoint(rng: Rng, ws: CovuWorkspace, prior: VariancePrior, m: number, u: ArrayLike<number>, r: ArrayLike<number>): void {
  covuCrossProducts(u, r, m, ws.qG, ws.qR, ws.crossProducts);
  drawCovariance(rng, ws.drawer, prior, m, ws.crossProducts, ws.sigma);
  splitCovuJoint(ws);
}

/** log p(Sigma) up to a constant under the joint prior IW(nu, nu V), Sigma assembled from its parts. */
export function covuLogPrior(prior: VariancePrior, ws: CovuWorkspace, parts: CovuParts = ws): number {
  assembleCovuJoint(ws.qG, ws.qR, parts, ws.sigma);
  return logCovariancePrior(prior, ws.sigma, ws.work);
}
