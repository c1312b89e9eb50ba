// Latent-variable kernel: for each unit and each response, redraw that response's latent traits
// given the unit's other traits. Under e_u ~ N(0, R) the traits T of a response have the
// conditional prior N(m, S) with
//   m = eta_T + R_TO R_OO^-1 (l_O - eta_O),   S = R_TT - R_TO R_OO^-1 R_OT
// (O: the unit's other traits), which is what makes residual covariance between traits of
// different families work. The family-specific update (exact augmentation or MH) is a
// LatentUpdater; this kernel only forms (m, S) and loops.

import { denseCholesky, denseInverseSpd } from "../../../linalg/index.js";
import type { Model, Response } from "../../../models/types.js";
import type { Rng } from "../../../random/index.js";
import type { Kernel } from "../../kernel.js";
import { savedParts, type Tunable } from "../../kernel-state.js";
import type { ChainState } from "../../run/state.js";

/** The conditional prior of one response's latent traits at one unit. */
export interface ConditionalPrior {
  /** Conditional mean (length K). */
  readonly mean: Float64Array;
  /** Conditional covariance S (K x K row-major) and its Cholesky factor (lower). */
  readonly cov: Float64Array;
  readonly chol: Float64Array;
  /** S^-1 (K x K). */
  readonly precision: Float64Array;
}

/** Updates one response's latent traits at one unit, in place in state.latent (Tunable: see kernel-state.ts). */
export interface LatentUpdater extends Tunable {
  /** False for fully observed Gaussian responses: nothing to do. */
  readonly active: boolean;
  /** Called once per sweep before the unit loop (e.g. to refresh cutpoint-dependent tables). */
  prepare?(state: ChainState): void;
  update(unit: number, prior: ConditionalPrior, state: ChainState, rng: Rng): void;
  /**
   * Called once per sweep after the unit loop: joint moves of latent variables with location
   * effects or variances (updaters/joint.ts) that keep p(l | theta, R) in step.
   */
  afterUnits?(state: ChainState, rng: Rng): void;
}

export type UpdaterFactory = (model: Model, response: Response) => LatentUpdater;

interface ResponsePlan {
  readonly response: Response;
  readonly updater: LatentUpdater;
  readonly traits: Int32Array;
  readonly others: Int32Array;
  /** R_TO R_OO^-1 (K x |O|), refreshed each sweep. */
  readonly regression: Float64Array;
  readonly prior: ConditionalPrior;
  readonly rOOinv: Float64Array;
}

export function buildLatentKernel(model: Model, updaters: readonly LatentUpdater[]): Kernel | undefined {
  const k = model.nTraits;
  const plans: ResponsePlan[] = [];
  model.responses.forEach((response, r) => {
    const updater = updaters[r];
    if (!updater.active) return;
    const K = response.nTraits;
    const traits = Int32Array.from({ length: K }, (_, i) => response.traitOffset + i);
    const others = Int32Array.from(Array.from({ length: k }, (_, i) => i).filter((i) => i < response.traitOffset || i >= response.traitOffset + K));
    const o = others.length;
    plans.push({
      response,
      updater,
      traits,
      others,
      regression: new Float64Array(K * o),
      rOOinv: new Float64Array(o * o),
      prior: { mean: new Float64Array(K), cov: new Float64Array(K * K), chol: new Float64Array(K * K), precision: new Float64Array(K * K) },
    });
  });
  if (plans.length === 0) return undefined;
  const n = model.nUnits;
  const rOO = new Float64Array(k * k);
  const work = new Float64Array(k * k);

  return {
    name: "latent variables",
    saveState: () => ({ updaters: plans.map((plan) => plan.updater.saveState?.() ?? null) }),
    restoreState: (saved) => {
      const parts = savedParts(saved, "updaters", plans.length);
      plans.forEach((plan, i) => { const part = parts[i]; if (part) plan.updater.restoreState?.(part); });
    },
    step(state: ChainState, rng: Rng) {
      for (const plan of plans) refreshConditional(plan, state.R, k, rOO, work);
      for (const plan of plans) plan.updater.prepare?.(state);
      const l = state.latent, eta = state.eta;
      for (let u = 0; u < n; u++) {
        for (const plan of plans) {
          const { traits, others, regression, prior } = plan;
          const K = traits.length, o = others.length;
          for (let i = 0; i < K; i++) {
            let m = eta[traits[i] * n + u];
            for (let j = 0; j < o; j++) {
              const row = others[j] * n + u;
              m += regression[i * o + j] * (l[row] - eta[row]);
            }
            prior.mean[i] = m;
          }
          plan.updater.update(u, prior, state, rng);
        }
      }
      for (const plan of plans) plan.updater.afterUnits?.(state, rng);
    },
  };
}

/** Regression R_TO R_OO^-1, conditional covariance and its Cholesky factor and inverse. */
function refreshConditional(plan: ResponsePlan, R: Float64Array, k: number, rOO: Float64Array, work: Float64Array): void {
  const { traits, others, regression, prior, rOOinv } = plan;
  const K = traits.length, o = others.length;
  if (o > 0) {
    for (let i = 0; i < o; i++) for (let j = 0; j < o; j++) rOO[i * o + j] = R[others[i] * k + others[j]];
    denseInverseSpd(rOO, o, rOOinv, work);
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < o; j++) {
        let s = 0;
        for (let m = 0; m < o; m++) s += R[traits[i] * k + others[m]] * rOOinv[m * o + j];
        regression[i * o + j] = s;
      }
    }
  }
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      let s = R[traits[i] * k + traits[j]];
      for (let m = 0; m < o; m++) s -= regression[i * o + m] * R[others[m] * k + traits[j]];
      prior.cov[i * K + j] = s;
    }
  }
  denseCholesky(prior.cov, K, prior.chol);
  denseInverseSpd(prior.cov, K, prior.precision, work);
}
