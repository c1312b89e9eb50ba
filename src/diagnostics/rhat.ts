// Potential scale reduction factors (posterior 1.4.0): the basic split R-hat (Gelman et al.
// 2013, BDA3 section 11.4) and the rank-normalised, folded split R-hat of Vehtari et al.
// (2021): rhat = max(rhat(z(split(x))), rhat(z(split(fold(x))))).
import { chainMeans, shouldReturnNaN, sumSquaredDeviations, varianceOf } from "./moments.js";
import { sortedPool } from "./quantile.js";
import { foldDraws, zScale } from "./ranks.js";
import { splitChains } from "./split.js";
import { checkChains, type Chains } from "./types.js";

/**
 * R-hat of chains used as given (posterior's .rhat): sqrt((B/W + n - 1) / n) with
 * B = n var(chain means) and W = mean of the chain variances. NaN for non-finite or
 * constant draws.
 */
export function rhatOfChains(chains: Chains): number {
  if (shouldReturnNaN(chains)) return NaN;
  const n = chains[0].length;
  const means = chainMeans(chains);
  let within = 0;
  for (let c = 0; c < chains.length; c++) within += sumSquaredDeviations(chains[c], means[c]) / (n - 1);
  within /= chains.length;
  const between = n * varianceOf(means);
  return Math.sqrt((between / within + n - 1) / n);
}

/**
 * Basic split R-hat (posterior's rhat_basic with split = TRUE).
 *
 * @example
 * ```ts
 * const chains = [Float64Array.of(0.1, 0.4, 0.2, 0.3), Float64Array.of(0.3, 0.2, 0.5, 0.1)]; // one array per chain
 * rhatBasic(chains);
 * ```
 */
export function rhatBasic(chains: Chains): number {
  checkChains(chains);
  return rhatOfChains(splitChains(chains));
}

/**
 * Rank-normalised split R-hat from its parts: `zSplit`, the rank-normalised split chains,
 * gives the bulk R-hat; the draws folded around the median (median from the sorted pooled
 * draws) give the tail R-hat. The larger is returned, NaN when either is NaN (R's max()
 * with NA).
 */
export function rhatFromParts(chains: Chains, sorted: Float64Array, zSplit: Chains): number {
  const bulk = rhatOfChains(zSplit);
  const tail = rhatOfChains(zScale(splitChains(foldDraws(chains, sorted))));
  return Math.max(bulk, tail);
}

/** The rank-normalised split chains (bulk R-hat and bulk ESS both use them). */
export function zScaledSplit(chains: Chains): Float64Array[] {
  return zScale(splitChains(chains));
}

/**
 * Rank-normalised split R-hat: max of bulk and tail (folded) R-hat (posterior's rhat).
 *
 * @example
 * ```ts
 * const chains = [Float64Array.of(0.1, 0.4, 0.2, 0.3), Float64Array.of(0.3, 0.2, 0.5, 0.1)]; // one array per chain
 * rhat(chains) < 1.01; // converged by Vehtari et al. (2021)'s rule
 * ```
 */
export function rhat(chains: Chains): number {
  checkChains(chains);
  const sorted = sortedPool(chains);
  return rhatFromParts(chains, sorted, zScaledSplit(chains));
}
