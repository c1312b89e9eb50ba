// src/math/deterministic.ts against values correctly rounded by mpmath (test/fixtures/math: the
// correctly rounded double or its neighbour), against the engine's Math.* on many
// arguments (fixed fast-check seeds), on special values (signed zeros, infinities, NaN, subnormals,
// the largest doubles) and on values known exactly.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as det from "../../src/math/deterministic.js";
import { ulpDistance } from "./ulp.js";
import { readFileSync } from "node:fs";

type Unary = (x: number) => number;
const CORRECTLY_ROUNDED = JSON.parse(readFileSync(new URL("../fixtures/math/correctly-rounded.json", import.meta.url), "utf8")) as Record<string, number[][]>;
const SEED = 20261201;

/** ours vs Math's over fast-check doubles in [min, max] and a log-spaced sweep; returns the largest ulp distance. */
function worstUlps(ours: Unary, theirs: Unary, min: number, max: number): number {
  let worst = 0;
  const record = (x: number): void => { worst = Math.max(worst, ulpDistance(ours(x), theirs(x))); };
  fc.assert(fc.property(fc.double({ min, max, noNaN: true }), (x) => { record(x); }), { seed: SEED, numRuns: 20_000 });
  for (let i = 0; i <= 20_000; i++) record(min + ((max - min) * i) / 20_000); // evenly spaced
  if (min >= 0) for (let i = 0; i <= 20_000; i++) record(Math.max(min, Math.min(max, 2 ** (-1074 + (2098 * i) / 20_000)))); // log-spaced
  return worst;
}

// ulps allowed from Math.*: 1, or 2 where Node 20's own function is itself up to 1 ulp off the
// other way (log10, cosh, tanh, atanh, hypot: measured against mpmath; the fixture test bounds ours by 1 ulp)
const UNARY: [string, Unary, Unary, [number, number][], number][] = [
  ["exp", det.exp, Math.exp, [[-746, 710], [-1, 1], [-1e-10, 1e-10]], 1],
  ["expm1", det.expm1, Math.expm1, [[-50, 710], [-1, 1], [-1e-10, 1e-10]], 1],
  ["log", det.log, Math.log, [[0, Number.MAX_VALUE], [0.5, 2], [0.999999, 1.000001]], 1],
  ["log1p", det.log1p, Math.log1p, [[-1, Number.MAX_VALUE], [-0.5, 0.5], [-1e-10, 1e-10]], 1],
  ["log2", det.log2, Math.log2, [[0, Number.MAX_VALUE], [0.5, 2]], 1],
  ["log10", det.log10, Math.log10, [[0, Number.MAX_VALUE], [0.5, 2]], 2],
  ["sin", det.sin, Math.sin, [[-10, 10], [-3e6, 3e6], [1e6, 1e300], [-1e300, -1e6]], 1],
  ["cos", det.cos, Math.cos, [[-10, 10], [-3e6, 3e6], [1e6, 1e300], [-1e300, -1e6]], 1],
  ["tan", det.tan, Math.tan, [[-10, 10], [-3e6, 3e6], [1e6, 1e300]], 1],
  ["tanh", det.tanh, Math.tanh, [[-30, 30], [-1, 1]], 2],
  ["cosh", det.cosh, Math.cosh, [[-711, 711], [-1, 1]], 2],
  ["atanh", det.atanh, Math.atanh, [[-1, 1], [-1e-3, 1e-3]], 2],
];

describe("each function is within 1 ulp of Math's", () => {
  for (const [name, ours, theirs, ranges, bound] of UNARY) {
    it(name, () => {
      for (const [min, max] of ranges) expect(worstUlps(ours, theirs, min, max), `${name} on [${min}, ${max}]`).toBeLessThanOrEqual(bound);
    });
  }

  it("pow, over bases and exponents of every size and sign", () => {
    let worst = 0;
    const record = (x: number, y: number): void => { worst = Math.max(worst, ulpDistance(det.pow(x, y), Math.pow(x, y))); };
    const anyDouble = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(fc.property(anyDouble, anyDouble, (x, y) => { record(x, y); }), { seed: SEED, numRuns: 20_000 });
    fc.assert(fc.property(fc.double({ min: 0, max: 1e3, noNaN: true }), fc.double({ min: -50, max: 50, noNaN: true }), (x, y) => { record(x, y); }), { seed: SEED, numRuns: 20_000 });
    fc.assert(fc.property(fc.double({ min: -1e3, max: 0, noNaN: true }), fc.integer({ min: -200, max: 200 }), (x, y) => { record(x, y); }), { seed: SEED, numRuns: 20_000 });
    fc.assert(fc.property(fc.double({ min: 0.999, max: 1.001, noNaN: true }), fc.double({ min: -1e12, max: 1e12, noNaN: true }), (x, y) => { record(x, y); }), { seed: SEED, numRuns: 20_000 });
    fc.assert(fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1e4, noNaN: true }), (x, y) => { record(x, y); }), { seed: SEED, numRuns: 20_000 }); // subnormal results
    expect(worst).toBeLessThanOrEqual(1);
  });

  it("hypot, over pairs of every size (scaled by 2^-600 and 2^600 inside)", () => {
    let worst = 0;
    const anyDouble = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(fc.property(anyDouble, anyDouble, (x, y) => { worst = Math.max(worst, ulpDistance(det.hypot(x, y), Math.hypot(x, y))); }), { seed: SEED, numRuns: 50_000 });
    fc.assert(fc.property(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true }), (x, y) => { worst = Math.max(worst, ulpDistance(det.hypot(x, y), Math.hypot(x, y))); }), { seed: SEED, numRuns: 50_000 });
    expect(worst).toBeLessThanOrEqual(2);
  });
});

