// Joint move of single random-effect levels with the latent variables (joint.ts): a translation
//   u_j' = u_j + d,   l' = l + Z_j d
// leaves e = l - eta, hence p(l | theta, R), unchanged and has unit Jacobian: the MH ratio is
// p(y | l') / p(y | l) times the prior ratio of u_j, its conditional normal given the level's
// other coefficients under G. Levels of one coefficient share no unit, so each level has its own
// 1-d proposal (scale tuned in burn-in only) and all are proposed and accepted separately in one
// pass over the data.

import { restoreArray, savedParts } from "../../kernel-state.js";
import { denseInverseSpd } from "../../../linalg/index.js";
import { mhAccept, type Rng } from "../../../random/index.js";
import type { ChainState } from "../../run/state.js";
import type { JointContext } from "./joint-context.js";
import type { Kernel } from "../../kernel.js";
import { robbinsMonroLogScale } from "../adaptation.js";
import { exp, log } from "../../../math/deterministic.js";

export interface LevelBlock {
  readonly term: number;
  readonly coef: number;
  /** theta indices of the levels. */
  readonly cols: Int32Array;
  readonly logScale: Float64Array;
  /** Index of the same level's other coefficients: theta index of coefficient b at level j = base[b] + j. */
  readonly base: Int32Array;
}

/**
 * Blocks of levels that may move: coefficients of terms without a relationship matrix whose level
 * columns touch only movable rows and no unit twice within one coefficient.
 */
export function levelBlocks(ctx: JointContext): LevelBlock[] {
  const { model, n, p } = ctx;
  const Z = model.Z;
  const blocks: LevelBlock[] = [];
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
          if (!ctx.rowMovable(row) || seen[row % n]) { ok = false; break; }
          seen[row % n] = 1;
        }
        cols.push(base[a] + j);
      }
      if (ok) blocks.push({ term: t, coef: a, cols: Int32Array.from(cols), logScale: new Float64Array(cols.length).fill(log(0.5)), base });
    }
  });
  return blocks;
}

/** One pass of level translations over every movable block, or undefined when there is none. */
export function buildLevelTranslations(ctx: JointContext): Kernel | undefined {
  const blocks = levelBlocks(ctx);
  if (blocks.length === 0) return undefined;
  const { model, n, p, lik, shift, touched } = ctx;
  const counts = { accepted: 0, proposed: 0 };
  const Z = model.Z;
  const gInv = model.randomTerms.map((t) => new Float64Array(t.dim * t.dim));
  const gWork = new Float64Array(Math.max(1, ...model.randomTerms.map((t) => t.dim * t.dim)));

  function levelMove(block: LevelBlock, state: ChainState, rng: Rng) {
    const theta = state.theta;
    const term = model.randomTerms[block.term];
    const dim = term.dim, a = block.coef;
    const Gi = gInv[block.term];
    const paa = Gi[a * dim + a];
    const m = block.cols.length;
    const sdPrior = 1 / Math.sqrt(paa);
    const l = state.latent, eta = state.eta;
    for (let j = 0; j < m; j++) {
      const c = block.cols[j];
      const zc = c - p;
      const e0 = Z.colPtr[zc], e1 = Z.colPtr[zc + 1];
      const d = exp(block.logScale[j]) * sdPrior * rng.normal();
      // conditional prior of u_aj given the level's other coefficients: precision paa, mean mu
      let s = 0;
      for (let b = 0; b < dim; b++) if (b !== a) s += Gi[a * dim + b] * theta[block.base[b] + j];
      const mu = -s / paa;
      const x0 = theta[c] - mu, x1 = x0 + d;
      let logRatio = -0.5 * paa * (x1 * x1 - x0 * x0);
      if (lik.scalar) {
        const expD = exp(d);
        for (let e = e0; e < e1; e++) {
          const z = Z.values[e];
          lik.addUnitShift(state, Z.rowIdx[e], z * d, z === 1 ? expD : exp(z * d));
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
      counts.proposed++;
      if (accepted) {
        counts.accepted++;
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
      if (state.adapting) block.logScale[j] = robbinsMonroLogScale(block.logScale[j], state.iteration, accepted, 0.44, -10, 2);
    }
  }

  const name = "joint move: random-effect levels with latent variables";
  return {
    name,
    metropolis: [{ name, counts }],
    saveState: () => ({ blocks: blocks.map((b) => ({ logScale: b.logScale.slice() })) }),
    restoreState: (saved) => savedParts(saved, "blocks", blocks.length).forEach((part, i) => { if (part) restoreArray(blocks[i].logScale, part, "logScale"); }),
    step(state: ChainState, rng: Rng) {
      for (let t = 0; t < gInv.length; t++) denseInverseSpd(state.G[t], model.randomTerms[t].dim, gInv[t], gWork);
      for (const block of blocks) levelMove(block, state, rng);
    },
  };
}
