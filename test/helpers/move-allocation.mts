// Heap growth per step of single kernels of a reference model's chain, in a fresh Node process
// (run by test/samplers/joint-newton.test.ts): after a burn-in (JIT tiers, adaptation) each named
// kernel is stepped on its own with adaptation off, and the least growth over repeats is printed
// as JSON { kernel name: bytes per step }. A process of its own, because what V8's optimising
// compiler makes of a function depends on the type feedback and timing of everything else the
// process ran; the test takes the least over a few such processes.
//   node --expose-gc --import tsx test/helpers/move-allocation.mts REFERENCE BURNIN KERNEL...

import "../setup/node-platform.js";
import { buildModel } from "../../src/models/model.js";
import { resolvePrior } from "../../src/priors/prior.js";
import { Chain } from "../../src/samplers/run/chain.js";
import type { Kernel } from "../../src/samplers/kernel.js";
import type { ChainState } from "../../src/samplers/run/state.js";
import type { createStream } from "../../src/random/index.js";
import { loadReference } from "./reference.js";

const [reference, burnin, ...names] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("move-allocation.mts needs node --expose-gc");
const ref = loadReference(reference);
const model = buildModel(ref.spec, ref.data);
const chain = new Chain(model, resolvePrior(model, ref.spec.prior), { seed: 1, chain: 0 });
chain.run(Number(burnin), Number(burnin), 1, true);
const { kernels, state, rng } = chain as unknown as { kernels: Kernel[]; state: ChainState; rng: ReturnType<typeof createStream> };
const growth: Record<string, number> = {};
for (const name of names) {
  const move = kernels.find((k) => k.name === name);
  if (move === undefined) throw new Error(`no kernel named "${name}"; the chain has: ${kernels.map((k) => k.name).join("; ")}`);
  let least = Infinity;
  for (let repeat = 0; repeat < 6; repeat++) {
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 100; i++) { state.iteration++; state.adapting = false; move.step(state, rng); }
    least = Math.min(least, (process.memoryUsage().heapUsed - before) / 100);
  }
  growth[name] = least;
}
console.log(JSON.stringify({ nUnits: model.nUnits, growth }));
