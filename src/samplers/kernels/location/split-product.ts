// The product y = C x for the conjugate-gradient location draw, with C split as
//   C = C_rest + sum_t G_t^-1 (x) F_t F_t'
// where the sum runs over the random terms whose ginverse comes with a sparse root F_t
// (F F' = A^-1; a pedigree's T' D^-1/2 has at most 3 entries per column: the animal, its sire,
// its dam) and C_rest (the data part W' R^-1 W, B^-1 and the other terms' priors) is assembled
// as a sparse upper triangle of its own. Why: stored as C's upper triangle, G^-1 (x) A^-1 has
// about 3 k^2 / 2 entries per animal, each a random read and a random write; through its root it
// is one pass over F that reads and writes the k coefficients of the animal, its sire and its dam
// (y_a += sum_b G^-1_ab F (F' x_b)). Same product, about a third of the random memory traffic.
// Built once per chain; allocation-free per product.

import type { Csc } from "../../../linalg/csc.js";
import { fillAssembly, planAssembly, type AssemblyPlan } from "../../../linalg/index.js";
import type { Model } from "../../../models/types.js";
import { coefficientOffsets, type MixedModelEquations } from "./mme.js";
import { buildPedigreeRootProduct, type PedigreeRootProduct } from "./pedigree-root-product.js";

interface RootedTerm {
  readonly term: number;
  readonly dim: number;
  readonly offsets: Int32Array;
  readonly F: Csc;
  /** The compact pass for a pedigree's root (pedigree-root-product.ts), when F has that form. */
  readonly pedigree?: PedigreeRootProduct;
}

export interface SplitProduct {
  /** Refills C_rest for the coefficients (mme.sources order) and takes each rooted term's G^-1. */
  refresh(coefficients: Float64Array, gInv: readonly Float64Array[]): void;
  /** y = C x; quadratic[0] = x'Cx (accumulated on the way: CG's p'Cp without a pass over p and y). */
  times(x: Float64Array, y: Float64Array, quadratic: Float64Array): void;
  /** Random terms applied through their root (for tests and benchmarks). */
  readonly rootedTerms: number;
  /** C_rest's upper triangle (values current after refresh). */
  readonly rest: Csc;
  /** Per rooted term: where its coefficients start, A^-1's diagonal and 1'A^-1 1 (for the preconditioner). */
  readonly priors: readonly { readonly offsets: Int32Array; readonly diagonal: Float64Array; readonly total: number }[];
  /** Per rooted term, its G^-1 as of the last refresh. */
  readonly gInv: readonly Float64Array[];
}

/** Terms whose prior precision the product applies through the root: a ginverse root whose size is every coefficient's level count. */
function rootedTerms(model: Model, nFixed: number, compact: boolean): RootedTerm[] {
  const out: RootedTerm[] = [];
  model.randomTerms.forEach((term, t) => {
    const F = term.ginverseRoot;
    if (!F || !term.ginverse || !term.nLevels.every((m) => m === F.nrow && m === F.ncol)) return;
    const offsets = Int32Array.from(coefficientOffsets(term.nLevels, nFixed + term.zOffset));
    const pedigree = compact ? buildPedigreeRootProduct(F, offsets) : undefined;
    out.push({ term: t, dim: term.dim, offsets, F, ...(pedigree ? { pedigree } : {}) });
  });
  return out;
}

