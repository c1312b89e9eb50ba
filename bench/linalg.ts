// Benchmark of the per-iteration linear algebra of the location-effects update: refill C from its
// pieces, refactorise, solve for the mean and add N(0, C^-1) noise.
// Run alone: npx tsx -e "import('./bench/linalg.ts').then(m => m.run())"

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  type Csc,
  analyseCholesky,
  createFactor,
  crossprodBlockDiag,
  cscFromTriplets,
  embed,
  factorNumeric,
  fillAssembly,
  identity,
  kron,
  planAssembly,
  solveMeanPlusNoise,
  upperTriangle,
} from "../src/linalg/index.js";

interface Case {
  name: string;
  n: number;
  pieces: Csc[];
  coefficients: number[];
}

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Univariate design [X | Z_1 | Z_2 ...]: nfixed columns (intercept + covariates), one indicator per factor. */
function design(nobs: number, nfixed: number, levels: number[], u: () => number): Csc {
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let o = 0; o < nobs; o++) {
    for (let f = 0; f < nfixed; f++) {
      r.push(o);
      c.push(f);
      v.push(f === 0 ? 1 : u() * 2 - 1);
    }
    let off = nfixed;
    for (const L of levels) {
      r.push(o);
      c.push(off + Math.floor(u() * L));
      v.push(1);
      off += L;
    }
  }
  return cscFromTriplets(nobs, off(nfixed, levels), r, c, v);
}

function off(nfixed: number, levels: number[]): number {
  return nfixed + levels.reduce((a, b) => a + b, 0);
}

/** Diagonal block: ones on columns [from, to), as an n x n matrix. */
function diagBlock(n: number, from: number, to: number): Csc {
  return embed(identity(to - from), n, n, from, from);
}

function randomInterceptCase(): Case {
  const u = seeded(1);
  const nfixed = 5;
  const W = design(20_000, nfixed, [2000], u);
  const n = W.ncol;
  return {
    name: "(a) random intercept, 2,000 levels, 5 fixed, 20,000 rows",
    n,
    pieces: [upperTriangle(crossprodBlockDiag(W, 1, W.nrow, [1])), diagBlock(n, 0, nfixed), diagBlock(n, nfixed, n)],
    coefficients: [1 / 1.3, 1e-8, 1 / 0.7],
  };
}

function crossedCase(): Case {
  const u = seeded(2);
  const nfixed = 3;
  const W = design(100_000, nfixed, [2000, 500], u);
  const n = W.ncol;
  return {
    name: "(b) crossed intercepts 2,000 x 500, 3 fixed, 100,000 rows",
    n,
    pieces: [
      upperTriangle(crossprodBlockDiag(W, 1, W.nrow, [1])),
      diagBlock(n, 0, nfixed),
      diagBlock(n, nfixed, nfixed + 2000),
      diagBlock(n, nfixed + 2000, n),
    ],
    coefficients: [1 / 1.3, 1e-8, 1 / 0.7, 1 / 0.4],
  };
}

/** Henderson's rules without inbreeding (enough for the pattern and a realistic SPD matrix). */
function hendersonAinv(ids: string[], dam: Int32Array, sire: Int32Array): Csc {
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const par = [dam[i], sire[i]].filter((p) => p >= 0);
    const b = par.length === 2 ? 2 : par.length === 1 ? 4 / 3 : 1;
    const who = [i, ...par];
    const coef = [1, ...par.map(() => -0.5)];
    for (let a = 0; a < who.length; a++) {
      for (let d = 0; d < who.length; d++) {
        r.push(who[a]);
        c.push(who[d]);
        v.push(b * coef[a] * coef[d]);
      }
    }
  }
  return cscFromTriplets(ids.length, ids.length, r, c, v);
}

