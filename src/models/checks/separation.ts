// Complete or quasi-complete separation in a binary model (Albert & Anderson 1984): when a
// fixed-effect column splits the outcomes, the likelihood keeps rising as its coefficient runs
// off to +-infinity, so under MCMCglmm's default flat-ish prior (B = N(0, 1e10)) the chain
// drifts to estimates of 1e5 with a clean R-hat. The per-column check here finds the cases a
// single column causes: an indicator column whose rows all have the same outcome, or a covariate
// with a threshold that splits the outcomes; and a level of a main-effect factor (the baseline
// level has no column of its own) whose rows all have the same outcome. The cure is an informative prior on the fixed
// effects (Gelman et al. 2008; MCMCglmm's course notes use V = 1 + pi^2/3 on the logit scale).

import { familyOf } from "../families/registry.js";
import type { Csc } from "../../linalg/csc.js";
import { formatRNumber } from "../formula/print.js";
import type { TermList } from "../formula/terms.js";
import type { DataFrame, Response } from "../types.js";
import { evaluateVariable } from "../variables.js";

/** Per unit: 0 or 1 for an outcome, 0.5 for a binomial row with both outcomes, NaN for no information. */
function outcomes(r: Response): Float64Array | null {
  const binaryCategories = r.categories !== undefined && r.categories.length === 2;
  const link = familyOf(r).link;
  if (binaryCategories && (link === "logit" || link === "probit")) {
    return Float64Array.from(r.y);
  }
  if (link === "logit" && r.trials !== undefined && r.nTraits === 1 && r.counts === undefined) {
    const t = r.trials;
    return Float64Array.from(r.y, (y, u) => (Number.isNaN(y) || !(t[u] > 0) ? NaN : y === 0 ? 0 : y === t[u] ? 1 : 0.5));
  }
  return null;
}

function priorAdvice(r: Response): string {
  const probit = familyOf(r).link === "probit";
  const v = probit ? '"V": 2' : '"V": 4.29';
  const scale = probit ? "1 + 1 on the probit scale" : "1 + pi^2/3 on the logit scale";
  return `give the fixed effects an informative prior, e.g. prior "B": {"mu": 0, ${v}} (${scale}, with the residual variance fixed at 1)`;
}

function label(r: Response, outcome: number): string {
  if (r.categories !== undefined) return `"${r.categories[outcome]}"`;
  return outcome === 0 ? "0 successes" : "only successes";
}

/** One warning per fixed-effect column that separates a binary response's outcomes. */
export function separationWarnings(responses: readonly Response[], X: Csc, names: readonly string[], nUnits: number): string[] {
  const out: string[] = [];
  const x = new Float64Array(nUnits);
  for (const r of responses) {
    const y = outcomes(r);
    if (y === null) continue;
    const base = r.traitOffset * nUnits;
    for (let j = 0; j < X.ncol; j++) {
      x.fill(0);
      let touched = false;
      for (let e = X.colPtr[j]; e < X.colPtr[j + 1]; e++) {
        const row = X.rowIdx[e] - base;
        if (row >= 0 && row < nUnits) {
          x[row] = X.values[e];
          touched = true;
        }
      }
      if (!touched) continue;
      const why = separates(x, y, r);
      if (why !== null) out.push(`response "${r.name}": fixed effect "${names[j]}" separates the outcomes (${why}), so the data do not bound its estimate and the chain drifts to huge values; ${priorAdvice(r)}`);
    }
  }
  return out;
}

/** Why column x separates outcomes y, or null. Columns constant over the rows (intercepts) are left to the constant-response check. */
function separates(x: Float64Array, y: Float64Array, r: Response): string | null {
  let min0 = Infinity, max0 = -Infinity, min1 = Infinity, max1 = -Infinity;
  let mixed = false, indicator = true;
  const onOne = new Set<number>();
  let xFirst: number | null = null, varies = false;
  for (let u = 0; u < x.length; u++) {
    const o = y[u];
    if (Number.isNaN(o)) continue;
    const v = x[u];
    if (xFirst === null) xFirst = v;
    else if (v !== xFirst) varies = true;
    if (v !== 0 && v !== 1) indicator = false;
    if (v === 1) onOne.add(o);
    if (o === 0.5) mixed = true;
    else if (o === 0) {
      min0 = Math.min(min0, v);
      max0 = Math.max(max0, v);
    } else {
      min1 = Math.min(min1, v);
      max1 = Math.max(max1, v);
    }
  }
  if (!varies) return null;
  if (indicator) {
    if (onOne.size === 1) {
      const o = [...onOne][0];
      if (o === 0.5) return null;
      return `every row where it is 1 has the outcome ${label(r, o)}`;
    }
    return null;
  }
  if (mixed || min0 === Infinity || min1 === Infinity) return null;
  if (max0 <= min1) return `every row with the outcome ${label(r, 0)} has it <= ${formatRNumber(max0)}, every row with ${label(r, 1)} >= ${formatRNumber(min1)}`;
  if (max1 <= min0) return `every row with the outcome ${label(r, 1)} has it <= ${formatRNumber(max1)}, every row with ${label(r, 0)} >= ${formatRNumber(min0)}`;
  return null;
}

/**
 * Levels of main-effect factors whose rows all have one outcome, for the levels without an
 * indicator column of their own (the baseline level; every level of an ordered factor, coded by
 * polynomial contrasts), which the per-column check cannot see. `stacked` is the trait-stacked frame.
 */
export function levelSeparationWarnings(responses: readonly Response[], list: TermList, stacked: DataFrame, fixedNames: readonly string[], nUnits: number, where: string): string[] {
  const out: string[] = [];
  const binary = responses.map((r) => ({ r, y: outcomes(r) })).filter((b): b is { r: Response; y: Float64Array } => b.y !== null);
  if (binary.length === 0) return out;
  const columns = new Set(fixedNames);
  for (const term of list.terms) {
    if (term.vars.length !== 1) continue;
    const value = evaluateVariable(list.variables[term.vars[0]], stacked, where);
    if (value.kind !== "factor") continue;
    const name = list.variableNames[term.vars[0]];
    for (const { r, y } of binary) {
      const base = r.traitOffset * nUnits;
      value.levels.forEach((level, k) => {
        if (columns.has(`${name}${level}`)) return;
        const seen = new Set<number>();
        for (let u = 0; u < nUnits; u++) if (value.codes[base + u] === k && !Number.isNaN(y[u])) seen.add(y[u]);
        if (seen.size !== 1) return;
        const o = [...seen][0];
        if (o === 0.5) return;
        out.push(
          `response "${r.name}": every row with ${name} = "${level}" has the outcome ${label(r, o)}, which separates the outcomes, ` +
            `so the data do not bound the effects of ${name} (and the intercept) and the chain drifts to huge values; ${priorAdvice(r)}`,
        );
      });
    }
  }
  return out;
}
