// Posterior predictive checks (Gelman, Meng & Stern 1996; Gelman et al., BDA3 ch. 6): for each
// test statistic T and response, T(y) against T(y_rep) over data sets replicated from the
// posterior predictive distribution (simulate.ts), and the posterior predictive p-value
// P(T(y_rep) >= T(y)) with ties counted as half, so a discrete statistic is not biased towards
// large p. A p-value near 0 or 1 flags a feature of the data the model does not reproduce.

import { ModelSpecError } from "../errors.js";
import type { Fit } from "../fit.js";
import { quantile7 } from "../diagnostics/index.js";
import { predictionDesign } from "../models/newdata.js";
import type { FactorColumn } from "../models/types.js";
import { asFactor, evaluateVariable } from "../models/variables.js";
import type { MarginalSpec } from "./linear-predictor.js";
import { simulateDesign } from "./simulate.js";
import { defaultStatistics, resolveStatistic, type StatisticContext, type StatisticSpec } from "./statistics.js";

export interface PpcOptions {
  /** Replicated data sets (default: the number of saved draws, at most 1000). */
  nsim?: number;
  seed?: number;
  /** Factors (columns of the data) for "group_means". */
  groups?: string | readonly string[];
  /** Random terms to marginalise when replicating (default all: new levels' effects from G). */
  marginal?: MarginalSpec;
  /** Check only these responses (default all). */
  responses?: readonly string[];
  /** Flag when p < alpha or p > 1 - alpha (default 0.05). */
  alpha?: number;
}

export interface PpcCheck {
  readonly statistic: string;
  readonly response: string;
  readonly observed: number;
  readonly replicated: Float64Array;
  /** P(T(y_rep) > T(y)) + P(T(y_rep) = T(y)) / 2. */
  readonly pValue: number;
  readonly flagged: boolean;
  readonly verdict: string;
}

export interface PpcResult {
  readonly nsim: number;
  readonly checks: readonly PpcCheck[];
}

/**
 * Posterior predictive p-value with ties as half.
 *
 * @example
 * ```ts
 * ppcPValue(3.1, Float64Array.of(2.9, 3.0, 3.2, 3.4)); // 0.5: half the replicates exceed the observed value
 * ```
 */
export function ppcPValue(observed: number, replicated: ArrayLike<number>): number {
  let above = 0, ties = 0;
  for (let s = 0; s < replicated.length; s++) {
    if (replicated[s] > observed) above++;
    else if (replicated[s] === observed) ties++;
  }
  return (above + 0.5 * ties) / replicated.length;
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : Math.abs(x) >= 1e4 || Math.abs(x) < 1e-3 ? x.toExponential(3) : x.toPrecision(4));

/** The verdict line; with a calibration, the calibrated p-value decides the flag. */
export function verdictOf(
  response: string,
  label: string,
  observed: number,
  rep: Float64Array,
  p: number,
  alpha: number,
  calibrated?: { pValue: number; replicates: number },
): { flagged: boolean; verdict: string } {
  const decisive = calibrated ? calibrated.pValue : p;
  const flagged = decisive < alpha || decisive > 1 - alpha;
  const lo = quantile7(rep, 0.025), hi = quantile7(rep, 0.975);
  const calibration = calibrated ? `, calibrated p = ${calibrated.pValue.toFixed(3)} (${calibrated.replicates} refits)` : "";
  const where = `${response} ${label}: observed ${fmt(observed)}, replicated 95% range [${fmt(lo)}, ${fmt(hi)}], p = ${p.toFixed(3)}${calibration}`;
  if (!flagged) return { flagged, verdict: `${where}: consistent with the model` };
  const side = decisive < alpha ? "larger" : "smaller";
  return { flagged, verdict: `${where}: FLAGGED, the observed value is ${side} than the model's replicates` };
}

