// Marginal Metropolis-Hastings move of the (co)variance matrices of an all-Gaussian model, with
// every location effect integrated out: the partially collapsed Gibbs sampler of van Dyk & Park
// (2008, JASA 103:790) applied to the whole mixed model. Block Gibbs alternates theta | G, R and
// G, R | theta, and crawls when the data say little about each effect (the variance components'
// draws are strongly autocorrelated, the issue behind MCMCglmm's slow animal models). Here
// (G, R) move on their marginal posterior
//   p(G, R | y) ∝ p(y | G, R) p(G) p(R),
//   -2 log p(y | G, R) = n log|R| + sum_t log|G_t (x) A_t| + log|C| + y'(I (x) R^-1) y - b'C^-1 b + const,
// with C = W'(I (x) R^-1) W + blockdiag(B^-1, G_t^-1 (x) A_t^-1) the mixed-model matrix and
// b = W'(I (x) R^-1) y + B^-1 mu (the determinant lemma and Woodbury identity on
// V = W Sigma_0 W' + I (x) R). The sparse Cholesky of C gives log|C| and b'C^-1 b = |L^-1 P b|^2.
// The kernel runs immediately before the location kernel, which redraws theta from its full
// conditional given the new (G, R); so theta need not be drawn here ("trimming", van Dyk & Park).
//
// Coordinates: log-Cholesky for unstructured matrices (Sigma = L L', L_ii = e^{x_ii}), log
// variances for idh/idv, with their Jacobians; priors are MCMCglmm's inverse-Wishart IW(nu, nu V)
// (inverse-gamma IG(nu/2, nu V/2) per variance for idh/idv). The proposal is a Gaussian random
// walk whose covariance adapts (Haario et al. 2001) during burn-in only, so that after burn-in
// the kernel is a fixed Metropolis-Hastings kernel.
//
// Eligible: every response Gaussian and fully observed (y is then fixed, and W'y, y'y are computed
// once), one residual term over all traits with free (co)variances; random terms whose structure
// has free (co)variances (no correlation structure, no fix, no parameter expansion) move, the
// others are held at their current values during the move.

import { analyseCholesky, createFactor, factorNumeric, fillAssembly, lSolve, logDet } from "../../../linalg/index.js";
import { denseInverseSpd } from "../../../linalg/dense.js";
import { familyOf } from "../../../models/families/registry.js";
import { structureOf } from "../../../models/structures/registry.js";
import { residualLayout } from "../../../models/structures/residual-layout.js";
import type { CovarianceTerm, Model } from "../../../models/types.js";
import type { Prior, VariancePrior } from "../../../priors/prior.js";
import { mhAccept, type Rng } from "../../../random/index.js";
import type { Kernel } from "../../kernel.js";
import { savedNumber, savedPart, type KernelState } from "../../kernel-state.js";
import { adaptiveShape, robbinsMonroLogScale } from "../adaptation.js";
import type { ChainState } from "../../run/state.js";
import { fillCoefficients, type MixedModelEquations } from "../location/mme.js";
import { blockFromCoordinates, blockLogDetCovariance, blockLogPrior, blockToCoordinates, type CovarianceBlock } from "./marginal-coordinates.js";
import { exp, log } from "../../../math/deterministic.js";

/** States between updates of the proposal's shape during burn-in. */
const ADAPT_EVERY = 20;
/** The move is built when factorising C costs at most this many flops per nonzero of W. */
const FLOPS_PER_DATA_ENTRY = 4;

