// Density plot: each chain's kernel density over a common grid, one line per chain
// (bayesplot's mcmc_dens_overlay); chains that agree draw on top of each other.

import { binnedDensity, densityGrid, silvermanBandwidth } from "./density.js";
import { axesSvg, chainColour, createFrame, finiteExtent, polylinePath, svgDocument, titleSvg, verticalLine } from "./svg.js";
import type { PlotSize } from "./trace-plot.js";

// points per curve: a smooth curve needs no more than one per two pixels, and each costs bytes
const GRID_SIZE = 128;

/**
 * SVG density plot of one parameter, one curve per chain.
 *
 * @example
 * ```ts
 * writeFileSync("density.svg", densityPlotSvg("units", result.draws["units"]));
 * ```
 */
export function densityPlotSvg(name: string, chains: readonly ArrayLike<number>[], opts: PlotSize = {}): string {
  const [lo, hi] = finiteExtent(chains);
  const size = { width: opts.width ?? 320, height: opts.height ?? 170 };
  if (!(hi > lo)) {
    // all draws equal (a variance fixed by the prior) or none finite: no density to smooth,
    // so mark the value with one vertical line per chain
    const frame = createFrame({ ...size, xDomain: [lo, hi], yDomain: [0, 1] });
    const lines = Number.isFinite(lo) ? chains.map((_, c) => verticalLine(frame, lo, chainColour(c), "series")).join("") : "";
    const body = axesSvg(frame, { xLabel: "value", yTickLabels: false }) + titleSvg(frame, "density (constant)") + lines;
    return svgDocument(frame, `density of ${name}`, body);
  }
  const grid = densityGrid(lo, hi, GRID_SIZE);
  const curves = chains.map((draws) => {
    const h = silvermanBandwidth(draws);
    return Number.isFinite(h) && h > 0 ? binnedDensity(draws, lo, hi, GRID_SIZE, h) : null;
  });
  const top = Math.max(0, ...curves.map((d) => (d ? Math.max(...d) : 0)));
  const frame = createFrame({ ...size, xDomain: [lo, hi], yDomain: [0, 1.05 * top], nice: false });
  frame.x.nice(5);
  const paths = curves.map((d, c) => (d ? polylinePath(frame, grid, d, chainColour(c)) : ""));
  const body = axesSvg(frame, { xLabel: "value", yLabel: "density" }) + titleSvg(frame, "density") + paths.join("");
  return svgDocument(frame, `density of ${name}`, body);
}
