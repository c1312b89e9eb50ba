// M4_grouseticks (Poisson, BROOD and LOCATION random intercepts, `units` overdispersion): the
// proportion-of-zeros posterior predictive check.
//
// Without the units overdispersion (rcov variance fixed at 1e-4) BROOD, with about 3.4 chicks
// per brood, absorbs most of the extra-Poisson variation. The plain posterior predictive p-value
// uses the data twice and is conservative: given the fitted random effects it falls to about
// 0.07 (runs of 20,000 iterations), against about 0.35 for the full model, and is not flagged. Calibrated (posterior/calibrated-ppc.ts: refits to data the model generates), the zeros
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

  it("the plain p-value is the share of replicated statistics above the observed one (ties half), and falls without units", () => {
    for (const f of [full, noUnits]) {
      const c = zeros(f, null);
      let above = 0;
      for (const t of c.replicated) above += t > c.observed ? 1 : t === c.observed ? 0.5 : 0;
      expect(c.pValue).toBe(above / c.replicated.length);
    }
    expect(zeros(noUnits, null).pValue).toBeLessThan(zeros(full, null).pValue);
  });

  it("calibrated, the check flags the model without units (p < 0.05) and not the full model", async () => {
    const options = { nsim: 400, seed: 9, marginal: null, calibration };
    const [a, b] = [await calibratedPpc(noUnits, "prop_zero", options), await calibratedPpc(full, "prop_zero", options)];
    const without = a.checks[0], withUnits = b.checks[0];
    expect(a.replicates).toBe(40);
    expect(without.replicatePValues.length).toBe(40);
    expect(without.calibratedPValue).toBeLessThan(0.05);
    // calibration undoes the plain p-value's conservativeness: it moves away from 1/2
    expect(without.calibratedPValue).toBeLessThan(without.pValue);
    // the calibrated p is where the observed p falls among the refits' p-values (ties half)
    for (const c of [without, withUnits]) {
      let below = 0;
      for (const q of c.replicatePValues) below += q < c.pValue ? 1 : q === c.pValue ? 0.5 : 0;
      expect(c.calibratedPValue).toBeCloseTo(below / c.replicatePValues.length, 12);
    }
    expect(without.flagged).toBe(true);
    expect(without.verdict).toMatch(/calibrated p = 0\.0\d\d \(40 refits\): FLAGGED, the observed value is larger/);
    expect(withUnits.calibratedPValue).toBeGreaterThan(0.05);
    expect(withUnits.calibratedPValue).toBeLessThan(0.95);
    expect(withUnits.flagged).toBe(false);
  });
});
