// The hospital report's displays as standalone SVG strings, drawn with mcglmm's plot
// primitives (src/report/svg.ts): curves with interval bands, a histogram, the picture of a
// sparse design matrix, and the table of estimates against the true values.

import type { Csc } from "../../src/linalg/csc.js";
import type { SummaryRow } from "../../src/posterior/summary.js";
import { formatNumber } from "../../src/report/html-table.js";
import { axesSvg, chainColour, coord, createFrame, escapeXml, finiteExtent, polylinePath, svgDocument, titleSvg, type Frame } from "../../src/report/svg.js";

export interface Curve {
  label: string;
  y: ArrayLike<number>;
  /** Optional band (e.g. a 95% interval) around the curve. */
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
}

/** A filled band between lower and upper over xs, as one closed path. */
function bandPath(frame: Frame, xs: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>, colour: string): string {
  const pts: string[] = [];
  for (let i = 0; i < xs.length; i++) pts.push(`${coord(frame.x(xs[i]))},${coord(frame.y(upper[i]))}`);
  for (let i = xs.length - 1; i >= 0; i--) pts.push(`${coord(frame.x(xs[i]))},${coord(frame.y(lower[i]))}`);
  return `<path class="band" d="M${pts.join("L")}Z" fill="${colour}" fill-opacity="0.18" stroke="none"/>`;
}

/** Curves over a common x grid, each with an optional band, and a legend. */
export function curvesSvg(title: string, xs: ArrayLike<number>, curves: readonly Curve[], xLabel: string, yLabel: string, yDomain?: [number, number]): string {
  const all = curves.flatMap((c) => [c.y, ...(c.lower ? [c.lower] : []), ...(c.upper ? [c.upper] : [])]);
  const frame = createFrame({ width: 490, height: 300, xDomain: finiteExtent([xs]), yDomain: yDomain ?? finiteExtent(all), margin: { right: 140 } });
  const body = [axesSvg(frame, { xLabel, yLabel }), titleSvg(frame, title)];
  curves.forEach((c, k) => {
    const colour = chainColour(k);
    if (c.lower && c.upper) body.push(bandPath(frame, xs, c.lower, c.upper, colour));
    body.push(polylinePath(frame, xs, c.y, colour));
    const ly = frame.margin.top + 14 * k + 8;
    const lx = frame.width - frame.margin.right + 10;
    body.push(`<line x1="${lx}" x2="${lx + 16}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2"/>`);
    body.push(`<text class="legend" x="${lx + 20}" y="${ly + 3}">${escapeXml(c.label)}</text>`);
  });
  return svgDocument(frame, title, body.join(""));
}

/** A histogram of values in `bins` equal bins. */
export function histogramSvg(title: string, values: ArrayLike<number>, bins: number, xLabel: string): string {
  const [lo, hi] = finiteExtent([values]);
  const width = (hi - lo) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) counts[Math.min(bins - 1, Math.floor((values[i] - lo) / width))]++;
  const frame = createFrame({ width: 520, height: 260, xDomain: [lo, hi], yDomain: [0, Math.max(...counts)] });
  const body = [titleSvg(frame, title)];
  counts.forEach((n, b) => {
    const x0 = frame.x(lo + b * width), x1 = frame.x(lo + (b + 1) * width);
    body.push(`<rect class="bar" x="${coord(x0)}" y="${coord(frame.y(n))}" width="${coord(Math.max(0, x1 - x0 - 1))}" height="${coord(frame.y(0) - frame.y(n))}" fill="#0072B2"/>`);
  });
  body.push(axesSvg(frame, { xLabel, yLabel: "count" }));
  return svgDocument(frame, title, body.join(""));
}

/**
 * The nonzero pattern of a sparse matrix (rows down, columns across), drawn on a grid of at
 * most `maxPixels` cells a side: a cell is dark when any entry of its block is nonzero.
 */
export function sparsityPatternSvg(title: string, Z: Csc, rowLabel: string, colLabel: string, maxPixels = 420): string {
  const rowsPerCell = Math.max(1, Math.ceil(Z.nrow / maxPixels)), colsPerCell = Math.max(1, Math.ceil(Z.ncol / maxPixels));
  const nr = Math.ceil(Z.nrow / rowsPerCell), nc = Math.ceil(Z.ncol / colsPerCell);
  const filled = new Uint8Array(nr * nc);
  for (let j = 0; j < Z.ncol; j++) {
    for (let e = Z.colPtr[j]; e < Z.colPtr[j + 1]; e++) if (Z.values[e] !== 0) filled[Math.floor(Z.rowIdx[e] / rowsPerCell) * nc + Math.floor(j / colsPerCell)] = 1;
  }
  // cells as wide and tall as fit a square of maxPixels (a few doctors get wide columns)
  const cw = Math.max(1, Math.floor(maxPixels / nc)), ch = Math.max(1, Math.floor(maxPixels / nr));
  const margin = { top: 22, right: 18, bottom: 30, left: 48 };
  const frame = createFrame({ width: margin.left + margin.right + nc * cw, height: margin.top + margin.bottom + nr * ch, xDomain: [0, Z.ncol], yDomain: [0, Z.nrow], margin, nice: false });
  frame.y.range([margin.top, frame.height - margin.bottom]); // row 1 at the top, as a matrix is printed
  // one path of unit squares per filled cell: far smaller than a <rect> each
  let d = "";
  for (let r = 0; r < nr; r++) {
    for (let c = 0; c < nc; c++) if (filled[r * nc + c]) d += `M${margin.left + c * cw},${margin.top + r * ch}h${cw}v${ch}h-${cw}z`;
  }
  const body = [titleSvg(frame, title), `<path class="nonzero" d="${d}" fill="#222"/>`, axesSvg(frame, { xLabel: colLabel, yLabel: rowLabel })];
  const nnz = Z.colPtr[Z.ncol];
  const caption = `${Z.nrow} x ${Z.ncol}, ${nnz} nonzeros (${((100 * nnz) / (Z.nrow * Z.ncol)).toFixed(2)}%); one cell = ${rowsPerCell} x ${colsPerCell}`;
  return svgDocument(frame, `${title}: ${caption}`, body.join("")) + `<p class="caption">${escapeXml(caption)}</p>`;
}

export interface TruthRow {
  name: string;
  truth: number;
  row: SummaryRow;
  inside: boolean;
}

/** Estimates against the true values: posterior mean, 95% interval, whether it holds the truth, R-hat, bulk-ESS. */
export function truthTableHtml(rows: readonly TruthRow[]): string {
  const head = ["parameter", "true", "post.mean", "2.5%", "97.5%", "covers", "R-hat", "ESS bulk"].map((c) => `<th scope="col">${c}</th>`).join("");
  const body = rows
    .map((t) => {
      const cells = [formatNumber(t.truth), formatNumber(t.row.mean), formatNumber(t.row.q2_5), formatNumber(t.row.q97_5), t.inside ? "yes" : "<b>no</b>", Number.isFinite(t.row.rhat) ? t.row.rhat.toFixed(3) : "NA", Number.isFinite(t.row.ess_bulk) ? t.row.ess_bulk.toFixed(0) : "NA"];
      return `<tr${t.inside ? "" : ' class="flagged"'}><th scope="row">${escapeXml(t.name)}</th>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`;
    })
    .join("");
  return `<table class="summary truth"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}
