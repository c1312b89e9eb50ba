// Splitting chains in half (posterior's .split_chains): the first floor(n/2) draws and the
// last floor(n/2) draws become two chains; with an odd n the middle draw is dropped.
// The halves are views (subarray), not copies.
import type { Chains } from "./types.js";

/** Each chain split into its first and second halves (views); chains of length 1 are kept. */
export function splitChains(chains: Chains): Float64Array[] {
  const n = chains[0].length;
  if (n === 1) return chains.slice();
  const half = Math.floor(n / 2);
  const secondStart = Math.ceil(n / 2);
  const out: Float64Array[] = [];
  for (const c of chains) out.push(c.subarray(0, half));
  for (const c of chains) out.push(c.subarray(secondStart, n));
  return out;
}
