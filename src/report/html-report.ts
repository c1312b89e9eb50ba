// The HTML report: one self-contained file (inline CSS and SVG, no scripts, no external
// assets) with the model and settings, the summary table, per-parameter trace, density and
// rank plots, and optionally the posterior predictive checks. It holds no timestamp, so the
// same fit gives the same file byte for byte.

import type { ModelSpec } from "../models/types.js";
import type { ConditionalEffects } from "../posterior/effects.js";
import type { PpcResult } from "../posterior/ppc.js";
import { effectsPlotSvg } from "./effects-plot.js";
import type { Summary, SummaryRow } from "../posterior/summary.js";
import { densityPlotSvg } from "./density-plot.js";
import { formatNumber, isFlaggedRow, summaryTableHtml } from "./html-table.js";
import { mirroredCovariances } from "./plot-selection.js";
import { ppcPlotSvg } from "./ppc-plot.js";
import { samplerTableHtml } from "./sampler-table.js";
import { rankPlotSvg } from "./rank-plot.js";
import { chainColour, escapeXml } from "./svg.js";
import { convergenceWarnings } from "./table.js";
import { thinIndices } from "./thin.js";
import { DEFAULT_TRACE_POINTS, tracePlotSvg } from "./trace-plot.js";

/** What the header says about the model (the spec's formulas and family). */
export interface ReportModelInfo {
  fixed: string;
  random?: string;
  rcov?: string;
  family?: string | readonly string[];
}

/**
 * Draws by parameter: `chains[p][c]` holds parameter p's draws in chain c (a DrawsTable fits).
 * Derived quantities (heritabilities, correlations) get plots when their draws are included.
 */
export interface ReportDraws {
  parameters: readonly string[];
  chains: readonly (readonly Float64Array[])[];
}

export interface ReportInput {
  summary: Summary;
  /** Without draws the report has the table but no plots. */
  draws?: ReportDraws;
  model?: ReportModelInfo;
  ppc?: PpcResult;
  /** conditionalEffects() results, each drawn in a "Conditional effects" section. */
  effects?: readonly ConditionalEffects[];
  title?: string;
  /** Most points per chain in a trace plot (default DEFAULT_TRACE_POINTS, 500). */
  maxTracePoints?: number;
}

/**
 * The report header's model information (formulas, family) from a spec.
 *
 * @example
 * ```ts
 * buildHtmlReport({ summary, model: modelInfoFromSpec(readSpecFile("spec.json")) });
 * ```
 */
export function modelInfoFromSpec(spec: Pick<ModelSpec, "fixed" | "random" | "rcov" | "family">): ReportModelInfo {
  return {
    fixed: spec.fixed,
    ...(spec.random ? { random: spec.random } : {}),
    ...(spec.rcov ? { rcov: spec.rcov } : {}),
    ...(spec.family ? { family: spec.family } : {}),
  };
}

