// The scaled t families (ncst, msst) with scale and df varying by row: each row's simulated
// observations, expected response, predictive CDF (at a point latent value and integrated over
// l ~ N(m, v), the closed forms against simulation) and log predictive density (against
// Gauss-Hermite over the log-likelihood) describe that row's distribution; the input checks;
// MCMCglmm's trait name and starting liabilities; predict/simulate on new rows read newdata's
// scale and df; a df <= 1 prediction is NaN with a named warning.

import { describe, expect, it } from "vitest";
import { DataError } from "../../src/errors.js";
import { fit } from "../../src/fit.js";
import { familyOf } from "../../src/models/families/index.js";
import { integratedLogDensity } from "../../src/models/families/predictive.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import { predict } from "../../src/posterior/predict.js";
import { simulate } from "../../src/posterior/simulate.js";
import type { FamilyName, Response } from "../../src/models/types.js";
import { createStream } from "../../src/random/index.js";
import { noncentralTMeanFactor } from "../../src/random/noncentral-t.js";

const ROWS = [
  { y: 0.4, s: 0.5, df: 4.5 },
  { y: 2.9, s: 1.5, df: 8 },
  { y: -1.7, s: 1.0, df: 2.5 },
];
const DRAWS = 20000;

function responseOf(family: FamilyName, rows: Record<string, unknown>[] = ROWS): Response {
  return buildModel({ fixed: "cbind(y, s, df) ~ 1", family, rcov: "~units" }, frameFromRows(rows)).responses[0];
}

describe.each(["ncst", "msst"] as const)("%s with per-row scale and df", (family) => {
  const r = responseOf(family);
  const def = familyOf(r);
  const l = Float64Array.of(0.8);

  it.each([0, 1, 2])("row %d: draws, mean, CDF and density describe the row's own distribution", (u) => {
    const rng = createStream(3, u);
    const draws = Float64Array.from({ length: DRAWS }, () => def.drawObservation(r, l, [], undefined, rng, null, u));
    // the mean (df > 2 here, so the variance exists for the standard error)
    const out = new Float64Array(1);
    def.expectedResponse(r, l, [1e-12], [], 1, out, u);
    const mean = draws.reduce((a, b) => a + b, 0) / DRAWS;
    const sd = Math.sqrt(draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (DRAWS - 1));
    expect(Math.abs(mean - out[0])).toBeLessThan((5 * sd) / Math.sqrt(DRAWS));
    // the CDF at a point latent value, at three points
    for (const y of [-1, 0.5, 2.5]) {
      const F = def.predictiveCdf!(r, y, l[0], 1e-12, [], 1, u);
      const freq = draws.filter((v) => v <= y).length / DRAWS;
      expect(Math.abs(freq - F)).toBeLessThan(5 * Math.sqrt((F * (1 - F)) / DRAWS) + 1e-9);
    }
    // the density: a window's frequency around the row's observation
    const y = r.y[u], h = 0.01;
    const p = Math.exp(def.logLikelihood(r, u, l, [])) * 2 * h;
    const freq = draws.filter((v) => v >= y - h && v <= y + h).length / DRAWS;
    expect(Math.abs(freq - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / DRAWS) + 1e-6);
  });

  it.each([0, 1, 2])("row %d: the predictive CDF and density integrate l ~ N(m, v)", (u) => {
    const m = -0.3, v = 0.7;
    const rng = createStream(5, u);
    const lat = new Float64Array(1);
    const draws = Float64Array.from({ length: DRAWS }, () => {
      lat[0] = m + Math.sqrt(v) * rng.normal();
      return def.drawObservation(r, lat, [], undefined, rng, null, u);
    });
    for (const y of [-2, 0, 1.5]) {
      const F = def.predictiveCdf!(r, y, m, v, [], 1, u);
      const freq = draws.filter((x) => x <= y).length / DRAWS;
      expect(Math.abs(freq - F)).toBeLessThan(5 * Math.sqrt((F * (1 - F)) / DRAWS) + 1e-9);
    }
    // the closed form against adaptive Gauss-Hermite over the log-likelihood
    const gh = integratedLogDensity(def.logLikelihood, r, u, [m], [v], []);
    expect(def.logPredictiveDensity(r, u, [m], [v], [])).toBeCloseTo(gh, 5);
    const out = new Float64Array(1);
    def.expectedResponse(r, [m], [v], [], 1, out, u);
    const mean = draws.reduce((a, b) => a + b, 0) / DRAWS;
    const sd = Math.sqrt(draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (DRAWS - 1));
    expect(Math.abs(mean - out[0])).toBeLessThan((5 * sd) / Math.sqrt(DRAWS));
  });

  it("names its trait after y, as MCMCglmm does, and starts observed liabilities at y", () => {
    const model = buildModel({ fixed: "cbind(len, s, df) ~ 1", family, rcov: "~units" }, frameFromRows(ROWS.map((x) => ({ len: x.y, s: x.s, df: x.df }))));
    expect(model.traitNames).toEqual(["len"]);
    expect(def.jitterStart).toBe(false);
    ROWS.forEach((row, u) => expect(def.linkStart(r, row.y, 0, u)).toBe(row.y));
  });

  it("refuses a scale or df <= 0, or a missing one where y is observed, naming column and row", () => {
    const bad = (rows: Record<string, unknown>[], ...parts: string[]) => {
      let error: unknown;
      try {
        responseOf(family, rows);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DataError);
      for (const p of parts) expect((error as Error).message).toContain(p);
    };
    bad([{ y: 1, s: 1, df: 3 }, { y: 1, s: 0, df: 3 }], 'scale "s"', "row 2", "> 0");
    bad([{ y: 1, s: 1, df: 3 }, { y: 1, s: 2, df: -1 }], 'degrees of freedom "df"', "row 2", "> 0");
    bad([{ y: 1, s: null, df: 3 }], 'scale "s"', "row 1", "missing");
    // a missing observation may have missing parameters
    expect(() => responseOf(family, [{ y: 1, s: 1, df: 3 }, { y: null, s: null, df: null }])).not.toThrow();
  });

  it("gives no mean for df <= 1 (NaN), never a number", () => {
    const r1 = responseOf(family, [{ y: 1, s: 1, df: 0.8 }, { y: 2, s: 1, df: 1 }]);
    const out = new Float64Array(1);
    for (const u of [0, 1]) {
      familyOf(r1).expectedResponse(r1, [0.5], [0.2], [], 1, out, u);
      expect(Number.isNaN(out[0])).toBe(true);
    }
  });
});

