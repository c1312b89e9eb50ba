// Exact Polya-Gamma data augmentation for the logit families (categorical, multinomial2,
// multinomialK): Polson, Scott & Windle (2013, JASA 108:1339).
//
// One trait (binary categorical, binomial): with kappa = y - n/2,
//   omega | l ~ PG(n, l),   l | omega, y ~ N((kappa + m/s2) / (omega + 1/s2), 1 / (omega + 1/s2))
// (Polson et al. 2013, sec. 3.1, with the N(m, s2) conditional prior of l in place of the
// regression prior).
//
// Several traits (K+1 categories, trait j = log(p_j / p_base)): each trait in turn, given the
// others, has a binomial-logit likelihood in eta_j = l_j - c_j with the offset
//   c_j = log(1 + sum_{k != j} exp(l_k))
// (Holmes & Held 2006, Bayesian Anal. 1:145, sec. 3.3; Polson et al. 2013, sec. 3.3):
// p(y | l) is proportional, in l_j, to exp(y_j eta_j) / (1 + exp(eta_j))^n. So
//   omega_j ~ PG(n, eta_j),  l_j | omega_j ~ N((kappa_j + omega_j c_j + P_jj mu_j) / (omega_j + P_jj),
//                                           1 / (omega_j + P_jj))
// where mu_j, 1/P_jj are the mean and variance of l_j given the response's other traits under
// the conditional prior N(m, S) (P = S^-1). Each step is an exact Gibbs step, so the update of
// the whole vector leaves p(l | y, m, S) invariant.

import type { Model, Response } from "../../../models/types.js";
import { rPolyaGamma, type Rng } from "../../../random/index.js";
import type { ConditionalPrior, LatentUpdater } from "./latent.js";
import type { ChainState } from "../../run/state.js";
import { conditionalMean, drawFromPrior, readLatent, writeLatent } from "./common.js";
import { logitCounts, logOnePlusSumExp, observedUnit } from "./likelihood.js";

export function polyaGammaUpdater(model: Model, response: Response): LatentUpdater {
  const n = model.nUnits;
  const K = response.nTraits;
  const offset = response.traitOffset;
  const counts = logitCounts(response);
  const observed = Uint8Array.from({ length: n }, (_, u) => (observedUnit(response, u) ? 1 : 0));
  const x = new Float64Array(K);
  const z = new Float64Array(K);

  if (K === 1) {
    const row = offset * n;
    return {
      active: true,
      update(u: number, prior: ConditionalPrior, state: ChainState, rng: Rng) {
        const l = state.latent;
        if (observed[u] === 0) {
          l[row + u] = prior.mean[0] + prior.chol[0] * rng.normal();
          return;
        }
        const trials = counts.trials(u);
        const omega = rPolyaGamma(rng, trials, l[row + u]);
        const p0 = prior.precision[0];
        const precision = omega + p0;
        const mean = (counts.count(u, 0) - 0.5 * trials + p0 * prior.mean[0]) / precision;
        l[row + u] = mean + rng.normal() / Math.sqrt(precision);
      },
    };
  }

  return {
    active: true,
    update(u: number, prior: ConditionalPrior, state: ChainState, rng: Rng) {
      const l = state.latent;
      if (observed[u] === 0) {
        drawFromPrior(prior, K, rng, z, x);
        writeLatent(l, offset, n, u, K, x);
        return;
      }
      readLatent(l, offset, n, u, K, x);
      const trials = counts.trials(u);
      for (let j = 0; j < K; j++) {
        const c = logOnePlusSumExp(x, K, j);
        const omega = rPolyaGamma(rng, trials, x[j] - c);
        const pjj = prior.precision[j * K + j];
        const mu = conditionalMean(prior, K, j, x);
        const precision = omega + pjj;
        const mean = (counts.count(u, j) - 0.5 * trials + omega * c + pjj * mu) / precision;
        x[j] = mean + rng.normal() / Math.sqrt(precision);
      }
      writeLatent(l, offset, n, u, K, x);
    },
  };
}
