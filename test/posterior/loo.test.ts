// PSIS-LOO against R's loo 2.5.1 (test/fixtures/loo: log-likelihood matrices and loo's
// results, made by gen.R there), through the `mcglmm loo` command as users run it; then the
// fit path: `fit --log-lik` writes the CSV that `mcglmm loo DIR` reads, and the API's loo()
// of the same fit gives the same numbers.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import { describe, expect, it } from "vitest";
import { DataError, fit, loadSpec, loo, looCompare, looFromLogLik, readLogLikCsv, waic } from "../../src/index.js";

const root = join(import.meta.dirname, "..", "..");
const fixtures = join(root, "test", "fixtures", "loo");
const expected = JSON.parse(readFileSync(join(fixtures, "expected.json"), "utf8"));
const TOL = 1e-6;


function expectClose(actual: ArrayLike<number>, wanted: readonly number[]): void {
  expect(actual.length).toBe(wanted.length);
  for (let i = 0; i < wanted.length; i++) expect(Math.abs(actual[i] - wanted[i]), `element ${i + 1}`).toBeLessThan(TOL);
}

const ESTIMATES = ["elpd_loo", "se_elpd_loo", "p_loo", "se_p_loo", "looic", "se_looic"] as const;

describe("mcglmm loo FILE.csv equals R's loo 2.5.1", () => {
  for (const name of ["normal", "outliers", "poisson_ar1"]) {
    it(`${name}: estimates, standard errors and every Pareto k`, async () => {
      const r = await runCli(["loo", join(fixtures, `${name}.csv`)]);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      const want = expected[name];
      for (const key of ESTIMATES) expect(Math.abs(out[key] - want[key]), key).toBeLessThan(TOL);
      expectClose(out.pareto_k, want.pareto_k);
      // a warning names exactly the observations R's k puts above 0.7 (outliers: 42 only)
      const bad = want.pareto_k.flatMap((k: number, i: number) => (k > 0.7 ? [i + 1] : []));
      expect(bad).toEqual(name === "outliers" ? [42] : []);
      if (bad.length > 0) expect(r.stderr).toMatch(new RegExp(`warning: .*Pareto k > 0\\.7 for ${bad.length} of \\d+ observation\\(s\\): ${bad.join(", ")};`));
      else expect(r.stderr).not.toMatch(/Pareto k/);
    }, 30_000);
  }

  it("compares two models as loo_compare (elpd differences and their standard errors)", async () => {
    const r = await runCli(["loo", join(fixtures, "normal_sigma1.csv"), join(fixtures, "normal.csv")]);
    expect(r.code, r.stderr).toBe(0);
    const { compare } = JSON.parse(r.stdout);
    expect(compare.map((row: { model: string }) => row.model.replace(/^.*\/|\.csv$/g, ""))).toEqual(expected.compare.models);
    expectClose(compare.map((row: { elpd_diff: number }) => row.elpd_diff), expected.compare.elpd_diff);
    expectClose(compare.map((row: { se_diff: number }) => row.se_diff), expected.compare.se_diff);
  }, 30_000);
});

describe("loo API on R's fixtures", () => {
  it("pointwise values, relative and PSIS effective sample sizes equal loo's", async () => {
    for (const name of ["outliers", "poisson_ar1"]) {
      const { logLik, chainIds } = await readLogLikCsv(join(fixtures, `${name}.csv`));
      const l = looFromLogLik(logLik, chainIds);
      const want = expected[name];
      expectClose(l.r_eff, want.r_eff);
      expectClose(l.pointwise.elpd_loo, want.pointwise_elpd_loo);
      expectClose(l.pointwise.p_loo, want.pointwise_p_loo);
      for (let i = 0; i < want.n_eff.length; i++) expect(Math.abs(l.n_eff[i] / want.n_eff[i] - 1)).toBeLessThan(TOL);
    }
    // poisson_ar1 has autocorrelated draws: relative efficiencies really are below 1
    expect(Math.max(...expected.poisson_ar1.r_eff)).toBeLessThan(0.5);
  });

  it("looCompare takes named results and rejects models fitted to different data", async () => {
    const a = await readLogLikCsv(join(fixtures, "normal.csv"));
    const b = await readLogLikCsv(join(fixtures, "normal_sigma1.csv"));
    const c = await readLogLikCsv(join(fixtures, "outliers.csv"));
    const la = looFromLogLik(a.logLik, a.chainIds), lb = looFromLogLik(b.logLik, b.chainIds);
    const rows = looCompare({ normal_sigma1: lb, normal: la });
    expect(rows.map((r) => r.model)).toEqual(["normal", "normal_sigma1"]);
    expectClose(rows.map((r) => r.se_diff), expected.compare.se_diff);
    expect(looCompare(lb, la).map((r) => r.model)).toEqual(["model2", "model1"]);
    expect(() => looCompare(la, looFromLogLik(c.logLik, c.chainIds))).toThrow(DataError);
  });

  it("rejects chains of unequal length and non-contiguous chain labels", () => {
    const ll = [new Float64Array([-1, -2, -1.5, -1.2, -0.9]), new Float64Array([-1, -2, -1.5, -1.1, -0.8])];
    expect(() => looFromLogLik(ll, [0, 0, 0, 1, 1])).toThrow(/different numbers of draws/);
    expect(() => looFromLogLik(ll, [0, 1, 0, 1, 1])).toThrow(/not contiguous/);
  });
});

describe("fit --log-lik, mcglmm loo DIR and loo(result)", () => {
  it("writes .chain then one column per observation, one row per draw, and agrees with the API", async () => {
    const specPath = join(root, "test", "fixtures", "reference", "M2_PlodiaPO", "spec.json");
    const out = mkdtempSync(join(tmpdir(), "mcglmm-loo-"));
    const settings = { nitt: 1500, burnin: 500, thin: 5, chains: 2, seed: 3 };
    const r = await runCli(["fit", specPath, "--nitt", "1500", "--burnin", "500", "--thin", "5", "--chains", "2", "--seed", "3", "--quiet", "--log-lik", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const { spec, data } = loadSpec(specPath);
    const result = await fit(spec, data, { ...settings, pr: true });
    const lines = readFileSync(join(out, "log_lik.csv"), "utf8").trim().split("\n");
    const header = lines[0].split(",");
    expect(header[0]).toBe(".chain");
    expect(header.length - 1).toBe(result.model.nUnits);
    expect(lines.length - 1).toBe(2 * 200);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual([...Array(200).fill("1"), ...Array(200).fill("2")]);
    const api = loo(result);
    const cli = JSON.parse((await runCli(["loo", out])).stdout);
    for (const key of ESTIMATES) expect(cli[key]).toBeCloseTo(api[key], 10);
    expectClose(cli.pareto_k, Array.from(api.pareto_k));
    // loo uses WAIC's pointwise log-likelihood: elpd_loo + p_loo is its lppd, exactly
    const lppd = waic(result).pointwise.lppd.reduce((t, v) => t + v, 0);
    expect(Math.abs(api.elpd_loo + api.p_loo - lppd)).toBeLessThan(1e-8);
  }, 60_000);

  it("mcglmm loo DIR without log_lik.csv says how to get one", async () => {
    const r = await runCli(["loo", mkdtempSync(join(tmpdir(), "mcglmm-loo-empty-"))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no log_lik\.csv: refit with `mcglmm fit --log-lik`/);
  }, 30_000);
});
