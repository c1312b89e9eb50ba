// Runs N chains (in this thread or in workers) for one or more rounds: the first round is the
// usual nitt/burnin/thin; further rounds, asked for by `continueWhile`, extend every chain by
// nitt - burnin iterations without burn-in, until it says stop or the iteration cap is reached.

import type { Model } from "../../models/types.js";
import type { Prior } from "../../priors/prior.js";
import type { ChainFailure, ChainProgress, ChainSegment, StateSums } from "./chain.js";
import type { AcceptanceStat } from "../kernel.js";
import { InProcessExecutor, createStopFlag, type ChainExecutor, type ChainJob } from "./executor.js";
import { WorkerExecutor } from "./parallel.js";
import { recordLayout, type RecordLayout } from "./record.js";
import type { LatentKernelChoice } from "../../models/types.js";

export interface RunSettings {
  readonly nitt: number;
  readonly burnin: number;
  readonly thin: number;
  readonly chains: number;
  readonly threads: number;
  readonly seed: number;
  readonly keepRandom: boolean;
  readonly latent?: LatentKernelChoice;
  /** One set of responses per chain (see ChainJob). */
  readonly responsesByChain?: ChainJob["responsesByChain"];
  /** Run in worker threads even with one thread (keeps the main thread free, e.g. for SIGINT). */
  readonly useWorkers?: boolean;
  readonly onProgress?: (p: ChainProgress) => void;
  readonly stopFlag?: Int32Array;
  /** Cap on iterations per chain over all rounds. */
  readonly maxIterations?: number;
  /** Called after each round with the draws so far; true asks for another round. */
  readonly continueWhile?: (chains: Float64Array[][], layout: RecordLayout) => boolean;
}

export interface RunResult {
  readonly layout: RecordLayout;
  /** chains[c][p]: all saved draws of parameter p in chain c. */
  readonly chains: Float64Array[][];
  readonly chainSeconds: number[];
  readonly iterations: number[];
  readonly failures: (ChainFailure & { chain: number })[];
  readonly stopped: boolean;
  readonly rounds: number;
  readonly wallSeconds: number;
  /** Deviance per saved iteration, per chain. */
  readonly deviance: Float64Array[];
  /** Sums over all saved iterations of all chains (for DIC's plug-in deviance). */
  readonly sums: StateSums | undefined;
  /** Metropolis-Hastings acceptance after burn-in, summed over chains and rounds (by kernel name). */
  readonly sampler?: readonly AcceptanceStat[];
}

export async function runChains(model: Model, prior: Prior, s: RunSettings): Promise<RunResult> {
  const start = performance.now();
  const layout = recordLayout(model, s.keepRandom);
  const stopFlag = s.stopFlag ?? createStopFlag();
  const job: ChainJob = { seed: s.seed, keepRandom: s.keepRandom, ...(s.latent ? { latent: s.latent } : {}), ...(s.responsesByChain ? { responsesByChain: s.responsesByChain } : {}) };
  const executor: ChainExecutor =
    s.threads > 1 || s.useWorkers
      ? new WorkerExecutor(model, prior, job, s.chains, s.threads, stopFlag, s.onProgress)
      : new InProcessExecutor(model, prior, job, s.chains, stopFlag, s.onProgress);
  const chains: Float64Array[][] = Array.from({ length: s.chains }, () => layout.names.map(() => new Float64Array(0)));
  const chainSeconds = new Array<number>(s.chains).fill(0);
  const iterations = new Array<number>(s.chains).fill(0);
  const failures: (ChainFailure & { chain: number })[] = [];
  const failed = new Set<number>();
  const deviance: Float64Array[] = Array.from({ length: s.chains }, () => new Float64Array(0));
  let sums: StateSums | undefined;
  const sampler = new Map<string, { accepted: number; proposed: number }>();
  let stopped = false;
  let rounds = 0;
  try {
    let round = { iterations: s.nitt, burnin: s.burnin, thin: s.thin, adapting: true };
    for (;;) {
      const segments = await executor.run(round);
      rounds++;
      segments.forEach((seg, c) => absorb(seg, c));
      stopped = segments.some((seg) => seg.stopped && !seg.failure) || Atomics.load(stopFlag, 0) !== 0;
      const extra = s.nitt - s.burnin;
      const cap = s.maxIterations ?? s.nitt;
      const canContinue = !stopped && failed.size === 0 && extra > 0 && iterations[0] + extra <= cap;
      if (!canContinue || !s.continueWhile || !s.continueWhile(chains, layout)) break;
      round = { iterations: extra, burnin: 0, thin: s.thin, adapting: false };
    }
  } finally {
    await executor.close();
  }
  return { layout, chains, chainSeconds, iterations, failures, stopped, rounds, wallSeconds: (performance.now() - start) / 1000, deviance, sums, sampler: [...sampler].map(([kernel, s]) => ({ kernel, ...s })) };

  function absorb(seg: ChainSegment, c: number): void {
    for (const s of seg.sampler ?? []) {
      const total = sampler.get(s.kernel) ?? { accepted: 0, proposed: 0 };
      sampler.set(s.kernel, { accepted: total.accepted + s.accepted, proposed: total.proposed + s.proposed });
    }
    if (seg.failure && !failed.has(c)) {
      failed.add(c);
      failures.push({ ...seg.failure, chain: c });
    }
    chainSeconds[c] += seg.seconds;
    iterations[c] += seg.iterations;
    if (seg.saved > 0) {
      const d = new Float64Array(deviance[c].length + seg.saved);
      d.set(deviance[c]);
      d.set(seg.deviance.subarray(0, seg.saved), deviance[c].length);
      deviance[c] = d;
      sums = sums ? addSums(sums, seg.sums) : seg.sums;
    }
    if (seg.draws.length === layout.names.length && seg.saved > 0) {
      chains[c] = chains[c].map((d, p) => {
        const out = new Float64Array(d.length + seg.saved);
        out.set(d);
        out.set(seg.draws[p].subarray(0, seg.saved), d.length);
        return out;
      });
    }
  }
}

function addSums(a: StateSums, b: StateSums): StateSums {
  const add = (x: Float64Array, y: Float64Array) => x.map((v, i) => v + y[i]);
  return { count: a.count + b.count, latent: add(a.latent, b.latent), eta: add(a.eta, b.eta), R: add(a.R, b.R), cutpoints: a.cutpoints.map((c, r) => add(c, b.cutpoints[r])) };
}
