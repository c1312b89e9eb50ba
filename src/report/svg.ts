// SVG primitives shared by the plots: text escaping, a plot frame (linear scales with nice
// ticks from d3-scale), axes, polylines (d3-shape) and the standalone <svg> element.
// Every function returns a string; nothing touches a DOM, so this runs in Node as is.

import { scaleLinear, type ScaleLinear } from "d3-scale";
import { line } from "d3-shape";
import { formatTicks, labelWidth } from "./format.js";

/** Escapes text for XML/HTML content and attribute values (parameter names like `a<b & c`). */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * A coordinate with one decimal: a tenth of a pixel is below what a screen shows, and the
 * shorter numbers keep a report with thousands of points small. Non-finite values are a bug
 * upstream (scales are built from finite domains), so they fail loudly here instead of
 * writing "NaN" into the file.
 */
export function coord(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`SVG coordinate is not finite: ${v}`);
  const r = Math.round(v * 10) / 10;
  return String(r === 0 ? 0 : r);
}

/**
 * A usable [lo, hi] from data bounds: non-finite bounds become [0, 1] and an empty range (all
 * draws equal, e.g. a variance fixed by the prior) is widened around its value, so scales
 * never divide by zero.
 */
export function safeDomain(lo: number, hi: number): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi > lo) return [lo, hi];
  const half = lo === 0 ? 1 : Math.abs(lo) * 0.1;
  return [lo - half, lo + half];
}

/** Finite minimum and maximum over several arrays (NaN/Infinity skipped); [NaN, NaN] if none. */
export function finiteExtent(arrays: readonly ArrayLike<number>[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  return lo <= hi ? [lo, hi] : [NaN, NaN];
}

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface Frame {
  width: number;
  height: number;
  margin: Margin;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
}

export interface FrameOptions {
  width: number;
  height: number;
  xDomain: [number, number];
  yDomain: [number, number];
  margin?: Partial<Margin>;
  /** Extend the domains to nice round numbers (default true). */
  nice?: boolean;
}

// the right margin leaves room for the half of the last x tick label that overhangs the box
const DEFAULT_MARGIN: Margin = { top: 22, right: 18, bottom: 30, left: 48 };

/** The plotting area and its two scales (y grows upwards, as on paper). */
export function createFrame(opts: FrameOptions): Frame {
  const margin = { ...DEFAULT_MARGIN, ...opts.margin };
  const x = scaleLinear().domain(safeDomain(...opts.xDomain)).range([margin.left, opts.width - margin.right]);
  const y = scaleLinear().domain(safeDomain(...opts.yDomain)).range([opts.height - margin.bottom, margin.top]);
  if (opts.nice !== false) {
    x.nice(5);
    y.nice(4);
  }
  return { width: opts.width, height: opts.height, margin, x, y };
}

export interface AxesOptions {
  xLabel?: string;
  yLabel?: string;
  xTicks?: number;
  yTicks?: number;
  /** Draw the y tick labels. */
  yTickLabels?: boolean;
  /** Named x positions instead of numeric ticks (factor levels); every k-th kept when they would overlap. */
  xCategories?: readonly { value: number; label: string }[];
}

/** Every k-th category label, k the smallest that keeps neighbours apart. */
function fittingCategories(scale: ScaleLinear<number, number>, cats: readonly { value: number; label: string }[]): { ticks: number[]; labels: string[] } {
  const spacing = cats.length > 1 ? Math.abs(scale(cats[1].value) - scale(cats[0].value)) : Infinity;
  const need = Math.max(0, ...cats.map((c) => labelWidth(c.label))) + 8;
  const stride = Math.max(1, Math.ceil(need / spacing));
  const kept = cats.filter((_, i) => i % stride === 0);
  return { ticks: kept.map((c) => c.value), labels: kept.map((c) => c.label) };
}

/**
 * Ticks and their labels (format.ts) for one axis: as many as asked for, fewer when their
 * labels would run together (x: label widths plus a gap; y: the font height plus a gap).
 */
export function fittingTicks(scale: ScaleLinear<number, number>, wanted: number, horizontal: boolean): { ticks: number[]; labels: string[] } {
  const fits = (ticks: number[], labels: string[], stride = 1): boolean => {
    if (ticks.length < 2) return true;
    const spacing = stride * Math.abs(scale(ticks[1]) - scale(ticks[0]));
    return spacing >= (horizontal ? Math.max(...labels.map((l) => labelWidth(l))) + 8 : 14);
  };
  // fewer, rounder ticks first (d3 picks steps of 1, 2 or 5 times a power of ten) ...
  for (let count = wanted; count >= 2; count--) {
    const ticks = scale.ticks(count);
    const labels = formatTicks(ticks);
    if (ticks.length >= 2 && fits(ticks, labels)) return { ticks, labels };
  }
  // ... else every k-th of the full set, which keeps at least two labels apart
  const ticks = scale.ticks(wanted);
  const labels = formatTicks(ticks);
  let stride = 2;
  while (stride < ticks.length && !fits(ticks, labels, stride)) stride++;
  const keep = ticks.map((_, i) => i).filter((i) => i % stride === 0);
  return { ticks: keep.map((i) => ticks[i]), labels: keep.map((i) => labels[i]) };
}

/** The frame's box, tick marks with labels, and axis titles. */
export function axesSvg(frame: Frame, opts: AxesOptions = {}): string {
  const { x, y, margin, width, height } = frame;
  const bottom = height - margin.bottom;
  const parts: string[] = [
    `<rect class="box" fill="none" stroke="#999" x="${coord(margin.left)}" y="${coord(margin.top)}" width="${coord(width - margin.left - margin.right)}" height="${coord(bottom - margin.top)}"/>`,
  ];
  const xTicks = opts.xCategories ? fittingCategories(x, opts.xCategories) : fittingTicks(x, opts.xTicks ?? 5, true);
  xTicks.ticks.forEach((t, i) => {
    const px = coord(x(t));
    parts.push(`<line class="tick" stroke="#999" x1="${px}" x2="${px}" y1="${coord(bottom)}" y2="${coord(bottom + 4)}"/>`);
    parts.push(`<text class="tl" x="${px}" y="${coord(bottom + 14)}" text-anchor="middle">${escapeXml(xTicks.labels[i])}</text>`);
  });
  const yTicks = fittingTicks(y, opts.yTicks ?? 4, false);
  yTicks.ticks.forEach((t, i) => {
    const py = coord(y(t));
    parts.push(`<line class="tick" stroke="#999" x1="${coord(margin.left - 4)}" x2="${coord(margin.left)}" y1="${py}" y2="${py}"/>`);
    if (opts.yTickLabels !== false) {
      parts.push(`<text class="tl" x="${coord(margin.left - 6)}" y="${coord(y(t) + 3)}" text-anchor="end">${escapeXml(yTicks.labels[i])}</text>`);
    }
  });
  if (opts.xLabel) {
    parts.push(`<text class="al" x="${coord((margin.left + width - margin.right) / 2)}" y="${coord(height - 3)}" text-anchor="middle">${escapeXml(opts.xLabel)}</text>`);
  }
  if (opts.yLabel) {
    const cy = coord((margin.top + bottom) / 2);
    parts.push(`<text class="al" x="11" y="${cy}" text-anchor="middle" transform="rotate(-90 11 ${cy})">${escapeXml(opts.yLabel)}</text>`);
  }
  return parts.join("");
}

/** The plot title, above the plotting area. */
export function titleSvg(frame: Frame, title: string, colour = "#000"): string {
  return `<text class="title" fill="${colour}" font-weight="bold" x="${coord(frame.margin.left)}" y="${coord(frame.margin.top - 7)}">${escapeXml(title)}</text>`;
}

/**
 * One polyline through (xs[i], ys[i]) in data units as a <path>; points with a non-finite
 * coordinate break the line (d3-shape's `defined`) instead of producing NaN.
 */
export function polylinePath(frame: Frame, xs: ArrayLike<number>, ys: ArrayLike<number>, colour: string, className = "series"): string {
  const n = Math.min(xs.length, ys.length);
  const points: [number, number][] = [];
  for (let i = 0; i < n; i++) points.push([frame.x(xs[i]), frame.y(ys[i])]);
  const d = line<[number, number]>()
    .defined((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]))
    .digits(1)(points);
  return d ? `<path class="${className}" d="${d}" fill="none" stroke="${colour}"/>` : "";
}

