// Chooses each response's latent updater from its family and the spec's `latent` choice:
//   "mh"     random-walk Metropolis-Hastings (MCMCglmm's scheme), every non-Gaussian family;
//   "exact"  exact data augmentation (Gibbs): Polya-Gamma for the logit families, truncated
//            normals for threshold/ordinal; an error for poisson, which has none;
//   "auto"   the fastest-mixing kernel per family: for the logit families and poisson, each
//            latent drawn from its full conditional by tangent rejection (exact), or by a
//            Laplace independence MH step where the data dominate the prior
//            (tangent-rejection.ts); truncated normals for threshold/ordinal.
// Gaussian responses need no choice (observed values are the latent variables; missing ones are
// drawn exactly).

import { ModelSpecError } from "../../../errors.js";
import type { LatentKernelChoice, Model, Response } from "../../../models/types.js";
import type { LatentUpdater } from "./latent.js";
import { gaussianUpdater } from "./gaussian.js";
import { isLogitFamily } from "./likelihood.js";
import { polyaGammaUpdater } from "./logit.js";
import { logitTangentUpdater } from "./logit-tangent.js";
import { poissonLaplaceUpdater } from "./poisson.js";
import { ordinalUpdater, thresholdUpdater } from "./probit.js";
import { randomWalkUpdater } from "./random-walk.js";

export { randomWalkUpdater } from "./random-walk.js";
export { polyaGammaUpdater } from "./logit.js";
export { logitTangentUpdater } from "./logit-tangent.js";
export { poissonLaplaceUpdater, poissonLaplaceMode } from "./poisson.js";
export { ordinalUpdater, thresholdUpdater } from "./probit.js";
export { unitLogLikelihood } from "./likelihood.js";
export { buildJointMoves } from "../moves/joint.js";

const CHOICES: readonly LatentKernelChoice[] = ["mh", "exact", "auto"];

/** The per-unit updater of one response (the joint moves are the sweep's own kernels: sweep.ts). */
export function latentUpdaterFor(model: Model, response: Response, choice: LatentKernelChoice): LatentUpdater {
  return familyUpdater(model, response, choice);
}

/** The per-unit updater of one response, without the model-level joint moves. */
export function familyUpdater(model: Model, response: Response, choice: LatentKernelChoice): LatentUpdater {
  if (!CHOICES.includes(choice)) {
    throw new ModelSpecError(`latent must be "mh", "exact" or "auto", got "${String(choice)}"`);
  }
  const family = response.family;
  if (family === "gaussian") return gaussianUpdater(model, response);
  const known = family === "poisson" || family === "threshold" || family === "ordinal" || isLogitFamily(response);
  if (!known) throw new ModelSpecError(`family ${family} (response ${response.name}) has no latent updater`);
  if (choice === "mh") return randomWalkUpdater(model, response);
  if (family === "poisson") {
    if (choice === "exact") {
      throw new ModelSpecError(
        `latent = "exact": the poisson family (response ${response.name}) has no exact data augmentation; ` +
          `use latent = "auto" (independence Metropolis-Hastings with a Laplace proposal) or "mh" (random-walk Metropolis-Hastings)`,
      );
    }
    return poissonLaplaceUpdater(model, response);
  }
  if (family === "threshold") return thresholdUpdater(model, response);
  if (family === "ordinal") return ordinalUpdater(model, response);
  return choice === "exact" ? polyaGammaUpdater(model, response) : logitTangentUpdater(model, response);
}
