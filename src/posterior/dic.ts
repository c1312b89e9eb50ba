// DIC as MCMCglmm computes it (Spiegelhalter et al. 2002, at the level of the latent
// variables): DIC = 2 mean(D) - D(posterior means of latent variables, linear predictor, R and
// cutpoints), with D = -2 log-likelihood (models/deviance.ts).

import { createDevianceWorkspace, logLikelihood } from "../models/deviance.js";
import type { Model } from "../models/types.js";
import type { StateSums } from "../samplers/run/chain.js";

export interface Dic {
  readonly dic: number;
  readonly meanDeviance: number;
  readonly devianceAtMeans: number;
  /** Effective number of parameters pD = mean(D) - D(means). */
  readonly pD: number;
}

/**
 * MCMCglmm's DIC from the per-draw deviances and the posterior means (null without deviances).
 *
 * @example
 * ```ts
 * const d = computeDic(result.model, result.run.deviance, result.run.sums);
 * d?.dic; // as MCMCglmm's DIC
 * ```
 */
export function computeDic(model: Model, deviance: readonly Float64Array[], sums: StateSums | undefined): Dic | null {
  const total = deviance.reduce((n, d) => n + d.length, 0);
  if (!sums || sums.count === 0 || total === 0) return null;
  let meanDeviance = 0;
  for (const d of deviance) for (const v of d) meanDeviance += v;
  meanDeviance /= total;
  const scale = (x: Float64Array) => x.map((v) => v / sums.count);
  const atMeans = { latent: scale(sums.latent), eta: scale(sums.eta), R: scale(sums.R), cutpoints: sums.cutpoints.map(scale) };
  const devianceAtMeans = -2 * logLikelihood(model, atMeans, createDevianceWorkspace(model));
  return { dic: 2 * meanDeviance - devianceAtMeans, meanDeviance, devianceAtMeans, pD: meanDeviance - devianceAtMeans };
}
