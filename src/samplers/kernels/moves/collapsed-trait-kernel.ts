// The collapsed variance kernel of one trait's random intercept in a multi-trait model
// (collapsed-variance.ts; the coordinate and its admission in collapsed-trait-coordinates.ts).
// Given the latents, beta and every other random effect, trait k's rows r = l_k - eta_k + Z_k u
// are N(0, sigma^2 Z_k Z_k' + D) with D diagonal (each row's residual variance d_i), block-diagonal
// by level. With W_j = sum 1/d_i and S_j = sum r_i/d_i over level j's rows (matrix determinant
// lemma and Sherman-Morrison; terms free of sigma^2 dropped) the marginal log-likelihood is
//   sum_j -1/2 log(1 + sigma^2 W_j) + 1/2 sigma^2 S_j^2 / (1 + sigma^2 W_j),
// which for one shared d = R is collapsed-intercept-kernel.ts's formula up to a constant.
// Kernels of different traits' rows have targets on disjoint rows, free of each other's effects,
// so several (one per trait) may run one after another before the location kernel.

import { fillNormal, mhAccept, type Rng } from "../../../random/index.js";
import type { Kernel } from "../../kernel.js";
import { savedNumber } from "../../kernel-state.js";
import type { ChainState } from "../../run/state.js";
import { robbinsMonroLogScale } from "../adaptation.js";
import type { VarianceCoordinate } from "./collapsed-coordinates.js";
import type { TraitIntercept } from "./collapsed-trait-coordinates.js";
import { exp, log } from "../../../math/deterministic.js";

const PROPOSALS_PER_SWEEP = 3;

/** The sigma^2-dependent log marginal likelihood and the sums it needs, for tests and the kernel. */
export interface TraitMarginal {
  /** Refreshes W_j and S_j from the state (latents, eta, current effects, residual variances). */
  refresh(state: ChainState): void;
  /** sum_j -1/2 log(1 + s W_j) + 1/2 s S_j^2 / (1 + s W_j). */
  logLikelihood(sigma2: number): number;
}

export function traitMarginal(nUnits: number, coef: TraitIntercept): TraitMarginal {
  const { levelOf, rIndex, thetaStart, nLevels } = coef;
  const offset = coef.trait * nUnits;
  const W = new Float64Array(nLevels);
  const S = new Float64Array(nLevels);
  return {
    refresh(state) {
      const l = state.latent, eta = state.eta, theta = state.theta, R = state.R;
      W.fill(0);
      S.fill(0);
      for (let u = 0; u < nUnits; u++) {
        const j = levelOf[u];
        if (j < 0) continue;
        const row = offset + u;
        const w = 1 / R[rIndex[u]];
        W[j] += w;
        S[j] += w * (l[row] - eta[row] + theta[thetaStart + j]);
      }
    },
    logLikelihood(sigma2) {
      let sum = 0;
      for (let j = 0; j < nLevels; j++) {
        const w = W[j];
        if (w === 0) continue;
        const d = 1 + sigma2 * w;
        sum += -0.5 * log(d) + (0.5 * sigma2 * S[j] * S[j]) / d;
      }
      return sum;
    },
  };
}

/** The kernel of trait intercept `coef`, its variance moved along `coordinate`. */
export function collapsedTraitKernel(nUnits: number, coef: TraitIntercept, label: string, coordinate: VarianceCoordinate): Kernel {
  const marginal = traitMarginal(nUnits, coef);
  const logSd = new Float64Array([log(0.5)]); // a typed slot: a double closure variable is boxed per write
  const name = `G structure ${label} (collapsed, trait ${coef.trait + 1})`;
  const counts = { accepted: 0, proposed: 0 };
  const target = (v: number): number => marginal.logLikelihood(exp(v)) + coordinate.logPrior(v);
  const steps = new Float64Array(PROPOSALS_PER_SWEEP); // the proposals' normal draws, drawn in bulk (no per-draw boxing)
  return {
    name,
    metropolis: [{ name, counts }],
    saveState: () => ({ logSd: logSd[0] }),
    restoreState: (saved) => { logSd[0] = savedNumber(saved, "logSd"); },
    step(state: ChainState, rng: Rng) {
      marginal.refresh(state);
      fillNormal(rng, steps, PROPOSALS_PER_SWEEP);
      let x = coordinate.read(state);
      let current = target(x);
      for (let k = 0; k < PROPOSALS_PER_SWEEP; k++) {
        const y = x + 2 * exp(logSd[0]) * steps[k];
        const next = target(y);
        const accepted = mhAccept(rng, next - current);
        counts.proposed++;
        if (accepted) {
          counts.accepted++;
          x = y;
          current = next;
        }
        if (state.adapting) logSd[0] = robbinsMonroLogScale(logSd[0], state.iteration, accepted, 0.44, -8, 1);
      }
      coordinate.write(state, x);
    },
  };
}
