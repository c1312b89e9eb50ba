// Inputs mcglmm cannot honour as written are typed errors naming the key, column, rows or
// values at fault (issue 15: no silent change of meaning, a message that names the real cause).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataError, ModelSpecError } from "../../src/errors.js";
import { loadSpec } from "../../src/io/spec-file.js";
import { SPEC_KEYS, checkSpecKeys, nearestKey } from "../../src/io/spec-keys.js";
import { frameFromCsv, frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import type { ModelSpec } from "../../src/models/types.js";

const rows = Array.from({ length: 30 }, (_, i) => ({ y: Math.sin(i) * 3, x: i / 7, g: ["a", "b", "c"][i % 3] }));
const data = frameFromRows(rows);
const build = (spec: unknown, d = data) => () => buildModel(spec as ModelSpec, d);

function writeSpec(spec: unknown, csv: string): string {
  const dir = mkdtempSync(join(tmpdir(), "mcglmm-checks-"));
  writeFileSync(join(dir, "data.csv"), csv);
  writeFileSync(join(dir, "spec.json"), JSON.stringify(spec));
  return join(dir, "spec.json");
}

describe("spec keys", () => {
  it("an unknown top-level key is a ModelSpecError naming it and the nearest known key", () => {
    expect(build({ fixed: "y ~ x", nitts: 1000 })).toThrow(ModelSpecError);
    expect(build({ fixed: "y ~ x", nitts: 1000 })).toThrow(/unknown key "nitts"; did you mean "nitt"\?/);
    expect(build({ fixed: "y ~ x", priors: {} })).toThrow(/unknown key "priors"; did you mean "prior"\?/);
    expect(build({ fixed: "y ~ x", Random: "~g" })).toThrow(/"Random"; did you mean "random"/);
  });

  it("the keys other modules add are known, and the list is exported", () => {
    for (const key of ["mev", "phylogeny", "pl", "start", "prior_only"]) expect(SPEC_KEYS).toContain(key);
    expect(() => checkSpecKeys({ fixed: "y ~ x", mev: [1, 2], prior_only: true })).not.toThrow();
    expect(nearestKey("phylogenie", SPEC_KEYS)).toBe("phylogeny");
  });

  it("unknown keys inside prior, its G/R/B entries and columns entries", () => {
    expect(build({ fixed: "y ~ x", prior: { R: { V: 1, nu: 0.002 }, b: {} } })).toThrow(/prior has an unknown key "b"; did you mean "B"/);
    expect(build({ fixed: "y ~ x", random: "~g", prior: { G: { G1: { V: 1, n: 1 } } } })).toThrow(/prior.G.G1 has an unknown key "n"; did you mean "nu"/);
    expect(build({ fixed: "y ~ x", prior: { R: { V: 1, fixed: 1 } } })).toThrow(/prior.R has an unknown key "fixed"; did you mean "fix"/);
    expect(build({ fixed: "y ~ x", prior: { R: { R1: { V: 1, nuu: 1 } } } })).toThrow(/prior.R.R1 has an unknown key "nuu"; did you mean "nu"/);
    expect(build({ fixed: "y ~ x", prior: { B: { mu: 0, v: 10 } } })).toThrow(/prior.B has an unknown key "v"; did you mean "V"/);
    expect(() => frameFromCsv("g,y\na,1\nb,2\n", { g: { orderd: ["a", "b"] } as never })).toThrow(/columns.g has an unknown key "orderd"; did you mean "ordered"/);
  });

  it("a value of the wrong JSON type is a ModelSpecError, not a TypeError", () => {
    expect(build({ fixed: "y ~ x", random: 3 })).toThrow(/"random" must be a string, got 3/);
    expect(build({ fixed: "y ~ x", nitt: "1000" })).toThrow(/"nitt" must be a number/);
    expect(build({ fixed: "y ~ x", prior: [] })).toThrow(/prior must be an object/);
    expect(build(null)).toThrow(/the model spec must be an object/);
  });

  it("loadSpec refuses a misspelt key before reading the data", () => {
    const path = writeSpec({ data: "data.csv", fixed: "y ~ x", burnim: 10 }, "y,x\n1,2\n");
    expect(() => loadSpec(path)).toThrow(/unknown key "burnim"; did you mean "burnin"/);
  });
});

describe("column types", () => {
  it('columns: {"x": "integer"} is a ModelSpecError listing the valid types', () => {
    const f = () => frameFromCsv("x,y\n1,2\n3,4\n", { x: "integer" as never });
    expect(f).toThrow(ModelSpecError);
    expect(f).toThrow(/columns.x: unknown column type "integer".*valid types: "numeric", "factor", \{"ordered": \[levels\]\}, \{"factor": \[levels\]\}/);
    expect(() => frameFromCsv("x,y\n1,2\n", { x: 3 as never })).toThrow(/columns.x: 3 is not a column type/);
    expect(() => frameFromCsv("x,y\n1,2\n", { x: { ordered: "a" } as never })).toThrow(/"ordered" must be a non-empty list/);
  });
});

describe("a numeric column with a few text cells", () => {
  const numbers = Array.from({ length: 40 }, (_, i) => String(i + 0.5));

  it("is a DataError naming the column, rows and values (abc, a decimal comma)", () => {
    const cells = [...numbers];
    cells[6] = "abc";
    cells[20] = '"1,5"';
    const csv = "y,x\n" + cells.map((c, i) => `${i},${c}`).join("\n") + "\n";
    const f = () => frameFromCsv(csv);
    expect(f).toThrow(DataError);
    expect(f).toThrow(/column "x" holds numbers except row 7 "abc", row 21 "1,5".*"columns": \{"x": "factor"\}/);
  });

  it("is read as a factor when the spec says so, and a mostly-text column stays a factor", () => {
    const cells = [...numbers];
    cells[6] = "abc";
    const csv = "y,x\n" + cells.map((c, i) => `${i},${c}`).join("\n") + "\n";
    const f = frameFromCsv(csv, { x: "factor" });
    expect(f.columns.get("x")?.kind).toBe("factor");
    const mixed = frameFromRows(Array.from({ length: 10 }, (_, i) => ({ id: i % 2 === 0 ? i : `k${i}` })));
    expect(mixed.columns.get("id")?.kind).toBe("factor");
  });

  it("row objects with one string among numbers are refused too", () => {
    const r = rows.map((row, i) => ({ ...row, x: i === 4 ? "n/a" : row.x }));
    expect(() => frameFromRows(r)).toThrow(/column "x" holds numbers except row 5 "n\/a"/);
    const q = rows.map((row, i) => ({ ...row, x: i === 2 ? "12" : row.x }));
    expect(() => frameFromRows(q)).toThrow(/column "x" holds numbers except row 3 "12" \(quoted, so text\)/);
  });
});

describe("category responses that look continuous", () => {
  it("threshold/ordinal with many distinct numeric values is refused, saying how many and how to force it", () => {
    const d = frameFromRows(Array.from({ length: 300 }, (_, i) => ({ score: (i * 37) % 299, x: i / 10 })));
    for (const family of ["threshold", "ordinal"] as const) {
      const f = build({ fixed: "score ~ x", family }, d);
      expect(f).toThrow(DataError);
      expect(f).toThrow(new RegExp(`response "score" \\(${family}\\) is numeric with 299 distinct values.*"columns": \\{"score": \\{"ordered"`));
    }
  });

  it("so is a categorical response with hundreds of numeric categories (one latent trait each)", () => {
    const d = frameFromRows(Array.from({ length: 300 }, (_, i) => ({ score: (i * 37) % 299, x: i / 10 })));
    expect(build({ fixed: "score ~ trait - 1", rcov: "~us(trait):units", family: "categorical" }, d)).toThrow(/\(categorical\) is numeric with 299 distinct values.*\(298 latent traits\)/);
  });

  it("a few numeric categories, or a declared factor, are accepted", () => {
    const d = frameFromRows(Array.from({ length: 60 }, (_, i) => ({ score: i % 5, x: i / 10 })));
    expect(build({ fixed: "score ~ x", family: "threshold", prior: { R: { V: 1, fix: 1 } } }, d)).not.toThrow();
    const levels = Array.from({ length: 30 }, (_, k) => String(k));
    const many = frameFromRows(Array.from({ length: 60 }, (_, i) => ({ score: String(i % 30), x: i / 10 })), { score: { ordered: levels } });
    expect(build({ fixed: "score ~ x", family: "threshold" }, many)).not.toThrow();
  });
});

describe("infinite values", () => {
  it("Inf or 1e300 in a column the model uses is a DataError naming the column and rows", () => {
    const d = frameFromCsv("y,x\n1,2\n2,Inf\n3,4\n4,5\n");
    expect(build({ fixed: "y ~ x" }, d)).toThrow(/column "x" has infinite values: row 2 \(Inf\)/);
    const big = frameFromCsv("y,x\n1,2\n1e300,3\n3,4\n4,5\n");
    expect(build({ fixed: "y ~ x" }, big)).toThrow(/column "y" has values too large to compute with.*row 2 \(1e\+300\); rescale the column/);
  });
});
