// Random and residual terms -> blocks of Z and CovarianceTerm records, with MCMCglmm's column
// names and dropping rules (its buildZ.R, re-derived here): a term `vf(f):g` has one column per
// (coefficient of the sub-formula f, level of g), coefficient-major, valued by the coefficient's
// row value. Without a relationship matrix, empty columns are dropped: per coefficient for
// idh/idv, per level (empty for every coefficient) for us/corg/corgh. With one (animal model),
// every level of the relationship matrix keeps its column, in its order.

import { buildLinkedTerm } from "./link-term.js";
import { STRUCTURES } from "./registry.js";
import { ModelSpecError } from "../../errors.js";
import type { Csc } from "../../linalg/csc.js";
import { modelMatrix } from "../design.js";
import { printNode } from "../formula/print.js";
import type { RandomTermSpec } from "../formula/random.js";
import { expandTerms } from "../formula/terms.js";
import type { CovarianceTerm, DataFrame, VarianceStructure } from "../types.js";
import { asFactor, evaluateVariable } from "../variables.js";

/** A relationship (inverse covariance) matrix over named levels: A^-1 from a pedigree, or any ginverse. */
export interface Relationship {
  readonly levels: readonly string[];
  readonly Ainv: Csc;
  /**
   * Optional sparse F with F F' = Ainv (same order), e.g. T' D^-1/2 from a pedigree (inverseA):
   * lets the conjugate-gradient sampler draw N(0, Ainv) without factorising Ainv.
   */
  readonly AinvRoot?: Csc;
}

/** Columns of Z (or of the residual design) in compressed-column form, without a row count. */
export interface SparseColumns {
  readonly colPtr: Int32Array;
  readonly rowIdx: Int32Array;
  readonly values: Float64Array;
}

export interface TermBlock {
  readonly term: CovarianceTerm;
  /** Column names, "(Intercept).Subject.308", "herd.1". */
  readonly names: readonly string[];
  readonly columns: SparseColumns;
}

interface Grouping {
  readonly label: string;
  readonly levels: readonly string[];
  readonly codes: Int32Array;
  readonly ginverse?: Csc;
  readonly ginverseRoot?: Csc;
}

/** The grouping factor: one factor, or the interaction of several (first varying fastest). */
function grouping(spec: RandomTermSpec, frame: DataFrame, relationships: ReadonlyMap<string, Relationship>, where: string): Grouping {
  // no grouping factor: one level, named "1" as MCMCglmm's factor(1)
  if (spec.groups.length === 0) return { label: "", levels: ["1"], codes: new Int32Array(frame.nrow) };
  const factors = spec.groups.map((g) => asFactor(evaluateVariable({ kind: "name", name: g, start: 0, end: 0 }, frame, where)));
  const label = spec.groups.join(":");
  const related = spec.groups.filter((g) => relationships.has(g));
  if (related.length > 0) {
    if (spec.groups.length > 1) {
      throw new ModelSpecError(`${where}: "${related[0]}" has a relationship matrix and cannot be interacted with other factors`);
    }
    const rel = relationships.get(related[0])!;
    return { label, levels: factors[0].levels, codes: factors[0].codes, ginverse: rel.Ainv, ...(rel.AinvRoot ? { ginverseRoot: rel.AinvRoot } : {}) };
  }
  // Interaction codes over the full cross, first factor fastest, then unused levels dropped.
  const n = frame.nrow;
  const codes = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    let code = 0;
    let stride = 1;
    for (const f of factors) {
      const c = f.codes[r];
      if (c < 0) {
        code = -1;
        break;
      }
      code += c * stride;
      stride *= f.levels.length;
    }
    codes[r] = code;
  }
  const used = [...new Set(codes)].filter((c) => c >= 0).sort((a, b) => a - b);
  const remap = new Map(used.map((c, k) => [c, k]));
  const levels = used.map((c) => {
    const parts: string[] = [];
    for (const f of factors) {
      parts.push(f.levels[c % f.levels.length]);
      c = Math.floor(c / f.levels.length);
    }
    return parts.join(".");
  });
  return { label, levels, codes: codes.map((c) => (c < 0 ? -1 : remap.get(c)!)) };
}

