// Runs N chains (in this thread or in workers) for one or more rounds: the first round is the
// usual nitt/burnin/thin; further rounds, asked for by `continueWhile`, extend every chain by
// nitt - burnin iterations without burn-in, until it says stop or the iteration cap is reached.

import type { Model } from "../../models/types.js";
import type { Prior } from "../../priors/prior.js";
import type { ChainFailure, ChainProgress, ChainSegment, StateSums } from "./chain.js";
import type { AcceptanceStat } from "../kernel.js";
import { InProcessExecutor, chainIdAt, createStopFlag, type ChainExecutor, type ChainJob } from "./executor.js";
import type { ChainCheckpoint } from "./checkpoint.js";
import type { ChainOutput } from "../../io/chain-files.js";
import { recordLayout, type RecordLayout } from "./record.js";
import type { LatentKernelChoice } from "../../models/types.js";
import { currentPlatform } from "../../platform/platform.js";

export interface RunSettings {
  readonly nitt: number;
  readonly burnin: number;
  readonly thin: number;
  readonly chains: number;
  readonly threads: number;
  readonly seed: number;
  readonly keepRandom: boolean;
  /** Store the latent variables (pl). */
  readonly keepLatent?: boolean;
  readonly latent?: LatentKernelChoice;
  readonly location?: ChainJob["location"];
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
  /** Run only these chains (indices of their random streams) of the `chains` the run describes. */
  readonly chainIds?: readonly number[];
  /** Write each chain's draws (and checkpoints) to DIR/chain-K/ as they are made. */
  readonly output?: ChainOutput;
  /** Continue an interrupted run: per chain (position), its checkpoint and what it had saved before. */
  readonly resume?: readonly (ResumedChain | undefined)[];
}

/** A chain continued from its checkpoint, with the draws its files held up to it. */
export interface ResumedChain {
  readonly checkpoint: ChainCheckpoint;
  /** One array per parameter (layout order). */
  readonly draws: Float64Array[];
  readonly deviance: Float64Array;
}

export interface RunResult {
  readonly layout: RecordLayout;
  /** chains[c][p]: all saved draws of parameter p in chain c. */
  readonly chains: Float64Array[][];
  readonly chainSeconds: number[];
  readonly iterations: number[];
  /** Failures by chain index (the chain's random stream, as in chainIds). */
  readonly failures: (ChainFailure & { chain: number })[];
  /** The chain index of each position (0..chains-1 unless chainIds was given). */
  readonly chainIds: readonly number[];
  /** Each chain's own DIC sums (undefined before its first saved draw). */
  readonly chainSums: (StateSums | undefined)[];
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
  const layout = recordLayout(model, s.keepRandom, s.keepLatent ?? false);
  const stopFlag = s.stopFlag ?? createStopFlag();
  const job: ChainJob = {
    seed: s.seed,
    keepRandom: s.keepRandom,
    ...(s.latent ? { latent: s.latent } : {}),
    ...(s.location ? { location: s.location } : {}),
    ...(s.responsesByChain ? { responsesByChain: s.responsesByChain } : {}),
    ...(s.keepLatent ? { keepLatent: true } : {}),
    ...(s.chainIds ? { chainIds: s.chainIds } : {}),
    ...(s.output ? { output: s.output } : {}),
    ...(s.resume ? { checkpoints: s.resume.map((r) => r?.checkpoint) } : {}),
  };
  const n = s.chainIds?.length ?? s.chains;
  const ids = Array.from({ length: n }, (_, c) => chainIdAt(job, c));
  const executor: ChainExecutor =
    s.threads > 1 || s.useWorkers
      ? currentPlatform().createParallelExecutor({ model, prior, job, chains: n, threads: s.threads, stopFlag, onProgress: s.onProgress })
      : new InProcessExecutor(model, prior, job, n, stopFlag, s.onProgress);
  const chains: Float64Array[][] = Array.from({ length: n }, (_, c) => s.resume?.[c]?.draws ?? layout.names.map(() => new Float64Array(0)));
  const chainSeconds = Array.from({ length: n }, (_, c) => s.resume?.[c]?.checkpoint.segment.seconds ?? 0);
  const iterations = Array.from({ length: n }, (_, c) => s.resume?.[c]?.checkpoint.segment.done ?? 0);
  const failures: (ChainFailure & { chain: number })[] = [];
  const failed = new Set<number>();
  const deviance: Float64Array[] = Array.from({ length: n }, (_, c) => s.resume?.[c]?.deviance ?? new Float64Array(0));
  const chainSums: (StateSums | undefined)[] = new Array(n).fill(undefined);
  let sums: StateSums | undefined;
  const sampler = new Map<string, { accepted: number; proposed: number }>();
  let stopped = false;
  let rounds = 0;
  if (s.resume && s.resume.some((r) => r && r.checkpoint.segment.index !== 0)) {
    throw new RangeError("resume: only the first round of a run can be resumed (runs with --target-ess continue in rounds)");
  }
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
  return { layout, chains, chainSeconds, iterations, failures, chainIds: ids, chainSums, stopped, rounds, wallSeconds: (performance.now() - start) / 1000, deviance, sums, sampler: [...sampler].map(([kernel, s]) => ({ kernel, ...s })) };

  function absorb(seg: ChainSegment, c: number): void {
    for (const s of seg.sampler ?? []) {
      const total = sampler.get(s.kernel) ?? { accepted: 0, proposed: 0 };
      sampler.set(s.kernel, { accepted: total.accepted + s.accepted, proposed: total.proposed + s.proposed });
    }
    if (seg.failure && !failed.has(c)) {
      failed.add(c);
      failures.push({ ...seg.failure, chain: ids[c] });
    }
    // a resumed segment's seconds include those before its checkpoint
    if (rounds === 1 && s.resume?.[c]) chainSeconds[c] = seg.seconds;
    else chainSeconds[c] += seg.seconds;
    iterations[c] += seg.iterations;
    // a resumed segment's sums cover the whole segment (restored with the checkpoint)
    if (seg.sums.count > 0) {
      sums = sums ? addSums(sums, seg.sums) : seg.sums;
      chainSums[c] = chainSums[c] ? addSums(chainSums[c]!, seg.sums) : seg.sums;
    }
    if (seg.saved > 0) {
      const d = new Float64Array(deviance[c].length + seg.saved);
      d.set(deviance[c]);
      d.set(seg.deviance.subarray(0, seg.saved), deviance[c].length);
      deviance[c] = d;
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

/** a + b, elementwise (chains are added in chain order, so a run's sums do not depend on threads). */
export function addSums(a: StateSums, b: StateSums): StateSums {
  const add = (x: Float64Array, y: Float64Array) => x.map((v, i) => v + y[i]);
  return { count: a.count + b.count, latent: add(a.latent, b.latent), eta: add(a.eta, b.eta), R: add(a.R, b.R), cutpoints: a.cutpoints.map((c, r) => add(c, b.cutpoints[r])) };
}
