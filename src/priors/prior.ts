// Priors checked and completed against a Model, with MCMCglmm's parameterisation and defaults:
//   B: beta ~ N(mu, V), default mu = 0, V = 1e10 I.
//   G/R {V, nu}: Sigma ~ inverse-Wishart(nu, nu V); default V = I, nu = 0 (improper, as MCMCglmm).
//   {alpha.mu, alpha.V}: parameter expansion, G = D(alpha) G* D(alpha), alpha ~ N(alpha.mu, alpha.V).
//   fix: k (1-based): the block from row/column k on is held at V.

import { PriorError } from "../errors.js";
import type { CovarianceTerm, Model, PriorSpec, VariancePriorSpec } from "../models/types.js";
import { isSymmetric, isPositiveDefinite, toSquare } from "./matrix-spec.js";

export interface VariancePrior {
  /** Which prior this is, for messages: "R", "G.G1". */
  readonly label: string;
  readonly dim: number;
  /** k x k row-major. */
  readonly V: Float64Array;
  readonly nu: number;
  /** 0-based index from which the block is fixed at V; dim when nothing is fixed. */
  readonly fixFrom: number;
  /** Parameter expansion (G only); undefined when not expanded. */
  readonly expansion?: { readonly alphaMu: Float64Array; readonly alphaV: Float64Array };
  /** corg/corgh: a correlation matrix scaled by these fixed variances (1 for corg, V's diagonal for corgh). */
  readonly correlation?: { readonly variances: Float64Array };
}

export interface FixedPrior {
  readonly mu: Float64Array;
  /** p x p row-major inverse of V (precision). */
  readonly precision: Float64Array;
}

export interface Prior {
  readonly B: FixedPrior;
  readonly G: readonly VariancePrior[];
  readonly R: VariancePrior;
  readonly warnings: readonly string[];
}

const DEFAULT_B_VARIANCE = 1e10;

/** Size of the covariance matrix a prior describes: idv terms have one variance. */
export function priorDim(term: CovarianceTerm): number {
  return term.structure === "idv" ? 1 : term.dim;
}

export function resolvePrior(model: Model, spec: PriorSpec | undefined): Prior {
  const warnings: string[] = [];
  const B = resolveFixedPrior(model.fixedNames.length, spec?.B);
  const gSpecs = spec?.G ?? {};
  const gKeys = Object.keys(gSpecs);
  if (spec?.G && gKeys.length !== model.randomTerms.length) {
    throw new PriorError(
      `prior G has ${gKeys.length} element(s) (${gKeys.join(", ")}) but the model has ${model.randomTerms.length} random term(s) (${model.randomTerms.map((t) => t.label).join(", ")})`,
    );
  }
  const G = model.randomTerms.map((term, i) => {
    const key = gKeys[i] ?? `G${i + 1}`;
    return resolveVariancePrior(`G.${key}`, term, gSpecs[key], true, warnings);
  });
  const rTerm = model.residualTerms[0];
  if (!rTerm) throw new PriorError("the model has no residual structure");
  const asSpecified = resolveVariancePrior("R", rTerm, residualSpec(spec?.R), false, warnings);
  const R = heldAsUs(model, rTerm) ? reformedForUs(asSpecified) : asSpecified;
  return { B, G, R, warnings };
}

/**
 * MCMCglmm keeps the latent traits of a response with several of them (zero-inflated, hurdle,
 * zero-altered, categorical and multinomial with more than two categories) in one R-structure:
 * an idh(trait):units residual is held as us(trait):units with zero covariances, its prior
 * reformed to nu' = nu + k + 1, V' = V nu / nu' "such that the marginal distribution of us is
 * equal to distribution of idh" (R/MCMCglmm.R, diagR = 2), and each free variance drawn as a
 * diagonal element of the (conditional) inverse-Wishart on the k_free free traits, whose marginal
 * has k_free - 1 fewer degrees of freedom. The variances it samples are therefore inverse-gamma
 * with shape (nu + k + 2 - k_free + n)/2 and scale (nu V + S)/2: the same prior scale nu V, more
 * degrees of freedom. (Its conditional draw also adds T2 T3^-1 T2' to a free variance when traits
 * are fixed, a relative change of order 1/n, not reproduced.)
 */
