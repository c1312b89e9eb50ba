// MCMCglmm refuses a response with several latent traits of some families (ztmb, ztmultinomialK
// with K >= 3; its R/MCMCglmm.R "Mutivariate error structures ... are required") unless the
// residual structure is written over `trait`: idh(trait):units, us(trait):units, trait:units,
// corg(trait):units, ... (the same pattern it searches the rcov formula for). mcglmm refuses the
// same models, by name, rather than fit something MCMCglmm users would not recognise.

import { ModelSpecError } from "../../errors.js";
import { familyOf } from "../families/registry.js";
import type { Response } from "../types.js";

const TRAIT_RESIDUAL = /\b(idh|us|corg|corgh|cors|idv|ante\w*|sub)\(\s*trait\b|\btrait\s*:\s*units\b|\bunits\s*:\s*trait\b/;

/** Throws ModelSpecError when a response's family needs a residual over `trait` and rcov has none. */
export function checkTraitResidual(responses: readonly Response[], rcovSource: string): void {
  if (TRAIT_RESIDUAL.test(rcovSource)) return;
  const r = responses.find((resp) => familyOf(resp).needsTraitResidual?.(resp) === true);
  if (r === undefined) return;
  throw new ModelSpecError(
    `the ${r.family} response "${r.name}" has ${r.nTraits} latent traits, which need a residual structure over trait, as MCMCglmm requires: ` +
      `rcov "${rcovSource}" has none; write rcov "~us(trait):units" (or "~idh(trait):units", "~trait:units")`,
  );
}
