// predict with levels the fit never saw says which levels were new and how they were handled.
import { beforeAll, describe, expect, it } from "vitest";
import { fit, type Fit } from "../../src/fit.js";
import { predict } from "../../src/posterior/predict.js";

const rows = Array.from({ length: 48 }, (_, i) => ({ y: Math.sin(i) + (i % 4) * 0.3, x: i / 12, site: ["s1", "s2", "s3", "s4"][i % 4] }));
let result: Fit;

beforeAll(async () => {
  const spec = { fixed: "y ~ x", random: "~site", prior: { R: { V: 1, nu: 0.002 }, G: { G1: { V: 1, nu: 1 } } } };
  result = await fit(spec, rows, { nitt: 300, burnin: 100, thin: 2, chains: 1, seed: 7, threads: 1, pr: true });
});

describe("predict with new levels", () => {
  const newdata = [{ x: 0.5, site: "s2" }, { x: 1, site: "s9" }, { x: 2, site: "s10" }];

  it("names the new levels and says they were marginalised (marginal: the default)", () => {
    const p = predict(result, { newdata });
    expect(p.warnings).toEqual([expect.stringMatching(/random term "site" has levels never seen in fitting: "s9", "s10"; their effects are marginalised/)]);
  });

  it("says so when the term is conditioned on, too", () => {
    const p = predict(result, { newdata, marginal: null });
    expect(p.warnings).toEqual([expect.stringMatching(/"s9", "s10"; they have no fitted effect, so they are marginalised: each posterior draw gives them an effect drawn from N\(0, G\)/)]);
  });

  it("says nothing for seen levels or the training data", () => {
    expect(predict(result, { newdata: [{ x: 0.5, site: "s2" }] }).warnings).toEqual([]);
    expect(predict(result).warnings).toEqual([]);
  });
});
