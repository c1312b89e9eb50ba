// A chain's own folder, DIR/chain-K/ (K = chain index + 1), written while the chain runs:
//   draws.csv        the chain's saved draws (.chain,.iteration,.draw,<params>), appended in
//                    batches every few seconds and fsynced, so a crash or kill keeps them
//   deviance.csv     the deviance of each saved draw (for DIC), appended with the draws
//   checkpoint.json  the latest checkpoint (chain state, tuned kernels, random stream)
//   chain.json       what the chain belongs to (spec, settings, hash), and when done its status,
//                    timing and DIC sums
// A SIGKILL can cut the last line of draws.csv or deviance.csv short: readers drop an unfinished
// last line, and a resume cuts both files back to the checkpoint's rows.

import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, writeSync } from "node:fs";
import { join } from "node:path";
import { DataError } from "../errors.js";
import type { ChainRecorder } from "../samplers/run/chain.js";
import type { ChainCheckpoint } from "../samplers/run/checkpoint.js";
import { writeCheckpointFile } from "./checkpoint-file.js";
import { parse as parseSync } from "csv-parse/sync";
import { formatDrawValue, parseDrawsCsv } from "./draws-csv.js";
import { writeFileAtomic } from "./output-dir.js";

export const DRAWS_FILE = "draws.csv";
export const DEVIANCE_FILE = "deviance.csv";
export const CHECKPOINT_FILE = "checkpoint.json";
export const CHAIN_FILE = "chain.json";

/** What the chain files of a run need to know (passed to worker threads as is). */
export interface ChainOutput {
  /** The run's folder; chain c writes DIR/chain-(c+1)/. */
  readonly dir: string;
  /** Checkpoint every this many iterations (0 or absent: only when stopped). */
  readonly checkpointEvery?: number;
  /** Seconds between flushes of the draws (default 3). */
  readonly flushSeconds?: number;
}

export function chainDir(dir: string, chain: number): string {
  return join(dir, `chain-${chain + 1}`);
}

/** Chain folders in `dir` as 0-based chain indices, ascending. */
export function listChainDirs(dir: string): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^chain-[1-9][0-9]*$/.test(e.name) && existsSync(join(dir, e.name, DRAWS_FILE)))
    .map((e) => Number(e.name.slice(6)) - 1)
    .sort((a, b) => a - b);
}

function header(names: readonly string[]): string {
  return [".chain", ".iteration", ".draw", ...names.map((n) => (/[",\r\n]|^\s|\s$/.test(n) ? `"${n.replace(/"/g, '""')}"` : n))].join(",") + "\n";
}

/**
 * The recorder of chain `chain`: creates its folder and files (or, when `existingRows` is given,
 * appends to files already holding that many draws, as a resume leaves them).
 */
export function createChainRecorder(output: ChainOutput, chain: number, names: readonly string[], existingRows?: number): ChainRecorder {
  const folder = chainDir(output.dir, chain);
  mkdirSync(folder, { recursive: true });
  const drawsPath = join(folder, DRAWS_FILE), deviancePath = join(folder, DEVIANCE_FILE);
  if (existingRows === undefined) {
    writeFileAtomic(drawsPath, header(names));
    writeFileAtomic(deviancePath, "deviance\n");
  }
  let rows = existingRows ?? 0;
  const label = chain + 1;
  return {
    append(draws, deviance, from, to) {
      let text = "", dev = "";
      for (let i = from; i < to; i++) {
        rows++;
        let line = `${label},${rows},${rows}`;
        for (let p = 0; p < draws.length; p++) line += "," + formatDrawValue(draws[p][i]);
        text += line + "\n";
        dev += formatDrawValue(deviance[i]) + "\n";
      }
      // deviance first: a draws row never exists without its deviance
      appendDurably(deviancePath, dev);
      appendDurably(drawsPath, text);
    },
    checkpoint(cp: ChainCheckpoint) {
      writeCheckpointFile(join(folder, CHECKPOINT_FILE), cp);
    },
  };
}

/** Appends and fsyncs (opened per batch, every few seconds: no descriptor outlives a batch). */
function appendDurably(path: string, text: string): void {
  const fd = openSync(path, "a");
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Text without an unfinished last line (a write cut short by a kill). */
function completeLines(text: string): string {
  const end = text.lastIndexOf("\n");
  return end < 0 ? "" : text.slice(0, end + 1);
}

export interface ChainFileDraws {
  readonly names: string[];
  /** One array per parameter. */
  readonly draws: Float64Array[];
  readonly deviance: Float64Array;
  /** Saved draws read (both files complete up to this row). */
  readonly rows: number;
}

/** A chain folder's draws and deviance, up to the last row both files hold completely (or `limit`). */
export function readChainFiles(folder: string, limit?: number): ChainFileDraws {
  const drawsPath = join(folder, DRAWS_FILE);
  let drawsText: string, devText: string;
  try {
    drawsText = completeLines(readFileSync(drawsPath, "utf8"));
    devText = existsSync(join(folder, DEVIANCE_FILE)) ? completeLines(readFileSync(join(folder, DEVIANCE_FILE), "utf8")) : "";
  } catch (err) {
    throw new DataError(`cannot read the chain files in ${folder}: ${(err as Error).message}`);
  }
  const lines = drawsText.split("\n");
  const headerLine = lines[0] ?? "";
  if (headerLine === "") throw new DataError(`${drawsPath} is empty: the chain was stopped before it wrote anything`);
  const devLines = devText.split("\n").slice(1, -1);
  const available = Math.min(lines.length - 2, devText === "" ? lines.length - 2 : devLines.length);
  const rows = Math.max(0, Math.min(available, limit ?? Infinity));
  if (limit !== undefined && available < limit) throw new DataError(`${drawsPath} holds ${available} draws but the checkpoint expects ${limit}`);
  const names = (parseSync(headerLine) as string[][])[0].slice(3);
  const draws = names.map(() => new Float64Array(rows));
  if (rows > 0) {
    const table = parseDrawsCsv(lines.slice(0, rows + 1).join("\n") + "\n", drawsPath);
    table.chains.forEach((perChain, p) => draws[p].set(perChain[0]));
  }
  const deviance = Float64Array.from(devLines.slice(0, rows), (s) => (s === "NA" ? NaN : Number(s)));
  return { names, draws, deviance, rows };
}

/** Rewrites the chain's files to hold exactly their first `rows` draws (what a checkpoint covers). */
export function truncateChainFiles(folder: string, rows: number): ChainFileDraws {
  const read = readChainFiles(folder, rows);
  const drawsText = readFileSync(join(folder, DRAWS_FILE), "utf8").split("\n").slice(0, rows + 1).join("\n") + "\n";
  const devText = ["deviance", ...Array.from(read.deviance, formatDrawValue)].join("\n") + "\n";
  writeFileAtomic(join(folder, DRAWS_FILE), drawsText);
  writeFileAtomic(join(folder, DEVIANCE_FILE), devText);
  return read;
}
