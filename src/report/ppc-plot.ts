// Posterior predictive check plot (bayesplot's ppc_stat): histogram of the statistic over the
// replicated data sets, the observed value as a vertical line, the p-value in the title.

import type { PpcCheck } from "../posterior/ppc.js";
import { axesSvg, coord, createFrame, finiteExtent, svgDocument, titleSvg, verticalLine } from "./svg.js";
import type { PlotSize } from "./trace-plot.js";

type PpcPlotCheck = Pick<PpcCheck, "statistic" | "response" | "observed" | "replicated" | "pValue" | "flagged"> & { calibratedPValue?: number };

/** The p-value as printed: three decimals, "<0.001" below that. */
function formatP(p: number): string {
  if (!Number.isFinite(p)) return "NA";
  return p < 0.001 ? "<0.001" : p.toFixed(3);
}

/** SVG histogram of one check's replicated statistic with the observed value marked. */
export function ppcPlotSvg(check: PpcPlotCheck, opts: PlotSize = {}): string {
  const rep = check.replicated;
  const [lo, hi] = finiteExtent([rep, [check.observed]]);
  const frame = createFrame({ width: opts.width ?? 320, height: opts.height ?? 190, xDomain: [lo, hi], yDomain: [0, 1] });
  // bin edges at the scale's nice ticks (about 25), which also span the niced domain
  const [d0, d1] = frame.x.domain();
  const edges = frame.x.ticks(25).filter((t) => t >= d0 && t <= d1);
  if (edges[0] > d0) edges.unshift(d0);
  if (edges[edges.length - 1] < d1) edges.push(d1);
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (let s = 0; s < rep.length; s++) {
    const v = rep[s];
    if (!Number.isFinite(v)) continue;
    let b = 0;
    while (b < counts.length - 1 && v >= edges[b + 1]) b++;
    counts[b]++;
  }
  frame.y.domain([0, Math.max(1, ...counts)]).nice(4);
  const base = frame.y(0);
  const bars = counts
    .map((count, b) =>
      count === 0
        ? ""
        : `<rect class="bar" x="${coord(frame.x(edges[b]))}" y="${coord(frame.y(count))}" width="${coord(frame.x(edges[b + 1]) - frame.x(edges[b]))}" height="${coord(base - frame.y(count))}" fill="#9ecae1" stroke="#fff" stroke-width="0.5"/>`,
    )
    .join("");
  const observed = Number.isFinite(check.observed) ? verticalLine(frame, check.observed, "#000", "observed") : "";
  const calibrated = check.calibratedPValue === undefined ? "" : `, calibrated ${formatP(check.calibratedPValue)}`;
  const title = `${check.response} ${check.statistic}: p = ${formatP(check.pValue)}${calibrated}${check.flagged ? " (flagged)" : ""}`;
  const body =
    axesSvg(frame, { xLabel: `${check.statistic} of replicated data (line: observed)`, yLabel: "replicates" }) +
    titleSvg(frame, title, check.flagged ? "#b00020" : "#000") +
    bars +
    observed;
  return svgDocument(frame, `posterior predictive check: ${check.response} ${check.statistic}`, body);
}
