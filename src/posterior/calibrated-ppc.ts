// Calibrated posterior predictive p-values (Hjort, Dahl & Steinbakk 2006, JASA 101:1157;
// Steinbakk & Storvik 2009, Scand. J. Stat. 36:320). The plain p-value uses the data twice,
// to fit and to check, so it piles up near 0.5 and is conservative, most of all when random
// effects can absorb the misfit: on grouseticks, a Poisson model without its units
// overdispersion has zeros p = 0.07 because BROOD soaks up the extra-Poisson variation. The
// calibration asks how small p is for data the model itself generates: K data sets are drawn
// from the posterior predictive (new random effects from G, new residuals), the model is
// refitted to each and the same check gives p_k; the calibrated p-value is the share of p_k
// at or below the observed p (ties as half), uniform on (0, 1) when the model is right.

import { DataError } from "../errors.js";
import { fitPerChain, type Fit } from "../fit.js";
import type { Model, Response } from "../models/types.js";
import { runChains } from "../samplers/run/run-chains.js";
import { simulate, type Simulation } from "./simulate.js";
import { ppc, verdictOf, type PpcCheck, type PpcOptions, type PpcResult } from "./ppc.js";
import type { StatisticSpec } from "./statistics.js";

export interface CalibrationOptions {
  /** Replicated data sets, one refit each (default 100). */
  replicates?: number;
  /** Length of each refit, one chain (default: the fit's own nitt, burnin and thin). */
  nitt?: number;
  burnin?: number;
  thin?: number;
  /** Worker threads for the refits (default: the fit's threads; 1 runs them in this thread). */
  threads?: number;
  /** Seed of the replicated data; the refits of batch b use seed + 1 + b (default: the fit's seed). */
  seed?: number;
  /** Called after each batch of refits with the number done. */
  onProgress?: (done: number, total: number) => void;
}

export interface CalibratedPpcCheck extends PpcCheck {
  /** Share of the refits' p-values below the observed one, ties as half. */
  readonly calibratedPValue: number;
  /** Monte Carlo standard error of the calibrated p-value (binomial). */
  readonly calibrationMcse: number;
  /** The check's p-value on each replicated data set. */
  readonly replicatePValues: Float64Array;
}

export interface CalibratedPpcResult extends PpcResult {
  readonly checks: readonly CalibratedPpcCheck[];
  readonly replicates: number;
}

// Refits run as the chains of one run, BATCH at a time: a worker thread starts once per batch,
// not once per refit, and the batches (hence the draws) do not depend on the number of threads.
const BATCH = 16;

/** The responses with their values replaced by replicate s (missing values stay missing). */
export function replicateResponses(model: Model, sim: Simulation, s: number): Response[] {
  return model.responses.map((r, k) => {
    const values = sim.responses[k].values[s];
    const y = Float64Array.from(r.y, (v, u) => (Number.isNaN(v) ? NaN : values[u]));
    const counts = sim.responses[k].counts?.[s];
    return {
      ...r,
      y,
      ...(r.counts && counts ? { counts: counts.map((c, j) => Float64Array.from(c, (v, u) => (Number.isNaN(r.counts![j][u]) ? NaN : v))) } : {}),
    };
  });
}

/**
 * Posterior predictive checks with calibrated p-values: the verdicts use the calibrated ones.
 *
 * @example
 * ```ts
 * const calibrated = await calibratedPpc(result, "prop_zero", { marginal: null, calibration: { replicates: 100, nitt: 3000, burnin: 500 } });
 * calibrated.checks[0].calibratedPValue;
 * ```
 */
export async function calibratedPpc(
  fit: Fit,
  statistics: StatisticSpec | readonly StatisticSpec[] | undefined,
  options: PpcOptions & { calibration?: CalibrationOptions } = {},
): Promise<CalibratedPpcResult> {
  const { calibration = {}, ...ppcOptions } = options;
  const K = calibration.replicates ?? 100;
  if (!Number.isInteger(K) || K < 2) throw new RangeError(`calibration replicates must be an integer >= 2, got ${K}`);
  const observed = ppc(fit, statistics, ppcOptions);
  const seed = calibration.seed ?? fit.settings.seed;
  const settings = {
    ...fit.settings,
    nitt: calibration.nitt ?? fit.settings.nitt,
    burnin: calibration.burnin ?? fit.settings.burnin,
    thin: calibration.thin ?? fit.settings.thin,
    chains: 1,
    threads: 1,
  };
  if (settings.burnin >= settings.nitt || settings.thin > settings.nitt - settings.burnin) {
    throw new RangeError(`calibration refits: burnin ${settings.burnin} and thin ${settings.thin} leave no draw of nitt ${settings.nitt}`);
  }
  const threads = Math.max(1, calibration.threads ?? fit.settings.threads);
  if (!Number.isInteger(threads)) throw new RangeError(`calibration threads must be an integer, got ${threads}`);
  const sim = simulate(fit, { nsim: K, seed });
  const pValues = observed.checks.map(() => new Float64Array(K));
  for (let first = 0, batch = 0; first < K; first += BATCH, batch++) {
    const size = Math.min(BATCH, K - first);
    const responses = Array.from({ length: size }, (_, c) => replicateResponses(fit.model, sim, first + c));
    const run = await runChains(fit.model, fit.prior, {
      ...settings,
      seed: seed + 1 + batch,
      chains: size,
      threads,
      keepRandom: settings.pr,
      responsesByChain: responses,
    });
    fitPerChain(fit.model, fit.prior, settings, run, responses).forEach((refit, c) => {
      if (!refit.complete) {
        const f = refit.failures[0];
        throw new DataError(`calibration refit ${first + c + 1} of ${K} failed${f ? ` at iteration ${f.iteration} (${f.component}): ${f.message}` : ""}`);
      }
      ppc(refit, statistics, ppcOptions).checks.forEach((check, j) => (pValues[j][first + c] = check.pValue));
    });
    calibration.onProgress?.(first + size, K);
  }
  const checks = observed.checks.map((c, j): CalibratedPpcCheck => {
    const p = calibratedPValue(c.pValue, pValues[j]);
    const alpha = ppcOptions.alpha ?? 0.05;
    return {
      ...c,
      calibratedPValue: p,
      calibrationMcse: Math.sqrt((p * (1 - p)) / K),
      replicatePValues: pValues[j],
      ...verdictOf(c.response, c.statistic, c.observed, c.replicated, c.pValue, alpha, { pValue: p, replicates: K }),
    };
  });
  return { nsim: observed.nsim, checks, replicates: K };
}

/**
 * P(p_rep < p) + P(p_rep = p) / 2 over the refits' p-values.
 *
 * @example
 * ```ts
 * calibratedPValue(0.07, Float64Array.of(0.3, 0.5, 0.02, 0.6)); // 0.25: one of four refits has a smaller p
 * ```
 */
export function calibratedPValue(p: number, replicates: ArrayLike<number>): number {
  let below = 0, ties = 0;
  for (let k = 0; k < replicates.length; k++) {
    if (replicates[k] < p) below++;
    else if (replicates[k] === p) ties++;
  }
  return (below + 0.5 * ties) / replicates.length;
}

