// Variance trade-off moves between nested random intercepts (e.g. BROOD within LOCATION): when
// every level of a child term lies within one level of a parent term, the parent's effects and
// variance can be rescaled with the child's effects absorbing the difference,
//   u_P' = c u_P,   u_C' = u_C + (1 - c) u_P[parent(C)],   G*_P' = c^2 G*_P,
// which leaves every linear predictor eta, hence l and the data's likelihood, unchanged. It slides
// along the ridge between the two variances that Gibbs updates of (u | G) and (G | u) cross slowly
// when many parent levels hold a single child level (their effects are then only identified as a
// sum). A group move (Liu & Sabatti 2000, JASA 95:1130) with Haar measure dc/c and a symmetric
// proposal on log c: the Jacobian is c^(2 + m_P), which cancels the c^-m_P of u_P's normal prior,
// so the log ratio is
//   2 log c + log p(G*_P') - log p(G*_P) - (sum u_C'^2 - sum u_C^2) / (2 G_C),
// with p the inverse-gamma prior of the parent's (working) variance (G = alpha^2 G* under
// parameter expansion, alpha unchanged). No pass over the data: each proposal costs
// O(levels), so several are made per sweep.

import { savedNumber, type Tunable } from "../../kernel-state.js";
import type { Model } from "../../../models/types.js";
import { logVariancePriorRatio } from "../../../priors/covariance-prior.js";
import type { Prior } from "../../../priors/prior.js";
import { mhAccept, type Rng } from "../../../random/index.js";
import type { ChainState } from "../../run/state.js";
import { robbinsMonroLogScale } from "../adaptation.js";
import { exp, log } from "../../../math/deterministic.js";

const PROPOSALS_PER_SWEEP = 4;

export interface NestedMove extends Required<Tunable> {
  /** "BROOD within LOCATION". */
  readonly label: string;
  run(state: ChainState, rng: Rng): void;
  readonly counts: { accepted: number; proposed: number };
}

/** Level of a one-dimensional random intercept per row (-1: none), or undefined if not a plain intercept. */
function interceptLevels(model: Model, t: number): Int32Array | undefined {
  const term = model.randomTerms[t];
  if (term.dim !== 1 || term.ginverse) return undefined;
  const Z = model.Z;
  const level = new Int32Array(model.nUnits * model.nTraits).fill(-1);
  for (let j = 0; j < term.nLevels[0]; j++) {
    const c = term.zOffset + j;
    for (let e = Z.colPtr[c]; e < Z.colPtr[c + 1]; e++) {
      if (Z.values[e] !== 1 || level[Z.rowIdx[e]] !== -1) return undefined;
      level[Z.rowIdx[e]] = j;
    }
  }
  return level;
}

export function buildNestedMoves(model: Model, prior: Prior): NestedMove[] {
  const p = model.fixedNames.length;
  const levels = model.randomTerms.map((_, t) => interceptLevels(model, t));
  const moves: NestedMove[] = [];
  model.randomTerms.forEach((parentTerm, tp) => {
    const lp = levels[tp];
    const pp = prior.G[tp];
    if (!lp || pp.fixFrom === 0) return;
    model.randomTerms.forEach((childTerm, tc) => {
      const lc = levels[tc];
      if (tc === tp || !lc) return;
      // every row: both levels present or both absent; each child level within one parent level
      const parentOf = new Int32Array(childTerm.nLevels[0]).fill(-1);
      for (let row = 0; row < lc.length; row++) {
        if ((lc[row] === -1) !== (lp[row] === -1)) return;
        if (lc[row] === -1) continue;
        const was = parentOf[lc[row]];
        if (was !== -1 && was !== lp[row]) return;
        parentOf[lc[row]] = lp[row];
      }
      if (parentOf.some((v) => v === -1)) return;
      // nesting is only a ridge if it is strict somewhere: as many child as parent levels is a relabelling
      if (childTerm.nLevels[0] <= parentTerm.nLevels[0]) return;
      moves.push(nestedMove(model, tp, tc, parentOf, p, pp));
    });
  });
  return moves;
}

function nestedMove(model: Model, tp: number, tc: number, parentOf: Int32Array, p: number, pp: Prior["G"][number]): NestedMove {
  const parentStart = p + model.randomTerms[tp].zOffset;
  const childStart = p + model.randomTerms[tc].zOffset;
  const mP = model.randomTerms[tp].nLevels[0];
  const mC = parentOf.length;
  let logSd = log(0.3);
  const counts = { accepted: 0, proposed: 0 };
  return {
    label: `${model.randomTerms[tc].label} within ${model.randomTerms[tp].label}`,
    counts,
    saveState: () => ({ logSd }),
    restoreState: (saved) => { logSd = savedNumber(saved, "logSd"); },
    run(state, rng) {
      const theta = state.theta;
      const alpha = pp.expansion ? state.alpha[tp][0] : 1;
      const gC = state.G[tc][0];
      for (let k = 0; k < PROPOSALS_PER_SWEEP; k++) {
        const logC = exp(logSd) * rng.normal();
        const c = exp(logC);
        const G0 = state.G[tp][0] / (alpha * alpha);
        const G1 = c * c * G0;
        let logRatio = 2 * logC + logVariancePriorRatio(pp, G0, G1, logC);
        let dq = 0;
        for (let j = 0; j < mC; j++) {
          const u0 = theta[childStart + j];
          const u1 = u0 + (1 - c) * theta[parentStart + parentOf[j]];
          dq += u1 * u1 - u0 * u0;
        }
        logRatio -= (0.5 * dq) / gC;
        const accepted = mhAccept(rng, logRatio);
        counts.proposed++;
        if (accepted) {
          counts.accepted++;
          for (let j = 0; j < mC; j++) theta[childStart + j] += (1 - c) * theta[parentStart + parentOf[j]];
          for (let j = 0; j < mP; j++) theta[parentStart + j] *= c;
          state.G[tp][0] *= c * c;
        }
        if (state.adapting) logSd = robbinsMonroLogScale(logSd, state.iteration, accepted, 0.44, -8, 1);
      }
    },
  };
}
