// Sample quantiles: R's quantile(type = 7), on a sorted array.
import type { Chains } from "./types.js";

/**
 * Quantile of type 7 (R's default) from ascending `sorted` values:
 * index h = 1 + (n - 1) p, interpolating between x[floor(h)] and x[ceil(h)] exactly as
 * stats::quantile does ((1 - f) * lo + f * hi, skipped when the two are equal), so the
 * value compares equal to R's in `x <= quantile(x, p)`.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  // NaN sorts last in a Float64Array: any NaN draw makes the quantile NaN (R's NA).
  if (n === 0 || Number.isNaN(p) || Number.isNaN(sorted[n - 1])) return NaN;
  if (p < 0 || p > 1) throw new RangeError(`quantile: probability ${p} is outside [0, 1]`);
  const index = 1 + (n - 1) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const qlo = sorted[lo - 1];
  if (index > lo && sorted[hi - 1] !== qlo) {
    const f = index - lo;
    return (1 - f) * qlo + f * sorted[hi - 1];
  }
  return qlo;
}

/** All draws of all chains in one new ascending Float64Array (NaN sort last). */
export function sortedPool(chains: Chains): Float64Array {
  const n = chains[0].length;
  const out = new Float64Array(chains.length * n);
  for (let c = 0; c < chains.length; c++) out.set(chains[c], c * n);
  return out.sort();
}

/** Type-7 quantile of unsorted values (sorts a copy). */
export function quantile7(x: ArrayLike<number>, p: number): number {
  return quantileSorted(Float64Array.from(x).sort(), p);
}

/** Median of ascending `sorted` values (type 7 at 0.5, the same as R's median()). */
export function medianSorted(sorted: ArrayLike<number>): number {
  return quantileSorted(sorted, 0.5);
}
