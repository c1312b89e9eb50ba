// Drawing an unstructured covariance matrix from its inverse-Wishart full conditional, whole or
// (with `fix`) only its free leading block given the fixed trailing block.

import type { VariancePrior } from "../../../priors/prior.js";
import type { Rng } from "../../../random/index.js";
import type { MetropolisCounter } from "../../kernel.js";
import { rInvWishart, rInvWishartConditional, createWishartWorkspace } from "../../../random/index.js";
import { makeCorrelationDrawer, type CorrelationDrawer } from "./correlation-draw.js";
import { makeAnteWorkspace, type AnteWorkspace } from "./ante-draw.js";
import { makeBlockWorkspace, type BlockWorkspace } from "./block-draw.js";

export interface CovarianceDrawer {
  readonly k: number;
  readonly scale: Float64Array;
  readonly workspace: ReturnType<typeof createWishartWorkspace>;
  /** For corg/corgh structures. */
  readonly correlation: CorrelationDrawer;
  /** For the antedependence structures. */
  readonly ante: AnteWorkspace;
  /** For cors and sub. */
  readonly block: BlockWorkspace;
}

export function makeCovarianceDrawer(k: number): CovarianceDrawer {
  return { k, scale: new Float64Array(k * k), workspace: createWishartWorkspace(k), correlation: makeCorrelationDrawer(k), ante: makeAnteWorkspace(k), block: makeBlockWorkspace(k) };
}

/**
 * The Metropolis-Hastings counts of a drawer's correlation step (corg/corgh: `correlation`; cors:
 * `block`), named after the kernel, for its `metropolis` list; empty when the structure has none.
 */
export function correlationCounters(name: string, prior: VariancePrior, d: CovarianceDrawer): MetropolisCounter[] {
  if (prior.correlation) return [{ name: `${name} correlations`, counts: d.correlation.counts }];
  if (prior.block?.kind === "correlation") return [{ name: `${name} correlations`, counts: d.block.counts }];
  return [];
}

/** out ~ IW(nu + m, nu V + S); with fix, only the block before fixFrom is drawn (out holds the rest). */
export function drawCovariance(rng: Rng, d: CovarianceDrawer, prior: VariancePrior, m: number, S: Float64Array, out: Float64Array): void {
  const k = d.k;
  for (let i = 0; i < k * k; i++) d.scale[i] = prior.nu * prior.V[i] + S[i];
  const df = prior.nu + m;
  if (prior.fixFrom >= k) rInvWishart(rng, df, d.scale, out, d.workspace);
  else rInvWishartConditional(rng, df, d.scale, prior.fixFrom, out, d.workspace);
}
