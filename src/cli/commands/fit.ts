// `mcglmm fit spec.json`: fit the model, write DIR/summary.json, DIR/draws.csv and DIR/report.html, print a table
// shaped like MCMCglmm's summary(). The output folder is checked before sampling; each chain's draws
// go to DIR/chain-K/ as they are made (with checkpoints, --checkpoint-every), so a killed run keeps
// them and `mcglmm resume DIR` continues it. Ctrl-C stops the chains and still writes what was drawn.
// `--chain K` runs only chain K (for a cluster's job array; `mcglmm combine` joins the chains).

import { resolve } from "node:path";
import type { Command } from "commander";
import { ModelSpecError } from "../../errors.js";
import { fit, type Fit } from "../../fit.js";
import { loadSpec } from "../../io/spec-file.js";
import { chainDir } from "../../io/chain-files.js";
import { prepareOutputDir, writeFileAtomic } from "../../io/output-dir.js";
import { runFingerprint, type RunFileOptions } from "../../io/run-files.js";
import { buildModel } from "../../models/model.js";
import { createStopFlag } from "../../samplers/run/executor.js";
import type { ChainProgress } from "../../samplers/run/chain.js";
import { NoDrawsError } from "../../samplers/run/failures.js";
import { recordLayout, type RecordLayout } from "../../samplers/run/record.js";
import { resolveSettings } from "../../settings.js";
import { createProgressDisplay, progressMode } from "../progress.js";
import { addRunOptions, integerOption, runOptionsFrom, type RunFlags } from "../options.js";
import { clearChainFolders, parseChainFlag, printFitResult, printNoDraws, writeNoDrawsMetas, writeFinishedMetas, writeFitOutputs, writeRunningMetas, type RunContext } from "../run-output.js";
import { join } from "node:path";
import { LOG_LIK_FILE, writeLogLikCsv } from "../../platform/node/log-lik-file.js";
import { logLikChainIds } from "../../posterior/loo-fit.js";
import { pointwiseLogLikelihood } from "../../posterior/waic.js";

export { writeFitOutputs } from "../run-output.js";

interface FitFlags extends RunFlags {
  out: string;
  quiet?: boolean;
  targetEss?: number;
  maxIterations?: number;
  chain?: string;
  checkpointEvery?: number;
  progressSeconds?: number;
  logLik?: boolean;
  pl?: boolean;
}

/** DIR/log_lik.csv: the pointwise log-likelihood (WAIC's) with each draw's chain. */
export async function writeFitLogLik(result: Fit, outDir: string): Promise<void> {
  await writeLogLikCsv(join(outDir, LOG_LIK_FILE), pointwiseLogLikelihood(result), logLikChainIds(result));
}

export function registerFitCommand(program: Command): void {
  addRunOptions(program
    .command("fit")
    .description("fit a model spec (JSON) by MCMC; writes summary.json, draws.csv and report.html (and each chain's files in DIR/chain-K/)")
    .argument("<spec>", "model spec file (JSON); data and pedigree paths resolve relative to it")
    .option("--out <dir>", "output directory", "mcglmm-out")
    .option("--pr", "keep the random effects' draws")
    .option("--pl", "save the latent variables (and imputed missing responses) to latent.csv")
    .option("--target-ess <n>", "continue in rounds until every parameter has this bulk-ESS and R-hat < 1.01", integerOption)
    .option("--max-iterations <n>", "cap on iterations per chain with --target-ess", integerOption)
    .option("--checkpoint-every <n>", "save each chain's full state every n iterations (for `mcglmm resume DIR`)", integerOption)
    .option("--chain <K>", "run only chain K (1-based) of the run; `auto`: K from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX + 1")
    .option("--progress-seconds <s>", "seconds between progress lines when stderr is not a terminal", Number, 5)
    .option("--quiet", "no progress output")
    .option("--log-lik", "also write DIR/log_lik.csv, the pointwise log-likelihood for `mcglmm loo` (keeps the random effects' draws, as --pr)"))
    .action(async (specPath: string, flags: FitFlags) => {
      const loaded = loadSpec(specPath);
      if (flags.logLik) flags.pr = true; // the log-likelihood conditions on the random effects
      const options = runOptionsFrom(flags);
      const settings = resolveSettings(loaded.spec, options);
      const single = flags.chain !== undefined ? parseChainFlag(flags.chain, settings.chains) : undefined;
      if (single !== undefined && flags.targetEss) throw new ModelSpecError("--chain runs one chain alone, but --target-ess needs all chains at once (R-hat); drop one of them");
      if (flags.checkpointEvery !== undefined && flags.checkpointEvery < 1) throw new ModelSpecError(`--checkpoint-every must be a positive number of iterations, got ${flags.checkpointEvery}`);
      // everything that can be checked is checked before sampling: the model, then the output folder
      const model = buildModel(loaded.spec, loaded.data, { ginverse: loaded.relationships });
      prepareOutputDir(flags.out);
      if (single === undefined) clearChainFolders(flags.out);
      const ranChains = single !== undefined ? [single] : Array.from({ length: settings.chains }, (_, c) => c);
      const runOptions: RunFileOptions = { ...options, ...(flags.checkpointEvery ? { checkpointEvery: flags.checkpointEvery } : {}), ...(flags.targetEss ? { targetEss: flags.targetEss } : {}) };
      const ctx: RunContext = {
        out: flags.out,
        specPath: resolve(specPath),
        fingerprint: runFingerprint(loaded.spec, loaded.data, loaded.relationships, settings),
        chains: settings.chains,
        ranChains,
        ...layoutGroups(recordLayout(model, settings.pr)),
        settings: { nitt: settings.nitt, burnin: settings.burnin, thin: settings.thin, chains: settings.chains, seed: settings.seed },
        options: runOptions,
      };
      writeRunningMetas(ctx);
      const result = await sampleWithSignals(ctx, flags, `mcglmm: sampling ${single !== undefined ? `chain ${single + 1} of ${settings.chains}` : `${settings.chains} chain(s)`} of ${loaded.spec.fixed}\n`, (extra) =>
        fit(loaded.spec, loaded.data, {
          ...options,
          relationships: loaded.relationships,
          useWorkers: true,
          onWarnings: (ws) => ws.forEach((w) => process.stderr.write(`warning: ${w}\n`)),
          output: { dir: flags.out, ...(flags.checkpointEvery ? { checkpointEvery: flags.checkpointEvery } : {}) },
          ...(single !== undefined ? { chainIds: [single] } : {}),
          ...(flags.targetEss ? { targetEss: flags.targetEss } : {}),
          ...(flags.maxIterations ? { maxIterations: flags.maxIterations } : {}),
          ...(flags.pl ? { pl: true } : {}),
          ...extra,
        }),
      );
      if (result) {
        await finishRun(result, ctx, single !== undefined);
        if (flags.logLik && single === undefined) {
          await writeFitLogLik(result, flags.out);
          process.stderr.write(`wrote ${join(flags.out, LOG_LIK_FILE)}\n`);
        }
      }
    });
}

