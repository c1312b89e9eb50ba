// Values a model cannot mean: a category-family response that looks continuous (each distinct
// number would become a category, with its own cutpoint or latent trait), and infinite values
// in a column a formula uses.

import { familyOf } from "../families/registry.js";
import { DataError } from "../../errors.js";
import type { ResponseColumn } from "../families/index.js";
import { formatRNumber } from "../formula/print.js";
import type { DataFrame, Response } from "../types.js";

/** More distinct numeric values than this in a threshold/ordinal/categorical response is refused unless the column is declared a factor. */
export const MAX_NUMERIC_CATEGORIES = 20;

/**
 * A numeric response of a category family with more than MAX_NUMERIC_CATEGORIES distinct values
 * is a continuous measurement, not categories: refuse it, saying how to force categories.
 */
export function checkCategoryResponses(responses: readonly Response[], columns: readonly ResponseColumn[]): void {
  for (const r of responses) {
    if (r.categories === undefined) continue;
    const col = columns.find((c) => c.name === r.name);
    const k = r.categories?.length ?? 0;
    if (col === undefined || col.value.kind !== "numeric" || k <= MAX_NUMERIC_CATEGORIES) continue;
    const what = familyOf(r).cutpointLink === null ? `${k - 1} latent traits` : `${k - 1} cutpoints`;
    throw new DataError(
      `response "${r.name}" (${r.family}) is numeric with ${k} distinct values, which looks continuous: it would be fitted as ${k} categories ` +
        `(${what}). Use a continuous family (gaussian), or, if these really are ${k} ordered categories, declare them: ` +
        `"columns": {"${col.name}": {"ordered": [...the ${k} levels in order]}} (or "factor")`,
    );
  }
}

/**
 * Beyond this magnitude a value is refused: the sampler squares and multiplies columns (X'X of an
 * interaction holds fourth powers, a residual sum of squares adds squares), and 1e300 would
 * overflow to Infinity and turn the draws into NaN. No measurement needs it; rescaling does.
 */
export const MAX_ABS_VALUE = 1e50;

/** Infinite or overflowing values in a numeric column the formulas use (NaN/NA is missing, handled elsewhere). */
export function checkFiniteColumns(frame: DataFrame, names: readonly string[], infiniteAllowed: ReadonlySet<string> = new Set()): void {
  for (const name of new Set(names)) {
    const col = frame.columns.get(name);
    if (col === undefined || col.kind !== "numeric") continue;
    const infinite: number[] = [], huge: number[] = [];
    col.values.forEach((v, r) => {
      if (v === Infinity || v === -Infinity) {
        if (!infiniteAllowed.has(name)) infinite.push(r);
      }
      else if (Math.abs(v) > MAX_ABS_VALUE) huge.push(r);
    });
    const list = (rows: number[]) =>
      rows.slice(0, 5).map((r) => `row ${r + 1} (${formatRNumber(col.values[r])})`).join(", ") + (rows.length > 5 ? `, ... (${rows.length} in all)` : "");
    if (infinite.length > 0) throw new DataError(`column "${name}" has infinite values: ${list(infinite)}; use NA for a missing value`);
    if (huge.length > 0) {
      throw new DataError(`column "${name}" has values too large to compute with (beyond ${formatRNumber(MAX_ABS_VALUE)} in size): ${list(huge)}; rescale the column (e.g. divide it by a power of 10)`);
    }
  }
}
