// The browser build: no Node-only module anywhere in the bundles (esbuild's metafile lists every
// input and import), and the browser entry offers everything the Node entry does except file access.

import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBrowserBundle, type Metafile } from "./browser-build.js";

/** What only the Node entry has: reading and writing files. */
const NODE_ONLY_EXPORTS = ["loadSpec", "loadRelationships", "readSpecFile", "readDrawsCsv", "writeDrawsCsv", "reportFromDir", "readReportInput", "parseSummaryJson", "readLogLikCsv", "writeLogLikCsv"];

let build: { dir: string; meta: Metafile };

beforeAll(() => {
  build = buildBrowserBundle();
});
afterAll(() => { if (build) rmSync(build.dir, { recursive: true, force: true }); });

describe("browser bundle", () => {
  it("has two ESM outputs (the API and the chain worker) and imports nothing at run time", () => {
    const entries = Object.values(build.meta.outputs).map((o) => o.entryPoint).filter(Boolean).sort();
    expect(entries).toEqual(["src/browser.ts", "src/platform/browser/chain-worker.ts"]);
    for (const [file, output] of Object.entries(build.meta.outputs)) {
      expect({ file, imports: output.imports }).toEqual({ file, imports: [] });
    }
  });

  it("contains no node: module, no Node built-in and nothing from src/platform/node", () => {
    const inputs = Object.keys(build.meta.inputs);
    expect(inputs.length).toBeGreaterThan(50);
    const imports = Object.values(build.meta.inputs).flatMap((i) => i.imports.map((x) => x.path));
    expect(imports.filter((p) => p.startsWith("node:"))).toEqual([]);
    expect(inputs.filter((p) => p.startsWith("node:") || p.includes("src/platform/node/") || p.endsWith("samplers/run/parallel.ts"))).toEqual([]);
    const builtins = ["fs", "path", "os", "stream", "worker_threads", "child_process", "zlib", "crypto", "util", "events", "buffer"];
    expect(imports.filter((p) => builtins.includes(p))).toEqual([]);
  });

  it("exports the Node entry's API except file access", async () => {
    const node = Object.keys(await import("../../src/index.js"));
    const browser = Object.values(build.meta.outputs).find((o) => o.entryPoint === "src/browser.ts")!.exports;
    expect(node.filter((name) => !browser.includes(name)).sort()).toEqual([...NODE_ONLY_EXPORTS].sort());
    for (const name of ["fit", "fitFiles", "specWithData", "parseSpecJson", "WebWorkerExecutor", "usePlatform", "buildHtmlReport"]) expect(browser).toContain(name);
  });
});
