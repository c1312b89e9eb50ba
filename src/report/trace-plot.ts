// Trace plot: each chain's draws against the draw number, one coloured line per chain
// (MCMCglmm's plot(), bayesplot's mcmc_trace). Long chains are thinned for drawing (thin.ts).

import { axesSvg, chainColour, createFrame, finiteExtent, polylinePath, svgDocument, titleSvg } from "./svg.js";
import { thinIndices } from "./thin.js";

export interface PlotSize {
  width?: number;
  height?: number;
}

export interface TracePlotOptions extends PlotSize {
  /** Most points drawn per chain (default DEFAULT_TRACE_POINTS). */
  maxPoints?: number;
}

/**
 * About two points per pixel of the default 254-pixel-wide plotting area: more draw nothing
 * new on screen but cost about 11 bytes each per chain (1000 would double the traces' share
 * of report.html, which is most of it).
 */
export const DEFAULT_TRACE_POINTS = 500;

/**
 * SVG trace plot of one parameter; `chains[c]` holds chain c's draws in order.
 *
 * @example
 * ```ts
 * writeFileSync("trace.svg", tracePlotSvg("units", result.draws["units"]));
 * ```
 */
export function tracePlotSvg(name: string, chains: readonly ArrayLike<number>[], opts: TracePlotOptions = {}): string {
  const n = Math.max(0, ...chains.map((c) => c.length));
  // the y range comes from all draws, so a spike dropped by thinning still sets the axis
  const frame = createFrame({
    width: opts.width ?? 320,
    height: opts.height ?? 170,
    xDomain: [1, Math.max(2, n)],
    yDomain: finiteExtent(chains),
  });
  const paths = chains.map((draws, c) => {
    const keep = thinIndices(draws.length, opts.maxPoints ?? DEFAULT_TRACE_POINTS);
    return polylinePath(frame, keep.map((i) => i + 1), keep.map((i) => draws[i]), chainColour(c));
  });
  const body = axesSvg(frame, { xLabel: "draw" }) + titleSvg(frame, "trace") + paths.join("");
  return svgDocument(frame, `trace of ${name}`, body);
}
