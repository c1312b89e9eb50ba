// Reading both draws layouts, writing posterior's layout, and exact round trips.
import fc from "fast-check";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { DataError } from "../../src/errors.js";
import {
  drawsCsvChunks,
  formatDrawValue,
  formatDrawsCsv,
  parameterDraws,
  parseDrawsCsv,
} from "../../src/io/draws-csv.js";
import { readDrawsCsv, writeDrawsCsv } from "../../src/platform/node/draws-file.js";

fc.configureGlobal({ seed: 20240611, numRuns: 100 });

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "diagnostics");
const tmp = mkdtempSync(join(tmpdir(), "mcglmm-draws-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("reading", () => {
  it("reads the `chain, iter, x` layout of the fixtures", async () => {
    const table = await readDrawsCsv(join(FIXTURES, "odd_length.csv"));
    expect(table.parameters).toEqual(["x"]);
    expect(table.chainLabels).toEqual(["1", "2", "3"]);
    expect(table.iterations).toBe(777);
    const lines = readFileSync(join(FIXTURES, "odd_length.csv"), "utf8").trim().split("\n");
    // row 778 of the file (after the header) is chain 2, iteration 1
    expect(lines[778].split(",").slice(0, 2)).toEqual(["2", "1"]);
    expect(table.chains[0][1][0]).toBe(Number(lines[778].split(",")[2]));
    expect(table.chains[0][2][776]).toBe(Number(lines[lines.length - 1].split(",")[2]));
  });

  it("reads posterior's `.chain,.iteration,.draw` layout, ordering chains and iterations", () => {
    const text = [
      ".chain,.iteration,.draw,(Intercept),\"sex,Male\",units",
      "10,2,4,1.5,2,3",
      "2,1,1,0.5,1,1e-3",
      "10,1,3,1.25,NA,Inf",
      "2,2,2,0.75,-0,-Inf",
    ].join("\n");
    const table = parseDrawsCsv(text);
    expect(table.parameters).toEqual(["(Intercept)", "sex,Male", "units"]);
    expect(table.chainLabels).toEqual(["2", "10"]);
    expect([...parameterDraws(table, "(Intercept)")[0]]).toEqual([0.5, 0.75]);
    expect([...parameterDraws(table, "(Intercept)")[1]]).toEqual([1.25, 1.5]);
    const sex = parameterDraws(table, "sex,Male");
    expect(sex[1][0]).toBeNaN();
    expect(Object.is(sex[0][1], -0)).toBe(true);
    expect(Object.is(parameterDraws(table, "units")[0][1], -Infinity)).toBe(true);
    expect(parameterDraws(table, "units")[1][0]).toBe(Infinity);
  });

  it("ignores R's row-names column and treats a file without a chain column as one chain", () => {
    const table = parseDrawsCsv('"","a","b"\n"1",1,2\n"2",3,\n');
    expect(table.parameters).toEqual(["a", "b"]);
    expect(table.chainLabels).toEqual(["1"]);
    expect([...table.chains[0][0]]).toEqual([1, 3]);
    expect(table.chains[1][0][1]).toBeNaN();
  });

  it("keeps an undotted `chain` column as a parameter when `.chain` is present", () => {
    const table = parseDrawsCsv(".chain,.iteration,.draw,chain\n1,1,1,5\n");
    expect(table.parameters).toEqual(["chain"]);
  });

  it("reports unequal chains, bad numbers and empty files as DataErrors", () => {
    expect(() => parseDrawsCsv("chain,iter,x\n1,1,0\n1,2,0\n2,1,0\n")).toThrow(/chain 2 has 1 draws but chain 1 has 2/);
    expect(() => parseDrawsCsv("chain,iter,x\n1,1,abc\n")).toThrow(/row 2, column "x": "abc" is not a number/);
    expect(() => parseDrawsCsv("")).toThrow(DataError);
    expect(() => parseDrawsCsv("chain,iter,x\n")).toThrow(/no draws/);
    expect(() => parseDrawsCsv("chain,iter\n1,1\n")).toThrow(/no parameter columns/);
    expect(() => parseDrawsCsv("chain,iter,x\n1,1\n")).toThrow(DataError);
    expect(() => parameterDraws(parseDrawsCsv("x\n1\n"), "y")).toThrow(/no parameter "y"/);
  });
});

