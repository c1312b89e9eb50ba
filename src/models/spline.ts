// MCMCglmm's spl(x, k = 10, knots = NULL, type = "LRTP"): the low-rank thin-plate spline basis
// (Ruppert, Wand & Carroll 2003, Semiparametric Regression, sec. 13.4) for a penalised spline as
// a random term, e.g. random = ~idv(spl(x)). With knots kappa (default the quantiles
// j/(k+1), j = 1..k, of x, R's type-7 quantiles), Z0[i, j] = |x_i - kappa_j|^3 and
// Omega[j, l] = |kappa_j - kappa_l|^3; the basis is Z0 Omega^-1/2 in MCMCglmm's SVD form
// Z0 V D^-1/2 U' (Omega = U D V', singular values at or below sqrt(machine epsilon) dropped).
// Omega is symmetric, so with its eigendecomposition E Lambda E', U = E, D = |Lambda| and
// V = E sign(Lambda): V D^-1/2 U' = E sign(Lambda) |Lambda|^-1/2 E'.

import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { DataError, ModelSpecError } from "../errors.js";
import { pow } from "../math/deterministic.js";

/** R's quantile(x, p, type = 7) of the non-missing values. */
export function quantileType7(x: ArrayLike<number>, p: number): number {
  const sorted = Array.from(x).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}

/** The basis columns of spl(x, k, knots) over the rows of x. */
export function lowRankThinPlateBasis(x: Float64Array, k: number, knots: readonly number[] | null, where: string): Float64Array[] {
  if (x.every((v) => Number.isNaN(v))) throw new DataError(`spl() in ${where}: the covariate has no non-missing values`);
  if (knots === null && !(Number.isInteger(k) && k >= 1)) throw new ModelSpecError(`spl() in ${where}: k must be a positive whole number of knots, got ${k}`);
  const kappa = knots ?? Array.from({ length: k }, (_, j) => quantileType7(x, (j + 1) / (k + 1)));
  const K = kappa.length;
  const omega = new Matrix(K, K);
  for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) omega.set(a, b, pow(Math.abs(kappa[a] - kappa[b]), 3));
  const eig = new EigenvalueDecomposition(omega, { assumeSymmetric: true });
  const E = eig.eigenvectorMatrix;
  const lambda = eig.realEigenvalues;
  const keep = lambda.map((l, j) => (Math.abs(l) > Math.sqrt(Number.EPSILON) ? j : -1)).filter((j) => j >= 0);
  if (keep.length === 0) throw new ModelSpecError(`spl() in ${where}: the knots give no basis (all equal?)`);
  // M = E_keep sign(L) |L|^-1/2 E_keep', K x K
  const M = new Float64Array(K * K);
  for (const j of keep) {
    const w = Math.sign(lambda[j]) / Math.sqrt(Math.abs(lambda[j]));
    for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) M[a * K + b] += E.get(a, j) * w * E.get(b, j);
  }
  const n = x.length;
  const columns = Array.from({ length: K }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < K; a++) {
      const z = pow(Math.abs(x[i] - kappa[a]), 3);
      if (z === 0) continue;
      for (let b = 0; b < K; b++) columns[b][i] += z * M[a * K + b];
    }
  }
  return columns;
}