async function btAinv(): Promise<{ Ainv: Csc; source: string }> {
  const file = fileURLToPath(new URL("../test/fixtures/pedigree/BTped.csv", import.meta.url));
  const text = readFileSync(file, "utf8");
  try {
    const path = "../src/models/pedigree.js";
    const mod = (await import(path)) as {
      parsePedigree: (t: string) => { ids: string[]; dam: Int32Array; sire: Int32Array };
      inverseA: (p: unknown) => { Ainv: Csc };
    };
    return { Ainv: mod.inverseA(mod.parsePedigree(text)).Ainv, source: "models/pedigree inverseA" };
  } catch {
    // Fallback: minimal parse (animal, dam, sire; parents precede offspring in BTped.csv).
    const lines = text.trim().split(/\r?\n/).slice(1);
    const ids = lines.map((l) => l.split(",")[0].replace(/"/g, ""));
    const index = new Map(ids.map((id, i) => [id, i]));
    const parent = (s: string | undefined): number => (s && s !== "NA" ? (index.get(s.replace(/"/g, "")) ?? -1) : -1);
    const dam = Int32Array.from(lines, (l) => parent(l.split(",")[1]));
    const sire = Int32Array.from(lines, (l) => parent(l.split(",")[2]));
    return { Ainv: hendersonAinv(ids, dam, sire), source: "Henderson rules, no inbreeding" };
  }
}

async function btCase(): Promise<Case> {
  const u = seeded(3);
  const { Ainv, source } = await btAinv();
  const nAnimal = Ainv.ncol;
  const nRec = 828;
  const nNest = 104;
  const nfix = 3; // per trait: intercept, sex, hatch date
  const k = 2;
  // one record for each of 828 randomly chosen pedigree members, each in a random foster nest
  const animals = Int32Array.from({ length: nAnimal }, (_, i) => i);
  for (let i = nAnimal - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    [animals[i], animals[j]] = [animals[j], animals[i]];
  }
  const offAnimal = k * nfix;
  const offNest = offAnimal + k * nAnimal;
  const n = offNest + k * nNest;
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let rec = 0; rec < nRec; rec++) {
    const nest = Math.floor(u() * nNest);
    const sex = u() < 0.5 ? 1 : 0;
    const hatch = u() * 2 - 1;
    for (let t = 0; t < k; t++) {
      const row = t * nRec + rec;
      r.push(row, row, row, row, row);
      c.push(t * nfix, t * nfix + 1, t * nfix + 2, offAnimal + t * nAnimal + animals[rec], offNest + t * nNest + nest);
      v.push(1, sex, hatch, 1, 1);
    }
  }
  const W = cscFromTriplets(k * nRec, n, r, c, v);
  const E = [
    [1, 0, 0, 0],
    [0, 1, 1, 0],
    [0, 0, 0, 1],
  ];
  const Rinv = [1.2, -0.4, 0.9]; // R^-1 entries (1,1), (1,2), (2,2)
  const Ginv = [2.1, -0.6, 1.7];
  const Ninv = [3.0, 0.2, 2.5];
  const pieces: Csc[] = [];
  const coefficients: number[] = [];
  for (let e = 0; e < 3; e++) {
    pieces.push(upperTriangle(crossprodBlockDiag(W, k, nRec, E[e])));
    coefficients.push(Rinv[e]);
    pieces.push(embed(upperTriangle(kron(E[e], k, Ainv)), n, n, offAnimal, offAnimal));
    coefficients.push(Ginv[e]);
    pieces.push(embed(kron(E[e], k, identity(nNest)), n, n, offNest, offNest));
    coefficients.push(Ninv[e]);
  }
  pieces.push(diagBlock(n, 0, offAnimal));
  coefficients.push(1e-8);
  return { name: `(c) BTdata bivariate animal model (1,040 animals, 104 nests; A^-1: ${source})`, n, pieces, coefficients };
}

function timeCase(cs: Case): Record<string, string | number> {
  const t0 = performance.now();
  const plan = planAssembly(cs.n, cs.pieces);
  const sym = analyseCholesky(plan.pattern);
  const tAnalyse = performance.now() - t0;
  const natural = analyseCholesky(plan.pattern, { ordering: "natural" });
  const L = createFactor(sym);
  const C = new Float64Array(plan.pattern.values.length);
  const coef = Float64Array.from(cs.coefficients);
  const u = seeded(9);
  const rhs = Float64Array.from({ length: cs.n }, () => u() - 0.5);
  const z = Float64Array.from({ length: cs.n }, () => u() - 0.5);
  const theta = new Float64Array(cs.n);
  const once = (): void => {
    fillAssembly(plan, coef, C);
    factorNumeric(sym, C, L);
    solveMeanPlusNoise(sym, L, rhs, z, theta);
  };
  for (let i = 0; i < 5; i++) once();
  let reps = 0;
  const t1 = performance.now();
  while (reps < 10 || (performance.now() - t1 < 2000 && reps < 500)) {
    once();
    reps++;
  }
  const msTotal = (performance.now() - t1) / reps;
  const t2 = performance.now();
  for (let i = 0; i < reps; i++) factorNumeric(sym, C, L);
  const msFactor = (performance.now() - t2) / reps;
  const nnzC = plan.pattern.colPtr[cs.n];
  return {
    case: cs.name,
    n: cs.n,
    "nnz(C upper)": nnzC,
    "nnz(L) AMD": sym.nnzL,
    "nnz(L) natural": natural.nnzL,
    "fill AMD": (sym.nnzL / nnzC).toFixed(2),
    "fill natural": (natural.nnzL / nnzC).toFixed(2),
    supernodes: sym.nsuper,
    "Mflop/factor": (sym.flops / 1e6).toFixed(1),
    "analyse ms": tAnalyse.toFixed(0),
    "factor ms": msFactor.toFixed(2),
    "fill+factor+solve ms": msTotal.toFixed(2),
  };
}

export async function run(): Promise<void> {
  const rows = [timeCase(randomInterceptCase()), timeCase(crossedCase()), timeCase(await btCase())];
  console.table(rows);
}