/** The coefficients of the variance function's sub-formula (dense columns), or one constant 1. */
export function coefficients(spec: RandomTermSpec, frame: DataFrame, where: string): { names: string[]; columns: Float64Array[] } | null {
  if (spec.inner === null) return null;
  const terms = expandTerms(spec.inner, spec.label, false);
  const X = modelMatrix(terms, frame, { where });
  const keep = X.columns.map((c, j) => j).filter((j) => X.columns[j].some((v) => v !== 0));
  if (keep.length === 0) throw new ModelSpecError(`${where}: the sub-formula of "${spec.label}" gives no non-zero predictors`);
  return { names: keep.map((j) => X.names[j]), columns: keep.map((j) => X.columns[j]) };
}

/** Build the columns and covariance record of one random (zOffset >= 0) or residual (zOffset -1) term. */
export function buildTerm(
  spec: RandomTermSpec,
  frame: DataFrame,
  relationships: ReadonlyMap<string, Relationship>,
  zOffset: number,
): TermBlock {
  const where = `${zOffset < 0 ? "residual" : "random"} term "${spec.label}"`;
  const coefs = coefficients(spec, frame, where);
  if (spec.link !== undefined) return checked(buildLinkedTerm(spec, frame, relationships, zOffset, coefs, where), where);
  const g = grouping(spec, frame, relationships, where);
  const coefNames = coefs?.names ?? ["(Intercept)"];
  const nLevel = g.levels.length;

  // Rows grouped by level (a counting sort), then per coefficient the non-zero count per level.
  const n = g.codes.length;
  const levelPtr = new Int32Array(nLevel + 1);
  for (const c of g.codes) if (c >= 0) levelPtr[c + 1]++;
  for (let l = 0; l < nLevel; l++) levelPtr[l + 1] += levelPtr[l];
  const levelRows = new Int32Array(levelPtr[nLevel]);
  const next = levelPtr.slice(0, nLevel);
  for (let r = 0; r < n; r++) if (g.codes[r] >= 0) levelRows[next[g.codes[r]]++] = r;
  const xs = coefNames.map((_, i) => coefs?.columns[i]);
  const counts = xs.map((x) => {
    const cnt = new Int32Array(nLevel);
    for (let l = 0; l < nLevel; l++) {
      for (let q = levelPtr[l]; q < levelPtr[l + 1]; q++) if (x === undefined || x[levelRows[q]] !== 0) cnt[l]++;
    }
    return cnt;
  });

  const structure = spec.structure ?? "idv";
  const all = Array.from({ length: nLevel }, (_, l) => l);
  let keep: number[][] = counts.map(() => all);
  if (g.ginverse === undefined) {
    if (STRUCTURES[structure].dropEmpty === "per-coefficient") keep = counts.map((cnt) => all.filter((l) => cnt[l] > 0));
    else keep = counts.map(() => all.filter((l) => counts.some((cnt) => cnt[l] > 0)));
  }

  const prefix = (i: number) => (coefs === null ? "" : coefNames[i] + ".");
  const names = keep.flatMap((ls, i) => ls.map((l) => `${prefix(i)}${g.label}.${g.levels[l]}`));
  const columns = fillColumns(keep, counts, xs, levelPtr, levelRows);
  const term: CovarianceTerm = {
    label: spec.label,
    structure,
    dim: coefNames.length,
    coefNames,
    factor: g.label,
    nLevels: keep.map((ls) => ls.length),
    levelNames: keep.map((ls) => ls.map((l) => g.levels[l])),
    zOffset,
    ...(g.ginverse === undefined ? {} : { ginverse: g.ginverse }),
    ...(g.ginverseRoot === undefined ? {} : { ginverseRoot: g.ginverseRoot }),
    vcvNames: vcvNames(spec, coefNames, g.label),
    ...(spec.order === undefined ? {} : { order: spec.order }),
  };
  return checked({ term, names, columns }, where);
}

