// Priors of the two structures whose trailing block (from the prior's `fix` on) is not free:
// cors (a correlation sub-matrix, MCMCglmm's update type 4) and sub (an identity sub-matrix,
// MCMCglmm's update type 6: "us + identity direct sum"). Partition Sigma at f = fix - 1 into the
// leading p1 = f coefficients (block 1) and the trailing p2 = k - f (block 2); write
// Sigma11.2 = Sigma11 - Sigma12 Sigma22^-1 Sigma21 and B = Sigma12 Sigma22^-1.
//
// sub: Sigma = Sigma11 (+) I_p2 (no covariances between the blocks; R/buildZ.R, src/cs_rSinvwishart.c),
//   Sigma11 ~ IW(nu, nu V11).
// cors: Sigma22 = R22 a correlation matrix. MCMCglmm (src/cs_rRsubinvwishart.c) draws R22 from
//   its marginal, then (Sigma11.2, B) from the conditional inverse-Wishart given R22 with n (the
//   number of levels) degrees of freedom and scale S + Psi0, Psi0 = [nu V11, nu V12; nu V21, I]
//   (R/MCMCglmm.R replaces the prior scale's trailing block by I). That is the exact posterior of
//     pi(R22) ∝ |R22|^-((nu - p1) + p2 + 1)/2 prod_i ((R22^-1)_ii)^-nu/2          (the R22 step
//              has n - p1 levels and prior nu: MCMCglmm's corg prior shifted by p1),
//     pi(Sigma11.2) ∝ |Sigma11.2|^-(p1 + 1)/2 exp(-tr(Sigma11.2^-1 Psi0_11.2)/2)   (IW with 0 df:
//              improper whatever nu is),
//     B | Sigma11.2 ~ MatrixNormal(Psi0_12 Psi0_22^-1, Sigma11.2, Psi0_22^-1),
//   a prior over (R22, Sigma11.2, B) with R22 independent of the rest.
// Neither takes parameter expansion; both need fix (MCMCglmm reads its split from it).

import { PriorError } from "../errors.js";
import type { CovarianceTerm, VariancePriorSpec } from "../models/types.js";
import { denseCholeskyPivot, denseInverseSpd, denseLogDetFromCholesky } from "../linalg/dense.js";
import { isPositiveDefinite, isSymmetric, toSquare } from "./matrix-spec.js";
import type { VariancePrior } from "./prior.js";
import { log } from "../math/deterministic.js";

export interface BlockPrior {
  /** cors: the trailing block is a correlation matrix; sub: it is the identity (and uncorrelated with the leading one). */
  readonly kind: "correlation" | "identity";
  /** p1: the leading (unstructured) block is 0..from-1. */
  readonly from: number;
  /** MCMCglmm's prior scale Psi0 (k x k): nu V with the trailing block replaced by I. */
  readonly scale0: Float64Array;
}

export function resolveBlockPrior(label: string, term: CovarianceTerm, spec: VariancePriorSpec | undefined, kind: BlockPrior["kind"]): VariancePrior {
  const k = term.dim;
  const where = `${label} (${term.label})`;
  const name = kind === "correlation" ? "cors" : "sub";
  if (spec === undefined) {
    throw new PriorError(`${where}: ${name} needs a prior with fix, the first row/column of its ${kind === "correlation" ? "correlation" : "identity"} sub-matrix (MCMCglmm reads the split from it), e.g. {V: ..., nu: ..., fix: ${k}}`);
  }
  if (spec["alpha.mu"] !== undefined || spec["alpha.V"] !== undefined) throw new PriorError(`${where}: parameter expansion (alpha.mu, alpha.V) is not available for ${name} structures`);
  if (spec["beta.mu"] !== undefined || spec["beta.V"] !== undefined) throw new PriorError(`${where}: beta.mu and beta.V are priors of antedependence structures, not of ${name}`);
  if (k < 2) throw new PriorError(`${where}: ${name} needs at least two coefficients (a leading block and a ${kind === "correlation" ? "correlation" : "identity"} block)`);
  const fix = spec.fix;
  if (fix === undefined || fix === 0) throw new PriorError(`${where}: ${name} needs fix in its prior: the first row/column of the ${kind === "correlation" ? "correlation" : "identity"} sub-matrix (2..${k})`);
  if (!Number.isInteger(fix) || fix < 1 || fix > k) throw new PriorError(`${where}: fix = ${fix} points outside the ${k} x ${k} structure (must be 1..${k})`);
  if (kind === "correlation" && fix === 1) throw new PriorError(`${where}: cors with fix = 1 is a correlation matrix throughout: write corg(...) (the same model)`);
  if (spec.V === undefined) throw new PriorError(`${where}: V is missing`);
  const V = toSquare(spec.V, k, `${label}: V (for ${term.label}, which has ${k} coefficients)`);
  if (!isSymmetric(V, k)) throw new PriorError(`${where}: V is not symmetric`);
  if (!isPositiveDefinite(V, k)) throw new PriorError(`${where}: V is not positive-definite`);
  const from = fix - 1;
  if (from > 0 && spec.nu === undefined) throw new PriorError(`${where}: nu is missing`);
  const nu = spec.nu ?? 1;
  if (!Number.isFinite(nu) || nu < 0) throw new PriorError(`${where}: nu must be >= 0, got ${nu}`);
  if (kind === "correlation") {
    const levels = Math.min(...term.nLevels);
    if (levels <= from) throw new PriorError(`${where}: cors draws its correlation block from ${levels} - ${from} levels (levels minus the unstructured block's size, as MCMCglmm): it needs more than ${from} levels of "${term.factor}"`);
  }
  // The stored V: the trailing block I (where the state starts, and what init/start hold), the
  // cross block 0 for sub (held there).
  const held = V.slice();
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      if (a >= from && b >= from) held[a * k + b] = a === b ? 1 : 0;
      else if (kind === "identity" && (a >= from || b >= from)) held[a * k + b] = 0;
    }
  }
  const scale0 = Float64Array.from(held, (v, i) => (Math.floor(i / k) >= from && i % k >= from ? v : nu * v));
  return { label, dim: k, V: held, nu, fixFrom: from, block: { kind, from, scale0 } };
}

