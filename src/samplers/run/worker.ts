// A worker thread holding some of the chains. Messages in: init (model, prior, job, chain ids,
// stop flag), run (one round). Messages out: progress, segment (one per chain per round), failed.

import { parentPort, workerData } from "node:worker_threads";
// a worker is a Node thread: chains that write their own files need the Node platform here too
import "../../platform/node/install.js";
import { Chain } from "./chain.js";
import { buildJobChain, type ChainJob, type RoundRequest } from "./executor.js";
import type { Model } from "../../models/types.js";
import type { Prior } from "../../priors/prior.js";

export interface WorkerInit {
  readonly model: Model;
  readonly prior: Prior;
  readonly job: ChainJob;
  /** Positions in the job (see ChainJob.chainIds) of the chains this worker holds. */
  readonly chainIds: readonly number[];
  readonly stopFlag: Int32Array;
  readonly progress: boolean;
}

const port = parentPort;
if (!port) throw new Error("worker.ts must run in a worker thread");

const init = workerData as WorkerInit;
const chains = new Map<number, Chain>();
try {
  for (const id of init.chainIds) {
    const onProgress = init.progress ? (p: unknown) => port.postMessage({ type: "progress", progress: p }) : undefined;
    chains.set(id, buildJobChain(init.model, init.prior, init.job, id, init.stopFlag, onProgress));
  }
  port.postMessage({ type: "ready" });
} catch (err) {
  port.postMessage({ type: "failed", chain: init.chainIds[0], message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
}

// Fault injection for the crash-handling test: MCGLMM_TEST_CRASH_CHAIN=c makes the worker holding
// chain c die with an uncaught exception when asked to run.
const crashChain = process.env.MCGLMM_TEST_CRASH_CHAIN;

port.on("message", (msg: { type: "run"; round: RoundRequest }) => {
  if (msg.type !== "run") return;
  if (crashChain !== undefined && chains.has(Number(crashChain))) throw new Error(`injected crash of the worker holding chain ${crashChain}`);
  for (const [id, chain] of chains) {
    try {
      const segment = chain.run(msg.round.iterations, msg.round.burnin, msg.round.thin, msg.round.adapting);
      port.postMessage({ type: "segment", chain: id, segment }, segment.draws.map((d) => d.buffer as ArrayBuffer));
    } catch (err) {
      port.postMessage({ type: "failed", chain: id, message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
    }
  }
});
