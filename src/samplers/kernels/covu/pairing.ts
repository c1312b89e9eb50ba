// Which level of the covu G term each row of the first residual term pairs with. MCMCglmm pairs
// level j of the G term with level j of the residual term (R/MCMCglmm.R: Z_R (beta (x) I)); with
// the residual over `units` on wide data, level j is unit j. With long-format data (family = null,
// models/long/) the residual term's levels sit anywhere on the grid, and are paired by name (the
// two terms' levels are the same, checked in priors/covu.ts).

import type { Model } from "../../../models/types.js";

/** Per stacked row: the G term's level its residual pairs with (rows of the first residual term), else -1. */
export function covuRowLevels(model: Model, gTerm: number): Int32Array {
  const { term, coef } = model.residualIndex;
  const out = new Int32Array(term.length).fill(-1);
  const n = model.nUnits;
  if (model.long === undefined) {
    for (let row = 0; row < term.length; row++) if (term[row] === 0) out[row] = row % n;
    return out;
  }
  const g = model.randomTerms[gTerm], r = model.residualTerms[0];
  const index = new Map(g.levelNames[0].map((l, j) => [l, j]));
  for (let row = 0; row < term.length; row++) {
    if (term[row] !== 0) continue;
    const name = r.levelNames[coef[row]][model.long.residualLevel[row]];
    const j = index.get(name);
    if (j === undefined) throw new RangeError(`covu pairing: level "${name}" of ${r.label} is not a level of ${g.label}`);
    out[row] = j;
  }
  return out;
}
