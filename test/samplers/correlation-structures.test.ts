// corg and corgh structures end to end: variances held where MCMCglmm holds them (1 for corg, the
// prior V's diagonal for corgh), correlations recovered from simulated data, and the priors they
// refuse (parameter expansion, fix).

import { describe, expect, it } from "vitest";
import { fit } from "../../src/fit.js";
import { createStream } from "../../src/random/index.js";

function simulate(seed: number) {
  const rng = createStream(seed, 0);
  const groups = Array.from({ length: 60 }, () => {
    // group effects with variances 0.5 and 2, correlation -0.5
    const z1 = rng.normal(), z2 = rng.normal();
    return [Math.sqrt(0.5) * z1, Math.sqrt(2) * (-0.5 * z1 + Math.sqrt(0.75) * z2)];
  });
  return Array.from({ length: 600 }, (_, i) => {
    const g = i % 60;
    const e1 = rng.normal(), e2 = 0.6 * e1 + 0.8 * rng.normal(); // residual correlation 0.6, unit variances
    return { y1: 1 + groups[g][0] + e1, y2: -1 + groups[g][1] + e2, g: `g${g}` };
  });
}

describe("corg / corgh structures", () => {
  it("recover the correlations with the variances fixed", async () => {
    const spec = {
      fixed: "cbind(y1, y2) ~ trait - 1",
      random: "~corgh(trait):g",
      rcov: "~corg(trait):units",
      family: ["gaussian", "gaussian"] as ("gaussian")[],
      prior: { R: { V: [[1, 0], [0, 1]], nu: 3 }, G: { G1: { V: [[0.5, 0], [0, 2]], nu: 3 } } },
    };
    const f = await fit(spec, simulate(8), { nitt: 4000, burnin: 1000, thin: 2, chains: 2, threads: 1, seed: 4 });
    const all = (name: string) => f.draws[name].flatMap((c) => Array.from(c));
    expect(new Set(all("traity1:traity1.units"))).toEqual(new Set([1]));
    expect(new Set(all("traity2:traity2.units"))).toEqual(new Set([1]));
    expect(new Set(all("traity1:traity1.g"))).toEqual(new Set([0.5]));
    expect(new Set(all("traity2:traity2.g"))).toEqual(new Set([2]));
    const s = f.summary();
    const row = (name: string) => s.covariances.find((r) => r.name === name)!;
    const rRes = row("traity2:traity1.units");
    expect(Math.abs(rRes.mean - 0.6)).toBeLessThan(3 * rRes.sd);
    const gCov = row("traity2:traity1.g"); // covariance -0.5 * sqrt(0.5 * 2) = -0.5
    expect(Math.abs(gCov.mean + 0.5)).toBeLessThan(3 * gCov.sd);
    const gCor = s.derived.find((r) => r.name === "cor.g.y1.y2")!; // corgh: the correlation, -0.5
    expect(Math.abs(gCor.mean + 0.5)).toBeLessThan(3 * gCor.sd);
    expect(rRes.rhat).toBeLessThan(1.01);
    expect(rRes.ess_bulk).toBeGreaterThan(400);
  });

  it("fit a multivariate probit (two threshold traits) with a corg residual", async () => {
    const rng = createStream(2, 0);
    const rows = Array.from({ length: 1500 }, () => {
      const x = rng.normal();
      const e1 = rng.normal(), e2 = 0.5 * e1 + Math.sqrt(0.75) * rng.normal();
      return { a: 0.3 + 0.8 * x + e1 > 0 ? "yes" : "no", b: -0.2 + 0.5 * x + e2 > 0 ? "yes" : "no", x };
    });
    const spec = {
      fixed: "cbind(a, b) ~ trait + trait:x - 1",
      rcov: "~corg(trait):units",
      family: ["threshold", "threshold"] as ("threshold")[],
      prior: { R: { V: [[1, 0], [0, 1]], nu: 3 } },
    };
    const f = await fit(spec, rows, { nitt: 4000, burnin: 1000, thin: 3, chains: 2, threads: 1, seed: 1 });
    const s = f.summary();
    const truth: Record<string, number> = { traita: 0.3, traitb: -0.2, "traita:x": 0.8, "traitb:x": 0.5, "traitb:traita.units": 0.5 };
    for (const r of [...s.fixed, ...s.covariances]) {
      if (truth[r.name] === undefined) continue;
      expect(Math.abs(r.mean - truth[r.name])).toBeLessThan(3 * r.sd);
    }
    expect(new Set(f.draws["traitb:traitb.units"].flatMap((c) => Array.from(c)))).toEqual(new Set([1]));
  });

  it("refuse parameter expansion and fix", async () => {
    const data = simulate(1).slice(0, 120);
    const base = { fixed: "cbind(y1, y2) ~ trait - 1", rcov: "~corg(trait):units", family: ["gaussian", "gaussian"] as ("gaussian")[] };
    await expect(fit({ ...base, random: "~corg(trait):g", prior: { R: { V: [[1, 0], [0, 1]], nu: 3 }, G: { G1: { V: [[1, 0], [0, 1]], nu: 3, "alpha.mu": [0, 0], "alpha.V": [[1, 0], [0, 1]] } } } }, data, { nitt: 20, burnin: 10, thin: 1 }))
      .rejects.toThrow(/G\.G1: parameter expansion .* not available for corg/);
    await expect(fit({ ...base, prior: { R: { V: [[1, 0], [0, 1]], nu: 3, fix: 2 } } }, data, { nitt: 20, burnin: 10, thin: 1 }))
      .rejects.toThrow(/R: fix is not available for corg/);
  });
});
