// buildModel for long-format data (spec.family === null, MCMCglmm's family = NULL): one response
// column, a `trait` factor and a `family` column (long-data.ts). `units` is the data row. The
// formulas are evaluated on the data rows as given; the rows are then placed on mcglmm's
// unit x trait grid (long-residual.ts) so that each residual block is one grid unit, and X and Z
// move with them. Grid cells no data row fills are absent: zero design rows, a missing response
// and no residual term (structures/residual-layout.ts), so the posterior is the data rows' one.
// A wide model and its long form (the wide rows stacked, `rcov` over the wide row's id) are then
// the same model.

import { ModelSpecError } from "../../errors.js";
import { cscFromTriplets, type Csc } from "../../linalg/index.js";
import { aliasingWarnings } from "../checks/aliasing.js";
import { analyseEstimability, columnsToCsc, modelMatrix } from "../design.js";
import { familyDefinition } from "../families/registry.js";
import { responseColumns } from "../families/index.js";
import type { FormulaNode, Node } from "../formula/parse.js";
import type { RandomTermSpec } from "../formula/random.js";
import { expandTerms } from "../formula/terms.js";
import { buildTerm, type Relationship, type TermBlock } from "../structures/build-term.js";
import { makeUnique, uniqueVcvNames } from "../structures/unique-names.js";
import type { Column, DataFrame, FactorColumn, Model, ModelSpec, Response } from "../types.js";
import type { VariableValue } from "../variables.js";
import { longTraits } from "./long-data.js";
import { covuDummies, covuRequested } from "./covu-dummies.js";
import { longGrid, longResidual } from "./long-residual.js";

export interface LongFormulas {
  readonly fixed: FormulaNode;
  readonly random: readonly RandomTermSpec[];
  readonly rcov: readonly RandomTermSpec[];
  readonly rcovSource: string;
}

/** The data frame with `trait` re-levelled to the used traits and `units` = data row. */
function longFrame(frame: DataFrame, traitNames: readonly string[], traitOf: Int32Array): DataFrame {
  const n = frame.nrow;
  const columns = new Map<string, Column>(frame.columns);
  const trait: FactorColumn = { kind: "factor", name: "trait", levels: [...traitNames], codes: traitOf, ordered: false };
  const units: FactorColumn = { kind: "factor", name: "units", levels: Array.from({ length: n }, (_, u) => String(u + 1)), codes: Int32Array.from({ length: n }, (_, u) => u), ordered: false };
  columns.set("trait", trait);
  columns.set("units", units);
  return { nrow: n, names: [...frame.names.filter((x) => x !== "trait"), "trait", "units"], columns };
}

/** A design over the data rows moved to the grid rows (rows of absent cells stay empty). */
function toGrid(M: Csc, gridRow: Int32Array, nrow: number): Csc {
  const rows: number[] = [], cols: number[] = [], values: number[] = [];
  for (let j = 0; j < M.ncol; j++) {
    for (let e = M.colPtr[j]; e < M.colPtr[j + 1]; e++) {
      rows.push(gridRow[M.rowIdx[e]]);
      cols.push(j);
      values.push(M.values[e]);
    }
  }
  return cscFromTriplets(nrow, M.ncol, rows, cols, values);
}

/** Z over the data rows: the blocks' columns side by side. */
function zOfBlocks(nrow: number, blocks: readonly TermBlock[]): Csc {
  const rows: number[] = [], cols: number[] = [], values: number[] = [];
  let j = 0;
  for (const { columns: c } of blocks) {
    for (let k = 0; k + 1 < c.colPtr.length; k++, j++) {
      for (let e = c.colPtr[k]; e < c.colPtr[k + 1]; e++) {
        rows.push(c.rowIdx[e]);
        cols.push(j);
        values.push(c.values[e]);
      }
    }
  }
  return cscFromTriplets(nrow, j, rows, cols, values);
}

/** Per trait, the response column over the grid units: the data rows' values on their cells, missing elsewhere. */
function traitColumn(y: VariableValue, traitOf: Int32Array, gridRow: Int32Array, t: number, nUnits: number): VariableValue {
  // the data rows only (dummy rows, after them, stay missing)
  if (y.kind === "numeric") {
    if (y.columns.length !== 1) throw new ModelSpecError("family = null (long format) takes one response column, not a matrix");
    const values = new Float64Array(nUnits).fill(Number.NaN);
    for (let i = 0; i < traitOf.length; i++) if (traitOf[i] === t) values[gridRow[i] - t * nUnits] = y.columns[0][i];
    return { ...y, columns: [values] };
  }
  // a factor response: each trait's own categories (MCMCglmm recodes each trait's values alone)
  const used = new Uint8Array(y.levels.length);
  for (let i = 0; i < traitOf.length; i++) if (traitOf[i] === t && y.codes[i] >= 0) used[y.codes[i]] = 1;
  const recode = new Int32Array(y.levels.length).fill(-1);
  let next = 0;
  used.forEach((u, k) => { if (u) recode[k] = next++; });
  const codes = new Int32Array(nUnits).fill(-1);
  for (let i = 0; i < traitOf.length; i++) if (traitOf[i] === t && y.codes[i] >= 0) codes[gridRow[i] - t * nUnits] = recode[y.codes[i]];
  return { ...y, levels: y.levels.filter((_, k) => used[k] === 1), codes };
}

