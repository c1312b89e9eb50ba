// Shared by the example scripts: load a spec folder (spec.json + data.csv [+ pedigree]) and
// print results compactly. Each example exports main(settings) so the test suite runs it with
// short settings; run one directly with `npx tsx examples/<name>.ts`.

import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { loadSpec, type LoadedSpec } from "../src/io/spec-file.js";
import type { Summary } from "../src/posterior/summary.js";
import type { PpcResult } from "../src/posterior/ppc.js";

export interface ExampleSettings {
  nitt: number;
  burnin: number;
  thin: number;
  chains: number;
  seed?: number;
  /** Print results (the tests run quietly). */
  quiet?: boolean;
}

export const SHORT: ExampleSettings = { nitt: 3000, burnin: 1000, thin: 4, chains: 1 };

export function loadExample(folder: string): LoadedSpec {
  return loadSpec(join(fileURLToPath(new URL(".", import.meta.url)), folder, "spec.json"));
}

export function runOptions(s: ExampleSettings) {
  return { nitt: s.nitt, burnin: s.burnin, thin: s.thin, chains: s.chains, threads: 1, seed: s.seed ?? 1 };
}

export function printSummary(title: string, summary: Summary, quiet?: boolean): void {
  if (quiet) return;
  console.log(`\n== ${title}`);
  for (const r of [...summary.fixed, ...summary.covariances, ...summary.cutpoints]) {
    console.log(`  ${r.name.padEnd(36)} ${r.mean.toFixed(4).padStart(10)}  [${r.q2_5.toFixed(3)}, ${r.q97_5.toFixed(3)}]  ess ${r.ess_bulk.toFixed(0)}`);
  }
}

export function printChecks(checks: PpcResult, quiet?: boolean): void {
  if (quiet) return;
  console.log(`posterior predictive checks (${checks.nsim} replicates):`);
  for (const c of checks.checks) console.log(`  ${c.verdict}`);
}

/** True when this module is the script node was started with. */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && fileURLToPath(url) === process.argv[1];
}
