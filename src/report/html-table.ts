// The summary table of the HTML report: one row per parameter with posterior mean, sd, 95% HPD
// interval, bulk/tail ESS, R-hat and MCSE (pMCMC for fixed effects), grouped as MCMCglmm's
// summary(). Rows that fail the convergence rule the CLI warns about are highlighted.

import type { Summary, SummaryRow } from "../posterior/summary.js";
import { formatNumber } from "./format.js";
import { escapeXml } from "./svg.js";

// summary.json writes NaN as null, so rows read back from a file can hold null where a
// fitted Summary holds NaN: every check here accepts both.
type Num = number | null | undefined;

function finite(x: Num): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

// one number format for the whole report (format.ts)
export { formatNumber } from "./format.js";

/**
 * R-hat >= 1.01 or bulk-ESS below 100 per chain (Vehtari et al. 2021, section 4.4), the same
 * rule as the CLI's warnings. Constant parameters (R-hat and ESS not defined) are not flagged.
 *
 * @example
 * ```ts
 * result.summary().covariances.filter((row) => isFlaggedRow(row, 4)); // R-hat >= 1.01 or bulk-ESS < 400
 * ```
 */
export function isFlaggedRow(row: Pick<SummaryRow, "rhat" | "ess_bulk">, chains: number): boolean {
  return (finite(row.rhat) && row.rhat >= 1.01) || (finite(row.ess_bulk) && row.ess_bulk < 100 * chains);
}

const COLUMNS = ["parameter", "post.mean", "sd", "l-95% HPD", "u-95% HPD", "ESS bulk", "ESS tail", "R-hat", "MCSE", "pMCMC"];

function pFormat(p: Num): string {
  if (!finite(p)) return "";
  return p < 0.001 ? "&lt;0.001" : p.toFixed(3);
}

function rowHtml(row: SummaryRow, chains: number, anchor: string | undefined): string {
  const name = escapeXml(row.name);
  const label = anchor ? `<a href="#${anchor}">${name}</a>` : name;
  const cells = [
    formatNumber(row.mean),
    formatNumber(row.sd),
    formatNumber(row.hpd_lower),
    formatNumber(row.hpd_upper),
    finite(row.ess_bulk) ? row.ess_bulk.toFixed(0) : "NA",
    finite(row.ess_tail) ? row.ess_tail.toFixed(0) : "NA",
    finite(row.rhat) ? row.rhat.toFixed(3) : "NA",
    formatNumber(row.mcse_mean, 2),
    pFormat(row.pMCMC),
  ];
  const cls = isFlaggedRow(row, chains) ? ' class="flagged"' : "";
  return `<tr${cls}><th scope="row">${label}</th>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`;
}

/**
 * The table as HTML. `chains` is the number of chains the ESS rule scales with; `anchors`
 * maps parameter names to the ids of their plots, which the names then link to.
 *
 * @example
 * ```ts
 * const html = summaryTableHtml(result.summary(), 4); // 4 chains: the ESS rule scales with them
 * ```
 */
export function summaryTableHtml(summary: Summary, chains: number, anchors: ReadonlyMap<string, string> = new Map()): string {
  const groups: [string, readonly SummaryRow[]][] = [
    ["Location effects", summary.fixed],
    ["(Co)variances", summary.covariances],
    ["Cutpoints", summary.cutpoints],
    ["Derived quantities", summary.derived],
  ];
  const body = groups
    .filter(([, rows]) => rows.length > 0)
    .map(
      ([title, rows]) =>
        `<tbody><tr class="group"><th colspan="${COLUMNS.length}" scope="rowgroup">${title}</th></tr>` +
        rows.map((r) => rowHtml(r, chains, anchors.get(r.name))).join("") +
        "</tbody>",
    )
    .join("");
  const head = `<thead><tr>${COLUMNS.map((c) => `<th scope="col">${escapeXml(c)}</th>`).join("")}</tr></thead>`;
  return `<table class="summary">${head}${body}</table>`;
}
