// `mcglmm diagnose draws.csv`: convergence diagnostics of every parameter in a draws CSV,
// one JSON object per line (JSON Lines), diagnostics that are NA written as null.
import type { Command } from "commander";
import { summariseDraws } from "../../diagnostics/index.js";
import { McglmmError } from "../../errors.js";
import { parseDrawsCsv, type DrawsTable } from "../../io/draws-csv.js";
import { readDrawsCsv } from "../../platform/node/draws-file.js";
import { readPartialRun } from "../../io/partial-run.js";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";

/** One output line. NaN (posterior's NA) is written as null. */
export interface DiagnoseRow {
  parameter: string;
  mean: number;
  sd: number;
  q5: number;
  q50: number;
  q95: number;
  rhat: number;
  ess_bulk: number;
  ess_tail: number;
  mcse_mean: number;
}

/** Diagnostics of every parameter of a draws table, in column order. */
export function diagnoseDraws(table: DrawsTable): DiagnoseRow[] {
  return table.parameters.map((parameter, p) => {
    const s = summariseDraws(table.chains[p]);
    return {
      parameter,
      mean: s.mean,
      sd: s.sd,
      q5: s.q5,
      q50: s.q50,
      q95: s.q95,
      rhat: s.rhat,
      ess_bulk: s.ess_bulk,
      ess_tail: s.ess_tail,
      mcse_mean: s.mcse_mean,
    };
  });
}

/** A row as one JSON line; non-finite numbers become null. */
export function formatDiagnoseRow(row: DiagnoseRow): string {
  return JSON.stringify(row, (_key, value: unknown) =>
    typeof value === "number" && !Number.isFinite(value) ? null : value,
  );
}

/** The command's whole output for draws CSV text: one JSON line per parameter. */
export function diagnoseCsvText(text: string, source = "draws CSV"): string {
  return diagnoseDraws(parseDrawsCsv(text, source))
    .map((row) => formatDiagnoseRow(row) + "\n")
    .join("");
}

/**
 * A draws CSV, or a run's folder: its draws.csv once the run finished, else its chains' files so
 * far (a run still going or killed; see io/partial-run.ts).
 */
async function readDrawsTable(path: string): Promise<DrawsTable> {
  if (!(existsSync(path) && statSync(path).isDirectory())) return readDrawsCsv(path);
  if (existsSync(join(path, "summary.json")) && existsSync(join(path, "draws.csv"))) return readDrawsCsv(join(path, "draws.csv"));
  return readPartialRun(path).table;
}

/** Adds `diagnose <draws.csv>` to the program. */
export function registerDiagnoseCommand(program: Command): void {
  program
    .command("diagnose")
    .description(
      "R-hat, bulk/tail ESS and MCSE of every parameter in a draws CSV (columns .chain,.iteration,.draw,<params> " +
        "or chain,iter,<params>), as the R package posterior; one JSON object per line",
    )
    .argument("<draws>", "draws CSV file, or a run's --out folder (read from its chains' files while the run is unfinished)")
    .action(async function (this: Command, file: string) {
      try {
        const table = await readDrawsTable(file);
        for (const row of diagnoseDraws(table)) process.stdout.write(formatDiagnoseRow(row) + "\n");
      } catch (e) {
        if (e instanceof McglmmError) this.error(`error: ${e.message}`, { exitCode: 1 });
        const err = e as NodeJS.ErrnoException;
        if (err.code === "ENOENT") this.error(`error: cannot read ${file}: no such file`, { exitCode: 1 });
        if (err.syscall !== undefined) this.error(`error: cannot read ${file}: ${err.message}`, { exitCode: 1 });
        throw e;
      }
    });
}
