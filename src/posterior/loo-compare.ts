// Model comparison by PSIS-LOO as R's loo_compare: models ordered by elpd_loo (best first);
// elpd_diff = sum_i (elpd_i(model) - elpd_i(best)), se_diff = sqrt(n) sd_i(that difference)
// (Vehtari, Gelman & Gabry 2017, eq. 24). The pointwise pairing needs the same observations.
import { DataError } from "../errors.js";
import type { Loo } from "./loo.js";

export interface LooComparisonRow {
  readonly model: string;
  readonly elpd_diff: number;
  readonly se_diff: number;
  readonly elpd_loo: number;
  readonly se_elpd_loo: number;
  readonly p_loo: number;
  readonly looic: number;
}

function isLoo(x: unknown): x is Loo {
  return typeof x === "object" && x !== null && "elpd_loo" in x && "pointwise" in x;
}

/**
 * Compares models by elpd_loo. Pass the results as arguments (named model1, model2, ... as
 * loo_compare does) or as one record of named results.
 *
 * @example
 * ```ts
 * const rows = looCompare({ full: loo(full), reduced: loo(reduced) });
 * rows[1].elpd_diff, rows[1].se_diff; // the worse model against the best
 * ```
 */
export function looCompare(...args: readonly Loo[] | [Readonly<Record<string, Loo>>]): LooComparisonRow[] {
  const first = args[0];
  const entries: [string, Loo][] =
    args.length === 1 && first !== undefined && !isLoo(first)
      ? Object.entries(first as Record<string, Loo>)
      : (args as readonly Loo[]).map((l, i) => [`model${i + 1}`, l]);
  if (entries.length < 2) throw new DataError("looCompare: needs at least two models");
  const n = entries[0][1].pointwise.elpd_loo.length;
  for (const [name, l] of entries) {
    if (!isLoo(l)) throw new DataError(`looCompare: ${name} is not a loo() result`);
    if (l.pointwise.elpd_loo.length !== n) {
      throw new DataError(`looCompare: ${name} has ${l.pointwise.elpd_loo.length} observations, ${entries[0][0]} has ${n}; models must be compared on the same data`);
    }
  }
  const ordered = [...entries].sort((a, b) => b[1].elpd_loo - a[1].elpd_loo);
  const best = ordered[0][1].pointwise.elpd_loo;
  return ordered.map(([model, l]) => {
    const d = l.pointwise.elpd_loo;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += d[i] - best[i];
    const mean = sum / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (d[i] - best[i] - mean) ** 2;
    return {
      model,
      elpd_diff: sum,
      se_diff: Math.sqrt(n) * Math.sqrt(ss / (n - 1)),
      elpd_loo: l.elpd_loo,
      se_elpd_loo: l.se_elpd_loo,
      p_loo: l.p_loo,
      looic: l.looic,
    };
  });
}
