// predict (response scale), simulate, quantile residuals, DIC and WAIC on fits of the families
// added on the family interface: each runs through the family record and gives finite values of
// the right shape; a model fitted to data simulated from itself gives quantile residuals that pass
// the uniformity test, and response-scale predictions whose mean is close to the data's.

import { describe, expect, it } from "vitest";
import { fit } from "../../src/fit.js";
import { frameFromRows } from "../../src/models/frame.js";
import { predict } from "../../src/posterior/predict.js";
import { quantileResiduals } from "../../src/posterior/residuals.js";
import { simulate } from "../../src/posterior/simulate.js";
import { dic, waic } from "../../src/posterior/waic.js";
import { SBC_CASES, simulatedData } from "../helpers/sbc-families.js";

const families = ["zipoisson", "hupoisson", "zapoisson", "hubinomial", "ztpoisson", "geometric", "exponential", "cengaussian", "cenpoisson", "nzbinom", "ncst", "msst"] as const;

describe.each(families)("%s: predict, simulate, residuals, DIC, WAIC", (name) => {
  it("work through the family record", async () => {
    const c = SBC_CASES[name]!;
    const { spec, rows } = simulatedData(c, 100, 10, 31);
    const f = await fit({ ...spec, pr: true }, frameFromRows(rows), { nitt: 800, burnin: 300, thin: 5, chains: 1, threads: 1, seed: 5 });
    expect(f.failures).toEqual([]);
    const n = f.model.nUnits;

    const p = predict(f, { type: "response" });
    expect(p.fit.length).toBe(n * f.model.nTraits);
    expect(p.fit.every((v) => Number.isFinite(v))).toBe(true);
    // the first trait's response-scale prediction averages to about the data's mean (the
    // observation for censored responses is its lower end: skip those)
    if (!f.model.responses[0].upper) {
      const y = f.model.responses[0].y;
      const dataMean = y.reduce((s, v) => s + v, 0) / n;
      const sd = Math.sqrt(y.reduce((s, v) => s + (v - dataMean) ** 2, 0) / (n - 1));
      const predMean = p.fit.subarray(0, n).reduce((s, v) => s + v, 0) / n;
      // within 5 standard errors of the data's mean
      expect(Math.abs(predMean - dataMean)).toBeLessThan((5 * sd) / Math.sqrt(n));
    }

    const s = simulate(f, { nsim: 3 });
    expect(s.responses[0].values.length).toBe(3);
    expect(s.responses[0].values.every((v) => v.length === n && v.every((x) => Number.isFinite(x)))).toBe(true);

    const [res] = quantileResiduals(f, { maxDraws: 40 });
    expect(res.residuals.every((z) => Number.isFinite(z))).toBe(true);
    expect(res.ks.pValue).toBeGreaterThan(0.001);

    const d = dic(f);
    expect(d !== null && Number.isFinite(d.dic)).toBe(true);
    const w = waic(f, { maxDraws: 20 });
    expect(Number.isFinite(w.waic)).toBe(true);
  }, 120_000);
});
