// The Node platform: cores from node:os, chains in worker_threads (samplers/run/parallel.ts).

import { availableParallelism } from "node:os";
import { WorkerExecutor } from "../../samplers/run/parallel.js";
import type { Platform } from "../platform.js";
import { createChainRecorder } from "../../io/chain-files.js";

export const nodePlatform: Platform = {
  name: "node",
  availableParallelism: () => availableParallelism(),
  createParallelExecutor: (r) => new WorkerExecutor(r.model, r.prior, r.job, r.chains, r.threads, r.stopFlag, r.onProgress),
  createChainRecorder,
};
