// The effective sample size of already-prepared (split, and possibly rank-normalised)
// chains: posterior's .ess(), after Stan's algorithm (Geyer 1992; Vehtari et al. 2021,
// section 3.2 and appendix A).
import { meanAutocovariance } from "./autocovariance.js";
import { chainMeans, shouldReturnNaN, varianceOf } from "./moments.js";
import type { Chains } from "./types.js";
import { log10 } from "../math/deterministic.js";

/**
 * Geyer's initial positive sequence: sums of autocorrelation pairs rho_{2t} + rho_{2t+1}
 * are taken while positive. Returns the truncation lag maxT; rho is filled in place.
 * The last even-lag estimate is kept when positive (the "improved" estimate that
 * reduces variance in the antithetic case).
 */
function initialPositiveSequence(acovMeans: Float64Array, meanVar: number, varPlus: number, rho: Float64Array): number {
  const n = acovMeans.length;
  let t = 0;
  let rhoEven = 1;
  rho[0] = rhoEven;
  let rhoOdd = 1 - (meanVar - acovMeans[1]) / varPlus;
  rho[1] = rhoOdd;
  while (t < n - 5 && !Number.isNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0) {
    t += 2;
    rhoEven = 1 - (meanVar - acovMeans[t]) / varPlus;
    rhoOdd = 1 - (meanVar - acovMeans[t + 1]) / varPlus;
    if (rhoEven + rhoOdd >= 0) {
      rho[t] = rhoEven;
      rho[t + 1] = rhoOdd;
    }
  }
  if (rhoEven > 0) rho[t] = rhoEven;
  return t;
}

/** Geyer's initial monotone sequence: pair sums are made non-increasing, in place. */
function initialMonotoneSequence(rho: Float64Array, maxT: number): void {
  for (let t = 2; t <= maxT - 2; t += 2) {
    const previous = rho[t - 2] + rho[t - 1];
    if (rho[t] + rho[t + 1] > previous) {
      rho[t] = previous / 2;
      rho[t + 1] = rho[t];
    }
  }
}

/**
 * ESS of chains used as given (no splitting, no transformation). NaN when fewer than 3
 * iterations per chain, any draw is NaN or infinite, or all draws are equal.
 * Capped at S log10(S) (S = total draws) as posterior does, since larger estimates are
 * unstable.
 */
export function essOfChains(chains: Chains): number {
  const m = chains.length;
  const n = chains[0].length;
  if (n < 3 || shouldReturnNaN(chains)) return NaN;
  const acovMeans = meanAutocovariance(chains);
  const meanVar = (acovMeans[0] * n) / (n - 1);
  let varPlus = (meanVar * (n - 1)) / n;
  if (m > 1) varPlus += varianceOf(chainMeans(chains));

  const rho = new Float64Array(n);
  const maxT = initialPositiveSequence(acovMeans, meanVar, varPlus, rho);
  initialMonotoneSequence(rho, maxT);

  const total = m * n;
  // posterior sums rho_hat_t[1:max_t]; in R 1:0 is c(1, 0), so max_t = 0 still sums rho_0
  let sum = maxT === 0 ? rho[0] : 0;
  for (let t = 0; t < maxT; t++) sum += rho[t];
  let tau = -1 + 2 * sum + rho[maxT];
  const tauBound = 1 / log10(total);
  if (tau < tauBound) tau = tauBound;
  return total / tau;
}
