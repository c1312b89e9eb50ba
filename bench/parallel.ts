// Parallel chains: wall time of 4 chains on M1 in 2 worker threads against the same 4 chains in
// one thread (in-process, and in one worker thread, which pays the same start-up costs).

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
  const oneWorker = await time(1, true);
  const two = await time(2, true);
  console.log("\n## Parallel chains (M1, 4 chains x 203,000 iterations)\n");
  console.log(`cores: ${availableParallelism()}; one thread in-process: ${one.toFixed(2)} s; one worker thread: ${oneWorker.toFixed(2)} s; 2 worker threads: ${two.toFixed(2)} s`);
  console.log(`2 threads / 1 thread: ${(100 * two / one).toFixed(0)}% of in-process, ${(100 * two / oneWorker).toFixed(0)}% of one worker (target < 65%)`);
}
