// predict(fit, options): per row (and trait) the posterior mean of the prediction, with its
// Monte Carlo standard error and optionally an interval, following MCMCglmm's
// predict.MCMCglmm: for each posterior draw the linear predictor X beta (+ Z u for the terms
// conditioned on), then, on the response scale, the expectation over the latent residual and
// the marginalised random effects, l ~ N(eta, R + sum of marginalised variances), computed by
// Gauss-Hermite quadrature (MCMCglmm's default approx = "numerical"; exact for poisson,
// exp(eta + v/2)); averaged over draws. Intervals are HPD intervals, as coda::HPDinterval in
// MCMCglmm: "confidence" over the per-draw predictions, "prediction" over one replicated
// observation per draw (simulate).

import { familyOf } from "../models/families/registry.js";
import { ModelSpecError } from "../errors.js";
import type { Fit } from "../fit.js";
import { mcseMean } from "../diagnostics/index.js";
import { newdataFrame, predictionDesign } from "../models/newdata.js";
import type { DataFrame, Response } from "../models/types.js";
import { createStream } from "../random/index.js";
import { drawReader, selectDraws } from "./draw-access.js";
import { expectedResponse } from "./family-scale.js";
import { hpdInterval } from "./intervals.js";
import { latentScale, marginalisedTerms, type MarginalSpec } from "./linear-predictor.js";
import { newLevelMessages } from "./new-levels.js";
import { pointDraws, type PosteriorChoice } from "./point-draws.js";
import { drawObservations } from "./simulate.js";

export interface PredictOptions {
  /** Rows to predict (default: the training data). Factor levels are matched to the training levels. */
  newdata?: DataFrame | readonly Record<string, unknown>[];
  /** Random terms to marginalise: default all (MCMCglmm's default); null to condition on all (needs pr: true). */
  marginal?: MarginalSpec;
  /** "link": the latent scale; "response" (default): the expected observation. */
  type?: "link" | "response";
  interval?: "none" | "confidence" | "prediction";
  /** Interval probability (default 0.95). */
  level?: number;
  /** Use at most this many posterior draws (evenly spaced within each chain); default all. */
  maxDraws?: number;
  /** Seed for the effects of unseen levels and for prediction intervals (default: the fit's seed). */
  seed?: number;
  /** MCMCglmm's `posterior`: every draw ("all", default), or one parameter vector of posterior means or modes. */
  posterior?: PosteriorChoice;
  /** MCMCglmm's `it`: predict from this one saved draw (1-based over the chains in order, draws.csv's .draw). */
  it?: number;
}

export interface Prediction {
  readonly type: "link" | "response";
  readonly interval: "none" | "confidence" | "prediction";
  readonly level: number;
  /** Rows are stacked trait-major as MCMCglmm's: row = trait * nUnits + unit. */
  readonly nUnits: number;
  readonly traits: readonly string[];
  readonly unit: Int32Array;
  readonly trait: Int32Array;
  /** Posterior mean of the prediction. */
  readonly fit: Float64Array;
  /** Monte Carlo standard error of `fit` (posterior package's mcse_mean over the chains). */
  readonly mcse: Float64Array;
  /** Interval bounds (NaN with interval "none"). */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** Posterior draws used. */
  readonly draws: number;
  /** Per row, the per-draw predictions (chains concatenated, perChain each). */
  readonly samples: readonly Float64Array[];
  readonly perChain: number;
  /** How the prediction treated what the fit never saw (new levels of random factors). */
  readonly warnings: readonly string[];
}

/**
 * MCMCglmm's predict(): posterior mean predictions per row (and trait), with MCSE and optional intervals.
 *
 * @example
 * ```ts
 * const p = predict(result, { type: "response", interval: "confidence" });
 * p.fit[0], p.lower[0], p.upper[0];
 * predict(result, { newdata: frameFromCsv(readFileSync("new.csv", "utf8")), interval: "prediction" });
 * ```
 */
