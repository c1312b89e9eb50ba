// One S4-like fit for the scale benchmark, in a process of its own so that its peak memory can
// be measured (/usr/bin/time -v): one chain, thin 1, the location sampler given.
//   npx tsx bench/s4-run.ts DIR cholesky|pcg NITT BURNIN
// prints one JSON line: seconds per iteration (sampling only), min bulk-ESS over fixed effects
// and (co)variances and its parameter, set-up seconds, peak RSS seen by the process.

import "../src/platform/node/install.js";
import { join } from "node:path";
import { fit } from "../src/fit.js";
import { loadSpec } from "../src/io/spec-file.js";
import type { LocationSamplerChoice } from "../src/samplers/kernels/location/choice.js";

async function main(): Promise<void> {
  const [dir, location, nittText, burninText] = process.argv.slice(2);
  const nitt = Number(nittText), burnin = Number(burninText);
  let peak = 0;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
  const t0 = performance.now();
  const { spec, data, relationships } = loadSpec(join(dir, "spec.json"));
  const loaded = (performance.now() - t0) / 1000;
  const result = await fit(spec, data, {
    nitt, burnin, thin: 1, chains: 1, threads: 1, seed: 1, relationships, location: location as LocationSamplerChoice,
  });
  clearInterval(sample);
  peak = Math.max(peak, process.memoryUsage().rss);
  const s = result.summary();
  const rows = [...s.fixed, ...s.covariances].filter((r) => Number.isFinite(r.ess_bulk));
  // runs too short for an ESS (a few draws, to time the set-up and iterations) report NaN
  const worst = rows.length === 0 ? { name: "(too few draws)", ess_bulk: NaN } : rows.reduce((a, b) => (b.ess_bulk < a.ess_bulk ? b : a));
  const chainSeconds = s.timing.chain_seconds[0];
  const wall = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({
    dir, location: s.settings.location, nitt, burnin,
    secondsPerIteration: s.timing.seconds_per_1000_iterations[0] / 1000,
    chainSeconds, wallSeconds: wall, loadSeconds: loaded,
    minEssBulk: worst.ess_bulk, minEssParameter: worst.name,
    minEssPer1000: (1000 * worst.ess_bulk) / (nitt - burnin),
    essPerSecond: worst.ess_bulk / chainSeconds,
    peakRssMiB: peak / 2 ** 20,
    means: Object.fromEntries(rows.map((r) => [r.name, Number(r.mean.toFixed(3))])),
  }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
