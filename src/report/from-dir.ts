// Rebuilding the report from a fit's output folder (what `mcglmm fit --out DIR` wrote):
// DIR/summary.json for the table and header, DIR/draws.csv for the plots; without them (a run
// still going or killed), the chains' files in DIR/chain-K/ as far as they were written.

import { existsSync, readFileSync } from "node:fs";
import { hasChainFolders, partialSummary, readPartialRun } from "../io/partial-run.js";
import { DataError } from "../errors.js";
import { readDrawsCsv } from "../platform/node/draws-file.js";
import { join, readTextFile } from "../platform/node/files.js";
import type { Summary } from "../posterior/summary.js";
import { buildHtmlReport, type ReportInput } from "./html-report.js";

const ROW_GROUPS = ["fixed", "covariances", "cutpoints", "derived"] as const;

/**
 * Parses summary.json text, checking the parts the report reads. Non-finite numbers were
 * written as null and stay null; the report shows them as NA.
 *
 * @example
 * ```ts
 * const summary = parseSummaryJson(readFileSync("out/summary.json", "utf8"));
 * ```
 */
export function parseSummaryJson(text: string, source = "summary.json"): Summary {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new DataError(`${source} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof value !== "object" || value === null) throw new DataError(`${source}: expected a JSON object`);
  const obj = value as Record<string, unknown>;
  const settings = obj.settings as Record<string, unknown> | undefined;
  if (typeof settings !== "object" || settings === null || typeof settings.chains !== "number") {
    throw new DataError(`${source}: no "settings" with "chains"; is this a summary.json written by mcglmm fit?`);
  }
  for (const group of ROW_GROUPS) {
    if (obj[group] === undefined) obj[group] = [];
    const rows = obj[group];
    if (!Array.isArray(rows) || rows.some((r) => typeof r !== "object" || r === null || typeof (r as { name?: unknown }).name !== "string")) {
      throw new DataError(`${source}: "${group}" must be an array of rows, each with a "name"`);
    }
  }
  if (!Array.isArray(obj.warnings)) obj.warnings = [];
  return obj as unknown as Summary;
}

/**
 * Reads DIR/summary.json and DIR/draws.csv into the report's input (without model info).
 *
 * @example
 * ```ts
 * const input = await readReportInput("out");
 * writeFileSync("report.html", buildHtmlReport({ ...input, title: "my fit" }));
 * ```
 */
export async function readReportInput(dir: string): Promise<ReportInput> {
  const summaryPath = join(dir, "summary.json");
  // a run still going, or killed before it wrote its outputs: its chains' files so far
  if (!existsSync(summaryPath) && hasChainFolders(dir)) {
    const partial = readPartialRun(dir);
    return { summary: partialSummary(dir, partial), draws: partial.table };
  }
  let text: string;
  try {
    text = readTextFile(summaryPath);
  } catch (e) {
    throw new DataError(`cannot read ${summaryPath}: ${(e as Error).message}`);
  }
  const summary = parseSummaryJson(text, summaryPath);
  const drawsPath = join(dir, "draws.csv");
  try {
    return { summary, draws: await readDrawsCsv(drawsPath) };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).syscall !== undefined) throw new DataError(`cannot read ${drawsPath}: ${(e as Error).message}`);
    throw e;
  }
}

/**
 * The report of the fit in `dir`, with `extra` (model info, PPC results, title) added.
 *
 * @example
 * ```ts
 * writeFileSync("out/report.html", await reportFromDir("out", { title: "btdata" }));
 * ```
 */
export async function reportFromDir(dir: string, extra: Omit<ReportInput, "summary" | "draws"> = {}): Promise<string> {
  return buildHtmlReport({ ...(await readReportInput(dir)), ...extra });
}
