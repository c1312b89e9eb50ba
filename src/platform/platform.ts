// Where the sampler runs. The portable core (models, samplers, posterior, report) never imports
// a Node-only or browser-only module: it asks the installed Platform for the number of cores and
// for an executor that runs chains in parallel threads. The entry points install one: the Node
// entry (src/index.ts, the CLI) installs worker_threads (platform/node), the browser entry
// (src/browser.ts) installs Web Workers (platform/browser).

import type { Model } from "../models/types.js";
import type { Prior } from "../priors/prior.js";
import type { ChainProgress } from "../samplers/run/chain.js";
import type { ChainExecutor, ChainJob } from "../samplers/run/executor.js";
import type { ChainOutput } from "../io/chain-files.js";
import type { ChainRecorder } from "../samplers/run/chain.js";

/** What a parallel executor is built from: the same inputs as the in-process one, plus threads. */
export interface ParallelExecutorRequest {
  readonly model: Model;
  readonly prior: Prior;
  readonly job: ChainJob;
  readonly chains: number;
  readonly threads: number;
  readonly stopFlag: Int32Array;
  readonly onProgress?: ((p: ChainProgress) => void) | undefined;
}

export interface Platform {
  readonly name: string;
  /** Logical cores this process (or page) may use: the default number of threads. */
  availableParallelism(): number;
  /** Runs chain c on thread c mod threads; chain c's draws equal the in-process executor's. */
  createParallelExecutor(request: ParallelExecutorRequest): ChainExecutor;
  /** Writes a chain's draws, deviance and checkpoints to files as they are made (undefined: no files here). */
  readonly createChainRecorder?: (output: ChainOutput, chain: number, names: readonly string[], existingRows?: number) => ChainRecorder;
}

/** Before an entry point installs a platform: one core, and parallel chains are an error (not a silent fallback). */
const portable: Platform = {
  name: "portable",
  availableParallelism: () => 1,
  createParallelExecutor: () => {
    throw new Error(
      "parallel chains need a platform: import mcglmm's Node entry (src/index.ts) or browser entry (src/browser.ts), or call usePlatform()",
    );
  },
};

let current: Platform = portable;

/**
 * Installs the platform the sampler runs on (the entry points call this once).
 *
 * @example
 * ```ts
 * usePlatform(browserPlatform()); // what src/browser.ts does: chains in Web Workers
 * ```
 */
export function usePlatform(platform: Platform): void {
  current = platform;
}

/**
 * The platform the sampler runs on now.
 *
 * @example
 * ```ts
 * currentPlatform().availableParallelism(); // the default number of threads
 * ```
 */
export function currentPlatform(): Platform {
  return current;
}
