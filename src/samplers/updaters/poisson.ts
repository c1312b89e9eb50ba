// Poisson latent variables by independence Metropolis-Hastings with a Laplace proposal: the
// default (`auto`) kernel for the poisson family, which has no exact data augmentation.
//
// Target in l (one unit, conditional prior N(m, s2)):
//   f(l) = y l - exp(l) - (l - m)^2 / (2 s2),   f'(l) = y - e^l - (l - m)/s2,   f''(l) = -e^l - 1/s2.
// f is strictly concave, so its mode is found by a few Newton steps (Tierney & Kadane 1986's
// Laplace approximation). The start, the steps and their number depend only on (y, m, s2), never
// on the current l, so the proposal is a fixed density and the plain independence-sampler ratio
//   [f(l') - log q(l')] - [f(l) - log q(l)]
// applies (Tierney 1994, Ann. Statist. 22:1701, sec. 2.3.3). The proposal is a Student t with 4
// degrees of freedom centred at the mode with the Laplace scale 1/sqrt(-f''): heavier-tailed
// than the target on both sides (the target's left tail is Gaussian, its right tail
// double-exponential), so the importance weight f/q is bounded and the sampler is uniformly
// ergodic (Mengersen & Tweedie 1996); a normal proposal with the Laplace variance would be
// lighter-tailed than the prior on the left. Acceptance is typically above 0.9, and successive
// draws are nearly independent, where random-walk MH moves a fraction of a standard deviation.

import type { Model, Response } from "../../models/types.js";
import { mhAccept, type Rng } from "../../random/index.js";
import type { ConditionalPrior, LatentUpdater } from "../latent.js";
import type { ChainState } from "../state.js";
import { observedUnit } from "./likelihood.js";

const NEWTON_STEPS = 3;
const MAX_STEP = 3;
const T_DF = 4;

export interface PoissonLaplaceUpdater extends LatentUpdater {
  readonly counts: { accepted: number; proposed: number };
}

/** The mode of y l - e^l - p0 (l - m)^2 / 2 after a fixed number of damped Newton steps from a fixed start. */
export function poissonLaplaceMode(y: number, m: number, p0: number): number {
  // start: the precision-weighted mean of the prior mean and the MLE log y (Fisher information y)
  let x = y > 0 ? (p0 * m + y * Math.log(y)) / (p0 + y) : m;
  for (let i = 0; i < NEWTON_STEPS; i++) {
    const e = Math.exp(x);
    let step = (y - e - p0 * (x - m)) / (e + p0);
    if (step > MAX_STEP) step = MAX_STEP;
    else if (step < -MAX_STEP) step = -MAX_STEP;
    x += step;
  }
  return x;
}

export function poissonLaplaceUpdater(model: Model, response: Response): PoissonLaplaceUpdater {
  const n = model.nUnits;
  const row = response.traitOffset * n;
  const y = response.y;
  const observed = Uint8Array.from({ length: n }, (_, u) => (observedUnit(response, u) ? 1 : 0));
  const counts = { accepted: 0, proposed: 0 };
  const halfDfPlusOne = 0.5 * (T_DF + 1);
  return {
    active: true,
    counts,
    update(u: number, prior: ConditionalPrior, state: ChainState, rng: Rng) {
      const l = state.latent;
      const m = prior.mean[0];
      if (observed[u] === 0) {
        l[row + u] = m + prior.chol[0] * rng.normal();
        return;
      }
      const yu = y[u];
      const p0 = prior.precision[0];
      const mode = poissonLaplaceMode(yu, m, p0);
      const scale = 1 / Math.sqrt(Math.exp(mode) + p0);
      // t_4 draw: z / sqrt(chi2_4 / 4), chi2_4 = -2 log(U1 U2)
      const w = -0.5 * (Math.log(rng.uniform()) + Math.log(rng.uniform()));
      const t = rng.normal() / Math.sqrt(w);
      const proposal = mode + scale * t;
      const current = l[row + u];
      const tc = (current - mode) / scale;
      const dp = proposal - m, dc = current - m;
      const logTarget = yu * (proposal - current) - Math.exp(proposal) + Math.exp(current) - 0.5 * p0 * (dp * dp - dc * dc);
      // log q(current) - log q(proposal) for the t density
      const logQ = halfDfPlusOne * (Math.log1p((t * t) / T_DF) - Math.log1p((tc * tc) / T_DF));
      counts.proposed++;
      if (mhAccept(rng, logTarget + logQ)) {
        counts.accepted++;
        l[row + u] = proposal;
      }
    },
  };
}
