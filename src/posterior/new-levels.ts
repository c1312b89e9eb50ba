// Levels of a random factor that new data have and the fit never saw: they have no fitted
// effect, so a prediction marginalises them (MCMCglmm's predict does the same): under
// marginalisation their effects are integrated over the term's variance like every level's;
// when the term is conditioned on, each posterior draw takes a fresh effect from N(0, G).
// The user is told which levels these were and how they were handled.

import type { PredictionDesign } from "../models/newdata.js";

/** One message per random term with levels the fit never saw (none for the training data). */
export function newLevelMessages(design: PredictionDesign, marginalise: readonly boolean[]): string[] {
  if (!design.isNew) return [];
  const out: string[] = [];
  design.terms.forEach((tr, i) => {
    const k = tr.term.dim;
    const unseen = tr.levels.filter((_, l) => {
      for (let a = 0; a < k; a++) if (tr.column[l * k + a] < 0) return true;
      return false;
    });
    if (unseen.length === 0) return;
    const list = unseen.slice(0, 10).map((l) => `"${l}"`).join(", ") + (unseen.length > 10 ? `, ... (${unseen.length} in all)` : "");
    const how = marginalise[i]
      ? "their effects are marginalised (integrated over the term's variance, as every level of a marginalised term)"
      : "they have no fitted effect, so they are marginalised: each posterior draw gives them an effect drawn from N(0, G) of the term";
    out.push(`newdata: random term "${tr.term.label}" has level${unseen.length > 1 ? "s" : ""} never seen in fitting: ${list}; ${how}`);
  });
  return out;
}