describe("each function returns the correctly rounded value (mpmath, 600 bits) or its neighbour", () => {
  const unary: Record<string, Unary> = { exp: det.exp, expm1: det.expm1, log: det.log, log1p: det.log1p, log2: det.log2, log10: det.log10, sin: det.sin, cos: det.cos, tan: det.tan, tanh: det.tanh, cosh: det.cosh, atanh: det.atanh };
  for (const [name, f] of Object.entries(unary)) {
    it(name, () => {
      const rows = CORRECTLY_ROUNDED[name];
      expect(rows.length).toBe(200);
      for (const [x, want] of rows) expect(ulpDistance(f(x), want), `${name}(${x}) = ${f(x)}, correctly rounded ${want}`).toBeLessThanOrEqual(1);
    });
  }
  it("pow", () => {
    expect(CORRECTLY_ROUNDED.pow.length).toBeGreaterThan(150);
    for (const [x, y, want] of CORRECTLY_ROUNDED.pow) expect(ulpDistance(det.pow(x, y), want), `pow(${x}, ${y})`).toBeLessThanOrEqual(1);
  });
  it("hypot", () => {
    expect(CORRECTLY_ROUNDED.hypot.length).toBe(200);
    for (const [x, y, want] of CORRECTLY_ROUNDED.hypot) expect(ulpDistance(det.hypot(x, y), want), `hypot(${x}, ${y})`).toBeLessThanOrEqual(1);
  });
});

const SPECIAL = [0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 1e-310, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1, 0.5, -0.5, 2, 1e-300, 1e300, 709.782712893384, 709.7827128933841, -745.1332191019411, -745.1332191019412, 710.4758600739439, 22, -22, 2 ** -28, 2 ** -54];

describe("special values", () => {
  for (const [name, ours, theirs] of UNARY) {
    it(`${name} equals Math.${name} on zeros, infinities, NaN and the edges of its range, and is within 1 ulp on subnormals`, () => {
      for (const x of SPECIAL) {
        const [a, b] = [ours(x), theirs(x)];
        if (!Number.isFinite(b) || b === 0 || Number.isNaN(b) || Math.abs(b) === 1) expect(Object.is(a, b), `${name}(${x}) = ${a}, Math gives ${b}`).toBe(true);
        else expect(ulpDistance(a, b), `${name}(${x}) = ${a}, Math gives ${b}`).toBeLessThanOrEqual(1);
      }
    });
  }

  it("pow follows ECMAScript's special cases exactly (NaN for 1^NaN and (+-1)^(+-Infinity), unlike C)", () => {
    const values = [...SPECIAL, 3, -3, 0.25, 1 / 3, -2.5, 2 ** 53, -(2 ** 53), 2 ** 53 + 2, 2 ** 64, -(2 ** 64)];
    for (const x of values) for (const y of values) {
      const [a, b] = [det.pow(x, y), Math.pow(x, y)];
      if (!Number.isFinite(b) || b === 0 || Number.isNaN(b)) expect(Object.is(a, b), `pow(${x}, ${y}) = ${a}, Math gives ${b}`).toBe(true);
      else expect(ulpDistance(a, b), `pow(${x}, ${y})`).toBeLessThanOrEqual(1);
    }
  });

  it("hypot is Infinity with any infinite argument (even with NaN), else NaN with a NaN, and exact with a zero", () => {
    for (const x of SPECIAL) for (const y of SPECIAL) {
      const [a, b] = [det.hypot(x, y), Math.hypot(x, y)];
      if (!Number.isFinite(b) || x === 0 || y === 0) expect(Object.is(a, b), `hypot(${x}, ${y}) = ${a}, Math gives ${b}`).toBe(true);
      else expect(ulpDistance(a, b), `hypot(${x}, ${y})`).toBeLessThanOrEqual(1);
    }
  });
});

