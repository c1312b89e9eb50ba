// Residual structures beyond one R for every unit (MCMCglmm's block-diagonal R): idh(f):units in
// any data order, us(f):units (missing coefficients augmented), several at.level-built residual
// terms with priors R1, R2, and a non-Gaussian response with group-specific overdispersion.

import { describe, expect, it } from "vitest";
import { fit } from "../../src/fit.js";
import { simulate as simulateFit } from "../../src/posterior/simulate.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import { resolvePrior } from "../../src/priors/prior.js";
import { PriorError } from "../../src/errors.js";
import { createStream, createWishartWorkspace, rInvWishart } from "../../src/random/index.js";
import type { SummaryRow } from "../../src/posterior/summary.js";

/** Groups a, b, c in a shuffled order; y ~ N(0, sd_g^2), x another trait; counts ~ Poisson(exp(1 + e)), e ~ N(0, v_g). */
function simulate(n: number, seed: number) {
  const rng = createStream(seed, 0);
  const sd: Record<string, number> = { a: 1, b: 2, c: 0.5 };
  const overdispersion: Record<string, number> = { a: 0.2, b: 1, c: 0.2 };
  const rows = Array.from({ length: n }, () => {
    const u = rng.uniform();
    const g = u < 0.4 ? "a" : u < 0.8 ? "b" : "c";
    const count = poisson(rng, Math.exp(1 + Math.sqrt(overdispersion[g]) * rng.normal()));
    return { g, y: sd[g] * rng.normal(), x: 1 + rng.normal(), count };
  });
  return { rows, data: frameFromRows(rows) };
}

function poisson(rng: { uniform(): number }, mean: number): number {
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  const u = rng.uniform();
  while (u > cdf) { k++; p *= mean / k; cdf += p; }
  return k;
}

function byName(rows: readonly SummaryRow[]): Map<string, SummaryRow> {
  return new Map(rows.map((r) => [r.name, r]));
}

describe("residual structures: model and priors", () => {
  const { rows, data } = simulate(200, 11);

  it("gives each row of idh(g):units its own group's coefficient, whatever the data order", () => {
    const m = buildModel({ fixed: "y ~ 1", rcov: "~idh(g):units" }, data);
    expect(m.residualTerms.map((t) => t.vcvNames)).toEqual([["ga.units", "gb.units", "gc.units"]]);
    expect(Array.from(m.residualIndex.coef)).toEqual(rows.map((r) => ["a", "b", "c"].indexOf(r.g)));
    expect(Array.from(m.residualIndex.term).every((t) => t === 0)).toBe(true);
  });

  it("partitions the traits of a bivariate model between at.level terms, with one prior each (R1, R2)", () => {
    const spec = { fixed: "cbind(y, x) ~ trait - 1", rcov: "~idh(at.level(trait,1)):units + idh(at.level(trait,2)):units", family: ["gaussian", "gaussian"] as "gaussian"[] };
    const m = buildModel(spec, data);
    const n = m.nUnits;
    expect(Array.from(m.residualIndex.term)).toEqual([...Array(n).fill(0), ...Array(n).fill(1)]);
    const prior = resolvePrior(m, { R: { R1: { V: 1, nu: 1 }, R2: { V: 2, nu: 3 } } });
    expect(prior.R.map((p) => [p.label, p.V[0], p.nu])).toEqual([["R.R1", 1, 1], ["R.R2", 2, 3]]);
    expect(() => resolvePrior(m, { R: { V: 1, nu: 1 } })).toThrow(PriorError);
    expect(() => resolvePrior(m, { R: { R1: { V: 1, nu: 1 } } })).toThrow(/2 residual term/);
  });

  it("refuses residual terms that overlap or leave rows without a residual", () => {
    const spec = { fixed: "cbind(y, x) ~ trait - 1", family: ["gaussian", "gaussian"] as "gaussian"[] };
    expect(() => buildModel({ ...spec, rcov: "~idh(at.level(trait,1)):units" }, data)).toThrow(/cover every observation.*data row 1 \(trait 2\) has no residual/);
    expect(() => buildModel({ ...spec, rcov: "~idh(at.level(trait,1)):units + us(trait):units" }, data)).toThrow(/partition/);
  });
});

