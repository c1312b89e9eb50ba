// Derived quantities computed per draw from the (co)variance draws, each then summarised with
// its own ESS and intervals: correlations within every unstructured term (genetic, residual),
// phenotypic correlations, heritabilities when there is an `animal` term, and any user function
// of the VCV values.

import { structureOf, vcvIndex } from "../models/structures/registry.js";
import { residualLayout } from "../models/structures/residual-layout.js";
import { makeUnique } from "../models/structures/unique-names.js";
import type { CovarianceTerm, Model } from "../models/types.js";
import type { Draws } from "./draws.js";
import { covuJointNames, covuRowLabels, covuTerm } from "../models/structures/covu-names.js";

/** A function of one draw's (co)variances, by VCV name (e.g. v["traittarsus:traittarsus.animal"]). */
export type DerivedFunction = (vcv: Readonly<Record<string, number>>) => number;

/** "traittarsus" -> "tarsus"; other coefficient names unchanged. */
function coefLabel(coef: string, model: Model): string {
  const t = model.traitNames.find((name) => coef === `trait${name}`);
  return t ?? coef;
}

function varianceName(term: CovarianceTerm, a: number): string {
  return term.vcvNames[vcvIndex(term, a, a)];
}

function covarianceName(term: CovarianceTerm, a: number, b: number): string | undefined {
  const i = vcvIndex(term, a, b);
  return i < 0 ? undefined : term.vcvNames[i];
}

/** The (co)variance names of every term for coefficient `coef` (a trait), or undefined. */
function termVariance(term: CovarianceTerm, coef: string, single: boolean): string | undefined {
  const a = term.coefNames.indexOf(coef);
  if (a >= 0) return varianceName(term, a);
  if (single && term.dim === 1) return term.vcvNames[0];
  if (structureOf(term).parameters === "shared-variance" && term.coefNames.length > 0 && term.coefNames.every((c) => c.startsWith("trait"))) return term.vcvNames[0];
  return undefined;
}

/**
 * The derived quantities mcglmm reports by default for a model.
 *
 * @example
 * ```ts
 * Object.keys(defaultDerived(buildModel(spec, data)));
 * // e.g. ["cor.animal.tarsus.back", "h2.tarsus", "h2.back", "cor.phenotypic.tarsus.back"]
 * ```
 */
export function defaultDerived(model: Model): Record<string, DerivedFunction> {
  const out: Record<string, DerivedFunction> = {};
  const covu = covuTerm(model);
  if (covu !== undefined) return covuDerived(model, covu);
  // the mev term's variance (held at 1) scales each row's own sampling variance: not a component of the trait's variance
  const terms = [...model.randomTerms.filter((t) => !t.knownVariance), ...model.residualTerms];
  for (const term of terms) {
    // corgh's correlations too (its covariances are scaled by the fixed variances); corg's are its VCV
    if (!structureOf(term).derivedCorrelations || term.dim < 2) continue;
    for (let a = 0; a < term.dim; a++) {
      for (let b = a + 1; b < term.dim; b++) {
        const cov = covarianceName(term, a, b)!;
        const va = varianceName(term, a), vb = varianceName(term, b);
        // two terms over one factor (us(trait):g + corgh(trait):g) keep their correlations apart
        const [name] = makeUnique([...Object.keys(out), `cor.${term.factor}.${coefLabel(term.coefNames[a], model)}.${coefLabel(term.coefNames[b], model)}`]).slice(-1);
        out[name] = (v) => v[cov] / Math.sqrt(v[va] * v[vb]);
      }
    }
  }
  // with residual variances that differ between units (idh(sex):units) there is no one phenotypic
  // variance per trait: heritabilities and phenotypic correlations are left to the user
  if (!residualLayout(model).shared) return out;
  const traits = model.nTraits > 1 ? model.traitNames.map((t) => `trait${t}`) : [""];
  const single = model.nTraits === 1;
  const phenotypic = traits.map((coef) => terms.map((t) => termVariance(t, coef, single)).filter((x): x is string => x !== undefined));
  const animal = model.randomTerms.find((t) => t.factor === "animal");
  if (animal) {
    traits.forEach((coef, i) => {
      const va = termVariance(animal, coef, single);
      const parts = phenotypic[i];
      if (!va || parts.length === 0) return;
      out[single ? "h2" : `h2.${model.traitNames[i]}`] = (v) => v[va] / parts.reduce((s, p) => s + v[p], 0);
    });
  }
  if (model.nTraits > 1) {
    for (let a = 0; a < traits.length; a++) {
      for (let b = a + 1; b < traits.length; b++) {
        const covs = terms.map((t) => {
          const i = t.coefNames.indexOf(traits[a]), j = t.coefNames.indexOf(traits[b]);
          return i >= 0 && j >= 0 ? covarianceName(t, i, j) : undefined;
        }).filter((x): x is string => x !== undefined);
        if (covs.length === 0 || phenotypic[a].length === 0 || phenotypic[b].length === 0) continue;
        const pa = phenotypic[a], pb = phenotypic[b];
        out[`cor.phenotypic.${model.traitNames[a]}.${model.traitNames[b]}`] = (v) =>
          covs.reduce((s, c) => s + v[c], 0) / Math.sqrt(pa.reduce((s, p) => s + v[p], 0) * pb.reduce((s, p) => s + v[p], 0));
      }
    }
  }
  return out;
}

