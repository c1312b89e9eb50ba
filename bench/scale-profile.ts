// Where one iteration of bench/scale.ts's crossed Gaussian model (100,000 rows, 2,000 x 500
// random intercepts) spends its CPU time: each kernel of the sweep timed by process.cpuUsage over
// ITERATIONS iterations after a short warm-up.
// Also the min bulk-ESS per 1000 iterations over beta, the variances and sigma_e^2 (a chain of
// ITERATIONS after 100 warm-up), and sweep options the fit API does not take (scale moves).
//   npx tsx bench/scale-profile.ts [ITERATIONS] [location] [marginal 0/1] [scale moves 0/1]
import "../src/platform/node/install.js";
import { toDataFrame } from "../src/fit.js";
import { buildModel } from "../src/models/model.js";
import { resolvePrior } from "../src/priors/prior.js";
import { createStream } from "../src/random/index.js";
import { buildSweep } from "../src/samplers/sweep.js";
import { initialiseState } from "../src/samplers/run/init.js";
import { allocateState } from "../src/samplers/run/state.js";
import type { ModelSpec } from "../src/models/types.js";
import type { LocationSamplerChoice } from "../src/samplers/kernels/location/choice.js";
import { simulateScaleData, sizeFromEnv } from "./scale-data.js";
import { essBulk } from "../src/diagnostics/index.js";

const iterations = Number(process.argv[2] ?? 50);
const location = (process.argv[3] ?? "auto") as LocationSamplerChoice;
const flag = (a: string | undefined) => (a === undefined || a === "-" ? undefined : a === "1");
const marginal = flag(process.argv[4]), scaleMoves = flag(process.argv[5]);
const spec: ModelSpec = { fixed: "y ~ x", random: "~f1 + f2", prior: { R: { V: 1, nu: 0.002 }, G: { G1: { V: 1, nu: 0.002 }, G2: { V: 1, nu: 0.002 } } } };
const model = buildModel(spec, toDataFrame(simulateScaleData(...sizeFromEnv()).gaussian, spec), { ginverse: {} });
const prior = resolvePrior(model, spec.prior);
const kernels = buildSweep(model, prior, { location, ...(marginal === undefined ? {} : { marginalMoves: marginal }), ...(scaleMoves === undefined ? {} : { scaleMoves }) });
const state = allocateState(model);
const rng = createStream(1, 0);
initialiseState(model, prior, state, rng);
const cpu = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
const spent = new Float64Array(kernels.length);
const WARM = 100;
const trace = ["(Intercept)", "x", "f1", "f2", "units"].map(() => new Float64Array(iterations));
for (let it = 0; it < iterations + WARM; it++) {
  for (let k = 0; k < kernels.length; k++) {
    const c0 = process.cpuUsage();
    kernels[k].step(state, rng);
    if (it >= WARM) spent[k] += cpu(process.cpuUsage(c0));
  }
  if (it >= WARM) [state.theta[0], state.theta[1], state.G[0][0], state.G[1][0], state.R[0]].forEach((v, j) => (trace[j][it - WARM] = v));
  state.iteration++;
}
let total = 0;
for (let k = 0; k < kernels.length; k++) total += spent[k];
const ess = trace.map((x) => essBulk([x]));
const minEss = Math.min(...ess);
console.log(`location ${location}, marginal ${marginal ?? "default"}, scale moves ${scaleMoves ?? "default"}: ${((1000 * total) / iterations).toFixed(2)} CPU ms per iteration; bulk-ESS per 1000 it ${ess.map((e) => ((1000 * e) / iterations).toFixed(0)).join(" / ")} (beta0, beta1, f1, f2, units); min ESS per CPU s of the sweep ${(minEss / total).toFixed(1)}`);
kernels.forEach((k, i) => console.log(`  ${k.name}: ${((1000 * spent[i]) / iterations).toFixed(2)} ms`));
