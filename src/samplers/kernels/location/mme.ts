// The mixed-model equations C theta = W' R^-1 l + B^-1 mu with
//   C = W' R^-1 W + blockdiag(B^-1, G_1^-1 (x) A_1^-1, ...),
// set up once per model: C's pattern, its fill-reducing ordering and symbolic factorisation,
// and C written as a linear combination of fixed sparse pieces, so that each iteration only
// forms the coefficients (entries of R^-1 and G^-1) and refills C's values.

import { hasCovariances } from "../../../models/structures/registry.js";
import type { Csc } from "../../../linalg/csc.js";
import {
  add,
  cscFromTriplets as fromTriplets,
  embed,
  fromDense,
  identity,
  multiply,
  transpose,
  planAssembly,
  type AssemblyPlan,
} from "../../../linalg/index.js";
import { patternCovaries, residualLayout } from "../../../models/structures/residual-layout.js";
import type { Model } from "../../../models/types.js";
import type { Prior } from "../../../priors/prior.js";
import { buildCovuDesign, type CovuDesign } from "../covu/augmented-design.js";

/** Where a coefficient of the linear combination comes from. */
export type CoefficientSource =
  | { kind: "constant" }
  /** Entry (a, b) of R_p^-1, the residual precision of the units of residual pattern p. */
  /** With covu, times beta[i - 1] and beta[j - 1] where i, j > 0 (pieces of W(beta), covu/augmented-design.ts). */
  | { kind: "residual"; pattern: number; a: number; b: number; i?: number; j?: number }
  | { kind: "random"; term: number; a: number; b: number };

export interface MixedModelEquations {
  /** W = [X Z], rows stacked trait-major. */
  readonly W: Csc;
  readonly nFixed: number;
  readonly size: number;
  readonly plan: AssemblyPlan;
  readonly sources: readonly CoefficientSource[];
  /** B^-1 mu, added to the right-hand side. */
  readonly priorRhs: Float64Array;
  /** covu: W's G-term columns depend on beta; refill them before using W (W is covu.W). */
  readonly covu?: CovuDesign;
}

export function buildMixedModelEquations(model: Model, prior: Prior): MixedModelEquations {
  const W0 = hcat(model.X, model.Z);
  const size = W0.ncol;
  const nFixed = model.X.ncol;
  const covu = prior.covu ? buildCovuDesign(model, W0, nFixed, prior.covu.term) : undefined;
  // W(beta) = sum_i beta_i F_i with beta_0 = 1, F_0 = W0 (one factor without covu)
  const factors = covu ? [W0, ...covu.pieces] : [W0];
  const contributions: Csc[] = [];
  const sources: CoefficientSource[] = [];

  // Prior on the fixed effects.
  contributions.push(embed(fromDense(prior.B.precision, nFixed, nFixed), size, size, 0, 0));
  sources.push({ kind: "constant" });

  // Residual part: W' R^-1 W = sum_p sum_{a<=b} Rinv_p[a,b] (W_pa' W_pb + W_pb' W_pa [a<b]), with
  // W_pa the rows of trait a of the units of residual pattern p (one pattern, all units, for the
  // usual R); entries that are structurally zero (traits in different terms, or a term without
  // covariances) are left out.
  const k = model.nTraits;
  const layout = residualLayout(model);
  layout.patterns.forEach((pattern, p) => {
    const blocks = factors.map((F) => traitRowBlocks(F, model.nUnits, k, layout.shared ? undefined : pattern.units));
    const blocksT = blocks.map((bs) => bs.map(transpose));
    for (let a = 0; a < k; a++) {
      for (let b = a; b < k; b++) {
        if (!patternCovaries(layout, p, a, b, hasCovariances)) continue;
        // W_a' W_b = sum_{i,j} beta_i beta_j F_ia' F_jb; on the diagonal the (i, j) and (j, i) pieces are joined
        for (let i = 0; i < factors.length; i++) {
          for (let j = a === b ? i : 0; j < factors.length; j++) {
            const cross = multiply(blocksT[i][a], blocks[j][b]);
            if (factors.length > 1 && cross.colPtr[cross.ncol] === 0) continue;
            contributions.push(a === b && i === j ? cross : add(cross, transpose(cross)));
            sources.push(factors.length > 1 ? { kind: "residual", pattern: p, a, b, i, j } : { kind: "residual", pattern: p, a, b });
          }
        }
      }
    }
  });

  // Random-effect priors: block (a, b) of G^-1 (x) A^-1 sits at coefficient a's rows, b's columns.
  model.randomTerms.forEach((term, t) => {
    const offsets = coefficientOffsets(term.nLevels, nFixed + term.zOffset);
    for (let a = 0; a < term.dim; a++) {
      for (let b = a; b < term.dim; b++) {
        if (a !== b && !hasCovariances(term)) continue;
        const A = term.ginverse ?? identity(term.nLevels[a]);
        contributions.push(embed(A, size, size, offsets[a], offsets[b]));
        sources.push({ kind: "random", term: t, a, b });
      }
    }
  });

  const priorRhs = new Float64Array(size);
  for (let i = 0; i < nFixed; i++) {
    let s = 0;
    for (let j = 0; j < nFixed; j++) s += prior.B.precision[i * nFixed + j] * prior.B.mu[j];
    priorRhs[i] = s;
  }
  return { W: covu ? covu.W : W0, nFixed, size, plan: planAssembly(size, contributions), sources, priorRhs, ...(covu ? { covu } : {}) };
}

