// New rows coded as the fit coded its data (newdata.ts): the rows are appended to the training
// rows, column by column and typed as the training columns, before any formula is evaluated, so
// factor levels, contrasts, factor() of numbers and interaction labels come out as in the fit
// (R's predict uses the training xlevels the same way). Also the checks a user's newdata must
// pass, each a DataError naming the column, row or level at fault.

import { DataError, ModelSpecError } from "../errors.js";
import { formatRNumber } from "./formula/print.js";
import { frameFromRows } from "./frame.js";
import { parseFormula } from "./formula/parse.js";
import { expandTerms } from "./formula/terms.js";
import { stackFrame } from "./model.js";
import { randomSpecs } from "./prediction-terms.js";
import type { Column, DataFrame, Model } from "./types.js";
import { evaluateVariable, referencedColumns } from "./variables.js";

const RESERVED = new Set(["trait", "units"]);

/** New data as a DataFrame: row objects typed with the spec's column types for the columns they have. */
export function newdataFrame(data: DataFrame | readonly Record<string, unknown>[], spec: Model["spec"]): DataFrame {
  if (!Array.isArray(data)) return data as DataFrame;
  const rows = data as readonly Record<string, unknown>[];
  const present = new Set(rows.flatMap((r) => Object.keys(r)));
  const columns = Object.fromEntries(Object.entries(spec.columns ?? {}).filter(([name]) => present.has(name)));
  return frameFromRows(rows, columns);
}

/** Columns the predictors need (fixed right-hand side, random terms). */
export function predictorColumns(model: Model): string[] {
  const fixed = parseFormula(model.spec.fixed, "fixed formula");
  const cols = new Set(referencedColumns(fixed.rhs));
  for (const t of randomSpecs(model)) {
    if (t.inner !== null) for (const c of referencedColumns(t.inner)) cols.add(c);
    for (const g of t.groups) cols.add(g);
  }
  for (const c of [model.spec.mev ?? []].flat()) cols.add(c); // known sampling variances (mev)
  return [...cols].filter((c) => !RESERVED.has(c));
}

/**
 * The training rows then the rows of `newdata`, over the predictor columns only, stacked by trait
 * as the model stacks its data. Throws DataError for empty newdata, a reserved column name or a
 * missing or mistyped column.
 */
export function stackWithTraining(model: Model, newdata: DataFrame): DataFrame {
  if (newdata.nrow === 0) throw new DataError("newdata has no rows");
  for (const name of RESERVED) {
    if (newdata.columns.has(name)) throw new DataError(`newdata has a column "${name}", a reserved name in model formulas`);
  }
  const needed = predictorColumns(model);
  const combined = combineFrames(model, newdata, needed);
  return stackFrame(combined, model.traitNames);
}

/** Labels of a column's values (factor levels, or numbers printed as R prints them); null = missing. */
function labelsOf(col: Column): (string | null)[] {
  if (col.kind === "factor") return Array.from(col.codes, (c) => (c < 0 ? null : col.levels[c]));
  return Array.from(col.values, (v) => (Number.isNaN(v) ? null : formatRNumber(v)));
}

/** Training column followed by the new rows, typed as the training column; new labels appended as levels. */
function appendColumn(train: Column, added: Column): Column {
  const n0 = train.kind === "factor" ? train.codes.length : train.values.length;
  if (train.kind === "numeric") {
    let values: Float64Array;
    if (added.kind === "numeric") values = added.values;
    else {
      values = Float64Array.from(labelsOf(added), (l) => (l === null ? NaN : Number(l)));
      const bad = values.findIndex((v, r) => Number.isNaN(v) && added.codes[r] >= 0);
      if (bad >= 0) throw new DataError(`newdata column "${train.name}" row ${bad + 1} holds "${labelsOf(added)[bad]}", but the model's "${train.name}" is numeric`);
    }
    const out = new Float64Array(n0 + values.length);
    out.set(train.values);
    out.set(values, n0);
    return { kind: "numeric", name: train.name, values: out };
  }
  const levels = [...train.levels];
  const index = new Map(levels.map((l, k) => [l, k]));
  const labels = labelsOf(added);
  const codes = new Int32Array(n0 + labels.length);
  codes.set(train.codes);
  labels.forEach((l, r) => {
    if (l === null) {
      codes[n0 + r] = -1;
      return;
    }
    let k = index.get(l);
    if (k === undefined) {
      k = levels.length;
      levels.push(l);
      index.set(l, k);
    }
    codes[n0 + r] = k;
  });
  return { kind: "factor", name: train.name, levels, codes, ordered: train.ordered };
}

/** Training rows then new rows, over the predictor columns only. */
function combineFrames(model: Model, newdata: DataFrame, needed: readonly string[]): DataFrame {
  const columns = new Map<string, Column>();
  for (const name of needed) {
    const train = model.data.columns.get(name);
    if (train === undefined) throw new ModelSpecError(`the model needs column "${name}", which its own data lack`);
    const added = newdata.columns.get(name);
    if (added === undefined) {
      throw new DataError(`newdata lacks column "${name}", which the model needs (it needs: ${needed.join(", ")}); newdata has: ${newdata.names.join(", ")}`);
    }
    columns.set(name, appendColumn(train, added));
  }
  return { nrow: model.nUnits + newdata.nrow, names: [...needed], columns };
}

/** Every factor a fixed-effect term uses must take, in the new rows, only levels the training rows have. */
export function checkFixedLevels(model: Model, stacked: DataFrame, n0: number, n1: number, where: string): void {
  const fixed = parseFormula(model.spec.fixed, "fixed formula");
  const list = expandTerms(fixed.rhs, model.spec.fixed, true);
  const total = n0 + n1;
  list.variables.forEach((node, k) => {
    const value = evaluateVariable(node, stacked, where);
    if (value.kind !== "factor") return;
    const seen = new Set<number>();
    for (let r = 0; r < value.codes.length; r++) if (r % total < n0) seen.add(value.codes[r]);
    for (let r = 0; r < value.codes.length; r++) {
      const u = r % total;
      if (u < n0) continue;
      const c = value.codes[r];
      if (c < 0) throw new DataError(`newdata row ${u - n0 + 1}: "${list.variableNames[k]}" is missing; a fixed effect needs it`);
      if (!seen.has(c)) {
        throw new DataError(
          `newdata row ${u - n0 + 1}: "${list.variableNames[k]}" has level "${value.levels[c]}", which the training data never have, ` +
            `so its fixed effect is unknown (levels seen: ${value.levels.filter((_, j) => seen.has(j)).join(", ")})`,
        );
      }
    }
  });
}
