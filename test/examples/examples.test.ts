// Every example script runs (short settings, quietly) and produces what it promises, so none
// goes stale; one is also run as a user would, with `npx tsx`.

import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main as gaussian } from "../../examples/gaussian-sleepstudy.js";
import { main as binomial } from "../../examples/binomial-cbpp.js";
import { main as poisson } from "../../examples/poisson-grouseticks.js";
import { main as categorical } from "../../examples/categorical-contraception.js";
import { main as threshold } from "../../examples/threshold-horns.js";
import { main as multivariate } from "../../examples/multivariate-btdata.js";

const quick = { nitt: 1500, burnin: 500, thin: 2, chains: 1, quiet: true };
const finite = (xs: ArrayLike<number>) => Array.from(xs).every((x) => Number.isFinite(x));

describe("examples", () => {
  it("gaussian-sleepstudy", async () => {
    const r = await gaussian(quick);
    expect(r.known.fit.length).toBe(10);
    expect(finite(r.known.fit) && finite(r.population.lower)).toBe(true);
    expect(r.population.upper[0] - r.population.lower[0]).toBeGreaterThan(r.known.upper[0] - r.known.lower[0]);
    expect(r.checks.checks.length).toBe(3 + 10);
    expect(Number.isFinite(r.waic.waic) && r.dic !== null).toBe(true);
  });

  it("binomial-cbpp", async () => {
    const r = await binomial(quick);
    expect(finite(r.prediction.fit)).toBe(true);
    expect(r.prediction.fit[0]).toBeGreaterThan(r.prediction.fit[3]);
    expect(r.checks.checks.map((c) => c.statistic)).toEqual(["prop_zero", "mean", "sd"]);
    expect(r.residuals.u.length).toBe(56);
  });

  it("poisson-grouseticks", async () => {
    const r = await poisson(quick);
    expect(r.prediction.fit[1]).toBeGreaterThan(r.prediction.fit[0]);
    expect(r.checks.checks[0].statistic).toBe("prop_zero");
  });

  it("categorical-contraception", async () => {
    const r = await categorical({ ...quick, nitt: 1000, burnin: 300 });
    expect(Array.from(r.prediction.fit).every((p) => p > 0 && p < 1)).toBe(true);
    expect(r.checks.checks.length).toBe(2);
    expect(r.byUrban.checks.length).toBe(2);
  });

  it("threshold-horns", async () => {
    const r = await threshold(quick);
    expect(r.summary.cutpoints.length).toBe(1);
    expect(r.prediction.fit[1]).toBeGreaterThan(r.prediction.fit[0]);
    expect(r.checks.checks.length).toBe(3);
  });

  it("multivariate-btdata", async () => {
    const r = await multivariate({ ...quick, nitt: 1000, burnin: 300 });
    expect(r.prediction.fit.length).toBe(4);
    expect(r.prediction.traits).toEqual(["tarsus", "back"]);
    expect(r.checks.checks.map((c) => `${c.response} ${c.statistic}`)).toEqual(["tarsus mean", "tarsus sd", "back mean", "back sd"]);
    expect(r.sim.responses.length).toBe(2);
  });

  it("runs as a script with npx tsx", () => {
    const root = join(import.meta.dirname, "..", "..");
    const out = execFileSync("npx", ["tsx", "examples/threshold-horns.ts"], { cwd: root, encoding: "utf8", timeout: 120_000 });
    expect(out).toMatch(/cutpoint\.traithorn\.1/);
    expect(out).toMatch(/category_proportions\[polled\]/);
  });
});
