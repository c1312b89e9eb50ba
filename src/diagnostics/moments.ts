// Sums, means and variances accurate enough to agree with R's long-double accumulations
// (R's mean() sums in long double and then adds a correction pass; Neumaier compensated
// summation plus the same correction pass gives the same double in practice).
import type { Chains } from "./types.js";

/** Neumaier-compensated sum of x[from..to). */
export function sumOf(x: ArrayLike<number>, from = 0, to = x.length): number {
  let s = 0;
  let comp = 0;
  for (let i = from; i < to; i++) {
    const v = x[i];
    const t = s + v;
    comp += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + comp;
}

/** Mean of x as R's mean(): sum / n, then one correction pass sum(x - m) / n. */
export function meanOf(x: ArrayLike<number>): number {
  const n = x.length;
  let m = sumOf(x) / n;
  if (Number.isFinite(m)) {
    let s = 0;
    let comp = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i] - m;
      const t = s + v;
      comp += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
      s = t;
    }
    m += (s + comp) / n;
  }
  return m;
}

/** Sum of squared deviations from `centre`, compensated. */
export function sumSquaredDeviations(x: ArrayLike<number>, centre: number): number {
  let s = 0;
  let comp = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - centre;
    const v = d * d;
    const t = s + v;
    comp += s >= v ? s - t + v : v - t + s;
    s = t;
  }
  return s + comp;
}

/** Sample variance (denominator n - 1), as R's var(); NaN when n < 2. */
export function varianceOf(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return NaN;
  return sumSquaredDeviations(x, meanOf(x)) / (n - 1);
}

/** Mean of all draws pooled over chains, without copying. */
export function pooledMean(chains: Chains): number {
  const n = chains.length * chains[0].length;
  let s = 0;
  for (const c of chains) s += sumOf(c);
  let m = s / n;
  if (Number.isFinite(m)) {
    let r = 0;
    for (const c of chains) {
      for (let i = 0; i < c.length; i++) r += c[i] - m;
    }
    m += r / n;
  }
  return m;
}

/** Sample variance of all draws pooled over chains (denominator S - 1). */
export function pooledVariance(chains: Chains): number {
  const n = chains.length * chains[0].length;
  if (n < 2) return NaN;
  const m = pooledMean(chains);
  let s = 0;
  for (const c of chains) s += sumSquaredDeviations(c, m);
  return s / (n - 1);
}

/** Sample standard deviation of all draws pooled over chains, as R's sd(). */
export function pooledSd(chains: Chains): number {
  return Math.sqrt(pooledVariance(chains));
}

/** Per-chain means. */
export function chainMeans(chains: Chains): Float64Array {
  const out = new Float64Array(chains.length);
  for (let c = 0; c < chains.length; c++) out[c] = meanOf(chains[c]);
  return out;
}

/** True when any draw is NaN or infinite. */
export function hasNonFinite(chains: Chains): boolean {
  for (const c of chains) {
    for (let i = 0; i < c.length; i++) if (!Number.isFinite(c[i])) return true;
  }
  return false;
}

/** posterior's is_constant(): max - min below machine epsilon over all draws. */
export function isConstant(chains: Chains): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of chains) {
    for (let i = 0; i < c.length; i++) {
      const v = c[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return Math.abs(hi - lo) < Number.EPSILON;
}

/**
 * posterior's should_return_NA(): a diagnostic is NA (NaN here) when a draw is NaN or
 * infinite, or all draws are (numerically) equal.
 */
export function shouldReturnNaN(chains: Chains): boolean {
  return hasNonFinite(chains) || isConstant(chains);
}
