// PSIS-LOO (Vehtari, Gelman & Gabry 2017, eqs. 10-11 and sec. 2.1; numbers as R's loo 2.5.1):
// for each observation i, the log ratios -log p(y_i | theta_s) are Pareto-smoothed (psis.ts,
// tail length from the relative efficiency of exp(log-lik), relative-eff.ts), and
// elpd_loo_i = log sum_s w_is p(y_i | theta_s) with normalised weights w_is; p_loo_i =
// lpd_i - elpd_loo_i; looic = -2 elpd_loo. Totals are sums over observations, their standard
// errors sqrt(n var_i(.)). The Pareto k of each observation says whether its estimate is
// reliable (k > 0.7: it is not).
import { DataError } from "../errors.js";
import { logSumExp, psis } from "./psis.js";
import { relativeEfficiencies } from "./relative-eff.js";
import { exp, log } from "../math/deterministic.js";

/** Pareto k above which an observation's PSIS estimate is unreliable (loo's threshold). */
export const PARETO_K_BAD = 0.7;

export interface Loo {
  readonly elpd_loo: number;
  readonly se_elpd_loo: number;
  readonly p_loo: number;
  readonly se_p_loo: number;
  readonly looic: number;
  readonly se_looic: number;
  /** Pareto shape k of each observation's smoothed importance weights. */
  readonly pareto_k: Float64Array;
  readonly pointwise: {
    readonly elpd_loo: Float64Array;
    readonly p_loo: Float64Array;
    readonly looic: Float64Array;
  };
  /** PSIS effective sample size of each observation (r_eff / sum of squared weights). */
  readonly n_eff: Float64Array;
  /** Relative efficiency of each observation's draws of exp(log-lik). */
  readonly r_eff: Float64Array;
  /** Number of observations and of draws. */
  readonly dims: readonly [observations: number, draws: number];
  /** Observations (1-based) with k > 0.7, and a sentence naming them. */
  readonly warnings: readonly string[];
}

/** sum and sqrt(n var) of a pointwise quantity, as loo's table_of_estimates. */
function totalAndSe(x: Float64Array): [number, number] {
  const n = x.length;
  let sum = 0;
  for (const v of x) sum += v;
  const mean = sum / n;
  let ss = 0;
  for (const v of x) ss += (v - mean) ** 2;
  return [sum, Math.sqrt(n * (ss / (n - 1)))];
}

/** Observations (1-based) whose Pareto k exceeds 0.7. */
export function badParetoK(k: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < k.length; i++) if (!(k[i] <= PARETO_K_BAD)) out.push(i + 1);
  return out;
}

/**
 * The warning naming observations with k > 0.7 (empty when there are none).
 *
 * @example
 * ```ts
 * paretoKWarnings(Float64Array.of(0.1, 0.8, 0.3)); // ["Pareto k > 0.7 for 1 of 3 observation(s): 2; ..."]
 * ```
 */
export function paretoKWarnings(k: ArrayLike<number>): string[] {
  const bad = badParetoK(k);
  if (bad.length === 0) return [];
  const shown = bad.slice(0, 20).join(", ") + (bad.length > 20 ? `, ... (${bad.length - 20} more)` : "");
  return [
    `Pareto k > ${PARETO_K_BAD} for ${bad.length} of ${k.length} observation(s): ${shown}; ` +
      `their PSIS-LOO estimates are unreliable (refit without them, i.e. exact LOO, or use k-fold cross-validation)`,
  ];
}

/**
 * PSIS-LOO from a pointwise log-likelihood: `logLik[i][s]` = log p(y_i | theta_s), draws of
 * each observation stacked chain after chain; `chainIds[s]` labels draw s's chain (chains
 * contiguous and of equal length) and gives the relative efficiencies as loo's relative_eff.
 *
 * @example
 * ```ts
 * const { logLik, chainIds } = await readLogLikCsv("log_lik.csv"); // R's or ArviZ's, as well as ours
 * const l = looFromLogLik(logLik, chainIds);
 * l.elpd_loo, l.se_elpd_loo, l.pareto_k;
 * ```
 */
export function looFromLogLik(logLik: readonly Float64Array[], chainIds: ArrayLike<number>): Loo {
  const n = logLik.length;
  if (n < 2) throw new DataError(`loo: needs at least 2 observations, got ${n}`);
  const S = logLik[0].length;
  logLik.forEach((row, i) => {
    if (row.length !== S) throw new DataError(`loo: observation ${i + 1} has ${row.length} draws, observation 1 has ${S}`);
    for (let s = 0; s < S; s++) {
      if (!Number.isFinite(row[s]) && row[s] !== -Infinity) {
        throw new DataError(`loo: log-likelihood of observation ${i + 1}, draw ${s + 1} is ${row[s]}`);
      }
    }
  });
  if (chainIds.length !== S) throw new DataError(`loo: ${chainIds.length} chain labels for ${S} draws`);
  const rEff = relativeEfficiencies(logLik, chainIds);
  const elpd = new Float64Array(n), pLoo = new Float64Array(n), looic = new Float64Array(n);
  const k = new Float64Array(n), nEff = new Float64Array(n);
  const terms = new Float64Array(S);
  for (let i = 0; i < n; i++) {
    const ll = logLik[i];
    const { logWeights, k: ki } = psis(ll.map((v) => -v), rEff[i]);
    const norm = logSumExp(logWeights);
    let sumSq = 0;
    for (let s = 0; s < S; s++) {
      const lw = logWeights[s] - norm;
      terms[s] = ll[s] + lw;
      sumSq += exp(2 * lw);
    }
    elpd[i] = logSumExp(terms);
    const lpd = logSumExp(ll) - log(S);
    pLoo[i] = lpd - elpd[i];
    looic[i] = -2 * elpd[i];
    k[i] = ki;
    nEff[i] = rEff[i] / sumSq;
  }
  const [elpdTotal, seElpd] = totalAndSe(elpd);
  const [pTotal, seP] = totalAndSe(pLoo);
  const [icTotal, seIc] = totalAndSe(looic);
  return {
    elpd_loo: elpdTotal,
    se_elpd_loo: seElpd,
    p_loo: pTotal,
    se_p_loo: seP,
    looic: icTotal,
    se_looic: seIc,
    pareto_k: k,
    pointwise: { elpd_loo: elpd, p_loo: pLoo, looic },
    n_eff: nEff,
    r_eff: rEff,
    dims: [n, S],
    warnings: paretoKWarnings(k),
  };
}

/** The JSON object `mcglmm loo` prints. */
export function looJson(l: Loo): Record<string, unknown> {
  return {
    elpd_loo: l.elpd_loo,
    se_elpd_loo: l.se_elpd_loo,
    p_loo: l.p_loo,
    se_p_loo: l.se_p_loo,
    looic: l.looic,
    se_looic: l.se_looic,
    pareto_k: Array.from(l.pareto_k),
    observations: l.dims[0],
    draws: l.dims[1],
    warnings: l.warnings,
  };
}
