// The `mcglmm` command: one subcommand per file in ./commands, registered here.
import { Command } from "commander";
import "../platform/node/install.js";
import { registerDesignCommand } from "./commands/design.js";
import { registerDiagnoseCommand } from "./commands/diagnose.js";
import { registerFitCommand } from "./commands/fit.js";
import { registerPpcCommand } from "./commands/ppc.js";
import { registerPredictCommand } from "./commands/predict.js";
import { registerPriorCommand } from "./commands/prior.js";
import { registerReportCommand } from "./commands/report.js";
import { registerLooCommand } from "./commands/loo.js";
import { registerEffectsCommand } from "./commands/effects.js";
import { registerResumeCommand } from "./commands/resume.js";
import { registerCombineCommand } from "./commands/combine.js";
import { packageVersion } from "./version.js";

export function buildProgram(): Command {
  const program = new Command();
  program.name("mcglmm").description("Bayesian generalised linear mixed models by MCMC (MCMCglmm-style)");
  program.version(packageVersion(), "-V, --version", "print mcglmm's version");
  registerFitCommand(program);
  registerDesignCommand(program);
  registerDiagnoseCommand(program);
  registerPredictCommand(program);
  registerPpcCommand(program);
  registerReportCommand(program);
  registerLooCommand(program);
  registerEffectsCommand(program);
  registerResumeCommand(program);
  registerCombineCommand(program);
  registerPriorCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
