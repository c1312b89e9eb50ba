// One chain: the only loop over iterations. It applies the sweep, burn-in and thinning, writes
// saved iterations through the record layout, reports progress, and turns a failure inside a
// kernel into an error value that names the iteration and the component, keeping the draws so far.

import { McglmmError, NumericalError } from "../../errors.js";
import type { Model } from "../../models/types.js";
import type { Prior } from "../../priors/prior.js";
import { createStream, restoreStream, streamState, type Stream } from "../../random/stream.js";
import { CHECKPOINT_VERSION, captureChainState, restoreChainState, type ChainCheckpoint, type SegmentPosition } from "./checkpoint.js";
import { initialiseState } from "./init.js";
import { applyStart } from "../start.js";
import { acceptanceTracker, type AcceptanceStat, type Kernel } from "../kernel.js";
import { recordLayout, recordState, type RecordLayout } from "./record.js";
import { allocateState, type ChainState } from "./state.js";
import { buildSweep, type SweepOptions } from "../sweep.js";
import { createDevianceWorkspace, logLikelihood, type DevianceWorkspace } from "../../models/deviance.js";

export interface ChainFailure {
  readonly message: string;
  readonly iteration: number;
  readonly component: string;
}

export interface ChainProgress {
  readonly chain: number;
  readonly iteration: number;
  readonly total: number;
  readonly elapsedSeconds: number;
  /** Iterations per second so far. */
  readonly rate: number;
}

export interface ChainOptions extends SweepOptions {
  readonly seed: number;
  readonly chain: number;
  readonly keepRandom?: boolean;
  /** Store the latent variables (pl). */
  readonly keepLatent?: boolean;
  readonly onProgress?: (p: ChainProgress) => void;
  /** Polled between iterations; true stops the chain cleanly (draws so far are kept). */
  readonly shouldStop?: () => boolean;
  /** Where saved draws and checkpoints go as they are made (the chain's files). */
  readonly recorder?: ChainRecorder;
  /** Checkpoint every this many iterations (needs a recorder). */
  readonly checkpointEvery?: number;
  /** Seconds between hand-overs of saved draws to the recorder (default 3). */
  readonly flushSeconds?: number;
}

export interface ChainSegment {
  /** One array per parameter (layout.names), length `saved`. */
  readonly draws: Float64Array[];
  readonly saved: number;
  /** Iterations actually run in this segment (fewer than asked when stopped or failed; after a restore, those after the checkpoint). */
  readonly iterations: number;
  readonly seconds: number;
  readonly failure?: ChainFailure;
  readonly stopped: boolean;
  /** Deviance (-2 log-likelihood at the latent level) of each saved iteration. */
  readonly deviance: Float64Array;
  /** Sums over the saved iterations of what DIC's plug-in deviance needs. */
  readonly sums: StateSums;
  /** Metropolis-Hastings acceptance over this segment's post-burn-in iterations. */
  readonly sampler?: readonly AcceptanceStat[];
}

/** Running sums of latent variables, linear predictor, R and cutpoints over saved iterations. */
export interface StateSums {
  count: number;
  readonly latent: Float64Array;
  readonly eta: Float64Array;
  readonly R: Float64Array;
  readonly cutpoints: Float64Array[];
}

function emptySums(state: ChainState): StateSums {
  return {
    count: 0,
    latent: new Float64Array(state.latent.length),
    eta: new Float64Array(state.eta.length),
    R: new Float64Array(state.R.length),
    cutpoints: state.cutpoints.map((c) => new Float64Array(c.length)),
  };
}

function accumulate(sums: StateSums, state: ChainState): void {
  sums.count++;
  // arrays in locals and one loop per array: this runs every saved iteration (thin 1: every one)
  addInto(sums.latent, state.latent);
  addInto(sums.eta, state.eta);
  addInto(sums.R, state.R);
  for (let r = 0; r < sums.cutpoints.length; r++) addInto(sums.cutpoints[r], state.cutpoints[r]);
}

function addInto(sum: Float64Array, x: Float64Array): void {
  const n = sum.length;
  for (let i = 0; i < n; i++) sum[i] += x[i];
}

/**
 * Where a chain's saved draws go as they are made (the chain's files), and its checkpoints. The
 * chain hands over draws in batches (every few seconds, at checkpoints and at the end of a
 * segment), never per iteration, so the inner loop stays free of I/O and allocation.
 */
