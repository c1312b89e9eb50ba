// Where chains run: in this thread, or spread over worker threads. Both run the same Chain class
// from the same (seed, chain) streams, so a chain's draws do not depend on the executor.

import type { Model, Response } from "../../models/types.js";
import type { Prior } from "../../priors/prior.js";
import { Chain, type ChainOptions, type ChainProgress, type ChainSegment } from "./chain.js";

export interface ChainJob {
  readonly seed: number;
  readonly keepRandom: boolean;
  /** Store the latent variables (pl). */
  readonly keepLatent?: boolean;
  readonly latent?: ChainOptions["latent"];
  /** Chain c samples the model with these responses (calibration refits: one replicated data set per chain). */
  readonly responsesByChain?: readonly (readonly Response[])[];
}

/** The model chain c samples: the job's model, with the chain's own responses if it has them. */
export function chainModel(model: Model, job: ChainJob, chain: number): Model {
  const responses = job.responsesByChain?.[chain];
  return responses ? { ...model, responses } : model;
}

export interface RoundRequest {
  readonly iterations: number;
  readonly burnin: number;
  readonly thin: number;
  readonly adapting: boolean;
}

export interface ChainExecutor {
  /** Advances every chain by one round; resolves with one segment per chain, in chain order. */
  run(round: RoundRequest): Promise<ChainSegment[]>;
  close(): Promise<void>;
}

/** A flag shared with workers: set to 1 to stop every chain at its next check. */
export function createStopFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

export function makeChainOptions(job: ChainJob, chain: number, stopFlag: Int32Array, onProgress?: (p: ChainProgress) => void): ChainOptions {
  return {
    seed: job.seed,
    chain,
    keepRandom: job.keepRandom,
    ...(job.keepLatent ? { keepLatent: true } : {}),
    ...(job.latent ? { latent: job.latent } : {}),
    ...(onProgress ? { onProgress } : {}),
    shouldStop: () => Atomics.load(stopFlag, 0) !== 0,
  };
}

export class InProcessExecutor implements ChainExecutor {
  private readonly chains: Chain[];

  constructor(model: Model, prior: Prior, job: ChainJob, nChains: number, stopFlag: Int32Array, onProgress?: (p: ChainProgress) => void) {
    this.chains = Array.from({ length: nChains }, (_, c) => new Chain(chainModel(model, job, c), prior, makeChainOptions(job, c, stopFlag, onProgress)));
  }

  async run(round: RoundRequest): Promise<ChainSegment[]> {
    return this.chains.map((chain) => chain.run(round.iterations, round.burnin, round.thin, round.adapting));
  }

  async close(): Promise<void> {}
}
