// MCMCglmm's covu model fitted (prior R covu = true; samplers/kernels/covu/): with both terms over
// units it is, marginally, one unstructured residual, so its posterior must match that model's by
// the 4-MCSE rule; the draws are bit-identical for 1 or 2 threads, and what mcglmm cannot fit as
// MCMCglmm does is refused by name.

import { describe, expect, it } from "vitest";
import { summariseDraws } from "../../src/diagnostics/summarise.js";
import { PriorError } from "../../src/errors.js";
import { fit } from "../../src/fit.js";
import { predict } from "../../src/posterior/predict.js";

const data = Array.from({ length: 60 }, (_, i) => ({ a: Math.sin(i) + 0.3 * Math.cos(3.1 * i), b: Math.cos(1.7 * i) + 0.5 * Math.sin(i) + 0.2 * (i % 4), g: `g${i % 6}` }));
const V = [[1, 0.2, 0.1], [0.2, 1, 0.3], [0.1, 0.3, 1]], nu = 5;
const covuSpec = { fixed: "cbind(a, b) ~ trait - 1", random: "~us(at.level(trait, 2)):units", rcov: "~us(trait):units", family: "gaussian" as const, prior: { B: { mu: 0, V: 100 }, R: { V, nu, covu: true } } };

describe("covu with both terms over units equals one us(trait):units residual (4-MCSE rule)", () => {
  it("the latent covariance A Sigma A' and the fixed effects, mean and 2.5%/97.5% quantiles", async () => {
    // (u, r_a, r_b) ~ N(0, Sigma) per unit, l_a = mu_a + r_a, l_b = mu_b + u + r_b: the latent
    // covariance is A Sigma A' with A = [0 1 0; 1 0 1], and under Sigma ~ IW(nu, nu V) (MCMCglmm's
    // parameterisation) A Sigma A' ~ IW(nu - 1, nu A V A'), i.e. V' = nu A V A' / (nu - 1), nu' = nu - 1
    const A = [[0, 1, 0], [1, 0, 1]];
    const AVA = A.map((ra) => A.map((rb) => ra.reduce((s, x, i) => s + x * rb.reduce((t, y, j) => t + V[i][j] * y, 0), 0)));
    const usSpec = { fixed: "cbind(a, b) ~ trait - 1", rcov: "~us(trait):units", family: "gaussian" as const, prior: { B: { mu: 0, V: 100 }, R: { V: AVA.map((r) => r.map((x) => (nu * x) / (nu - 1))), nu: nu - 1 } } };
    const settings = { nitt: 8000, burnin: 1000, thin: 2, chains: 2, threads: 1 };
    const covu = await fit(covuSpec, data, { ...settings, seed: 5 });
    const us = await fit(usSpec, data, { ...settings, seed: 6 });
    const g = "at.level(trait, 2).units", ra = "traita.units", rb = "traitb.units";
    const d = (n: string) => covu.draws[n];
    const combine = (parts: [string, number][]) => d(parts[0][0]).map((_, c) => d(parts[0][0])[c].map((_, i) => parts.reduce((s, [n, w]) => s + w * d(n)[c][i], 0)));
    const pairs: [Float64Array[] | number[][], Float64Array[]][] = [
      [combine([[`${ra}:${ra}`, 1]]), us.draws["traita:traita.units"]],
      [combine([[`${g}:${ra}`, 1], [`${rb}:${ra}`, 1]]), us.draws["traitb:traita.units"]],
      [combine([[`${g}:${g}`, 1], [`${g}:${rb}`, 2], [`${rb}:${rb}`, 1]]), us.draws["traitb:traitb.units"]],
      [covu.draws.traita, us.draws.traita],
      [covu.draws.traitb, us.draws.traitb],
    ];
    for (const [x, y] of pairs) {
      const a = summariseDraws(x.map((c) => Float64Array.from(c)), { probs: [0.025, 0.975] });
      const b = summariseDraws(y, { probs: [0.025, 0.975] });
      expect(Math.abs(a.mean - b.mean)).toBeLessThan(4 * Math.hypot(a.mcse_mean, b.mcse_mean));
      for (let i = 0; i < 2; i++) expect(Math.abs(a.quantiles[i].value - b.quantiles[i].value)).toBeLessThan(4 * Math.hypot(a.quantiles[i].mcse, b.quantiles[i].mcse));
    }
  });
});

