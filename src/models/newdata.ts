// The design of a prediction: X and the random-effect layout for the training data or for new
// rows, coded exactly as the fit coded its data. New rows are appended to the training rows
// before any formula is evaluated, so factor levels, treatment/polynomial contrasts, factor()
// of numbers and interaction labels all come out as in the fit (R's predict uses the training
// xlevels the same way); only the new rows are kept. MCMCglmm refits a one-iteration model on
// newdata and matches the column names; matching by name is what happens here too.

import { DataError, ModelSpecError } from "../errors.js";
import { cscFromTriplets, type Csc } from "../linalg/csc.js";
import { modelMatrix } from "./design.js";
import { responseColumns } from "./families.js";
import { formatRNumber } from "./formula/print.js";
import { frameFromRows } from "./frame.js";
import { parseFormula, type Node } from "./formula/parse.js";
import { parseRandomFormula, type RandomTermSpec } from "./formula/random.js";
import { expandTerms } from "./formula/terms.js";
import { stackFrame } from "./model.js";
import type { Column, CovarianceTerm, DataFrame, Model } from "./types.js";
import { asFactor, evaluateVariable, referencedColumns } from "./variables.js";

/** One random term over the rows of a prediction design. */
export interface TermRows {
  readonly term: CovarianceTerm;
  /** Per stacked row: index into `levels`, -1 when the row has no level (missing grouping value). */
  readonly level: Int32Array;
  readonly levels: readonly string[];
  /** Per stacked row, the term's `dim` coefficient values (row-major, rows x dim). */
  readonly coef: Float64Array;
  /** Per (level, coefficient): level * dim + a -> the fit's random-effect column, or -1 (a level the fit never saw). */
  readonly column: Int32Array;
}

export interface PredictionDesign {
  /** Rows (units) predicted. */
  readonly nUnits: number;
  readonly nTraits: number;
  /** Fixed-effect design over the stacked rows (trait-major, row = trait * nUnits + unit). */
  readonly X: Csc;
  /** The model's random terms, in the model's order. */
  readonly terms: readonly TermRows[];
  /** The unstacked rows predicted (new data coded with the training levels, or the training data). */
  readonly frame: DataFrame;
  /** True when the rows are new data. */
  readonly isNew: boolean;
  /** Trials per unit for each response (multinomial families), when known; undefined otherwise. */
  readonly trials: readonly (Float64Array | undefined)[];
}

const RESERVED = new Set(["trait", "units"]);

/** Columns the predictors need (fixed right-hand side, random terms). */
export function predictorColumns(model: Model): string[] {
  const fixed = parseFormula(model.spec.fixed, "fixed formula");
  const cols = new Set(referencedColumns(fixed.rhs));
  for (const t of randomSpecs(model)) {
    if (t.inner !== null) for (const c of referencedColumns(t.inner)) cols.add(c);
    for (const g of t.groups) cols.add(g);
  }
  return [...cols].filter((c) => !RESERVED.has(c));
}

