// The random-effect layout of a prediction (newdata.ts): per random term, each predicted row's
// level, its coefficient values, and the fit's random-effect column of every (level,
// coefficient), matched by name as MCMCglmm names them; -1 for a level the fit never saw.

import { ModelSpecError } from "../errors.js";
import { modelMatrix } from "./design.js";
import { parseRandomFormula, type RandomTermSpec } from "./formula/random.js";
import { expandTerms } from "./formula/terms.js";
import { LINKS } from "./structures/links.js";
import type { CovarianceTerm, DataFrame, Model } from "./types.js";
import { asFactor, evaluateVariable } from "./variables.js";

/** One random term over the rows of a prediction design. */
export interface TermRows {
  readonly term: CovarianceTerm;
  /**
   * Memberships per row: 1, or one per factor of a str/mm term (a row belongs to a level of each).
   * Membership p of stacked row r is entry r * slots + p of `level`, and of `coef` (times dim).
   */
  readonly slots: number;
  /** Per stacked row (and membership): index into `levels`, -1 when there is none (missing grouping value). */
  readonly level: Int32Array;
  readonly levels: readonly string[];
  /** Per stacked row, the term's `dim` coefficient values (row-major, rows x dim). */
  readonly coef: Float64Array;
  /** Per (level, coefficient): level * dim + a -> the fit's random-effect column, or -1 (a level the fit never saw). */
  readonly column: Int32Array;
}

/** The model's random terms as parsed from its spec, in the model's order. */
export function randomSpecs(model: Model): RandomTermSpec[] {
  const src = model.spec.random;
  return src === undefined || src.trim() === "" ? [] : parseRandomFormula(src, "random formula");
}

/** One random term's levels and coefficient values over the stacked rows u in [n0, n0 + n1). */
export function termRows(model: Model, spec: RandomTermSpec, term: CovarianceTerm, stacked: DataFrame, n0: number, n1: number, where: string): TermRows {
  if (spec.link !== undefined) return linkedTermRows(model, spec, term, stacked, n0, n1, where);
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
      const label = factors.length === 0 ? "1" : parts.join("."); // no grouping factor: one level "1" (build-term.ts)
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
  return { term, slots: 1, level, levels, coef, column };
}

/**
 * A str/mm term (link-term.ts): membership c of a row is its level of factor c. For str it loads
 * the coefficients (i, c) (pseudo-coefficient i * F + c) with x_i; for mm all coefficients i with
 * the factor's sign times x_i. Columns are matched by name as the fit named them.
 */
function linkedTermRows(model: Model, spec: RandomTermSpec, term: CovarianceTerm, stacked: DataFrame, n0: number, n1: number, where: string): TermRows {
  const T = model.nTraits;
  const total = n0 + n1;
  const F = spec.groups.length;
  const stack = LINKS[spec.link!.kind].combine === "stack";
  const factors = spec.groups.map((g) => asFactor(evaluateVariable({ kind: "name", name: g, start: 0, end: 0 }, stacked, where)));
  const innerNames = stack ? term.coefNames.filter((_, a) => a % F === 0).map((c) => (spec.inner === null ? "(Intercept)" : c.slice(c.indexOf(":") + 1))) : term.coefNames;
  let x: (Float64Array | null)[] = innerNames.map(() => null);
  if (spec.inner !== null) {
    const X = modelMatrix(expandTerms(spec.inner, spec.label, false), stacked, { where });
    x = innerNames.map((c) => {
      const j = X.names.indexOf(c);
      if (j < 0) throw new ModelSpecError(`${where}: coefficient "${c}" of "${spec.label}" cannot be formed`);
      return X.columns[j];
    });
  }
  const dim = term.dim;
  const rowsOut = T * n1;
  const level = new Int32Array(rowsOut * F).fill(-1);
  const coef = new Float64Array(rowsOut * F * dim);
  const levels: string[] = [];
  const index = new Map<string, number>();
  for (let t = 0; t < T; t++) {
    for (let u = 0; u < n1; u++) {
      const r = t * total + n0 + u;
      const out = t * n1 + u;
      for (let c = 0; c < F; c++) {
        const code = factors[c].codes[r];
        if (code < 0) continue;
        const label = factors[c].levels[code];
        let l = index.get(label);
        if (l === undefined) {
          l = levels.length;
          levels.push(label);
          index.set(label, l);
        }
        const slot = out * F + c;
        level[slot] = l;
        innerNames.forEach((_, i) => {
          const xi = x[i] === null ? 1 : x[i]![r];
          if (stack) coef[slot * dim + i * F + c] = xi;
          else coef[slot * dim + i] = spec.link!.signs[c] * xi;
        });
      }
    }
  }
  const names = new Map(model.randomNames.map((nm, j) => [nm, j]));
  const column = new Int32Array(levels.length * dim);
  levels.forEach((l, k) => {
    for (let a = 0; a < dim; a++) {
      const i = stack ? Math.floor(a / F) : a;
      const factor = stack ? spec.groups[a % F] : spec.groups[0];
      const prefix = spec.inner === null ? "" : `${innerNames[i]}.`;
      column[k * dim + a] = names.get(`${prefix}${factor}.${l}`) ?? -1;
    }
  });
  return { term, slots: F, level, levels, coef, column };
}
