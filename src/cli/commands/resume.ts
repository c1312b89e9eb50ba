// `mcglmm resume DIR`: continues a run that was killed, crashed or stopped, from each chain's
// latest checkpoint in DIR/chain-K/ (chain state, tuned kernels, random stream). The chains' files
// are cut back to what the checkpoint covers, the chains continue, and the outputs are written as
// `mcglmm fit` would have: bit for bit the same draws as an uninterrupted run with the same seed.

import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { DataError } from "../../errors.js";
import { fit } from "../../fit.js";
import { CHECKPOINT_FILE, chainDir, listChainDirs, truncateChainFiles } from "../../io/chain-files.js";
import { readCheckpointFile } from "../../io/checkpoint-file.js";
import { loadSpec } from "../../io/spec-file.js";
import { readChainMeta, runFingerprint, type ChainMeta } from "../../io/run-files.js";
import type { LatentKernelChoice } from "../../models/types.js";
import type { ResumedChain } from "../../samplers/run/run-chains.js";
import { resolveSettings, type RunOptions } from "../../settings.js";
import { integerOption } from "../options.js";
import { parseChainFlag, writeRunningMetas, type RunContext } from "../run-output.js";
import { finishRun, sampleWithSignals } from "./fit.js";

interface ResumeFlags {
  threads?: number;
  quiet?: boolean;
  chain?: string;
  progressSeconds?: number;
}

/**
 * The chains to resume in `dir`, checked to belong to one run: those of the `mcglmm fit` that
 * wrote the folder, or chain `chain` alone (0-based; for chains run apart with --chain K).
 */
export function readRunMetas(dir: string, chain?: string): { metas: ChainMeta[]; single: boolean } {
  const ids = listChainDirs(dir);
  if (ids.length === 0) throw new DataError(`${dir} has no chain folders (chain-K/ with draws.csv): nothing to resume`);
  const metas = ids.map((c) => readChainMeta(chainDir(dir, c)));
  const first = metas[0];
  for (const m of metas) {
    if (m.fingerprint !== first.fingerprint) throw new DataError(`${dir}: chain-${m.chain} belongs to another run (different spec, data or settings) than chain-${first.chain}`);
  }
  if (chain !== undefined) {
    const k = parseChainFlag(chain, first.chains);
    if (!ids.includes(k)) throw new DataError(`${dir}: there is no chain-${k + 1} to resume`);
    return { metas: [{ ...metas[ids.indexOf(k)], ranChains: [k] }], single: true };
  }
  const apart = metas.find((m) => m.ranChains.length === 1 && m.chains > 1);
  if (apart) throw new DataError(`${dir}: its chains were run apart (mcglmm fit --chain K); resume each with mcglmm resume ${dir} --chain K (in a job array: --chain auto)`);
  for (const c of first.ranChains) if (!ids.includes(c)) throw new DataError(`${dir}: chain-${c + 1} is missing`);
  return { metas: first.ranChains.map((c) => metas[ids.indexOf(c)]), single: false };
}

export function registerResumeCommand(program: Command): void {
  program
    .command("resume")
    .description("continue a run that was killed or stopped, from its chains' checkpoints in DIR/chain-K/; writes what `mcglmm fit` would have")
    .argument("<dir>", "the --out folder of the interrupted `mcglmm fit`")
    .option("--threads <n>", "worker threads (default: as the run)", integerOption)
    .option("--chain <K>", "resume only chain K (chains run apart with fit --chain K); `auto` as for fit")
    .option("--progress-seconds <s>", "seconds between progress lines when stderr is not a terminal", Number, 5)
    .option("--quiet", "no progress output")
    .action(async (dir: string, flags: ResumeFlags) => {
      const { metas, single } = readRunMetas(dir, flags.chain);
      const meta = metas[0];
      if (meta.options.targetEss) throw new DataError(`${dir}: runs with --target-ess continue in rounds and cannot be resumed; the draws so far are in ${dir}/chain-K/draws.csv`);
      const loaded = loadSpec(meta.spec);
      const options: RunOptions = {
        ...(meta.options.nitt !== undefined ? { nitt: meta.options.nitt } : {}),
        ...(meta.options.burnin !== undefined ? { burnin: meta.options.burnin } : {}),
        ...(meta.options.thin !== undefined ? { thin: meta.options.thin } : {}),
        ...(meta.options.chains !== undefined ? { chains: meta.options.chains } : {}),
        ...(meta.options.seed !== undefined ? { seed: meta.options.seed } : {}),
        ...(meta.options.pr ? { pr: true } : {}),
        ...(meta.options.latent !== undefined ? { latent: meta.options.latent as LatentKernelChoice } : {}),
        ...((flags.threads ?? meta.options.threads) !== undefined ? { threads: flags.threads ?? meta.options.threads } : {}),
      };
      const settings = resolveSettings(loaded.spec, options);
      if (runFingerprint(loaded.spec, loaded.data, loaded.relationships, settings) !== meta.fingerprint) {
        throw new DataError(`${dir}: the spec ${meta.spec}, its data or the settings changed since the run started; resuming would mix two different runs`);
      }
      // each chain from its checkpoint, its files cut back to what the checkpoint covers; a chain
      // without a checkpoint (killed before its first) starts again
      const resume: (ResumedChain | undefined)[] = meta.ranChains.map((c) => {
        const folder = chainDir(dir, c);
        if (!existsSync(join(folder, CHECKPOINT_FILE))) return undefined;
        const checkpoint = readCheckpointFile(join(folder, CHECKPOINT_FILE));
        const files = truncateChainFiles(folder, checkpoint.savedTotal);
        return { checkpoint, draws: files.draws, deviance: files.deviance };
      });
      const ctx: RunContext = { out: dir, specPath: meta.spec, fingerprint: meta.fingerprint, chains: settings.chains, ranChains: meta.ranChains, names: meta.names, groups: meta.groups, settings: meta.settings, options: meta.options };
      writeRunningMetas(ctx);
      const from = resume.map((r, i) => `chain ${meta.ranChains[i] + 1} at iteration ${r ? r.checkpoint.state.iteration : 0}`).join(", ");
      const result = await sampleWithSignals(ctx, flags, `mcglmm: resuming ${from}\n`, (extra) =>
        fit(loaded.spec, loaded.data, {
          ...options,
          relationships: loaded.relationships,
          useWorkers: true,
          output: { dir, ...(meta.options.checkpointEvery ? { checkpointEvery: meta.options.checkpointEvery } : {}) },
          ...(single ? { chainIds: meta.ranChains } : {}),
          resume,
          ...extra,
        }),
      );
      if (result) await finishRun(result, ctx, single);
    });
}
