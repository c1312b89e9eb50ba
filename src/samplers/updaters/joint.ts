// Joint moves of latent variables with location effects or the residual variance: group moves
// (Liu & Sabatti 2000, JASA 95:1130) that keep the residuals e = l - eta (or their standardised
// values) fixed and let only the data decide. They complement the Gibbs updates of theta | l and
// R | l, which crawl when the data say little about each latent variable (most of the latent
// variance is "missing information"): the pairing of a centred and a non-centred move is the
// interweaving strategy of Yu & Meng (2011, JCGS 20:531).
//
//   translation along a fixed effect direction:  beta' = beta + delta, l' = l + X delta
//   translation of one random effect level:      u_j' = u_j + d,   l' = l + Z_j d
//     Both leave e, hence p(l | theta, R), unchanged and have unit Jacobian: the MH ratio is
//     p(y | l') / p(y | l) times the prior ratio of beta (N(mu, B)) or of u_j (its conditional
//     normal given the level's other coefficients under G). The fixed-effect block uses an
//     adaptive random-walk proposal (Haario et al. 2001) tuned in burn-in only; random-effect
//     levels have independent 1-d proposals (levels share no unit, so all levels of a
//     coefficient are proposed and accepted separately in one pass over the data).
//   trade-off between nested random intercepts (nested-move.ts): eta, l and the likelihood unchanged.
//   scaling of a single residual variance:        R' = c^2 R,  l' = eta + c (l - eta)
//     The multiplicative group with Haar measure dc/c and a symmetric proposal on log c: the
//     ratio is p(y | l') / p(y | l) p(R') / p(R) c^2 (the c^n of the Jacobian for l cancels the
//     c^-n of N(l'; eta, R')).
// Only directions that touch no observed Gaussian trait are moved (a Gaussian latent is data).

import { denseCholesky, denseInverseSpd } from "../../linalg/index.js";
import type { Model } from "../../models/types.js";
import { resolvePrior, type Prior } from "../../priors/prior.js";
import { mhAccept, type Rng } from "../../random/index.js";
import type { ChainState } from "../state.js";
import { shiftLikelihood } from "./joint-likelihood.js";
import { buildNestedMoves } from "./nested-move.js";

// Once the random-effect variances move collapsed (../collapsed-variance.ts), the fixed effects'
// dependence on the latent variables is what limits mixing (M5 Contraception: min bulk-ESS over
// 4,000 draws 1,100-1,250 with one translation per sweep, ~1,450 with two, ~1,750 with three, at
// one pass over the units each).
const FIXED_MOVES_PER_SWEEP = 3;

interface LevelBlock {
  readonly term: number;
  readonly coef: number;
  /** theta indices of the levels. */
  readonly cols: Int32Array;
  readonly logScale: Float64Array;
  /** Index of the same level's other coefficients: theta index of coefficient b at level j = base[b] + j. */
  readonly base: Int32Array;
}

export interface JointMoves {
  run(state: ChainState, rng: Rng): void;
  readonly counts: { fixedAccepted: number; fixedProposed: number; levelAccepted: number; levelProposed: number; scaleAccepted: number; scaleProposed: number };
}

