// Family records: traits, their names and the response values.
import { describe, expect, it } from "vitest";
import { frameFromCsv, frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";

describe("families", () => {
  it("categorical: K-1 traits named <response>.<level>, first level the baseline", () => {
    const d = frameFromRows(["normal", "polled", "scurred", "polled"].map((horn, i) => ({ horn, x: i })));
    const m = buildModel({ fixed: "horn ~ trait - 1", family: "categorical", rcov: "~us(trait):units" }, d);
    expect(m.traitNames).toEqual(["horn.polled", "horn.scurred"]);
    expect(m.responses[0]).toMatchObject({ nTraits: 2, traitOffset: 0, categories: ["normal", "polled", "scurred"] });
    expect(Array.from(m.responses[0].y)).toEqual([0, 1, 2, 1]);
    expect(m.residualTerms[0].vcvNames).toEqual(["traithorn.polled:traithorn.polled.units", "traithorn.scurred:traithorn.polled.units", "traithorn.polled:traithorn.scurred.units", "traithorn.scurred:traithorn.scurred.units"]);
  });

  it("multinomial2: successes and trials from cbind(s, n - s)", () => {
    const d = frameFromRows([{ s: 1, n: 4 }, { s: 0, n: 2 }, { s: 3, n: 3 }]);
    const m = buildModel({ fixed: "cbind(s, n - s) ~ 1", family: "multinomial2" }, d);
    expect(m.traitNames).toEqual(["s"]);
    expect(Array.from(m.responses[0].y)).toEqual([1, 0, 3]);
    expect(Array.from(m.responses[0].trials!)).toEqual([4, 2, 3]);
  });

  it("threshold/ordinal: 0-based category codes in level order; missing stays NaN", () => {
    const d = frameFromCsv("r,x\n3,1\n1,2\nNA,3\n2,4\n10,5\n");
    const m = buildModel({ fixed: "r ~ x", family: "threshold" }, d);
    expect(m.responses[0].categories).toEqual(["1", "2", "3", "10"]);
    expect(Array.from(m.responses[0].y)).toEqual([2, 0, NaN, 1, 3]);
  });

  it("mixed families in one cbind, with the trait offsets", () => {
    const d = frameFromRows([0, 1, 2, 3].map((i) => ({ a: i * 1.5, c: i, k: ["u", "v", "w", "u"][i] })));
    const m = buildModel({ fixed: "cbind(a, c, k) ~ trait - 1", family: ["gaussian", "poisson", "categorical"], rcov: "~us(trait):units" }, d);
    expect(m.traitNames).toEqual(["a", "c", "k.v", "k.w"]);
    expect(m.responses.map((r) => [r.family, r.traitOffset, r.nTraits])).toEqual([["gaussian", 0, 1], ["poisson", 1, 1], ["categorical", 2, 2]]);
    expect(m.X.nrow).toBe(16);
  });
});
