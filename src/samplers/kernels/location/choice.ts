// Which location sampler a model gets: the sparse Cholesky block draw (location.ts), the
// perturbation + preconditioned conjugate-gradient draw (pcg-location.ts), block Gibbs
// (block-gibbs-location.ts) or per-factor collapsed Gibbs for crossed random intercepts
// (crossed-location.ts). All leave the same full conditional invariant; they differ in cost and,
// for the Gibbs ones, in mixing. "auto" decides from the model's
// dimensions alone (never from timings, so that draws stay reproducible): at and above
// PCG_MIN_EQUATIONS mixed-model equations with a relationship matrix (ginverse/pedigree), whose
// factor fills in far beyond C, conjugate gradients win; below it, the Cholesky factor's
// one-off symbolic analysis is cheap and its solve is exact in one pass.

import { ModelSpecError } from "../../../errors.js";
import { residualLayout } from "../../../models/structures/residual-layout.js";
import type { Model } from "../../../models/types.js";
import { crossedIneligibility } from "./crossed-design.js";
import { familyOf } from "../../../models/families/registry.js";

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

/**
 * Where "auto" takes the per-factor collapsed Gibbs sampler (crossed-location.ts) for all-Gaussian
 * models it can draw: from CROSSED_MIN_UNITS rows, with every random term of at least
 * CROSSED_MIN_LEVELS levels. Its iteration is a few passes over the rows and never a
 * factorisation, and its mixing holds as crossed designs grow (Papaspiliopoulos et al. 2020);
 * the Cholesky draw with the marginal variance move factorises C once or more per iteration, but
 * that move mixes the variance of a factor with few levels far better. Measured on bench/scale.ts's
 * design scaled down (bench/scale-ess.ts: min bulk-ESS per CPU second of the whole fit, one
 * chain, seed 1; crossed against Cholesky + marginal move): 100,000 rows, 2,000 x 500 levels
 * about 10x; 20,000 rows, 400 x 100: 686 against 128; 5,000 rows, 100 x 25: 2,134 against 912;
 * 2,000 rows, 60 x 15: 5,439 against 2,717; 1,000 rows, 20 x 5: 5,496 against 6,315 (the 5-level
 * factor's variance: ESS 1,851 against 3,175 in 3,500 draws). The thresholds sit on the safe side
 * of those (every reference model has fewer than 2,000 rows and keeps its sampler).
 */
export const CROSSED_MIN_UNITS = 5_000;
export const CROSSED_MIN_LEVELS = 15;

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
  const allGaussian = model.responses.every((r) => familyOf(r).likelihood === "gaussian");
  const manyLevels = model.randomTerms.every((t) => t.nLevels.every((m) => m >= CROSSED_MIN_LEVELS));
  if (allGaussian && crossedIneligibility(model) === undefined) {
    // One term: the per-factor draw is then the exact joint draw of every effect, the same full
    // conditional as the Cholesky draw's, and the marginal variance move evaluates its target by
    // the arrow formulas (moves/arrow-marginal.ts): the same chain at any size, at a fraction of
    // the cost (M2, 10,000 iterations, CPU s per 1,000: 0.042 -> 0.033 in a new process, 0.029 ->
    // 0.021 in one that has compiled the sampler).
    if (model.randomTerms.length === 1) return "crossed";
    if (model.nUnits >= CROSSED_MIN_UNITS && manyLevels) return "crossed";
  }
  const related = model.randomTerms.some((t) => t.ginverse !== undefined);
  // the conjugate-gradient sampler draws with one residual block shared by every unit
  return related && equations >= PCG_MIN_EQUATIONS && residualLayout(model).shared ? "pcg" : "cholesky";
}

/** The number of location equations (fixed + random effects), as the sweep's C will have. */
export function locationEquations(model: Model): number {
  return model.X.ncol + model.Z.ncol;
}
