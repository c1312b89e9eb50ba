// The standard normal CDF to full relative precision in both tails, through Mills' ratio
// R(x) = Q(x)/phi(x) (Q the upper tail). Following Marsaglia (2004, "Evaluating the normal
// distribution", J. Stat. Softw. 11(4)): R is tabulated at the integers and expanded in a
// Taylor series about the nearest one, the coefficients coming from the ODE R' = xR - 1.
// The table is computed once here from Laplace's continued fraction
// R(x) = 1/(x+ 1/(x+ 2/(x+ 3/(x+ ...)))) (evaluated backwards; at x >= 1, 20,000 terms converge
// far below double rounding), and R(0) = sqrt(pi/2). The forward coefficient recurrence
// amplifies rounding by about e^j, so the Taylor expansion is used only for x < 4.5; beyond,
// the continued fraction itself converges to double precision within 36 terms.

import { exp, log, log1p } from "../math/deterministic.js";

const LOG_SQRT_2PI = 0.5 * log(2 * Math.PI);
const GRID_MAX = 4;
const TAYLOR_LIMIT = 4.5;

function millsContinuedFraction(x: number, terms: number): number {
  let t = x;
  for (let n = terms; n >= 1; n--) t = x + n / t;
  return 1 / t;
}

const MILLS_GRID = (() => {
  const g = new Float64Array(GRID_MAX + 1);
  g[0] = Math.sqrt(Math.PI / 2);
  for (let j = 1; j <= GRID_MAX; j++) g[j] = millsContinuedFraction(j, 20000);
  return g;
})();

/** Mills' ratio from the integer table (Taylor steps of up to 1/2) or the continued fraction. */
function millsRatioReference(x: number): number {
  if (x >= TAYLOR_LIMIT) return millsContinuedFraction(x, x < 6 ? 36 : x < 10 ? 22 : 12);
  return millsTaylor(MILLS_GRID[Math.round(x)], Math.round(x), x - Math.round(x), 60);
}

/**
 * Taylor series of R about x0 evaluated at x0 + h, given r0 = R(x0). The coefficients
 * c_n = R^(n)(x0)/n! follow c_1 = x0 c_0 - 1, c_{n+1} = (x0 c_n + c_{n-1})/(n+1).
 */
function millsTaylor(r0: number, x0: number, h: number, maxTerms: number): number {
  let cPrev = r0;
  let c = x0 * cPrev - 1;
  let hn = h;
  let sum = cPrev + c * h;
  for (let n = 1; n < maxTerms; n++) {
    const cNext = (x0 * c + cPrev) / (n + 1);
    cPrev = c;
    c = cNext;
    hn *= h;
    const term = c * hn;
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return sum;
}

// A fine table (step 1/16 on [0, 12]) built from the reference evaluation, so that the hot
// path needs only a short Taylor series (|h| <= 1/32: about 8 terms), and at that step the
// recurrence's rounding amplification, about exp(x0 |h|), is negligible.
const FINE_STEP_INV = 16;
const FINE_MAX = 12;
const FINE_TERMS = 9;
const RECIPROCALS = Float64Array.from({ length: FINE_TERMS + 2 }, (_, n) => (n === 0 ? 0 : 1 / n));
const MILLS_FINE = (() => {
  const g = new Float64Array(FINE_MAX * FINE_STEP_INV + 1);
  for (let i = 0; i < g.length; i++) g[i] = millsRatioReference(i / FINE_STEP_INV);
  return g;
})();

/** Mills' ratio R(x) = Q(x) / phi(x) for x >= 0 (relative error about 1e-15). */
export function millsRatio(x: number): number {
  if (x >= FINE_MAX) return millsContinuedFraction(x, 12);
  const j = Math.round(x * FINE_STEP_INV);
  const x0 = j / FINE_STEP_INV;
  const h = x - x0;
  // A fixed nine terms: R's Taylor coefficients shrink like R(x0)/(x0+1)^n, so with
  // |h| <= 1/32 the truncation error is below double rounding (checked in the tests against
  // the continued fraction over [0, 60]).
  let cPrev = MILLS_FINE[j];
  let c = x0 * cPrev - 1;
  let hn = h;
  let sum = cPrev + c * h;
  for (let n = 1; n < FINE_TERMS; n++) {
    const cNext = (x0 * c + cPrev) * RECIPROCALS[n + 1];
    cPrev = c;
    c = cNext;
    hn *= h;
    sum += c * hn;
  }
  return sum;
}

/** log Q(x) = log P(Z > x) for a standard normal Z, accurate in both tails. */
export function logNormalUpperTail(x: number): number {
  if (x >= 0) {
    if (x === Infinity) return -Infinity;
    return -0.5 * x * x - LOG_SQRT_2PI + log(millsRatio(x));
  }
  if (x === -Infinity) return 0;
  return log1p(-exp(-0.5 * x * x - LOG_SQRT_2PI) * millsRatio(-x));
}

/** log Phi(x) = log P(Z <= x), accurate in both tails. */
export function logNormalCdf(x: number): number {
  return logNormalUpperTail(-x);
}

/** Phi(x) = P(Z <= x). */
export function normalCdf(x: number): number {
  if (x < 0) {
    if (x === -Infinity) return 0;
    return exp(-0.5 * x * x - LOG_SQRT_2PI) * millsRatio(-x);
  }
  if (x === Infinity) return 1;
  return 1 - exp(-0.5 * x * x - LOG_SQRT_2PI) * millsRatio(x);
}

/** Q(x) = P(Z > x). */
export function normalUpperTail(x: number): number {
  return normalCdf(-x);
}
