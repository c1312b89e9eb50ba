// The family interface: everything mcglmm knows about a response family lives in one record of
// this shape, one module per family (gaussian.ts, poisson.ts, ...), listed once in registry.ts.
// Every stage that depends on the family (model building, starting values, latent kernels,
// deviance, predict, simulate, residuals, ppc) reads it from the record; no stage switches on
// family names, so a family that leaves out a member does not compile.

import type { Rng } from "../../random/stream.js";
import type { VariableValue } from "../variables.js";
import type { FamilyName, Response } from "../types.js";

export type { FamilyKey } from "./registry.js";

/**
 * The per-unit latent updaters the samplers offer (samplers/kernels/latent/index.ts maps each
 * name to its implementation). A family lists which of them serve each user choice.
 */
export type LatentKernelName =
  | "gaussian-missing"
  | "random-walk"
  | "polya-gamma"
  | "logit-tangent"
  | "poisson-laplace"
  | "threshold-truncated-normal"
  | "ordinal-truncated-normal"
  | "trait-laplace"
  | "trait-polya-gamma"
  | "censored-truncated-normal";

/**
 * How an observation enters the likelihood (models/deviance.ts, posterior/waic.ts):
 *   "gaussian"  the observation is the latent value: a normal density under the residual;
 *   "interval"  the latent value lies in the observation's interval (threshold): a normal
 *               probability under the residual, given the unit's other traits;
 *   "latent"    log p(y | l) given the latent traits (logLikelihood).
 */
export type LikelihoodKind = "gaussian" | "interval" | "latent";

/**
 * The data log-likelihood under a shift of the latent variables, for the joint moves
 * (samplers/kernels/moves/joint-likelihood.ts): "pinned" latents are not moved (Gaussian
 * observations, threshold intervals); "poisson" and "logit" have one-trait fast paths,
 * "hurdle-poisson" a two-trait one (hupoisson); "generic" goes through samplerLogLikelihood.
 */
export type JointShiftKind = "pinned" | "generic" | "poisson" | "logit" | "hurdle-poisson";

/** One column of the response (an argument of cbind, or the whole left-hand side). */
export interface ResponseColumn {
  /** The column as written, e.g. "size - incidence". */
  readonly text: string;
  /** Its variable name, as MCMCglmm names traits: the first column it refers to. */
  readonly name: string;
  readonly value: VariableValue;
}

/** log p(y_u | x) up to a constant in x; x holds the response's latent traits; cp its cutpoints. */
export type UnitLogLikelihood = (unit: number, x: Float64Array, cp: Float64Array) => number;

/** Successes per trait and trials per unit, for the logit families' augmentation kernels. */
export interface LogitCounts {
  /** Successes for trait j at unit u (the count of category j+1 for categorical). */
  count(unit: number, j: number): number;
  /** Trials n at unit u (1 for categorical). */
  trials(unit: number): number;
}

/**
 * How trait j's likelihood at a unit looks with the unit's other traits held fixed, for the
 * trait-wise kernel (samplers/kernels/latent/trait-laplace.ts):
 *   "none"     constant in l_j (no data on this trait here: a hurdle's count trait at y = 0);
 *   "logit"    exactly k l_j - n log(1 + e^l_j), with k = out[0], n = out[1];
 *   "inflated-logit"  exactly log(p + (1 - p) c), p = logistic(l_j), c = exp(out[0]) free of l_j
 *              (a zero-inflated zero: c = P(count = 0 | l_count)); the trait-laplace kernel
 *              treats it as "general", trait-polya-gamma augments the structural zero;
 *   "general"  anything else (read through samplerLogLikelihood).
 */
export type TraitLikelihoodKind = "none" | "logit" | "inflated-logit" | "general";
export type TraitView = (unit: number, j: number, x: Float64Array, out: Float64Array) => TraitLikelihoodKind;

