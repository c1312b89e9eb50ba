// The one Metropolis-Hastings accept/reject shared by every kernel.

import type { Rng } from "./stream.js";
import { log } from "../math/deterministic.js";

/**
 * Accept a Metropolis-Hastings proposal with probability min(1, exp(logRatio)), where
 * logRatio = log target(proposal) - log target(current) + log q(current|proposal) -
 * log q(proposal|current). A NaN ratio rejects (a proposal whose density cannot be evaluated
 * is never taken); +Infinity accepts; -Infinity rejects. Consumes one uniform only when
 * logRatio < 0, so kernels must not rely on a fixed number of draws per step.
 */
export function mhAccept(rng: Rng, logRatio: number): boolean {
  if (logRatio >= 0) return true;
  if (!(logRatio > -Infinity)) return false;
  return log(rng.uniform()) < logRatio;
}