/** The structure's own checks of a built term (e.g. an antedependence order below its dimension). */
function checked(block: TermBlock, where: string): TermBlock {
  STRUCTURES[block.term.structure].checkTerm?.(block.term, where);
  return block;
}

/** The kept (coefficient, level) columns, coefficient-major, rows ascending within each. */
function fillColumns(
  keep: readonly number[][],
  counts: readonly Int32Array[],
  xs: readonly (Float64Array | undefined)[],
  levelPtr: Int32Array,
  levelRows: Int32Array,
): SparseColumns {
  const ncol = keep.reduce((s, ls) => s + ls.length, 0);
  const colPtr = new Int32Array(ncol + 1);
  let j = 0;
  keep.forEach((ls, i) => ls.forEach((l) => (colPtr[j + 1] = colPtr[j++] + counts[i][l])));
  const rowIdx = new Int32Array(colPtr[ncol]);
  const values = new Float64Array(colPtr[ncol]);
  let w = 0;
  keep.forEach((ls, i) => {
    const x = xs[i];
    for (const l of ls) {
      for (let q = levelPtr[l]; q < levelPtr[l + 1]; q++) {
        const r = levelRows[q];
        const v = x === undefined ? 1 : x[r];
        if (v !== 0) {
          rowIdx[w] = r;
          values[w++] = v;
        }
      }
    }
  });
  return { colPtr, rowIdx, values };
}

/** MCMCglmm's VCV column names for a term: the factor alone for a plain factor term. */
function vcvNames(spec: RandomTermSpec, coefNames: readonly string[], factor: string): string[] {
  if (spec.inner === null) return [factor];
  return STRUCTURES[spec.structure ?? "idv"].vcvNames(printNode(spec.inner).replace(/ /g, ""), coefNames, factor);
}

/**
 * The residual index of a residual design: for every stacked row (row = trait * nUnits + unit),
 * the residual term covering it and its coefficient in that term. As MCMCglmm requires, every
 * row has exactly one residual, with coefficient 1 (no random regressions); the terms may list
 * the rows in any order (e.g. idh(sex):units over unsorted data).
 */
export function residualIndex(blocks: readonly TermBlock[], nUnits: number, nTraits: number, rcov: string): { term: Int32Array; coef: Int32Array } {
  const nrow = nUnits * nTraits;
  const term = new Int32Array(nrow).fill(-1);
  const coef = new Int32Array(nrow).fill(-1);
  blocks.forEach((b, t) => {
    const { colPtr, rowIdx, values } = b.columns;
    if (values.some((v) => v !== 1)) {
      throw new ModelSpecError(`rcov "${rcov}": residual terms cannot be random regressions (term "${b.term.label}")`);
    }
    let j = 0;
    b.term.nLevels.forEach((m, a) => {
      for (const end = j + m; j < end; j++) {
        if (colPtr[j + 1] - colPtr[j] > 1) {
          throw new ModelSpecError(
            `rcov "${rcov}": term "${b.term.label}" gives one residual to several rows (traits) of a unit; ` +
              "with several traits use ~us(trait):units, ~idh(trait):units or ~idv(trait):units",
          );
        }
        for (let e = colPtr[j]; e < colPtr[j + 1]; e++) {
          const r = rowIdx[e];
          if (term[r] >= 0) {
            throw new ModelSpecError(
              `rcov "${rcov}": data row ${(r % nUnits) + 1} has a residual in both "${blocks[term[r]].term.label}" and "${b.term.label}"; ` +
                "residual terms must partition the observations (e.g. with at.level)",
            );
          }
          term[r] = t;
          coef[r] = a;
        }
      }
    });
  });
  const uncovered = term.indexOf(-1);
  if (uncovered >= 0) {
    const unit = (uncovered % nUnits) + 1, trait = Math.floor(uncovered / nUnits) + 1;
    throw new ModelSpecError(
      `rcov "${rcov}": the residual terms must cover every observation of every trait exactly once; ` +
        `data row ${unit}${nTraits > 1 ? ` (trait ${trait})` : ""} has no residual (a missing value in a residual factor?)`,
    );
  }
  return { term, coef };
}

export { hasCovariances } from "./registry.js";
