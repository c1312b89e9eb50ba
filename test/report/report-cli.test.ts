// `mcglmm fit --out DIR` writes report.html, and `mcglmm report DIR` rebuilds it from
// summary.json and draws.csv, on a small Gaussian model.

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { describe, expect, it, vi } from "vitest";
import { registerFitCommand } from "../../src/cli/commands/fit.js";
import { registerReportCommand } from "../../src/cli/commands/report.js";
import { checkMarkup, seriesPaths, svgBlocks } from "./markup.js";

function setup(): string {
  const dir = mkdtempSync(join(tmpdir(), "mcglmm-report-"));
  const rows = Array.from({ length: 40 }, (_, i) => `${(2 + Math.sin(i) + 0.3 * Math.cos(3.1 * i)).toFixed(4)},${Math.sin(i).toFixed(4)},"${["a", "b"][i % 2]}"`);
  writeFileSync(join(dir, "data.csv"), ["y,x,g", ...rows].join("\n") + "\n");
  writeFileSync(join(dir, "spec.json"), JSON.stringify({ data: "data.csv", fixed: "y ~ x + g", family: "gaussian", nitt: 1200, burnin: 200, thin: 2, chains: 2, threads: 1, seed: 4 }));
  return dir;
}

/** Runs the program in-process with its output captured. */
async function run(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const program = new Command();
  program.exitOverride();
  program.configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerFitCommand(program);
  registerReportCommand(program);
  let stdout = "", stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => { stdout += String(chunk); return true; });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => { stderr += String(chunk); return true; });
  try {
    await program.parseAsync(["node", "mcglmm", ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { stdout, stderr };
}

describe("mcglmm report", () => {
  const dir = setup();
  const outDir = join(dir, "fit");

  it("fit --out writes report.html next to summary.json and draws.csv", async () => {
    const { stderr } = await run(["fit", join(dir, "spec.json"), "--out", outDir, "--quiet"]);
    expect(stderr).toContain("report.html");
    const html = readFileSync(join(outDir, "report.html"), "utf8");
    expect(checkMarkup(html, { html: true }).errors).toEqual([]);
    expect(html).toContain("y ~ x + g");
    // (Intercept), x, gb and units: trace, density and rank each, two chains in each
    const svgs = svgBlocks(html);
    expect(svgs).toHaveLength(12);
    for (const svg of svgs) expect(seriesPaths(svg)).toHaveLength(2);
    expect(html).toContain('<a href="#p1">(Intercept)</a>');
  });

  it("rebuilds the report from DIR, the same as fit's", async () => {
    const fromFit = readFileSync(join(outDir, "report.html"), "utf8");
    rmSync(join(outDir, "report.html"));
    await run(["report", outDir, "--spec", join(dir, "spec.json")]);
    // draws.csv holds every double exactly, so the rebuilt report is byte for byte the same
    expect(readFileSync(join(outDir, "report.html"), "utf8")).toBe(fromFit);
    const other = join(dir, "other.html");
    const { stderr } = await run(["report", outDir, "--out", other]);
    expect(stderr).toContain(`wrote ${other}`);
    const html = readFileSync(other, "utf8");
    expect(checkMarkup(html, { html: true }).errors).toEqual([]);
    expect(html).toContain("y ~ x + g"); // the formulas come from summary.json
    expect(svgBlocks(html)).toHaveLength(12);
    expect(statSync(other).size).toBeLessThan(200_000);
  });

  it("fails with a message naming the missing file", async () => {
    const empty = mkdtempSync(join(tmpdir(), "mcglmm-report-empty-"));
    const attempt = run(["report", empty]);
    await expect(attempt).rejects.toBeInstanceOf(CommanderError);
    await expect(attempt).rejects.toThrow(/cannot read .*summary\.json/);
    expect(existsSync(join(empty, "report.html"))).toBe(false);
  });
});
