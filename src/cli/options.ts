// Shared CLI option parsing: integers checked where they are read, run options passed through.

import { InvalidArgumentError, type Command } from "commander";
import type { LatentKernelChoice } from "../models/types.js";
import type { RunOptions } from "../settings.js";

export function integerOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`"${value}" is not an integer`);
  return n;
}

export interface RunFlags {
  chains?: number;
  threads?: number;
  seed?: number;
  nitt?: number;
  burnin?: number;
  thin?: number;
  latent?: string;
  pr?: boolean;
}

export function runOptionsFrom(flags: RunFlags): RunOptions {
  const out: RunOptions = {};
  if (flags.chains !== undefined) out.chains = flags.chains;
  if (flags.threads !== undefined) out.threads = flags.threads;
  if (flags.seed !== undefined) out.seed = flags.seed;
  if (flags.nitt !== undefined) out.nitt = flags.nitt;
  if (flags.burnin !== undefined) out.burnin = flags.burnin;
  if (flags.thin !== undefined) out.thin = flags.thin;
  if (flags.latent !== undefined) out.latent = flags.latent as LatentKernelChoice;
  if (flags.pr) out.pr = true;
  return out;
}

/** The sampling options every fitting command takes. */
export function addRunOptions(command: Command): Command {
  return command
    .option("--chains <n>", "number of chains", integerOption)
    .option("--threads <n>", "worker threads (default: min(chains, cores))", integerOption)
    .option("--seed <s>", "random seed", integerOption)
    .option("--nitt <n>", "iterations per chain", integerOption)
    .option("--burnin <n>", "burn-in iterations", integerOption)
    .option("--thin <n>", "thinning interval", integerOption)
    .option("--latent <kind>", "latent-variable kernel: mh, exact or auto");
}

/** --marginal: undefined = marginalise every random term, "none" = condition on all (null). */
export function parseMarginal(flag: string | undefined): string | null | undefined {
  return flag === undefined ? undefined : flag === "none" ? null : flag;
}
