// Location kernel: all fixed and random effects drawn in one block from their full conditional
//   theta | l, G, R ~ N(C^-1 (W' R^-1 l + B^-1 mu), C^-1)
// (the block update of Garcia-Cortes & Sorensen / MCMCglmm). C's symbolic factorisation is done
// once; each step refills C's values, refactorises numerically, solves, and adds L'^-1 z noise.

import { NumericalError } from "../../../errors.js";
import {
  analyseCholesky,
  createFactor,
  factorNumeric,
  solveMeanPlusNoise,
  ltSolve,
  fillAssembly,
  denseInverseSpd,
} from "../../../linalg/index.js";
import type { Model } from "../../../models/types.js";
import type { Prior } from "../../../priors/prior.js";
import { buildMixedModelEquations, fillCoefficients, type MixedModelEquations } from "./mme.js";
import type { Kernel } from "../../kernel.js";
import { fillNormal } from "../../../random/index.js";
import { residualPrecision, linearPredictor } from "./residual.js";
import type { FactoredEquations } from "../moves/marginal-variance.js";

/**
 * `factored`: C's factor and L^-1 P b left by the marginal (co)variance move that runs right
 * before this kernel at the same (G, R) (moves/marginal-variance.ts); taken instead of
 * refactorising when ready.
 */
export function buildLocationKernel(model: Model, prior: Prior, mme: MixedModelEquations = buildMixedModelEquations(model, prior), factored?: FactoredEquations): Kernel {
  const symbolic = factored?.symbolic ?? analyseCholesky(mme.plan.pattern);
  const factor = createFactor(symbolic);
  const cValues = new Float64Array(mme.plan.pattern.colPtr[mme.size]);
  const coefficients = new Float64Array(mme.sources.length);
  const k = model.nTraits;
  const residual = residualPrecision(model);
  const rInv = residual.inverses;
  const gInv = model.randomTerms.map((t) => new Float64Array(t.dim * t.dim));
  const denseWork = new Float64Array(Math.max(1, ...model.randomTerms.map((t) => t.dim)) ** 2);
  const weighted = new Float64Array(model.nUnits * k);
  const rhs = new Float64Array(mme.size);
  const noise = new Float64Array(mme.size);
  const W = mme.W;

  return {
    name: "location effects",
    step(state, rng) {
      if (factored?.ready) {
        factored.ready = false;
        // theta = P' L'^-1 (L^-1 P b + z): the mean plus N(0, C^-1) noise, as solveMeanPlusNoise
        const y = symbolic.work, perm = symbolic.perm, forward = factored.forward;
        fillNormal(rng, noise, mme.size);
        for (let i = 0; i < mme.size; i++) y[i] = forward[i] + noise[i];
        ltSolve(factored.factor, y);
        for (let i = 0; i < mme.size; i++) state.theta[perm[i]] = y[i];
        linearPredictor(W, state.theta, state.eta);
        return;
      }
      residual.refresh(state.R);
      for (let t = 0; t < gInv.length; t++) denseInverseSpd(state.G[t], model.randomTerms[t].dim, gInv[t], denseWork);
      // covu: W's G-term columns are Z_G + Z_R (beta (x) I) for the current beta (covu/augmented-design.ts)
      if (mme.covu) mme.covu.refill(state.covuBeta);
      fillCoefficients(mme, model, rInv, gInv, coefficients, state.covuBeta);
      fillAssembly(mme.plan, coefficients, cValues);
      try {
        factorNumeric(symbolic, cValues, factor);
      } catch (err) {
        if (err instanceof NumericalError) {
          throw new NumericalError(`mixed-model equations not positive-definite at iteration ${state.iteration}: ${err.message}`, {
            ...err.details,
            iteration: state.iteration,
            component: "location effects",
          });
        }
        throw err;
      }
      // rhs = W' R^-1 l + B^-1 mu
      residual.times(state.latent, weighted);
      for (let j = 0; j < W.ncol; j++) {
        let s = mme.priorRhs[j];
        for (let e = W.colPtr[j]; e < W.colPtr[j + 1]; e++) s += W.values[e] * weighted[W.rowIdx[e]];
        rhs[j] = s;
      }
      fillNormal(rng, noise, mme.size);
      solveMeanPlusNoise(symbolic, factor, rhs, noise, state.theta);
      linearPredictor(W, state.theta, state.eta);
    },
  };
}
