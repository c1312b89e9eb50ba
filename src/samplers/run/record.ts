// What a chain stores per saved iteration, and the names it stores them under (MCMCglmm's):
// fixed effects (X's column names), (co)variances (VCV names), cutpoints, optionally the random
// effects (Z's column names, with pr), and the deviance (for DIC).

import { storeVcv } from "../../models/structures/registry.js";
import { cutpointNames } from "../../models/families/index.js";
import type { CovarianceTerm, Model } from "../../models/types.js";
import type { ChainState } from "./state.js";
import { covuJointNames, covuTerm } from "../../models/structures/covu-names.js";
import { assembleCovuJoint } from "../kernels/covu/joint-covariance.js";

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
  const covariances = covarianceNames(model);
  const cutpoints = model.responses.flatMap(cutpointNames);
  const random = keepRandom ? [...model.randomNames] : [];
  const latent = keepLatent ? latentNames(model) : [];
  return { names: [...fixed, ...covariances, ...cutpoints, ...random, ...latent], fixed, covariances, cutpoints, random, latent };
}

/**
 * MCMCglmm's VCV names: each random term's, then each residual term's; with covu the joint matrix
 * of the last random term and the first residual term stands in place of both (R/MCMCglmm.R).
 */
function covarianceNames(model: Model): string[] {
  const g = covuTerm(model);
  if (g === undefined) return [...model.randomTerms.flatMap((t) => t.vcvNames), ...model.residualTerms.flatMap((t) => t.vcvNames)];
  return [
    ...model.randomTerms.flatMap((t, i) => (i === g ? covuJointNames(t, model.residualTerms[0]) : t.vcvNames)),
    ...model.residualTerms.slice(1).flatMap((t) => t.vcvNames),
  ];
}

/** covu: the joint matrix of one draw, from its blocks in the state (a buffer per model, reused). */
const covuBuffers = new WeakMap<Model, Float64Array>();
function storeCovuJoint(model: Model, g: number, state: ChainState, out: Float64Array[], at: number, slot: number): number {
  const qG = model.randomTerms[g].dim, qR = model.residualTerms[0].dim, k = qG + qR;
  let sigma = covuBuffers.get(model);
  if (sigma === undefined) covuBuffers.set(model, (sigma = new Float64Array(k * k)));
  assembleCovuJoint(qG, qR, { G: state.G[g], beta: state.covuBeta, schur: state.RTerms[0] }, sigma);
  // column-major, as the names
  for (let b = 0; b < k; b++) for (let a = 0; a < k; a++) out[at++][slot] = sigma[a * k + b];
  return at;
}

/** Writes the state's stored quantities into column `slot` of out (one array per name). */
export function recordState(model: Model, layout: RecordLayout, state: ChainState, out: Float64Array[], slot: number): void {
  let at = 0;
  const p = layout.fixed.length;
  for (let i = 0; i < p; i++) out[at++][slot] = state.theta[i];
  const g = state.covuBeta.length > 0 ? covuTerm(model) : undefined;
  model.randomTerms.forEach((term, t) => { at = t === g ? storeCovuJoint(model, t, state, out, at, slot) : storeVcv(term, state.G[t], out, at, slot); });
  model.residualTerms.forEach((term, t) => { if (g === undefined || t > 0) at = storeVcv(term, state.RTerms[t], out, at, slot); });
  for (const cp of state.cutpoints) for (let i = 1; i < cp.length; i++) out[at++][slot] = cp[i];
  for (let j = 0; j < layout.random.length; j++) out[at++][slot] = state.theta[p + j];
  for (let j = 0; j < layout.latent.length; j++) out[at++][slot] = state.latent[j];
}
