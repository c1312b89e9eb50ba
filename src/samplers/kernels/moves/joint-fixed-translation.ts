// Joint move of the fixed effects with the latent variables (joint.ts): a translation along the
// fixed-effect directions that no observed Gaussian trait touches,
//   beta' = beta + delta,   l' = l + X delta,
// which leaves e = l - eta, hence p(l | theta, R), unchanged and has unit Jacobian: the MH ratio
// is p(y | l') / p(y | l) times the prior ratio of beta (N(mu, B)). delta is an adaptive random
// walk (Haario et al. 2001, Bernoulli 7:223) whose scale and shape are tuned in burn-in only.

import { savedNumber, savedPart, type KernelState } from "../../kernel-state.js";
import type { Prior } from "../../../priors/prior.js";
import { mhAccept, type Rng } from "../../../random/index.js";
import type { ChainState } from "../../run/state.js";
import type { JointContext } from "./joint-context.js";
import type { Kernel } from "../../kernel.js";
import { adaptiveShape, robbinsMonroLogScale } from "../adaptation.js";
import { exp, log } from "../../../math/deterministic.js";

/** The fixed-effect translation, or undefined when no fixed-effect column may move. */
export function buildFixedTranslation(ctx: JointContext, prior: Prior): Kernel | undefined {
  const { n, p, lik, shift } = ctx;
  const counts = { accepted: 0, proposed: 0 };
  const nrow = shift.length;
  const X = ctx.model.X;
  const fixedCols = Int32Array.from(
    Array.from({ length: p }, (_, j) => j).filter((j) => {
      if (X.colPtr[j + 1] === X.colPtr[j]) return false;
      for (let e = X.colPtr[j]; e < X.colPtr[j + 1]; e++) if (!ctx.rowMovable(X.rowIdx[e])) return false;
      return true;
    }),
  );
  const q = fixedCols.length;
  if (q === 0) return undefined;

  const fixedTarget = q === 1 ? 0.44 : 0.234;
  let fixedLogScale = log(2.38 / Math.sqrt(Math.max(q, 1)));
  const propChol = new Float64Array(q * q);
  for (let i = 0; i < q; i++) propChol[i * q + i] = 0.01;
  const shape = adaptiveShape(q, 20, 1e-10, propChol);
  const beta = new Float64Array(q);
  const delta = new Float64Array(q);
  const zq = new Float64Array(q);
  const Bp = prior.B.precision, Bmu = prior.B.mu;

  function fixedLogPrior(theta: Float64Array, d: Float64Array | null): number {
    // -(beta - mu)' P (beta - mu)/2 over all fixed effects, with beta_fixedCols shifted by d
    let s = 0;
    for (let a = 0; a < p; a++) {
      const da = theta[a] - Bmu[a];
      let row = 0;
      for (let b = 0; b < p; b++) row += Bp[a * p + b] * (theta[b] - Bmu[b]);
      s += da * row;
    }
    if (d === null) return -0.5 * s;
    // add the shift: theta + D d with D the selection of fixedCols
    let cross = 0, quad = 0;
    for (let i = 0; i < q; i++) {
      const a = fixedCols[i];
      let row = 0;
      for (let b = 0; b < p; b++) row += Bp[a * p + b] * (theta[b] - Bmu[b]);
      cross += d[i] * row;
      for (let j = 0; j < q; j++) quad += d[i] * Bp[a * p + fixedCols[j]] * d[j];
    }
    return -0.5 * (s + 2 * cross + quad);
  }

  const name = "joint move: fixed effects with latent variables";
  return {
    name,
    metropolis: [{ name, counts }],
    saveState: (): KernelState => ({ fixedLogScale, shape: shape.saveState() }),
    restoreState(saved) {
      fixedLogScale = savedNumber(saved, "fixedLogScale");
      shape.restoreState(savedPart(saved, "shape"));
    },
    step(state: ChainState, rng: Rng) {
    const theta = state.theta;
    const s = exp(fixedLogScale);
    for (let i = 0; i < q; i++) zq[i] = rng.normal();
    for (let i = 0; i < q; i++) {
      let v = 0;
      for (let j = 0; j <= i; j++) v += propChol[i * q + j] * zq[j];
      delta[i] = s * v;
    }
    shift.fill(0);
    for (let i = 0; i < q; i++) {
      const c = fixedCols[i];
      for (let e = X.colPtr[c]; e < X.colPtr[c + 1]; e++) shift[X.rowIdx[e]] += X.values[e] * delta[i];
    }
    let logRatio = fixedLogPrior(theta, delta) - fixedLogPrior(theta, null);
    for (let u = 0; u < n; u++) lik.addUnit(state, u, shift);
    logRatio += lik.take();
    const accepted = mhAccept(rng, logRatio);
    counts.proposed++;
    if (accepted) {
      counts.accepted++;
      for (let i = 0; i < q; i++) theta[fixedCols[i]] += delta[i];
      for (let row = 0; row < nrow; row++) {
        if (shift[row] !== 0) { state.latent[row] += shift[row]; state.eta[row] += shift[row]; }
      }
      for (let u = 0; u < n; u++) lik.commit(u);
    }
    shift.fill(0);
    if (state.adapting) {
      fixedLogScale = robbinsMonroLogScale(fixedLogScale, state.iteration, accepted, fixedTarget, -Infinity, Infinity);
      // running moments of beta for the proposal shape
      for (let i = 0; i < q; i++) beta[i] = theta[fixedCols[i]];
      shape.update(beta);
    }
    },
  };
}
