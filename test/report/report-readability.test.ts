// What makes the report read well, checked on the SVG/HTML strings: one number format, tick
// labels that fit, scientific ticks for 1e5-scale values, a labelled density axis, rank
// plots spanning exactly the draws, PPC bins fitted to the replicates, mirror covariances
// plotted once, derived quantities plotted, and the sampler block.
import { describe, expect, it } from "vitest";
import type { Summary, SummaryRow } from "../../src/posterior/summary.js";
import { densityPlotSvg } from "../../src/report/density-plot.js";
import { formatNumber, formatTicks } from "../../src/report/format.js";
import { buildHtmlReport } from "../../src/report/html-report.js";
import { isMirrorName, mirroredCovariances } from "../../src/report/plot-selection.js";
import { ppcBinEdges, ppcPlotSvg } from "../../src/report/ppc-plot.js";
import { rankPlotSvg } from "../../src/report/rank-plot.js";
import { samplerTableHtml } from "../../src/report/sampler-table.js";
import { axesSvg, createFrame } from "../../src/report/svg.js";
import { tracePlotSvg } from "../../src/report/trace-plot.js";

const tickLabels = (svg: string) => [...svg.matchAll(/<text class="tl" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), text: m[3] }));

function wave(n: number, centre: number, spread: number, phase = 0): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => centre + spread * Math.sin(0.37 * i + phase) * Math.cos(0.11 * i));
}

describe("number format", () => {
  it("is plain in [1e-3, 1e5) and scientific outside, in tables and ticks alike", () => {
    expect(formatNumber(1.5)).toBe("1.500");
    expect(formatNumber(123456)).toBe("1.235e5");
    expect(formatNumber(0.000123)).toBe("1.230e-4");
    expect(formatNumber(Number.NaN)).toBe("NA");
    expect(formatTicks([0, 50000, 100000, 150000])).toEqual(["0", "5e4", "1e5", "1.5e5"]);
    expect(formatTicks([0, 0.25, 0.5])).toEqual(["0.00", "0.25", "0.50"]);
    expect(formatTicks([-1, -0.5, 0, 0.5])).toEqual(["-1.0", "-0.5", "0.0", "0.5"]);
    expect(formatTicks([1e-4, 2e-4, 3e-4])).toEqual(["1e-4", "2e-4", "3e-4"]);
  });

  it("never lets x tick labels run together, even with long labels in a narrow plot", () => {
    for (const [lo, hi] of [[123456, 987654], [1, 2], [0.000123, 0.000987], [-3.3e7, 4.4e7], [1000.5, 1001.7]]) {
      for (const width of [160, 320]) {
        const frame = createFrame({ width, height: 120, xDomain: [lo, hi], yDomain: [0, 1] });
        const labels = tickLabels(axesSvg(frame)).filter((l) => l.y > 100);
        expect(labels.length).toBeGreaterThanOrEqual(2);
        for (let i = 1; i < labels.length; i++) {
          const gap = labels[i].x - labels[i - 1].x;
          // 10px font: about 6px per character
          expect(gap, `${labels[i - 1].text} / ${labels[i].text}`).toBeGreaterThan(3 * (labels[i].text.length + labels[i - 1].text.length) + 4);
        }
        if (hi > 1e5) expect(labels.every((l) => l.text === "0" || /e/.test(l.text))).toBe(true);
      }
    }
  });

  it("labels the density plot's y-axis with its values", () => {
    const svg = densityPlotSvg("x", [wave(400, 2e5, 3e4), wave(400, 2e5, 3e4, 1)]);
    expect(svg).toContain(">density</text>");
    const yLabels = tickLabels(svg).filter((l) => l.x < 48);
    expect(yLabels.length).toBeGreaterThanOrEqual(2);
    expect(yLabels.every((l) => /e-/.test(l.text) || l.text === "0")).toBe(true);
  });
});