describe("scaled t predictions", () => {
  const data = Array.from({ length: 40 }, (_, i) => {
    const x = Math.sin(1.7 * i);
    return { y: 1 + x + 0.8 * Math.cos(2.3 * i), s: 0.5 + (i % 3) * 0.25, df: [3, 6, 0.9][i % 3], x };
  });

  it.each(["ncst", "msst"] as const)("%s: new rows use newdata's df; df <= 1 rows are NaN with a named warning", async (family) => {
    const f = await fit({ fixed: "cbind(y, s, df) ~ x", family, rcov: "~units", prior: { R: { V: 1, nu: 2 } } }, frameFromRows(data), {
      nitt: 600, burnin: 100, thin: 5, chains: 1, threads: 1, seed: 9,
    });
    const newdata = [{ x: 0.3, s: 1, df: 3 }, { x: -1, s: 2, df: 12 }, { x: 0.5, s: 1, df: 1 }];
    const link = predict(f, { newdata, type: "link" });
    const resp = predict(f, { newdata, type: "response" });
    // E[y] is linear in l: the response-scale mean is the link mean times the row's factor
    newdata.forEach((row, u) => {
      const factor = family === "ncst" ? noncentralTMeanFactor(row.df) : row.df > 1 ? 1 : NaN;
      if (row.df > 1) expect(resp.fit[u]).toBeCloseTo(link.fit[u] * factor, 10);
      else expect(Number.isNaN(resp.fit[u])).toBe(true);
    });
    expect(resp.warnings.join("\n")).toMatch(new RegExp(`response "y" \\(${family}\\): no expected value at 1 row\\(s\\) \\(3\\)`));
    // the training rows: rows 3, 6, ... have df 0.9
    const train = predict(f, { type: "response" });
    expect(train.warnings.join("\n")).toContain("no expected value at 13 row(s) (3, 6, 9, 12, 15, ...)");
    // simulate on new rows without y (their scale and df come from newdata)
    const sim = simulate(f, { nsim: 1, newdata, seed: 4 });
    expect(sim.responses[0].values[0].every((v) => Number.isFinite(v))).toBe(true);
    expect(() => predict(f, { newdata: [{ x: 0.3, s: 1 }], type: "response" })).toThrow(/newdata needs column "df"/);
  }, 60_000);
});
