// Two terms over the same factor and coefficients get MCMCglmm's names, made unique as R's
// make.unique does when MCMCglmm's VCV becomes a data frame ("g", "g.1").

import { describe, expect, it } from "vitest";
import { fit } from "../../src/fit.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import { makeUnique } from "../../src/models/structures/unique-names.js";

describe("repeated terms", () => {
  it("makeUnique follows R's make.unique", () => {
    expect(makeUnique(["a", "a", "a"])).toEqual(["a", "a.1", "a.2"]);
    expect(makeUnique(["a", "a", "a.1"])).toEqual(["a", "a.2", "a.1"]);
    expect(makeUnique(["b", "a"])).toEqual(["b", "a"]);
  });

  const rows = Array.from({ length: 60 }, (_, i) => ({ y: Math.sin(i) + (i % 5) * 0.3, y2: Math.cos(i), g: `g${i % 6}` }));
  const data = frameFromRows(rows);

  it("names the (co)variances and effects of us(trait):g + corgh(trait):g apart", () => {
    const m = buildModel(
      { fixed: "cbind(y, y2) ~ trait - 1", random: "~us(trait):g + corgh(trait):g", rcov: "~us(trait):units", family: ["gaussian", "gaussian"] },
      data,
    );
    const [us, corgh] = m.randomTerms;
    expect(us.vcvNames).toEqual(["traity:traity.g", "traity2:traity.g", "traity:traity2.g", "traity2:traity2.g"]);
    expect(corgh.vcvNames).toEqual(["traity:traity.g.1", "traity2:traity.g.1", "traity:traity2.g.1", "traity2:traity2.g.1"]);
    expect(new Set(m.randomNames).size).toBe(m.randomNames.length);
  });

  it("keeps the draws of `~g + g` apart in the summary", async () => {
    const result = await fit({ fixed: "y ~ 1", random: "~g + g", prior: { G: { G1: { V: 1, nu: 1 }, G2: { V: 1, nu: 1 } }, R: { V: 1, nu: 1 } } }, data, { nitt: 600, burnin: 100, thin: 1, chains: 1, threads: 1, seed: 1 });
    const rows = result.summary().covariances;
    expect(rows.map((r) => r.name)).toEqual(["g", "g.1", "units"]);
    expect(rows[0].mean).not.toBe(rows[1].mean);
  });
});