describe("rank and trace axes", () => {
  it("the rank plot's x axis ends at the number of draws, not at a rounded-up value", () => {
    const svg = rankPlotSvg("x", [wave(837, 0, 1), wave(837, 0, 1, 2)]);
    const box = /<rect class="box"[^>]*x="([\d.]+)"[^>]*width="([\d.]+)"/.exec(svg)!;
    const paths = [...svg.matchAll(/<path class="series" d="M([\d.]+),[\d.]+[^"]*?L?([\d.]+),[\d.]+"/g)];
    expect(paths).toHaveLength(2);
    const right = Number(box[1]) + Number(box[2]);
    for (const p of paths) expect(Math.abs(Number(p[2]) - right)).toBeLessThanOrEqual(0.2);
  });

  it("trace plots of 1e5-scale draws use scientific y ticks", () => {
    const labels = tickLabels(tracePlotSvg("x", [wave(300, 1.5e5, 4e4)])).filter((l) => l.x < 48);
    expect(labels.some((l) => /e5$/.test(l.text))).toBe(true);
  });
});

describe("PPC histogram", () => {
  it("gives few distinct integers (a max) one bar each, and continuous values 10 to 40 bins over their range", () => {
    const maxima = Float64Array.from({ length: 500 }, (_, i) => 25 + (i % 7));
    expect(ppcBinEdges(maxima)).toEqual([24.5, 25.5, 26.5, 27.5, 28.5, 29.5, 30.5, 31.5]);
    const means = wave(500, 3.2, 0.3);
    const edges = ppcBinEdges(means);
    expect(edges.length - 1).toBeGreaterThanOrEqual(10);
    expect(edges.length - 1).toBeLessThanOrEqual(40);
    expect(edges[0]).toBe(Math.min(...means));
    expect(edges[edges.length - 1]).toBe(Math.max(...means));
  });

  it("keeps the bars readable when the observed value is far away, and says where it is", () => {
    const maxima = Float64Array.from({ length: 500 }, (_, i) => 25 + (i % 7));
    const svg = ppcPlotSvg({ statistic: "max", response: "y", observed: 85, replicated: maxima, pValue: 0, flagged: true });
    const widths = [...svg.matchAll(/<rect class="bar"[^>]* width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(7);
    for (const w of widths) expect(w).toBeGreaterThan(20);
    expect(svg).toMatch(/observed 85\.00 →/);
    const near = ppcPlotSvg({ statistic: "max", response: "y", observed: 30, replicated: maxima, pValue: 0.2, flagged: false });
    expect(near).toContain('class="observed"');
  });
});

function row(name: string, mean = 1): SummaryRow {
  return { name, mean, sd: 0.1, q2_5: 0.8, q50: 1, q97_5: 1.2, hpd_lower: 0.8, hpd_upper: 1.2, ess_bulk: 900, ess_tail: 800, rhat: 1.001, mcse_mean: 0.003, mcse_q2_5: 0.01, mcse_q97_5: 0.01 };
}

describe("report contents", () => {
  const cov = ["(Intercept):(Intercept).Subject", "Days:(Intercept).Subject", "(Intercept):Days.Subject", "Days:Days.Subject", "units"];
  const draws = cov.map((_, p) => [wave(200, p === 1 || p === 2 ? 5 : p, 1), wave(200, p === 1 || p === 2 ? 5 : p, 1, 1)]);
  const summary: Summary = {
    fixed: [row("(Intercept)")], covariances: cov.map((n) => row(n)), cutpoints: [], derived: [row("cor.Subject.(Intercept).Days")], dic: null,
    settings: { nitt: 1000, burnin: 0, thin: 5, chains: 2, seed: 1 },
    timing: { seconds: 1, chain_seconds: [1, 1], seconds_per_1000_iterations: [1, 1], min_ess_bulk_per_second: 1 }, complete: true, warnings: [],
    sampler: [{ kernel: "latent poisson (MH)", acceptance: 0.44, steps: 1000 }, { kernel: "corg units", acceptance: 0.03, steps: 1000 }],
  };
  const input = { summary, draws: { parameters: ["(Intercept)", ...cov, "cor.Subject.(Intercept).Days"], chains: [[wave(200, 0, 1), wave(200, 0, 1, 2)], ...draws, [wave(200, 0.2, 0.1), wave(200, 0.2, 0.1, 3)]] } };
  const html = buildHtmlReport(input);

  it("recognises the mirror entries of a symmetric matrix and plots them once", () => {
    expect(isMirrorName("Days:(Intercept).Subject", "(Intercept):Days.Subject")).toBe(true);
    expect(isMirrorName("traitback:traittarsus.animal", "traittarsus:traitback.animal")).toBe(true);
    expect(isMirrorName("Days:Days.Subject", "Days:Days.Subject")).toBe(false);
    expect(isMirrorName("a:b.animal", "b:a.units")).toBe(false);
    const byName = new Map(input.draws.parameters.map((n, p) => [n, input.draws.chains[p]]));
    expect([...mirroredCovariances(cov, (n) => byName.get(n))]).toEqual([["(Intercept):Days.Subject", "Days:(Intercept).Subject"]]);
    const sections = [...html.matchAll(/<section id="(p\d+)"><h3[^>]*>([^<]*)/g)].map((m) => m[2]);
    expect(sections).toEqual(["(Intercept)", "(Intercept):(Intercept).Subject", "Days:(Intercept).Subject ", "Days:Days.Subject", "units", "cor.Subject.(Intercept).Days"]);
    // both table rows link to the one plot section
    const link = (n: string) => new RegExp(`<a href="#(p\\d+)">${n.replace(/[().]/g, "\\$&")}</a>`).exec(html)![1];
    expect(link("(Intercept):Days.Subject")).toBe(link("Days:(Intercept).Subject"));
  });

  it("plots derived quantities that have draws", () => {
    expect(html).toContain('aria-label="trace of cor.Subject.(Intercept).Days"');
  });

  it("shows the sampler block with each kernel's acceptance, highlighting the implausible ones", () => {
    expect(html).toContain("<h2>Sampler</h2>");
    expect(html).toMatch(/<tr><th scope="row">latent poisson \(MH\)<\/th><td>0\.440<\/td><td>1000<\/td><\/tr>/);
    expect(html).toMatch(/<tr class="flagged"><th scope="row">corg units<\/th><td>0\.0300<\/td>/);
    expect(samplerTableHtml({})).toBe("");
  });
});
