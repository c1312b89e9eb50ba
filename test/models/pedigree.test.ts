import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DataError } from "../../src/errors.js";
import type { Csc } from "../../src/linalg/csc.js";
import { inverseA, parsePedigree, type Pedigree } from "../../src/models/relationships/pedigree.js";

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../fixtures/pedigree/${name}`, import.meta.url)), "utf8");

function toDense(m: Csc): number[][] {
  const out = Array.from({ length: m.nrow }, () => new Array<number>(m.ncol).fill(0));
  for (let j = 0; j < m.ncol; j++) {
    for (let p = m.colPtr[j]; p < m.colPtr[j + 1]; p++) out[m.rowIdx[p]][j] += m.values[p];
  }
  return out;
}

function expectValidCsc(m: Csc): void {
  expect(m.colPtr.length).toBe(m.ncol + 1);
  for (let j = 0; j < m.ncol; j++) {
    for (let p = m.colPtr[j] + 1; p < m.colPtr[j + 1]; p++) expect(m.rowIdx[p]).toBeGreaterThan(m.rowIdx[p - 1]);
  }
}

/** MCMCglmm's upper triangle (1-based row,col,value) against our full matrix, entry by entry. */
function expectMatchesUpper(ours: Csc, upperCsv: string): void {
  const reference = new Map<string, number>();
  for (const line of upperCsv.trim().split("\n").slice(1)) {
    const [r, c, v] = line.split(",").map(Number);
    reference.set(`${r - 1},${c - 1}`, v);
  }
  let compared = 0;
  for (let j = 0; j < ours.ncol; j++) {
    for (let p = ours.colPtr[j]; p < ours.colPtr[j + 1]; p++) {
      const i = ours.rowIdx[p];
      const upperKey = i <= j ? `${i},${j}` : `${j},${i}`;
      const expected = reference.get(upperKey) ?? 0;
      expect(Math.abs(ours.values[p] - expected), `A^-1[${i},${j}]`).toBeLessThan(1e-12);
      compared++;
    }
  }
  // Every reference entry is present in ours (in both triangles).
  const dense = toDense(ours);
  for (const [key, v] of reference) {
    const [i, j] = key.split(",").map(Number);
    expect(Math.abs(dense[i][j] - v)).toBeLessThan(1e-12);
    expect(Math.abs(dense[j][i] - v)).toBeLessThan(1e-12);
  }
  expect(compared).toBeGreaterThanOrEqual(reference.size);
}

function expectMatchesInbreeding(ids: string[], F: Float64Array, csv: string): void {
  const lines = csv.trim().split("\n").slice(1);
  expect(lines.length).toBe(ids.length);
  lines.forEach((line, k) => {
    const [node, value] = line.split(",");
    expect(JSON.parse(node)).toBe(ids[k]);
    expect(Math.abs(F[k] - Number(value))).toBeLessThan(1e-12);
  });
}

describe("inverseA against MCMCglmm", () => {
  for (const name of ["BTped", "small_inbred"]) {
    it(`${name}: A^-1 and inbreeding match MCMCglmm::inverseA to 1e-12`, () => {
      const ped = parsePedigree(fixture(`${name}.csv`));
      const { Ainv, inbreeding, ids } = inverseA(ped);
      expect(Ainv.nrow).toBe(ids.length);
      expectValidCsc(Ainv);
      expectMatchesUpper(Ainv, fixture(`${name}_Ainv_upper.csv`));
      expectMatchesInbreeding(ids, inbreeding, fixture(`${name}_inbreeding.csv`));
    });
  }

  it("BTped ids are in file order (the order of MCMCglmm's animal Z columns)", () => {
    const text = fixture("BTped.csv");
    const fileOrder = text.trim().split("\n").slice(1).map((l) => JSON.parse(l.split(",")[0]) as string);
    const ped = parsePedigree(text);
    expect(ped.ids).toEqual(fileOrder);
    expect(ped.ids.length).toBe(1040);
  });
});

describe("parsePedigree", () => {
  it("reads any header names, empty and bare NA as unknown, keeps '0' and quoted \"NA\" as ids", () => {
    const ped = parsePedigree('id,mother,father\n0,NA,\nx,,"NA"\ny,0,x\n');
    expect(ped.ids).toEqual(["NA", "0", "x", "y"]);
    expect([...ped.dam]).toEqual([-1, -1, -1, 1]);
    expect([...ped.sire]).toEqual([-1, -1, 0, 2]);
  });

  it("adds unlisted parents as founders at the top, in order of first appearance", () => {
    const ped = parsePedigree("animal,dam,sire\nc,a,b\nd,e,b\n");
    expect(ped.ids).toEqual(["a", "b", "e", "c", "d"]);
    expect([...ped.dam]).toEqual([-1, -1, -1, 0, 2]);
    expect([...ped.sire]).toEqual([-1, -1, -1, 1, 1]);
  });

  it("moves a parent listed after its offspring to just before it, keeping the rest in file order", () => {
    const ped = parsePedigree("animal,dam,sire\nx,,\nc,a,b\ny,,\nb,,\na,g,\ng,,\n");
    expect(ped.ids).toEqual(["x", "g", "a", "b", "c", "y"]);
  });

  it("ignores R's unnamed row-names column", () => {
    const ped = parsePedigree('"","animal","dam","sire"\n"1","a",NA,NA\n"2","b","a",NA\n');
    expect(ped.ids).toEqual(["a", "b"]);
    expect([...ped.dam]).toEqual([-1, 0]);
  });

  const rejects = (text: string, message: RegExp): void => {
    expect(() => parsePedigree(text)).toThrow(DataError);
    expect(() => parsePedigree(text)).toThrow(message);
  };
  it("rejects an empty file, a header without rows, too few columns", () => {
    rejects("", /empty/);
    rejects("\n\n", /empty/);
    rejects("animal,dam,sire\n", /no individuals/);
    rejects("animal,dam\na,b\n", /three columns/);
  });
  it("rejects a duplicate id, naming it", () => {
    rejects("animal,dam,sire\na,,\nb,,\na,,\n", /"a" is listed twice \(lines 2 and 4\)/);
  });
  it("rejects an individual that is both a dam and a sire, naming it", () => {
    rejects("animal,dam,sire\na,,\nb,,\nc,a,b\nd,b,a\n", /"a" appears both as a dam and as a sire/);
  });
  it("rejects an animal that is its own ancestor, naming it", () => {
    rejects("animal,dam,sire\na,a,\n", /"a" is its own ancestor/);
    rejects("animal,dam,sire\na,c,\nb,a,\nc,b,\n", /is its own ancestor \(([abc]) -> [abc] -> [abc] -> \1/);
    rejects("animal,dam,sire\nm,,\nx,y,m\ny,z,\nz,x,\n", /"[xyz]" is its own ancestor/);
  });
  it("rejects a missing animal id", () => {
    rejects("animal,dam,sire\nNA,,\n", /line 2 has no animal id/);
  });
});

// ------------------------------------------------------------------ property tests

/** Random valid pedigree: each individual has a sex; parents are earlier females/males or unknown. */
const pedigreeArb = fc
  .array(
    fc.record({
      female: fc.boolean(),
      damPick: fc.option(fc.nat(), { freq: 3 }),
      sirePick: fc.option(fc.nat(), { freq: 3 }),
      recent: fc.integer({ min: 2, max: 8 }), // parents drawn among the last few: inbreeding
    }),
    { minLength: 1, maxLength: 45 },
  )
  .map((spec): Pedigree => {
    const n = spec.length;
    const dam = new Int32Array(n).fill(-1);
    const sire = new Int32Array(n).fill(-1);
    const females: number[] = [];
    const males: number[] = [];
    spec.forEach((s, i) => {
      const pick = (pool: number[], k: number | null): number => {
        if (k === null || pool.length === 0) return -1;
        const window = Math.min(pool.length, s.recent);
        return pool[pool.length - 1 - (k % window)];
      };
      dam[i] = pick(females, s.damPick);
      sire[i] = pick(males, s.sirePick);
      (s.female ? females : males).push(i);
    });
    return { ids: spec.map((_, i) => `id${i}`), dam, sire };
  });

/** Dense A by the tabular method (Emik & Terrill 1949). */
function tabularA(ped: Pedigree): number[][] {
  const n = ped.ids.length;
  const A = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const s = ped.dam[i];
    const t = ped.sire[i];
    for (let j = 0; j < i; j++) {
      A[i][j] = A[j][i] = 0.5 * ((s >= 0 ? A[j][s] : 0) + (t >= 0 ? A[j][t] : 0));
    }
    A[i][i] = 1 + (s >= 0 && t >= 0 ? 0.5 * A[s][t] : 0);
  }
  return A;
}

function toCsv(ped: Pedigree, order: number[], drop: Set<number>): string {
  const name = (k: number): string => (k < 0 ? "NA" : ped.ids[k]);
  const lines = order.filter((i) => !drop.has(i)).map((i) => `${ped.ids[i]},${name(ped.dam[i])},${name(ped.sire[i])}`);
  return ["animal,dam,sire", ...lines].join("\n");
}

describe("inverseA properties", () => {
  const params = { seed: 20240611, numRuns: 150 };

  it("A^-1 A = I (A by the tabular method) and F = diag(A) - 1", () => {
    fc.assert(
      fc.property(pedigreeArb, (ped) => {
        const { Ainv, inbreeding } = inverseA(ped);
        const A = tabularA(ped);
        const Ai = toDense(Ainv);
        const n = ped.ids.length;
        for (let i = 0; i < n; i++) {
          expect(Math.abs(inbreeding[i] - (A[i][i] - 1))).toBeLessThan(1e-12);
          for (let j = 0; j < n; j++) {
            expect(Ai[i][j]).toBe(Ai[j][i]);
            let s = 0;
            for (let k = 0; k < n; k++) s += Ai[i][k] * A[k][j];
            expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-9);
          }
        }
      }),
      params,
    );
  });

  it("some generated pedigrees are inbred (the generator exercises F > 0)", () => {
    const samples = fc.sample(pedigreeArb, { seed: 7, numRuns: 100 });
    const inbred = samples.filter((ped) => inverseA(ped).inbreeding.some((f) => f > 0));
    expect(inbred.length).toBeGreaterThan(10);
  });

  it("parsing a shuffled file with unlisted founders orders parents first and gives the same A^-1 up to the permutation", () => {
    fc.assert(
      fc.property(
        pedigreeArb.chain((ped) =>
          fc.tuple(
            fc.constant(ped),
            fc.shuffledSubarray([...ped.ids.keys()], { minLength: ped.ids.length, maxLength: ped.ids.length }),
            fc.array(fc.nat({ max: ped.ids.length - 1 }), { maxLength: 5 }),
          ),
        ),
        ([ped, order, dropPicks]) => {
          // Only founders may be left out of the file: they come back as parents.
          const isParent = (i: number): boolean => ped.dam.includes(i) || ped.sire.includes(i);
          const drop = new Set(dropPicks.filter((i) => ped.dam[i] < 0 && ped.sire[i] < 0 && isParent(i)));
          const parsed = parsePedigree(toCsv(ped, order, drop));
          expect([...parsed.ids].sort()).toEqual([...ped.ids].sort());
          const pos = new Map(parsed.ids.map((id, k) => [id, k]));
          parsed.ids.forEach((id, k) => {
            const orig = ped.ids.indexOf(id);
            expect(parsed.dam[k]).toBe(ped.dam[orig] < 0 ? -1 : pos.get(ped.ids[ped.dam[orig]]));
            expect(parsed.sire[k]).toBe(ped.sire[orig] < 0 ? -1 : pos.get(ped.ids[ped.sire[orig]]));
            expect(parsed.dam[k]).toBeLessThan(k);
            expect(parsed.sire[k]).toBeLessThan(k);
          });
          // Listed individuals keep their relative order whenever the file was already ordered.
          if (order.every((i, k) => order.indexOf(ped.dam[i]) < k && order.indexOf(ped.sire[i]) < k) && drop.size === 0) {
            expect(parsed.ids).toEqual(order.map((i) => ped.ids[i]));
          }
          const a = toDense(inverseA(ped).Ainv);
          const b = toDense(inverseA(parsed).Ainv);
          for (let i = 0; i < ped.ids.length; i++) {
            for (let j = 0; j < ped.ids.length; j++) {
              const pi = pos.get(ped.ids[i])!;
              const pj = pos.get(ped.ids[j])!;
              expect(Math.abs(b[pi][pj] - a[i][j])).toBeLessThan(1e-12);
            }
          }
        },
      ),
      params,
    );
  });

  it("rejects hand-built pedigrees whose parents do not precede offspring", () => {
    const ped: Pedigree = { ids: ["a", "b"], dam: Int32Array.of(1, -1), sire: Int32Array.of(-1, -1) };
    expect(() => inverseA(ped)).toThrow(/does not precede/);
  });
});

/** F F' densely: sum over columns k of F[:,k] F[:,k]' (a few entries per column). */
function outerSelf(F: Csc): number[][] {
  const out = Array.from({ length: F.nrow }, () => new Array<number>(F.nrow).fill(0));
  for (let k = 0; k < F.ncol; k++) {
    for (let p = F.colPtr[k]; p < F.colPtr[k + 1]; p++) {
      for (let q = F.colPtr[k]; q < F.colPtr[k + 1]; q++) out[F.rowIdx[p]][F.rowIdx[q]] += F.values[p] * F.values[q];
    }
  }
  return out;
}

describe("inverseA's root F = T' D^-1/2 (a draw F z has covariance F F' = A^-1)", () => {
  for (const name of ["BTped", "small_inbred"]) {
    it(`${name}: F F' equals MCMCglmm's A^-1 to 1e-12, and F is upper triangular with 1 + known parents entries per column`, () => {
      const { AinvRoot, Ainv } = inverseA(parsePedigree(fixture(`${name}.csv`)));
      expectValidCsc(AinvRoot);
      expect(AinvRoot.nrow).toBe(Ainv.nrow);
      for (let j = 0; j < AinvRoot.ncol; j++) {
        expect(AinvRoot.colPtr[j + 1] - AinvRoot.colPtr[j]).toBeLessThanOrEqual(3);
        expect(AinvRoot.rowIdx[AinvRoot.colPtr[j + 1] - 1]).toBe(j); // diagonal last: rows <= j
      }
      const product = outerSelf(AinvRoot);
      const asCsc = { nrow: Ainv.nrow, ncol: Ainv.ncol, colPtr: Ainv.colPtr, rowIdx: Ainv.rowIdx, values: Ainv.values };
      // compare against the MCMCglmm reference itself, not only our own A^-1
      const upper = fixture(`${name}_Ainv_upper.csv`);
      const reference = toDense(asCsc).map((row) => row.map(() => 0));
      for (const line of upper.trim().split("\n").slice(1)) {
        const [r, c, v] = line.split(",").map(Number);
        reference[r - 1][c - 1] = reference[c - 1][r - 1] = v;
      }
      let worst = 0;
      for (let i = 0; i < product.length; i++) for (let j = 0; j < product.length; j++) worst = Math.max(worst, Math.abs(product[i][j] - reference[i][j]));
      expect(worst).toBeLessThan(1e-12);
    });
  }

  it("F F' = A^-1 on generated (inbred, partly unknown-parent) pedigrees", () => {
    fc.assert(
      fc.property(pedigreeArb, (ped) => {
        const { Ainv, AinvRoot } = inverseA(ped);
        const product = outerSelf(AinvRoot);
        const Ai = toDense(Ainv);
        for (let i = 0; i < product.length; i++) for (let j = 0; j < product.length; j++) expect(Math.abs(product[i][j] - Ai[i][j])).toBeLessThan(1e-12);
      }),
      { seed: 20240612, numRuns: 150 },
    );
  });
});
