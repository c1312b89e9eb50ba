// Simulation-based calibration (Talts et al. 2018, arXiv:1804.06788) for the response families:
// per replication, fixed effects, a group variance and the free residual variance are drawn from
// the model's own (proper) prior (as resolvePrior reads it, MCMCglmm's reformed prior included),
// latent values l = X b + Z u + e simulated, observations drawn by the family's drawObservation
// (so simulation and likelihood must agree), the model fitted, and the rank of each true value
// among thinned posterior draws recorded. Uniform ranks (chi-square per parameter) say the
// sampler targets the posterior of the model the family describes.

import { DataError } from "../../src/errors.js";
import { fit } from "../../src/fit.js";
import { familyDefinition, type FamilyKey } from "../../src/models/families/index.js";
import { drawZeroTruncatedMultinomial } from "../../src/models/families/ztmultinomial.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import type { FamilyName, LatentKernelChoice, ModelSpec, Response } from "../../src/models/types.js";
import { resolvePrior } from "../../src/priors/prior.js";
import { createStream, invGamma, type Rng } from "../../src/random/index.js";

export interface SbcCase {
  readonly family: FamilyName;
  /** Latent traits of the response (2 for zero-inflated/hurdle/zero-altered). */
  readonly traits: 1 | 2;
  /** Binomial trials (zibinomial, hubinomial, nzbinom, multinomial2). */
  readonly trials?: number;
  /** The simulated observation at row `unit` as data columns (with the row's own parameters: ncst, msst). */
  readonly columns: (y: number, unit: number) => Record<string, number>;
  readonly lhs: string;
  /** Families with several response columns: the data columns of one row drawn given its latent traits. */
  readonly draw?: (response: Response, l: Float64Array, rng: Rng) => Record<string, number>;
  /** The residual variance fixed at 1 by the prior (binary categorical, threshold, ordinal: not identified). */
  readonly fixedResidual?: boolean;
  /** Cutpoints the observations are drawn with (threshold, ordinal: [0], two categories). */
  readonly cutpoints?: readonly number[];
  /** The observation at unit u of the placeholder data that names the parameters (default 1 everywhere). */
  readonly placeholder?: (u: number) => number;
  /** The latent kernel under test (default "auto"); `label` names the case in the report. */
  readonly latent?: LatentKernelChoice;
  readonly label?: string;
}

const censor = (v: number, lo: number, hi: number): Record<string, number> =>
  v < lo ? { lo: -Infinity, hi: lo } : v > hi ? { lo: hi, hi: Infinity } : { lo: v, hi: v };

const single = (family: FamilyName): SbcCase => ({ family, traits: 1, lhs: "y", columns: (y) => ({ y }) });
const twoPart = (family: FamilyName, trials?: number): SbcCase =>
  trials ? { family, traits: 2, trials, lhs: "cbind(s, f)", columns: (y) => ({ s: y, f: trials - y }) } : { family, traits: 2, lhs: "y", columns: (y) => ({ y }) };
/** Two categories (both present in the placeholder data), the residual variance fixed at 1. */
const binary = (family: FamilyName, cutpoints?: readonly number[]): SbcCase => ({ family, traits: 1, lhs: "y", columns: (y) => ({ y }), fixedResidual: true, cutpoints, placeholder: (u) => u % 2 });

/**
 * One case per family of the registry (a Record over FamilyKey: a family without a case does not
 * compile). A new family adds one line: `single("name")` for a one-trait response in `y`,
 * `twoPart("name")` for a count/zero pair, or its own case (columns, trials, fixedResidual,
 * cutpoints, placeholder) for other response shapes. The families being added in other
 * branches (ncst, msst, ztmb, ztmultinomial) go below the marker.
 */
