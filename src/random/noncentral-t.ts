// Student t distributions for the scaled t families (ncst, msst): the noncentral t density with
// its derivatives in the noncentrality, the noncentral t CDF, and expectations over a chi-square
// mixing variable. No maintained npm package computes the noncentral t, so it is done here by
// one-dimensional quadrature of integral representations, each a smooth unimodal integrand in a
// log variable, summed by the trapezoidal rule outward from its mode (exponentially convergent
// for smooth integrands decaying on both sides; Trefethen & Weideman 2014, SIAM Rev. 56:385).
//
// T = (Z + mu) / sqrt(V / nu), Z ~ N(0, 1), V ~ chi-square(nu). Its density (Johnson, Kotz &
// Balakrishnan 1995, Continuous Univariate Distributions 2, ch. 31 eq. 31.15):
//   f(x) = nu^(nu/2) exp(-nu mu^2 / (2 (x^2 + nu))) / (sqrt(pi) Gamma(nu/2) 2^((nu-1)/2) (x^2 + nu)^((nu+1)/2))
//          * I(nu, z),   I(nu, z) = int_0^inf y^nu exp(-(y - z)^2 / 2) dy,   z = mu x / sqrt(x^2 + nu).
// d/dz log I = E[y] - z and d2/dz2 log I = Var[y] - 1 under the tilted density y^nu exp(-(y-z)^2/2),
// so one quadrature pass gives the log-density and its first two derivatives in mu.

import { lgamma } from "../diagnostics/beta.js";
import { logNormalCdf } from "./normal-cdf.js";
import { exp, log, log1p } from "../math/deterministic.js";

const LOG_PI = log(Math.PI);
const LOG_2 = log(2);
/** Terms below exp(-CUTOFF) of the largest are dropped (relative 3e-17, below double precision). */
const CUTOFF = 38;
const MAX_TERMS = 20000;

/** Moments of the tilted density y^nu exp(-(y - z)^2 / 2) on y > 0: log of its mass, mean, variance. */
export interface TiltedMoments {
  logMass: number;
  mean: number;
  variance: number;
}

/**
 * log I(nu, z) with the mean and variance of y under its integrand, by the trapezoidal rule in
 * t = log y, where the integrand exp((nu + 1) t - (e^t - z)^2 / 2) is unimodal (its derivative
 * nu + 1 + z w - w^2, w = e^t, has one positive root) with a double-exponential right tail.
 */
export function tiltedMoments(nu: number, z: number, out: TiltedMoments): TiltedMoments {
  const a = nu + 1;
  const root = Math.sqrt(z * z + 4 * a);
  // the mode w* of the integrand in w = e^t: w^2 - z w - (nu + 1) = 0, in the stable form for z < 0
  const w0 = z >= 0 ? 0.5 * (z + root) : (2 * a) / (root - z);
  const t0 = log(w0);
  const h0 = a * t0 - 0.5 * (w0 - z) * (w0 - z);
  const sigma = 1 / Math.sqrt(w0 * (2 * w0 - z));
  const step = Math.min(0.5 * sigma, 0.15);
  const grow = exp(step);
  const shrink = 1 / grow;
  // sums of weight, weight * (w - w0), weight * (w - w0)^2, centred at the mode for accuracy
  let s0 = 1, s1 = 0, s2 = 0;
  for (const dir of [grow, shrink]) {
    let w = w0;
    let t = t0;
    const dt = dir === grow ? step : -step;
    for (let k = 1; k < MAX_TERMS; k++) {
      w *= dir;
      t += dt;
      const d = w - z;
      const logTerm = a * t - 0.5 * d * d - h0;
      if (logTerm < -CUTOFF) break;
      const e = exp(logTerm);
      const c = w - w0;
      s0 += e;
      s1 += e * c;
      s2 += e * c * c;
    }
  }
  const m1 = s1 / s0;
  out.logMass = h0 + log(s0 * step);
  out.mean = w0 + m1;
  out.variance = s2 / s0 - m1 * m1;
  return out;
}

/** The noncentral t log-density and its derivatives in the noncentrality mu. */
export interface NoncentralTDensity {
  logDensity: number;
  dMu: number;
  d2Mu: number;
}

