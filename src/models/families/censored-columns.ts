// Reading a censored response cbind(lower, upper) (MCMCglmm's cengaussian, cenpoisson,
// cenexponential): -Inf / Inf mark open ends, lower = upper an exactly observed value, both
// missing a missing value.

import { DataError } from "../../errors.js";
import { formatRNumber } from "../formula/print.js";
import { numbers } from "./columns.js";
import type { ResponseColumn } from "./types.js";
import type { FamilyName, Response } from "../types.js";

/** Builds the response; `check` rejects a value that the family cannot take (returns the reason). */
export function censoredResponse(
  family: FamilyName,
  [lowerCol, upperCol]: readonly ResponseColumn[],
  traitOffset: number,
  check: (v: number) => string | null,
): { response: Response; traitNames: string[] } {
  const lower = Float64Array.from(numbers(lowerCol, family));
  const upper = Float64Array.from(numbers(upperCol, family));
  for (let u = 0; u < lower.length; u++) {
    const lo = lower[u], hi = upper[u];
    if (Number.isNaN(lo) !== Number.isNaN(hi)) {
      throw new DataError(`${family} response cbind(${lowerCol.text}, ${upperCol.text}) row ${u + 1}: one end is missing; give both ends, or neither for a missing value`);
    }
    if (Number.isNaN(lo)) continue;
    if (lo > hi) {
      throw new DataError(`${family} response row ${u + 1}: lower "${lowerCol.text}" = ${formatRNumber(lo)} is above upper "${upperCol.text}" = ${formatRNumber(hi)}`);
    }
    for (const [v, col] of [[lo, lowerCol], [hi, upperCol]] as const) {
      const why = Number.isFinite(v) ? check(v) : null;
      if (why) throw new DataError(`${family} response "${col.text}" row ${u + 1} is ${formatRNumber(v)}: ${why}`);
    }
    if (lo === Infinity || hi === -Infinity) {
      throw new DataError(`${family} response row ${u + 1}: the interval [${formatRNumber(lo)}, ${formatRNumber(hi)}] is empty`);
    }
  }
  return { response: { name: lowerCol.name, family, traitOffset, nTraits: 1, y: lower, upper }, traitNames: [lowerCol.name] };
}

/** The observed interval [lower, upper] of a censored response at a unit. */
export const censoredInterval = (r: Response, unit: number): [number, number] => [r.y[unit], (r.upper ?? r.y)[unit]];
