// The latent scale of a prediction, one posterior draw at a time. Random terms are either
// conditioned on (their draws enter the linear predictor; a level the fit never saw gets an
// effect drawn from G, as MCMCglmm's predict/simulate do) or marginalised (their variance
// enters each unit's latent covariance, with the residual R): MCMCglmm's `marginal` argument,
// whose default marginalises every random term.

import { ModelSpecError } from "../errors.js";
import { denseCholesky } from "../linalg/dense.js";
import { fillPatternCovariance, residualLayout } from "../models/structures/residual-layout.js";
import type { Model } from "../models/types.js";
import type { PredictionDesign } from "../models/newdata.js";
import type { Rng } from "../random/index.js";
import type { DrawReader } from "./draw-access.js";

/**
 * Which random terms to marginalise: undefined = all (MCMCglmm's default), null / [] / "~" / ""
 * = none (condition on every term), or the terms by label or factor: "~district",
 * "~BROOD + LOCATION", ["district"].
 */
export type MarginalSpec = string | readonly string[] | null | undefined;

export function marginalisedTerms(model: Model, marginal: MarginalSpec): boolean[] {
  const terms = model.randomTerms;
  if (marginal === undefined) return terms.map(() => true);
  if (marginal === null) return terms.map(() => false);
  const names = (typeof marginal === "string" ? marginal.replace(/^\s*~/, "").split("+") : [...marginal]).map((s) => s.trim()).filter((s) => s !== "");
  const out = terms.map(() => false);
  for (const name of names) {
    const k = terms.findIndex((t) => t.label === name || t.label.replace(/\s/g, "") === name.replace(/\s/g, "") || t.factor === name);
    if (k < 0) {
      throw new ModelSpecError(`marginal names "${name}", which is not a random term of the model (terms: ${terms.map((t) => t.label).join(", ") || "none"})`);
    }
    out[k] = true;
  }
  return out;
}

export interface LatentScale {
  /** Linear predictor over the stacked rows: X beta + the conditioned terms' effects. */
  readonly eta: Float64Array;
  /** Per unit, the T x T latent covariance: R + the marginalised terms' variance. */
  readonly cov: Float64Array;
  /** Recompute eta and cov for the draw loaded in the reader (rng draws effects of unseen levels). */
  update(rng: Rng): void;
  /** Add to `latent` (stacked rows) fresh effects of the marginalised terms, one per level, drawn from G. */
  addMarginalEffects(rng: Rng, latent: Float64Array): void;
  /** Add to `latent` one residual per unit drawn from N(0, R). */
  addResiduals(rng: Rng, latent: Float64Array): void;
}

/** z ~ N(0, G) into out (length k), via the Cholesky factor L of G (semi-definite G with zero rows allowed). */
function drawNormal(rng: Rng, L: Float64Array, k: number, z: Float64Array, out: Float64Array): void {
  for (let a = 0; a < k; a++) z[a] = rng.normal();
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let b = 0; b <= a; b++) s += L[a * k + b] * z[b];
    out[a] = s;
  }
}

/** Cholesky factor of a covariance that may be singular (fixed zero variances): a tiny ridge where needed. */
function cholesky(G: Float64Array, k: number, out: Float64Array): Float64Array {
  try {
    return denseCholesky(G, k, out);
  } catch {
    let scale = 0;
    for (let a = 0; a < k; a++) scale = Math.max(scale, G[a * k + a]);
    const ridged = G.slice();
    for (let a = 0; a < k; a++) ridged[a * k + a] += 1e-12 * (scale || 1);
    return denseCholesky(ridged, k, out);
  }
}

