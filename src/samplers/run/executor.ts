// Where chains run: in this thread, or spread over worker threads. Both run the same Chain class
// from the same (seed, chain) streams, so a chain's draws do not depend on the executor.

import type { Model, Response } from "../../models/types.js";
import type { Prior } from "../../priors/prior.js";
import { Chain, type ChainOptions, type ChainProgress, type ChainSegment } from "./chain.js";
import type { ChainCheckpoint } from "./checkpoint.js";
import { recordLayout } from "./record.js";
import type { ChainOutput } from "../../io/chain-files.js";
import type { ChainRecorder } from "./chain.js";
import { currentPlatform } from "../../platform/platform.js";

export interface ChainJob {
  readonly seed: number;
  readonly keepRandom: boolean;
  /** Store the latent variables (pl). */
  readonly keepLatent?: boolean;
  readonly latent?: ChainOptions["latent"];
  readonly location?: ChainOptions["location"];
  /** Chain c samples the model with these responses (calibration refits: one replicated data set per chain). */
  readonly responsesByChain?: readonly (readonly Response[])[];
  /** The chains to run, by index (their random streams): position c runs chain chainIds[c]. Default 0..n-1. */
  readonly chainIds?: readonly number[];
  /** Write each chain's draws and checkpoints to its folder as they are made. */
  readonly output?: ChainOutput;
  /** Per position: the checkpoint to continue from (a resumed run), if any. */
  readonly checkpoints?: readonly (ChainCheckpoint | undefined)[];
}

/** The chain index (random stream) at position c of the job. */
export function chainIdAt(job: ChainJob, position: number): number {
  return job.chainIds?.[position] ?? position;
}

/** The platform's writer of a chain's files (the Node platform's; a browser page has none). */
function chainRecorder(output: ChainOutput, chain: number, names: readonly string[], existingRows?: number): ChainRecorder {
  const create = currentPlatform().createChainRecorder;
  if (!create) throw new Error(`chain files (${output.dir}) need a platform that writes files: run from Node`);
  return create(output, chain, names, existingRows);
}

/** The chain at `position` of the job, restored from its checkpoint when the job has one. */
export function buildJobChain(model: Model, prior: Prior, job: ChainJob, position: number, stopFlag: Int32Array, onProgress?: (p: ChainProgress) => void): Chain {
  const id = chainIdAt(job, position);
  const m = chainModel(model, job, id);
  const cp = job.checkpoints?.[position];
  const recorder = job.output ? chainRecorder(job.output, id, recordLayout(m, job.keepRandom).names, cp?.savedTotal) : undefined;
  const chain = new Chain(m, prior, {
    ...makeChainOptions(job, id, stopFlag, onProgress),
    ...(recorder ? { recorder } : {}),
    ...(job.output?.checkpointEvery ? { checkpointEvery: job.output.checkpointEvery } : {}),
    ...(job.output?.flushSeconds !== undefined ? { flushSeconds: job.output.flushSeconds } : {}),
  });
  if (cp) chain.restore(cp);
  return chain;
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

/**
 * A flag shared with workers: set to 1 to stop every chain at its next check. A web page that is
 * not cross-origin isolated has no SharedArrayBuffer: there the flag is the page's own, and the
 * Web Worker executor stops its workers instead (platform/browser).
 *
 * @example
 * ```ts
 * const stopFlag = createStopFlag();
 * process.once("SIGINT", () => Atomics.store(stopFlag, 0, 1)); // chains stop, the draws so far are kept
 * const result = await fit(spec, data, { stopFlag });
 * ```
 */
export function createStopFlag(): Int32Array {
  return new Int32Array(typeof SharedArrayBuffer === "function" ? new SharedArrayBuffer(4) : new ArrayBuffer(4));
}

export function makeChainOptions(job: ChainJob, chain: number, stopFlag: Int32Array, onProgress?: (p: ChainProgress) => void): ChainOptions {
  return {
    seed: job.seed,
    chain,
    keepRandom: job.keepRandom,
    ...(job.keepLatent ? { keepLatent: true } : {}),
    ...(job.latent ? { latent: job.latent } : {}),
    ...(job.location ? { location: job.location } : {}),
    ...(onProgress ? { onProgress } : {}),
    shouldStop: () => Atomics.load(stopFlag, 0) !== 0,
  };
}

export class InProcessExecutor implements ChainExecutor {
  private readonly chains: Chain[];

  constructor(model: Model, prior: Prior, job: ChainJob, nChains: number, stopFlag: Int32Array, onProgress?: (p: ChainProgress) => void) {
    this.chains = Array.from({ length: nChains }, (_, c) => buildJobChain(model, prior, job, c, stopFlag, onProgress));
  }

  async run(round: RoundRequest): Promise<ChainSegment[]> {
    return this.chains.map((chain) => chain.run(round.iterations, round.burnin, round.thin, round.adapting));
  }

  async close(): Promise<void> {}
}
