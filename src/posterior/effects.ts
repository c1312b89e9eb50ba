// conditional_effects-style displays (brms's conditional_effects; Fox's effect displays):
// the predicted response, with its interval, over a grid of one predictor while every other
// predictor is held at its mean (numeric) or reference level (factor), optionally once per
// level of a second, factor (or numeric: mean - sd, mean, mean + sd) predictor. The
// predictions are predict()'s (MCMCglmm's predict.MCMCglmm: random effects marginalised by
// default, HPD "confidence" intervals over the draws).
import { DataError, ModelSpecError } from "../errors.js";
import type { Fit } from "../fit.js";
import { predictorColumns } from "../models/newdata.js";
import type { Column, DataFrame, Model } from "../models/types.js";
import type { MarginalSpec } from "./linear-predictor.js";
import { predict } from "./predict.js";

export interface EffectsOptions {
  /** The predictor on the x axis (a data column the formulas use). */
  effect: string;
  /** A second predictor: one curve per factor level, or at mean - sd, mean, mean + sd when numeric. */
  by?: string;
  /** Values for the other predictors (default: means and reference levels). */
  conditions?: Readonly<Record<string, number | string>>;
  /** Grid points for a numeric effect (default 50). */
  points?: number;
  /** "response" (default) or "link". */
  type?: "link" | "response";
  /** Interval probability (default 0.95). */
  level?: number;
  /** Random terms to marginalise (as predict(); default all). */
  marginal?: MarginalSpec;
  /** Use at most this many posterior draws. */
  maxDraws?: number;
}

export interface EffectRow {
  /** The effect's value (a number, or a factor level). */
  readonly x: number | string;
  /** The `by` value (level, or number) when `by` is given. */
  readonly by?: number | string;
  /** The trait, for multi-response models. */
  readonly trait?: string;
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

export interface ConditionalEffects {
  readonly effect: string;
  readonly by?: string;
  /** True when the effect is a factor (one point per level rather than a curve). */
  readonly categorical: boolean;
  readonly type: "link" | "response";
  readonly level: number;
  /** What the other predictors were held at (grouping factors of marginalised random terms do not matter). */
  readonly conditions: Readonly<Record<string, number | string>>;
  readonly rows: readonly EffectRow[];
  /** The response(s) predicted, for axis labels. */
  readonly response: string;
}

function columnOf(model: Model, name: string, role: string): Column {
  const col = model.data.columns.get(name);
  const used = predictorColumns(model);
  if (!col || !used.includes(name)) {
    throw new ModelSpecError(`${role} "${name}" is not a predictor of the model (its predictors: ${used.join(", ") || "none"})`);
  }
  return col;
}

function numericSummary(values: Float64Array): { mean: number; sd: number; min: number; max: number } {
  let n = 0, sum = 0, min = Infinity, max = -Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    n++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0) throw new DataError("conditional effects: the column holds no values");
  const mean = sum / n;
  let ss = 0;
  for (const v of values) if (!Number.isNaN(v)) ss += (v - mean) ** 2;
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, min, max };
}

/** Values of a column on the grid: levels of a factor, or `points` evenly spaced numbers. */
function gridOf(col: Column, points: number): (number | string)[] {
  if (col.kind === "factor") return [...col.levels];
  const { min, max } = numericSummary(col.values);
  if (!(max > min)) return [min];
  return Array.from({ length: points }, (_, i) => min + ((max - min) * i) / (points - 1));
}

function byValues(col: Column): (number | string)[] {
  if (col.kind === "factor") return [...col.levels];
  const { mean, sd } = numericSummary(col.values);
  // a centred column's mean is 0 up to rounding: print it as 0
  const clean = (v: number) => (Math.abs(v) < 1e-9 * sd ? 0 : v);
  return sd > 0 ? [mean - sd, mean, mean + sd].map(clean) : [mean];
}

