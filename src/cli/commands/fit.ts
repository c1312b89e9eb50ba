// `mcglmm fit spec.json`: fit the model, write DIR/summary.json, DIR/draws.csv and DIR/report.html, print a table
// shaped like MCMCglmm's summary(). Ctrl-C stops the chains and still writes what was drawn.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { fit, type Fit } from "../../fit.js";
import { loadSpec } from "../../io/spec-file.js";
import { writeDrawsCsv } from "../../platform/node/draws-file.js";
import { createStopFlag } from "../../samplers/run/executor.js";
import { fitReportHtml } from "../../report/fit-report.js";
import { convergenceWarnings, formatSummaryTable } from "../../report/table.js";
import { createProgressDisplay } from "../progress.js";
import { LOG_LIK_FILE, writeLogLikCsv } from "../../platform/node/log-lik-file.js";
import { logLikChainIds } from "../../posterior/loo-fit.js";
import { pointwiseLogLikelihood } from "../../posterior/waic.js";
import { addRunOptions, integerOption, runOptionsFrom, type RunFlags } from "../options.js";

interface FitFlags extends RunFlags {
  out: string;
  quiet?: boolean;
  targetEss?: number;
  maxIterations?: number;
  logLik?: boolean;
}

export async function writeFitOutputs(result: Fit, outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const summary = result.summary();
  writeFileSync(join(outDir, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
  const { names, chains } = result.chainDraws;
  const byParameter = names.map((_, p) => chains.map((c) => c[p]));
  await writeDrawsCsv(join(outDir, "draws.csv"), names, byParameter);
  writeFileSync(join(outDir, "report.html"), fitReportHtml(result, { summary }));
}

/** DIR/log_lik.csv: the pointwise log-likelihood (WAIC's) with each draw's chain. */
export async function writeFitLogLik(result: Fit, outDir: string): Promise<void> {
  await writeLogLikCsv(join(outDir, LOG_LIK_FILE), pointwiseLogLikelihood(result), logLikChainIds(result));
}

export function registerFitCommand(program: Command): void {
  addRunOptions(program
    .command("fit")
    .description("fit a model spec (JSON) by MCMC; writes summary.json, draws.csv and report.html")
    .argument("<spec>", "model spec file (JSON); data and pedigree paths resolve relative to it")
    .option("--out <dir>", "output directory", "mcglmm-out")
    .option("--pr", "keep the random effects' draws")
    .option("--target-ess <n>", "continue in rounds until every parameter has this bulk-ESS and R-hat < 1.01", integerOption)
    .option("--max-iterations <n>", "cap on iterations per chain with --target-ess", integerOption)
    .option("--quiet", "no progress bars")
    .option("--log-lik", "also write DIR/log_lik.csv, the pointwise log-likelihood for `mcglmm loo` (keeps the random effects' draws, as --pr)"))
    .action(async (specPath: string, flags: FitFlags) => {
      const loaded = loadSpec(specPath);
      if (flags.logLik) flags.pr = true; // the log-likelihood conditions on the random effects
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
          onWarnings: (ws) => ws.forEach((w) => process.stderr.write(`warning: ${w}\n`)),
          ...(flags.targetEss ? { targetEss: flags.targetEss } : {}),
          ...(flags.maxIterations ? { maxIterations: flags.maxIterations } : {}),
        });
      } finally {
        progress?.stop();
        process.off("SIGINT", onSigint);
      }
      await writeFitOutputs(result, flags.out);
      if (flags.logLik) {
        await writeFitLogLik(result, flags.out);
        process.stderr.write(`wrote ${join(flags.out, LOG_LIK_FILE)}\n`);
      }
      const summary = result.summary();
      process.stdout.write(formatSummaryTable(summary, result.model) + "\n");
      for (const w of [...summary.warnings, ...convergenceWarnings(summary)]) process.stderr.write(`warning: ${w}\n`);
      process.stderr.write(`wrote ${join(flags.out, "summary.json")}, ${join(flags.out, "draws.csv")} and ${join(flags.out, "report.html")}\n`);
      if (!result.complete) process.exitCode = Atomics.load(stopFlag, 0) ? 130 : 1;
    });
}
