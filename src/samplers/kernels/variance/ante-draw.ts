// The conditional draw of an antedependence structure's G (models/structures/ante.ts) given its
// effects' crossproduct S (S[a,b] = u_a' A^-1 u_b over the m levels), in two Gibbs blocks as
// MCMCglmm's: the coefficients beta given the innovation variances d, then d given beta.
//   u_i = sum_l beta_{i,l} u_{i-l} + e_i, e_i ~ N(0, d_i A): a regression of each coefficient's
// effects on the previous p, whose normal equations need only S:
//   P = beta.V^-1 + sum_i x_i' x_i / d_i,  P[b(i,l), b(i,l')] += S[i-l, i-l'] / d_i,
//   r = beta.V^-1 beta.mu + sum_i S[i-l, i] / d_i at b(i,l);   beta ~ N(P^-1 r, P^-1),
// then with SSE_i = e_i' A^-1 e_i (a quadratic form in S),
//   d_i ~ IG((nu + m)/2, (nu V_ii + SSE_i)/2),  or one d ~ IG((nu + k m)/2, (nu V + sum SSE_i)/2).
// d before the update is read from the current G (its LDL' factorisation), so the state stays G.

import { NumericalError } from "../../../errors.js";
import { anteParameters } from "../../../priors/ante-prior.js";
import type { VariancePrior } from "../../../priors/prior.js";
import { choleskyLower } from "../../../random/dense.js";
import { denseCholeskyMeanPlusNoise } from "../../../linalg/dense.js";
import { gamma, type Rng } from "../../../random/index.js";

export interface AnteWorkspace {
  readonly k: number;
  readonly d: Float64Array;
  readonly beta: Float64Array;
  readonly precision: Float64Array;
  readonly rhs: Float64Array;
  readonly chol: Float64Array;
  readonly noise: Float64Array;
  readonly kk1: Float64Array;
  readonly kk2: Float64Array;
}

export function makeAnteWorkspace(k: number): AnteWorkspace {
  const nb = Math.max(1, (k * (k - 1)) / 2);
  return {
    k, d: new Float64Array(k), beta: new Float64Array(nb), precision: new Float64Array(nb * nb), rhs: new Float64Array(nb),
    chol: new Float64Array(nb * nb), noise: new Float64Array(nb), kk1: new Float64Array(k * k), kk2: new Float64Array(k * k),
  };
}

/** out (G, k x k) <- a draw from its antedependence full conditional given S of m levels; reads the current G from out. */
export function drawAntedependence(rng: Rng, ws: AnteWorkspace, prior: VariancePrior, m: number, S: Float64Array, out: Float64Array): void {
  const ante = prior.ante!;
  const k = ws.k, nb = ante.nBeta, idx = ante.betaIndex;
  const { d, beta, precision: P, rhs, chol, noise } = ws;
  if (!anteParameters(out, k, ante, d, beta, ws.kk1, ws.kk2)) {
    throw new NumericalError(`${prior.label}: the antedependence covariance matrix is not positive-definite`, { component: prior.label });
  }
  if (ante.sharedVariance) for (let i = 1; i < k; i++) d[i] = d[0];
  // beta | d: normal equations of the regressions, in S
  for (let a = 0; a < nb; a++) {
    let r = 0;
    for (let b = 0; b < nb; b++) { P[a * nb + b] = ante.betaPrecision[a * nb + b]; r += ante.betaPrecision[a * nb + b] * ante.betaMu[b]; }
    rhs[a] = r;
  }
  for (let i = 1; i < k; i++) {
    const w = 1 / d[i];
    for (let j = 0; j < i; j++) {
      const bj = idx[i * k + j];
      if (bj < 0) continue;
      rhs[bj] += S[j * k + i] * w;
      for (let jj = 0; jj < i; jj++) {
        const bjj = idx[i * k + jj];
        if (bjj >= 0) P[bj * nb + bjj] += S[j * k + jj] * w;
      }
    }
  }
  if (!choleskyLower(P, nb, chol)) throw new NumericalError(`${prior.label}: the antedependence equations are singular: use a (stronger) prior on beta`, { component: prior.label });
  // beta = L'^-1 (L^-1 r + z): the mean P^-1 r plus N(0, P^-1) noise
  for (let a = 0; a < nb; a++) noise[a] = rng.normal();
  denseCholeskyMeanPlusNoise(chol, nb, rhs, noise, beta);
  // d | beta: SSE_i = S_ii - 2 sum_j c_ij S_ij + sum_jj' c_ij c_ij' S_jj', c_ij = beta at L[i, j]
  const sse = ws.d; // reuse: d is re-drawn from here on
  let totalSse = 0;
  for (let i = 0; i < k; i++) {
    let s = S[i * k + i];
    for (let j = 0; j < i; j++) {
      const bj = idx[i * k + j];
      if (bj < 0) continue;
      s -= 2 * beta[bj] * S[i * k + j];
      for (let jj = 0; jj < i; jj++) {
        const bjj = idx[i * k + jj];
        if (bjj >= 0) s += beta[bj] * beta[bjj] * S[j * k + jj];
      }
    }
    sse[i] = s;
    totalSse += s;
  }
  const nu = prior.nu;
  if (ante.sharedVariance) {
    const scale = (nu * prior.V[0] + totalSse) / 2;
    checkScale(prior, scale);
    const v = scale / gamma(rng, (nu + k * m) / 2, 1);
    d.fill(v);
  } else {
    for (let i = 0; i < k; i++) {
      const scale = (nu * prior.V[i * k + i] + sse[i]) / 2;
      checkScale(prior, scale);
      d[i] = scale / gamma(rng, (nu + m) / 2, 1);
    }
  }
  anteCovariance(k, idx, beta, d, ws.kk1, out);
}

function checkScale(prior: VariancePrior, scale: number): void {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new NumericalError(`${prior.label}: an innovation variance's full conditional has scale ${scale} (not positive)`, { component: prior.label });
}

/** G = L^-1 D L^-T from beta (at L's band: L[i,j] = -beta) and d; `Linv` is k x k scratch. */
export function anteCovariance(k: number, idx: Int32Array, beta: Float64Array, d: Float64Array, Linv: Float64Array, G: Float64Array): void {
  // unit lower-triangular inverse by forward substitution: Linv[i,j] = sum_{j<=p<i} beta(i,p) Linv[p,j]
  Linv.fill(0);
  for (let i = 0; i < k; i++) {
    Linv[i * k + i] = 1;
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let p = j; p < i; p++) {
        const b = idx[i * k + p];
        if (b >= 0) s += beta[b] * Linv[p * k + j];
      }
      Linv[i * k + j] = s;
    }
  }
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let p = 0; p <= b; p++) s += Linv[a * k + p] * d[p] * Linv[b * k + p];
      G[a * k + b] = s;
      G[b * k + a] = s;
    }
  }
}