describe("residual structures: posteriors", () => {
  const { data } = simulate(400, 5);

  it("samples us(g):units with each unit's missing coefficients augmented, as importance sampling from the prior does", async () => {
    // Mean pinned at 0 by the prior, so the data are the residuals; each unit observes one
    // group's variance. Reference: Sigma ~ IW(nu, nu V) drawn from the prior and weighted by the
    // likelihood prod_i N(y_i; 0, Sigma_{g_i g_i}); few data keep the weights well spread.
    const nu = 6;
    const small = frameFromRows(simulate(400, 5).rows.slice(0, 24));
    const spec = { fixed: "y ~ 1", rcov: "~us(g):units", prior: { B: { mu: 0, V: 1e-12 }, R: { V: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], nu } } };
    expect((small.columns.get("g") as { levels: readonly string[] }).levels).toEqual(["a", "b", "c"]);
    const result = await fit(spec, small, { nitt: 42000, burnin: 2000, thin: 5, chains: 2, threads: 1, seed: 3 });
    const rows = byName(result.summary().covariances);
    const g = small.columns.get("g")!, y = small.columns.get("y")!;
    if (g.kind !== "factor" || y.kind !== "numeric") throw new Error("bad test data");
    const k = g.levels.length;
    const S = new Float64Array(k), count = new Float64Array(k);
    g.codes.forEach((c, i) => { S[c] += y.values[i] ** 2; count[c]++; });
    const rng = createStream(99, 0);
    const ws = createWishartWorkspace(k);
    const scale = Float64Array.from({ length: k * k }, (_, i) => (i % (k + 1) === 0 ? nu : 0));
    const sigma = new Float64Array(k * k);
    const N = 200000;
    const logW = new Float64Array(N), draws = Array.from({ length: k }, () => new Float64Array(N));
    for (let i = 0; i < N; i++) {
      rInvWishart(rng, nu, scale, sigma, ws);
      let lw = 0;
      for (let a = 0; a < k; a++) {
        const v = sigma[a * k + a];
        draws[a][i] = v;
        lw += -0.5 * count[a] * Math.log(v) - (0.5 * S[a]) / v;
      }
      logW[i] = lw;
    }
    const top = logW.reduce((m, x) => Math.max(m, x), -Infinity);
    const w = Float64Array.from(logW, (x) => Math.exp(x - top));
    const sumW = w.reduce((s, x) => s + x, 0);
    g.levels.forEach((level, a) => {
      const mean = draws[a].reduce((s, x, i) => s + w[i] * x, 0) / sumW;
      const se = Math.sqrt(draws[a].reduce((s, x, i) => s + (w[i] * (x - mean)) ** 2, 0)) / sumW;
      const row = rows.get(`g${level}:g${level}.units`)!;
      expect(Math.abs(row.mean - mean)).toBeLessThan(4 * Math.hypot(row.mcse_mean, se));
    });
  });

  it("gives the same posterior for idh(trait):units and the same structure as two at.level terms", async () => {
    const base = { fixed: "cbind(y, x) ~ trait - 1", family: ["gaussian", "gaussian"] as "gaussian"[] };
    const settings = { nitt: 6000, burnin: 1000, thin: 2, chains: 2, threads: 1 };
    const one = await fit({ ...base, rcov: "~idh(trait):units", prior: { R: { V: [[1, 0], [0, 1]], nu: 0.002 } } }, data, { ...settings, seed: 1 });
    const two = await fit(
      { ...base, rcov: "~idh(at.level(trait,1)):units + idh(at.level(trait,2)):units", prior: { R: { R1: { V: 1, nu: 0.002 }, R2: { V: 1, nu: 0.002 } } } },
      data,
      { ...settings, seed: 2 },
    );
    const a = byName([...one.summary().fixed, ...one.summary().covariances]);
    const b = byName([...two.summary().fixed, ...two.summary().covariances]);
    const pairs: [string, string][] = [["traity", "traity"], ["traitx", "traitx"], ["traity.units", "at.level(trait, 1).units"], ["traitx.units", "at.level(trait, 2).units"]];
    for (const [na, nb] of pairs) {
      const ra = a.get(na)!, rb = b.get(nb)!;
      expect(Math.abs(ra.mean - rb.mean)).toBeLessThan(4 * Math.hypot(ra.mcse_mean, rb.mcse_mean));
      expect(Math.abs(ra.q2_5 - rb.q2_5)).toBeLessThan(4 * Math.hypot(ra.mcse_q2_5, rb.mcse_q2_5));
      expect(Math.abs(ra.q97_5 - rb.q97_5)).toBeLessThan(4 * Math.hypot(ra.mcse_q97_5, rb.mcse_q97_5));
    }
  });

  it("recovers group-specific overdispersion of a Poisson response (idh(g):units) from simulated data", async () => {
    // truth: log-mean 1, units variances a 0.2, b 1, c 0.2 (simulate above)
    const { data: counts } = simulate(600, 21);
    const spec = { fixed: "count ~ 1", rcov: "~idh(g):units", family: "poisson" as const, prior: { R: { V: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], nu: 0.002 } } };
    const result = await fit(spec, counts, { nitt: 5000, burnin: 1000, thin: 2, chains: 2, threads: 1, seed: 4 });
    const truth: Record<string, number> = { "(Intercept)": 1, "ga.units": 0.2, "gb.units": 1, "gc.units": 0.2 };
    for (const [name, value] of Object.entries(truth)) {
      // the truth inside the central 99.8% posterior interval (a correct sampler misses with probability 0.002 per parameter)
      const pooled = Float64Array.from(result.draws[name].flatMap((c) => Array.from(c))).sort();
      const lo = pooled[Math.floor(0.001 * pooled.length)], hi = pooled[Math.ceil(0.999 * pooled.length) - 1];
      expect(value).toBeGreaterThan(lo);
      expect(value).toBeLessThan(hi);
    }
    // and the data tell the groups apart: a pooled residual variance would not
    const a = result.draws["ga.units"].flatMap((c) => Array.from(c));
    const b = result.draws["gb.units"].flatMap((c) => Array.from(c));
    expect(a.filter((x, i) => x < b[i]).length / a.length).toBeGreaterThan(0.99);
  });

  it("simulates the training rows with each unit's own residual variance, and refuses new data", async () => {
    const spec = { fixed: "y ~ 1", rcov: "~idh(g):units", prior: { R: { V: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], nu: 0.002 } } };
    const result = await fit(spec, data, { nitt: 3000, burnin: 1000, thin: 5, chains: 2, threads: 1, seed: 6 });
    const sim = simulateFit(result, { nsim: 200, seed: 1 });
    const g = data.columns.get("g")!;
    if (g.kind !== "factor") throw new Error("bad test data");
    const means = byName(result.summary().covariances);
    const simulated = g.levels.map((_, a) => {
      let s = 0, s2 = 0, m = 0;
      for (const values of sim.responses[0].values) {
        g.codes.forEach((c, u) => { if (c === a) { s += values[u]; s2 += values[u] ** 2; m++; } });
      }
      return s2 / m - (s / m) ** 2;
    });
    // y's predictive variance per group: its residual variance (plus the intercept's small posterior variance)
    g.levels.forEach((level, a) => expect(simulated[a] / means.get(`g${level}.units`)!.mean).toBeGreaterThan(0.9));
    g.levels.forEach((level, a) => expect(simulated[a] / means.get(`g${level}.units`)!.mean).toBeLessThan(1.15));
    expect(() => simulateFit(result, { newdata: [{ g: "a" }] })).toThrow(/new data/);
  });
});
