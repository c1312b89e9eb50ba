// `mcglmm combine DIR... [--out OUT]`: joins chains run separately (`mcglmm fit --chain K`, e.g. as
// a cluster's job array) into one run's outputs. Each DIR is a chain folder (chain-K/) or a folder
// holding some. The chains must share one fingerprint (spec, data, settings, seed), none may be
// missing, duplicated or unfinished; then summary.json, draws.csv and report.html are written as
// one `mcglmm fit` of the same chains would write them (draws.csv byte for byte).

import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { DataError } from "../../errors.js";
import { Fit } from "../../fit.js";
import { CHAIN_FILE, chainDir, listChainDirs, readChainFiles } from "../../io/chain-files.js";
import { prepareOutputDir } from "../../io/output-dir.js";
import { loadSpec } from "../../io/spec-file.js";
import { readChainMeta, runFingerprint, type ChainMeta } from "../../io/run-files.js";
import { buildModel } from "../../models/model.js";
import type { LatentKernelChoice } from "../../models/types.js";
import { defaultDerived } from "../../posterior/derived.js";
import { equaliseLengths } from "../../posterior/draws.js";
import { resolvePrior } from "../../priors/prior.js";
import type { StateSums } from "../../samplers/run/chain.js";
import { recordLayout } from "../../samplers/run/record.js";
import { addSums } from "../../samplers/run/run-chains.js";
import { resolveSettings, type RunOptions } from "../../settings.js";
import { printFitResult, writeFitOutputs } from "../run-output.js";

interface CombineFlags {
  out?: string;
  spec?: string;
}

interface FoundChain {
  readonly folder: string;
  readonly meta: ChainMeta;
}

/** Chain folders named by `dirs` (each a chain folder or a folder of chain-K folders). */
export function findChainFolders(dirs: readonly string[]): FoundChain[] {
  const found: FoundChain[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) throw new DataError(`${dir}: no such folder`);
    const folders = existsSync(join(dir, CHAIN_FILE)) ? [dir] : listChainDirs(dir).map((c) => chainDir(dir, c));
    if (folders.length === 0) throw new DataError(`${dir} holds no chain (a chain-K/ folder written by mcglmm fit --chain K)`);
    for (const folder of folders) found.push({ folder, meta: readChainMeta(folder) });
  }
  return found;
}

/** The chains, in chain order, checked: one run, each chain once, none missing, all finished. */
export function checkChains(found: readonly FoundChain[]): FoundChain[] {
  const first = found[0];
  for (const f of found) {
    if (f.meta.fingerprint !== first.meta.fingerprint) {
      throw new DataError(`${f.folder} belongs to another run than ${first.folder}: the spec, data, settings or seed differ (fingerprint ${f.meta.fingerprint.slice(0, 12)} vs ${first.meta.fingerprint.slice(0, 12)})`);
    }
  }
  const byChain = new Map<number, FoundChain>();
  for (const f of found) {
    const other = byChain.get(f.meta.chain);
    if (other) throw new DataError(`chain ${f.meta.chain} appears twice: ${other.folder} and ${f.folder}`);
    byChain.set(f.meta.chain, f);
  }
  const N = first.meta.chains;
  const missing = Array.from({ length: N }, (_, c) => c + 1).filter((k) => !byChain.has(k));
  if (missing.length > 0) throw new DataError(`the run has ${N} chains; missing: chain ${missing.join(", ")}`);
  const chains = Array.from({ length: N }, (_, c) => byChain.get(c + 1)!);
  for (const f of chains) {
    if (f.meta.status !== "complete") {
      throw new DataError(`chain ${f.meta.chain} (${f.folder}) is ${f.meta.status}${f.meta.failure ? `: ${f.meta.failure.message}` : ""}; ${f.meta.status === "failed" ? "rerun it" : `finish it with mcglmm resume ${resolve(f.folder, "..")}`}`);
    }
  }
  return chains;
}

