// A posterior check of msst against an independent model: with df huge the t is a normal, so
// y = l + s t_df with l = X b + e (e ~ N(0, V_units)) is MCMCglmm's meta-analytic Gaussian model
// with known sampling variances s^2 (family gaussian with mev = s^2), a different sampler (no
// latent Metropolis-Hastings: the sampling errors are random effects in the location block).
// Means and 2.5% / 97.5% quantiles of both posteriors agree within 4 sqrt(mcse_1^2 + mcse_2^2).

import { describe, expect, it } from "vitest";
import { mcseMean, mcseQuantile, quantile7, sortedPool } from "../../src/diagnostics/index.js";
import { fit } from "../../src/fit.js";
import { frameFromRows } from "../../src/models/frame.js";
import { createStream } from "../../src/random/index.js";

const rng = createStream(21, 0);
const rows = Array.from({ length: 80 }, (_, i) => {
  const x = rng.normal();
  const s = 0.4 + 0.3 * (i % 4);
  return { y: 1 + 0.5 * x + 0.7 * rng.normal() + s * rng.normal(), s, df: 1e6, v: s * s, x };
});
const settings = { nitt: 11000, burnin: 1000, thin: 5, chains: 1, threads: 1 };
const prior = { R: { V: 0.5, nu: 3 } };

describe("msst with huge df is the Gaussian model with known sampling variances", () => {
  it("gives the same posterior for the fixed effects and the residual variance", async () => {
    const t = await fit({ fixed: "cbind(y, s, df) ~ x", family: "msst", rcov: "~units", prior }, frameFromRows(rows), { ...settings, seed: 3 });
    const g = await fit({ fixed: "y ~ x", family: "gaussian", rcov: "~units", mev: "v", prior }, frameFromRows(rows), { ...settings, seed: 4 });
    for (const name of ["(Intercept)", "x", "units"]) {
      const a = t.draws[name], b = g.draws[name];
      const mean = (c: readonly Float64Array[]) => c[0].reduce((s, v) => s + v, 0) / c[0].length;
      expect(Math.abs(mean(a) - mean(b)), `${name} mean`).toBeLessThanOrEqual(4 * Math.hypot(mcseMean(a), mcseMean(b)));
      for (const p of [0.025, 0.975]) {
        const qa = quantile7(sortedPool(a), p), qb = quantile7(sortedPool(b), p);
        expect(Math.abs(qa - qb), `${name} ${p}`).toBeLessThanOrEqual(4 * Math.hypot(mcseQuantile(a, p), mcseQuantile(b, p)));
      }
    }
  }, 60_000);
});
