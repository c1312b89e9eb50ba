// How exact is the conjugate-gradient draw at a given stopping tolerance (a bound on e'Ce)? From a realistic state
// of an S4-like fit (a few sweeps in), the same draw (same random numbers, same warm start) is
// solved at each tolerance (TOLERANCES=1e-2,1e-4,1e-6) and at 1e-20; the differences are in units of each effect's
// conditional posterior sd (estimated from independent tight draws over seeds).
//   npx tsx bench/pcg-tolerance.ts DIR [SEEDS]
// DELAY=d sets the error estimate's look-back; COARSE=0 turns the preconditioner's coarse correction off. Prints per tolerance: CG iterations, max and root-mean-square standardised error over the
// fixed effects and over all effects.

import "../src/platform/node/install.js";
import { join } from "node:path";
import { loadSpec } from "../src/io/spec-file.js";
import { buildModel } from "../src/models/model.js";
import { resolvePrior } from "../src/priors/prior.js";
import { createStream } from "../src/random/index.js";
import { buildMixedModelEquations } from "../src/samplers/kernels/location/mme.js";
import { buildPcgLocationKernel } from "../src/samplers/kernels/location/pcg-location.js";
import { buildSweep } from "../src/samplers/sweep.js";
import { initialiseState } from "../src/samplers/run/init.js";
import { allocateState } from "../src/samplers/run/state.js";

const [dir, seedsText] = process.argv.slice(2);
const seeds = Number(seedsText ?? 8);
const { spec, data, relationships } = loadSpec(join(dir, "spec.json"));
const model = buildModel(spec, data, { ginverse: relationships });
const prior = resolvePrior(model, spec.prior);
const state = allocateState(model);
const rng = createStream(1, 0);
initialiseState(model, prior, state, rng);
for (let i = 0; i < 5; i++) for (const k of buildSweep(model, prior, { location: "pcg" })) k.step(state, rng);
const mme = buildMixedModelEquations(model, prior);
const start = Float64Array.from(state.theta);
const p = mme.nFixed, size = mme.size;
const draw = (tolerance: number, seed: number) => {
  const kernel = buildPcgLocationKernel(model, prior, mme, { tolerance, coarse: process.env.COARSE !== "0", ...(process.env.DELAY ? { delay: Number(process.env.DELAY) } : {}) });
  state.theta.set(start);
  kernel.step(state, createStream(1000 + seed, 0));
  return { theta: Float64Array.from(state.theta), iterations: kernel.lastIterations() };
};
const tight = Array.from({ length: seeds }, (_, s) => draw(1e-20, s));
const sd = new Float64Array(size);
for (let i = 0; i < size; i++) {
  let m = 0, v = 0;
  for (const d of tight) m += d.theta[i] / seeds;
  for (const d of tight) v += (d.theta[i] - m) ** 2 / (seeds - 1);
  sd[i] = Math.sqrt(v);
}
console.log(`equations ${size}; tight solves: ${tight.map((d) => d.iterations).join(", ")} CG iterations; fixed-effect sds ${Array.from(sd.subarray(0, p), (x) => x.toPrecision(3)).join(", ")}`);
for (const tolerance of (process.env.TOLERANCES ?? "1e-2,1e-4,1e-6").split(",").map(Number)) {
  let maxFixed = 0, maxAll = 0, ssAll = 0, ssFixed = 0, its = 0;
  for (let s = 0; s < Math.min(seeds, 4); s++) {
    const d = draw(tolerance, s);
    its += d.iterations;
    for (let i = 0; i < size; i++) {
      const e = Math.abs(d.theta[i] - tight[s].theta[i]) / sd[i];
      maxAll = Math.max(maxAll, e);
      ssAll += e * e;
      if (i < p) {
        maxFixed = Math.max(maxFixed, e);
        ssFixed += e * e;
      }
    }
  }
  const reps = Math.min(seeds, 4);
  console.log(JSON.stringify({ tolerance, cgIterations: its / reps, maxFixed, rmsFixed: Math.sqrt(ssFixed / (p * reps)), maxAll, rmsAll: Math.sqrt(ssAll / (size * reps)) }));
}