function runOptions(meta: ChainMeta): RunOptions {
  const o = meta.options;
  return {
    ...(o.nitt !== undefined ? { nitt: o.nitt } : {}),
    ...(o.burnin !== undefined ? { burnin: o.burnin } : {}),
    ...(o.thin !== undefined ? { thin: o.thin } : {}),
    ...(o.chains !== undefined ? { chains: o.chains } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.pr ? { pr: true } : {}),
    ...(o.latent !== undefined ? { latent: o.latent as LatentKernelChoice } : {}),
  };
}

/** The Fit of the combined chains (the spec is reloaded and checked against the fingerprint). */
export function combineChains(chains: readonly FoundChain[], specPath?: string): Fit {
  const meta = chains[0].meta;
  const loaded = loadSpec(specPath ?? meta.spec);
  const settings = resolveSettings(loaded.spec, runOptions(meta));
  if (runFingerprint(loaded.spec, loaded.data, loaded.relationships, settings) !== meta.fingerprint) {
    throw new DataError(`the spec ${specPath ?? meta.spec}, its data or pedigree differ from those the chains were run with`);
  }
  const model = buildModel(loaded.spec, loaded.data, { ginverse: loaded.relationships });
  const prior = resolvePrior(model, loaded.spec.prior);
  const layout = recordLayout(model, settings.pr);
  const files = chains.map((f) => {
    const read = readChainFiles(f.folder);
    if (read.rows !== f.meta.draws) throw new DataError(`${f.folder}/draws.csv holds ${read.rows} draws but chain.json says ${f.meta.draws}`);
    if (read.names.join("\u0000") !== layout.names.join("\u0000")) throw new DataError(`${f.folder}/draws.csv has other parameters than the model`);
    return read;
  });
  let sums: StateSums | undefined;
  const chainSums = chains.map((f) => f.meta.sums);
  for (const s of chainSums) if (s) sums = sums ? addSums(sums, s) : s;
  const chainSeconds = chains.map((f) => f.meta.seconds ?? 0);
  const run = {
    chainSeconds,
    iterations: chains.map((f) => f.meta.iterations ?? 0),
    failures: [],
    chainIds: chains.map((f) => f.meta.chain - 1),
    chainSums,
    stopped: false,
    rounds: 1,
    // the chains ran apart: the wall time of one run of them all is not known; the longest chain bounds it
    wallSeconds: Math.max(...chainSeconds),
    deviance: files.map((f) => f.deviance),
    sums,
    // acceptance counts summed over the chains, as one run sums them
    ...(chains.every((f) => f.meta.sampler) ? { sampler: sumAcceptance(chains.map((f) => f.meta.sampler!)) } : {}),
  };
  const draws = { names: layout.names, chains: equaliseLengths(files.map((f) => f.draws)) };
  return new Fit(model, prior, settings, layout, draws, run, prior.warnings, undefined, defaultDerived(model));
}

export function registerCombineCommand(program: Command): void {
  program
    .command("combine")
    .description("join chains run apart (mcglmm fit --chain K) into one run's summary.json, draws.csv and report.html")
    .argument("<dirs...>", "chain folders (chain-K/) or folders holding them")
    .option("--out <dir>", "where to write (default: the first DIR)")
    .option("--spec <file>", "the spec file, if it moved since the chains ran (checked against their fingerprint)")
    .action(async (dirs: string[], flags: CombineFlags) => {
      const chains = checkChains(findChainFolders(dirs));
      const out = flags.out ?? dirs[0];
      prepareOutputDir(out);
      const result = combineChains(chains, flags.spec);
      await writeFitOutputs(result, out);
      printFitResult(result, ["summary.json", "draws.csv", "report.html"].map((f) => join(out, f)));
    });
}

function sumAcceptance(perChain: readonly (readonly { kernel: string; accepted: number; proposed: number }[])[]): { kernel: string; accepted: number; proposed: number }[] {
  const total = new Map<string, { accepted: number; proposed: number }>();
  for (const stats of perChain) {
    for (const s of stats) {
      const t = total.get(s.kernel) ?? { accepted: 0, proposed: 0 };
      total.set(s.kernel, { accepted: t.accepted + s.accepted, proposed: t.proposed + s.proposed });
    }
  }
  return [...total].map(([kernel, s]) => ({ kernel, ...s }));
}
