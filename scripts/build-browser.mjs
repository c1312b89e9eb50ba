#!/usr/bin/env node
// `npm run build:browser [-- --outdir DIR]`: the browser build of mcglmm, two ESM bundles made by
// esbuild for `platform: "browser"`: mcglmm.js (the API of src/browser.ts) and mcglmm-worker.js
// (the Web Worker that runs chains), with meta.json (esbuild's metafile: every input and import,
// which the tests check for Node-only modules). Default output: dist-browser/.

import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const args = process.argv.slice(2);
const at = args.indexOf("--outdir");
const outdir = resolve(at >= 0 && args[at + 1] ? args[at + 1] : join(root, "dist-browser"));

mkdirSync(outdir, { recursive: true });
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: { mcglmm: "src/browser.ts", "mcglmm-worker": "src/platform/browser/chain-worker.ts" },
  outdir,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  sourcemap: true,
  metafile: true,
  // csv-parse's Node build uses Node's Buffer; its browser build is the same parser with a Buffer polyfill
  alias: { "csv-parse/sync": "csv-parse/browser/esm/sync" },
  logLevel: "warning",
});
writeFileSync(join(outdir, "meta.json"), JSON.stringify(result.metafile, null, 1));
const sizes = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith(".js"))
  .map(([file, out]) => `${file} (${Math.round(out.bytes / 1024)} kB)`);
console.log(`mcglmm browser build: ${sizes.join(", ")}`);
