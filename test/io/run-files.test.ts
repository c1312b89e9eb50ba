// The files a run writes as it goes: atomic writes that never leave half a file, chain files read
// back exactly (an unfinished last line from a kill dropped), the output folder check, the exact
// JSON encoding of checkpoints, and the run fingerprint.

import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { prepareOutputDir, writeFileAtomic } from "../../src/io/output-dir.js";
import { createChainRecorder, readChainFiles, truncateChainFiles } from "../../src/io/chain-files.js";
import { decodeExactJson, encodeExactJson } from "../../src/io/checkpoint-file.js";
import { runFingerprint } from "../../src/io/run-files.js";
import { resolveSettings } from "../../src/settings.js";
import { frameFromRows } from "../../src/models/frame.js";
import { DataError } from "../../src/errors.js";

const tmp = () => mkdtempSync(join(tmpdir(), "mcglmm-files-"));

describe("writeFileAtomic", () => {
  it("replaces a file whole, and leaves the old one (and no temp file) when the write fails", () => {
    const dir = tmp();
    const path = join(dir, "summary.json");
    writeFileAtomic(path, "old\n");
    function* failing(): Generator<string> {
      yield "new, half";
      throw new Error("disk full");
    }
    expect(() => writeFileAtomic(path, failing())).toThrow(/disk full/);
    expect(readFileSync(path, "utf8")).toBe("old\n");
    expect(readdirSync(dir)).toEqual(["summary.json"]);
    writeFileAtomic(path, ["a", "b\n"]);
    expect(readFileSync(path, "utf8")).toBe("ab\n");
  });
});

describe("prepareOutputDir", () => {
  it("creates the folder, and refuses an existing file with a DataError", () => {
    const dir = join(tmp(), "a", "b");
    prepareOutputDir(dir);
    expect(existsSync(dir)).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
    const file = join(dir, "f");
    writeFileSync(file, "x");
    expect(() => prepareOutputDir(file)).toThrow(DataError);
  });
});

describe("chain files", () => {
  it("hold the draws bit for bit, drop a line cut short by a kill, and cut back to a checkpoint", () => {
    const dir = tmp();
    const names = ["(Intercept)", "a,b", "units"];
    const recorder = createChainRecorder({ dir }, 2, names);
    const draws = [Float64Array.of(0.1, -0, 1e-300), Float64Array.of(Math.PI, NaN, -Infinity), Float64Array.of(1 / 3, 2 / 3, 5e300)];
    const deviance = Float64Array.of(10.5, 11.25, 12);
    recorder.append(draws, deviance, 0, 2);
    recorder.append(draws, deviance, 2, 3);
    const folder = join(dir, "chain-3");
    const read = readChainFiles(folder);
    expect(read.names).toEqual(names);
    expect(read.rows).toBe(3);
    read.draws.forEach((d, p) => expect(Array.from(d)).toEqual(Array.from(draws[p])));
    expect(Object.is(read.draws[0][1], -0)).toBe(true);
    expect(Array.from(read.deviance)).toEqual([10.5, 11.25, 12]);
    expect(readFileSync(join(folder, "draws.csv"), "utf8").split("\n")[1]).toBe("3,1,1,0.1,3.141592653589793,0.3333333333333333");
    // a kill in the middle of a write
    appendFileSync(join(folder, "draws.csv"), "3,4,4,0.5,0.2");
    expect(readChainFiles(folder).rows).toBe(3);
    const cut = truncateChainFiles(folder, 2);
    expect(cut.rows).toBe(2);
    expect(readChainFiles(folder).rows).toBe(2);
    expect(() => truncateChainFiles(folder, 5)).toThrow(/holds 2 draws but the checkpoint expects 5/);
  });
});

describe("exact JSON", () => {
  it("round-trips typed arrays and numbers JSON cannot hold", () => {
    const value = { a: Float64Array.of(-0, NaN, Infinity, 1e-310, 0.1), b: [-0, NaN, -Infinity, 2.5], c: { d: "x", e: null } };
    const back = decodeExactJson<typeof value>(encodeExactJson(value));
    expect(back.a).toBeInstanceOf(Float64Array);
    expect(new Uint8Array(back.a.buffer)).toEqual(new Uint8Array(value.a.buffer));
    expect(Object.is(back.b[0], -0)).toBe(true);
    expect(back.b.slice(1)).toEqual([NaN, -Infinity, 2.5]);
    expect(back.c).toEqual(value.c);
  });
});

describe("runFingerprint", () => {
  it("changes with the data, the model and the draws' settings, not with threads", () => {
    const spec = { fixed: "y ~ x" };
    const rows = [{ y: 1, x: 2 }, { y: 2, x: 3 }, { y: 4, x: 1 }];
    const data = frameFromRows(rows);
    const s = resolveSettings(spec, { seed: 1, chains: 2, threads: 1 });
    const base = runFingerprint(spec, data, {}, s);
    expect(runFingerprint(spec, data, {}, resolveSettings(spec, { seed: 1, chains: 2, threads: 2 }))).toBe(base);
    expect(runFingerprint(spec, data, {}, resolveSettings(spec, { seed: 2, chains: 2, threads: 1 }))).not.toBe(base);
    expect(runFingerprint(spec, data, {}, resolveSettings(spec, { seed: 1, chains: 3, threads: 1 }))).not.toBe(base);
    expect(runFingerprint({ fixed: "y ~ 1" }, data, {}, s)).not.toBe(base);
    expect(runFingerprint(spec, frameFromRows([{ y: 1, x: 2 }, { y: 2, x: 3 }, { y: 4, x: 1.5 }]), {}, s)).not.toBe(base);
  });
});
