// The package installs like one: `npm pack` of the built tree, `npm install <tarball>` into an
// empty folder (dependencies from the registry, or npm's cache), then the installed `mcglmm`
// binary runs a tiny fit of a bundled example, and the typed API imports, type-checks and
// works from there. Needs `npm run build` first (as CI does).
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

describe("npm pack -> npm install -> mcglmm", () => {
  let app: string;
  let files: string[];

  beforeAll(async () => {
    expect(existsSync(join(root, "dist", "index.js")), "dist/ is missing: run `npm run build` first").toBe(true);
    const packDir = mkdtempSync(join(tmpdir(), "mcglmm-pack-"));
    const { stdout } = await run(npm, ["pack", "--json", "--pack-destination", packDir], { cwd: root });
    const [info] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
    files = info.files.map((f) => f.path);
    app = mkdtempSync(join(tmpdir(), "mcglmm-app-"));
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    await run(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", join(packDir, info.filename)], { cwd: app });
  }, 120_000);

  it("ships dist/, bin/, the examples and the changelog, and no tests or sources", () => {
    expect(files).toContain("bin/mcglmm.mjs");
    expect(files).toContain("dist/index.js");
    expect(files).toContain("dist/index.d.ts");
    expect(files).toContain("dist/cli/run.js");
    expect(files).toContain("examples/data/M1_sleepstudy/spec.json");
    expect(files).toContain("CHANGELOG.md");
    expect(files.filter((f) => f.startsWith("test/") || f.startsWith("src/"))).toEqual([]);
  });

  it("the installed binary prints its help and fits a bundled example", async () => {
    const bin = join(app, "node_modules", ".bin", "mcglmm");
    const help = await run(bin, ["--help"], { cwd: app });
    for (const command of ["fit", "loo", "effects", "report"]) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    const spec = join(app, "node_modules", "mcglmm", "examples", "data", "M1_sleepstudy", "spec.json");
    await run(bin, ["fit", spec, "--nitt", "600", "--burnin", "100", "--thin", "5", "--chains", "2", "--quiet", "--out", "out"], { cwd: app });
    const summary = JSON.parse(readFileSync(join(app, "out", "summary.json"), "utf8"));
    expect(summary.fixed.map((r: { name: string }) => r.name)).toEqual(["(Intercept)", "Days"]);
    expect(summary.settings.chains).toBe(2);
  }, 60_000);

  it("the typed API imports, type-checks and runs from the installed package", async () => {
    const source = [
      'import { looFromLogLik, formatSummaryTable, type Loo } from "mcglmm";',
      "const ll = [0, 1, 2].map((i) => Float64Array.from({ length: 400 }, (_, s) => -1 - 0.1 * i - 0.3 * Math.sin(s * 1.7 + i) ** 2));",
      "const chains = Int32Array.from({ length: 400 }, (_, s) => (s < 200 ? 0 : 1));",
      "const result: Loo = looFromLogLik(ll, chains);",
      "const elpd: number = result.elpd_loo;",
      'console.log(JSON.stringify({ elpd, k: result.pareto_k.length, table: typeof formatSummaryTable }));',
      "",
    ].join("\n");
    writeFileSync(join(app, "use.ts"), source);
    writeFileSync(join(app, "use.mjs"), source.replace(", type Loo", "").replace(": Loo", "").replace(": number", ""));
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    await run(process.execPath, [tsc, "--noEmit", "--strict", "--skipLibCheck", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "use.ts"], { cwd: app });
    // a type error in the same program is caught, so the check above did check the types
    writeFileSync(join(app, "bad.ts"), source.replace("const elpd: number", "const elpd: string"));
    await expect(run(process.execPath, [tsc, "--noEmit", "--strict", "--skipLibCheck", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "bad.ts"], { cwd: app })).rejects.toMatchObject({ stdout: expect.stringMatching(/bad\.ts.*TS2322/) });
    const out = JSON.parse((await run(process.execPath, ["use.mjs"], { cwd: app })).stdout);
    expect(out.k).toBe(3);
    expect(Number.isFinite(out.elpd)).toBe(true);
    expect(out.table).toBe("function");
  }, 60_000);
});
