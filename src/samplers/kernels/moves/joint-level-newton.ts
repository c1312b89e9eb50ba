// Joint move of single random-effect levels with the latent variables for one-trait logit and
// poisson models (joint.ts): the translation of joint-level-translation.ts,
//   u_j' = u_j + d,   l' = l + Z_j d   (e = l - eta fixed, unit Jacobian),
// proposed by one Newton step instead of a random walk, as joint-fixed-newton.ts does for the fixed
// effects: d ~ N(g(0) / h(0), 1 / h(0)) with g, h the gradient and curvature in d of
//   sum_{units of level j} log p(y_u | l_u + z_u d) - paa (u_j + d - mu)^2 / 2
// (paa, mu: u_j's conditional prior given the level's other coefficients under G), and the reverse
// density from g, h at the proposed point in the Metropolis-Hastings ratio. Given the residuals the
// proposal is close to u_j's conditional, so accepted levels move about their full conditional
// spread where the random walk moved a fraction of it. The data's terms use the cached
// E_u = e^{l_u}; a level whose design values are all 1 costs one exp per proposal.

import { denseInverseSpd } from "../../../linalg/index.js";
import { mhAccept, type Rng } from "../../../random/index.js";
import type { ChainState } from "../../run/state.js";
import type { JointContext } from "./joint-context.js";
import type { Kernel } from "../../kernel.js";
import { levelBlocks } from "./joint-level-translation.js";
import { exp, log } from "../../../math/deterministic.js";
import { addUnitShift, takeShiftTotal } from "./unit-shift-ratio.js";


/** One pass of Newton-proposal level translations over every movable block, or undefined when the likelihood is not the one-trait cache or no block may move. */
export function buildLevelNewton(ctx: JointContext): Kernel | undefined {
  const data = ctx.lik.scalarData;
  if (!data) return undefined;
  const blocks = levelBlocks(ctx);
  if (blocks.length === 0) return undefined;
  const { model, n } = ctx;
  const { poisson, observed, y, trials, expCur, expNew } = data;
  const Z = model.Z;
  const p = ctx.p;
  const counts = { accepted: 0, proposed: 0 };
  const gInv = model.randomTerms.map((t) => new Float64Array(t.dim * t.dim));
  const gWork = new Float64Array(Math.max(1, ...model.randomTerms.map((t) => t.dim * t.dim)));
  // the passes' outputs in a typed array: gradient, curvature, log-likelihood change (a double held
  // in a closure variable or returned from a call that is not inlined is boxed: one allocation each)
  const out = new Float64Array(3);
  const acc = Float64Array.of(0, 1); // the log-likelihood change (unit-shift-ratio.ts)

  /** Gradient and curvature in d of the level's log-likelihood at the current latent variables (no exp). */
  function currentTerms(e0: number, e1: number): void {
    let g = 0, h = 0;
    for (let e = e0; e < e1; e++) {
      const u = Z.rowIdx[e];
      if (observed[u] === 0) continue;
      const z = Z.values[e], E = expCur[u];
      if (poisson) { g += z * (y[u] - E); h += z * z * E; }
      else { const s = 1 / (1 + 1 / E); g += z * (y[u] - trials[u] * s); h += z * z * trials[u] * s * (1 - s); }
    }
    out[0] = g;
    out[1] = h;
  }

  /** The same terms at l + Z_j d, staging each unit's new E_u in expNew; out[2] = the log-likelihood change. */
  function proposedTerms(state: ChainState, e0: number, e1: number, d: number): void {
    const expD = exp(d);
    let g = 0, h = 0;
    for (let e = e0; e < e1; e++) {
      const u = Z.rowIdx[e];
      if (observed[u] === 0) continue;
      const z = Z.values[e], E = expCur[u];
      const zd = z * d;
      const En = E * (z === 1 ? expD : exp(zd));
      expNew[u] = En;
      const yu = y[u], nu = trials[u];
      if (poisson) {
        g += z * (yu - En);
        h += z * z * En;
      } else {
        const s = 1 / (1 + 1 / En);
        g += z * (yu - nu * s);
        h += z * z * nu * s * (1 - s);
      }
      addUnitShift(acc, poisson, yu, nu, state.latent[u], zd, E, En);
    }
    out[0] = g;
    out[1] = h;
    out[2] = takeShiftTotal(acc);
  }

  const name = "joint move: random-effect levels with latent variables";
  return {
    name,
    metropolis: [{ name, counts }],
    step(state: ChainState, rng: Rng) {
      for (let t = 0; t < gInv.length; t++) denseInverseSpd(state.G[t], model.randomTerms[t].dim, gInv[t], gWork);
      const theta = state.theta, l = state.latent, eta = state.eta;
      for (const block of blocks) {
        const dim = model.randomTerms[block.term].dim, a = block.coef;
        const Gi = gInv[block.term];
        const paa = Gi[a * dim + a];
        for (let j = 0; j < block.cols.length; j++) {
          const c = block.cols[j];
          const e0 = Z.colPtr[c - p], e1 = Z.colPtr[c - p + 1];
          // conditional prior of u_aj given the level's other coefficients: precision paa, mean mu
          let s = 0;
          for (let b = 0; b < dim; b++) if (b !== a) s += Gi[a * dim + b] * theta[block.base[b] + j];
          const x0 = theta[c] + s / paa;
          currentTerms(e0, e1);
          const h0 = out[1] + paa, g0 = out[0] - paa * x0;
          const sd0 = 1 / Math.sqrt(h0);
          const zf = rng.normal();
          const d = g0 / h0 + sd0 * zf;
          const x1 = x0 + d;
          proposedTerms(state, e0, e1, d);
          let logRatio = out[2] - 0.5 * paa * (x1 * x1 - x0 * x0);
          const h1 = out[1] + paa, g1 = out[0] - paa * x1;
          // reverse: -d ~ N(g1 / h1, 1 / h1); forward: (d - g0 / h0) sqrt(h0) = zf
          const zb = (-d - g1 / h1) * Math.sqrt(h1);
          logRatio += -0.5 * zb * zb + 0.5 * log(h1 / h0) + 0.5 * zf * zf;
          counts.proposed++;
          if (!mhAccept(rng, logRatio)) continue;
          counts.accepted++;
          theta[c] += d;
          for (let e = e0; e < e1; e++) {
            const u = Z.rowIdx[e];
            const dr = Z.values[e] * d;
            l[u] += dr;
            eta[u] += dr;
            if (observed[u] === 1) expCur[u] = expNew[u];
          }
        }
      }
    },
  };
}
