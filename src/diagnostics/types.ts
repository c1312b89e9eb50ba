// The input shape every diagnostic takes: draws of one scalar, one Float64Array per chain.
import { DataError } from "../errors.js";

/** Draws of one scalar: one Float64Array per chain, all of the same length (iterations). */
export type Chains = readonly Float64Array[];

/**
 * Throws a DataError unless `chains` holds at least one chain and all chains have the same,
 * non-zero length. `what` names the parameter in the message.
 */
export function checkChains(chains: Chains, what = "draws"): void {
  if (chains.length === 0) throw new DataError(`${what}: no chains given`);
  const n = chains[0].length;
  if (n === 0) throw new DataError(`${what}: chains hold no draws`);
  for (let c = 1; c < chains.length; c++) {
    if (chains[c].length !== n) {
      throw new DataError(
        `${what}: chain ${c + 1} has ${chains[c].length} draws but chain 1 has ${n}; all chains must have the same length`,
      );
    }
  }
}

/** Total number of draws over all chains. */
export function totalDraws(chains: Chains): number {
  return chains.length * chains[0].length;
}
