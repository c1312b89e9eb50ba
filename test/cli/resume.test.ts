// A run killed with SIGKILL mid-way keeps every draw flushed so far (report and diagnose read the
// chains' files), and `mcglmm resume DIR` finishes it bit for bit as the uninterrupted run with
// the same seed: the same draws.csv, byte for byte, and the same summary.json but for timing.

import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli } from "../helpers/cli.js";
import { decodeExactJson } from "../../src/io/checkpoint-file.js";
import type { ChainCheckpoint } from "../../src/samplers/run/checkpoint.js";
import { readPartialRun } from "../../src/io/partial-run.js";
import { diagnoseDraws } from "../../src/cli/commands/diagnose.js";
import { reportFromDir } from "../../src/report/from-dir.js";

const M4 = join(ROOT, "test", "fixtures", "reference", "M4_grouseticks", "spec.json");
const ARGS = ["--nitt", "4000", "--burnin", "1000", "--thin", "5", "--chains", "2", "--seed", "11", "--checkpoint-every", "500"];

function checkpointIteration(out: string, k: number): number {
  const path = join(out, `chain-${k}`, "checkpoint.json");
  if (!existsSync(path)) return 0;
  try {
    return decodeExactJson<ChainCheckpoint>(readFileSync(path, "utf8")).state.iteration;
  } catch {
    return 0; // being replaced right now
  }
}

function withoutTiming(path: string): unknown {
  const s = JSON.parse(readFileSync(path, "utf8"));
  delete s.timing;
  return s;
}

describe("SIGKILL and resume", () => {
  it("keeps the draws so far, and resumes to the uninterrupted run's result bit for bit", async () => {
    const killed = mkdtempSync(join(tmpdir(), "mcglmm-killed-"));
    const whole = mkdtempSync(join(tmpdir(), "mcglmm-whole-"));
    let killedAt = [0, 0];
    const r = await runCli(["fit", M4, ...ARGS, "--progress-seconds", "0.5", "--out", killed], {
      onStderr: (_text, child) => {
        // kill once both chains are past their second checkpoint (after burn-in), before they finish
        const at = [checkpointIteration(killed, 1), checkpointIteration(killed, 2)];
        if (child.exitCode === null && !child.killed && at.every((i) => i >= 1500)) { killedAt = at; child.kill("SIGKILL"); }
      },
    });
    expect(r.signal).toBe("SIGKILL");
    expect(killedAt.every((i) => i >= 1500 && i < 4000)).toBe(true);
    expect(existsSync(join(killed, "summary.json"))).toBe(false);

    // the draws made before the kill are readable now (what `mcglmm diagnose DIR` and `mcglmm report DIR` read)
    const partial = readPartialRun(killed);
    expect(partial.table.chainLabels).toEqual(["1", "2"]);
    expect(partial.table.iterations).toBeGreaterThanOrEqual(100);
    expect(diagnoseDraws(partial.table).map((row) => row.parameter)).toContain("(Intercept)");
    const html = await reportFromDir(killed);
    expect(html).toMatch(/partial run read from the chain files/);
    expect(html).toMatch(/mcglmm resume/);

    const resumed = await runCli(["resume", killed]);
    expect(resumed.stderr).toMatch(/resuming chain 1 at iteration \d+, chain 2 at iteration \d+/);
    expect(resumed.code).toBe(0);
    const plain = await runCli(["fit", M4, ...ARGS, "--quiet", "--out", whole]);
    expect(plain.code).toBe(0);
    expect(readFileSync(join(killed, "draws.csv"), "utf8")).toBe(readFileSync(join(whole, "draws.csv"), "utf8"));
    expect(withoutTiming(join(killed, "summary.json"))).toEqual(withoutTiming(join(whole, "summary.json")));
    const untimed = (text: string) => text.split("\n").filter((l) => !/^\s*Time:/.test(l)).join("\n");
    expect(untimed(resumed.stdout)).toBe(untimed(plain.stdout));
  });
});
