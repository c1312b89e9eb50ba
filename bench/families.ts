// Benchmark of the non-Gaussian latent kernels on the MCMCglmm reference models (M3 cbpp, M4
// grouseticks, M5 Contraception, M9 SShorns, M11 Salamanders hurdle, M12 censored Gaussian, M14
// exponential frailty): one chain in-process (threads: 1), for latent =
// "mh" (MCMCglmm's random-walk scheme) and the default kernel ("auto": exact augmentation or
// the Laplace independence sampler, plus the joint latent/location/variance moves). Prints
// seconds per 1,000 iterations and min bulk-ESS per second (min bulk-ESS over fixed effects and
// free (co)variances / chain seconds) beside MCMCglmm's solo figures from the reference files.
// Seconds are CPU seconds of this process (process.cpuUsage, user + system) over the fit call:
// the chain runs single-threaded in-process, so this is its cost whatever the machine's load
// (wall seconds on a shared machine inflate with other processes). The wall-clock chain seconds
// are printed too.
// Run alone: npx tsx -e "import('./bench/families.ts').then(m => m.run())"
// One model / kernel: ... m.run({ models: ['M5_Contraception'], latents: ['auto'], seeds: [99, 100] })

import { fit } from "../src/fit.js";
import type { LatentKernelChoice } from "../src/models/types.js";
import { loadReference } from "../test/helpers/reference.js";

const runs: { name: string; nitt: number; burnin: number; thin: number }[] = [
  { name: "M3_cbpp", nitt: 43000, burnin: 3000, thin: 10 },
  { name: "M4_grouseticks", nitt: 43000, burnin: 3000, thin: 10 },
  { name: "M5_Contraception", nitt: 13000, burnin: 1000, thin: 3 },
  { name: "M9_SShorns", nitt: 23000, burnin: 3000, thin: 5 },
  { name: "M11_Salamanders_hurdle", nitt: 13000, burnin: 3000, thin: 5 },
  { name: "M12_cengaussian_detection", nitt: 13000, burnin: 3000, thin: 5 },
  { name: "M14_exponential_frailty", nitt: 23000, burnin: 3000, thin: 10 },
];

export interface FamilyBenchRow {
  model: string;
  latent: LatentKernelChoice;
  seed: number;
  secondsPer1000: number;
  wallSecondsPer1000: number;
  minEssBulk: number;
  minEssParameter: string;
  minEssPerSecond: number;
  mcmcglmmSecondsPer1000: number;
  mcmcglmmEssPerSecond: number;
}

export interface FamilyBenchOptions {
  models?: string[];
  latents?: LatentKernelChoice[];
  seeds?: number[];
  /** Multiplies each run's nitt, burnin and thin (e.g. 0.5 for a quick look). */
  scale?: number;
}

export async function measure(options: FamilyBenchOptions = {}): Promise<FamilyBenchRow[]> {
  const rows: FamilyBenchRow[] = [];
  const scale = options.scale ?? 1;
  for (const r0 of runs) {
    if (options.models && !options.models.includes(r0.name)) continue;
    const r = { ...r0, nitt: Math.round(r0.nitt * scale), burnin: Math.round(r0.burnin * scale), thin: Math.max(1, Math.round(r0.thin * scale)) };
    const ref = loadReference(r.name);
    for (const latent of options.latents ?? (["mh", "auto"] as LatentKernelChoice[])) {
      for (const seed of options.seeds ?? [99]) {
        const cpu0 = process.cpuUsage();
        const f = await fit(ref.spec, ref.data, { nitt: r.nitt, burnin: r.burnin, thin: r.thin, chains: 1, threads: 1, seed, latent, relationships: ref.relationships });
        const cpu = process.cpuUsage(cpu0);
        const seconds = (cpu.user + cpu.system) / 1e6;
        const s = f.summary();
        const free = [...s.fixed, ...s.covariances].filter((x) => !ref.parameters[x.name]?.fixed_by_prior);
        const worst = free.reduce((a, b) => (b.ess_bulk < a.ess_bulk ? b : a));
        rows.push({
          model: r.name,
          latent,
          seed,
          secondsPer1000: (seconds / r.nitt) * 1000,
          wallSecondsPer1000: (s.timing.chain_seconds[0] / r.nitt) * 1000,
          minEssBulk: worst.ess_bulk,
          minEssParameter: worst.name,
          minEssPerSecond: worst.ess_bulk / seconds,
          mcmcglmmSecondsPer1000: ref.timing.solo_sec_per_1000_iter,
          mcmcglmmEssPerSecond: ref.timing.solo_ess_bulk_per_sec,
        });
      }
    }
  }
  return rows;
}

export async function run(options: FamilyBenchOptions = {}): Promise<void> {
  const rows = await measure(options);
  console.log("model              latent seed  cpu s/1000it (wall)  min-ESS (parameter)              ESS/s   | MCMCglmm s/1000it  ESS/s   | ratio ESS/s");
  for (const x of rows) {
    console.log(
      `${x.model.padEnd(18)} ${x.latent.padEnd(6)} ${String(x.seed).padEnd(4)} ${x.secondsPer1000.toFixed(3).padStart(8)} (${x.wallSecondsPer1000.toFixed(3)}) ${x.minEssBulk.toFixed(0).padStart(7)} (${x.minEssParameter.slice(0, 22).padEnd(22)}) ${x.minEssPerSecond.toFixed(1).padStart(7)}   | ${x.mcmcglmmSecondsPer1000.toFixed(3).padStart(17)} ${x.mcmcglmmEssPerSecond.toFixed(1).padStart(7)}   | ${(x.minEssPerSecond / x.mcmcglmmEssPerSecond).toFixed(2)}`,
    );
  }
}
