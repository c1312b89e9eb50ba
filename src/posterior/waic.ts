// WAIC (Watanabe 2010), computed as Vehtari, Gelman & Gabry (2017, eqs. 3-5): from the
// pointwise log-likelihood log p(y_i | theta_s), lppd_i = log mean_s p(y_i | theta_s),
// p_waic_i = var_s log p(y_i | theta_s), elpd_waic = sum_i (lppd_i - p_waic_i),
// waic = -2 elpd_waic. The unit i is one row of the data (all its traits). The likelihood is
// conditional on the random effects (a fit with pr: true) and marginal over the latent
// residual: Gaussian traits by their joint normal density under R; a non-Gaussian response by
// integrating its latent trait(s) over N(eta, R) (adaptive quadrature in one dimension). For
// several responses of different families the residual covariance between them is ignored
// (the unit's density is the product of the responses' marginals). DIC (MCMCglmm's) is dic().

import { familyOf } from "../models/families/registry.js";
import { ModelSpecError } from "../errors.js";
import type { Fit } from "../fit.js";
import { predictionDesign } from "../models/newdata.js";
import { createStream } from "../random/index.js";
import { computeDic, type Dic } from "./dic.js";
import { drawReader, selectDraws } from "./draw-access.js";
import { logNormalDensity, logPredictiveDensity } from "./family-scale.js";
import { latentScale } from "./linear-predictor.js";
import { exp, log } from "../math/deterministic.js";

export interface WaicOptions {
  /** Posterior draws used (default all). */
  maxDraws?: number;
}

export interface Waic {
  readonly elpd_waic: number;
  readonly p_waic: number;
  readonly waic: number;
  /** Standard error of elpd_waic: sqrt(n var_i(elpd_i)). */
  readonly se_elpd_waic: number;
  readonly pointwise: {
    readonly lppd: Float64Array;
    readonly p_waic: Float64Array;
    readonly elpd_waic: Float64Array;
  };
  /** logLik[i][s]: log p(y_i | theta_s), units by draws. */
  readonly logLik: readonly Float64Array[];
  /** Units with p_waic_i > 0.4, where WAIC is unreliable (Vehtari et al. 2017). */
  readonly warnings: readonly string[];
}

/**
 * log p(y_i | theta_s) for every unit and selected draw.
 *
 * @example
 * ```ts
 * const ll = pointwiseLogLikelihood(result); // ll[i][s], units by draws (a fit with pr: true)
 * await writeLogLikCsv("log_lik.csv", ll, logLikChainIds(result));
 * ```
 */
export function pointwiseLogLikelihood(fit: Fit, options: WaicOptions = {}): Float64Array[] {
  const model = fit.model;
  const design = predictionDesign(model);
  const reader = drawReader(model, fit.chainDraws);
  if (!reader.hasRandom) {
    throw new ModelSpecError("WAIC conditions on the random effects: refit with pr: true so their draws are kept");
  }
  const scale = latentScale(model, design, reader, model.randomTerms.map(() => false));
  const sel = selectDraws(fit.chainDraws, options.maxDraws);
  const S = sel.chain.length, n = model.nUnits, T = model.nTraits;
  const rng = createStream(fit.settings.seed, 1); // unused: no unseen levels in the training data
  const out = Array.from({ length: n }, () => new Float64Array(S));
  const gauss = model.responses.filter((r) => familyOf(r).likelihood === "gaussian").map((r) => r.traitOffset);
  const others = model.responses.map((r, k) => ({ r, k })).filter(({ r }) => familyOf(r).likelihood !== "gaussian");
  const y = new Float64Array(T), m = new Float64Array(T), sub = new Float64Array(T * T), idx = new Int32Array(T);
  for (let s = 0; s < S; s++) {
    reader.load(sel.chain[s], sel.iteration[s]);
    scale.update(rng);
    const { eta, cov } = scale;
    for (let u = 0; u < n; u++) {
      const base = u * T * T;
      let total = 0;
      let k = 0;
      for (const t of gauss) {
        const v = model.responses.find((r) => r.traitOffset === t)!.y[u];
        if (!Number.isNaN(v)) {
          idx[k] = t;
          y[k] = v;
          m[k] = eta[t * n + u];
          k++;
        }
      }
      if (k > 0) {
        for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) sub[a * k + b] = cov[base + idx[a] * T + idx[b]];
        total += logNormalDensity(y, m, sub, k);
      }
      for (const { r, k: ri } of others) {
        const K = r.nTraits, o = r.traitOffset;
        for (let a = 0; a < K; a++) {
          m[a] = eta[(o + a) * n + u];
          for (let b = 0; b < K; b++) sub[a * K + b] = cov[base + (o + a) * T + (o + b)];
        }
        total += logPredictiveDensity(r, u, m, sub, reader.values.cutpoints[ri]);
      }
      out[u][s] = total;
    }
  }
  return out;
}

/**
 * WAIC with its pointwise terms.
 *
 * @example
 * ```ts
 * const w = waic(await fit(spec, data, { pr: true }));
 * w.waic, w.se_elpd_waic;
 * ```
 */
export function waic(fit: Fit, options: WaicOptions = {}): Waic {
  const logLik = pointwiseLogLikelihood(fit, options);
  const n = logLik.length;
  const lppd = new Float64Array(n), pw = new Float64Array(n), elpd = new Float64Array(n);
  const warnings: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = logLik[i];
    const S = x.length;
    let top = -Infinity, mean = 0;
    for (const v of x) {
      top = Math.max(top, v);
      mean += v;
    }
    mean /= S;
    let s = 0, ss = 0;
    for (const v of x) {
      s += exp(v - top);
      ss += (v - mean) * (v - mean);
    }
    lppd[i] = top + log(s / S);
    pw[i] = ss / (S - 1);
    elpd[i] = lppd[i] - pw[i];
    if (pw[i] > 0.4) warnings.push(`unit ${i + 1}: p_waic = ${pw[i].toFixed(2)} > 0.4`);
  }
  const sum = (a: Float64Array) => a.reduce((t, v) => t + v, 0);
  const elpdTotal = sum(elpd);
  const meanElpd = elpdTotal / n;
  const se = Math.sqrt(n * (elpd.reduce((t, v) => t + (v - meanElpd) ** 2, 0) / (n - 1)));
  const summary = warnings.length > 0 ? [`${warnings.length} of ${n} units have p_waic > 0.4: WAIC may be unreliable (consider PSIS-LOO)`] : [];
  return {
    elpd_waic: elpdTotal,
    p_waic: sum(pw),
    waic: -2 * elpdTotal,
    se_elpd_waic: se,
    pointwise: { lppd, p_waic: pw, elpd_waic: elpd },
    logLik,
    warnings: [...summary, ...warnings.slice(0, 10)],
  };
}

/**
 * MCMCglmm's DIC of the fit (null when the run kept no deviance).
 *
 * @example
 * ```ts
 * dic(result)?.dic;
 * ```
 */
export function dic(fit: Fit): Dic | null {
  return computeDic(fit.model, fit.run.deviance, fit.run.sums);
}
