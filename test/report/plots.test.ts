// Trace, density, rank and PPC plots: well-formed SVG, one line per chain, escaped names,
// thinning bounds, and no NaN for constant or missing draws.

import { describe, expect, it } from "vitest";
import { densityPlotSvg } from "../../src/report/density-plot.js";
import { ppcPlotSvg } from "../../src/report/ppc-plot.js";
import { rankCounts, rankPlotSvg } from "../../src/report/rank-plot.js";
import { DEFAULT_TRACE_POINTS, tracePlotSvg } from "../../src/report/trace-plot.js";
import { checkMarkup, pathPoints, seriesPaths } from "./markup.js";

/** Deterministic, autocorrelated draws: chain c shifted by `shift[c]`. */
function chainsOf(n: number, shift: readonly number[]): Float64Array[] {
  return shift.map((s, c) => Float64Array.from({ length: n }, (_, i) => s + Math.sin(0.37 * i + c) + 0.3 * Math.cos(1.7 * i + 2 * c)));
}

const NAMES = ["traittarsus:traittarsus.animal", "(Intercept)", "a<b & c", `x"y'z`];
const PLOTS = {
  trace: (name: string, chains: Float64Array[]) => tracePlotSvg(name, chains),
  density: (name: string, chains: Float64Array[]) => densityPlotSvg(name, chains),
  rank: (name: string, chains: Float64Array[]) => rankPlotSvg(name, chains),
};

describe.each(Object.entries(PLOTS))("%s plot", (kind, plot) => {
  it("is well-formed SVG with one line per chain", () => {
    for (const chains of [1, 3, 4, 9]) {
      const svg = plot("mu", chainsOf(400, Array.from({ length: chains }, (_, c) => c / 4)));
      expect(checkMarkup(svg).errors).toEqual([]);
      expect(seriesPaths(svg)).toHaveLength(chains);
      expect(svg).not.toMatch(/NaN|Infinity/);
    }
  });

  it("escapes parameter names", () => {
    for (const name of NAMES) {
      const svg = plot(name, chainsOf(50, [0, 1]));
      expect(checkMarkup(svg).errors).toEqual([]);
      expect(svg).toContain(`<title>${kind === "rank" ? "rank plot" : kind} of ${name.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;")}</title>`);
    }
    expect(plot("a<b & c", chainsOf(50, [0]))).not.toContain("a<b");
  });

  it("draws constant draws (a variance fixed by the prior) without NaN", () => {
    const fixed = [0, 1, 2].map(() => new Float64Array(200).fill(1));
    const zero = [0, 1].map(() => new Float64Array(200));
    for (const chains of [fixed, zero]) {
      const svg = plot("units", chains);
      expect(checkMarkup(svg).errors).toEqual([]);
      expect(svg).not.toMatch(/NaN|Infinity/);
    }
  });

  it("skips NaN and infinite draws instead of writing them", () => {
    const chains = chainsOf(100, [0, 0.5]);
    chains[0][10] = NaN;
    chains[1][20] = Infinity;
    const svg = plot("v", chains);
    expect(checkMarkup(svg).errors).toEqual([]);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
});

describe("trace plot thinning", () => {
  it("draws at most maxPoints per chain and all of a short chain", () => {
    const long = tracePlotSvg("mu", chainsOf(25_000, [0, 1, 2, 3]));
    for (const d of seriesPaths(long)) {
      expect(pathPoints(d)).toBe(DEFAULT_TRACE_POINTS);
    }
    expect(DEFAULT_TRACE_POINTS).toBe(500);
    // about 12 bytes a point, whatever the length of the chains
    expect(long.length).toBeLessThan(4 * DEFAULT_TRACE_POINTS * 13 + 5000);
    const capped = tracePlotSvg("mu", chainsOf(25_000, [0]), { maxPoints: 100 });
    expect(pathPoints(seriesPaths(capped)[0])).toBeLessThanOrEqual(100);
    const short = tracePlotSvg("mu", chainsOf(DEFAULT_TRACE_POINTS, [0, 1]));
    for (const d of seriesPaths(short)) expect(pathPoints(d)).toBe(DEFAULT_TRACE_POINTS);
  });
});

describe("rank plot", () => {
  it("counts every draw once and shows a stuck chain at one end", () => {
    const chains = chainsOf(500, [0, 0, 0, 5]);
    const counts = rankCounts(chains, 20);
    for (const perChain of counts) expect(perChain.reduce((a, b) => a + b, 0)).toBe(500);
    // the shifted chain holds the top quarter of the ranks: bins 15..19
    expect(counts[3].slice(0, 15).every((k) => k === 0)).toBe(true);
    expect(counts[3].slice(15).reduce((a, b) => a + b, 0)).toBe(500);
  });

  it("uses fewer bins for short chains so each expects five draws", () => {
    const svg = rankPlotSvg("mu", chainsOf(30, [0, 1]));
    // 30 draws per chain -> 6 bins -> 12 corners per step line
    for (const d of seriesPaths(svg)) expect(pathPoints(d)).toBe(12);
  });
});

describe("ppc plot", () => {
  const replicated = Float64Array.from({ length: 500 }, (_, i) => 5 + 2 * Math.sin(i));
  it("shows the histogram, the observed value and the p-value", () => {
    const svg = ppcPlotSvg({ statistic: "sd", response: "y", observed: 6.5, replicated, pValue: 0.04, flagged: true });
    expect(checkMarkup(svg).errors).toEqual([]);
    expect(svg).toContain("y sd: p = 0.040 (flagged)");
    expect(svg).toContain('class="observed"');
    expect((svg.match(/<rect class="bar"/g) ?? []).length).toBeGreaterThan(5);
    expect(svg).not.toMatch(/NaN|Infinity/);
    const calibrated = ppcPlotSvg({ statistic: "prop_zero", response: "TICKS", observed: 0.31, replicated, pValue: 0.072, flagged: true, calibratedPValue: 0.01 });
    expect(calibrated).toContain("TICKS prop_zero: p = 0.072, calibrated 0.010 (flagged)");
  });

  it("escapes statistic names and copes with constant replicates and tiny p", () => {
    const svg = ppcPlotSvg({ statistic: "prop(y<1) & max", response: "a&b", observed: 0, replicated: new Float64Array(100).fill(0.25), pValue: 0.0001, flagged: true });
    expect(checkMarkup(svg).errors).toEqual([]);
    expect(svg).toContain("a&amp;b prop(y&lt;1) &amp; max: p = &lt;0.001");
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
});
