// The variance kernel of MCMCglmm's covu model: one Gibbs draw of the joint matrix of the G term
// and the first residual term from IW(nu + m, nu V + sum_j [u_j; r_j][u_j; r_j]')
// (joint-covariance.ts). u_j are the G term's effects of level j and r_j the residuals of level j
// before the beta part is taken out: r = l - eta + Z_R (beta (x) I) u, as eta = W(beta) theta.
// The draw is stored as its blocks (S_GG in G, beta, the Schur complement in R) and eta follows
// the new beta, so the next location and latent steps see the model as it now is.

import type { Model } from "../../../models/types.js";
import type { Prior } from "../../../priors/prior.js";
import type { Kernel } from "../../kernel.js";
import { drawCovuJoint, makeCovuWorkspace } from "./joint-covariance.js";
import { covuRowLevels } from "./pairing.js";

export function buildCovuKernel(model: Model, prior: Prior): Kernel {
  const covu = prior.covu!;
  const g = model.randomTerms[covu.term], res = model.residualTerms[0];
  const qG = g.dim, qR = res.dim, m = g.nLevels[0];
  const ws = makeCovuWorkspace(qG, qR);
  const uOffset = model.fixedNames.length + g.zOffset;
  const u = new Float64Array(qG * m), r = new Float64Array(qR * m);
  const { term: rowTerm, coef: rowCoef } = model.residualIndex;
  const pair = covuRowLevels(model, covu.term);
  const nrow = rowTerm.length;
  const oldBeta = new Float64Array(qR * qG);
  return {
    name: `covu structure ${g.label} with ${res.label}`,
    step(state, rng) {
      for (let i = 0; i < qG * m; i++) u[i] = state.theta[uOffset + i];
      const beta = state.covuBeta;
      for (let row = 0; row < nrow; row++) {
        if (rowTerm[row] !== 0) continue;
        const c = rowCoef[row], j = pair[row];
        let s = state.latent[row] - state.eta[row];
        for (let a = 0; a < qG; a++) s += beta[c * qG + a] * u[a * m + j];
        r[c * m + j] = s;
      }
      oldBeta.set(beta);
      drawCovuJoint(rng, ws, covu.joint, m, u, r);
      state.G[covu.term].set(ws.G);
      state.RTerms[0].set(ws.schur);
      beta.set(ws.beta);
      // eta = W(beta) theta: move the beta part of the residual rows to the new beta
      for (let row = 0; row < nrow; row++) {
        if (rowTerm[row] !== 0) continue;
        const c = rowCoef[row], j = pair[row];
        let d = 0;
        for (let a = 0; a < qG; a++) d += (beta[c * qG + a] - oldBeta[c * qG + a]) * u[a * m + j];
        state.eta[row] += d;
      }
    },
  };
}