export function predict(fit: Fit, options: PredictOptions = {}): Prediction {
  const model = fit.model;
  const type = options.type ?? "response";
  const interval = options.interval ?? "none";
  const level = options.level ?? 0.95;
  if (type !== "link" && type !== "response") throw new ModelSpecError(`type must be "link" or "response", got "${String(type)}"`);
  if (!["none", "confidence", "prediction"].includes(interval)) {
    throw new ModelSpecError(`interval must be "none", "confidence" or "prediction", got "${String(interval)}"`);
  }
  if (!(level > 0 && level < 1)) throw new ModelSpecError(`level must be between 0 and 1, got ${level}`);
  const design = predictionDesign(model, options.newdata === undefined ? undefined : newdataFrame(options.newdata, model.spec));
  const marginalise = marginalisedTerms(model, options.marginal);
  const draws = pointDraws(fit.chainDraws, options.posterior, options.it);
  const single = draws !== fit.chainDraws;
  if (single && interval !== "none") throw new ModelSpecError(`interval "${interval}" needs every posterior draw: use posterior "all" without it`);
  const reader = drawReader(model, draws);
  const scale = latentScale(model, design, reader, marginalise);
  const sel = selectDraws(draws, options.maxDraws);
  const S = sel.chain.length;
  const n = design.nUnits, T = design.nTraits, rows = n * T;
  const samples = Array.from({ length: rows }, () => new Float64Array(S));
  const replicates = interval === "prediction" ? Array.from({ length: rows }, () => new Float64Array(S)) : [];
  const rng = createStream(options.seed ?? fit.settings.seed, 104729);
  const latent = new Float64Array(rows);
  const simulated = model.responses.map(() => new Float64Array(n));
  const simulatedCounts = model.responses.map((r) => (familyOf(r).hasCountColumns(r) ? Array.from({ length: r.counts?.length ?? r.nTraits + 1 }, () => new Float64Array(n)) : undefined));
  const mean = new Float64Array(T), sub = new Float64Array(T * T), out = new Float64Array(T);

  for (let s = 0; s < S; s++) {
    reader.load(sel.chain[s], sel.iteration[s]);
    scale.update(rng);
    const { eta, cov } = scale;
    if (type === "link") {
      for (let r = 0; r < rows; r++) samples[r][s] = eta[r];
    } else {
      design.responses.forEach((resp, k) => {
        const K = resp.nTraits, o = resp.traitOffset;
        const trials = design.trials[k];
        for (let u = 0; u < n; u++) {
          for (let a = 0; a < K; a++) {
            mean[a] = eta[(o + a) * n + u];
            for (let b = 0; b < K; b++) sub[a * K + b] = cov[u * T * T + (o + a) * T + (o + b)];
          }
          expectedResponse(resp, mean, sub, reader.values.cutpoints[k], trials?.[u] ?? 1, out, u);
          for (let a = 0; a < K; a++) samples[(o + a) * n + u][s] = out[a];
        }
      });
    }
    if (interval === "prediction") {
      latent.set(eta);
      scale.addMarginalEffects(rng, latent);
      scale.addResiduals(rng, latent);
      if (type === "link") {
        for (let r = 0; r < rows; r++) replicates[r][s] = latent[r];
      } else {
        const trials = design.trials.map((t, k) => t ?? (model.responses[k].trials ? new Float64Array(n).fill(1) : undefined));
        drawObservations(model, n, latent, reader.values.cutpoints, trials, rng, simulated, simulatedCounts, design.responses);
        model.responses.forEach((resp, k) => {
          const family = familyOf(resp);
          const counts = simulatedCounts[k];
          const unitCounts = counts ? new Float64Array(counts.length) : null;
          for (let u = 0; u < n; u++) {
            if (counts && unitCounts) for (let j = 0; j < counts.length; j++) unitCounts[j] = counts[j][u];
            for (let a = 0; a < resp.nTraits; a++) {
              replicates[(resp.traitOffset + a) * n + u][s] = family.observationPerTrait(resp, simulated[k][u], a, unitCounts);
            }
          }
        });
      }
    }
  }

  const fitted = new Float64Array(rows), mcse = new Float64Array(rows);
  const lower = new Float64Array(rows).fill(NaN), upper = new Float64Array(rows).fill(NaN);
  const C = S / sel.perChain;
  for (let r = 0; r < rows; r++) {
    const x = samples[r];
    let m = 0;
    for (let s = 0; s < S; s++) m += x[s];
    fitted[r] = m / S;
    const chains = Array.from({ length: C }, (_, c) => x.subarray(c * sel.perChain, (c + 1) * sel.perChain));
    mcse[r] = sel.perChain >= 4 ? mcseMean(chains) : NaN;
    if (interval !== "none" && S >= 2) {
      const h = hpdInterval(interval === "prediction" ? replicates[r] : x, level);
      lower[r] = h.lower;
      upper[r] = h.upper;
    }
  }
  return {
    type,
    interval,
    level,
    nUnits: n,
    traits: model.traitNames,
    unit: Int32Array.from({ length: rows }, (_, r) => r % n),
    trait: Int32Array.from({ length: rows }, (_, r) => Math.floor(r / n)),
    fit: fitted,
    mcse,
    lower,
    upper,
    draws: S,
    samples,
    perChain: sel.perChain,
    warnings: [...newLevelMessages(design, marginalise), ...undefinedMeanMessages(type, design.responses, fitted, n), ...assumedPatternMessages(type, design.isNew, design.responses, n)],
  };
}

