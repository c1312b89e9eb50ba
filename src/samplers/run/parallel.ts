// Chains spread over worker_threads: chain c runs on worker c mod T. A worker that crashes is
// reported with its chains and error; the other chains' draws are kept.

import { Worker } from "node:worker_threads";
import type { Model } from "../../models/types.js";
import type { Prior } from "../../priors/prior.js";
import type { ChainProgress, ChainSegment } from "./chain.js";
import type { ChainExecutor, ChainJob, RoundRequest } from "./executor.js";
import type { WorkerInit } from "./worker.js";

interface WorkerHandle {
  readonly worker: Worker;
  readonly chainIds: number[];
  dead?: string;
  ready: Promise<void>;
}

/** Source runs (tests, tsx) load the .ts worker through a tsx bootstrap; builds load worker.js. */
function workerEntry(): { url: URL; extra: Record<string, unknown> } {
  const here = import.meta.url;
  if (here.endsWith(".ts")) return { url: new URL("./worker-bootstrap.mjs", here), extra: { tsEntry: new URL("./worker.ts", here).href } };
  return { url: new URL("./worker.js", here), extra: {} };
}

export class WorkerExecutor implements ChainExecutor {
  private readonly handles: WorkerHandle[];
  private readonly nChains: number;

  constructor(model: Model, prior: Prior, job: ChainJob, nChains: number, threads: number, stopFlag: Int32Array, private readonly onProgress?: (p: ChainProgress) => void) {
    this.nChains = nChains;
    const entry = workerEntry();
    const T = Math.max(1, Math.min(threads, nChains));
    this.handles = Array.from({ length: T }, (_, w) => {
      const chainIds = Array.from({ length: nChains }, (_, c) => c).filter((c) => c % T === w);
      const init: WorkerInit = { model, prior, job, chainIds, stopFlag, progress: onProgress !== undefined };
      // A larger young generation than workers get by default: the sampler churns short-lived
      // boxed doubles, and frequent scavenges made a worker ~1.6x slower than the main thread.
      const worker = new Worker(entry.url, { workerData: { ...init, ...entry.extra }, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
      const handle: WorkerHandle = { worker, chainIds, ready: Promise.resolve() };
      handle.ready = new Promise<void>((resolve) => {
        const onMessage = (msg: { type: string; message?: string }) => {
          if (msg.type === "ready") { worker.off("message", onMessage); resolve(); }
          if (msg.type === "failed") { handle.dead = msg.message ?? "worker failed"; worker.off("message", onMessage); resolve(); }
        };
        worker.on("message", onMessage);
        worker.once("error", (err) => { handle.dead = `${err.name}: ${err.message}`; resolve(); });
        worker.once("exit", (code) => { if (!handle.dead) handle.dead = `worker exited with code ${code}`; resolve(); });
      });
      return handle;
    });
  }

  async run(round: RoundRequest): Promise<ChainSegment[]> {
    const results: ChainSegment[] = new Array(this.nChains);
    await Promise.all(this.handles.map(async (h) => {
      await h.ready;
      const pending = new Set(h.chainIds);
      if (!h.dead) {
        await new Promise<void>((resolve) => {
          const finish = () => { h.worker.off("message", onMessage); resolve(); };
          const onMessage = (msg: { type: string; chain?: number; segment?: ChainSegment; progress?: ChainProgress; message?: string }) => {
            if (msg.type === "progress" && msg.progress) this.onProgress?.(msg.progress);
            else if (msg.type === "segment" && msg.chain !== undefined && msg.segment) { results[msg.chain] = msg.segment; pending.delete(msg.chain); }
            else if (msg.type === "failed" && msg.chain !== undefined) { results[msg.chain] = crashed(msg.message ?? "worker failed", 0); pending.delete(msg.chain); }
            if (pending.size === 0) finish();
          };
          h.worker.on("message", onMessage);
          h.worker.once("error", (err) => { h.dead = `${err.name}: ${err.message}`; finish(); });
          h.worker.once("exit", (code) => { if (!h.dead) h.dead = `worker exited with code ${code}`; finish(); });
          h.worker.postMessage({ type: "run", round });
        });
      }
      for (const c of pending) results[c] = crashed(h.dead ?? "worker stopped", 0);
    }));
    return results;
  }

  async close(): Promise<void> {
    await Promise.all(this.handles.map((h) => h.worker.terminate()));
  }
}

function crashed(message: string, iteration: number): ChainSegment {
  const sums = { count: 0, latent: new Float64Array(0), eta: new Float64Array(0), R: new Float64Array(0), cutpoints: [] };
  return { draws: [], saved: 0, iterations: 0, seconds: 0, stopped: true, deviance: new Float64Array(0), sums, failure: { message, iteration, component: "worker" } };
}
