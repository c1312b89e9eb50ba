// Column typing and level order as R's read.csv + factor() give them.
import { describe, expect, it } from "vitest";
import { DataError } from "../../src/errors.js";
import { frameFromCsv, frameFromRows, sortLevels } from "../../src/models/frame.js";
import type { FactorColumn, NumericColumn } from "../../src/models/types.js";

const factor = (f: ReturnType<typeof frameFromCsv>, n: string) => f.columns.get(n) as FactorColumn;
const numeric = (f: ReturnType<typeof frameFromCsv>, n: string) => f.columns.get(n) as NumericColumn;

describe("frameFromCsv", () => {
  it("types numbers, text and missing values as R's read.csv", () => {
    const f = frameFromCsv('"","y","g","s"\n"1",1.5,"b",NA\n"2",NA,"NA","x"\n"3",,"a",""\n');
    expect(f.names).toEqual(["y", "g", "s"]); // the row-names column is dropped
    expect(Array.from(numeric(f, "y").values)).toEqual([1.5, NaN, NaN]);
    expect(factor(f, "g").levels).toEqual(["a", "b", "NA"]); // quoted "NA" is a string
    expect(Array.from(factor(f, "g").codes)).toEqual([1, 2, 0]);
    expect(Array.from(factor(f, "s").codes)).toEqual([-1, 0, -1]); // bare NA and empty are missing
  });

  it("sorts quoted numbers numerically and text as R's locale does", () => {
    const f = frameFromCsv('id,name\n"10","b"\n"9","B"\n"100","a"\n"9","A"\n');
    expect(factor(f, "id").levels).toEqual(["9", "10", "100"]);
    expect(factor(f, "name").levels).toEqual(["a", "A", "b", "B"]);
    expect(sortLevels(["A1802", "A18B02", "A102", "A1002"])).toEqual(["A1002", "A102", "A1802", "A18B02"]);
  });

  it("forces column types from the spec", () => {
    const text = "year,v,o\n95,1,lo\n97,2,hi\n96,3,mid\n";
    const f = frameFromCsv(text, { year: "factor", o: { ordered: ["lo", "mid", "hi"] } });
    expect(factor(f, "year").levels).toEqual(["95", "96", "97"]);
    expect(factor(f, "o").ordered).toBe(true);
    expect(Array.from(factor(f, "o").codes)).toEqual([0, 2, 1]);
    const g = frameFromCsv('a\n"1"\n"2.5"\n', { a: "numeric" });
    expect(Array.from(numeric(g, "a").values)).toEqual([1, 2.5]);
  });

  it("names what is wrong", () => {
    expect(() => frameFromCsv("")).toThrow(/empty/);
    expect(() => frameFromCsv("a,b\n")).toThrow(/header \(a, b\) but no rows/);
    expect(() => frameFromCsv("a\n1\n", { b: "factor" })).toThrow(/"b", which is not a column/);
    expect(() => frameFromCsv("a\nx\n", { a: "numeric" })).toThrow(/"a" is declared numeric but row 1 holds "x"/);
    expect(() => frameFromCsv("o\nlo\nzz\n", { o: { ordered: ["lo", "hi"] } })).toThrow(DataError);
  });
});

describe("frameFromRows", () => {
  it("types row objects", () => {
    const f = frameFromRows([{ y: 1, g: "b" }, { y: null, g: "a" }]);
    expect(Array.from(numeric(f, "y").values)).toEqual([1, NaN]);
    expect(factor(f, "g").levels).toEqual(["a", "b"]);
    expect(() => frameFromRows([])).toThrow(DataError);
  });
});

describe("CSV quoting", () => {
  it("keeps commas and doubled quotes inside quoted fields, and knows which fields were quoted", () => {
    const f = frameFromCsv('a,b,c\n"x, y",1,"say ""hi"""\n"z",2,NA\n');
    expect(factor(f, "a").levels).toEqual(["x, y", "z"]);
    expect(numeric(f, "b").kind).toBe("numeric");
    expect(factor(f, "c").levels).toEqual(['say "hi"']);
    expect(Array.from(factor(f, "c").codes)).toEqual([0, -1]);
  });
});
