// ESS per CPU second of bench/scale.ts's crossed Gaussian model under one sweep setting, for
// comparing location samplers and moves one process at a time (CPU seconds of the fit by
// process.cpuUsage; min bulk-ESS over fixed effects and variances, thin 1).
//   npx tsx bench/scale-ess.ts NITT BURNIN '{"location":"crossed"}'
import "../src/platform/node/install.js";
import type { FitOptions } from "../src/fit.js";
import type { ModelSpec } from "../src/models/types.js";
import { simulateScaleData, sizeFromEnv } from "./scale-data.js";
import { timedFit } from "./scale-measure.js";

const nitt = Number(process.argv[2] ?? 1000), burnin = Number(process.argv[3] ?? 200);
const extra = JSON.parse(process.argv[4] ?? "{}") as FitOptions;
const spec: ModelSpec = { fixed: "y ~ x", random: "~f1 + f2", prior: { R: { V: 1, nu: 0.002 }, G: { G1: { V: 1, nu: 0.002 }, G2: { V: 1, nu: 0.002 } } } };
const rows = simulateScaleData(...sizeFromEnv()).gaussian;
const { summary: s, free, worst, seconds } = await timedFit(spec, rows, nitt, burnin, extra);
console.log(JSON.stringify({ options: extra, settings: s.settings, cpuPer1000: (1000 * seconds) / nitt, minEssPer1000: (1000 * worst.ess_bulk) / (nitt - burnin), essPerCpuSecond: worst.ess_bulk / seconds, worst: worst.name, ess: Object.fromEntries(free.map((r) => [r.name, Math.round(r.ess_bulk)])), means: Object.fromEntries(free.map((r) => [r.name, +r.mean.toFixed(4)])), sd: Object.fromEntries(free.map((r) => [r.name, +r.sd.toFixed(4)])) }));
