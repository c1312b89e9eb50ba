// log p(y_u | l_u) for one unit of one response, as a function of that response's latent
// traits l_u (length K), up to a constant in l. Families and links as MCMCglmm:
//   poisson        y ~ Poisson(exp(l))
//   multinomialK   counts ~ Multinomial(n, softmax(l, 0)), trait j = log(p_j / p_K) (K = last column);
//                  multinomial2 is the binomial logit
//   categorical    trait j = log(P(category j+1) / P(category 0)) (the first level is the baseline)
//   threshold      y = c iff g_{c-1} < l <= g_c (probit without extra variance): log 1 or -Infinity
//   ordinal        P(y = c | l) = Phi(g_c - l) - Phi(g_{c-1} - l) (probit with its unit variance)
// with cutpoints g_{-1} = -Infinity, g_0 = 0, g_1 .. g_{K-2} free, g_{K-1} = +Infinity, stored
// without the infinite ends (state.cutpoints[r][c] = g_c).

import { ModelSpecError } from "../../../errors.js";
import type { Response } from "../../../models/types.js";
import { logNormalInterval } from "../../../models/likelihood.js";
import { softplus } from "../../../random/index.js";

/** log p(y_u | x); x holds the K latent traits; cp the response's cutpoints (empty if none). */
export type UnitLogLikelihood = (unit: number, x: Float64Array, cp: Float64Array) => number;

/** log(1 + sum_j e^{x_j}) over x[0..K-1], skipping index `skip` (-1: none). */
export function logOnePlusSumExp(x: Float64Array, K: number, skip: number): number {
  let max = 0;
  for (let j = 0; j < K; j++) if (j !== skip && x[j] > max) max = x[j];
  let s = Math.exp(-max);
  for (let j = 0; j < K; j++) if (j !== skip) s += Math.exp(x[j] - max);
  return max + Math.log(s);
}

/** Lower cutpoint of category c (0-based) among K = cp.length + 1 categories. */
export function lowerBound(c: number, cp: Float64Array): number {
  return c === 0 ? -Infinity : cp[c - 1];
}

/** Upper cutpoint of category c (0-based). */
export function upperBound(c: number, cp: Float64Array): number {
  return c >= cp.length ? Infinity : cp[c];
}

/** Count of trait j's category at unit u, and the total n, for the logit families. */
export interface LogitCounts {
  /** Successes for trait j at unit u (the count of category j+1 for categorical). */
  count(unit: number, j: number): number;
  /** Trials n at unit u (1 for categorical). */
  trials(unit: number): number;
}

export function logitCounts(r: Response): LogitCounts {
  if (r.family === "categorical") {
    const y = r.y;
    return { count: (u, j) => (y[u] === j + 1 ? 1 : 0), trials: () => 1 };
  }
  const trials = r.trials;
  if (!trials) throw new ModelSpecError(`response ${r.name} (${r.family}) has no trials`);
  if (r.nTraits === 1) {
    const y = r.y;
    return { count: (u) => y[u], trials: (u) => trials[u] };
  }
  const counts = r.counts;
  if (!counts) throw new ModelSpecError(`response ${r.name} (${r.family}) has no count columns`);
  return { count: (u, j) => counts[j][u], trials: (u) => trials[u] };
}

export function isLogitFamily(r: Response): boolean {
  return r.family === "categorical" || /^multinomial\d+$/.test(r.family);
}

export function unitLogLikelihood(r: Response): UnitLogLikelihood {
  const y = r.y;
  const K = r.nTraits;
  switch (r.family) {
    case "poisson":
      return (u, x) => y[u] * x[0] - Math.exp(x[0]);
    case "threshold":
      return (u, x, cp) => (x[0] > lowerBound(y[u], cp) && x[0] <= upperBound(y[u], cp) ? 0 : -Infinity);
    case "ordinal":
      return (u, x, cp) => logNormalInterval(lowerBound(y[u], cp) - x[0], upperBound(y[u], cp) - x[0]);
    default: {
      if (!isLogitFamily(r)) throw new ModelSpecError(`family ${r.family} (response ${r.name}) has no likelihood for a latent update`);
      const c = logitCounts(r);
      return (u, x) => {
        let s = 0;
        for (let j = 0; j < K; j++) {
          const k = c.count(u, j);
          if (k !== 0) s += k * x[j];
        }
        return s - c.trials(u) * (K === 1 ? softplus(x[0]) : logOnePlusSumExp(x, K, -1));
      };
    }
  }
}

/** Whether unit u carries information on the response (observed, and for binomials n > 0). */
export function observedUnit(r: Response, u: number): boolean {
  if (Number.isNaN(r.y[u])) return false;
  if (r.trials && !(r.trials[u] > 0)) return false;
  return true;
}
