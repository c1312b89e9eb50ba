// The coefficients of C's linear combination (mme.ts) for the current R and G: 1 for constant
// pieces, entries of R^-1 and G^-1 for the others. Allocation-free given its buffers.

import { denseInverseSpd } from "../../../linalg/index.js";
import type { Model } from "../../../models/types.js";
import type { ChainState } from "../../run/state.js";
import type { MixedModelEquations } from "./mme.js";

export interface CoefficientFiller {
  /** R^-1 of the last fill (k x k, row-major). */
  readonly rInv: Float64Array;
  fill(state: ChainState, out: Float64Array): void;
}

export function buildCoefficientFiller(model: Model, mme: MixedModelEquations): CoefficientFiller {
  const k = model.nTraits;
  const rInv = new Float64Array(k * k);
  const gInv = model.randomTerms.map((t) => new Float64Array(t.dim * t.dim));
  const work = new Float64Array(Math.max(k, ...model.randomTerms.map((t) => t.dim)) ** 2);
  return {
    rInv,
    fill(state, out) {
      denseInverseSpd(state.R, k, rInv, work);
      for (let t = 0; t < gInv.length; t++) denseInverseSpd(state.G[t], model.randomTerms[t].dim, gInv[t], work);
      for (let s = 0; s < mme.sources.length; s++) {
        const src = mme.sources[s];
        if (src.kind === "constant") out[s] = 1;
        else if (src.kind === "residual") out[s] = rInv[src.a * k + src.b];
        else out[s] = gInv[src.term][src.a * model.randomTerms[src.term].dim + src.b];
      }
    },
  };
}
