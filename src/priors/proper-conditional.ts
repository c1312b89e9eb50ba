// Each (co)variance is drawn from its inverse-Wishart (or inverse-gamma) full conditional,
// IW(nu + m, nu V + S) with m the number of levels (Gelman et al., BDA3 sec. 3.6). It is a proper
// distribution only when nu + m > k - 1 (nu + m > 0 for one variance): an improper prior
// (MCMCglmm's default nu = 0) over a factor with too few levels leaves the conditional undefined,
// and sampling would fail at its first step. Refused before sampling, naming the term.

import { structureOf } from "../models/structures/registry.js";
import { PriorError } from "../errors.js";
import type { CovarianceTerm } from "../models/types.js";
import type { VariancePrior } from "./prior.js";

export function checkProperConditional(prior: VariancePrior, term: CovarianceTerm, levelsPerCoefficient: readonly number[]): void {
  // cors's own level requirement is checked with its prior (block-prior.ts)
  if (prior.fixFrom === 0 || prior.correlation !== undefined || prior.block?.kind === "correlation") return;
  const k = prior.dim;
  const kind = structureOf(term).parameters;
  const levels = kind === "shared-variance" ? levelsPerCoefficient.reduce((a, b) => a + b, 0) : Math.min(...levelsPerCoefficient.slice(0, kind === "variances" ? prior.fixFrom : k));
  // sub draws only its leading block (IW of that size)
  const free = prior.block ? prior.block.from : k;
  const need = kind === "matrix" ? free - 1 : 0;
  if (prior.nu + levels > need) return;
  const advice = kind === "matrix" ? `nu >= ${free}` : "nu > 0";
  throw new PriorError(
    `${prior.label}: ${term.label} has ${levels} level${levels === 1 ? "" : "s"} of "${term.factor}" and nu = ${prior.nu}, so its ` +
      `(co)variance's full conditional is improper (it needs nu + levels > ${need}): the data cannot inform this variance; ` +
      `give a proper prior (${advice}) or drop the term`,
  );
}
