// Cutpoint kernels for threshold/ordinal responses with more than two categories (K - 2 free
// cutpoints g_1 < ... < g_{K-2}; g_0 = 0 is fixed). Cowles (1996, Statist. Comput. 6:101):
// a joint Metropolis-Hastings move of the cutpoints with the latent variables integrated out,
// which avoids the slow mixing of Gibbs updates of cutpoints given the latent variables
// (Albert & Chib 1993), whose conditional support is pinned by the neighbouring latents.
//
// Proposal (Cowles 1996, sec. 3): in order j = 1 .. K-2, g'_j ~ N(g_j, sigma^2) truncated to
// (g'_{j-1}, g_{j+1}), with Hastings ratio
//   q(g | g') / q(g' | g) = prod_j [Phi((g_{j+1} - g_j)/sigma) - Phi((g'_{j-1} - g_j)/sigma)]
//                                 / [Phi((g'_{j+1} - g'_j)/sigma) - Phi((g_{j-1} - g'_j)/sigma)].
// Likelihood with the latent variable integrated out, per observed unit,
//   P(y = c) = Phi((g_c - m)/s) - Phi((g_{c-1} - m)/s)
// threshold: l ~ N(m, s^2) the conditional prior of the latent given the unit's other traits
//            (m = eta + R_TO R_OO^-1 (l_O - eta_O)); on acceptance the latent variables are
//            redrawn from their truncated normals under the new cutpoints, which completes the
//            joint move (g', l') ~ q(g'|g) p(l' | g', y, m, s).
// ordinal:   the probit's own unit variance: m = l, s = 1 (the latent l stays; nothing to redraw).
// The cutpoints' prior is flat, as MCMCglmm's. sigma is tuned during burn-in only (state.adapting)
// by a Robbins-Monro recursion on log sigma towards acceptance 0.44 (one free cutpoint) or 0.3.

import { denseConditionalNormal } from "../../../linalg/dense.js";
import { ModelSpecError } from "../../../errors.js";
import { residualLayout } from "../../../models/structures/residual-layout.js";
import type { Model, Response } from "../../../models/types.js";
import { familyOf } from "../../../models/families/registry.js";
import { mhAccept, rTruncNormal, type Rng } from "../../../random/index.js";
import type { Kernel } from "../../kernel.js";
import { savedNumber } from "../../kernel-state.js";
import type { ChainState } from "../../run/state.js";
import { logNormalInterval } from "../../../models/likelihood.js";
import { lowerBound, observedUnit, upperBound } from "../latent/likelihood.js";
import { robbinsMonroLogScale } from "../adaptation.js";
import { exp, log } from "../../../math/deterministic.js";

export interface CutpointKernel extends Kernel {
  readonly counts: { accepted: number; proposed: number };
  /** Current proposal standard deviation. */
  readonly proposalSd: () => number;
}

export function buildCutpointKernels(model: Model): CutpointKernel[] {
  return model.responses
    .filter((r) => familyOf(r).cutpointLink !== null && familyOf(r).cutpointCount(r) > 1)
    .map((r) => buildCutpointKernel(model, r));
}

