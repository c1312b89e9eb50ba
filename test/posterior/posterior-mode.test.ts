// posterior_mode (MCMCglmm's posterior.mode: the top of R's density(x, adjust = 0.1)) and
// predict's posterior = "mean" | "mode" and `it` options.

import { describe, expect, it } from "vitest";
import { ModelSpecError } from "../../src/errors.js";
import { fit } from "../../src/fit.js";
import { bandwidthNrd0, kernelDensity, posteriorModeOf, posteriorModes } from "../../src/posterior/posterior-mode.js";
import { pointDraws } from "../../src/posterior/point-draws.js";
import { predict } from "../../src/posterior/predict.js";
import { createStream } from "../../src/random/index.js";

/** The exact Gaussian KDE at t (no binning). */
function exactKde(x: ArrayLike<number>, bw: number, t: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.exp(-0.5 * ((t - x[i]) / bw) ** 2);
  return s / (x.length * bw * Math.sqrt(2 * Math.PI));
}

describe("posterior mode", () => {
  it("bw.nrd0 as R: 0.9 min(sd, IQR/1.34) n^-1/5 (1:10 gives sd, constant falls back to |x1|)", () => {
    const x = Array.from({ length: 10 }, (_, i) => i + 1);
    const sd = Math.sqrt(x.reduce((s, v) => s + (v - 5.5) ** 2, 0) / 9);
    expect(bandwidthNrd0(x)).toBeCloseTo(0.9 * sd * 10 ** -0.2, 14); // IQR/1.34 = 4.5/1.34 > sd
    const skewed = [0, 0, 0, 0, 1, 1, 1, 1, 100];
    expect(bandwidthNrd0(skewed)).toBeCloseTo((0.9 * 1) / 1.34 * 9 ** -0.2, 14); // IQR = 1 < sd
    expect(bandwidthNrd0([3, 3, 3])).toBeCloseTo(0.9 * 3 * 3 ** -0.2, 14);
  });

  it("the binned density matches the exact KDE on R's grid, integrates to 1, and its top is the KDE's top", () => {
    const rng = createStream(7, 0);
    const x = Float64Array.from({ length: 4000 }, () => (rng.uniform() < 0.3 ? 3 + 0.5 * rng.normal() : rng.normal()));
    const adjust = 0.1;
    const bw = adjust * bandwidthNrd0(x);
    const d = kernelDensity(x, adjust);
    expect(d.x.length).toBe(512);
    const min = Math.min(...x), max = Math.max(...x);
    expect(d.x[0]).toBeCloseTo(min - 3 * bw, 12);
    expect(d.x[511]).toBeCloseTo(max + 3 * bw, 12);
    const step = d.x[1] - d.x[0];
    let area = 0;
    let worst = 0;
    for (let k = 0; k < 512; k++) {
      area += d.y[k] * step;
      worst = Math.max(worst, Math.abs(d.y[k] - exactKde(x, bw, d.x[k])));
    }
    expect(area).toBeCloseTo(1, 2);
    expect(worst).toBeLessThan(0.02 * Math.max(...d.y)); // linear binning error, grid step ~ bw
    const mode = posteriorModeOf(x);
    let exactTop = 0;
    for (let k = 1; k < 512; k++) if (exactKde(x, bw, d.x[k]) > exactKde(x, bw, d.x[exactTop])) exactTop = k;
    expect(Math.abs(mode - d.x[exactTop])).toBeLessThanOrEqual(2 * step + 1e-12);
    expect(Math.abs(mode)).toBeLessThan(0.6); // the taller component is N(0, 1) (the other peaks at 3); a narrow bandwidth is noisy
  });

  it("a constant parameter's mode is its value; posteriorModes pools the chains", () => {
    expect(posteriorModeOf([2, 2, 2])).toBe(2);
    const draws = { names: ["a", "b"], chains: [[Float64Array.of(1, 1), Float64Array.of(0, 1, 0).subarray(0, 2)], [Float64Array.of(1, 1), Float64Array.of(0, 0)]] };
    expect(posteriorModes(draws).a).toBe(1);
    expect(Math.abs(posteriorModes(draws).b)).toBeLessThan(0.1);
  });

  it("pointDraws: means, modes or draw `it` (1-based over chains), with typed errors", () => {
    const draws = { names: ["a"], chains: [[Float64Array.of(1, 2, 3)], [Float64Array.of(4, 5, 6)]] };
    expect(pointDraws(draws, "mean").chains).toEqual([[Float64Array.of(3.5)]]);
    expect(pointDraws(draws, "all", 5).chains).toEqual([[Float64Array.of(5)]]);
    expect(pointDraws(draws, "all")).toBe(draws);
    expect(() => pointDraws(draws, "all", 7)).toThrow(ModelSpecError);
    expect(() => pointDraws(draws, "mean", 1)).toThrow(/either it or posterior/);
    expect(() => pointDraws(draws, "median" as "mean")).toThrow(ModelSpecError);
  });
});

describe("predict with posterior and it", () => {
  it("on the link scale: X times the posterior mean / mode / one draw of beta, exactly", async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ y: 1 + 0.5 * Math.sin(i) + 0.3 * Math.cos(3 * i), x: Math.sin(i) }));
    const f = await fit({ fixed: "y ~ x", prior: { R: { V: 1, nu: 0.002 } } }, rows, { nitt: 2000, burnin: 500, thin: 5, chains: 2, seed: 3 });
    const b0 = f.draws["(Intercept)"], b1 = f.draws["x"];
    const pooled = (d: Float64Array[]) => Float64Array.from(d.flatMap((c) => Array.from(c)));
    const mean = (d: Float64Array[]) => pooled(d).reduce((s, v) => s + v, 0) / pooled(d).length;
    const check = (p: ReturnType<typeof predict>, a: number, b: number) => rows.forEach((r, u) => expect(p.fit[u]).toBeCloseTo(a + b * r.x, 12));
    check(predict(f, { type: "link", posterior: "mean" }), mean(b0), mean(b1));
    check(predict(f, { type: "link", posterior: "mode" }), posteriorModeOf(pooled(b0)), posteriorModeOf(pooled(b1)));
    const perChain = b0[0].length;
    check(predict(f, { type: "link", it: perChain + 3 }), b0[1][2], b1[1][2]);
    expect(predict(f, { type: "link", posterior: "mean" }).draws).toBe(1);
    expect(() => predict(f, { posterior: "mean", interval: "confidence" })).toThrow(ModelSpecError);
  });
});
