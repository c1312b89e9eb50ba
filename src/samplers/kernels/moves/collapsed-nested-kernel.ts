// The collapsed variance kernel of a nested pair of random intercepts (collapsed-variance.ts): a
// child intercept (e.g. BROOD) whose every level lies within one level of a parent intercept
// (e.g. LOCATION), every unit in some child level. Both effects are integrated
// out: for parent level L with child levels b (n_b units, sums S_b of r = l - eta + Z_P u_P +
// Z_C u_C) and d_b = R + n_b sigma_C^2, the covariance of r within L is blockdiag(sigma_C^2 1 1'
// + R I) + sigma_P^2 1 1', whose inverse and determinant follow from two rank-one updates
// (Sherman-Morrison):
//   log det = sum_b [(n_b - 1) log R + log d_b] + log(1 + sigma_P^2 a_L),  a_L = sum_b n_b / d_b
//   r'V^-1 r = SS/R - sum_b sigma_C^2 S_b^2 / (R d_b) - sigma_P^2 s_L^2 / (1 + sigma_P^2 a_L),
//   s_L = sum_b S_b / d_b.
// The two variances and (when free) R move jointly by an adaptive random walk on their logs
// (Haario et al. 2001, Bernoulli 7:223; covariance learnt in burn-in only), which follows the
// ridges between them (parent vs child where parent levels hold one child level; child vs R
// where child levels hold one unit).

import { savedNumber, savedPart, type KernelState } from "../../kernel-state.js";
import type { Model } from "../../../models/types.js";
import { logVariancePriorOfLog } from "../../../priors/covariance-prior.js";
import type { Prior } from "../../../priors/prior.js";
import { mhAccept, type Rng } from "../../../random/index.js";
import { interceptLevelOf, varianceCoordinate } from "./collapsed-coordinates.js";
import type { Kernel } from "../../kernel.js";
import type { ChainState } from "../../run/state.js";
import { adaptiveShape, robbinsMonroLogScale } from "../adaptation.js";
import { exp, log } from "../../../math/deterministic.js";

const NESTED_PROPOSALS_PER_SWEEP = 6;

/** The kernel of parent intercept tP and child intercept tC, or undefined unless they nest as above. */
export function buildNestedCollapsedKernel(model: Model, prior: Prior, tP: number, tC: number): Kernel | undefined {
  if (model.nTraits !== 1) return undefined;
  const pP = prior.G[tP], pC = prior.G[tC];
  if (pP.fixFrom === 0 || pC.fixFrom === 0) return undefined;
  const lP = interceptLevelOf(model, tP), lC = interceptLevelOf(model, tC);
  if (!lP || !lC) return undefined;
  const n = model.nUnits;
  const mP = model.randomTerms[tP].nLevels[0], mC = model.randomTerms[tC].nLevels[0];
  const parentOf = new Int32Array(mC).fill(-1);
  for (let u = 0; u < n; u++) {
    if (lC[u] < 0 || lP[u] < 0) return undefined;
    const was = parentOf[lC[u]];
    if (was !== -1 && was !== lP[u]) return undefined;
    parentOf[lC[u]] = lP[u];
  }
  if (parentOf.some((v) => v === -1)) return undefined;
  const p = model.fixedNames.length;
  const startP = p + model.randomTerms[tP].zOffset, startC = p + model.randomTerms[tC].zOffset;
  const nC = new Float64Array(mC);
  for (let u = 0; u < n; u++) nC[lC[u]]++;
  const S = new Float64Array(mC);
  const aL = new Float64Array(mP), sL = new Float64Array(mP);
  const priorR = prior.R[0];
  const moveR = priorR.fixFrom > 0;
  const d = moveR ? 3 : 2;
  const x = new Float64Array(d), y = new Float64Array(d), z = new Float64Array(d);
  const chol = new Float64Array(d * d);
  for (let i = 0; i < d; i++) chol[i * d + i] = 0.3;
  let logScale = log(2.38 / Math.sqrt(d));
  const shape = adaptiveShape(d, 50, 1e-6, chol);
  let SS = 0;

  function marginal(sP: number, sC: number, R: number): number {
    aL.fill(0);
    sL.fill(0);
    let logDet = (n - mC) * log(R);
    let quad = SS / R;
    for (let b = 0; b < mC; b++) {
      const db = R + nC[b] * sC;
      logDet += log(db);
      quad -= (sC * S[b] * S[b]) / (R * db);
      const L = parentOf[b];
      aL[L] += nC[b] / db;
      sL[L] += S[b] / db;
    }
    for (let L = 0; L < mP; L++) {
      const f = 1 + sP * aL[L];
      logDet += log(f);
      quad -= (sP * sL[L] * sL[L]) / f;
    }
    return -0.5 * (logDet + quad);
  }

  const cP = varianceCoordinate(tP, pP), cC = varianceCoordinate(tC, pC);
  /** log prior of (log sigma_P^2, log sigma_C^2, log R) up to a constant, with the log-scale Jacobians. */
  function logPrior(v: Float64Array): number {
    let s = cP.logPrior(v[0]) + cC.logPrior(v[1]);
    if (moveR) s += logVariancePriorOfLog(priorR, v[2]);
    return s;
  }

  const name = `G structures ${model.randomTerms[tP].label}, ${model.randomTerms[tC].label} (collapsed)`;
  const counts = { accepted: 0, proposed: 0 };
  return {
    name,
    metropolis: [{ name, counts }],
    saveState: (): KernelState => ({ logScale, shape: shape.saveState() }),
    restoreState(saved) {
      logScale = savedNumber(saved, "logScale");
      shape.restoreState(savedPart(saved, "shape"));
    },
    step(state: ChainState, rng: Rng) {
      const l = state.latent, eta = state.eta, theta = state.theta;
      S.fill(0);
      SS = 0;
      for (let u = 0; u < n; u++) {
        const r = l[u] - eta[u] + theta[startP + lP[u]] + theta[startC + lC[u]];
        S[lC[u]] += r;
        SS += r * r;
      }
      x[0] = cP.read(state);
      x[1] = cC.read(state);
      if (moveR) x[2] = log(state.R[0]);
      const R0 = state.R[0];
      let current = marginal(state.G[tP][0], state.G[tC][0], R0) + logPrior(x);
      const s = exp(logScale);
      for (let k = 0; k < NESTED_PROPOSALS_PER_SWEEP; k++) {
        for (let i = 0; i < d; i++) z[i] = rng.normal();
        for (let i = 0; i < d; i++) {
          let v = 0;
          for (let j = 0; j <= i; j++) v += chol[i * d + j] * z[j];
          y[i] = x[i] + s * v;
        }
        const next = marginal(exp(y[0]), exp(y[1]), moveR ? exp(y[2]) : R0) + logPrior(y);
        const accepted = mhAccept(rng, next - current);
        counts.proposed++;
        if (accepted) {
          counts.accepted++;
          x.set(y);
          current = next;
        }
        if (state.adapting) logScale = robbinsMonroLogScale(logScale, state.iteration, accepted, 0.234, -8, 2);
      }
      cP.write(state, x[0]);
      cC.write(state, x[1]);
      if (moveR) state.R[0] = exp(x[2]);
      if (state.adapting) shape.update(x);
    },
  };
}
