// Random-walk Metropolis-Hastings on one response's latent traits at one unit (the `mh` kernel,
// MCMCglmm's scheme for non-Gaussian liabilities: Hadfield 2010, J. Stat. Softw. 33(2), sec. 3).
// Target: p(y_u | l) N(l; m, S), m and S the conditional prior given the unit's other traits.
// Proposal: l' = l + s_u L z (S = L L', z ~ N(0, I)), so the proposal has the shape of the
// conditional prior. MCMCglmm adapts one proposal covariance for all units; here each unit has
// its own scale s_u, because units differ widely in how much their data narrow l (a count of 200
// against one of 0). The log-scale follows a Robbins-Monro recursion
//   log s_u += gamma_t (accepted - target),  gamma_t = t^-0.6,
// towards acceptance 0.44 for one trait and 0.3 for several (Roberts & Rosenthal 2001), during
// burn-in only (state.adapting); after burn-in the scales are frozen, so the kernel is a fixed
// MH kernel and the chain is exactly invariant.

import type { Model, Response } from "../../../models/types.js";
import { mhAccept, type Rng } from "../../../random/index.js";
import type { ConditionalPrior, LatentUpdater } from "./latent.js";
import type { ChainState } from "../../run/state.js";
import { restoreArray } from "../../kernel-state.js";
import { drawFromPrior, logPriorKernel, readLatent, writeLatent } from "./common.js";
import { observedUnit, unitLogLikelihood } from "./likelihood.js";
import { robbinsMonroLogScale } from "../adaptation.js";
import { exp, log } from "../../../math/deterministic.js";

export interface RandomWalkUpdater extends LatentUpdater {
  /** Acceptances and proposals since construction (for tests and diagnostics). */
  readonly counts: { accepted: number; proposed: number };
  /** Per-unit proposal scales (read-only view). */
  readonly scales: Float64Array;
}

export function randomWalkUpdater(model: Model, response: Response): RandomWalkUpdater {
  const n = model.nUnits;
  const K = response.nTraits;
  const offset = response.traitOffset;
  const logLik = unitLogLikelihood(response);
  const observed = Uint8Array.from({ length: n }, (_, u) => (observedUnit(response, u) ? 1 : 0));
  const target = K === 1 ? 0.44 : 0.3;
  const logScale = new Float64Array(n).fill(log(K === 1 ? 1.5 : 2.38 / Math.sqrt(K)));
  const scales = new Float64Array(n);
  const current = new Float64Array(K);
  const proposal = new Float64Array(K);
  const z = new Float64Array(K);
  const counts = { accepted: 0, proposed: 0 };
  const r = model.responses.indexOf(response);

  return {
    active: true,
    counts,
    saveState: () => ({ logScale: logScale.slice() }),
    restoreState: (saved) => restoreArray(logScale, saved, "logScale"),
    acceptance: counts,
    get scales() {
      for (let u = 0; u < n; u++) scales[u] = exp(logScale[u]);
      return scales;
    },
    update(u: number, prior: ConditionalPrior, state: ChainState, rng: Rng) {
      const l = state.latent;
      if (observed[u] === 0) {
        drawFromPrior(prior, K, rng, z, current);
        writeLatent(l, offset, n, u, K, current);
        return;
      }
      const cp = state.cutpoints[r];
      readLatent(l, offset, n, u, K, current);
      const s = exp(logScale[u]);
      for (let i = 0; i < K; i++) z[i] = rng.normal();
      for (let i = 0; i < K; i++) {
        let d = 0;
        for (let j = 0; j <= i; j++) d += prior.chol[i * K + j] * z[j];
        proposal[i] = current[i] + s * d;
      }
      const logRatio = logLik(u, proposal, cp) + logPriorKernel(prior, K, proposal) - logLik(u, current, cp) - logPriorKernel(prior, K, current);
      const accepted = mhAccept(rng, logRatio);
      counts.proposed++;
      if (accepted) {
        counts.accepted++;
        writeLatent(l, offset, n, u, K, proposal);
      }
      if (state.adapting) logScale[u] = robbinsMonroLogScale(logScale[u], state.iteration, accepted, target, -12, 3);
    },
  };
}