export function buildLongModel(spec: ModelSpec, frame: DataFrame, relationships: ReadonlyMap<string, Relationship>, f: LongFormulas): Model {
  if (spec.mev !== undefined) throw new ModelSpecError("mev with family = null (long format) is not implemented in mcglmm");
  if (spec.prior_only === true) throw new ModelSpecError("prior_only with family = null (long format) is not implemented in mcglmm");
  // both are laid out per unit and trait; long-format rows sit on mcglmm's grid instead (not mapped back)
  if (spec.pl === true) throw new ModelSpecError("pl (saving the latent variables) with family = null (long format) is not implemented in mcglmm");
  if (spec.start?.liab !== undefined) throw new ModelSpecError("start liab with family = null (long format) is not implemented in mcglmm");
  const traits = longTraits(frame);
  const N = frame.nrow, T = traits.traitNames.length;
  const data = longFrame(frame, traits.traitNames, traits.traitOf);
  const cols = responseColumns(f.fixed.lhs as Node, data);
  if (cols.length !== 1) throw new ModelSpecError(`family = null (long format) takes one response column; "${spec.fixed}" has ${cols.length}`);
  const y = cols[0].value;

  const gBlocks: TermBlock[] = [];
  let offset = 0;
  for (const t of f.random) {
    const block = buildTerm(t, data, relationships, offset);
    gBlocks.push(block);
    offset += block.names.length;
  }
  const rBlocks = f.rcov.map((t) => buildTerm(t, data, new Map(), -1));
  let residual = longResidual(rBlocks, N, f.rcovSource);
  let traitOf = traits.traitOf;
  // covu: R1's empty slots become MCMCglmm's dummy rows (covu-dummies.ts)
  const dummies = covuRequested(spec) && gBlocks.length > 0 ? covuDummies(gBlocks[gBlocks.length - 1].term, rBlocks[0], residual, traitOf, f.rcovSource) : undefined;
  if (dummies !== undefined) {
    rBlocks[0] = dummies.block;
    residual = dummies.residual;
    traitOf = dummies.traitOf;
  }
  const grid = longGrid(rBlocks, residual, traitOf, T, f.rcovSource);
  const n = grid.nUnits;

  const responses: Response[] = traits.families.map((family, t) => {
    const name = traits.traitNames[t];
    const column = traitColumn(y, traits.traitOf, grid.gridRow, t, n);
    const built = familyDefinition(family).build(family, [{ text: name, name, value: column }], t);
    if (built.response.nTraits !== 1) {
      throw new ModelSpecError(`trait "${name}" (family "${family}") has ${built.response.nTraits} latent traits; with family = null each row needs one liability (categorical with two categories at most), as in MCMCglmm`);
    }
    return { ...built.response, name };
  });

  const observed = new Uint8Array(N);
  for (let i = 0; i < N; i++) observed[i] = y.kind === "numeric" ? (Number.isNaN(y.columns[0][i]) ? 0 : 1) : y.codes[i] < 0 ? 0 : 1;
  const terms = expandTerms(f.fixed.rhs, spec.fixed, true);
  const design = modelMatrix(terms, data, { where: `fixed formula "${spec.fixed}"`, requireTwoLevels: true });
  const { kept, dropped } = analyseEstimability(design.columns, observed);
  const X = toGrid(columnsToCsc(N, kept.map((j) => design.columns[j])), grid.gridRow, n * T);

  const Z = toGrid(zOfBlocks(N, gBlocks), grid.gridRow, n * T);
  const fixedNames = kept.map((j) => design.names[j]);
  const covarianceTerms = uniqueVcvNames(fixedNames, [...gBlocks, ...rBlocks].map((b) => b.term));
  const missing = N - observed.reduce((s, v) => s + v, 0);
  return {
    spec,
    nUnits: n,
    nTraits: T,
    traitNames: traits.traitNames,
    responses,
    X,
    fixedNames,
    Z,
    randomNames: makeUnique([...fixedNames, ...gBlocks.flatMap((b) => [...b.names])]).slice(fixedNames.length),
    randomTerms: covarianceTerms.slice(0, gBlocks.length),
    residualTerms: covarianceTerms.slice(gBlocks.length),
    residualIndex: { term: grid.term, coef: grid.coef },
    long: { nRows: N, gridRow: grid.gridRow.slice(0, N), residualLevel: grid.level },
    data,
    warnings: [
      ...traits.warnings,
      ...(dummies !== undefined && dummies.count > 0 ? [`covu: ${dummies.count} empty slot(s) of ${rBlocks[0].term.label} (levels without a data row) get dummy rows, imputed from the model, as MCMCglmm's`] : []),
      ...(missing > 0 ? [`response: ${missing} data row(s) have a missing value, imputed from the model`] : []),
      ...aliasingWarnings(dropped, design.names),
    ],
  };
}
