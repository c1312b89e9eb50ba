// Gaussian responses: the latent variable is the observation itself; a missing observation is
// imputed each sweep from its conditional normal given the unit's other traits (as MCMCglmm does).

import type { Model, Response } from "../../../models/types.js";
import type { LatentUpdater } from "./latent.js";

export function gaussianUpdater(model: Model, response: Response): LatentUpdater {
  const n = model.nUnits;
  const row = response.traitOffset * n;
  const y = response.y;
  return {
    active: y.some((v) => Number.isNaN(v)),
    update(unit, prior, state, rng) {
      if (!Number.isNaN(y[unit])) return;
      state.latent[row + unit] = prior.mean[0] + prior.chol[0] * rng.normal();
    },
  };
}
