// `mcglmm diagnose draws.csv`: the pure function and the commander wiring.
import { Command, CommanderError } from "commander";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { diagnoseCsvText, diagnoseDraws, registerDiagnoseCommand } from "../../src/cli/commands/diagnose.js";
import { summariseDraws } from "../../src/diagnostics/index.js";
import { formatDrawsCsv, parseDrawsCsv } from "../../src/io/draws-csv.js";
import { FIXTURE_DIR, expectClose, loadChains, loadExpected } from "./load-fixture.js";

const tmp = mkdtempSync(join(tmpdir(), "mcglmm-diagnose-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const KEYS = ["parameter", "mean", "sd", "q5", "q50", "q95", "rhat", "ess_bulk", "ess_tail", "mcse_mean"];

describe("diagnoseCsvText", () => {
  it("prints one JSON line per parameter with posterior's figures", () => {
    const expected = loadExpected()["ar1_0.95"];
    const lines = diagnoseCsvText(readFileSync(join(FIXTURE_DIR, "ar1_0.95.csv"), "utf8")).split("\n");
    expect(lines.length).toBe(2);
    expect(lines[1]).toBe("");
    const row = JSON.parse(lines[0]) as Record<string, number | string>;
    expect(Object.keys(row)).toEqual(KEYS);
    expect(row.parameter).toBe("x");
    for (const key of ["mean", "sd", "q5", "q95", "rhat", "ess_bulk", "ess_tail", "mcse_mean"]) {
      expectClose(row[key] as number, expected[key]);
    }
    expect(row.q50).toBe(summariseDraws(loadChains("ar1_0.95")).q50);
  });

  it("writes NA diagnostics as null", () => {
    const row = JSON.parse(diagnoseCsvText(readFileSync(join(FIXTURE_DIR, "constant.csv"), "utf8")));
    expect(row.rhat).toBeNull();
    expect(row.ess_bulk).toBeNull();
    expect(row.ess_tail).toBeNull();
    expect(row.mcse_mean).toBeNull();
    expect(row.mean).toBe(1);
  });

  it("keeps the column order of many parameters", () => {
    const a = loadChains("iid_normal");
    const b = loadChains("exponential_skew");
    const table = parseDrawsCsv(formatDrawsCsv(["b_first", "a_second"], [b, a]));
    const rows = diagnoseDraws(table);
    expect(rows.map((r) => r.parameter)).toEqual(["b_first", "a_second"]);
    expectClose(rows[1].ess_bulk, loadExpected().iid_normal.ess_bulk);
    expectClose(rows[0].rhat, loadExpected().exponential_skew.rhat);
  });
});

describe("registerDiagnoseCommand", () => {
  function program(): Command {
    const p = new Command().name("mcglmm").exitOverride().configureOutput({ writeErr: () => undefined });
    registerDiagnoseCommand(p);
    return p;
  }

  it("prints what diagnoseCsvText returns for the file", async () => {
    const path = join(tmp, "draws.csv");
    const text = formatDrawsCsv(["mu", "sigma"], [loadChains("odd_length"), loadChains("cauchy").slice(0, 3).map((c) => c.subarray(0, 777))]);
    writeFileSync(path, text);
    let out = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    await program().parseAsync(["node", "mcglmm", "diagnose", path]);
    expect(out).toBe(diagnoseCsvText(text));
    expect(out.trim().split("\n").length).toBe(2);
  });

  it("fails with exit code 1 and a message for a missing file or bad data", async () => {
    await expect(program().parseAsync(["node", "mcglmm", "diagnose", join(tmp, "nope.csv")])).rejects.toSatisfy(
      (e: unknown) => e instanceof CommanderError && e.exitCode === 1 && /no such file/.test(e.message),
    );
    const bad = join(tmp, "bad.csv");
    writeFileSync(bad, "chain,iter,x\n1,1,1\n1,2,1\n2,1,1\n");
    await expect(program().parseAsync(["node", "mcglmm", "diagnose", bad])).rejects.toSatisfy(
      (e: unknown) => e instanceof CommanderError && e.exitCode === 1 && /same number/.test(e.message),
    );
  });
});
