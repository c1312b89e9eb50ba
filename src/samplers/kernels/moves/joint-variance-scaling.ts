// Joint moves of a variance with the latent variables (joint.ts), on the multiplicative group with
// Haar measure dc/c and a symmetric random walk on log c (scale tuned in burn-in only).
//   residual variance:                R' = c^2 R,  l' = eta + c (l - eta) (per idh variance: its rows,
//     e.g. one trait's units under idh(trait):units) ratio p(y | l') / p(y | l) p(R') / p(R) c^2
//     (the c^m of the Jacobian for l cancels the c^-m of N(l'; eta, R'): the idh coefficients are
//     independent a priori, so the other coefficients' residuals do not enter).
//   one-dimensional random term:      G' = c^2 G,  u' = c u,  l' = l + (c - 1) Z u
//     residuals unchanged; ratio p(y | l') / p(y | l) p(G') / p(G) c^2. With parameter expansion
//     (G = alpha^2 G*, u = alpha u*) alpha stays and G* scales, so the prior ratio is that of G*'s
//     inverse-gamma prior.

import { savedNumber, type KernelState } from "../../kernel-state.js";
import { logVariancePriorRatio } from "../../../priors/covariance-prior.js";
import type { Prior } from "../../../priors/prior.js";
import { mhAccept, type Rng } from "../../../random/index.js";
import type { ChainState } from "../../run/state.js";
import type { JointContext } from "./joint-context.js";
import type { Kernel } from "../../kernel.js";
import { robbinsMonroLogScale } from "../adaptation.js";
import { exp, log } from "../../../math/deterministic.js";

/**
 * Proposals per sweep of each residual scaling move. One random-walk step moves the variance a
 * fraction of the way along its conditional given the standardised residuals (the non-centred
 * half of the interweaving); a few steps per sweep come close to a draw from it, at one pass over
 * the term's rows each. Mean min bulk-ESS over seeds 1-16 (10,000 iterations) with 1, 2, 3, 4
 * steps: M3 cbpp units 638, 807, 923, 963 for +0%, +4%, +9%, +16% CPU; M14 (8 seeds, 1 and 3
 * steps) units 396 -> 884 for +13% CPU; M4 and M11 (whose slowest parameters are others) +-3% in
 * min ESS per second.
 */
const RESIDUAL_SCALINGS_PER_SWEEP = 3;

/**
 * The residual variances' scaling moves: one per free variance of an idh/idv (or one-coefficient)
 * residual term whose rows are all movable, moving that variance and the residuals of its rows
 * (the usual `units` term of a one-trait model: one move over all units; `idh(trait):units` of a
 * two-part family: one per free trait, e.g. the count trait's units of a hurdle model). Residual
 * terms with covariances between coefficients (us, corg, corgh) get none: scaling one variance
 * would change them.
 */
export function buildResidualScalings(ctx: JointContext, prior: Prior): Kernel[] {
  const { model, lik, shift, n } = ctx;
  const { term: termOf, coef: coefOf } = model.residualIndex;
  const kernels: Kernel[] = [];
  model.residualTerms.forEach((term, t) => {
    const p = prior.R[t];
    if (p.correlation) return;
    const pooled = term.structure === "idv" || term.dim === 1;
    if (!pooled && term.structure !== "idh") return;
    const coefficients = pooled ? [-1] : Array.from({ length: term.dim }, (_, a) => a).filter((a) => a < p.fixFrom);
    if (pooled && p.fixFrom === 0) return;
    for (const a of coefficients) {
      // stacked rows (trait * n + unit); with one trait they are the units
      const rowList: number[] = [];
      for (let row = 0; row < termOf.length; row++) if (termOf[row] === t && (a < 0 || coefOf[row] === a)) rowList.push(row);
      if (rowList.length === 0 || !rowList.every((row) => ctx.rowMovable(row))) continue;
      const units = Int32Array.from(new Set(rowList.map((row) => row % n))).sort();
      const label = a < 0 ? term.label : `${term.label} ${term.vcvNames[a]}`;
      kernels.push(residualScaling(`joint move: R structure ${label} scaling with latent variables`, t, a, term.dim, Int32Array.from(rowList), units));
    }
  });
  return kernels;

  function residualScaling(name: string, t: number, a: number, d: number, rows: Int32Array, units: Int32Array): Kernel {
    const counts = { accepted: 0, proposed: 0 };
    const p = prior.R[t];
    const m = rows.length, mu = units.length;
    const entry = a < 0 ? 0 : a * d + a;
    let scaleLogSd = log(0.3);
    return {
      name,
      metropolis: [{ name, counts }],
      saveState: () => ({ scaleLogSd }),
      restoreState: (saved) => { scaleLogSd = savedNumber(saved, "scaleLogSd"); },
      // R' = c^2 R, e' = c e on the term's rows: ratio p(y | l') / p(y | l) p(R') / p(R) c^2
      step(state: ChainState, rng: Rng) {
        for (let k = 0; k < RESIDUAL_SCALINGS_PER_SWEEP; k++) scaleOnce(state, rng);
      },
    };

    function scaleOnce(state: ChainState, rng: Rng): void {
      const logC = exp(scaleLogSd) * rng.normal();
      const c = exp(logC);
      const l = state.latent, eta = state.eta, Rt = state.RTerms[t];
      const R0 = Rt[entry], R1 = c * c * R0;
      let logRatio = 2 * logC;
      logRatio += logVariancePriorRatio(p, R0, R1, logC, a < 0 ? 0 : a);
      for (let i = 0; i < m; i++) { const row = rows[i]; shift[row] = (c - 1) * (l[row] - eta[row]); }
      for (let i = 0; i < mu; i++) lik.addUnit(state, units[i], shift);
      logRatio += lik.take();
      const accepted = mhAccept(rng, logRatio);
      counts.proposed++;
      if (accepted) {
        counts.accepted++;
        if (a < 0) for (let b = 0; b < d; b++) Rt[b * d + b] = c * c * Rt[b * d + b];
        else Rt[entry] = R1;
        for (let i = 0; i < m; i++) { const row = rows[i]; l[row] += shift[row]; }
        for (let i = 0; i < mu; i++) lik.commit(units[i]);
      }
      for (let i = 0; i < m; i++) shift[rows[i]] = 0;
      if (state.adapting) scaleLogSd = robbinsMonroLogScale(scaleLogSd, state.iteration, accepted, 0.44, -8, 1);
    }
  }
}

