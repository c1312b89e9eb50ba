// `mcglmm fit` says before sampling what the data cannot tell (here: missing responses and a
// non-estimable column), and summary.json keeps the same warnings.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import { describe, expect, it } from "vitest";



describe("mcglmm fit warnings", () => {
  it("prints the missing-response count and dropped columns before the results, and writes them to summary.json", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mcglmm-fitwarn-"));
    const rows = Array.from({ length: 30 }, (_, i) => `${i % 6 === 0 ? "NA" : (Math.sin(i) + i / 10).toFixed(3)},${(i % 5) / 2},${i % 5}`);
    writeFileSync(join(dir, "data.csv"), ["y,x,x2", ...rows].join("\n") + "\n");
    writeFileSync(join(dir, "spec.json"), JSON.stringify({ data: "data.csv", fixed: "y ~ x + x2", prior: { R: { V: 1, nu: 0.002 } } }));
    const out = join(dir, "out");
    const r = await runCli(["fit", join(dir, "spec.json"), "--nitt", "200", "--burnin", "50", "--thin", "1", "--chains", "1", "--quiet", "--out", out]);
    expect(r.code).toBe(0);
    const missing = 'warning: response "y": 5 of 30 values are missing';
    expect(r.stderr).toContain(missing);
    expect(r.stderr).toContain('warning: fixed effect "x2" is not estimable and has been removed');
    // said before sampling: the first occurrence comes before the summary table is printed (stdout)
    // and before the list repeated after sampling
    expect(r.stderr.indexOf(missing)).toBeLessThan(r.stderr.lastIndexOf(missing));
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.warnings).toContainEqual(expect.stringMatching(/^response "y": 5 of 30 values are missing; they are imputed/));
    expect(summary.warnings).toContainEqual(expect.stringMatching(/aliased with "x" \(x2 = 2\*x over the rows/));
  }, 60_000);
});