function heldAsUs(model: Model, rTerm: CovarianceTerm): boolean {
  return rTerm.structure === "idh" && rTerm.coefNames.every((c) => c.startsWith("trait")) && model.responses.some((r) => r.nTraits > 1);
}

function reformedForUs(p: VariancePrior): VariancePrior {
  if (p.fixFrom === 0 || p.correlation || p.expansion) return p;
  const nu = p.nu + p.dim + 2 - p.fixFrom;
  // the free block's nu V is kept; the fixed block stays at V
  const k = p.dim;
  return { ...p, nu, V: p.V.map((v, i) => (Math.floor(i / k) < p.fixFrom && i % k < p.fixFrom ? (v * p.nu) / nu : v)) };
}

function residualSpec(R: PriorSpec["R"]): VariancePriorSpec | undefined {
  if (R === undefined) return undefined;
  if ("V" in R) return R as VariancePriorSpec;
  const values = Object.values(R as Record<string, VariancePriorSpec>);
  if (values.length !== 1) throw new PriorError(`prior R: one residual structure is supported, got ${values.length}`);
  return values[0];
}

function resolveFixedPrior(p: number, spec: PriorSpec["B"]): FixedPrior {
  const mu = new Float64Array(p);
  if (spec?.mu !== undefined) {
    if (typeof spec.mu === "number") mu.fill(spec.mu);
    else {
      if (spec.mu.length !== p) throw new PriorError(`prior B: mu has length ${spec.mu.length} but the model has ${p} fixed effects`);
      mu.set(spec.mu);
    }
  }
  const V = spec?.V === undefined ? scaledIdentity(p, DEFAULT_B_VARIANCE) : toSquare(spec.V, p, "prior B: V");
  if (!isSymmetric(V, p)) throw new PriorError("prior B: V is not symmetric");
  const precision = invertSpd(V, p, "prior B: V");
  for (const x of mu) if (!Number.isFinite(x)) throw new PriorError("prior B: mu has a non-finite value");
  return { mu, precision };
}

function resolveVariancePrior(
  label: string,
  term: CovarianceTerm,
  spec: VariancePriorSpec | undefined,
  isG: boolean,
  warnings: string[],
): VariancePrior {
  const k = priorDim(term);
  if (spec === undefined) {
    warnings.push(`${label}: no prior given for ${term.label}; using MCMCglmm's default V = I, nu = 0 (improper)`);
    if (term.structure === "corg" || term.structure === "corgh") return correlationPrior(label, term.structure, scaledIdentity(k, 1), 0, k);
    return { label, dim: k, V: scaledIdentity(k, 1), nu: 0, fixFrom: k };
  }
  if (spec.V === undefined) throw new PriorError(`${label}: V is missing for ${term.label}`);
  const V = toSquare(spec.V, k, `${label}: V (for ${term.label}, which has ${k} (co)variance dimension${k > 1 ? "s" : ""})`);
  if (!isSymmetric(V, k)) throw new PriorError(`${label}: V is not symmetric`);
  const diagonalOnly = term.structure === "idh" || term.structure === "idv";
  const vOk = diagonalOnly ? diagonalPositive(V, k) : isPositiveDefinite(V, k);
  if (!vOk) throw new PriorError(`${label}: V is not positive-definite`);
  const fixFrom = resolveFix(label, spec.fix, k);
  const nu = spec.nu ?? (fixFrom === 0 ? 0 : undefined);
  if (nu === undefined) throw new PriorError(`${label}: nu is missing for ${term.label}`);
  if (!Number.isFinite(nu) || nu < 0) throw new PriorError(`${label}: nu must be >= 0, got ${nu}`);
  if (nu === 0 && fixFrom > 0) warnings.push(`${label}: nu = 0 is an improper prior (accepted, as MCMCglmm does)`);
  const hasExpansion = spec["alpha.V"] !== undefined || spec["alpha.mu"] !== undefined;
  if (term.structure === "corg" || term.structure === "corgh") {
    if (hasExpansion) throw new PriorError(`${label}: parameter expansion (alpha.mu, alpha.V) is not available for ${term.structure} (${term.label})`);
    if (fixFrom < k) throw new PriorError(`${label}: fix is not available for ${term.structure} (${term.label}): its variances are already fixed`);
    return correlationPrior(label, term.structure, V, nu, k);
  }
  if (!hasExpansion) return { label, dim: k, V, nu, fixFrom };
  if (!isG) throw new PriorError(`${label}: parameter expansion (alpha.mu, alpha.V) is not available for residual structures`);
  const alphaV = toSquare(spec["alpha.V"] ?? 0, k, `${label}: alpha.V`);
  const alphaMu = new Float64Array(k);
  const mu = spec["alpha.mu"] ?? 0;
  if (typeof mu === "number") alphaMu.fill(mu);
  else {
    if (mu.length !== k) throw new PriorError(`${label}: alpha.mu has length ${mu.length}, expected ${k}`);
    alphaMu.set(mu);
  }
  if (alphaV.every((x) => x === 0)) return { label, dim: k, V, nu, fixFrom };
  if (!isPositiveDefinite(alphaV, k)) throw new PriorError(`${label}: alpha.V is not positive-definite`);
  if (fixFrom < k) throw new PriorError(`${label}: fix and parameter expansion cannot be combined`);
  return { label, dim: k, V, nu, fixFrom, expansion: { alphaMu, alphaV } };
}

