// Quantiles, HPD intervals (coda::HPDinterval) and pMCMC (summary.MCMCglmm).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { equalTailedInterval, hpdInterval, pMCMC, poolDraws, quantile7 } from "../../src/posterior/intervals.js";

fc.configureGlobal({ seed: 20240611, numRuns: 100 });

describe("quantile7", () => {
  it("matches R's quantile(type = 7)", () => {
    // quantile(c(1, 2, 4, 8), c(0, .1, .5, .9, 1)) = 1, 1.3, 3, 6.8, 8
    const x = [8, 1, 4, 2];
    expect(quantile7(x, 0)).toBe(1);
    expect(quantile7(x, 0.1)).toBeCloseTo(1.3, 14);
    expect(quantile7(x, 0.5)).toBe(3);
    expect(quantile7(x, 0.9)).toBeCloseTo(6.8, 14);
    expect(quantile7(x, 1)).toBe(8);
  });
});

describe("hpdInterval", () => {
  it("takes the shortest window of gap = round(n * prob) steps", () => {
    // n = 5, gap = 3: [1, 4] (width 3) beats [2, 10]
    expect(hpdInterval([10, 3, 1, 4, 2], 0.6)).toEqual({ lower: 1, upper: 4, probability: 0.6 });
  });

  it("rounds n * prob half to even, as R's round()", () => {
    // n * prob = 2.5 rounds to 2 (Math.round would give 3); ties go to the first window
    expect(hpdInterval([1, 2, 3, 4, 10], 0.5)).toEqual({ lower: 1, upper: 3, probability: 0.4 });
  });

  it("gives coda's answer for 1:100 at 95%: [1, 96]", () => {
    const x = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(hpdInterval(x, 0.95)).toEqual({ lower: 1, upper: 96, probability: 0.95 });
  });

  it("keeps gap within [1, n - 1]", () => {
    expect(hpdInterval([5, 1, 3], 0.999)).toEqual({ lower: 1, upper: 5, probability: 2 / 3 });
    // gap 1: widths 2 and 2, the first wins
    expect(hpdInterval([5, 1, 3], 0.01)).toEqual({ lower: 1, upper: 3, probability: 1 / 3 });
  });

  it("pools chains", () => {
    const a = Float64Array.from([0.3, -1.2, 2.5, 0.1]);
    const b = Float64Array.from([0.7, 0.2, -0.4, 9]);
    expect(hpdInterval([a, b], 0.5)).toEqual(hpdInterval([...a, ...b], 0.5));
    expect([...poolDraws([a, b])]).toEqual([...a, ...b]);
  });

  it("is the shortest interval holding gap + 1 sorted draws (brute force)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 200 }),
        fc.double({ min: 0.05, max: 0.99, noNaN: true }),
        (xs, prob) => {
          const { lower, upper, probability } = hpdInterval(xs, prob);
          const sorted = [...xs].sort((p, q) => p - q);
          const n = sorted.length;
          const gap = Math.round(probability * n);
          expect(gap).toBeGreaterThanOrEqual(1);
          expect(gap).toBeLessThanOrEqual(n - 1);
          expect(Math.abs(gap - n * prob)).toBeLessThanOrEqual(Math.max(0.5, gap === 1 || gap === n - 1 ? n : 0.5));
          let best = Infinity;
          for (let i = 0; i + gap < n; i++) best = Math.min(best, sorted[i + gap] - sorted[i]);
          expect(upper - lower).toBe(best);
          expect(sorted.filter((v) => v >= lower && v <= upper).length).toBeGreaterThanOrEqual(gap + 1);
        },
      ),
    );
  });

  it("rejects too few draws and bad probabilities", () => {
    expect(() => hpdInterval([1], 0.9)).toThrow(RangeError);
    expect(() => hpdInterval([1, 2], 1)).toThrow(RangeError);
  });
});

describe("pMCMC", () => {
  it("is twice the smaller tail probability of zero", () => {
    expect(pMCMC([1, 2, 3, -1])).toBe(0.5);
    expect(pMCMC([-1, 0, 1, 2])).toBe(1);
  });

  it("counts draws equal to zero in the lower tail, as MCMCglmm (1 - mean(x > 0))", () => {
    // mean(x > 0) = 0.6, so min(0.6, 0.4) = 0.4
    expect(pMCMC([0, 0, 1, 1, 1])).toBeCloseTo(0.8, 15);
    // all zero: mean(x > 0) = 0 -> floor 1/n
    expect(pMCMC([0, 0, 0, 0])).toBe(0.25);
  });

  it("is floored at 1/n when all draws are on one side", () => {
    expect(pMCMC(Array.from({ length: 10 }, (_, i) => i + 1))).toBeCloseTo(0.1, 15);
    expect(pMCMC([Float64Array.from([-1, -2]), Float64Array.from([-3, -4])])).toBe(0.25);
  });

  it("lies in [1/n, 1] and is symmetric under sign change (no zeros)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }).filter((v) => v !== 0), { minLength: 1, maxLength: 100 }), (xs) => {
        const p = pMCMC(xs);
        expect(p).toBeGreaterThanOrEqual(1 / xs.length - 1e-15);
        expect(p).toBeLessThanOrEqual(1);
        expect(pMCMC(xs.map((v) => -v))).toBeCloseTo(p, 14);
      }),
    );
  });
});

describe("equalTailedInterval", () => {
  it("is the type-7 quantiles at 2.5% and 97.5%", () => {
    const x = Array.from({ length: 41 }, (_, i) => i);
    expect(equalTailedInterval(x, 0.95)).toEqual({ lower: 1, upper: 39, probability: 0.95 });
  });
});
