// `mcglmm fit --pl` (latent.csv) and `mcglmm prior` (draws from the prior, written as a fit's outputs).

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import { describe, expect, it } from "vitest";



const dir = mkdtempSync(join(tmpdir(), "mcglmm-pl-"));
writeFileSync(join(dir, "data.csv"), "y,g\n" + Array.from({ length: 12 }, (_, i) => `${i === 3 ? "NA" : (Math.sin(i) + (i % 3)).toFixed(3)},"g${i % 3}"`).join("\n") + "\n");
const spec = join(dir, "spec.json");
writeFileSync(spec, JSON.stringify({ data: "data.csv", fixed: "y ~ 1", random: "~g", prior: { R: { V: 1, nu: 2 }, G: { G1: { V: 1, nu: 2 } } } }));
const run = ["--nitt", "300", "--burnin", "100", "--thin", "2", "--chains", "2", "--threads", "1", "--seed", "3"];

describe("mcglmm fit --pl, mcglmm prior and predict --posterior/--it", () => {
  it("predict --posterior mean gives one prediction per row from the posterior means; --it out of range is a typed error", async () => {
    const r = await runCli(["predict", spec, ...run, "--posterior", "mean", "--type", "link"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("row,fit,mcse");
    expect(lines).toHaveLength(13);
    expect(new Set(lines.slice(1).map((l) => l.split(",")[1])).size).toBe(1); // y ~ 1, random effects marginalised
    const bad = await runCli(["predict", spec, ...run, "--it", "1000"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/ModelSpecError: it must be a whole number from 1 to 200/);
  });

  it("fit --pl writes the latent variables to latent.csv, not draws.csv", async () => {
    const out = join(dir, "fit");
    const r = await runCli(["fit", spec, ...run, "--pl", "--quiet", "--out", out]);
    expect(r.code).toBe(0);
    const latent = readFileSync(join(out, "latent.csv"), "utf8").trim().split("\n");
    expect(latent[0]).toBe(".chain,.iteration,.draw," + Array.from({ length: 12 }, (_, u) => `latent.y.${u + 1}`).join(","));
    expect(latent).toHaveLength(1 + 2 * 100);
    expect(latent[1].split(",")[3]).toBe("0"); // unit 1 observed: y = sin(0) + 0
    expect(readFileSync(join(out, "draws.csv"), "utf8").split("\n")[0]).toBe(".chain,.iteration,.draw,(Intercept),g,units");
    expect(r.stderr).toMatch(/latent\.csv/);
  });

  it("prior writes summary.json, draws.csv and report.html of draws from the prior", async () => {
    const out = join(dir, "prior");
    const r = await runCli(["prior", spec, ...run, "--out", out]);
    expect(r.code).toBe(0);
    for (const f of ["summary.json", "draws.csv", "report.html"]) expect(existsSync(join(out, f))).toBe(true);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.covariances.map((c: { name: string }) => c.name)).toEqual(["g", "units"]);
    expect(summary.warnings.join(" ")).toMatch(/11 observed response value\(s\) are not used/);
    expect(r.stdout).toMatch(/R-structure/);
  });
});
