// Latent-variable kernel: for each unit and each response, redraw that response's latent traits
// given the unit's other traits. Under e_u ~ N(0, R) the traits T of a response have the
// conditional prior N(m, S) with
//   m = eta_T + R_TO R_OO^-1 (l_O - eta_O),   S = R_TT - R_TO R_OO^-1 R_OT
// (O: the unit's other traits), which is what makes residual covariance between traits of
// different families work. The family-specific update (exact augmentation or MH) is a
// LatentUpdater; this kernel only forms (m, S) and loops. With a block-diagonal R (several
// residual terms, or idh(f):units) R is the unit's own block: one conditional per residual pattern
// (models/structures/residual-layout.ts).

import { denseCholesky, denseConditionalNormal, denseInverseSpd } from "../../../linalg/dense.js";
import { fillPatternCovariance, residualLayout } from "../../../models/structures/residual-layout.js";
import type { Model, Response } from "../../../models/types.js";
import type { Rng } from "../../../random/index.js";
import type { AcceptanceCounts, Kernel } from "../../kernel.js";
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
  /** Counts of its Metropolis-Hastings steps, for summary.json's sampler block (exact updaters have none). */
  readonly acceptance?: AcceptanceCounts;
}

export type UpdaterFactory = (model: Model, response: Response) => LatentUpdater;

/** A response's conditional prior under one residual pattern's R. */
interface PatternConditional {
  /** R_TO R_OO^-1 (K x |O|), refreshed each sweep. */
  readonly regression: Float64Array;
  readonly prior: ConditionalPrior;
  readonly rOOinv: Float64Array;
}

interface ResponsePlan {
  readonly response: Response;
  readonly updater: LatentUpdater;
  readonly traits: Int32Array;
  readonly others: Int32Array;
  /** One per residual pattern. */
  readonly conditionals: readonly PatternConditional[];
}

export function buildLatentKernel(model: Model, updaters: readonly LatentUpdater[]): Kernel | undefined {
  const k = model.nTraits;
  const layout = residualLayout(model);
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
      conditionals: layout.patterns.map(() => ({
        regression: new Float64Array(K * o),
        rOOinv: new Float64Array(o * o),
        prior: { mean: new Float64Array(K), cov: new Float64Array(K * K), chol: new Float64Array(K * K), precision: new Float64Array(K * K) },
      })),
    });
  });
  if (plans.length === 0) return undefined;
  const n = model.nUnits;
  const rOO = new Float64Array(k * k);
  const work = new Float64Array(k * k);
  const Ru = new Float64Array(k * k);
  const { patternOf } = layout;

  return {
    name: "latent variables",
    saveState: () => ({ updaters: plans.map((plan) => plan.updater.saveState?.() ?? null) }),
    restoreState: (saved) => {
      const parts = savedParts(saved, "updaters", plans.length);
      plans.forEach((plan, i) => { const part = parts[i]; if (part) plan.updater.restoreState?.(part); });
    },
    metropolis: plans.flatMap(({ response, updater }) => (updater.acceptance ? [{ name: `latent variables of ${response.name}`, counts: updater.acceptance }] : [])),
    step(state: ChainState, rng: Rng) {
      if (layout.shared) for (const plan of plans) refreshConditional(plan, plan.conditionals[0], state.R, k, rOO, work);
      else {
        for (let p = 0; p < layout.patterns.length; p++) {
          fillPatternCovariance(layout, p, state.R, k, Ru);
          for (const plan of plans) refreshConditional(plan, plan.conditionals[p], Ru, k, rOO, work);
        }
      }
      for (const plan of plans) plan.updater.prepare?.(state);
      const l = state.latent, eta = state.eta;
      for (let u = 0; u < n; u++) {
        const pattern = patternOf[u];
        for (const plan of plans) {
          const { traits, others } = plan;
          const { regression, prior } = plan.conditionals[pattern];
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
    },
  };
}

/** Regression R_TO R_OO^-1, conditional covariance and its Cholesky factor and inverse. */
function refreshConditional(plan: ResponsePlan, c: PatternConditional, R: Float64Array, k: number, rOO: Float64Array, work: Float64Array): void {
  const K = plan.traits.length;
  const { regression, prior, rOOinv } = c;
  denseConditionalNormal(R, k, plan.traits, plan.others, regression, prior.cov, rOO, rOOinv, work);
  denseCholesky(prior.cov, K, prior.chol);
  denseInverseSpd(prior.cov, K, prior.precision, work);
}
