// MCMCglmm's `covu` (prior$R$covu = TRUE): the last G term's effects covary with the (first)
// residual term, the two forming one covariance matrix with prior R's {V, nu} over both (prior G
// has no element for that term, as in MCMCglmm), drawn by augmenting the G term's Z with
// beta = Sigma_RG Sigma_GG^-1 (times I over the levels, which must be the same in both terms) and
// leaving the Schur complement as the residual covariance (R/MCMCglmm.R; the sampler's side is
// samplers/kernels/covu/). covu = false (the default) is accepted, and covu on a G prior is
// refused as MCMCglmm refuses it. With several residual terms (R1, R2, ...) the first joins the G
// term and the others are drawn as usual; on long-format data R1's empty slots get MCMCglmm's dummy
// rows (models/long/covu-dummies.ts). What mcglmm cannot fit the way MCMCglmm does (idh/cor/ante
// pairs, fix or expansion in the joint prior, start values, prior_only, mev)
// is refused by name.

import { ModelSpecError, PriorError } from "../errors.js";
import type { CovarianceTerm, Model, PriorSpec, VariancePriorSpec } from "../models/types.js";
import { covuJointNames, covuTerm } from "../models/structures/covu-names.js";
import { isPositiveDefinite, isSymmetric, toSquare } from "./matrix-spec.js";
import type { VariancePrior } from "./prior.js";

/** The covu pairing of a model: the G term, and prior R's {V, nu} over its and the residual's dimensions. */
export interface CovuPrior {
  readonly term: number;
  /** (qG + qR) x (qG + qR): the G term's coefficients first, as MCMCglmm's joint matrix. */
  readonly joint: VariancePrior;
}

function covuOf(spec: unknown): unknown {
  return typeof spec === "object" && spec !== null ? (spec as { covu?: unknown }).covu : undefined;
}

/**
 * MCMCglmm's own checks of a covu model (R/MCMCglmm.R, R/buildZ.R, R/priorformat.R), so that a
 * model it would refuse is refused for that reason: a random term to pair with, without a
 * relationship matrix, a residual that is not antedependence, and as many levels in the two terms
 * (MCMCglmm pairs the levels by position: mcglmm also asks for the same level names).
 */
function checkCovuModel(model: Model, label: string): void {
  const estimated = model.randomTerms.filter((t) => !t.knownVariance);
  const g = estimated[estimated.length - 1];
  const r = model.residualTerms[0];
  if (g === undefined) throw new PriorError(`prior ${label}: covu = true needs a random term (the last one covaries with the residual), but the model has none`);
  if (g.ginverse) throw new PriorError(`prior ${label}: covu random effects cannot be associated with a ginverse (${g.label}), as in MCMCglmm`);
  if (r.order !== undefined) throw new PriorError(`prior ${label}: covu = true cannot be used with antedependence structures (${r.label}), as in MCMCglmm`);
  const gLevels = g.levelNames[0] ?? [], rLevels = r.levelNames[0] ?? [];
  if (g.nLevels[0] !== r.nLevels[0] || (gLevels.length > 0 && rLevels.length > 0 && gLevels.some((l, i) => l !== rLevels[i]))) {
    throw new PriorError(`prior ${label}: covu = true: the levels of the random term ${g.label} (${g.nLevels[0]} of "${g.factor}") and of the residual term ${r.label} (${r.nLevels[0]} of "${r.factor}") must be the same, level by level (MCMCglmm: "number of levels in G and R structure do not match for covu=TRUE")`);
  }
  if (model.long !== undefined) checkLongCovuSlots(model, label);
  else if (r.factor !== "units" || r.nLevels.some((m) => m !== model.nUnits)) {
    throw new PriorError(`prior ${label}: covu = true on wide data needs the first residual term (${r.label}) over units with every unit in it; for residual blocks over another factor give the data in long format (family = null)`);
  }
}

/**
 * Long-format data: every (level, coefficient) slot of the first residual term must hold a row
 * (a data row, or the dummy row models/long/covu-dummies.ts adds, as MCMCglmm's covu_missing);
 * a model built without them is refused by name rather than drawn with r_j missing.
 */
function checkLongCovuSlots(model: Model, label: string): void {
  const r = model.residualTerms[0];
  const filled = r.levelNames.map((ls) => new Uint8Array(ls.length));
  const { term, coef } = model.residualIndex;
  for (let row = 0; row < term.length; row++) if (term[row] === 0) filled[coef[row]][model.long!.residualLevel[row]] = 1;
  filled.forEach((f, a) => {
    const empty = f.indexOf(0);
    if (empty >= 0) {
      throw new PriorError(
        `prior ${label}: covu = true: level "${r.levelNames[a][empty]}" of "${r.factor}" has no data row for ${r.coefNames[a]} in the residual term ${r.label}; ` +
          "the joint draw needs a row (or MCMCglmm's dummy row) in every slot",
      );
    }
  });
}


