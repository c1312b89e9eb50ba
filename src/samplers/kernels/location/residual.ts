// Small allocation-free kernels over the stacked (trait-major) layout shared by several kernels.

import type { Csc } from "../../../linalg/csc.js";

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
  S.fill(0);
  for (let u = 0; u < n; u++) {
    for (let a = 0; a < k; a++) {
      const ea = l[a * n + u] - eta[a * n + u];
      for (let b = 0; b <= a; b++) S[a * k + b] += ea * (l[b * n + u] - eta[b * n + u]);
    }
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) S[b * k + a] = S[a * k + b];
}
