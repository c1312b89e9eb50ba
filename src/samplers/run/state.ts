// Everything that changes during a chain, each piece in a preallocated typed array.
// The Model never changes; kernels update one block of the State in place.

import { familyOf } from "../../models/families/registry.js";
import { residualLayout } from "../../models/structures/residual-layout.js";
import type { Model } from "../../models/types.js";
import { covuTerm } from "../../models/structures/covu-names.js";

export interface ChainState {
  /** Location effects: fixed effects then random effects, [beta; u], length p + q. */
  readonly theta: Float64Array;
  /** Latent variables l, stacked trait-major (row = trait * nUnits + unit). */
  readonly latent: Float64Array;
  /** Linear predictor W theta, kept in step with theta by whichever kernel changes theta. */
  readonly eta: Float64Array;
  /** One k x k (row-major) covariance per random term; idv/idh are stored as full diagonal matrices. */
  readonly G: Float64Array[];
  /**
   * Residual covariances: each residual term's d x d matrix (row-major; idv/idh as full diagonal
   * matrices) back to back, term 0 first (models/structures/residual-layout.ts). With the usual
   * single `units`/`us(trait):units` term this is the nTraits x nTraits R itself.
   */
  readonly R: Float64Array;
  /** Views into R, one per residual term. */
  readonly RTerms: Float64Array[];
  /** Parameter-expansion working parameters per random term (all ones when not expanded). */
  readonly alpha: Float64Array[];
  /** Cutpoints per response (empty for responses without them); the first is fixed at 0. */
  readonly cutpoints: Float64Array[];
  /**
   * covu models (prior R covu = true): beta = S_RG S_GG^-1 (qR x qG row-major) of the joint matrix
   * of the last G term and the first residual term, whose G block is in G and Schur complement in
   * RTerms[0] (samplers/kernels/covu/joint-covariance.ts); empty otherwise.
   */
  readonly covuBeta: Float64Array;
  /** Iteration counter (1-based, set by the chain loop). */
  iteration: number;
  /** True while in burn-in: adaptive kernels may tune only then. */
  adapting: boolean;
}

export function allocateState(model: Model): ChainState {
  const nrow = model.nUnits * model.nTraits;
  const p = model.fixedNames.length;
  const q = model.randomNames.length;
  const layout = residualLayout(model);
  const R = new Float64Array(layout.size);
  return {
    theta: new Float64Array(p + q),
    latent: new Float64Array(nrow),
    eta: new Float64Array(nrow),
    G: model.randomTerms.map((t) => new Float64Array(t.dim * t.dim)),
    R,
    RTerms: layout.terms.map((t, i) => R.subarray(layout.offsets[i], layout.offsets[i] + t.dim * t.dim)),
    alpha: model.randomTerms.map((t) => new Float64Array(t.dim).fill(1)),
    cutpoints: model.responses.map((r) => new Float64Array(familyOf(r).cutpointCount(r))),
    covuBeta: new Float64Array(covuBetaLength(model)),
    iteration: 0,
    adapting: true,
  };
}

function covuBetaLength(model: Model): number {
  const g = covuTerm(model);
  return g === undefined ? 0 : model.randomTerms[g].dim * model.residualTerms[0].dim;
}
