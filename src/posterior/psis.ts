// Pareto-smoothed importance sampling (Vehtari, Simpson, Gelman, Yao & Gabry 2024; loo 2.5.1's
// psis()): the largest M log ratios, M = ceil(min(0.2 S, 3 sqrt(S / r_eff))), are replaced by
// the expected order statistics of a generalized Pareto fitted to them, then every weight is
// truncated at the largest raw weight. The fitted shape k is the reliability diagnostic.
import { gpdFit, gpdQuantile } from "./gpd-fit.js";
import { exp, log, sin } from "../math/deterministic.js";

export interface PsisResult {
  /** Smoothed, unnormalised log weights (same length and order as the log ratios). */
  readonly logWeights: Float64Array;
  /** Estimated Pareto shape of the tail (Infinity when the tail could not be fitted). */
  readonly k: number;
  readonly tailLength: number;
}

/** Tail length loo uses for S draws of relative efficiency rEff. */
export function paretoTailLength(rEff: number, draws: number): number {
  return Math.ceil(Math.min(0.2 * draws, 3 * Math.sqrt(draws / rEff)));
}

function maxOf(x: Float64Array): number {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i] > m) m = x[i];
  return m;
}

/**
 * PSIS of one vector of log importance ratios.
 *
 * @example
 * ```ts
 * const ll = Float64Array.from({ length: 1000 }, (_, s) => -1 - sin(s) ** 2); // log p(y_i | theta_s)
 * const { logWeights, k } = psis(ll.map((v) => -v), 1); // leave-one-out importance ratios, r_eff = 1
 * ```
 */
export function psis(logRatios: Float64Array, rEff: number): PsisResult {
  const S = logRatios.length;
  const tailLength = paretoTailLength(rEff, S);
  const shift = maxOf(logRatios);
  const lw = logRatios.map((v) => v - shift); // safer exponentiation
  let k = Infinity;
  if (tailLength >= 5) {
    const order = Array.from({ length: S }, (_, i) => i).sort((a, b) => lw[a] - lw[b] || a - b);
    const first = S - tailLength;
    const tail = new Float64Array(tailLength);
    for (let j = 0; j < tailLength; j++) tail[j] = lw[order[first + j]];
    if (Math.abs(tail[tailLength - 1] - tail[0]) >= Number.EPSILON / 100) {
      const cutoff = lw[order[first - 1]]; // largest value below the tail
      const expCutoff = exp(cutoff);
      const fit = gpdFit(tail.map((v) => exp(v) - expCutoff));
      k = fit.k;
      if (Number.isFinite(k)) {
        for (let j = 0; j < tailLength; j++) {
          const p = (j + 1 - 0.5) / tailLength;
          lw[order[first + j]] = log(gpdQuantile(p, k, fit.sigma) + expCutoff);
        }
      }
    }
  }
  for (let s = 0; s < S; s++) lw[s] = Math.min(lw[s], 0) + shift; // truncate at the largest raw weight
  return { logWeights: lw, k, tailLength };
}

/** log(sum(exp(x))) without overflow. */
export function logSumExp(x: ArrayLike<number>): number {
  let top = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i] > top) top = x[i];
  if (!Number.isFinite(top)) return top;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += exp(x[i] - top);
  return top + log(s);
}
