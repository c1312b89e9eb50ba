// Collapsed (marginal) Metropolis-Hastings updates of random-intercept variances, with the terms'
// effects integrated out: the partially collapsed Gibbs sampler of van Dyk & Park (2008, JASA
// 103:790). A random walk on log sigma^2 whose target has u's prior and data integrated out is
// free of the u-sigma^2 dependence that makes Gibbs updates of (u | sigma^2) and (sigma^2 | u)
// crawl. The kernels: one random intercept (collapsed-intercept-kernel.ts) or a nested pair of
// them (collapsed-nested-kernel.ts); the variance coordinate and its prior, with or without
// parameter expansion, in collapsed-coordinates.ts. Multi-trait models: one trait's random
// intercept per trait, with a residual diagonal in that trait (collapsed-trait-kernel.ts,
// collapsed-trait-coordinates.ts).
//
// Validity: the move is an MH update of the block (sigma^2, u) given the rest, with proposal
// sigma'^2 ~ q, u' ~ p(u | sigma'^2, rest); its ratio does not involve u or u'. The kernel runs
// immediately before the location kernel, which redraws all of (beta, u) from their joint full
// conditional, so u' is never used and need not be drawn ("trimming", van Dyk & Park sec. 3).

import { residualLayout } from "../../../models/structures/residual-layout.js";
import type { Model } from "../../../models/types.js";
import type { Prior } from "../../../priors/prior.js";
import { interceptLevelOf, varianceCoordinate } from "./collapsed-coordinates.js";
import { collapsedInterceptKernel } from "./collapsed-intercept-kernel.js";
import { buildNestedCollapsedKernel } from "./collapsed-nested-kernel.js";
import { traitIntercept, type TraitIntercept } from "./collapsed-trait-coordinates.js";
import { collapsedTraitKernel } from "./collapsed-trait-kernel.js";
import type { Kernel } from "../../kernel.js";

export { buildNestedCollapsedKernel } from "./collapsed-nested-kernel.js";

/**
 * One-trait models: at most one kernel: for a nested pair of free one-trait random intercepts, or else for the free
 * one-trait random intercept with the fewest levels (usually the slowest variance). Only one,
 * because a second collapsed move would condition on the first term's effects, which are stale
 * (not redrawn for the new variance) until the location kernel runs.
 */
export function buildCollapsedVarianceKernels(model: Model, prior: Prior): Kernel[] {
  if (model.nTraits > 1) return buildTraitCollapsedKernels(model, prior);
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

/**
 * Multi-trait models: per trait, at most one kernel, for the admitted one-trait random intercept
 * (collapsed-trait-coordinates.ts) with the fewest levels. Kernels of different traits act on
 * disjoint rows and may all run before the location kernel; two on the same trait's rows may not
 * (the second would condition on the first's stale effects).
 */
function buildTraitCollapsedKernels(model: Model, prior: Prior): Kernel[] {
  const best: (TraitIntercept | undefined)[] = new Array(model.nTraits).fill(undefined);
  model.randomTerms.forEach((term, t) => {
    for (let a = 0; a < term.dim; a++) {
      const coef = traitIntercept(model, prior, t, a);
      if (!coef) continue;
      const current = best[coef.trait];
      if (!current || coef.nLevels < current.nLevels) best[coef.trait] = coef;
    }
  });
  const kernels: Kernel[] = [];
  for (const coef of best) {
    if (!coef) continue;
    const term = model.randomTerms[coef.t];
    const label = term.dim === 1 ? term.label : `${term.label} ${term.coefNames[coef.a]}`;
    kernels.push(collapsedTraitKernel(model.nUnits, coef, label, varianceCoordinate(coef.t, prior.G[coef.t], coef.a)));
  }
  return kernels;
}
