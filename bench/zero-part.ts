// min bulk-ESS per CPU second of the zero-inflated/hurdle kernels: `auto` (trait-laplace: tangent
// rejection / Laplace independence MH for every trait) against `exact` (trait-polya-gamma: the
// zero part by Polya-Gamma augmentation, zi zeros through the structural-zero indicator) on
// M11 (Salamanders, hupoisson, MCMCglmm's reference spec) and the same data and spec as
// zipoisson. One chain in-process; CPU seconds (process.cpuUsage) over the fit call; the two
// kernels alternate (A B A B ...) at the same seeds, and the ratio exact / auto is taken pair by
// pair, so drift in the machine's load moves both alike. min bulk-ESS over fixed effects and
// free (co)variances (a variance fixed by the prior has no ESS).
// Run: npx tsx -e "import('./bench/zero-part.ts').then(m => m.run())"
// Measured 2026-12-01 (2 shared cores, load ~30; ratio exact/auto of min bulk-ESS per CPU second,
// one pair per seed): hupoisson 0.73, 0.75 (seeds 11, 12; nitt 13000), 0.68 (nitt 3000);
// zipoisson 0.60, 1.11 (nitt 8000), 0.52, 0.78 (seeds 13, 14; nitt 13000). Exact costs 1.0-1.5x
// the CPU per iteration and, for zipoisson, mixes the zero-part intercept no better (the
// structural-zero indicator couples it to its old value), so `auto` stays trait-laplace.

import { fit } from "../src/fit.js";
import type { LatentKernelChoice, ModelSpec } from "../src/models/types.js";
import { loadReference } from "../test/helpers/reference.js";

interface Row { model: string; latent: LatentKernelChoice; seed: number; seconds: number; minEss: number; parameter: string }

export async function run(options: { seeds?: number[]; nitt?: number; burnin?: number; thin?: number; families?: string[] } = {}): Promise<void> {
  const ref = loadReference("M11_Salamanders_hurdle");
  const nitt = options.nitt ?? 13000, burnin = options.burnin ?? 3000, thin = options.thin ?? 5;
  const rows: Row[] = [];
  for (const family of options.families ?? ["hupoisson", "zipoisson"]) {
    const spec: ModelSpec = { ...ref.spec, family: family as ModelSpec["family"] };
    for (const seed of options.seeds ?? [11, 12, 13]) {
      for (const latent of ["auto", "exact"] as LatentKernelChoice[]) {
        const cpu0 = process.cpuUsage();
        const f = await fit(spec, ref.data, { nitt, burnin, thin, chains: 1, threads: 1, seed, latent });
        const cpu = process.cpuUsage(cpu0);
        const s = f.summary();
        const free = [...s.fixed, ...s.covariances].filter((x) => Number.isFinite(x.ess_bulk) && x.sd > 0);
        const worst = free.reduce((a, b) => (b.ess_bulk < a.ess_bulk ? b : a));
        const row = { model: family, latent, seed, seconds: (cpu.user + cpu.system) / 1e6, minEss: worst.ess_bulk, parameter: worst.name };
        rows.push(row);
        console.log(`${family} ${latent.padEnd(5)} seed ${seed}: cpu ${row.seconds.toFixed(1)} s, min bulk-ESS ${row.minEss.toFixed(0)} (${row.parameter}), ESS/s ${(row.minEss / row.seconds).toFixed(1)}`);
      }
      const [a, b] = rows.slice(-2);
      console.log(`${family} seed ${seed}: ESS/s ratio exact/auto ${((b.minEss / b.seconds) / (a.minEss / a.seconds)).toFixed(2)}, cpu ratio ${(b.seconds / a.seconds).toFixed(2)}`);
    }
  }
}
