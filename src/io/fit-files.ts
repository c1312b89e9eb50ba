// The three files `mcglmm fit --out DIR` writes, as text: summary.json, draws.csv, report.html.
// The browser offers them as downloads; they match the CLI's files for the same fit (up to the
// timing block of summary.json, which measures this run).

import type { Fit } from "../fit.js";
import { fitReportHtml } from "../report/fit-report.js";
import { formatDrawsCsv } from "./draws-csv.js";

export interface FitFiles {
  readonly "summary.json": string;
  readonly "draws.csv": string;
  readonly "report.html": string;
}

/**
 * The CLI's output files of a fit (summary.json, draws.csv, report.html) as text.
 *
 * @example
 * ```ts
 * const files = fitFiles(result);
 * files["summary.json"]; // the text the CLI writes, e.g. to offer as a download
 * ```
 */
export function fitFiles(result: Fit): FitFiles {
  const summary = result.summary();
  const { names, chains } = result.chainDraws;
  const byParameter = names.map((_, p) => chains.map((c) => c[p]));
  return {
    "summary.json": JSON.stringify(summary, null, 2) + "\n",
    "draws.csv": formatDrawsCsv(names, byParameter),
    "report.html": fitReportHtml(result, { summary }),
  };
}