describe("covu with a Poisson response equals the us(trait):units model too (4-MCSE rule)", () => {
  it("var(b) = A Sigma A' [2, 2], var(a) and the intercept of b: mean and 2.5%/97.5% quantiles", async () => {
    // the same latent model as above; the latent kernels see eta = W(beta) theta and R = the Schur complement
    const counts = Array.from({ length: 80 }, (_, i) => ({ a: Math.round(2 + 1.5 * Math.sin(i) + (i % 3)), b: Math.round(3 + 2 * Math.cos(1.7 * i)) }));
    const A = [[0, 1, 0], [1, 0, 1]];
    const AVA = A.map((ra) => A.map((rb) => ra.reduce((s, x, i) => s + x * rb.reduce((t, y, j) => t + V[i][j] * y, 0), 0)));
    const settings = { nitt: 7000, burnin: 1000, thin: 3, chains: 2, threads: 1 };
    const covu = await fit({ ...covuSpec, family: "poisson" }, counts, { ...settings, seed: 5 });
    const us = await fit({ fixed: "cbind(a, b) ~ trait - 1", rcov: "~us(trait):units", family: "poisson", prior: { B: { mu: 0, V: 100 }, R: { V: AVA.map((r) => r.map((x) => (nu * x) / (nu - 1))), nu: nu - 1 } } }, counts, { ...settings, seed: 6 });
    const g = "at.level(trait, 2).units", rb = "traitb.units";
    const d = (n: string) => covu.draws[n];
    const varB = d(`${g}:${g}`).map((c, k) => Float64Array.from(c, (x, i) => x + 2 * d(`${g}:${rb}`)[k][i] + d(`${rb}:${rb}`)[k][i]));
    const pairs: [Float64Array[], Float64Array[]][] = [[varB, us.draws["traitb:traitb.units"]], [d("traita.units:traita.units"), us.draws["traita:traita.units"]], [d("traitb"), us.draws.traitb]];
    for (const [x, y] of pairs) {
      const a = summariseDraws(x, { probs: [0.025, 0.975] }), b = summariseDraws(y, { probs: [0.025, 0.975] });
      expect(Math.abs(a.mean - b.mean)).toBeLessThan(4 * Math.hypot(a.mcse_mean, b.mcse_mean));
      for (let i = 0; i < 2; i++) expect(Math.abs(a.quantiles[i].value - b.quantiles[i].value)).toBeLessThan(4 * Math.hypot(a.quantiles[i].mcse, b.quantiles[i].mcse));
    }
  });
});

describe("covu in a fit", () => {
  it("stores MCMCglmm's joint matrix, symmetric and positive-definite, bit-identical for 1 or 2 threads", async () => {
    const spec = { ...covuSpec, random: "~us(1):g + us(at.level(trait, 2)):units", prior: { ...covuSpec.prior, G: { G1: { V: 1, nu: 1 } } } };
    const one = await fit(spec, data, { nitt: 700, burnin: 200, thin: 5, chains: 2, threads: 1, seed: 3 });
    const two = await fit(spec, data, { nitt: 700, burnin: 200, thin: 5, chains: 2, threads: 2, seed: 3 });
    expect(one.failures).toEqual([]);
    for (const name of Object.keys(one.draws)) one.draws[name].forEach((c, i) => expect(Array.from(two.draws[name][i])).toEqual(Array.from(c)));
    const g = "at.level(trait, 2).units";
    expect(Object.keys(one.draws).filter((n) => n.includes(".units") || n.endsWith(".g"))).toEqual([
      "(Intercept):(Intercept).g",
      `${g}:${g}`, `traita.units:${g}`, `traitb.units:${g}`, `${g}:traita.units`, "traita.units:traita.units", "traitb.units:traita.units", `${g}:traitb.units`, "traita.units:traitb.units", "traitb.units:traitb.units",
    ]);
    const x = (n: string) => one.draws[n].flatMap((c) => Array.from(c));
    expect(x(`traitb.units:${g}`)).toEqual(x(`${g}:traitb.units`));
    const s11 = x(`${g}:${g}`), s22 = x("traitb.units:traitb.units"), s12 = x(`traitb.units:${g}`);
    expect(s11.every((v, i) => v > 0 && s22[i] > 0 && s12[i] ** 2 < v * s22[i])).toBe(true);
    expect(new Set(s12).size).toBeGreaterThan(50);
    // derived: the joint matrix's correlations (no heritability or phenotypic correlation)
    const derived = one.summary().derived;
    expect(derived.map((r) => r.name)).toEqual([`cor.${g}.traita.units`, `cor.${g}.traitb.units`, "cor.traita.units.traitb.units"]);
    const cor = derived[1], ratio = s12.map((c, i) => c / Math.sqrt(s11[i] * s22[i]));
    expect(cor.mean).toBeCloseTo(ratio.reduce((a, b) => a + b, 0) / ratio.length, 10);
    // as MCMCglmm's predict and simulate
    expect(() => predict(one)).toThrow(/not implemented for covu models/);
  });

  it("refuses by name what it cannot fit as MCMCglmm does", async () => {
    const run = (over: object) => fit({ ...covuSpec, ...over } as never, data, { nitt: 20, burnin: 10, thin: 1, chains: 1, seed: 1 });
    await expect(run({ prior: { R: { V: [[1, 0], [0, 1]], nu: 2, covu: true } } })).rejects.toThrow(/prior R: V .*covu: over us\(at.level\(trait, 2\)\):units then us\(trait\):units, 3 dimensions/);
    await expect(run({ prior: { R: { V, nu, covu: true, fix: 2 } } })).rejects.toThrow(PriorError);
    await expect(run({ location: "pcg" })).rejects.toThrow(/location "pcg" with covu = true is not implemented/);
    await expect(run({ rcov: "~idh(trait):units" })).rejects.toThrow(/only one variance or a us\(\) matrix can join the covu matrix/);
  });
});
