// MCMCglmm's `covu` (prior$R$covu = TRUE): the last G term's effects covary with the (first)
// residual term, the two forming one covariance matrix with prior R's {V, nu} (the G term's
// prior is dropped), drawn by augmenting the G term's Z with beta = Sigma_RG Sigma_GG^-1 (times I
// over the levels, which must be the same in both terms) and leaving the Schur complement as the
// residual covariance (R/MCMCglmm.R, src/MCMCglmm.cc). mcglmm does not implement it yet, so a
// prior asking for it is refused by name rather than fitted as another model; covu = false (the
// default) is accepted, and covu on a G prior is refused as MCMCglmm refuses it.

import { PriorError } from "../errors.js";
import type { PriorSpec, VariancePriorSpec } from "../models/types.js";

function covuOf(spec: unknown): unknown {
  return typeof spec === "object" && spec !== null ? (spec as { covu?: unknown }).covu : undefined;
}

export function checkCovu(spec: PriorSpec | undefined): void {
  if (spec === undefined) return;
  for (const [key, g] of Object.entries(spec.G ?? {})) {
    if (covuOf(g) !== undefined) throw new PriorError(`prior G.${key}: covu is only an argument for residual structures (prior R), as in MCMCglmm`);
  }
  const R = spec.R;
  if (R === undefined) return;
  const entries: [string, VariancePriorSpec][] = "V" in R ? [["R", R as VariancePriorSpec]] : Object.entries(R as Record<string, VariancePriorSpec>).map(([k, v]) => [`R.${k}`, v]);
  entries.forEach(([label, r], i) => {
    const covu = covuOf(r);
    if (covu === undefined || covu === false) return;
    if (typeof covu !== "boolean") throw new PriorError(`prior ${label}: covu must be true or false, got ${JSON.stringify(covu)}`);
    if (i > 0) throw new PriorError(`prior ${label}: covu applies to the first residual structure only (MCMCglmm reads it from prior$R[[1]])`);
    throw new PriorError(
      `prior ${label}: covu = true (the last random term's effects covarying with the residual, MCMCglmm's G-R structure) is not implemented in mcglmm yet; ` +
        "fit the covariance in one random term instead where the design allows (e.g. us(trait):id over traits measured at the same level)",
    );
  });
}
