// A binary or ordinal response observes only the sign (or the interval) of its latent variable,
// so the latent scale is not identified: multiplying effects, cutpoints and the residual standard
// deviation by the same constant leaves the likelihood unchanged. MCMCglmm's documentation
// (course notes) fixes the residual variance, R = list(V = 1, fix = 1). A
// free residual variance is accepted, as MCMCglmm accepts it, but the run says so before sampling.

import { familyOf } from "../models/families/registry.js";
import type { Model, Response } from "../models/types.js";
import type { VariancePrior } from "./prior.js";

function describe(r: Response): string | null {
  const k = r.categories?.length ?? 0;
  const family = familyOf(r);
  if (family.link !== "logit" && family.link !== "probit") return null;
  if (r.categories !== undefined) return k === 2 && family.cutpointLink === null ? `${r.family} with two categories (binary)` : `${r.family} with ${k} categories`;
  if (r.trials !== undefined && r.nTraits === 1 && r.counts === undefined && r.trials.every((n) => Number.isNaN(n) || n === 1)) return `${r.family} with one trial per row (binary)`;
  return null;
}

/** Warnings for responses whose latent scale is not identified and whose residual variance is free. */
export function residualIdentificationWarnings(model: Model, R: VariancePrior): string[] {
  if (R.correlation !== undefined) return []; // corg/corgh residuals: variances already fixed
  const out: string[] = [];
  for (const r of model.responses) {
    const what = describe(r);
    if (what === null) continue;
    // R's prior covers the traits in order (dim 1 for an idv or units residual).
    const first = R.dim === 1 ? 0 : r.traitOffset;
    if (R.fixFrom <= first) continue;
    const fix = R.dim === 1 ? '"R": {"V": 1, "fix": 1}' : `"fix": ${first + 1} in prior R (with V's block from row ${first + 1} on at 1 for this response, e.g. the identity)`;
    out.push(
      `response "${r.name}" (${what}) has a free residual variance, which the data cannot identify (only effects relative to the ` +
        `latent residual standard deviation are): fix it, as MCMCglmm's documentation advises, with ${fix}`,
    );
  }
  return out;
}
