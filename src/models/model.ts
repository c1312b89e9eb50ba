// buildModel: spec + data (+ relationship matrices) -> the immutable Model the samplers read.
// Order of work: parse every formula, check every column they name, then type the response,
// stack the data trait by trait (row = trait * nUnits + unit, as MCMCglmm's reshape does) and
// build X, Z and the covariance structures. All errors are raised before any sampling.

import { familyDefinition } from "./families/registry.js";
import { DataError, ModelSpecError } from "../errors.js";
import type { Csc } from "../linalg/csc.js";
import { checkSpecKeys } from "../io/spec-keys.js";
import { aliasingWarnings } from "./checks/aliasing.js";
import { constantResponseWarnings, missingResponseWarnings, oneRowWarnings, singleLevelWarnings } from "./checks/identification.js";
import { checkCategoryResponses, checkFiniteColumns } from "./checks/response-values.js";
import { levelSeparationWarnings, separationWarnings } from "./checks/separation.js";
import { checkTraitResidual } from "./checks/trait-residual.js";
import { analyseEstimability, columnsToCsc, modelMatrix } from "./design.js";
import { buildResponses, responseColumns } from "./families/index.js";
import { parseFormula, type Node } from "./formula/parse.js";
import { parseRandomFormula, type RandomTermSpec } from "./formula/random.js";
import { expandTerms } from "./formula/terms.js";
import { buildLongModel } from "./long/long-model.js";
import { mevBlock } from "./structures/mev.js";
import { makeUnique, uniqueVcvNames } from "./structures/unique-names.js";
import { buildTerm, residualIndex, type Relationship, type TermBlock } from "./structures/build-term.js";
import type { Column, DataFrame, FactorColumn, Model, ModelSpec, Response } from "./types.js";
import { asFactor, evaluateVariable, referencedColumns } from "./variables.js";

export interface BuildModelOptions {
  /** A^-1 of the pedigree, for the `animal` factor (levels = pedigree ids, in pedigree order). */
  readonly pedigree?: Relationship;
  /** Inverse covariance matrices of other random-effect factors, by column name. */
  readonly ginverse?: Readonly<Record<string, Relationship>>;
}

const RESERVED = ["trait", "units"];

function checkColumns(frame: DataFrame, what: string, names: readonly string[]): void {
  for (const name of names) {
    if (!RESERVED.includes(name) && !frame.columns.has(name)) {
      throw new DataError(`${what} uses column "${name}", which is not in the data; the columns are: ${frame.names.join(", ")}`);
    }
  }
}

function randomColumns(terms: readonly RandomTermSpec[]): string[] {
  return terms.flatMap((t) => [...(t.inner === null ? [] : referencedColumns(t.inner)), ...t.groups]);
}

/** Re-level a factor to a relationship matrix's levels (MCMCglmm: factor(x, levels = rownames(Ainv))). */
function relevel(frame: DataFrame, name: string, rel: Relationship): Column {
  if (!frame.columns.has(name)) {
    throw new DataError(`a relationship matrix is given for "${name}", which is not a column of the data`);
  }
  const f = asFactor(evaluateVariable({ kind: "name", name, start: 0, end: 0 }, frame, `the ${name} relationship matrix`));
  const index = new Map(rel.levels.map((l, k) => [l, k]));
  const used = new Set(f.codes);
  const unknown = f.levels.filter((l, k) => !index.has(l) && used.has(k));
  if (unknown.length > 0) {
    const list = unknown.slice(0, 5).join(", ") + (unknown.length > 5 ? `, ... (${unknown.length} in all)` : "");
    throw new DataError(`some levels of "${name}" are not in its pedigree/ginverse: ${list}`);
  }
  const codes = Int32Array.from(f.codes, (c) => (c < 0 ? -1 : index.get(f.levels[c])!));
  return { kind: "factor", name, levels: [...rel.levels], codes, ordered: false };
}

/** Every column repeated once per trait, plus the factors `trait` and `units`. */
export function stackFrame(frame: DataFrame, traitNames: readonly string[]): DataFrame {
  const n = frame.nrow;
  const T = traitNames.length;
  const columns = new Map<string, Column>();
  for (const [name, col] of frame.columns) {
    if (col.kind === "numeric") {
      const values = new Float64Array(n * T);
      for (let t = 0; t < T; t++) values.set(col.values, t * n);
      columns.set(name, { ...col, values });
    } else {
      const codes = new Int32Array(n * T);
      for (let t = 0; t < T; t++) codes.set(col.codes, t * n);
      columns.set(name, { ...col, codes });
    }
  }
  const trait: FactorColumn = { kind: "factor", name: "trait", levels: traitNames, codes: Int32Array.from({ length: n * T }, (_, r) => Math.floor(r / n)), ordered: false };
  const units: FactorColumn = { kind: "factor", name: "units", levels: Array.from({ length: n }, (_, u) => String(u + 1)), codes: Int32Array.from({ length: n * T }, (_, r) => r % n), ordered: false };
  columns.set("trait", trait);
  columns.set("units", units);
  return { nrow: n * T, names: [...frame.names, "trait", "units"], columns };
}

