// `mcglmm ppc spec.json [--stat name ...] [--nsim N] [--seed S] [--groups col ...]`: fit the
// model, then print each test statistic's observed value, replicated range, posterior
// predictive p-value and verdict (flagged when p < 0.05 or p > 0.95). Exit code 0 either way.

import type { Command } from "commander";
import { fit } from "../../fit.js";
import { loadSpec } from "../../io/spec-file.js";
import { formatPpc, ppc } from "../../posterior/ppc.js";
import type { BuiltinStatistic } from "../../posterior/statistics.js";
import { addRunOptions, integerOption, parseMarginal, runOptionsFrom, type RunFlags } from "../options.js";

interface PpcFlags extends RunFlags {
  stat?: string[];
  nsim?: number;
  groups?: string[];
  marginal?: string;
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
      const checks = ppc(result, flags.stat as BuiltinStatistic[] | undefined, {
        ...(flags.nsim !== undefined ? { nsim: flags.nsim } : {}),
        ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
        ...(flags.groups ? { groups: flags.groups } : {}),
        marginal,
      });
      process.stdout.write(`posterior predictive checks (${checks.nsim} replicated data sets)\n${formatPpc(checks)}\n`);
    });
}
