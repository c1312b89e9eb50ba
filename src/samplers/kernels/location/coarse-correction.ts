// A coarse-space correction for the conjugate-gradient location draw: block-Jacobi (per animal,
// block-jacobi.ts) leaves slow the directions that move many equations together, above all a
// fixed effect against the sum of the breeding values (an intercept up, every animal down).
// The additive two-level preconditioner M^-1 = M_J^-1 + Z0 (Z0' C Z0)^-1 Z0' (Nicolaides 1987;
// a two-level additive Schwarz method) solves those directions exactly: Z0's columns are disjoint
// indicators, one per fixed effect and one per coefficient of each term with a relationship
// matrix (all its levels). It stays symmetric positive-definite (a PSD term added to M_J^-1),
// so CG's draw is unchanged; only its speed is. Built once; allocation-free per iteration.

import { denseCholesky, denseCholeskySolve } from "../../../linalg/index.js";
import type { Csc } from "../../../linalg/csc.js";
import type { Model } from "../../../models/types.js";
import { coefficientOffsets } from "./mme.js";

/** A prior G^-1 (x) A^-1 left out of the pattern's values: the coarse column of each coefficient and 1' A^-1 1. */
export interface PriorTotals {
  readonly groups: Int32Array;
  readonly total: number;
}

export interface CoarseCorrection {
  /** Refills E = Z0' C Z0 from C's values (upper pattern), plus G^-1[a,b] 1'A^-1 1 per prior, and factorises it. */
  refresh(cValues: Float64Array, priorGInv?: readonly Float64Array[]): void;
  /** z += Z0 E^-1 Z0' r. */
  addTo(r: Float64Array, z: Float64Array): void;
  /**
   * y[1..] = E^-1 s[1..] from sums s = Z0' r gathered by slot (slot[i] = group[i] + 1; slot 0,
   * the ungrouped rows, is ignored and y[0] = 0); adds s'y = r' Z0 E^-1 Z0' r to rz[0].
   */
  solveSums(sums: Float64Array, y: Float64Array, rz: Float64Array): void;
  /** slot[i] = group[i] + 1 (0 for rows in no group): where row i's residual is summed. */
  readonly slot: Int32Array;
}

/** The groups: group[i] = coarse column of equation i, or -1. Undefined when there is nothing to group. */
export function coarseGroups(model: Model, nFixed: number, size: number): { group: Int32Array; count: number } | undefined {
  const group = new Int32Array(size).fill(-1);
  let count = 0;
  for (let i = 0; i < nFixed; i++) group[i] = count++;
  for (const term of model.randomTerms) {
    if (!term.ginverse) continue;
    coefficientOffsets(term.nLevels, nFixed + term.zOffset).forEach((o, a) => {
      group.fill(count++, o, o + term.nLevels[a]);
    });
  }
  return count > nFixed ? { group, count } : undefined;
}

export function buildCoarseCorrection(pattern: Csc, group: Int32Array, count: number, priors: readonly PriorTotals[] = []): CoarseCorrection {
  const E = new Float64Array(count * count), L = new Float64Array(count * count);
  const y = new Float64Array(count);
  const { ncol, colPtr, rowIdx } = pattern;
  const slot = Int32Array.from(group, (g) => g + 1);
  return {
    slot,
    solveSums(sums, out, rz) {
      for (let g = 0; g < count; g++) y[g] = sums[g + 1];
      denseCholeskySolve(L, count, y, y);
      let sy = 0;
      out[0] = 0;
      for (let g = 0; g < count; g++) {
        out[g + 1] = y[g];
        sy += sums[g + 1] * y[g];
      }
      rz[0] += sy;
    },
    refresh(cValues, priorGInv) {
      E.fill(0);
      for (let j = 0; j < ncol; j++) {
        const gj = group[j];
        if (gj < 0) continue;
        for (let q = colPtr[j]; q < colPtr[j + 1]; q++) {
          const gi = group[rowIdx[q]];
          if (gi < 0) continue;
          const v = cValues[q];
          E[gi * count + gj] += v;
          if (rowIdx[q] !== j) E[gj * count + gi] += v;
        }
      }
      if (priorGInv) {
        for (let t = 0; t < priors.length; t++) {
          const g = priors[t].groups, k = g.length;
          for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) E[g[a] * count + g[b]] += priorGInv[t][a * k + b] * priors[t].total;
        }
      }
      denseCholesky(E, count, L);
    },
    addTo(r, z) {
      y.fill(0);
      for (let i = 0; i < ncol; i++) if (group[i] >= 0) y[group[i]] += r[i];
      denseCholeskySolve(L, count, y, y);
      for (let i = 0; i < ncol; i++) if (group[i] >= 0) z[i] += y[group[i]];
    },
  };
}
