// Priors of the antedependence structures (models/structures/ante.ts), as MCMCglmm's: the
// coefficients beta ~ N(beta.mu, beta.V) (default mu = 0, V = 1e10 I), the innovation variances
// d_i ~ IG(nu/2, nu V_ii/2) each (V's diagonal), or one d ~ IG(nu/2, nu V/2) with V a scalar for
// the `v` forms. No parameter expansion and no fix (MCMCglmm stops on both).

import { anteBetaCount, anteBetaIndex } from "../models/structures/ante.js";
import { PriorError } from "../errors.js";
import type { CovarianceTerm, VariancePriorSpec } from "../models/types.js";
import { lgamma } from "../diagnostics/beta.js";
import { choleskyLower, invertLower } from "../random/dense.js";
import { isPositiveDefinite, isSymmetric, toSquare } from "./matrix-spec.js";
import type { VariancePrior } from "./prior.js";
import { log } from "../math/deterministic.js";

export interface AntePrior {
  readonly order: number;
  /** One coefficient per lag (antec). */
  readonly constant: boolean;
  /** One innovation variance (ante<p>v). */
  readonly sharedVariance: boolean;
  readonly nBeta: number;
  /** beta index of L[i, j], row-major k x k, -1 outside the band (ante.ts anteBetaIndex). */
  readonly betaIndex: Int32Array;
  readonly betaMu: Float64Array;
  /** beta.V^-1, nBeta x nBeta row-major. */
  readonly betaPrecision: Float64Array;
  /** log |beta.V|, for the normalised log prior. */
  readonly betaLogDet: number;
}

const DEFAULT_BETA_VARIANCE = 1e10;

export function resolveAntePrior(
  label: string,
  term: CovarianceTerm,
  spec: VariancePriorSpec | undefined,
  warnings: string[],
  form: { constant: boolean; sharedVariance: boolean },
): VariancePrior {
  const k = term.dim;
  const order = term.order!;
  const nBeta = anteBetaCount(k, order, form.constant);
  const where = `${label} (${term.label})`;
  if (spec !== undefined && (spec["alpha.mu"] !== undefined || spec["alpha.V"] !== undefined)) {
    throw new PriorError(`${where}: parameter expansion (alpha.mu, alpha.V) is not available for antedependence structures`);
  }
  if (spec?.fix !== undefined && spec.fix !== 0) throw new PriorError(`${where}: fix cannot be used with antedependence structures`);
  let V: Float64Array;
  let nu: number;
  if (spec === undefined) {
    warnings.push(`${label}: no prior given for ${term.label}; using MCMCglmm's default V = I, nu = 0 (improper), beta.mu = 0, beta.V = 1e10 I`);
    V = toSquare(1, k, `${label}: V`);
    nu = 0;
  } else {
    if (spec.V === undefined) throw new PriorError(`${where}: V is missing`);
    if (form.sharedVariance) {
      const v = scalarOf(spec.V);
      if (!(v > 0) || !Number.isFinite(v)) throw new PriorError(`${where}: V must be one positive number for ${term.structure} structures (one innovation variance)`);
      V = toSquare(v, k, `${label}: V`);
    } else {
      V = toSquare(spec.V, k, `${label}: V (for ${term.label}, which has ${k} coefficients)`);
      if (!isSymmetric(V, k)) throw new PriorError(`${where}: V is not symmetric`);
      if (!isPositiveDefinite(V, k)) throw new PriorError(`${where}: V is not positive-definite`);
    }
    if (spec.nu === undefined) throw new PriorError(`${where}: nu is missing`);
    nu = spec.nu;
    if (!Number.isFinite(nu) || nu < 0) throw new PriorError(`${where}: nu must be >= 0, got ${nu}`);
    if (nu === 0) warnings.push(`${label}: nu = 0 is an improper prior for the innovation variances (accepted, as MCMCglmm does)`);
  }
  const betaMu = new Float64Array(nBeta);
  const mu = spec?.["beta.mu"];
  if (typeof mu === "number") betaMu.fill(mu);
  else if (mu !== undefined) {
    if (!Array.isArray(mu) || mu.length !== nBeta) throw new PriorError(`${where}: beta.mu has length ${Array.isArray(mu) ? mu.length : 0}, expected ${nBeta} (the antedependence coefficients)`);
    mu.forEach((x, i) => { if (!Number.isFinite(x)) throw new PriorError(`${where}: beta.mu[${i + 1}] is not a finite number`); betaMu[i] = x; });
  }
  const betaV = spec?.["beta.V"] === undefined ? toSquare(DEFAULT_BETA_VARIANCE, nBeta, "beta.V") : toSquare(spec["beta.V"], nBeta, `${where}: beta.V (${nBeta} antedependence coefficients)`);
  if (!isSymmetric(betaV, nBeta)) throw new PriorError(`${where}: beta.V is not symmetric`);
  const chol = new Float64Array(nBeta * nBeta);
  if (!choleskyLower(betaV, nBeta, chol)) throw new PriorError(`${where}: beta.V is not positive-definite`);
  const inv = new Float64Array(nBeta * nBeta);
  invertLower(chol, nBeta, inv);
  const betaPrecision = new Float64Array(nBeta * nBeta);
  let betaLogDet = 0;
  for (let a = 0; a < nBeta; a++) {
    betaLogDet += 2 * log(chol[a * nBeta + a]);
    for (let b = 0; b < nBeta; b++) {
      let s = 0;
      for (let p = Math.max(a, b); p < nBeta; p++) s += inv[p * nBeta + a] * inv[p * nBeta + b];
      betaPrecision[a * nBeta + b] = s;
    }
  }
  const ante: AntePrior = {
    order, constant: form.constant, sharedVariance: form.sharedVariance, nBeta,
    betaIndex: anteBetaIndex(k, order, form.constant), betaMu, betaPrecision, betaLogDet,
  };
  return { label, dim: k, V, nu, fixFrom: k, ante };
}

