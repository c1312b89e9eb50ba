// One chain: the only loop over iterations. It applies the sweep, burn-in and thinning, writes
// saved iterations through the record layout, reports progress, and turns a failure inside a
// kernel into an error value that names the iteration and the component, keeping the draws so far.

import { McglmmError, NumericalError } from "../../errors.js";
import type { Model } from "../../models/types.js";
import type { Prior } from "../../priors/prior.js";
import { createStream, type Rng } from "../../random/index.js";
import { initialiseState } from "./init.js";
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
  readonly onProgress?: (p: ChainProgress) => void;
  /** Polled between iterations; true stops the chain cleanly (draws so far are kept). */
  readonly shouldStop?: () => boolean;
}

export interface ChainSegment {
  /** One array per parameter (layout.names), length `saved`. */
  readonly draws: Float64Array[];
  readonly saved: number;
  /** Iterations actually run in this segment (fewer than asked when stopped or failed). */
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
  for (let i = 0; i < sums.latent.length; i++) { sums.latent[i] += state.latent[i]; sums.eta[i] += state.eta[i]; }
  for (let i = 0; i < sums.R.length; i++) sums.R[i] += state.R[i];
  sums.cutpoints.forEach((c, r) => { for (let i = 0; i < c.length; i++) c[i] += state.cutpoints[r][i]; });
}

/** A chain that can be advanced in rounds (for runs that continue until converged). */
export class Chain {
  readonly layout: RecordLayout;
  private readonly state: ChainState;
  private readonly rng: Rng;
  private readonly kernels: Kernel[];
  private readonly acceptance: ReturnType<typeof acceptanceTracker>;
  private failed = false;
  private readonly devianceWorkspace: DevianceWorkspace;

  constructor(private readonly model: Model, prior: Prior, private readonly options: ChainOptions) {
    this.layout = recordLayout(model, options.keepRandom ?? false);
    this.state = allocateState(model);
    this.rng = createStream(options.seed, options.chain);
    initialiseState(model, prior, this.state, this.rng);
    this.kernels = buildSweep(model, prior, options);
    this.acceptance = acceptanceTracker(this.kernels);
    this.devianceWorkspace = createDevianceWorkspace(model);
  }

  get iteration(): number {
    return this.state.iteration;
  }

  /**
   * Runs `iterations` more iterations, saving every `thin`-th one after the first `burnin` of
   * this segment. Adaptive kernels tune only while `adapting` is true.
   */
  run(iterations: number, burnin: number, thin: number, adapting: boolean): ChainSegment {
    const nSave = Math.max(0, Math.floor((iterations - burnin) / thin));
    const draws = this.layout.names.map(() => new Float64Array(nSave));
    const deviance = new Float64Array(nSave);
    const sums = emptySums(this.state);
    const start = performance.now();
    let saved = 0;
    let stopped = false;
    let failure: ChainFailure | undefined;
    const progressEvery = Math.max(1, Math.floor(iterations / 200));
    const { onProgress, shouldStop } = this.options;
    const state = this.state;
    if (this.failed) return { draws, saved: 0, iterations: 0, seconds: 0, stopped: true, deviance, sums };
    let done = 0;
    this.acceptance.start();
    for (let i = 1; i <= iterations; i++) {
      if (i === burnin + 1) this.acceptance.start();
      if (shouldStop && (i & 63) === 0 && shouldStop()) { stopped = true; break; }
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
      if (onProgress && (i % progressEvery === 0 || i === iterations)) {
        const elapsedSeconds = (performance.now() - start) / 1000;
        onProgress({ chain: this.options.chain, iteration: i, total: iterations, elapsedSeconds, rate: i / Math.max(elapsedSeconds, 1e-9) });
      }
    }
    const seconds = (performance.now() - start) / 1000;
    const kept = saved < nSave ? draws.map((d) => d.slice(0, saved)) : draws;
    // acceptance after burn-in only: none when the segment ended inside its burn-in
    const sampler = done > burnin ? this.acceptance.since() : [];
    return { draws: kept, saved, iterations: done, seconds, stopped, deviance: deviance.slice(0, saved), sums, sampler, ...(failure ? { failure } : {}) };
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
