// Collapsed (marginal) Metropolis-Hastings updates of random-intercept variances, with the terms'
// effects integrated out: the partially collapsed Gibbs sampler of van Dyk & Park (2008, JASA
// 103:790). A random walk on log sigma^2 whose target has u's prior and data integrated out is
// free of the u-sigma^2 dependence that makes Gibbs updates of (u | sigma^2) and (sigma^2 | u)
// crawl. The kernels: one random intercept (collapsed-intercept-kernel.ts) or a nested pair of
// them (collapsed-nested-kernel.ts); the variance coordinate and its prior, with or without
// parameter expansion, in collapsed-coordinates.ts.
//
// Validity: the move is an MH update of the block (sigma^2, u) given the rest, with proposal
// sigma'^2 ~ q, u' ~ p(u | sigma'^2, rest); its ratio does not involve u or u'. The kernel runs
// immediately before the location kernel, which redraws all of (beta, u) from their joint full
// conditional, so u' is never used and need not be drawn ("trimming", van Dyk & Park sec. 3).

import { residualLayout } from "../../../models/structures/residual-layout.js";
import type { Model } from "../../../models/types.js";
import type { Prior } from "../../../priors/prior.js";
import { interceptLevelOf } from "./collapsed-coordinates.js";
import { collapsedInterceptKernel } from "./collapsed-intercept-kernel.js";
import { buildNestedCollapsedKernel } from "./collapsed-nested-kernel.js";
import type { Kernel } from "../../kernel.js";

export { buildNestedCollapsedKernel } from "./collapsed-nested-kernel.js";

/**
 * At most one kernel: for a nested pair of free one-trait random intercepts, or else for the free
 * one-trait random intercept with the fewest levels (usually the slowest variance). Only one,
 * because a second collapsed move would condition on the first term's effects, which are stale
 * (not redrawn for the new variance) until the location kernel runs.
 */
export function buildCollapsedVarianceKernels(model: Model, prior: Prior): Kernel[] {
  // one trait and one residual variance shared by every unit (the kernels read R as a scalar)
  if (model.nTraits !== 1 || !residualLayout(model).shared) return [];
  for (let tP = 0; tP < model.randomTerms.length; tP++) {
    for (let tC = 0; tC < model.randomTerms.length; tC++) {
      if (tP === tC || model.randomTerms[tC].nLevels[0] <= model.randomTerms[tP].nLevels[0]) continue;
      const kernel = buildNestedCollapsedKernel(model, prior, tP, tC);
      if (kernel) return [kernel];
    }
  }
  let best: { t: number; levelOf: Int32Array } | undefined;
  model.randomTerms.forEach((term, t) => {
    if (prior.G[t].fixFrom === 0) return;
    const levelOf = interceptLevelOf(model, t);
    if (!levelOf) return;
    if (!best || term.nLevels[0] < model.randomTerms[best.t].nLevels[0]) best = { t, levelOf };
  });
  return best ? [collapsedInterceptKernel(model, best.t, best.levelOf, prior.G[best.t])] : [];
}
