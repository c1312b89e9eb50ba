// Builds the browser bundle (scripts/build-browser.mjs, what `npm run build:browser` runs) into
// a fresh temporary folder, so a test never runs a stale dist-browser/ or races another test.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface Metafile {
  inputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[] }>;
  outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[]; exports: string[]; entryPoint?: string }>;
}

export function buildBrowserBundle(): { dir: string; meta: Metafile } {
  const dir = mkdtempSync(join(tmpdir(), "mcglmm-browser-"));
  execFileSync(process.execPath, [join(REPO_ROOT, "scripts", "build-browser.mjs"), "--outdir", dir], { cwd: REPO_ROOT, stdio: "pipe" });
  return { dir, meta: JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")) as Metafile };
}
