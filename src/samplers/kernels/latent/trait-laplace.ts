// Trait-wise latent updates for any family (the `auto` kernel of the zero-inflated, hurdle,
// zero-altered, truncated, censored-count, exponential and geometric families): at each unit each
// latent trait j in turn is redrawn from its full conditional
//   p(l_j | l_-j, y) ∝ p(y | l) N(l_j; mu_j, 1/P_jj),
// mu_j and P_jj the conditional prior of l_j given the unit's other traits (P = S^-1), which is a
// Gibbs sweep over the traits (each step leaves p(l | y, m, S) invariant). Per trait, by what the
// family says its likelihood in l_j looks like (FamilyDefinition.traitView):
//   "none"     no data on the trait at this unit: an exact draw from N(mu_j, 1/P_jj);
//   "logit"    a binomial logit k l - n log(1 + e^l): tangent rejection / Laplace t_4 (exact
//              draws where rejection is taken; tangent-rejection.ts);
//   "general"  independence Metropolis-Hastings with a Laplace-approximation t_4 proposal
//              (Tierney 1994, Ann. Statist. 22:1701, sec. 2.3.3): the mode and curvature of
//              log p(y | l) + log N(l_j; mu_j, 1/P_jj) are found by damped Newton steps with
//              central-difference derivatives of the family's samplerLogLikelihood, started at
//              mu_j (analytic derivatives where the family gives them: traitDerivatives), so the proposal depends only on (y, mu_j, P_jj, l_-j), never on the current
//              l_j, and the plain independence-sampler ratio applies. The t_4 tails are heavier
//              than the target's on both sides (uniform ergodicity for log-concave likelihoods;
//              Mengersen & Tweedie 1996).

import { familyOf } from "../../../models/families/registry.js";
import type { TraitLikelihoodKind } from "../../../models/families/types.js";
import type { Model, Response } from "../../../models/types.js";
import type { Rng } from "../../../random/index.js";
import type { ChainState } from "../../run/state.js";
import { conditionalMean, drawFromPrior, readLatent, writeLatent } from "./common.js";
import type { ConditionalPrior, LatentUpdater } from "./latent.js";
import { observedUnit, unitLogLikelihood } from "./likelihood.js";
import { drawInflatedLogitPolyaGamma, drawLogitPolyaGamma } from "./logit-augmentation.js";
import { acceptT4, drawBinomialLogit, newTangentCounts, studentT4, type TangentCounts } from "./tangent-rejection.js";

const NEWTON_STEPS = 6;
const MAX_STEP = 3;
/** Relative finite-difference step for the derivatives of the log target. */
const H = 1e-4;

export interface TraitLaplaceUpdater extends LatentUpdater {
  readonly counts: TangentCounts;
}

/** The trait-wise kernel with tangent rejection / Laplace MH for logit traits (`auto` of most families). */
export function traitLaplaceUpdater(model: Model, response: Response): TraitLaplaceUpdater {
  return traitWiseUpdater(model, response, false);
}

/** The trait-wise kernel with Polya-Gamma augmentation for logit and inflated-logit traits (`exact`). */
export function traitPolyaGammaUpdater(model: Model, response: Response): TraitLaplaceUpdater {
  return traitWiseUpdater(model, response, true);
}

