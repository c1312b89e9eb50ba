// The Gaussian marginal likelihood's C-dependent part for one random term whose rows each hold at
// most one Z entry (crossed-design.ts with a single factor): with r = 1/sigma_e^2 and g = 1/sigma_u^2
//   C = [ r X'X + B^-1   r X'Z        ]      b = [ r X'y + B^-1 mu ]
//       [ r Z'X          r D + g I    ],         [ r Z'y           ],   D = diag(Z'Z),
// an arrow. With d_j = r D_jj + g, the Schur complement S = r X'X + B^-1 - sum_j r^2 x_j x_j' / d_j
// (x_j = X'Z's column j) and h = b_beta - sum_j r x_j b_j / d_j:
//   log|C| = sum_j log d_j + log|S|,   b'C^-1 b = sum_j b_j^2 / d_j + h'S^-1 h,
// in O(levels p^2) with no factorisation of C: the marginal variance move's target per proposal
// (marginal-variance.ts) for the models whose location effects the per-factor kernel draws
// exactly in one block (crossed-location.ts with one factor).

import { denseCholeskyPivot } from "../../../linalg/dense.js";
import { log } from "../../../math/deterministic.js";
import type { CrossedDesign } from "../location/crossed-design.js";

export interface ArrowMarginal {
  /**
   * log|C| + y'R^-1 y - b'C^-1 b at residual precision rInv and random-effect precision gInv, or
   * NaN when S is not positive-definite. Allocates nothing.
   */
  evaluate(rInv: number, gInv: number): number;
}

/**
 * `xty` = X'y and Z'y in theta's order (fixed effects, then the term's levels), `yy` = y'y,
 * `bPrecision` = B^-1 (p x p), `priorRhs` = B^-1 mu.
 */
export function arrowMarginal(design: CrossedDesign, xty: Float64Array, yy: number, bPrecision: Float64Array, priorRhs: Float64Array): ArrowMarginal {
  const { p, xtx } = design;
  const { zz, xz, levels: m } = design.terms[0];
  const S = new Float64Array(p * p), L = new Float64Array(p * p), h = new Float64Array(p);
  return {
    evaluate(rInv, gInv) {
      for (let a = 0; a < p; a++) {
        h[a] = rInv * xty[a] + priorRhs[a];
        for (let c = 0; c < p; c++) S[a * p + c] = rInv * xtx[a * p + c] + bPrecision[a * p + c];
      }
      // log prod d_j as logs of running products kept within (1e-250, 1e250), as linalg's logDet
      let logDetC = 0, product = 1, quad = 0;
      for (let j = 0; j < m; j++) {
        const d = rInv * zz[j] + gInv;
        const bj = rInv * xty[p + j];
        quad += (bj * bj) / d;
        if (d > 1e-150 && d < 1e150) {
          product *= d;
          if (product > 1e100 || product < 1e-100) { logDetC += log(product); product = 1; }
        } else logDetC += log(d);
        for (let a = 0; a < p; a++) {
          const qa = (rInv * xz[j * p + a]) / d;
          h[a] -= qa * bj;
          for (let c = 0; c <= a; c++) S[a * p + c] -= qa * rInv * xz[j * p + c];
        }
      }
      logDetC += log(product);
      if (denseCholeskyPivot(S, p, L) >= 0) return NaN;
      // h'S^-1 h = |L^-1 h|^2, log|S| = 2 sum log L_aa
      let logDetS = 0;
      for (let a = 0; a < p; a++) {
        let s = h[a];
        for (let c = 0; c < a; c++) s -= L[a * p + c] * h[c];
        h[a] = s / L[a * p + a];
        quad += h[a] * h[a];
        logDetS += log(L[a * p + a]);
      }
      return logDetC + 2 * logDetS + rInv * yy - quad;
    },
  };
}
