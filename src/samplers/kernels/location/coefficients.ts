// The coefficients of C's linear combination (mme.ts) for the current R and G: 1 for constant
// pieces, entries of R^-1 and G^-1 for the others. Allocation-free given its buffers.

import { denseInverseSpd } from "../../../linalg/index.js";
import type { Model } from "../../../models/types.js";
import type { ChainState } from "../../run/state.js";
import { fillCoefficients, type MixedModelEquations } from "./mme.js";
import { residualPrecision } from "./residual.js";
import { residualLayout } from "../../../models/structures/residual-layout.js";

export interface CoefficientFiller {
  /** R^-1 of the last fill (k x k, row-major). */
  readonly rInv: Float64Array;
  fill(state: ChainState, out: Float64Array): void;
}

export function buildCoefficientFiller(model: Model, mme: MixedModelEquations): CoefficientFiller {
  // the samplers that use this draw with one residual block for every unit (choice.ts)
  if (!residualLayout(model).shared) throw new RangeError("the conjugate-gradient and block Gibbs location samplers need one residual block for every unit");
  const residual = residualPrecision(model);
  const gInv = model.randomTerms.map((t) => new Float64Array(t.dim * t.dim));
  const work = new Float64Array(Math.max(1, ...model.randomTerms.map((t) => t.dim)) ** 2);
  return {
    rInv: residual.inverses[0],
    fill(state, out) {
      residual.refresh(state.R);
      for (let t = 0; t < gInv.length; t++) denseInverseSpd(state.G[t], model.randomTerms[t].dim, gInv[t], work);
      fillCoefficients(mme, model, residual.inverses, gInv, out);
    },
  };
}
