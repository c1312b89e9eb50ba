// The logistic function and its log-partner, evaluated without overflow: the logit link's
// probability (simulation, response-scale predictions) and log(1 + e^x) (its log-likelihood).

import { exp, log, log1p } from "../math/deterministic.js";

/** 1/(1 + e^-x). */
export function logistic(x: number): number {
  if (x >= 0) return 1 / (1 + exp(-x));
  const e = exp(x);
  return e / (1 + e);
}

/** log(1 + e^x) without overflow or loss of precision. */
export function softplus(x: number): number {
  return x > 0 ? x + log1p(exp(-x)) : log1p(exp(x));
}

/** log(1 + sum_j e^{x_j}) over x[0..K-1], skipping index `skip` (-1: none): the multinomial logit's normaliser. */
export function logOnePlusSumExp(x: ArrayLike<number>, K: number, skip: number): number {
  let max = 0;
  for (let j = 0; j < K; j++) if (j !== skip && x[j] > max) max = x[j];
  let s = exp(-max);
  for (let j = 0; j < K; j++) if (j !== skip) s += exp(x[j] - max);
  return max + log(s);
}