/** One scaling move per free one-dimensional random term whose columns touch only movable rows. */
export function buildRandomVarianceScalings(ctx: JointContext, prior: Prior): Kernel[] {
  const { model, n, p, lik, shift, touched } = ctx;
  const Z = model.Z;
  const scaledTerms = model.randomTerms.flatMap((term, t) => {
    if (term.dim !== 1 || prior.G[t].fixFrom === 0) return [];
    const first = p + term.zOffset - p;
    for (let c = first; c < first + term.nLevels[0]; c++) {
      for (let e = Z.colPtr[c]; e < Z.colPtr[c + 1]; e++) if (!ctx.rowMovable(Z.rowIdx[e])) return [];
    }
    // with a one-trait cache and every unit in at most one level, a level's shift shares one exp
    const seen = new Uint8Array(n);
    let once = lik.scalar;
    for (let c = first; c < first + term.nLevels[0] && once; c++) {
      for (let e = Z.colPtr[c]; e < Z.colPtr[c + 1]; e++) { const u = Z.rowIdx[e] % n; if (seen[u]) { once = false; break; } seen[u] = 1; }
    }
    return [{ t, first, m: term.nLevels[0], once, logSd: log(0.3), counts: { accepted: 0, proposed: 0 } }];
  });

  function varianceScaleMove(block: { t: number; first: number; m: number; once: boolean; logSd: number; counts: { accepted: number; proposed: number } }, state: ChainState, rng: Rng) {
    const { t, first, m, counts } = block;
    const logC = exp(block.logSd) * rng.normal();
    const c = exp(logC);
    const theta = state.theta;
    const pr = prior.G[t];
    const alpha = state.alpha[t][0];
    const G0 = state.G[t][0] / (pr.expansion ? alpha * alpha : 1);
    const G1 = c * c * G0;
    let logRatio = 2 * logC + logVariancePriorRatio(pr, G0, G1, logC);
    for (let col = first; col < first + m; col++) {
      const uj = theta[p + col] * (c - 1);
      if (uj === 0) continue;
      const expD = block.once ? exp(uj) : 1;
      for (let e = Z.colPtr[col]; e < Z.colPtr[col + 1]; e++) {
        const row = Z.rowIdx[e];
        const z = Z.values[e];
        shift[row] += z * uj;
        touched[row % n] = 1;
        if (block.once) lik.addUnitShift(state, row, z * uj, z === 1 ? expD : exp(z * uj));
      }
    }
    if (!block.once) for (let u = 0; u < n; u++) if (touched[u] === 1) lik.addUnit(state, u, shift);
    logRatio += lik.take();
    const accepted = mhAccept(rng, logRatio);
    counts.proposed++;
    if (accepted) {
      counts.accepted++;
      state.G[t][0] *= c * c;
      for (let col = first; col < first + m; col++) theta[p + col] *= c;
    }
    for (let col = first; col < first + m; col++) {
      for (let e = Z.colPtr[col]; e < Z.colPtr[col + 1]; e++) {
        const row = Z.rowIdx[e];
        if (shift[row] !== 0) {
          if (accepted) { state.latent[row] += shift[row]; state.eta[row] += shift[row]; }
          shift[row] = 0;
        }
        const u = row % n;
        if (touched[u] === 1) { touched[u] = 0; if (accepted) lik.commit(u); }
      }
    }
    if (state.adapting) block.logSd = robbinsMonroLogScale(block.logSd, state.iteration, accepted, 0.44, -8, 1);
  }

  return scaledTerms.map((block) => {
    const name = `joint move: G structure ${model.randomTerms[block.t].label} scaling with latent variables`;
    return {
      name,
      metropolis: [{ name, counts: block.counts }],
      saveState: () => ({ logSd: block.logSd }),
      restoreState: (saved: KernelState) => { block.logSd = savedNumber(saved, "logSd"); },
      step: (state: ChainState, rng: Rng) => varianceScaleMove(block, state, rng),
    };
  });
}
