// The summary a user reads: for every fixed effect, (co)variance, cutpoint and derived quantity,
// mean, sd, quantiles, 95% HPD interval, ESS, R-hat and MCSE (summary.json, DESIGN.md);
// pMCMC for fixed effects and cutpoints as MCMCglmm reports it.

import type { LocationSampler } from "../samplers/kernels/location/choice.js";
import { summariseDraws } from "../diagnostics/index.js";
import { hpdInterval, pMCMC, poolDraws } from "./intervals.js";
import type { Draws } from "./draws.js";
import { drawsOf } from "./draws.js";

export interface SummaryRow {
  name: string;
  mean: number;
  sd: number;
  q2_5: number;
  q50: number;
  q97_5: number;
  hpd_lower: number;
  hpd_upper: number;
  ess_bulk: number;
  ess_tail: number;
  rhat: number;
  mcse_mean: number;
  mcse_q2_5: number;
  mcse_q97_5: number;
  pMCMC?: number;
}

export interface Timing {
  seconds: number;
  chain_seconds: number[];
  seconds_per_1000_iterations: number[];
  min_ess_bulk_per_second: number;
}

export interface SamplerRow {
  kernel: string;
  acceptance: number;
  steps: number;
}

export interface Summary {
  /** The model's formulas and family, as the spec gave them. */
  model?: { fixed: string; random?: string; rcov?: string; family?: string | readonly string[] };
  fixed: SummaryRow[];
  covariances: SummaryRow[];
  cutpoints: SummaryRow[];
  derived: SummaryRow[];
  dic: number | null;
  settings: { nitt: number; burnin: number; thin: number; chains: number; seed: number; location?: LocationSampler };
  timing: Timing;
  /** False when sampling was interrupted or a chain failed. */
  complete: boolean;
  /** What the draws hold: saved draws per chain x chains kept (after Ctrl-C, failures or --target-ess rounds it differs from the settings). */
  kept?: { draws_per_chain: number; chains: number; iterations_per_chain: number[] };
  /**
   * Each Metropolis-Hastings update's acceptance rate over the post-burn-in steps of all chains
   * (steps: proposals made), so that an update that does not move shows; updates that made no
   * post-burn-in proposal are left out.
   */
  sampler?: SamplerRow[];
  /** Convergence status when the run continued until a target ESS. */
  convergence?: { targetEss: number; reached: boolean; iterations: number };
  warnings: string[];
}

export function summariseParameter(name: string, chains: readonly Float64Array[], withP: boolean): SummaryRow {
  const s = summariseDraws(chains, { probs: [0.025, 0.975] });
  const pooled = poolDraws(chains);
  // too few draws for an interval (a chain that failed at once): a degenerate one
  const hpd = pooled.length >= 2 ? hpdInterval(pooled, 0.95) : { lower: pooled[0] ?? NaN, upper: pooled[0] ?? NaN };
  const row: SummaryRow = {
    name,
    mean: s.mean,
    sd: s.sd,
    q2_5: s.quantiles[0].value,
    q50: s.q50,
    q97_5: s.quantiles[1].value,
    hpd_lower: hpd.lower,
    hpd_upper: hpd.upper,
    ess_bulk: s.ess_bulk,
    ess_tail: s.ess_tail,
    rhat: s.rhat,
    mcse_mean: s.mcse_mean,
    mcse_q2_5: s.quantiles[0].mcse,
    mcse_q97_5: s.quantiles[1].mcse,
  };
  if (withP) row.pMCMC = pMCMC(pooled);
  return row;
}

export function summariseGroup(draws: Draws, names: readonly string[], withP: boolean): SummaryRow[] {
  return names.map((name) => summariseParameter(name, drawsOf(draws, name), withP));
}

/** Timing as DESIGN.md defines it: ESS per second over the summed chain seconds. */
export function timingOf(wallSeconds: number, chainSeconds: number[], iterationsPerChain: number[], rows: SummaryRow[]): Timing {
  const finite = rows.map((r) => r.ess_bulk).filter((x) => Number.isFinite(x));
  const minEss = finite.length > 0 ? Math.min(...finite) : NaN;
  const total = chainSeconds.reduce((a, b) => a + b, 0);
  return {
    seconds: wallSeconds,
    chain_seconds: chainSeconds,
    seconds_per_1000_iterations: chainSeconds.map((s, c) => (1000 * s) / Math.max(1, iterationsPerChain[c])),
    min_ess_bulk_per_second: minEss / total,
  };
}
