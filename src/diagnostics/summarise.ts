// One scalar's summary: plain moments and quantiles plus the convergence diagnostics,
// computed with one sort of the pooled draws and each ESS computed once.
import { essOfChains } from "./ess-core.js";
import { essQuantileSorted } from "./ess.js";
import { mcseQuantileFromEss } from "./mcse.js";
import { pooledMean, pooledSd } from "./moments.js";
import { medianSorted, quantileSorted, sortedPool } from "./quantile.js";
import { rhatFromParts, zScaledSplit } from "./rhat.js";
import { splitChains } from "./split.js";
import { checkChains, type Chains } from "./types.js";

/** A quantile with its Monte Carlo standard error and ESS. */
export interface QuantileSummary {
  prob: number;
  value: number;
  mcse: number;
  ess: number;
}

/**
 * Summary of one scalar's draws. Diagnostics that posterior reports as NA (constant or
 * non-finite draws) are NaN; JSON.stringify writes them as null.
 */
export interface DrawsSummary {
  mean: number;
  sd: number;
  median: number;
  q5: number;
  q50: number;
  q95: number;
  rhat: number;
  ess_bulk: number;
  ess_tail: number;
  ess_mean: number;
  mcse_mean: number;
  mcse_q5: number;
  mcse_q95: number;
  /** the extra quantiles asked for in `options.probs`, in that order */
  quantiles: QuantileSummary[];
}

export interface SummariseOptions {
  /** extra probabilities whose quantile, MCSE and ESS to report in `quantiles` */
  probs?: readonly number[];
}

/**
 * Summarises one scalar's draws (one Float64Array per chain, equal lengths) as posterior's
 * summarise_draws() with its default measures plus MCSEs: type-7 quantiles, rank-normalised
 * split R-hat, bulk and tail ESS, MCSE of the mean and of the 5% and 95% quantiles.
 *
 * @example
 * ```ts
 * const chains = [Float64Array.of(0.1, 0.4, 0.2, 0.3), Float64Array.of(0.3, 0.2, 0.5, 0.1)]; // one array per chain
 * const s = summariseDraws(chains); // mean, sd, quantiles, rhat, ess_bulk, ess_tail, MCSEs
 * ```
 */
export function summariseDraws(chains: Chains, options: SummariseOptions = {}): DrawsSummary {
  checkChains(chains);
  const sorted = sortedPool(chains);
  const zSplit = zScaledSplit(chains);
  const essMean = essOfChains(splitChains(chains));
  const essQ5 = essQuantileSorted(chains, sorted, 0.05);
  const essQ95 = essQuantileSorted(chains, sorted, 0.95);
  const sd = pooledSd(chains);
  const median = medianSorted(sorted);
  return {
    mean: pooledMean(chains),
    sd,
    median,
    q5: quantileSorted(sorted, 0.05),
    q50: median,
    q95: quantileSorted(sorted, 0.95),
    rhat: rhatFromParts(chains, sorted, zSplit),
    ess_bulk: essOfChains(zSplit),
    ess_tail: Math.min(essQ5, essQ95),
    ess_mean: essMean,
    mcse_mean: sd / Math.sqrt(essMean),
    mcse_q5: mcseQuantileFromEss(sorted, 0.05, essQ5),
    mcse_q95: mcseQuantileFromEss(sorted, 0.95, essQ95),
    quantiles: (options.probs ?? []).map((prob) => {
      const ess = essQuantileSorted(chains, sorted, prob);
      return { prob, value: quantileSorted(sorted, prob), mcse: mcseQuantileFromEss(sorted, prob, ess), ess };
    }),
  };
}
