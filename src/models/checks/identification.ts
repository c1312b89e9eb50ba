// Data that cannot inform a parameter: a one-row data set, a constant response, a random factor
// with a single level. The model is still well defined (the posterior is the prior there), so
// each is a warning that the parameter is prior-driven, not an error. Missing responses are
// imputed as MCMCglmm imputes them (sampled as latent variables); their count is reported.

import type { Csc } from "../../linalg/csc.js";
import { formatRNumber } from "../formula/print.js";
import type { CovarianceTerm, Response } from "../types.js";

/** "y: 12 of 300 values are missing" per response with missing values. */
export function missingResponseWarnings(responses: readonly Response[]): string[] {
  const out: string[] = [];
  for (const r of responses) {
    const n = r.y.length;
    let missing = 0;
    for (let u = 0; u < n; u++) if (Number.isNaN(r.y[u])) missing++;
    if (missing > 0 && missing < n) {
      out.push(`response "${r.name}": ${missing} of ${n} values are missing; they are imputed from the model (sampled with the latent variables, as MCMCglmm does)`);
    }
  }
  return out;
}

/** The observed values of a response, or why it is constant (null when it varies). */
function constantValue(r: Response): string | null {
  let first: number | null = null;
  let allZero = true, allFull = true;
  for (let u = 0; u < r.y.length; u++) {
    const y = r.y[u];
    if (Number.isNaN(y)) continue;
    if (first === null) first = y;
    else if (y !== first) first = NaN;
    if (r.trials !== undefined) {
      if (y !== 0) allZero = false;
      if (y !== r.trials[u]) allFull = false;
    }
  }
  if (r.trials !== undefined && r.counts === undefined) {
    if (allZero) return "every row has 0 successes";
    if (allFull) return "every row has only successes";
  }
  if (first === null || Number.isNaN(first)) return null;
  const label = r.categories?.[first] ?? formatRNumber(first);
  return `every observed value is ${label}`;
}

export function constantResponseWarnings(responses: readonly Response[]): string[] {
  const out: string[] = [];
  for (const r of responses) {
    const why = constantValue(r);
    if (why !== null) {
      out.push(
        `response "${r.name}" is constant (${why}): its residual variance and its mean are not identified by the data; ` +
          "their posterior is driven by the prior",
      );
    }
  }
  return out;
}

export function oneRowWarnings(nUnits: number): string[] {
  if (nUnits !== 1) return [];
  return ["the data have a single row: no variance is identified by the data; every (co)variance's posterior is driven by its prior"];
}

/** Random terms whose grouping factor has at most one level with data (a Z column with a non-zero over observed rows). */
export function singleLevelWarnings(terms: readonly CovarianceTerm[], Z: Csc, observed: Uint8Array): string[] {
  const out: string[] = [];
  for (const term of terms) {
    const levels = new Set<string>();
    let col = term.zOffset;
    term.nLevels.forEach((nl, a) => {
      for (let l = 0; l < nl; l++, col++) {
        for (let e = Z.colPtr[col]; e < Z.colPtr[col + 1]; e++) {
          if (Z.values[e] !== 0 && observed[Z.rowIdx[e]] === 1) {
            levels.add(term.levelNames[a][l]);
            break;
          }
        }
      }
    });
    if (levels.size <= 1) {
      const which = levels.size === 1 ? `a single level ("${[...levels][0]}")` : "no level";
      out.push(
        `random term "${term.label}": "${term.factor}" has ${which} in the rows with an observed response, ` +
          "so its variance is not identified by the data and its posterior is driven by the prior",
      );
    }
  }
  return out;
}
