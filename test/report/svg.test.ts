// SVG primitives, thinning and the kernel density: escaping, safe domains, well-formed axes,
// the thinning bounds (property test) and the density against known values.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { binnedDensity, densityGrid, silvermanBandwidth } from "../../src/report/density.js";
import { axesSvg, coord, createFrame, escapeXml, finiteExtent, safeDomain, svgDocument } from "../../src/report/svg.js";
import { thinIndices } from "../../src/report/thin.js";
import { checkMarkup } from "./markup.js";

describe("svg primitives", () => {
  it("escapes the characters that break XML and HTML", () => {
    expect(escapeXml(`a<b & "c" 'd'>`)).toBe("a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
    expect(escapeXml("traittarsus:traittarsus.animal")).toBe("traittarsus:traittarsus.animal");
  });

  it("refuses non-finite coordinates and rounds to a tenth", () => {
    expect(coord(12.345)).toBe("12.3");
    expect(coord(-0.04)).toBe("0");
    expect(() => coord(NaN)).toThrow(/not finite/);
    expect(() => coord(Infinity)).toThrow(/not finite/);
  });

  it("widens empty and non-finite domains", () => {
    expect(safeDomain(2, 2)).toEqual([1.8, 2.2]);
    expect(safeDomain(0, 0)).toEqual([-1, 1]);
    expect(safeDomain(NaN, 1)).toEqual([0, 1]);
    expect(finiteExtent([[NaN, 3, -Infinity], Float64Array.of(1, 5)])).toEqual([1, 5]);
    expect(finiteExtent([[NaN]]).every(Number.isNaN)).toBe(true);
  });

  it("draws well-formed axes with nice ticks inside the frame", () => {
    const frame = createFrame({ width: 300, height: 150, xDomain: [0.013, 0.987], yDomain: [5, 5] });
    const svg = svgDocument(frame, "a<b", axesSvg(frame, { xLabel: "x & y", yLabel: "count" }));
    expect(checkMarkup(svg).errors).toEqual([]);
    expect(frame.x.domain()).toEqual([0, 1]);
    expect(svg).toContain(">0.2<");
    expect(svg).toContain("x &amp; y");
    expect(svg).toContain('aria-label="a&lt;b"');
  });
});

describe("thinIndices", () => {
  it("keeps all of a short chain, else exactly maxPoints evenly spaced indices from first to last", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 2, max: 2_000 }), (n, max) => {
        const idx = thinIndices(n, max);
        if (n <= max) {
          expect(idx).toEqual(Array.from({ length: n }, (_, i) => i));
          return;
        }
        expect(idx).toHaveLength(max);
        expect(idx[0]).toBe(0);
        expect(idx[max - 1]).toBe(n - 1);
        // strictly increasing, with gaps of floor or ceil of (n - 1) / (max - 1)
        const gaps = idx.slice(1).map((v, i) => v - idx[i]);
        const step = (n - 1) / (max - 1);
        for (const g of gaps) expect(g === Math.floor(step) || g === Math.ceil(step)).toBe(true);
        expect(Math.min(...gaps)).toBeGreaterThan(0);
      }),
      { seed: 7, numRuns: 200 },
    );
    expect(() => thinIndices(10, 1)).toThrow(RangeError);
  });
});

describe("kernel density", () => {
  it("uses Silverman's rule as R's bw.nrd0", () => {
    // bw.nrd0(1:10): sd = sqrt(55/6) < IQR/1.34 = 4.5/1.34
    expect(silvermanBandwidth(Array.from({ length: 10 }, (_, i) => i + 1))).toBeCloseTo(0.9 * Math.sqrt(55 / 6) * 10 ** -0.2, 12);
    // zero IQR falls back to the sd; constant values to |x|; one value has none
    expect(silvermanBandwidth([1, 1, 1, 1, 5])).toBeCloseTo(0.9 * Math.sqrt(3.2) * 5 ** -0.2, 12);
    expect(silvermanBandwidth([2, 2, 2])).toBeCloseTo(0.9 * 2 * 3 ** -0.2, 12);
    expect(silvermanBandwidth([NaN, 1])).toBeNaN();
  });

  it("integrates to about one and peaks at the mode", () => {
    // a deterministic standard logistic sample: its quantiles at evenly spaced probabilities
    const n = 4000;
    const x = Array.from({ length: n }, (_, i) => Math.log((i + 0.5) / (n - i - 0.5)));
    const grid = densityGrid(-12, 12, 200);
    const d = binnedDensity(x, -12, 12, 200, silvermanBandwidth(x));
    const step = grid[1] - grid[0];
    expect(d.reduce((a, b) => a + b, 0) * step).toBeCloseTo(1, 2);
    const peak = grid[d.indexOf(Math.max(...d))];
    expect(Math.abs(peak)).toBeLessThan(0.2);
    // logistic density at 0 is 1/4; smoothing lowers it a little
    expect(Math.max(...d)).toBeGreaterThan(0.22);
    expect(Math.max(...d)).toBeLessThan(0.25);
    expect(() => binnedDensity(x, 1, 1, 200, 0.1)).toThrow(RangeError);
  });
});
