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
// The factor of C at the (G, R) the move ends on is handed to that kernel (FactoredEquations), so
// the move costs one factorisation per proposal beyond block Gibbs.
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

import { analyseCholesky, createFactor, factorNumeric, fillAssembly, lSolve, logDet, type Csc, type SymbolicCholesky } from "../../../linalg/index.js";
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
import { independenceProposal } from "./independence-proposal.js";
import { arrowMarginal } from "./arrow-marginal.js";
import type { CrossedDesign } from "../location/crossed-design.js";
import { blockFromCoordinates, blockLogDetCovariance, blockLogPrior, blockToCoordinates, type CovarianceBlock } from "./marginal-coordinates.js";
import { exp, log } from "../../../math/deterministic.js";

/**
 * What the move leaves for the location kernel that follows it: the Cholesky factor of C at the
 * state's (G, R) and L^-1 P b, so the location draw theta = C^-1 b + P'L'^-1 z needs no
 * factorisation of its own (for a fully observed Gaussian model b is the location step's
 * right-hand side: the latent variables are the data). `ready` is set by each step and cleared by
 * the location kernel when it takes them.
 */
export interface FactoredEquations {
  readonly symbolic: SymbolicCholesky;
  factor: Csc;
  forward: Float64Array;
  ready: boolean;
}

/**
 * Whether the move alone updates every (co)variance this sweep: after burn-in, when it covers every
 * random term and the residual and chose the independence proposal (burn-in acceptance >= 0.6).
 * The Gibbs and transformation kernels are then skipped (sweep.ts), so (G, R) change only here and
 * the move keeps its target and factor from one sweep to the next (one factorisation per proposal,
 * OWNED_STEPS_PER_SWEEP of them, and no passes over the units for variance draws): a fixed
 * independence Metropolis-Hastings kernel on the (G, R) marginal, then the exact draw of theta | G, R.
 */
export interface VarianceOwnership {
  sweep: boolean;
}

export interface MarginalVarianceMove {
  readonly kernel: Kernel;
  readonly factored: FactoredEquations;
  readonly ownership: VarianceOwnership;
  /**
   * The move's log target at the state's matrices, up to a constant: log p(y | G, R) + log prior
   * + log Jacobian of the coordinates (for tests against a dense computation; allocates nothing).
   */
  logDensity(state: ChainState): number;
}

/** States between updates of the proposal's shape during burn-in. */
const ADAPT_EVERY = 20;
/**
 * Proposals per sweep. Each costs one factorisation of C; M16 (phylogeny): min ESS per 1,000
 * iterations 28, 37, 57 for 1, 2, 3 proposals at 1, 1.3, 1.6 times the cost (one run each), so
 * more than one is not clearly worth it.
 */
const STEPS_PER_SWEEP = 1;
/**
 * Proposals per sweep while the move owns the variances (VarianceOwnership): the Gibbs kernels no
 * longer run, so a second independence proposal is the cheapest extra mixing. M2, 10,000
 * iterations, one chain, seeds 1-4: min bulk-ESS +27-31% for +12-18% CPU time (3 proposals: less
 * ESS per second than 2; 4: less than 1).
 */
const OWNED_STEPS_PER_SWEEP = 2;

/**
 * `arrow`: the design of a model with one random term of one Z entry per row (crossed-design.ts),
 * whose target is then evaluated in O(levels p^2) (arrow-marginal.ts) instead of by factorising C;
 * the location kernel that follows draws theta itself (crossed-location.ts), so no factor is handed on.
 */
