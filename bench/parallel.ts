// Parallel chains: wall time of 4 chains on M1 in worker threads (2) against one thread.

import { availableParallelism } from "node:os";
import { fit } from "../src/fit.js";
import { loadReference } from "../test/helpers/reference.js";

export async function run(): Promise<void> {
  const ref = loadReference("M1_sleepstudy");
  const settings = { nitt: 203000, burnin: 3000, thin: 100, chains: 4, seed: 1 };
  const time = async (threads: number, useWorkers: boolean) => {
    const t0 = performance.now();
    await fit(ref.spec, ref.data, { ...settings, threads, useWorkers });
    return (performance.now() - t0) / 1000;
  };
  await time(1, false); // warm-up
  const one = await time(1, false);
  const two = await time(2, true);
  console.log("\n## Parallel chains (M1, 4 chains x 203,000 iterations)\n");
  console.log(`cores: ${availableParallelism()}; one thread: ${one.toFixed(2)} s; 2 worker threads: ${two.toFixed(2)} s; ratio ${(100 * two / one).toFixed(0)}% (target < 65%)`);
}
