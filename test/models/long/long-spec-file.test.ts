// Long-format data from a spec file and a CSV (the CLI's path): "family": null in JSON, the
// trait and family columns read as text, the fit's names as MCMCglmm's, its summary and report.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fit } from "../../../src/fit.js";
import { loadSpec } from "../../../src/io/spec-file.js";
import { fitReportHtml } from "../../../src/report/fit-report.js";

describe("family = null from a spec file", () => {
  it("reads the JSON null and the CSV's trait/family columns and fits", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mcglmm-long-"));
    const lines = ["id,trait,family,y"];
    for (let k = 0; k < 12; k++) {
      lines.push(`id${k},size,gaussian,${(Math.sin(k) + 1).toFixed(3)}`, `id${k},size,gaussian,${(Math.cos(k) + 1).toFixed(3)}`, `id${k},eggs,poisson,${k % 4}`);
    }
    writeFileSync(join(dir, "long.csv"), lines.join("\n") + "\n");
    const spec = {
      data: "long.csv", fixed: "y ~ trait - 1", random: "~us(at.level(trait, 2)):id",
      rcov: "~us(at.level(trait, 1)):id + idh(at.level(trait, 2)):units", family: null,
      prior: { R: { R1: { V: [[1, 0], [0, 1]], nu: 3, covu: true }, R2: { V: 1, nu: 0.002 } } },
    };
    writeFileSync(join(dir, "spec.json"), JSON.stringify(spec));
    const loaded = loadSpec(join(dir, "spec.json"));
    expect(loaded.spec.family).toBeNull();
    const result = await fit(loaded.spec, loaded.data, { nitt: 300, burnin: 100, thin: 2, chains: 1, threads: 1, seed: 1 });
    expect(result.failures).toEqual([]);
    // trait levels in R's sorted order: eggs (1), size (2)
    expect(Object.keys(result.draws)).toEqual([
      "traiteggs", "traitsize",
      "at.level(trait, 2).id:at.level(trait, 2).id", "at.level(trait, 1).id:at.level(trait, 2).id",
      "at.level(trait, 2).id:at.level(trait, 1).id", "at.level(trait, 1).id:at.level(trait, 1).id",
      "at.level(trait, 2).units",
    ]);
    // the summary (with DIC) and the HTML report are made as for any fit
    expect(Number.isFinite(result.summary().dic)).toBe(true);
    expect(fitReportHtml(result)).toContain("at.level(trait, 1).id:at.level(trait, 2).id");
  });
});
