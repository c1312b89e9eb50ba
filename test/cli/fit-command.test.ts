// The `mcglmm fit` command end to end: outputs, the same seed giving the same draws bit for bit,
// and Ctrl-C (SIGINT) stopping the chains while still writing the draws and summary so far.

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { allChainsPast } from "../helpers/cli.js";

const root = join(import.meta.dirname, "..", "..");
const spec = join(root, "test", "fixtures", "reference", "M2_PlodiaPO", "spec.json");

function runCli(args: string[], onStderr?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(root, "src", "cli", "run.ts"), ...args], { cwd: root });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; onStderr?.(stderr, child); });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("mcglmm fit", () => {
  it("writes summary.json and draws.csv, prints MCMCglmm's table, and repeats bit for bit", async () => {
    const out1 = mkdtempSync(join(tmpdir(), "mcglmm-fit-"));
    const out2 = mkdtempSync(join(tmpdir(), "mcglmm-fit-"));
    const args = ["fit", spec, "--nitt", "2000", "--burnin", "500", "--thin", "5", "--chains", "2", "--seed", "5", "--quiet"];
    const a = await runCli([...args, "--out", out1]);
    const b = await runCli([...args, "--out", out2, "--threads", "1"]);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/G-structure: {2}~FSfamily/);
    expect(a.stdout).toMatch(/R-structure: {2}~units/);
    expect(a.stdout).toMatch(/Location effects: PO ~ plate/);
    const draws1 = readFileSync(join(out1, "draws.csv"), "utf8");
    expect(draws1.split("\n")[0]).toBe('.chain,.iteration,.draw,(Intercept),plate,FSfamily,units');
    expect(draws1).toBe(readFileSync(join(out2, "draws.csv"), "utf8"));
    const summary = JSON.parse(readFileSync(join(out1, "summary.json"), "utf8"));
    expect(summary.complete).toBe(true);
    expect(summary.fixed.map((r: { name: string }) => r.name)).toEqual(["(Intercept)", "plate"]);
    // one random term, all Gaussian: "auto" takes the per-factor draw (with the marginal move by the arrow formulas)
    expect(summary.settings).toEqual({ nitt: 2000, burnin: 500, thin: 5, chains: 2, seed: 5, location: "crossed" });
  });

  it("stops cleanly on SIGINT and writes the draws so far, marked incomplete", async () => {
    const out = mkdtempSync(join(tmpdir(), "mcglmm-sigint-"));
    let sent = false;
    const started = Date.now();
    // interrupt once both chains are past burn-in (their progress lines say so; stderr is not a terminal)
    const result = await runCli(["fit", spec, "--nitt", "20000000", "--burnin", "1000", "--thin", "10", "--chains", "2", "--progress-seconds", "0.5", "--out", out], (stderr, child) => {
      if (!sent && allChainsPast(stderr, 2, 1000)) {
        sent = true;
        setTimeout(() => child.kill("SIGINT"), 1500);
      }
    });
    expect(sent).toBe(true);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/interrupted/);
    expect(existsSync(join(out, "summary.json"))).toBe(true);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.complete).toBe(false);
    const rows = readFileSync(join(out, "draws.csv"), "utf8").trim().split("\n");
    expect(rows.length).toBeGreaterThan(10);
  });

  it("rejects bad settings with a typed error naming them, before sampling", async () => {
    const r = await runCli(["fit", spec, "--nitt", "100", "--burnin", "200", "--quiet", "--out", mkdtempSync(join(tmpdir(), "mcglmm-bad-"))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ModelSpecError: burnin \(200\) must be smaller than nitt \(100\)/);
  });
});
