// The sweep: the ordered list of kernels one iteration applies. Which latent update each response
// gets (MH or exact augmentation) is one entry here, not a change to the sampler.

import type { LatentKernelChoice, Model } from "../models/types.js";
import { familyOf } from "../models/families/registry.js";
import { structureOf } from "../models/structures/registry.js";
import type { Prior } from "../priors/prior.js";
import { buildExpandedVarianceKernel } from "./kernels/variance/expansion.js";
import type { Kernel } from "./kernel.js";
import { buildLatentKernel } from "./kernels/latent/latent.js";
import { buildLocationKernel } from "./kernels/location/location.js";
import { buildMixedModelEquations } from "./kernels/location/mme.js";
import { latentUpdaterFor } from "./kernels/latent/index.js";
import { buildJointMoves } from "./kernels/moves/joint.js";
import { buildRandomVarianceKernel, buildResidualVarianceKernel } from "./kernels/variance/variance.js";
import { buildCutpointKernels } from "./kernels/cutpoints/cutpoints.js";
import { buildScaleMoveKernel } from "./kernels/moves/scale-move.js";
import { buildCollapsedVarianceKernels } from "./kernels/moves/collapsed-variance.js";

export interface SweepOptions {
  readonly latent?: LatentKernelChoice;
  /** Joint rescaling moves for random terms without parameter expansion (default on). */
  readonly scaleMoves?: boolean;
  /**
   * Collapsed variance moves for random intercepts (collapsed-variance.ts). Default: on for models
   * with a non-Gaussian response and latent kernel "auto"/"exact"; off for all-Gaussian models,
   * where the conjugate updates and transformation moves already mix them and the extra pass
   * over the units costs more ESS per second than it gains (M2: 1,140 against 970 bulk-ESS/s).
   */
  readonly collapsedMoves?: boolean;
}

export function buildSweep(model: Model, prior: Prior, options: SweepOptions): Kernel[] {
  const mme = buildMixedModelEquations(model, prior);
  // The collapsed variance moves must come right before the location kernel, which redraws the
  // effects they integrate out (collapsed-variance.ts). The "mh" latent kernel stays MCMCglmm's
  // scheme alone, as a baseline.
  const allGaussian = model.responses.every((r) => familyOf(r).likelihood === "gaussian");
  const useCollapsed = options.collapsedMoves ?? (options.latent !== "mh" && !allGaussian);
  const collapsed = useCollapsed ? buildCollapsedVarianceKernels(model, prior) : [];
  const kernels: Kernel[] = [...collapsed, buildLocationKernel(model, prior, mme)];
  model.randomTerms.forEach((_, t) => {
    const p = prior.G[t];
    if (p.expansion) kernels.push(buildExpandedVarianceKernel(model, mme, t, p));
    else {
      kernels.push(buildRandomVarianceKernel(model, t, p));
      // the transformation moves assume an inverse-Wishart (gamma) prior: only structures that admit them
      if (options.scaleMoves !== false && p.fixFrom === p.dim && !p.correlation && structureOf(model.randomTerms[t]).scaleMoves !== "none") kernels.push(buildScaleMoveKernel(model, mme, t, p));
    }
  });
  kernels.push(buildResidualVarianceKernel(model, prior.R));
  const choice = options.latent ?? "auto";
  const updaters = model.responses.map((r) => latentUpdaterFor(model, r, choice));
  const latent = buildLatentKernel(model, updaters);
  if (latent) {
    kernels.push(latent);
    // Joint latent/location/variance moves (kernels/moves/joint.ts) keep p(l | theta, R) in step;
    // the "mh" kernel stays MCMCglmm's scheme alone, as a baseline.
    const joint = choice === "mh" ? undefined : buildJointMoves(model, prior);
    if (joint) kernels.push({ name: "joint latent moves", step: (state, rng) => joint.run(state, rng) });
  }
  kernels.push(...buildCutpointKernels(model));
  return kernels;
}