function traitWiseUpdater(model: Model, response: Response, polyaGamma: boolean): TraitLaplaceUpdater {
  const n = model.nUnits;
  const K = response.nTraits;
  const offset = response.traitOffset;
  const r = model.responses.indexOf(response);
  const logLik = unitLogLikelihood(response);
  const traitLogLik = familyOf(response).traitLogLikelihood?.(response);
  const view = familyOf(response).traitView?.(response);
  const derivatives = familyOf(response).traitDerivatives?.(response);
  const d = new Float64Array(2);
  const observed = Uint8Array.from({ length: n }, (_, u) => (observedUnit(response, u) ? 1 : 0));
  const x = new Float64Array(K);
  const z = new Float64Array(K);
  const logitTerms = new Float64Array(2);
  const counts = newTangentCounts();

  /** log p(y_u | x with x_j = t) - p0 (t - mu)^2 / 2 (up to terms free of x_j where the family separates them). */
  function logTarget(u: number, j: number, t: number, mu: number, p0: number, cp: Float64Array): number {
    x[j] = t;
    const d = t - mu;
    return (traitLogLik ? traitLogLik(u, j, x) : logLik(u, x, cp)) - 0.5 * p0 * d * d;
  }

  function drawGeneral(u: number, j: number, mu: number, p0: number, cp: Float64Array, rng: Rng): number {
    const current = x[j];
    let a = mu;
    let curvature = p0;
    for (let it = 0; it < NEWTON_STEPS; it++) {
      let d1: number, d2: number;
      if (derivatives && derivatives(u, j, x, a, d)) {
        d1 = d[0] - p0 * (a - mu);
        d2 = d[1] - p0;
        if (!Number.isFinite(d1) || !Number.isFinite(d2)) break;
      } else {
        const h = H * (1 + Math.abs(a));
        const f0 = logTarget(u, j, a, mu, p0, cp);
        const fp = logTarget(u, j, a + h, mu, p0, cp);
        const fm = logTarget(u, j, a - h, mu, p0, cp);
        if (!Number.isFinite(f0) || !Number.isFinite(fp) || !Number.isFinite(fm)) break;
        d1 = (fp - fm) / (2 * h);
        d2 = (fp - 2 * f0 + fm) / (h * h);
      }
      // a non-concave stretch keeps a positive curvature: the proposal stays a proper t
      curvature = Math.max(-d2, 0.25 * p0);
      let step = d1 / curvature;
      if (step > MAX_STEP) step = MAX_STEP;
      else if (step < -MAX_STEP) step = -MAX_STEP;
      a += step;
      // the mode only shapes the proposal: a few digits are plenty
      if (Math.abs(step) < 1e-6 * (1 + Math.abs(a))) break;
    }
    const scale = 1 / Math.sqrt(curvature);
    const t = studentT4(rng);
    const proposal = a + scale * t;
    const ratio = logTarget(u, j, proposal, mu, p0, cp) - logTarget(u, j, current, mu, p0, cp);
    x[j] = current;
    return acceptT4(rng, t, (current - a) / scale, ratio, counts) ? proposal : current;
  }

  return {
    active: true,
    counts,
    update(u: number, prior: ConditionalPrior, state: ChainState, rng: Rng) {
      const l = state.latent;
      if (observed[u] === 0) {
        drawFromPrior(prior, K, rng, z, x);
        writeLatent(l, offset, n, u, K, x);
        return;
      }
      const cp = state.cutpoints[r];
      readLatent(l, offset, n, u, K, x);
      for (let j = 0; j < K; j++) {
        const p0 = prior.precision[j * K + j];
        const mu = K === 1 ? prior.mean[0] : conditionalMean(prior, K, j, x);
        const kind: TraitLikelihoodKind = view ? view(u, j, x, logitTerms) : "general";
        if (kind === "none") x[j] = mu + rng.normal() / Math.sqrt(p0);
        else if (kind === "logit") {
          x[j] = polyaGamma ? drawLogitPolyaGamma(rng, logitTerms[0], logitTerms[1], x[j], mu, p0) : drawBinomialLogit(rng, logitTerms[0], logitTerms[1], mu, p0, 1 / Math.sqrt(p0), x[j], counts);
        } else if (kind === "inflated-logit" && polyaGamma) x[j] = drawInflatedLogitPolyaGamma(rng, logitTerms[0], x[j], mu, p0);
        else x[j] = drawGeneral(u, j, mu, p0, cp, rng);
      }
      writeLatent(l, offset, n, u, K, x);
    },
  };
}
