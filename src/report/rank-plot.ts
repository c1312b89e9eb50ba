// Rank plot (Vehtari et al. 2021, section 4.3; ArviZ plot_rank, bayesplot mcmc_rank_overlay):
// all draws are ranked together, and each chain's ranks are histogrammed. When the chains
// sample the same distribution every histogram is flat around the dashed line n / bins; a
// chain stuck in one region piles its ranks at one end. It shows what R-hat measures.

import { averageRanks } from "../diagnostics/index.js";
import { axesSvg, chainColour, createFrame, polylinePath, referenceSegment, svgDocument, titleSvg } from "./svg.js";
import type { PlotSize } from "./trace-plot.js";

export interface RankPlotOptions extends PlotSize {
  /** Most bins (default 20, as bayesplot); fewer when chains are short, so each bin expects >= 5 draws. */
  bins?: number;
}

/** Counts of each chain's pooled ranks (1..S) in `bins` equal bins over [0.5, S + 0.5]. */
export function rankCounts(chains: readonly Float64Array[], bins: number): number[][] {
  const ranks = averageRanks(chains);
  const total = chains.length * (chains[0]?.length ?? 0);
  return ranks.map((r) => {
    const counts = new Array<number>(bins).fill(0);
    for (let i = 0; i < r.length; i++) {
      if (Number.isNaN(r[i])) continue; // a NaN draw has no rank
      counts[Math.min(bins - 1, Math.floor(((r[i] - 0.5) / total) * bins))]++;
    }
    return counts;
  });
}

/**
 * SVG rank plot of one parameter: one step line per chain. Chains must be equally long.
 *
 * @example
 * ```ts
 * writeFileSync("rank.svg", rankPlotSvg("units", result.draws["units"]));
 * ```
 */
export function rankPlotSvg(name: string, chains: readonly Float64Array[], opts: RankPlotOptions = {}): string {
  const n = chains[0]?.length ?? 0;
  const total = chains.length * n;
  const bins = Math.max(1, Math.min(opts.bins ?? 20, Math.floor(n / 5)));
  const counts = total > 0 ? rankCounts(chains, bins) : [];
  const expected = n / bins;
  const top = Math.max(1.5 * expected, ...counts.flat());
  const frame = createFrame({
    width: opts.width ?? 320,
    height: opts.height ?? 170,
    xDomain: [0, Math.max(1, total)],
    yDomain: [0, top],
    nice: false,
  });
  // the x axis spans exactly the pooled ranks 1..S (a niced domain would leave an empty strip
  // after the last bin); the counts axis may be niced
  frame.y.nice(4);
  const edge = (b: number): number => (b / bins) * total;
  const paths = counts.map((perBin, c) => {
    // a step outline: each bin contributes its left and right corners at its count
    const xs: number[] = [], ys: number[] = [];
    perBin.forEach((count, b) => {
      xs.push(edge(b), edge(b + 1));
      ys.push(count, count);
    });
    return polylinePath(frame, xs, ys, chainColour(c));
  });
  const reference = total > 0 ? referenceSegment(frame, 0, expected, total, expected) : "";
  const body = axesSvg(frame, { xLabel: "rank (all chains)", yLabel: "count" }) + titleSvg(frame, "rank") + reference + paths.join("");
  return svgDocument(frame, `rank plot of ${name}`, body);
}