export interface ChainRecorder {
  /** Appends the segment's saved iterations [from, to) (one array per parameter) and their deviance. */
  append(draws: readonly Float64Array[], deviance: Float64Array, from: number, to: number): void;
  /** Stores a checkpoint; everything saved before it has been appended. */
  checkpoint(cp: ChainCheckpoint): void;
}

/** Milliseconds between progress reports. */
const PROGRESS_MS = 250;

/** A chain that can be advanced in rounds (for runs that continue until converged). */
export class Chain {
  readonly layout: RecordLayout;
  private readonly state: ChainState;
  private rng: Stream;
  private readonly kernels: Kernel[];
  private readonly acceptance: ReturnType<typeof acceptanceTracker>;
  private failed = false;
  private readonly devianceWorkspace: DevianceWorkspace;
  /** Segments run so far (the next segment's index). */
  private segments = 0;
  /** Draws saved in earlier segments. */
  private savedBefore = 0;
  /** Set by restore(): where the next run() picks up its segment. */
  private resumeAt: SegmentPosition | undefined;

  constructor(private readonly model: Model, prior: Prior, private readonly options: ChainOptions) {
    this.layout = recordLayout(model, options.keepRandom ?? false, options.keepLatent ?? false);
    this.state = allocateState(model);
    this.rng = createStream(options.seed, options.chain);
    initialiseState(model, prior, this.state, this.rng);
    applyStart(model, prior, this.state); // the spec's `start`, if any
    this.kernels = buildSweep(model, prior, options);
    this.acceptance = acceptanceTracker(this.kernels);
    this.devianceWorkspace = createDevianceWorkspace(model);
  }
  /** The sweep's kernels, in the order one iteration runs them (sweep.ts). */
  kernelNames(): string[] {
    return this.kernels.map((k) => k.name);
  }


  get iteration(): number {
    return this.state.iteration;
  }

  /** Everything that decides the chain's future draws, at the current point of `segment`. */
  checkpoint(segment: SegmentPosition): ChainCheckpoint {
    return {
      version: CHECKPOINT_VERSION,
      chain: this.options.chain,
      segment,
      savedTotal: this.savedBefore + segment.saved,
      state: captureChainState(this.state),
      kernels: this.kernels.map((k) => k.saveState?.() ?? null),
      rng: streamState(this.rng),
      acceptance: this.acceptance.save(),
    };
  }

  /** Puts the chain where `cp` was taken; the next run() (with the same segment) continues it. */
  restore(cp: ChainCheckpoint): void {
    if (cp.version !== CHECKPOINT_VERSION) throw new RangeError(`checkpoint version ${cp.version} is not ${CHECKPOINT_VERSION}`);
    if (cp.chain !== this.options.chain) throw new RangeError(`checkpoint of chain ${cp.chain + 1} given to chain ${this.options.chain + 1}`);
    if (cp.kernels.length !== this.kernels.length) throw new RangeError(`checkpoint has ${cp.kernels.length} kernels but the sweep has ${this.kernels.length}; was it made for another model or version?`);
    restoreChainState(this.state, cp.state);
    this.kernels.forEach((kernel, i) => {
      const saved = cp.kernels[i];
      if ((saved === null) !== (kernel.restoreState === undefined)) throw new RangeError(`checkpoint: kernel ${kernel.name} does not match`);
      if (saved !== null) kernel.restoreState?.(saved);
    });
    this.rng = restoreStream(cp.rng);
    this.segments = cp.segment.index;
    this.savedBefore = cp.savedTotal - cp.segment.saved;
    this.resumeAt = cp.segment;
    if (cp.acceptance) this.acceptance.restore(cp.acceptance);
  }

