// A Web Worker holding some of the chains (bundled on its own as dist-browser/mcglmm-worker.js).
// It builds the same Chain objects from the same (seed, chain) streams as the Node worker and the
// in-process executor, so chain k's draws do not depend on where it runs.

import { Chain, type ChainProgress } from "../../samplers/run/chain.js";
import { chainModel, makeChainOptions } from "../../samplers/run/executor.js";
import type { FromWorker, ToWorker, WebWorkerInit } from "./messages.js";

/** The part of a DedicatedWorkerGlobalScope this worker uses (the DOM lib types the page, not workers). */
interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: "message", listener: (event: MessageEvent<ToWorker>) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
const chains = new Map<number, Chain>();

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

function initialise(init: WebWorkerInit): void {
  try {
    for (const id of init.chainIds) {
      const onProgress = init.progress ? (progress: ChainProgress) => scope.postMessage({ type: "progress", progress }) : undefined;
      chains.set(id, new Chain(chainModel(init.model, init.job, id), init.prior, makeChainOptions(init.job, id, init.stopFlag, onProgress)));
    }
    scope.postMessage({ type: "ready" });
  } catch (err) {
    scope.postMessage({ type: "failed", chain: init.chainIds[0] ?? 0, message: describe(err) });
  }
}

scope.addEventListener("message", (event) => {
  const msg = event.data;
  if (msg.type === "init") return initialise(msg.init);
  for (const [id, chain] of chains) {
    try {
      const segment = chain.run(msg.round.iterations, msg.round.burnin, msg.round.thin, msg.round.adapting);
      scope.postMessage({ type: "segment", chain: id, segment }, segment.draws.map((d) => d.buffer as ArrayBuffer));
    } catch (err) {
      scope.postMessage({ type: "failed", chain: id, message: describe(err) });
    }
  }
});
