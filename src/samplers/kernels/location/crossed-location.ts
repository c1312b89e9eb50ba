// Location kernel by per-factor collapsed block Gibbs (after Papaspiliopoulos, Roberts & Zanella
// 2020, "Scalable inference for crossed random effects models", Biometrika 107, whose collapsed
// sampler integrates the global mean out of each factor's update; here, equivalently in spirit,
// all fixed effects are drawn jointly with each factor's levels in turn). For random terms with one coefficient, no
// relationship matrix and one Z entry per row (crossed-design.ts), given the other terms' effects
// the block (beta, u_A) has the precision
//   Q = [ r X'X + B^-1   r X'Z_A        ]      r = 1/sigma_e^2, g = 1/sigma_A^2,
//       [ r Z_A'X        r Z_A'Z_A + gI ]      Z_A'Z_A = diag(zz) (one entry per row),
// an arrow: diagonal D in u_A plus a p x p block. With S = Q_bb - Q_bu D^-1 Q_ub (the Schur
// complement) and h = b_b - Q_bu D^-1 b_u, an exact draw of N(Q^-1 b, Q^-1) is
//   beta = S^-1 h + L_S'^-1 z_b,   u_A = D^-1 (b_u - Q_ub beta) + D^-1/2 z_u
// (beta from its marginal, u_A from its conditional). A sweep over the factors costs one pass over
// the rows per factor plus O(levels p^2), never a factorisation of C; the paper shows the
// collapsed sampler's relaxation time stays bounded as balanced crossed designs grow (and
// near-bounded with data missing at random), where plain Gibbs slows.
// Built once per chain; allocation-free per iteration.

import { NumericalError } from "../../../errors.js";
import { denseCholeskyMeanPlusNoise, denseCholeskyPivot } from "../../../linalg/dense.js";
import type { Model } from "../../../models/types.js";
import type { Prior } from "../../../priors/prior.js";
import { fillNormal, type Rng } from "../../../random/index.js";
import type { ChainState } from "../../run/state.js";
import type { Kernel } from "../../kernel.js";
import { buildCrossedDesign, type CrossedDesign, type CrossedFactor } from "./crossed-design.js";
import type { MixedModelEquations } from "./mme.js";
import { familyOf } from "../../../models/families/registry.js";

export interface CrossedLocationKernel extends Kernel {
  /** X' l for the factor draws of one step (exposed with drawFactor for the exact test). */
  prepare(state: ChainState): void;
  /** One factor's block draw, (beta, u_t) | the other terms' effects, after prepare(). */
  drawFactor(state: ChainState, t: number, rInv: number, gInv: number, noise: Float64Array): void;
}

