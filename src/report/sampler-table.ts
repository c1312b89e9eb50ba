// The report's "sampler" block: each Metropolis-Hastings kernel's acceptance rate over the
// post-burn-in steps (summary.json's `sampler` field), with the range a random-walk
// proposal is usually tuned to (about 0.2 to 0.5; Gelman, Roberts & Gilks 1996).
import type { Summary } from "../posterior/summary.js";
import { formatNumber } from "./format.js";
import { escapeXml } from "./svg.js";

/** Acceptance rates outside this range are highlighted. */
export const ACCEPTANCE_RANGE: readonly [number, number] = [0.15, 0.6];

/** The block as HTML, or "" when the summary has no sampler information. */
export function samplerTableHtml(summary: Pick<Summary, "sampler">): string {
  const kernels = summary.sampler;
  if (!kernels || kernels.length === 0) return "";
  const rows = kernels
    .map((k) => {
      const off = !(k.acceptance >= ACCEPTANCE_RANGE[0] && k.acceptance <= ACCEPTANCE_RANGE[1]);
      return `<tr${off ? ' class="flagged"' : ""}><th scope="row">${escapeXml(k.kernel)}</th><td>${formatNumber(k.acceptance, 3)}</td><td>${Number.isInteger(k.steps) ? String(k.steps) : formatNumber(k.steps)}</td></tr>`;
    })
    .join("");
  return (
    `<h2>Sampler</h2><p class="note">Acceptance rate of each Metropolis-Hastings kernel over the steps after burn-in. ` +
    `Highlighted: outside ${ACCEPTANCE_RANGE[0]} to ${ACCEPTANCE_RANGE[1]}, where proposals are too bold or too timid and mixing is slow.</p>` +
    `<table class="summary sampler"><thead><tr><th scope="col">kernel</th><th scope="col">acceptance</th><th scope="col">steps</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}
