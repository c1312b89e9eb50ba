// y += (G^-1 (x) F F') x for a pedigree's root F = T' D^-1/2 of A^-1 (Henderson 1976): column j
// of F is s_j at row j and -s_j / 2 at each known parent (rows before j: parents precede their
// offspring). Stored compactly (two parent indices and s_j per animal: 16 bytes, not 40) and
// applied with the k coefficients of an animal side by side (x gathered into an animal-major
// copy), so that a parent's k values share a cache line: at 500,000 animals the product is bound
// by those random reads and writes of parents, not by arithmetic. Columns are taken last to
// first: row j's sum is complete once column j is done (later columns are its offspring's, which
// come after it), so it is written back and its scratch cleared in the same pass.
// Built once; allocation-free per product.

import type { Csc } from "../../../linalg/csc.js";

export interface PedigreeRootProduct {
  /**
   * y[offsets[a] + i] += sum_b gInv[a,b] (F F' x_b)_i for every coefficient a (k = offsets.length);
   * adds x' (G^-1 (x) F F') x = sum_j u_j' G^-1 u_j with u_j = (F' X)_j to quadratic[0] (CG's p'Cp
   * without an extra pass; through an array, as a returned double would be boxed on the heap).
   */
  times(gInv: Float64Array, x: Float64Array, y: Float64Array, quadratic: Float64Array): void;
}

/** The compact product, or undefined when F is not in a pedigree root's form (then a general CSC pass is used). */
export function buildPedigreeRootProduct(F: Csc, offsets: Int32Array): PedigreeRootProduct | undefined {
  const m = F.ncol, k = offsets.length;
  const parent0 = new Int32Array(m).fill(-1), parent1 = new Int32Array(m).fill(-1), scale = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const lo = F.colPtr[j], hi = F.colPtr[j + 1];
    if (hi - lo < 1 || hi - lo > 3 || F.rowIdx[hi - 1] !== j) return undefined;
    const s = F.values[hi - 1];
    scale[j] = s;
    for (let q = lo; q < hi - 1; q++) {
      if (F.rowIdx[q] >= j || F.values[q] !== -0.5 * s) return undefined;
      if (q === lo) parent0[j] = F.rowIdx[q];
      else parent1[j] = F.rowIdx[q];
    }
  }
  const xs = new Float64Array(m * k), ys = new Float64Array(m * k); // animal-major copies; ys stays zero between products
  const u = new Float64Array(k);

  return {
    times(g, x, y, out) {
      let quadratic = 0;
      for (let a = 0; a < k; a++) {
        const o = offsets[a];
        for (let i = 0; i < m; i++) xs[i * k + a] = x[o + i];
      }
      if (k === 2) {
        const o0 = offsets[0], o1 = offsets[1], g00 = g[0], g01 = g[1], g11 = g[3];
        for (let j = m - 1; j >= 0; j--) {
          const s = scale[j], p0 = parent0[j], p1 = parent1[j];
          let u0 = xs[2 * j], u1 = xs[2 * j + 1];
          if (p0 >= 0) {
            u0 -= 0.5 * xs[2 * p0];
            u1 -= 0.5 * xs[2 * p0 + 1];
          }
          if (p1 >= 0) {
            u0 -= 0.5 * xs[2 * p1];
            u1 -= 0.5 * xs[2 * p1 + 1];
          }
          u0 *= s;
          u1 *= s;
          const w0 = g00 * u0 + g01 * u1, w1 = g01 * u0 + g11 * u1;
          quadratic += u0 * w0 + u1 * w1;
          const v0 = s * w0, v1 = s * w1;
          // row j is complete: its own term plus what its offspring (done already) added
          y[o0 + j] += ys[2 * j] + v0;
          y[o1 + j] += ys[2 * j + 1] + v1;
          ys[2 * j] = 0;
          ys[2 * j + 1] = 0;
          if (p0 >= 0) {
            ys[2 * p0] -= 0.5 * v0;
            ys[2 * p0 + 1] -= 0.5 * v1;
          }
          if (p1 >= 0) {
            ys[2 * p1] -= 0.5 * v0;
            ys[2 * p1 + 1] -= 0.5 * v1;
          }
        }
        out[0] += quadratic;
        return;
      }
      for (let j = m - 1; j >= 0; j--) {
        const s = scale[j], p0 = parent0[j], p1 = parent1[j], at = j * k;
        for (let b = 0; b < k; b++) {
          let t = xs[at + b];
          if (p0 >= 0) t -= 0.5 * xs[p0 * k + b];
          if (p1 >= 0) t -= 0.5 * xs[p1 * k + b];
          u[b] = s * t;
        }
        for (let a = 0; a < k; a++) {
          let t = 0;
          for (let b = 0; b < k; b++) t += g[a * k + b] * u[b];
          quadratic += u[a] * t;
        }
        for (let a = 0; a < k; a++) {
          let t = 0;
          for (let b = 0; b < k; b++) t += g[a * k + b] * u[b];
          const v = s * t;
          y[offsets[a] + j] += ys[at + a] + v;
          ys[at + a] = 0;
          if (p0 >= 0) ys[p0 * k + a] -= 0.5 * v;
          if (p1 >= 0) ys[p1 * k + a] -= 0.5 * v;
        }
      }
      out[0] += quadratic;
    },
  };
}
