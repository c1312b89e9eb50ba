// The `mcglmm` command: one subcommand per file in ./commands, registered here.
import { Command } from "commander";

export function buildProgram(): Command {
  const program = new Command();
  program.name("mcglmm").description("Bayesian generalised linear mixed models by MCMC (MCMCglmm-style)");
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