/** Stacked rows whose response is observed (the rows MCMCglmm's estimability check uses). */
function observedRows(responses: readonly Response[], n: number, T: number): Uint8Array {
  const mask = new Uint8Array(n * T);
  for (const resp of responses) {
    for (let k = 0; k < resp.nTraits; k++) {
      for (let u = 0; u < n; u++) mask[(resp.traitOffset + k) * n + u] = Number.isNaN(resp.y[u]) ? 0 : 1;
    }
  }
  return mask;
}

/** `~units` gives one residual per unit: only possible with one latent trait. */
function checkUnitsResidual(rcov: readonly RandomTermSpec[], responses: readonly Response[], T: number, source: string): void {
  if (T === 1 || !rcov.some((t) => t.structure === null && t.groups.length === 1 && t.groups[0] === "units")) return;
  const cat = responses.find((r) => r.categories !== undefined && r.nTraits > 1);
  if (cat !== undefined) {
    throw new DataError(
      `response "${cat.name}" has ${cat.categories!.length} categories (${cat.categories!.join(", ")}), but rcov "${source}" ` +
        "treats it as binary; use rcov ~us(trait):units (or ~idh(trait):units) for more than two categories",
    );
  }
  throw new ModelSpecError(`rcov "${source}" has one residual per unit but the model has ${T} traits; use ~us(trait):units or ~idh(trait):units`);
}

/**
 * A residual term. `trait:units` (one common variance, a residual per trait and unit) is built
 * as idv(trait):units, so rows stay trait-major; it keeps MCMCglmm's name "trait:units".
 */
function residualBlock(spec: RandomTermSpec, stacked: DataFrame): TermBlock {
  const g = spec.groups;
  if (spec.structure !== null || g.length !== 2 || !g.includes("trait") || !g.includes("units")) {
    return buildTerm(spec, stacked, new Map(), -1);
  }
  const inner: Node = { kind: "name", name: "trait", start: 0, end: 0 };
  const block = buildTerm({ ...spec, structure: "idv", inner, groups: ["units"] }, stacked, new Map(), -1);
  return { ...block, term: { ...block.term, vcvNames: [g.join(":")] } };
}

/** Z = the blocks' columns side by side. */
function zFromBlocks(nrow: number, blocks: readonly TermBlock[]): Csc {
  const ncol = blocks.reduce((s, b) => s + b.columns.colPtr.length - 1, 0);
  const nnz = blocks.reduce((s, b) => s + b.columns.rowIdx.length, 0);
  const colPtr = new Int32Array(ncol + 1);
  const rowIdx = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let j = 0;
  let q = 0;
  for (const { columns: c } of blocks) {
    for (let k = 1; k < c.colPtr.length; k++) colPtr[++j] = q + c.colPtr[k];
    rowIdx.set(c.rowIdx, q);
    values.set(c.values, q);
    q += c.rowIdx.length;
  }
  return { nrow, ncol, colPtr, rowIdx, values };
}

/**
 * Build the Model for `spec` over `data`. Throws ModelSpecError / DataError naming what is wrong.
 *
 * @example
 * ```ts
 * const { spec, data, relationships } = loadSpec("examples/btdata/spec.json");
 * const model = buildModel(spec, data, { ginverse: relationships });
 * model.fixedNames; // ["traittarsus:sexFem", ...], X's column names as MCMCglmm's
 * ```
 */
