// The messages between the page and a Web Worker holding some of the chains (the same protocol
// as the Node worker, samplers/run/worker.ts, with init as a message: Web Workers have no workerData).

import type { Model } from "../../models/types.js";
import type { Prior } from "../../priors/prior.js";
import type { ChainProgress, ChainSegment } from "../../samplers/run/chain.js";
import type { ChainJob, RoundRequest } from "../../samplers/run/executor.js";

export interface WebWorkerInit {
  readonly model: Model;
  readonly prior: Prior;
  readonly job: ChainJob;
  readonly chainIds: readonly number[];
  /** Shared with the page when it is cross-origin isolated; otherwise a copy (stops then terminate the worker). */
  readonly stopFlag: Int32Array;
  readonly progress: boolean;
}

export type ToWorker = { readonly type: "init"; readonly init: WebWorkerInit } | { readonly type: "run"; readonly round: RoundRequest };

export type FromWorker =
  | { readonly type: "ready" }
  | { readonly type: "progress"; readonly progress: ChainProgress }
  | { readonly type: "segment"; readonly chain: number; readonly segment: ChainSegment }
  | { readonly type: "failed"; readonly chain: number; readonly message: string };
