// The pointwise log-likelihood as a CSV: a `.chain` column, then one column per observation,
// one row per draw, chains in order (what R's loo and ArviZ read, and `mcglmm loo FILE.csv`).
import { existsSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { DataError } from "../../errors.js";
import { formatDrawValue } from "../../io/draws-csv.js";
import { readDrawsCsv } from "./draws-file.js";

/** A pointwise log-likelihood: logLik[i][s] for observation i, draw s (chains stacked). */
export interface PointwiseLogLik {
  readonly observations: readonly string[];
  readonly logLik: readonly Float64Array[];
  /** Chain (0-based) of each draw. */
  readonly chainIds: Int32Array;
}

/** The file `fit --log-lik` writes in its output folder. */
export const LOG_LIK_FILE = "log_lik.csv";

/** Column names of the observations: log_lik.1, log_lik.2, ... (R reads them unchanged). */
export function logLikColumnNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `log_lik.${i + 1}`);
}

/**
 * Reads a log-likelihood CSV, or DIR/log_lik.csv when given a fit's folder.
 *
 * @example
 * ```ts
 * const { logLik, chainIds } = await readLogLikCsv("out"); // out/log_lik.csv from `mcglmm fit --log-lik`
 * ```
 */
export async function readLogLikCsv(pathOrDir: string): Promise<PointwiseLogLik> {
  let path = pathOrDir;
  if (existsSync(pathOrDir) && statSync(pathOrDir).isDirectory()) {
    path = join(pathOrDir, LOG_LIK_FILE);
    if (!existsSync(path)) {
      throw new DataError(`${pathOrDir} has no ${LOG_LIK_FILE}: refit with \`mcglmm fit --log-lik\` to write the pointwise log-likelihood`);
    }
  }
  const table = await readDrawsCsv(path);
  if (table.parameters.length === 0) throw new DataError(`${path}: no observation columns`);
  const per = table.iterations, chains = table.chainLabels.length;
  const logLik = table.chains.map((byChain) => {
    const out = new Float64Array(per * chains);
    byChain.forEach((c, j) => out.set(c, j * per));
    return out;
  });
  const chainIds = new Int32Array(per * chains).map((_, s) => Math.floor(s / per));
  return { observations: table.parameters, logLik, chainIds };
}

/**
 * Writes logLik (observations x draws, chains stacked) with each draw's chain (0-based).
 *
 * @example
 * ```ts
 * await writeLogLikCsv("log_lik.csv", pointwiseLogLikelihood(result), logLikChainIds(result));
 * ```
 */
export async function writeLogLikCsv(path: string, logLik: readonly Float64Array[], chainIds: ArrayLike<number>): Promise<void> {
  const S = chainIds.length;
  logLik.forEach((row, i) => {
    if (row.length !== S) throw new DataError(`log-likelihood: observation ${i + 1} has ${row.length} draws, expected ${S}`);
  });
  const handle = await open(path, "w");
  try {
    await handle.write([".chain", ...logLikColumnNames(logLik.length)].join(",") + "\n");
    let lines: string[] = [];
    for (let s = 0; s < S; s++) {
      let line = String(chainIds[s] + 1);
      for (const row of logLik) line += "," + formatDrawValue(row[s]);
      lines.push(line);
      if (lines.length === 500 || s === S - 1) {
        await handle.write(lines.join("\n") + "\n");
        lines = [];
      }
    }
  } finally {
    await handle.close();
  }
}