/**
 * covu models: the correlations of each matrix as above, the joint matrix's among its rows
 * ("cor.<row>.<row>", rows labelled as in its VCV names); no heritability or phenotypic
 * correlation, whose sums would need the joint matrix's algebra.
 */
function covuDerived(model: Model, covu: number): Record<string, DerivedFunction> {
  const out: Record<string, DerivedFunction> = {};
  const others = [...model.randomTerms.filter((t, i) => !t.knownVariance && i !== covu), ...model.residualTerms.slice(1)];
  for (const term of others) {
    if (!structureOf(term).derivedCorrelations || term.dim < 2) continue;
    for (let a = 0; a < term.dim; a++) {
      for (let b = a + 1; b < term.dim; b++) {
        const cov = covarianceName(term, a, b)!, va = varianceName(term, a), vb = varianceName(term, b);
        const [name] = makeUnique([...Object.keys(out), `cor.${term.factor}.${coefLabel(term.coefNames[a], model)}.${coefLabel(term.coefNames[b], model)}`]).slice(-1);
        out[name] = (v) => v[cov] / Math.sqrt(v[va] * v[vb]);
      }
    }
  }
  const g = model.randomTerms[covu], r = model.residualTerms[0];
  const labels = [...covuRowLabels(g), ...covuRowLabels(r)], names = covuJointNames(g, r), k = labels.length;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const cov = names[b * k + a], va = names[a * k + a], vb = names[b * k + b];
      const [name] = makeUnique([...Object.keys(out), `cor.${labels[a]}.${labels[b]}`]).slice(-1);
      out[name] = (v) => v[cov] / Math.sqrt(v[va] * v[vb]);
    }
  }
  return out;
}

/** Per-chain draws of each derived quantity. */
export function deriveDraws(draws: Draws, vcvNames: readonly string[], functions: Record<string, DerivedFunction>): Record<string, Float64Array[]> {
  const columns = vcvNames.map((n) => draws.names.indexOf(n));
  const out: Record<string, Float64Array[]> = {};
  for (const name of Object.keys(functions)) out[name] = draws.chains.map((c) => new Float64Array(c[0]?.length ?? 0));
  const v: Record<string, number> = {};
  draws.chains.forEach((chain, c) => {
    const n = chain[0]?.length ?? 0;
    for (let i = 0; i < n; i++) {
      vcvNames.forEach((name, j) => { v[name] = chain[columns[j]][i]; });
      for (const [name, f] of Object.entries(functions)) out[name][c][i] = f(v);
    }
  });
  return out;
}