/**
 * corg: a correlation matrix (unit variances); corgh: one scaled by the variances on V's diagonal
 * (MCMCglmm's semantics). A 1 x 1 one has nothing left to sample: it is held fixed.
 */
function correlationPrior(label: string, structure: "corg" | "corgh", V: Float64Array, nu: number, k: number): VariancePrior {
  const variances = Float64Array.from({ length: k }, (_, a) => (structure === "corg" ? 1 : V[a * k + a]));
  if (k === 1) return { label, dim: 1, V: variances, nu, fixFrom: 0 };
  return { label, dim: k, V, nu, fixFrom: k, correlation: { variances } };
}

function resolveFix(label: string, fix: number | undefined, k: number): number {
  if (fix === undefined || fix === 0) return k;
  if (!Number.isInteger(fix) || fix < 1 || fix > k) {
    throw new PriorError(`${label}: fix = ${fix} points outside the ${k} x ${k} structure (must be 1..${k})`);
  }
  return fix - 1;
}

function scaledIdentity(k: number, value: number): Float64Array {
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) out[i * k + i] = value;
  return out;
}

function diagonalPositive(V: Float64Array, k: number): boolean {
  for (let i = 0; i < k; i++) if (!(V[i * k + i] > 0)) return false;
  return true;
}

/** Inverse of a symmetric positive-definite matrix (Gauss-Jordan is fine for prior set-up sizes). */
function invertSpd(A: Float64Array, k: number, what: string): Float64Array {
  if (!isPositiveDefinite(A, k)) throw new PriorError(`${what} is not positive-definite`);
  // Diagonal fast path: the usual B prior.
  let diagonal = true;
  for (let i = 0; i < k && diagonal; i++) for (let j = 0; j < k; j++) if (i !== j && A[i * k + j] !== 0) { diagonal = false; break; }
  const inv = new Float64Array(k * k);
  if (diagonal) {
    for (let i = 0; i < k; i++) inv[i * k + i] = 1 / A[i * k + i];
    return inv;
  }
  const a = Float64Array.from(A);
  for (let i = 0; i < k; i++) inv[i * k + i] = 1;
  for (let c = 0; c < k; c++) {
    let pivot = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r * k + c]) > Math.abs(a[pivot * k + c])) pivot = r;
    if (pivot !== c) {
      for (let j = 0; j < k; j++) {
        [a[c * k + j], a[pivot * k + j]] = [a[pivot * k + j], a[c * k + j]];
        [inv[c * k + j], inv[pivot * k + j]] = [inv[pivot * k + j], inv[c * k + j]];
      }
    }
    const d = a[c * k + c];
    for (let j = 0; j < k; j++) { a[c * k + j] /= d; inv[c * k + j] /= d; }
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = a[r * k + c];
      if (f === 0) continue;
      for (let j = 0; j < k; j++) { a[r * k + j] -= f * a[c * k + j]; inv[r * k + j] -= f * inv[c * k + j]; }
    }
  }
  return inv;
}
