// MCMCglmm holds an idh(trait):units residual of a response with several latent traits as us
// with a reformed prior (R/MCMCglmm.R, diagR = 2: nu + k + 1) and draws a free variance from the
// Korsgaard conditional keeping its regression term after zeroing the covariances: in effect nu + 2
// degrees of freedom for the free variances whatever k and the fixed block, with the same nu V;
// the fixed block stays at V. M11 (hurdle Poisson) agrees with MCMCglmm only with it
// (traitcount.units 0.464 with nu, 0.433 with nu + 3 (z about 5 in a long run), 0.4418 with
// nu + 2, reference 0.4414).

import { describe, expect, it } from "vitest";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import { resolvePrior } from "../../src/priors/prior.js";

const rows = [{ y: 0 }, { y: 2 }, { y: 5 }, { y: 0 }];
const R = { V: [[1, 0], [0, 1]], nu: 0.002, fix: 2 };

describe("residual prior of multi-trait responses under idh(trait):units", () => {
  it("is reformed as MCMCglmm's us: nu + 2 for one free trait of two, nu V kept, fixed V kept", () => {
    const spec = { fixed: "y ~ trait - 1", rcov: "~idh(trait):units", family: "hupoisson" as const, prior: { R } };
    const prior = resolvePrior(buildModel(spec, frameFromRows(rows)), spec.prior);
    expect(prior.R[0].nu).toBeCloseTo(2.002, 12);
    expect(prior.R[0].nu * prior.R[0].V[0]).toBeCloseTo(0.002, 12);
    expect(prior.R[0].V[3]).toBe(1);
  });

  it("gives nu + 2 with three traits and one free (categorical, 4 levels, fix = 2)", () => {
    const cat = [{ y: "a" }, { y: "b" }, { y: "c" }, { y: "d" }, { y: "a" }];
    const R3 = { V: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], nu: 0.002, fix: 2 };
    const spec = { fixed: "y ~ trait - 1", rcov: "~idh(trait):units", family: "categorical" as const, prior: { R: R3 } };
    const prior = resolvePrior(buildModel(spec, frameFromRows(cat)), spec.prior);
    expect(prior.R[0].nu).toBeCloseTo(2.002, 12);
    expect(prior.R[0].nu * prior.R[0].V[0]).toBeCloseTo(0.002, 12);
  });

  it("is left alone for us(trait):units and for one-trait responses", () => {
    const us = { fixed: "y ~ trait - 1", rcov: "~us(trait):units", family: "hupoisson" as const, prior: { R } };
    expect(resolvePrior(buildModel(us, frameFromRows(rows)), us.prior).R[0].nu).toBe(0.002);
    const one = { fixed: "y ~ 1", rcov: "~units", family: "poisson" as const, prior: { R: { V: 1, nu: 0.002 } } };
    expect(resolvePrior(buildModel(one, frameFromRows(rows)), one.prior).R[0].nu).toBe(0.002);
  });

  it("warns, naming it, when the residual is written trait:units (MCMCglmm's reform of that prior is not reproduced)", () => {
    const spec = { fixed: "y ~ trait - 1", rcov: "~trait:units", family: "hupoisson" as const, prior: { R: { V: 1, nu: 0.002 } } };
    const warnings = resolvePrior(buildModel(spec, frameFromRows(rows)), spec.prior).warnings;
    expect(warnings.some((w) => w.includes('rcov "~trait:units"') && w.includes("idh(trait):units"))).toBe(true);
    const idh = { fixed: "y ~ trait - 1", rcov: "~idh(trait):units", family: "hupoisson" as const, prior: { R } };
    expect(resolvePrior(buildModel(idh, frameFromRows(rows)), idh.prior).warnings.some((w) => w.includes("trait:units"))).toBe(false);
  });
});
