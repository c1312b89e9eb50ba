// Starting values from the spec's `start`, as MCMCglmm's `start` argument: R and G (both or
// neither when the model has random terms; G by prior-G position, the mev term's G being 1 as
// MCMCglmm appends it), `liab` (the latent variables, stacked trait-major as pl saves them) and,
// beyond MCMCglmm, `fixed` (the fixed effects, in X's column order). Checked in full before any
// sampling (checkStart); every chain then starts from these values (applyStart), so R-hat no
// longer compares over-dispersed starts.

import { familyOf } from "../models/families/registry.js";
import { ModelSpecError, PriorError } from "../errors.js";
import type { CovarianceTerm, Model } from "../models/types.js";
import { isPositiveDefinite, isSymmetric, toSquare } from "../priors/matrix-spec.js";
import { priorDim, type Prior, type VariancePrior } from "../priors/prior.js";
import type { ChainState } from "./run/state.js";

type MatrixSpec = number | number[] | number[][];

interface ResolvedStart {
  readonly G: (Float64Array | null)[];
  readonly R: Float64Array | null;
  readonly liab: Float64Array | null;
  readonly fixed: Float64Array | null;
}

function matrixOf(value: MatrixSpec | { V: MatrixSpec }, k: number, what: string): Float64Array {
  const raw = typeof value === "object" && value !== null && !Array.isArray(value) ? value.V : value;
  try {
    return toSquare(raw as number | number[][], k, what);
  } catch (err) {
    if (err instanceof PriorError) throw new ModelSpecError(err.message);
    throw err;
  }
}

/** A start matrix as the state stores it (k x k; idv one value on the whole diagonal), checked against its prior. */
function startCovariance(term: CovarianceTerm, prior: VariancePrior, value: MatrixSpec | { V: MatrixSpec }, what: string): Float64Array {
  const pk = priorDim(term);
  const M = matrixOf(value, pk, `${what} (for ${term.label}, ${pk} x ${pk})`);
  if (!isSymmetric(M, pk) || !isPositiveDefinite(M, pk)) throw new ModelSpecError(`${what} (for ${term.label}) is not a symmetric positive-definite matrix`);
  if ((term.structure === "idh" || term.structure === "idv") && M.some((x, i) => x !== 0 && i % (pk + 1) !== 0)) {
    throw new ModelSpecError(`${what} (for ${term.label}): a ${term.structure} structure has no covariances; give a diagonal matrix`);
  }
  const fixed = prior.correlation ? null : prior.fixFrom;
  for (let a = 0; a < pk; a++) {
    const held = prior.correlation ? prior.correlation.variances[a] : fixed !== null && a >= fixed ? prior.V[a * pk + a] : null;
    if (held !== null && Math.abs(M[a * pk + a] - held) > 1e-12 * Math.max(1, held)) {
      throw new ModelSpecError(`${what} (for ${term.label}): variance ${a + 1} is held at ${held} by the prior, so its start must be ${held}, got ${M[a * pk + a]}`);
    }
  }
  const k = term.dim;
  if (pk === k) return M;
  const out = new Float64Array(k * k);
  for (let a = 0; a < k; a++) out[a * k + a] = M[0];
  return out;
}

