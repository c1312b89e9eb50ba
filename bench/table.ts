// `npm run bench table`: every reference model (../shared/reference, or test/fixtures/reference
// for the ones copied there) against MCMCglmm, measured the way issue 16 asks: one chain each,
// seed 1, thin 1 (so no ESS is capped by the saved draws), min bulk-ESS over fixed effects,
// cutpoints and free (co)variances from the same run, seconds = CPU seconds of this process over
// the fit (process.cpuUsage: the chain runs single-threaded in-process, so a loaded machine
// inflates it far less than wall time). MCMCglmm's figures: M1-M9 from issue 16's side-by-side
// table (thin 1, one chain, same iterations, alternating with mcglmm); M11-M17 from the
// reference files' solo timing (thinned runs, so their ESS per iteration is understated for
// well-mixing models). Models whose family or structure this build cannot fit are skipped
// with the error as the reason.
//   BENCH_NITT=10000 BENCH_BURNIN=1000 BENCH_MODELS=M1_sleepstudy,M7_BTdata npm run bench table

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { fit } from "../src/fit.js";
import { loadSpec } from "../src/io/spec-file.js";

/** Issue 16's side-by-side MCMCglmm figures: seconds and min bulk-ESS per 1,000 iterations. */
const SIDE_BY_SIDE: Record<string, { secondsPer1000: number; essPer1000: number }> = {
  M1_sleepstudy: { secondsPer1000: 0.032, essPer1000: 6.2 },
  M2_PlodiaPO: { secondsPer1000: 0.068, essPer1000: 310 },
  M7_BTdata: { secondsPer1000: 1.59, essPer1000: 5.1 },
  M3_cbpp: { secondsPer1000: 0.033, essPer1000: 5.0 },
  M5_Contraception: { secondsPer1000: 0.69, essPer1000: 17 },
  M4_grouseticks: { secondsPer1000: 0.25, essPer1000: 8.4 },
  M9_SShorns: { secondsPer1000: 0.24, essPer1000: 0.24 },
};

export interface TableRow {
  model: string;
  skipped?: string;
  secondsPer1000?: number;
  essPer1000?: number;
  essPerSecond?: number;
  minEssParameter?: string;
  mcmcglmmSecondsPer1000?: number;
  mcmcglmmEssPer1000?: number;
  mcmcglmmSource?: string;
}

function referenceDirs(): string[] {
  const roots = [process.env.MCGLMM_REFERENCE ?? "/work/shared/reference", join(import.meta.dirname, "..", "test", "fixtures", "reference")];
  const byName = new Map<string, string>();
  for (const root of roots) {
    if (!existsSync(root)) continue;
    for (const name of readdirSync(root)) if (/^M\d+_/.test(name) && !byName.has(name) && existsSync(join(root, name, "spec.json"))) byName.set(name, join(root, name));
  }
  return [...byName.entries()].sort((a, b) => Number(a[0].slice(1).split("_")[0]) - Number(b[0].slice(1).split("_")[0])).map(([, dir]) => dir);
}

export async function benchReferenceModel(dir: string, nitt: number, burnin: number): Promise<TableRow> {
  const model = dir.split("/").pop()!;
  const ref = JSON.parse(readFileSync(join(dir, "reference.json"), "utf8"));
  const side = SIDE_BY_SIDE[model];
  const mcmcglmm = side
    ? { mcmcglmmSecondsPer1000: side.secondsPer1000, mcmcglmmEssPer1000: side.essPer1000, mcmcglmmSource: "side by side (issue 16)" }
    : {
        mcmcglmmSecondsPer1000: ref.timing.solo_sec_per_1000_iter,
        mcmcglmmEssPer1000: ref.timing.solo_ess_bulk_per_sec * ref.timing.solo_sec_per_1000_iter,
        mcmcglmmSource: `reference solo, thinned (thin ${JSON.parse(readFileSync(join(dir, "spec.json"), "utf8")).thin})`,
      };
  let result;
  try {
    const { spec, data, relationships } = loadSpec(join(dir, "spec.json"));
    const cpu0 = process.cpuUsage();
    result = await fit(spec, data, { nitt, burnin, thin: 1, chains: 1, threads: 1, seed: 1, relationships });
    const cpu = process.cpuUsage(cpu0);
    const seconds = (cpu.user + cpu.system) / 1e6;
    const s = result.summary();
    const rows = [...s.fixed, ...s.covariances, ...s.cutpoints].filter((r) => Number.isFinite(r.ess_bulk) && r.sd > 0);
    const worst = rows.reduce((a, b) => (b.ess_bulk < a.ess_bulk ? b : a));
    return {
      model, ...mcmcglmm,
      secondsPer1000: (1000 * seconds) / nitt,
      essPer1000: (1000 * worst.ess_bulk) / (nitt - burnin),
      essPerSecond: worst.ess_bulk / seconds,
      minEssParameter: worst.name,
    };
  } catch (err) {
    return { model, ...mcmcglmm, skipped: `${(err as Error).name}: ${(err as Error).message.split("\n")[0]}` };
  }
}

export function printTable(rows: readonly TableRow[], nitt: number, burnin: number): void {
  console.log(`\n## Reference models: mcglmm (one chain, seed 1, thin 1, ${nitt} iterations, ${burnin} burn-in; CPU seconds) against MCMCglmm\n`);
  console.log(`Load average now ${loadavg().map((x) => x.toFixed(1)).join(", ")} on ${availableParallelism()} cores: MCMCglmm's figures were not measured beside these (no R here), so on a loaded machine the ratios understate mcglmm; rerun both side by side for a fair ratio.\n`);
  console.log("| model | mcglmm s / 1000 it | MCMCglmm s / 1000 it | mcglmm min ESS / 1000 it (param) | MCMCglmm min ESS / 1000 it | mcglmm ESS/s | MCMCglmm ESS/s | ratio | MCMCglmm figures |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const r of rows) {
    const theirs = (1000 * r.mcmcglmmEssPer1000!) / (1000 * r.mcmcglmmSecondsPer1000!);
    if (r.skipped) {
      console.log(`| ${r.model} | skipped: ${r.skipped} | ${r.mcmcglmmSecondsPer1000!.toFixed(3)} | | ${r.mcmcglmmEssPer1000!.toFixed(1)} | | ${theirs.toFixed(1)} | | ${r.mcmcglmmSource} |`);
      continue;
    }
    console.log(
      `| ${r.model} | ${r.secondsPer1000!.toFixed(3)} | ${r.mcmcglmmSecondsPer1000!.toFixed(3)} | ${r.essPer1000!.toFixed(1)} (${r.minEssParameter}) | ${r.mcmcglmmEssPer1000!.toFixed(1)} | ${r.essPerSecond!.toFixed(1)} | ${theirs.toFixed(1)} | ${(r.essPerSecond! / theirs).toFixed(1)}x | ${r.mcmcglmmSource} |`,
    );
  }
}

export async function run(): Promise<void> {
  const nitt = Number(process.env.BENCH_NITT ?? 10000), burnin = Number(process.env.BENCH_BURNIN ?? 1000);
  const only = process.env.BENCH_MODELS?.split(",");
  const rows: TableRow[] = [];
  for (const dir of referenceDirs()) {
    if (only && !only.includes(dir.split("/").pop()!)) continue;
    const row = await benchReferenceModel(dir, nitt, burnin);
    console.log(JSON.stringify(row));
    rows.push(row);
  }
  printTable(rows, nitt, burnin);
}