export function buildMarginalVarianceKernel(model: Model, prior: Prior, mme: MixedModelEquations, arrow?: CrossedDesign): MarginalVarianceMove | undefined {
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
    blocks.push({ kind, k, at: dim, size, prior: p, nLevels, target, proposed: new Float64Array(k * k), inverse: new Float64Array(k * k), chol: new Float64Array(k * k), current: new Float64Array(k * k) });
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

  const arrowTarget = arrow ? arrowMarginal(arrow, wty, yy[0], prior.B.precision, mme.priorRhs) : undefined;
  const symbolic = analyseCholesky(mme.plan.pattern);
  // Cost: one factorisation of C at the current (G, R), which the location kernel then uses
  // instead of its own (FactoredEquations), and one per proposal. Built wherever the model allows
  // it: min bulk-ESS per CPU second against block Gibbs alone (one chain, seed 1-3, 30,000-50,000
  // iterations): M1 x3.2-3.5, M2 x1.2-1.3, M16 (phylogeny with internal nodes, whose units and
  // phylo variances block Gibbs barely moves) x7-27, M7 (bivariate animal model, 10,000 iterations) x1.25.
  // two factors and forward solves: the current state's and the proposal's (swapped on acceptance)
  let factor = createFactor(symbolic), factorNext = createFactor(symbolic);
  let forward = new Float64Array(size), forwardNext = new Float64Array(size);
  const factored: FactoredEquations = { symbolic, factor, forward, ready: false };
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
  // a t_4 independence proposal about the burn-in mean, chosen by its burn-in acceptance
  const independent = independenceProposal(dim);
  const coversAll = movingTerm.every((moving) => moving);
  const ownership: VarianceOwnership = { sweep: false };
  // the current state's log target (its factor and forward solve in factor/forward, its
  // coordinates in x), kept from the last step while the move owns the variances; `kept` is false
  // until a step has computed them (and after a restore, which recomputes them to the same bits)
  let current = -Infinity;
  let kept = false;

  // log|M| and the log Jacobian of one block's coordinates (marginal-coordinates.ts)
  const detAndJacobian = new Float64Array(2);
  const priorWork = new Float64Array(2 * Math.max(1, ...blocks.map((b) => b.k)) ** 2);

  /**
   * log target at coordinates v (current G of held terms read from state), or -Infinity; C's
   * factor goes into `into` and L^-1 P b into `tmp`.
   */
  function logTarget(state: ChainState, v: Float64Array, into: Csc, tmp: Float64Array): number {
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
    if (arrowTarget) {
      const part = arrowTarget.evaluate(rInv[0], gInverse[0][0]);
      return Number.isNaN(part) ? -Infinity : total - 0.5 * part;
    }
    fillCoefficients(mme, model, residualInverses, gInverse, coefficients);
    fillAssembly(mme.plan, coefficients, cValues);
    try {
      factorNumeric(symbolic, cValues, into);
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
    for (let i = 0; i < size; i++) tmp[i] = rhs[perm[i]];
    lSolve(into, tmp);
    let quad = 0;
    for (let i = 0; i < size; i++) quad += tmp[i] * tmp[i];
    return total - 0.5 * (logDet(into) + yRy - quad);
  }

  /** Coordinates of the state's current matrices. */
  function toCoordinates(state: ChainState, v: Float64Array): void {
    for (const b of blocks) blockToCoordinates(b, b.target(state), v);
  }

  const kernel: Kernel = {
    name: "marginal (co)variance move",
    metropolis: [{ name: "marginal (co)variance move", counts }],
    saveState: (): KernelState => ({ logScale, shape: shape.saveState(), ...independent.saveState(), owned: ownership.sweep ? 1 : 0 }),
    restoreState(saved: KernelState) {
      kept = false;
      ownership.sweep = savedNumber(saved, "owned") === 1;
      logScale = savedNumber(saved, "logScale");
      shape.restoreState(savedPart(saved, "shape"));
      independent.restoreState(saved);
    },
    step(state: ChainState, rng: Rng) {
      // owned last sweep: nothing else has changed (G, R) since, so the kept target, factor and
      // coordinates are those a recomputation would give, bit for bit
      if (!(ownership.sweep && kept)) {
        toCoordinates(state, x);
        current = logTarget(state, x, factor, forward);
        kept = true;
        // the current matrices as the coordinates give them back (equal to the state's up to rounding):
        // the state ends as exactly the matrices the factor handed to the location kernel was built from
        for (const b of blocks) b.current.set(b.proposed);
      }
      // several proposals per sweep: each costs one factorisation, the current target is kept
      for (let step = 0, steps = ownership.sweep ? OWNED_STEPS_PER_SWEEP : STEPS_PER_SWEEP; step < steps; step++) {
        for (let i = 0; i < dim; i++) z[i] = rng.normal();
        const s = exp(logScale);
        const independence = independent.chosen(state.adapting, state.iteration);
        // t_4 about the mean with the shape's factor (the burn-in covariance's): z / sqrt(w), w = chi2_4 / 4
        const tScale = independence ? independent.drawScale(rng) : s;
        for (let i = 0; i < dim; i++) {
          let d = 0;
          for (let j = 0; j <= i; j++) d += cholProp[i * dim + j] * z[j];
          xNew[i] = (independence ? independent.mean[i] : x[i]) + tScale * d;
        }
        const next = logTarget(state, xNew, factorNext, forwardNext);
        counts.proposed++;
        let logRatio = next - current;
        if (independence) logRatio += independent.logRatio(xNew, x, cholProp);
        const accepted = Number.isFinite(next) && mhAccept(rng, logRatio);
        if (accepted) {
          counts.accepted++;
          // the proposed matrices are in the blocks' scratch from the last logTarget call
          for (const b of blocks) b.current.set(b.proposed);
          const f = factor; factor = factorNext; factorNext = f;
          const w = forward; forward = forwardNext; forwardNext = w;
          x.set(xNew);
          current = next;
        }
        if (state.adapting) {
          shape.update(x);
          if (!independence) logScale = robbinsMonroLogScale(logScale, state.iteration, accepted, 0.234, -10, 3);
          independent.record(independence, accepted, x);
        }
      }
      // every part evaluated each sweep (no short-circuit): a comparison first met after burn-in
      // would deoptimise the compiled step
      const finite = Number.isFinite(current), decided = independent.decidedIndependent(), sampling = !state.adapting;
      ownership.sweep = coversAll && sampling && decided && finite;
      if (!finite) return;
      for (const b of blocks) b.target(state).set(b.current);
      factored.factor = factor;
      factored.forward = forward;
      factored.ready = true;
    },
  };
  const logDensity = (state: ChainState): number => {
    toCoordinates(state, xNew);
    return logTarget(state, xNew, factorNext, forwardNext);
  };
  return { kernel, factored, ownership, logDensity };
}