export interface FamilyDefinition {
  /** The registry key: the family name users write (multinomialK: "multinomial"). */
  readonly key: string;
  /** One line for error messages and the docs: what the family models and its link. */
  readonly description: string;
  /**
   * The link of its latent scale (a two-part family has a link per trait): what the checks made
   * before sampling read (separation and identification of binary logit/probit responses).
   */
  readonly link: "identity" | "log" | "logit" | "probit" | "two-part";
  /** -Inf / Inf in its response columns mark open interval ends (censored families), not bad values. */
  readonly openEnds?: boolean;
  /**
   * The family reads per-row parameters from response columns besides y (ncst, msst: the scale
   * and degrees of freedom), so expectedResponse, predictiveCdf and drawObservation need the row
   * (their `unit` argument), and predictions for new rows rebuild the response from newdata.
   */
  readonly unitParameters?: boolean;
  /** Response columns the family reads (K for multinomialK, else 1). */
  columns(family: FamilyName): number;
  /** Validate the columns and build the response; traitOffset is its first latent trait. */
  build(family: FamilyName, cols: readonly ResponseColumn[], traitOffset: number): { response: Response; traitNames: string[] };

  // ---- sampling
  /** Latent updaters per choice of the spec's `latent`; a missing entry is not offered. */
  readonly latentKernels: { readonly auto: LatentKernelName; readonly exact?: LatentKernelName; readonly mh: LatentKernelName };
  readonly likelihood: LikelihoodKind;
  readonly jointShift: JointShiftKind;
  /** Cutpoints stored for the response (threshold/ordinal: K - 1 for K categories; else 0). */
  cutpointCount(r: Response): number;
  /**
   * Cutpoint moves (samplers/kernels/cutpoints): "pinned" when the latent variable is pinned
   * between cutpoints (threshold: the move integrates it out and redraws it), "probit" when the
   * probit's own unit variance links them (ordinal); null without cutpoints.
   */
  readonly cutpointLink: "pinned" | "probit" | null;
  /** Starting latent value of trait `trait` at a unit with observation y (before jitter). */
  linkStart(r: Response, y: number, trait: number, unit: number): number;
  /** Whether starting latent values are jittered (not for observed Gaussian values). */
  readonly jitterStart: boolean;
  /** log p(y_u | l) up to a constant in l, for the latent kernels and joint moves. */
  samplerLogLikelihood(r: Response): UnitLogLikelihood;
  /** Successes and trials of a logit family (Polya-Gamma and tangent kernels); null otherwise. */
  logitCounts(r: Response): LogitCounts | null;
  /** Trait-wise shape of the likelihood (trait-laplace kernel); absent: every trait "general". */
  traitView?(r: Response): TraitView;
  /**
   * First and second derivatives in t of log p(y_u | l with l_j = t) (the other traits from x),
   * written to out[0], out[1], for the trait-laplace kernel's Newton steps; returns false where
   * not given (the kernel then differentiates samplerLogLikelihood numerically).
   */
  traitDerivatives?(r: Response): (unit: number, j: number, x: Float64Array, t: number, out: Float64Array) => boolean;
  /**
   * log p(y_u | x) up to terms free of x[j] (the trait-laplace kernel's target in trait j): a
   * family whose likelihood separates by trait skips the other traits' terms; absent:
   * samplerLogLikelihood.
   */
  traitLogLikelihood?(r: Response): (unit: number, j: number, x: Float64Array) => number;
  /**
   * likelihood "interval": the interval [lo, hi] the latent value of unit `unit` lies in
   * (lo = hi: an exactly observed value, whose density is used); absent: the category's
   * cutpoint interval (threshold).
   */
  observationInterval?(r: Response, unit: number, cutpoints: ArrayLike<number>): [number, number];

