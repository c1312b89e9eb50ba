// The HTML report from a synthetic summary and draws: self-contained and well-formed, flagged
// rows highlighted, one plot section per parameter with draws, PPC section, small size.

import { describe, expect, it } from "vitest";
import type { Summary, SummaryRow } from "../../src/posterior/summary.js";
import { buildHtmlReport, type ReportDraws } from "../../src/report/html-report.js";
import { isFlaggedRow } from "../../src/report/html-table.js";
import { checkMarkup, pathPoints, seriesPaths, svgBlocks } from "./markup.js";

function row(name: string, over: Partial<SummaryRow> = {}): SummaryRow {
  return {
    name, mean: 1, sd: 0.1, q2_5: 0.8, q50: 1, q97_5: 1.2, hpd_lower: 0.81, hpd_upper: 1.19,
    ess_bulk: 900, ess_tail: 800, rhat: 1.001, mcse_mean: 0.003, mcse_q2_5: 0.01, mcse_q97_5: 0.01, ...over,
  };
}

function summaryOf(rows: { fixed: SummaryRow[]; covariances: SummaryRow[]; derived?: SummaryRow[] }, chains: number): Summary {
  return {
    fixed: rows.fixed, covariances: rows.covariances, cutpoints: [], derived: rows.derived ?? [], dic: 123.456,
    settings: { nitt: 13000, burnin: 3000, thin: 10, chains, seed: 1 },
    timing: { seconds: 2.5, chain_seconds: Array(chains).fill(2), seconds_per_1000_iterations: Array(chains).fill(0.15), min_ess_bulk_per_second: 40 },
    complete: true, warnings: [],
  };
}

function drawsOf(names: string[], chains: number, n: number): ReportDraws {
  return {
    parameters: names,
    chains: names.map((name, p) =>
      Array.from({ length: chains }, (_, c) =>
        name === "units" ? new Float64Array(n).fill(1) : Float64Array.from({ length: n }, (_, i) => p + Math.sin(0.3 * i + c) + 0.2 * Math.cos(2.1 * i))),
    ),
  };
}

const NAMES = ["(Intercept)", "a<b & c", "traittarsus:traittarsus.animal", "units"];

function report(n = 300, chains = 4): { html: string; summary: Summary } {
  const summary = summaryOf({
    fixed: [row("(Intercept)", { pMCMC: 0.0005 }), row("a<b & c", { rhat: 1.02 })],
    covariances: [row("traittarsus:traittarsus.animal", { ess_bulk: 350 }), row("units", { sd: 0, rhat: NaN, ess_bulk: NaN, ess_tail: NaN })],
    derived: [row("h2.tarsus")],
  }, chains);
  const html = buildHtmlReport({
    summary,
    draws: drawsOf(NAMES, chains, n),
    model: { fixed: "cbind(tarsus, back) ~ trait:sex - 1", random: "~us(trait):animal", family: ["gaussian", "gaussian"] },
    ppc: { nsim: 200, checks: [{ statistic: "mean", response: "tarsus", observed: 0.3, replicated: Float64Array.from({ length: 200 }, (_, i) => Math.sin(i)), pValue: 0.31, flagged: false, verdict: "tarsus mean: fine" }] },
  });
  return { html, summary };
}

describe("buildHtmlReport", () => {
  it("is one well-formed, self-contained HTML document", () => {
    const { html } = report();
    expect(checkMarkup(html, { html: true }).errors).toEqual([]);
    for (const svg of svgBlocks(html)) expect(checkMarkup(svg).errors).toEqual([]);
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(|NaN|Infinity/);
    expect(html.match(/https?:\/\/[^"]*/g) ?? []).toEqual(Array(svgBlocks(html).length).fill("http://www.w3.org/2000/svg"));
  });

  it("has the model, settings and the summary columns in its header and table", () => {
    const { html } = report();
    expect(html).toContain("cbind(tarsus, back) ~ trait:sex - 1");
    expect(html).toContain("gaussian, gaussian");
    expect(html).toContain("~units"); // the default rcov
    expect(html).toContain("nitt = 13000, burnin = 3000, thin = 10, chains = 4, seed = 1");
    for (const col of ["post.mean", "l-95% HPD", "u-95% HPD", "ESS bulk", "ESS tail", "R-hat", "MCSE", "pMCMC"]) expect(html).toContain(`>${col}<`);
    expect(html).toContain("<td>&lt;0.001</td>");
  });

  it("highlights rows with R-hat >= 1.01 or bulk-ESS < 100 per chain, and no others", () => {
    const { html } = report();
    const flagged = [...html.matchAll(/<tr class="flagged"><th scope="row"><a href="#p\d+">([^<]*)<\/a>/g)].map((m) => m[1]);
    expect(flagged).toEqual(["a&lt;b &amp; c", "traittarsus:traittarsus.animal"]);
    expect(isFlaggedRow({ rhat: 1.009, ess_bulk: 400 }, 4)).toBe(false);
    expect(isFlaggedRow({ rhat: 1.01, ess_bulk: 4000 }, 4)).toBe(true);
    expect(isFlaggedRow({ rhat: 1.0, ess_bulk: 399 }, 4)).toBe(true);
    // a constant parameter (NaN in a Summary, null in summary.json) is not flagged
    expect(isFlaggedRow({ rhat: NaN, ess_bulk: NaN }, 4)).toBe(false);
    expect(isFlaggedRow({ rhat: null, ess_bulk: null } as unknown as SummaryRow, 4)).toBe(false);
    expect(html).toMatch(/<h3 class="flagged">a&lt;b &amp; c<\/h3>/);
    expect(html).toMatch(/<h3>\(Intercept\)<\/h3>/);
  });

  it("has trace, density and rank plots for each parameter with draws, and the PPC", () => {
    const { html } = report();
    const sections = [...html.matchAll(/<section id="(p\d+)"><h3[^>]*>([^<]*)<\/h3>/g)].map((m) => m[2]);
    expect(sections).toEqual(["(Intercept)", "a&lt;b &amp; c", "traittarsus:traittarsus.animal", "units"]);
    // the derived quantity has no draws in draws.csv: a table row, no link, no plots
    expect(html).toContain('<th scope="row">h2.tarsus</th>');
    const svgs = svgBlocks(html);
    expect(svgs).toHaveLength(3 * NAMES.length + 1);
    // 4 chains: four lines in every trace, density and rank plot of a varying parameter
    for (const svg of svgs.slice(0, 9)) expect(seriesPaths(svg)).toHaveLength(4);
    expect(html).toContain("tarsus mean: p = 0.310");
    expect(html).toContain("Posterior predictive checks");
  });

  it("thins long traces and says so, keeping the file small", () => {
    const { html } = report(20_000);
    expect(html).toContain("Trace plots show 500 of the 20000 draws per chain");
    const traces = svgBlocks(html).filter((s) => s.includes("<title>trace of"));
    for (const svg of traces) for (const d of seriesPaths(svg)) expect(pathPoints(d)).toBe(500);
    expect(html.length).toBeLessThan(300_000);
    expect(report(300).html).not.toContain("Trace plots show");
  });

  it("without draws has the table and no plots; marks an incomplete run", () => {
    const { summary } = report();
    const html = buildHtmlReport({ summary: { ...summary, complete: false } });
    expect(checkMarkup(html, { html: true }).errors).toEqual([]);
    expect(svgBlocks(html)).toHaveLength(0);
    expect(html).toContain("incomplete");
    expect(html).toContain('<th scope="row">(Intercept)</th>');
  });
});
