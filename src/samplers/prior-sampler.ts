// Draws from the prior alone (spec `prior_only: true`, `mcglmm prior`): what the priors imply
// for fixed effects, variances, correlations and heritabilities, before any data. Each saved
// draw is independent: beta ~ N(mu, V_B); each G and R from its prior (the same conditional
// draws the variance kernels make, with no effects: IW(nu, nu V), inverse-gamma for idh/idv,
// the free block given a fixed one, D(alpha) G* D(alpha) with alpha ~ N(alpha.mu, alpha.V) under
// parameter expansion). Correlation structures (corg, corgh) have no direct draw: their
// Metropolis step on Fisher's z is run `thin` times between saved draws instead.
// An improper prior has nothing to draw from: PriorError naming it.

import { familyOf } from "../models/families/registry.js";
import { structureOf } from "../models/structures/registry.js";
import type { StructureDefinition } from "../models/structures/types.js";
import { PriorError } from "../errors.js";
import { denseCholesky, denseInverseSpd } from "../linalg/index.js";
import type { Model } from "../models/types.js";
import { priorDim, type Prior, type VariancePrior } from "../priors/prior.js";
import { createStream, type Rng } from "../random/index.js";
import { drawStructured } from "./kernels/variance/variance.js";
import { makeCovarianceDrawer } from "./kernels/variance/covariance-draw.js";
import { recordLayout, recordState, type RecordLayout } from "./run/record.js";
import { allocateState } from "./run/state.js";

/** Checks every prior can be sampled: proper (nu > 0, and nu > k - 1 for a free unstructured block) and no cutpoints. */
export function checkPriorSampleable(model: Model, prior: Prior): void {
  const check = (p: VariancePrior, structure: StructureDefinition["parameters"], label: string) => {
    if (p.fixFrom === 0) return;
    const free = structure === "matrix" && !p.correlation ? p.fixFrom : 1;
    if (!(p.nu > free - 1) || !(p.nu > 0)) {
      throw new PriorError(`${p.label} (${label}): nu = ${p.nu} is an improper prior, which has no draws; prior_only needs nu > ${Math.max(0, free - 1)}`);
    }
    if (p.expansion && p.expansion.alphaV.every((v) => v === 0)) throw new PriorError(`${p.label}: alpha.V = 0`);
  };
  model.randomTerms.forEach((t, i) => check(prior.G[i], structureOf(t).parameters, t.label));
  model.residualTerms.forEach((t, i) => check(prior.R[i], structureOf(t).parameters, t.label));
  const cut = model.responses.find((r) => familyOf(r).cutpointCount(r) > 1);
  if (cut) throw new PriorError(`prior_only: the cutpoints of "${cut.name}" have MCMCglmm's flat (improper) prior, which has no draws`);
}

/** A draw of N(mu, V) given V's Cholesky factor L (row-major lower). */
function normalDraw(rng: Rng, mu: Float64Array, L: Float64Array, z: Float64Array, out: Float64Array): void {
  const k = mu.length;
  for (let i = 0; i < k; i++) z[i] = rng.normal();
  for (let i = 0; i < k; i++) {
    let s = mu[i];
    for (let j = 0; j <= i; j++) s += L[i * k + j] * z[j];
    out[i] = s;
  }
}

export interface PriorChains {
  readonly layout: RecordLayout;
  /** chains[c][p]: the draws of parameter p in chain c. */
  readonly chains: Float64Array[][];
  readonly seconds: number[];
}

/** `saved` draws per chain from the prior, chain c from stream (seed, c) as the sampler's chains. */
export function samplePrior(model: Model, prior: Prior, settings: { chains: number; seed: number; saved: number; thin: number }): PriorChains {
  checkPriorSampleable(model, prior);
  const layout = recordLayout(model, false);
  const p = model.fixedNames.length;
  const V = denseInverseSpd(prior.B.precision, p);
  const L = denseCholesky(V, p);
  const z = new Float64Array(p);
  const chains: Float64Array[][] = [];
  const seconds: number[] = [];
  const terms = [...model.randomTerms.map((t, i) => ({ term: t, prior: prior.G[i], g: i })), ...model.residualTerms.map((t, i) => ({ term: t, prior: prior.R[i], g: -1 - i }))];
  const drawers = terms.map(({ term }) => makeCovarianceDrawer(term.dim));
  const zeroS = terms.map(({ term }) => new Float64Array(term.dim * term.dim));
  const noLevels = terms.map(({ term }) => new Array<number>(term.dim).fill(0));
  const expansions = terms.map(({ prior: vp }) => (vp.expansion ? expansionDrawer(vp) : null));
  for (let c = 0; c < settings.chains; c++) {
    const start = performance.now();
    const rng = createStream(settings.seed, c);
    const state = allocateState(model);
    const out = layout.names.map(() => new Float64Array(settings.saved));
    const beta = state.theta.subarray(0, p);
    // start correlation structures (Metropolis) at their fixed variances, zero correlations
    terms.forEach(({ term, prior: vp, g }) => {
      const M = g >= 0 ? state.G[g] : state.RTerms[-1 - g];
      const k = term.dim;
      for (let a = 0; a < k; a++) M[a * k + a] = vp.correlation ? vp.correlation.variances[a] : priorDim(term) === 1 ? vp.V[0] : vp.V[a * k + a];
      if (vp.fixFrom < k && !vp.correlation) for (let a = vp.fixFrom; a < k; a++) for (let b = vp.fixFrom; b < k; b++) M[a * k + b] = vp.V[a * k + b];
    });
    for (let s = 0; s < settings.saved; s++) {
      normalDraw(rng, prior.B.mu, L, z, beta);
      terms.forEach(({ term, prior: vp, g }, i) => {
        const M = g >= 0 ? state.G[g] : state.RTerms[-1 - g];
        const repeats = vp.correlation ? settings.thin : 1;
        for (let r = 0; r < repeats; r++) drawStructured(rng, term.structure, term.dim, noLevels[i], vp, zeroS[i], M, drawers[i]);
        const e = expansions[i];
        if (e) expand(rng, e, term.dim, M);
      });
      recordState(model, layout, state, out, s);
    }
    chains.push(out);
    seconds.push((performance.now() - start) / 1000);
  }
  return { layout, chains, seconds };
}

interface ExpansionDrawer {
  readonly mu: Float64Array;
  /** Cholesky factor of alpha.V. */
  readonly L: Float64Array;
  readonly z: Float64Array;
  readonly alpha: Float64Array;
}

function expansionDrawer(vp: VariancePrior): ExpansionDrawer {
  const { alphaMu, alphaV } = vp.expansion!;
  const h = alphaMu.length;
  return { mu: alphaMu, L: denseCholesky(alphaV, h), z: new Float64Array(h), alpha: new Float64Array(h) };
}

/** G = D(alpha) G* D(alpha), alpha ~ N(alpha.mu, alpha.V) (one alpha for all coefficients of idv). */
function expand(rng: Rng, e: ExpansionDrawer, k: number, M: Float64Array): void {
  normalDraw(rng, e.mu, e.L, e.z, e.alpha);
  const h = e.alpha.length;
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) M[a * k + b] *= e.alpha[h === 1 ? 0 : a] * e.alpha[h === 1 ? 0 : b];
}
