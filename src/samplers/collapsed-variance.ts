// Collapsed (marginal) Metropolis-Hastings update of a random intercept's variance, with the
// term's effects integrated out: the partially collapsed Gibbs sampler of van Dyk & Park (2008,
// JASA 103:790). For a one-trait model with residual variance R and a random intercept u ~ N(0,
// sigma^2 I) on levels that share no unit, the latent variables given everything but u are
//   r = l - eta + Z u ~ N(0, sigma^2 Z Z' + R I),
// block-diagonal by level, so sigma^2's marginal log-likelihood is (n_j units, S_j = sum of r
// over level j's units; terms free of sigma^2 dropped)
//   -1/2 sum_j log(R + n_j sigma^2) + 1/(2R) sum_j S_j^2 sigma^2 / (R + n_j sigma^2).
// A random walk on log sigma^2 (u's prior and data integrated out) is therefore free of the
// u-sigma^2 dependence that makes Gibbs updates of (u | sigma^2) and (sigma^2 | u) crawl.
//
// Validity: the move is an MH update of the block (sigma^2, u) given the rest, with proposal
// sigma'^2 ~ q, u' ~ p(u | sigma'^2, rest); its ratio does not involve u or u'. The kernel runs
// immediately before the location kernel, which redraws all of (beta, u) from their joint full
// conditional, so u' is never used and need not be drawn ("trimming", van Dyk & Park sec. 3).
// Under parameter expansion (G = alpha^2 G*, alpha held fixed) the proposal scales G* by c^2
// and the prior ratio is that of G*'s inverse-gamma prior IG(nu/2, nu V/2); the Jacobian of the
// walk on log G* adds 2 log c.

import { denseCholesky } from "../linalg/index.js";
import type { Model } from "../models/types.js";
import type { Prior } from "../priors/prior.js";
import { mhAccept, type Rng } from "../random/index.js";
import type { Kernel } from "./kernel.js";
import type { ChainState } from "./state.js";

const PROPOSALS_PER_SWEEP = 3;

