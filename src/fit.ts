// fit(spec, data, options) -> Fit: build the model, check the priors and settings (all before
// any sampling), run the chains, and hand back named draws with a summary.

import { essBulk, rhat } from "./diagnostics/index.js";
import { ModelSpecError } from "./errors.js";
import { frameFromRows } from "./models/frame.js";
import { buildModel } from "./models/model.js";
import type { Relationship } from "./models/structures/build-term.js";
import type { DataFrame, Model, ModelSpec, Response } from "./models/types.js";
import { drawsByParameter, equaliseLengths, type Draws } from "./posterior/draws.js";
import { summariseFit } from "./posterior/summarise-fit.js";
import type { Summary } from "./posterior/summary.js";
import { resolvePrior, type Prior } from "./priors/prior.js";
import { checkStart } from "./samplers/start.js";
import { priorOnlyFit } from "./posterior/prior-fit.js";
import { defaultDerived, deriveDraws, type DerivedFunction } from "./posterior/derived.js";
import type { ChainProgress } from "./samplers/run/chain.js";
import type { RecordLayout } from "./samplers/run/record.js";
import { runChains, type ResumedChain, type RunResult } from "./samplers/run/run-chains.js";
import { noDrawsError } from "./samplers/run/failures.js";
import type { ChainOutput } from "./io/chain-files.js";
import { resolveSettings, type ResolvedSettings, type RunOptions } from "./settings.js";

export interface FitOptions extends RunOptions {
  /** Relationship matrices by random factor (e.g. `animal` from a pedigree). */
  relationships?: Record<string, Relationship>;
  /** Called as chains advance (iteration, chain, elapsed seconds, iterations per second). */
  onProgress?: (p: ChainProgress) => void;
  /** Keep sampling in rounds until every reported parameter has bulk-ESS >= targetEss and R-hat < 1.01. */
  targetEss?: number;
  /** Cap on iterations per chain when targetEss is set (default 10 x nitt). */
  maxIterations?: number;
  /** Set element 0 to 1 (Atomics.store) to stop all chains; the draws so far are kept. */
  stopFlag?: Int32Array;
  /** Run chains in worker threads even when threads = 1. */
  useWorkers?: boolean;
  /** Extra derived quantities: functions of one draw's (co)variances by VCV name. */
  derived?: Record<string, DerivedFunction>;
  /** Called once before sampling with the model's and the prior's warnings (they also reach summary.json). */
  onWarnings?: (warnings: readonly string[]) => void;
  /** Run only these chains (0-based indices, i.e. random streams) of the `chains` the settings describe. */
  chainIds?: readonly number[];
  /** Write each chain's draws, deviance and checkpoints to DIR/chain-K/ as they are made. */
  output?: ChainOutput;
  /** Continue an interrupted run from its chains' checkpoints (see `mcglmm resume`). */
  resume?: readonly (ResumedChain | undefined)[];
}

export interface ChainFailureReport {
  readonly chain: number;
  readonly iteration: number;
  readonly component: string;
  readonly message: string;
}

/**
 * A fitted model: its Model, prior, settings, draws per chain and run information.
 *
 * @example
 * ```ts
 * const result = await fit(spec, data, { chains: 2, seed: 1 });
 * result.summary();                      // summary.json as an object
 * result.draws["units"];                 // one Float64Array per chain
 * result.derive((v) => v["animal"] / (v["animal"] + v["units"])); // draws of a function of the (co)variances
 * ```
 */
export class Fit {
  /** Draws of every stored parameter, parameter -> one Float64Array per chain. */
  readonly draws: Record<string, Float64Array[]>;

  constructor(
    readonly model: Model,
    readonly prior: Prior,
    readonly settings: ResolvedSettings,
    readonly layout: RecordLayout,
    readonly chainDraws: Draws,
    readonly run: Omit<RunResult, "chains" | "layout">,
    readonly warnings: readonly string[],
    readonly convergence?: { targetEss: number; reached: boolean; iterations: number },
    readonly derivedFunctions: Record<string, DerivedFunction> = {},
  ) {
    this.draws = drawsByParameter(chainDraws);
  }

  /** False when the run was interrupted or a chain failed. */
  get complete(): boolean {
    return !this.run.stopped && this.run.failures.length === 0;
  }

  get failures(): ChainFailureReport[] {
    return this.run.failures.map((f) => ({ chain: f.chain, iteration: f.iteration, component: f.component, message: f.message }));
  }

  /** Per-chain draws of a function of each draw's (co)variances (by VCV name). */
  derive(f: DerivedFunction): Float64Array[] {
    return deriveDraws(this.chainDraws, this.layout.covariances, { f }).f;
  }

  /** Draws of the default derived quantities (correlations, heritabilities) and the user's. */
  derivedDraws(): Record<string, Float64Array[]> {
    return deriveDraws(this.chainDraws, this.layout.covariances, this.derivedFunctions);
  }

  summary(): Summary {
    return summariseFit(this);
  }
}

export function toDataFrame(data: DataFrame | readonly Record<string, unknown>[], spec: ModelSpec): DataFrame {
  return Array.isArray(data) ? frameFromRows(data as Record<string, unknown>[], spec.columns) : (data as DataFrame);
}

