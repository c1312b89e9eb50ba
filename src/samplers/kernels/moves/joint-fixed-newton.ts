// Joint move of the fixed effects with the latent variables for one-trait logit and poisson
// models (joint.ts), with a Newton (Laplace) proposal instead of joint-fixed-translation.ts's
// random walk. The move is the same translation
//   beta' = beta + delta,   l' = l + X delta,
// which keeps e = l - eta (so p(l | theta, R)) fixed and has unit Jacobian; given e and the random
// effects its target in delta is a logistic (poisson) regression with offsets l_u:
//   log pi(delta) = sum_u [y_u x_u delta - n_u log(1 + E_u e^{x_u delta})] + log N(beta + delta; mu, B)
// (poisson: y_u x_u delta - E_u e^{x_u delta}), E_u = e^{l_u}. With many units per fixed effect this
// is close to Gaussian, so the proposal is one Newton step with the local curvature as precision,
//   delta ~ N(H(0)^-1 g(0), H(0)^-1),   H = X' W X + B^-1,  W_u = n_u s_u (1 - s_u) (poisson: E_u e^{x_u delta}),
// the "simplified manifold" / Newton-MH proposal (Qi & Minka 2002; Girolami & Calderhead 2011,
// JRSS-B 73:123, sec. 5), with the reverse proposal density evaluated at the proposed point for the
// Metropolis-Hastings ratio. Accepted draws are nearly independent given (e, u), which is the
// non-centred half of the interweaving pair (Yu & Meng 2011) whose centred half is the Gibbs draw of
// theta | l: with the latent variance fixed (binary logit, R = 1) the random walk left the fixed
// effects as the slowest parameters (M5 Contraception).
//
// Cost: the gradient and curvature at the current point need no exp (s_u from the cached E_u); the
// proposed point costs one exp per unit and gives the next move's current-point terms if accepted.
// After burn-in the curvature is frozen at its running mean over burn-in (an exponentially weighted
// mean, so the first iterations' transient is forgotten), H(.) = Hbar: the proposal
// N(Hbar^-1 g(0), Hbar^-1) is then a fixed Metropolis-Hastings kernel that needs only gradients,
// and for a near-Gaussian target it is still close to the target (acceptance ~0.9 on M5).

import type { Prior } from "../../../priors/prior.js";
import { mhAccept, type Rng } from "../../../random/index.js";
import type { ChainState } from "../../run/state.js";
import type { JointContext } from "./joint-context.js";
import type { Kernel } from "../../kernel.js";
import { restoreArray, savedNumber, type KernelState } from "../../kernel-state.js";
import { denseCholeskyPivot, denseCholeskySolve } from "../../../linalg/dense.js";
import { exp, log } from "../../../math/deterministic.js";
import { addUnitShift, takeShiftTotal } from "./unit-shift-ratio.js";

/** Weight of the newest curvature in the burn-in mean (after the first 1 / weight iterations). */
const CURVATURE_MEAN_WEIGHT = 0.02;

/** Gradient, curvature (lower triangle), its Cholesky factor, Newton step and half log-determinant at one point. */
interface PointTerms {
  readonly g: Float64Array;
  readonly H: Float64Array;
  readonly L: Float64Array;
  readonly step: Float64Array;
  halfLogDet: number;
}

function pointTerms(q: number): PointTerms {
  return { g: new Float64Array(q), H: new Float64Array(q * q), L: new Float64Array(q * q), step: new Float64Array(q), halfLogDet: 0 };
}

/**
 * The Newton-proposal translation kernel (`moves` proposals per step), or undefined when the
 * likelihood is not the one-trait logit/poisson cache or no fixed-effect column may move.
 */
