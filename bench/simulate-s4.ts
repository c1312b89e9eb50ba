// S4-like bivariate animal-model data of any size, by the simulation of
// ../shared/scale/S4_animal/simulate.R scaled: 5 generations of animals/5, sires per generation
// = per-generation/40 (250 of 10,000), random mating, breeding values down the pedigree
// (parents' mean + Mendelian sampling with half of G), generations 2-5 measured on two Gaussian
// traits with residual covariance R, intercepts (10, 5) and +0.5 on trait 1 for males.
// Same logic as the R script, our own random stream (so not the same numbers).
//
//   npx tsx bench/simulate-s4.ts --animals 500000 --out /tmp/s4-500k
// writes pedigree.csv, data.csv and spec.json there (keep large sets out of git).

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createStream } from "../src/random/index.js";

export const S4_TRUTH = {
  G: [[1.0, 0.4], [0.4, 0.6]],
  R: [[1.5, 0.3], [0.3, 1.0]],
  fixed: { traity1: 10, traity2: 5, "traity1:sexM": 0.5, "traity2:sexM": 0 },
};

export const S4_SPEC = {
  fixed: "cbind(y1, y2) ~ trait - 1 + trait:sex",
  random: "~us(trait):animal",
  rcov: "~us(trait):units",
  family: ["gaussian", "gaussian"],
  prior: { R: { V: [[1, 0], [0, 1]], nu: 1.002 }, G: { G1: { V: [[1, 0], [0, 1]], nu: 1.002 } } },
};

export interface S4Data {
  /** animal, dam, sire (null = unknown), parents before offspring. */
  pedigree: { animal: string[]; dam: (string | null)[]; sire: (string | null)[] };
  /** One row per measured animal (generations 2..5). */
  rows: { animal: string; sex: string; y1: number; y2: number }[];
}

const N_GEN = 5;

export function simulateS4(nAnimals: number, seed = 404): S4Data {
  const perGen = Math.floor(nAnimals / N_GEN);
  const nSires = Math.max(2, Math.round(perGen / 40));
  const rng = createStream(seed, 0);
  const lg = cholesky2(S4_TRUTH.G), lr = cholesky2(S4_TRUTH.R);
  const n = perGen * N_GEN;
  const animal: string[] = new Array(n);
  const dam: (string | null)[] = new Array(n).fill(null), sire: (string | null)[] = new Array(n).fill(null);
  const male = new Uint8Array(n);
  const bv = new Float64Array(2 * n);
  const rows: S4Data["rows"] = [];
  const draw = (i: number, scale: number, d: number, s: number) => {
    const z1 = rng.normal(), z2 = rng.normal();
    const m0 = d < 0 ? 0 : (bv[2 * d] + bv[2 * s]) / 2, m1 = d < 0 ? 0 : (bv[2 * d + 1] + bv[2 * s + 1]) / 2;
    bv[2 * i] = m0 + scale * lg[0][0] * z1;
    bv[2 * i + 1] = m1 + scale * (lg[1][0] * z1 + lg[1][1] * z2);
  };
  for (let g = 0; g < N_GEN; g++) {
    const first = g * perGen;
    for (let j = 0; j < perGen; j++) {
      const i = first + j;
      animal[i] = `g${g + 1}_${String(j + 1).padStart(6, "0")}`;
      male[i] = rng.uniform() < 0.5 ? 1 : 0;
    }
    if (g === 0) {
      for (let j = 0; j < perGen; j++) draw(first + j, 1, -1, -1);
      continue;
    }
    const prev = first - perGen;
    const females: number[] = [], males: number[] = [];
    for (let i = prev; i < first; i++) (male[i] ? males : females).push(i);
    const pool = sampleWithoutReplacement(males, Math.min(nSires, males.length), () => rng.uniform());
    for (let j = 0; j < perGen; j++) {
      const i = first + j;
      const d = females[Math.floor(rng.uniform() * females.length)], s = pool[Math.floor(rng.uniform() * pool.length)];
      dam[i] = animal[d];
      sire[i] = animal[s];
      draw(i, Math.SQRT1_2, d, s);
      const e1 = rng.normal(), e2 = rng.normal();
      const y1 = 10 + bv[2 * i] + lr[0][0] * e1 + (male[i] ? 0.5 : 0);
      const y2 = 5 + bv[2 * i + 1] + lr[1][0] * e1 + lr[1][1] * e2;
      rows.push({ animal: animal[i], sex: male[i] ? "M" : "F", y1: round5(y1), y2: round5(y2) });
    }
  }
  return { pedigree: { animal, dam, sire }, rows };
}

/** The pedigree as CSV text (NA = unknown parent), as the S4 files have it. */
export function pedigreeCsv(data: S4Data): string {
  const { animal, dam, sire } = data.pedigree;
  const ped = ['"animal","dam","sire"'];
  for (let i = 0; i < animal.length; i++) ped.push(`"${animal[i]}",${dam[i] ? `"${dam[i]}"` : "NA"},${sire[i] ? `"${sire[i]}"` : "NA"}`);
  return ped.join("\n") + "\n";
}

export function writeS4(data: S4Data, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "pedigree.csv"), pedigreeCsv(data));
  const dat = ['"animal","sex","y1","y2"'];
  for (const r of data.rows) dat.push(`"${r.animal}","${r.sex}",${r.y1},${r.y2}`);
  writeFileSync(join(dir, "data.csv"), dat.join("\n") + "\n");
  const spec = { data: "data.csv", pedigree: "pedigree.csv", ...S4_SPEC, nitt: 1300, burnin: 300, thin: 1, chains: 1, seed: 1 };
  writeFileSync(join(dir, "spec.json"), JSON.stringify(spec, null, 2) + "\n");
}

function cholesky2(S: number[][]): number[][] {
  const l11 = Math.sqrt(S[0][0]), l21 = S[1][0] / l11;
  return [[l11, 0], [l21, Math.sqrt(S[1][1] - l21 * l21)]];
}

function round5(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}

/** k of xs without replacement (partial Fisher-Yates on a copy). */
function sampleWithoutReplacement<T>(xs: readonly T[], k: number, uniform: () => number): T[] {
  const a = xs.slice();
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(uniform() * (a.length - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? undefined : process.argv[i + 1];
  };
  const animals = Number(arg("--animals") ?? 50000), out = arg("--out");
  if (!out || !Number.isInteger(animals) || animals < 10) throw new Error("usage: tsx bench/simulate-s4.ts --animals N --out DIR");
  const data = simulateS4(animals, Number(arg("--seed") ?? 404));
  writeS4(data, out);
  console.log(`pedigree ${data.pedigree.animal.length} records ${data.rows.length} -> ${out}`);
}
