// One fit of the scale model measured as issue 16 asks: one chain, seed 1, thin 1, CPU seconds of
// this process over the fit (process.cpuUsage), min bulk-ESS over fixed effects and free
// (co)variances from the same run. Shared by bench/scale.ts and bench/scale-ess.ts.

import { fit, type FitOptions } from "../src/fit.js";
import type { ModelSpec } from "../src/models/types.js";
import type { Summary, SummaryRow } from "../src/posterior/summary.js";

export interface TimedFit {
  summary: Summary;
  /** Fixed effects and free (co)variances: the rows the min ESS is taken over. */
  free: SummaryRow[];
  worst: SummaryRow;
  seconds: number;
}

export async function timedFit(spec: ModelSpec, rows: Record<string, unknown>[], nitt: number, burnin: number, extra: FitOptions = {}): Promise<TimedFit> {
  const cpu0 = process.cpuUsage();
  const result = await fit(spec, rows, { nitt, burnin, thin: 1, chains: 1, threads: 1, seed: 1, ...extra });
  const cpu = process.cpuUsage(cpu0);
  const summary = result.summary();
  const free = [...summary.fixed, ...summary.covariances].filter((r) => Number.isFinite(r.ess_bulk) && r.sd > 0);
  const worst = free.reduce((a, b) => (b.ess_bulk < a.ess_bulk ? b : a));
  return { summary, free, worst, seconds: (cpu.user + cpu.system) / 1e6 };
}
