// Heap growth of a chain per iteration, for the allocation tests: after a warm-up (JIT tiers,
// adaptation), a few hundred iterations with nothing saved, the least growth over repeats (GC
// bookkeeping adds noise). Few enough iterations that no scavenge hides an allocation.

import type { Chain } from "../../src/samplers/run/chain.js";

const ITERATIONS = 200;

/** Heap growth per iteration in bytes: the least of a few repeats, as GC bookkeeping adds noise. */
export function heapGrowthPerIteration(chain: Chain, warmup: number): number {
  chain.run(warmup, warmup, 1, true); // warm-up (JIT tiers, adaptation)
  let least = Infinity;
  for (let repeat = 0; repeat < 8; repeat++) {
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage().heapUsed;
    // burnin = iterations: nothing is saved, so any growth is per-iteration allocation
    chain.run(ITERATIONS, ITERATIONS, 1, false);
    least = Math.min(least, (process.memoryUsage().heapUsed - before) / ITERATIONS);
  }
  return least;
}
