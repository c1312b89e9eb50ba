// `mcglmm ppc spec.json [--stat name ...] [--nsim N] [--seed S] [--groups col ...]`: fit the
// model, then print each test statistic's observed value, replicated range, posterior
// predictive p-value and verdict (flagged when p < 0.05 or p > 0.95). With `--calibrate K` the
// model is refitted to K replicated data sets and the verdict uses the calibrated p-value
// (posterior/calibrated-ppc.ts). Exit code 0 either way.

import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { fit } from "../../fit.js";
import { loadSpec } from "../../io/spec-file.js";
import { calibratedPpc } from "../../posterior/calibrated-ppc.js";
import { formatPpc, ppc } from "../../posterior/ppc.js";
import { fitReportHtml } from "../../report/fit-report.js";
import type { BuiltinStatistic } from "../../posterior/statistics.js";
import { addRunOptions, integerOption, parseMarginal, runOptionsFrom, type RunFlags } from "../options.js";

interface PpcFlags extends RunFlags {
  stat?: string[];
  nsim?: number;
  groups?: string[];
  marginal?: string;
  calibrate?: number;
  calibrateNitt?: number;
  calibrateBurnin?: number;
  calibrateThin?: number;
  out?: string;
}

export function registerPpcCommand(program: Command): void {
  addRunOptions(program
    .command("ppc")
    .description("fit a model spec, then run posterior predictive checks of test statistics")
    .argument("<spec>", "model spec file (JSON)")
    .option("--stat <name...>", "statistics: mean, sd, prop_zero, max, min, category_proportions, group_means (default: the family's)")
    .option("--groups <column...>", "factors for group_means")
    .option("--nsim <n>", "replicated data sets (default: the saved draws, at most 1000)", integerOption)
    .option("--marginal <terms>", 'random terms to draw afresh (default all; "none" replicates given the fitted random effects)')
    .option("--calibrate <K>", "calibrate the p-values by refitting the model to K replicated data sets", integerOption)
    .option("--calibrate-nitt <n>", "iterations of each calibration refit (default: --nitt)", integerOption)
    .option("--calibrate-burnin <n>", "burn-in of each calibration refit (default: --burnin)", integerOption)
    .option("--calibrate-thin <n>", "thinning of each calibration refit (default: --thin)", integerOption)
    .option("--out <file>", "also write an HTML report of the fit with a plot per check")
  )
    .action(async (specPath: string, flags: PpcFlags) => {
      const loaded = loadSpec(specPath);
      const marginal = parseMarginal(flags.marginal);
      const result = await fit(loaded.spec, loaded.data, {
        ...runOptionsFrom(flags),
        ...(marginal !== undefined ? { pr: true } : {}),
        relationships: loaded.relationships,
        useWorkers: true,
      });
      const ppcOptions = {
        ...(flags.nsim !== undefined ? { nsim: flags.nsim } : {}),
        ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
        ...(flags.groups ? { groups: flags.groups } : {}),
        marginal,
      };
      const stats = flags.stat as BuiltinStatistic[] | undefined;
      const checks = flags.calibrate === undefined
        ? ppc(result, stats, ppcOptions)
        : await calibratedPpc(result, stats, {
            ...ppcOptions,
            calibration: {
              replicates: flags.calibrate,
              ...(flags.calibrateNitt !== undefined ? { nitt: flags.calibrateNitt } : {}),
              ...(flags.calibrateBurnin !== undefined ? { burnin: flags.calibrateBurnin } : {}),
              ...(flags.calibrateThin !== undefined ? { thin: flags.calibrateThin } : {}),
              ...(process.stderr.isTTY ? { onProgress: (done: number, total: number) => process.stderr.write(`\rcalibration refits ${done}/${total}${done === total ? "\n" : ""}`) } : {}),
            },
          });
      const calibrated = flags.calibrate === undefined ? "" : `, calibrated by ${flags.calibrate} refits`;
      process.stdout.write(`posterior predictive checks (${checks.nsim} replicated data sets${calibrated})\n${formatPpc(checks)}\n`);
      if (flags.out) {
        writeFileSync(flags.out, fitReportHtml(result, { ppc: checks }));
        process.stderr.write(`wrote ${flags.out}\n`);
      }
    });
}
