// Shared statistical checks for the random-variate tests.
import { expect } from "vitest";

export interface SampleMoments {
  n: number;
  mean: number;
  variance: number;
  /** Monte Carlo standard error of the mean. */
  seMean: number;
  /** Monte Carlo standard error of the sample variance, sqrt((m4 - s^4)/n). */
  seVariance: number;
}

export function sampleMoments(xs: ArrayLike<number>): SampleMoments {
  const n = xs.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i];
  const mean = s / n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = (xs[i] - mean) ** 2;
    m2 += d;
    m4 += d * d;
  }
  m2 /= n;
  m4 /= n;
  const variance = (m2 * n) / (n - 1);
  return { n, mean, variance, seMean: Math.sqrt(variance / n), seVariance: Math.sqrt(Math.max(m4 - m2 * m2, 0) / n) };
}

/** Mean and variance each within `z` Monte Carlo standard errors of the exact values. */
export function expectMoments(xs: ArrayLike<number>, mean: number, variance: number, label: string, z = 4): void {
  const m = sampleMoments(xs);
  expect(Math.abs(m.mean - mean), `${label}: mean ${m.mean} vs ${mean} (se ${m.seMean})`).toBeLessThanOrEqual(z * m.seMean);
  expect(Math.abs(m.variance - variance), `${label}: variance ${m.variance} vs ${variance} (se ${m.seVariance})`).toBeLessThanOrEqual(z * m.seVariance);
}

/** One-sample Kolmogorov-Smirnov statistic of `xs` against the CDF `cdf`. Sorts `xs`. */
export function ksStatistic(xs: Float64Array, cdf: (x: number) => number): number {
  xs.sort();
  const n = xs.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(xs[i]);
    d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
  }
  return d;
}

/** Two-sample Kolmogorov-Smirnov statistic. Sorts both arrays. */
export function ksTwoSample(a: Float64Array, b: Float64Array): number {
  a.sort();
  b.sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const x = Math.min(a[i], b[j]);
    while (i < a.length && a[i] === x) i++;
    while (j < b.length && b[j] === x) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}

/** The KS critical value at level ~0.001: 1.95 / sqrt(effective n). */
export function ksCritical(n: number): number {
  return 1.95 / Math.sqrt(n);
}

/** Composite Simpson's rule of f over [lo, hi] with an even number of intervals m. */
export function simpson(f: (x: number) => number, lo: number, hi: number, m = 20000): number {
  const h = (hi - lo) / m;
  let s = f(lo) + f(hi);
  for (let i = 1; i < m; i++) s += (i % 2 === 1 ? 4 : 2) * f(lo + i * h);
  return (s * h) / 3;
}
