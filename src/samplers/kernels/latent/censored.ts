// Exact augmentation for the censored Gaussian (cbind(lower, upper)): the latent value is the
// uncensored observation, so given its conditional prior N(m, s2) and the interval it was
// censored to, l | y ~ N(m, s2) truncated to [lower, upper] (Tobin 1958; Chib 1992, J.
// Econometrics 51:79); lower = upper pins it at the observed value.

import type { Model, Response } from "../../../models/types.js";
import { rTruncNormal, type Rng } from "../../../random/index.js";
import type { ConditionalPrior, LatentUpdater } from "./latent.js";
import type { ChainState } from "../../run/state.js";
import { observedUnit } from "./likelihood.js";

export function censoredGaussianUpdater(model: Model, response: Response): LatentUpdater {
  const n = model.nUnits;
  const row = response.traitOffset * n;
  const lower = response.y;
  const upper = response.upper ?? response.y;
  const observed = Uint8Array.from({ length: n }, (_, u) => (observedUnit(response, u) ? 1 : 0));
  return {
    active: true,
    update(u: number, prior: ConditionalPrior, state: ChainState, rng: Rng) {
      const sd = prior.chol[0];
      if (observed[u] === 0) state.latent[row + u] = prior.mean[0] + sd * rng.normal();
      else if (lower[u] === upper[u]) state.latent[row + u] = lower[u];
      else state.latent[row + u] = rTruncNormal(rng, prior.mean[0], sd, lower[u], upper[u]);
    },
  };
}
