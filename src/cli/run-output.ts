// What `mcglmm fit`, `resume` and `combine` share: the chain folders' chain.json before and after
// sampling, the run's outputs (summary.json, draws.csv, report.html, written atomically), the
// console's account of what was kept, and the message when nothing was.

import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ModelSpecError } from "../errors.js";
import type { Fit } from "../fit.js";
import { CHECKPOINT_FILE, chainDir } from "../io/chain-files.js";
import { drawsCsvChunks } from "../io/draws-csv.js";
import { writeFileAtomic } from "../io/output-dir.js";
import { CHAIN_META_VERSION, readChainMeta, writeChainMeta, type ChainMeta, type RunFileOptions } from "../io/run-files.js";
import { fitReportHtml } from "../report/fit-report.js";
import { convergenceWarnings, formatSummaryTable } from "../report/table.js";
import type { NoDrawsError } from "../samplers/run/failures.js";

/** The run's outputs in `outDir`, each written atomically. */
export async function writeFitOutputs(result: Fit, outDir: string): Promise<void> {
  const summary = result.summary();
  writeFileAtomic(join(outDir, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
  const { names, chains } = result.chainDraws;
  // pl: the latent variables go to latent.csv (same .chain/.iteration/.draw rows), not draws.csv
  const latent = new Set(result.layout.latent);
  const columns = (keep: boolean) => names.flatMap((name, p) => (latent.has(name) === keep ? [p] : []));
  const write = (file: string, ps: number[]) => writeFileAtomic(join(outDir, file), drawsCsvChunks(ps.map((p) => names[p]), ps.map((p) => chains.map((c) => c[p]))));
  write("draws.csv", columns(false));
  if (latent.size > 0) write("latent.csv", columns(true));
  writeFileAtomic(join(outDir, "report.html"), fitReportHtml(result, { summary }));
}

/**
 * K (1-based) from `--chain K` or `--chain auto` (SLURM_ARRAY_TASK_ID as K; Kubernetes'
 * JOB_COMPLETION_INDEX, 0-based, as K - 1), checked against the run's chains; returned 0-based.
 */
export function parseChainFlag(value: string, chains: number, env: NodeJS.ProcessEnv = process.env): number {
  let k: number;
  let source = "--chain";
  if (value === "auto") {
    if (env.SLURM_ARRAY_TASK_ID !== undefined) { k = Number(env.SLURM_ARRAY_TASK_ID); source = `SLURM_ARRAY_TASK_ID=${env.SLURM_ARRAY_TASK_ID}`; }
    else if (env.JOB_COMPLETION_INDEX !== undefined) { k = Number(env.JOB_COMPLETION_INDEX) + 1; source = `JOB_COMPLETION_INDEX=${env.JOB_COMPLETION_INDEX}`; }
    else throw new ModelSpecError("--chain auto: neither SLURM_ARRAY_TASK_ID (Slurm job arrays) nor JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs) is set; give --chain K");
  } else k = Number(value);
  if (!Number.isInteger(k) || k < 1 || k > chains) {
    throw new ModelSpecError(`${source}: chain ${value === "auto" ? k : value} does not exist; the run has chains 1 to ${chains} (Slurm: --array=1-${chains})`);
  }
  return k - 1;
}

/** Removes chain-K folders a previous run left in `dir` (a new full run replaces them all). */
export function clearChainFolders(dir: string): void {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && /^chain-[0-9]+$/.test(e.name)) rmSync(join(dir, e.name), { recursive: true, force: true });
  }
}

export interface RunContext {
  readonly out: string;
  readonly specPath: string;
  readonly fingerprint: string;
  readonly chains: number;
  readonly ranChains: readonly number[];
  readonly names: readonly string[];
  readonly groups: ChainMeta["groups"];
  readonly settings: ChainMeta["settings"];
  readonly options: RunFileOptions;
}

