// Joint moves of latent variables with location effects or variances: group moves (Liu & Sabatti
// 2000, JASA 95:1130) that keep the residuals e = l - eta (or their standardised values) fixed
// and let only the data decide. They complement the Gibbs updates of theta | l and R | l, which
// crawl when the data say little about each latent variable (most of the latent variance is
// "missing information"): the pairing of a centred and a non-centred move is the interweaving
// strategy of Yu & Meng (2011, JCGS 20:531).
//
//   translation along fixed effect directions   (joint-fixed-translation.ts)
//   translation of one random effect level      (joint-level-translation.ts)
//   scaling of a random or residual variance    (joint-variance-scaling.ts)
//   trade-off between nested random intercepts  (nested-move.ts): eta, l and the likelihood unchanged.
// Only directions that touch no observed Gaussian trait are moved (a Gaussian latent is data).
// The sweep (sweep.ts) lists them, in order, right after the latent kernel.

import type { Model } from "../../../models/types.js";
import type { Prior } from "../../../priors/prior.js";
import type { Kernel } from "../../kernel.js";
import type { ChainState } from "../../run/state.js";
import { jointContext, type JointContext } from "./joint-context.js";
import { buildFixedTranslation } from "./joint-fixed-translation.js";
import { buildFixedNewton } from "./joint-fixed-newton.js";
import { buildLevelTranslations } from "./joint-level-translation.js";
import { buildLevelNewton } from "./joint-level-newton.js";
import { buildRandomVarianceScalings, buildResidualScalings } from "./joint-variance-scaling.js";
import { buildNestedMoves } from "./nested-move.js";

// Once the random-effect variances move collapsed (../collapsed-variance.ts), the fixed effects'
// dependence on the latent variables is what limits mixing (M5 Contraception: min bulk-ESS over
// 4,000 draws 1,100-1,250 with one translation per sweep, ~1,450 with two, ~1,750 with three, at
// one pass over the units each).
export const FIXED_MOVES_PER_SWEEP = 3;
/**
 * Proposals per sweep of the Newton-proposal translation (joint-fixed-newton.ts), which serves
 * one-trait logit and poisson models instead of the random walk: its draws are nearly independent
 * given the residuals, so one pass at the proposed point per sweep does what three random-walk
 * passes did not.
 */
export const NEWTON_FIXED_MOVES_PER_SWEEP = 1;

/** The joint moves' shared context and their kernels, or undefined when none applies. */
export interface JointMoves {
  /** Caches the data's log-likelihood at the current latent variables: runs first. */
  readonly refresh: Kernel;
  readonly fixed?: Kernel;
  /** How many times the sweep runs `fixed`. */
  readonly fixedRepeats: number;
  readonly levels?: Kernel;
  readonly randomScalings: readonly Kernel[];
  readonly residualScalings: readonly Kernel[];
  readonly nested: readonly Kernel[];
}

export function buildJointMoves(model: Model, prior: Prior): JointMoves | undefined {
  const ctx = jointContext(model);
  if (!ctx) return undefined;
  const newton = buildFixedNewton(ctx, prior, NEWTON_FIXED_MOVES_PER_SWEEP);
  const fixed = newton ?? buildFixedTranslation(ctx, prior);
  const levels = buildLevelNewton(ctx) ?? buildLevelTranslations(ctx);
  const randomScalings = buildRandomVarianceScalings(ctx, prior);
  const residualScalings = buildResidualScalings(ctx, prior);
  if (!fixed && !levels && randomScalings.length === 0 && residualScalings.length === 0) return undefined;
  const nested = buildNestedMoves(model, prior).map((move): Kernel => {
    const name = `joint move: nested random intercepts ${move.label}`;
    return {
      name,
      metropolis: [{ name, counts: move.counts }],
      saveState: () => move.saveState(),
      restoreState: (saved) => move.restoreState(saved),
      step: (state, rng) => move.run(state, rng),
    };
  });
  return {
    refresh: refreshKernel(ctx),
    ...(fixed ? { fixed } : {}),
    fixedRepeats: newton ? 1 : FIXED_MOVES_PER_SWEEP,
    ...(levels ? { levels } : {}),
    randomScalings,
    residualScalings,
    nested,
  };
}

function refreshKernel(ctx: JointContext): Kernel {
  return {
    name: "joint moves: log-likelihood cache",
    step(state: ChainState) {
      ctx.lik.refresh(state);
    },
  };
}