/** A vertical line at data value `value` across the plotting area. */
export function verticalLine(frame: Frame, value: number, colour: string, className = "vline"): string {
  const px = coord(frame.x(value));
  return `<line class="${className}" x1="${px}" x2="${px}" y1="${coord(frame.margin.top)}" y2="${coord(frame.height - frame.margin.bottom)}" stroke="${colour}"/>`;
}

/** A dashed reference segment between two points in data units. */
export function referenceSegment(frame: Frame, x1: number, y1: number, x2: number, y2: number): string {
  return `<line class="ref" x1="${coord(frame.x(x1))}" y1="${coord(frame.y(y1))}" x2="${coord(frame.x(x2))}" y2="${coord(frame.y(y2))}" stroke="#666" stroke-dasharray="4 3"/>`;
}

/**
 * A standalone <svg> element (valid XML, also inline in HTML) with an accessible label. The
 * presentation that matters (fill, stroke, font) is in attributes, so a plot saved on its own
 * looks the same as in the report; the report's CSS only adjusts weights.
 */
export function svgDocument(frame: Frame, label: string, body: string): string {
  // <title> gives the plot a tooltip and an accessible name in every viewer
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="plot" width="${frame.width}" height="${frame.height}" ` +
    `viewBox="0 0 ${frame.width} ${frame.height}" font-family="sans-serif" font-size="10" ` +
    `role="img" aria-label="${escapeXml(label)}"><title>${escapeXml(label)}</title>${body}</svg>`
  );
}

/**
 * Chain colours: the Okabe-Ito palette (distinguishable with the common colour-vision
 * deficiencies), cycled when there are more than eight chains.
 */
const CHAIN_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

export function chainColour(chain: number): string {
  return CHAIN_COLOURS[chain % CHAIN_COLOURS.length];
}
