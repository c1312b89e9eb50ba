// Long-format data (family = null, models/long/): a wide model and its long form (the wide rows
// stacked with trait/family columns, the residual over the wide row's id) are the same model. In
// the wide rows' order mcglmm's grid is the wide one, so draws and deviance are bit-identical for
// the same seed; shuffled, with missing values left out as rows, the grid differs and the
// posteriors agree by the 4-MCSE rule.

import { describe, expect, it } from "vitest";
import { summariseDraws } from "../../../src/diagnostics/summarise.js";
import { fit } from "../../../src/fit.js";
import { computeDic } from "../../../src/posterior/dic.js";

const wide = Array.from({ length: 40 }, (_, i) => ({ id: `i${i}`, x: Math.sin(1.3 * i), y1: Math.sin(i) + 0.3 * Math.cos(3.1 * i), y2: Math.cos(1.7 * i) + 0.5 * Math.sin(i) + 0.2 * (i % 4), g: `g${i % 5}` }));
const long = wide.flatMap((r) => [
  { id: r.id, x: r.x, g: r.g, trait: "y1", family: "gaussian", y: r.y1 },
  { id: r.id, x: r.x, g: r.g, trait: "y2", family: "gaussian", y: r.y2 },
]);
const settings = { nitt: 600, burnin: 100, thin: 5, chains: 1, threads: 1, seed: 11 };

describe("a long-format model (family = null) equals its wide form", () => {
  it("us(trait):id over long rows gives the wide us(trait):units draws bit for bit", async () => {
    const prior = { R: { V: [[1, 0.1], [0.1, 1]], nu: 3 }, G: { G1: { V: [[1, 0], [0, 1]], nu: 2 } } };
    const w = await fit({ fixed: "cbind(y1, y2) ~ trait - 1 + trait:x", random: "~us(trait):g", rcov: "~us(trait):units", family: "gaussian", prior }, wide, settings);
    const l = await fit({ fixed: "y ~ trait - 1 + trait:x", random: "~us(trait):g", rcov: "~us(trait):id", family: null, prior }, long, settings);
    const rename = (n: string) => n.replace(/\.id$/, ".units").replace(/^trait(y\d):trait(y\d)\.units$/, "trait$1:trait$2.units");
    const names = Object.keys(l.draws);
    expect(names.map(rename).sort()).toEqual(Object.keys(w.draws).sort());
    for (const n of names) expect(Array.from(l.draws[n][0])).toEqual(Array.from(w.draws[rename(n)][0]));
    expect(Array.from(l.run.deviance[0])).toEqual(Array.from(w.run.deviance[0]));
    expect(computeDic(l.model, l.run.deviance, l.run.sums)!.dic).toBe(computeDic(w.model, w.run.deviance, w.run.sums)!.dic);
  });

  it("with a binary and a Poisson trait beside a Gaussian one, draw for draw", async () => {
    const w3 = wide.map((r, i) => ({ ...r, b: (i * 3) % 4 === 0 ? 1 : 0, c: (i * 7) % 5 }));
    const l3 = w3.flatMap((r) => [
      { id: r.id, g: r.g, trait: "b", family: "categorical", y: r.b },
      { id: r.id, g: r.g, trait: "c", family: "poisson", y: r.c },
      { id: r.id, g: r.g, trait: "y1", family: "gaussian", y: r.y1 },
    ]);
    const prior = { R: { V: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], nu: 4, fix: 1 }, G: { G1: { V: 1, nu: 1 } } };
    const w = await fit({ fixed: "cbind(b, c, y1) ~ trait - 1", random: "~g", rcov: "~us(trait):units", family: ["categorical", "poisson", "gaussian"], prior }, w3, settings);
    const l = await fit({ fixed: "y ~ trait - 1", random: "~g", rcov: "~us(trait):id", family: null, prior }, l3, settings);
    expect(l.failures).toEqual([]);
    // the wide binary trait is named by its category (traitb.1), the long one by the trait level (traitb)
    const rename = (n: string) => n.replace(/\.id$/, ".units").replace(/^traitb\b/, "traitb.1").replace(/:traitb\./, ":traitb.1.");
    const names = Object.keys(l.draws);
    expect(names.length).toBe(Object.keys(w.draws).length);
    for (const n of names) expect(Array.from(l.draws[n][0])).toEqual(Array.from(w.draws[rename(n)][0]));
  });

  it("shuffled, with missing values as absent rows, agrees with the wide model with missing values (4-MCSE rule)", async () => {
    // y2 missing for every 5th row, y1 for every 7th; the long rows in a scrambled order
    const holes = wide.map((r, i) => ({ ...r, y1: i % 7 === 3 ? null : r.y1, y2: i % 5 === 1 ? null : r.y2 }));
    const rows = holes.flatMap((r) => [
      ...(r.y1 === null ? [] : [{ id: r.id, x: r.x, g: r.g, trait: "y1", family: "gaussian", y: r.y1 }]),
      ...(r.y2 === null ? [] : [{ id: r.id, x: r.x, g: r.g, trait: "y2", family: "gaussian", y: r.y2 }]),
    ]);
    const scrambled = rows.map((r, i) => ({ r, k: (i * 37) % rows.length })).sort((a, b) => a.k - b.k).map((x) => x.r);
    const prior = { R: { V: [[1, 0.1], [0.1, 1]], nu: 3 }, G: { G1: { V: 1, nu: 1 } } };
    const long = { nitt: 9000, burnin: 1000, thin: 4, chains: 2, threads: 1 };
    const w = await fit({ fixed: "cbind(y1, y2) ~ trait - 1 + trait:x", random: "~g", rcov: "~us(trait):units", family: "gaussian", prior }, holes, { ...long, seed: 1 });
    const l = await fit({ fixed: "y ~ trait - 1 + trait:x", random: "~g", rcov: "~us(trait):id", family: null, prior }, scrambled, { ...long, seed: 2 });
    const rename = (n: string) => n.replace(/\.id$/, ".units");
    for (const n of Object.keys(l.draws)) {
      const a = summariseDraws(l.draws[n], { probs: [0.025, 0.975] }), b = summariseDraws(w.draws[rename(n)], { probs: [0.025, 0.975] });
      expect(Math.abs(a.mean - b.mean)).toBeLessThan(4 * Math.hypot(a.mcse_mean, b.mcse_mean));
      for (let i = 0; i < 2; i++) expect(Math.abs(a.quantiles[i].value - b.quantiles[i].value)).toBeLessThan(4 * Math.hypot(a.quantiles[i].mcse, b.quantiles[i].mcse));
    }
  }, 60_000);
});