/**
 * The coefficients of C's linear combination (mme.sources) from the residual precision of each
 * residual pattern (T x T) and each random term's G^-1: what C is for these (co)variances.
 */
export function fillCoefficients(mme: MixedModelEquations, model: Model, rInv: readonly Float64Array[], gInv: readonly Float64Array[], out: Float64Array, covuBeta?: Float64Array): void {
  const k = model.nTraits;
  for (let s = 0; s < mme.sources.length; s++) {
    const src = mme.sources[s];
    if (src.kind === "constant") out[s] = 1;
    else if (src.kind === "residual") {
      let c = rInv[src.pattern][src.a * k + src.b];
      if (src.i !== undefined && covuBeta !== undefined) c *= (src.i > 0 ? covuBeta[src.i - 1] : 1) * (src.j! > 0 ? covuBeta[src.j! - 1] : 1);
      out[s] = c;
    }
    else out[s] = gInv[src.term][src.a * model.randomTerms[src.term].dim + src.b];
  }
}

export function coefficientOffsets(nLevels: readonly number[], start: number): number[] {
  const out: number[] = [];
  let at = start;
  for (const m of nLevels) {
    out.push(at);
    at += m;
  }
  return out;
}

/**
 * W restricted to the rows of each trait: rows t*n .. (t+1)*n - 1, renumbered from 0; with
 * `units`, only those units' rows are kept (the others are left empty).
 */
function traitRowBlocks(W: Csc, n: number, k: number, units?: Int32Array): Csc[] {
  const keep = units === undefined ? undefined : new Uint8Array(n);
  if (keep && units) for (const u of units) keep[u] = 1;
  const rows: number[][] = Array.from({ length: k }, () => []);
  const cols: number[][] = Array.from({ length: k }, () => []);
  const vals: number[][] = Array.from({ length: k }, () => []);
  for (let j = 0; j < W.ncol; j++) {
    for (let e = W.colPtr[j]; e < W.colPtr[j + 1]; e++) {
      const r = W.rowIdx[e];
      const t = Math.floor(r / n);
      if (keep && keep[r - t * n] === 0) continue;
      rows[t].push(r - t * n);
      cols[t].push(j);
      vals[t].push(W.values[e]);
    }
  }
  return rows.map((r, t) => fromTriplets(n, W.ncol, r, cols[t], vals[t]));
}

function hcat(A: Csc, B: Csc): Csc {
  const nnzA = A.colPtr[A.ncol];
  const nnzB = B.colPtr[B.ncol];
  const colPtr = new Int32Array(A.ncol + B.ncol + 1);
  const rowIdx = new Int32Array(nnzA + nnzB);
  const values = new Float64Array(nnzA + nnzB);
  colPtr.set(A.colPtr);
  for (let j = 1; j <= B.ncol; j++) colPtr[A.ncol + j] = nnzA + B.colPtr[j];
  rowIdx.set(A.rowIdx.subarray(0, nnzA));
  rowIdx.set(B.rowIdx.subarray(0, nnzB), nnzA);
  values.set(A.values.subarray(0, nnzA));
  values.set(B.values.subarray(0, nnzB), nnzA);
  return { nrow: A.nrow, ncol: A.ncol + B.ncol, colPtr, rowIdx, values };
}
