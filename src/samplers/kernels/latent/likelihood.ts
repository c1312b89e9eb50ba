// What the latent kernels read of a response's likelihood, from its family definition
// (models/families): log p(y_u | l_u) up to a constant in l_u, the logit families' counts, and
// which units carry information.

import { ModelSpecError } from "../../../errors.js";
import { familyOf } from "../../../models/families/registry.js";
import type { LogitCounts, UnitLogLikelihood } from "../../../models/families/types.js";
import type { Response } from "../../../models/types.js";

export type { LogitCounts, UnitLogLikelihood } from "../../../models/families/types.js";
export { lowerBound, upperBound } from "../../../models/likelihood.js";
export { logOnePlusSumExp } from "../../../random/logistic.js";

/** log p(y_u | x) of the response's family, up to a constant in x. */
export function unitLogLikelihood(r: Response): UnitLogLikelihood {
  return familyOf(r).samplerLogLikelihood(r);
}

/** Successes and trials of a logit-family response (Polya-Gamma and tangent-rejection kernels). */
export function logitCounts(r: Response): LogitCounts {
  const counts = familyOf(r).logitCounts(r);
  if (counts === null) throw new ModelSpecError(`response ${r.name}: the ${r.family} family is not a logit family`);
  return counts;
}

/** Whether unit u carries information on the response (observed, and for binomials n > 0). */
export function observedUnit(r: Response, u: number): boolean {
  if (Number.isNaN(r.y[u])) return false;
  if (r.trials && !(r.trials[u] > 0)) return false;
  return true;
}
