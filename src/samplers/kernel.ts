// A kernel updates one block of the chain state in place, reading the rest; it is built once per
// chain (allocating its scratch space then) and allocates nothing per step.

import type { Rng } from "../random/index.js";
import type { ChainState } from "./run/state.js";
import type { Tunable } from "./kernel-state.js";

/** saveState/restoreState (optional): what the kernel carries across iterations, for checkpoints. */
export interface Kernel extends Tunable {
  /** What the kernel updates, named in errors ("location effects", "R structure us(trait):units"). */
  readonly name: string;
  step(state: ChainState, rng: Rng): void;
}
