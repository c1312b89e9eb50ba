// Small allocation-free kernels over the stacked (trait-major) layout shared by several kernels.

import type { Csc } from "../../../linalg/csc.js";
import { denseInverseSpd } from "../../../linalg/dense.js";
import { fillPatternCovariance, residualLayout, type ResidualLayout } from "../../../models/structures/residual-layout.js";
import type { Model } from "../../../models/types.js";

/** out = (I_n (x) R^-1) l in the trait-major layout: out[a*n+u] = sum_b Rinv[a,b] l[b*n+u]. */
export function residualPrecisionTimes(l: Float64Array, rInv: Float64Array, n: number, k: number, out: Float64Array): void {
  if (k === 1) {
    const r = rInv[0];
    for (let i = 0; i < n; i++) out[i] = r * l[i];
    return;
  }
  for (let u = 0; u < n; u++) {
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let b = 0; b < k; b++) s += rInv[a * k + b] * l[b * n + u];
      out[a * n + u] = s;
    }
  }
}

/** eta = W theta. */
export function linearPredictor(W: Csc, theta: Float64Array, eta: Float64Array): void {
  eta.fill(0);
  for (let j = 0; j < W.ncol; j++) {
    const x = theta[j];
    if (x === 0) continue;
    for (let e = W.colPtr[j]; e < W.colPtr[j + 1]; e++) eta[W.rowIdx[e]] += W.values[e] * x;
  }
}

/** S = sum_u e_u e_u' with e = l - eta, per unit over the k traits (k x k, row-major). */
export function residualCrossproduct(l: Float64Array, eta: Float64Array, n: number, k: number, S: Float64Array): void {
  if (k === 1) {
    // the same sums in the same order as the general loop below, without its index arithmetic
    let s = 0;
    for (let u = 0; u < n; u++) {
      const e = l[u] - eta[u];
      s += e * e;
    }
    S[0] = s;
    return;
  }
  S.fill(0);
  for (let u = 0; u < n; u++) {
    for (let a = 0; a < k; a++) {
      const ea = l[a * n + u] - eta[a * n + u];
      for (let b = 0; b <= a; b++) S[a * k + b] += ea * (l[b * n + u] - eta[b * n + u]);
    }
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) S[b * k + a] = S[a * k + b];
}

/**
 * Each unit's residual precision R_u^-1 (one T x T inverse per residual pattern, see
 * models/structures/residual-layout.ts), refreshed from the chain's residual state once per step;
 * `times` applies it to stacked vectors. A shared R takes the single-block path above.
 */
export interface ResidualPrecision {
  readonly layout: ResidualLayout;
  /** R_p^-1 per pattern (T x T row-major). */
  readonly inverses: readonly Float64Array[];
  refresh(R: Float64Array): void;
  /** out = blockdiag_u(R_u^-1) l in the trait-major layout. */
  times(l: Float64Array, out: Float64Array): void;
}

export function residualPrecision(model: Model): ResidualPrecision {
  const layout = residualLayout(model);
  const n = model.nUnits, k = model.nTraits;
  const inverses = layout.patterns.map(() => new Float64Array(k * k));
  const cov = new Float64Array(k * k);
  const work = new Float64Array(k * k);
  const { patternOf } = layout;
  if (layout.shared) {
    const rInv = inverses[0];
    return {
      layout,
      inverses,
      refresh(R) {
        denseInverseSpd(R, k, rInv, work);
      },
      times(l, out) {
        residualPrecisionTimes(l, rInv, n, k, out);
      },
    };
  }
  return {
    layout,
    inverses,
    refresh(R) {
      for (let p = 0; p < inverses.length; p++) {
        fillPatternCovariance(layout, p, R, k, cov);
        denseInverseSpd(cov, k, inverses[p], work);
      }
    },
    times(l, out) {
      for (let u = 0; u < n; u++) {
        const rInv = inverses[patternOf[u]];
        for (let a = 0; a < k; a++) {
          let s = 0;
          for (let b = 0; b < k; b++) s += rInv[a * k + b] * l[b * n + u];
          out[a * n + u] = s;
        }
      }
    },
  };
}
