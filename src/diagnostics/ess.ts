// Effective sample sizes of one scalar's draws (posterior 1.4.0): basic/mean, bulk, tail,
// quantile. Bulk and tail follow Vehtari et al. (2021), "Rank-normalization, folding, and
// localization: an improved R-hat for assessing convergence of MCMC", Bayesian Analysis.
import { essOfChains } from "./ess-core.js";
import { shouldReturnNaN } from "./moments.js";
import { quantileSorted, sortedPool } from "./quantile.js";
import { zScale } from "./ranks.js";
import { splitChains } from "./split.js";
import { checkChains, type Chains } from "./types.js";

/**
 * Basic ESS: split chains, no rank normalisation (posterior's ess_basic).
 *
 * @example
 * ```ts
 * const chains = [Float64Array.of(0.1, 0.4, 0.2, 0.3), Float64Array.of(0.3, 0.2, 0.5, 0.1)]; // one array per chain
 * essBasic(chains);
 * ```
 */
export function essBasic(chains: Chains): number {
  checkChains(chains);
  return essOfChains(splitChains(chains));
}

/**
 * ESS for the mean (posterior's ess_mean; the same number as ess_basic).
 *
 * @example
 * ```ts
 * const chains = [Float64Array.of(0.1, 0.4, 0.2, 0.3), Float64Array.of(0.3, 0.2, 0.5, 0.1)]; // one array per chain
 * essMean(chains);
 * ```
 */
export function essMean(chains: Chains): number {
  return essBasic(chains);
}

/**
 * Bulk ESS: ESS of the rank-normalised split chains.
 *
 * @example
 * ```ts
 * const chains = [Float64Array.of(0.1, 0.4, 0.2, 0.3), Float64Array.of(0.3, 0.2, 0.5, 0.1)]; // one array per chain
 * essBulk(chains) >= 100 * chains.length;
 * ```
 */
export function essBulk(chains: Chains): number {
  checkChains(chains);
  return essOfChains(zScale(splitChains(chains)));
}

/**
 * ESS of the quantile at `prob`, from pooled draws already sorted: the ESS of the split
 * indicator chains I(x <= q_prob).
 */
export function essQuantileSorted(chains: Chains, sorted: Float64Array, prob: number): number {
  if (!(prob >= 0 && prob <= 1)) throw new RangeError(`essQuantile: probability ${prob} is outside [0, 1]`);
  if (shouldReturnNaN(chains)) return NaN;
  let p = prob;
  if (p === 1) {
    const len = sorted.length;
    p = (len - 0.5) / len;
  }
  const q = quantileSorted(sorted, p);
  const indicators = chains.map((c) => {
    const ind = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) ind[i] = c[i] <= q ? 1 : 0;
    return ind;
  });
  return essOfChains(splitChains(indicators));
}

/**
 * ESS of the quantile at `prob` (posterior's ess_quantile for one probability).
 *
 * @example
 * ```ts
 * const chains = [Float64Array.of(0.1, 0.4, 0.2, 0.3), Float64Array.of(0.3, 0.2, 0.5, 0.1)]; // one array per chain
 * essQuantile(chains, 0.975);
 * ```
 */
export function essQuantile(chains: Chains, prob: number): number {
  checkChains(chains);
  return essQuantileSorted(chains, sortedPool(chains), prob);
}

/**
 * Tail ESS: the smaller of the ESS of the 5% and 95% quantiles.
 *
 * @example
 * ```ts
 * const chains = [Float64Array.of(0.1, 0.4, 0.2, 0.3), Float64Array.of(0.3, 0.2, 0.5, 0.1)]; // one array per chain
 * essTail(chains);
 * ```
 */
export function essTail(chains: Chains): number {
  checkChains(chains);
  const sorted = sortedPool(chains);
  // Math.min propagates NaN, as R's min() propagates NA
  return Math.min(essQuantileSorted(chains, sorted, 0.05), essQuantileSorted(chains, sorted, 0.95));
}
