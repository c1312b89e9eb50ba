// Calibrated posterior predictive p-values: the tie rule, replicates that keep missing values
// missing, and the same calibrated p-values whatever the number of threads.

import { describe, expect, it } from "vitest";
import { fit } from "../../src/fit.js";
import { calibratedPValue, calibratedPpc, replicateResponses } from "../../src/posterior/calibrated-ppc.js";
import { simulate } from "../../src/posterior/simulate.js";

const rows = Array.from({ length: 30 }, (_, i) => ({ y: i === 4 ? null : 1 + Math.sin(1.7 * i) + 0.2 * Math.cos(5 * i), x: Math.cos(i) }));
const spec = { fixed: "y ~ x", family: "gaussian" as const };
const settings = { nitt: 1200, burnin: 200, thin: 2, chains: 1, threads: 1, seed: 5 };

describe("calibrated posterior predictive p-values", () => {
  it("count the refits' p-values below the observed one, ties as half", () => {
    expect(calibratedPValue(0.3, [0.1, 0.3, 0.5, 0.7])).toBeCloseTo(0.375, 12);
    expect(calibratedPValue(0.05, [0.2, 0.4])).toBe(0);
    expect(calibratedPValue(0.9, [0.2, 0.4])).toBe(1);
  });

  it("replace the response by a replicate and keep missing values missing", async () => {
    const f = await fit(spec, rows, settings);
    const sim = simulate(f, { nsim: 2, seed: 1 });
    const m = { responses: replicateResponses(f.model, sim, 1) };
    expect(Number.isNaN(m.responses[0].y[4])).toBe(true);
    expect(m.responses[0].y[0]).toBe(sim.responses[0].values[1][0]);
    expect(f.model.responses[0].y[0]).not.toBe(m.responses[0].y[0]);
  });

  it("give the same p-values in one thread and in two", async () => {
    const f = await fit(spec, rows, settings);
    const run = (threads: number) =>
      calibratedPpc(f, ["mean", "sd"], { nsim: 100, seed: 2, calibration: { replicates: 4, nitt: 500, burnin: 100, threads } });
    const [one, two] = [await run(1), await run(2)];
    expect(one.checks.map((c) => Array.from(c.replicatePValues))).toEqual(two.checks.map((c) => Array.from(c.replicatePValues)));
    for (const c of one.checks) {
      expect(c.calibratedPValue).toBeGreaterThanOrEqual(0);
      expect(c.calibratedPValue).toBeLessThanOrEqual(1);
      expect(c.verdict).toMatch(/calibrated p = \d\.\d{3} \(4 refits\)/);
    }
  });

  it("reject too few replicates and refits with no saved draw", async () => {
    const f = await fit(spec, rows, settings);
    await expect(calibratedPpc(f, "mean", { calibration: { replicates: 1 } })).rejects.toThrow(/replicates must be an integer >= 2/);
    await expect(calibratedPpc(f, "mean", { calibration: { replicates: 3, nitt: 100, burnin: 100 } })).rejects.toThrow(/leave no draw/);
  });
});