/**
 * The antedependence parameters of G (MCMCglmm's posterior.ante): G = L^-1 D L^-T with L unit
 * lower triangular; d = D's diagonal, beta from L's band (beta_{i,l} = -L[i, i-l]). Returns
 * false when G is not positive-definite. `chol`, `Linv` are k x k scratch.
 */
export function anteParameters(G: Float64Array, k: number, ante: AntePrior, d: Float64Array, beta: Float64Array, chol: Float64Array, L: Float64Array): boolean {
  if (!choleskyLower(G, k, chol)) return false;
  // G = C C' = (C S^-1) S^2 (C S^-1)' with S = diag(C): L^-1 = C S^-1, so L = S C^-1
  invertLower(chol, k, L);
  for (let i = 0; i < k; i++) {
    const s = chol[i * k + i];
    d[i] = s * s;
    for (let j = 0; j <= i; j++) L[i * k + j] *= s;
  }
  beta.fill(0);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < i; j++) {
      const b = ante.betaIndex[i * k + j];
      if (b < 0) continue;
      // antec: every entry of one lag holds the same coefficient; read the first
      if (ante.constant && j > 0) continue;
      beta[b] = -L[i * k + j];
    }
  }
  return true;
}

/**
 * log prior density of the antedependence parameters (beta, d) of G (not of G's entries):
 * log N(beta; beta.mu, beta.V) + sum_i log IG(d_i; nu/2, nu V_ii/2) (one term for the `v` forms).
 * With nu = 0 the inverse-gamma parts are the improper d^-1.
 */
export function logAntePrior(prior: VariancePrior, G: Float64Array): number {
  const ante = prior.ante!;
  const k = prior.dim;
  const d = new Float64Array(k), beta = new Float64Array(ante.nBeta);
  if (!anteParameters(G, k, ante, d, beta, new Float64Array(k * k), new Float64Array(k * k))) return -Infinity;
  const nb = ante.nBeta;
  let quad = 0;
  for (let a = 0; a < nb; a++) for (let b = 0; b < nb; b++) quad += (beta[a] - ante.betaMu[a]) * ante.betaPrecision[a * nb + b] * (beta[b] - ante.betaMu[b]);
  let lp = -0.5 * (nb * log(2 * Math.PI) + ante.betaLogDet + quad);
  const logIG = (x: number, scaleV: number) => {
    if (prior.nu === 0) return -log(x);
    const shape = prior.nu / 2, rate = (prior.nu * scaleV) / 2;
    return shape * log(rate) - lgamma(shape) - (shape + 1) * log(x) - rate / x;
  };
  if (ante.sharedVariance) lp += logIG(d[0], prior.V[0]);
  else for (let i = 0; i < k; i++) lp += logIG(d[i], prior.V[i * k + i]);
  return lp;
}

/** A scalar written as x, [x] or [[x]]; NaN otherwise. */
function scalarOf(value: number | number[] | number[][]): number {
  if (typeof value === "number") return value;
  if (value.length !== 1) return NaN;
  const first = value[0];
  if (typeof first === "number") return first;
  return Array.isArray(first) && first.length === 1 && typeof first[0] === "number" ? first[0] : NaN;
}