/**
 * Fits a model spec to data by MCMC (MCMCglmm's model, parallel chains); options override the spec's settings.
 *
 * @example
 * ```ts
 * const { spec, data, relationships } = loadSpec("examples/btdata/spec.json");
 * const result = await fit(spec, data, { chains: 4, seed: 1, relationships });
 * console.log(formatSummaryTable(result.summary(), result.model));
 * ```
 */
export async function fit(spec: ModelSpec, data: DataFrame | readonly Record<string, unknown>[], options: FitOptions = {}): Promise<Fit> {
  const settings = resolveSettings(spec, options);
  if (spec.prior_only !== undefined && typeof spec.prior_only !== "boolean") {
    throw new ModelSpecError(`prior_only must be true or false, got ${JSON.stringify(spec.prior_only)}`);
  }
  const frame = toDataFrame(data, spec);
  const model = buildModel(spec, frame, { ginverse: options.relationships ?? {} });
  const prior = resolvePrior(model, spec.prior);
  const warnings = [...model.warnings, ...prior.warnings];
  if (warnings.length > 0) options.onWarnings?.(warnings);
  checkStart(model, prior);
  if (spec.prior_only) return priorOnlyFit(model, prior, settings, options);
  const target = options.targetEss;
  const maxIterations = target ? (options.maxIterations ?? 10 * settings.nitt) : settings.nitt;
  const reportable = (layout: RecordLayout) => [...layout.fixed, ...layout.covariances, ...layout.cutpoints].map((n) => layout.names.indexOf(n));
  let reached = false;
  const result = await runChains(model, prior, {
    ...settings,
    keepRandom: settings.pr,
    ...(settings.pl ? { keepLatent: true } : {}),
    maxIterations,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.stopFlag ? { stopFlag: options.stopFlag } : {}),
    ...(options.useWorkers ? { useWorkers: true } : {}),
    ...(options.chainIds ? { chainIds: checkChainIds(options.chainIds, settings.chains) } : {}),
    ...(options.output ? { output: options.output } : {}),
    ...(options.resume ? { resume: options.resume } : {}),
    ...(target
      ? {
          continueWhile: (chains: Float64Array[][], layout: RecordLayout) => {
            reached = converged(chains, reportable(layout), target);
            return !reached;
          },
        }
      : {}),
  });
  const { chains, layout, ...run } = result;
  const kept = chains.filter((c) => c.length > 0 && c[0].length > 0);
  if (kept.length === 0) throw noDrawsError(run.failures, run.stopped, run.iterations, settings.burnin, model, prior);
  const draws: Draws = { names: layout.names, chains: equaliseLengths(kept) };
  const convergence = target ? { targetEss: target, reached, iterations: Math.max(...run.iterations) } : undefined;
  const derived = { ...defaultDerived(model), ...(options.derived ?? {}) };
  // the settings say how many chains this fit holds (one with --chain K)
  const held = options.chainIds ? { ...settings, chains: options.chainIds.length } : settings;
  return new Fit(model, prior, held, layout, draws, run, warnings, convergence, derived);
}

function checkChainIds(ids: readonly number[], chains: number): readonly number[] {
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 0 || id >= chains) throw new ModelSpecError(`chain ${id + 1} does not exist: the run has chains 1 to ${chains}`);
  }
  if (new Set(ids).size !== ids.length) throw new ModelSpecError(`chain list ${ids.map((i) => i + 1).join(", ")} repeats a chain`);
  return ids;
}

/** Every reported parameter has bulk-ESS >= target and R-hat < 1.01 (constant ones excepted). */
function converged(chains: Float64Array[][], params: number[], target: number): boolean {
  for (const p of params) {
    const x = chains.map((c) => c[p]);
    const ess = essBulk(x);
    const r = rhat(x);
    if (Number.isNaN(ess) && Number.isNaN(r)) continue; // constant (e.g. a fixed variance)
    if (!(ess >= target) || !(r < 1.01)) return false;
  }
  return true;
}

/**
 * One Fit per chain of a run whose chains sampled different data (ChainJob.responsesByChain):
 * chain c becomes a one-chain fit of the model with responses[c]. The DIC sums pool chains, so
 * these fits have none.
 */
export function fitPerChain(model: Model, prior: Prior, settings: ResolvedSettings, result: RunResult, responses: readonly (readonly Response[])[]): Fit[] {
  const { chains, layout, ...run } = result;
  return chains.map((draws, c) => {
    const part = {
      ...run,
      chainSeconds: [run.chainSeconds[c]],
      iterations: [run.iterations[c]],
      failures: run.failures.filter((f) => f.chain === c).map((f) => ({ ...f, chain: 0 })),
      deviance: [run.deviance[c]],
      sums: undefined,
    };
    const m = { ...model, responses: responses[c] };
    const kept = draws.length > 0 && draws[0].length > 0 ? [draws] : [];
    return new Fit(m, prior, { ...settings, chains: 1 }, layout, { names: layout.names, chains: kept }, part, [...model.warnings, ...prior.warnings], undefined, defaultDerived(m));
  });
}
