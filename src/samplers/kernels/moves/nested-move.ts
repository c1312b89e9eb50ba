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
// Multi-trait terms (e.g. idh(trait):HID over us(trait):DID) get one move per parent coefficient
// a whose rows coincide with one child coefficient b's: u_P[a] and G*_P[a] scale and u_C[b]
// absorbs, as above. The parent must be idh (its variances a priori independent, so scaling one
// leaves the others); the child's effects keep their N(0, G_C) prior with any G_C, so the last
// term becomes the change in sum_d u_Cd' G_C^-1 u_Cd / 2, which only G_C^-1's row b enters.

import { savedNumber, type Tunable } from "../../kernel-state.js";
import type { Model } from "../../../models/types.js";
import { logVariancePriorRatio } from "../../../priors/covariance-prior.js";
import type { Prior } from "../../../priors/prior.js";
import { mhAccept, type Rng } from "../../../random/index.js";
import type { ChainState } from "../../run/state.js";
import { robbinsMonroLogScale } from "../adaptation.js";
import { exp, log } from "../../../math/deterministic.js";
import { denseInverseSpd } from "../../../linalg/index.js";
import { coefficientOffsets } from "../location/mme.js";

const PROPOSALS_PER_SWEEP = 4;

export interface NestedMove extends Required<Tunable> {
  /** "BROOD within LOCATION". */
  readonly label: string;
  run(state: ChainState, rng: Rng): void;
  readonly counts: { accepted: number; proposed: number };
}

/**
 * Level of coefficient a of a random term per row (-1: none), or undefined if that coefficient is
 * not a plain intercept (its Z columns 0/1 with at most one level per row). A term with a
 * relationship matrix has none: its levels are not independent a priori.
 */
function interceptLevels(model: Model, t: number, a = 0): Int32Array | undefined {
  const term = model.randomTerms[t];
  if (term.ginverse) return undefined;
  const Z = model.Z;
  const level = new Int32Array(model.nUnits * model.nTraits).fill(-1);
  const first = term.zOffset + term.nLevels.slice(0, a).reduce((x, y) => x + y, 0);
  for (let j = 0; j < term.nLevels[a]; j++) {
    const c = first + j;
    for (let e = Z.colPtr[c]; e < Z.colPtr[c + 1]; e++) {
      if (Z.values[e] !== 1 || level[Z.rowIdx[e]] !== -1) return undefined;
      level[Z.rowIdx[e]] = j;
    }
  }
  return level;
}

/** The coefficients whose variance the move may scale: a one-dimensional term's, or an idh term's free ones. */
function scalableCoefficients(model: Model, t: number, prior: Prior["G"][number]): number[] {
  const term = model.randomTerms[t];
  if (prior.correlation || prior.ante) return [];
  if (term.dim === 1) return prior.fixFrom === 0 ? [] : [0];
  if (term.structure !== "idh") return [];
  return Array.from({ length: term.dim }, (_, a) => a).filter((a) => a < prior.fixFrom);
}

/** Each child level's parent level when child coefficient rows nest in parent coefficient rows, else undefined. */
function nesting(lp: Int32Array, lc: Int32Array, childLevels: number): Int32Array | undefined {
  // every row: both levels present or both absent; each child level within one parent level
  const parentOf = new Int32Array(childLevels).fill(-1);
  for (let row = 0; row < lc.length; row++) {
    if ((lc[row] === -1) !== (lp[row] === -1)) return undefined;
    if (lc[row] === -1) continue;
    const was = parentOf[lc[row]];
    if (was !== -1 && was !== lp[row]) return undefined;
    parentOf[lc[row]] = lp[row];
  }
  return parentOf.some((v) => v === -1) ? undefined : parentOf;
}