function layoutGroups(layout: RecordLayout): Pick<RunContext, "names" | "groups"> {
  return { names: layout.names, groups: { fixed: layout.fixed, covariances: layout.covariances, cutpoints: layout.cutpoints } };
}

/**
 * Runs `sample` with Ctrl-C wired to the stop flag and progress on stderr. Returns the fit, or
 * undefined (exit code set, message printed) when no draw was saved.
 */
export async function sampleWithSignals(
  ctx: RunContext,
  display: { quiet?: boolean; progressSeconds?: number },
  banner: string,
  sample: (extra: { stopFlag: Int32Array; onProgress?: (p: ChainProgress) => void }) => Promise<Fit>,
): Promise<Fit | undefined> {
  const stopFlag = createStopFlag();
  const onSigint = () => {
    Atomics.store(stopFlag, 0, 1);
    process.stderr.write("\nmcglmm: interrupted; stopping the chains and writing the draws so far\n");
  };
  process.once("SIGINT", onSigint);
  const seconds = display.progressSeconds !== undefined && display.progressSeconds > 0 ? display.progressSeconds : 5;
  const progress = createProgressDisplay(ctx.ranChains, progressMode(display.quiet, process.stderr.isTTY === true), undefined, seconds);
  if (!display.quiet) process.stderr.write(banner);
  try {
    return await sample({ stopFlag, ...(progress ? { onProgress: progress.update } : {}) });
  } catch (err) {
    if (!(err instanceof NoDrawsError)) throw err;
    writeNoDrawsMetas(ctx, err);
    printNoDraws(err, ctx);
    process.exitCode = err.stopped ? 130 : 1;
    return undefined;
  } finally {
    progress?.stop();
    process.off("SIGINT", onSigint);
  }
}

/** Writes the outputs of a finished (or stopped) run: the whole run's, or one chain's (--chain K). */
export async function finishRun(result: Fit, ctx: RunContext, singleChain: boolean): Promise<void> {
  writeFinishedMetas(ctx, result);
  let written: string[];
  if (singleChain) {
    const folder = chainDir(ctx.out, ctx.ranChains[0]);
    writeFileAtomic(join(folder, "summary.json"), JSON.stringify(result.summary(), null, 2) + "\n");
    written = [join(folder, "summary.json"), join(folder, "draws.csv"), join(folder, "checkpoint.json")];
  } else {
    await writeFitOutputs(result, ctx.out);
    const latent = result.layout.latent.length > 0 ? ["latent.csv"] : [];
    written = ["summary.json", "draws.csv", ...latent, "report.html"].map((f) => join(ctx.out, f));
  }
  printFitResult(result, written);
  if (!result.complete) process.exitCode = result.run.stopped ? 130 : 1;
}
