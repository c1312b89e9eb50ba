// Conditional effects against the same quantities computed directly from the draws: for a
// Gaussian model the prediction at x is the posterior mean of b0 + b1 x (intervals: HPD of
// that combination); for a Poisson model with the other factor at its reference level and the
// random effects marginalised, the mean of exp(b0 + bH x + (V_BROOD + V_LOCATION + V_units) / 2).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { conditionalEffects, DataError, effectsPlotSvg, fit, hpdInterval, loadSpec, ModelSpecError, type Fit } from "../../src/index.js";
import { checkMarkup } from "../report/markup.js";

const root = join(import.meta.dirname, "..", "..");
const specOf = (name: string) => join(root, "test", "fixtures", "reference", name, "spec.json");
const settings = { nitt: 2000, burnin: 500, thin: 5, chains: 2, seed: 4 };

function pooled(f: Fit, name: string): Float64Array {
  const chains = f.draws[name];
  const out = new Float64Array(chains.reduce((n, c) => n + c.length, 0));
  let k = 0;
  for (const c of chains) { out.set(c, k); k += c.length; }
  return out;
}

describe("conditionalEffects", () => {
  let sleep: Fit, ticks: Fit;
  beforeAll(async () => {
    const s = loadSpec(specOf("M1_sleepstudy"));
    sleep = await fit(s.spec, s.data, settings);
    const g = loadSpec(specOf("M4_grouseticks"));
    ticks = await fit(g.spec, g.data, settings);
  }, 60_000);

  it("Gaussian: the posterior mean and HPD interval of b0 + b1 x over the range of x", () => {
    const ce = conditionalEffects(sleep, { effect: "Days", points: 10 });
    expect(ce.rows).toHaveLength(10);
    expect(ce.rows[0].x).toBe(0);
    expect(ce.rows[9].x).toBe(9);
    const b0 = pooled(sleep, "(Intercept)"), b1 = pooled(sleep, "Days");
    for (const r of ce.rows) {
      const line = b0.map((v, s) => v + b1[s] * (r.x as number));
      expect(r.estimate).toBeCloseTo(line.reduce((a, v) => a + v, 0) / line.length, 8);
      const h = hpdInterval(line, 0.95);
      expect(r.lower).toBeCloseTo(h.lower, 8);
      expect(r.upper).toBeCloseTo(h.upper, 8);
    }
  });

  it("Poisson: others at the reference level, random effects and residual marginalised (exp(eta + v/2))", () => {
    const ce = conditionalEffects(ticks, { effect: "HEIGHT", points: 5 });
    expect(ce.conditions.YEAR).toBe("95");
    const b0 = pooled(ticks, "(Intercept)"), bh = pooled(ticks, "HEIGHT");
    const v = ["BROOD", "LOCATION", "units"].map((n) => pooled(ticks, n));
    for (const r of ce.rows) {
      const x = r.x as number;
      const mu = b0.map((b, s) => Math.exp(b + bh[s] * x + (v[0][s] + v[1][s] + v[2][s]) / 2));
      expect(r.estimate / (mu.reduce((a, m) => a + m, 0) / mu.length)).toBeCloseTo(1, 8);
      expect(r.lower).toBeLessThan(r.estimate);
      expect(r.upper).toBeGreaterThan(r.estimate);
    }
    // held at another level, the YEAR96 coefficient enters
    const in96 = conditionalEffects(ticks, { effect: "HEIGHT", points: 5, conditions: { YEAR: "96" } });
    const b96 = pooled(ticks, "YEAR96");
    const mu = b0.map((b, s) => Math.exp(b + b96[s] + bh[s] * (in96.rows[2].x as number) + (v[0][s] + v[1][s] + v[2][s]) / 2));
    expect(in96.rows[2].estimate / (mu.reduce((a, m) => a + m, 0) / mu.length)).toBeCloseTo(1, 8);
  });

  it("by a factor gives one curve per level; a factor effect one row per level; a numeric by mean -/+ sd", () => {
    const byYear = conditionalEffects(ticks, { effect: "HEIGHT", by: "YEAR", points: 4 });
    expect(byYear.rows.map((r) => r.by)).toEqual(["95", "95", "95", "95", "96", "96", "96", "96", "97", "97", "97", "97"]);
    const year = conditionalEffects(ticks, { effect: "YEAR" });
    expect(year.categorical).toBe(true);
    expect(year.rows.map((r) => r.x)).toEqual(["95", "96", "97"]);
    const byHeight = conditionalEffects(ticks, { effect: "YEAR", by: "HEIGHT" });
    const h = ticks.model.data.columns.get("HEIGHT")!;
    const values = h.kind === "numeric" ? Array.from(h.values) : [];
    const mean = values.reduce((a, x) => a + x, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, x) => a + (x - mean) ** 2, 0) / (values.length - 1));
    const bys = [...new Set(byHeight.rows.map((r) => r.by as number))];
    expect(bys[0]).toBeCloseTo(mean - sd, 10);
    expect(bys[2]).toBeCloseTo(mean + sd, 10);
    for (const ce of [byYear, year, byHeight]) expect(checkMarkup(effectsPlotSvg(ce)).errors).toEqual([]);
  });

  it("names what it cannot honour: an unknown predictor, an unknown level", () => {
    expect(() => conditionalEffects(sleep, { effect: "Reaction" })).toThrow(ModelSpecError);
    expect(() => conditionalEffects(sleep, { effect: "nope" })).toThrow(/"nope" is not a predictor/);
    expect(() => conditionalEffects(ticks, { effect: "HEIGHT", conditions: { YEAR: "1999" } })).toThrow(DataError);
  });
});

describe("mcglmm effects", () => {
  it("writes the CSV and the SVG plot", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mcglmm-effects-"));
    const svg = join(dir, "effects.svg");
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", join(root, "src", "cli", "run.ts"), "effects", specOf("M1_sleepstudy"), "--effect", "Days", "--points", "4",
        "--nitt", "1500", "--burnin", "500", "--thin", "5", "--chains", "2", "--seed", "2", "--plot", svg], { cwd: root });
      let stdout = "", stderr = "";
      child.stdout.on("data", (d) => { stdout += d; });
      child.stderr.on("data", (d) => { stderr += d; });
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("Days,estimate,lower,upper");
    expect(lines).toHaveLength(5);
    expect(lines[4].startsWith("9,")).toBe(true);
    const text = readFileSync(svg, "utf8");
    expect(checkMarkup(text).errors).toEqual([]);
    expect(text).toContain('aria-label="conditional effect of Days on Reaction"');
  }, 60_000);
});
