// Priors checked and completed against a Model, with MCMCglmm's parameterisation and defaults:
//   B: beta ~ N(mu, V), default mu = 0, V = 1e10 I.
//   G/R {V, nu}: Sigma ~ inverse-Wishart(nu, nu V); default V = I, nu = 0 (improper, as MCMCglmm).
//   {alpha.mu, alpha.V}: parameter expansion, G = D(alpha) G* D(alpha), alpha ~ N(alpha.mu, alpha.V).
//   fix: k (1-based): the block from row/column k on is held at V.

import { priorDim, structureOf } from "../models/structures/registry.js";
import { PriorError } from "../errors.js";
import type { CovarianceTerm, Model, PriorSpec, VariancePriorSpec } from "../models/types.js";
import { residualIdentificationWarnings } from "./latent-scale-identification.js";
import { checkProperConditional } from "./proper-conditional.js";
import { covuBlockPrior, resolveCovu, type CovuPrior } from "./covu.js";
import { isSymmetric, isPositiveDefinite, toSquare } from "./matrix-spec.js";
import type { AntePrior } from "./ante-prior.js";
import type { BlockPrior } from "./block-prior.js";

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
  /** Antedependence structures: the coefficients' prior and the band layout (ante-prior.ts). */
  readonly ante?: AntePrior;
  /** cors and sub: the trailing block from fixFrom on is a correlation matrix or the identity (block-prior.ts). */
  readonly block?: BlockPrior;
}

export interface FixedPrior {
  readonly mu: Float64Array;
  /** p x p row-major inverse of V (precision). */
  readonly precision: Float64Array;
}

export interface Prior {
  readonly B: FixedPrior;
  readonly G: readonly VariancePrior[];
  /** One prior per residual term (MCMCglmm's R, or R1, R2, ... for several residual terms). */
  readonly R: readonly VariancePrior[];
  /** MCMCglmm's covu: the G term joined with the residual term, and their joint prior (prior R); G and R hold its blocks. */
  readonly covu?: CovuPrior;
  readonly warnings: readonly string[];
}

const DEFAULT_B_VARIANCE = 1e10;

/** Size of the covariance matrix a prior describes: idv terms have one variance. */
export { priorDim } from "../models/structures/registry.js";

/**
 * Checks a prior spec against the model and completes it with MCMCglmm's defaults.
 *
 * @example
 * ```ts
 * const model = buildModel(spec, data);
 * const prior = resolvePrior(model, { R: { V: 1, nu: 0.002 }, G: { G1: { V: 1, nu: 0.002 } } });
 * ```
 */
export function resolvePrior(model: Model, spec: PriorSpec | undefined): Prior {
  const warnings: string[] = [];
  const covu = resolveCovu(model, spec);
  const B = resolveFixedPrior(model.fixedNames.length, spec?.B);
  const gSpecs = spec?.G ?? {};
  const gKeys = Object.keys(gSpecs);
  // The mev term's prior is MCMCglmm's own (V = 1, nu = 1, fix = 1), appended after prior G's.
  // with covu, prior G has no element for the joined term (its prior is prior R's), as in MCMCglmm
  const estimated = model.randomTerms.filter((t, i) => !t.knownVariance && i !== covu?.term);
  if (spec?.G && gKeys.length !== estimated.length) {
    throw new PriorError(
      `prior G has ${gKeys.length} element(s) (${gKeys.join(", ")}) but the model has ${estimated.length} random term(s) (${estimated.map((t) => t.label).join(", ")})`,
    );
  }
  let gIndex = 0;
  const G = model.randomTerms.map((term, t) => {
    if (covu !== undefined && t === covu.term) return covuBlockPrior(covu.joint, 0, term.dim);
    if (term.knownVariance) return { label: "G.mev", dim: 1, V: Float64Array.of(1), nu: 1, fixFrom: 0 };
    const i = gIndex++;
    const key = gKeys[i] ?? `G${i + 1}`;
    return resolveVariancePrior(`G.${key}`, term, gSpecs[key], true, warnings);
  });
  // MCMCglmm holds an idh(trait):units residual of a multi-trait response as us (heldAsUs below)
  const R = (covu !== undefined ? covuResidualPriors(model, covu, spec?.R, warnings) : resolveResidualPriors(model.residualTerms, spec?.R, warnings)).map((p, t) =>
    (covu === undefined || t > 0) && heldAsUs(model, model.residualTerms[t]) ? reformedForUs(p) : p,
  );
  // MCMCglmm reforms a trait:units residual's prior too when a response has several latent traits,
  // in a way mcglmm does not reproduce: say so rather than differ silently
  if (model.residualTerms.some((t) => t.vcvNames.length === 1 && t.vcvNames[0] === "trait:units") && model.responses.some((r) => r.nTraits > 1)) {
    warnings.push(
      'rcov "~trait:units" with a response of several latent traits: MCMCglmm reforms this residual prior in a way mcglmm does not reproduce, so the posteriors may differ; write the residual as ~idh(trait):units (held as MCMCglmm holds it) or ~us(trait):units',
    );
  }
  model.randomTerms.forEach((term, i) => checkProperConditional(G[i], term, term.nLevels));
  model.residualTerms.forEach((term, t) => checkProperConditional(R[t], term, term.nLevels));
  // one residual term over every trait: does it leave a binary or ordinal trait's variance free?
  if (R.length === 1) warnings.push(...residualIdentificationWarnings(model, R[0]));
  return { B, G, R, ...(covu ? { covu } : {}), warnings };
}

