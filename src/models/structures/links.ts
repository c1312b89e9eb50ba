// Linking functions (MCMCglmm's `variance.function(formula):linking.function(a + b)`): how a term
// over several factors with the same levels builds its Z columns. They change Z, not the
// covariance: `str` gives each factor its own block of effects (its own coefficients, covarying
// through one us matrix), `mm` adds the factors' indicators into one block (multi-membership).
// MCMCglmm's buildZ: both keep every level (no dropping), and need the factors' levels identical.

export interface LinkingFunction {
  readonly key: string;
  readonly description: string;
  /**
   * "stack": one set of coefficients per factor, (coefficient, factor) pairs coefficient-major,
   * with an unstructured covariance over them (str). "sum": one set of coefficients whose columns
   * are the signed sums of the factors' indicators (mm).
   */
  readonly combine: "stack" | "sum";
  /** The only variance function the link takes (MCMCglmm's buildZ sets str's to us), or null for any. */
  readonly structure: "us" | null;
  /** The grouping name in VCV names and in Z column names. */
  vcvFactor(factors: readonly string[]): string;
}

export const str: LinkingFunction = {
  key: "str",
  description: "str: covariances between the effects of several factors with the same levels",
  combine: "stack",
  structure: "us",
  vcvFactor: (factors) => factors.join("+"),
};

export const mm: LinkingFunction = {
  key: "mm",
  description: "mm: multi-membership (a row belongs to a level of each factor)",
  combine: "sum",
  structure: null,
  // MCMCglmm joins the factors with "+" whatever their signs
  vcvFactor: (factors) => factors.join("+"),
};

export const LINKS = { str, mm } as const satisfies Readonly<Record<string, LinkingFunction>>;

export type LinkKey = keyof typeof LINKS;