export function buildMarginalVarianceKernel(model: Model, prior: Prior, mme: MixedModelEquations): Kernel | undefined {
  if (!model.responses.every((r) => familyOf(r).likelihood === "gaussian" && r.y.every((v) => !Number.isNaN(v)))) return undefined;
  // one residual block shared by every unit (models/structures/residual-layout.ts)
  if (model.residualTerms.length !== 1 || !residualLayout(model).shared) return undefined;
  const n = model.nUnits, T = model.nTraits;
  const rTerm = model.residualTerms[0];
  const blocks: CovarianceBlock[] = [];
  let dim = 0;
  const add = (term: CovarianceTerm, p: VariancePrior, nLevels: readonly number[], target: (s: ChainState) => Float64Array): boolean => {
    const structure = structureOf(term);
    if (structure.correlation !== null || p.expansion || p.fixFrom !== p.dim) return false;
    const kind = structure.parameters;
    const k = term.dim;
    if (kind === "matrix" && !nLevels.every((m) => m === nLevels[0])) return false;
    const size = kind === "matrix" ? (k * (k + 1)) / 2 : kind === "variances" ? k : 1;
    blocks.push({ kind, k, at: dim, size, prior: p, nLevels, target, proposed: new Float64Array(k * k), inverse: new Float64Array(k * k), chol: new Float64Array(k * k) });
    dim += size;
    return true;
  };
  const movingTerm = model.randomTerms.map((term, t) => add(term, prior.G[t], term.nLevels, (s) => s.G[t]));
  if (rTerm.dim !== T || !add(rTerm, prior.R[0], new Array<number>(T).fill(n), (s) => s.R)) return undefined;
  const residualBlock = blocks[blocks.length - 1];
  if (dim === 0) return undefined;

  // y is fixed: W_a' y_b (per trait pair) and y_a' y_b once.
  const size = mme.size, W = mme.W;
  const y = new Float64Array(n * T);
  for (const r of model.responses) y.set(r.y, r.traitOffset * n);
  const wty = new Float64Array(T * T * size);
  const yy = new Float64Array(T * T);
  for (let j = 0; j < size; j++) {
    for (let e = W.colPtr[j]; e < W.colPtr[j + 1]; e++) {
      const row = W.rowIdx[e], a = Math.floor(row / n), u = row - a * n;
      for (let b = 0; b < T; b++) wty[(a * T + b) * size + j] += W.values[e] * y[b * n + u];
    }
  }
  for (let a = 0; a < T; a++) for (let b = 0; b < T; b++) {
    let s = 0;
    for (let u = 0; u < n; u++) s += y[a * n + u] * y[b * n + u];
    yy[a * T + b] = s;
  }

  const symbolic = analyseCholesky(mme.plan.pattern);
  // Each move factorises C twice (at the current and the proposed matrices). That pays where the
  // factorisation is cheap beside the passes over the data the rest of the sweep makes (M1: the
  // slowest variance's ESS per second x2.9; M2 x1.2), not where it dominates the iteration (M7,
  // a 2,300-equation animal model: ESS per iteration x1.7 at 3x the cost).
  let flops = 0;
  for (let j = 0; j < size; j++) flops += (symbolic.colPtr[j + 1] - symbolic.colPtr[j]) ** 2;
  if (flops > FLOPS_PER_DATA_ENTRY * W.colPtr[W.ncol]) return undefined;
  const factor = createFactor(symbolic);
  const cValues = new Float64Array(mme.plan.pattern.colPtr[size]);
  const coefficients = new Float64Array(mme.sources.length);
  const rhs = new Float64Array(size);
  // the one residual pattern's R^-1 (the residual block's scratch, refreshed by fromCoordinates)
  const residualInverses = [residualBlock.inverse];
  const perm = symbolic.perm;
  const gInverse = model.randomTerms.map((t) => new Float64Array(t.dim * t.dim));
  const work = new Float64Array(Math.max(T, ...model.randomTerms.map((t) => t.dim)) ** 2);

  const x = new Float64Array(dim), xNew = new Float64Array(dim);
  // adaptive proposal covariance (Haario et al. 2001), its Cholesky factor, running moments
  // the proposal's shape from the states seen in burn-in, its global scale tuned towards
  // acceptance 0.234 (kernels/adaptation.ts; Haario et al. 2001, Roberts & Rosenthal 2001)
  const cholProp = new Float64Array(dim * dim), z = new Float64Array(dim);
  for (let i = 0; i < dim; i++) cholProp[i * dim + i] = 0.1;
  const shape = adaptiveShape(dim, ADAPT_EVERY, 1e-6, cholProp);
  let logScale = log(2.38 / Math.sqrt(dim));
  const counts = { accepted: 0, proposed: 0 };

  // log|M| and the log Jacobian of one block's coordinates (marginal-coordinates.ts)
  const detAndJacobian = new Float64Array(2);
  const priorWork = new Float64Array(2 * Math.max(1, ...blocks.map((b) => b.k)) ** 2);

  /** log target at coordinates v (current G of held terms read from state), or -Infinity. */
  function logTarget(state: ChainState, v: Float64Array): number {
    let total = 0;
    for (const b of blocks) {
      if (!blockFromCoordinates(b, v, work, detAndJacobian)) return -Infinity;
      // the coordinates' Jacobian, the prior, and the -1/2 log|Sigma_t| of the marginal likelihood
      total += detAndJacobian[1] + blockLogPrior(b, priorWork) - 0.5 * blockLogDetCovariance(b, detAndJacobian[0]);
    }
    // held random terms: their current G^-1 enters C (their prior and det are constants)
    let bi = 0;
    for (let t = 0; t < model.randomTerms.length; t++) {
      if (movingTerm[t]) gInverse[t].set(blocks[bi++].inverse);
      else denseInverseSpd(state.G[t], model.randomTerms[t].dim, gInverse[t], work);
    }
    const rInv = residualBlock.inverse;
    fillCoefficients(mme, model, residualInverses, gInverse, coefficients);
    fillAssembly(mme.plan, coefficients, cValues);
    try {
      factorNumeric(symbolic, cValues, factor);
    } catch {
      return -Infinity;
    }
    // b = B^-1 mu + sum_ab Rinv[a,b] W_a' y_b; y'R^-1 y = sum_ab Rinv[a,b] y_a'y_b
    rhs.set(mme.priorRhs);
    let yRy = 0;
    for (let a = 0; a < T; a++) for (let c = 0; c < T; c++) {
      const w = rInv[a * T + c];
      if (w === 0) continue;
      yRy += w * yy[a * T + c];
      const off = (a * T + c) * size;
      for (let j = 0; j < size; j++) rhs[j] += w * wty[off + j];
    }
    const tmp = symbolic.work;
    for (let i = 0; i < size; i++) tmp[i] = rhs[perm[i]];
    lSolve(factor, tmp);
    let quad = 0;
    for (let i = 0; i < size; i++) quad += tmp[i] * tmp[i];
    return total - 0.5 * (logDet(factor) + yRy - quad);
  }

  /** Coordinates of the state's current matrices. */
  function toCoordinates(state: ChainState, v: Float64Array): void {
    for (const b of blocks) blockToCoordinates(b, b.target(state), v);
  }

  return {
    name: "marginal (co)variance move",
    metropolis: [{ name: "marginal (co)variance move", counts }],
    saveState: (): KernelState => ({ logScale, shape: shape.saveState() }),
    restoreState(saved: KernelState) {
      logScale = savedNumber(saved, "logScale");
      shape.restoreState(savedPart(saved, "shape"));
    },
    step(state: ChainState, rng: Rng) {
      toCoordinates(state, x);
      const current = logTarget(state, x);
      for (let i = 0; i < dim; i++) z[i] = rng.normal();
      const s = exp(logScale);
      for (let i = 0; i < dim; i++) {
        let d = 0;
        for (let j = 0; j <= i; j++) d += cholProp[i * dim + j] * z[j];
        xNew[i] = x[i] + s * d;
      }
      const next = logTarget(state, xNew);
      counts.proposed++;
      const accepted = Number.isFinite(next) && mhAccept(rng, next - current);
      if (accepted) {
        counts.accepted++;
        // the proposed matrices are in the blocks' scratch from the last logTarget call
        for (const b of blocks) b.target(state).set(b.proposed);
      }
      if (state.adapting) {
        shape.update(accepted ? xNew : x);
        logScale = robbinsMonroLogScale(logScale, state.iteration, accepted, 0.234, -10, 3);
      }
    },
  };
}
