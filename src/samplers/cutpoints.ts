// Cutpoint kernels for threshold/ordinal responses with more than two categories.

import type { Model } from "../models/types.js";
import type { Kernel } from "./kernel.js";

export function buildCutpointKernels(model: Model): Kernel[] {
  return model.responses.filter((r) => (r.family === "threshold" || r.family === "ordinal") && (r.categories?.length ?? 0) > 2).map(() => {
    throw new Error("cutpoints: not implemented yet");
  });
}
