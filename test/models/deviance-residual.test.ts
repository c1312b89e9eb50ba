// DIC's log-likelihood with a residual variance per group (idh(g):units): each unit's Gaussian
// density uses its own group's variance, read from the residual state (one 3 x 3 diagonal matrix).

import { describe, expect, it } from "vitest";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import { createDevianceWorkspace, logLikelihood } from "../../src/models/deviance.js";

describe("deviance with heterogeneous residual variances", () => {
  it("uses each unit's own residual variance", () => {
    const rows = [
      { g: "b", y: 0.3 }, { g: "a", y: -1.2 }, { g: "c", y: 2.5 }, { g: "a", y: 0.4 }, { g: "b", y: 1.1 },
    ];
    const model = buildModel({ fixed: "y ~ 1", rcov: "~idh(g):units" }, frameFromRows(rows));
    const variance: Record<string, number> = { a: 0.5, b: 2, c: 7 };
    const R = new Float64Array(9);
    R[0] = variance.a; R[4] = variance.b; R[8] = variance.c;
    const eta = Float64Array.from(rows, (_, i) => 0.1 * i);
    const latent = Float64Array.from(rows, (r) => r.y);
    const expected = rows.reduce((s, r, i) => s - 0.5 * Math.log(2 * Math.PI * variance[r.g]) - (r.y - eta[i]) ** 2 / (2 * variance[r.g]), 0);
    const ours = logLikelihood(model, { latent, eta, R, cutpoints: [new Float64Array(0)] }, createDevianceWorkspace(model));
    expect(ours).toBeCloseTo(expected, 12);
  });
});
