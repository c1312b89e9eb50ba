// Benchmark of the non-Gaussian latent kernels on the MCMCglmm reference models (M3 cbpp, M4
// grouseticks, M5 Contraception, M9 SShorns): one chain in-process (threads: 1), for latent =
// "mh" (MCMCglmm's random-walk scheme) and the default kernel ("auto": exact augmentation or
// the Laplace independence sampler, plus the joint latent/location/variance moves). Prints
// seconds per 1,000 iterations and min bulk-ESS per second (min bulk-ESS over fixed effects and
// free (co)variances / chain seconds) beside MCMCglmm's solo figures from the reference files.
// Run alone: npx tsx -e "import('./bench/families.ts').then(m => m.run())"

import { fit } from "../src/fit.js";
import type { LatentKernelChoice } from "../src/models/types.js";
import { loadReference } from "../test/helpers/reference.js";

const runs: { name: string; nitt: number; burnin: number; thin: number }[] = [
  { name: "M3_cbpp", nitt: 43000, burnin: 3000, thin: 10 },
  { name: "M4_grouseticks", nitt: 43000, burnin: 3000, thin: 10 },
  { name: "M5_Contraception", nitt: 13000, burnin: 1000, thin: 3 },
  { name: "M9_SShorns", nitt: 23000, burnin: 3000, thin: 5 },
];

export interface FamilyBenchRow {
  model: string;
  latent: LatentKernelChoice;
  secondsPer1000: number;
  minEssBulk: number;
  minEssPerSecond: number;
  mcmcglmmSecondsPer1000: number;
  mcmcglmmEssPerSecond: number;
}

export async function measure(): Promise<FamilyBenchRow[]> {
  const rows: FamilyBenchRow[] = [];
  for (const r of runs) {
    const ref = loadReference(r.name);
    for (const latent of ["mh", "auto"] as LatentKernelChoice[]) {
      const f = await fit(ref.spec, ref.data, { nitt: r.nitt, burnin: r.burnin, thin: r.thin, chains: 1, threads: 1, seed: 99, latent, relationships: ref.relationships });
      const s = f.summary();
      const free = [...s.fixed, ...s.covariances].filter((x) => !ref.parameters[x.name]?.fixed_by_prior);
      const minEss = Math.min(...free.map((x) => x.ess_bulk));
      const seconds = s.timing.chain_seconds[0];
      rows.push({
        model: r.name,
        latent,
        secondsPer1000: (seconds / r.nitt) * 1000,
        minEssBulk: minEss,
        minEssPerSecond: minEss / seconds,
        mcmcglmmSecondsPer1000: ref.timing.solo_sec_per_1000_iter,
        mcmcglmmEssPerSecond: ref.timing.solo_ess_bulk_per_sec,
      });
    }
  }
  return rows;
}

export async function run(): Promise<void> {
  const rows = await measure();
  console.log("model              latent  s/1000it  min-ESS  ESS/s   | MCMCglmm s/1000it  ESS/s   | ratio ESS/s");
  for (const x of rows) {
    console.log(
      `${x.model.padEnd(18)} ${x.latent.padEnd(6)} ${x.secondsPer1000.toFixed(3).padStart(8)} ${x.minEssBulk.toFixed(0).padStart(8)} ${x.minEssPerSecond.toFixed(1).padStart(7)}   | ${x.mcmcglmmSecondsPer1000.toFixed(3).padStart(17)} ${x.mcmcglmmEssPerSecond.toFixed(1).padStart(7)}   | ${(x.minEssPerSecond / x.mcmcglmmEssPerSecond).toFixed(2)}`,
    );
  }
}
