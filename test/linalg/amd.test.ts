import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { amdOrder, analyseCholesky, cscFromTriplets, eliminationTree, postorder, upperTriangle } from "../../src/linalg/index.js";
import { arrow, gridLaplacian, randomSpd, type SpdKind } from "./helpers.js";

fc.configureGlobal({ seed: 42, numRuns: 100 });

function isPermutation(p: Int32Array, n: number): boolean {
  if (p.length !== n) return false;
  const seen = new Uint8Array(n);
  for (const i of p) {
    if (i < 0 || i >= n || seen[i]) return false;
    seen[i] = 1;
  }
  return true;
}

describe("approximate minimum degree", () => {
  it("returns a valid permutation for random patterns (upper, lower or full storage)", () => {
    const kinds: SpdKind[] = ["random", "denseRows", "diagonal", "mme", "lowRankPlusDiag"];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.constantFrom(...kinds),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.boolean(),
        (n, density, kind, seed, aggressive) => {
          if (n === 0) {
            expect(amdOrder(cscFromTriplets(0, 0, [], [], [])).length).toBe(0);
            return;
          }
          const C = randomSpd(n, density, kind, seed);
          expect(isPermutation(amdOrder(C, { aggressive }), n)).toBe(true);
          expect(isPermutation(amdOrder(upperTriangle(C), { aggressive }), n)).toBe(true);
        },
      ),
    );
  });

  it("never does much worse than natural order and beats it on structured problems", () => {
    for (const k of [10, 20, 40]) {
      const U = upperTriangle(gridLaplacian(k));
      const amd = analyseCholesky(U).nnzL;
      const nat = analyseCholesky(U, { ordering: "natural" }).nnzL;
      // natural (banded) fill is ~k^3; nested-dissection-like fill is ~ k^2 log k
      expect(amd).toBeLessThan(nat * (k >= 20 ? 0.5 : 0.9));
    }
    const n = 2000;
    const A = upperTriangle(arrow(n));
    expect(analyseCholesky(A, { ordering: "natural" }).nnzL).toBe((n * (n + 1)) / 2);
    expect(analyseCholesky(A).nnzL).toBe(2 * n - 1);
    // dense rows/columns are ordered last
    const p = amdOrder(A);
    expect(p[n - 1]).toBe(0);
  });

  it("elimination tree and postorder are consistent", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), fc.double({ min: 0, max: 0.2, noNaN: true }), fc.integer(), (n, d, seed) => {
        const U = upperTriangle(randomSpd(n, d, "random", seed));
        const parent = eliminationTree(U);
        for (let j = 0; j < n; j++) expect(parent[j] === -1 || parent[j] > j).toBe(true);
        const post = postorder(parent);
        expect(isPermutation(post, n)).toBe(true);
        const pos = new Int32Array(n);
        post.forEach((v, k) => (pos[v] = k));
        for (let j = 0; j < n; j++) if (parent[j] !== -1) expect(pos[parent[j]]).toBeGreaterThan(pos[j]);
      }),
      { numRuns: 40 },
    );
  });
});
