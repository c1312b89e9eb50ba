import { describe, expect, it } from "vitest";
import { createStream, logNormalCdf, logNormalUpperTail, normalCdf, rTruncNormal } from "../../src/random/index.js";
import { expectMoments, ksCritical, ksStatistic, simpson } from "./helpers.js";

/**
 * Mean and variance of N(0,1) truncated to [a, b] by Simpson quadrature of z^k exp(-(z^2 - m^2)/2),
 * m the point of [a, b] nearest 0 (so nothing underflows); an infinite bound is replaced by
 * one far enough out that the neglected mass is below e^-60.
 */
function truncatedMoments(a: number, b: number): { mean: number; variance: number } {
  const m = a > 0 ? a : b < 0 ? b : 0;
  const reach = 60 / Math.max(1, Math.abs(m)) + 12;
  const lo = a === -Infinity ? Math.min(b, 0) - reach : a;
  const hi = b === Infinity ? Math.max(a, 0) + reach : b;
  const w = (z: number) => Math.exp(-0.5 * (z - m) * (z + m));
  const z0 = simpson(w, lo, hi, 200_000);
  const z1 = simpson((z) => z * w(z), lo, hi, 200_000) / z0;
  const z2 = simpson((z) => (z - z1) ** 2 * w(z), lo, hi, 200_000) / z0;
  return { mean: z1, variance: z2 };
}

/** The exact CDF of N(0,1) truncated to [a, b], accurate in either tail. */
function truncatedCdf(a: number, b: number): (x: number) => number {
  if (a >= 0) {
    const la = logNormalUpperTail(a);
    const denom = -Math.expm1(logNormalUpperTail(b) - la);
    return (x) => -Math.expm1(logNormalUpperTail(x) - la) / denom;
  }
  if (b <= 0) {
    const lb = logNormalCdf(b);
    const pa = Math.exp(logNormalCdf(a) - lb);
    return (x) => (Math.exp(logNormalCdf(x) - lb) - pa) / (1 - pa);
  }
  const pa = normalCdf(a);
  const pb = normalCdf(b);
  return (x) => (normalCdf(x) - pa) / (pb - pa);
}

const CASES: [number, number][] = [
  [8, Infinity],
  [-Infinity, -10],
  [-1, 2],
  [5, 5.01],
  [8, 8.5],
  [-0.1, 0.1],
  [0, Infinity],
  [0.3, 1.9],
  [-3, -2.5],
  [-2, 40],
  [2.5, 3.5],
  [-Infinity, 0.7],
  [30, 30.5],
  [0.2, Infinity],
  [1, Infinity],
];

describe("rTruncNormal", () => {
  it.each(CASES)("N(0,1) on [%d, %d]: exact mean and variance, and KS against the exact CDF", (a, b) => {
    const rng = createStream(300, CASES.findIndex(([x, y]) => x === a && y === b));
    const n = 100_000;
    const xs = new Float64Array(n);
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const x = rTruncNormal(rng, 0, 1, a, b);
      if (!(x >= a && x <= b) || !Number.isFinite(x)) outside++;
      xs[i] = x;
    }
    expect(outside).toBe(0);
    const { mean, variance } = truncatedMoments(a, b);
    expectMoments(xs, mean, variance, `[${a}, ${b}]`);
    expect(ksStatistic(xs, truncatedCdf(a, b))).toBeLessThan(ksCritical(n));
  });

  it("location and scale: N(mu, sd^2) on [lower, upper] is mu + sd * N(0,1) on the standardised interval", () => {
    const rng = createStream(301, 0);
    const [mu, sd, lower, upper] = [1e6, 3, 1e6 + 24, 1e6 + 25.5]; // standardised [8, 8.5]
    const n = 50_000;
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) xs[i] = (rTruncNormal(rng, mu, sd, lower, upper) - mu) / sd;
    const { mean, variance } = truncatedMoments(8, 8.5);
    expectMoments(xs, mean, variance, "shifted [8, 8.5]");
  });

  it("stays finite and inside the bounds for extreme and degenerate arguments", () => {
    const rng = createStream(302, 0);
    const cases: [number, number, number, number][] = [
      [0, 1, 1e3, Infinity],
      [0, 1, -Infinity, -1e5],
      [0, 1, 1e300, Infinity],
      [0, 1, 1e300, 1.0000001e300],
      [0, 1e-300, 1e-290, 1],
      [-1e10, 1, 0, 1],
      [5, 1e10, -1, 1],
      [0, 1, 40, 40 + 1e-9],
      [0, 1, -50, 50],
      [0, 0, 1, 2],
      [0, 1, 3, 3],
    ];
    for (const [mu, sd, lo, hi] of cases) {
      for (let i = 0; i < 200; i++) {
        const x = rTruncNormal(rng, mu, sd, lo, hi);
        expect(Number.isFinite(x) && x >= lo && x <= hi, `N(${mu}, ${sd}) on [${lo}, ${hi}] gave ${x}`).toBe(true);
      }
    }
  });

  it("far tail draws concentrate just above the bound: E[Z - a | Z > a] ~ 1/a", () => {
    const rng = createStream(303, 0);
    const a = 1e4;
    const n = 20_000;
    let s = 0;
    for (let i = 0; i < n; i++) s += rTruncNormal(rng, 0, 1, a, Infinity) - a;
    // Excess over a is ~ Exp(rate a): mean 1/a, sd 1/a.
    expect(Math.abs(s / n - 1 / a)).toBeLessThan((4 / a) / Math.sqrt(n) + 1 / a ** 3);
  });

  it("rejects an empty interval and a negative sd", () => {
    const rng = createStream(304, 0);
    expect(() => rTruncNormal(rng, 0, 1, 2, 1)).toThrow(RangeError);
    expect(() => rTruncNormal(rng, 0, -1, 0, 1)).toThrow(RangeError);
    expect(() => rTruncNormal(rng, 0, 1, Number.NaN, 1)).toThrow(RangeError);
  });
});
