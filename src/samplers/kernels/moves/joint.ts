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
// This module composes them into one pass per sweep, run right after the latent kernel.

import type { Model } from "../../../models/types.js";
import type { Prior } from "../../../priors/prior.js";
import type { Rng } from "../../../random/index.js";
import type { ChainState } from "../../run/state.js";
import { jointContext, type JointCounts } from "./joint-context.js";
import { buildFixedTranslation } from "./joint-fixed-translation.js";
import { buildLevelTranslations } from "./joint-level-translation.js";
import { buildRandomVarianceScalings, buildResidualScaling } from "./joint-variance-scaling.js";
import { buildNestedMoves } from "./nested-move.js";
import { savedParts, type KernelState, type Tunable } from "../../kernel-state.js";

// Once the random-effect variances move collapsed (../collapsed-variance.ts), the fixed effects'
// dependence on the latent variables is what limits mixing (M5 Contraception: min bulk-ESS over
// 4,000 draws 1,100-1,250 with one translation per sweep, ~1,450 with two, ~1,750 with three, at
// one pass over the units each).
const FIXED_MOVES_PER_SWEEP = 3;

export interface JointMoves extends Required<Tunable> {
  run(state: ChainState, rng: Rng): void;
  readonly counts: JointCounts;
}

export function buildJointMoves(model: Model, prior: Prior): JointMoves | undefined {
  const ctx = jointContext(model);
  if (!ctx) return undefined;
  const fixedMove = buildFixedTranslation(ctx, prior);
  const levelMoves = buildLevelTranslations(ctx);
  const varianceMoves = buildRandomVarianceScalings(ctx, prior);
  const residualMove = buildResidualScaling(ctx, prior);
  if (!fixedMove && !levelMoves && varianceMoves.length === 0 && !residualMove) return undefined;
  const nested = buildNestedMoves(model, prior);
  const parts: Required<Tunable>[] = [...(fixedMove ? [fixedMove] : []), ...(levelMoves ? [levelMoves] : []), ...varianceMoves, ...(residualMove ? [residualMove] : []), ...nested];
  return {
    counts: ctx.counts,
    saveState: (): KernelState => ({ moves: parts.map((m) => m.saveState()) }),
    restoreState: (saved: KernelState) =>
      savedParts(saved, "moves", parts.length).forEach((part, i) => {
        if (!part) throw new RangeError("checkpoint: a joint move's state is missing");
        parts[i].restoreState(part);
      }),
    run(state: ChainState, rng: Rng) {
      ctx.lik.refresh(state);
      if (fixedMove) for (let i = 0; i < FIXED_MOVES_PER_SWEEP; i++) fixedMove(state, rng);
      if (levelMoves) levelMoves(state, rng);
      for (const move of varianceMoves) move(state, rng);
      if (residualMove) residualMove(state, rng);
      for (const move of nested) move.run(state, rng);
    },
  };
}