function randomSpecs(model: Model): RandomTermSpec[] {
  const src = model.spec.random;
  return src === undefined || src.trim() === "" ? [] : parseRandomFormula(src, "random formula");
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
function checkFixedLevels(model: Model, stacked: DataFrame, n0: number, n1: number, where: string): void {
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

/** X over the new rows, columns in the fit's order; a non-estimable (dropped) column used by a new row is an error. */
function newFixedDesign(model: Model, stacked: DataFrame, n0: number, n1: number, where: string): Csc {
  const fixed = parseFormula(model.spec.fixed, "fixed formula");
  const design = modelMatrix(expandTerms(fixed.rhs, model.spec.fixed, true), stacked, { where });
  const T = model.nTraits;
  const total = n0 + n1;
  const byName = new Map(design.names.map((nm, j) => [nm, j]));
  const rows: number[] = [], cols: number[] = [], vals: number[] = [];
  model.fixedNames.forEach((name, j) => {
    const src = byName.get(name);
    if (src === undefined) throw new ModelSpecError(`fixed effect "${name}" of the fit has no column in the design for newdata`);
    const x = design.columns[src];
    for (let t = 0; t < T; t++) {
      for (let u = 0; u < n1; u++) {
        const v = x[t * total + n0 + u];
        if (v !== 0) {
          rows.push(t * n1 + u);
          cols.push(j);
          vals.push(v);
        }
      }
    }
  });
  const kept = new Set(model.fixedNames);
  design.names.forEach((name, j) => {
    if (kept.has(name)) return;
    for (let t = 0; t < T; t++) {
      for (let u = 0; u < n1; u++) {
        if (design.columns[j][t * total + n0 + u] !== 0) {
          throw new DataError(`newdata row ${u + 1} uses fixed effect "${name}", which the training data could not estimate (MCMCglmm drops it too)`);
        }
      }
    }
  });
  return cscFromTriplets(T * n1, model.fixedNames.length, rows, cols, vals);
}

/** One random term's levels and coefficient values over the stacked rows u in [n0, n0 + n1). */
function termRows(model: Model, spec: RandomTermSpec, term: CovarianceTerm, stacked: DataFrame, n0: number, n1: number, where: string): TermRows {
  const T = model.nTraits;
  const total = n0 + n1;
  const factors = spec.groups.map((g) => asFactor(evaluateVariable({ kind: "name", name: g, start: 0, end: 0 }, stacked, where)));
  const dim = term.dim;
  let coefColumns: Float64Array[] | null = null;
  if (spec.inner !== null) {
    const X = modelMatrix(expandTerms(spec.inner, spec.label, false), stacked, { where });
    coefColumns = term.coefNames.map((c) => {
      const j = X.names.indexOf(c);
      if (j < 0) throw new ModelSpecError(`${where}: coefficient "${c}" of "${spec.label}" cannot be formed`);
      return X.columns[j];
    });
  }
  const rowsOut = T * n1;
  const level = new Int32Array(rowsOut).fill(-1);
  const coef = new Float64Array(rowsOut * dim);
  const levels: string[] = [];
  const index = new Map<string, number>();
  for (let t = 0; t < T; t++) {
    for (let u = 0; u < n1; u++) {
      const r = t * total + n0 + u;
      const out = t * n1 + u;
      const parts: string[] = [];
      let missing = false;
      for (const f of factors) {
        const c = f.codes[r];
        if (c < 0) missing = true;
        else parts.push(f.levels[c]);
      }
      if (missing) continue;
      const label = parts.join(".");
      let k = index.get(label);
      if (k === undefined) {
        k = levels.length;
        levels.push(label);
        index.set(label, k);
      }
      level[out] = k;
      for (let a = 0; a < dim; a++) coef[out * dim + a] = coefColumns === null ? 1 : coefColumns[a][r];
    }
  }
  const names = new Map(model.randomNames.map((nm, j) => [nm, j]));
  const column = new Int32Array(levels.length * dim);
  levels.forEach((l, k) => {
    for (let a = 0; a < dim; a++) {
      const prefix = spec.inner === null ? "" : `${term.coefNames[a]}.`;
      column[k * dim + a] = names.get(`${prefix}${term.factor}.${l}`) ?? -1;
    }
  });
  return { term, level, levels, coef, column };
}

/** Trials per unit of each multinomial response, from the rows' response columns when they have them. */
function trialsOf(model: Model, frame: DataFrame, isNew: boolean): (Float64Array | undefined)[] {
  if (!isNew) return model.responses.map((r) => r.trials);
  if (!model.responses.some((r) => r.trials !== undefined)) return model.responses.map(() => undefined);
  let cols;
  try {
    const fixed = parseFormula(model.spec.fixed, "fixed formula");
    cols = responseColumns(fixed.lhs as Node, frame);
  } catch {
    return model.responses.map(() => undefined);
  }
  let c = 0;
  return model.responses.map((r) => {
    const width = r.trials === undefined ? 1 : (r.counts?.length ?? 2);
    const part = cols.slice(c, c + width);
    c += width;
    if (r.trials === undefined) return undefined;
    const n = new Float64Array(frame.nrow);
    for (const col of part) {
      if (col.value.kind !== "numeric") return undefined;
      const v = col.value.columns[0];
      for (let u = 0; u < n.length; u++) n[u] += v[u];
    }
    return n;
  });
}

/**
 * The prediction design for the training rows (no newdata) or for `newdata`, whose columns are
 * coded with the training levels. Throws DataError naming a missing column or a fixed-effect
 * level the training data never have.
 */
export function predictionDesign(model: Model, newdata?: DataFrame): PredictionDesign {
  const specs = randomSpecs(model);
  if (specs.length !== model.randomTerms.length) throw new ModelSpecError("the random formula does not match the fitted model's terms");
  if (newdata === undefined) {
    const stacked = stackFrame(model.data, model.traitNames);
    const where = "the training data";
    return {
      nUnits: model.nUnits,
      nTraits: model.nTraits,
      X: model.X,
      terms: specs.map((s, i) => termRows(model, s, model.randomTerms[i], stacked, 0, model.nUnits, where)),
      frame: model.data,
      isNew: false,
      trials: trialsOf(model, model.data, false),
    };
  }
  if (newdata.nrow === 0) throw new DataError("newdata has no rows");
  for (const name of RESERVED) {
    if (newdata.columns.has(name)) throw new DataError(`newdata has a column "${name}", a reserved name in model formulas`);
  }
  const needed = predictorColumns(model);
  const combined = combineFrames(model, newdata, needed);
  const stacked = stackFrame(combined, model.traitNames);
  const n0 = model.nUnits, n1 = newdata.nrow;
  const where = `newdata (fixed formula "${model.spec.fixed}")`;
  checkFixedLevels(model, stacked, n0, n1, where);
  const X = newFixedDesign(model, stacked, n0, n1, where);
  const terms = specs.map((s, i) => termRows(model, s, model.randomTerms[i], stacked, n0, n1, `newdata (random term "${s.label}")`));
  const frame = newdata;
  return { nUnits: n1, nTraits: model.nTraits, X, terms, frame, isNew: true, trials: trialsOf(model, newdata, true) };
}

/** New data as a DataFrame: row objects typed with the spec's column types for the columns they have. */
export function newdataFrame(data: DataFrame | readonly Record<string, unknown>[], spec: Model["spec"]): DataFrame {
  if (!Array.isArray(data)) return data as DataFrame;
  const rows = data as readonly Record<string, unknown>[];
  const present = new Set(rows.flatMap((r) => Object.keys(r)));
  const columns = Object.fromEntries(Object.entries(spec.columns ?? {}).filter(([name]) => present.has(name)));
  return frameFromRows(rows, columns);
}
