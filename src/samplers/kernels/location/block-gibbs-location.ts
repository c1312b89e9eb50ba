// Location kernel by block Gibbs, as BLUPF90's Gibbs programs sample animal models of millions:
// one sweep per iteration over blocks of theta (the fixed effects together, each animal's k
// coefficients together: block-jacobi.ts's blocks), each drawn from its full conditional
//   theta_B | theta_-B ~ N(C_BB^-1 (b_B - C_B,-B theta_-B), C_BB^-1),
// with b = W' R^-1 l + B^-1 mu. A sweep costs one pass over C's entries and never factorises C;
// the price is slower mixing where effects are strongly correlated a posteriori (fixed effects
// with the breeding values), so this is an option to measure, not the automatic choice.
// Built once per chain; allocation-free per iteration.

import { fillAssembly } from "../../../linalg/index.js";
import type { Model } from "../../../models/types.js";
import type { Prior } from "../../../priors/prior.js";
import { fillNormal } from "../../../random/index.js";
import type { Kernel } from "../../kernel.js";
import { buildBlockJacobi, preconditionerBlocks } from "./block-jacobi.js";
import { buildCoefficientFiller } from "./coefficients.js";
import type { MixedModelEquations } from "./mme.js";
import { linearPredictor, residualPrecisionTimes } from "./residual.js";

export function buildBlockGibbsLocationKernel(model: Model, _prior: Prior, mme: MixedModelEquations): Kernel {
  const size = mme.size, n = model.nUnits, k = model.nTraits, W = mme.W;
  const upper = mme.plan.pattern;
  const cValues = new Float64Array(upper.colPtr[size]);
  const coefficients = new Float64Array(mme.sources.length);
  const filler = buildCoefficientFiller(model, mme);
  const blocks = buildBlockJacobi(upper, preconditionerBlocks(model, mme.nFixed, size));
  const nBlocks = blocks.start.length - 1;
  const blockOf = new Int32Array(size);
  let maxBlock = 1;
  for (let b = 0; b < nBlocks; b++) {
    maxBlock = Math.max(maxBlock, blocks.start[b + 1] - blocks.start[b]);
    for (let m = blocks.start[b]; m < blocks.start[b + 1]; m++) blockOf[blocks.members[m]] = b;
  }
  // C's full symmetric pattern (column i = row i), each entry pointing at its upper-triangle value
  const count = new Int32Array(size + 1);
  for (let j = 0; j < size; j++) {
    for (let q = upper.colPtr[j]; q < upper.colPtr[j + 1]; q++) {
      const i = upper.rowIdx[q];
      count[j + 1]++;
      if (i !== j) count[i + 1]++;
    }
  }
  for (let j = 0; j < size; j++) count[j + 1] += count[j];
  const colPtr = Int32Array.from(count);
  const rowIdx = new Int32Array(colPtr[size]);
  const source = new Int32Array(colPtr[size]);
  const next = colPtr.slice(0, size);
  for (let j = 0; j < size; j++) {
    for (let q = upper.colPtr[j]; q < upper.colPtr[j + 1]; q++) {
      const i = upper.rowIdx[q];
      rowIdx[next[j]] = i;
      source[next[j]++] = q;
      if (i !== j) {
        rowIdx[next[i]] = j;
        source[next[i]++] = q;
      }
    }
  }
  const weighted = new Float64Array(n * k);
  const rhs = new Float64Array(size);
  const noise = new Float64Array(size);
  const v = new Float64Array(maxBlock), z = new Float64Array(maxBlock);

  return {
    name: "location effects",
    step(state, rng) {
      filler.fill(state, coefficients);
      fillAssembly(mme.plan, coefficients, cValues);
      blocks.refresh(cValues);
      residualPrecisionTimes(state.latent, filler.rInv, n, k, weighted);
      for (let j = 0; j < W.ncol; j++) {
        let s = mme.priorRhs[j];
        for (let e = W.colPtr[j]; e < W.colPtr[j + 1]; e++) s += W.values[e] * weighted[W.rowIdx[e]];
        rhs[j] = s;
      }
      fillNormal(rng, noise, size);
      const theta = state.theta;
      for (let b = 0; b < nBlocks; b++) {
        const m0 = blocks.start[b], s = blocks.start[b + 1] - m0;
        for (let a = 0; a < s; a++) {
          const i = blocks.members[m0 + a];
          let t = rhs[i];
          for (let q = colPtr[i]; q < colPtr[i + 1]; q++) {
            const j = rowIdx[q];
            if (blockOf[j] !== b) t -= cValues[source[q]] * theta[j];
          }
          v[a] = t;
          z[a] = noise[i];
        }
        blocks.drawBlock(b, v, z);
        for (let a = 0; a < s; a++) theta[blocks.members[m0 + a]] = v[a];
      }
      linearPredictor(W, theta, state.eta);
    },
  };
}
