// The row-wise design the per-factor collapsed Gibbs location sampler (crossed-location.ts) walks:
// X as a dense row-major n x p array, and for each random term each row's one level and its Z
// value. Built once per model, with the constant crossproducts X'X, X'Z_t and diag(Z_t'Z_t) that
// each factor's full conditional needs (only R^-1 and G^-1 scale them per iteration).
// A model qualifies when one residual variance covers every unit of a single trait and every
// random term has one coefficient, no relationship matrix and at most one Z entry per row: then
// Z_t'R^-1 Z_t is diagonal, so a factor's levels are independent given everything else.

import type { Csc } from "../../../linalg/csc.js";
import { residualLayout } from "../../../models/structures/residual-layout.js";
import type { Model } from "../../../models/types.js";

export interface CrossedDesign {
  readonly n: number;
  /** Fixed effects. */
  readonly p: number;
  /** X column-major: column c at x[c * n .. c * n + n) (the passes stream one column at a time). */
  readonly x: Float64Array;
  /** 1 where X's column is all ones (the intercept): passes add its coefficient as a constant. */
  readonly ones: Uint8Array;
  /** X'X, p x p row-major. */
  readonly xtx: Float64Array;
  readonly terms: readonly CrossedFactor[];
}

export interface CrossedFactor {
  /** Index of this term's first level in theta (nFixed + zOffset). */
  readonly offset: number;
  readonly levels: number;
  /** sum over the level's rows of z^2: Z'Z's diagonal. */
  readonly zz: Float64Array;
  /** X'Z: column j (level j) at xz[j * p .. j * p + p). */
  readonly xz: Float64Array;
  /**
   * Each row's level and Z value in this term. A row without an entry points at level 0 with
   * value 0, so that passes over the rows need no branch (0 times a finite effect adds nothing).
   */
  readonly levelOf: Int32Array;
  readonly z: Float64Array;
  /** Every row has an entry of value 1 (a random intercept): passes skip z. */
  readonly unit: boolean;
}

/** Why the model cannot use the per-factor sampler, or undefined when it can. */
export function crossedIneligibility(model: Model): string | undefined {
  if (model.nTraits !== 1) return "it has more than one trait";
  if (model.long) return "it is long-format";
  if (!residualLayout(model).shared || model.residualTerms.length !== 1 || model.residualTerms[0].dim !== 1) return "its residual is not one variance shared by every unit";
  if (model.randomTerms.length === 0) return "it has no random terms";
  for (const term of model.randomTerms) {
    if (term.dim !== 1) return `random term ${term.label} has ${term.dim} coefficients`;
    if (term.ginverse) return `random term ${term.label} has a relationship matrix`;
  }
  const seen = new Int32Array(model.nUnits).fill(-1);
  for (let t = 0; t < model.randomTerms.length; t++) {
    const term = model.randomTerms[t];
    for (let j = term.zOffset; j < term.zOffset + term.nLevels[0]; j++) {
      for (let e = model.Z.colPtr[j]; e < model.Z.colPtr[j + 1]; e++) {
        const row = model.Z.rowIdx[e];
        if (seen[row] === t) return `random term ${term.label} has more than one Z entry in row ${row + 1}`;
        seen[row] = t;
      }
    }
  }
  return undefined;
}

export function buildCrossedDesign(model: Model): CrossedDesign {
  const n = model.nUnits, p = model.X.ncol;
  const x = new Float64Array(n * p);
  forEachEntry(model.X, 0, p, (row, c, v) => (x[c * n + row] = v));
  const xtx = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += x[a * n + i] * x[b * n + i];
      xtx[a * p + b] = s;
    }
  }
  const terms = model.randomTerms.map((term): CrossedFactor => {
    const levels = term.nLevels[0];
    const levelOf = new Int32Array(n), z = new Float64Array(n);
    const zz = new Float64Array(levels), xz = new Float64Array(levels * p);
    forEachEntry(model.Z, term.zOffset, levels, (row, j, v) => {
      levelOf[row] = j;
      z[row] = v;
      zz[j] += v * v;
      for (let c = 0; c < p; c++) xz[j * p + c] += x[c * n + row] * v;
    });
    const unit = z.every((v) => v === 1);
    return { offset: p + term.zOffset, levels, zz, xz, levelOf, z, unit };
  });
  const ones = Uint8Array.from({ length: p }, (_, c) => (x.subarray(c * n, c * n + n).every((v) => v === 1) ? 1 : 0));
  return { n, p, x, ones, xtx, terms };
}

/** Calls f(row, column - first, value) for every entry of columns first .. first + count - 1. */
function forEachEntry(A: Csc, first: number, count: number, f: (row: number, column: number, value: number) => void): void {
  for (let j = 0; j < count; j++) {
    for (let e = A.colPtr[first + j]; e < A.colPtr[first + j + 1]; e++) f(A.rowIdx[e], j, A.values[e]);
  }
}