/** Constant part of log f in x and nu: (nu/2) log nu - log Gamma(nu/2) - (nu-1)/2 log 2 - log(pi)/2. */
export function noncentralTConstant(nu: number): number {
  return 0.5 * nu * log(nu) - lgamma(0.5 * nu) - 0.5 * (nu - 1) * LOG_2 - 0.5 * LOG_PI;
}

/**
 * log f(x; nu, mu) of the noncentral t (R's dt(x, df = nu, ncp = mu, log = TRUE)) with d/dmu
 * and d2/dmu2; `constant` is noncentralTConstant(nu) (computed once per unit by callers).
 */
export function noncentralT(x: number, nu: number, mu: number, constant: number, moments: TiltedMoments, out: NoncentralTDensity): NoncentralTDensity {
  const q = x * x + nu;
  const a = x / Math.sqrt(q);
  const z = mu * a;
  tiltedMoments(nu, z, moments);
  out.logDensity = constant - (0.5 * nu * mu * mu) / q - 0.5 * (nu + 1) * log(q) + moments.logMass;
  out.dMu = (-nu * mu) / q + a * (moments.mean - z);
  // -nu/q + a^2 (Var - 1) = -1 + a^2 Var, since a^2 + nu/q = 1
  out.d2Mu = -1 + a * a * moments.variance;
  return out;
}

const scratchMoments: TiltedMoments = { logMass: 0, mean: 0, variance: 0 };
const scratchDensity: NoncentralTDensity = { logDensity: 0, dMu: 0, d2Mu: 0 };

/** log f(x; nu, mu) of the noncentral t (mu = 0: the central t). */
export function logNoncentralT(x: number, nu: number, mu: number): number {
  return noncentralT(x, nu, mu, noncentralTConstant(nu), scratchMoments, scratchDensity).logDensity;
}

/** log f(x; nu) of the central t. */
export function logCentralT(x: number, nu: number): number {
  return lgamma(0.5 * (nu + 1)) - lgamma(0.5 * nu) - 0.5 * (log(nu) + LOG_PI) - 0.5 * (nu + 1) * log1p((x * x) / nu);
}

/**
 * log E[exp(logF(V))] for V ~ chi-square(nu), by the trapezoidal rule in t = log V around the mode
 * of the chi-square density of t (e^t = nu, curvature nu / 2). logF must be smooth in t, and
 * exp(logF(V)) times the chi-square density must vanish as V -> 0 and V -> infinity.
 */
export function logExpectChiSquare(nu: number, logF: (v: number) => number): number {
  const half = 0.5 * nu;
  const norm = -half * LOG_2 - lgamma(half);
  const t0 = log(nu);
  const g0 = half * t0 - 0.5 * nu;
  const step = Math.min(0.25 * Math.sqrt(2 / nu), 0.1);
  const terms: number[] = [g0 + logF(nu)];
  let top = terms[0];
  for (const dt of [step, -step]) {
    let t = t0;
    for (let k = 1; k < MAX_TERMS; k++) {
      t += dt;
      const v = exp(t);
      const g = half * t - 0.5 * v;
      const term = g + logF(v);
      // stop once both the chi-square density and the whole term are negligible
      if (g - g0 < -CUTOFF && !(term - top > -CUTOFF)) break;
      terms.push(term);
      if (term > top) top = term;
    }
  }
  if (top === -Infinity) return -Infinity;
  let s = 0;
  for (const x of terms) s += exp(x - top);
  return norm + top + log(s * step);
}

/** E[Y] / mu of the noncentral t: sqrt(nu/2) Gamma((nu-1)/2) / Gamma(nu/2); NaN for nu <= 1 (no mean). */
export function noncentralTMeanFactor(nu: number): number {
  if (!(nu > 1)) return NaN;
  return Math.sqrt(0.5 * nu) * exp(lgamma(0.5 * (nu - 1)) - lgamma(0.5 * nu));
}

/** P(T <= x) of the noncentral t (R's pt(x, df = nu, ncp = mu)): E[Phi(x sqrt(V / nu) - mu)] over V ~ chi-square(nu). */
export function noncentralTCdf(x: number, nu: number, mu: number): number {
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  return exp(logExpectChiSquare(nu, (v) => logNormalCdf(x * Math.sqrt(v / nu) - mu)));
}
