// simulate(fit, options): replicated data sets from the posterior predictive distribution, one
// per posterior draw (nsim draws spread evenly over the pooled chains), as MCMCglmm's
// simulate.MCMCglmm: the latent variables l = X beta + Z u + e with the marginalised random
// terms' effects drawn afresh from G (one per level) and e ~ N(0, R) per unit, then each
// response drawn from its family given l. Values come back in the response's own type:
// numbers, counts, category labels.

import { DataError } from "../errors.js";
import type { Fit } from "../fit.js";
import { newdataFrame, predictionDesign, type PredictionDesign } from "../models/newdata.js";
import type { DataFrame, Model, Response } from "../models/types.js";
import { createStream, type Rng } from "../random/index.js";
import { drawReader } from "./draw-access.js";
import { familyOf } from "../models/families/registry.js";
import { latentScale, marginalisedTerms, type MarginalSpec } from "./linear-predictor.js";

export interface SimulateOptions {
  /** Number of replicated data sets (default 1). */
  nsim?: number;
  /** Rows to simulate for (default: the training data). */
  newdata?: DataFrame | readonly Record<string, unknown>[];
  /** Random terms to marginalise (default all: new effects drawn from G); see MarginalSpec. */
  marginal?: MarginalSpec;
  seed?: number;
}

export interface SimulatedResponse {
  readonly name: string;
  readonly family: string;
  /** Category labels (categorical, threshold, ordinal): values are 0-based codes into these. */
  readonly categories?: readonly string[];
  /** Trials per unit (multinomial families). */
  readonly trials?: Float64Array;
  /** values[s][unit]: the simulated observation (value, count, successes or category code). */
  readonly values: Float64Array[];
  /** multinomialK (K > 2): counts[s][k][unit]. */
  readonly counts?: Float64Array[][];
}

export interface Simulation {
  readonly nsim: number;
  readonly nUnits: number;
  /** Posterior draw (chain, iteration) behind each replicate. */
  readonly draws: readonly { chain: number; iteration: number }[];
  readonly responses: readonly SimulatedResponse[];
}

/**
 * Writes one unit-vector per response: the observations drawn by each response's family given
 * the stacked latent values; families with count columns (multinomialK) also fill `counts`.
 * `responses`: the responses as the rows hold them (PredictionDesign.responses), default the model's.
 */
export function drawObservations(
  model: Model,
  n: number,
  latent: Float64Array,
  cutpoints: readonly Float64Array[],
  trials: readonly (Float64Array | undefined)[],
  rng: Rng,
  out: readonly Float64Array[],
  counts?: readonly (Float64Array[] | undefined)[],
  responses: readonly Response[] = model.responses,
): void {
  responses.forEach((r, k) => {
    const family = familyOf(r);
    const y = out[k];
    const o = r.traitOffset;
    const K = r.nTraits;
    const l = new Float64Array(K);
    const c = counts?.[k];
    const unitCounts = family.hasCountColumns(r) ? new Float64Array(r.counts?.length ?? K + 1) : null;
    for (let u = 0; u < n; u++) {
      for (let j = 0; j < K; j++) l[j] = latent[(o + j) * n + u];
      y[u] = family.drawObservation(r, l, cutpoints[k], trials[k]?.[u], rng, unitCounts, u);
      if (c && unitCounts) for (let j = 0; j < unitCounts.length; j++) c[j][u] = unitCounts[j];
    }
  });
}

/** Evenly spread pooled draw indices (with repeats when nsim exceeds the draws). */
export function spreadDraws(chains: number, perChain: number, nsim: number): { chain: number; iteration: number }[] {
  const total = chains * perChain;
  return Array.from({ length: nsim }, (_, s) => {
    const p = nsim <= total ? Math.floor(((s + 0.5) * total) / nsim) : s % total;
    return { chain: Math.floor(p / perChain), iteration: p % perChain };
  });
}

/**
 * Simulate nsim data sets from the fit's posterior predictive distribution.
 *
 * @example
 * ```ts
 * const sim = simulate(result, { nsim: 100, seed: 1 }); // 100 replicated data sets
 * ```
 */
export function simulate(fit: Fit, options: SimulateOptions = {}): Simulation {
  const model = fit.model;
  const design = predictionDesign(model, options.newdata === undefined ? undefined : newdataFrame(options.newdata, model.spec));
  return simulateDesign(fit, design, options);
}

export function simulateDesign(fit: Fit, design: PredictionDesign, options: SimulateOptions): Simulation {
  const model = fit.model;
  const nsim = options.nsim ?? 1;
  if (!Number.isInteger(nsim) || nsim < 1) throw new RangeError(`nsim must be a positive integer, got ${nsim}`);
  const marginalise = marginalisedTerms(model, options.marginal);
  const reader = drawReader(model, fit.chainDraws);
  const scale = latentScale(model, design, reader, marginalise);
  const rng = createStream(options.seed ?? fit.settings.seed, 7919);
  const perChain = fit.chainDraws.chains[0]?.[0]?.length ?? 0;
  if (perChain === 0) throw new DataError("the fit has no saved draws to simulate from");
  const draws = spreadDraws(fit.chainDraws.chains.length, perChain, nsim);
  const n = design.nUnits;
  const latent = new Float64Array(n * design.nTraits);
  const responses = model.responses.map((r: Response, k) => {
    const K = r.nTraits;
    const multi = familyOf(r).hasCountColumns(r);
    const trials = design.trials[k];
    return {
      name: r.name,
      family: r.family,
      ...(r.categories ? { categories: r.categories } : {}),
      ...(trials ? { trials } : {}),
      values: [] as Float64Array[],
      ...(multi ? { counts: [] as Float64Array[][] } : {}),
    };
  });
  for (const d of draws) {
    reader.load(d.chain, d.iteration);
    scale.update(rng);
    latent.set(scale.eta);
    scale.addMarginalEffects(rng, latent);
    scale.addResiduals(rng, latent);
    const out = model.responses.map(() => new Float64Array(n));
    const counts = responses.map((r, k) => (r.counts ? Array.from({ length: model.responses[k].counts?.length ?? model.responses[k].nTraits + 1 }, () => new Float64Array(n)) : undefined));
    drawObservations(model, n, latent, reader.values.cutpoints, design.trials, rng, out, counts, design.responses);
    responses.forEach((r, k) => {
      r.values.push(out[k]);
      if (r.counts) r.counts.push(counts[k]!);
    });
  }
  return { nsim, nUnits: n, draws, responses };
}

/**
 * Replicate s as row objects: one key per response, category labels for categorical responses.
 *
 * @example
 * ```ts
 * simulatedRows(simulate(result, { nsim: 10, seed: 1 }), 0); // the first replicated data set as rows
 * ```
 */
export function simulatedRows(sim: Simulation, s: number): Record<string, number | string>[] {
  return Array.from({ length: sim.nUnits }, (_, u) => {
    const row: Record<string, number | string> = {};
    for (const r of sim.responses) {
      const v = r.values[s][u];
      row[r.name] = r.categories ? r.categories[v] : v;
    }
    return row;
  });
}
