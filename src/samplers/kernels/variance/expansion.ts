// Parameter-expanded variance kernel (Liu & Wu 1999; Gelman 2006; as MCMCglmm's alpha.mu/alpha.V):
// the effects are u = D(alpha) u*, with u* ~ N(0, G* (x) A) and alpha ~ N(alpha.mu, alpha.V), so
// G = D(alpha) G* D(alpha). Given the other location effects, alpha has a normal full conditional
// (a regression of the partial residual on the columns Z_a u*_a); G* | u* is inverse-Wishart.
// Redrawing alpha rescales the effects in one move, which frees chains stuck near G = 0.

import { denseCholesky } from "../../../linalg/index.js";
import type { Model } from "../../../models/types.js";
import type { VariancePrior } from "../../../priors/prior.js";
import type { Rng } from "../../../random/index.js";
import { denseInverseSpd } from "../../../linalg/index.js";
import type { Kernel } from "../../kernel.js";
import { coefficientOffsets } from "../location/mme.js";
import { residualPrecision } from "../location/residual.js";
import type { ChainState } from "../../run/state.js";
import { drawStructured, effectCrossproduct } from "./variance.js";
import { makeCovarianceDrawer } from "./covariance-draw.js";
import type { MixedModelEquations } from "../location/mme.js";

export function buildExpandedVarianceKernel(model: Model, mme: MixedModelEquations, t: number, prior: VariancePrior): Kernel {
  const expansion = prior.expansion;
  if (!expansion) throw new Error(`term ${t} has no parameter expansion`);
  const term = model.randomTerms[t];
  const k = term.dim;
  const h = prior.dim; // working parameters: one per coefficient, or one for idv
  const n = model.nUnits;
  const kt = model.nTraits;
  const nrow = n * kt;
  const W = mme.W;
  const start = mme.nFixed + term.zOffset;
  const offsets = coefficientOffsets(term.nLevels, start);
  const alphaIndex = (a: number) => (h === 1 ? 0 : a);

  const x = Array.from({ length: h }, () => new Float64Array(nrow)); // Z_a u_a summed per working parameter
  const rx = Array.from({ length: h }, () => new Float64Array(nrow)); // R^-1 x
  const partial = new Float64Array(nrow);
  const residual = residualPrecision(model);
  const work = new Float64Array(Math.max(kt, h) ** 2);
  const precision = new Float64Array(h * h);
  const chol = new Float64Array(h * h);
  const mean = new Float64Array(h);
  const alphaNew = new Float64Array(h);
  const priorPrecision = new Float64Array(h * h);
  denseInverseSpd(expansion.alphaV, h, priorPrecision, work);
  const S = new Float64Array(k * k);
  const crossWork = new Float64Array(Math.max(...term.nLevels));
  const gStar = new Float64Array(k * k);
  const drawer = makeCovarianceDrawer(k);

  return {
    name: `G structure ${term.label} (parameter-expanded)`,
    step(state: ChainState, rng: Rng) {
      const alpha = state.alpha[t];
      const theta = state.theta;
      for (let i = 0; i < h; i++) x[i].fill(0);
      for (let a = 0; a < k; a++) {
        const xa = x[alphaIndex(a)];
        for (let j = offsets[a]; j < offsets[a] + term.nLevels[a]; j++) {
          const u = theta[j];
          if (u === 0) continue;
          for (let e = W.colPtr[j]; e < W.colPtr[j + 1]; e++) xa[W.rowIdx[e]] += W.values[e] * u;
        }
      }
      // partial residual without this term; design columns on the u* scale (x / alpha_old)
      for (let i = 0; i < nrow; i++) {
        let s = state.latent[i] - state.eta[i];
        for (let c = 0; c < h; c++) s += x[c][i];
        partial[i] = s;
      }
      residual.refresh(state.R);
      for (let c = 0; c < h; c++) residual.times(x[c], rx[c]);
      for (let c = 0; c < h; c++) {
        let b = 0;
        for (let i = 0; i < nrow; i++) b += rx[c][i] * partial[i];
        b /= alpha[c];
        for (let d = 0; d < h; d++) {
          b += priorPrecision[c * h + d] * expansion.alphaMu[d];
          let s = 0;
          for (let i = 0; i < nrow; i++) s += rx[c][i] * x[d][i];
          precision[c * h + d] = s / (alpha[c] * alpha[d]) + priorPrecision[c * h + d];
        }
        mean[c] = b;
      }
      drawNormalFromPrecision(rng, precision, mean, h, chol, alphaNew);
      // rescale u and eta to the new alpha
      for (let a = 0; a < k; a++) {
        const c = alphaIndex(a);
        const ratio = alphaNew[c] / alpha[c];
        for (let j = offsets[a]; j < offsets[a] + term.nLevels[a]; j++) theta[j] *= ratio;
      }
      for (let c = 0; c < h; c++) {
        const ratio = alphaNew[c] / alpha[c] - 1;
        const xc = x[c];
        for (let i = 0; i < nrow; i++) state.eta[i] += ratio * xc[i];
        alpha[c] = alphaNew[c];
      }
      // G* | u* and G = D(alpha) G* D(alpha)
      effectCrossproduct(term, theta, offsets, S, crossWork);
      for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) S[a * k + b] /= alpha[alphaIndex(a)] * alpha[alphaIndex(b)];
      drawStructured(rng, term.structure, k, term.nLevels, prior, S, gStar, drawer);
      const G = state.G[t];
      for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) G[a * k + b] = gStar[a * k + b] * alpha[alphaIndex(a)] * alpha[alphaIndex(b)];
    },
  };
}

/** out ~ N(P^-1 b, P^-1) for a small dense precision P (k x k): solve with P's Cholesky factor. */
function drawNormalFromPrecision(rng: Rng, P: Float64Array, b: Float64Array, k: number, L: Float64Array, out: Float64Array): void {
  denseCholesky(P, k, L);
  // forward: L y = b; back: L' m = y; noise: L' z = e
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let j = 0; j < i; j++) s -= L[i * k + j] * out[j];
    out[i] = s / L[i * k + i];
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = out[i] + rng.normal();
    for (let j = i + 1; j < k; j++) s -= L[j * k + i] * out[j];
    out[i] = s / L[i * k + i];
  }
}
