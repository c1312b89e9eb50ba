// Location kernel for large models, never factorising C: the exact draw of all location effects
//   theta | l, G, R ~ N(C^-1 (W' R^-1 l + B^-1 mu), C^-1)
// by perturbation (Garcia-Cortes & Sorensen 1996; Papandreou & Yuille 2010): with z's iid N(0, 1),
//   C theta = W' R^-1 l + B^-1 mu + W' (I (x) R^-1/2) z1 + B^-1/2 z2 + (G^-1/2 (x) F) z3,
// whose solution has exactly the mean C^-1 b and covariance C^-1, solved by conjugate gradients
// preconditioned with C's per-animal (k x k) diagonal blocks (block-jacobi.ts), warm-started
// from the previous draw, plus a coarse correction (coarse-correction.ts). C is only ever
// multiplied by, so its memory is that of C itself, not of its Cholesky factor's fill; with a
// pedigree root not even that: C = C_rest + G^-1 (x) F F' (split-product.ts). Built once per
// chain; allocation-free per iteration.

import { NumericalError } from "../../../errors.js";
import type { Csc } from "../../../linalg/csc.js";
import { denseCholesky, denseInverseSpd, fillAssembly } from "../../../linalg/index.js";
import type { Model } from "../../../models/types.js";
import type { Prior } from "../../../priors/prior.js";
import { fillNormal } from "../../../random/index.js";
import type { Kernel } from "../../kernel.js";
import { buildBlockJacobi, preconditionerBlocks } from "./block-jacobi.js";
import { buildCoarseCorrection, coarseGroups } from "./coarse-correction.js";
import type { MixedModelEquations } from "./mme.js";
import { buildPriorNoise } from "./prior-noise.js";
import { linearPredictor, residualPrecisionTimes } from "./residual.js";
import { buildSplitProduct, checkDiagonalLast, upperTimes } from "./split-product.js";

/**
 * CG stops when the squared C-norm of its error e = theta - theta*, e'Ce, is below
 * ERROR_TOLERANCE. That norm bounds the error of every linear combination u'theta in units of
 * its conditional posterior sd: (u'e)^2 <= (u'C^-1 u)(e'Ce) (Cauchy-Schwarz), so at 1e-4 no
 * effect, contrast or sum is off by more than 0.01 of its posterior sd. e'Ce is estimated by the
 * Hestenes-Stiefel sum over the last ERROR_DELAY iterations, sum alpha_j r_j'z_j =
 * ||e_{k-d}||_C^2 - ||e_k||_C^2 (Strakos & Tichy 2002): about the error d iterations back, which
 * the final iterate's is below (CG's error falls monotonically in the C-norm). Measured against
 * solves to 1e-20 (bench/pcg-tolerance.ts, S4-like at 5,000 and 50,000 animals, 4 draws each):
 * the largest error of any effect was 0.0017 and 0.0010 sd with d = 8 (39 CG iterations at
 * both sizes): biases that need an effective sample size of ~10^6 to show. d = 4 saves 10% of
 * the iterations but let a 250-animal model's error reach 0.011 sd (test/samplers/pcg-location
 * .test.ts), over the bound. The former rule,
 * r'M^-1 r <= 1e-8 size, missed the slow modes block-Jacobi leaves (a fixed effect against the
 * sum of the breeding values) and left the fixed effects 0.08 sd off at 50,000 animals.
 */
export const ERROR_TOLERANCE = 1e-4;
const ERROR_DELAY = 8;
const MAX_ITERATIONS = 20_000;

export interface PcgLocationKernel extends Kernel {
  /** CG iterations of the last step (for benchmarks and tests). */
  lastIterations(): number;
}