function resolveStart(model: Model, prior: Prior, checkGaussianLiab: boolean): ResolvedStart | null {
  const start = model.spec.start;
  if (start === undefined) return null;
  if (typeof start !== "object" || start === null || Array.isArray(start)) throw new ModelSpecError('"start" must be an object with R, G, liab and/or fixed');
  for (const key of Object.keys(start)) {
    if (!["R", "G", "liab", "fixed"].includes(key)) throw new ModelSpecError(`"start" has an unknown element "${key}" (known: R, G, liab, fixed)`);
  }
  const userTerms = model.randomTerms.filter((t) => !t.knownVariance);
  if (userTerms.length > 0 && (start.R === undefined) !== (start.G === undefined)) {
    throw new ModelSpecError('"start" needs both or neither of R and G (as MCMCglmm)');
  }
  const gValues = Object.values(start.G ?? {});
  if (start.G !== undefined && gValues.length !== userTerms.length) {
    throw new ModelSpecError(`"start" G has ${gValues.length} element(s) but the model has ${userTerms.length} random term(s) (${userTerms.map((t) => t.label).join(", ")})`);
  }
  let g = 0;
  const G = model.randomTerms.map((term, t) => {
    if (start.G === undefined) return null;
    if (term.knownVariance) return startCovariance(term, prior.G[t], 1, "start G (mev)");
    const i = g++;
    return startCovariance(term, prior.G[t], gValues[i], `start G.${Object.keys(start.G)[i]}`);
  });
  if (start.R !== undefined && model.residualTerms.length !== 1) {
    throw new ModelSpecError(`"start" R gives one matrix, but the rcov has ${model.residualTerms.length} residual terms; start from the priors' V instead (leave out R and G)`);
  }
  const R = start.R === undefined ? null : startCovariance(model.residualTerms[0], prior.R[0], start.R, "start R");
  const rows = model.nUnits * model.nTraits;
  const vector = (value: unknown, length: number, what: string): Float64Array => {
    if (!Array.isArray(value) || value.length !== length) throw new ModelSpecError(`${what} must be an array of ${length} numbers`);
    const out = Float64Array.from(value as number[]);
    const bad = out.findIndex((x, i) => typeof value[i] !== "number" || !Number.isFinite(x));
    if (bad >= 0) throw new ModelSpecError(`${what}: element ${bad + 1} is not a finite number`);
    return out;
  };
  const liab = start.liab === undefined ? null : vector(start.liab, rows, `start liab (latent variables, ${model.nTraits} trait(s) x ${model.nUnits} units, trait-major)`);
  if (liab !== null && checkGaussianLiab) {
    for (const resp of model.responses) {
      if (familyOf(resp).likelihood !== "gaussian") continue;
      for (let u = 0; u < model.nUnits; u++) {
        const y = resp.y[u];
        const l = liab[resp.traitOffset * model.nUnits + u];
        if (!Number.isNaN(y) && l !== y) {
          throw new ModelSpecError(`start liab: unit ${u + 1} of the Gaussian response "${resp.name}" is observed (${y}), so its latent value is the response itself, not ${l}`);
        }
      }
    }
  }
  const fixed = start.fixed === undefined ? null : vector(start.fixed, model.fixedNames.length, `start fixed (${model.fixedNames.join(", ")})`);
  return { G, R, liab, fixed };
}

/** Checks the spec's `start` against the model and prior; ModelSpecError naming what is wrong. */
export function checkStart(model: Model, prior: Prior): void {
  resolveStart(model, prior, true);
}

/** Overwrites the chain's initial state with the spec's starting values (once, before the first iteration). */
export function applyStart(model: Model, prior: Prior, state: ChainState): void {
  const start = resolveStart(model, prior, false);
  if (start === null) return;
  start.G.forEach((M, t) => M && state.G[t].set(M));
  if (start.R) state.R.set(start.R);
  if (start.liab) {
    // an observed Gaussian response is its own latent value (a chain may sample replicated responses)
    state.latent.set(start.liab);
    for (const resp of model.responses) {
      if (familyOf(resp).likelihood !== "gaussian") continue;
      for (let u = 0; u < model.nUnits; u++) if (!Number.isNaN(resp.y[u])) state.latent[resp.traitOffset * model.nUnits + u] = resp.y[u];
    }
  }
  if (start.fixed) {
    // theta = (beta, 0): eta = X beta, kept in step with theta as kernels expect
    state.theta.fill(0);
    state.theta.set(start.fixed);
    state.eta.fill(0);
    const { colPtr, rowIdx, values } = model.X;
    for (let j = 0; j < model.X.ncol; j++) {
      for (let q = colPtr[j]; q < colPtr[j + 1]; q++) state.eta[rowIdx[q]] += values[q] * start.fixed[j];
    }
  }
}
