// The sweep: the ordered list of kernels one iteration applies, and the one map of a chain:
//   [collapsed variance move] -> location effects -> per random term: its variance (+ scale move)
//   -> per residual term: its variance -> latent variables -> joint moves -> cutpoints.
// Which latent update each response gets (MH or exact augmentation) is one entry here, not a
// change to the sampler.

import type { LatentKernelChoice, Model } from "../models/types.js";
import { familyOf } from "../models/families/registry.js";
import { structureOf } from "../models/structures/registry.js";
import type { Prior } from "../priors/prior.js";
import { buildExpandedVarianceKernel } from "./kernels/variance/expansion.js";
import type { Kernel } from "./kernel.js";
import { buildLatentKernel } from "./kernels/latent/latent.js";
import { buildLocationKernel } from "./kernels/location/location.js";
import { buildMixedModelEquations } from "./kernels/location/mme.js";
import { buildPcgLocationKernel } from "./kernels/location/pcg-location.js";
import { buildBlockGibbsLocationKernel } from "./kernels/location/block-gibbs-location.js";
import { buildCrossedLocationKernel } from "./kernels/location/crossed-location.js";
import { buildCrossedDesign } from "./kernels/location/crossed-design.js";
import { chooseLocationSampler, type LocationSamplerChoice } from "./kernels/location/choice.js";
import { latentUpdaterFor } from "./kernels/latent/index.js";
import { buildMarginalVarianceKernel, type VarianceOwnership } from "./kernels/moves/marginal-variance.js";
import { buildRandomVarianceKernel } from "./kernels/variance/variance.js";
import { buildResidualVarianceKernels, termResidualKernel } from "./kernels/variance/residual-variance.js";
import { buildCutpointKernels } from "./kernels/cutpoints/cutpoints.js";
import { buildScaleMoveKernel } from "./kernels/moves/scale-move.js";
import { buildCollapsedVarianceKernels } from "./kernels/moves/collapsed-variance.js";
import { buildJointMoves } from "./kernels/moves/joint.js";
import { buildCovuKernel } from "./kernels/covu/covu-kernel.js";
import { ModelSpecError } from "../errors.js";

export interface SweepOptions {
  readonly latent?: LatentKernelChoice;
  /** Joint rescaling moves for random terms without parameter expansion (default on, except with the "crossed" location sampler). */
  readonly scaleMoves?: boolean;
  /**
   * Collapsed variance moves for random intercepts (collapsed-variance.ts). Default: on for models
   * with a non-Gaussian response and latent kernel "auto"/"exact"; off for all-Gaussian models,
   * where the conjugate updates and transformation moves already mix them and the extra pass
   * over the units costs more ESS per second than it gains (M2: 1,140 against 970 bulk-ESS/s).
   */
  readonly collapsedMoves?: boolean;
  /**
   * The marginal (co)variance move of all-Gaussian models with every location effect integrated
   * out (kernels/moves/marginal-variance.ts). Default: on where the model allows it, except with
   * latent "mh" (MCMCglmm's scheme alone, as a baseline).
   */
  readonly marginalMoves?: boolean;
  /** The nested random-intercept trade-off moves (kernels/moves/nested-move.ts; default on, off only to test them). */
  readonly nestedMoves?: boolean;
  /** Location sampler: sparse Cholesky block draw, perturbation + PCG, or by size (kernels/location/choice.ts). */
  readonly location?: LocationSamplerChoice;
}

