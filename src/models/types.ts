// The types that flow between stages: spec -> DataFrame -> Model.
// A Model is immutable once built; samplers read it and never change it.

import type { StructureKey } from "./structures/registry.js";
import type { FamilyKey } from "./families/registry.js";
import type { Csc } from "../linalg/csc.js";

// ---------------------------------------------------------------- spec (the JSON contract)

/** A family as users write it: a key of the family registry, multinomialK / ztmultinomialK / ztmbJ spelled with their number. */
export type FamilyName = Exclude<FamilyKey, "multinomial" | "ztmb" | "ztmultinomial"> | `multinomial${number}` | `ztmb${number}` | `ztmultinomial${number}`;

/** Prior on one (co)variance structure, as MCMCglmm: V, nu, optional parameter expansion, fix. */
export interface VariancePriorSpec {
  V: number | number[][];
  nu?: number;
  "alpha.mu"?: number | number[];
  "alpha.V"?: number | number[][];
  /** 1-based: the block from row/column `fix` on is fixed at V. */
  fix?: number;
  /** Antedependence structures: prior mean and covariance of the antedependence coefficients. */
  "beta.mu"?: number | number[];
  "beta.V"?: number | number[][];
  /** prior R only: MCMCglmm's G-R structure, the last G term covarying with the residual (priors/covu.ts, samplers/kernels/covu/). */
  covu?: boolean;
}

export interface FixedPriorSpec {
  mu?: number | number[];
  V?: number | number[][];
}

export interface PriorSpec {
  R?: VariancePriorSpec | Record<string, VariancePriorSpec>;
  G?: Record<string, VariancePriorSpec>;
  B?: FixedPriorSpec;
}

export type ColumnTypeSpec = "numeric" | "factor" | { ordered: string[] } | { factor: string[] } | { levels: string[] };

export type LatentKernelChoice = "mh" | "exact" | "auto";

/** Starting values: R and G (a matrix, a scalar, or {V}), the latent variables (stacked trait-major) and the fixed effects. */
export interface StartSpec {
  R?: number | number[] | number[][] | { V: number | number[] | number[][] };
  G?: Record<string, number | number[] | number[][] | { V: number | number[] | number[][] }>;
  liab?: number[];
  fixed?: number[];
}

export interface ModelSpec {
  /** Data file (CLI; resolved relative to the spec file). The API takes a DataFrame or rows instead. */
  data?: string;
  fixed: string;
  random?: string;
  rcov?: string;
  /** null: long-format data with `trait` and `family` columns (MCMCglmm's family = NULL; models/long/). */
  family?: FamilyName | FamilyName[] | null;
  pedigree?: string;
  /** Any sparse inverse covariance for a random-effect factor: column name -> triplet file. */
  ginverse?: Record<string, string>;
  prior?: PriorSpec;
  columns?: Record<string, ColumnTypeSpec>;
  nitt?: number;
  burnin?: number;
  thin?: number;
  chains?: number;
  threads?: number;
  seed?: number;
  latent?: LatentKernelChoice;
  /** Location sampler: "cholesky" (sparse Cholesky block draw), "pcg" (perturbation + conjugate gradients), "gibbs" (block Gibbs), "crossed" (per-factor collapsed Gibbs) or "auto" (by size). */
  location?: "auto" | "cholesky" | "pcg" | "gibbs" | "crossed";
  pr?: boolean;
  /** Starting values, as MCMCglmm's start (plus `fixed`); every chain starts from them. */
  start?: StartSpec;
  /** Draw from the prior alone (the response is not used): what the priors imply, before any data. */
  prior_only?: boolean;
  /** Save the latent variables (and imputed missing responses) of every saved iteration, as MCMCglmm's pl = TRUE. */
  pl?: boolean;
  /** How a Newick tree (pedigree or ginverse file ending .nwk/.tre/.newick) is inverted, as MCMCglmm's inverseA. */
  phylogeny?: { nodes?: "ALL" | "TIPS"; scale?: boolean };
  /** Known sampling variances (meta-analysis): a data column, or one per trait; MCMCglmm's `mev`. */
  mev?: string | string[];
}

// ---------------------------------------------------------------- data frame

export interface NumericColumn {
  readonly kind: "numeric";
  readonly name: string;
  /** NaN marks a missing value. */
  readonly values: Float64Array;
}

export interface FactorColumn {
  readonly kind: "factor";
  readonly name: string;
  /** Levels in R's order (sorted as R sorts, or as the spec forces). */
  readonly levels: readonly string[];
  /** 0-based level codes; -1 marks a missing value. */
  readonly codes: Int32Array;
  readonly ordered: boolean;
}

export type Column = NumericColumn | FactorColumn;

export interface DataFrame {
  readonly nrow: number;
  readonly names: readonly string[];
  readonly columns: ReadonlyMap<string, Column>;
}

// ---------------------------------------------------------------- model

/**
 * One response in the model (one column of cbind(...), or one categorical response with
 * K-1 latent traits). Latent kernels update a response's traits together, unit by unit.
 */
