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
import { denseCholesky, denseInverseSpd } from "../../../linalg/dense.js";
import { familyOf } from "../../../models/families/registry.js";
import { structureOf } from "../../../models/structures/registry.js";
import { residualLayout } from "../../../models/structures/residual-layout.js";
import type { CovarianceTerm, Model } from "../../../models/types.js";
import type { Prior, VariancePrior } from "../../../priors/prior.js";
import { mhAccept, type Rng } from "../../../random/index.js";
import type { Kernel } from "../../kernel.js";
import { restoreArray, savedNumber, type KernelState } from "../../kernel-state.js";
import type { ChainState } from "../../run/state.js";
import { fillCoefficients, type MixedModelEquations } from "../location/mme.js";

/** One (co)variance matrix the move updates: where its coordinates sit and how they map to it. */
interface Block {
  readonly kind: "matrix" | "variances" | "shared-variance";
  readonly k: number;
  /** Index of its first coordinate in x. */
  readonly at: number;
  readonly size: number;
  readonly prior: VariancePrior;
  /** Levels per coefficient (random terms), or units (the residual). */
  readonly nLevels: readonly number[];
  /** The state's matrix (state.G[t] or state.R), read to start and written on acceptance. */
  readonly target: (state: ChainState) => Float64Array;
  /** Scratch: the proposed matrix, its inverse and Cholesky factor. */
  readonly proposed: Float64Array;
  readonly inverse: Float64Array;
  readonly chol: Float64Array;
}

const ADAPT_START = 100;
/** The move is built when factorising C costs at most this many flops per nonzero of W. */
const FLOPS_PER_DATA_ENTRY = 4;
const SCALE = 2.38 * 2.38;