/** covu: the first residual term's prior is a block of the joint one; R2, R3, ... as usual (resolveCovu checked their count). */
function covuResidualPriors(model: Model, covu: CovuPrior, spec: PriorSpec["R"], warnings: string[]): VariancePrior[] {
  const first = covuBlockPrior(covu.joint, model.randomTerms[covu.term].dim, model.residualTerms[0].dim);
  const entries = spec === undefined || "V" in spec ? [] : Object.entries(spec as Record<string, VariancePriorSpec>);
  return [first, ...model.residualTerms.slice(1).map((t, i) => resolveVariancePrior(`R.${entries[i + 1][0]}`, t, entries[i + 1][1], false, warnings))];
}

/**
 * R = {V, nu} for one residual term; R = {R1: {...}, R2: {...}} (in the terms' order, any keys)
 * for several, as MCMCglmm's block-diagonal R structures.
 */
function resolveResidualPriors(terms: readonly CovarianceTerm[], spec: PriorSpec["R"], warnings: string[]): VariancePrior[] {
  if (terms.length === 0) throw new PriorError("the model has no residual structure");
  const labels = terms.length === 1 ? ["R"] : terms.map((_, i) => `R.R${i + 1}`);
  if (spec === undefined) return terms.map((t, i) => resolveVariancePrior(labels[i], t, undefined, false, warnings));
  if ("V" in spec) {
    if (terms.length !== 1) {
      throw new PriorError(
        `prior R gives one structure but rcov has ${terms.length} residual terms (${terms.map((t) => t.label).join(", ")}): give R = {R1: ..., R${terms.length}: ...}`,
      );
    }
    return [resolveVariancePrior("R", terms[0], spec as VariancePriorSpec, false, warnings)];
  }
  const entries = Object.entries(spec as Record<string, VariancePriorSpec>);
  if (entries.length !== terms.length) {
    throw new PriorError(
      `prior R has ${entries.length} element(s) (${entries.map(([key]) => key).join(", ")}) but rcov has ${terms.length} residual term(s) (${terms.map((t) => t.label).join(", ")})`,
    );
  }
  return terms.map((t, i) => resolveVariancePrior(terms.length === 1 ? "R" : `R.${entries[i][0]}`, t, entries[i][1], false, warnings));
}

/**
 * MCMCglmm keeps the latent traits of a response with several of them (zero-inflated, hurdle,
 * zero-altered, categorical and multinomial with more than two categories) in one R-structure:
 * an idh(trait):units residual is held as us(trait):units with zero covariances, its prior
 * reformed to nu' = nu + k + 1, V' = V nu / nu' "such that the marginal distribution of us is
 * equal to distribution of idh" (R/MCMCglmm.R, diagR = 2), and the free block drawn from the
 * Korsgaard conditional inverse-Wishart given the fixed block, keeping its regression term
 * T2 T3^-1 T2' (about k - k_free degrees of freedom) after the covariances are zeroed. A diagonal
 * element's marginal has k_free - 1 fewer again, so each free variance is in effect inverse-gamma
 * with shape (nu + 2 + n)/2 and scale (nu V + S)/2 whatever k and the fixed block: nu + 2 here
 * (exact without fix; with fix MCMCglmm's noisy draw is matched to O(1/n) per draw). On M11 the
 * former nu + k + 2 - k_free (one df more) put traitcount.units 1.9% low (z about 5 in a long run:
 * the 387 zero rows' count latents are prior-only, so the variance is weakly identified).
 */
