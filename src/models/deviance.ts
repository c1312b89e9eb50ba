// The log-likelihood MCMCglmm's DIC is built on, at the level of the latent variables: per unit,
// observed Gaussian traits contribute their normal density given the linear predictor and R,
// conditional on the unit's non-Gaussian latent traits (missing Gaussian traits integrated out);
// threshold traits the probability of their interval given the other traits; other families
// log p(y | l). D = -2 log-likelihood; DIC = 2 mean(D) - D(at posterior means).

import { denseCholesky, denseInverseSpd } from "../linalg/dense.js";
import { familyOf } from "./families/registry.js";
import { categoryInterval, logNormalInterval } from "./likelihood.js";
import { fillPatternCovariance, residualLayout } from "./structures/residual-layout.js";
import type { Model } from "./types.js";
import type { FamilyDefinition } from "./families/types.js";
import { log } from "../math/deterministic.js";

const LOG_2PI = log(2 * Math.PI);

export interface LikelihoodInputs {
  readonly latent: Float64Array;
  readonly eta: Float64Array;
  readonly R: Float64Array;
  readonly cutpoints: readonly Float64Array[];
}

export interface DevianceWorkspace {
  readonly keep: Int32Array;
  readonly cond: Int32Array;
  readonly sigma: Float64Array;
  readonly work: Float64Array;
  readonly resid: Float64Array;
  readonly l: Float64Array;
  /** Per residual pattern: the unit block R_p and R_p^-1 (threshold traits conditioned on a unit's other traits). */
  readonly patternR: Float64Array[];
  readonly patternRInv: Float64Array[];
  /** Each response's family definition. */
  readonly families: readonly FamilyDefinition[];
  /**
   * All-Gaussian models: per unit, 1 if every trait is observed (its density then uses its
   * pattern's Cholesky factor, computed once per call instead of once per unit); else null.
   */
  readonly complete: Uint8Array | null;
  /** Every unit complete (all-Gaussian, nothing missing). */
  readonly allComplete: boolean;
  /** Traits in the order the per-unit density takes them (response order), and per pattern the Cholesky factor of R_p in that order. */
  readonly order: Int32Array;
  readonly patternChol: Float64Array[];
  /** Per pattern: -k/2 log 2 pi - log|L_p|, the part of a complete unit's log density that is the same for every unit. */
  readonly patternConstant: Float64Array;
}

export function createDevianceWorkspace(model: Model): DevianceWorkspace {
  const k = model.nTraits;
  return {
    keep: new Int32Array(k),
    cond: new Int32Array(k),
    sigma: new Float64Array(k * k),
    work: new Float64Array(k * k),
    resid: new Float64Array(k),
    l: new Float64Array(k),
    patternR: residualLayout(model).patterns.map(() => new Float64Array(k * k)),
    patternRInv: residualLayout(model).patterns.map(() => new Float64Array(k * k)),
    families: model.responses.map(familyOf),
    complete: completeUnits(model),
    allComplete: completeUnits(model)?.every((c) => c === 1) ?? false,
    order: Int32Array.from(model.responses.flatMap((r) => Array.from({ length: r.nTraits }, (_, j) => r.traitOffset + j))),
    patternChol: residualLayout(model).patterns.map(() => new Float64Array(k * k)),
    patternConstant: new Float64Array(residualLayout(model).patterns.length),
  };
}

function completeUnits(model: Model): Uint8Array | null {
  if (!model.responses.every((r) => familyOf(r).likelihood === "gaussian")) return null;
  const complete = new Uint8Array(model.nUnits);
  for (let u = 0; u < model.nUnits; u++) complete[u] = model.responses.every((r) => !Number.isNaN(r.y[u])) ? 1 : 0;
  return complete;
}

/** Log-likelihood of the data given latent variables, linear predictor, R and cutpoints. */
export function logLikelihood(model: Model, x: LikelihoodInputs, ws: DevianceWorkspace): number {
  const n = model.nUnits;
  const k = model.nTraits;
  let total = 0;
  const kinds = ws.families;
  const layout = residualLayout(model);
  const threshold = k > 1 && kinds.some((f) => f.likelihood === "interval");
  for (let p = 0; p < layout.patterns.length; p++) {
    if (layout.shared) ws.patternR[p].set(x.R.subarray(0, k * k));
    else fillPatternCovariance(layout, p, x.R, k, ws.patternR[p]);
    if (threshold) denseInverseSpd(ws.patternR[p], k, ws.patternRInv[p], ws.work);
    if (ws.complete) {
      const R = ws.patternR[p], sigma = ws.sigma, order = ws.order;
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) sigma[i * k + j] = R[order[i] * k + order[j]];
      const chol = denseCholesky(sigma, k, ws.patternChol[p]);
      let c = -0.5 * k * LOG_2PI;
      for (let i = 0; i < k; i++) c -= log(chol[i * k + i]);
      ws.patternConstant[p] = c;
    }
  }
  // one Gaussian trait, one residual variance, every unit observed: one tight pass
  if (ws.allComplete && k === 1 && layout.shared) return n * ws.patternConstant[0] - 0.5 * standardisedSquares(x.latent, x.eta, ws.patternChol[0][0], n);
  for (let u = 0; u < n; u++) {
    if (ws.complete?.[u]) {
      const p = layout.patternOf[u];
      total += ws.patternConstant[p] - 0.5 * completeQuadraticForm(x, ws.patternChol[p], u, n, k, ws);
      continue;
    }
    const R = ws.patternR[layout.patternOf[u]];
    let nk = 0, nc = 0;
    for (let r = 0; r < model.responses.length; r++) {
      const resp = model.responses[r];
      const family = kinds[r];
      for (let j = 0; j < resp.nTraits; j++) {
        const t = resp.traitOffset + j;
        if (family.likelihood === "gaussian") {
          if (!Number.isNaN(resp.y[u])) ws.keep[nk++] = t;
        } else ws.cond[nc++] = t;
      }
      if (family.likelihood === "latent") {
        for (let j = 0; j < resp.nTraits; j++) ws.l[j] = x.latent[(resp.traitOffset + j) * n + u];
        total += family.logLikelihood(resp, u, ws.l, x.cutpoints[r]);
      } else if (family.likelihood === "interval" && !Number.isNaN(resp.y[u])) {
        total += thresholdLogProbability(model, x, u, r, R, ws.patternRInv[layout.patternOf[u]]);
      }
    }
    if (nk > 0) total += conditionalNormalLogDensity(x, R, u, n, k, nk, nc, ws);
  }
  return total;
}