describe("writing", () => {
  it("writes `.chain,.iteration,.draw` with a running draw number", () => {
    const text = formatDrawsCsv(["a", 'say "hi"'], [
      [Float64Array.from([1, 2]), Float64Array.from([3, 4])],
      [Float64Array.from([0.1, NaN]), Float64Array.from([-Infinity, 1e-300])],
    ]);
    expect(text).toBe(
      '.chain,.iteration,.draw,a,"say ""hi"""\n1,1,1,1,0.1\n1,2,2,2,NA\n2,1,3,3,-Inf\n2,2,4,4,1e-300\n',
    );
  });

  it("formats numbers in their shortest round-trip form", () => {
    expect(formatDrawValue(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(formatDrawValue(-0)).toBe("-0");
    expect(formatDrawValue(5e-324)).toBe("5e-324");
  });

  it("emits chunks of the requested size", () => {
    const chunks = [...drawsCsvChunks(["x"], [[new Float64Array(5), new Float64Array(5)]], 4)];
    expect(chunks.length).toBe(1 + 3);
    expect(chunks.join("").trim().split("\n").length).toBe(11);
  });

  it("rejects draws whose shape does not match the names", () => {
    expect(() => formatDrawsCsv(["a", "b"], [[new Float64Array(2)]])).toThrow(DataError);
    expect(() => formatDrawsCsv(["a", "b"], [[new Float64Array(2)], [new Float64Array(3)]])).toThrow(/"b"/);
  });
});

describe("round trip", () => {
  const anyDouble = fc.oneof(
    fc.double(),
    fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 5e-324, Number.MAX_VALUE, 0.1, 1 / 3),
  );
  const drawsArb = fc
    .record({ p: fc.integer({ min: 1, max: 4 }), m: fc.integer({ min: 1, max: 3 }), n: fc.integer({ min: 1, max: 8 }) })
    .chain(({ p, m, n }) =>
      fc.record({
        names: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() === s && !s.startsWith(".") && !/^(chain|iter|iteration)$/.test(s) && !/[\r\n]/.test(s)), { minLength: p, maxLength: p }),
        values: fc.array(fc.array(fc.array(anyDouble, { minLength: n, maxLength: n }), { minLength: m, maxLength: m }), { minLength: p, maxLength: p }),
      }),
    );

  it("parse(format(draws)) gives back the same doubles bit for bit, and the same names", () => {
    fc.assert(
      fc.property(drawsArb, ({ names, values }) => {
        const chains = values.map((perChain) => perChain.map((c) => Float64Array.from(c)));
        const table = parseDrawsCsv(formatDrawsCsv(names, chains));
        expect(table.parameters).toEqual(names);
        expect(table.chains.length).toBe(chains.length);
        chains.forEach((perChain, p) =>
          perChain.forEach((c, k) => c.forEach((v, i) => expect(Object.is(table.chains[p][k][i], v), `${v}`).toBe(true))),
        );
      }),
    );
  });

  it("writeDrawsCsv then readDrawsCsv round-trips through a file", async () => {
    const chains = [
      [Float64Array.from({ length: 2500 }, (_, i) => Math.sin(i) * 1e-7), Float64Array.from({ length: 2500 }, (_, i) => i / 7)],
      [Float64Array.from({ length: 2500 }, (_, i) => -i), Float64Array.from({ length: 2500 }, (_, i) => Math.exp(i / 100))],
    ];
    const path = join(tmp, "draws.csv");
    await writeDrawsCsv(path, ["traittarsus:traittarsus.animal", "units"], chains);
    const table = await readDrawsCsv(path);
    expect(table.parameters).toEqual(["traittarsus:traittarsus.animal", "units"]);
    expect(table.chains).toEqual(chains);
  });
});