  // ---- the data model
  /** log p(y_u | l) with every constant (likelihood "latent"); NaN observations give 0. */
  logLikelihood(r: Response, unit: number, l: ArrayLike<number>, cutpoints: ArrayLike<number>): number;
  /**
   * Expected response per trait given the latent traits ~ N(mean, cov) (MCMCglmm's predict on
   * the response scale, integrated rather than plugged in); trials = n of binomial families;
   * unit: the row of `r` (read by unitParameters families only).
   */
  expectedResponse(r: Response, mean: ArrayLike<number>, cov: ArrayLike<number>, cutpoints: ArrayLike<number>, trials: number, out: Float64Array, unit: number): void;
  /** P(Y <= y) given l ~ N(m, v) for one-trait families (quantile residuals) at row `unit` of r; null when none. */
  readonly predictiveCdf: ((r: Response, y: number, m: number, variance: number, cutpoints: ArrayLike<number>, trials: number, unit: number) => number) | null;
  /**
   * P(Y <= y) given the response's latent traits ~ N(mean, cov), for families with several traits
   * (the two-part count families), whose quantile residuals need the joint law; absent otherwise.
   */
  readonly jointPredictiveCdf?: (r: Response, y: number, mean: ArrayLike<number>, cov: ArrayLike<number>, cutpoints: ArrayLike<number>, trials: number) => number;
  /**
   * The chain-rule (Rosenblatt 1952) decomposition of an observation with several counts or a
   * nominal category (multinomialK, categorical, ztmbJ, ztmultinomialK), whose quantile residuals
   * are one per step (posterior/sequential-residuals.ts); absent otherwise.
   */
  readonly sequential?: SequentialLaw;
  /** Whether the response is continuous (quantile residuals need no randomisation). */
  readonly continuous: boolean;
  /** log p(y_u) with the latent traits ~ N(mean, cov) integrated out (WAIC, LOO). */
  logPredictiveDensity(r: Response, unit: number, mean: ArrayLike<number>, cov: ArrayLike<number>, cutpoints: ArrayLike<number>): number;
  /**
   * Draw one observation given the response's latent traits l at row `unit` of r. Families with
   * several count columns (multinomialK) also write the K counts into `counts` (length K) and
   * return the first.
   */
  drawObservation(r: Response, l: Float64Array, cutpoints: ArrayLike<number>, trials: number | undefined, rng: Rng, counts: Float64Array | null, unit: number): number;
  /**
   * The observation as seen per latent trait, for replicates stacked like the latent variables
   * (predict's intervals): categorical trait j: the indicator of category j+1; multinomialK
   * trait j: column j's count; one-trait families: the observation itself.
   */
  observationPerTrait(r: Response, y: number, trait: number, counts: Float64Array | null): number;
  /**
   * The law at a row depends on which of its count columns are zero (ztmultinomial: each row's
   * zero pattern), so predictions for new rows rebuild the response from newdata's columns; rows
   * without them are predicted with every category present, under a named warning.
   */
  readonly rowPattern?: boolean;
  /** Whether simulate returns count columns for this response (multinomialK). */
  hasCountColumns(r: Response): boolean;
  /**
   * Whether the response needs a residual structure over `trait` (us(trait):units, ...), as
   * MCMCglmm requires for it (models/checks/trait-residual.ts); absent: no such requirement.
   */
  needsTraitResidual?(r: Response): boolean;
  /** Built-in posterior predictive statistics that suit the family. */
  readonly defaultStatistics: readonly ("mean" | "sd" | "min" | "max" | "prop_zero" | "category_proportions")[];
}

/**
 * A response's chain-rule decomposition: step k is its k-th count (or category indicator) given
 * the earlier ones, so that under the model the randomised PIT values of the steps are iid
 * U(0, 1) (Rosenblatt 1952; Dunn & Smyth 1996 for the randomisation).
 */
export interface SequentialLaw {
  /** Step names, from the response's trait names: ["a", "b|a"] for columns, ["y.A", "y.B|A"] for levels. */
  steps(r: Response, traitNames: readonly string[]): string[];
  /** Whether step k at row `unit` is fixed by the earlier steps and the row's data (a point mass: no residual). */
  fixed(r: Response, unit: number, step: number): boolean;
  /**
   * Given the latent traits l at row `unit` (n = trials), for each step k: out[3k] = P(Y_<k = y_<k | l),
   * out[3k+1] = P(Y_<k = y_<k, Y_k <= y_k | l), out[3k+2] = P(Y_<k = y_<k, Y_k < y_k | l).
   */
  probabilities(r: Response, unit: number, l: ArrayLike<number>, trials: number, out: Float64Array): void;
}