const CSS = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5em auto;max-width:1040px;padding:0 1em;color:#222}
h1{font-size:1.5em;margin:0 0 .4em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}
h3{font-size:1em;margin:1.2em 0 .3em;font-family:ui-monospace,monospace}h3.flagged{color:#b00020}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1em;margin:0}
dl.meta dt{color:#555}dl.meta dd{margin:0;font-family:ui-monospace,monospace}
.warn{color:#b00020}
table.summary{border-collapse:collapse;font-size:13px;width:100%}
table.summary th,table.summary td{padding:2px 8px;text-align:right;border-bottom:1px solid #eee}
table.summary th[scope=col]:first-child{text-align:left}
table.summary th[scope=row]{text-align:left;font-family:ui-monospace,monospace;font-weight:normal}
table.summary tr.group th{text-align:left;background:#f4f4f4;font-weight:600}
table.summary tr.flagged{background:#fde0dc}
table.sampler{width:auto;min-width:50%}
.plots{display:flex;flex-wrap:wrap;gap:8px}
svg.plot path.series{stroke-width:1;stroke-opacity:.8}
.legend span{display:inline-block;margin-right:1em}.legend i{display:inline-block;width:1.5em;height:3px;vertical-align:middle;margin-right:.3em}
.note{color:#555;font-size:13px}
`;

function familyText(family: ReportModelInfo["family"]): string {
  if (family === undefined) return "gaussian";
  return typeof family === "string" ? family : family.join(", ");
}

function headerHtml(input: ReportInput, drawsPerChain: number | null): string {
  const { summary } = input;
  const model = input.model ?? summary.model;
  const s = summary.settings;
  const items: [string, string][] = [];
  if (model) {
    items.push(["fixed", model.fixed]);
    if (model.random) items.push(["random", model.random]);
    items.push(["rcov", model.rcov ?? "~units"], ["family", familyText(model.family)]);
  }
  items.push(["settings", `nitt = ${s.nitt}, burnin = ${s.burnin}, thin = ${s.thin}, chains = ${s.chains}, seed = ${s.seed}`]);
  if (drawsPerChain !== null) items.push(["draws", `${drawsPerChain} per chain`]);
  if (typeof summary.dic === "number" && Number.isFinite(summary.dic)) items.push(["DIC", formatNumber(summary.dic, 6)]);
  const t = summary.timing;
  if (t && Number.isFinite(t.seconds)) {
    items.push(["time", `${formatNumber(t.seconds, 3)} s wall; min bulk-ESS per second ${formatNumber(t.min_ess_bulk_per_second)}`]);
  }
  if (summary.convergence) {
    const c = summary.convergence;
    items.push(["target ESS", `${c.targetEss}: ${c.reached ? "reached" : "NOT reached"} after ${c.iterations} iterations per chain`]);
  }
  const meta = items.map(([k, v]) => `<dt>${escapeXml(k)}</dt><dd>${escapeXml(v)}</dd>`).join("");
  const warnings = [...(summary.warnings ?? []), ...convergenceWarnings(summary)];
  const incomplete = summary.complete === false ? `<p class="warn">Sampling was interrupted or a chain failed: these draws are incomplete.</p>` : "";
  const warningList = warnings.length > 0 ? `<ul class="warn">${warnings.map((w) => `<li>${escapeXml(w)}</li>`).join("")}</ul>` : "";
  return `<header><h1>${escapeXml(input.title ?? "mcglmm report")}</h1><dl class="meta">${meta}</dl>${incomplete}${warningList}</header>`;
}

function legendHtml(chains: number): string {
  const items = Array.from({ length: chains }, (_, c) => `<span><i style="background:${chainColour(c)}"></i>chain ${c + 1}</span>`);
  return `<p class="legend">${items.join("")}</p>`;
}

function plotsHtml(
  rows: readonly SummaryRow[],
  draws: ReportDraws,
  chains: number,
  anchors: ReadonlyMap<string, string>,
  mirrors: ReadonlyMap<string, string>,
  maxPoints: number,
): string {
  const index = new Map(draws.parameters.map((name, p) => [name, p]));
  const twinOf = new Map([...mirrors].map(([dup, first]) => [first, dup]));
  return rows
    .filter((r) => anchors.has(r.name) && !mirrors.has(r.name))
    .map((row) => {
      const perChain = draws.chains[index.get(row.name)!];
      const twin = twinOf.get(row.name);
      const title = escapeXml(row.name) + (twin ? ` <span class="note">(= ${escapeXml(twin)})</span>` : "");
      const heading = `<h3${isFlaggedRow(row, chains) ? ' class="flagged"' : ""}>${title}</h3>`;
      const plots = [tracePlotSvg(row.name, perChain, { maxPoints }), densityPlotSvg(row.name, perChain), rankPlotSvg(row.name, perChain)];
      return `<section id="${anchors.get(row.name)}">${heading}<div class="plots">${plots.join("")}</div></section>`;
    })
    .join("");
}

function ppcHtml(ppc: PpcResult): string {
  const plots = ppc.checks.map((check) => ppcPlotSvg(check)).join("");
  const verdicts = ppc.checks.map((c) => `<li${c.flagged ? ' class="warn"' : ""}>${escapeXml(c.verdict)}</li>`).join("");
  return (
    `<h2>Posterior predictive checks</h2><p class="note">${ppc.nsim} replicated data sets. Histogram: the statistic over the ` +
    `replicates; line: its observed value; p = P(T(y<sub>rep</sub>) &gt; T(y)), ties counting half.</p>` +
    `<div class="plots">${plots}</div><ul>${verdicts}</ul>`
  );
}

/**
 * The whole report as one HTML document.
 *
 * @example
 * ```ts
 * const summary = result.summary();
 * writeFileSync("report.html", buildHtmlReport({ summary, draws: { parameters: ["units"], chains: [result.draws["units"]] } }));
 * ```
 */
export function buildHtmlReport(input: ReportInput): string {
  const { summary, draws } = input;
  const model = input.model ?? summary.model;
  const maxPoints = input.maxTracePoints ?? DEFAULT_TRACE_POINTS;
  const chains = draws?.chains[0]?.length ?? summary.settings.chains;
  const drawsPerChain = draws && chains > 0 ? (draws.chains[0]?.[0]?.length ?? 0) : null;
  const rows = [...summary.fixed, ...summary.covariances, ...summary.cutpoints, ...summary.derived];
  // plots for the rows whose draws we have (derived quantities are not in draws.csv); ids by
  // position, since parameter names hold characters that ids and URLs handle badly
  const anchors = new Map<string, string>();
  let mirrors = new Map<string, string>();
  if (draws && drawsPerChain) {
    const present = new Set(draws.parameters);
    rows.forEach((r, i) => { if (present.has(r.name) && !anchors.has(r.name)) anchors.set(r.name, `p${i + 1}`); });
    // a symmetric matrix's mirror entries share one set of plots (the table links both to it)
    const index = new Map(draws.parameters.map((name, p) => [name, p]));
    mirrors = mirroredCovariances(summary.covariances.map((r) => r.name).filter((n) => present.has(n)), (n) => draws.chains[index.get(n)!]);
    for (const [dup, first] of mirrors) anchors.set(dup, anchors.get(first)!);
  }
  const unplottedDerived = summary.derived.filter((r) => !anchors.has(r.name)).length;
  const parts = [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`,
    `<title>${escapeXml(input.title ?? (model ? `mcglmm: ${model.fixed}` : "mcglmm report"))}</title><style>${CSS}</style></head><body>`,
    headerHtml(input, drawsPerChain),
    `<h2>Summary</h2><p class="note">95% HPD intervals; MCSE of the posterior mean. Highlighted: R-hat &gt;= 1.01 or bulk-ESS &lt; 100 per chain.</p>`,
    summaryTableHtml(summary, chains, anchors),
    samplerTableHtml(summary),
  ];
  if (draws && drawsPerChain && anchors.size > 0) {
    const thinned = thinIndices(drawsPerChain, maxPoints).length;
    const thinNote = thinned < drawsPerChain ? ` Trace plots show ${thinned} of the ${drawsPerChain} draws per chain, evenly spaced; densities and ranks use all draws.` : "";
    const mirrorNote = mirrors.size > 0 ? " Each covariance of a symmetric matrix is plotted once (its mirror entry has the same draws)." : "";
    const derivedNote = unplottedDerived > 0 ? ` ${unplottedDerived} derived quantit${unplottedDerived === 1 ? "y has" : "ies have"} no draws here and so no plots (\`mcglmm report DIR --spec spec.json\` recomputes the default ones).` : "";
    parts.push(
      `<h2>Draws</h2><p class="note">Trace, per-chain density (Gaussian kernel, Silverman bandwidth) and rank plot of each parameter: ` +
        `with mixed chains the traces overlap, the densities agree and the rank histograms are flat around the dashed line.${thinNote}${mirrorNote}${derivedNote}</p>`,
      legendHtml(chains),
      plotsHtml(rows, draws, chains, anchors, mirrors, maxPoints),
    );
  }
  if (input.ppc && input.ppc.checks.length > 0) parts.push(ppcHtml(input.ppc));
  if (input.effects && input.effects.length > 0) {
    const plots = input.effects.map((ce) => effectsPlotSvg(ce)).join("");
    parts.push(`<h2>Conditional effects</h2><p class="note">Predicted response with its interval against one predictor, the others at their means or reference levels.</p><div class="plots">${plots}</div>`);
  }
  parts.push("</body></html>\n");
  return parts.join("\n");
}
