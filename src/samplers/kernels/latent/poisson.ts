// Poisson latent variables: the default (`auto`) kernel for the poisson family, which has no
// exact data augmentation. Target in l (one unit, conditional prior N(m, s2)):
//   f(l) = y l - exp(l) - (l - m)^2 / (2 s2),
// strictly concave. Where the count's information exp(mode) is small against 1/s2 the latent is
// drawn exactly by tangent rejection; otherwise by independence Metropolis-Hastings with a
// Laplace t_4 proposal (Tierney 1994, Ann. Statist. 22:1701, sec. 2.3.3), whose Newton steps
// start from and depend only on (y, m, s2), so the proposal is a fixed density and the plain
// independence-sampler ratio applies. Details and references: tangent-rejection.ts.

import type { Model, Response } from "../../../models/types.js";
import type { Rng } from "../../../random/index.js";
import type { ConditionalPrior, LatentUpdater } from "./latent.js";
import type { ChainState } from "../../run/state.js";
import { observedUnit } from "./likelihood.js";
import { drawPoisson, newTangentCounts, poissonMode, tangentAcceptance, type TangentCounts } from "./tangent-rejection.js";

export interface PoissonLaplaceUpdater extends LatentUpdater {
  readonly counts: TangentCounts;
}

/** The mode of y l - e^l - p0 (l - m)^2 / 2 after a fixed number of damped Newton steps from a fixed start. */
export function poissonLaplaceMode(y: number, m: number, p0: number): number {
  return poissonMode(y, m, p0, 3);
}

export function poissonLaplaceUpdater(model: Model, response: Response): PoissonLaplaceUpdater {
  const n = model.nUnits;
  const row = response.traitOffset * n;
  const y = response.y;
  const observed = Uint8Array.from({ length: n }, (_, u) => (observedUnit(response, u) ? 1 : 0));
  const counts = newTangentCounts();
  return {
    active: true,
    counts,
    acceptance: tangentAcceptance(counts),
    update(u: number, prior: ConditionalPrior, state: ChainState, rng: Rng) {
      const l = state.latent;
      const m = prior.mean[0];
      const sd = prior.chol[0];
      if (observed[u] === 0) {
        l[row + u] = m + sd * rng.normal();
        return;
      }
      l[row + u] = drawPoisson(rng, y[u], m, prior.precision[0], sd, l[row + u], counts);
    },
  };
}
