// The design of a prediction: X and the random-effect layout for the training data or for new
// rows, coded exactly as the fit coded its data. New rows are appended to the training rows
// before any formula is evaluated (newdata-frame.ts) and only the new rows are kept; the random
// terms' layout is in prediction-terms.ts. MCMCglmm refits a one-iteration model on newdata and
// matches the column names; matching by name is what happens here too.

import { DataError, ModelSpecError } from "../errors.js";
import { cscFromTriplets, type Csc } from "../linalg/csc.js";
import { modelMatrix } from "./design.js";
import { familyDefinition, familyOf, responseColumns, type ResponseColumn } from "./families/index.js";
import { printNode } from "./formula/print.js";
import { evaluateVariable, referencedColumns } from "./variables.js";
import { parseFormula, type Node } from "./formula/parse.js";
import { expandTerms } from "./formula/terms.js";
import { stackFrame } from "./model.js";
import { checkFixedLevels, stackWithTraining } from "./newdata-frame.js";
import { randomSpecs, termRows, type TermRows } from "./prediction-terms.js";
import { mevTermRows } from "./structures/mev.js";
import type { RandomTermSpec } from "./formula/random.js";
import type { DataFrame, Model, Response } from "./types.js";

export { newdataFrame, predictorColumns } from "./newdata-frame.js";
export type { TermRows } from "./prediction-terms.js";

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
  /**
   * The responses as the predicted rows hold them (row u of the design is unit u of each): the
   * model's own for the training rows; for new rows, families with per-row parameters
   * (FamilyDefinition.unitParameters: ncst, msst) rebuilt from newdata's response columns,
   * read on first use (link-scale predictions need none).
   */
  readonly responses: readonly Response[];
}

/**
 * The prediction design for the training rows (no newdata) or for `newdata`, whose columns are
 * coded with the training levels. Throws DataError naming a missing column or a fixed-effect
 * level the training data never have.
 */
export function predictionDesign(model: Model, newdata?: DataFrame): PredictionDesign {
  const specs = randomSpecs(model);
  if (specs.length !== model.randomTerms.filter((t) => !t.knownVariance).length) throw new ModelSpecError("the random formula does not match the fitted model's terms");
  if (newdata === undefined) {
    const stacked = stackFrame(model.data, model.traitNames);
    const where = "the training data";
    return {
      nUnits: model.nUnits,
      nTraits: model.nTraits,
      X: model.X,
      terms: layoutTerms(model, specs, stacked, 0, model.nUnits, () => where),
      frame: model.data,
      isNew: false,
      trials: trialsOf(model, model.data, false),
      responses: model.responses,
    };
  }
  rejectPolyForNewdata(model);
  const stacked = stackWithTraining(model, newdata);
  const n0 = model.nUnits, n1 = newdata.nrow;
  const where = `newdata (fixed formula "${model.spec.fixed}")`;
  checkFixedLevels(model, stacked, n0, n1, where);
  const X = newFixedDesign(model, stacked, n0, n1, where);
  const terms = layoutTerms(model, specs, stacked, n0, n1, (label) => `newdata (random term "${label}")`);
  const frame = newdata;
  let responses: readonly Response[] | undefined;
  return {
    nUnits: n1, nTraits: model.nTraits, X, terms, frame, isNew: true, trials: trialsOf(model, newdata, true),
    get responses() {
      return (responses ??= newRowResponses(model, newdata));
    },
  };
}

/**
 * poly() of the training rows and new rows together would be a different basis from the fit's
 * (R's predict keeps the fit's coefficients; not implemented here), so say so instead.
 */
function rejectPolyForNewdata(model: Model): void {
  for (const [what, formula] of [["fixed", model.spec.fixed], ["random", model.spec.random ?? ""]]) {
    if (/\bpoly\s*\(/.test(formula) && !/raw\s*=\s*(TRUE|T)\b/.test(formula)) {
      throw new ModelSpecError(`predictions for newdata are not available with orthogonal poly() terms (${what} formula "${formula}"); use poly(..., raw = TRUE) or predict the training rows`);
    }
  }
}

/** Every random term's rows, in the model's order: the formula's terms, then the mev term if any. */
function layoutTerms(model: Model, specs: readonly RandomTermSpec[], stacked: DataFrame, n0: number, n1: number, where: (label: string) => string): TermRows[] {
  let k = 0;
  return model.randomTerms.map((term) => {
    if (term.knownVariance) return mevTermRows(model, term, stacked, n0, n1, where(term.label));
    const spec = specs[k++];
    return termRows(model, spec, term, stacked, n0, n1, where(spec.label));
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
    const width = r.counts?.length ?? familyDefinition(r.family).columns(r.family);
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
 * The responses over newdata's rows: unitParameters and rowPattern families rebuilt from newdata's
 * response columns (y itself may be absent: it is not needed to predict; a rowPattern family's
 * columns may all be absent), the others as fitted.
 */
function newRowResponses(model: Model, frame: DataFrame): Response[] {
  if (!model.responses.some((r) => familyOf(r).unitParameters || familyOf(r).rowPattern)) return [...model.responses];
  const lhs = parseFormula(model.spec.fixed, "fixed formula").lhs as Node;
  const parts = lhs.kind === "call" && lhs.fn === "cbind" ? lhs.args.map((a) => a.value) : [lhs];
  let c = 0;
  return model.responses.map((r) => {
    const family = familyOf(r);
    const width = family.columns(r.family);
    const nodes = parts.slice(c, c + width);
    c += width;
    if (!family.unitParameters && !family.rowPattern) return r;
    const cols: ResponseColumn[] = nodes.map((node, j) => {
      const text = printNode(node);
      const name = referencedColumns(node)[0] ?? text;
      const present = referencedColumns(node).every((col) => frame.columns.has(col));
      // a rowPattern family without its columns in newdata: every row missing (its pattern unknown)
      if (!present && (j === 0 || family.rowPattern)) return { text, name, value: { kind: "numeric", columns: [new Float64Array(frame.nrow).fill(NaN)], colnames: null } };
      if (!present) throw new DataError(`newdata needs column "${text}" of the ${r.family} response "${r.name}" to predict or simulate on the data scale (its per-row values)`);
      return { text, name, value: evaluateVariable(node, frame, "newdata's response") };
    });
    return family.build(r.family, cols, r.traitOffset).response;
  });
}
