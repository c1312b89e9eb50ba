// The `auto` latent update for the logit families (categorical, multinomial2, multinomialK): each
// trait in turn is drawn from its full conditional by tangent rejection (or, for large counts,
// a Laplace independence MH step): tangent-rejection.ts.
//
// One trait (binary categorical, binomial): p(l | y, m, s2) ∝ exp(y l - n log(1 + e^l)) N(l; m, s2).
// Several traits (K+1 categories, trait j = log(p_j / p_base)): given the unit's other traits,
// p(y | l) is, in l_j, a binomial logit in eta_j = l_j - c_j with c_j = log(1 + sum_{k != j} e^{l_k})
// (Holmes & Held 2006, Bayesian Anal. 1:145, sec. 3.3), and l_j's conditional prior is
// N(mu_j, 1/P_jj) (P = S^-1, mu_j the conditional mean given the other traits); so eta_j is drawn
// from the one-trait target with m = mu_j - c_j, p0 = P_jj, and l_j = c_j + eta_j. A sweep over the
// traits is a Gibbs sweep of exact (or p-invariant) conditional updates.

import type { Model, Response } from "../../../models/types.js";
import type { Rng } from "../../../random/index.js";
import type { ConditionalPrior, LatentUpdater } from "./latent.js";
import type { ChainState } from "../../run/state.js";
import { conditionalMean, drawFromPrior, readLatent, writeLatent } from "./common.js";
import { logitCounts, logOnePlusSumExp, observedUnit } from "./likelihood.js";
import { drawBinomialLogit, drawBinomialLogitInto, newTangentCounts, type TangentCounts, tangentAcceptance } from "./tangent-rejection.js";

export interface LogitTangentUpdater extends LatentUpdater {
  readonly counts: TangentCounts;
}

export function logitTangentUpdater(model: Model, response: Response): LogitTangentUpdater {
  const n = model.nUnits;
  const K = response.nTraits;
  const offset = response.traitOffset;
  const c = logitCounts(response);
  const observed = Uint8Array.from({ length: n }, (_, u) => (observedUnit(response, u) ? 1 : 0));
  // counts and trials per unit and trait, read once (no closure calls in the unit loop)
  const trials = Float64Array.from({ length: n }, (_, u) => (observed[u] ? c.trials(u) : 0));
  const successes = Float64Array.from({ length: n * K }, (_, i) => (observed[i % n] ? c.count(i % n, Math.floor(i / n)) : 0));
  const counts = newTangentCounts();
  const x = new Float64Array(K);
  const z = new Float64Array(K);

  if (K === 1) {
    const row = offset * n;
    return {
      active: true,
      counts,
      acceptance: tangentAcceptance(counts),
      update(u: number, prior: ConditionalPrior, state: ChainState, rng: Rng) {
        const l = state.latent;
        const sd = prior.chol[0];
        if (observed[u] === 0) {
          l[row + u] = prior.mean[0] + sd * rng.normal();
          return;
        }
        drawBinomialLogitInto(l, row + u, rng, successes[u], trials[u], prior.mean[0], prior.precision[0], sd, l[row + u], counts);
      },
    };
  }

  return {
    active: true,
    counts,
    acceptance: tangentAcceptance(counts),
    update(u: number, prior: ConditionalPrior, state: ChainState, rng: Rng) {
      const l = state.latent;
      if (observed[u] === 0) {
        drawFromPrior(prior, K, rng, z, x);
        writeLatent(l, offset, n, u, K, x);
        return;
      }
      readLatent(l, offset, n, u, K, x);
      const nu = trials[u];
      for (let j = 0; j < K; j++) {
        const cj = logOnePlusSumExp(x, K, j);
        const pjj = prior.precision[j * K + j];
        const mu = conditionalMean(prior, K, j, x);
        x[j] = cj + drawBinomialLogit(rng, successes[j * n + u], nu, mu - cj, pjj, 1 / Math.sqrt(pjj), x[j] - cj, counts);
      }
      writeLatent(l, offset, n, u, K, x);
    },
  };
}
