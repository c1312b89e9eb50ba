// columns: {"x": {"levels": [...]}} fixes an unordered factor's level order (first = baseline),
// as R's factor(x, levels = ...).

import { describe, expect, it } from "vitest";
import { DataError } from "../../src/errors.js";
import { frameFromCsv } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";

const csv = 'y,spp\n1,"GP"\n2,"DF"\n0,"PR"\n3,"GP"\n';

describe("columns {levels}", () => {
  it("orders the levels as given, unordered, first level the baseline", () => {
    const frame = frameFromCsv(csv, { spp: { levels: ["GP", "PR", "DF"] } });
    const col = frame.columns.get("spp")!;
    expect(col.kind === "factor" && col.levels).toEqual(["GP", "PR", "DF"]);
    expect(col.kind === "factor" && col.ordered).toBe(false);
    const model = buildModel({ fixed: "y ~ spp", family: "poisson" }, frame);
    expect(model.fixedNames).toEqual(["(Intercept)", "sppPR", "sppDF"]);
  });

  it("rejects a value outside the given levels, naming the row", () => {
    expect(() => frameFromCsv(csv, { spp: { levels: ["GP", "PR"] } })).toThrow(DataError);
    expect(() => frameFromCsv(csv, { spp: { levels: ["GP", "PR"] } })).toThrow(/row 2/);
  });
});
