// Randomised quantile residuals (Dunn & Smyth 1996) from the posterior predictive distribution:
// per observation the predictive CDF F averaged over posterior draws (each draw's F integrates
// the latent residual and the marginalised random effects), u = F(y) for continuous responses
// and u ~ U(F(y - 1), F(y)) for discrete ones, and the normal score qnorm(u). Under the model
// the u are close to U(0, 1) (the posterior predictive PIT is slightly conservative); a
// Kolmogorov-Smirnov test of uniformity flags a misfit. Responses with several counts or a
// nominal category (multinomialK, categorical with K > 2, ztmbJ, ztmultinomialK) have one
// residual per row and step of their chain-rule decomposition (sequential-residuals.ts).

import { familyOf } from "../models/families/registry.js";
import { ModelSpecError } from "../errors.js";
import type { Fit } from "../fit.js";
import { qnorm } from "../diagnostics/index.js";
import { predictionDesign } from "../models/newdata.js";
import { createStream } from "../random/index.js";
import { drawReader, selectDraws } from "./draw-access.js";
import { predictiveCdf } from "./family-scale.js";
import { latentScale, marginalisedTerms, type MarginalSpec } from "./linear-predictor.js";
import { accumulateDraw, sequentialAccumulator, sequentialPit, usesSequential } from "./sequential-residuals.js";
import { exp } from "../math/deterministic.js";

export interface QuantileResidualOptions {
  seed?: number;
  /** Random terms integrated out of each draw's CDF (default all; null conditions on all, needs pr: true). */
  marginal?: MarginalSpec;
  /** Posterior draws used (default at most 1000). */
  maxDraws?: number;
  /** Flag when the KS p-value is below this (default 0.05). */
  alpha?: number;
}

export interface UniformityTest {
  /** Kolmogorov-Smirnov statistic D against U(0, 1). */
  readonly statistic: number;
  readonly pValue: number;
}

export interface QuantileResiduals {
  readonly response: string;
  /**
   * The decomposition step of a response with several counts or a nominal category: step k is
   * the k-th column (level) given the earlier ones, named "b|a" (columns a, b, ...) or "y.B|A"
   * (levels A, B, ... of y); K-1 steps for K categories (J for ztmbJ). Absent for other responses.
   */
  readonly step?: string;
  /** Per unit: the randomised PIT value (NaN where y is missing, or a step is fixed by the earlier ones). */
  readonly u: Float64Array;
  /** Per unit: the normal score qnorm(u). */
  readonly residuals: Float64Array;
  readonly ks: UniformityTest;
  readonly flagged: boolean;
  readonly verdict: string;
}

/** Kolmogorov's limiting distribution P(K > lambda) = 2 sum (-1)^(k-1) exp(-2 k^2 lambda^2). */
function kolmogorovUpperTail(lambda: number): number {
  if (lambda < 0.2) return 1;
  let s = 0;
  for (let k = 1; k <= 100; k++) {
    const term = exp(-2 * k * k * lambda * lambda);
    s += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-16) break;
  }
  return Math.min(1, Math.max(0, 2 * s));
}

/**
 * One-sample KS test of uniformity, p-value by Stephens' (1970) finite-n correction of Kolmogorov's limit.
 *
 * @example
 * ```ts
 * ksUniform(Float64Array.of(0.12, 0.5, 0.81, 0.33)); // { statistic, pValue }
 * ```
 */
export function ksUniform(u: ArrayLike<number>): UniformityTest {
  const x = Float64Array.from(u).filter((v) => !Number.isNaN(v)).sort();
  const n = x.length;
  if (n === 0) return { statistic: NaN, pValue: NaN };
  let D = 0;
  for (let i = 0; i < n; i++) D = Math.max(D, (i + 1) / n - x[i], x[i] - i / n);
  const sn = Math.sqrt(n);
  return { statistic: D, pValue: kolmogorovUpperTail((sn + 0.12 + 0.11 / sn) * D) };
}

/**
 * Randomised quantile residuals (Dunn & Smyth 1996) of each response, with a uniformity test:
 * one entry per response, or per decomposition step (`step`) of a response with several counts
 * or a nominal category.
 *
 * @example
 * ```ts
 * const [r] = quantileResiduals(result);
 * r.ks.pValue; // uniformity of the randomised PIT values
 * ```
 */
