// Reading one posterior draw's parameters back into the shapes the model uses: beta, each G
// block and R as dense k x k matrices (from MCMCglmm's VCV names), cutpoints per response and
// the random effects (fits made with pr: true). Draws are pooled over chains; a selection keeps
// per chain the same evenly spaced iterations, so chain structure survives for MCSEs.

import { loadVcv } from "../models/structures/registry.js";
import { cutpointNames, familyOf } from "../models/families/index.js";
import { ModelSpecError } from "../errors.js";
import { residualLayout } from "../models/structures/residual-layout.js";
import { covuTerm } from "../models/structures/covu-names.js";
import type { CovarianceTerm, Model } from "../models/types.js";
import type { Draws } from "./draws.js";

export interface DrawSelection {
  /** Chain of each selected draw. */
  readonly chain: Int32Array;
  /** Iteration (within its chain) of each selected draw. */
  readonly iteration: Int32Array;
  /** Selected draws per chain (equal for every chain). */
  readonly perChain: number;
}

/** Up to `max` draws (all when undefined), the same evenly spaced iterations of every chain. */
export function selectDraws(draws: Draws, max?: number): DrawSelection {
  const C = draws.chains.length;
  const N = C === 0 ? 0 : (draws.chains[0][0]?.length ?? 0);
  if (C === 0 || N === 0) throw new ModelSpecError("the fit has no saved draws");
  const per = max === undefined ? N : Math.max(1, Math.min(N, Math.floor(max / C)));
  const chain = new Int32Array(C * per), iteration = new Int32Array(C * per);
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < per; i++) {
      chain[c * per + i] = c;
      iteration[c * per + i] = Math.floor(((i + 0.5) * N) / per);
    }
  }
  return { chain, iteration, perChain: per };
}

/** The dense k x k covariance matrix of a term from one draw (its stored VCV values by name). */
function fillCovariance(term: CovarianceTerm, get: (name: string) => number, out: Float64Array): void {
  loadVcv(term, (i) => get(term.vcvNames[i]), out);
}

/** One draw's parameters, refilled in place by `load`. */
export interface DrawValues {
  readonly beta: Float64Array;
  /** Per random term, its k x k G (row-major). */
  readonly G: Float64Array[];
  /** Residual covariance over all traits (nTraits x nTraits), when one residual term is shared by every unit. */
  readonly R: Float64Array;
  /**
   * Every residual term's matrix back to back, as the chain state stores them
   * (models/structures/residual-layout.ts): each unit's block is read from here.
   */
  readonly residual: Float64Array;
  /** Per response: cutpoints (0, g2, ..., g(K-1)) for threshold/ordinal, else empty. */
  readonly cutpoints: Float64Array[];
  /** Random effects (model.randomNames order); NaN when the fit has none stored. */
  readonly u: Float64Array;
}

export interface DrawReader {
  readonly values: DrawValues;
  readonly hasRandom: boolean;
  /** Load draw (chain, iteration) into `values`. */
  load(chain: number, iteration: number): void;
}

export function drawReader(model: Model, draws: Draws): DrawReader {
  // as MCMCglmm's predict/simulate ("the model is a covu model and predictions are not yet implemented")
  if (covuTerm(model) !== undefined) throw new ModelSpecError("predictions, simulations and the quantities built on them (ppc, residuals, WAIC, LOO) are not implemented for covu models (prior R covu = true), as in MCMCglmm");
  // long-format data sit on mcglmm's unit x trait grid (models/long/); reading draws back per data row is not built
  if (model.long !== undefined) throw new ModelSpecError("predictions, simulations and the quantities built on them (ppc, residuals, WAIC, LOO) are not implemented for long-format data (family = null) in mcglmm");
  const index = new Map(draws.names.map((n, p) => [n, p]));
  const col = (name: string): number => {
    const p = index.get(name);
    if (p === undefined) throw new ModelSpecError(`the fit has no draws of "${name}"`);
    return p;
  };
  const fixedCols = Int32Array.from(model.fixedNames, col);
  const randomCols = Int32Array.from(model.randomNames, (n) => index.get(n) ?? -1);
  const hasRandom = model.randomNames.length === 0 || randomCols.every((p) => p >= 0);
  const res = model.residualTerms[0];
  const layout = residualLayout(model);
  const cutNames = model.responses.map((r) => cutpointNames(r).map(col));
  const values: DrawValues = {
    beta: new Float64Array(fixedCols.length),
    G: model.randomTerms.map((t) => new Float64Array(t.dim * t.dim)),
    R: new Float64Array(model.nTraits * model.nTraits),
    residual: new Float64Array(layout.size),
    cutpoints: model.responses.map((r) => new Float64Array(familyOf(r).cutpointCount(r))),
    u: new Float64Array(randomCols.length).fill(NaN),
  };
  const resWork = new Float64Array(res.dim * res.dim);
  const residualViews = model.residualTerms.map((t, k) => values.residual.subarray(layout.offsets[k], layout.offsets[k] + t.dim * t.dim));
  return {
    values,
    hasRandom,
    load(c, i) {
      const chain = draws.chains[c];
      const get = (name: string) => chain[col(name)][i];
      for (let j = 0; j < fixedCols.length; j++) values.beta[j] = chain[fixedCols[j]][i];
      model.randomTerms.forEach((t, k) => fillCovariance(t, get, values.G[k]));
      model.residualTerms.forEach((t, k) => fillCovariance(t, get, residualViews[k]));
      if (layout.shared) {
        fillCovariance(res, get, resWork);
        if (res.dim === model.nTraits) values.R.set(resWork);
        else for (let a = 0; a < model.nTraits; a++) values.R[a * model.nTraits + a] = resWork[0];
      }
      cutNames.forEach((cols, r) => {
        const cp = values.cutpoints[r];
        if (cp.length === 0) return;
        cp[0] = 0;
        for (let j = 0; j < cols.length; j++) cp[j + 1] = chain[cols[j]][i];
      });
      if (hasRandom) for (let j = 0; j < randomCols.length; j++) values.u[j] = chain[randomCols[j]][i];
    },
  };
}