export function buildCutpointKernel(model: Model, response: Response): CutpointKernel {
  const n = model.nUnits;
  const k = model.nTraits;
  const trait = response.traitOffset;
  const r = model.responses.indexOf(response);
  const y = response.y;
  const integrated = familyOf(response).cutpointLink === "pinned";
  if (integrated && !residualLayout(model).shared) {
    // the integrated cutpoint update assumes one residual variance for every unit
    throw new ModelSpecError(
      `threshold response ${response.name}: the rcov "${model.spec.rcov ?? "~units"}" gives units different residual blocks, which the threshold family does not support; use one residual term over all units`,
    );
  }
  const K = response.categories?.length ?? 0;
  const free = K - 2;
  const observedList = Int32Array.from(Array.from({ length: n }, (_, u) => u).filter((u) => observedUnit(response, u)));
  const others = Int32Array.from(Array.from({ length: k }, (_, i) => i).filter((i) => i !== trait));
  const o = others.length;
  const rOO = new Float64Array(o * o);
  const rOOinv = new Float64Array(o * o);
  const work = new Float64Array(k * k);
  const regression = new Float64Array(o);
  const traitIndex = Int32Array.of(trait);
  const conditionalVariance = new Float64Array(1);
  const center = new Float64Array(n);
  const proposal = new Float64Array(K - 1);
  const target = free === 1 ? 0.44 : 0.3;
  let logSigma = log(0.1);
  const counts = { accepted: 0, proposed: 0 };

  /** Per-unit centre m_u (and the common scale s) of the latent integrated out. */
  function refreshCentres(state: ChainState): number {
    const l = state.latent, eta = state.eta;
    if (!integrated) {
      for (let i = 0; i < observedList.length; i++) center[observedList[i]] = l[trait * n + observedList[i]];
      return 1;
    }
    const R = state.R;
    let variance = R[trait * k + trait];
    if (o === 0) {
      for (let i = 0; i < observedList.length; i++) center[observedList[i]] = eta[trait * n + observedList[i]];
      return Math.sqrt(variance);
    }
    denseConditionalNormal(R, k, traitIndex, others, regression, conditionalVariance, rOO, rOOinv, work);
    variance = conditionalVariance[0];
    for (let i = 0; i < observedList.length; i++) {
      const u = observedList[i];
      let c = eta[trait * n + u];
      for (let j = 0; j < o; j++) c += regression[j] * (l[others[j] * n + u] - eta[others[j] * n + u]);
      center[u] = c;
    }
    return Math.sqrt(variance);
  }

  function logLikelihood(cp: Float64Array, s: number): number {
    let total = 0;
    for (let i = 0; i < observedList.length; i++) {
      const u = observedList[i];
      const c = y[u], m = center[u];
      total += logNormalInterval((lowerBound(c, cp) - m) / s, (upperBound(c, cp) - m) / s);
    }
    return total;
  }

  return {
    name: `cutpoints of ${response.name}`,
    counts,
    metropolis: [{ name: `cutpoints of ${response.name}`, counts }],
    proposalSd: () => exp(logSigma),
    saveState: () => ({ logSigma }),
    restoreState: (saved) => { logSigma = savedNumber(saved, "logSigma"); },
    step(state: ChainState, rng: Rng) {
      const cp = state.cutpoints[r];
      const sigma = exp(logSigma);
      const s = refreshCentres(state);
      proposal[0] = cp[0];
      let logHastings = 0;
      for (let j = 1; j <= free; j++) {
        const upperOld = j + 1 < cp.length ? cp[j + 1] : Infinity;
        proposal[j] = rTruncNormal(rng, cp[j], sigma, proposal[j - 1], upperOld);
      }
      for (let j = 1; j <= free; j++) {
        const upperOld = j + 1 < cp.length ? cp[j + 1] : Infinity;
        const upperNew = j + 1 < cp.length ? proposal[j + 1] : Infinity;
        const forward = logNormalInterval((proposal[j - 1] - cp[j]) / sigma, (upperOld - cp[j]) / sigma);
        const reverse = logNormalInterval((cp[j - 1] - proposal[j]) / sigma, (upperNew - proposal[j]) / sigma);
        logHastings += forward - reverse;
      }
      const logRatio = logLikelihood(proposal, s) - logLikelihood(cp, s) + logHastings;
      const accepted = mhAccept(rng, logRatio);
      counts.proposed++;
      if (accepted) {
        counts.accepted++;
        for (let j = 1; j <= free; j++) cp[j] = proposal[j];
        if (integrated) {
          const l = state.latent;
          for (let i = 0; i < observedList.length; i++) {
            const u = observedList[i];
            l[trait * n + u] = rTruncNormal(rng, center[u], s, lowerBound(y[u], cp), upperBound(y[u], cp));
          }
        }
      }
      if (state.adapting) logSigma = robbinsMonroLogScale(logSigma, state.iteration, accepted, target, -15, 3);
    },
  };
}
