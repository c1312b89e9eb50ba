// The pieces posterior composes, and the NA conventions, on small exact examples and
// properties that must hold for any draws.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  averageRanks,
  essBasic,
  essBulk,
  essMean,
  essOfChains,
  essQuantile,
  essTail,
  foldDraws,
  mcseMean,
  mcseQuantile,
  quantile7,
  quantileSorted,
  rhat,
  rhatBasic,
  rhatOfChains,
  splitChains,
  summariseDraws,
  zScale,
} from "../../src/diagnostics/index.js";
import { DataError } from "../../src/errors.js";

fc.configureGlobal({ seed: 20240611, numRuns: 50 });

const f = (xs: number[]): Float64Array => Float64Array.from(xs);

/** Deterministic AR(1) chains from a seed (Park-Miller uniforms, Box-Muller normals). */
function ar1Chains(seed: number, m: number, n: number, phi: number, shift = 0): Float64Array[] {
  let s = (seed >>> 0) % 2147483646 || 1;
  const u = (): number => (s = (s * 16807) % 2147483647) / 2147483647;
  const normal = (): number => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return Array.from({ length: m }, (_, c) => {
    const x = new Float64Array(n);
    let v = normal();
    for (let i = 0; i < n; i++) {
      v = phi * v + Math.sqrt(1 - phi * phi) * normal();
      x[i] = v + (c === 0 ? shift : 0);
    }
    return x;
  });
}

describe("splitChains", () => {
  it("halves each chain, first halves first, as views", () => {
    const a = f([1, 2, 3, 4]);
    const b = f([5, 6, 7, 8]);
    const split = splitChains([a, b]);
    expect(split.map((c) => [...c])).toEqual([[1, 2], [5, 6], [3, 4], [7, 8]]);
    expect(split[0].buffer).toBe(a.buffer);
  });

  it("drops the middle draw of an odd-length chain", () => {
    expect(splitChains([f([1, 2, 3, 4, 5])]).map((c) => [...c])).toEqual([[1, 2], [4, 5]]);
  });

  it("leaves chains of one draw alone", () => {
    expect(splitChains([f([1]), f([2])]).map((c) => [...c])).toEqual([[1], [2]]);
  });
});

describe("ranks, z-scores and folding", () => {
  it("gives ties their average rank over all chains", () => {
    const ranks = averageRanks([f([3, 1]), f([3, 2])]);
    expect(ranks.map((r) => [...r])).toEqual([[3.5, 1], [3.5, 2]]);
  });

  it("maps ranks through Blom's offset and the normal quantile", () => {
    const z = zScale([f([10, 30, 20])]);
    // ranks 1, 3, 2 of S = 3: p = (r - 3/8) / 3.25 = 0.1923..., 0.8076..., 0.5
    expect(z[0][2]).toBe(0);
    expect(z[0][0]).toBeCloseTo(-0.869423773288886, 12);
    expect(z[0][1]).toBeCloseTo(0.869423773288886, 12);
  });

  it("folds around the median of all draws, the central pair exactly tied", () => {
    const folded = foldDraws([f([0.1, 0.7]), f([0.2, 5])]);
    expect(folded.map((c) => [...c])).toEqual([[0.35, folded[0][1]], [folded[0][1], 4.55]]);
    expect(folded[0][1]).toBeCloseTo(0.25, 15);
    expect(foldDraws([f([1, 2, 3])])[0][1]).toBe(0);
  });

  it("makes the bulk diagnostics invariant under increasing transformations", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 4, max: 300 }), (seed, m, n) => {
        const chains = ar1Chains(seed, m, n, 0.5);
        const transformed = chains.map((c) => c.map((v) => Math.exp(v) * 3 + 1));
        expect(essBulk(transformed)).toBe(essBulk(chains));
        expect(rhatOfChains(zScale(splitChains(transformed)))).toBe(rhatOfChains(zScale(splitChains(chains))));
      }),
    );
  });
});

describe("R-hat", () => {
  it("is sqrt((B/W + n - 1)/n) on a hand-computed example", () => {
    // chains [1,2,3] and [3,4,5]: means 2 and 4, W = 1, B = 3 * var(2, 4) = 6
    expect(rhatOfChains([f([1, 2, 3]), f([3, 4, 5])])).toBeCloseTo(Math.sqrt((6 + 2) / 3), 15);
  });

  it("is near 1 for well-mixed chains and flags a shifted chain", () => {
    const good = ar1Chains(7, 4, 2000, 0.3);
    expect(Math.abs(rhat(good) - 1)).toBeLessThan(0.01);
    const shifted = ar1Chains(7, 4, 2000, 0.3, 1.5);
    expect(rhat(shifted)).toBeGreaterThan(1.1);
    expect(rhatBasic(shifted)).toBeGreaterThan(1.1);
  });

  it("catches a chain with a different scale through the folded (tail) R-hat", () => {
    const chains = ar1Chains(11, 4, 2000, 0.1);
    const wide = [chains[0].map((v) => 4 * v), chains[1], chains[2], chains[3]];
    expect(rhatBasic(wide)).toBeLessThan(1.01);
    expect(rhat(wide)).toBeGreaterThan(1.05);
  });
});

