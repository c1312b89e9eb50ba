// Block-Jacobi preconditioner for the mixed-model equations C (stored by its upper triangle):
// M = blockdiag(C_bb) over blocks that keep together what is most strongly coupled in C: the
// fixed effects as one dense block, and per level of a random term with covariances the k
// coefficients of that level (per animal, the k x k block G^-1 a_ii + W_i' R^-1 W_i). Each
// iteration refills, factorises and inverts the small blocks; applying M^-1 (once per conjugate-
// gradient iteration) is then a pass of small dense products, without divisions.
// Built once; allocation-free per iteration.

import { findRowIndex, type Csc } from "../../../linalg/csc.js";
import { hasCovariances } from "../../../models/structures/registry.js";
import type { Model } from "../../../models/types.js";
import { NumericalError } from "../../../errors.js";
import { coefficientOffsets } from "./mme.js";

/** Fixed effects above this count are preconditioned one by one rather than as a dense block. */
const MAX_DENSE_FIXED_BLOCK = 64;

/**
 * Prior precisions G^-1 (x) A^-1 left out of the pattern's values (split-product.ts): per term, where
 * its coefficients start and A^-1's diagonal; refresh then adds G^-1[a,b] a_ii to each block.
 */
export interface PriorDiagonals {
  readonly offsets: Int32Array;
  readonly diagonal: Float64Array;
}

export interface BlockJacobi {
  /** Refills and factorises the diagonal blocks from C's values (C's upper pattern), plus the priors' diagonals with these G^-1. */
  refresh(cValues: Float64Array, priorGInv?: readonly Float64Array[]): void;
  /** z = M^-1 r. */
  apply(r: Float64Array, z: Float64Array): void;
  /**
   * One fused pass of a CG iteration, block by block: x += alpha p, r -= alpha q, z = M^-1 r,
   * and sums[slot[i]] += r_i (the coarse space's Z0' r; slot 0 collects the ungrouped rows).
   * Writes r'z to rz[0] (an array: a returned double would be boxed on the heap). One pass over memory instead of four.
   */
  updateApply(alpha: number, p: Float64Array, q: Float64Array, x: Float64Array, r: Float64Array, z: Float64Array, slot: Int32Array, sums: Float64Array, rz: Float64Array): void;
  /** Block b's rows of C: members[start[b] .. start[b+1]). */
  readonly start: Int32Array;
  readonly members: Int32Array;
  /** v = C_bb^-1 v + L_b'^-1 z (v, z of block b's length; after refresh): a draw from N(C_bb^-1 v, C_bb^-1). */
  drawBlock(b: number, v: Float64Array, z: Float64Array): void;
}

/** The index blocks: each a list of C's rows, ascending. Every row of C is in exactly one. */
export function preconditionerBlocks(model: Model, nFixed: number, size: number): number[][] {
  const blocks: number[][] = [];
  if (nFixed <= MAX_DENSE_FIXED_BLOCK) {
    if (nFixed > 0) blocks.push(Array.from({ length: nFixed }, (_, i) => i));
  } else for (let i = 0; i < nFixed; i++) blocks.push([i]);
  const covered = new Uint8Array(size);
  for (let i = 0; i < nFixed; i++) covered[i] = 1;
  for (const term of model.randomTerms) {
    const offsets = coefficientOffsets(term.nLevels, nFixed + term.zOffset);
    const joint = hasCovariances(term) && term.nLevels.every((m) => m === term.nLevels[0]);
    if (joint) {
      for (let level = 0; level < term.nLevels[0]; level++) blocks.push(offsets.map((o) => o + level));
    } else {
      offsets.forEach((o, a) => {
        for (let level = 0; level < term.nLevels[a]; level++) blocks.push([o + level]);
      });
    }
    offsets.forEach((o, a) => covered.fill(1, o, o + term.nLevels[a]));
  }
  for (let i = 0; i < size; i++) if (!covered[i]) blocks.push([i]);
  return blocks;
}

