// A run's draws read from its chains' files while it runs or after it was killed: each chain's
// draws.csv as far as it was written (an unfinished last line dropped), chains cut to the
// shortest, and a summary that says exactly what it covers. `mcglmm report DIR` and
// `mcglmm diagnose DIR` use it when DIR has no summary.json/draws.csv yet.

import { join } from "node:path";
import { DataError } from "../errors.js";
import { summariseGroup, type Summary } from "../posterior/summary.js";
import { chainDir, listChainDirs, readChainFiles } from "./chain-files.js";
import type { DrawsTable } from "./draws-csv.js";
import { readChainMeta, type ChainMeta } from "./run-files.js";

export interface PartialRun {
  readonly table: DrawsTable;
  readonly metas: readonly ChainMeta[];
  /** Draws each chain's files hold (before cutting to the shortest). */
  readonly rowsPerChain: readonly number[];
}

/** True when `dir` holds chain folders (DIR/chain-K/). */
export function hasChainFolders(dir: string): boolean {
  return listChainDirs(dir).length > 0;
}

export function readPartialRun(dir: string): PartialRun {
  const ids = listChainDirs(dir);
  if (ids.length === 0) throw new DataError(`${dir} has neither draws.csv nor chain folders (chain-K/)`);
  const metas = ids.map((c) => readChainMeta(chainDir(dir, c)));
  const files = ids.map((c) => readChainFiles(chainDir(dir, c)));
  const rowsPerChain = files.map((f) => f.rows);
  const n = Math.min(...rowsPerChain);
  if (n === 0) throw new DataError(`${dir}: ${rowsPerChain.filter((r) => r === 0).length} chain(s) have no saved draw yet (still in burn-in?)`);
  const names = files[0].names;
  for (const f of files) if (f.names.join("\u0000") !== names.join("\u0000")) throw new DataError(`${dir}: the chains' draws.csv files have different parameters`);
  const table: DrawsTable = {
    parameters: names,
    chainLabels: ids.map((c) => String(c + 1)),
    iterations: n,
    chains: names.map((_, p) => files.map((f) => f.draws[p].subarray(0, n))),
  };
  return { table, metas, rowsPerChain };
}

/** The summary of a partial run: what it covers, and how to finish it. */
export function partialSummary(dir: string, run: PartialRun): Summary {
  const meta = run.metas[0];
  const draws = { names: run.table.parameters, chains: run.table.chains[0].map((_, c) => run.table.chains.map((perParam) => perParam[c])) };
  const statuses = run.metas.map((m, i) => `chain ${m.chain}: ${run.rowsPerChain[i]} draws (${m.status === "running" ? "unfinished" : m.status})`);
  const apart = run.metas.every((m) => m.ranChains.length === 1 && m.chains > 1);
  const allDone = run.metas.every((m) => m.status === "complete");
  const next = apart && allDone ? `join the chains with: mcglmm combine ${dir}` : apart ? `finish each chain with: mcglmm resume ${dir} --chain K` : `finish the run with: mcglmm resume ${dir}`;
  return {
    fixed: summariseGroup(draws, meta.groups.fixed, true),
    covariances: summariseGroup(draws, meta.groups.covariances, false),
    cutpoints: summariseGroup(draws, meta.groups.cutpoints, false),
    derived: [],
    dic: null,
    settings: { ...meta.settings },
    timing: { seconds: NaN, chain_seconds: [], seconds_per_1000_iterations: [], min_ess_bulk_per_second: NaN },
    complete: false,
    kept: { draws_per_chain: run.table.iterations, chains: run.metas.length, iterations_per_chain: [] },
    warnings: [
      `partial run read from the chain files in ${join(dir, "chain-K")}: ${statuses.join(", ")}; this covers the first ${run.table.iterations} draws of each chain; ${next}`,
    ],
  };
}
