// The numerical building blocks: normal and beta quantiles, FFT, autocovariance, sorting.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  autocorrelation,
  autocovariance,
  fftInPlace,
  lgamma,
  meanAutocovariance,
  nextPowerOfTwo,
  pbeta,
  qbeta,
  qnorm,
} from "../../src/diagnostics/index.js";
import { argsort } from "../../src/diagnostics/argsort.js";

fc.configureGlobal({ seed: 20240611, numRuns: 100 });

const finiteDouble = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });

describe("qnorm (AS 241)", () => {
  it("matches R's qnorm at reference points", () => {
    // values printed by R 4.x with digits = 17
    const cases: [number, number][] = [
      [0.5, 0],
      [0.975, 1.959963984540054],
      [0.05, -1.6448536269514729],
      [0.001, -3.0902323061678132],
      [0.8413447460685429, 1],
      [1e-10, -6.3613409024040557],
      [1e-20, -9.262340089798408],
    ];
    for (const [p, z] of cases) expect(qnorm(p)).toBeCloseTo(z, 13);
  });

  it("is odd about 1/2 and monotone", () => {
    fc.assert(
      // p >= 1e-6 so that 1 - p keeps enough digits for the comparison
      fc.property(fc.double({ min: 1e-6, max: 0.5, noNaN: true }), fc.double({ min: 1e-6, max: 0.5, noNaN: true }), (p, q) => {
        expect(qnorm(p)).toBeCloseTo(-qnorm(1 - p), 8);
        if (p < q) expect(qnorm(p)).toBeLessThanOrEqual(qnorm(q));
      }),
    );
  });

  it("handles the ends and invalid input", () => {
    expect(qnorm(0)).toBe(-Infinity);
    expect(qnorm(1)).toBe(Infinity);
    expect(qnorm(-0.1)).toBeNaN();
    expect(qnorm(NaN)).toBeNaN();
  });
});

describe("lgamma, pbeta, qbeta", () => {
  it("lgamma agrees with log factorials and known values", () => {
    let logFact = 0;
    for (let n = 1; n <= 30; n++) {
      expect(lgamma(n)).toBeCloseTo(logFact, 11);
      logFact += Math.log(n);
    }
    expect(lgamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(lgamma(100)).toBeCloseTo(359.13420536957540, 10);
    expect(lgamma(1e4)).toBeCloseTo(82099.717496442377, 8);
  });

  it("pbeta has the closed forms of small integer shapes", () => {
    expect(pbeta(0.5, 2, 3)).toBeCloseTo(11 / 16, 15);
    expect(pbeta(0.3, 1, 1)).toBeCloseTo(0.3, 15);
    expect(pbeta(0.3, 4, 1)).toBeCloseTo(0.3 ** 4, 15);
    expect(pbeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 15);
    expect(pbeta(0, 2, 2)).toBe(0);
    expect(pbeta(1, 2, 2)).toBe(1);
  });

  it("pbeta equals the binomial tail for integer shapes", () => {
    // I_x(a, b) = P(Binomial(a + b - 1, x) >= a)
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (a, b, x) => {
        const n = a + b - 1;
        let tail = 0;
        let logChoose = 0; // log C(n, 0)
        for (let k = 0; k <= n; k++) {
          if (k > 0) logChoose += Math.log(n - k + 1) - Math.log(k);
          if (k >= a) tail += Math.exp(logChoose + k * Math.log(x) + (n - k) * Math.log1p(-x));
        }
        expect(Math.abs(pbeta(x, a, b) - tail)).toBeLessThan(1e-12);
      }),
    );
  });

  it("qbeta inverts pbeta, including the large shapes ESS gives", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 20000, noNaN: true }),
        fc.double({ min: 1, max: 20000, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (a, b, p) => {
          const x = qbeta(p, a, b);
          expect(x).toBeGreaterThan(0);
          expect(x).toBeLessThan(1);
          expect(Math.abs(pbeta(x, a, b) - p)).toBeLessThan(1e-9);
        },
      ),
    );
  });

  it("qbeta has the closed forms of Beta(a, 1) and Beta(1, 1)", () => {
    expect(qbeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(qbeta(0.3, 2.5, 1)).toBeCloseTo(0.3 ** (1 / 2.5), 14);
    expect(qbeta(0, 2, 3)).toBe(0);
    expect(qbeta(1, 2, 3)).toBe(1);
    expect(qbeta(NaN, 2, 3)).toBeNaN();
  });
});

function naiveDft(re: number[], im: number[]): [number[], number[]] {
  const n = re.length;
  const outRe: number[] = [];
  const outIm: number[] = [];
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * j * k) / n;
      sr += re[j] * Math.cos(a) - im[j] * Math.sin(a);
      si += re[j] * Math.sin(a) + im[j] * Math.cos(a);
    }
    outRe.push(sr);
    outIm.push(si);
  }
  return [outRe, outIm];
}