/** chain.json of each chain about to run, status "running". */
export function writeRunningMetas(ctx: RunContext): void {
  for (const c of ctx.ranChains) {
    writeChainMeta(chainDirMade(ctx.out, c), {
      version: CHAIN_META_VERSION,
      chain: c + 1,
      chains: ctx.chains,
      fingerprint: ctx.fingerprint,
      spec: ctx.specPath,
      options: ctx.options,
      ranChains: ctx.ranChains,
      names: ctx.names,
      groups: ctx.groups,
      settings: ctx.settings,
      status: "running",
    });
  }
}

function chainDirMade(out: string, c: number): string {
  const dir = chainDir(out, c);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** chain.json of each chain after sampling: status, failure, iterations, seconds, draws, DIC sums. */
export function writeFinishedMetas(ctx: RunContext, result: Fit): void {
  const run = result.run;
  run.chainIds.forEach((c, position) => {
    const folder = chainDir(ctx.out, c);
    const before: ChainMeta = readChainMeta(folder);
    const failure = run.failures.find((f) => f.chain === c);
    const sums = run.chainSums[position];
    writeChainMeta(folder, {
      ...before,
      status: failure ? "failed" : run.stopped ? "stopped" : "complete",
      ...(failure ? { failure: { iteration: failure.iteration, component: failure.component, message: failure.message } } : {}),
      iterations: run.iterations[position],
      seconds: run.chainSeconds[position],
      draws: run.deviance[position].length,
      ...(sums ? { sums } : {}),
      // the run's acceptance counts are this chain's when it ran alone (--chain K)
      ...(run.chainIds.length === 1 && run.sampler ? { sampler: run.sampler } : {}),
    });
  });
}

/** What the draws hold, for the console: "kept 378 draws per chain x 2 chains (planned 1000 x 4)". */
export function keptLine(result: Fit): string {
  const s = result.summary();
  const planned = Math.floor((s.settings.nitt - s.settings.burnin) / s.settings.thin);
  const kept = s.kept ?? { draws_per_chain: planned, chains: s.settings.chains };
  const differs = kept.draws_per_chain !== planned || kept.chains !== s.settings.chains;
  return `mcglmm: kept ${kept.draws_per_chain} draws per chain x ${kept.chains} chain${kept.chains === 1 ? "" : "s"}${differs ? ` (planned ${planned} x ${s.settings.chains})` : ""}${s.complete ? "" : "; incomplete"}\n`;
}

/** Prints the table, warnings and what was written. */
export function printFitResult(result: Fit, written: readonly string[]): void {
  const summary = result.summary();
  process.stdout.write(formatSummaryTable(summary, result.model) + "\n");
  for (const w of [...summary.warnings, ...convergenceWarnings(summary)]) process.stderr.write(`warning: ${w}\n`);
  process.stderr.write(keptLine(result));
  process.stderr.write(`wrote ${written.join(", ")}\n`);
}

/** chain.json of each chain of a run that saved no draw: failed (with its error) or stopped. */
export function writeNoDrawsMetas(ctx: RunContext, err: NoDrawsError): void {
  ctx.ranChains.forEach((c, position) => {
    const folder = chainDir(ctx.out, c);
    const failure = err.failures.find((f) => f.chain === c);
    writeChainMeta(folder, {
      ...readChainMeta(folder),
      status: failure ? "failed" : "stopped",
      ...(failure ? { failure: { iteration: failure.iteration, component: failure.component, message: failure.message } } : {}),
      iterations: err.iterations[position] ?? 0,
      draws: 0,
    });
  });
}

/** The message for a run that saved no draw, with where its chains' files are and whether it can resume. */
export function printNoDraws(err: NoDrawsError, ctx: RunContext): void {
  process.stderr.write(`mcglmm: ${err.message}\n`);
  const resumable = ctx.ranChains.some((c) => existsSync(join(chainDir(ctx.out, c), CHECKPOINT_FILE)));
  if (err.stopped && resumable) process.stderr.write(`mcglmm: the chains' state is saved in ${ctx.out}/chain-K/; continue with: mcglmm resume ${ctx.out}\n`);
}
