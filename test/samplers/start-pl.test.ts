// `start` (MCMCglmm's starting values) and `pl` (saving the latent variables).

import { describe, expect, it } from "vitest";
import { ModelSpecError } from "../../src/errors.js";
import { fit } from "../../src/fit.js";

const rows = Array.from({ length: 30 }, (_, i) => ({ y: i === 4 || i === 17 ? null : Math.sin(i) + (i % 3) * 0.8, g: `g${i % 3}` }));
const base = { fixed: "y ~ 1", random: "~g", prior: { R: { V: 1, nu: 0.002 }, G: { G1: { V: 1, nu: 0.002 } } } };
const one = { nitt: 1, burnin: 0, thin: 1, chains: 1, seed: 9, pr: true };

describe("start", () => {
  it("the first location draw uses the starting G: tiny G gives effects near 0, large G does not", async () => {
    const small = await fit({ ...base, start: { R: 1, G: { G1: 1e-10 } } }, rows, one);
    const large = await fit({ ...base, start: { R: 1, G: { G1: { V: 100 } } } }, rows, one);
    const effects = (f: Awaited<ReturnType<typeof fit>>) => ["g.g0", "g.g1", "g.g2"].map((n) => f.draws[n][0][0]);
    for (const u of effects(small)) expect(Math.abs(u)).toBeLessThan(1e-3);
    expect(Math.max(...effects(large).map(Math.abs))).toBeGreaterThan(0.1);
  });

  it("every chain starts from the same values, and the same seed still gives the same draws", async () => {
    const spec = { ...base, start: { R: 0.5, G: { G1: 0.2 }, fixed: [1], liab: rows.map((r) => r.y ?? 0) } };
    const a = await fit(spec, rows, { ...one, nitt: 20, chains: 2, threads: 1 });
    const b = await fit(spec, rows, { ...one, nitt: 20, chains: 2, threads: 1 });
    expect(a.draws["g"]).toEqual(b.draws["g"]);
  });

  it("rejects starts that do not fit the model, naming the element", async () => {
    const bad = async (start: unknown) => fit({ ...base, start } as typeof base, rows, one);
    await expect(bad({ R: 1 })).rejects.toThrow(/both or neither of R and G/);
    await expect(bad({ R: 1, G: { G1: 1, G2: 1 } })).rejects.toThrow(/G has 2 element/);
    await expect(bad({ R: -1, G: { G1: 1 } })).rejects.toThrow(/start R .*positive-definite/);
    await expect(bad({ R: 1, G: { G1: 1 }, fixed: [1, 2] })).rejects.toThrow(/start fixed .* 1 numbers/);
    await expect(bad({ liab: rows.map(() => 0) })).rejects.toThrow(/unit 2 of the Gaussian response "y" is observed/);
    await expect(bad({ sol: [1] })).rejects.toThrow(/unknown element "sol"/);
    await expect(fit({ ...base, prior: { ...base.prior, R: { V: 1, fix: 1 } }, start: { R: 2, G: { G1: 1 } } }, rows, one)).rejects.toThrow(/held at 1 by the prior/);
    await expect(bad({ R: 1, G: { G1: [[1, 0], [0, 1]] } })).rejects.toThrow(ModelSpecError);
  });
});

describe("pl", () => {
  it("saves the latent variables per draw: observed Gaussian rows are the response, missing ones are imputed", async () => {
    const f = await fit({ ...base, pl: true }, rows, { nitt: 600, burnin: 100, thin: 5, chains: 2, threads: 1, seed: 4 });
    expect(f.layout.latent).toEqual(rows.map((_, u) => `latent.y.${u + 1}`));
    for (const c of [0, 1]) {
      expect(Array.from(f.draws["latent.y.1"][c]).every((v) => v === rows[0].y)).toBe(true);
      const imputed = f.draws["latent.y.5"][c];
      expect(new Set(imputed).size).toBe(imputed.length); // a fresh draw every time
    }
    // the summary is unchanged by pl: no latent rows
    expect(f.summary().fixed.map((r) => r.name)).toEqual(["(Intercept)"]);
    const without = await fit(base, rows, { nitt: 600, burnin: 100, thin: 5, chains: 2, threads: 1, seed: 4 });
    expect(without.layout.latent).toEqual([]);
    expect(without.draws["(Intercept)"]).toEqual(f.draws["(Intercept)"]);
  });
});

describe("start and pl with two traits", () => {
  const two = Array.from({ length: 16 }, (_, i) => ({ a: Math.sin(i), b: i === 2 ? null : Math.cos(i), g: `g${i % 4}` }));
  const spec = {
    fixed: "cbind(a, b) ~ trait - 1",
    random: "~idh(trait):g",
    rcov: "~us(trait):units",
    family: ["gaussian", "gaussian"] as ["gaussian", "gaussian"],
    prior: { G: { G1: { V: [[1, 0], [0, 1]], nu: 2 } }, R: { V: [[1, 0], [0, 1]], nu: 2 } },
  };
  it("takes 2 x 2 starts (diagonal for idh), names latent variables by trait, and rejects covariances for idh", async () => {
    const f = await fit({ ...spec, pl: true, start: { R: [[1, 0.3], [0.3, 1]], G: { G1: [[0.5, 0], [0, 0.2]] } } }, two, { ...one, nitt: 10, threads: 1 });
    expect(f.layout.latent.slice(15, 17)).toEqual(["latent.a.16", "latent.b.1"]);
    expect(Array.from(f.draws["latent.b.1"][0]).every((v) => v === two[0].b)).toBe(true);
    await expect(fit({ ...spec, start: { R: [[1, 0.3], [0.3, 1]], G: { G1: [[0.5, 0.1], [0.1, 0.2]] } } }, two, one)).rejects.toThrow(/idh structure has no covariances/);
    await expect(fit({ ...spec, start: { R: 1, G: { G1: 1 } } }, two, one)).resolves.toBeDefined(); // scalars mean V times I
  });
});
