// Chooses each response's latent updater from its family and the spec's `latent` choice.

import { ModelSpecError } from "../../errors.js";
import type { LatentKernelChoice, Model, Response } from "../../models/types.js";
import type { LatentUpdater } from "../latent.js";
import { gaussianUpdater } from "./gaussian.js";

export function latentUpdaterFor(model: Model, response: Response, choice: LatentKernelChoice): LatentUpdater {
  if (response.family === "gaussian") return gaussianUpdater(model, response);
  throw new ModelSpecError(`family ${response.family} (response ${response.name}) has no latent updater for latent = "${choice}"`);
}