  /**
   * Runs `iterations` more iterations, saving every `thin`-th one after the first `burnin` of
   * this segment. Adaptive kernels tune only while `adapting` is true. After restore(), the
   * segment continues from the checkpoint and only the draws made after it are returned.
   */
  run(iterations: number, burnin: number, thin: number, adapting: boolean): ChainSegment {
    const resume = this.resumeAt;
    this.resumeAt = undefined;
    if (resume && (resume.iterations !== iterations || resume.burnin !== burnin || resume.thin !== thin || resume.adapting !== adapting)) {
      throw new RangeError(`checkpoint: segment ${resume.iterations}/${resume.burnin}/${resume.thin} resumed as ${iterations}/${burnin}/${thin}`);
    }
    const nSave = Math.max(0, Math.floor((iterations - burnin) / thin));
    const draws = this.layout.names.map(() => new Float64Array(nSave));
    const deviance = new Float64Array(nSave);
    const sums = resume ? resume.sums : emptySums(this.state);
    const start = performance.now();
    const secondsBefore = resume?.seconds ?? 0;
    const first = resume?.saved ?? 0;
    let saved = first;
    let stopped = false;
    let failure: ChainFailure | undefined;
    const { onProgress, shouldStop, recorder, checkpointEvery } = this.options;
    const flushMs = (this.options.flushSeconds ?? 3) * 1000;
    let flushed = first;
    let nextFlush = start + flushMs;
    const state = this.state;
    const index = this.segments++;
    if (this.failed) return { draws, saved: 0, iterations: 0, seconds: 0, stopped: true, deviance, sums };
    const flush = () => {
      if (recorder && saved > flushed) recorder.append(draws, deviance, flushed, saved);
      flushed = saved;
      nextFlush = performance.now() + flushMs;
    };
    const position = (done: number): SegmentPosition => ({ index, iterations, burnin, thin, adapting, done, saved, seconds: secondsBefore + (performance.now() - start) / 1000, sums });
    let done = resume?.done ?? 0;
    let checkpointedAt = done;
    let nextProgress = start + PROGRESS_MS;
    // progress at every 1/200 of the segment, and by time for long segments
    const progressEvery = Math.max(1, Math.floor(iterations / 200));
    const report = (i: number, now: number) => {
      const elapsedSeconds = (now - start) / 1000;
      onProgress?.({ chain: this.options.chain, iteration: i, total: iterations, elapsedSeconds, rate: (i - (resume?.done ?? 0)) / Math.max(elapsedSeconds, 1e-9) });
    };
    // a resumed segment keeps the counts it had (restore())
    if (!resume) this.acceptance.start();
    for (let i = done + 1; i <= iterations; i++) {
      if (i === burnin + 1) this.acceptance.start();
      if ((i & 63) === 0) {
        if (shouldStop && shouldStop()) { stopped = true; break; }
        if (recorder || onProgress) {
          const now = performance.now();
          if (recorder && now >= nextFlush) flush();
          // progress by time (a few reports a second), whatever the chain's speed
          if (onProgress && now >= nextProgress) { report(i - 1, now); nextProgress = now + PROGRESS_MS; }
        }
      }
      state.iteration++;
      state.adapting = adapting && i <= burnin;
      failure = this.sweep();
      if (failure) { this.failed = true; break; }
      done = i;
      if (i > burnin && (i - burnin) % thin === 0 && saved < nSave) {
        deviance[saved] = -2 * logLikelihood(this.model, state, this.devianceWorkspace);
        accumulate(sums, state);
        recordState(this.model, this.layout, state, draws, saved++);
      }
      if (recorder && checkpointEvery && state.iteration % checkpointEvery === 0) {
        flush();
        recorder.checkpoint(this.checkpoint(position(i)));
        checkpointedAt = i;
      }
      if (onProgress && (i % progressEvery === 0 || i === iterations)) report(i, performance.now());
    }
    flush();
    // the chain's state at the end of the segment, or where it was stopped (so it can be resumed);
    // none after a failure, whose state is broken
    if (recorder && !failure && checkpointedAt !== done) recorder.checkpoint(this.checkpoint(position(done)));
    this.savedBefore += saved;
    const seconds = secondsBefore + (performance.now() - start) / 1000;
    const kept = first > 0 || saved < nSave ? draws.map((d) => d.slice(first, saved)) : draws;
    // acceptance after burn-in only: none when the segment ended inside its burn-in
    const sampler = done > burnin ? this.acceptance.since() : [];
    return { draws: kept, saved: saved - first, iterations: done - (resume?.done ?? 0), seconds, stopped, deviance: deviance.slice(first, saved), sums, sampler, ...(failure ? { failure } : {}) };
  }

  private sweep(): ChainFailure | undefined {
    for (const kernel of this.kernels) {
      try {
        kernel.step(this.state, this.rng);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (!(err instanceof McglmmError)) throw err;
        const component = err instanceof NumericalError && err.details.component ? err.details.component : kernel.name;
        return { message, iteration: this.state.iteration, component };
      }
    }
    return undefined;
  }
}
