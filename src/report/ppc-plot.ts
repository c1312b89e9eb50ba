// Posterior predictive check plot (bayesplot's ppc_stat): histogram of the statistic over the
// replicated data sets, the observed value as a vertical line, the p-value in the title.

import type { PpcCheck } from "../posterior/ppc.js";
import { formatNumber } from "./format.js";
import { axesSvg, coord, createFrame, escapeXml, finiteExtent, svgDocument, titleSvg, verticalLine, type Frame } from "./svg.js";
import type { PlotSize } from "./trace-plot.js";

type PpcPlotCheck = Pick<PpcCheck, "statistic" | "response" | "observed" | "replicated" | "pValue" | "flagged"> & { calibratedPValue?: number };

/** The p-value as printed: three decimals, "<0.001" below that. */
function formatP(p: number): string {
  if (!Number.isFinite(p)) return "NA";
  return p < 0.001 ? "<0.001" : p.toFixed(3);
}

/**
 * Bin edges fitted to the replicated values: one bin per value when they are few distinct
 * integers (counts, a max, a number of zeros), else about sqrt(n) equal bins (10 to 40) over
 * their range, so the histogram's shape shows however far the observed value lies.
 */
export function ppcBinEdges(values: ArrayLike<number>): number[] {
  const finiteValues: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finiteValues.push(values[i]);
  if (finiteValues.length === 0) return [0, 1];
  const [lo, hi] = finiteExtent([finiteValues]);
  if (finiteValues.every(Number.isInteger) && hi - lo <= 40) {
    return Array.from({ length: hi - lo + 2 }, (_, i) => lo - 0.5 + i);
  }
  if (!(hi > lo)) return [lo - 0.5, lo + 0.5];
  const bins = Math.max(10, Math.min(40, Math.ceil(Math.sqrt(finiteValues.length))));
  return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + ((hi - lo) * i) / bins));
}

/**
 * The x range: the bins, widened to take in the observed value unless it lies more than one
 * bin-range away, where including it would squeeze the histogram into a few pixels; then
 * the observed value is marked by an arrow at the edge instead (observedMarker).
 */
function observedWindow(lo: number, hi: number, observed: number): [number, number] {
  if (!Number.isFinite(observed)) return [lo, hi];
  const width = hi - lo;
  if (observed >= lo - width && observed <= hi + width) return [Math.min(lo, observed), Math.max(hi, observed)];
  return observed > hi ? [lo, hi + 0.15 * width] : [lo - 0.15 * width, hi];
}

/** A vertical line at the observed value, or an arrow with the value at the edge it lies beyond. */
function observedMarker(frame: Frame, observed: number): string {
  if (!Number.isFinite(observed)) return "";
  const [d0, d1] = frame.x.domain();
  if (observed >= d0 && observed <= d1) return verticalLine(frame, observed, "#000", "observed");
  const right = observed > d1;
  const px = frame.x(right ? d1 : d0) + (right ? -4 : 4);
  const py = frame.margin.top + 14;
  const label = `observed ${formatNumber(observed)} ${right ? "\u2192" : ""}`.trim();
  const text = right ? label : `\u2190 observed ${formatNumber(observed)}`;
  return `<text class="observed" x="${coord(px)}" y="${coord(py)}" text-anchor="${right ? "end" : "start"}" fill="#000">${escapeXml(text)}</text>`;
}

/**
 * SVG histogram of one check's replicated statistic with the observed value marked.
 *
 * @example
 * ```ts
 * const { checks } = ppc(result, "prop_zero");
 * writeFileSync("ppc.svg", ppcPlotSvg(checks[0]));
 * ```
 */
export function ppcPlotSvg(check: PpcPlotCheck, opts: PlotSize = {}): string {
  const rep = check.replicated;
  const edges = ppcBinEdges(rep);
  const [lo, hi] = observedWindow(edges[0], edges[edges.length - 1], check.observed);
  const frame = createFrame({ width: opts.width ?? 320, height: opts.height ?? 190, xDomain: [lo, hi], yDomain: [0, 1] });
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
  const observed = observedMarker(frame, check.observed);
  const calibrated = check.calibratedPValue === undefined ? "" : `, calibrated ${formatP(check.calibratedPValue)}`;
  const title = `${check.response} ${check.statistic}: p = ${formatP(check.pValue)}${calibrated}${check.flagged ? " (flagged)" : ""}`;
  const body =
    axesSvg(frame, { xLabel: `${check.statistic} of replicated data (line: observed)`, yLabel: "replicates" }) +
    titleSvg(frame, title, check.flagged ? "#b00020" : "#000") +
    bars +
    observed;
  return svgDocument(frame, `posterior predictive check: ${check.response} ${check.statistic}`, body);
}
