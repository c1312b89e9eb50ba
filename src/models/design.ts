// Design matrices as R's model.matrix builds them (Chambers & Hastie 1992, ch. 2): an intercept
// column, then each term's columns, the first variable varying fastest. A factor in a term is
// coded by contrasts when the term without it is the empty term or lies inside an earlier term,
// otherwise by one indicator per level; without an intercept the first factor of the first term
// holding one gets indicators. Treatment contrasts for factors, polynomial ones for ordered.

import { DataError } from "../errors.js";
import { euclideanNorm, pow } from "../math/deterministic.js";
import { cscFromTriplets, type Csc } from "../linalg/csc.js";
import type { TermList } from "./formula/terms.js";
import type { DataFrame } from "./types.js";
import { evaluateVariable, type VariableValue } from "./variables.js";

export interface DesignMatrix {
  readonly nrow: number;
  readonly names: readonly string[];
  /** Dense columns: model formulas have few columns, and the sparse matrix is built once from them. */
  readonly columns: readonly Float64Array[];
}

interface Coding {
  readonly ncol: number;
  readonly suffix: (c: number) => string;
  readonly value: (row: number, c: number) => number;
}

/** R's contr.poly: orthonormal polynomials over scores 1..k (Gram-Schmidt on the powers). */
export function polyContrasts(k: number): number[][] {
  const x = Array.from({ length: k }, (_, i) => i + 1 - (k + 1) / 2);
  const basis: number[][] = [];
  for (let d = 0; d < k; d++) {
    let v = x.map((xi) => pow(xi, d));
    for (const q of basis) {
      const dot = v.reduce((s, vi, i) => s + vi * q[i], 0);
      v = v.map((vi, i) => vi - dot * q[i]);
    }
    const norm = Math.sqrt(v.reduce((s, vi) => s + vi * vi, 0));
    basis.push(v.map((vi) => vi / norm));
  }
  return basis.slice(1); // basis[d][level], degrees 1..k-1
}

const polyName = (d: number): string => [".L", ".Q", ".C"][d - 1] ?? `^${d}`;

function coding(value: VariableValue, byContrast: boolean): Coding {
  if (value.kind === "numeric") {
    const { columns, colnames } = value;
    return {
      ncol: columns.length,
      suffix: (c) => (columns.length === 1 ? "" : (colnames?.[c] ?? String(c + 1))),
      value: (r, c) => columns[c][r],
    };
  }
  const { codes, levels } = value;
  if (!byContrast) return { ncol: levels.length, suffix: (c) => levels[c], value: (r, c) => (codes[r] === c ? 1 : 0) };
  if (value.ordered) {
    const P = polyContrasts(levels.length);
    return { ncol: levels.length - 1, suffix: (c) => polyName(c + 1), value: (r, c) => P[c][codes[r]] };
  }
  return { ncol: levels.length - 1, suffix: (c) => levels[c + 1], value: (r, c) => (codes[r] === c + 1 ? 1 : 0) };
}

/** R's TermCode: is variable v of term t coded by contrasts? */
function byContrasts(list: TermList, t: number, v: number): boolean {
  const rest = list.terms[t].vars.filter((u) => u !== v);
  if (rest.length === 0) return true;
  return list.terms.slice(0, t).some((p) => rest.every((u) => p.vars.includes(u)));
}

export interface ModelMatrixOptions {
  /** Names the formula in messages ("fixed formula"). */
  readonly where: string;
  /** Refuse factors with fewer than two levels, as R's contrasts() does for fixed effects. */
  readonly requireTwoLevels?: boolean;
}

/** The model matrix of `list` over `frame`, names as R's model.matrix gives them. */
export function modelMatrix(list: TermList, frame: DataFrame, options: ModelMatrixOptions): DesignMatrix {
  const n = frame.nrow;
  const values = list.variables.map((node) => evaluateVariable(node, frame, options.where));
  values.forEach((value, k) => checkVariable(value, list.variableNames[k], options));

  // Contrast (true) or indicator (false) coding per term and factor.
  const contrast = list.terms.map((term, t) => term.vars.map((v) => byContrasts(list, t, v)));
  if (!list.intercept) {
    outer: for (let t = 0; t < list.terms.length; t++) {
      for (const [j, v] of list.terms[t].vars.entries()) {
        if (values[v].kind === "factor") {
          contrast[t][j] = false;
          break outer;
        }
      }
    }
  }

  const names: string[] = [];
  const columns: Float64Array[] = [];
  if (list.intercept) {
    names.push("(Intercept)");
    columns.push(new Float64Array(n).fill(1));
  }
  list.terms.forEach((term, t) => {
    const codings = term.vars.map((v, j) => coding(values[v], contrast[t][j]));
    const total = codings.reduce((p, c) => p * c.ncol, 1);
    for (let col = 0; col < total; col++) {
      // Mixed-radix digits of `col`, first variable fastest.
      let rem = col;
      const digits = codings.map((c) => {
        const d = rem % c.ncol;
        rem = Math.floor(rem / c.ncol);
        return d;
      });
      names.push(term.vars.map((v, j) => list.variableNames[v] + codings[j].suffix(digits[j])).join(":"));
      const out = new Float64Array(n);
      for (let r = 0; r < n; r++) {
        let x = 1;
        for (let j = 0; j < codings.length; j++) x *= codings[j].value(r, digits[j]);
        out[r] = x;
      }
      columns.push(out);
    }
  });
  return { nrow: n, names, columns };
}