export const SBC_CASES: Record<FamilyKey, SbcCase> = {
  gaussian: single("gaussian"),
  poisson: single("poisson"),
  categorical: binary("categorical"),
  multinomial: { family: "multinomial2", traits: 1, trials: 8, lhs: "cbind(s, f)", columns: (y) => ({ s: y, f: 8 - y }) },
  threshold: binary("threshold", [0]),
  ordinal: binary("ordinal", [0]),
  zipoisson: twoPart("zipoisson"),
  hupoisson: twoPart("hupoisson"),
  zapoisson: twoPart("zapoisson"),
  zibinomial: twoPart("zibinomial", 8),
  hubinomial: twoPart("hubinomial", 8),
  ztpoisson: single("ztpoisson"),
  geometric: single("geometric"),
  exponential: single("exponential"),
  nzbinom: { family: "nzbinom", traits: 1, trials: 4, lhs: "cbind(y, n)", columns: (y) => ({ y, n: 4 }) },
  cengaussian: { family: "cengaussian", traits: 1, lhs: "cbind(lo, hi)", columns: (v) => censor(v, -0.5, 1.5) },
  cenpoisson: { family: "cenpoisson", traits: 1, lhs: "cbind(lo, hi)", columns: (c) => (c >= 4 ? { lo: 4, hi: Infinity } : c === 1 || c === 2 ? { lo: 1, hi: 2 } : { lo: c, hi: c }) },
  cenexponential: { family: "cenexponential", traits: 1, lhs: "cbind(lo, hi)", columns: (t) => (t > 2 ? { lo: 2, hi: Infinity } : { lo: t, hi: t }) },
  ncst: scaledT("ncst"),
  msst: scaledT("msst"),
  ztmb: {
    family: "ztmb2", traits: 2, lhs: "cbind(a, b)", columns: () => ({ a: 1, b: 1 }),
    draw: (response, l, rng) => {
      const ab = new Float64Array(2);
      familyDefinition("ztmb2").drawObservation(response, l, [], undefined, rng, ab, 0);
      return { a: ab[0], b: ab[1] };
    },
  },
  // each row's zero pattern (absent categories) is drawn apart from the parameters, as data, then the counts given it
  ztmultinomial: {
    family: "ztmultinomial3", traits: 2, lhs: "cbind(a, b, c)", columns: () => ({ a: 1, b: 1, c: 1 }),
    draw: (_response, l, rng) => {
      const present = new Float64Array(3);
      do for (let j = 0; j < 3; j++) present[j] = rng.uniform() < 0.75 ? 1 : 0;
      while (present.every((v) => v === 0));
      const abc = new Float64Array(3);
      drawZeroTruncatedMultinomial(l, 3, 6, present, rng, abc);
      return { a: abc[0], b: abc[1], c: abc[2] };
    },
  },
};

/** A scaled t case: scale and df vary by row (0.5, 1, 1.5 and 3, 6, 20, 1.5), as measurement-error data would. */
function scaledT(family: "ncst" | "msst"): SbcCase {
  return { family, traits: 1, lhs: "cbind(y, s, df)", columns: (y, u) => ({ y, s: 0.5 + 0.5 * (u % 3), df: [3, 6, 20, 1.5][u % 4] }) };
}

/** Latent kernels other than `auto` with their own calibration: the zero part's exact Polya-Gamma augmentation. */
export const SBC_KERNEL_CASES: readonly SbcCase[] = (["zipoisson", "hupoisson", "zibinomial", "hubinomial"] as const).map((k) => ({
  ...SBC_CASES[k],
  latent: "exact" as const,
  label: `${SBC_CASES[k].family} (latent exact)`,
}));

/** Rank histograms of a case: its fixed effects (3 two-part, 2 one trait), the group variance and a free residual variance. */
export function histogramCount(c: SbcCase): number {
  return (c.traits === 2 ? 3 : 2) + 1 + (c.fixedResidual ? 0 : 1);
}

export interface SbcSettings {
  readonly units: number;
  readonly groups: number;
  readonly replications: number;
  readonly rankDraws: number;
  readonly thin: number;
  readonly burnin: number;
  readonly seed: number;
  readonly latent?: LatentKernelChoice;
  /** Replications before this one are simulated (the stream stays the same) but not fitted: a long case split over processes. */
  readonly firstReplication?: number;
  /** Called after each replication with its true values' ranks (a long run's progress log). */
  readonly onReplication?: (rep: number, ranks: Record<string, number>) => void;
  /** Called for a replication whose simulated data the model refuses (DataError), which is dropped. */
  readonly onSkipped?: (rep: number, reason: string) => void;
}

const NU = 5;
const B_VAR = 1;

function specFor(c: SbcCase): ModelSpec {
  const B = { mu: 0, V: B_VAR };
  if (c.traits === 1) {
    const R = c.fixedResidual ? { V: 1, fix: 1 } : { V: 0.5, nu: NU };
    return { fixed: `${c.lhs} ~ x`, random: "~g", rcov: "~units", family: c.family, prior: { B, R, G: { G1: { V: 0.5, nu: NU } } } };
  }
  return {
    fixed: `${c.lhs} ~ trait - 1 + at.level(trait, 1):x`,
    random: "~idh(at.level(trait, 1)):g",
    rcov: "~idh(trait):units",
    family: c.family,
    prior: { B, R: { V: [[0.5, 0], [0, 1]], nu: NU, fix: 2 }, G: { G1: { V: 0.5, nu: NU } } },
  };
}

