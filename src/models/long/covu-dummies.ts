// MCMCglmm's dummy rows for covu on long-format data. With prior R1 covu = true, level j of the
// last G term pairs with level j of the first residual term R1 (R/MCMCglmm.R); a (level,
// coefficient) slot of R1 that no data row fills gets a dummy row there: a missing response with
// zero X and Z rows, whose latent value carries beta u_j (covu_missing in R/MCMCglmm.R). Without
// it the joint draw of (u_j, r_j) would lack r_j. Here R1 takes the G term's levels on every
// coefficient, and each empty slot becomes a pseudo data row (index >= the number of data rows)
// of its coefficient's trait, placed on the grid like the others (long-residual.ts).

import { ModelSpecError } from "../../errors.js";
import type { TermBlock } from "../structures/build-term.js";
import type { CovarianceTerm, ModelSpec, VariancePriorSpec } from "../types.js";
import type { LongResidual } from "./long-residual.js";

export interface CovuDummies {
  /** R1 with the G term's levels on every coefficient. */
  readonly block: TermBlock;
  /** The residual slots of the data rows (R1's levels renumbered), then of the dummy rows. */
  readonly residual: LongResidual;
  /** Traits of the data rows, then of the dummy rows. */
  readonly traitOf: Int32Array;
  readonly count: number;
}

/** Whether the spec's prior R1 asks for covu (as covu-names.ts reads it). */
export function covuRequested(spec: ModelSpec): boolean {
  const R = spec.prior?.R;
  if (R === undefined) return false;
  const first = ("V" in R ? R : Object.values(R as Record<string, VariancePriorSpec>)[0]) as VariancePriorSpec | undefined;
  return first?.covu === true;
}

/**
 * R1's empty slots as dummy rows; undefined when some R1 level is not a level of the G term
 * (priors/covu.ts then refuses the pairing by name, as MCMCglmm's level-count check does).
 */
export function covuDummies(g: CovarianceTerm, r1: TermBlock, residual: LongResidual, traitOf: Int32Array, rcov: string): CovuDummies | undefined {
  const levels = g.levelNames[0];
  const index = new Map(levels.map((l, j) => [l, j]));
  const r = r1.term, d = r.dim, m = levels.length, N = traitOf.length;
  const level = residual.level.slice();
  const filled = Array.from({ length: d }, () => new Uint8Array(m));
  const slotTrait = new Int32Array(d).fill(-1);
  for (let i = 0; i < N; i++) {
    if (residual.term[i] !== 0) continue;
    const c = residual.coef[i];
    const j = index.get(r.levelNames[c][residual.level[i]]);
    if (j === undefined) return undefined;
    level[i] = j;
    filled[c][j] = 1;
    if (slotTrait[c] >= 0 && slotTrait[c] !== traitOf[i]) {
      throw new ModelSpecError(`rcov "${rcov}": covu = true: coefficient ${r.coefNames[c]} of ${r.label} holds rows of several traits, so its empty slots cannot be given dummy rows; write R1 over traits, e.g. us(at.level(trait, 2)):id`);
    }
    slotTrait[c] = traitOf[i];
  }
  const dummies: [number, number][] = [];
  filled.forEach((f, c) => f.forEach((x, j) => { if (x === 0) dummies.push([c, j]); }));
  if (dummies.some(([c]) => slotTrait[c] < 0)) {
    throw new ModelSpecError(`rcov "${rcov}": covu = true: a coefficient of ${r.label} has no data row at all`);
  }
  const D = dummies.length;
  const grow = (a: Int32Array, tail: (k: number) => number) => Int32Array.from({ length: N + D }, (_, i) => (i < N ? a[i] : tail(i - N)));
  const block: TermBlock = { ...r1, term: { ...r, nLevels: r.coefNames.map(() => m), levelNames: r.coefNames.map(() => levels) } };
  return {
    block,
    residual: { term: grow(residual.term, () => 0), coef: grow(residual.coef, (k) => dummies[k][0]), level: grow(level, (k) => dummies[k][1]) },
    traitOf: grow(traitOf, (k) => slotTrait[dummies[k][0]]),
    count: D,
  };
}
