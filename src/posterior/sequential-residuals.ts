// Randomised quantile residuals of responses with several counts or a nominal category, through
// their chain-rule (Rosenblatt 1952) decomposition (FamilyDefinition.sequential): one residual
// per row and step, step k the k-th count given the earlier ones. The predictive law is the
// posterior mixture over draws of the law with the latent traits l ~ N(eta, S) integrated out,
// so its conditionals are ratios of averages:
//   F_k(y_k | y_<k) = sum_s E_l[P(Y_<k = y_<k, Y_k <= y_k | l)] / sum_s E_l[P(Y_<k = y_<k | l)],
// and u_k ~ U(F_k(y_k - 1 | y_<k), F_k(y_k | y_<k)). Under the model the u_k are iid U(0, 1)
// (the randomised Rosenblatt transform of a discrete vector). A step fixed by the earlier ones
// (no draws left, a level already seen, an absent category) is a point mass: its residual is
// NaN, which keeps the rest iid uniform since the choice depends only on earlier steps.

import { denseCholesky } from "../linalg/dense.js";
import { familyOf } from "../models/families/registry.js";
import type { SequentialLaw } from "../models/families/types.js";
import type { Model, Response } from "../models/types.js";
import { expectNormalVector } from "../random/quadrature.js";
import type { Rng } from "../random/stream.js";

/** Running sums over posterior draws for one response: per step and unit, P(prefix), F(y_k), F(y_k - 1). */
export interface SequentialAccumulator {
  readonly response: Response;
  readonly law: SequentialLaw;
  readonly steps: readonly string[];
  /** sums[k][3u + i]: i = 0 P(prefix), 1 the CDF at y_k, 2 at y_k - 1 (with the prefix). */
  readonly sums: Float64Array[];
}

/** The responses whose residuals go through their decomposition (several traits or no scalar CDF). */
export function usesSequential(r: Response): boolean {
  const family = familyOf(r);
  return family.sequential !== undefined && (r.nTraits > 1 || family.predictiveCdf === null);
}

export function sequentialAccumulator(model: Model, r: Response): SequentialAccumulator {
  const law = familyOf(r).sequential!;
  const steps = law.steps(r, model.traitNames.slice(r.traitOffset, r.traitOffset + r.nTraits));
  return { response: r, law, steps, sums: steps.map(() => new Float64Array(3 * model.nUnits)) };
}

/**
 * Adds one posterior draw: per unit with an observation, the step probabilities integrated over
 * the response's latent traits ~ N(eta_u, cov_u) (product-rule Gauss-Hermite).
 */
export function accumulateDraw(acc: SequentialAccumulator, eta: Float64Array, cov: Float64Array, nUnits: number, nTraits: number, trials: Float64Array | undefined): void {
  const r = acc.response, K = r.nTraits, t = r.traitOffset, T = nTraits, steps = acc.steps.length;
  const mean = new Float64Array(K), S = new Float64Array(K * K), out = new Float64Array(3 * steps);
  for (let u = 0; u < nUnits; u++) {
    if (Number.isNaN(r.y[u])) continue;
    for (let a = 0; a < K; a++) {
      mean[a] = eta[(t + a) * nUnits + u];
      for (let b = 0; b < K; b++) S[a * K + b] = cov[u * T * T + (t + a) * T + (t + b)];
    }
    const n = trials?.[u] ?? 1;
    expectNormalVector(mean, denseCholesky(S, K), K, (x, val) => acc.law.probabilities(r, u, x, n, val), 3 * steps, out);
    for (let k = 0; k < steps; k++) {
      const sum = acc.sums[k];
      for (let i = 0; i < 3; i++) sum[3 * u + i] += out[3 * k + i];
    }
  }
}

/**
 * Per step, the randomised PIT values (NaN where y is missing or the step is fixed by earlier
 * ones) and how many rows' conditioning probability underflowed to 0 (also NaN).
 */
export function sequentialPit(acc: SequentialAccumulator, nUnits: number, rng: Rng): { step: string; u: Float64Array; underflow: number }[] {
  const r = acc.response;
  return acc.steps.map((step, k) => {
    const sum = acc.sums[k];
    const u = new Float64Array(nUnits).fill(NaN);
    let underflow = 0;
    for (let i = 0; i < nUnits; i++) {
      if (Number.isNaN(r.y[i]) || acc.law.fixed(r, i, k)) continue;
      const P = sum[3 * i];
      if (!(P > 0)) {
        underflow++;
        continue;
      }
      const hi = Math.min(1, sum[3 * i + 1] / P), lo = Math.max(0, sum[3 * i + 2] / P);
      u[i] = Math.min(1 - 1e-12, Math.max(1e-12, lo + rng.uniform() * (hi - lo)));
    }
    return { step, u, underflow };
  });
}
