// Linear-transformation moves for a random term (group moves, Liu & Sabatti 2000): with T a
// product of elementary k x k matrices (a scaling of coefficient a, or for `us` terms a shear
// adding t u_b to u_a), propose
//   u_level -> T u_level for every level,   G -> T G T',
// which slides along the ridges between the effects and their (co)variances that make Gibbs
// sampling of variance components slow (animal models, weakly identified terms, covariances).
// The u-prior's quadratic form is invariant, and the Jacobians cancel the determinants except
// |T|^-nu of the IW(nu, nu V) prior, so relative to the state at the start of the sweep
//   log target(T) = loglik(l | eta + sum_ab (T - I)_ab Z_a u_b) - nu log|T|
//                   - nu/2 tr(V (T G T')^-1).
// The log-likelihood is quadratic in T - I: with the k^2 columns y_ab = Z_a u_b and their
// R^-1 Gram matrix formed once per sweep, each proposal costs O(k^4): several per sweep.

import { restoreArray } from "../../kernel-state.js";
import { denseInverseSpd } from "../../../linalg/index.js";
import type { Model } from "../../../models/types.js";
import type { VariancePrior } from "../../../priors/prior.js";
import { mhAccept, type Rng } from "../../../random/index.js";
import type { Kernel } from "../../kernel.js";
import { coefficientOffsets, type MixedModelEquations } from "../location/mme.js";
import { residualPrecision } from "../location/residual.js";
import type { ChainState } from "../../run/state.js";
import { robbinsMonroScale } from "../adaptation.js";
import { exp } from "../../../math/deterministic.js";

const SWEEPS_OF_MOVES = 2;

interface Move {
  /** Scale coefficients `rows` (all of them for idv), or shear row a by column b. */
  readonly kind: "scale" | "shear";
  readonly a: number;
  readonly b: number;
}

