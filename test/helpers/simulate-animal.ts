// Simulated animal-model data: a random pedigree, bivariate breeding values with genetic
// covariance G (Mendelian sampling down the pedigree), residuals with covariance R, and a
// Gaussian trait plus a binary threshold trait (y = 1 when its liability exceeds 0).

import { fit, type Fit, type FitOptions } from "../../src/fit.js";
import { inverseA, parsePedigree } from "../../src/models/relationships/pedigree.js";
import type { ModelSpec } from "../../src/models/types.js";
import { createStream, type Rng } from "../../src/random/index.js";

export interface AnimalSimulation {
  pedigreeCsv: string;
  rows: Record<string, unknown>[];
  G: number[][];
  R: number[][];
  beta: number[];
}

const DEME = 20;

function chol2(S: number[][]): number[][] {
  const l11 = Math.sqrt(S[0][0]);
  const l21 = S[1][0] / l11;
  return [[l11, 0], [l21, Math.sqrt(S[1][1] - l21 * l21)]];
}

/**
 * `nAnimals` animals in generations of `founders`, split into demes of 20 (as in a population of
 * breeding sites): the first generation has unknown parents, each later animal a random dam (even
 * index) and sire (odd index) from its deme in the previous generation. Every animal has one record.
 */
export function simulateAnimalModel(seed: number, nAnimals: number, founders: number, G: number[][], R: number[][], beta: number[]): AnimalSimulation {
  const rng = createStream(seed, 0);
  const lg = chol2(G), lr = chol2(R);
  const { dam, sire, id, pedigreeCsv, inbreeding } = simulateDemePedigree(rng, nAnimals, founders);
  // breeding values: parents' mean plus Mendelian sampling with variance G (1 - (F_d + F_s)/2) / 2
  const u: number[][] = [];
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < nAnimals; i++) {
    let scale = 1;
    let mean = [0, 0];
    if (dam[i] >= 0) {
      mean = [0, 1].map((t) => (u[dam[i]][t] + u[sire[i]][t]) / 2);
      scale = Math.sqrt(0.5 * (1 - (inbreeding[dam[i]] + inbreeding[sire[i]]) / 2));
    }
    const z1 = rng.normal(), z2 = rng.normal();
    u.push([mean[0] + scale * lg[0][0] * z1, mean[1] + scale * (lg[1][0] * z1 + lg[1][1] * z2)]);
    const e1 = rng.normal(), e2 = rng.normal();
    const size = beta[0] + u[i][0] + lr[0][0] * e1;
    const liability = beta[1] + u[i][1] + lr[1][0] * e1 + lr[1][1] * e2;
    rows.push({ size, binary: liability > 0 ? 1 : 0, animal: id(i) });
  }
  return { pedigreeCsv, rows, G, R, beta };
}

/** Fits the simulated Gaussian + threshold animal model (us(trait) for animal and units) on its pedigree. */
export function fitAnimalThreshold(sim: AnimalSimulation, prior: ModelSpec["prior"], options: FitOptions): Promise<Fit> {
  const { Ainv, ids } = inverseA(parsePedigree(sim.pedigreeCsv));
  const spec: ModelSpec = {
    fixed: "cbind(size, binary) ~ trait - 1",
    random: "~us(trait):animal",
    rcov: "~us(trait):units",
    family: ["gaussian", "threshold"],
    prior,
  };
  return fit(spec, sim.rows, { ...options, relationships: { animal: { levels: ids, Ainv } } });
}

/**
 * The simulated pedigree both animal-model helpers use: `founders` animals per generation in
 * demes of DEME, each later animal's dam among the previous generation's even-numbered animals of
 * its deme and its sire among the odd ones; with its CSV and inbreeding coefficients.
 */
export function simulateDemePedigree(rng: Rng, nAnimals: number, founders: number) {
  const dam = new Int32Array(nAnimals).fill(-1), sire = new Int32Array(nAnimals).fill(-1);
  const id = (i: number) => `A${String(i).padStart(5, "0")}`;
  const lines = ['"animal","dam","sire"'];
  for (let i = 0; i < nAnimals; i++) {
    if (i >= founders) {
      const deme = Math.floor((i % founders) / DEME) * DEME;
      const start = (Math.floor(i / founders) - 1) * founders + deme;
      const pick = (parity: number) => { let j; do { j = start + Math.floor(rng.uniform() * DEME); } while (j % 2 !== parity); return j; };
      dam[i] = pick(0);
      sire[i] = pick(1);
    }
    lines.push(`"${id(i)}",${dam[i] < 0 ? "" : `"${id(dam[i])}"`},${sire[i] < 0 ? "" : `"${id(sire[i])}"`}`);
  }
  const pedigreeCsv = lines.join("\n") + "\n";
  const { inbreeding } = inverseA(parsePedigree(pedigreeCsv));
  return { dam, sire, id, pedigreeCsv, inbreeding };
}