export function buildJointMoves(model: Model, prior: Prior = resolvePrior(model, model.spec.prior)): JointMoves | undefined {
  const n = model.nUnits;
  const k = model.nTraits;
  const nrow = n * k;
  const p = model.fixedNames.length;
  // which traits may be moved: those of non-Gaussian responses
  const movable = new Uint8Array(k);
  // threshold latents are pinned between cutpoints (p(y | l) is 0 or 1): translating them gains nothing
  const responses = model.responses.filter((r) => r.family !== "gaussian" && r.family !== "threshold");
  if (responses.length === 0) return undefined;
  for (const r of responses) for (let j = 0; j < r.nTraits; j++) movable[r.traitOffset + j] = 1;
  const rowMovable = (row: number) => movable[Math.floor(row / n)] === 1;
  const lik = shiftLikelihood(model, responses);

  const X = model.X, Z = model.Z;
  const fixedCols = Int32Array.from(
    Array.from({ length: p }, (_, j) => j).filter((j) => {
      if (X.colPtr[j + 1] === X.colPtr[j]) return false;
      for (let e = X.colPtr[j]; e < X.colPtr[j + 1]; e++) if (!rowMovable(X.rowIdx[e])) return false;
      return true;
    }),
  );
  // Random-effect levels: terms without a relationship matrix whose level columns touch only
  // movable rows and no unit twice within one coefficient.
  const levelBlocks: LevelBlock[] = [];
  model.randomTerms.forEach((term, t) => {
    if (term.ginverse) return;
    const sameLevels = term.nLevels.every((m) => m === term.nLevels[0]);
    const base = new Int32Array(term.dim);
    let off = p + term.zOffset;
    for (let a = 0; a < term.dim; a++) { base[a] = off; off += term.nLevels[a]; }
    for (let a = 0; a < term.dim; a++) {
      if (term.dim > 1 && term.structure !== "idh" && !sameLevels) continue;
      const seen = new Uint8Array(n);
      let ok = true;
      const cols: number[] = [];
      for (let j = 0; j < term.nLevels[a] && ok; j++) {
        const c = base[a] + j - p;
        for (let e = Z.colPtr[c]; e < Z.colPtr[c + 1]; e++) {
          const row = Z.rowIdx[e];
          if (!rowMovable(row) || seen[row % n]) { ok = false; break; }
          seen[row % n] = 1;
        }
        cols.push(base[a] + j);
      }
      if (ok) levelBlocks.push({ term: t, coef: a, cols: Int32Array.from(cols), logScale: new Float64Array(cols.length).fill(Math.log(0.5)), base });
    }
  });
  const residualMove = k === 1 && prior.R.fixFrom > 0 && movable[0] === 1;
  // Random-effect variances of one-dimensional terms whose columns touch only movable rows.
  const scaledTerms = model.randomTerms.flatMap((term, t) => {
    if (term.dim !== 1 || prior.G[t].fixFrom === 0) return [];
    const first = p + term.zOffset - p;
    for (let c = first; c < first + term.nLevels[0]; c++) {
      for (let e = Z.colPtr[c]; e < Z.colPtr[c + 1]; e++) if (!rowMovable(Z.rowIdx[e])) return [];
    }
    return [{ t, first, m: term.nLevels[0], logSd: Math.log(0.3) }];
  });
  if (fixedCols.length === 0 && levelBlocks.length === 0 && !residualMove && scaledTerms.length === 0) return undefined;

  const shift = new Float64Array(nrow);
  const touched = new Uint8Array(n);

  // ---- fixed effects: adaptive random walk on delta
  const q = fixedCols.length;
  const fixedTarget = q === 1 ? 0.44 : 0.234;
  let fixedLogScale = Math.log(2.38 / Math.sqrt(Math.max(q, 1)));
  const meanAcc = new Float64Array(q);
  const covAcc = new Float64Array(q * q);
  const propCov = new Float64Array(q * q);
  const propChol = new Float64Array(q * q);
  for (let i = 0; i < q; i++) propChol[i * q + i] = 0.01;
  let nAcc = 0;
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

  function fixedMove(state: ChainState, rng: Rng) {
    const theta = state.theta;
    const s = Math.exp(fixedLogScale);
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
    counts.fixedProposed++;
    if (accepted) {
      counts.fixedAccepted++;
      for (let i = 0; i < q; i++) theta[fixedCols[i]] += delta[i];
      for (let row = 0; row < nrow; row++) {
        if (shift[row] !== 0) { state.latent[row] += shift[row]; state.eta[row] += shift[row]; }
      }
      for (let u = 0; u < n; u++) lik.commit(u);
    }
    shift.fill(0);
    if (state.adapting) {
      const gamma = Math.pow(Math.max(state.iteration, 1), -0.6);
      fixedLogScale += gamma * ((accepted ? 1 : 0) - fixedTarget);
      // running moments of beta for the proposal shape
      nAcc++;
      for (let i = 0; i < q; i++) {
        const x = theta[fixedCols[i]];
        const d = x - meanAcc[i];
        meanAcc[i] += d / nAcc;
        for (let j = 0; j <= i; j++) covAcc[i * q + j] += d * (theta[fixedCols[j]] - meanAcc[j]);
      }
      if (nAcc >= 20 && nAcc % 20 === 0) {
        for (let i = 0; i < q; i++) {
          for (let j = 0; j <= i; j++) {
            const v = covAcc[i * q + j] / (nAcc - 1) + (i === j ? 1e-10 : 0);
            propCov[i * q + j] = v;
            propCov[j * q + i] = v;
          }
        }
        try { denseCholesky(propCov, q, propChol); } catch { /* keep the previous shape */ }
      }
    }
  }

  // ---- random-effect levels
  const gInv = model.randomTerms.map((t) => new Float64Array(t.dim * t.dim));
  const gWork = new Float64Array(Math.max(1, ...model.randomTerms.map((t) => t.dim * t.dim)));

  // Levels of a block share no unit, so each level is proposed, evaluated and accepted on its own.
  function levelMove(block: LevelBlock, state: ChainState, rng: Rng) {
    const theta = state.theta;
    const term = model.randomTerms[block.term];
    const dim = term.dim, a = block.coef;
    const Gi = gInv[block.term];
    const paa = Gi[a * dim + a];
    const m = block.cols.length;
    const sdPrior = 1 / Math.sqrt(paa);
    const gamma = state.adapting ? Math.pow(Math.max(state.iteration, 1), -0.6) : 0;
    const l = state.latent, eta = state.eta;
    for (let j = 0; j < m; j++) {
      const c = block.cols[j];
      const zc = c - p;
      const e0 = Z.colPtr[zc], e1 = Z.colPtr[zc + 1];
      const d = Math.exp(block.logScale[j]) * sdPrior * rng.normal();
      // conditional prior of u_aj given the level's other coefficients: precision paa, mean mu
      let s = 0;
      for (let b = 0; b < dim; b++) if (b !== a) s += Gi[a * dim + b] * theta[block.base[b] + j];
      const mu = -s / paa;
      const x0 = theta[c] - mu, x1 = x0 + d;
      let logRatio = -0.5 * paa * (x1 * x1 - x0 * x0);
      if (lik.scalar) {
        const expD = Math.exp(d);
        for (let e = e0; e < e1; e++) {
          const z = Z.values[e];
          lik.addUnitShift(state, Z.rowIdx[e], z * d, z === 1 ? expD : Math.exp(z * d));
        }
      } else {
        for (let e = e0; e < e1; e++) {
          const row = Z.rowIdx[e];
          shift[row] = Z.values[e] * d;
          touched[row % n] = 1;
        }
        for (let e = e0; e < e1; e++) {
          const u = Z.rowIdx[e] % n;
          if (touched[u] === 1) {
            touched[u] = 0;
            lik.addUnit(state, u, shift);
          }
        }
      }
      logRatio += lik.take();
      const accepted = mhAccept(rng, logRatio);
      counts.levelProposed++;
      if (accepted) {
        counts.levelAccepted++;
        theta[c] += d;
      }
      for (let e = e0; e < e1; e++) {
        const row = Z.rowIdx[e];
        if (accepted) {
          const dr = Z.values[e] * d;
          l[row] += dr;
          eta[row] += dr;
          lik.commit(row % n);
        }
        shift[row] = 0;
      }
      if (gamma > 0) {
        const next = block.logScale[j] + gamma * ((accepted ? 1 : 0) - 0.44);
        block.logScale[j] = next < -10 ? -10 : next > 2 ? 2 : next;
      }
    }
  }

  // ---- residual variance scaling (one trait)
  let scaleLogSd = Math.log(0.3);
  const priorR = prior.R;
  function residualScaleMove(state: ChainState, rng: Rng) {
    const logC = Math.exp(scaleLogSd) * rng.normal();
    const c = Math.exp(logC);
    const l = state.latent, eta = state.eta;
    const R0 = state.R[0], R1 = c * c * R0;
    let logRatio = 2 * logC;
    // inverse-gamma IG(nu/2, nu V/2) prior on R (inverse-Wishart with one dimension)
    const nu = priorR.nu, V = priorR.V[0];
    logRatio += -(0.5 * nu + 1) * 2 * logC - 0.5 * nu * V * (1 / R1 - 1 / R0);
    for (let u = 0; u < n; u++) shift[u] = (c - 1) * (l[u] - eta[u]);
    for (let u = 0; u < n; u++) lik.addUnit(state, u, shift);
    logRatio += lik.take();
    const accepted = mhAccept(rng, logRatio);
    counts.scaleProposed++;
    if (accepted) {
      counts.scaleAccepted++;
      state.R[0] = R1;
      for (let u = 0; u < n; u++) { l[u] += shift[u]; lik.commit(u); }
    }
    for (let u = 0; u < n; u++) shift[u] = 0;
    if (state.adapting) {
      const gamma = Math.pow(Math.max(state.iteration, 1), -0.6);
      scaleLogSd += gamma * ((accepted ? 1 : 0) - 0.44);
      if (scaleLogSd < -8) scaleLogSd = -8;
      else if (scaleLogSd > 1) scaleLogSd = 1;
    }
  }

  // ---- random-effect variance scaling (one-dimensional terms):
  //   G' = c^2 G, u' = c u, l' = l + (c - 1) Z u: residuals unchanged; ratio p(y|l')/p(y|l) p(G')/p(G) c^2.
  // With parameter expansion (G = alpha^2 G*, u = alpha u*) alpha stays and G* scales, so the
  // prior ratio is that of G*'s inverse-gamma prior.
  function varianceScaleMove(block: { t: number; first: number; m: number; logSd: number }, state: ChainState, rng: Rng) {
    const { t, first, m } = block;
    const logC = Math.exp(block.logSd) * rng.normal();
    const c = Math.exp(logC);
    const theta = state.theta;
    const pr = prior.G[t];
    const alpha = state.alpha[t][0];
    const G0 = state.G[t][0] / (pr.expansion ? alpha * alpha : 1);
    const G1 = c * c * G0;
    let logRatio = 2 * logC - (0.5 * pr.nu + 1) * 2 * logC - 0.5 * pr.nu * pr.V[0] * (1 / G1 - 1 / G0);
    for (let col = first; col < first + m; col++) {
      const uj = theta[p + col] * (c - 1);
      if (uj === 0) continue;
      for (let e = Z.colPtr[col]; e < Z.colPtr[col + 1]; e++) {
        const row = Z.rowIdx[e];
        shift[row] += Z.values[e] * uj;
        touched[row % n] = 1;
      }
    }
    for (let u = 0; u < n; u++) if (touched[u] === 1) lik.addUnit(state, u, shift);
    logRatio += lik.take();
    const accepted = mhAccept(rng, logRatio);
    counts.scaleProposed++;
    if (accepted) {
      counts.scaleAccepted++;
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
    if (state.adapting) {
      const gamma = Math.pow(Math.max(state.iteration, 1), -0.6);
      block.logSd += gamma * ((accepted ? 1 : 0) - 0.44);
      if (block.logSd < -8) block.logSd = -8;
      else if (block.logSd > 1) block.logSd = 1;
    }
  }

  const nested = buildNestedMoves(model, prior);
  const counts = { fixedAccepted: 0, fixedProposed: 0, levelAccepted: 0, levelProposed: 0, scaleAccepted: 0, scaleProposed: 0 };
  return {
    counts,
    run(state: ChainState, rng: Rng) {
      lik.refresh(state);
      for (let i = 0; i < FIXED_MOVES_PER_SWEEP && q > 0; i++) fixedMove(state, rng);
      if (levelBlocks.length > 0) {
        for (let t = 0; t < gInv.length; t++) denseInverseSpd(state.G[t], model.randomTerms[t].dim, gInv[t], gWork);
        for (const block of levelBlocks) levelMove(block, state, rng);
      }
      for (const block of scaledTerms) varianceScaleMove(block, state, rng);
      if (residualMove) residualScaleMove(state, rng);
      for (const move of nested) move.run(state, rng);
    },
  };
}
