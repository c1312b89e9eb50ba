// Exact augmentation for the probit families.
//
// threshold (no extra variance; Albert & Chib 1993, JASA 88:669): y = c iff g_{c-1} < l <= g_c, so
//   l | y ~ N(m, s2) truncated to (g_{y-1}, g_y].
//
// ordinal (cumulative probit with its own unit variance, P(y = c | l) = Phi(g_c - l) - Phi(g_{c-1} - l)):
// write y = c iff g_{c-1} < z <= g_c with z = l + e, e ~ N(0, 1) (Albert & Chib 1993, sec. 3.2
// applied to the latent l instead of x'beta). One step draws
//   z | l, y ~ N(l, 1) truncated to (g_{y-1}, g_y],   l | z ~ N((z + m/s2) / (1 + 1/s2), 1 / (1 + 1/s2)),
// a two-block Gibbs sweep on (l, z) whose l-marginal is p(l | y, m, s2); z is not kept.

import type { Model, Response } from "../../../models/types.js";
import { rTruncNormal, type Rng } from "../../../random/index.js";
import type { ConditionalPrior, LatentUpdater } from "./latent.js";
import type { ChainState } from "../../run/state.js";
import { lowerBound, observedUnit, upperBound } from "./likelihood.js";

export function thresholdUpdater(model: Model, response: Response): LatentUpdater {
  const n = model.nUnits;
  const row = response.traitOffset * n;
  const y = response.y;
  const r = model.responses.indexOf(response);
  const observed = Uint8Array.from({ length: n }, (_, u) => (observedUnit(response, u) ? 1 : 0));
  return {
    active: true,
    update(u: number, prior: ConditionalPrior, state: ChainState, rng: Rng) {
      const sd = prior.chol[0];
      if (observed[u] === 0) {
        state.latent[row + u] = prior.mean[0] + sd * rng.normal();
        return;
      }
      const cp = state.cutpoints[r];
      state.latent[row + u] = rTruncNormal(rng, prior.mean[0], sd, lowerBound(y[u], cp), upperBound(y[u], cp));
    },
  };
}

export function ordinalUpdater(model: Model, response: Response): LatentUpdater {
  const n = model.nUnits;
  const row = response.traitOffset * n;
  const y = response.y;
  const r = model.responses.indexOf(response);
  const observed = Uint8Array.from({ length: n }, (_, u) => (observedUnit(response, u) ? 1 : 0));
  return {
    active: true,
    update(u: number, prior: ConditionalPrior, state: ChainState, rng: Rng) {
      const l = state.latent;
      if (observed[u] === 0) {
        l[row + u] = prior.mean[0] + prior.chol[0] * rng.normal();
        return;
      }
      const cp = state.cutpoints[r];
      const zDraw = rTruncNormal(rng, l[row + u], 1, lowerBound(y[u], cp), upperBound(y[u], cp));
      const p0 = prior.precision[0];
      const precision = 1 + p0;
      l[row + u] = (zDraw + p0 * prior.mean[0]) / precision + rng.normal() / Math.sqrt(precision);
    },
  };
}
