// The marginal (co)variance move's independence proposal (marginal-variance.ts): a t_4 about the
// burn-in mean of the coordinates, with the random walk's adapted shape as its scale matrix. It is
// tried on every other burn-in sweep once MIN_MEAN_STATES states have entered the mean, and used
// instead of the random walk after burn-in when its burn-in acceptance reached MIN_ACCEPTANCE (an
// independence sampler accepting that often gives nearly independent draws, which the random walk
// at 0.234 does not: M2's family variance 0.59 -> ~0.9 of the draws' ESS; a posterior far from its
// Gaussian approximation keeps the random walk; M1 at ~41% lost long-run ESS with it). The mean
// and the decision are fixed from the end of burn-in, so the kernel is then a fixed MH kernel.

import { log } from "../../../math/deterministic.js";
import type { Rng } from "../../../random/index.js";
import { restoreArray, savedNumber, type KernelState } from "../../kernel-state.js";

const MIN_MEAN_STATES = 100;
const MIN_ACCEPTANCE = 0.6;
const MIN_TRIALS = 20;
const T_DF = 4;
/** The t_4's scale matrix: the burn-in covariance times this squared (t_4's variance is twice its scale's). */
const SCALE = 1;

export interface IndependenceProposal {
  /** The mean the proposal is centred on. */
  readonly mean: Float64Array;
  /** Whether this sweep proposes from it (after burn-in: the decision, made on the first call). */
  chosen(adapting: boolean, iteration: number): boolean;
  /** The decision made at the end of burn-in was the independence proposal (false before it). */
  decidedIndependent(): boolean;
  /** The t_4's multiplier of the shape's factor times a standard normal vector: SCALE / sqrt(chi2_4 / 4). */
  drawScale(rng: Rng): number;
  /** log q(x) - log q(x'): the proposal densities' part of the MH ratio; `chol` the shape's factor. */
  logRatio(xNew: Float64Array, x: Float64Array, chol: Float64Array): number;
  /** Burn-in bookkeeping after a step: the trial's outcome (when it was one) and the running mean. */
  record(tried: boolean, accepted: boolean, x: Float64Array): void;
  saveState(): KernelState;
  restoreState(saved: KernelState): void;
}

export function independenceProposal(dim: number): IndependenceProposal {
  const mean = new Float64Array(dim);
  const standardised = new Float64Array(dim);
  let states = 0, tried = 0, acceptedTrials = 0;
  // 0 undecided (burn-in), 1 random walk, 2 independence (decided at the end of burn-in)
  let mode = 0;

  /** ||L^-1 (v - mean)||^2 / SCALE^2 with L the proposal's factor. */
  function distance(v: Float64Array, chol: Float64Array): number {
    let r2 = 0;
    for (let i = 0; i < dim; i++) {
      let d = v[i] - mean[i];
      for (let j = 0; j < i; j++) d -= chol[i * dim + j] * standardised[j];
      standardised[i] = d / chol[i * dim + i];
      r2 += standardised[i] * standardised[i];
    }
    return r2 / (SCALE * SCALE);
  }

  return {
    mean,
    chosen(adapting, iteration) {
      // Every comparison of both phases runs on every call (no short-circuit): a comparison first
      // met after burn-in has no type feedback, and meeting it deoptimises the compiled kernel,
      // whose recompilation costs a 10,000-iteration fit of a small model several percent.
      const meanReady = states >= MIN_MEAN_STATES, even = iteration % 2 === 0;
      const enoughTrials = tried >= MIN_TRIALS, acceptedOften = acceptedTrials >= MIN_ACCEPTANCE * tried;
      const decision = mode !== 0 ? mode : enoughTrials && acceptedOften ? 2 : 1;
      const independenceAfter = decision === 2;
      if (adapting) return meanReady && even;
      mode = decision;
      return independenceAfter;
    },
    decidedIndependent: () => mode === 2,
    drawScale: (rng) => SCALE / Math.sqrt(-0.5 * log(rng.uniform() * rng.uniform())),
    logRatio(xNew, x, chol) {
      // log q(v) = -(4 + dim)/2 log(1 + r^2(v) / 4)
      const half = 0.5 * (T_DF + dim);
      return half * (log(1 + distance(xNew, chol) / T_DF) - log(1 + distance(x, chol) / T_DF));
    },
    record(wasTrial, accepted, x) {
      if (wasTrial) {
        tried++;
        if (accepted) acceptedTrials++;
      }
      // the mean forgets the first states (the chain's approach to the posterior): weight >= 1/200
      states++;
      const w = Math.max(1 / states, 1 / 200);
      for (let i = 0; i < dim; i++) mean[i] += w * (x[i] - mean[i]);
    },
    saveState: (): KernelState => ({ meanX: mean.slice(), meanStates: states, independenceTried: tried, independenceAccepted: acceptedTrials, mode }),
    restoreState(saved) {
      restoreArray(mean, saved, "meanX");
      states = savedNumber(saved, "meanStates");
      tried = savedNumber(saved, "independenceTried");
      acceptedTrials = savedNumber(saved, "independenceAccepted");
      mode = savedNumber(saved, "mode");
    },
  };
}
