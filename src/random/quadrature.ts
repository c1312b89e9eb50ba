// Gauss-Hermite quadrature for expectations over normal distributions, E[f(x)], x ~ N(m, S).
// Nodes and weights by Golub & Welsch (1969): the nodes are the eigenvalues of the Jacobi
// matrix of the probabilists' Hermite polynomials (zero diagonal, off-diagonal sqrt(i)), the
// weights the squared first components of its unit eigenvectors (they sum to 1, the N(0, 1)
// mass). Several dimensions use the product rule on x = m + L z with S = L L'.

import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { pow } from "../math/deterministic.js";

export interface QuadratureRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

const cache = new Map<number, QuadratureRule>();

/** The n-point rule for E[f(Z)], Z ~ N(0, 1). */
export function gaussHermite(n: number): QuadratureRule {
  const hit = cache.get(n);
  if (hit) return hit;
  const J = Matrix.zeros(n, n);
  for (let i = 1; i < n; i++) {
    J.set(i - 1, i, Math.sqrt(i));
    J.set(i, i - 1, Math.sqrt(i));
  }
  const evd = new EigenvalueDecomposition(J, { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const V = evd.eigenvectorMatrix;
  const nodes = Float64Array.from(order, ([x]) => x);
  const weights = Float64Array.from(order, ([, i]) => V.get(0, i) ** 2);
  const total = weights.reduce((s, w) => s + w, 0);
  for (let i = 0; i < n; i++) weights[i] /= total;
  const rule = { nodes, weights };
  cache.set(n, rule);
  return rule;
}

/** Default points per dimension: a 1-d rule of 40 points, fewer per dimension as dimensions grow. */
export function pointsPerDimension(d: number): number {
  return d <= 1 ? 40 : d === 2 ? 24 : d === 3 ? 10 : d === 4 ? 7 : 5;
}

/** E[f(x)], x ~ N(mean, sd^2), by the n-point rule. */
export function expectNormal1(mean: number, sd: number, f: (x: number) => number, n = 40): number {
  if (!(sd > 0)) return f(mean);
  const { nodes, weights } = gaussHermite(n);
  let s = 0;
  for (let i = 0; i < n; i++) s += weights[i] * f(mean + sd * nodes[i]);
  return s;
}

/**
 * out[j] = E[f(x)_j], x ~ N(mean, L L') in d dimensions (L lower, row-major), f writing
 * `outDim` values into its second argument. Product rule, `m` points per dimension.
 */
export function expectNormalVector(
  mean: ArrayLike<number>,
  L: ArrayLike<number>,
  d: number,
  f: (x: Float64Array, out: Float64Array) => void,
  outDim: number,
  out: Float64Array,
  m = pointsPerDimension(d),
): void {
  const { nodes, weights } = gaussHermite(m);
  const idx = new Int32Array(d);
  const z = new Float64Array(d);
  const x = new Float64Array(d);
  const val = new Float64Array(outDim);
  out.fill(0, 0, outDim);
  const total = pow(m, d);
  for (let q = 0; q < total; q++) {
    let w = 1;
    for (let a = 0; a < d; a++) {
      z[a] = nodes[idx[a]];
      w *= weights[idx[a]];
    }
    for (let a = 0; a < d; a++) {
      let s = mean[a];
      for (let b = 0; b <= a; b++) s += L[a * d + b] * z[b];
      x[a] = s;
    }
    f(x, val);
    for (let j = 0; j < outDim; j++) out[j] += w * val[j];
    for (let a = 0; a < d; a++) {
      if (++idx[a] < m) break;
      idx[a] = 0;
    }
  }
}