export function buildModel(spec: ModelSpec, data: DataFrame, options: BuildModelOptions = {}): Model {
  checkSpecKeys(spec);
  if (typeof spec.fixed !== "string") throw new ModelSpecError('the spec needs a "fixed" formula, e.g. "y ~ x"');
  const fixed = parseFormula(spec.fixed, "fixed formula");
  const random = spec.random === undefined || spec.random.trim() === "" ? [] : parseRandomFormula(spec.random, "random formula");
  const rcovSource = spec.rcov ?? "~units";
  const rcov = parseRandomFormula(rcovSource, "rcov formula");
  if (fixed.lhs === null) throw new ModelSpecError(`fixed formula "${spec.fixed}" needs a response on the left of '~'`);

  const long = spec.family === null;
  for (const name of RESERVED) {
    if (data.columns.has(name) && !(long && name === "trait")) throw new DataError(`"${name}" is a reserved name in model formulas: rename that column of the data`);
  }
  checkColumns(data, `fixed formula "${spec.fixed}"`, referencedColumns(fixed));
  checkColumns(data, `random formula "${spec.random}"`, randomColumns(random));
  checkColumns(data, `rcov formula "${rcovSource}"`, randomColumns(rcov));
  // a censored family's response columns hold -Inf / Inf for open interval ends
  const families = Array.isArray(spec.family) ? spec.family : [spec.family ?? "gaussian"];
  const openEnds = families.some((f) => familyDefinition(f).openEnds === true) ? new Set(referencedColumns(fixed.lhs as Node)) : new Set<string>();
  checkFiniteColumns(data, [...referencedColumns(fixed), ...randomColumns(random), ...randomColumns(rcov)], openEnds);

  const relationships = new Map<string, Relationship>(Object.entries(options.ginverse ?? {}));
  if (options.pedigree !== undefined) {
    if (relationships.has("animal")) throw new ModelSpecError("both a pedigree and a ginverse for animal are given: give one");
    relationships.set("animal", options.pedigree);
  }
  const columns = new Map(data.columns);
  for (const [name, rel] of relationships) columns.set(name, relevel(data, name, rel));
  const frame: DataFrame = { nrow: data.nrow, names: data.names, columns };

  if (long) return buildLongModel(spec, frame, relationships, { fixed, random, rcov, rcovSource });
  const responseCols = responseColumns(fixed.lhs as Node, frame);
  const { responses, traitNames } = buildResponses(responseCols, spec.family ?? undefined);
  checkCategoryResponses(responses, responseCols);
  const n = frame.nrow;
  const T = traitNames.length;
  checkUnitsResidual(rcov, responses, T, rcovSource);
  checkTraitResidual(responses, rcovSource);
  const stacked = stackFrame(frame, traitNames);

  const terms = expandTerms(fixed.rhs, spec.fixed, true);
  const design = modelMatrix(terms, stacked, { where: `fixed formula "${spec.fixed}"`, requireTwoLevels: true });
  const priorOnlyWarnings: string[] = [];
  let observed = observedRows(responses, n, T);
  if (spec.prior_only === true) {
    // draws from the prior: the response is not used, and every fixed effect the design can form is kept
    const seen = observed.reduce((s, v) => s + v, 0);
    if (seen > 0) priorOnlyWarnings.push(`prior_only: the ${seen} observed response value(s) are not used; these are draws from the prior`);
    observed = new Uint8Array(observed.length).fill(1);
  } else if (!observed.includes(1)) {
    throw new DataError('every value of the response is missing (to draw from the prior alone, set "prior_only": true)');
  }
  const { kept, dropped } = analyseEstimability(design.columns, observed);
  const X = columnsToCsc(stacked.nrow, kept.map((j) => design.columns[j]));

  const gBlocks: TermBlock[] = [];
  let offset = 0;
  for (const t of random) {
    const block = buildTerm(t, stacked, relationships, offset);
    gBlocks.push(block);
    offset += block.names.length;
  }
  if (spec.mev !== undefined) gBlocks.push(mevBlock(spec.mev, frame, T, offset));
  const rBlocks = rcov.map((t) => residualBlock(t, stacked));

  // names stay apart when two terms share a factor and coefficients (unique-names.ts)
  const fixedNames = kept.map((j) => design.names[j]);
  const covarianceTerms = uniqueVcvNames(fixedNames, [...gBlocks, ...rBlocks].map((b) => b.term));
  const Z = zFromBlocks(stacked.nrow, gBlocks);
  const randomTerms = covarianceTerms.slice(0, gBlocks.length);
  // MCMCglmm stops here ("family column exists in data and in family argument"); mcglmm says so
  const familyColumn = data.columns.has("family")
    ? ['the data have a "family" column, which is not used: the families are the spec\'s "family" (MCMCglmm refuses this; for long-format data with trait and family columns set "family": null)']
    : [];
  // with prior_only the data are not used: what they cannot tell does not matter
  const warnings = [...familyColumn, ...(spec.prior_only === true ? priorOnlyWarnings : [
    ...missingResponseWarnings(responses),
    ...oneRowWarnings(n),
    ...constantResponseWarnings(responses),
    ...aliasingWarnings(dropped, design.names),
    ...separationWarnings(responses, X, fixedNames, n),
    ...levelSeparationWarnings(responses, terms, stacked, fixedNames, n, `fixed formula "${spec.fixed}"`),
    ...singleLevelWarnings(randomTerms, Z, observed),
  ])];
  return {
    spec,
    nUnits: n,
    nTraits: T,
    traitNames,
    responses,
    X,
    fixedNames,
    Z,
    randomNames: makeUnique([...fixedNames, ...gBlocks.flatMap((b) => [...b.names])]).slice(fixedNames.length),
    randomTerms,
    residualTerms: covarianceTerms.slice(gBlocks.length),
    residualIndex: residualIndex(rBlocks, n, T, rcovSource),
    data: frame,
    warnings,
  };
}
