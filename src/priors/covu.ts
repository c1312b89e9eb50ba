// MCMCglmm's `covu` (prior$R$covu = TRUE): the last G term's effects covary with the (first)
// residual term, the two forming one covariance matrix with prior R's {V, nu} (the G term's
// prior is dropped), drawn by augmenting the G term's Z with beta = Sigma_RG Sigma_GG^-1 (times I
// over the levels, which must be the same in both terms) and leaving the Schur complement as the
// residual covariance (R/MCMCglmm.R, src/MCMCglmm.cc). mcglmm does not implement it yet, so a
// prior asking for it is refused by name rather than fitted as another model; covu = false (the
// default) is accepted, and covu on a G prior is refused as MCMCglmm refuses it.

import { PriorError } from "../errors.js";
import type { Model, PriorSpec, VariancePriorSpec } from "../models/types.js";

function covuOf(spec: unknown): unknown {
  return typeof spec === "object" && spec !== null ? (spec as { covu?: unknown }).covu : undefined;
}

/**
 * MCMCglmm's own checks of a covu model (R/MCMCglmm.R, R/buildZ.R, R/priorformat.R), so that a
 * model it would refuse is refused for that reason: a random term to pair with, without a
 * relationship matrix, a residual that is not antedependence, and as many levels in the two terms
 * (MCMCglmm pairs the levels by position: mcglmm also asks for the same level names).
 */
function checkCovuModel(model: Model, label: string): void {
  const estimated = model.randomTerms.filter((t) => !t.knownVariance);
  const g = estimated[estimated.length - 1];
  const r = model.residualTerms[0];
  if (g === undefined) throw new PriorError(`prior ${label}: covu = true needs a random term (the last one covaries with the residual), but the model has none`);
  if (g.ginverse) throw new PriorError(`prior ${label}: covu random effects cannot be associated with a ginverse (${g.label}), as in MCMCglmm`);
  if (r.order !== undefined) throw new PriorError(`prior ${label}: covu = true cannot be used with antedependence structures (${r.label}), as in MCMCglmm`);
  const gLevels = g.levelNames[0] ?? [], rLevels = r.levelNames[0] ?? [];
  if (g.nLevels[0] !== r.nLevels[0] || (gLevels.length > 0 && rLevels.length > 0 && gLevels.some((l, i) => l !== rLevels[i]))) {
    throw new PriorError(`prior ${label}: covu = true: the levels of the random term ${g.label} (${g.nLevels[0]} of "${g.factor}") and of the residual term ${r.label} (${r.nLevels[0]} of "${r.factor}") must be the same, level by level (MCMCglmm: "number of levels in G and R structure do not match for covu=TRUE")`);
  }
}

export function checkCovu(model: Model, spec: PriorSpec | undefined): void {
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
    checkCovuModel(model, label);
    throw new PriorError(
      `prior ${label}: covu = true (the last random term's effects covarying with the residual, MCMCglmm's G-R structure) is not implemented in mcglmm yet; ` +
        "fit the covariance in one random term instead where the design allows (e.g. us(trait):id over traits measured at the same level)",
    );
  });
}
