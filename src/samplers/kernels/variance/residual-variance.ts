// Residual (co)variance kernels: one per residual term (MCMCglmm's block-diagonal R), each the
// conjugate inverse-Wishart / inverse-gamma full conditional of that term's matrix given the
// residuals e = l - eta of the rows it covers (models/structures/residual-layout.ts).
//
// For us/corg/corgh terms a unit may cover only some of the term's coefficients (us(sex):units:
// one row per unit, one sex each). MCMCglmm then augments the data with dummy rows for the missing
// residuals; equivalently, each step draws a unit's missing residuals from their conditional
// e_M | e_O ~ N(S_MO S_OO^-1 e_O, S_MM - S_MO S_OO^-1 S_OM) under the current matrix, and the
// matrix from the complete crossproduct (a Gibbs step on (Sigma, e_M), whose Sigma-marginal is
// the posterior).

import { denseCholesky, denseConditionalNormal } from "../../../linalg/dense.js";
import { hasCovariances } from "../../../models/structures/build-term.js";
import { residualLayout } from "../../../models/structures/residual-layout.js";
import type { Model } from "../../../models/types.js";
import type { VariancePrior } from "../../../priors/prior.js";
import type { Rng } from "../../../random/index.js";
import type { Kernel } from "../../kernel.js";
import { residualCrossproduct } from "../location/residual.js";
import type { ChainState } from "../../run/state.js";
import { correlationCounters, makeCovarianceDrawer } from "./covariance-draw.js";
import { drawStructured } from "./variance.js";

/** The rows of one residual pattern that fall in a given term, and what augmenting them needs. */
interface PatternPart {
  readonly units: Int32Array;
  /** Traits of the pattern in this term and their coefficients. */
  readonly traits: Int32Array;
  readonly coefs: Int32Array;
  /** Coefficients of the term the pattern lacks (us/corg/corgh only; empty when complete). */
  readonly missing: Int32Array;
  readonly regression: Float64Array;
  readonly condChol: Float64Array;
  readonly sOO: Float64Array;
  readonly sOOinv: Float64Array;
  readonly condCov: Float64Array;
}

export function buildResidualVarianceKernels(model: Model, priors: readonly VariancePrior[]): Kernel[] {
  const layout = residualLayout(model);
  if (layout.shared) return [sharedResidualKernel(model, priors[0])];
  return model.residualTerms.map((_, t) => termResidualKernel(model, t, priors[t]));
}

/** The usual R: one term whose coefficients are the traits, every unit complete. */
function sharedResidualKernel(model: Model, prior: VariancePrior): Kernel {
  const term = model.residualTerms[0];
  const k = model.nTraits;
  const n = model.nUnits;
  const S = new Float64Array(k * k);
  const nLevels = new Array<number>(k).fill(n);
  const drawer = makeCovarianceDrawer(k);
  const name = `R structure ${term.label}`;
  return {
    name,
    metropolis: correlationCounters(name, prior, drawer),
    step(state: ChainState, rng: Rng) {
      if (prior.fixFrom === 0) return;
      residualCrossproduct(state.latent, state.eta, n, k, S);
      drawStructured(rng, term.structure, k, nLevels, prior, S, state.R, drawer);
    },
  };
}

/** The kernel of residual term t alone (covu models draw term 0 with the G term: kernels/covu/). */
export function termResidualKernel(model: Model, t: number, prior: VariancePrior): Kernel {
  const layout = residualLayout(model);
  const term = model.residualTerms[t];
  const d = term.dim;
  const n = model.nUnits;
  const augment = hasCovariances(term);
  const parts: PatternPart[] = [];
  for (const pattern of layout.patterns) {
    const traits: number[] = [];
    pattern.term.forEach((x, trait) => { if (x === t) traits.push(trait); });
    if (traits.length === 0) continue;
    const coefs = traits.map((trait) => pattern.coef[trait]);
    const missing = augment ? Array.from({ length: d }, (_, a) => a).filter((a) => !coefs.includes(a)) : [];
    const o = coefs.length, m = missing.length;
    parts.push({
      units: pattern.units,
      traits: Int32Array.from(traits),
      coefs: Int32Array.from(coefs),
      missing: Int32Array.from(missing),
      regression: new Float64Array(m * o),
      condChol: new Float64Array(m * m),
      sOO: new Float64Array(o * o),
      sOOinv: new Float64Array(o * o),
      condCov: new Float64Array(m * m),
    });
  }
  // Observations per coefficient: the inverse-gamma shapes of idh/idv; for us/corg/corgh every
  // covered unit counts once (its missing coefficients are augmented).
  const nLevels = new Array<number>(d).fill(0);
  let nUnitsCovered = 0;
  for (const part of parts) {
    nUnitsCovered += part.units.length;
    for (const a of part.coefs) nLevels[a] += part.units.length;
  }
  if (augment) nLevels.fill(nUnitsCovered);
  const S = new Float64Array(d * d);
  const e = new Float64Array(d);
  const work = new Float64Array(d * d);
  const drawer = makeCovarianceDrawer(d);

  const name = `R structure ${term.label}`;
  return {
    name,
    metropolis: correlationCounters(name, prior, drawer),
    step(state: ChainState, rng: Rng) {
      if (prior.fixFrom === 0) return;
      const l = state.latent, eta = state.eta, Sigma = state.RTerms[t];
      S.fill(0);
      for (const part of parts) {
        const { units, traits, coefs, missing } = part;
        const o = traits.length, m = missing.length;
        if (m > 0) refreshAugmentation(part, Sigma, d, work);
        for (let i = 0; i < units.length; i++) {
          const u = units[i];
          for (let j = 0; j < o; j++) e[coefs[j]] = l[traits[j] * n + u] - eta[traits[j] * n + u];
          if (!augment) {
            // idh/idv: only the variances, from the coefficients the unit has
            for (let j = 0; j < o; j++) S[coefs[j] * d + coefs[j]] += e[coefs[j]] * e[coefs[j]];
            continue;
          }
          // the missing coefficients: e_M = regression e_O + L z, z ~ N(0, I)
          for (let j = 0; j < m; j++) {
            let s = 0;
            for (let c = 0; c < o; c++) s += part.regression[j * o + c] * e[coefs[c]];
            e[missing[j]] = s;
          }
          for (let j = 0; j < m; j++) work[j] = rng.normal();
          for (let j = 0; j < m; j++) {
            let s = 0;
            for (let c = 0; c <= j; c++) s += part.condChol[j * m + c] * work[c];
            e[missing[j]] += s;
          }
          for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) S[a * d + b] += e[a] * e[b];
        }
      }
      drawStructured(rng, term.structure, d, nLevels, prior, S, Sigma, drawer);
    },
  };
}

/** Regression S_MO S_OO^-1 and the Cholesky factor of S_MM - S_MO S_OO^-1 S_OM for one pattern. */
function refreshAugmentation(part: PatternPart, Sigma: Float64Array, d: number, work: Float64Array): void {
  const { coefs, missing, regression, condChol, sOO, sOOinv, condCov } = part;
  denseConditionalNormal(Sigma, d, missing, coefs, regression, condCov, sOO, sOOinv, work);
  denseCholesky(condCov, missing.length, condChol);
}
