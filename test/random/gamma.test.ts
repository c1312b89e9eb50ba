import { describe, expect, it } from "vitest";
import { beta, chisq, createStream, gamma, invGamma, logGamma } from "../../src/random/index.js";
import { expectMoments, ksCritical, ksStatistic } from "./helpers.js";

const N = 200_000;

function draws(f: () => number, n = N): Float64Array {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = f();
  return xs;
}

describe("gamma", () => {
  it.each([
    [0.1, 1],
    [1, 2.5],
    [7.5, 0.4],
    [0.5, 3],
    [120, 1],
  ])("Gamma(shape %d, scale %d) has mean shape*scale and variance shape*scale^2", (shape, scale) => {
    const rng = createStream(100, Math.round(shape * 10));
    const xs = draws(() => gamma(rng, shape, scale));
    expectMoments(xs, shape * scale, shape * scale * scale, `gamma(${shape}, ${scale})`);
    expect(xs.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
  });

  it("Gamma(1) is exponential (KS against 1 - exp(-x))", () => {
    const rng = createStream(101, 0);
    const xs = draws(() => gamma(rng, 1, 1), 50_000);
    expect(ksStatistic(xs, (x) => 1 - Math.exp(-x))).toBeLessThan(ksCritical(xs.length));
  });

  it("Gamma(0.1) has the right small-value tail: P(X < x) ~ x^0.1 / Gamma(1.1)", () => {
    const rng = createStream(102, 0);
    const n = 100_000;
    let below = 0;
    for (let i = 0; i < n; i++) if (gamma(rng, 0.1, 1) < 1e-6) below++;
    // P(X < 1e-6) = 1e-6^0.1 / Gamma(1.1) * (1 - O(1e-6)) with Gamma(1.1) = 0.951350769866873.
    const p = Math.pow(1e-6, 0.1) / 0.951350769866873;
    expect(Math.abs(below / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
  });

  it("logGamma stays finite for tiny shapes and has E[log X] = digamma(shape) at shape 1", () => {
    const rng = createStream(103, 0);
    for (let i = 0; i < 1000; i++) expect(Number.isFinite(logGamma(rng, 1e-4))).toBe(true);
    const xs = draws(() => logGamma(rng, 1, ), 100_000);
    // E[log Exp(1)] = -Euler-gamma, Var = pi^2/6.
    expectMoments(xs, -0.5772156649015329, (Math.PI * Math.PI) / 6, "log Gamma(1)");
  });

  it("rejects non-positive shapes", () => {
    const rng = createStream(104, 0);
    expect(() => gamma(rng, 0, 1)).toThrow(RangeError);
    expect(() => gamma(rng, -1, 1)).toThrow(RangeError);
    expect(() => gamma(rng, Number.NaN, 1)).toThrow(RangeError);
  });
});

describe("chisq, invGamma, beta", () => {
  it.each([1, 3.5, 12])("chisq(%d) has mean df and variance 2 df", (df) => {
    const rng = createStream(110, df * 2);
    expectMoments(draws(() => chisq(rng, df)), df, 2 * df, `chisq(${df})`);
  });

  it("invGamma(shape, scale) has mean scale/(shape-1) and variance scale^2/((shape-1)^2 (shape-2))", () => {
    const rng = createStream(111, 0);
    const shape = 9;
    const scale = 2.5;
    expectMoments(draws(() => invGamma(rng, shape, scale)), scale / (shape - 1), (scale * scale) / ((shape - 1) ** 2 * (shape - 2)), "invGamma");
  });

  it.each([
    [2, 3],
    [0.2, 0.3],
    [50, 0.5],
  ])("beta(%d, %d) has mean a/(a+b) and variance ab/((a+b)^2 (a+b+1))", (a, b) => {
    const rng = createStream(112, Math.round(a * 10 + b));
    const xs = draws(() => beta(rng, a, b));
    expectMoments(xs, a / (a + b), (a * b) / ((a + b) ** 2 * (a + b + 1)), `beta(${a}, ${b})`);
    expect(xs.every((x) => x >= 0 && x <= 1)).toBe(true);
  });
});
