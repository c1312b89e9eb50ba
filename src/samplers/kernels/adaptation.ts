// Tuning of Metropolis-Hastings proposal scales during burn-in (state.adapting), for every tuned
// proposal. After burn-in the scales are frozen, so each kernel is a fixed MH kernel then.

import { restoreArray, savedNumber, type KernelState, type Tunable } from "../kernel-state.js";
import { denseCholeskyPivot } from "../../linalg/dense.js";
import { exp, pow } from "../../math/deterministic.js";

/**
 * One Robbins-Monro step on a log proposal scale towards a target acceptance rate:
 *   x <- x + t^-0.6 (accepted - target), clamped to [lo, hi]
 * (diminishing adaptation, Andrieu & Thoms 2008, Stat. Comput. 18:343, sec. 5; targets 0.44 for
 * one dimension and 0.234 or 0.3 for several, Roberts & Rosenthal 2001).
 */
export function robbinsMonroLogScale(logScale: number, iteration: number, accepted: boolean, target: number, lo: number, hi: number): number {
  const gamma = pow(Math.max(iteration, 1), -0.6);
  const next = logScale + gamma * ((accepted ? 1 : 0) - target);
  return next < lo ? lo : next > hi ? hi : next;
}

/** The same recursion on the scale itself with gain (t + 10)^-1/2: s <- s exp((accepted - target) / sqrt(t + 10)). */
export function robbinsMonroScale(scale: number, iteration: number, accepted: boolean, target: number): number {
  return scale * exp(((accepted ? 1 : 0) - target) / Math.sqrt(iteration + 10));
}

/**
 * The shape of an adaptive random-walk proposal (Haario, Saksman & Tamminen 2001, Bernoulli
 * 7:223): running mean and covariance of the states seen in burn-in; every `every` states the
 * proposal's Cholesky factor `chol` becomes that of the running covariance plus `jitter` I (kept
 * as it was when that is not positive-definite). Allocates at build only.
 */
export function adaptiveShape(d: number, every: number, jitter: number, chol: Float64Array): { update(x: ArrayLike<number>): void } & Required<Tunable> {
  const mean = new Float64Array(d), cross = new Float64Array(d * d), cov = new Float64Array(d * d), factor = new Float64Array(d * d);
  let count = 0;
  return {
    // the running moments and the proposal factor they gave (checkpoints)
    saveState: (): KernelState => ({ mean: mean.slice(), cross: cross.slice(), chol: chol.slice(), count }),
    restoreState(saved) {
      restoreArray(mean, saved, "mean");
      restoreArray(cross, saved, "cross");
      restoreArray(chol, saved, "chol");
      count = savedNumber(saved, "count");
    },
    update(x) {
      count++;
      for (let i = 0; i < d; i++) {
        const dv = x[i] - mean[i];
        mean[i] += dv / count;
        for (let j = 0; j <= i; j++) cross[i * d + j] += dv * (x[j] - mean[j]);
      }
      if (count < every || count % every !== 0) return;
      for (let i = 0; i < d; i++) {
        for (let j = 0; j <= i; j++) {
          const v = cross[i * d + j] / (count - 1) + (i === j ? jitter : 0);
          cov[i * d + j] = v;
          cov[j * d + i] = v;
        }
      }
      if (denseCholeskyPivot(cov, d, factor) < 0) chol.set(factor);
    },
  };
}