/** A (co)variance term the joint matrix can take: one variance, or a full unstructured matrix. */
function joinable(term: CovarianceTerm): boolean {
  return term.dim === 1 || term.structure === "us";
}

/**
 * Checks a covu prior against the model and resolves its joint prior; undefined without covu.
 * The model's spec must carry the same covu prior (the sampler reads it from there).
 */
export function resolveCovu(model: Model, spec: PriorSpec | undefined): CovuPrior | undefined {
  if (spec === undefined) return undefined;
  for (const [key, g] of Object.entries(spec.G ?? {})) {
    if (covuOf(g) !== undefined) throw new PriorError(`prior G.${key}: covu is only an argument for residual structures (prior R), as in MCMCglmm`);
  }
  const R = spec.R;
  if (R === undefined) return undefined;
  const entries: [string, VariancePriorSpec][] = "V" in R ? [["R", R as VariancePriorSpec]] : Object.entries(R as Record<string, VariancePriorSpec>).map(([k, v]) => [`R.${k}`, v]);
  let found: [string, VariancePriorSpec] | undefined;
  entries.forEach(([label, r], i) => {
    const covu = covuOf(r);
    if (covu === undefined || covu === false) return;
    if (typeof covu !== "boolean") throw new PriorError(`prior ${label}: covu must be true or false, got ${JSON.stringify(covu)}`);
    if (i > 0) throw new PriorError(`prior ${label}: covu applies to the first residual structure only (MCMCglmm reads it from prior$R[[1]])`);
    checkCovuModel(model, label);
    found = [label, r];
  });
  if (found === undefined) return undefined;
  const [label, r] = found;
  const term = covuTerm(model);
  if (term === undefined) throw new PriorError(`prior ${label}: covu = true must be in the model's own spec (spec.prior), which the sampler reads`);
  const g = model.randomTerms[term], res = model.residualTerms[0];
  const refuse = (what: string) => {
    throw new PriorError(`prior ${label}: covu = true with ${what} is not implemented in mcglmm`);
  };
  if (model.residualTerms.length > 1 && entries.length !== model.residualTerms.length) {
    throw new PriorError(`prior R has ${entries.length} element(s) but rcov has ${model.residualTerms.length} residual terms (${model.residualTerms.map((t) => t.label).join(", ")}): give R = {R1: {V, nu, covu: true}, R2: ...}`);
  }
  if (!joinable(g) || !joinable(res)) refuse(`${!joinable(g) ? g.label : res.label} (only one variance or a us() matrix can join the covu matrix)`);
  if (model.randomTerms.some((t) => t.knownVariance)) refuse("mev");
  if (r.fix !== undefined || r["alpha.mu"] !== undefined || r["alpha.V"] !== undefined || r["beta.mu"] !== undefined || r["beta.V"] !== undefined) refuse("fix, parameter expansion or beta priors in prior R");
  if (model.spec.start?.G !== undefined || model.spec.start?.R !== undefined) throw new ModelSpecError(`start G/R with covu = true (prior ${label}) is not implemented in mcglmm`);
  if (model.spec.prior_only) throw new ModelSpecError(`prior_only with covu = true (prior ${label}) is not implemented in mcglmm`);
  const names = covuJointNames(g, res);
  if (new Set(names).size !== names.length) throw new PriorError(`prior ${label}: covu = true: the joint matrix of ${g.label} and ${res.label} would name two entries alike (${names.find((x, i) => names.indexOf(x) !== i)}), as MCMCglmm names them; use a random term over another factor name`);
  const k = g.dim + res.dim;
  if (r.V === undefined) throw new PriorError(`prior ${label}: V is missing (covu: ${k} x ${k}, over ${g.label} then ${res.label})`);
  const V = toSquare(r.V, k, `prior ${label}: V (covu: over ${g.label} then ${res.label}, ${k} dimensions)`);
  if (!isSymmetric(V, k) || !isPositiveDefinite(V, k)) throw new PriorError(`prior ${label}: V is not symmetric positive-definite`);
  const nu = r.nu;
  if (nu === undefined || !Number.isFinite(nu) || nu < 0) throw new PriorError(`prior ${label}: nu must be given and >= 0 (covu), got ${nu}`);
  return { term, joint: { label: `${label} (covu: ${g.label} with ${res.label})`, dim: k, V, nu, fixFrom: k } };
}

/** The leading (first `d` from `from`) block of a joint prior, as the prior of one of its terms (start values and checks only). */
export function covuBlockPrior(joint: VariancePrior, from: number, d: number): VariancePrior {
  const V = new Float64Array(d * d);
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) V[a * d + b] = joint.V[(from + a) * joint.dim + from + b];
  return { label: joint.label, dim: d, V, nu: joint.nu, fixFrom: d };
}