export function buildBlockJacobi(pattern: Csc, blocks: readonly number[][], priors: readonly PriorDiagonals[] = []): BlockJacobi {
  const nBlocks = blocks.length;
  const start = new Int32Array(nBlocks + 1); // members of block b: members[start[b] .. start[b+1])
  const squareStart = new Int32Array(nBlocks + 1); // its s x s factor at factors[squareStart[b]..]
  for (let b = 0; b < nBlocks; b++) {
    start[b + 1] = start[b] + blocks[b].length;
    squareStart[b + 1] = squareStart[b] + blocks[b].length ** 2;
  }
  const members = new Int32Array(start[nBlocks]);
  const position = new Int32Array(squareStart[nBlocks]).fill(-1); // C's value index of (row a, col b), a <= b
  const factors = new Float64Array(squareStart[nBlocks]);
  const inverses = new Float64Array(squareStart[nBlocks]); // C_bb^-1, row-major, for apply
  let maxSize = 1;
  blocks.forEach((block, b) => {
    maxSize = Math.max(maxSize, block.length);
    const s = block.length;
    block.forEach((row, a) => (members[start[b] + a] = row));
    for (let a = 0; a < s; a++) {
      for (let c = a; c < s; c++) {
        const i = block[a], j = block[c];
        const lo = pattern.colPtr[j], hi = pattern.colPtr[j + 1];
        let found = -1;
        for (let q = lo; q < hi; q++) if (pattern.rowIdx[q] === i) found = q;
        if (a === c) found = findRowIndex(pattern.rowIdx, lo, hi, i, "block-Jacobi diagonal");
        position[squareStart[b] + a * s + c] = found;
      }
    }
  });
  const work = new Float64Array(maxSize);
  // row -> (prior term, coefficient, level) for the priors' diagonals (rowPrior -1: none)
  const rowPrior = new Int32Array(priors.length > 0 ? pattern.ncol : 0).fill(-1), rowCoef = new Int32Array(rowPrior.length), rowLevel = new Int32Array(rowPrior.length);
  priors.forEach(({ offsets, diagonal }, t) => {
    offsets.forEach((o, a) => {
      for (let l = 0; l < diagonal.length; l++) {
        rowPrior[o + l] = t;
        rowCoef[o + l] = a;
        rowLevel[o + l] = l;
      }
    });
  });
  const priorDim = Int32Array.from(priors, (t) => t.offsets.length);
  const blockValues = new Float64Array(maxSize * maxSize); // the block being factorised, upper half, row-major
  return {
    start,
    members,
    drawBlock(b, v, z) {
      const s = start[b + 1] - start[b], f = squareStart[b];
      // forward: L y = v; add z; backward: L' x = y + z
      for (let i = 0; i < s; i++) {
        let t = v[i];
        for (let c = 0; c < i; c++) t -= factors[f + i * s + c] * v[c];
        v[i] = t / factors[f + i * s + i];
      }
      for (let i = 0; i < s; i++) v[i] += z[i];
      for (let i = s - 1; i >= 0; i--) {
        let t = v[i];
        for (let c = i + 1; c < s; c++) t -= factors[f + c * s + i] * v[c];
        v[i] = t / factors[f + i * s + i];
      }
    },
    refresh(cValues, priorGInv) {
      for (let b = 0; b < nBlocks; b++) {
        const s = start[b + 1] - start[b], f = squareStart[b], m0 = start[b];
        // the block's upper half: C's values, plus G^-1[a,c] a_ii where both rows are one level of a prior
        for (let a = 0; a < s; a++) {
          for (let c = a; c < s; c++) {
            const pos = position[f + a * s + c];
            let v = pos >= 0 ? cValues[pos] : 0;
            if (priorGInv !== undefined && rowPrior.length > 0) {
              const i = members[m0 + a], j = members[m0 + c], t = rowPrior[i];
              if (t >= 0 && rowPrior[j] === t && rowLevel[i] === rowLevel[j]) v += priorGInv[t][rowCoef[i] * priorDim[t] + rowCoef[j]] * priors[t].diagonal[rowLevel[i]];
            }
            blockValues[a * s + c] = v;
          }
        }
        if (s === 1) {
          const d = blockValues[0];
          if (!(d > 0)) throw new NumericalError(`mixed-model equations: diagonal ${members[start[b]]} is ${d}`, { column: members[start[b]] });
          factors[f] = Math.sqrt(d);
          inverses[f] = 1 / d;
          continue;
        }
        // lower Cholesky of the block, in place, row-major (block symmetric from its upper half)
        for (let j = 0; j < s; j++) {
          let d = blockValues[j * s + j];
          for (let c = 0; c < j; c++) d -= factors[f + j * s + c] ** 2;
          if (!(d > 0)) throw new NumericalError(`mixed-model equations: block at row ${members[start[b]]} not positive-definite`, { column: members[start[b] + j] });
          const ljj = Math.sqrt(d);
          factors[f + j * s + j] = ljj;
          for (let i = j + 1; i < s; i++) {
            let v = blockValues[j * s + i];
            for (let c = 0; c < j; c++) v -= factors[f + i * s + c] * factors[f + j * s + c];
            factors[f + i * s + j] = v / ljj;
          }
        }
        invertFromFactor(factors, inverses, f, s, work);
      }
    },
    updateApply(alpha, p, q, x, r, z, slot, sums, out) {
      let rz = 0;
      for (let b = 0; b < nBlocks; b++) {
        const m0 = start[b], s = start[b + 1] - m0, f = squareStart[b];
        if (s === 1) {
          const i = members[m0];
          x[i] += alpha * p[i];
          const ri = (r[i] -= alpha * q[i]);
          const zi = inverses[f] * ri;
          z[i] = zi;
          rz += ri * zi;
          sums[slot[i]] += ri;
        } else if (s === 2) {
          const i0 = members[m0], i1 = members[m0 + 1];
          x[i0] += alpha * p[i0];
          x[i1] += alpha * p[i1];
          const r0 = (r[i0] -= alpha * q[i0]), r1 = (r[i1] -= alpha * q[i1]);
          const z0 = inverses[f] * r0 + inverses[f + 1] * r1, z1 = inverses[f + 2] * r0 + inverses[f + 3] * r1;
          z[i0] = z0;
          z[i1] = z1;
          rz += r0 * z0 + r1 * z1;
          sums[slot[i0]] += r0;
          sums[slot[i1]] += r1;
        } else {
          for (let c = 0; c < s; c++) {
            const i = members[m0 + c];
            x[i] += alpha * p[i];
            work[c] = r[i] -= alpha * q[i];
            sums[slot[i]] += work[c];
          }
          for (let c = 0; c < s; c++) {
            let v = 0;
            for (let e = 0; e < s; e++) v += inverses[f + c * s + e] * work[e];
            z[members[m0 + c]] = v;
            rz += work[c] * v;
          }
        }
      }
      out[0] = rz;
    },
    apply(r, z) {
      for (let b = 0; b < nBlocks; b++) {
        const m0 = start[b], s = start[b + 1] - m0, f = squareStart[b];
        if (s === 1) {
          z[members[m0]] = inverses[f] * r[members[m0]];
        } else if (s === 2) {
          const i0 = members[m0], i1 = members[m0 + 1], r0 = r[i0], r1 = r[i1];
          z[i0] = inverses[f] * r0 + inverses[f + 1] * r1;
          z[i1] = inverses[f + 2] * r0 + inverses[f + 3] * r1;
        } else {
          for (let i = 0; i < s; i++) work[i] = r[members[m0 + i]];
          for (let i = 0; i < s; i++) {
            let v = 0;
            for (let c = 0; c < s; c++) v += inverses[f + i * s + c] * work[c];
            z[members[m0 + i]] = v;
          }
        }
      }
    },
  };
}

/** inv[f..] = (L L')^-1 from the row-major lower factor L at factors[f..] (s x s): columns of L^-T L^-1 e_j. */
function invertFromFactor(factors: Float64Array, inv: Float64Array, f: number, s: number, work: Float64Array): void {
  for (let j = 0; j < s; j++) {
    for (let i = 0; i < s; i++) {
      let v = i === j ? 1 : 0;
      for (let c = 0; c < i; c++) v -= factors[f + i * s + c] * work[c];
      work[i] = v / factors[f + i * s + i];
    }
    for (let i = s - 1; i >= 0; i--) {
      let v = work[i];
      for (let c = i + 1; c < s; c++) v -= factors[f + c * s + i] * work[c];
      work[i] = v / factors[f + i * s + i];
    }
    for (let i = 0; i < s; i++) inv[f + i * s + j] = work[i];
  }
}
