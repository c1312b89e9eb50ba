// The CLI when runs go wrong: a run with no saved draw names each chain's real error (not "no
// chains given"); a bad --out fails before sampling; Ctrl-C during burn-in says so and keeps the
// chains' state; an interrupted run's files hold exactly what they say; progress lines off a
// terminal; --version.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { buildProgram } from "../../src/cli/main.js";
import { DataError } from "../../src/errors.js";
import { ROOT, allChainsPast, runCli } from "../helpers/cli.js";

const M2 = join(ROOT, "test", "fixtures", "reference", "M2_PlodiaPO", "spec.json");
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** A spec + data in a temp folder. */
function specWith(csv: string, spec: Record<string, unknown>): string {
  const dir = tmp("mcglmm-case-");
  writeFileSync(join(dir, "data.csv"), csv);
  writeFileSync(join(dir, "spec.json"), JSON.stringify({ data: "data.csv", nitt: 600, burnin: 100, thin: 5, chains: 2, ...spec }));
  return join(dir, "spec.json");
}

describe("a run with no saved draw", () => {
  it("binary response with the default prior: names the cause and the fix, not 'no chains given'", async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `${(i * 7) % 5 < 2 ? 1 : 0},${Math.sin(i).toFixed(3)},g${i % 6}`);
    const spec = specWith(["y,x,g", ...rows].join("\n") + "\n", { fixed: "y ~ x", random: "~g", family: "categorical", columns: { y: "factor", g: "factor" } });
    const r = await runCli(["fit", spec, "--quiet", "--out", tmp("mcglmm-out-")]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/no chains given/);
    expect(r.stderr).toMatch(/fix: 1/);
  });

  it("1e300 in the data: named before sampling (column, row, what to do)", async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i === 3 ? "1e300" : (i * 0.5).toString()},${i}`);
    const spec = specWith(["y,x", ...rows].join("\n") + "\n", { fixed: "y ~ x" });
    const r = await runCli(["fit", spec, "--quiet", "--out", tmp("mcglmm-out-")]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/no chains given/);
    expect(r.stderr).toMatch(/\by\b/);
    expect(r.stderr).toMatch(/extreme|1e\+?300|finite|too large/i);
  });

  it("Ctrl-C during burn-in: says so, exits 130, keeps each chain's state for resume", async () => {
    const out = tmp("mcglmm-burnin-");
    let sent = false;
    const r = await runCli(["fit", M2, "--nitt", "50000000", "--burnin", "40000000", "--chains", "2", "--out", out], {
      onStderr: (text, child) => {
        if (!sent && text.includes("sampling")) { sent = true; setTimeout(() => child.kill("SIGINT"), 1500); }
      },
    });
    expect(r.code).toBe(130);
    expect(r.stderr).not.toMatch(/no chains given/);
    expect(r.stderr).toMatch(/no draws were saved: the run was interrupted at iteration \d+, during burn-in \(burnin = 40000000\)/);
    expect(r.stderr).toMatch(/mcglmm resume/);
    for (const k of [1, 2]) {
      expect(existsSync(join(out, `chain-${k}`, "checkpoint.json"))).toBe(true);
      expect(JSON.parse(readFileSync(join(out, `chain-${k}`, "chain.json"), "utf8")).status).toBe("stopped");
    }
  });
});

describe("--out", () => {
  it("an existing file, a read-only folder, a path under a file: a DataError before sampling", async () => {
    const file = join(tmp("mcglmm-file-"), "results.txt");
    writeFileSync(file, "keep me");
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      for (const [out, message] of [[file, /existing file, not a folder/], ["/proc/self", /not writable/], [join(file, "sub"), /cannot create the folder/]] as const) {
        // in-process: the command throws the typed error (run.ts prints it as one line, exit 1)
        const run = buildProgram().parseAsync(["node", "mcglmm", "fit", M2, "--nitt", "200", "--burnin", "100", "--out", out]);
        await expect(run).rejects.toThrow(DataError);
        await expect(run).rejects.toThrow(message);
      }
      expect(stderr.mock.calls.some(([text]) => String(text).includes("sampling"))).toBe(false);
    } finally {
      stderr.mockRestore();
    }
    expect(readFileSync(file, "utf8")).toBe("keep me");
  });
});

describe("an interrupted run", () => {
  it("writes files that say exactly what they hold, and progress lines off a terminal", async () => {
    const out = tmp("mcglmm-int-");
    let sent = false;
    const r = await runCli(["fit", M2, "--nitt", "20000000", "--burnin", "500", "--thin", "10", "--chains", "2", "--progress-seconds", "0.5", "--out", out], {
      onStderr: (text, child) => {
        if (!sent && allChainsPast(text, 2, 500)) { sent = true; setTimeout(() => child.kill("SIGINT"), 1000); }
      },
    });
    expect(r.code).toBe(130);
    // plain progress lines (stderr is a pipe here): chain, iteration, rate, time left
    expect(r.stderr).toMatch(/mcglmm: chain 1: iteration \d+\/20000000 \(\d+%\), \d+ it\/s, [\d.]+ (s|min|h) left/);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.complete).toBe(false);
    const rows = readFileSync(join(out, "draws.csv"), "utf8").trim().split("\n").slice(1);
    const { draws_per_chain: perChain, chains } = summary.kept;
    expect(chains).toBe(2);
    expect(perChain).toBeGreaterThan(10);
    expect(rows.length).toBe(perChain * chains);
    expect(new Set(rows.map((row) => row.split(",")[0]))).toEqual(new Set(["1", "2"]));
    // the console header and the final line say the same, not the planned 1999950 per chain
    expect(r.stdout).toContain(`Sample size  = ${perChain} per chain x 2 chains (planned 1999950 x 2) (INCOMPLETE)`);
    expect(r.stderr).toContain(`kept ${perChain} draws per chain x 2 chains (planned 1999950 x 2); incomplete`);
    expect(readFileSync(join(out, "report.html"), "utf8")).toMatch(/interrupted/);
    // each chain's own files hold at least the kept draws, and say the chain was stopped
    for (const k of [1, 2]) {
      const meta = JSON.parse(readFileSync(join(out, `chain-${k}`, "chain.json"), "utf8"));
      expect(meta.status).toBe("stopped");
      const chainRows = readFileSync(join(out, `chain-${k}`, "draws.csv"), "utf8").trim().split("\n").length - 1;
      expect(chainRows).toBe(meta.draws);
      expect(chainRows).toBeGreaterThanOrEqual(perChain);
    }
  });
});

describe("mcglmm --version", () => {
  it("prints the package version", async () => {
    const r = await runCli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
  });
});