/** Level of each unit for a plain one-dimensional random intercept (-1: none), or undefined. */
function interceptLevelOf(model: Model, t: number): Int32Array | undefined {
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
interface VarianceCoordinate {
  /** Reads the current state (G* and alpha's sign) and returns v. */
  read(state: ChainState): number;
  logPrior(v: number): number;
  write(state: ChainState, v: number): void;
}

function varianceCoordinate(t: number, pr: Prior["G"][number]): VarianceCoordinate {
  const nu = pr.nu, V = pr.V[0];
  const ex = pr.expansion;
  let gStar = 1, sign = 1;
  if (!ex) {
    return {
      read: (state) => Math.log(state.G[t][0]),
      logPrior: (v) => -0.5 * nu * v - (0.5 * nu * V) / Math.exp(v),
      write: (state, v) => { state.G[t][0] = Math.exp(v); },
    };
  }
  const mu = ex.alphaMu[0], aV = ex.alphaV[0];
  return {
    read(state) {
      const a = state.alpha[t][0];
      sign = a < 0 ? -1 : 1;
      gStar = state.G[t][0] / (a * a);
      return Math.log(state.G[t][0]);
    },
    logPrior(v) {
      const a = sign * Math.sqrt(Math.exp(v) / gStar);
      return (-0.5 * (a - mu) * (a - mu)) / aV + 0.5 * v;
    },
    write(state, v) {
      const a = sign * Math.sqrt(Math.exp(v) / gStar);
      state.alpha[t][0] = a;
      state.G[t][0] = a * a * gStar;
    },
  };
}

/**
 * At most one kernel: for a nested pair of free one-trait random intercepts, or else for the free
 * one-trait random intercept with the fewest levels (usually the slowest variance). Only one,
 * because a second collapsed move would condition on the first term's effects, which are stale
 * (not redrawn for the new variance) until the location kernel runs.
 */
export function buildCollapsedVarianceKernels(model: Model, prior: Prior): Kernel[] {
  if (model.nTraits !== 1) return [];
  for (let tP = 0; tP < model.randomTerms.length; tP++) {
    for (let tC = 0; tC < model.randomTerms.length; tC++) {
      if (tP === tC || model.randomTerms[tC].nLevels[0] <= model.randomTerms[tP].nLevels[0]) continue;
      const kernel = buildNestedCollapsedKernel(model, prior, tP, tC);
      if (kernel) return [kernel];
    }
  }
  let best: { t: number; levelOf: Int32Array } | undefined;
  model.randomTerms.forEach((term, t) => {
    if (prior.G[t].fixFrom === 0) return;
    const levelOf = interceptLevelOf(model, t);
    if (!levelOf) return;
    if (!best || term.nLevels[0] < model.randomTerms[best.t].nLevels[0]) best = { t, levelOf };
  });
  return best ? [collapsedKernel(model, best.t, best.levelOf, prior.G[best.t])] : [];
}

function collapsedKernel(model: Model, t: number, levelOf: Int32Array, pr: Prior["G"][number]): Kernel {
  const term = model.randomTerms[t];
  const n = model.nUnits;
  const m = term.nLevels[0];
  const start = model.fixedNames.length + term.zOffset;
  const count = new Float64Array(m);
  for (let u = 0; u < n; u++) if (levelOf[u] >= 0) count[levelOf[u]]++;
  const sums = new Float64Array(m);
  let logSd = Math.log(0.5);
  const coord = varianceCoordinate(t, pr);

  /** The sigma^2-dependent part of the marginal log-likelihood. */
  function marginal(sigma2: number, R: number): number {
    let logDet = 0, quad = 0;
    for (let j = 0; j < m; j++) {
      const nj = count[j];
      if (nj === 0) continue;
      const d = R + nj * sigma2;
      logDet += Math.log(d);
      quad += (sums[j] * sums[j]) / d;
    }
    return -0.5 * logDet + (0.5 * sigma2 * quad) / R;
  }

  return {
    name: `G structure ${term.label} (collapsed)`,
    step(state: ChainState, rng: Rng) {
      const l = state.latent, eta = state.eta, theta = state.theta;
      sums.fill(0);
      for (let u = 0; u < n; u++) {
        const j = levelOf[u];
        if (j >= 0) sums[j] += l[u] - eta[u] + theta[start + j];
      }
      const R = state.R[0];
      let x = coord.read(state);
      let current = marginal(Math.exp(x), R) + coord.logPrior(x);
      for (let k = 0; k < PROPOSALS_PER_SWEEP; k++) {
        const y = x + 2 * Math.exp(logSd) * rng.normal();
        const next = marginal(Math.exp(y), R) + coord.logPrior(y);
        const accepted = mhAccept(rng, next - current);
        if (accepted) {
          x = y;
          current = next;
        }
        if (state.adapting) {
          const gamma = Math.pow(Math.max(state.iteration, 1), -0.6);
          logSd += gamma * ((accepted ? 1 : 0) - 0.44);
          if (logSd < -8) logSd = -8;
          else if (logSd > 1) logSd = 1;
        }
      }
      coord.write(state, x);
    },
  };
}

// ---- nested pair: a child intercept (e.g. BROOD) whose every level lies within one level of a
// parent intercept (e.g. LOCATION), every unit in some child level. Both effects are integrated
// out: for parent level L with child levels b (n_b units, sums S_b of r = l - eta + Z_P u_P +
// Z_C u_C) and d_b = R + n_b sigma_C^2, the covariance of r within L is blockdiag(sigma_C^2 1 1'
// + R I) + sigma_P^2 1 1', whose inverse and determinant follow from two rank-one updates
// (Sherman-Morrison):
//   log det = sum_b [(n_b - 1) log R + log d_b] + log(1 + sigma_P^2 a_L),  a_L = sum_b n_b / d_b
//   r'V^-1 r = SS/R - sum_b sigma_C^2 S_b^2 / (R d_b) - sigma_P^2 s_L^2 / (1 + sigma_P^2 a_L),
//   s_L = sum_b S_b / d_b.
// The two variances and (when free) R move jointly by an adaptive random walk on their logs
// (Haario et al. 2001, Bernoulli 7:223; covariance learnt in burn-in only), which follows the
// ridges between them (parent vs child where parent levels hold one child level; child vs R
// where child levels hold one unit).

export function buildNestedCollapsedKernel(model: Model, prior: Prior, tP: number, tC: number): Kernel | undefined {
  if (model.nTraits !== 1) return undefined;
  const pP = prior.G[tP], pC = prior.G[tC];
  if (pP.fixFrom === 0 || pC.fixFrom === 0) return undefined;
  const lP = interceptLevelOf(model, tP), lC = interceptLevelOf(model, tC);
  if (!lP || !lC) return undefined;
  const n = model.nUnits;
  const mP = model.randomTerms[tP].nLevels[0], mC = model.randomTerms[tC].nLevels[0];
  const parentOf = new Int32Array(mC).fill(-1);
  for (let u = 0; u < n; u++) {
    if (lC[u] < 0 || lP[u] < 0) return undefined;
    const was = parentOf[lC[u]];
    if (was !== -1 && was !== lP[u]) return undefined;
    parentOf[lC[u]] = lP[u];
  }
  if (parentOf.some((v) => v === -1)) return undefined;
  const p = model.fixedNames.length;
  const startP = p + model.randomTerms[tP].zOffset, startC = p + model.randomTerms[tC].zOffset;
  const nC = new Float64Array(mC);
  for (let u = 0; u < n; u++) nC[lC[u]]++;
  const S = new Float64Array(mC);
  const aL = new Float64Array(mP), sL = new Float64Array(mP);
  const moveR = prior.R.fixFrom > 0;
  const d = moveR ? 3 : 2;
  const x = new Float64Array(d), y = new Float64Array(d), z = new Float64Array(d);
  const chol = new Float64Array(d * d);
  for (let i = 0; i < d; i++) chol[i * d + i] = 0.3;
  let logScale = Math.log(2.38 / Math.sqrt(d));
  const meanAcc = new Float64Array(d), covAcc = new Float64Array(d * d), cov = new Float64Array(d * d);
  let nAcc = 0;
  let SS = 0;

  function marginal(sP: number, sC: number, R: number): number {
    aL.fill(0);
    sL.fill(0);
    let logDet = (n - mC) * Math.log(R);
    let quad = SS / R;
    for (let b = 0; b < mC; b++) {
      const db = R + nC[b] * sC;
      logDet += Math.log(db);
      quad -= (sC * S[b] * S[b]) / (R * db);
      const L = parentOf[b];
      aL[L] += nC[b] / db;
      sL[L] += S[b] / db;
    }
    for (let L = 0; L < mP; L++) {
      const f = 1 + sP * aL[L];
      logDet += Math.log(f);
      quad -= (sP * sL[L] * sL[L]) / f;
    }
    return -0.5 * (logDet + quad);
  }

  const cP = varianceCoordinate(tP, pP), cC = varianceCoordinate(tC, pC);
  /** log prior of (log sigma_P^2, log sigma_C^2, log R) up to a constant, with the log-scale Jacobians. */
  function logPrior(v: Float64Array): number {
    let s = cP.logPrior(v[0]) + cC.logPrior(v[1]);
    if (moveR) s += -0.5 * prior.R.nu * v[2] - (0.5 * prior.R.nu * prior.R.V[0]) / Math.exp(v[2]);
    return s;
  }

  return {
    name: `G structures ${model.randomTerms[tP].label}, ${model.randomTerms[tC].label} (collapsed)`,
    step(state: ChainState, rng: Rng) {
      const l = state.latent, eta = state.eta, theta = state.theta;
      S.fill(0);
      SS = 0;
      for (let u = 0; u < n; u++) {
        const r = l[u] - eta[u] + theta[startP + lP[u]] + theta[startC + lC[u]];
        S[lC[u]] += r;
        SS += r * r;
      }
      x[0] = cP.read(state);
      x[1] = cC.read(state);
      if (moveR) x[2] = Math.log(state.R[0]);
      const R0 = state.R[0];
      let current = marginal(state.G[tP][0], state.G[tC][0], R0) + logPrior(x);
      const s = Math.exp(logScale);
      for (let k = 0; k < NESTED_PROPOSALS_PER_SWEEP; k++) {
        for (let i = 0; i < d; i++) z[i] = rng.normal();
        for (let i = 0; i < d; i++) {
          let v = 0;
          for (let j = 0; j <= i; j++) v += chol[i * d + j] * z[j];
          y[i] = x[i] + s * v;
        }
        const next = marginal(Math.exp(y[0]), Math.exp(y[1]), moveR ? Math.exp(y[2]) : R0) + logPrior(y);
        const accepted = mhAccept(rng, next - current);
        if (accepted) {
          x.set(y);
          current = next;
        }
        if (state.adapting) {
          const gamma = Math.pow(Math.max(state.iteration, 1), -0.6);
          logScale += gamma * ((accepted ? 1 : 0) - 0.234);
          if (logScale < -8) logScale = -8;
          else if (logScale > 2) logScale = 2;
        }
      }
      cP.write(state, x[0]);
      cC.write(state, x[1]);
      if (moveR) state.R[0] = Math.exp(x[2]);
      if (state.adapting) {
        nAcc++;
        for (let i = 0; i < d; i++) {
          const dv = x[i] - meanAcc[i];
          meanAcc[i] += dv / nAcc;
          for (let j = 0; j <= i; j++) covAcc[i * d + j] += dv * (x[j] - meanAcc[j]);
        }
        if (nAcc >= 50 && nAcc % 50 === 0) {
          for (let i = 0; i < d; i++) {
            for (let j = 0; j <= i; j++) {
              const v = covAcc[i * d + j] / (nAcc - 1) + (i === j ? 1e-6 : 0);
              cov[i * d + j] = v;
              cov[j * d + i] = v;
            }
          }
          try { denseCholesky(cov, d, chol); } catch { /* keep the previous shape */ }
        }
      }
    },
  };
}

const NESTED_PROPOSALS_PER_SWEEP = 6;
