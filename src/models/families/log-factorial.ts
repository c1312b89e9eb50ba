// log k! for the count families' log-likelihoods (the deviance evaluates one per unit per saved
// draw): small whole k from a table filled on first use with lgamma(k + 1) itself, so the value
// is bit for bit the one lgamma gives; other arguments go to lgamma.

import { lgamma } from "../../diagnostics/beta.js";

const SIZE = 4096;
const table = new Float64Array(SIZE).fill(NaN);

/** log k! = lgamma(k + 1), the same bits, from a table for whole 0 <= k < 4096. */
export function logFactorial(k: number): number {
  if (k >= 0 && k < SIZE && Math.floor(k) === k) {
    const cached = table[k];
    if (cached === cached) return cached;
    return (table[k] = lgamma(k + 1));
  }
  return lgamma(k + 1);
}