export function buildSweep(model: Model, prior: Prior, options: SweepOptions): Kernel[] {
  if (prior.covu) return buildCovuSweep(model, prior, options);
  const mme = buildMixedModelEquations(model, prior);
  // The collapsed variance moves must come right before the location kernel, which redraws the
  // effects they integrate out (collapsed-variance.ts). The "mh" latent kernel stays MCMCglmm's
  // scheme alone, as a baseline.
  const allGaussian = model.responses.every((r) => familyOf(r).likelihood === "gaussian");
  const useCollapsed = options.collapsedMoves ?? (options.latent !== "mh" && !allGaussian);
  const sampler = chooseLocationSampler(model, mme.size, options.location);
  // The collapsed moves need the next kernel to draw every location effect jointly (Cholesky, PCG,
  // the per-factor sampler with one term): block Gibbs and the per-factor sampler with several
  // terms draw the fixed effects given the collapsed term's stale effects first, which would leave
  // the wrong distribution invariant (van Dyk & Park 2008, sec. 3)
  const jointLocation = sampler === "cholesky" || sampler === "pcg" || (sampler === "crossed" && model.randomTerms.length === 1);
  if (options.collapsedMoves === true && !jointLocation) {
    throw new ModelSpecError(`collapsedMoves needs a location sampler that draws all location effects jointly ("cholesky", "pcg", or "crossed" with one random term); location "${sampler}" draws them in blocks`);
  }
  const collapsed = useCollapsed && jointLocation ? buildCollapsedVarianceKernels(model, prior) : [];
  // The marginal move evaluates its target by factorising C, or, with one random term drawn by the
  // per-factor kernel (which then draws every effect jointly), by the arrow formulas
  // (moves/arrow-marginal.ts). PCG and block Gibbs are for models too large to factorise C, and
  // the per-factor kernel with several terms draws them in blocks: the move stays off for them.
  const arrow = sampler === "crossed" && model.randomTerms.length === 1 ? buildCrossedDesign(model) : undefined;
  const marginal = (sampler === "cholesky" || arrow) && (options.marginalMoves ?? options.latent !== "mh") ? buildMarginalVarianceKernel(model, prior, mme, arrow) : undefined;
  const location = sampler === "pcg" ? buildPcgLocationKernel(model, prior, mme)
    : sampler === "gibbs" ? buildBlockGibbsLocationKernel(model, prior, mme)
    : sampler === "crossed" ? buildCrossedLocationKernel(model, prior, mme, arrow)
    : buildLocationKernel(model, prior, mme, marginal?.factored);
  const kernels: Kernel[] = [...collapsed, ...(marginal ? [marginal.kernel] : []), location];
  // With the per-factor sampler the transformation moves cost twice its sweep and gain little:
  // on bench/scale.ts's crossed model, min bulk-ESS 920 against 769 per 1,000 iterations at 4.9
  // against 2.4 CPU ms per iteration (bench/scale-profile.ts, 3,000 iterations each)
  // (with one term they stay, as with the Cholesky draw: the sweep is then the same chain)
  const scaleMoves = options.scaleMoves ?? (sampler !== "crossed" || arrow !== undefined);
  // the (co)variance kernels, skipped in the sweeps the marginal move owns the variances (marginal-variance.ts)
  const variance = (kernel: Kernel): Kernel => (marginal ? unlessOwned(kernel, marginal.ownership) : kernel);
  model.randomTerms.forEach((_, t) => {
    const p = prior.G[t];
    if (p.expansion) kernels.push(buildExpandedVarianceKernel(model, mme, t, p));
    else {
      kernels.push(variance(buildRandomVarianceKernel(model, t, p)));
      // the transformation moves assume an inverse-Wishart (gamma) prior: only structures that admit them
      if (scaleMoves && p.fixFrom === p.dim && !p.correlation && structureOf(model.randomTerms[t]).scaleMoves !== "none") kernels.push(variance(buildScaleMoveKernel(model, mme, t, p)));
    }
  });
  kernels.push(...buildResidualVarianceKernels(model, prior.R).map(variance));
  const choice = options.latent ?? "auto";
  const updaters = model.responses.map((r) => latentUpdaterFor(model, r, choice));
  const latent = buildLatentKernel(model, updaters);
  if (latent) kernels.push(latent);
  // Joint moves of the latent variables with location effects and variances (moves/joint.ts), once
  // per sweep right after the latent update; the "mh" latent kernel stays MCMCglmm's scheme alone,
  // as a baseline.
  const joint = latent && choice !== "mh" ? buildJointMoves(model, prior) : undefined;
  if (joint) {
    kernels.push(joint.refresh);
    if (joint.fixed) for (let i = 0; i < joint.fixedRepeats; i++) kernels.push(joint.fixed);
    if (joint.levels) kernels.push(joint.levels);
    kernels.push(...joint.randomScalings);
    kernels.push(...joint.residualScalings);
    if (options.nestedMoves !== false) kernels.push(...joint.nested);
  }
  kernels.push(...buildCutpointKernels(model));
  return kernels;
}

/** The kernel, with its step skipped while `ownership.sweep` is set. */
function unlessOwned(kernel: Kernel, ownership: VarianceOwnership): Kernel {
  return {
    ...kernel,
    step(state, rng) {
      if (!ownership.sweep) kernel.step(state, rng);
    },
  };
}

/**
 * MCMCglmm's covu model (prior R covu = true): its Gibbs scheme alone. The location effects are
 * drawn with the design Z_G + Z_R (beta (x) I) by the sparse Cholesky kernel, the joined G and
 * residual blocks by one joint kernel (kernels/covu/), the other terms as usual. The extra moves
 * of the other sweep (collapsed, marginal, scale, joint, PCG and block Gibbs) assume a fixed design
 * and a residual independent of the random effects, so they are not used here.
 */
function buildCovuSweep(model: Model, prior: Prior, options: SweepOptions): Kernel[] {
  if (options.location === "pcg" || options.location === "gibbs" || options.location === "crossed") {
    throw new ModelSpecError(`location "${options.location}" with covu = true is not implemented: covu models are drawn with the sparse Cholesky location sampler`);
  }
  const mme = buildMixedModelEquations(model, prior);
  const kernels: Kernel[] = [buildLocationKernel(model, prior, mme)];
  model.randomTerms.forEach((_, t) => {
    if (t === prior.covu!.term) return;
    const p = prior.G[t];
    kernels.push(p.expansion ? buildExpandedVarianceKernel(model, mme, t, p) : buildRandomVarianceKernel(model, t, p));
  });
  kernels.push(buildCovuKernel(model, prior));
  // residual terms after the first (R2, R3, ...): drawn as usual
  for (let t = 1; t < model.residualTerms.length; t++) kernels.push(termResidualKernel(model, t, prior.R[t]));
  const updaters = model.responses.map((r) => latentUpdaterFor(model, r, options.latent ?? "auto"));
  const latent = buildLatentKernel(model, updaters);
  if (latent) kernels.push(latent);
  kernels.push(...buildCutpointKernels(model));
  return kernels;
}
