// Long-format data (family = null, models/long/): a wide model and its long form (the wide rows
// stacked with trait/family columns, the residual over the wide row's id) are the same model, and
// mcglmm's grid mapping is exact here, so the draws are bit-identical for the same seed.

import { describe, expect, it } from "vitest";
import { fit } from "../../../src/fit.js";

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
  });
});
