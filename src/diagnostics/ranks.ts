// Rank normalisation and folding (Vehtari et al. 2021, section 4.1 and eq. 13).
import { argsort } from "./argsort.js";
import { qnorm } from "./normal.js";
import { medianSorted, sortedPool } from "./quantile.js";
import type { Chains } from "./types.js";

/**
 * Ranks of all draws pooled over chains, ties given their average rank (R's
 * rank(ties.method = "average")). NaN draws get NaN.
 */
export function averageRanks(chains: Chains): Float64Array[] {
  const n = chains[0].length;
  const pooled = new Float64Array(chains.length * n);
  for (let c = 0; c < chains.length; c++) pooled.set(chains[c], c * n);
  const order = argsort(pooled);
  const ranks = new Float64Array(pooled.length);
  for (let i = 0; i < order.length; ) {
    const v = pooled[order[i]];
    let j = i + 1;
    while (j < order.length && pooled[order[j]] === v) j++;
    // draws tied at positions i..j-1 share ranks i+1..j; each gets their average
    const r = Number.isNaN(v) ? NaN : (i + 1 + j) / 2;
    for (let k = i; k < j; k++) ranks[order[k]] = r;
    i = j;
  }
  return chains.map((_, c) => ranks.subarray(c * n, (c + 1) * n));
}

/**
 * Rank normalisation (posterior's z_scale): each draw's average rank r over all S pooled
 * draws becomes qnorm((r - 3/8) / (S - 2 * 3/8 + 1)) (Blom's offset).
 */
export function zScale(chains: Chains): Float64Array[] {
  const c = 3 / 8;
  const denom = chains.length * chains[0].length - 2 * c + 1;
  const ranks = averageRanks(chains);
  for (const r of ranks) {
    for (let i = 0; i < r.length; i++) r[i] = qnorm((r[i] - c) / denom);
  }
  return ranks;
}

/**
 * Folding around the median (posterior's fold_draws): |x - median(x)|, the median taken over
 * all draws. Used by the tail R-hat (Vehtari et al. 2021, eq. 13).
 *
 * With an even number of draws the median is the midpoint of the two central order
 * statistics a < b, which are then exactly equidistant from it; but the rounded midpoint
 * can make |a - m| and |b - m| differ by an ulp, and that broken tie moves both draws'
 * ranks (the two smallest folded values, the most extreme z-scores). We keep the tie
 * exact: every draw equal to a or b folds to min(m - a, b - m). This reproduces posterior's
 * numbers whenever its own arithmetic keeps the tie (the single-chain reference fixture is
 * such a case: its R-hat differs by 1e-5 otherwise).
 */
export function foldDraws(chains: Chains, sorted: Float64Array = sortedPool(chains)): Float64Array[] {
  const med = medianSorted(sorted);
  const s = sorted.length;
  let a = NaN;
  let b = NaN;
  let tied = NaN;
  if (s % 2 === 0 && s > 0 && sorted[s / 2 - 1] !== sorted[s / 2]) {
    a = sorted[s / 2 - 1];
    b = sorted[s / 2];
    tied = Math.min(med - a, b - med);
  }
  return chains.map((c) => {
    const f = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) {
      const v = c[i];
      f[i] = v === a || v === b ? tied : Math.abs(v - med);
    }
    return f;
  });
}