function heldValue(col: Column, given: number | string | undefined): number | string {
  if (given !== undefined) {
    if (col.kind === "factor" && !col.levels.includes(String(given))) {
      throw new DataError(`conditions: "${String(given)}" is not a level of ${col.name} (levels: ${col.levels.join(", ")})`);
    }
    if (col.kind === "numeric" && typeof given !== "number") throw new DataError(`conditions: ${col.name} is numeric, got "${given}"`);
    return given;
  }
  return col.kind === "factor" ? col.levels[0] : numericSummary(col.values).mean;
}

/** A data frame of `rows` typed as the training columns (factors keep the training levels). */
function frameLike(model: Model, names: readonly string[], rows: readonly Record<string, number | string>[]): DataFrame {
  const columns = new Map<string, Column>();
  for (const name of names) {
    const col = model.data.columns.get(name)!;
    if (col.kind === "factor") {
      columns.set(name, { ...col, codes: Int32Array.from(rows, (r) => col.levels.indexOf(String(r[name]))) });
    } else {
      columns.set(name, { kind: "numeric", name, values: Float64Array.from(rows, (r) => Number(r[name])) });
    }
  }
  return { nrow: rows.length, names: [...names], columns };
}

/**
 * Predicted response against one predictor, the others held fixed (brms's conditional_effects).
 *
 * @example
 * ```ts
 * const result = await fit(spec, data, { chains: 2, seed: 1 });
 * const ce = conditionalEffects(result, { effect: "Days" });
 * ce.rows[0]; // { x: 0, estimate: 251.4, lower: 238.2, upper: 265.0 }
 * writeFileSync("effects.svg", effectsPlotSvg(ce));
 * ```
 */
export function conditionalEffects(fit: Fit, options: EffectsOptions): ConditionalEffects {
  const model = fit.model;
  const effectCol = columnOf(model, options.effect, "effect");
  const byCol = options.by === undefined ? undefined : columnOf(model, options.by, "by");
  if (options.by === options.effect) throw new ModelSpecError(`by must differ from effect ("${options.effect}")`);
  const points = options.points ?? 50;
  if (!Number.isInteger(points) || points < 2) throw new ModelSpecError(`points must be an integer >= 2, got ${points}`);
  for (const name of Object.keys(options.conditions ?? {})) columnOf(model, name, "condition");
  const predictors = predictorColumns(model);
  const conditions: Record<string, number | string> = {};
  for (const name of predictors) {
    if (name === options.effect || name === options.by) continue;
    const col = model.data.columns.get(name);
    if (col) conditions[name] = heldValue(col, options.conditions?.[name]);
  }
  const xs = gridOf(effectCol, points);
  const bys: (number | string | undefined)[] = byCol ? byValues(byCol) : [undefined];
  const grid: Record<string, number | string>[] = [];
  for (const b of bys) {
    for (const x of xs) grid.push({ ...conditions, [options.effect]: x, ...(options.by !== undefined && b !== undefined ? { [options.by]: b } : {}) });
  }
  const newdata = frameLike(model, predictors.filter((p) => model.data.columns.has(p)), grid);
  const level = options.level ?? 0.95;
  const p = predict(fit, {
    newdata,
    type: options.type ?? "response",
    interval: "confidence",
    level,
    ...(options.marginal !== undefined ? { marginal: options.marginal } : {}),
    ...(options.maxDraws !== undefined ? { maxDraws: options.maxDraws } : {}),
  });
  const rows: EffectRow[] = [];
  for (let r = 0; r < p.fit.length; r++) {
    const g = grid[p.unit[r]];
    rows.push({
      x: g[options.effect],
      ...(options.by !== undefined ? { by: g[options.by] } : {}),
      ...(p.traits.length > 1 ? { trait: p.traits[p.trait[r]] } : {}),
      estimate: p.fit[r],
      lower: p.lower[r],
      upper: p.upper[r],
    });
  }
  return {
    effect: options.effect,
    ...(options.by !== undefined ? { by: options.by } : {}),
    categorical: effectCol.kind === "factor",
    type: p.type,
    level,
    conditions,
    rows,
    response: model.traitNames.join(", "),
  };
}