export function buildScaleMoveKernel(model: Model, mme: MixedModelEquations, t: number, prior: VariancePrior): Kernel {
  const term = model.randomTerms[t];
  const k = term.dim;
  const kk = k * k;
  const n = model.nUnits, kt = model.nTraits, nrow = n * kt;
  const W = mme.W;
  const offsets = coefficientOffsets(term.nLevels, mme.nFixed + term.zOffset);
  const sameLevels = term.nLevels.every((m) => m === term.nLevels[0]);
  const moves: Move[] = [];
  if (term.structure === "idv") moves.push({ kind: "scale", a: -1, b: -1 });
  else for (let a = 0; a < k; a++) moves.push({ kind: "scale", a, b: a });
  if (term.structure === "us" && sameLevels) {
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) if (a !== b) moves.push({ kind: "shear", a, b });
  }
  // Only the columns y_ab that some move can reach: diagonal ones, plus off-diagonal for shears.
  const active = new Uint8Array(kk);
  for (let a = 0; a < k; a++) active[a * k + a] = 1;
  for (const m of moves) if (m.kind === "shear") active[m.a * k + m.b] = 1;

  const y = Array.from({ length: kk }, (_, ab) => (active[ab] ? new Float64Array(nrow) : new Float64Array(0)));
  const ry = Array.from({ length: kk }, (_, ab) => (active[ab] ? new Float64Array(nrow) : new Float64Array(0)));
  const residual = residualPrecision(model);
  const work = new Float64Array(Math.max(k, kt) ** 2);
  const bvec = new Float64Array(kk);
  const M = new Float64Array(kk * kk);
  const T = new Float64Array(kk);
  const saved = new Float64Array(kk);
  const G0 = new Float64Array(kk);
  const TG = new Float64Array(kk);
  const stepSize = new Float64Array(moves.length).fill(0.3);
  const Tinv = new Float64Array(kk);
  const savedInv = new Float64Array(kk);
  const G0inv = new Float64Array(kk);
  let logDet = 0;
  // idv: one variance sigma^2 for all k coefficients; its prior is IG(nu/2, nu V/2), i.e. the
  // k x k formula divided by k (sigma^2 I_k has k equal diagonal terms).
  const idvV = term.structure === "idv";
  const nu = prior.nu;
  const V = prior.V;

  /** Quadratic log-likelihood in T - I (relative to the sweep's starting state). */
  function logLikelihood(): number {
    let lin = 0, quad = 0;
    for (let p = 0; p < kk; p++) {
      if (!active[p]) continue;
      const dp = T[p] - (p % (k + 1) === 0 ? 1 : 0);
      if (dp === 0) continue;
      lin += dp * bvec[p];
      for (let q = 0; q < kk; q++) {
        if (!active[q]) continue;
        const dq = T[q] - (q % (k + 1) === 0 ? 1 : 0);
        if (dq !== 0) quad += dp * dq * M[p * kk + q];
      }
    }
    return lin - 0.5 * quad;
  }

  /**
   * -nu log|T| - nu/2 tr(V (T G0 T')^-1), with tr(V T'^-1 G0^-1 T^-1) = sum_ij (T^-1 V T^-T)_ij
   * (G0^-1)_ij from the incrementally kept T^-1 and log|T|.
   */
  function logPrior(): number {
    if (nu === 0) return 0;
    let tr = 0;
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        // (T^-1 V T^-T)_ij = sum_ab Tinv_ia V_ab Tinv_jb
        let s = 0;
        for (let a = 0; a < k; a++) {
          const tia = Tinv[i * k + a];
          if (tia === 0) continue;
          for (let b = 0; b < k; b++) s += tia * V[idvV ? 0 : a * k + b] * (idvV && a !== b ? 0 : 1) * Tinv[j * k + b];
        }
        tr += s * G0inv[i * k + j];
      }
    }
    return -nu * (idvV ? logDet / k : logDet) - 0.5 * nu * (idvV ? tr / k : tr);
  }

  const name = `G structure ${term.label} (transformation move)`;
  const counts = { accepted: 0, proposed: 0 };
  return {
    name,
    metropolis: [{ name, counts }],
    saveState: () => ({ stepSize: stepSize.slice() }),
    restoreState: (saved) => restoreArray(stepSize, saved, "stepSize"),
    step(state: ChainState, rng: Rng) {
      const theta = state.theta;
      // y_ab = Z_a u_b: coefficient a's design columns applied to coefficient b's effects
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          if (active[a * k + b]) designTimesEffects(W, offsets[a], offsets[b], term.nLevels[a], theta, y[a * k + b]);
        }
      }
      residual.refresh(state.R);
      for (let p = 0; p < kk; p++) if (active[p]) residual.times(y[p], ry[p]);
      for (let p = 0; p < kk; p++) {
        if (!active[p]) continue;
        const rp = ry[p];
        bvec[p] = dotResidual(rp, state.latent, state.eta, nrow);
        for (let q = 0; q <= p; q++) {
          if (!active[q]) continue;
          const g = dot(rp, y[q], nrow);
          M[p * kk + q] = g;
          M[q * kk + p] = g;
        }
      }
      const G = state.G[t];
      G0.set(G);
      if (nu > 0) denseInverseSpd(G0, k, G0inv, work);
      T.fill(0);
      Tinv.fill(0);
      for (let a = 0; a < k; a++) { T[a * k + a] = 1; Tinv[a * k + a] = 1; }
      logDet = 0;
      let current = logLikelihood() + logPrior();
      for (let rep = 0; rep < SWEEPS_OF_MOVES; rep++) {
        for (let mi = 0; mi < moves.length; mi++) {
          const move = moves[mi];
          saved.set(T);
          savedInv.set(Tinv);
          const savedLogDet = logDet;
          const z = stepSize[mi] * rng.normal();
          if (move.kind === "scale") {
            // T <- D T: rows scaled; T^-1 <- T^-1 D^-1: columns scaled
            const c = exp(z);
            if (move.a < 0) {
              for (let i = 0; i < kk; i++) { T[i] *= c; Tinv[i] /= c; }
              logDet += k * z;
            } else {
              for (let j = 0; j < k; j++) { T[move.a * k + j] *= c; Tinv[j * k + move.a] /= c; }
              logDet += z;
            }
          } else {
            // T <- (I + z e_a e_b') T: row a += z row b (u_a += z u_b); T^-1 <- T^-1 (I - z e_a e_b')
            for (let j = 0; j < k; j++) T[move.a * k + j] += z * T[move.b * k + j];
            for (let i = 0; i < k; i++) Tinv[i * k + move.b] -= z * Tinv[i * k + move.a];
          }
          const proposed = logLikelihood() + logPrior();
          const accepted = mhAccept(rng, proposed - current);
          counts.proposed++;
          if (accepted) {
            counts.accepted++;
            current = proposed;
          }
          else { T.set(saved); Tinv.set(savedInv); logDet = savedLogDet; }
          // Robbins-Monro tuning towards 44% acceptance, during burn-in only
          if (state.adapting) stepSize[mi] = robbinsMonroScale(stepSize[mi], state.iteration, accepted, 0.44);
        }
      }
      applyTransform(state, G, G0);
    },
  };

  function applyTransform(state: ChainState, G: Float64Array, G0: Float64Array): void {
    const theta = state.theta;
    const m = term.nLevels[0];
    if (sameLevels) {
      for (let l = 0; l < m; l++) {
        for (let a = 0; a < k; a++) { let s = 0; for (let b = 0; b < k; b++) s += T[a * k + b] * theta[offsets[b] + l]; work[a] = s; }
        for (let a = 0; a < k; a++) theta[offsets[a] + l] = work[a];
      }
    } else {
      for (let a = 0; a < k; a++) for (let l = 0; l < term.nLevels[a]; l++) theta[offsets[a] + l] *= T[a * k + a];
    }
    for (let p = 0; p < kk; p++) {
      if (!active[p]) continue;
      const dp = T[p] - (p % (k + 1) === 0 ? 1 : 0);
      if (dp !== 0) addScaled(state.eta, dp, y[p], nrow);
    }
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) { let s = 0; for (let q = 0; q < k; q++) s += T[i * k + q] * G0[q * k + j]; TG[i * k + j] = s; }
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) { let s = 0; for (let q = 0; q < k; q++) s += TG[i * k + q] * T[j * k + q]; G[i * k + j] = s; }
  }
}