export function buildMarginalVarianceKernel(model: Model, prior: Prior, mme: MixedModelEquations): Kernel | undefined {
  if (!model.responses.every((r) => familyOf(r).likelihood === "gaussian" && r.y.every((v) => !Number.isNaN(v)))) return undefined;
  // one residual block shared by every unit (models/structures/residual-layout.ts)
  if (model.residualTerms.length !== 1 || !residualLayout(model).shared) return undefined;
  const n = model.nUnits, T = model.nTraits;
  const rTerm = model.residualTerms[0];
  const blocks: Block[] = [];
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
  const cov = new Float64Array(dim * dim), cholProp = new Float64Array(dim * dim);
  const mean = new Float64Array(dim), m2 = new Float64Array(dim * dim), z = new Float64Array(dim);
  for (let i = 0; i < dim; i++) cov[i * dim + i] = 0.01;
  denseCholesky(cov, dim, cholProp);
  let count = 0, accepted = 0, proposed = 0, scale = SCALE / dim;

  // outputs of fromCoordinates (kept out of the return value so that a step allocates nothing)
  let blockLogDet = 0, blockLogJacobian = 0;

  /** Matrix of a block from the coordinates, with its inverse; sets blockLogDet and blockLogJacobian. False if not finite. */
  function fromCoordinates(b: Block, v: Float64Array): boolean {
    const { k, proposed: M } = b;
    M.fill(0);
    let logDetM = 0, logJ = 0;
    if (b.kind === "matrix") {
      // L lower (row-major), L_ii = e^{x}, then M = L L'
      const L = b.chol;
      L.fill(0);
      let at = b.at;
      for (let i = 0; i < k; i++) {
        for (let j = 0; j <= i; j++) {
          const xi = v[at++];
          if (i === j) {
            if (xi < -300) return false;
            L[i * k + i] = Math.exp(xi);
            logDetM += 2 * xi;
            logJ += (k - i + 1) * xi; // (k - i + 2) with 1-based i: |dSigma/dL| 2^k prod L_ii^(k-i+1), times dL_ii/dx_ii
          } else L[i * k + j] = xi;
        }
      }
      for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let m = 0; m <= j; m++) s += L[i * k + m] * L[j * k + m];
        M[i * k + j] = s;
        M[j * k + i] = s;
      }
    } else if (b.kind === "variances") {
      for (let a = 0; a < k; a++) {
        M[a * k + a] = Math.exp(v[b.at + a]);
        logDetM += v[b.at + a];
        logJ += v[b.at + a];
      }
    } else {
      const s2 = Math.exp(v[b.at]);
      for (let a = 0; a < k; a++) M[a * k + a] = s2;
      logDetM = k * v[b.at];
      logJ = v[b.at];
    }
    for (let i = 0; i < k * k; i++) if (!Number.isFinite(M[i]) || M[i] > 1e300) return false;
    denseInverseSpd(M, k, b.inverse, work);
    blockLogDet = logDetM;
    blockLogJacobian = logJ;
    return true;
  }

  /** The block's log prior density (up to a constant) and its contribution -1/2 log|Sigma_t| to the marginal likelihood. */
  function blockTerms(b: Block, logDetM: number): number {
    const { k, prior: p, inverse, proposed: M } = b;
    let logPrior: number, logDetCov: number;
    if (b.kind === "matrix") {
      // IW(nu, nu V): -(nu + k + 1)/2 log|M| - tr(nu V M^-1)/2
      let tr = 0;
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) tr += p.V[i * k + j] * inverse[j * k + i];
      logPrior = -0.5 * (p.nu + k + 1) * logDetM - 0.5 * p.nu * tr;
      logDetCov = b.nLevels[0] * logDetM;
    } else if (b.kind === "variances") {
      // IG(nu/2, nu V_aa/2) per variance
      logPrior = 0;
      logDetCov = 0;
      for (let a = 0; a < k; a++) {
        const v = M[a * k + a];
        logPrior += -(0.5 * p.nu + 1) * Math.log(v) - (0.5 * p.nu * p.V[a * k + a]) / v;
        logDetCov += b.nLevels[a] * Math.log(v);
      }
    } else {
      const v = M[0];
      logPrior = -(0.5 * p.nu + 1) * Math.log(v) - (0.5 * p.nu * p.V[0]) / v;
      let m = 0;
      for (let a = 0; a < k; a++) m += b.nLevels[a];
      logDetCov = m * Math.log(v);
    }
    return logPrior - 0.5 * logDetCov;
  }

  /** log target at coordinates v (current G of held terms read from state), or -Infinity. */
  function logTarget(state: ChainState, v: Float64Array): number {
    let total = 0;
    for (const b of blocks) {
      if (!fromCoordinates(b, v)) return -Infinity;
      total += blockLogJacobian + blockTerms(b, blockLogDet);
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
    for (const b of blocks) {
      const M = b.target(state), k = b.k;
      if (b.kind === "matrix") {
        denseCholesky(M, k, b.chol);
        let at = b.at;
        for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) v[at++] = i === j ? Math.log(b.chol[i * k + i]) : b.chol[i * k + j];
      } else if (b.kind === "variances") {
        for (let a = 0; a < k; a++) v[b.at + a] = Math.log(M[a * k + a]);
      } else v[b.at] = Math.log(M[0]);
    }
  }

  function adapt(v: Float64Array): void {
    count++;
    for (let i = 0; i < dim; i++) {
      const d = v[i] - mean[i];
      mean[i] += d / count;
      for (let j = 0; j <= i; j++) m2[i * dim + j] += d * (v[j] - mean[j]);
    }
    if (count >= ADAPT_START && count % 20 === 0) {
      for (let i = 0; i < dim; i++) for (let j = 0; j <= i; j++) {
        const c = m2[i * dim + j] / (count - 1) + (i === j ? 1e-6 : 0);
        cov[i * dim + j] = c;
        cov[j * dim + i] = c;
      }
      denseCholesky(cov, dim, cholProp);
      // Robbins-Monro on the global scale towards acceptance 0.234 (Roberts et al. 1997)
      scale *= Math.exp((accepted / Math.max(1, proposed) - 0.234) * 0.5);
      accepted = 0;
      proposed = 0;
    }
  }

  return {
    name: "marginal (co)variance move",
    saveState: (): KernelState => ({
      mean: Float64Array.from(mean),
      m2: Float64Array.from(m2),
      cov: Float64Array.from(cov),
      cholProp: Float64Array.from(cholProp),
      count,
      accepted,
      proposed,
      scale,
    }),
    restoreState(saved: KernelState) {
      restoreArray(mean, saved, "mean");
      restoreArray(m2, saved, "m2");
      restoreArray(cov, saved, "cov");
      restoreArray(cholProp, saved, "cholProp");
      count = savedNumber(saved, "count");
      accepted = savedNumber(saved, "accepted");
      proposed = savedNumber(saved, "proposed");
      scale = savedNumber(saved, "scale");
    },
    step(state: ChainState, rng: Rng) {
      toCoordinates(state, x);
      const current = logTarget(state, x);
      for (let i = 0; i < dim; i++) z[i] = rng.normal();
      const s = Math.sqrt(scale);
      for (let i = 0; i < dim; i++) {
        let d = 0;
        for (let j = 0; j <= i; j++) d += cholProp[i * dim + j] * z[j];
        xNew[i] = x[i] + s * d;
      }
      const next = logTarget(state, xNew);
      proposed++;
      if (Number.isFinite(next) && mhAccept(rng, next - current)) {
        accepted++;
        // the proposed matrices are in the blocks' scratch from the last logTarget call
        for (const b of blocks) b.target(state).set(b.proposed);
        if (state.adapting) adapt(xNew);
      } else if (state.adapting) adapt(x);
    },
  };
}
