// Monte Carlo standard errors (posterior 1.4.0).
import { essOfChains } from "./ess-core.js";
import { essQuantileSorted } from "./ess.js";
import { qbeta } from "./beta.js";
import { pooledSd } from "./moments.js";
import { sortedPool } from "./quantile.js";
import { splitChains } from "./split.js";
import { checkChains, type Chains } from "./types.js";

/**
 * MCSE of the mean: sd(x) / sqrt(ess_mean(x)).
 *
 * @example
 * ```ts
 * const chains = [Float64Array.of(0.1, 0.4, 0.2, 0.3), Float64Array.of(0.3, 0.2, 0.5, 0.1)]; // one array per chain
 * mcseMean(chains); // Monte Carlo standard error of the posterior mean
 * ```
 */
export function mcseMean(chains: Chains): number {
  checkChains(chains);
  return pooledSd(chains) / Math.sqrt(essOfChains(splitChains(chains)));
}

/** Probabilities of a standard normal at -1 and +1 sd, as posterior writes them. */
const ONE_SD_BELOW = 0.1586553;
const ONE_SD_ABOVE = 0.8413447;

/**
 * MCSE of a quantile given its ESS and the sorted pooled draws (posterior's
 * .mcse_quantile): the draws at the Beta(ess p + 1, ess (1 - p) + 1) quantiles of +-1 sd
 * bound a central 68% interval for the quantile; half its width is the standard error.
 */
export function mcseQuantileFromEss(sorted: Float64Array, prob: number, ess: number): number {
  if (Number.isNaN(ess)) return NaN;
  const a = ess * prob + 1;
  const b = ess * (1 - prob) + 1;
  const lower = qbeta(ONE_SD_BELOW, a, b);
  const upper = qbeta(ONE_SD_ABOVE, a, b);
  const s = sorted.length;
  const th1 = sorted[Math.max(Math.floor(lower * s), 1) - 1];
  const th2 = sorted[Math.min(Math.ceil(upper * s), s) - 1];
  return (th2 - th1) / 2;
}

/** MCSE of the quantile at `prob` from draws whose pooled values are already sorted. */
export function mcseQuantileSorted(chains: Chains, sorted: Float64Array, prob: number): number {
  return mcseQuantileFromEss(sorted, prob, essQuantileSorted(chains, sorted, prob));
}

/**
 * MCSE of the quantile at `prob` (posterior's mcse_quantile for one probability).
 *
 * @example
 * ```ts
 * const chains = [Float64Array.of(0.1, 0.4, 0.2, 0.3), Float64Array.of(0.3, 0.2, 0.5, 0.1)]; // one array per chain
 * mcseQuantile(chains, 0.025);
 * ```
 */
export function mcseQuantile(chains: Chains, prob: number): number {
  checkChains(chains);
  return mcseQuantileSorted(chains, sortedPool(chains), prob);
}
