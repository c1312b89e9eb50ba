// prior_only: independent draws from the prior, checked against the priors' exact moments and
// quantiles by the same rule as posteriors (within 4 MCSE).

import { describe, expect, it } from "vitest";
import { DataError, ModelSpecError, PriorError } from "../../src/errors.js";
import { mcseMean } from "../../src/diagnostics/index.js";
import { fit } from "../../src/fit.js";

const rows = Array.from({ length: 24 }, (_, i) => ({ y: null as number | null, x: Math.cos(i), g: `g${i % 4}` }));
const settings = { nitt: 4000, burnin: 0, thin: 1, chains: 2, threads: 1, seed: 11 };
const spec = {
  fixed: "y ~ x",
  random: "~g",
  prior: {
    B: { mu: [1, 2], V: [[4, 1.5], [1.5, 9]] },
    G: { G1: { V: 1, nu: 1, "alpha.mu": 0, "alpha.V": 1000 } },
    R: { V: 2, nu: 10 },
  },
  prior_only: true,
};

function within(draws: Float64Array[], expected: number) {
  const n = draws.reduce((s, d) => s + d.length, 0);
  const mean = draws.reduce((s, d) => s + d.reduce((t, v) => t + v, 0), 0) / n;
  expect(Math.abs(mean - expected)).toBeLessThan(4 * mcseMean(draws));
}

describe("prior_only", () => {
  it("draws beta ~ N(mu, V), R ~ IG(nu/2, nu V/2) and a parameter-expanded G (half-Cauchy sd) exactly", async () => {
    const f = await fit(spec, rows, settings);
    const b0 = f.draws["(Intercept)"], b1 = f.draws["x"], R = f.draws["units"], G = f.draws["g"];
    within(b0, 1);
    within(b1, 2);
    within(b0.map((c, k) => c.map((v, i) => (v - 1) * (b1[k][i] - 2))), 1.5);
    within(b1.map((c) => c.map((v) => (v - 2) ** 2)), 9);
    const s = f.summary();
    const row = s.fixed.find((r) => r.name === "x")!;
    expect(Math.abs(row.q2_5 - (2 - 1.959963984540054 * 3))).toBeLessThan(4 * row.mcse_q2_5);
    expect(Math.abs(row.q97_5 - (2 + 1.959963984540054 * 3))).toBeLessThan(4 * row.mcse_q97_5);
    within(R, 10 / 4); // IG(5, 10): mean b / (a - 1)
    within(R.map((c) => c.map((v) => 1 / v)), 0.5); // 1/R ~ Gamma(5, rate 10)
    // sd = |alpha| sqrt(G*) is half-Cauchy with scale sqrt(1000): P(sd < sqrt(1000)) = 1/2
    const n = G.reduce((t, d) => t + d.length, 0);
    const below = G.reduce((t, d) => t + d.filter((v) => v < 1000).length, 0) / n;
    expect(Math.abs(below - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / n));
    // independent draws: bulk-ESS near the number of draws
    expect(s.covariances.find((r) => r.name === "units")!.ess_bulk).toBeGreaterThan(0.8 * n);
    expect(s.dic).toBeNull();
    expect(s.warnings.some((w) => w.includes("draws from the prior"))).toBe(true);
  });

  it("ignores an observed response with a named warning, and is reproducible", async () => {
    const observed = rows.map((r, i) => ({ ...r, y: i / 3 }));
    const a = await fit(spec, observed, { ...settings, nitt: 200 });
    const b = await fit(spec, rows, { ...settings, nitt: 200 });
    expect(a.draws["units"]).toEqual(b.draws["units"]);
    expect(a.summary().warnings).toContain("prior_only: the 24 observed response value(s) are not used; these are draws from the prior");
  });

  it("needs proper priors and no pr, pl or cutpoints; an all-missing response without it is a DataError", async () => {
    await expect(fit({ ...spec, prior: { ...spec.prior, R: { V: 1, nu: 0 } } }, rows, settings)).rejects.toThrow(PriorError);
    await expect(fit({ ...spec, prior: { B: spec.prior.B, R: spec.prior.R } }, rows, settings)).rejects.toThrow(/improper/);
    await expect(fit(spec, rows, { ...settings, pr: true })).rejects.toThrow(ModelSpecError);
    await expect(fit({ ...spec, start: { R: 1, G: { G1: 1 } } }, rows, settings)).rejects.toThrow(/start does not apply/);
    await expect(fit({ ...spec, prior_only: false }, rows, settings)).rejects.toThrow(DataError);
    await expect(fit({ ...spec, prior_only: false }, rows, settings)).rejects.toThrow(/prior_only/);
    await expect(fit({ ...spec, prior_only: "yes" as unknown as boolean }, rows, settings)).rejects.toThrow(ModelSpecError);
  });
});

describe("prior_only, two traits", () => {
  it("an IW(3, I) G gives uniform correlations (the derived cor) and E[variance] = nu V / (nu - k - 1) for IW(6, I)", async () => {
    const two = Array.from({ length: 20 }, (_, i) => ({ a: null, b: null, g: `g${i % 5}` }));
    const f = await fit(
      {
        fixed: "cbind(a, b) ~ trait - 1",
        random: "~us(trait):g",
        rcov: "~us(trait):units",
        family: ["gaussian", "gaussian"],
        prior: { G: { G1: { V: [[1, 0], [0, 1]], nu: 3 } }, R: { V: [[1, 0], [0, 2]], nu: 6 } },
        prior_only: true,
      },
      two,
      settings,
    );
    const s = f.summary();
    const cor = s.derived.find((r) => r.name === "cor.g.a.b");
    expect(cor).toBeDefined();
    const draws = f.derivedDraws()["cor.g.a.b"];
    const n = draws.reduce((t, d) => t + d.length, 0);
    const below = draws.reduce((t, d) => t + d.filter((v) => v < 0.5).length, 0) / n;
    expect(Math.abs(below - 0.75)).toBeLessThan(4 * Math.sqrt(0.75 * 0.25 / n));
    within(f.draws["traitb:traitb.units"], (6 * 2) / (6 - 3));
    within(f.draws["traita:traita.units"], 6 / (6 - 3));
  });
});
