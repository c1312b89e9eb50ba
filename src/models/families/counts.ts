// The count parts the zero-inflated, hurdle, zero-altered and truncated families are built from:
// Poisson (log link) and binomial (logit link) log-probabilities, their zero-truncated versions,
// means and draws, each evaluated stably for any latent value.

import { logFactorial } from "./log-factorial.js";
import { binomialCdf, poissonCdf, rBinomial, rPoisson } from "../../random/distributions.js";
import { logistic, softplus } from "../../random/logistic.js";
import type { Rng } from "../../random/stream.js";
import { logChoose } from "./logit.js";
import { exp, expm1, log, log1p } from "../../math/deterministic.js";

/** log(1 - e^-x) for x > 0, accurate for small and large x. */
export function log1mExpNeg(x: number): number {
  return x > Math.LN2 ? log1p(-exp(-x)) : log(-expm1(-x));
}

/** A count distribution given its latent value l: log P(y), log P(0), its mean and a draw. */
export interface CountPart {
  /** log P(Y = y | l); `constants` false drops the terms free of l. */
  logPmf(y: number, l: number, n: number, constants: boolean): number;
  /** log P(Y = 0 | l). */
  logZero(l: number, n: number): number;
  /** E[Y | l]. */
  mean(l: number, n: number): number;
  draw(rng: Rng, l: number, n: number): number;
  /** P(Y <= y | l). */
  cdf(y: number, l: number, n: number): number;
  /** The largest possible count (n for the binomial). */
  maxCount(n: number): number;
  /** Starting latent value for an observed count y of n. */
  start(y: number, n: number): number;
}

export const poissonPart: CountPart = {
  logPmf: (y, l, _n, constants) => y * l - exp(l) - (constants ? logFactorial(y) : 0),
  logZero: (l) => -exp(l),
  mean: (l) => exp(l),
  draw: (rng, l) => rPoisson(rng, exp(l)),
  start: (y) => log(y + 0.5),
  cdf: (y, l) => poissonCdf(y, exp(l)),
  maxCount: () => Infinity,
};

export const binomialPart: CountPart = {
  logPmf: (y, l, n, constants) => y * l - n * softplus(l) + (constants ? logChoose(n, y) : 0),
  logZero: (l, n) => -n * softplus(l),
  mean: (l, n) => n * logistic(l),
  draw: (rng, l, n) => rBinomial(rng, n, logistic(l)),
  start: (y, n) => log((y + 0.5) / (n - y + 0.5)),
  cdf: (y, l, n) => binomialCdf(y, n, logistic(l)),
  maxCount: (n) => n,
};

/** log P(Y = y | Y > 0, l) (y >= 1). */
export function truncatedLogPmf(part: CountPart, y: number, l: number, n: number, constants: boolean): number {
  return part.logPmf(y, l, n, constants) - log1mExpNeg(-part.logZero(l, n));
}

/** E[Y | Y > 0, l]. */
export function truncatedMean(part: CountPart, l: number, n: number): number {
  return part.mean(l, n) / -expm1(part.logZero(l, n));
}

/**
 * A draw of Y | Y > 0: rejection from the untruncated law while P(0) <= 1/2, otherwise inversion
 * of the truncated pmf (whose mass then sits on small counts).
 */
export function drawTruncated(part: CountPart, rng: Rng, l: number, n: number): number {
  const logZero = part.logZero(l, n);
  if (logZero <= -Math.LN2) {
    for (;;) {
      const y = part.draw(rng, l, n);
      if (y > 0) return y;
    }
  }
  const u = rng.uniform();
  const top = Math.min(part.maxCount(n), 100000);
  let F = 0;
  for (let y = 1; y < top; y++) {
    F += exp(truncatedLogPmf(part, y, l, n, true));
    if (u <= F) return y;
  }
  return top;
}

/**
 * Derivatives of log(1 - e^-A(t)) from A, A' and A'' (A > 0): with q = 1/(e^A - 1),
 * d/dt = A' q and d2/dt2 = A'' q - A'^2 q (1 + q). Writes them to out[0], out[1].
 */
export function log1mExpNegDerivatives(A: number, A1: number, A2: number, out: Float64Array): void {
  const q = 1 / expm1(A);
  out[0] = A1 * q;
  out[1] = A2 * q - A1 * A1 * q * (1 + q);
}

/** Derivatives in l of log P(Y = y | Y > 0, l) (y >= 1) for the Poisson (log link) and binomial (logit) parts. */
export function truncatedDerivatives(part: CountPart, y: number, l: number, n: number, out: Float64Array): void {
  if (part === poissonPart) {
    const lambda = exp(l);
    log1mExpNegDerivatives(lambda, lambda, lambda, out);
    out[0] = y - lambda - out[0];
    out[1] = -lambda - out[1];
    return;
  }
  const p = logistic(l);
  const A = n * softplus(l), A1 = n * p, A2 = n * p * (1 - p);
  log1mExpNegDerivatives(A, A1, A2, out);
  out[0] = y - A1 - out[0];
  out[1] = -A2 - out[1];
}