describe("exactly known values", () => {
  it("are returned to the bit", () => {
    const cases: [string, number, number][] = [
      ["exp(0)", det.exp(0), 1], ["exp(-0)", det.exp(-0), 1], ["exp(1)", det.exp(1), Math.E], ["exp(ln 2)", det.exp(Math.LN2), 2], ["exp(-Infinity)", det.exp(-Infinity), 0],
      ["expm1(-0)", det.expm1(-0), -0], ["expm1(1e-300)", det.expm1(1e-300), 1e-300], ["expm1(-Infinity)", det.expm1(-Infinity), -1],
      ["log(1)", det.log(1), 0], ["log(2)", det.log(2), Math.LN2], ["log(10)", det.log(10), Math.LN10], ["log(e)", det.log(Math.E), 1], ["log(0)", det.log(0), -Infinity], ["log(-1)", det.log(-1), NaN],
      ["log(2^-1074)", det.log(5e-324), -744.4400719213812], ["log1p(-1)", det.log1p(-1), -Infinity], ["log1p(-0)", det.log1p(-0), -0], ["log1p(1)", det.log1p(1), Math.LN2],
      ["log2(1024)", det.log2(1024), 10], ["log2(2^-1074)", det.log2(5e-324), -1074], ["log2(e)", det.log2(Math.E), Math.LOG2E], ["log10(1000)", det.log10(1000), 3], ["log10(1e-300)", det.log10(1e-300), -300], ["log10(e)", det.log10(Math.E), Math.LOG10E],
      ["pow(2, 10)", det.pow(2, 10), 1024], ["pow(2, -1074)", det.pow(2, -1074), 5e-324], ["pow(2, 1024)", det.pow(2, 1024), Infinity], ["pow(2, 0.5)", det.pow(2, 0.5), Math.SQRT2], ["pow(-2, 3)", det.pow(-2, 3), -8],
      ["pow(-8, 1/3)", det.pow(-8, 1 / 3), NaN], ["pow(10, 22)", det.pow(10, 22), 1e22], ["pow(-0, -3)", det.pow(-0, -3), -Infinity], ["pow(NaN, 0)", det.pow(NaN, 0), 1], ["pow(1, NaN)", det.pow(1, NaN), NaN], ["pow(-1, Infinity)", det.pow(-1, Infinity), NaN],
      ["sin(-0)", det.sin(-0), -0], ["sin(pi)", det.sin(Math.PI), 1.2246467991473532e-16], ["cos(pi)", det.cos(Math.PI), -1], ["sin(pi/6)", det.sin(Math.PI / 6), 0.49999999999999994], ["tan(pi/4)", det.tan(Math.PI / 4), 0.9999999999999999],
      ["sin(1e22)", det.sin(1e22), -0.8522008497671888], ["cos(1e22)", det.cos(1e22), 0.523214785395139], ["sin(Infinity)", det.sin(Infinity), NaN], ["tan(-0)", det.tan(-0), -0],
      ["tanh(-0)", det.tanh(-0), -0], ["tanh(Infinity)", det.tanh(Infinity), 1], ["tanh(1e-300)", det.tanh(1e-300), 1e-300], ["cosh(0)", det.cosh(0), 1], ["cosh(-Infinity)", det.cosh(-Infinity), Infinity], ["cosh(711)", det.cosh(711), Infinity],
      ["atanh(-0)", det.atanh(-0), -0], ["atanh(1)", det.atanh(1), Infinity], ["atanh(-1)", det.atanh(-1), -Infinity], ["atanh(2)", det.atanh(2), NaN],
      ["hypot(3, 4)", det.hypot(3, 4), 5], ["hypot(-5, 12)", det.hypot(-5, 12), 13], ["hypot(3e300, 4e300)", det.hypot(3e300, 4e300), 5e300], ["hypot(3e-320, 4e-320)", det.hypot(3e-320, 4e-320), 5e-320], ["hypot(1, 1)", det.hypot(1, 1), Math.SQRT2],
    ];
    for (const [what, got, want] of cases) expect(Object.is(got, want), `${what} = ${got}, not ${want}`).toBe(true);
  });
});

describe("euclideanNorm", () => {
  it("is the norm of a vector to a few ulps, with no overflow or underflow of the squares", () => {
    const vectors = fc.array(fc.integer({ min: -1e6, max: 1e6 }).map((i) => i / 1e3), { minLength: 1, maxLength: 60 });
    fc.assert(fc.property(vectors, fc.integer({ min: -1000, max: 1000 }), (v, e) => {
      const scaled = v.map((x) => x * 2 ** e);
      const want = Math.hypot(...v) * 2 ** e;
      if (want === 0) return;
      expect(Math.abs(det.euclideanNorm(scaled) - want)).toBeLessThanOrEqual(1e-14 * want);
    }), { seed: SEED, numRuns: 5_000 });
  });

  it("is 0 for no or zero values, Infinity with an infinite value (even with NaN), else NaN with a NaN", () => {
    expect(det.euclideanNorm([])).toBe(0);
    expect(Object.is(det.euclideanNorm([-0, 0]), 0)).toBe(true);
    expect(det.euclideanNorm([NaN, -Infinity])).toBe(Infinity);
    expect(det.euclideanNorm([1, NaN, 2])).toBeNaN();
    expect(det.euclideanNorm(new Float64Array([3, 4]))).toBe(5);
  });
});
