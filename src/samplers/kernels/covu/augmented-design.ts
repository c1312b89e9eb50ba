// The design of MCMCglmm's covu model in the location sampler: the G term's columns become
// Z_G + Z_R (beta (x) I), beta = S_RG S_GG^-1 (joint-covariance.ts), so that the residual left is
// the Schur complement. Level j of the G term pairs with level j of the residual term (MCMCglmm
// pairs them by position; mcglmm also checks their names, priors/covu.ts; pairing.ts says which
// rows are level j's). The union pattern of Z_G and the residual rows is fixed once, so
// each iteration only refills the G term's values from beta (MCMCglmm keeps the pattern by adding
// 1e-16 to beta; here the pattern is structural), allocation-free.

import type { Csc } from "../../../linalg/csc.js";
import { cscFromTriplets } from "../../../linalg/index.js";
import type { Model } from "../../../models/types.js";
import { covuRowLevels } from "./pairing.js";

export interface CovuDesign {
  /** W = [X Z] with the G term's columns augmented; its values follow the last refill. */
  readonly W: Csc;
  /**
   * W(beta) = W0 + sum_s beta[s] E_s: E_s holds a 1 where beta[s] enters (s = c * qG + g), so the
   * mixed-model equations can be written as fixed pieces with coefficients in beta (mme.ts).
   */
  readonly pieces: readonly Csc[];
  /** The G term's values given beta (qR x qG row-major). */
  refill(beta: ArrayLike<number>): void;
}

/**
 * W = [X Z] (as mme.ts builds it, rows trait-major) with random term `gTerm`'s columns joined to
 * the rows of the first residual term: each such row of unit j, residual coefficient c, enters
 * column (g, level j) with value beta[c, g] (plus Z_G's own value where both have the row).
 */
export function buildCovuDesign(model: Model, W: Csc, nFixed: number, gTerm: number): CovuDesign {
  const g = model.randomTerms[gTerm], r = model.residualTerms[0];
  const n = model.nUnits;
  if (model.long === undefined && (r.factor !== "units" || r.nLevels.some((m) => m !== n))) throw new RangeError("covu design: the residual term must be over units with every unit kept");
  const qG = g.dim, m = g.nLevels[0];
  if (g.nLevels.some((x) => x !== m)) throw new RangeError("covu design: every coefficient of the G term must have the same levels");
  // the first residual term's rows of each level of the G term, with their coefficient
  const pair = covuRowLevels(model, gTerm);
  const levelRows: number[][] = Array.from({ length: m }, () => []);
  for (let row = 0; row < pair.length; row++) if (pair[row] >= 0) levelRows[pair[row]].push(row);
  const first = nFixed + g.zOffset;
  const last = first + qG * m;
  const colPtr = new Int32Array(W.ncol + 1);
  const rows: number[] = [], base: number[] = [], betaIndex: number[] = [];
  for (let col = 0; col < W.ncol; col++) {
    const entries = new Map<number, { value: number; b: number }>();
    for (let e = W.colPtr[col]; e < W.colPtr[col + 1]; e++) entries.set(W.rowIdx[e], { value: W.values[e], b: -1 });
    if (col >= first && col < last) {
      const a = Math.floor((col - first) / m), j = (col - first) % m;
      for (const row of levelRows[j]) {
        const b = model.residualIndex.coef[row] * qG + a;
        const had = entries.get(row);
        entries.set(row, { value: had?.value ?? 0, b });
      }
    }
    for (const row of [...entries.keys()].sort((x, y) => x - y)) {
      const { value, b } = entries.get(row)!;
      rows.push(row);
      base.push(value);
      betaIndex.push(b);
    }
    colPtr[col + 1] = rows.length;
  }
  const values = Float64Array.from(base);
  const baseValues = Float64Array.from(base);
  const index = Int32Array.from(betaIndex);
  const from = colPtr[first], to = colPtr[last];
  const rowIdx = Int32Array.from(rows);
  const pieces = Array.from({ length: r.dim * qG }, (_, s) => {
    const pr: number[] = [], pc: number[] = [], pv: number[] = [];
    for (let col = first; col < last; col++) {
      for (let e = colPtr[col]; e < colPtr[col + 1]; e++) if (index[e] === s) { pr.push(rowIdx[e]); pc.push(col); pv.push(1); }
    }
    return cscFromTriplets(W.nrow, W.ncol, pr, pc, pv);
  });
  return {
    W: { nrow: W.nrow, ncol: W.ncol, colPtr, rowIdx, values },
    pieces,
    refill(beta) {
      for (let e = from; e < to; e++) values[e] = index[e] < 0 ? baseValues[e] : baseValues[e] + beta[index[e]];
    },
  };
}