export interface PcgOptions {
  /** CG's bound on the squared C-norm of its error (see ERROR_TOLERANCE); for benchmarks and tests. */
  readonly tolerance?: number;
  /** Iterations the error estimate looks back (see ERROR_DELAY); for benchmarks. */
  readonly delay?: number;
  /** The coarse-space correction of the preconditioner (coarse-correction.ts; default on). */
  readonly coarse?: boolean;
  /** C x with the pedigree terms through their roots (split-product.ts; default on); off: C's upper triangle. */
  readonly split?: boolean;
}

export function buildPcgLocationKernel(model: Model, prior: Prior, mme: MixedModelEquations, options: PcgOptions = {}): PcgLocationKernel {
  const size = mme.size, n = model.nUnits, k = model.nTraits, W = mme.W;
  // with a pedigree root, C is never assembled whole: C_rest and the roots (split-product.ts)
  const split = options.split === false ? undefined : buildSplitProduct(model, mme);
  const cValues = new Float64Array(split ? 0 : mme.plan.pattern.colPtr[size]);
  const C = split ? split.rest : { ...mme.plan.pattern, values: cValues };
  checkDiagonalLast(C);
  const tolerance = options.tolerance ?? ERROR_TOLERANCE;
  const coefficients = new Float64Array(mme.sources.length);
  const rInv = new Float64Array(k * k);
  const rInvChol = new Float64Array(k * k);
  const gInv = model.randomTerms.map((t) => new Float64Array(t.dim * t.dim));
  const denseWork = new Float64Array(Math.max(k, ...model.randomTerms.map((t) => t.dim)) ** 2);
  const priorNoise = buildPriorNoise(model, prior, mme.nFixed, mme.priorRhs);
  const unitNoise = new Float64Array(n * k);
  const noise = new Float64Array(priorNoise.length);
  const weighted = new Float64Array(n * k);
  const b = new Float64Array(size);
  const delay = options.delay ?? ERROR_DELAY;
  const decrease = new Float64Array(delay); // alpha_j r_j'z_j of the last ERROR_DELAY iterations, a ring
  const r = new Float64Array(size), z = new Float64Array(size), p = new Float64Array(size), q = new Float64Array(size);
  const preconditioner = buildBlockJacobi(C, preconditionerBlocks(model, mme.nFixed, size), split?.priors);
  const groups = options.coarse === false ? undefined : coarseGroups(model, mme.nFixed, size);
  const priorTotals = groups && split ? split.priors.map((t) => ({ groups: Int32Array.from(t.offsets, (o) => groups.group[o]), total: t.total })) : [];
  const coarse = groups ? buildCoarseCorrection(C, groups.group, groups.count, priorTotals) : undefined;
  // p'Cp from the product and r'M^-1 r from the preconditioner come back in arrays, not as returned
  // doubles, which V8 boxes on the heap (an allocation per CG iteration)
  const pCp = new Float64Array(1), rMr = new Float64Array(1);
  /** out = C v; pCp[0] = v'Cv. */
  const times = split ? (v: Float64Array, out: Float64Array) => split.times(v, out, pCp) : (v: Float64Array, out: Float64Array) => upperTimes(C, v, out, pCp);
  // the coarse correction's Z0' r by slot (slot 0: rows in no group) and E^-1 Z0' r (coarseY[0] = 0)
  const slot = coarse ? coarse.slot : new Int32Array(size);
  const sums = new Float64Array((groups?.count ?? 0) + 1), coarseY = new Float64Array(sums.length);
  /** x += alpha p, r -= alpha q; z = M_J^-1 r; coarseY from Z0' r; rMr[0] = r' M^-1 r with M^-1 = M_J^-1 + Z0 E^-1 Z0'. */
  const precondition = (alpha: number, x: Float64Array): void => {
    sums.fill(0);
    preconditioner.updateApply(alpha, p, q, x, r, z, slot, sums, rMr);
    coarse?.solveSums(sums, coarseY, rMr);
  };
  let iterations = 0;

  const fail = (state: { iteration: number }, message: string): never => {
    throw new NumericalError(`location effects (conjugate gradients) at iteration ${state.iteration}: ${message}`, { iteration: state.iteration, component: "location effects" });
  };

  return {
    name: "location effects",
    lastIterations: () => iterations,
    step(state, rng) {
      denseInverseSpd(state.R, k, rInv, denseWork);
      for (let t = 0; t < gInv.length; t++) denseInverseSpd(state.G[t], model.randomTerms[t].dim, gInv[t], denseWork);
      for (let s = 0; s < mme.sources.length; s++) {
        const src = mme.sources[s];
        if (src.kind === "constant") coefficients[s] = 1;
        else if (src.kind === "residual") coefficients[s] = rInv[src.a * k + src.b];
        else coefficients[s] = gInv[src.term][src.a * model.randomTerms[src.term].dim + src.b];
      }
      if (split) {
        split.refresh(coefficients, gInv);
        preconditioner.refresh(split.rest.values, split.gInv);
        coarse?.refresh(split.rest.values, split.gInv);
      } else {
        fillAssembly(mme.plan, coefficients, cValues);
        preconditioner.refresh(cValues);
        coarse?.refresh(cValues);
      }

      // b = W' (R^-1 l + R^-1/2 z1) + B^-1 mu + B^-1/2 z2 + (G^-1/2 (x) F) z3
      fillNormal(rng, unitNoise, n * k);
      fillNormal(rng, noise, noise.length);
      residualPrecisionTimes(state.latent, rInv, n, k, weighted);
      denseCholesky(rInv, k, rInvChol);
      for (let u = 0; u < n; u++) {
        for (let a = 0; a < k; a++) {
          let s = 0;
          for (let c = 0; c <= a; c++) s += rInvChol[a * k + c] * unitNoise[c * n + u];
          weighted[a * n + u] += s;
        }
      }
      for (let j = 0; j < W.ncol; j++) {
        let s = 0;
        for (let e = W.colPtr[j]; e < W.colPtr[j + 1]; e++) s += W.values[e] * weighted[W.rowIdx[e]];
        b[j] = s;
      }
      priorNoise.add(state.G, noise, b);

      // preconditioned conjugate gradients from the previous draw; per iteration one product
      // C p, one dot product and two fused passes (preconditioner.updateApply, then p's update)
      const x = state.theta;
      times(x, q);
      for (let i = 0; i < size; i++) r[i] = b[i] - q[i];
      precondition(0, x); // r, z from the start (x unchanged)
      let rz = rMr[0];
      for (let i = 0; i < size; i++) p[i] = z[i] + coarseY[slot[i]];
      iterations = 0;
      if (!Number.isFinite(rz)) fail(state, `the right-hand side or the previous draw is not finite`);
      let recent = Infinity; // the estimate of e'Ce d iterations back
      while (rz > 0 && recent > tolerance) {
        if (iterations === MAX_ITERATIONS) fail(state, `no convergence in ${MAX_ITERATIONS} iterations (error estimate ${recent})`);
        times(p, q);
        const pq = pCp[0];
        if (!(pq > 0)) fail(state, `C is not positive-definite (p'Cp = ${pq})`);
        const alpha = rz / pq;
        decrease[iterations % delay] = alpha * rz;
        if (iterations + 1 >= delay) {
          recent = 0;
          for (let j = 0; j < delay; j++) recent += decrease[j];
        }
        precondition(alpha, x);
        const rzNext = rMr[0];
        if (!Number.isFinite(rzNext)) fail(state, "the residual is not finite");
        const beta = rzNext / rz;
        rz = rzNext;
        // p = z + beta p with z = M_J^-1 r + Z0 E^-1 Z0' r (coarseY by slot)
        for (let i = 0; i < size; i++) p[i] = z[i] + coarseY[slot[i]] + beta * p[i];
        iterations++;
      }
      linearPredictor(W, x, state.eta);
    },
  };
}
