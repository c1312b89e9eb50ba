// The hurdle Poisson's cached shift likelihood (moves/hurdle-shift-likelihood.ts) against the
// family's own log-likelihood: for random latent values and shifts of either trait, one trait or
// none, over M11's units (zeros and counts), the running sum equals sum_u log p(y_u | l_u + d_u)
// - log p(y_u | l_u) to rounding, and commits make the shifted values current.

import { describe, expect, it } from "vitest";
import { buildModel } from "../../src/models/model.js";
import { familyOf } from "../../src/models/families/registry.js";
import { allocateState } from "../../src/samplers/run/state.js";
import { shiftLikelihood } from "../../src/samplers/kernels/moves/joint-likelihood.js";
import { createStream } from "../../src/random/index.js";
import { loadReference } from "../helpers/reference.js";

describe("hurdle Poisson shift likelihood", () => {
  const ref = loadReference("M11_Salamanders_hurdle");
  const model = buildModel(ref.spec, ref.data);
  const r = model.responses[0];
  const n = model.nUnits;
  const logLik = familyOf(r).samplerLogLikelihood(r);
  const x = new Float64Array(2);
  const total = (l: Float64Array): number => {
    let s = 0;
    for (let u = 0; u < n; u++) {
      if (Number.isNaN(r.y[u])) continue;
      x[0] = l[u];
      x[1] = l[n + u];
      s += logLik(u, x, new Float64Array(0));
    }
    return s;
  };

  it("is the fast path, and equals the change of the family's log-likelihood", () => {
    expect(familyOf(r).jointShift).toBe("hurdle-poisson");
    const rng = createStream(11, 0);
    const state = allocateState(model);
    // latent values from far below to far above the data's range, some extreme
    for (let i = 0; i < 2 * n; i++) state.latent[i] = 3 * rng.normal() + (i % 97 === 0 ? (i % 2 === 0 ? -300 : 60) : 0);
    const lik = shiftLikelihood(model, model.responses);
    lik.refresh(state);
    const shift = new Float64Array(2 * n);
    for (const which of ["both", "count", "zero", "none"] as const) {
      for (let rep = 0; rep < 3; rep++) {
        for (let u = 0; u < n; u++) {
          shift[u] = which === "both" || which === "count" ? 0.7 * rng.normal() : 0;
          shift[n + u] = which === "both" || which === "zero" ? 0.7 * rng.normal() : 0;
        }
        const before = total(state.latent);
        for (let u = 0; u < n; u++) lik.addUnit(state, u, shift);
        const change = lik.take();
        const shifted = state.latent.map((v, i) => v + shift[i]);
        const expected = total(shifted) - before;
        expect(Math.abs(change - expected)).toBeLessThan(1e-9 * (1 + Math.abs(before)));
        if (which === "none") expect(change).toBe(0);
        // accept every other proposal: the cache must follow
        if (rep % 2 === 0) {
          state.latent.set(shifted);
          for (let u = 0; u < n; u++) lik.commit(u);
        }
      }
    }
  });
});
