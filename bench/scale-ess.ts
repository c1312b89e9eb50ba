// ESS per CPU second of bench/scale.ts's crossed Gaussian model under one sweep setting, for
// comparing location samplers and moves one process at a time (CPU seconds of the fit by
// process.cpuUsage; min bulk-ESS over fixed effects and variances, thin 1).
//   npx tsx bench/scale-ess.ts NITT BURNIN '{"location":"crossed"}'
import "../src/platform/node/install.js";
import { fit, type FitOptions } from "../src/fit.js";
import type { ModelSpec } from "../src/models/types.js";
import { simulateScaleData, sizeFromEnv } from "./scale-data.js";

const nitt = Number(process.argv[2] ?? 1000), burnin = Number(process.argv[3] ?? 200);
const extra = JSON.parse(process.argv[4] ?? "{}") as FitOptions;
const spec: ModelSpec = { fixed: "y ~ x", random: "~f1 + f2", prior: { R: { V: 1, nu: 0.002 }, G: { G1: { V: 1, nu: 0.002 }, G2: { V: 1, nu: 0.002 } } } };
const rows = simulateScaleData(...sizeFromEnv()).gaussian;
const cpu0 = process.cpuUsage();
const result = await fit(spec, rows, { nitt, burnin, thin: 1, chains: 1, threads: 1, seed: 1, ...extra });
const cpu = process.cpuUsage(cpu0);
const seconds = (cpu.user + cpu.system) / 1e6;
const s = result.summary();
const free = [...s.fixed, ...s.covariances].filter((r) => Number.isFinite(r.ess_bulk) && r.sd > 0);
const worst = free.reduce((a, b) => (b.ess_bulk < a.ess_bulk ? b : a));
console.log(JSON.stringify({ options: extra, settings: s.settings, cpuPer1000: (1000 * seconds) / nitt, minEssPer1000: (1000 * worst.ess_bulk) / (nitt - burnin), essPerCpuSecond: worst.ess_bulk / seconds, worst: worst.name, ess: Object.fromEntries(free.map((r) => [r.name, Math.round(r.ess_bulk)])), means: Object.fromEntries(free.map((r) => [r.name, +r.mean.toFixed(4)])), sd: Object.fromEntries(free.map((r) => [r.name, +r.sd.toFixed(4)])) }));