/**
 * Rows whose response-scale prediction is NaN because the family's mean does not exist there
 * (ncst, msst with df <= 1): named, never a silent number.
 */
function undefinedMeanMessages(type: "link" | "response", responses: readonly Response[], fitted: Float64Array, n: number): string[] {
  if (type !== "response") return [];
  const out: string[] = [];
  for (const r of responses) {
    if (!familyOf(r).unitParameters) continue;
    const rows: number[] = [];
    for (let u = 0; u < n; u++) if (Number.isNaN(fitted[r.traitOffset * n + u])) rows.push(u + 1);
    if (rows.length === 0) continue;
    out.push(
      `response "${r.name}" (${r.family}): no expected value at ${rows.length} row(s) (${rows.slice(0, 5).join(", ")}${rows.length > 5 ? ", ..." : ""}), ` +
        `where its df is <= 1 (a t with df <= 1 has no mean) or missing: the prediction there is NaN`,
    );
  }
  return out;
}

/**
 * New rows of a family whose law depends on the row's zero pattern (ztmultinomial) for which
 * newdata gives no counts: every category is taken as present there, and without the counts the
 * number of draws n is unknown too, so their response-scale prediction is NaN. Said by name.
 */
function assumedPatternMessages(type: "link" | "response", isNew: boolean, responses: readonly Response[], n: number): string[] {
  if (type !== "response" || !isNew) return [];
  const out: string[] = [];
  for (const r of responses) {
    if (!familyOf(r).rowPattern) continue;
    const rows: number[] = [];
    for (let u = 0; u < n; u++) if (Number.isNaN(r.y[u])) rows.push(u + 1);
    if (rows.length === 0) continue;
    out.push(
      `response "${r.name}" (${r.family}): newdata has no counts at ${rows.length} row(s) (${rows.slice(0, 5).join(", ")}${rows.length > 5 ? ", ..." : ""}), ` +
        "so every category is taken as present there (the law is conditioned on each row's zero pattern, which those rows do not give), " +
        "and their number of draws n is unknown: the response-scale prediction there is NaN; give newdata the response's count columns",
    );
  }
  return out;
}

/**
 * The prediction as row objects (row, trait when several, fit, lwr, upr, mcse) for CSV/JSON output.
 *
 * @example
 * ```ts
 * predictionRows(predict(result, { interval: "prediction" })); // [{ row: 1, fit, lwr, upr, mcse }, ...]
 * ```
 */
export function predictionRows(p: Prediction): Record<string, number | string>[] {
  return Array.from(p.fit, (f, r) => ({
    row: p.unit[r] + 1,
    ...(p.traits.length > 1 ? { trait: p.traits[p.trait[r]] } : {}),
    fit: f,
    ...(p.interval !== "none" ? { lwr: p.lower[r], upr: p.upper[r] } : {}),
    mcse: p.mcse[r],
  }));
}
