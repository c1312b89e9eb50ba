// Relative efficiencies of the draws of exp(log-likelihood), as R's loo 2.5.1 computes them
// for PSIS-LOO's tail length (relative_eff(exp(ll), chain_id) with its internal ess_rfun:
// Geyer's (1992) initial positive and monotone sequences on the multi-chain autocorrelation
// of Gelman et al., BDA3 eq. 11.7, without chain splitting or rank normalisation). Later loo
// versions switched to posterior::ess_mean; 2.5.1's estimator is kept here so the numbers
// equal the version the fixtures were made with.
import { autocovariance } from "../diagnostics/autocovariance.js";
import { DataError } from "../errors.js";
import { exp, log10 } from "../math/deterministic.js";

/** loo's fft_next_good_size: the smallest 2,3,5-smooth integer >= n (2 for n <= 2). */
export function nextGoodFftSize(n: number): number {
  if (n <= 2) return 2;
  for (let size = n; ; size++) {
    let m = size;
    while (m % 2 === 0) m /= 2;
    while (m % 3 === 0) m /= 3;
    while (m % 5 === 0) m /= 5;
    if (m <= 1) return size;
  }
}

/**
 * loo 2.5.1's autocovariance(): its FFT pads to 2 M (M = nextGoodFftSize(N)) and divides
 * by 2 N^2, so each lag sum is divided by N^2 / M rather than N. The factor M / N cancels
 * in nothing downstream (var(chain means) is added unscaled), so it is reproduced.
 */
function looAutocovariance(x: Float64Array): Float64Array {
  const ac = autocovariance(x);
  const factor = nextGoodFftSize(x.length) / x.length;
  if (factor !== 1) for (let t = 0; t < ac.length; t++) ac[t] *= factor;
  return ac;
}

/** Effective sample size of one quantity's draws (one array per chain), as loo's ess_rfun. */
export function essGeyer(chains: readonly Float64Array[]): number {
  const m = chains.length, n = chains[0].length;
  const acov = chains.map(looAutocovariance);
  const meanAcov = (lag: number) => acov.reduce((s, a) => s + a[lag], 0) / m;
  const chainMeans = chains.map((c) => c.reduce((s, v) => s + v, 0) / n);
  const meanVar = (meanAcov(0) * n) / (n - 1);
  let varPlus = (meanVar * (n - 1)) / n;
  if (m > 1) {
    const grand = chainMeans.reduce((s, v) => s + v, 0) / m;
    varPlus += chainMeans.reduce((s, v) => s + (v - grand) ** 2, 0) / (m - 1);
  }
  const rho = new Float64Array(n);
  const rhoAt = (lag: number) => 1 - (meanVar - meanAcov(lag)) / varPlus;
  // Geyer's initial positive sequence: sums of adjacent pairs while positive
  let t = 0;
  let even = 1;
  let odd = rhoAt(1);
  rho[0] = even;
  rho[1] = odd;
  while (t < n - 5 && !Number.isNaN(even + odd) && even + odd > 0) {
    t += 2;
    even = rhoAt(t);
    odd = rhoAt(t + 1);
    if (even + odd >= 0) {
      rho[t] = even;
      rho[t + 1] = odd;
    }
  }
  const maxT = t;
  if (even > 0) rho[maxT] = even;
  // Geyer's initial monotone sequence
  t = 0;
  while (t <= maxT - 4) {
    t += 2;
    if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1]) {
      rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
      rho[t + 1] = rho[t];
    }
  }
  const total = m * n;
  // R's sum(rho_hat_t[1:max_t]) reads only rho[0] when max_t is 0 (1:0 is c(1, 0))
  let sum = rho[0];
  for (let lag = 1; lag < maxT; lag++) sum += rho[lag];
  let tau = -1 + 2 * sum + rho[maxT];
  tau = Math.max(tau, 1 / log10(total));
  return total / tau;
}

/** Splits one column of stacked draws into chains given each draw's chain label (in order). */
export function splitByChain(values: Float64Array, chainIds: ArrayLike<number>): Float64Array[] {
  const lengths = new Map<number, number>();
  let previous = Number.NaN;
  for (let s = 0; s < chainIds.length; s++) {
    const c = chainIds[s];
    if (lengths.has(c) && c !== previous) {
      throw new DataError(`.chain: draws of chain ${c} are not contiguous (row ${s + 1}); stack chains in order`);
    }
    lengths.set(c, (lengths.get(c) ?? 0) + 1);
    previous = c;
  }
  const counts = [...lengths.values()];
  if (counts.some((k) => k !== counts[0])) {
    throw new DataError(`.chain: chains hold different numbers of draws (${counts.join(", ")}); loo needs equal lengths`);
  }
  const out: Float64Array[] = [];
  for (let c = 0, start = 0; c < counts.length; start += counts[c], c++) out.push(values.subarray(start, start + counts[c]));
  return out;
}

/**
 * r_eff of each observation: ESS of exp(log-lik) over the total number of draws.
 *
 * @example
 * ```ts
 * const { logLik, chainIds } = await readLogLikCsv("log_lik.csv");
 * relativeEfficiencies(logLik, chainIds); // per observation, ESS / draws of exp(log-lik)
 * ```
 */
export function relativeEfficiencies(logLik: readonly Float64Array[], chainIds: ArrayLike<number>): Float64Array {
  const out = new Float64Array(logLik.length);
  for (let i = 0; i < logLik.length; i++) {
    const lik = logLik[i].map((v) => exp(v));
    const chains = splitByChain(lik, chainIds);
    out[i] = essGeyer(chains) / lik.length;
  }
  return out;
}
