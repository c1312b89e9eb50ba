// A random intercept as the collapsed variance kernels (collapsed-variance.ts) see it: the level
// of each unit, and the variance as the coordinate v = log sigma^2 of their random walks, with
// its prior density in v.

import type { Model } from "../../../models/types.js";
import { logVariancePriorOfLog } from "../../../priors/covariance-prior.js";
import type { Prior } from "../../../priors/prior.js";
import type { ChainState } from "../../run/state.js";
import { exp, log } from "../../../math/deterministic.js";

/** Level of each unit for a plain one-dimensional random intercept (-1: none), or undefined. */
export function interceptLevelOf(model: Model, t: number): Int32Array | undefined {
  const term = model.randomTerms[t];
  if (term.dim !== 1 || term.ginverse) return undefined;
  const Z = model.Z;
  const n = model.nUnits;
  const level = new Int32Array(n).fill(-1);
  for (let j = 0; j < term.nLevels[0]; j++) {
    const c = term.zOffset + j;
    for (let e = Z.colPtr[c]; e < Z.colPtr[c + 1]; e++) {
      const row = Z.rowIdx[e];
      if (Z.values[e] !== 1 || row >= n || level[row] !== -1) return undefined;
      level[row] = j;
    }
  }
  return level;
}

/**
 * A random intercept's variance as the coordinate v = log sigma^2 of the collapsed moves. Without
 * parameter expansion sigma^2 ~ IG(nu/2, nu V/2), whose density in v is sigma^-nu e^(-nu V / (2
 * sigma^2)). With expansion (sigma^2 = alpha^2 G*) the move rescales alpha and holds G*: alpha's
 * normal prior N(alpha.mu, alpha.V) in v (sign of alpha kept) has density N(alpha) |alpha|, which
 * behaves as sigma near sigma = 0 (the half-t prior of Gelman 2006), whereas G*'s inverse-gamma
 * prior vanishes there faster than any power and would stall a walk on log sigma^2 near zero.
 */
export interface VarianceCoordinate {
  /** Reads the current state (G* and alpha's sign) and returns v. */
  read(state: ChainState): number;
  logPrior(v: number): number;
  write(state: ChainState, v: number): void;
}

/** Diagonal element a (default 0) of term t's variance as the coordinate v = log sigma^2. */
export function varianceCoordinate(t: number, pr: Prior["G"][number], a = 0): VarianceCoordinate {
  const aa = a * pr.dim + a;
  const ex = pr.expansion;
  if (!ex) {
    return {
      read: (state) => log(state.G[t][aa]),
      logPrior: (v) => logVariancePriorOfLog(pr, v, a),
      write: (state, v) => { state.G[t][aa] = exp(v); },
    };
  }
  // G*_aa and alpha_a's sign as read, in a typed array: doubles stored in closure variables are boxed per write
  const held = new Float64Array([1, 1]);
  const mu = ex.alphaMu[a], aV = ex.alphaV[aa];
  return {
    read(state) {
      const alpha = state.alpha[t][a];
      held[1] = alpha < 0 ? -1 : 1;
      held[0] = state.G[t][aa] / (alpha * alpha);
      return log(state.G[t][aa]);
    },
    logPrior(v) {
      const alpha = held[1] * Math.sqrt(exp(v) / held[0]);
      return (-0.5 * (alpha - mu) * (alpha - mu)) / aV + 0.5 * v;
    },
    write(state, v) {
      const alpha = held[1] * Math.sqrt(exp(v) / held[0]);
      state.alpha[t][a] = alpha;
      state.G[t][aa] = alpha * alpha * held[0];
    },
  };
}
