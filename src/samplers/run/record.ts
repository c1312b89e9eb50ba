// What a chain stores per saved iteration, and the names it stores them under (MCMCglmm's):
// fixed effects (X's column names), (co)variances (VCV names), cutpoints, optionally the random
// effects (Z's column names, with pr), and the deviance (for DIC).

import { storeVcv } from "../../models/structures/registry.js";
import { cutpointNames } from "../../models/families/index.js";
import type { CovarianceTerm, Model } from "../../models/types.js";
import type { ChainState } from "./state.js";

export interface RecordLayout {
  readonly names: readonly string[];
  readonly fixed: readonly string[];
  readonly covariances: readonly string[];
  readonly cutpoints: readonly string[];
  readonly random: readonly string[];
  /** Latent variables (pl: MCMCglmm's Liab), "latent.<trait>.<unit>" over the stacked rows; empty unless kept. */
  readonly latent: readonly string[];
}

/** Names of the latent variables (and imputed missing responses) as pl stores them, stacked trait-major. */
export function latentNames(model: Model): string[] {
  return model.traitNames.flatMap((t) => Array.from({ length: model.nUnits }, (_, u) => `latent.${t}.${u + 1}`));
}

export function recordLayout(model: Model, keepRandom: boolean, keepLatent = false): RecordLayout {
  const fixed = [...model.fixedNames];
  const covariances = [...model.randomTerms.flatMap((t) => t.vcvNames), ...model.residualTerms.flatMap((t) => t.vcvNames)];
  const cutpoints = model.responses.flatMap(cutpointNames);
  const random = keepRandom ? [...model.randomNames] : [];
  const latent = keepLatent ? latentNames(model) : [];
  return { names: [...fixed, ...covariances, ...cutpoints, ...random, ...latent], fixed, covariances, cutpoints, random, latent };
}

/** Writes the state's stored quantities into column `slot` of out (one array per name). */
export function recordState(model: Model, layout: RecordLayout, state: ChainState, out: Float64Array[], slot: number): void {
  let at = 0;
  const p = layout.fixed.length;
  for (let i = 0; i < p; i++) out[at++][slot] = state.theta[i];
  model.randomTerms.forEach((term, t) => { at = storeVcv(term, state.G[t], out, at, slot); });
  model.residualTerms.forEach((term, t) => { at = storeVcv(term, state.RTerms[t], out, at, slot); });
  for (const cp of state.cutpoints) for (let i = 1; i < cp.length; i++) out[at++][slot] = cp[i];
  for (let j = 0; j < layout.random.length; j++) out[at++][slot] = state.theta[p + j];
  for (let j = 0; j < layout.latent.length; j++) out[at++][slot] = state.latent[j];
}
