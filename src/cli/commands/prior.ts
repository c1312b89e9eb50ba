// `mcglmm prior spec.json --out DIR`: draws from the model's prior alone (prior_only), written as
// a fit's outputs (summary.json, draws.csv, report.html) with the summary table: what the priors
// imply for fixed effects, variances, correlations and heritabilities before any data.

import { join } from "node:path";
import type { Command } from "commander";
import { fit } from "../../fit.js";
import { loadSpec } from "../../io/spec-file.js";
import { formatSummaryTable } from "../../report/table.js";
import { addRunOptions, runOptionsFrom, type RunFlags } from "../options.js";
import { writeFitOutputs } from "./fit.js";
import { prepareOutputDir } from "../../io/output-dir.js";

interface PriorFlags extends RunFlags {
  out: string;
}

export function registerPriorCommand(program: Command): void {
  addRunOptions(program
    .command("prior")
    .description("draw from the model's prior alone; writes summary.json, draws.csv and report.html as fit does")
    .argument("<spec>", "model spec file (JSON); the response is not used")
    .option("--out <dir>", "output directory", "mcglmm-prior"))
    .action(async (specPath: string, flags: PriorFlags) => {
      const loaded = loadSpec(specPath);
      prepareOutputDir(flags.out);
      const result = await fit({ ...loaded.spec, prior_only: true }, loaded.data, { ...runOptionsFrom(flags), relationships: loaded.relationships });
      await writeFitOutputs(result, flags.out);
      const summary = result.summary();
      process.stdout.write(formatSummaryTable(summary, result.model) + "\n");
      for (const w of summary.warnings) process.stderr.write(`warning: ${w}\n`);
      process.stderr.write(`wrote ${join(flags.out, "summary.json")}, ${join(flags.out, "draws.csv")} and ${join(flags.out, "report.html")}\n`);
    });
}
