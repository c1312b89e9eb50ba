// The chain-rule decomposition of a ztmultinomialK row for its quantile residuals
// (FamilyDefinition.sequential; ztmultinomial.ts defines the law). Given the row's present
// categories S (its zero pattern, part of the data), y_S ~ Multinomial(n, q_S) conditioned on
// every category of S getting at least one draw. Column by column, with t the position of
// column k in S, w = q_t / (q_t + ... + q_last), the later present categories renormalised
// q' = q_{t+1..} / (q_{t+1} + ...) and `rest` the draws left after the earlier columns,
//   P(y_<k, Y_k = a) = prefix * C(rest, a) w^a (1 - w)^(rest - a) pkk(q', rest - a) / pkk(q_S, n),  a >= 1,
//   P(y_<k)          = prefix * pkk(q_t.., rest) / pkk(q_S, n),
// prefix = prod over the earlier present columns of C(rest_i, y_i) w_i^y_i (1 - w_i)^(rest_i - y_i)
// (all-present.ts for pkk). Absent columns are 0 by the pattern, and a present column that is the
// last present one, or must take exactly one draw, is fixed by the earlier ones: those steps
// have no residual.

import { allPresentEvaluator } from "./all-present.js";
import { lgamma } from "../../diagnostics/beta.js";
import { stepNames } from "./sequential.js";
import type { SequentialLaw } from "./types.js";
import type { Response } from "../types.js";
import { exp, log } from "../../math/deterministic.js";

/** Whether category j is present at row u (count > 0); a row without counts has every category present. */
export function isPresent(r: Response, u: number, j: number): boolean {
  const ys = r.counts!;
  const v = ys[j][u];
  return Number.isNaN(v) ? true : v > 0;
}

/** Present categories after column k at row u (the last column included). */
function presentAfter(r: Response, u: number, k: number): number {
  let m = 0;
  for (let j = k + 1; j < r.counts!.length; j++) if (isPresent(r, u, j)) m++;
  return m;
}

export function ztmultinomialSequential(): SequentialLaw {
  let q = new Float64Array(8), sub = new Float64Array(8);
  let pkk = allPresentEvaluator(8, 64);
  // log c! for c <= n, grown as needed (the binomial coefficients of every quadrature node)
  let logFactorial = Float64Array.from({ length: 65 }, (_, c) => lgamma(c + 1));
  const logChoose = (c: number, a: number) => logFactorial[c] - logFactorial[a] - logFactorial[c - a];
  return {
    steps: (_r, traitNames) => stepNames("", traitNames),
    fixed: (r, unit, step) => {
      if (!isPresent(r, unit, step)) return true;
      const later = presentAfter(r, unit, step);
      let rest = r.trials![unit];
      for (let i = 0; i < step; i++) rest -= r.counts![i][unit];
      return later === 0 || rest - later === 1;
    },
    probabilities: (r, unit, l, n, out) => {
      const ys = r.counts!, K = ys.length;
      if (logFactorial.length <= n) logFactorial = Float64Array.from({ length: 2 * n + 1 }, (_, c) => lgamma(c + 1));
      if (q.length < K) [q, sub, pkk] = [new Float64Array(K), new Float64Array(K), allPresentEvaluator(K, 64)];
      // q over the present categories, in column order (softmax with the last column's logit 0)
      let m = -Infinity, k = 0, Z = 0;
      for (let j = 0; j < K; j++) if (isPresent(r, unit, j)) m = Math.max(m, j < K - 1 ? l[j] : 0);
      for (let j = 0; j < K; j++) if (isPresent(r, unit, j)) Z += q[k++] = exp((j < K - 1 ? l[j] : 0) - m);
      const S = k;
      for (let i = 0; i < S; i++) q[i] /= Z;
      const logTotal = pkk.log(q, S, n);
      // log P(categories t..S-1, renormalised, all present in c draws); `sub` holds them after renormalise(t)
      const renormalise = (t: number): void => {
        let mass = 0;
        for (let i = t; i < S; i++) mass += q[i];
        for (let i = 0; i < S - t; i++) sub[i] = q[t + i] / mass;
      };
      const logPresentFrom = (t: number, c: number): number => (S - t === 0 ? (c === 0 ? 0 : -Infinity) : pkk.log(sub, S - t, c));
      let logPrefix = 0, rest = n, t = 0;
      for (let col = 0; col < K - 1; col++) {
        const y = ys[col][unit];
        renormalise(t);
        const P = exp(logPrefix + logPresentFrom(t, rest) - logTotal);
        out[3 * col] = P;
        if (!isPresent(r, unit, col)) {
          // absent: 0 by the pattern
          out[3 * col + 1] = P;
          out[3 * col + 2] = 0;
          continue;
        }
        let mass = 0;
        for (let i = t; i < S; i++) mass += q[i];
        const lw = log(q[t] / mass), l1w = log((mass - q[t]) / mass);
        const later = S - t - 1;
        renormalise(t + 1);
        const term = (a: number): number => {
          const tailTerm = rest - a > 0 ? (rest - a) * l1w : 0;
          return exp(logPrefix + logChoose(rest, a) + a * lw + tailTerm + logPresentFrom(t + 1, rest - a) - logTotal);
        };
        let below = 0;
        for (let a = 1; a < y; a++) below += term(a);
        out[3 * col + 2] = below;
        out[3 * col + 1] = later === 0 ? (y === rest ? P : below) : below + term(y);
        logPrefix += logChoose(rest, y) + y * lw + (rest - y > 0 ? (rest - y) * l1w : 0);
        rest -= y;
        t++;
      }
    },
  };
}
