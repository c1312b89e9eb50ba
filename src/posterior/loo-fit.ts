// PSIS-LOO of a fit: its pointwise log-likelihood (the one WAIC uses, conditional on the
// random effects, so the fit needs pr: true) with each draw's chain for the relative
// efficiencies.
import type { Fit } from "../fit.js";
import { selectDraws } from "./draw-access.js";
import { looFromLogLik, type Loo } from "./loo.js";
import { pointwiseLogLikelihood, type WaicOptions } from "./waic.js";

export type LooOptions = WaicOptions;

/**
 * Each selected draw's chain (0-based), in the order pointwiseLogLikelihood uses.
 *
 * @example
 * ```ts
 * looFromLogLik(pointwiseLogLikelihood(result), logLikChainIds(result)); // the same as loo(result)
 * ```
 */
export function logLikChainIds(fit: Fit, options: LooOptions = {}): Int32Array {
  return selectDraws(fit.chainDraws, options.maxDraws).chain;
}

/**
 * PSIS-LOO of a fit (Vehtari, Gelman & Gabry 2017), numbers as R's loo 2.5.1.
 *
 * @example
 * ```ts
 * const result = await fit(spec, data, { pr: true, chains: 4, seed: 1 });
 * const l = loo(result);
 * console.log(l.elpd_loo, l.se_elpd_loo, l.warnings);
 * ```
 */
export function loo(fit: Fit, options: LooOptions = {}): Loo {
  return looFromLogLik(pointwiseLogLikelihood(fit, options), logLikChainIds(fit, options));
}