export function buildNestedMoves(model: Model, prior: Prior): NestedMove[] {
  const p = model.fixedNames.length;
  const moves: NestedMove[] = [];
  model.randomTerms.forEach((parentTerm, tp) => {
    const pp = prior.G[tp];
    for (const a of scalableCoefficients(model, tp, pp)) {
      const lp = interceptLevels(model, tp, a);
      if (!lp) continue;
      model.randomTerms.forEach((childTerm, tc) => {
        if (tc === tp) return;
        for (let b = 0; b < childTerm.dim; b++) {
          const lc = interceptLevels(model, tc, b);
          if (!lc) continue;
          const parentOf = nesting(lp, lc, childTerm.nLevels[b]);
          // nesting is only a ridge if it is strict somewhere: as many child as parent levels is a relabelling
          if (!parentOf || childTerm.nLevels[b] <= parentTerm.nLevels[a]) continue;
          moves.push(childTerm.dim === 1 && parentTerm.dim === 1 ? nestedMove(model, tp, tc, parentOf, p, pp) : nestedCoefficientMove(model, tp, a, tc, b, parentOf, p, pp));
        }
      });
    }
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

/**
 * The move of one coefficient a of a multi-dimensional (idh) parent term over coefficient b of a
 * child term (dimensions >= 1, any covariance G_C): the scalar move above with u_C[b] in place of
 * u_C and the child's prior quadratic form through G_C^-1 (header).
 */
function nestedCoefficientMove(model: Model, tp: number, a: number, tc: number, b: number, parentOf: Int32Array, p: number, pp: Prior["G"][number]): NestedMove {
  const parentTerm = model.randomTerms[tp], childTerm = model.randomTerms[tc];
  const kP = parentTerm.dim, kC = childTerm.dim;
  const childOffsets = coefficientOffsets(childTerm.nLevels, p + childTerm.zOffset);
  const parentStart = coefficientOffsets(parentTerm.nLevels, p + parentTerm.zOffset)[a];
  const childStart = childOffsets[b];
  const mP = parentTerm.nLevels[a];
  const mC = parentOf.length;
  const gInverse = new Float64Array(kC * kC), work = new Float64Array(kC * kC);
  const shift = new Float64Array(mC); // u_P[a] at each child level's parent: the (1 - c) multiple moves u_C[b]
  const precisionRow = new Float64Array(mC); // (G_C^-1 u_Cd)_b per child level d
  const entry = a * kP + a;
  let logSd = log(0.3);
  const counts = { accepted: 0, proposed: 0 };
  // the coefficient's variance name: idh lists the k diagonal names, us the k x k matrix's
  const names = (t: typeof parentTerm, k: number) => (t.dim === 1 ? t.label : t.vcvNames.length === t.dim ? t.vcvNames[k] : t.vcvNames[k * t.dim + k]);
  return {
    label: `${names(childTerm, b)} within ${names(parentTerm, a)}`,
    counts,
    saveState: () => ({ logSd }),
    restoreState: (saved) => { logSd = savedNumber(saved, "logSd"); },
    run(state, rng) {
      const theta = state.theta;
      const alpha = pp.expansion ? state.alpha[tp][pp.dim === 1 ? 0 : a] : 1;
      denseInverseSpd(state.G[tc], kC, gInverse, work);
      const gInvBB = gInverse[b * kC + b];
      for (let j = 0; j < mC; j++) {
        shift[j] = theta[parentStart + parentOf[j]];
        let s = 0;
        for (let e = 0; e < kC; e++) s += gInverse[b * kC + e] * theta[childOffsets[e] + j];
        precisionRow[j] = s;
      }
      for (let k = 0; k < PROPOSALS_PER_SWEEP; k++) {
        const logC = exp(logSd) * rng.normal();
        const c = exp(logC);
        const G0 = state.G[tp][entry] / (alpha * alpha);
        const G1 = c * c * G0;
        let logRatio = 2 * logC + logVariancePriorRatio(pp, G0, G1, logC, a);
        // sum_d [(v_d + delta_d e_b)' G_C^-1 (v_d + delta_d e_b) - v_d' G_C^-1 v_d], delta_d = (1 - c) u_P[a][parent(d)]
        let dq = 0;
        for (let j = 0; j < mC; j++) {
          const delta = (1 - c) * shift[j];
          dq += delta * (2 * precisionRow[j] + delta * gInvBB);
        }
        logRatio -= 0.5 * dq;
        const accepted = mhAccept(rng, logRatio);
        counts.proposed++;
        if (accepted) {
          counts.accepted++;
          for (let j = 0; j < mC; j++) {
            const delta = (1 - c) * shift[j];
            theta[childStart + j] += delta;
            precisionRow[j] += delta * gInvBB;
            shift[j] *= c;
          }
          for (let j = 0; j < mP; j++) theta[parentStart + j] *= c;
          state.G[tp][entry] *= c * c;
        }
        if (state.adapting) logSd = robbinsMonroLogScale(logSd, state.iteration, accepted, 0.44, -8, 1);
      }
    },
  };
}
