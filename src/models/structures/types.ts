// The variance-structure interface: what mcglmm knows about a variance function (idv, idh, us,
// corg, corgh, ...) lives in one record of this shape, one module per structure, listed once in
// registry.ts. Model building, priors, the MME, the variance kernels, the transformation moves,
// the stored draws and the derived quantities read the record; none switches on the name.

export type { StructureKey } from "./registry.js";
import type { CovarianceTerm, VariancePriorSpec } from "../types.js";
import type { VariancePrior } from "../../priors/prior.js";

/**
 * How a term's covariance matrix is drawn given its effects' crossproduct
 * (samplers/kernels/variance: one implementation per name).
 */
export type VarianceDrawName = "inverse-gamma-shared" | "inverse-gamma-each" | "inverse-wishart" | "correlation" | "antedependence" | "correlation-block" | "identity-block";

/** The Metropolis transformation moves (kernels/moves/scale-move.ts) a structure admits. */
export type ScaleMoveKind = "shared-scale" | "scale" | "scale-and-shear" | "none";

export interface StructureDefinition {
  /** The variance function's name in formulas. */
  readonly key: string;
  /** One line for messages and docs. */
  readonly description: string;
  /**
   * What is estimated: one variance shared by every coefficient (idv), one variance per
   * coefficient (idh), or a k x k matrix (us, corg, corgh).
   */
  readonly parameters: "shared-variance" | "variances" | "matrix";
  /**
   * Without a relationship matrix, empty Z columns are dropped per coefficient (idh, idv) or
   * per level, when empty for every coefficient (us, corg, corgh), as MCMCglmm's buildZ.
   */
  readonly dropEmpty: "per-coefficient" | "per-level";
  /** Correlation structures hold their variances at 1 (corg) or at V's diagonal (corgh). */
  readonly correlation: "unit" | "prior-diagonal" | null;
  /** Whether correlations are reported as derived quantities (free covariances with free or fixed variances). */
  readonly derivedCorrelations: boolean;
  /** Parameter expansion (alpha.mu, alpha.V) allowed. */
  readonly expansion: boolean;
  /** `fix` on a trailing block allowed. */
  readonly fix: boolean;
  readonly varianceDraw: VarianceDrawName;
  readonly scaleMoves: ScaleMoveKind;
  /**
   * MCMCglmm's VCV names: for a term vf(inner):factor with coefficients coefNames, e.g.
   * "(Intercept):(Intercept).Subject" (us, column-major), "YEAR95.LOCATION" (idh), "trait.units" (idv).
   */
  vcvNames(inner: string, coefNames: readonly string[], factor: string): string[];
  /**
   * Structures named with a parameter (ante1, antec2v): the variance-function names this record
   * reads, and the order parsed from them; absent for plain names (the key alone).
   */
  readonly namePattern?: RegExp;
  /** Checks of a built term beyond the generic ones (ModelSpecError naming `where`). */
  checkTerm?(term: CovarianceTerm, where: string): void;
  /**
   * A prior of the structure's own form (antedependence: beta.mu, beta.V), resolved instead of
   * the generic inverse-Wishart one; `spec` is undefined when the user gave none.
   */
  resolvePrior?(label: string, term: CovarianceTerm, spec: VariancePriorSpec | undefined, warnings: string[]): VariancePrior;
}
