// The conditional-effects plot (brms's conditional_effects display): the predicted response
// against the effect, a line with a shaded interval per `by` level for a numeric effect, a
// point with an interval bar per level for a factor; one plot per trait.
import type { ConditionalEffects, EffectRow } from "../posterior/effects.js";
import { formatNumber } from "./format.js";
import { axesSvg, chainColour, coord, createFrame, escapeXml, finiteExtent, polylinePath, svgDocument, titleSvg, type Frame } from "./svg.js";
import type { PlotSize } from "./trace-plot.js";

export interface EffectsPlotOptions extends PlotSize {
  /** Which trait to draw in a multi-response model (default the first). */
  trait?: string;
}

function byLabel(v: number | string | undefined): string {
  return v === undefined ? "" : typeof v === "number" ? formatNumber(v) : v;
}

function ribbon(frame: Frame, rows: readonly EffectRow[], colour: string): string {
  const pts = rows.filter((r) => Number.isFinite(r.lower) && Number.isFinite(r.upper));
  if (pts.length < 2) return "";
  const upper = pts.map((r) => `${coord(frame.x(r.x as number))},${coord(frame.y(r.upper))}`);
  const lower = pts.map((r) => `${coord(frame.x(r.x as number))},${coord(frame.y(r.lower))}`).reverse();
  return `<path class="interval" d="M${upper.join("L")}L${lower.join("L")}Z" fill="${colour}" fill-opacity="0.2" stroke="none"/>`;
}

/**
 * SVG plot of a conditionalEffects() result.
 *
 * @example
 * ```ts
 * writeFileSync("effects.svg", effectsPlotSvg(conditionalEffects(result, { effect: "HEIGHT", by: "YEAR" })));
 * ```
 */
export function effectsPlotSvg(ce: ConditionalEffects, opts: EffectsPlotOptions = {}): string {
  const traits = [...new Set(ce.rows.map((r) => r.trait).filter((t): t is string => t !== undefined))];
  const trait = opts.trait ?? traits[0];
  const rows = trait === undefined ? ce.rows : ce.rows.filter((r) => r.trait === trait);
  const groups = [...new Set(rows.map((r) => r.by))];
  const legendWidth = ce.by === undefined ? 0 : Math.min(140, 24 + Math.max(...groups.map((g) => byLabel(g).length * 6), ce.by.length * 6));
  const size = { width: opts.width ?? 420 + legendWidth, height: opts.height ?? 260 };
  const levels = ce.categorical ? [...new Set(rows.map((r) => String(r.x)))] : [];
  const xOf = (r: EffectRow) => (ce.categorical ? levels.indexOf(String(r.x)) : (r.x as number));
  const xDomain: [number, number] = ce.categorical ? [-0.5, levels.length - 0.5] : finiteExtent([rows.map((r) => r.x as number)]);
  const yDomain = finiteExtent([rows.map((r) => r.lower), rows.map((r) => r.upper), rows.map((r) => r.estimate)]);
  const frame = createFrame({ ...size, xDomain, yDomain, margin: { right: 18 + legendWidth, left: 56 }, nice: false });
  frame.y.nice(4);
  const parts: string[] = [];
  groups.forEach((g, k) => {
    const colour = chainColour(k);
    const mine = rows.filter((r) => r.by === g);
    if (ce.categorical) {
      // dodge the levels of `by` side by side within each category
      const offset = groups.length > 1 ? (k - (groups.length - 1) / 2) * (0.6 / groups.length) : 0;
      for (const r of mine) {
        const px = coord(frame.x(xOf(r) + offset));
        if (Number.isFinite(r.lower) && Number.isFinite(r.upper)) {
          parts.push(`<line class="interval" x1="${px}" x2="${px}" y1="${coord(frame.y(r.lower))}" y2="${coord(frame.y(r.upper))}" stroke="${colour}" stroke-width="2"/>`);
        }
        parts.push(`<circle class="estimate" cx="${px}" cy="${coord(frame.y(r.estimate))}" r="3.5" fill="${colour}"/>`);
      }
    } else {
      parts.push(ribbon(frame, mine, colour));
      parts.push(polylinePath(frame, mine.map(xOf), mine.map((r) => r.estimate), colour, "estimate"));
    }
  });
  if (ce.by !== undefined) {
    const lx = frame.width - legendWidth + 4;
    parts.push(`<text class="legend" x="${lx}" y="${coord(frame.margin.top + 10)}" font-weight="bold">${escapeXml(ce.by)}</text>`);
    groups.forEach((g, k) => {
      const ly = frame.margin.top + 26 + 14 * k;
      parts.push(`<rect x="${lx}" y="${ly - 8}" width="10" height="10" fill="${chainColour(k)}"/><text class="legend" x="${lx + 14}" y="${ly}">${escapeXml(byLabel(g))}</text>`);
    });
  }
  const yName = `${ce.type === "link" ? "linear predictor of " : ""}${trait ?? ce.response}`;
  const axes = axesSvg(frame, {
    xLabel: ce.effect,
    yLabel: yName,
    ...(ce.categorical ? { xCategories: levels.map((label, i) => ({ value: i, label })) } : {}),
  });
  const title = `${yName}: ${Math.round(100 * ce.level)}% intervals${ce.by === undefined ? "" : ` by ${ce.by}`}`;
  return svgDocument(frame, `conditional effect of ${ce.effect} on ${trait ?? ce.response}`, axes + titleSvg(frame, title) + parts.join(""));
}
