// Square roots of the prior precisions, for the perturbation draw of the location effects:
// vectors with covariance B^-1 (fixed effects) and G^-1 (x) A^-1 (each random term), made as
// L_B z and (L_G (x) F) z with L_B L_B' = B^-1, L_G L_G' = G^-1 and F F' = A^-1. F is the
// term's own sparse root when it has one (a pedigree's T' D^-1/2: O(n) per draw, no set-up),
// else a one-off sparse Cholesky factor of its ginverse (P A^-1 P' = L L', F = P' L), or I.
// Built once; allocation-free per iteration.

import { analyseCholesky, createFactor, denseCholesky, denseInverseSpd, factorNumeric } from "../../../linalg/index.js";
import type { Csc } from "../../../linalg/csc.js";
import type { SymbolicCholesky } from "../../../linalg/symbolic.js";
import type { Model } from "../../../models/types.js";
import type { Prior } from "../../../priors/prior.js";
import { coefficientOffsets } from "./mme.js";

interface TermFactor {
  readonly dim: number;
  readonly offsets: readonly number[];
  readonly nLevels: readonly number[];
  /** F = P' L of the ginverse (symbolic holds P), F itself (no symbolic), or undefined for I. */
  readonly symbolic?: SymbolicCholesky;
  readonly L?: Csc;
  readonly gInv: Float64Array;
  readonly gChol: Float64Array;
}

export interface PriorNoise {
  /** Noise values it reads per draw (fixed then random, in C's order). */
  readonly length: number;
  /** out[0..size) += B^-1 mu + prior precision^1/2 z, with z = noise[0..length), for the current G. */
  add(G: readonly Float64Array[], noise: Float64Array, out: Float64Array): void;
  /** Entries of the ginverse factors or roots (memory). */
  readonly factorEntries: number;
}

export function buildPriorNoise(model: Model, prior: Prior, nFixed: number, priorRhs: Float64Array): PriorNoise {
  const bChol = denseCholesky(prior.B.precision, nFixed);
  const terms: TermFactor[] = model.randomTerms.map((term) => {
    const offsets = coefficientOffsets(term.nLevels, nFixed + term.zOffset);
    const base = { dim: term.dim, offsets, nLevels: term.nLevels, gInv: new Float64Array(term.dim ** 2), gChol: new Float64Array(term.dim ** 2) };
    if (!term.ginverse) return base;
    if (term.ginverseRoot) return { ...base, L: term.ginverseRoot };
    const symbolic = analyseCholesky(term.ginverse);
    const L = createFactor(symbolic);
    factorNumeric(symbolic, term.ginverse.values, L);
    return { ...base, symbolic, L };
  });
  const maxLevels = Math.max(1, ...model.randomTerms.flatMap((t) => t.nLevels));
  const maxDim = Math.max(1, ...model.randomTerms.map((t) => t.dim));
  const fz = Array.from({ length: maxDim }, () => new Float64Array(maxLevels)); // F z_b per coefficient b
  const work = new Float64Array(maxDim * maxDim);
  const size = nFixed + model.randomTerms.reduce((s, t) => s + t.nLevels.reduce((a, b) => a + b, 0), 0);

  return {
    length: size,
    factorEntries: terms.reduce((s, t) => s + (t.L ? t.L.colPtr[t.L.ncol] : 0), 0),
    add(G, noise, out) {
      for (let i = 0; i < nFixed; i++) {
        let s = priorRhs[i];
        for (let c = 0; c <= i; c++) s += bChol[i * nFixed + c] * noise[c];
        out[i] += s;
      }
      let at = nFixed; // where this term's noise starts
      for (let ti = 0; ti < terms.length; ti++) {
        const t = terms[ti];
        const k = t.dim;
        denseInverseSpd(G[ti], k, t.gInv, work);
        denseCholesky(t.gInv, k, t.gChol);
        for (let b = 0; b < k; b++) {
          const m = t.nLevels[b];
          const y = fz[b];
          if (!t.L) {
            for (let i = 0; i < m; i++) y[i] = noise[at + i];
          } else if (!t.symbolic) {
            // y = F z with the term's own root F (columns scattered)
            const F = t.L;
            y.fill(0, 0, m);
            for (let j = 0; j < m; j++) {
              const zj = noise[at + j];
              for (let q = F.colPtr[j]; q < F.colPtr[j + 1]; q++) y[F.rowIdx[q]] += F.values[q] * zj;
            }
          } else {
            // y = P' L z: L z in the permuted order, then back to the levels' order
            const L = t.L, perm = t.symbolic.perm, w = t.symbolic.work;
            w.fill(0, 0, m);
            for (let j = 0; j < m; j++) {
              const zj = noise[at + j];
              for (let q = L.colPtr[j]; q < L.colPtr[j + 1]; q++) w[L.rowIdx[q]] += L.values[q] * zj;
            }
            for (let i = 0; i < m; i++) y[perm[i]] = w[i];
          }
          at += m;
        }
        for (let a = 0; a < k; a++) {
          const o = t.offsets[a];
          for (let b = 0; b <= a; b++) {
            const l = t.gChol[a * k + b];
            if (l === 0) continue; // diagonal structures: coefficients may keep different levels
            const y = fz[b];
            for (let i = 0; i < t.nLevels[a]; i++) out[o + i] += l * y[i];
          }
        }
      }
    },
  };
}
