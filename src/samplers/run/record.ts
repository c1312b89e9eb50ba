// What a chain stores per saved iteration, and the names it stores them under (MCMCglmm's):
// fixed effects (X's column names), (co)variances (VCV names), cutpoints, optionally the random
// effects (Z's column names, with pr), and the deviance (for DIC).

import type { CovarianceTerm, Model } from "../../models/types.js";
import type { ChainState } from "./state.js";

export interface RecordLayout {
  readonly names: readonly string[];
  readonly fixed: readonly string[];
  readonly covariances: readonly string[];
  readonly cutpoints: readonly string[];
  readonly random: readonly string[];
}

export function recordLayout(model: Model, keepRandom: boolean): RecordLayout {
  const fixed = [...model.fixedNames];
  const covariances = [...model.randomTerms.flatMap((t) => t.vcvNames), ...model.residualTerms.flatMap((t) => t.vcvNames)];
  const cutpoints = model.responses.flatMap((r) => {
    const K = r.categories?.length ?? 0;
    if ((r.family !== "threshold" && r.family !== "ordinal") || K < 3) return [];
    return Array.from({ length: K - 2 }, (_, i) => `cutpoint.trait${r.name}.${i + 1}`);
  });
  const random = keepRandom ? [...model.randomNames] : [];
  return { names: [...fixed, ...covariances, ...cutpoints, ...random], fixed, covariances, cutpoints, random };
}

/** Values of a term's covariance matrix in the order of its vcvNames. */
function writeCovariance(term: CovarianceTerm, M: Float64Array, out: Float64Array[], at: number, slot: number): number {
  const k = term.dim;
  if (term.structure === "idv") {
    out[at][slot] = M[0];
    return at + 1;
  }
  if (term.structure === "idh") {
    for (let a = 0; a < k; a++) out[at + a][slot] = M[a * k + a];
    return at + k;
  }
  for (let b = 0; b < k; b++) for (let a = 0; a < k; a++) out[at + b * k + a][slot] = M[a * k + b];
  return at + k * k;
}

/** Writes the state's stored quantities into column `slot` of out (one array per name). */
export function recordState(model: Model, layout: RecordLayout, state: ChainState, out: Float64Array[], slot: number): void {
  let at = 0;
  const p = layout.fixed.length;
  for (let i = 0; i < p; i++) out[at++][slot] = state.theta[i];
  model.randomTerms.forEach((term, t) => { at = writeCovariance(term, state.G[t], out, at, slot); });
  model.residualTerms.forEach((term, t) => { at = writeCovariance(term, state.RTerms[t], out, at, slot); });
  for (const cp of state.cutpoints) for (let i = 1; i < cp.length; i++) out[at++][slot] = cp[i];
  for (let j = 0; j < layout.random.length; j++) out[at++][slot] = state.theta[p + j];
}
