// A chain's checkpoint: everything that decides its future draws (the chain state, each kernel's
// tuned proposal state, the random stream's position) and where it is in its current segment, so
// a chain restored from it continues bit for bit as if it had never stopped.

import type { KernelState } from "../kernel-state.js";
import type { StreamState } from "../../random/stream.js";
import type { ChainState } from "./state.js";
import type { StateSums } from "./chain.js";

export const CHECKPOINT_VERSION = 1;

/** The segment (round) a chain was running when checkpointed, and how far it got. */
export interface SegmentPosition {
  /** 0-based index of the segment among the chain's segments (rounds). */
  readonly index: number;
  readonly iterations: number;
  readonly burnin: number;
  readonly thin: number;
  readonly adapting: boolean;
  /** Iterations of the segment done. */
  readonly done: number;
  /** Draws of the segment saved (all written to the chain's files before the checkpoint). */
  readonly saved: number;
  /** Chain seconds spent in the segment so far. */
  readonly seconds: number;
  /** Running sums of the segment's saved iterations (for DIC). */
  readonly sums: StateSums;
}

export interface SavedChainState {
  readonly theta: Float64Array;
  readonly latent: Float64Array;
  readonly eta: Float64Array;
  readonly G: Float64Array[];
  readonly R: Float64Array;
  readonly alpha: Float64Array[];
  readonly cutpoints: Float64Array[];
  /** covu models only (state.ts). */
  readonly covuBeta?: Float64Array;
  readonly iteration: number;
  readonly adapting: boolean;
}

export interface ChainCheckpoint {
  readonly version: number;
  /** 0-based chain index (its random stream). */
  readonly chain: number;
  readonly segment: SegmentPosition;
  /** Draws of the chain saved over all its segments (rows of its draws file). */
  readonly savedTotal: number;
  readonly state: SavedChainState;
  /** One entry per kernel of the sweep, in order: its saveState(), or null when it carries nothing. */
  readonly kernels: readonly (KernelState | null)[];
  readonly rng: StreamState;
  /** Metropolis-Hastings counters and the segment's start snapshot (summary.json's sampler block). */
  readonly acceptance?: readonly number[];
}

export function captureChainState(state: ChainState): SavedChainState {
  return {
    theta: state.theta.slice(),
    latent: state.latent.slice(),
    eta: state.eta.slice(),
    G: state.G.map((g) => g.slice()),
    R: state.R.slice(),
    alpha: state.alpha.map((a) => a.slice()),
    cutpoints: state.cutpoints.map((c) => c.slice()),
    ...(state.covuBeta.length > 0 ? { covuBeta: state.covuBeta.slice() } : {}),
    iteration: state.iteration,
    adapting: state.adapting,
  };
}

function copyInto(target: Float64Array, saved: Float64Array, what: string): void {
  if (!(saved instanceof Float64Array) || saved.length !== target.length) {
    throw new RangeError(`checkpoint: ${what} has ${saved?.length} values but the model has ${target.length}; was it made for another model?`);
  }
  target.set(saved);
}

export function restoreChainState(state: ChainState, saved: SavedChainState): void {
  copyInto(state.theta, saved.theta, "theta (location effects)");
  copyInto(state.latent, saved.latent, "the latent variables");
  copyInto(state.eta, saved.eta, "the linear predictor");
  copyInto(state.R, saved.R, "R");
  if (saved.G.length !== state.G.length || saved.alpha.length !== state.alpha.length || saved.cutpoints.length !== state.cutpoints.length) {
    throw new RangeError("checkpoint: the random terms or responses differ from the model's");
  }
  state.G.forEach((g, t) => copyInto(g, saved.G[t], `G of term ${t + 1}`));
  state.alpha.forEach((a, t) => copyInto(a, saved.alpha[t], `the expansion parameters of term ${t + 1}`));
  state.cutpoints.forEach((c, r) => copyInto(c, saved.cutpoints[r], `the cutpoints of response ${r + 1}`));
  if (state.covuBeta.length > 0) copyInto(state.covuBeta, saved.covuBeta as Float64Array, "the covu regression beta");
  state.iteration = saved.iteration;
  state.adapting = saved.adapting;
}