export function latentScale(model: Model, design: PredictionDesign, reader: DrawReader, marginalise: readonly boolean[]): LatentScale {
  const n = design.nUnits, T = design.nTraits, rows = n * T;
  const v = reader.values;
  design.terms.forEach((tr, i) => {
    if (marginalise[i] || reader.hasRandom) return;
    if (tr.column.some((c) => c >= 0)) {
      throw new ModelSpecError(
        `conditioning on random term "${tr.term.label}" needs its random-effect draws: fit with pr: true, or marginalise it (marginal: "~${tr.term.label}")`,
      );
    }
  });
  // Residual blocks per unit (models/structures/residual-layout.ts): known for the training rows;
  // new rows would need the rcov factors' values, so a residual that differs between units is refused there.
  const layout = residualLayout(model);
  if (!layout.shared && design.isNew) {
    throw new ModelSpecError(
      `rcov "${model.spec.rcov}" gives units different residual variances: predict/simulate for new data is not available for it (the training rows are)`,
    );
  }
  const patternR = layout.shared ? [] : layout.patterns.map(() => new Float64Array(T * T));
  const patternChol = patternR.map(() => new Float64Array(T * T));
  function refreshPatterns(): void {
    for (let p = 0; p < patternR.length; p++) fillPatternCovariance(layout, p, v.residual, T, patternR[p]);
  }
  const eta = new Float64Array(rows);
  const cov = new Float64Array(n * T * T);
  const chol = model.randomTerms.map((t) => new Float64Array(t.dim * t.dim));
  const cholR = new Float64Array(T * T);
  const z = new Float64Array(Math.max(T, ...model.randomTerms.map((t) => t.dim), 1));
  const b = new Float64Array(z.length);
  const effects = design.terms.map((tr) => new Float64Array(tr.levels.length * tr.term.dim));

  /** effects[i][level * dim + a] ~ N(0, G_i) per level. */
  function drawEffects(i: number, rng: Rng, onlyUnseen: boolean): void {
    const tr = design.terms[i];
    const k = tr.term.dim;
    cholesky(v.G[i], k, chol[i]);
    const eff = effects[i];
    for (let l = 0; l < tr.levels.length; l++) {
      if (onlyUnseen) {
        let unseen = false;
        for (let a = 0; a < k; a++) if (tr.column[l * k + a] < 0) unseen = true;
        if (!unseen) continue;
      }
      drawNormal(rng, chol[i], k, z, b);
      for (let a = 0; a < k; a++) eff[l * k + a] = b[a];
    }
  }

  function addTerm(i: number, latent: Float64Array, useFit: boolean): void {
    const tr = design.terms[i];
    const k = tr.term.dim;
    const eff = effects[i];
    const S = tr.slots;
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let p = r * S; p < (r + 1) * S; p++) {
        const l = tr.level[p];
        if (l < 0) continue;
        for (let a = 0; a < k; a++) {
          const c = tr.column[l * k + a];
          s += tr.coef[p * k + a] * (useFit && c >= 0 ? v.u[c] : eff[l * k + a]);
        }
      }
      latent[r] += s;
    }
  }

  return {
    eta,
    cov,
    update(rng) {
      eta.fill(0);
      const X = design.X;
      for (let j = 0; j < X.ncol; j++) {
        const beta = v.beta[j];
        for (let e = X.colPtr[j]; e < X.colPtr[j + 1]; e++) eta[X.rowIdx[e]] += X.values[e] * beta;
      }
      if (layout.shared) for (let u = 0; u < n; u++) cov.set(v.R, u * T * T);
      else {
        refreshPatterns();
        for (let u = 0; u < n; u++) cov.set(patternR[layout.patternOf[u]], u * T * T);
      }
      design.terms.forEach((tr, i) => {
        if (!marginalise[i]) {
          drawEffects(i, rng, true);
          addTerm(i, eta, true);
          return;
        }
        const k = tr.term.dim;
        const G = v.G[i];
        const S = tr.slots;
        // memberships at the same level share its effect: cov(row t, row s) += x_p' G x_q
        for (let u = 0; u < n; u++) {
          for (let t = 0; t < T; t++) {
            for (let pt = (t * n + u) * S; pt < (t * n + u + 1) * S; pt++) {
              const lt = tr.level[pt];
              if (lt < 0) continue;
              for (let s = 0; s < T; s++) {
                for (let ps = (s * n + u) * S; ps < (s * n + u + 1) * S; ps++) {
                  if (tr.level[ps] !== lt) continue;
                  let c = 0;
                  for (let a = 0; a < k; a++) {
                    const xa = tr.coef[pt * k + a];
                    if (xa === 0) continue;
                    for (let bb = 0; bb < k; bb++) c += xa * G[a * k + bb] * tr.coef[ps * k + bb];
                  }
                  cov[u * T * T + t * T + s] += c;
                }
              }
            }
          }
        }
      });
    },
    addMarginalEffects(rng, latent) {
      design.terms.forEach((_, i) => {
        if (!marginalise[i]) return;
        drawEffects(i, rng, false);
        addTerm(i, latent, false);
      });
    },
    addResiduals(rng, latent) {
      if (!layout.shared) {
        refreshPatterns();
        for (let p = 0; p < patternR.length; p++) cholesky(patternR[p], T, patternChol[p]);
      } else cholesky(v.R, T, cholR);
      for (let u = 0; u < n; u++) {
        drawNormal(rng, layout.shared ? cholR : patternChol[layout.patternOf[u]], T, z, b);
        for (let t = 0; t < T; t++) latent[t * n + u] += b[t];
      }
    },
  };
}