function heldAsUs(model: Model, rTerm: CovarianceTerm): boolean {
  return rTerm.structure === "idh" && rTerm.coefNames.every((c) => c.startsWith("trait")) && model.responses.some((r) => r.nTraits > 1);
}

function reformedForUs(p: VariancePrior): VariancePrior {
  if (p.fixFrom === 0 || p.correlation || p.expansion) return p;
  // MCMCglmm draws the free block from the Korsgaard conditional of a us matrix (nu + k + 1 df)
  // and keeps its regression term B CM B' after zeroing the covariances: about k - k_free df less,
  // so nu + 2 in every case (exact without fix; to O(1/n) per draw with fix)
  const nu = p.nu + 2;
  // the free block's nu V is kept; the fixed block stays at V
  const k = p.dim;
  return { ...p, nu, V: p.V.map((v, i) => (Math.floor(i / k) < p.fixFrom && i % k < p.fixFrom ? (v * p.nu) / nu : v)) };
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
  const own = structureOf(term).resolvePrior;
  if (own) return own(label, term, spec, warnings);
  if (spec !== undefined && (spec["beta.mu"] !== undefined || spec["beta.V"] !== undefined)) {
    throw new PriorError(`${label}: beta.mu and beta.V are priors of antedependence structures (ante1, antec2, ...), not of ${term.structure} (${term.label})`);
  }
  const k = priorDim(term);
  if (spec === undefined) {
    warnings.push(`${label}: no prior given for ${term.label}; using MCMCglmm's default V = I, nu = 0 (improper)`);
    const structure = structureOf(term);
    if (structure.correlation) return correlationPrior(label, structure.correlation, scaledIdentity(k, 1), 0, k);
    return { label, dim: k, V: scaledIdentity(k, 1), nu: 0, fixFrom: k };
  }
  if (spec.V === undefined) throw new PriorError(`${label}: V is missing for ${term.label}`);
  const V = toSquare(spec.V, k, `${label}: V (for ${term.label}, which has ${k} (co)variance dimension${k > 1 ? "s" : ""})`);
  if (!isSymmetric(V, k)) throw new PriorError(`${label}: V is not symmetric`);
  const structure = structureOf(term);
  const diagonalOnly = structure.parameters !== "matrix";
  const vOk = diagonalOnly ? diagonalPositive(V, k) : isPositiveDefinite(V, k);
  if (!vOk) throw new PriorError(`${label}: V is not positive-definite`);
  const fixFrom = resolveFix(label, spec.fix, k);
  const nu = spec.nu ?? (fixFrom === 0 ? 0 : undefined);
  if (nu === undefined) throw new PriorError(`${label}: nu is missing for ${term.label}`);
  if (!Number.isFinite(nu) || nu < 0) throw new PriorError(`${label}: nu must be >= 0, got ${nu}`);
  if (nu === 0 && fixFrom > 0) warnings.push(`${label}: nu = 0 is an improper prior (accepted, as MCMCglmm does)`);
  const hasExpansion = spec["alpha.V"] !== undefined || spec["alpha.mu"] !== undefined;
  if (hasExpansion && !structure.expansion) throw new PriorError(`${label}: parameter expansion (alpha.mu, alpha.V) is not available for ${term.structure} (${term.label})`);
  if (fixFrom < k && !structure.fix) throw new PriorError(`${label}: fix is not available for ${term.structure} (${term.label}): its variances are already fixed`);
  if (structure.correlation) return correlationPrior(label, structure.correlation, V, nu, k);
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
function correlationPrior(label: string, variancesFrom: "unit" | "prior-diagonal", V: Float64Array, nu: number, k: number): VariancePrior {
  const variances = Float64Array.from({ length: k }, (_, a) => (variancesFrom === "unit" ? 1 : V[a * k + a]));
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
