// Starting values, over-dispersed across chains so that R-hat means something: latent variables
// from the data on the link scale, then variances drawn around the latent variance with a
// chain-specific random factor (fixed blocks start, and stay, at their prior V).

import { familyOf } from "../../models/families/registry.js";
import type { Model, Response } from "../../models/types.js";
import type { Prior, VariancePrior } from "../../priors/prior.js";
import type { Rng } from "../../random/index.js";
import type { ChainState } from "./state.js";

export function initialiseState(model: Model, prior: Prior, state: ChainState, rng: Rng): void {
  const n = model.nUnits;
  for (const response of model.responses) initialLatent(response, n, state.latent, rng);
  const spread = traitVariances(state.latent, n, model.nTraits);
  const scale = spread.reduce((a, b) => a + b, 0) / spread.length;
  // Residual: a random share of the latent variance of each residual coefficient's rows (with the
  // usual R, coefficient = trait: each trait's latent variance).
  model.residualTerms.forEach((term, t) => {
    const rowSpread = coefficientVariances(state.latent, model.residualIndex, t, term.dim);
    fillStart(state.RTerms[t], term.dim, (a) => rowSpread[a] * uniformBetween(rng, 0.2, 1.2), prior.R[t]);
  });
  model.randomTerms.forEach((term, t) => {
    fillStart(state.G[t], term.dim, () => scale * uniformBetween(rng, 0.05, 1), prior.G[t]);
  });
  state.cutpoints.forEach((cp, r) => initialCutpoints(model.responses[r], cp));
  state.theta.fill(0);
  state.eta.fill(0);
}

function uniformBetween(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.uniform();
}

/** Diagonal start from `value`, with any fixed trailing block (and idv equal diagonals) at V. */
function fillStart(M: Float64Array, k: number, value: (a: number) => number, prior: VariancePrior): void {
  M.fill(0);
  if (prior.correlation) {
    // corg/corgh: start at zero correlations, the variances being fixed
    for (let a = 0; a < k; a++) M[a * k + a] = prior.correlation.variances[a];
    return;
  }
  const pk = prior.dim;
  if (pk === 1 && k > 1) {
    // idv: one variance for all coefficients.
    const v = prior.fixFrom === 0 ? prior.V[0] : value(0);
    for (let a = 0; a < k; a++) M[a * k + a] = v;
    return;
  }
  for (let a = 0; a < k; a++) M[a * k + a] = Math.max(value(a), 1e-8);
  for (let a = prior.fixFrom; a < k; a++) {
    for (let b = 0; b < k; b++) {
      if (b >= prior.fixFrom) M[a * k + b] = prior.V[a * k + b];
      else { M[a * k + b] = 0; M[b * k + a] = 0; }
    }
  }
}

/** Variance of the latent values over the rows of each coefficient of residual term t (1 when it has none). */
function coefficientVariances(l: Float64Array, index: Model["residualIndex"], t: number, d: number): number[] {
  const s = new Float64Array(d), s2 = new Float64Array(d), count = new Float64Array(d);
  for (let row = 0; row < l.length; row++) {
    if (index.term[row] !== t) continue;
    const a = index.coef[row], x = l[row];
    s[a] += x; s2[a] += x * x; count[a]++;
  }
  return Array.from({ length: d }, (_, a) => {
    if (count[a] === 0) return 1;
    const mean = s[a] / count[a];
    const v = s2[a] / count[a] - mean * mean;
    return v > 1e-8 ? v : 1;
  });
}

function traitVariances(l: Float64Array, n: number, k: number): number[] {
  const out: number[] = [];
  for (let a = 0; a < k; a++) {
    let s = 0, s2 = 0;
    for (let u = 0; u < n; u++) { const x = l[a * n + u]; s += x; s2 += x * x; }
    const mean = s / n;
    const v = s2 / n - mean * mean;
    out.push(v > 1e-8 ? v : 1);
  }
  return out;
}

/** Latent starting values on the link scale, jittered; missing values start at the trait mean. */
function initialLatent(r: Response, n: number, l: Float64Array, rng: Rng): void {
  const K = r.nTraits;
  const family = familyOf(r);
  for (let j = 0; j < K; j++) {
    const row = (r.traitOffset + j) * n;
    let sum = 0, count = 0;
    for (let u = 0; u < n; u++) {
      const y = r.y[u];
      if (Number.isNaN(y)) { l[row + u] = NaN; continue; }
      const v = family.linkStart(r, y, j, u) + (family.jitterStart ? 0.1 * rng.normal() : 0);
      l[row + u] = v;
      sum += v; count++;
    }
    const mean = count > 0 ? sum / count : 0;
    for (let u = 0; u < n; u++) if (Number.isNaN(l[row + u])) l[row + u] = mean;
  }
}

function initialCutpoints(r: Response, cp: Float64Array): void {
  for (let i = 0; i < cp.length; i++) cp[i] = i;
}
