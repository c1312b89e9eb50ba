// The terminal table, shaped like MCMCglmm's summary(): G-structure, R-structure, location
// effects (with pMCMC), cutpoints and derived quantities; intervals are 95% HPD as MCMCglmm's.

import type { Model } from "../models/types.js";
import type { Summary, SummaryRow } from "../posterior/summary.js";

function fmt(x: number | undefined, digits = 4): string {
  if (x === undefined || !Number.isFinite(x)) return "NA";
  if (x !== 0 && (Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3)) return x.toExponential(digits - 1);
  return x.toPrecision(digits);
}

function pFmt(p: number | undefined): string {
  if (p === undefined) return "";
  return p < 0.001 ? "<0.001" : p.toFixed(3);
}

function block(rows: readonly SummaryRow[], withP: boolean): string {
  const header = ["", "post.mean", "l-95% CI", "u-95% CI", "eff.samp", "rhat", ...(withP ? ["pMCMC"] : [])];
  const body = rows.map((r) => [
    r.name,
    fmt(r.mean),
    fmt(r.hpd_lower),
    fmt(r.hpd_upper),
    Number.isFinite(r.ess_bulk) ? r.ess_bulk.toFixed(0) : "NA",
    Number.isFinite(r.rhat) ? r.rhat.toFixed(3) : "NA",
    ...(withP ? [pFmt(r.pMCMC)] : []),
  ]);
  const all = [header, ...body];
  const widths = header.map((_, j) => Math.max(...all.map((row) => row[j].length)));
  return all.map((row) => row.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join("  ")).join("\n");
}

/**
 * The summary as the terminal table MCMCglmm's summary() prints (plus ESS, R-hat and derived quantities).
 *
 * @example
 * ```ts
 * console.log(formatSummaryTable(result.summary(), result.model));
 * ```
 */
export function formatSummaryTable(summary: Summary, model: Model): string {
  const s = summary.settings;
  const planned = Math.floor((s.nitt - s.burnin) / s.thin);
  // what the draws hold, not what was planned (Ctrl-C, failed chains and --target-ess rounds change it)
  const saved = summary.kept?.draws_per_chain ?? planned;
  const chains = summary.kept?.chains ?? s.chains;
  const differs = saved !== planned || chains !== s.chains;
  const out: string[] = [];
  out.push(` Iterations = ${s.burnin + 1}:${s.burnin + saved * s.thin}`);
  out.push(` Thinning interval  = ${s.thin}`);
  out.push(` Sample size  = ${saved} per chain x ${chains} chain${chains === 1 ? "" : "s"}${differs ? ` (planned ${planned} x ${s.chains})` : ""}${summary.complete ? "" : " (INCOMPLETE)"}`);
  if (summary.dic !== null) out.push(`\n DIC: ${fmt(summary.dic, 6)}`);
  const random = model.spec.random ?? "";
  const gNames = new Set(model.randomTerms.flatMap((t) => t.vcvNames));
  const g = summary.covariances.filter((r) => gNames.has(r.name));
  const r = summary.covariances.filter((row) => !gNames.has(row.name));
  if (g.length > 0) out.push(`\n G-structure:  ${random}\n`, block(g, false));
  out.push(`\n R-structure:  ${model.spec.rcov ?? "~units"}\n`, block(r, false));
  out.push(`\n Location effects: ${model.spec.fixed}\n`, block(summary.fixed, true));
  if (summary.cutpoints.length > 0) out.push("\n Cutpoints:\n", block(summary.cutpoints, false));
  if (summary.derived.length > 0) out.push("\n Derived quantities:\n", block(summary.derived, false));
  const t = summary.timing;
  const perK = t.seconds_per_1000_iterations.map((x) => x.toFixed(3)).join(", ");
  out.push(`\n Time: ${t.seconds.toFixed(1)} s wall; s per 1000 iterations per chain: ${perK}; min bulk-ESS per second: ${fmt(t.min_ess_bulk_per_second)}`);
  if (summary.convergence) {
    const c = summary.convergence;
    out.push(` Target bulk-ESS ${c.targetEss}: ${c.reached ? "reached" : "NOT reached"} after ${c.iterations} iterations per chain`);
  }
  return out.join("\n");
}

/**
 * Parameters whose R-hat >= 1.01 or bulk-ESS < 100 per chain: the CLI warns about these.
 *
 * @example
 * ```ts
 * for (const w of convergenceWarnings(result.summary())) console.warn(w);
 * ```
 */
export function convergenceWarnings(summary: Summary): string[] {
  const rows = [...summary.fixed, ...summary.covariances, ...summary.cutpoints];
  const chains = summary.settings.chains;
  const badRhat = rows.filter((r) => Number.isFinite(r.rhat) && r.rhat >= 1.01).map((r) => `${r.name} (R-hat ${r.rhat.toFixed(3)})`);
  const lowEss = rows.filter((r) => Number.isFinite(r.ess_bulk) && r.ess_bulk < 100 * chains).map((r) => `${r.name} (bulk-ESS ${r.ess_bulk.toFixed(0)})`);
  const out: string[] = [];
  if (badRhat.length > 0) out.push(`R-hat >= 1.01: ${badRhat.join(", ")}`);
  if (lowEss.length > 0) out.push(`bulk-ESS < 100 per chain: ${lowEss.join(", ")}`);
  return out;
}
