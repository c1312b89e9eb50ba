// The conditional draws of the cors and sub structures (priors/block-prior.ts gives their priors)
// given the effects' crossproduct S of n levels, Sigma partitioned at p = fix - 1.
//
// sub (MCMCglmm's update type 6): Sigma = Sigma11 (+) I, so block 1's effects are independent of
// block 2's and
//   Sigma11 | S ~ IW(nu + n, nu V11 + S11).
// (MCMCglmm's cs_rSinvwishart takes the leading block of (nu V + S)^-1 as the inverse scale,
// i.e. the scale (nu V + S)11.2 = (nu V + S)11 - (..)12 (..)22^-1 (..)21: that depends on S12 and
// S22, which carry no information on Sigma11 under Sigma11 (+) I, so it is not the full conditional
// of this model; the difference is of relative order p2/n. The exact conditional is drawn here.)
//
// cors (MCMCglmm's update type 4, cs_rRsubinvwishart), in two steps that together draw from the
// joint conditional:
//   1. R22 from its marginal given S22 (Sigma11.2 and B integrated out), by the corg Metropolis
//      step (correlation-draw.ts) with n - p levels and prior nu, i.e. the target
//        |R22|^-(n + nu - p + p2 + 1)/2 exp(-tr(R22^-1 S22)/2) prod_i ((R22^-1)_ii)^-nu/2;
//   2. (Sigma11.2, B) | R22 from the conditional inverse-Wishart IW(n, S + Psi0) given
//      Sigma22 = R22 (Korsgaard et al. 1999; random/wishart.ts rInvWishartConditional).
// (MCMCglmm proposes R22 by Liu & Daniels' cov2cor of an inverse-Wishart draw; the target is the same.)

import { PriorError } from "../../../errors.js";
import type { VariancePrior } from "../../../priors/prior.js";
import { createWishartWorkspace, rInvWishart, rInvWishartConditional, type Rng, type WishartWorkspace } from "../../../random/index.js";
import { drawCorrelation, makeCorrelationDrawer, type CorrelationDrawer } from "./correlation-draw.js";

export interface BlockWorkspace {
  readonly k: number;
  readonly scale: Float64Array;
  readonly wishart: WishartWorkspace;
  /** Metropolis-Hastings proposals and acceptances of cors's correlations. */
  readonly counts: { accepted: number; proposed: number };
  /** Set at the first draw (the split is the prior's): the sub-block buffers and the corg step's prior. */
  part: { from: number; s11: Float64Array; out11: Float64Array; correlation: CorrelationDrawer; s22: Float64Array; r22: Float64Array; corgPrior: VariancePrior } | null;
}

export function makeBlockWorkspace(k: number): BlockWorkspace {
  return { k, scale: new Float64Array(k * k), wishart: createWishartWorkspace(k), counts: { accepted: 0, proposed: 0 }, part: null };
}

function partOf(ws: BlockWorkspace, prior: VariancePrior): NonNullable<BlockWorkspace["part"]> {
  const from = prior.block!.from;
  if (ws.part !== null && ws.part.from === from) return ws.part;
  const q = ws.k - from;
  // the corg step counts into this workspace's counts (reported by the kernel from the start)
  const correlation: CorrelationDrawer = { ...makeCorrelationDrawer(Math.max(q, 1)), counts: ws.counts };
  ws.part = {
    from,
    s11: new Float64Array(from * from),
    out11: new Float64Array(from * from),
    correlation,
    s22: new Float64Array(q * q),
    r22: new Float64Array(q * q),
    corgPrior: { label: prior.label, dim: q, V: new Float64Array(q * q), nu: prior.nu, fixFrom: q, correlation: { variances: new Float64Array(q).fill(1) } },
  };
  return ws.part;
}

/** sub: out <- Sigma11 (+) I with Sigma11 ~ IW(nu + n, nu V11 + S11). */
export function drawIdentityBlock(rng: Rng, ws: BlockWorkspace, prior: VariancePrior, n: number, S: Float64Array, out: Float64Array): void {
  const k = ws.k, part = partOf(ws, prior), p = part.from, nu = prior.nu;
  if (!(nu + n > p - 1)) throw new PriorError(`${prior.label}: the unstructured block of sub has nu + levels = ${nu + n}, which must exceed ${p - 1} (its size - 1) for a proper draw`);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) part.s11[a * p + b] = nu * prior.V[a * k + b] + S[a * k + b];
  rInvWishart(rng, nu + n, part.s11, part.out11, ws.wishart, p);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) out[a * k + b] = a < p && b < p ? part.out11[a * p + b] : a === b ? 1 : 0;
  }
}

/** cors: out <- a draw of Sigma (trailing block a correlation matrix) given S of n levels; reads the current R22 from out. */
export function drawCorrelationBlock(rng: Rng, ws: BlockWorkspace, prior: VariancePrior, n: number, S: Float64Array, out: Float64Array): void {
  const k = ws.k, part = partOf(ws, prior), p = part.from, q = k - p;
  if (n === 0) {
    throw new PriorError(`${prior.label}: cors cannot be drawn from its prior alone: MCMCglmm's prior of its unstructured block is an inverse-Wishart with 0 degrees of freedom (improper)`);
  }
  if (!(n > p)) {
    throw new PriorError(`${prior.label}: cors draws its correlation block from levels - ${p} = ${n - p} levels and its unstructured block with ${n} degrees of freedom (MCMCglmm's prior adds none): it needs more than ${p} levels (a prior alone cannot be sampled)`);
  }
  for (let a = 0; a < q; a++) {
    for (let b = 0; b < q; b++) {
      part.s22[a * q + b] = S[(p + a) * k + p + b];
      part.r22[a * q + b] = out[(p + a) * k + p + b];
    }
  }
  if (q > 1) drawCorrelation(rng, part.correlation, part.corgPrior, n - p, part.s22, part.r22);
  for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) out[(p + a) * k + p + b] = a === b ? 1 : part.r22[a * q + b];
  const scale0 = prior.block!.scale0;
  for (let i = 0; i < k * k; i++) ws.scale[i] = S[i] + scale0[i];
  rInvWishartConditional(rng, n, ws.scale, p, out, ws.wishart);
}
