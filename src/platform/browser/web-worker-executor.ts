// Chains spread over Web Workers: chain c runs on worker c mod T, as in Node's worker_threads
// executor (samplers/run/parallel.ts). A worker that fails is reported with its chains and error;
// the other chains' draws are kept.

import type { ChainProgress, ChainSegment } from "../../samplers/run/chain.js";
import type { ChainExecutor, RoundRequest } from "../../samplers/run/executor.js";
import type { ParallelExecutorRequest } from "../platform.js";
import type { FromWorker, ToWorker, WebWorkerInit } from "./messages.js";

interface WorkerHandle {
  readonly worker: Worker;
  readonly chainIds: number[];
  dead?: string;
  ready: Promise<void>;
  /** Ends the round in progress on this worker (set while one runs). */
  abort?: () => void;
}

/** How often a page without SharedArrayBuffer checks its stop flag (it cannot share it with workers). */
const STOP_POLL_MS = 100;

export class WebWorkerExecutor implements ChainExecutor {
  private readonly handles: WorkerHandle[];
  private readonly nChains: number;
  private readonly stopFlag: Int32Array;
  private readonly onProgress: ((p: ChainProgress) => void) | undefined;
  private readonly flagShared: boolean;

  constructor(request: ParallelExecutorRequest, workerUrl: URL | string) {
    const { model, prior, job, chains, threads, stopFlag, onProgress } = request;
    this.nChains = chains;
    this.stopFlag = stopFlag;
    this.onProgress = onProgress;
    this.flagShared = typeof SharedArrayBuffer === "function" && stopFlag.buffer instanceof SharedArrayBuffer;
    const T = Math.max(1, Math.min(threads, chains));
    this.handles = Array.from({ length: T }, (_, w) => {
      const chainIds = Array.from({ length: chains }, (_, c) => c).filter((c) => c % T === w);
      const worker = new Worker(workerUrl, { type: "module", name: `mcglmm chains ${chainIds.join(",")}` });
      const handle: WorkerHandle = { worker, chainIds, ready: Promise.resolve() };
      handle.ready = new Promise<void>((resolve) => {
        const onMessage = (event: MessageEvent<FromWorker>) => {
          const msg = event.data;
          if (msg.type === "ready") done();
          else if (msg.type === "failed") { handle.dead = msg.message; done(); }
        };
        const onError = (event: ErrorEvent) => { handle.dead = errorText(event); done(); };
        const done = () => { worker.removeEventListener("message", onMessage); worker.removeEventListener("error", onError); resolve(); };
        worker.addEventListener("message", onMessage);
        worker.addEventListener("error", onError);
      });
      const init: WebWorkerInit = { model, prior, job, chainIds, stopFlag, progress: onProgress !== undefined };
      post(worker, { type: "init", init });
      return handle;
    });
  }

  async run(round: RoundRequest): Promise<ChainSegment[]> {
    const results: ChainSegment[] = new Array(this.nChains);
    const poll = this.flagShared ? undefined : setInterval(() => this.stopIfAsked(), STOP_POLL_MS);
    try {
      await Promise.all(this.handles.map((h) => this.runOn(h, round, results)));
    } finally {
      if (poll !== undefined) clearInterval(poll);
    }
    return results;
  }

  private async runOn(h: WorkerHandle, round: RoundRequest, results: ChainSegment[]): Promise<void> {
    await h.ready;
    const pending = new Set(h.chainIds);
    if (!h.dead) {
      await new Promise<void>((resolve) => {
        const onMessage = (event: MessageEvent<FromWorker>) => {
          const msg = event.data;
          if (msg.type === "progress") this.onProgress?.(msg.progress);
          else if (msg.type === "segment") { results[msg.chain] = msg.segment; pending.delete(msg.chain); }
          else if (msg.type === "failed") { results[msg.chain] = crashed(msg.message); pending.delete(msg.chain); }
          if (pending.size === 0) finish();
        };
        const onError = (event: ErrorEvent) => { h.dead = errorText(event); finish(); };
        const finish = () => {
          h.worker.removeEventListener("message", onMessage);
          h.worker.removeEventListener("error", onError);
          delete h.abort;
          resolve();
        };
        h.abort = finish;
        h.worker.addEventListener("message", onMessage);
        h.worker.addEventListener("error", onError);
        post(h.worker, { type: "run", round });
      });
    }
    for (const c of pending) results[c] = h.dead === STOPPED ? stoppedEmpty() : crashed(h.dead ?? "worker stopped");
  }

  /** Without a shared flag the workers cannot see a stop: end them; this round's draws are lost. */
  private stopIfAsked(): void {
    if (Atomics.load(this.stopFlag, 0) === 0) return;
    for (const h of this.handles) {
      if (h.dead) continue;
      h.dead = STOPPED;
      h.worker.terminate();
      h.abort?.();
    }
  }

  async close(): Promise<void> {
    for (const h of this.handles) h.worker.terminate();
  }
}

const STOPPED = "stopped";

function post(worker: Worker, message: ToWorker): void {
  worker.postMessage(message);
}

function errorText(event: ErrorEvent): string {
  // a script that fails to load gives an ErrorEvent without a message
  return event.message ? event.message : `the chain worker failed to load or run (${event.filename || "no file"})`;
}

function emptySums() {
  return { count: 0, latent: new Float64Array(0), eta: new Float64Array(0), R: new Float64Array(0), cutpoints: [] };
}

function crashed(message: string): ChainSegment {
  return { draws: [], saved: 0, iterations: 0, seconds: 0, stopped: true, deviance: new Float64Array(0), sums: emptySums(), failure: { message, iteration: 0, component: "worker" } };
}

function stoppedEmpty(): ChainSegment {
  return { draws: [], saved: 0, iterations: 0, seconds: 0, stopped: true, deviance: new Float64Array(0), sums: emptySums() };
}
