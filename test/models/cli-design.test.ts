// `mcglmm design spec.json --out DIR` writes X, Z and meta equal to MCMCglmm's fixtures.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import { registerDesignCommand } from "../../src/cli/commands/design.js";
import { fixturePath, readFixture } from "./fixtures.js";

const out = mkdtempSync(join(tmpdir(), "mcglmm-design-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function run(spec: string, dir: string): Promise<void> {
  const program = new Command().exitOverride();
  registerDesignCommand(program);
  await program.parseAsync(["node", "mcglmm", "design", fixturePath(spec), "--out", dir]);
}

const body = (text: string) => text.trim().split("\n").slice(1).sort();

describe("mcglmm design", () => {
  it("writes BTdata's X, Z and meta as MCMCglmm (pedigree resolved next to the spec)", async () => {
    const dir = join(out, "bt");
    await run("reference/M7_BTdata/spec.json", dir);
    const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8"));
    expect(meta).toEqual(JSON.parse(readFixture("design/BTdata_meta.json")));
    expect(body(readFileSync(join(dir, "X.csv"), "utf8"))).toEqual(body(readFixture("design/BTdata_X.csv")));
    expect(body(readFileSync(join(dir, "Z.csv"), "utf8"))).toEqual(body(readFixture("design/BTdata_Z.csv")));
  });

  it("writes cbpp's design with forced factor columns", async () => {
    const dir = join(out, "cbpp");
    await run("reference/M3_cbpp/spec.json", dir);
    const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8"));
    expect(meta.X_columns).toEqual(["(Intercept)", "period2", "period3", "period4"]);
    expect(meta.Z_dim).toEqual([56, 15]);
    expect(readFileSync(join(dir, "Z.csv"), "utf8").split("\n")[0]).toBe('"row","col","value"');
  });
});
