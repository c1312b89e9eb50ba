// Variance kernels: conjugate inverse-Wishart (inverse-gamma) full conditionals for each random
// term's G and for the residual R, in MCMCglmm's parameterisation: prior Sigma ~ IW(nu, nu V),
// posterior IW(nu + m, nu V + S) with S the crossproduct of the effects (through A^-1 if any).
// `fix` holds the trailing block at V: the free block is drawn from its conditional
// (Korsgaard et al. 1999). Parameter-expanded terms are handled in expansion.ts.

import { hasCovariances, STRUCTURES } from "../../../models/structures/registry.js";
import type { VarianceDrawName } from "../../../models/structures/types.js";
import { drawCorrelation } from "./correlation-draw.js";
import { drawAntedependence } from "./ante-draw.js";
import { drawCorrelationBlock, drawIdentityBlock } from "./block-draw.js";
import { NumericalError } from "../../../errors.js";
import type { CovarianceTerm, Model } from "../../../models/types.js";
import type { VariancePrior } from "../../../priors/prior.js";
import type { Rng } from "../../../random/index.js";
import { gamma } from "../../../random/index.js";
import type { Kernel } from "../../kernel.js";
import { coefficientOffsets } from "../location/mme.js";
import type { ChainState } from "../../run/state.js";
import { correlationCounters, drawCovariance, makeCovarianceDrawer } from "./covariance-draw.js";

/**
 * S[a,b] = u_a' A^-1 u_b for one term's effects (u_a: coefficient a's levels, starting at
 * offsets[a] in u, see coefficientOffsets).
 */
export function effectCrossproduct(term: CovarianceTerm, u: Float64Array, offsets: readonly number[], S: Float64Array, work: Float64Array): void {
  const k = term.dim;
  S.fill(0);
  const A = term.ginverse;
  for (let b = 0; b < k; b++) {
    const mb = term.nLevels[b];
    const ub = offsets[b];
    // work = A^-1 u_b (or u_b itself)
    if (A) {
      work.fill(0, 0, mb);
      for (let j = 0; j < A.ncol; j++) {
        const x = u[ub + j];
        if (x === 0) continue;
        for (let e = A.colPtr[j]; e < A.colPtr[j + 1]; e++) work[A.rowIdx[e]] += A.values[e] * x;
      }
    } else {
      for (let i = 0; i < mb; i++) work[i] = u[ub + i];
    }
    for (let a = 0; a < k; a++) {
      if (a !== b && (!hasCovariances(term) || term.nLevels[a] !== mb)) continue;
      const ua = offsets[a];
      let s = 0;
      for (let i = 0; i < mb; i++) s += u[ua + i] * work[i];
      S[a * k + b] = s;
    }
  }
}

type CovarianceDrawer = ReturnType<typeof makeCovarianceDrawer>;
type StructureDraw = (rng: Rng, k: number, nLevels: readonly number[], prior: VariancePrior, S: Float64Array, out: Float64Array, drawer: CovarianceDrawer) => void;

/** One conditional draw per structure kind (the structure record's `varianceDraw`). */
const STRUCTURE_DRAWS: Readonly<Record<VarianceDrawName, StructureDraw>> = {
  correlation: (rng, _k, nLevels, prior, S, out, drawer) => drawCorrelation(rng, drawer.correlation, prior, nLevels[0], S, out),
  // one variance for all coefficients: IG((nu + sum m_a)/2, (nu V + sum S_aa)/2)
  "inverse-gamma-shared": (rng, k, nLevels, prior, S, out) => {
    let shape = prior.nu, scale = prior.nu * prior.V[0];
    for (let a = 0; a < k; a++) { shape += nLevels[a]; scale += S[a * k + a]; }
    if (!(scale > 0) || !Number.isFinite(scale)) throw new NumericalError(`${prior.label}: the variance's full conditional has scale ${scale} (not positive)`, { component: prior.label });
    const v = (scale / 2) / gamma(rng, shape / 2, 1);
    out.fill(0);
    for (let a = 0; a < k; a++) out[a * k + a] = v;
  },
  // one variance per coefficient: IG((nu + m_a)/2, (nu V_aa + S_aa)/2), the fixed ones kept
  "inverse-gamma-each": (rng, k, nLevels, prior, S, out) => {
    for (let a = 0; a < k; a++) {
      if (a >= prior.fixFrom) continue;
      const shape = (prior.nu + nLevels[a]) / 2;
      const scale = (prior.nu * prior.V[a * k + a] + S[a * k + a]) / 2;
      if (!(scale > 0) || !Number.isFinite(scale)) throw new NumericalError(`${prior.label}: variance ${a + 1}'s full conditional has scale ${scale} (not positive)`, { component: prior.label });
      out[a * k + a] = scale / gamma(rng, shape, 1);
    }
  },
  "inverse-wishart": (rng, _k, nLevels, prior, S, out, drawer) => drawCovariance(rng, drawer, prior, nLevels[0], S, out),
  antedependence: (rng, _k, nLevels, prior, S, out, drawer) => drawAntedependence(rng, drawer.ante, prior, nLevels[0], S, out),
  "correlation-block": (rng, _k, nLevels, prior, S, out, drawer) => drawCorrelationBlock(rng, drawer.block, prior, nLevels[0], S, out),
  "identity-block": (rng, _k, nLevels, prior, S, out, drawer) => drawIdentityBlock(rng, drawer.block, prior, nLevels[0], S, out),
};

/** Draws a term's covariance matrix (full k x k, diagonal for idh/idv) given its crossproduct S. */
export function drawStructured(
  rng: Rng,
  structure: CovarianceTerm["structure"],
  k: number,
  nLevels: readonly number[],
  prior: VariancePrior,
  S: Float64Array,
  out: Float64Array,
  drawer: CovarianceDrawer,
): void {
  if (prior.fixFrom === 0) return; // held at V from the start
  STRUCTURE_DRAWS[STRUCTURES[structure].varianceDraw](rng, k, nLevels, prior, S, out, drawer);
}

export function buildRandomVarianceKernel(model: Model, t: number, prior: VariancePrior): Kernel {
  const term = model.randomTerms[t];
  const k = term.dim;
  const S = new Float64Array(k * k);
  const work = new Float64Array(Math.max(...term.nLevels));
  const offsets = coefficientOffsets(term.nLevels, model.fixedNames.length + term.zOffset);
  const drawer = makeCovarianceDrawer(k);
  const name = `G structure ${term.label}`;
  return {
    name,
    metropolis: correlationCounters(name, prior, drawer),
    step(state: ChainState, rng: Rng) {
      effectCrossproduct(term, state.theta, offsets, S, work);
      drawStructured(rng, term.structure, k, term.nLevels, prior, S, state.G[t], drawer);
    },
  };
}
