// A random intercept of ONE trait of a multi-trait model as the collapsed trait kernel
// (collapsed-trait-kernel.ts) sees it: coefficient a of random term t (an at.level(trait, k):f
// intercept, or the k-th diagonal element of idh(trait):f) whose Z columns touch trait k's rows
// only, the level of each unit in those rows, and where each of those rows' residual variance
// sits in the chain state. Admitted only when, given everything but these effects, trait k's rows
// are independent of the other traits' rows and of the term's other coefficients:
//   - the unit's residual block is diagonal in trait k (idh/idv residual terms, or trait k alone
//     in its term): r_k = l_k - eta_k + Z_k u_k ~ N(0, sigma^2 Z_k Z_k' + D_k), D_k diagonal;
//   - the coefficient's variance is a prior-independent diagonal element (idh: IG(nu/2,
//     nu V_aa/2) each; a one-dimensional term; with expansion, alpha.V has no covariance with
//     alpha_a, so alpha_a's conditional prior given the others is its marginal N(mu_a, V_aa)).

import type { Model } from "../../../models/types.js";
import { residualLayout } from "../../../models/structures/residual-layout.js";
import { structureOf } from "../../../models/structures/registry.js";
import { coefficientOffsets } from "../location/mme.js";
import type { Prior } from "../../../priors/prior.js";

export interface TraitIntercept {
  readonly t: number;
  /** Coefficient of term t (its diagonal element). */
  readonly a: number;
  /** The trait whose rows the coefficient's columns touch. */
  readonly trait: number;
  /** Level of each unit in trait `trait`'s rows (-1: none). */
  readonly levelOf: Int32Array;
  /** For each unit with a level: index of its trait-`trait` residual variance in state.R. */
  readonly rIndex: Int32Array;
  /** First theta index of the coefficient's effects. */
  readonly thetaStart: number;
  readonly nLevels: number;
}

/** Coefficient a of random term t as a one-trait random intercept, or undefined when not admitted. */
export function traitIntercept(model: Model, prior: Prior, t: number, a: number): TraitIntercept | undefined {
  const term = model.randomTerms[t];
  const pr = prior.G[t];
  if (term.ginverse || term.knownVariance || pr.correlation || a >= pr.fixFrom) return undefined;
  const draw = structureOf(term).varianceDraw;
  const independent = draw === "inverse-gamma-each" || (term.dim === 1 && (draw === "inverse-wishart" || draw === "inverse-gamma-shared"));
  if (!independent || pr.dim !== term.dim) return undefined;
  if (pr.expansion) {
    const h = pr.dim;
    for (let b = 0; b < h; b++) if (b !== a && (pr.expansion.alphaV[a * h + b] !== 0 || pr.expansion.alphaV[b * h + a] !== 0)) return undefined;
  }
  const n = model.nUnits;
  const Z = model.Z;
  const first = term.zOffset + coefficientOffsets(term.nLevels, 0)[a];
  const m = term.nLevels[a];
  const levelOf = new Int32Array(n).fill(-1);
  let trait = -1;
  for (let j = 0; j < m; j++) {
    const c = first + j;
    for (let e = Z.colPtr[c]; e < Z.colPtr[c + 1]; e++) {
      const row = Z.rowIdx[e];
      const k = Math.floor(row / n);
      if (trait === -1) trait = k;
      const u = row - k * n;
      if (Z.values[e] !== 1 || k !== trait || k >= model.nTraits || levelOf[u] !== -1) return undefined;
      levelOf[u] = j;
    }
  }
  if (trait === -1) return undefined;
  const rIndex = residualIndexOf(model, trait, levelOf);
  if (!rIndex) return undefined;
  return { t, a, trait, levelOf, rIndex, thetaStart: model.fixedNames.length + first, nLevels: m };
}

/** Where each unit's trait-k residual variance sits in state.R, or undefined when its block is not diagonal in trait k. */
function residualIndexOf(model: Model, k: number, levelOf: Int32Array): Int32Array | undefined {
  const layout = residualLayout(model);
  const rIndex = new Int32Array(levelOf.length).fill(-1);
  for (let u = 0; u < levelOf.length; u++) {
    if (levelOf[u] < 0) continue;
    const pattern = layout.patterns[layout.patternOf[u]];
    const term = pattern.term[k];
    if (term < 0) return undefined;
    const rTerm = layout.terms[term];
    const d = rTerm.dim;
    // a covariance of trait k with another trait of the same term would couple the rows
    if (d > 1 && structureOf(rTerm).parameters === "matrix") {
      for (let s = 0; s < model.nTraits; s++) if (s !== k && pattern.term[s] === term) return undefined;
    }
    const c = pattern.coef[k];
    rIndex[u] = layout.offsets[term] + c * d + c;
  }
  return rIndex;
}
