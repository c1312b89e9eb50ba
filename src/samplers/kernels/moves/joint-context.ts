// What the joint moves (joint.ts) share: which latent rows they may move, the data's
// log-likelihood under a shift of those rows, row- and unit-indexed scratch that every move
// leaves zeroed.

import type { Model, Response } from "../../../models/types.js";
import { familyOf } from "../../../models/families/registry.js";
import { shiftLikelihood, type ShiftLikelihood } from "./joint-likelihood.js";
import type { Rng } from "../../../random/index.js";
import type { ChainState } from "../../run/state.js";
import type { KernelState } from "../../kernel-state.js";

/** One joint move with its tuned proposal state (kernel-state.ts), for checkpoints. */
export type JointMove = ((state: ChainState, rng: Rng) => void) & {
  saveState(): KernelState;
  restoreState(saved: KernelState): void;
};

export function jointMove(move: (state: ChainState, rng: Rng) => void, saveState: () => KernelState, restoreState: (saved: KernelState) => void): JointMove {
  return Object.assign(move, { saveState, restoreState });
}

export interface JointContext {
  readonly model: Model;
  /** Units. */
  readonly n: number;
  /** Number of fixed effects (theta index of the first random effect). */
  readonly p: number;
  /** Per trait: 1 when its latent variables may be moved. */
  readonly movableTraits: Uint8Array;
  rowMovable(row: number): boolean;
  readonly lik: ShiftLikelihood;
  /** Row-indexed shift of the latent variables under the current proposal; zero between moves. */
  readonly shift: Float64Array;
  /** Unit-indexed marks of the units a proposal touches; zero between moves. */
  readonly touched: Uint8Array;
}

/** The context of the joint moves, or undefined when no response's latent variables may move. */
export function jointContext(model: Model): JointContext | undefined {
  const n = model.nUnits;
  const k = model.nTraits;
  // which traits may be moved: those of non-Gaussian responses
  const movableTraits = new Uint8Array(k);
  // Gaussian latents are data and threshold latents are pinned between cutpoints (p(y | l) is 0
  // or 1): moving them gains nothing (the family's jointShift is "pinned")
  const responses: Response[] = model.responses.filter((r) => familyOf(r).jointShift !== "pinned");
  if (responses.length === 0) return undefined;
  for (const r of responses) for (let j = 0; j < r.nTraits; j++) movableTraits[r.traitOffset + j] = 1;
  return {
    model,
    n,
    p: model.fixedNames.length,
    movableTraits,
    rowMovable: (row: number) => movableTraits[Math.floor(row / n)] === 1,
    lik: shiftLikelihood(model, responses),
    shift: new Float64Array(n * k),
    touched: new Uint8Array(n),
  };
}