export function buildFixedNewton(ctx: JointContext, prior: Prior, moves: number): Kernel | undefined {
  const data = ctx.lik.scalarData;
  if (!data) return undefined;
  const { n, p, shift } = ctx;
  const X = ctx.model.X;
  const fixedCols = Int32Array.from(
    Array.from({ length: p }, (_, j) => j).filter((j) => {
      if (X.colPtr[j + 1] === X.colPtr[j]) return false;
      for (let e = X.colPtr[j]; e < X.colPtr[j + 1]; e++) if (!ctx.rowMovable(X.rowIdx[e]) || X.rowIdx[e] >= n) return false;
      return true;
    }),
  );
  const q = fixedCols.length;
  if (q === 0) return undefined;

  // the moving columns of X by unit (row u = unit u: one trait), for the per-unit passes
  const rowPtr = new Int32Array(n + 1);
  for (let i = 0; i < q; i++) for (let e = X.colPtr[fixedCols[i]]; e < X.colPtr[fixedCols[i] + 1]; e++) rowPtr[X.rowIdx[e] + 1]++;
  for (let u = 0; u < n; u++) rowPtr[u + 1] += rowPtr[u];
  const colIdx = new Int32Array(rowPtr[n]);
  const vals = new Float64Array(rowPtr[n]);
  const fill = rowPtr.slice(0, n);
  for (let i = 0; i < q; i++) {
    for (let e = X.colPtr[fixedCols[i]]; e < X.colPtr[fixedCols[i] + 1]; e++) {
      const at = fill[X.rowIdx[e]]++;
      colIdx[at] = i;
      vals[at] = X.values[e];
    }
  }

  const { poisson, observed, y, trials, expCur, expNew } = data;
  const Bp = prior.B.precision, Bmu = prior.B.mu;
  // B^-1 restricted to the moving columns, and B^-1 (theta - mu) over all fixed effects
  const BpSub = new Float64Array(q * q);
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) BpSub[i * q + j] = Bp[fixedCols[i] * p + fixedCols[j]];
  const priorResidual = new Float64Array(p);
  let cur = pointTerms(q), next = pointTerms(q);
  const delta = new Float64Array(q);
  const z = new Float64Array(q);
  const back = new Float64Array(q);
  const acc = Float64Array.of(0, 1); // the log-likelihood change (unit-shift-ratio.ts)
  const counts = { accepted: 0, proposed: 0 };
  // the burn-in mean of the curvature (lower triangle), and after burn-in its factor (frozen = 1)
  const Hmean = new Float64Array(q * q);
  const Lfixed = new Float64Array(q * q);
  let meanCount = 0, frozen = 0;

  /** Adds the prior's gradient at beta + delta (delta null: 0) and B^-1 to the terms; returns log prior(beta + delta) - log prior(beta). */
  function addPrior(t: PointTerms, d: Float64Array | null, curvature: boolean): number {
    let cross = 0, quad = 0;
    for (let i = 0; i < q; i++) {
      let bd = 0;
      if (d !== null) for (let j = 0; j < q; j++) bd += BpSub[i * q + j] * d[j];
      t.g[i] -= priorResidual[fixedCols[i]] + bd;
      if (d !== null) { cross += d[i] * priorResidual[fixedCols[i]]; quad += d[i] * bd; }
      if (curvature) for (let j = 0; j <= i; j++) t.H[i * q + j] += BpSub[i * q + j];
    }
    return -(cross + 0.5 * quad);
  }

  /** Factor and log-determinant of the terms' curvature; false when it is not positive-definite. */
  function factorTerms(t: PointTerms): boolean {
    if (denseCholeskyPivot(t.H, q, t.L) >= 0) return false;
    let s = 0;
    for (let i = 0; i < q; i++) s += log(t.L[i * q + i]);
    t.halfLogDet = s;
    return true;
  }

  /** Freezes the curvature at its burn-in mean (or, with no burn-in, at the current point's). */
  function freeze(state: ChainState): void {
    if (meanCount === 0) {
      refreshPriorResidual(state.theta);
      currentPass(cur, true);
      addPrior(cur, null, true);
      Hmean.set(cur.H);
    }
    if (denseCholeskyPivot(Hmean, q, Lfixed) >= 0) {
      // not positive-definite (cannot happen with a proper prior): the prior's precision alone
      for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) Hmean[i * q + j] = j <= i ? BpSub[i * q + j] : 0;
      denseCholeskyPivot(Hmean, q, Lfixed);
    }
    frozen = 1;
  }

  /** The likelihood's gradient and curvature at the current latent variables (no exp: E_u is cached). */
  function currentPass(t: PointTerms, curvature: boolean): void {
    t.g.fill(0);
    if (curvature) t.H.fill(0);
    const { g, H } = t;
    for (let u = 0; u < n; u++) {
      if (observed[u] === 0 || rowPtr[u] === rowPtr[u + 1]) continue;
      const E = expCur[u];
      let r: number, w: number;
      if (poisson) { r = y[u] - E; w = E; }
      else { const s = 1 / (1 + 1 / E); r = y[u] - trials[u] * s; w = trials[u] * s * (1 - s); }
      gradient(g, u, r);
      if (curvature) addCurvature(H, u, w);
    }
  }

  /** Per unit: the shift x_u delta into `shift`, the new E_u into expNew, gradient and curvature there; returns the log-likelihood change. */
  function proposedPass(state: ChainState, t: PointTerms, d: Float64Array, curvature: boolean): number {
    t.g.fill(0);
    if (curvature) t.H.fill(0);
    const { g, H } = t;
    const l = state.latent;
    for (let u = 0; u < n; u++) {
      let tu = 0;
      for (let e = rowPtr[u]; e < rowPtr[u + 1]; e++) tu += vals[e] * d[colIdx[e]];
      shift[u] = tu;
      const E = expCur[u];
      if (observed[u] === 0 || rowPtr[u] === rowPtr[u + 1]) { expNew[u] = E; continue; }
      // the same terms as currentPass would compute at the proposed point (the reverse proposal is exact)
      const e1 = tu === 0 ? E : E * exp(tu);
      expNew[u] = e1;
      const yu = y[u], nu = trials[u];
      let r: number, w: number;
      if (poisson) { r = yu - e1; w = e1; }
      else { const s = 1 / (1 + 1 / e1); r = yu - nu * s; w = nu * s * (1 - s); }
      gradient(g, u, r);
      if (curvature) addCurvature(H, u, w);
      addUnitShift(acc, poisson, yu, nu, l[u], tu, E, e1);
    }
    return takeShiftTotal(acc);
  }

  function gradient(g: Float64Array, u: number, r: number): void {
    for (let a = rowPtr[u]; a < rowPtr[u + 1]; a++) g[colIdx[a]] += vals[a] * r;
  }

  // The gradient runs in both phases and the curvature only in burn-in, rather than one fused pass
  // in burn-in and the gradient alone after it: code first met after burn-in has no type feedback
  // and deoptimises the compiled kernel (whose recompilation costs a small fit a few percent).
  function addCurvature(H: Float64Array, u: number, w: number): void {
    for (let a = rowPtr[u]; a < rowPtr[u + 1]; a++) {
      const i = colIdx[a], xa = vals[a];
      const wx = w * xa;
      for (let b = rowPtr[u]; b < rowPtr[u + 1]; b++) {
        const j = colIdx[b];
        if (j <= i) H[i * q + j] += wx * vals[b];
      }
    }
  }

  function refreshPriorResidual(theta: Float64Array): void {
    for (let a = 0; a < p; a++) {
      let s = 0;
      for (let b = 0; b < p; b++) s += Bp[a * p + b] * (theta[b] - Bmu[b]);
      priorResidual[a] = s;
    }
  }

  const name = "joint move: fixed effects with latent variables";
  return {
    name,
    metropolis: [{ name, counts }],
    saveState: (): KernelState => ({ Hmean: Hmean.slice(), Lfixed: Lfixed.slice(), meanCount, frozen }),
    restoreState(saved) {
      restoreArray(Hmean, saved, "Hmean");
      restoreArray(Lfixed, saved, "Lfixed");
      meanCount = savedNumber(saved, "meanCount");
      frozen = savedNumber(saved, "frozen");
    },
    step(state: ChainState, rng: Rng) {
      const theta = state.theta;
      const local = state.adapting;
      // both phases run the same calls (see addCurvature): the comparison is made on every step,
      // the frozen factor is kept up to date through burn-in (so freeze() after it only handles no
      // burn-in or a last mean that is not positive-definite), and each Newton step is one solve
      // with the local or the frozen factor
      const unfrozen = frozen === 0;
      if (local) frozen = 0;
      else if (unfrozen) freeze(state);
      refreshPriorResidual(theta);
      currentPass(cur, local);
      addPrior(cur, null, local);
      if (!(local ? factorTerms(cur) : true)) return; // a function of the state alone: skipping keeps the kernel invariant
      denseCholeskySolve(local ? cur.L : Lfixed, q, cur.g, cur.step);
      if (local) {
        meanCount++;
        const w = Math.max(1 / meanCount, CURVATURE_MEAN_WEIGHT);
        for (let i = 0; i < q * q; i++) Hmean[i] += w * (cur.H[i] - Hmean[i]);
        // the factor freeze() would take of this mean, were burn-in to end here
        frozen = denseCholeskyPivot(Hmean, q, Lfixed) < 0 ? 1 : 0;
      }
      const L0 = local ? cur.L : Lfixed;
      for (let m = 0; m < moves; m++) {
        // delta = step + L^-T z, z ~ N(0, I): N(step, H^-1)
        let zz = 0;
        for (let i = 0; i < q; i++) { z[i] = rng.normal(); zz += z[i] * z[i]; }
        for (let i = q - 1; i >= 0; i--) {
          let s = z[i];
          for (let r = i + 1; r < q; r++) s -= L0[r * q + i] * delta[r];
          delta[i] = s / L0[i * q + i];
        }
        for (let i = 0; i < q; i++) delta[i] += cur.step[i];
        let logRatio = proposedPass(state, next, delta, local);
        logRatio += addPrior(next, delta, local);
        counts.proposed++;
        let accepted = false;
        const ok = local ? factorTerms(next) : true;
        if (ok) denseCholeskySolve(local ? next.L : Lfixed, q, next.g, next.step);
        if (ok) {
          const L1 = local ? next.L : Lfixed;
          // reverse proposal: -delta ~ N(step', H'^-1); its standardised value is L'^T (-delta - step')
          for (let i = 0; i < q; i++) back[i] = -delta[i] - next.step[i];
          let bb = 0;
          for (let i = 0; i < q; i++) {
            let s = 0;
            for (let r = i; r < q; r++) s += L1[r * q + i] * back[r];
            bb += s * s;
          }
          logRatio += -0.5 * bb + 0.5 * zz;
          if (local) logRatio += next.halfLogDet - cur.halfLogDet;
          accepted = mhAccept(rng, logRatio);
        }
        if (accepted) {
          counts.accepted++;
          for (let i = 0; i < q; i++) theta[fixedCols[i]] += delta[i];
          const l = state.latent, eta = state.eta;
          for (let u = 0; u < n; u++) {
            const tu = shift[u];
            if (tu !== 0) { l[u] += tu; eta[u] += tu; }
            expCur[u] = expNew[u];
          }
          const swap = cur; cur = next; next = swap;
          // the new point's prior gradient was taken against the old residual: refresh it for the next move
          if (m + 1 < moves) refreshPriorResidual(theta);
        }
        shift.fill(0);
      }
    },
  };
}
