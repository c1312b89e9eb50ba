// The HTML report of a fit in memory (the CLI's fit and ppc commands): its summary, its draws
// by parameter and, optionally, posterior predictive checks.

import type { Fit } from "../fit.js";
import type { PpcResult } from "../posterior/ppc.js";
import type { Summary } from "../posterior/summary.js";
import { buildHtmlReport } from "./html-report.js";

export function fitReportHtml(fit: Fit, extra: { summary?: Summary; ppc?: PpcResult } = {}): string {
  const { names, chains } = fit.chainDraws;
  const byParameter = names.map((_, p) => chains.map((c) => c[p]));
  // derived quantities (heritabilities, correlations) are plotted too
  const derived = Object.entries(fit.derivedDraws()).filter(([name]) => !names.includes(name));
  const draws = { parameters: [...names, ...derived.map(([n]) => n)], chains: [...byParameter, ...derived.map(([, d]) => d)] };
  return buildHtmlReport({ summary: extra.summary ?? fit.summary(), draws, ...(extra.ppc ? { ppc: extra.ppc } : {}) });
}
