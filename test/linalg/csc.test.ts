import fc from "fast-check";
import { Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import {
  add,
  blockDiagTimes,
  crossprodBlockDiag,
  cscFromTriplets,
  embed,
  fromDense,
  identity,
  kron,
  lowerTriangle,
  multiply,
  spmv,
  spmvSymmetricUpper,
  spmvTransposed,
  symmetricFromUpper,
  symPermUpper,
  toDense,
  transpose,
  upperTriangle,
  type Csc,
} from "../../src/linalg/index.js";
import { maxAbs, rng } from "./helpers.js";

fc.configureGlobal({ seed: 42, numRuns: 80 });

const shape = fc.record({
  m: fc.integer({ min: 1, max: 25 }),
  n: fc.integer({ min: 1, max: 25 }),
  density: fc.double({ min: 0, max: 0.6, noNaN: true }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

function randomDense(m: number, n: number, density: number, seed: number): Float64Array {
  const u = rng(seed);
  return Float64Array.from({ length: m * n }, () => (u() < density ? Math.round((u() * 2 - 1) * 8) / 4 + 0 : 0));
}

function toMatrix(D: Float64Array, m: number, n: number): Matrix {
  return new Matrix(Array.from({ length: m }, (_, i) => Array.from(D.subarray(i * n, (i + 1) * n))));
}

function flat(M: Matrix): Float64Array {
  return Float64Array.from(M.to1DArray());
}

function expectValidCsc(A: Csc): void {
  expect(A.colPtr.length).toBe(A.ncol + 1);
  expect(A.colPtr[0]).toBe(0);
  for (let j = 0; j < A.ncol; j++) {
    for (let q = A.colPtr[j] + 1; q < A.colPtr[j + 1]; q++) expect(A.rowIdx[q]).toBeGreaterThan(A.rowIdx[q - 1]);
  }
  expect(A.rowIdx.length).toBe(A.colPtr[A.ncol]);
  expect(A.values.length).toBe(A.colPtr[A.ncol]);
}

function close(a: Float64Array, b: Float64Array, tol = 1e-12): void {
  expect(a.length).toBe(b.length);
  expect(maxAbs(a.map((v, i) => v - b[i]))).toBeLessThanOrEqual(tol * (1 + maxAbs(b)));
}

describe("CSC construction and products against dense references", () => {
  it("cscFromTriplets sums duplicates and sorts rows", () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 0, max: 200 }), ({ m, n, seed }, nt) => {
        const u = rng(seed);
        const r: number[] = [];
        const c: number[] = [];
        const v: number[] = [];
        const ref = new Float64Array(m * n);
        for (let t = 0; t < nt; t++) {
          const i = Math.floor(u() * m);
          const j = Math.floor(u() * n);
          const x = u() - 0.5;
          r.push(i);
          c.push(j);
          v.push(x);
          ref[i * n + j] += x;
        }
        const A = cscFromTriplets(m, n, r, c, v);
        expectValidCsc(A);
        close(toDense(A), ref);
      }),
    );
    expect(() => cscFromTriplets(2, 2, [2], [0], [1])).toThrow(RangeError);
  });

  it("transpose, spmv, spmvTransposed, multiply, add", () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 1, max: 25 }), ({ m, n, density, seed }, p) => {
        const Ad = randomDense(m, n, density, seed);
        const Bd = randomDense(n, p, density, seed + 1);
        const A = fromDense(Ad, m, n);
        const B = fromDense(Bd, n, p);
        const At = transpose(A);
        expectValidCsc(At);
        close(toDense(At), flat(toMatrix(Ad, m, n).transpose()));
        const AB = multiply(A, B);
        expectValidCsc(AB);
        close(toDense(AB), flat(toMatrix(Ad, m, n).mmul(toMatrix(Bd, n, p))));
        const u = rng(seed + 2);
        const x = Float64Array.from({ length: n }, () => u() - 0.5);
        const y = new Float64Array(m).fill(99);
        spmv(A, x, y);
        close(y, flat(toMatrix(Ad, m, n).mmul(Matrix.columnVector(Array.from(x)))));
        const xt = Float64Array.from({ length: m }, () => u() - 0.5);
        const yt = new Float64Array(n).fill(99);
        spmvTransposed(A, xt, yt);
        close(yt, flat(toMatrix(Ad, m, n).transpose().mmul(Matrix.columnVector(Array.from(xt)))));
        const A2 = fromDense(randomDense(m, n, density, seed + 3), m, n);
        const S = add(A, A2, 2, -0.5);
        expectValidCsc(S);
        close(toDense(S), toDense(A).map((v, i) => 2 * v - 0.5 * toDense(A2)[i]));
      }),
    );
    expect(() => multiply(identity(2), identity(3))).toThrow(RangeError);
  });

  it("kron(G, A) places G[a,b] * A at rows a*m + i, columns b*p + j", () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 1, max: 4 }), ({ m, n, density, seed }, k) => {
        const u = rng(seed + 5);
        const G = Float64Array.from({ length: k * k }, () => u() - 0.5);
        const Ad = randomDense(m, n, density, seed);
        const K = kron(G, k, fromDense(Ad, m, n));
        expectValidCsc(K);
        const ref = toMatrix(G, k, k).kroneckerProduct(toMatrix(Ad, m, n));
        close(toDense(K), flat(ref));
      }),
    );
  });

  it("W' D W for block-diagonal D by unit (shared and per-unit blocks)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 15 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (nunit, k, p, shared, seed) => {
          const u = rng(seed);
          const N = nunit * k;
          const Wd = randomDense(N, p, 0.4, seed + 1);
          const D = Float64Array.from({ length: shared ? k * k : nunit * k * k }, () => u() - 0.5);
          const Dd = new Float64Array(N * N);
          for (let unit = 0; unit < nunit; unit++) {
            const base = shared ? 0 : unit * k * k;
            for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) Dd[(a * nunit + unit) * N + b * nunit + unit] = D[base + a * k + b];
          }
          const W = fromDense(Wd, N, p);
          const Wm = toMatrix(Wd, N, p);
          close(toDense(blockDiagTimes(W, k, nunit, D)), flat(toMatrix(Dd, N, N).mmul(Wm)));
          const WDW = crossprodBlockDiag(W, k, nunit, D);
          expectValidCsc(WDW);
          close(toDense(WDW), flat(Wm.transpose().mmul(toMatrix(Dd, N, N)).mmul(Wm)), 1e-12);
        },
      ),
    );
    expect(() => crossprodBlockDiag(identity(5), 2, 2, [1, 0, 0, 1])).toThrow(RangeError);
  });

  it("triangles, symmetric permutation and symmetric products", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 25 }), fc.double({ min: 0, max: 0.6, noNaN: true }), fc.integer(), (n, density, seed) => {
        const Dd = randomDense(n, n, density, seed);
        const Sd = Dd.map((_, idx) => {
          const i = Math.floor(idx / n);
          const j = idx % n;
          return Dd[i * n + j] + Dd[j * n + i];
        });
        const S = fromDense(Sd, n, n);
        const U = upperTriangle(S);
        const Lo = lowerTriangle(S);
        close(toDense(add(U, Lo)), toDense(S).map((v, idx) => (idx % (n + 1) === 0 ? 2 * v : v)));
        close(toDense(symmetricFromUpper(U)), Sd);
        // symPermUpper: (P S P')[pinv[i], pinv[j]] = S[i, j]
        const u = rng(seed);
        const perm = Int32Array.from({ length: n }, (_, i) => i);
        for (let i = n - 1; i > 0; i--) {
          const j = Math.floor(u() * (i + 1));
          [perm[i], perm[j]] = [perm[j], perm[i]];
        }
        const pinv = new Int32Array(n);
        perm.forEach((old, k) => (pinv[old] = k));
        const { matrix: PU, map } = symPermUpper(U, pinv);
        expectValidCsc(PU);
        const Pd = toDense(symmetricFromUpper(PU));
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(Math.abs(Pd[pinv[i] * n + pinv[j]] - Sd[i * n + j])).toBe(0);
        for (let q = 0; q < map.length; q++) expect(PU.values[map[q]]).toBe(U.values[q]);
        const x = Float64Array.from({ length: n }, () => u() - 0.5);
        const y = new Float64Array(n);
        spmvSymmetricUpper(S, x, y); // entries below the diagonal are ignored
        close(y, flat(toMatrix(Sd, n, n).mmul(Matrix.columnVector(Array.from(x)))));
      }),
    );
  });

  it("embed places a block at an offset", () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), ({ m, n, density, seed }, ro, co) => {
        const Ad = randomDense(m, n, density, seed);
        const E = embed(fromDense(Ad, m, n), m + ro + 2, n + co + 1, ro, co);
        expectValidCsc(E);
        const D = toDense(E);
        for (let i = 0; i < m + ro + 2; i++) {
          for (let j = 0; j < n + co + 1; j++) {
            const inside = i >= ro && i < ro + m && j >= co && j < co + n;
            expect(D[i * (n + co + 1) + j]).toBe(inside ? Ad[(i - ro) * n + (j - co)] : 0);
          }
        }
      }),
      { numRuns: 30 },
    );
    expect(() => embed(identity(3), 3, 3, 1, 0)).toThrow(RangeError);
  });
});
