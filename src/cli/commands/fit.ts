// `mcglmm fit spec.json`: fit the model, write DIR/summary.json, DIR/draws.csv and DIR/report.html, print a table
// shaped like MCMCglmm's summary(). Ctrl-C stops the chains and still writes what was drawn.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { fit, type Fit } from "../../fit.js";
import { loadSpec } from "../../io/spec-file.js";
import { writeDrawsCsv } from "../../io/draws-csv.js";
import { createStopFlag } from "../../samplers/run/executor.js";
import { fitReportHtml } from "../../report/fit-report.js";
import { convergenceWarnings, formatSummaryTable } from "../../report/table.js";
import { createProgressDisplay } from "../progress.js";
import { addRunOptions, integerOption, runOptionsFrom, type RunFlags } from "../options.js";

interface FitFlags extends RunFlags {
  out: string;
  quiet?: boolean;
  targetEss?: number;
  maxIterations?: number;
  pl?: boolean;
}

export async function writeFitOutputs(result: Fit, outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const summary = result.summary();
  writeFileSync(join(outDir, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
  const { names, chains } = result.chainDraws;
  // pl: the latent variables go to latent.csv (same .chain/.iteration/.draw rows), not draws.csv
  const latent = new Set(result.layout.latent);
  const columns = (keep: boolean) => names.flatMap((name, p) => (latent.has(name) === keep ? [p] : []));
  const write = (file: string, ps: number[]) => writeDrawsCsv(join(outDir, file), ps.map((p) => names[p]), ps.map((p) => chains.map((c) => c[p])));
  await write("draws.csv", columns(false));
  if (latent.size > 0) await write("latent.csv", columns(true));
  writeFileSync(join(outDir, "report.html"), fitReportHtml(result, { summary }));
}

export function registerFitCommand(program: Command): void {
  addRunOptions(program
    .command("fit")
    .description("fit a model spec (JSON) by MCMC; writes summary.json, draws.csv and report.html")
    .argument("<spec>", "model spec file (JSON); data and pedigree paths resolve relative to it")
    .option("--out <dir>", "output directory", "mcglmm-out")
    .option("--pr", "keep the random effects' draws")
    .option("--pl", "save the latent variables (and imputed missing responses) to latent.csv")
    .option("--target-ess <n>", "continue in rounds until every parameter has this bulk-ESS and R-hat < 1.01", integerOption)
    .option("--max-iterations <n>", "cap on iterations per chain with --target-ess", integerOption)
    .option("--quiet", "no progress bars"))
    .action(async (specPath: string, flags: FitFlags) => {
      const loaded = loadSpec(specPath);
      const stopFlag = createStopFlag();
      const onSigint = () => {
        Atomics.store(stopFlag, 0, 1);
        process.stderr.write("\nmcglmm: interrupted; stopping the chains and writing the draws so far\n");
      };
      process.once("SIGINT", onSigint);
      const settingsChains = flags.chains ?? loaded.spec.chains ?? 4;
      const progress = createProgressDisplay(settingsChains, !flags.quiet && process.stderr.isTTY === true);
      if (!flags.quiet) process.stderr.write(`mcglmm: sampling ${settingsChains} chain(s) of ${loaded.spec.fixed}\n`);
      let result: Fit;
      try {
        result = await fit(loaded.spec, loaded.data, {
          ...runOptionsFrom(flags),
          relationships: loaded.relationships,
          stopFlag,
          useWorkers: true,
          ...(progress ? { onProgress: progress.update } : {}),
          ...(flags.targetEss ? { targetEss: flags.targetEss } : {}),
          ...(flags.maxIterations ? { maxIterations: flags.maxIterations } : {}),
          ...(flags.pl ? { pl: true } : {}),
        });
      } finally {
        progress?.stop();
        process.off("SIGINT", onSigint);
      }
      await writeFitOutputs(result, flags.out);
      const summary = result.summary();
      process.stdout.write(formatSummaryTable(summary, result.model) + "\n");
      for (const w of [...summary.warnings, ...convergenceWarnings(summary)]) process.stderr.write(`warning: ${w}\n`);
      const latentFile = result.layout.latent.length > 0 ? `, ${join(flags.out, "latent.csv")}` : "";
      process.stderr.write(`wrote ${join(flags.out, "summary.json")}, ${join(flags.out, "draws.csv")}${latentFile} and ${join(flags.out, "report.html")}\n`);
      if (!result.complete) process.exitCode = Atomics.load(stopFlag, 0) ? 130 : 1;
    });
}
