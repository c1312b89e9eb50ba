// Which location sampler a model gets: the sparse Cholesky block draw (location.ts) or the
// perturbation + preconditioned conjugate-gradient draw (pcg-location.ts). Both draw exactly
// from the same full conditional; they differ in cost. "auto" decides from the model's
// dimensions alone (never from timings, so that draws stay reproducible): at and above
// PCG_MIN_EQUATIONS mixed-model equations with a relationship matrix (ginverse/pedigree), whose
// factor fills in far beyond C, conjugate gradients win; below it, the Cholesky factor's
// one-off symbolic analysis is cheap and its solve is exact in one pass.

import { ModelSpecError } from "../../../errors.js";
import { residualLayout } from "../../../models/structures/residual-layout.js";
import type { Model } from "../../../models/types.js";
import { crossedIneligibility } from "./crossed-design.js";

export type LocationSamplerChoice = "auto" | "cholesky" | "pcg" | "gibbs" | "crossed";
export type LocationSampler = "cholesky" | "pcg" | "gibbs" | "crossed";

/**
 * The size from which "auto" takes conjugate gradients, measured on S4-like bivariate animal
 * models (bench/scale-animal.ts). Before the split product (split-product.ts): at 5,000 animals
 * (10,004 equations) the Cholesky draw took 0.044 s per iteration against PCG's 0.130; at 50,000
 * (100,004 equations) 1.49 against 0.32. With it (farm-bench style whole-process CPU, 500
 * iterations alternately, load 22): at 10,004 equations PCG costs 1.08x the Cholesky fit, a tie;
 * at 100,004 and beyond PCG is several times cheaper (the factor's fill grows faster than C).
 * 20,000 is set above the tie, where the exact one-pass Cholesky draw is kept; it was not
 * measured itself. Both draw the same full conditional (PCG within 0.01 posterior sd, see
 * ERROR_TOLERANCE), so this is a choice of cost alone.
 */
export const PCG_MIN_EQUATIONS = 20_000;

export function chooseLocationSampler(model: Model, equations: number, choice: LocationSamplerChoice = "auto"): LocationSampler {
  if (choice !== "auto") {
    if (choice === "crossed") {
      const why = crossedIneligibility(model);
      if (why !== undefined) throw new ModelSpecError(`location = "crossed" needs one trait, one residual variance, and random terms of one coefficient without a relationship matrix and with one Z entry per row; this model cannot use it: ${why}. Use location "cholesky" (or "auto")`);
      return choice;
    }
    if (choice !== "cholesky" && !residualLayout(model).shared) {
      throw new ModelSpecError(`location = "${choice}" needs one residual block for every unit; the rcov "${model.spec.rcov ?? "~units"}" gives units different residual blocks: use location "cholesky" (or "auto")`);
    }
    return choice;
  }
  const related = model.randomTerms.some((t) => t.ginverse !== undefined);
  // the conjugate-gradient sampler draws with one residual block shared by every unit
  return related && equations >= PCG_MIN_EQUATIONS && residualLayout(model).shared ? "pcg" : "cholesky";
}

/** The number of location equations (fixed + random effects), as the sweep's C will have. */
export function locationEquations(model: Model): number {
  return model.X.ncol + model.Z.ncol;
}
