// Chains run apart (`mcglmm fit --chain K`, K given or taken from a scheduler's array index) and
// joined with `mcglmm combine` give what one `mcglmm fit` of the same chains writes: draws.csv
// byte for byte, summary.json equal but for timing. Chains of another run, a missing chain and
// a duplicated chain are refused.

import { cpSync, mkdtempSync, readFileSync, existsSync, writeFileSync } from "node:fs";
import { checkChains, combineChains, findChainFolders } from "../../src/cli/commands/combine.js";
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

    // a missing chain, a chain given twice, a chain of another run (its fingerprint differs)
    expect(() => checkChains(findChainFolders([join(parts, "chain-1"), join(parts, "chain-3")]))).toThrow(/missing: chain 2/);
    const twice = tmp("mcglmm-twice-");
    cpSync(join(parts, "chain-2"), join(twice, "chain-2"), { recursive: true });
    expect(() => checkChains(findChainFolders([parts, twice]))).toThrow(/chain 2 appears twice/);
    const other = tmp("mcglmm-other-");
    cpSync(join(parts, "chain-2"), join(other, "chain-2"), { recursive: true });
    const metaPath = join(other, "chain-2", "chain.json");
    writeFileSync(metaPath, readFileSync(metaPath, "utf8").replace(/"fingerprint": "[0-9a-f]{6}/, '"fingerprint": "000000'));
    expect(() => checkChains(findChainFolders([join(parts, "chain-1"), join(other, "chain-2"), join(parts, "chain-3")]))).toThrow(/belongs to another run/);
    // and the spec's data changed since the chains ran (one row dropped)
    const moved = tmp("mcglmm-moved-");
    cpSync(join(ROOT, "test", "fixtures", "reference", "M2_PlodiaPO"), moved, { recursive: true });
    const lines = readFileSync(join(moved, "data.csv"), "utf8").split("\n");
    lines.splice(2, 1);
    writeFileSync(join(moved, "data.csv"), lines.join("\n"));
    expect(() => combineChains(checkChains(findChainFolders([parts])), join(moved, "spec.json"))).toThrow(/differ from those the chains were run with/);
  });

  it("--chain out of range: a typed error before sampling", async () => {
    const r = await runCli(["fit", M2, ...ARGS, "--chain", "4", "--out", tmp("mcglmm-x-")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ModelSpecError: --chain: chain 4 does not exist; the run has chains 1 to 3/);
  });
});
