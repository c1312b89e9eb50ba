// M4_grouseticks (Poisson, BROOD and LOCATION random intercepts, `units` overdispersion): the
// proportion-of-zeros posterior predictive check.
//
// Without the units overdispersion (rcov variance fixed at 1e-4) BROOD, with about 3.4 chicks
// per brood, absorbs most of the extra-Poisson variation. The plain posterior predictive p-value
// uses the data twice and is conservative: given the fitted random effects it falls to about
// 0.07 (runs of 20,000 iterations), against about 0.35 for the full model, but does not reach
// 0.05. Calibrated (posterior/calibrated-ppc.ts: refits to data the model generates), the zeros
// are flagged for the model without units and not for the full model.

import { beforeAll, describe, expect, it } from "vitest";
import { fit, type Fit } from "../../src/fit.js";
import type { ModelSpec } from "../../src/models/types.js";
import { calibratedPpc } from "../../src/posterior/calibrated-ppc.js";
import { ppc, type PpcCheck } from "../../src/posterior/ppc.js";
import { loadReference, type Reference } from "../helpers/reference.js";

const settings = { nitt: 8000, burnin: 1000, thin: 7, chains: 2, threads: 2, seed: 2, pr: true };
const calibration = { replicates: 40, nitt: 3000, burnin: 500, thin: 5, threads: 2 };

function zeros(f: Fit, marginal: null | undefined): PpcCheck {
  return ppc(f, "prop_zero", { nsim: 1000, seed: 9, marginal }).checks[0];
}

describe("M4_grouseticks: the proportion of zeros", () => {
  let ref: Reference;
  let full: Fit, noUnits: Fit;

  beforeAll(async () => {
    ref = loadReference("M4_grouseticks");
    const tiny: ModelSpec["prior"] = { ...ref.spec.prior, R: { V: 1e-4, fix: 1 } };
    full = await fit(ref.spec, ref.data, settings);
    noUnits = await fit({ ...ref.spec, prior: tiny }, ref.data, settings);
  });

  it("the full model is not flagged, marginally or given the fitted random effects", () => {
    for (const marginal of [undefined, null]) {
      const c = zeros(full, marginal);
      expect(c.statistic).toBe("prop_zero");
      expect(c.observed).toBeCloseTo(126 / 403, 10);
      expect(c.flagged).toBe(false);
      expect(c.pValue).toBeGreaterThan(0.1);
      expect(c.verdict).toMatch(/p = 0\.\d{3}/);
    }
  });

  it("without units the plain p-value falls but stays above 0.05 (it is conservative)", () => {
    const pFull = zeros(full, null).pValue;
    const pNoUnits = zeros(noUnits, null).pValue;
    expect(pNoUnits).toBeLessThan(pFull);
    expect(pNoUnits).toBeGreaterThan(0.03);
  });

  it("calibrated, the check flags the model without units (p < 0.05) and not the full model", async () => {
    const options = { nsim: 400, seed: 9, marginal: null, calibration };
    const [a, b] = [await calibratedPpc(noUnits, "prop_zero", options), await calibratedPpc(full, "prop_zero", options)];
    const without = a.checks[0], withUnits = b.checks[0];
    expect(a.replicates).toBe(40);
    expect(without.replicatePValues.length).toBe(40);
    expect(without.calibratedPValue).toBeLessThan(0.05);
    expect(without.flagged).toBe(true);
    expect(without.verdict).toMatch(/calibrated p = 0\.0\d\d \(40 refits\): FLAGGED, the observed value is larger/);
    expect(withUnits.calibratedPValue).toBeGreaterThan(0.05);
    expect(withUnits.calibratedPValue).toBeLessThan(0.95);
    expect(withUnits.flagged).toBe(false);
  });
});
