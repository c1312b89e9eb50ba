// Simulated maternal-effects animal model (Willham 1963; Kruuk & Hadfield 2007, J. Evol. Biol.):
// every animal has a direct breeding value a and a maternal breeding value m with covariance G
// between them (both transmitted down the pedigree, Mendelian sampling scaled by the parents'
// inbreeding), and one record y = mu + a_i + m_dam(i) + e_i (founders, whose dam is unknown,
// have no maternal effect). The model that recovers G is ~str(animal + dam) on the pedigree.

import { fit, type Fit, type FitOptions } from "../../src/fit.js";
import { inverseA, parsePedigree } from "../../src/models/relationships/pedigree.js";
import type { ModelSpec } from "../../src/models/types.js";
import { createStream } from "../../src/random/index.js";
import { simulateDemePedigree } from "./simulate-animal.js";

export interface MaternalSimulation {
  pedigreeCsv: string;
  rows: Record<string, unknown>[];
}

/** G, 2 x 2 [[Va, Cam], [Cam, Vm]]; residual variance ve; intercept mu. */
export function simulateMaternal(seed: number, nAnimals: number, founders: number, G: number[][], ve: number, mu: number): MaternalSimulation {
  const rng = createStream(seed, 0);
  const l11 = Math.sqrt(G[0][0]), l21 = G[1][0] / l11, l22 = Math.sqrt(G[1][1] - l21 * l21);
  const { dam, sire, id, pedigreeCsv, inbreeding } = simulateDemePedigree(rng, nAnimals, founders);
  const bv: number[][] = [];
  for (let i = 0; i < nAnimals; i++) {
    let mean = [0, 0], scale = 1;
    if (dam[i] >= 0) {
      mean = [0, 1].map((t) => (bv[dam[i]][t] + bv[sire[i]][t]) / 2);
      scale = Math.sqrt(0.5 * (1 - (inbreeding[dam[i]] + inbreeding[sire[i]]) / 2));
    }
    const z1 = rng.normal(), z2 = rng.normal();
    bv.push([mean[0] + scale * l11 * z1, mean[1] + scale * (l21 * z1 + l22 * z2)]);
  }
  const rows = bv.map((b, i) => ({
    y: mu + b[0] + (dam[i] >= 0 ? bv[dam[i]][1] : 0) + Math.sqrt(ve) * rng.normal(),
    animal: id(i),
    dam: dam[i] >= 0 ? id(dam[i]) : null,
  }));
  return { pedigreeCsv, rows };
}

/** Fits y ~ 1, random ~str(animal + dam) with the pedigree's A^-1 (dam coded on the pedigree's animals). */
export function fitMaternal(sim: MaternalSimulation, prior: ModelSpec["prior"], options: FitOptions): Promise<Fit> {
  const { Ainv, ids } = inverseA(parsePedigree(sim.pedigreeCsv));
  const spec: ModelSpec = { fixed: "y ~ 1", random: "~str(animal + dam)", family: "gaussian", prior };
  return fit(spec, sim.rows, { ...options, relationships: { animal: { levels: ids, Ainv } } });
}
