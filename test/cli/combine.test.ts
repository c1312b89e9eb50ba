// Chains run apart (`mcglmm fit --chain K`, K given or taken from a scheduler's array index) and
// joined with `mcglmm combine` give what one `mcglmm fit` of the same chains writes: draws.csv
// byte for byte, summary.json equal but for timing. Chains of another run, a missing chain and
// a duplicated chain are refused.

import { cpSync, mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli } from "../helpers/cli.js";

const M2 = join(ROOT, "test", "fixtures", "reference", "M2_PlodiaPO", "spec.json");
const ARGS = ["--nitt", "1200", "--burnin", "200", "--thin", "5", "--chains", "3", "--seed", "21", "--quiet"];
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

function withoutTiming(path: string): unknown {
  const s = JSON.parse(readFileSync(path, "utf8"));
  delete s.timing;
  return s;
}

describe("mcglmm fit --chain K and mcglmm combine", () => {
  it("joins chains run apart into exactly what one run writes, and refuses wrong sets of chains", async () => {
    const whole = tmp("mcglmm-whole-");
    const parts = tmp("mcglmm-parts-");
    const [one, ...apart] = await Promise.all([
      runCli(["fit", M2, ...ARGS, "--out", whole]),
      runCli(["fit", M2, ...ARGS, "--chain", "1", "--out", parts]),
      runCli(["fit", M2, ...ARGS, "--chain", "auto", "--out", parts], { env: { SLURM_ARRAY_TASK_ID: "2" } }),
      runCli(["fit", M2, ...ARGS, "--chain", "auto", "--out", parts], { env: { JOB_COMPLETION_INDEX: "2" } }),
    ]);
    expect(one.code).toBe(0);
    for (const r of apart) expect(r.code).toBe(0);
    for (const k of [1, 2, 3]) {
      for (const f of ["draws.csv", "deviance.csv", "chain.json", "checkpoint.json", "summary.json"]) expect(existsSync(join(parts, `chain-${k}`, f))).toBe(true);
      expect(JSON.parse(readFileSync(join(parts, `chain-${k}`, "summary.json"), "utf8")).settings.chains).toBe(1);
    }
    expect(existsSync(join(parts, "draws.csv"))).toBe(false);

    const out = tmp("mcglmm-combined-");
    const combined = await runCli(["combine", join(parts, "chain-1"), join(parts, "chain-2"), join(parts, "chain-3"), "--out", out]);
    expect(combined.stderr).toMatch(/kept 200 draws per chain x 3 chains/);
    expect(combined.code).toBe(0);
    expect(readFileSync(join(out, "draws.csv"), "utf8")).toBe(readFileSync(join(whole, "draws.csv"), "utf8"));
    expect(withoutTiming(join(out, "summary.json"))).toEqual(withoutTiming(join(whole, "summary.json")));
    expect(existsSync(join(out, "report.html"))).toBe(true);

    // a missing chain, a chain given twice, a chain of another run (other seed)
    const missing = await runCli(["combine", join(parts, "chain-1"), join(parts, "chain-3"), "--out", tmp("mcglmm-x-")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/missing: chain 2/);
    const twice = tmp("mcglmm-twice-");
    cpSync(join(parts, "chain-2"), join(twice, "chain-2"), { recursive: true });
    const duplicated = await runCli(["combine", parts, twice, "--out", tmp("mcglmm-x-")]);
    expect(duplicated.code).toBe(1);
    expect(duplicated.stderr).toMatch(/chain 2 appears twice/);
    const other = tmp("mcglmm-other-");
    const otherRun = await runCli(["fit", M2, ...ARGS.map((a) => (a === "21" ? "22" : a)), "--chain", "2", "--out", other]);
    expect(otherRun.code).toBe(0);
    const mixed = await runCli(["combine", join(parts, "chain-1"), join(other, "chain-2"), join(parts, "chain-3"), "--out", tmp("mcglmm-x-")]);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toMatch(/belongs to another run/);
  });

  it("--chain out of range or auto without a scheduler index: a typed error", async () => {
    const r = await runCli(["fit", M2, ...ARGS, "--chain", "4", "--out", tmp("mcglmm-x-")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/chain 4 does not exist; the run has chains 1 to 3/);
    const env = { SLURM_ARRAY_TASK_ID: undefined, JOB_COMPLETION_INDEX: undefined } as unknown as NodeJS.ProcessEnv;
    const auto = await runCli(["fit", M2, ...ARGS, "--chain", "auto", "--out", tmp("mcglmm-x-")], { env });
    expect(auto.code).toBe(1);
    expect(auto.stderr).toMatch(/neither SLURM_ARRAY_TASK_ID .* nor JOB_COMPLETION_INDEX/);
  });
});