describe("ESS", () => {
  it("is close to the number of draws for independent draws", () => {
    const iid = ar1Chains(3, 4, 2500, 0);
    expect(essBulk(iid) / 10000).toBeGreaterThan(0.9);
    expect(essBulk(iid) / 10000).toBeLessThan(1.1);
  });

  it("is near S (1 - phi) / (1 + phi) for AR(1) chains", () => {
    const chains = ar1Chains(5, 4, 5000, 0.8);
    const expected = (20000 * 0.2) / 1.8;
    expect(essMean(chains) / expected).toBeGreaterThan(0.75);
    expect(essMean(chains) / expected).toBeLessThan(1.3);
  });

  it("is capped at S log10(S) for antithetic chains", () => {
    const n = 1000;
    const anti = [Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1) * (1 + (i % 7) / 10))];
    expect(essBasic(anti)).toBeCloseTo(n * Math.log10(n), 8);
  });

  it("uses the R quirk that an immediately negative pair still sums rho_0 (tau = 2)", () => {
    // two chains [1,-1,1,-1]: lag-1 autocorrelation -13/12, so Geyer's loop never runs and
    // max_t = 0; R's sum(rho[1:0]) is rho[1] = 1, so tau = -1 + 2 + 1 = 2 and ESS = 8 / 2.
    // (An empty sum would give tau = 0, capped to ESS = 8 log10(8).)
    const split = splitChains([f([1, -1, 1, -1, 1, -1, 1, -1])]);
    expect(essOfChains(split)).toBeCloseTo(4, 12);
  });

  it("agrees between essTail and the two quantile ESSs, and mcseQuantile uses the draws", () => {
    const chains = ar1Chains(9, 3, 777, 0.6);
    expect(essTail(chains)).toBe(Math.min(essQuantile(chains, 0.05), essQuantile(chains, 0.95)));
    const pooled = Float64Array.from(chains.flatMap((c) => [...c])).sort();
    const se = mcseQuantile(chains, 0.5);
    expect(se).toBeGreaterThan(0);
    expect(se).toBeLessThan(quantile7(pooled, 0.75) - quantile7(pooled, 0.25));
    expect(Number.isFinite(essQuantile(chains, 1))).toBe(true);
  });

  it("reproduces summariseDraws from the single functions", () => {
    const chains = ar1Chains(13, 4, 301, 0.7);
    const s = summariseDraws(chains, { probs: [0.025, 0.975] });
    expect(s.rhat).toBe(rhat(chains));
    expect(s.ess_bulk).toBe(essBulk(chains));
    expect(s.ess_tail).toBe(essTail(chains));
    expect(s.mcse_mean).toBe(mcseMean(chains));
    expect(s.mcse_q5).toBe(mcseQuantile(chains, 0.05));
    expect(s.quantiles.map((q) => q.prob)).toEqual([0.025, 0.975]);
    expect(s.quantiles[1].mcse).toBe(mcseQuantile(chains, 0.975));
    expect(s.quantiles[0].ess).toBe(essQuantile(chains, 0.025));
    expect(s.q50).toBe(s.median);
  });
});

describe("NA conventions (NaN here, null in JSON)", () => {
  it("constant draws: R-hat, ESS and MCSE are NaN, moments are not", () => {
    const constant = [f([2, 2, 2, 2]), f([2, 2, 2, 2])];
    for (const fn of [rhat, rhatBasic, essBulk, essTail, essBasic, essMean, mcseMean]) expect(fn(constant)).toBeNaN();
    expect(mcseQuantile(constant, 0.05)).toBeNaN();
    const s = summariseDraws(constant);
    expect(s.mean).toBe(2);
    expect(s.sd).toBe(0);
    expect(JSON.parse(JSON.stringify(s)).rhat).toBeNull();
  });

  it("a NaN draw makes every diagnostic NaN", () => {
    const chains = ar1Chains(1, 2, 50, 0.2);
    chains[1][7] = NaN;
    for (const fn of [rhat, essBulk, essTail, essMean, mcseMean]) expect(fn(chains)).toBeNaN();
    expect(quantile7(chains[1], 0.5)).toBeNaN();
  });

  it("an infinite draw: rank-based R-hat and bulk ESS stay finite, moment-based ones are NaN (as posterior)", () => {
    const chains = ar1Chains(2, 2, 50, 0.2);
    chains[0][3] = Infinity;
    expect(Number.isFinite(rhatBasic(chains))).toBe(false);
    expect(Number.isFinite(essBulk(chains))).toBe(true);
    expect(essMean(chains)).toBeNaN();
    expect(essTail(chains)).toBeNaN();
  });

  it("fewer than 3 iterations per split chain: ESS is NaN", () => {
    expect(essBasic([f([1, 2, 3, 4, 5])])).toBeNaN();
    expect(essBasic([f([1, 2, 3, 4, 5, 7])])).not.toBeNaN();
  });
});

describe("input checks", () => {
  it("rejects unequal chain lengths and empty input with a DataError", () => {
    expect(() => rhat([f([1, 2, 3]), f([1, 2])])).toThrow(DataError);
    expect(() => essBulk([])).toThrow(/no chains/);
    expect(() => summariseDraws([new Float64Array(0)])).toThrow(DataError);
  });

  it("rejects probabilities outside [0, 1]", () => {
    expect(() => essQuantile([f([1, 2, 3, 4])], 1.5)).toThrow(RangeError);
    expect(() => quantileSorted(f([1, 2]), -0.1)).toThrow(RangeError);
  });
});

describe("type-7 quantiles", () => {
  it("match R's quantile() on small examples", () => {
    const x = f([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(quantileSorted(x, 0.05)).toBeCloseTo(1.45, 14);
    expect(quantileSorted(x, 0.5)).toBe(5.5);
    expect(quantileSorted(x, 0)).toBe(1);
    expect(quantileSorted(x, 1)).toBe(10);
    expect(quantile7([3, 1, 2], 0.25)).toBe(1.5);
  });
});
