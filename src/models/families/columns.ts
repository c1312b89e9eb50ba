// Reading response columns for a family: numeric values, counts, and categories in R's order.

import { DataError } from "../../errors.js";
import { formatRNumber } from "../formula/print.js";
import { sortLevels } from "../frame.js";
import type { ResponseColumn } from "./types.js";

export function numbers(col: ResponseColumn, family: string): Float64Array {
  if (col.value.kind !== "numeric" || col.value.columns.length !== 1) {
    const example = col.value.kind === "factor" ? ` (it holds text such as "${col.value.levels[0]}")` : "";
    throw new DataError(`response "${col.text}" must be numeric for the ${family} family${example}`);
  }
  return col.value.columns[0];
}

export function counts(col: ResponseColumn, family: string, what = "counts"): Float64Array {
  const y = numbers(col, family);
  const bad = y.findIndex((v) => !Number.isNaN(v) && (v < 0 || !Number.isInteger(v)));
  if (bad >= 0) {
    throw new DataError(`response "${col.text}" row ${bad + 1} is ${formatRNumber(y[bad])}: ${family} ${what} must be whole numbers >= 0`);
  }
  return y;
}

/** Categories and 0-based codes of a categorical/ordinal response, as R's as.factor orders them. */
export function categories(col: ResponseColumn, family: string): { labels: string[]; y: Float64Array } {
  let labels: string[];
  let codes: ArrayLike<number>;
  if (col.value.kind === "factor") {
    labels = [...col.value.levels];
    codes = col.value.codes;
  } else {
    const x = numbers(col, family);
    const text = Array.from(x, (v) => (Number.isNaN(v) ? null : formatRNumber(v)));
    labels = sortLevels(text.filter((t): t is string => t !== null));
    codes = text.map((t) => (t === null ? -1 : labels.indexOf(t)));
  }
  const y = Float64Array.from(codes, (c) => (c < 0 ? NaN : c));
  const seen = new Array<number>(labels.length).fill(0);
  y.forEach((c) => Number.isNaN(c) || seen[c]++);
  const empty = labels.filter((_, k) => seen[k] === 0);
  if (empty.length > 0) {
    throw new DataError(`response "${col.text}" (${family}) has no observations in category ${empty.map((e) => `"${e}"`).join(", ")}: drop the level or merge categories`);
  }
  if (labels.length < 2) {
    throw new DataError(`response "${col.text}" (${family}) has only one category (${labels.join("")}); it needs at least two`);
  }
  return { labels, y };
}

/** Categories of an ordered/categorical response (2 when unknown). */
export const categoryCount = (r: { categories?: readonly string[]; counts?: readonly Float64Array[]; nTraits: number }): number =>
  r.categories?.length ?? (r.counts?.length ?? r.nTraits + 1);

/** A numeric response whose values must be >= 0 (times). */
export function nonNegative(col: ResponseColumn, family: string, what: string): Float64Array {
  const y = numbers(col, family);
  const bad = y.findIndex((v) => v < 0);
  if (bad >= 0) throw new DataError(`response "${col.text}" row ${bad + 1} is ${formatRNumber(y[bad])}: ${family} ${what} must be >= 0`);
  return y;
}

/** Counts that must be >= 1 (zero-truncated families). */
export function positiveCounts(col: ResponseColumn, family: string): Float64Array {
  const y = counts(col, family);
  const bad = y.findIndex((v) => v === 0);
  if (bad >= 0) throw new DataError(`response "${col.text}" row ${bad + 1} is 0: a zero-truncated ${family} response has no zeros`);
  return y;
}