/**
 * log pi(Sigma) up to a constant, in the coordinates the structure is drawn in: sub, the
 * IW(nu, nu V11) density of Sigma11; cors, pi(R22) pi(Sigma11.2) pi(B | Sigma11.2) above.
 */
export function logBlockPrior(prior: VariancePrior, Sigma: Float64Array): number {
  const block = prior.block!;
  const k = prior.dim, p = block.from, q = k - p, nu = prior.nu;
  const sub = (rows: number, cols: number, r0: number, c0: number, M: Float64Array) =>
    Float64Array.from({ length: rows * cols }, (_, i) => M[(r0 + Math.floor(i / cols)) * k + c0 + (i % cols)]);
  const logDetAndInverse = (A: Float64Array, n: number) => {
    const L = new Float64Array(n * n), inv = new Float64Array(n * n);
    if (denseCholeskyPivot(A, n, L) >= 0) return null;
    denseInverseSpd(A, n, inv, new Float64Array(n * n));
    return { logDet: denseLogDetFromCholesky(L, n), inv };
  };
  if (block.kind === "identity") {
    if (p === 0) return 0;
    const f = logDetAndInverse(sub(p, p, 0, 0, Sigma), p);
    if (!f) return -Infinity;
    let tr = 0;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) tr += nu * prior.V[a * k + b] * f.inv[b * p + a];
    return -0.5 * (nu + p + 1) * f.logDet - 0.5 * tr;
  }
  const R = logDetAndInverse(sub(q, q, p, p, Sigma), q);
  if (!R) return -Infinity;
  let logPrior = -0.5 * (nu - p + q + 1) * R.logDet;
  for (let a = 0; a < q; a++) logPrior -= 0.5 * nu * log(R.inv[a * q + a]);
  // B = Sigma12 R22^-1, Sigma11.2 = Sigma11 - B Sigma21; the prior's B0 = Psi0_12 Psi0_22^-1 = Psi0_12 (Psi0_22 = I)
  const Psi = block.scale0;
  const B = new Float64Array(p * q), E = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < q; j++) {
    let s = 0;
    for (let l = 0; l < q; l++) s += Sigma[i * k + p + l] * R.inv[l * q + j];
    B[i * q + j] = s;
  }
  const S112 = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) {
    let s = Sigma[i * k + j], e = Psi[i * k + j];
    for (let l = 0; l < q; l++) {
      s -= B[i * q + l] * Sigma[(p + l) * k + j];
      e -= Psi[i * k + p + l] * Psi[j * k + p + l];
      // + (B - B0)(B - B0)' with Psi0_22 = I
      e += (B[i * q + l] - Psi[i * k + p + l]) * (B[j * q + l] - Psi[j * k + p + l]);
    }
    S112[i * p + j] = s;
    E[i * p + j] = e;
  }
  const C = logDetAndInverse(S112, p);
  if (!C) return -Infinity;
  let tr = 0;
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) tr += C.inv[a * p + b] * E[b * p + a];
  return logPrior - 0.5 * (p + 1 + q) * C.logDet - 0.5 * tr;
}