export function buildCrossedLocationKernel(model: Model, prior: Prior, mme: MixedModelEquations, design: CrossedDesign = buildCrossedDesign(model)): CrossedLocationKernel {
  const { n, p, x, ones, xtx, terms } = design;
  const K = terms.length;
  const bPrecision = prior.B.precision;
  const maxLevels = Math.max(...terms.map((f) => f.levels));
  const bu = new Float64Array(maxLevels);
  const bb = new Float64Array(p), xl = new Float64Array(p), h = new Float64Array(p), beta = new Float64Array(p);
  const S = new Float64Array(p * p), L = new Float64Array(p * p);
  const noise = new Float64Array(p + maxLevels);
  const residual = new Float64Array(n);
  // With one term and every response Gaussian and observed, the latent variables are the data and
  // never change: the right-hand side X'l, Z'l is formed once (and `residual` keeps l, as
  // rightHandSide leaves it for one term).
  const constantRightHandSide = K === 1 && model.responses.every((r) => familyOf(r).likelihood === "gaussian" && r.y.every((v) => !Number.isNaN(v)));
  const cachedBb = new Float64Array(p), cachedBu = new Float64Array(maxLevels);
  let cached = false;

  /** xl = X' l, once per step: X' e for each factor follows as X' l - sum_s (X'Z_s) u_s. */
  function prepare(state: ChainState): void {
    const l = state.latent;
    for (let c = 0; c < p; c++) xl[c] = ones[c] ? sum4(l, n) : dot4(x, c * n, l, n);
  }

  /** residual = source - Z_s u_s (source may be residual itself); random intercepts skip the unit z. */
  function subtractTerm(source: Float64Array, f: CrossedFactor, theta: Float64Array): void {
    const { levelOf, z, offset } = f;
    if (f.unit) for (let i = 0; i < n; i++) residual[i] = source[i] - theta[offset + levelOf[i]];
    else for (let i = 0; i < n; i++) residual[i] = source[i] - z[i] * theta[offset + levelOf[i]];
  }

  /**
   * bu = Z_t' e and bb = X' e with e = l minus every other term's Z u (beta and u_t left in), e
   * kept in `residual`. Simple loops, one array each, rather than one fused pass: V8 keeps these
   * tight.
   */
  function rightHandSide(state: ChainState, t: number): void {
    const theta = state.theta;
    let source = state.latent;
    for (let c = 0; c < p; c++) bb[c] = xl[c];
    for (let s = 0; s < K; s++) {
      if (s === t) continue;
      const { offset, levels, xz } = terms[s];
      subtractTerm(source, terms[s], theta);
      source = residual;
      for (let j = 0; j < levels; j++) {
        const u = theta[offset + j];
        for (let c = 0; c < p; c++) bb[c] -= xz[j * p + c] * u;
      }
    }
    if (K === 1) residual.set(state.latent);
    const { levelOf, z, levels } = terms[t];
    bu.fill(0, 0, levels);
    if (terms[t].unit) for (let i = 0; i < n; i++) bu[levelOf[i]] += residual[i];
    else for (let i = 0; i < n; i++) bu[levelOf[i]] += z[i] * residual[i];
  }

  function drawFactor(state: ChainState, t: number, rInv: number, gInv: number, z: Float64Array): void {
    rightHandSide(state, t);
    drawBlock(state, t, rInv, gInv, z);
  }

  /** The block draw from the right-hand side in bb, bu (and the residual) left by rightHandSide. */
  function drawBlock(state: ChainState, t: number, rInv: number, gInv: number, z: Float64Array): void {
    const f = terms[t], m = f.levels, xz = f.xz, theta = state.theta;
    // b = W' R^-1 l + B^-1 mu restricted to the block; S and h accumulate the Schur complement
    for (let a = 0; a < p; a++) {
      h[a] = rInv * bb[a] + mme.priorRhs[a];
      for (let c = 0; c < p; c++) S[a * p + c] = rInv * xtx[a * p + c] + bPrecision[a * p + c];
    }
    for (let j = 0; j < m; j++) {
      bu[j] *= rInv;
      const d = rInv * f.zz[j] + gInv;
      for (let a = 0; a < p; a++) {
        const qa = rInv * xz[j * p + a];
        h[a] -= (qa * bu[j]) / d;
        for (let c = 0; c <= a; c++) S[a * p + c] -= (qa * rInv * xz[j * p + c]) / d;
      }
    }
    if (denseCholeskyPivot(S, p, L) >= 0) {
      throw new NumericalError(`the fixed effects' Schur complement given random term ${model.randomTerms[t].label} is not positive-definite at iteration ${state.iteration}`, {
        iteration: state.iteration,
        component: "location effects",
      });
    }
    denseCholeskyMeanPlusNoise(L, p, h, z, beta); // beta = L'^-1 (L^-1 h + z_b)
    for (let a = 0; a < p; a++) theta[a] = beta[a];
    for (let j = 0; j < m; j++) {
      const d = rInv * f.zz[j] + gInv;
      let s = bu[j];
      for (let a = 0; a < p; a++) s -= rInv * xz[j * p + a] * beta[a];
      theta[f.offset + j] = s / d + z[p + j] / Math.sqrt(d);
    }
  }

  return {
    name: "location effects",
    prepare,
    drawFactor,
    step(state: ChainState, rng: Rng) {
      const rInv = 1 / state.R[0];
      if (constantRightHandSide) {
        // one term and the data as latent variables: X'l and Z'l are the same every step
        if (!cached) {
          prepare(state);
          rightHandSide(state, 0);
          cachedBb.set(bb);
          cachedBu.set(bu);
          cached = true;
        } else {
          bb.set(cachedBb);
          bu.set(cachedBu);
        }
        fillNormal(rng, noise, p + terms[0].levels);
        drawBlock(state, 0, rInv, 1 / state.G[0][0], noise);
      } else {
        prepare(state);
        for (let t = 0; t < K; t++) {
          fillNormal(rng, noise, p + terms[t].levels);
          drawFactor(state, t, rInv, 1 / state.G[t][0], noise);
        }
      }
      // eta = X beta + sum_t Z_t u_t = (l - residual) + X beta + Z_last u_last: the last factor's
      // residual holds l minus the other terms, all at their new values (formed afresh each step,
      // so no drift from incremental updates)
      const theta = state.theta, eta = state.eta, l = state.latent;
      // (one loop per array: V8 keeps these tight, where a fused loop over X's columns is not)
      const { levelOf, z, offset, unit } = terms[K - 1];
      let shift = 0;
      for (let c = 0; c < p; c++) if (ones[c]) shift += theta[c];
      if (unit) for (let i = 0; i < n; i++) eta[i] = l[i] - residual[i] + theta[offset + levelOf[i]] + shift;
      else for (let i = 0; i < n; i++) eta[i] = l[i] - residual[i] + z[i] * theta[offset + levelOf[i]] + shift;
      for (let c = 0; c < p; c++) {
        if (ones[c]) continue;
        const b = theta[c];
        for (let i = 0, at = c * n; i < n; i++, at++) eta[i] += x[at] * b;
      }
    },
  };
}

// Sums in four interleaved partial sums (a fixed order, so reproducible): one running sum waits
// on each addition's latency; four keep the pipeline full.
function sum4(v: Float64Array, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += v[i];
    s1 += v[i + 1];
    s2 += v[i + 2];
    s3 += v[i + 3];
  }
  for (; i < n; i++) s0 += v[i];
  return s0 + s1 + (s2 + s3);
}

/** sum_i a[from + i] b[i], i < n, as sum4. */
function dot4(a: Float64Array, from: number, b: Float64Array, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[from + i] * b[i];
    s1 += a[from + i + 1] * b[i + 1];
    s2 += a[from + i + 2] * b[i + 2];
    s3 += a[from + i + 3] * b[i + 3];
  }
  for (; i < n; i++) s0 += a[from + i] * b[i];
  return s0 + s1 + (s2 + s3);
}
