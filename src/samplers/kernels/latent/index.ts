// Each response's latent updater: its family lists which updater serves each choice of the
// spec's `latent` (models/families/*.ts, `latentKernels`), and this registry maps those names
// to implementations:
//   "mh"     random-walk Metropolis-Hastings (MCMCglmm's scheme);
//   "exact"  exact data augmentation (Gibbs) where the family has one: Polya-Gamma for the
//            logit families, truncated normals for threshold/ordinal, Polya-Gamma for the
//            zero part of the zero-inflated and hurdle families (trait-polya-gamma);
//   "auto"   the fastest-mixing kernel per family: tangent rejection or a Laplace independence
//            MH step for the logit families and poisson (tangent-rejection.ts), truncated normals
//            for threshold/ordinal.
// Gaussian responses need no choice (observed values are the latent variables; missing ones are
// drawn exactly).

import { ModelSpecError } from "../../../errors.js";
import { familyOf } from "../../../models/families/registry.js";
import type { LatentKernelName } from "../../../models/families/types.js";
import type { LatentKernelChoice, Model, Response } from "../../../models/types.js";
import type { LatentUpdater, UpdaterFactory } from "./latent.js";
import { gaussianUpdater } from "./gaussian.js";
import { polyaGammaUpdater } from "./logit.js";
import { logitTangentUpdater } from "./logit-tangent.js";
import { poissonLaplaceUpdater } from "./poisson.js";
import { ordinalUpdater, thresholdUpdater } from "./probit.js";
import { randomWalkUpdater } from "./random-walk.js";
import { traitLaplaceUpdater, traitPolyaGammaUpdater } from "./trait-laplace.js";
import { censoredGaussianUpdater } from "./censored.js";

export { randomWalkUpdater } from "./random-walk.js";
export { polyaGammaUpdater } from "./logit.js";
export { logitTangentUpdater } from "./logit-tangent.js";
export { poissonLaplaceUpdater, poissonLaplaceMode } from "./poisson.js";
export { ordinalUpdater, thresholdUpdater } from "./probit.js";
export { unitLogLikelihood } from "./likelihood.js";
export { traitLaplaceUpdater, traitPolyaGammaUpdater } from "./trait-laplace.js";
export { censoredGaussianUpdater } from "./censored.js";

/** The per-unit latent updaters, by the names families use. */
export const LATENT_UPDATERS: Readonly<Record<LatentKernelName, UpdaterFactory>> = {
  "gaussian-missing": gaussianUpdater,
  "random-walk": randomWalkUpdater,
  "polya-gamma": polyaGammaUpdater,
  "logit-tangent": logitTangentUpdater,
  "poisson-laplace": poissonLaplaceUpdater,
  "threshold-truncated-normal": thresholdUpdater,
  "ordinal-truncated-normal": ordinalUpdater,
  "trait-laplace": traitLaplaceUpdater,
  "trait-polya-gamma": traitPolyaGammaUpdater,
  "censored-truncated-normal": censoredGaussianUpdater,
};

const CHOICES: readonly LatentKernelChoice[] = ["mh", "exact", "auto"];

/** The per-unit updater of one response for the spec's latent choice. */
export function latentUpdaterFor(model: Model, response: Response, choice: LatentKernelChoice): LatentUpdater {
  if (!CHOICES.includes(choice)) {
    throw new ModelSpecError(`latent must be "mh", "exact" or "auto", got "${String(choice)}"`);
  }
  const family = familyOf(response);
  const name = family.latentKernels[choice];
  if (name === undefined) {
    const offered = CHOICES.filter((c) => family.latentKernels[c] !== undefined).map((c) => `"${c}" (${family.latentKernels[c]})`);
    throw new ModelSpecError(
      `latent = "${choice}": the ${response.family} family (response ${response.name}) has no ${choice === "exact" ? "exact data augmentation" : `"${choice}" kernel`}; ` +
        `it offers ${offered.join(" and ")}`,
    );
  }
  return LATENT_UPDATERS[name](model, response);
}