function checkVariable(value: VariableValue, name: string, options: ModelMatrixOptions): void {
  const missing =
    value.kind === "factor" ? value.codes.some((c) => c < 0) : value.columns.some((col) => col.some((x) => Number.isNaN(x)));
  if (missing) {
    throw new DataError(`"${name}" (in ${options.where}) has missing values; remove those rows or fill them in`);
  }
  if (options.requireTwoLevels && value.kind === "factor" && value.levels.length < 2) {
    throw new DataError(
      `factor "${name}" (in ${options.where}) has only one level (${value.levels.join("")}); ` +
        "a factor needs at least two levels to be a fixed effect: drop it from the formula",
    );
  }
}

/** A column dropped as non-estimable, with the kept columns it is a combination of. */
export interface AliasedColumn {
  readonly index: number;
  /** Kept columns (indices into the original columns) and their coefficients: column = sum coef * kept. */
  readonly aliases: readonly { readonly index: number; readonly coef: number }[];
}

export interface Estimability {
  /** Indices of the columns kept, in order. */
  readonly kept: number[];
  readonly dropped: AliasedColumn[];
}

/**
 * Which columns are not linear combinations of earlier ones, over the rows in `rows` (all when
 * null): R's lm() with LINPACK's limited pivoting (tolerance 1e-7 on the remaining norm relative
 * to the original), which is how MCMCglmm removes non-estimable effects. Gram-Schmidt (twice, for
 * orthogonality) with the triangular factor R kept, so a dropped column's combination of the kept
 * ones is R^-1 times its projections.
 */
export function analyseEstimability(columns: readonly Float64Array[], rows: Uint8Array | null, tol = 1e-7): Estimability {
  const pick = (c: Float64Array) => (rows === null ? Float64Array.from(c) : c.filter((_, r) => rows[r] === 1));
  const basis: Float64Array[] = [];
  const R: Float64Array[] = []; // R[k] = column k of the triangular factor (length k + 1)
  const kept: number[] = [];
  const dropped: AliasedColumn[] = [];
  columns.forEach((col, j) => {
    const v = pick(col);
    const norm0 = euclideanNorm(v);
    const proj = new Float64Array(basis.length + 1);
    for (let pass = 0; pass < 2; pass++) {
      basis.forEach((q, k) => {
        let dot = 0;
        for (let i = 0; i < v.length; i++) dot += v[i] * q[i];
        for (let i = 0; i < v.length; i++) v[i] -= dot * q[i];
        proj[k] += dot;
      });
    }
    const norm = euclideanNorm(v);
    if (norm0 > 0 && norm > tol * norm0) {
      for (let i = 0; i < v.length; i++) v[i] /= norm;
      proj[basis.length] = norm;
      basis.push(v);
      R.push(proj);
      kept.push(j);
      return;
    }
    // Back-substitution R c = proj over the kept columns.
    const m = basis.length;
    const c = new Float64Array(m);
    for (let k = m - 1; k >= 0; k--) {
      let s = proj[k];
      for (let l = k + 1; l < m; l++) s -= R[l][k] * c[l];
      c[k] = s / R[k][k];
    }
    const scale = Math.max(1e-300, ...Array.from(c, Math.abs));
    const aliases = norm0 === 0 ? [] : kept.map((index, k) => ({ index, coef: c[k] })).filter((a) => Math.abs(a.coef) > 1e-8 * scale);
    dropped.push({ index: j, aliases });
  });
  return { kept, dropped };
}

/** Indices of the estimable columns (analyseEstimability's `kept`). */
export function estimableColumns(columns: readonly Float64Array[], rows: Uint8Array | null, tol = 1e-7): number[] {
  return analyseEstimability(columns, rows, tol).kept;
}


/** Dense columns -> CSC, keeping only non-zero entries. */
export function columnsToCsc(nrow: number, columns: readonly Float64Array[]): Csc {
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  columns.forEach((col, j) => {
    for (let r = 0; r < nrow; r++) {
      if (col[r] !== 0) {
        rows.push(r);
        cols.push(j);
        vals.push(col[r]);
      }
    }
  });
  return cscFromTriplets(nrow, columns.length, rows, cols, vals);
}
