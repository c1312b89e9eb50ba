// A kernel updates one block of the chain state in place, reading the rest; it is built once per
// chain (allocating its scratch space then) and allocates nothing per step. A Metropolis-Hastings
// kernel counts its proposals and acceptances in place (`metropolis`); the chain reads the counts
// once per segment (acceptanceTracker) for summary.json's `sampler` block.

import type { Rng } from "../random/index.js";
import type { ChainState } from "./run/state.js";
import type { Tunable } from "./kernel-state.js";

/** Proposals and acceptances of one Metropolis-Hastings update, counted in place by its steps. */
export interface AcceptanceCounts {
  readonly accepted: number;
  readonly proposed: number;
}

export interface MetropolisCounter {
  /** Names the update in summary.json's sampler block ("cutpoints of y", "latent variables of y"). */
  readonly name: string;
  readonly counts: AcceptanceCounts;
}

/** saveState/restoreState (optional): what the kernel carries across iterations, for checkpoints. */
export interface Kernel extends Tunable {
  /** What the kernel updates, named in errors ("location effects", "R structure us(trait):units"). */
  readonly name: string;
  step(state: ChainState, rng: Rng): void;
  /** The kernel's Metropolis-Hastings updates (none for Gibbs kernels). */
  readonly metropolis?: readonly MetropolisCounter[];
}

/** Acceptance over a stretch of a chain: proposals and acceptances of each counter. */
export interface AcceptanceStat {
  readonly kernel: string;
  readonly accepted: number;
  readonly proposed: number;
}

/**
 * Counts of a sweep's Metropolis-Hastings updates since `start()`: snapshots taken once per
 * segment, so nothing is allocated per iteration. A kernel listed several times counts once.
 */
export function acceptanceTracker(kernels: readonly Kernel[]): {
  start(): void;
  since(): AcceptanceStat[];
  /** The counts since start() (checkpoints), and putting them back on a rebuilt sweep. */
  save(): number[];
  restore(saved: readonly number[]): void;
} {
  const counters = [...new Set(kernels)].flatMap((k) => k.metropolis ?? []);
  const accepted0 = new Float64Array(counters.length);
  const proposed0 = new Float64Array(counters.length);
  return {
    start() {
      counters.forEach((c, i) => {
        accepted0[i] = c.counts.accepted;
        proposed0[i] = c.counts.proposed;
      });
    },
    since() {
      return counters.map((c, i) => ({ kernel: c.name, accepted: c.counts.accepted - accepted0[i], proposed: c.counts.proposed - proposed0[i] }));
    },
    // what since() would give now; restoring sets the snapshot so that since() continues from
    // it (the kernels' own counters are not written: some are read-only views)
    save() {
      return counters.flatMap((c, i) => [c.counts.accepted - accepted0[i], c.counts.proposed - proposed0[i]]);
    },
    restore(saved) {
      if (saved.length !== 2 * counters.length) throw new RangeError("checkpoint: the acceptance counters do not match the sweep");
      counters.forEach((c, i) => {
        accepted0[i] = c.counts.accepted - saved[2 * i];
        proposed0[i] = c.counts.proposed - saved[2 * i + 1];
      });
    },
  };
}
