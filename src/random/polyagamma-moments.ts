// Cumulants of the Polya-Gamma distribution PG(b, z) (Polson, Scott & Windle 2013, JASA 108:1339).
//
// Its Laplace transform is E[exp(-t X)] = cosh^b(z/2) / cosh^b(sqrt(z^2/4 + t/2)), so with
// c = |z|/2, w = c^2 - s/2 and f(w) = log cosh(sqrt(w)) the cumulant generating function is
// K(s) = b [f(c^2) - f(c^2 - s/2)] and kappa_n = -b (-1/2)^n f^(n)(c^2). Differentiating
// (dc/dw = 1/(2c)):
//   kappa_1 = b tanh(c) / (4c)                                        = (b/(2z)) tanh(z/2)
//   kappa_2 = b (tanh c - c sech^2 c) / (16 c^3)                      = (b/(2z^3)) (sinh z - z)/(cosh z + 1)
//   kappa_3 = b (3 tanh c - 3c sech^2 c - 2c^2 sech^2 c tanh c) / (64 c^5)
// with limits b/4, b/24, b/60 at z = 0 (agreeing with the series representation
// PG(b, z) = (1/(2 pi^2)) sum_k g_k / ((k - 1/2)^2 + c^2/pi^2), g_k ~ Gamma(b, 1), whose
// cumulants are kappa_n = b (n-1)! / (2 pi^2)^n sum_k d_k^-n). Near c = 0 the closed forms
// cancel, so Taylor series in c^2 from the same sums are used (terms from zeta(2m)).

import { exp, log1p, tanh, cosh } from "../math/deterministic.js";

const SMALL_C = 0.01;

function checkB(b: number): void {
  if (!(b >= 0) || !Number.isFinite(b)) throw new RangeError(`Polya-Gamma shape b must be finite and >= 0, got ${b}`);
}

/** kappa_1 / b at c = |z|/2. */
export function pgMeanPerUnit(c: number): number {
  if (c < 1e-4) return 0.25 * (1 - (c * c) / 3);
  return tanh(c) / (4 * c);
}

/** kappa_2 / b at c = |z|/2. */
export function pgVariancePerUnit(c: number): number {
  const c2 = c * c;
  if (c < SMALL_C) return 1 / 24 - c2 / 30 + (17 * c2 * c2) / 840;
  const t = tanh(c);
  const sech = 1 / cosh(c);
  return (t - c * sech * sech) / (16 * c2 * c);
}

/** kappa_3 / b at c = |z|/2. */
export function pgThirdCumulantPerUnit(c: number): number {
  const c2 = c * c;
  if (c < SMALL_C) return 1 / 60 - (17 * c2) / 840 + (31 * c2 * c2) / 1890;
  const t = tanh(c);
  const sech = 1 / cosh(c);
  const s2 = sech * sech;
  return (3 * t - 3 * c * s2 - 2 * c2 * s2 * t) / (64 * c2 * c2 * c);
}

/** E[X] for X ~ PG(b, z): (b/(2z)) tanh(z/2); b/4 at z = 0. */
export function pgMean(b: number, z: number): number {
  checkB(b);
  return b * pgMeanPerUnit(0.5 * Math.abs(z));
}

/** Var[X] for X ~ PG(b, z): (b/(2z^3)) (sinh z - z)/(cosh z + 1); b/24 at z = 0. */
export function pgVariance(b: number, z: number): number {
  checkB(b);
  return b * pgVariancePerUnit(0.5 * Math.abs(z));
}

/** Third cumulant E[(X - EX)^3] for X ~ PG(b, z); b/60 at z = 0. */
export function pgThirdCumulant(b: number, z: number): number {
  checkB(b);
  return b * pgThirdCumulantPerUnit(0.5 * Math.abs(z));
}

/** The Laplace transform E[exp(-t X)] for X ~ PG(b, z), t >= 0 (for tests and checks). */
export function pgLaplace(b: number, z: number, t: number): number {
  const c = 0.5 * Math.abs(z);
  const u = Math.sqrt(c * c + 0.5 * t);
  // log cosh(x) = x + log1p(e^-2x) - log 2, stable for large x.
  const logCosh = (x: number) => x + log1p(exp(-2 * x)) - Math.LN2;
  return exp(b * (logCosh(c) - logCosh(u)));
}