describe("fft", () => {
  it("equals the naive DFT for every power-of-two length up to 256", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.array(finiteDouble, { minLength: 512, maxLength: 512 }), (log2n, xs) => {
        const n = 2 ** log2n;
        const re = Float64Array.from(xs.slice(0, n));
        const im = Float64Array.from(xs.slice(n, 2 * n));
        const [er, ei] = naiveDft([...re], [...im]);
        fftInPlace(re, im);
        const scale = Math.max(1, ...er.map(Math.abs), ...ei.map(Math.abs));
        for (let k = 0; k < n; k++) {
          expect(Math.abs(re[k] - er[k]) / scale).toBeLessThan(1e-10);
          expect(Math.abs(im[k] - ei[k]) / scale).toBeLessThan(1e-10);
        }
      }),
      { numRuns: 30 },
    );
  });

  it("rejects lengths that are not powers of two", () => {
    expect(() => fftInPlace(new Float64Array(6), new Float64Array(6))).toThrow(RangeError);
    expect(nextPowerOfTwo(1000)).toBe(1024);
    expect(nextPowerOfTwo(1024)).toBe(1024);
  });
});

/** Autocovariance by its definition: sum_i (x_i - m)(x_{i+t} - m) / N. */
function directAutocovariance(x: Float64Array): Float64Array {
  const n = x.length;
  const m = x.reduce((a, b) => a + b, 0) / n;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let i = 0; i + t < n; i++) s += (x[i] - m) * (x[i + t] - m);
    out[t] = s / n;
  }
  return out;
}

describe("autocovariance", () => {
  const series = fc
    .array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 300 })
    .filter((xs) => Math.max(...xs) - Math.min(...xs) > 1e-3)
    .map((xs) => Float64Array.from(xs));

  it("equals the direct O(N^2) sums for any length", () => {
    fc.assert(
      fc.property(series, (x) => {
        const fast = autocovariance(x);
        const slow = directAutocovariance(x);
        expect(fast.length).toBe(x.length);
        for (let t = 0; t < x.length; t++) expect(Math.abs(fast[t] - slow[t])).toBeLessThan(1e-9 * slow[0]);
      }),
    );
  });

  it("is all zeros for constant draws, and autocorrelation starts at 1", () => {
    expect([...autocovariance(new Float64Array([2, 2, 2, 2, 2]))]).toEqual([0, 0, 0, 0, 0]);
    expect(autocorrelation(Float64Array.from([1, 3, 2, 5, 4, 6]))[0]).toBe(1);
  });

  it("meanAutocovariance (chains transformed in pairs) is the mean of per-chain autocovariances", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 3, max: 120 }), fc.integer(), (m, n, seed) => {
        let s = (seed >>> 0) % 2147483646 || 1;
        const next = (): number => (s = (s * 16807) % 2147483647) / 2147483647;
        const chains = Array.from({ length: m }, (_, c) =>
          c === 1 ? new Float64Array(n).fill(3) : Float64Array.from({ length: n }, next),
        );
        const mean = meanAutocovariance(chains);
        const perChain = chains.map(directAutocovariance).map((a, c) => (c === 1 ? a.fill(0) : a));
        for (let t = 0; t < n; t++) {
          const want = perChain.reduce((acc, a) => acc + a[t], 0) / m;
          expect(Math.abs(mean[t] - want)).toBeLessThan(1e-12);
        }
      }),
    );
  });
});

describe("argsort (radix)", () => {
  it("orders any doubles ascending and stably", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(0, -0, 1, -1, 2.5)), { maxLength: 400 }), (xs) => {
        const values = Float64Array.from(xs);
        const order = argsort(values);
        expect([...order].sort((a, b) => a - b)).toEqual(xs.map((_, i) => i));
        for (let k = 1; k < order.length; k++) {
          const a = values[order[k - 1]];
          const b = values[order[k]];
          expect(a <= b).toBe(true);
          if (a === b && !Object.is(a, -0) && !Object.is(b, -0)) expect(order[k - 1]).toBeLessThan(order[k]);
        }
      }),
    );
  });

  it("puts NaN after +Infinity and -0 next to +0", () => {
    const values = Float64Array.from([NaN, Infinity, 0, -Infinity, -0, 1]);
    const sorted = [...argsort(values)].map((i) => values[i]);
    expect(sorted.slice(0, 5)).toEqual([-Infinity, -0, 0, 1, Infinity]);
    expect(sorted[5]).toBeNaN();
  });
});