function groupFactors(fit: Fit, groups: PpcOptions["groups"], units: Int32Array): FactorColumn[] {
  const names = groups === undefined ? [] : typeof groups === "string" ? [groups] : [...groups];
  return names.map((name) => {
    const f = asFactor(evaluateVariable({ kind: "name", name, start: 0, end: 0 }, fit.model.data, "ppc groups"));
    const present = [...new Set(Array.from(units, (u) => f.codes[u]).filter((c) => c >= 0))].sort((a, b) => a - b);
    const remap = new Map(present.map((c, k) => [c, k]));
    return {
      kind: "factor",
      name,
      levels: present.map((c) => f.levels[c]),
      codes: Int32Array.from(units, (u) => (f.codes[u] < 0 ? -1 : remap.get(f.codes[u])!)),
      ordered: false,
    };
  });
}

const pick = (x: Float64Array, units: Int32Array): Float64Array => Float64Array.from(units, (u) => x[u]);

/**
 * Run posterior predictive checks of `statistics` (default: the family's built-ins) on every response.
 *
 * @example
 * ```ts
 * const { checks } = ppc(result, ["mean", "sd", "prop_zero"], { nsim: 500 });
 * checks.map((c) => c.verdict);
 * ```
 */
export function ppc(fit: Fit, statistics?: StatisticSpec | readonly StatisticSpec[], options: PpcOptions = {}): PpcResult {
  const model = fit.model;
  const total = fit.chainDraws.chains.length * (fit.chainDraws.chains[0]?.[0]?.length ?? 0);
  const nsim = options.nsim ?? Math.min(1000, total);
  const alpha = options.alpha ?? 0.05;
  const wanted = options.responses;
  if (wanted) {
    for (const w of wanted) {
      if (!model.responses.some((r) => r.name === w)) throw new ModelSpecError(`ppc: "${w}" is not a response of the model (${model.responses.map((r) => r.name).join(", ")})`);
    }
  }
  const design = predictionDesign(model);
  const sim = simulateDesign(fit, design, { nsim, ...(options.seed !== undefined ? { seed: options.seed } : {}), marginal: options.marginal });
  const checks: PpcCheck[] = [];
  model.responses.forEach((r, k) => {
    if (wanted && !wanted.includes(r.name)) return;
    const units = Int32Array.from(Array.from(r.y.keys()).filter((u) => !Number.isNaN(r.y[u])));
    const ctx: StatisticContext = {
      response: r.name,
      family: r.family,
      ...(r.categories ? { categories: r.categories } : {}),
      ...(r.trials ? { trials: pick(r.trials, units) } : {}),
      groups: groupFactors(fit, options.groups, units),
    };
    const specs = statistics === undefined ? defaultStatistics(r.family) : Array.isArray(statistics) ? statistics : [statistics as StatisticSpec];
    for (const spec of specs) {
      const stat = resolveStatistic(spec);
      const labels = stat.labels(ctx);
      const observed = stat.compute(pick(r.y, units), ctx);
      checkValues(observed, labels, stat.name, r.name, "the observed data");
      const replicated = labels.map(() => new Float64Array(nsim));
      for (let s = 0; s < nsim; s++) {
        const t = stat.compute(pick(sim.responses[k].values[s], units), ctx);
        checkValues(t, labels, stat.name, r.name, `replicate ${s + 1}`);
        t.forEach((v, j) => (replicated[j][s] = v));
      }
      labels.forEach((label, j) => {
        const p = ppcPValue(observed[j], replicated[j]);
        checks.push({ statistic: label, response: r.name, observed: observed[j], replicated: replicated[j], pValue: p, ...verdictOf(r.name, label, observed[j], replicated[j], p, alpha) });
      });
    }
  });
  return { nsim, checks };
}

function checkValues(values: readonly number[], labels: readonly string[], name: string, response: string, what: string): void {
  if (values.length !== labels.length) {
    throw new ModelSpecError(`statistic "${name}" gave ${values.length} values for ${what} of response "${response}"; expected ${labels.length}`);
  }
  values.forEach((v, j) => {
    if (typeof v !== "number" || Number.isNaN(v)) {
      throw new ModelSpecError(`statistic "${labels[j]}" returned ${String(v)} (not a number) for ${what} of response "${response}"`);
    }
  });
}

/**
 * One line per check, for the terminal.
 *
 * @example
 * ```ts
 * console.log(formatPpc(ppc(result, ["mean", "prop_zero"])));
 * ```
 */
export function formatPpc(result: PpcResult): string {
  return result.checks.map((c) => c.verdict).join("\n");
}
