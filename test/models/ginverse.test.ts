import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DataError } from "../../src/errors.js";
import type { Csc } from "../../src/linalg/csc.js";
import { readGinverse } from "../../src/models/relationships/ginverse.js";
import { inverseA, parsePedigree } from "../../src/models/relationships/pedigree.js";

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../fixtures/pedigree/${name}`, import.meta.url)), "utf8");

function toDense(m: Csc): number[][] {
  const out = Array.from({ length: m.nrow }, () => new Array<number>(m.ncol).fill(0));
  for (let j = 0; j < m.ncol; j++) {
    for (let p = m.colPtr[j]; p < m.colPtr[j + 1]; p++) out[m.rowIdx[p]][j] += m.values[p];
  }
  return out;
}

function expectSorted(m: Csc): void {
  for (let j = 0; j < m.ncol; j++) {
    for (let p = m.colPtr[j] + 1; p < m.colPtr[j + 1]; p++) expect(m.rowIdx[p]).toBeGreaterThan(m.rowIdx[p - 1]);
  }
}

describe("readGinverse", () => {
  it("reads MCMCglmm's 1-based upper triangle with a level list into the full A^-1 of the pedigree", () => {
    for (const name of ["small_inbred", "BTped"]) {
      const ped = inverseA(parsePedigree(fixture(`${name}.csv`)));
      const g = readGinverse(fixture(`${name}_Ainv_upper.csv`), ped.ids, `${name}_Ainv_upper.csv`);
      expect(g.levels).toEqual(ped.ids);
      expectSorted(g.Ainv);
      expect([...g.Ainv.colPtr]).toEqual([...ped.Ainv.colPtr]);
      expect([...g.Ainv.rowIdx]).toEqual([...ped.Ainv.rowIdx]);
      g.Ainv.values.forEach((v, k) => expect(Math.abs(v - ped.Ainv.values[k])).toBeLessThan(1e-12));
    }
  });

  const full = [
    [4, -1, 0],
    [-1, 3, 0.5],
    [0, 0.5, 2],
  ];
  it("reads named triplets (no header), lower triangle, levels in order of first appearance", () => {
    const g = readGinverse("p,p,4\nq,p,-1\nq,q,3\nr,q,0.5\nr,r,2\n");
    expect(g.levels).toEqual(["p", "q", "r"]);
    expect(toDense(g.Ainv)).toEqual(full);
  });
  it("reads named triplets with both triangles and a given level order", () => {
    const text = "i,j,x\nr,r,2\nq,p,-1\np,q,-1\nq,r,0.5\nr,q,0.5\nq,q,3\np,p,4\n";
    const g = readGinverse(text, ["p", "q", "r"]);
    expect(toDense(g.Ainv)).toEqual(full);
  });
  it("treats integer ids as names when no level list is passed", () => {
    const g = readGinverse("10,10,4\n10,20,-1\n20,20,3\n");
    expect(g.levels).toEqual(["10", "20"]);
    expect(toDense(g.Ainv)).toEqual([
      [4, -1],
      [-1, 3],
    ]);
  });

  const rejects = (text: string, message: RegExp, levels?: string[]): void => {
    expect(() => readGinverse(text, levels, "G.csv")).toThrow(DataError);
    expect(() => readGinverse(text, levels, "G.csv")).toThrow(message);
  };
  it("rejects files it cannot use, naming the file and the problem", () => {
    rejects("", /G\.csv: the file has no entries/);
    rejects("row,col,value\n", /no entries/);
    rejects("row,col,value\n1,1\n", /entry 1 needs three/);
    rejects("row,col,value\n1,1,NA\n", /entry 1 needs three/);
    rejects("row,col,value\n1,1,2\n1,2,abc\n2,2,1\n", /entry 2 has value "abc"/);
    rejects("row,col,value\n1,1,2\n1,3,1\n2,2,1\n", /index 3, outside 1\.\.2.*square/, ["a", "b"]);
    rejects("row,col,value\n1,1,2\n1,2,1\n2,1,0.5\n2,2,1\n", /not symmetric: entry \(a, b\) = 1 but \(b, a\) = 0.5/, ["a", "b"]);
    rejects("row,col,value\n1,1,2\n1,2,1\n", /no diagonal entry for level "b"/, ["a", "b"]);
    rejects("row,col,value\n1,1,2\n2,2,0\n", /diagonal entry for level "b" is 0, not positive/, ["a", "b"]);
    rejects("row,col,value\n1,1,2\n1,1,3\n2,2,1\n", /entry \(a, a\) is given twice/, ["a", "b"]);
    rejects("a,a,2\nz,z,1\n", /names level "z", which is not among the levels/, ["a", "b"]);
    rejects("a,a,2\n", /level "a" is listed twice/, ["a", "a"]);
  });
});

describe("readGinverse properties", () => {
  /** A random symmetric matrix with a positive diagonal and some off-diagonal non-zeros. */
  const matrixArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      diag: fc.array(fc.double({ min: 0.1, max: 100, noNaN: true }), { minLength: n, maxLength: n }),
      off: fc.uniqueArray(
        fc.record({ i: fc.nat({ max: n - 1 }), j: fc.nat({ max: n - 1 }), v: fc.double({ min: -10, max: 10, noNaN: true }).map((v) => (v === 0 ? 0 : v)) }),
        { selector: (e) => `${Math.min(e.i, e.j)},${Math.max(e.i, e.j)}`, maxLength: 2 * n },
      ),
      layout: fc.constantFrom("upper", "lower", "both", "mixed"),
      named: fc.boolean(),
      seed: fc.nat(),
    }),
  );

  it("any layout, in any row order, reads back the same symmetric matrix", () => {
    fc.assert(
      fc.property(matrixArb, ({ n, diag, off, layout, named, seed }) => {
        const levels = Array.from({ length: n }, (_, k) => `L${k}`);
        const dense = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? diag[i] : 0)));
        const lines: string[] = [];
        const cell = (k: number): string => (named ? levels[k] : String(k + 1));
        diag.forEach((v, i) => lines.push(`${cell(i)},${cell(i)},${v}`));
        off
          .filter((e) => e.i !== e.j)
          .forEach((e, k) => {
            const [lo, hi] = [Math.min(e.i, e.j), Math.max(e.i, e.j)];
            dense[lo][hi] = dense[hi][lo] = e.v;
            const upper = `${cell(lo)},${cell(hi)},${e.v}`;
            const lower = `${cell(hi)},${cell(lo)},${e.v}`;
            if (layout === "upper" || layout === "both" || (layout === "mixed" && k % 2 === 0)) lines.push(upper);
            if (layout === "lower" || layout === "both" || (layout === "mixed" && (k % 2 === 1 || k % 3 === 0))) lines.push(lower);
          });
        // Deterministic shuffle of the lines.
        let s = seed;
        for (let k = lines.length - 1; k > 0; k--) {
          s = (s * 1103515245 + 12345) % 2147483648;
          const r = s % (k + 1);
          [lines[k], lines[r]] = [lines[r], lines[k]];
        }
        const g = readGinverse(["row,col,value", ...lines].join("\n"), levels);
        expect(g.levels).toEqual(levels);
        expectSorted(g.Ainv);
        expect(toDense(g.Ainv)).toEqual(dense);
      }),
      { seed: 4242, numRuns: 200 },
    );
  });

});