// The passes over the units as small functions of their own: V8 optimises a small hot loop after a
// few calls, where the kernel's whole step (called once per sweep) runs unoptimised, boxing its
// doubles, for the first sweeps of a fit (M2, first 200 iterations: 12 MB allocated by the step,
// 30 MB in all, before; 18 MB in all after). The arithmetic and its order are unchanged.

/** out = Z_a u_b: the design columns of coefficient a's levels times coefficient b's effects. */
function designTimesEffects(W: MixedModelEquations["W"], offsetA: number, offsetB: number, nLevels: number, theta: Float64Array, out: Float64Array): void {
  out.fill(0);
  for (let l = 0; l < nLevels; l++) {
    const u = theta[offsetB + l];
    if (u === 0) continue;
    const j = offsetA + l;
    for (let e = W.colPtr[j]; e < W.colPtr[j + 1]; e++) out[W.rowIdx[e]] += W.values[e] * u;
  }
}

/** sum_i r_i (l_i - eta_i). */
function dotResidual(r: Float64Array, latent: Float64Array, eta: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += r[i] * (latent[i] - eta[i]);
  return s;
}

function dot(a: Float64Array, b: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

/** x += c y. */
function addScaled(x: Float64Array, c: number, y: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) x[i] += c * y[i];
}
