// The collapsed variance kernel of one random intercept (collapsed-variance.ts). For a one-trait
// model with residual variance R and a random intercept u ~ N(0, sigma^2 I) on levels that share
// no unit, the latent variables given everything but u are
//   r = l - eta + Z u ~ N(0, sigma^2 Z Z' + R I),
// block-diagonal by level, so sigma^2's marginal log-likelihood is (n_j units, S_j = sum of r
// over level j's units; terms free of sigma^2 dropped)
//   -1/2 sum_j log(R + n_j sigma^2) + 1/(2R) sum_j S_j^2 sigma^2 / (R + n_j sigma^2).
// A random walk on log sigma^2 (u's prior and data integrated out) is therefore free of the
// u-sigma^2 dependence that makes Gibbs updates of (u | sigma^2) and (sigma^2 | u) crawl.

import type { Model } from "../../../models/types.js";
import type { Prior } from "../../../priors/prior.js";
import { mhAccept, type Rng } from "../../../random/index.js";
import { varianceCoordinate } from "./collapsed-coordinates.js";
import type { Kernel } from "../../kernel.js";
import { savedNumber } from "../../kernel-state.js";
import type { ChainState } from "../../run/state.js";
import { robbinsMonroLogScale } from "../adaptation.js";
import { exp, log } from "../../../math/deterministic.js";

const PROPOSALS_PER_SWEEP = 3;

/** The kernel of random intercept t, whose units' levels are levelOf (interceptLevelOf). */
export function collapsedInterceptKernel(model: Model, t: number, levelOf: Int32Array, pr: Prior["G"][number]): Kernel {
  const term = model.randomTerms[t];
  const n = model.nUnits;
  const m = term.nLevels[0];
  const start = model.fixedNames.length + term.zOffset;
  const count = new Float64Array(m);
  for (let u = 0; u < n; u++) if (levelOf[u] >= 0) count[levelOf[u]]++;
  const sums = new Float64Array(m);
  let logSd = log(0.5);
  const coord = varianceCoordinate(t, pr);

  /** The sigma^2-dependent part of the marginal log-likelihood. */
  function marginal(sigma2: number, R: number): number {
    let logDet = 0, quad = 0;
    for (let j = 0; j < m; j++) {
      const nj = count[j];
      if (nj === 0) continue;
      const d = R + nj * sigma2;
      logDet += log(d);
      quad += (sums[j] * sums[j]) / d;
    }
    return -0.5 * logDet + (0.5 * sigma2 * quad) / R;
  }

  const name = `G structure ${term.label} (collapsed)`;
  const counts = { accepted: 0, proposed: 0 };
  return {
    name,
    metropolis: [{ name, counts }],
    saveState: () => ({ logSd }),
    restoreState: (saved) => { logSd = savedNumber(saved, "logSd"); },
    step(state: ChainState, rng: Rng) {
      const l = state.latent, eta = state.eta, theta = state.theta;
      sums.fill(0);
      for (let u = 0; u < n; u++) {
        const j = levelOf[u];
        if (j >= 0) sums[j] += l[u] - eta[u] + theta[start + j];
      }
      const R = state.R[0];
      let x = coord.read(state);
      let current = marginal(exp(x), R) + coord.logPrior(x);
      for (let k = 0; k < PROPOSALS_PER_SWEEP; k++) {
        const y = x + 2 * exp(logSd) * rng.normal();
        const next = marginal(exp(y), R) + coord.logPrior(y);
        const accepted = mhAccept(rng, next - current);
        counts.proposed++;
        if (accepted) {
          counts.accepted++;
          x = y;
          current = next;
        }
        if (state.adapting) logSd = robbinsMonroLogScale(logSd, state.iteration, accepted, 0.44, -8, 1);
      }
      coord.write(state, x);
    },
  };
}
