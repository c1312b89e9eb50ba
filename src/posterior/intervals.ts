// Posterior intervals and tail probabilities as R users know them: type-7 quantiles
// (stats::quantile), the HPD interval of coda::HPDinterval, and MCMCglmm's pMCMC.
// Draws may be given as one array or as chains (one Float64Array per chain), which are
// pooled, as MCMCglmm and coda do for a single mcmc object.
import { quantileSorted, quantile7 } from "../diagnostics/quantile.js";

export { quantile7, quantileSorted };

/** Draws of one scalar: a flat array, or one Float64Array per chain (pooled). */
export type DrawValues = ArrayLike<number> | readonly Float64Array[];

function isChainList(x: DrawValues): x is readonly Float64Array[] {
  return Array.isArray(x) && (x.length === 0 || x[0] instanceof Float64Array);
}

/** All draws in one new Float64Array. */
export function poolDraws(x: DrawValues): Float64Array {
  if (!isChainList(x)) return Float64Array.from(x);
  let total = 0;
  for (const c of x) total += c.length;
  const out = new Float64Array(total);
  let offset = 0;
  for (const c of x) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** R's round(): to the nearest integer, halves to even (IEC 60559). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 ? 2 * Math.round(x / 2) : r;
}

/** An interval with the share of draws it was built to contain. */
export interface Interval {
  lower: number;
  upper: number;
  /** gap / n: the proportion of draws the interval spans, as coda's "Probability" attribute */
  probability: number;
}

/**
 * Highest posterior density interval as coda::HPDinterval: with the n draws sorted and
 * gap = max(1, min(n - 1, round(n * prob))), the shortest of the intervals
 * [x_(i), x_(i + gap)], the first one on ties. Needs at least 2 draws.
 *
 * @example
 * ```ts
 * const { lower, upper } = hpdInterval(result.draws["units"], 0.95); // chains pooled
 * ```
 */
export function hpdInterval(draws: DrawValues, prob = 0.95): Interval {
  if (!(prob > 0 && prob < 1)) throw new RangeError(`hpdInterval: prob ${prob} must lie in (0, 1)`);
  const sorted = poolDraws(draws).sort();
  const n = sorted.length;
  if (n < 2) throw new RangeError(`hpdInterval: needs at least 2 draws, got ${n}`);
  if (Number.isNaN(sorted[n - 1])) return { lower: NaN, upper: NaN, probability: NaN };
  const gap = Math.max(1, Math.min(n - 1, roundHalfEven(n * prob)));
  let best = 0;
  let bestWidth = Infinity;
  for (let i = 0; i + gap < n; i++) {
    const width = sorted[i + gap] - sorted[i];
    if (width < bestWidth) {
      bestWidth = width;
      best = i;
    }
  }
  return { lower: sorted[best], upper: sorted[best + gap], probability: gap / n };
}

/**
 * MCMCglmm's pMCMC (summary.MCMCglmm): twice the smaller posterior tail probability of
 * zero, 2 * max(0.5 / n, min(p, 1 - p)) with p the share of draws > 0 (so draws equal
 * to 0 count in the lower tail), floored at 1 / n because n draws cannot resolve less.
 *
 * @example
 * ```ts
 * pMCMC(result.draws["x"]); // MCMCglmm's two-sided pMCMC of a fixed effect
 * ```
 */
export function pMCMC(draws: DrawValues): number {
  let n = 0;
  let positive = 0;
  const count = (c: ArrayLike<number>): void => {
    for (let i = 0; i < c.length; i++) if (c[i] > 0) positive++;
    n += c.length;
  };
  if (isChainList(draws)) for (const c of draws) count(c);
  else count(draws);
  if (n === 0) return NaN;
  const p = positive / n;
  return 2 * Math.max(0.5 / n, Math.min(p, 1 - p));
}

/**
 * Equal-tailed interval from type-7 quantiles at (1 - prob) / 2 and (1 + prob) / 2. The tail
 * probabilities are rounded to 15 significant digits so that prob = 0.95 uses exactly the
 * doubles 0.025 and 0.975 an R user would type (1 - 0.95 is 0.05000000000000004).
 *
 * @example
 * ```ts
 * const { lower, upper } = equalTailedInterval(result.draws["units"], 0.95);
 * ```
 */
export function equalTailedInterval(draws: DrawValues, prob = 0.95): Interval {
  const sorted = poolDraws(draws).sort();
  const tidy = (p: number): number => Number(p.toPrecision(15));
  return {
    lower: quantileSorted(sorted, tidy((1 - prob) / 2)),
    upper: quantileSorted(sorted, tidy((1 + prob) / 2)),
    probability: prob,
  };
}