export function quantileResiduals(fit: Fit, options: QuantileResidualOptions = {}): QuantileResiduals[] {
  const model = fit.model;
  const design = predictionDesign(model);
  const reader = drawReader(model, fit.chainDraws);
  const scale = latentScale(model, design, reader, marginalisedTerms(model, options.marginal));
  const sel = selectDraws(fit.chainDraws, options.maxDraws ?? 1000);
  const S = sel.chain.length;
  const n = model.nUnits, T = model.nTraits;
  const rng = createStream(options.seed ?? fit.settings.seed, 15485863);
  const sequential = model.responses.filter(usesSequential).map((r) => sequentialAccumulator(model, r));
  const responses = model.responses.filter((r) => !usesSequential(r) && (r.nTraits === 1 || familyOf(r).jointPredictiveCdf));
  const left = model.responses.filter((r) => !usesSequential(r) && !responses.includes(r));
  if (left.length > 0) throw new ModelSpecError(`quantile residuals are not available for response "${left[0].name}" (${left[0].family}): its family has no predictive CDF`);
  const continuous = responses.map((r) => familyOf(r).continuous);
  const lo = responses.map(() => new Float64Array(n));
  const mean = new Float64Array(T), cov = new Float64Array(T * T);
  const hi = responses.map(() => new Float64Array(n));
  for (let s = 0; s < S; s++) {
    reader.load(sel.chain[s], sel.iteration[s]);
    scale.update(rng);
    for (const acc of sequential) accumulateDraw(acc, scale.eta, scale.cov, n, T, design.trials[model.responses.indexOf(acc.response)]);
    responses.forEach((r, k) => {
      const t = r.traitOffset;
      const cp = reader.values.cutpoints[model.responses.indexOf(r)];
      const trials = design.trials[model.responses.indexOf(r)];
      const family = familyOf(r);
      for (let u = 0; u < n; u++) {
        const y = r.y[u];
        if (Number.isNaN(y)) continue;
        const N = trials?.[u] ?? 1;
        // a censored observation's PIT is uniform between the CDF at its two ends
        const [yLo, yHi] = family.observationInterval?.(r, u, cp) ?? [y, y];
        if (r.nTraits > 1) {
          const K = r.nTraits;
          for (let a = 0; a < K; a++) {
            mean[a] = scale.eta[(t + a) * n + u];
            for (let b = 0; b < K; b++) cov[a * K + b] = scale.cov[u * T * T + (t + a) * T + (t + b)];
          }
          hi[k][u] += family.jointPredictiveCdf!(r, yHi, mean, cov, cp, N);
          if (!continuous[k]) lo[k][u] += family.jointPredictiveCdf!(r, yLo - 1, mean, cov, cp, N);
          continue;
        }
        const m = scale.eta[t * n + u], v = scale.cov[u * T * T + t * T + t];
        hi[k][u] += predictiveCdf(r, yHi, m, v, cp, N, u);
        if (!continuous[k]) lo[k][u] += predictiveCdf(r, yLo - 1, m, v, cp, N, u);
        else if (yLo !== yHi) lo[k][u] += predictiveCdf(r, yLo, m, v, cp, N, u);
      }
    });
  }
  const alpha = options.alpha ?? 0.05;
  const scalar = responses.map((r, k): QuantileResiduals => {
    const u = new Float64Array(n), z = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(r.y[i])) {
        u[i] = z[i] = NaN;
        continue;
      }
      const Fhi = hi[k][i] / S;
      const interval = familyOf(r).observationInterval?.(r, i, []);
      const Flo = continuous[k] && (!interval || interval[0] === interval[1]) ? Fhi : lo[k][i] / S;
      const p = Math.min(1 - 1e-12, Math.max(1e-12, Flo + rng.uniform() * (Fhi - Flo)));
      u[i] = p;
      z[i] = qnorm(p);
    }
    const ks = ksUniform(u);
    const flagged = ks.pValue < alpha;
    const verdict = `${r.name}: quantile residuals KS D = ${ks.statistic.toFixed(3)}, p = ${ks.pValue.toPrecision(3)}: ${flagged ? "FLAGGED, not uniform: the model's predictive distribution does not fit" : "consistent with uniform"}`;
    return { response: r.name, u, residuals: z, ks, flagged, verdict };
  });
  const steps = sequential.flatMap((acc) => sequentialPit(acc, n, rng).map(({ step, u, underflow }): QuantileResiduals => {
    const ks = ksUniform(u);
    const flagged = ks.pValue < alpha;
    const lost = underflow > 0 ? ` (${underflow} row(s) without a residual: their conditioning probability underflowed)` : "";
    const verdict = `${acc.response.name} [${step}]: quantile residuals KS D = ${ks.statistic.toFixed(3)}, p = ${ks.pValue.toPrecision(3)}: ${flagged ? "FLAGGED, not uniform: the model's predictive distribution does not fit" : "consistent with uniform"}${lost}`;
    return { response: acc.response.name, step, u, residuals: u.map((p) => (Number.isNaN(p) ? NaN : qnorm(p))), ks, flagged, verdict };
  }));
  // in the model's response order
  return model.responses.flatMap((r) => (usesSequential(r) ? steps.filter((s) => s.response === r.name) : scalar.filter((s) => s.response === r.name)));
}
