// The predict and ppc commands on a small Gaussian spec written to a temporary folder.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { describe, expect, it, vi } from "vitest";
import { registerPpcCommand } from "../../src/cli/commands/ppc.js";
import { registerPredictCommand } from "../../src/cli/commands/predict.js";

function setup(): string {
  const dir = mkdtempSync(join(tmpdir(), "mcglmm-ppc-"));
  const rows = Array.from({ length: 40 }, (_, i) => `${(2 + Math.sin(i) + 0.3 * Math.cos(3.1 * i)).toFixed(4)},${Math.sin(i).toFixed(4)},"${["a", "b"][i % 2]}"`);
  writeFileSync(join(dir, "data.csv"), ["y,x,g", ...rows].join("\n") + "\n");
  writeFileSync(join(dir, "new.csv"), 'x,g\n0,"a"\n1,"b"\n');
  writeFileSync(join(dir, "spec.json"), JSON.stringify({ data: "data.csv", fixed: "y ~ x + g", family: "gaussian", nitt: 1500, burnin: 500, thin: 2, chains: 1, threads: 1 }));
  return dir;
}

async function run(args: string[]): Promise<string> {
  const program = new Command();
  program.exitOverride();
  registerPredictCommand(program);
  registerPpcCommand(program);
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(["node", "mcglmm", ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe("mcglmm predict / ppc", () => {
  const dir = setup();

  it("predict writes one CSV row per new row with the interval", async () => {
    const file = join(dir, "pred.csv");
    await run(["predict", join(dir, "spec.json"), "--newdata", join(dir, "new.csv"), "--interval", "confidence", "--out", file]);
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines[0]).toBe("row,fit,lwr,upr,mcse");
    expect(lines.length).toBe(3);
    const [, fit, lwr, upr] = lines[1].split(",").map(Number);
    expect(lwr).toBeLessThan(fit);
    expect(upr).toBeGreaterThan(fit);
  });

  it("ppc prints each statistic's p-value and verdict", async () => {
    const out = await run(["ppc", join(dir, "spec.json"), "--stat", "mean", "sd", "--nsim", "100", "--seed", "3"]);
    expect(out).toMatch(/100 replicated data sets/);
    expect(out).toMatch(/y mean: observed .*p = \d\.\d{3}/);
    expect(out).toMatch(/y sd: observed/);
  });

  it("ppc --calibrate refits the model and prints calibrated p-values", async () => {
    const out = await run(["ppc", join(dir, "spec.json"), "--stat", "sd", "--nsim", "50", "--seed", "3", "--calibrate", "5", "--calibrate-nitt", "600", "--calibrate-burnin", "100"]);
    expect(out).toMatch(/calibrated by 5 refits/);
    expect(out).toMatch(/y sd: observed .*p = \d\.\d{3}, calibrated p = \d\.\d{3} \(5 refits\)/);
  });

  it("ppc --out writes the fit's HTML report with a plot per check", async () => {
    const file = join(dir, "ppc.html");
    await run(["ppc", join(dir, "spec.json"), "--stat", "mean", "sd", "--nsim", "50", "--seed", "3", "--out", file]);
    const html = readFileSync(file, "utf8");
    expect(html).toContain("y ~ x + g");
    expect(html).toMatch(/y mean/);
    expect(html).toMatch(/y sd/);
    expect(html).not.toMatch(/NaN/);
  });
});
