// VCV names of MCMCglmm's covu matrix (prior$R$covu = TRUE): the last G term and the first
// residual term form one (qG + qR) x (qG + qR) matrix, stored in place of both. MCMCglmm labels
// each row by the column part of the term's own VCV names ("b.factor" of "a:b.factor", the whole
// name for a one-name term) and names entry (i, j) "row_i:row_j", column-major
// (R/MCMCglmm.R, the `grnames` of a covu fit).

import type { CovarianceTerm, Model, VariancePriorSpec } from "../types.js";

/** The labels of a term's rows in the joint matrix: "traity1.id", or "units" for a one-name term. */
export function covuRowLabels(term: CovarianceTerm): string[] {
  const c0 = term.coefNames[0];
  const matrixNamed = term.vcvNames.length === term.dim * term.dim && term.vcvNames[0] === `${c0}:${c0}.${term.factor}`;
  if (matrixNamed) return term.coefNames.map((c) => `${c}.${term.factor}`);
  if (term.dim === 1) return [term.vcvNames[0]];
  // idh-like terms: MCMCglmm splits them into one structure per coefficient before pairing
  throw new RangeError(`covu: the term ${term.label} has no single covariance matrix to join`);
}

/** MCMCglmm's VCV names of the joint matrix of random term g and residual term r, column-major. */
export function covuJointNames(g: CovarianceTerm, r: CovarianceTerm): string[] {
  const labels = [...covuRowLabels(g), ...covuRowLabels(r)];
  return labels.flatMap((cj) => labels.map((ci) => `${ci}:${cj}`));
}

/**
 * The random term whose effects covary with the first residual term (MCMCglmm's covu: the last
 * G term with an estimated variance), when the model's prior R asks for it; undefined otherwise.
 * priors/covu.ts checks the pairing and refuses a covu prior the model's spec does not carry.
 */
export function covuTerm(model: Model): number | undefined {
  const R = model.spec.prior?.R;
  if (R === undefined) return undefined;
  const first = ("V" in R ? R : Object.values(R as Record<string, VariancePriorSpec>)[0]) as VariancePriorSpec | undefined;
  if (first?.covu !== true) return undefined;
  for (let t = model.randomTerms.length - 1; t >= 0; t--) if (!model.randomTerms[t].knownVariance) return t;
  return undefined;
}
