// Where an S4-like fit spends its time with the PCG location sampler: each set-up stage
// (reading, A^-1, the model, the mixed-model equations, the kernel), then per iteration the
// location step's seconds and conjugate-gradient iterations, and the rest of the sweep; wall and
// CPU seconds (CPU time is less inflated than wall time on a shared machine).
//   [PCG_SPLIT=0] npx tsx bench/s4-profile.ts DIR [ITERATIONS]
// prints one JSON line.

import "../src/platform/node/install.js";
import { join } from "node:path";
import { loadSpec } from "../src/io/spec-file.js";
import { buildModel } from "../src/models/model.js";
import { resolvePrior } from "../src/priors/prior.js";
import { createStream } from "../src/random/index.js";
import { buildMixedModelEquations } from "../src/samplers/kernels/location/mme.js";
import { buildPcgLocationKernel, type PcgLocationKernel } from "../src/samplers/kernels/location/pcg-location.js";
import { buildPriorNoise } from "../src/samplers/kernels/location/prior-noise.js";
import { buildSweep } from "../src/samplers/sweep.js";
import { initialiseState } from "../src/samplers/run/init.js";
import { allocateState } from "../src/samplers/run/state.js";

const [dir, itText] = process.argv.slice(2);
const iterations = Number(itText ?? 10);
const times: Record<string, number> = {};
const cpuTimes: Record<string, number> = {};
let t = performance.now(), c = process.cpuUsage();
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
const lap = (name: string) => {
  const now = performance.now();
  times[name] = (now - t) / 1000;
  cpuTimes[name] = cpuSeconds(process.cpuUsage(c));
  t = now;
  c = process.cpuUsage();
};
const { spec, data, relationships } = loadSpec(join(dir, "spec.json"));
lap("load (csv, pedigree, A^-1)");
const model = buildModel(spec, data, { ginverse: relationships });
lap("model");
const prior = resolvePrior(model, spec.prior);
const mme = buildMixedModelEquations(model, prior);
lap("mixed-model equations");
buildPriorNoise(model, prior, mme.nFixed, mme.priorRhs);
lap("prior noise (square root of A^-1)");
const kernels = buildSweep(model, prior, { location: "pcg" });
lap("sweep (equations, PCG kernel, variance kernels)");
// PCG_SPLIT=0: C x through C's upper triangle (the product before split-product.ts), for before/after
const location = process.env.PCG_SPLIT === "0" ? buildPcgLocationKernel(model, prior, mme, { split: false }) : (kernels[0] as PcgLocationKernel);
const sweep = kernels.slice(1);
const state = allocateState(model);
const rng = createStream(1, 0);
initialiseState(model, prior, state, rng);
lap("initial state");
const perIteration: { location: number; cg: number; rest: number; locationCpu: number; restCpu: number }[] = [];
for (let i = 0; i < iterations; i++) {
  const t0 = performance.now(), c0 = process.cpuUsage();
  location.step(state, rng);
  const t1 = performance.now(), c1 = process.cpuUsage();
  for (const k of sweep) k.step(state, rng);
  state.iteration++;
  perIteration.push({
    location: (t1 - t0) / 1000, cg: location.lastIterations(), rest: (performance.now() - t1) / 1000,
    locationCpu: cpuSeconds(process.cpuUsage(c0)) - cpuSeconds(process.cpuUsage(c1)), restCpu: cpuSeconds(process.cpuUsage(c1)),
  });
}
const mean = (f: (x: (typeof perIteration)[number]) => number, from = 2) => perIteration.slice(from).reduce((s, x) => s + f(x), 0) / Math.max(1, perIteration.length - from);
console.log(JSON.stringify({
  dir, equations: mme.size, times, cpuTimes, perIteration,
  meanLocation: mean((x) => x.location), meanLocationCpu: mean((x) => x.locationCpu), meanCg: mean((x) => x.cg),
  meanRest: mean((x) => x.rest), meanRestCpu: mean((x) => x.restCpu), rssMiB: process.memoryUsage().rss / 2 ** 20,
}));
