import { describe, expect, it } from "vitest";
import {
  analyseCholesky,
  createFactor,
  factorNumeric,
  fillAssembly,
  identity,
  kron,
  logDet,
  planAssembly,
  solve,
  solveLtPermuted,
  solveMeanPlusNoise,
} from "../../src/linalg/index.js";
import { randomSpd, rng } from "./helpers.js";

const gc = (globalThis as { gc?: () => void }).gc;

// JIT tiering is not under a seed's control (late optimisation under load boxes doubles): retry.
describe("per-iteration work allocates nothing", { retry: 2 }, () => {
  it("1,000 fills + refactorisations + solves grow the heap by < 1 MB", () => {
    const q = 250;
    // bivariate mixed-model-like system: crossed factors + kron(Ginv, A^-1)-like block
    const WtW = randomSpd(2 * q, 0.01, "mme", 21);
    const Ainv = randomSpd(q, 0.01, "denseRows", 22);
    const pieces = [WtW, kron([1, 0, 0, 0], 2, Ainv), kron([0, 1, 1, 0], 2, Ainv), kron([0, 0, 0, 1], 2, Ainv), identity(2 * q)];
    const plan = planAssembly(2 * q, pieces);
    const sym = analyseCholesky(plan.pattern);
    expect(sym.nsuper).toBeLessThan(sym.n); // some supernodes are wider than one column
    const L = createFactor(sym);
    const C = new Float64Array(plan.pattern.values.length);
    const coef = new Float64Array([1, 2, -0.3, 1.5, 0.1]);
    const u = rng(5);
    const b = Float64Array.from({ length: 2 * q }, () => u() - 0.5);
    const z = Float64Array.from({ length: 2 * q }, () => u() - 0.5);
    const x = new Float64Array(2 * q);
    let acc = 0;
    const iterate = (t: number): void => {
      coef[0] = 1 + (t % 7) * 0.01;
      fillAssembly(plan, coef, C);
      factorNumeric(sym, C, L);
      solve(sym, L, b, x);
      solveLtPermuted(sym, L, z, x);
      solveMeanPlusNoise(sym, L, b, z, x);
      acc += logDet(L) + x[t % x.length];
    };
    for (let t = 0; t < 1000; t++) iterate(t); // warm-up: let the JIT inline the hot calls
    // least growth over a few repeats: GC bookkeeping and V8's boxed doubles add noise, while a
    // real per-iteration array (n = 500 doubles, 4 kB) would add 4 MB to every repeat
    let least = Infinity;
    for (let repeat = 0; repeat < 3; repeat++) {
      gc?.();
      const before = process.memoryUsage().heapUsed;
      for (let t = 0; t < 1000; t++) iterate(t);
      least = Math.min(least, process.memoryUsage().heapUsed - before);
    }
    expect(Number.isFinite(acc)).toBe(true);
    expect(least).toBeLessThan(1 << 20);
  });
});
