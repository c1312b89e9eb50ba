// At scale: S4-like bivariate animal models (bench/simulate-s4.ts) of growing pedigrees, each
// location sampler (sparse Cholesky block draw, perturbation + PCG, block Gibbs) in a process
// of its own, alternating, one chain, thin 1: seconds per iteration, min bulk-ESS per 1,000
// iterations and per second (over fixed effects and (co)variances), peak resident memory
// (/usr/bin/time -v). Beside MCMCglmm's S4 figures (50,000 animals: 5.7 s per iteration,
// 1.56 GiB; ../shared/scale/README.md).
//   npm run bench animal                      5k and 50k animals
//   S4_SIZES=5000,50000,500000 S4_SAMPLERS=pcg,gibbs npm run bench animal
//   S4_ITERATIONS=5000:1300:300,50000:130:30   animals:nitt:burnin per size

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { simulateS4, writeS4 } from "./simulate-s4.js";

export interface S4Run {
  animals: number;
  location: string;
  nitt: number;
  burnin: number;
  secondsPerIteration: number;
  minEssPer1000: number;
  minEssParameter: string;
  essPerSecond: number;
  peakRssMiB: number;
}

const MCMCGLMM_S4 = { animals: 50_000, secondsPerIteration: 5.748, peakRssMiB: 1556.7 };
const DEFAULT_ITERATIONS: Record<number, [number, number]> = { 5000: [1300, 300], 50000: [130, 30], 500000: [22, 2] };

export function runS4(dir: string, animals: number, location: string, nitt: number, burnin: number): S4Run {
  const timeFile = join(dir, `time-${location}.txt`);
  const out = execFileSync("/usr/bin/time", ["-v", "-o", timeFile, process.execPath, "--import", "tsx", join(import.meta.dirname, "s4-run.ts"), dir, location, String(nitt), String(burnin)], { encoding: "utf8", maxBuffer: 1 << 24 });
  const r = JSON.parse(out.trim().split("\n").pop()!);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeFile, "utf8"));
  return {
    animals, location: r.location, nitt, burnin,
    secondsPerIteration: r.secondsPerIteration, minEssPer1000: r.minEssPer1000, minEssParameter: r.minEssParameter, essPerSecond: r.essPerSecond,
    peakRssMiB: rss ? Number(rss[1]) / 1024 : r.peakRssMiB,
  };
}

export function printS4Table(runs: readonly S4Run[]): void {
  console.log("\n## S4-like animal models by pedigree size (one chain, thin 1, one process per run)\n");
  console.log("| animals | location sampler | iterations (burn-in) | s / iteration | min bulk-ESS / 1000 it (param) | min ESS / s | peak RSS MiB |");
  console.log("|---|---|---|---|---|---|---|");
  for (const r of runs) {
    console.log(`| ${r.animals.toLocaleString("en")} | ${r.location} | ${r.nitt} (${r.burnin}) | ${r.secondsPerIteration.toFixed(3)} | ${r.minEssPer1000.toFixed(1)} (${r.minEssParameter}) | ${r.essPerSecond.toFixed(3)} | ${r.peakRssMiB.toFixed(0)} |`);
  }
  console.log(`\nLoad average at the end: ${loadavg().map((x) => x.toFixed(1)).join(", ")} (a shared machine: seconds are inflated; compare samplers run alternately).`);
  console.log(`MCMCglmm 2.36, S4 (${MCMCGLMM_S4.animals.toLocaleString("en")} animals): ${MCMCGLMM_S4.secondsPerIteration} s per iteration, ${MCMCGLMM_S4.peakRssMiB} MiB peak (../shared/scale/S4_animal/reference.json).`);
}

export async function run(): Promise<void> {
  const sizes = (process.env.S4_SIZES ?? "5000,50000").split(",").map(Number);
  const samplers = (process.env.S4_SAMPLERS ?? "cholesky,pcg,gibbs").split(",");
  const iterations = new Map<number, [number, number]>(Object.entries(DEFAULT_ITERATIONS).map(([k, v]) => [Number(k), v]));
  for (const spec of (process.env.S4_ITERATIONS ?? "").split(",").filter(Boolean)) {
    const [a, n, b] = spec.split(":").map(Number);
    iterations.set(a, [n, b]);
  }
  const root = process.env.S4_DATA ?? mkdtempSync(join(tmpdir(), "mcglmm-s4-"));
  const runs: S4Run[] = [];
  for (const animals of sizes) {
    const dir = join(root, `s4-${animals}`);
    if (!existsSync(join(dir, "spec.json"))) writeS4(simulateS4(animals), dir);
    const [nitt, burnin] = iterations.get(animals) ?? [130, 30];
    for (const location of samplers) {
      const r = runS4(dir, animals, location, nitt, burnin);
      console.log(JSON.stringify(r));
      runs.push(r);
    }
  }
  printS4Table(runs);
}