/** The split product, or undefined when no term has a root (C's upper triangle is then the product). */
export function buildSplitProduct(model: Model, mme: MixedModelEquations, options: { compactPedigree?: boolean } = {}): SplitProduct | undefined {
  const size = mme.size;
  const rooted = rootedTerms(model, mme.nFixed, options.compactPedigree !== false);
  if (rooted.length === 0) return undefined;
  const isRooted = new Set(rooted.map((r) => r.term));
  const keep = mme.sources.map((s) => !(s.kind === "random" && isRooted.has(s.term)));
  const restPlan: AssemblyPlan = planAssembly(size, mme.plan.contributions.filter((_, i) => keep[i]));
  const restValues = new Float64Array(restPlan.pattern.colPtr[size]);
  const rest: Csc = { ...restPlan.pattern, values: restValues };
  checkDiagonalLast(rest);
  const restCoefficients = new Float64Array(restPlan.contributions.length);
  const keptIndex = Int32Array.from(keep.flatMap((k, i) => (k ? [i] : [])));
  const gInvOf = rooted.map((r) => new Float64Array(r.dim * r.dim));
  const maxDim = Math.max(1, ...rooted.map((r) => r.dim));
  const u = new Float64Array(maxDim), v = new Float64Array(maxDim);

  return {
    rootedTerms: rooted.length,
    rest,
    priors: rooted.map(({ offsets, F }) => ({ offsets, ...diagonalAndTotal(F) })),
    gInv: gInvOf,
    refresh(coefficients, gInv) {
      for (let i = 0; i < keptIndex.length; i++) restCoefficients[i] = coefficients[keptIndex[i]];
      fillAssembly(restPlan, restCoefficients, restValues);
      for (let r = 0; r < rooted.length; r++) gInvOf[r].set(gInv[rooted[r].term]);
    },
    times(x, y, quadratic) {
      upperTimes(rest, x, y, quadratic);
      for (let r = 0; r < rooted.length; r++) {
        const { dim: k, offsets, F, pedigree } = rooted[r];
        const g = gInvOf[r], { colPtr, rowIdx, values } = F;
        if (pedigree) {
          pedigree.times(g, x, y, quadratic);
          continue;
        }
        if (k === 2) {
          rootTimes2(F, g, offsets[0], offsets[1], x, y, quadratic);
          continue;
        }
        for (let j = 0; j < F.ncol; j++) {
          const lo = colPtr[j], hi = colPtr[j + 1];
          // u = F' x (this column, every coefficient), v = G^-1 u, y += F v
          for (let b = 0; b < k; b++) {
            const o = offsets[b];
            let s = 0;
            for (let q = lo; q < hi; q++) s += values[q] * x[o + rowIdx[q]];
            u[b] = s;
          }
          for (let a = 0; a < k; a++) {
            let s = 0;
            for (let b = 0; b < k; b++) s += g[a * k + b] * u[b];
            v[a] = s;
            quadratic[0] += u[a] * s;
          }
          for (let q = lo; q < hi; q++) {
            const i = rowIdx[q], f = values[q];
            for (let a = 0; a < k; a++) y[offsets[a] + i] += f * v[a];
          }
        }
      }
    },
  };
}

/** diag(F F') and 1' F F' 1 = |F' 1|^2, from the root alone. */
function diagonalAndTotal(F: Csc): { diagonal: Float64Array; total: number } {
  const diagonal = new Float64Array(F.nrow);
  let total = 0;
  for (let j = 0; j < F.ncol; j++) {
    let column = 0;
    for (let q = F.colPtr[j]; q < F.colPtr[j + 1]; q++) {
      diagonal[F.rowIdx[q]] += F.values[q] ** 2;
      column += F.values[q];
    }
    total += column * column;
  }
  return { diagonal, total };
}

/** y += (G^-1 (x) F F') x for two coefficients (the bivariate animal model), unrolled; out[0] += the quadratic form. */
function rootTimes2(F: Csc, g: Float64Array, o0: number, o1: number, x: Float64Array, y: Float64Array, out: Float64Array): void {
  const { ncol, colPtr, rowIdx, values } = F;
  const g00 = g[0], g01 = g[1], g11 = g[3];
  let quadratic = 0;
  for (let j = 0; j < ncol; j++) {
    const lo = colPtr[j], hi = colPtr[j + 1];
    let u0 = 0, u1 = 0;
    for (let q = lo; q < hi; q++) {
      const i = rowIdx[q], f = values[q];
      u0 += f * x[o0 + i];
      u1 += f * x[o1 + i];
    }
    const v0 = g00 * u0 + g01 * u1, v1 = g01 * u0 + g11 * u1;
    quadratic += u0 * v0 + u1 * v1;
    for (let q = lo; q < hi; q++) {
      const i = rowIdx[q], f = values[q];
      y[o0 + i] += f * v0;
      y[o1 + i] += f * v1;
    }
  }
  out[0] += quadratic;
}

/** C's upper pattern (planAssembly) ends every column with its diagonal: upperTimes relies on it. */
export function checkDiagonalLast(C: Csc): void {
  for (let j = 0; j < C.ncol; j++) {
    if (C.colPtr[j + 1] === C.colPtr[j] || C.rowIdx[C.colPtr[j + 1] - 1] !== j) throw new RangeError(`pcg: column ${j} of C does not end with its diagonal`);
  }
}

/**
 * y = C x for symmetric C stored by its upper triangle, each column's diagonal last. Column j
 * is the first to touch y[j] (earlier columns hold rows < j), so y[j] is assigned, not cleared.
 * out[0] = x'Cx = sum_j x_j (2 s_j - c_jj x_j) with s_j = sum_{i <= j} c_ij x_i, the upper column's dot
 * (written to an array: a returned double would be boxed on the heap, an allocation per call).
 */
export function upperTimes(C: Csc, x: Float64Array, y: Float64Array, out?: Float64Array): void {
  const { ncol, colPtr, rowIdx, values } = C;
  let quadratic = 0;
  for (let j = 0; j < ncol; j++) {
    const xj = x[j], diagonal = colPtr[j + 1] - 1, own = values[diagonal] * xj;
    let s = own;
    for (let q = colPtr[j]; q < diagonal; q++) {
      const i = rowIdx[q], v = values[q];
      s += v * x[i];
      y[i] += v * xj;
    }
    y[j] = s;
    quadratic += xj * (2 * s - own);
  }
  if (out) out[0] = quadratic;
}
