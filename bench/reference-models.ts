// Speed and efficiency on the reference models beside MCMCglmm, measured as the reference files
// measure it: chains run one after another in one thread; seconds per 1,000 iterations per chain,
// and min bulk-ESS (over fixed effects and free (co)variances) / total chain seconds.

import { fit } from "../src/fit.js";
import { loadReference } from "../test/helpers/reference.js";

export interface ModelBenchCase {
  name: string;
  nitt: number;
  burnin: number;
  thin: number;
  latent?: "mh" | "exact" | "auto";
}

export interface ModelBenchResult {
  name: string;
  latent: string;
  secondsPer1000: number;
  minEssBulk: number;
  minEssParameter: string;
  essPerSecond: number;
  mcmcglmmSecondsPer1000: number;
  mcmcglmmEssPerSecond: number;
}

export async function benchModel(c: ModelBenchCase): Promise<ModelBenchResult> {
  const ref = loadReference(c.name);
  const result = await fit(ref.spec, ref.data, {
    nitt: c.nitt, burnin: c.burnin, thin: c.thin, chains: 4, threads: 1, seed: 1,
    relationships: ref.relationships, ...(c.latent ? { latent: c.latent } : {}),
  });
  const s = result.summary();
  const rows = [...s.fixed, ...s.covariances, ...s.cutpoints].filter((r) => Number.isFinite(r.ess_bulk));
  const worst = rows.reduce((a, b) => (b.ess_bulk < a.ess_bulk ? b : a));
  const total = s.timing.chain_seconds.reduce((a, b) => a + b, 0);
  return {
    name: c.name,
    latent: c.latent ?? "auto",
    secondsPer1000: (1000 * total) / (4 * c.nitt),
    minEssBulk: worst.ess_bulk,
    minEssParameter: worst.name,
    essPerSecond: worst.ess_bulk / total,
    mcmcglmmSecondsPer1000: ref.timing.solo_sec_per_1000_iter,
    mcmcglmmEssPerSecond: ref.timing.solo_ess_bulk_per_sec,
  };
}

export function printModelTable(title: string, results: ModelBenchResult[]): void {
  console.log(`\n## ${title}\n`);
  console.log("| model | latent | s / 1000 it | MCMCglmm s / 1000 it | min bulk-ESS (param) | ESS/s | MCMCglmm ESS/s | ratio |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.latent} | ${r.secondsPer1000.toFixed(4)} | ${r.mcmcglmmSecondsPer1000.toFixed(4)} | ${r.minEssBulk.toFixed(0)} (${r.minEssParameter}) | ${r.essPerSecond.toFixed(1)} | ${r.mcmcglmmEssPerSecond.toFixed(1)} | ${(r.essPerSecond / r.mcmcglmmEssPerSecond).toFixed(2)}x |`,
    );
  }
}

/** Gaussian models (M1, M2, M7). M7 runs a third of MCMCglmm's iterations: ESS/s does not depend on length. */
export async function run(): Promise<void> {
  const cases: ModelBenchCase[] = [
    { name: "M1_sleepstudy", nitt: 203000, burnin: 3000, thin: 100 },
    { name: "M2_PlodiaPO", nitt: 53000, burnin: 3000, thin: 25 },
    { name: "M7_BTdata", nitt: 33000, burnin: 3000, thin: 15 },
  ];
  const results: ModelBenchResult[] = [];
  for (const c of cases) results.push(await benchModel(c));
  printModelTable("Gaussian models against MCMCglmm (4 chains, one after another, one thread)", results);
}