/** Ranks per parameter name (each in 0..rankDraws) over the replications. */
export async function sbcRanks(c: SbcCase, s: SbcSettings): Promise<Record<string, number[]>> {
  const rng = createStream(s.seed, 0);
  const spec = specFor(c);
  const family = familyDefinition(c.family);
  const ranks: Record<string, number[]> = {};
  for (let rep = 0; rep < s.replications; rep++) {
    const x = Array.from({ length: s.units }, () => rng.normal());
    const g = Array.from({ length: s.units }, (_, u) => u % s.groups);
    const { rows, truth } = simulate(c, spec, family, x, g, s, rng);
    if (rep < (s.firstReplication ?? 0)) continue;
    let result;
    try {
      result = await fit(spec, frameFromRows(rows), {
        nitt: s.burnin + s.rankDraws * s.thin, burnin: s.burnin, thin: s.thin, chains: 1, threads: 1, seed: s.seed * 1000 + rep + 1, latent: s.latent ?? c.latent ?? "auto",
      });
    } catch (e) {
      // Data a model cannot take (a binary response with one category): the replication is
      // dropped. A rejection that depends on the data alone keeps the ranks uniform (the rank is
      // uniform given every y), so this does not bias the check; dropped replications are reported.
      if (!(e instanceof DataError)) throw e;
      s.onSkipped?.(rep, e.message);
      continue;
    }
    const these: Record<string, number> = {};
    for (const [name, value] of Object.entries(truth)) {
      const draws = result.draws[name][0].subarray(0, s.rankDraws);
      let rank = 0;
      for (const d of draws) if (d < value) rank++;
      (ranks[name] ??= []).push(rank);
      these[name] = rank;
    }
    s.onReplication?.(rep, these);
  }
  return ranks;
}

/** Truth from the prior and data from the family; the model on placeholder data gives the parameter names and the resolved prior. */
function simulate(c: SbcCase, spec: ModelSpec, family: ReturnType<typeof familyDefinition>, x: number[], g: number[], s: SbcSettings, rng: Rng) {
  const placeholder = x.map((xi, u) => ({ ...c.columns(c.placeholder?.(u) ?? PLACEHOLDER, u), x: xi, g: `g${g[u]}` }));
  const model = buildModel(spec, frameFromRows(placeholder));
  const prior = resolvePrior(model, spec.prior);
  const K = c.traits;
  const beta = model.fixedNames.map(() => Math.sqrt(B_VAR) * rng.normal());
  const gVar = invGamma(rng, prior.G[0].nu / 2, (prior.G[0].nu * prior.G[0].V[0]) / 2);
  const rVar = c.fixedResidual ? 1 : invGamma(rng, prior.R[0].nu / 2, (prior.R[0].nu * prior.R[0].V[0]) / 2);
  const u = Array.from({ length: s.groups }, () => Math.sqrt(gVar) * rng.normal());
  const response: Response = model.responses[0];
  const l = new Float64Array(K);
  const rows = x.map((xi, i) => {
    // trait 0: its intercept, slope on x, group effect and free residual; trait 1 (zero part): its intercept, residual variance 1
    l[0] = beta[0] + (K === 1 ? beta[1] : beta[2]) * xi + u[g[i]] + Math.sqrt(rVar) * rng.normal();
    if (K === 2) l[1] = beta[1] + rng.normal();
    const columns = c.draw ? c.draw(response, l, rng) : c.columns(family.drawObservation(response, l, c.cutpoints ?? [], c.trials, rng, null, i), i);
    return { ...columns, x: xi, g: `g${g[i]}` };
  });
  const names = model.fixedNames;
  const truth: Record<string, number> = Object.fromEntries(names.map((n, p) => [n, beta[p]]));
  truth[K === 1 ? "g" : "at.level(trait, 1).g"] = gVar;
  if (!c.fixedResidual) truth[K === 1 ? "units" : `trait${response.name}.units`] = rVar;
  return { rows, truth };
}

/** An observation every case can hold (a count of 1, a time of 1, an exact censored value of 1). */
const PLACEHOLDER = 1;

/** Chi-square p-value of ranks against uniform over `bins` bins (Wilson-Hilferty). */
export function rankPValue(ranks: readonly number[], rankDraws: number, bins: number): { counts: number[]; chi2: number; p: number } {
  const counts = new Array<number>(bins).fill(0);
  for (const r of ranks) counts[Math.min(bins - 1, Math.floor((r * bins) / (rankDraws + 1)))]++;
  const expected = ranks.length / bins;
  const chi2 = counts.reduce((acc, k) => acc + (k - expected) ** 2 / expected, 0);
  const df = bins - 1;
  const z = (Math.cbrt(chi2 / df) - (1 - 2 / (9 * df))) / Math.sqrt(2 / (9 * df));
  return { counts, chi2, p: 1 - normalCdf(z) };
}

function normalCdf(z: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(z)) / Math.SQRT2);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp((-z * z) / 2);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** One data set of a case drawn from its prior (for tests that only need realistic data), with its spec. */
export function simulatedData(c: SbcCase, units: number, groups: number, seed: number): { spec: ModelSpec; rows: Record<string, unknown>[] } {
  const rng = createStream(seed, 0);
  const spec = specFor(c);
  const x = Array.from({ length: units }, () => rng.normal());
  const g = Array.from({ length: units }, (_, u) => u % groups);
  const { rows } = simulate(c, spec, familyDefinition(c.family), x, g, { units, groups, replications: 1, rankDraws: 0, thin: 1, burnin: 0, seed }, rng);
  return { spec, rows };
}
