// CPU seconds of each part of one conjugate-gradient iteration of the PCG location draw on an
// S4-like model: the product C x (C's upper triangle, or split with the pedigree through its root),
// the block-Jacobi preconditioner, the coarse correction, and the vector updates.
//   npx tsx bench/pcg-parts.ts DIR [REPEATS]
// prints one JSON line of milliseconds per call (CPU time of this process).

import "../src/platform/node/install.js";
import { join } from "node:path";
import { loadSpec } from "../src/io/spec-file.js";
import { fillAssembly } from "../src/linalg/index.js";
import { buildModel } from "../src/models/model.js";
import { resolvePrior } from "../src/priors/prior.js";
import { buildBlockJacobi, preconditionerBlocks } from "../src/samplers/kernels/location/block-jacobi.js";
import { buildCoarseCorrection, coarseGroups } from "../src/samplers/kernels/location/coarse-correction.js";
import { buildMixedModelEquations, fillCoefficients } from "../src/samplers/kernels/location/mme.js";
import { buildSplitProduct, upperTimes } from "../src/samplers/kernels/location/split-product.js";
import { createStream, fillNormal } from "../src/random/index.js";

const [dir, repeatText] = process.argv.slice(2);
const repeats = Number(repeatText ?? 20);
const { spec, data, relationships } = loadSpec(join(dir, "spec.json"));
const model = buildModel(spec, data, { ginverse: relationships });
const prior = resolvePrior(model, spec.prior);
const mme = buildMixedModelEquations(model, prior);
const size = mme.size;
const rInv = [Float64Array.of(0.7, -0.2, -0.2, 1.1)], gInv = [Float64Array.of(1.2, -0.8, -0.8, 2)];
const coefficients = new Float64Array(mme.sources.length);
fillCoefficients(mme, model, rInv, gInv, coefficients);
const cValues = new Float64Array(mme.plan.pattern.colPtr[size]);
fillAssembly(mme.plan, coefficients, cValues);
const C = { ...mme.plan.pattern, values: cValues };
const split = buildSplitProduct(model, mme)!;
split.refresh(coefficients, gInv);
const splitCsc = buildSplitProduct(model, mme, { compactPedigree: false })!;
splitCsc.refresh(coefficients, gInv);
const pre = buildBlockJacobi(mme.plan.pattern, preconditionerBlocks(model, mme.nFixed, size));
pre.refresh(cValues);
const groups = coarseGroups(model, mme.nFixed, size)!;
const coarse = buildCoarseCorrection(mme.plan.pattern, groups.group, groups.count);
coarse.refresh(cValues);
const preSplit = buildBlockJacobi(split.rest, preconditionerBlocks(model, mme.nFixed, size), split.priors);
const coarseSplit = buildCoarseCorrection(split.rest, groups.group, groups.count, split.priors.map((t) => ({ groups: Int32Array.from(t.offsets, (o) => groups.group[o]), total: t.total })));
const dot = new Float64Array(1);
const rng = createStream(1, 0), noise = new Float64Array(size + model.nUnits * model.nTraits); // the normals one draw takes
const x = new Float64Array(size).map((_, i) => ((i * 7919) % 1000) / 1000 - 0.5), y = new Float64Array(size), y2 = new Float64Array(size), z = new Float64Array(size);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e3; };
const time = (f: () => void) => { f(); const t = cpu(); for (let i = 0; i < repeats; i++) f(); return (cpu() - t) / repeats; };
const out: Record<string, number> = {
  upperTimes: time(() => upperTimes(C, x, y)),
  restOnly: time(() => upperTimes(split.rest, x, y2)),
  splitTimes: time(() => split.times(x, y2, dot)),
  splitTimesCscRoot: time(() => splitCsc.times(x, y2, dot)),
  blockJacobi: time(() => pre.apply(x, z)),
  coarse: time(() => coarse.addTo(x, z)),
  fillAssemblyWhole: time(() => fillAssembly(mme.plan, coefficients, cValues)),
  splitRefresh: time(() => split.refresh(coefficients, gInv)),
  blockJacobiRefreshSplit: time(() => preSplit.refresh(split.rest.values, split.gInv)),
  coarseRefreshWhole: time(() => coarse.refresh(cValues)),
  coarseRefreshSplit: time(() => coarseSplit.refresh(split.rest.values, split.gInv)),
  normalsPerDraw: time(() => fillNormal(rng, noise, noise.length)),
  axpyDot: time(() => { let s = 0; for (let i = 0; i < size; i++) { y[i] += 0.1 * x[i]; z[i] -= 0.1 * y2[i]; s += x[i] * z[i]; } if (s === 0.123) console.log(s); }),
};
let maxDiff = 0, maxAbs = 0;
upperTimes(C, x, y);
split.times(x, y2, dot);
for (let i = 0; i < size; i++) { maxDiff = Math.max(maxDiff, Math.abs(y[i] - y2[i])); maxAbs = Math.max(maxAbs, Math.abs(y[i])); }
console.log(JSON.stringify({ dir, size, cEntries: cValues.length, restEntries: split.rest.values.length, msPerCall: out, maxRelDiff: maxDiff / maxAbs }));
