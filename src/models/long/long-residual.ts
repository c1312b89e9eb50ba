// The residual structure of long-format data and where each data row goes on mcglmm's unit x trait
// grid. MCMCglmm's R is block diagonal: a residual term over factor f has one block per level of
// f, whose slots are the term's coefficients, and each data row fills exactly one slot
// (R/MCMCglmm.R: "each residual must be unique to a data point", "each data point must have a
// residual", "random regressions not permitted"). A block's rows covary; rows of different
// blocks do not. mcglmm places every block on one grid unit, a row on its trait's cell, so a
// block may hold at most one row per trait (else a ModelSpecError naming the term and level);
// a term without covariances (idh, idv) is split into one block per slot, so this never binds.
// Blocks of different terms whose traits do not overlap share a unit (first fit, term by term),
// which keeps the grid small; cells no row fills are absent (structures/residual-layout.ts).
// MCMCglmm fills a block's empty slots with dummy rows; leaving them out is the same posterior
// (the dummies are imputed from their conditional), except for covu, checked in priors/covu.ts.

import { ModelSpecError } from "../../errors.js";
import { hasCovariances, type TermBlock } from "../structures/build-term.js";

export interface LongResidual {
  /** Per data row: residual term, coefficient, and level (index into the term's levelNames[coef]). */
  readonly term: Int32Array;
  readonly coef: Int32Array;
  readonly level: Int32Array;
}

export interface LongGrid {
  readonly nUnits: number;
  /** Per data row: its stacked grid row (trait * nUnits + unit). */
  readonly gridRow: Int32Array;
  /** Per stacked grid row: term, coefficient and level of its residual; -1 for an absent cell. */
  readonly term: Int32Array;
  readonly coef: Int32Array;
  readonly level: Int32Array;
}

/** Each data row's residual slot, with MCMCglmm's checks of the R-structure. */
export function longResidual(blocks: readonly TermBlock[], nRows: number, rcov: string): LongResidual {
  const term = new Int32Array(nRows).fill(-1), coef = new Int32Array(nRows).fill(-1), level = new Int32Array(nRows).fill(-1);
  blocks.forEach((b, t) => {
    const { colPtr, rowIdx, values } = b.columns;
    const label = b.term.label;
    if (values.some((v) => v !== 1)) throw new ModelSpecError(`rcov "${rcov}": residual term "${label}" is a random regression, which MCMCglmm does not permit in the R-structure`);
    let j = 0;
    b.term.nLevels.forEach((m, a) => {
      for (let l = 0; l < m; l++, j++) {
        if (colPtr[j + 1] - colPtr[j] > 1) {
          const rows = Array.from(rowIdx.subarray(colPtr[j], colPtr[j + 1]), (r) => r + 1).slice(0, 5).join(", ");
          throw new ModelSpecError(
            `rcov "${rcov}": term "${label}" gives one residual (${b.term.coefNames[a]}, level "${b.term.levelNames[a][l]}" of "${b.term.factor}") to several data rows (${rows}); ` +
              "each residual must be unique to a data point (MCMCglmm: R-structure miss-specified)",
          );
        }
        for (let e = colPtr[j]; e < colPtr[j + 1]; e++) {
          const r = rowIdx[e];
          if (term[r] >= 0) {
            throw new ModelSpecError(`rcov "${rcov}": data row ${r + 1} has a residual in both "${blocks[term[r]].term.label}" and "${label}"; residual terms must partition the data rows (e.g. with at.level)`);
          }
          term[r] = t;
          coef[r] = a;
          level[r] = l;
        }
      }
    });
  });
  const uncovered = term.indexOf(-1);
  if (uncovered >= 0) {
    throw new ModelSpecError(`rcov "${rcov}": data row ${uncovered + 1} has no residual; each data point must have a residual in exactly one residual term (MCMCglmm: R-structure miss-specified)`);
  }
  return { term, coef, level };
}

/** Places the residual blocks on the unit x trait grid (first fit, term by term). */
export function longGrid(blocks: readonly TermBlock[], residual: LongResidual, traitOf: Int32Array, nTraits: number, rcov: string): LongGrid {
  const nRows = traitOf.length;
  // the blocks of each term, keyed by level name, in order of first row
  const unitOf = new Int32Array(nRows).fill(-1);
  const occupied: boolean[][] = Array.from({ length: nTraits }, () => []);
  let nUnits = 0;
  blocks.forEach((b, t) => {
    const blockRows = new Map<string, number[]>();
    const separate = !hasCovariances(b.term);
    for (let i = 0; i < nRows; i++) {
      if (residual.term[i] !== t) continue;
      // without covariances between coefficients (idh, idv) each slot is a block of its own
      const level = b.term.levelNames[residual.coef[i]][residual.level[i]];
      const key = separate ? `${residual.coef[i]}\u0000${level}` : level;
      const rows = blockRows.get(key);
      if (rows === undefined) blockRows.set(key, [i]);
      else rows.push(i);
    }
    let next = 0;
    for (const [keyed, rows] of blockRows) {
      const key = keyed.slice(keyed.indexOf("\u0000") + 1);
      const traits = rows.map((i) => traitOf[i]);
      const twice = traits.findIndex((x, k) => traits.indexOf(x) !== k);
      if (twice >= 0) {
        throw new ModelSpecError(
          `rcov "${rcov}": level "${key}" of "${b.term.factor}" in residual term "${b.term.label}" holds two rows of one trait (data rows ${rows[traits.indexOf(traits[twice])] + 1} and ${rows[twice] + 1}); ` +
            "mcglmm needs each residual block to hold at most one row per trait",
        );
      }
      while (next < nUnits && traits.some((x) => occupied[x][next])) next++;
      let u: number;
      if (next < nUnits) u = next++;
      else {
        u = nUnits++;
        for (const cells of occupied) cells.push(false);
        next = nUnits;
      }
      for (const i of rows) {
        unitOf[i] = u;
        occupied[traitOf[i]][u] = true;
      }
    }
  });
  const nrow = nUnits * nTraits;
  const gridRow = Int32Array.from(unitOf, (u, i) => traitOf[i] * nUnits + u);
  const term = new Int32Array(nrow).fill(-1), coef = new Int32Array(nrow).fill(-1), level = new Int32Array(nrow).fill(-1);
  for (let i = 0; i < nRows; i++) {
    const g = gridRow[i];
    term[g] = residual.term[i];
    coef[g] = residual.coef[i];
    level[g] = residual.level[i];
  }
  return { nUnits, gridRow, term, coef, level };
}