/**
 * sum_u ((l_u - eta_u) / s)^2, in a function of its own: V8 optimises this small loop after a few
 * calls, where inside logLikelihood it would run unoptimised, boxing its doubles, for the first
 * saved iterations of a fit.
 */
function standardisedSquares(latent: Float64Array, eta: Float64Array, s: number, n: number): number {
  let quad = 0;
  for (let u = 0; u < n; u++) {
    const r = (latent[u] - eta[u]) / s;
    quad += r * r;
  }
  return quad;
}

/** log N(l_K; eta_K + S_KC S_CC^-1 (l_C - eta_C), S_KK - S_KC S_CC^-1 S_CK) for one unit. */
function conditionalNormalLogDensity(x: LikelihoodInputs, R: Float64Array, u: number, n: number, k: number, nk: number, nc: number, ws: DevianceWorkspace): number {
  const { keep, cond, sigma, work, resid } = ws;
  // Schur complement via the Cholesky factor of [S_CC S_CK; S_KC S_KK] ordered cond first.
  const m = nc + nk;
  // trait of position i in the cond-first order (inline, not a closure: this runs per unit per iteration)
  for (let i = 0; i < m; i++) {
    const ti = i < nc ? cond[i] : keep[i - nc];
    for (let j = 0; j < m; j++) sigma[i * m + j] = R[ti * k + (j < nc ? cond[j] : keep[j - nc])];
  }
  denseCholesky(sigma, m, work);
  // forward-solve L z = (l - eta) in the same order; the keep block's z and L diagonal give the
  // conditional density: log N = -0.5 sum_{i in K} z_i^2 - sum log L_ii - nk/2 log 2 pi.
  let logDensity = -0.5 * nk * LOG_2PI;
  for (let i = 0; i < m; i++) {
    const t = i < nc ? cond[i] : keep[i - nc];
    let s = x.latent[t * n + u] - x.eta[t * n + u];
    for (let j = 0; j < i; j++) s -= work[i * m + j] * resid[j];
    resid[i] = s / work[i * m + i];
    if (i >= nc) logDensity -= 0.5 * resid[i] * resid[i] + log(work[i * m + i]);
  }
  return logDensity;
}

/** |L_p^-1 (l_u - eta_u)|^2 for a unit with every trait Gaussian and observed (no conditioning), from its pattern's factor. */
function completeQuadraticForm(x: LikelihoodInputs, chol: Float64Array, u: number, n: number, k: number, ws: DevianceWorkspace): number {
  const { order, resid } = ws;
  let quad = 0;
  for (let i = 0; i < k; i++) {
    const t = order[i];
    let s = x.latent[t * n + u] - x.eta[t * n + u];
    for (let j = 0; j < i; j++) s -= chol[i * k + j] * resid[j];
    resid[i] = s / chol[i * k + i];
    quad += resid[i] * resid[i];
  }
  return quad;
}

/** log P(g_{y-1} < l_t <= g_y) under l_t's normal given the unit's other latent traits. */
function thresholdLogProbability(model: Model, x: LikelihoodInputs, u: number, r: number, R: Float64Array, rInv: Float64Array): number {
  const n = model.nUnits, k = model.nTraits;
  const resp = model.responses[r];
  const t = resp.traitOffset;
  let mean = x.eta[t * n + u];
  let variance = R[t * k + t];
  if (k > 1) {
    // conditional on the other traits, through row t of the precision matrix
    const ptt = rInv[t * k + t];
    for (let s = 0; s < k; s++) if (s !== t) mean -= (rInv[t * k + s] / ptt) * (x.latent[s * n + u] - x.eta[s * n + u]);
    variance = 1 / ptt;
  }
  const sd = Math.sqrt(variance);
  const interval = familyOf(resp).observationInterval;
  const [lo, hi] = interval ? interval(resp, u, x.cutpoints[r]) : categoryInterval(resp.y[u], x.cutpoints[r], resp.categories?.length ?? 2);
  // an exactly observed value (censored families' lower = upper): its normal density
  if (lo === hi) return -0.5 * ((lo - mean) / sd) ** 2 - log(sd) - 0.5 * LOG_2PI;
  return logNormalInterval((lo - mean) / sd, (hi - mean) / sd);
}
