// Long-format data for MCMCglmm's main covu use: trait y1 measured `reps` times per id, trait y2
// once per id, the id effect u on y1 and the y2 residual r jointly N(0, Sigma) per id
// (Sigma = [[Sgg, Sgr], [Sgr, Srr]]), y1 rows with their own residual of variance s2.

import { createStream } from "../../src/random/index.js";

export interface CovuLongTruth {
  readonly mu: readonly [number, number];
  readonly Sigma: readonly [number, number, number];
  readonly s2: number;
}

/** `noY2Every`: every such id (k % noY2Every === noY2Every - 1) has no y2 row (MCMCglmm's dummy then). */
export function simulateCovuLong(nId: number, reps: number, truth: CovuLongTruth, seed: number, noY2Every = 0): Record<string, string | number>[] {
  const rng = createStream(seed, 0);
  const [sgg, sgr, srr] = truth.Sigma;
  const l11 = Math.sqrt(sgg), l21 = sgr / l11, l22 = Math.sqrt(srr - l21 * l21);
  const rows: Record<string, string | number>[] = [];
  for (let k = 0; k < nId; k++) {
    const z1 = rng.normal(), z2 = rng.normal();
    const u = l11 * z1, r = l21 * z1 + l22 * z2;
    const id = `id${k + 1}`;
    for (let i = 0; i < reps; i++) rows.push({ id, trait: "y1", family: "gaussian", y: truth.mu[0] + u + Math.sqrt(truth.s2) * rng.normal() });
    if (noY2Every === 0 || k % noY2Every !== noY2Every - 1) rows.push({ id, trait: "y2", family: "gaussian", y: truth.mu[1] + r });
  }
  return rows;
}