export interface Response {
  readonly name: string;
  readonly family: FamilyName;
  /** Index of this response's first latent trait. */
  readonly traitOffset: number;
  /** Latent traits: 1, or K-1 for categorical/multinomialK with K categories. */
  readonly nTraits: number;
  /**
   * Observed values per unit (length nUnits); NaN = missing.
   * gaussian: the value; poisson: the count; multinomial2: successes;
   * categorical/threshold/ordinal: the 0-based category code.
   */
  readonly y: Float64Array;
  /** multinomial2: trials n = successes + failures per unit. */
  readonly trials?: Float64Array;
  /** multinomialK (K > 2): the K count columns per unit (y is the first; trials their sum). */
  readonly counts?: readonly Float64Array[];
  /** Categories for categorical/threshold/ordinal; category labels in order. */
  readonly categories?: readonly string[];
  /** Censored families (cbind(lower, upper)): the upper end per unit; y holds the lower end. */
  readonly upper?: Float64Array;
  /** ncst, msst (cbind(y, scale, df)): the t's scale s and degrees of freedom nu per unit. */
  readonly scale?: Float64Array;
  readonly df?: Float64Array;
}

/** A variance function: a key of the structure registry (models/structures/registry.ts). */
export type VarianceStructure = StructureKey;

/**
 * One random (G) or residual (R) term, e.g. `us(1+Days):Subject`, `herd`, `us(trait):units`.
 * Its effects occupy Z columns from zOffset on, coefficient-major: all kept levels of
 * coefficient 0, then of coefficient 1, ... Coefficient a has nLevels[a] levels (equal for
 * us/idv/cor; idh without a ginverse drops, per coefficient, levels with all-zero columns,
 * as MCMCglmm does).
 */
export interface CovarianceTerm {
  /** The term as written, e.g. "us(1+Days):Subject". */
  readonly label: string;
  readonly structure: VarianceStructure;
  /** Size k of the covariance matrix. */
  readonly dim: number;
  /** Names of the k coefficients: "(Intercept)", "Days"; "traittarsus"; "YEAR95". */
  readonly coefNames: readonly string[];
  /** Grouping factor: "Subject", "animal", "units". */
  readonly factor: string;
  /** Levels kept per coefficient (length dim). */
  readonly nLevels: readonly number[];
  /** Level names per coefficient (length dim). */
  readonly levelNames: readonly (readonly string[])[];
  /** First Z column of this term (G terms only; -1 for residual terms). */
  readonly zOffset: number;
  /** Inverse relationship matrix over the levels, full symmetric (animal model, phylogeny, ginverse). */
  readonly ginverse?: Csc;
  /** A sparse F with F F' = ginverse when one is known (pedigrees: T' D^-1/2), for drawing N(0, ginverse). */
  readonly ginverseRoot?: Csc;
  /**
   * Names of the stored (co)variance draws as MCMCglmm's VCV, column-major over the k x k
   * matrix for us ("(Intercept):(Intercept).Subject", "Days:(Intercept).Subject", ...),
   * the k diagonal names for idh ("YEAR95.LOCATION"), one name for idv ("herd").
   */
  readonly vcvNames: readonly string[];
  /**
   * MCMCglmm's `mev` term (us(sqrt(mev)):meta): Z holds the square roots of known sampling
   * variances and the variance is held at 1 by a prior of its own, not one of prior G.
   */
  readonly knownVariance?: true;
  /** Antedependence order p of the ante structures (ante1 -> 1). */
  readonly order?: number;
}

export interface Model {
  readonly spec: ModelSpec;
  /** Rows of the data used (units). */
  readonly nUnits: number;
  /** Latent traits in total; the stacked rows are trait-major: row = trait * nUnits + unit. */
  readonly nTraits: number;
  /** Trait names as they appear after "trait": "tarsus", "horn.polled". */
  readonly traitNames: readonly string[];
  readonly responses: readonly Response[];
  /** Fixed-effect design, (nTraits*nUnits) x p. */
  readonly X: Csc;
  readonly fixedNames: readonly string[];
  /** Random-effect design, (nTraits*nUnits) x q. */
  readonly Z: Csc;
  readonly randomNames: readonly string[];
  readonly randomTerms: readonly CovarianceTerm[];
  /**
   * The residual structure: one or more terms over `units` (MCMCglmm's block-diagonal R), or
   * over any factor with long-format data (models/long/), which partition the stacked rows; `residualIndex` says which term and coefficient each row has.
   */
  readonly residualTerms: readonly CovarianceTerm[];
  /** Per stacked row (trait * nUnits + unit): its residual term and that term's coefficient. */
  readonly residualIndex: { readonly term: Int32Array; readonly coef: Int32Array };
  /**
   * Long-format data (spec.family === null, models/long/): the data rows sit on the unit x trait
   * grid at gridRow; residualLevel is each grid row's level index in its residual term's
   * levelNames[coef] (-1 for an absent cell). Undefined for wide data (row = trait * nUnits + unit).
   */
  readonly long?: { readonly nRows: number; readonly gridRow: Int32Array; readonly residualLevel: Int32Array };
  /** The data frame the model was built from (for predict/simulate). */
  readonly data: DataFrame;
  /** Named warnings found before sampling: what the data cannot tell (non-estimable effects, separation, prior-driven variances, imputed responses) and how the model reads the spec. */
  readonly warnings: readonly string[];
}
