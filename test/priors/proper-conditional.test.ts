// A (co)variance whose full conditional IW(nu + levels, .) is improper is a PriorError before
// sampling (it was a RangeError from the Wishart sampler at the first iteration).
import { describe, expect, it } from "vitest";
import { PriorError } from "../../src/errors.js";
import { fit } from "../../src/fit.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import { resolvePrior } from "../../src/priors/prior.js";

const rows = Array.from({ length: 12 }, (_, i) => ({ y: Math.cos(i) * 2, x: i / 4, one: "s1", two: i % 2 ? "p" : "q" }));

describe("improper full conditionals", () => {
  it("us(1 + x) over a one-level factor with nu = 0 (the default prior) is a PriorError naming the term", async () => {
    const spec = { fixed: "y ~ 1", random: "~us(1 + x):one", prior: { R: { V: 1, nu: 0.002 } } };
    const m = buildModel(spec, frameFromRows(rows));
    expect(() => resolvePrior(m, spec.prior)).toThrow(PriorError);
    expect(() => resolvePrior(m, spec.prior)).toThrow(/G.G1: us\(1 \+ x\):one has 1 level of "one" and nu = 0.*needs nu \+ levels > 1.*nu >= 2/);
    await expect(fit(spec, rows, { nitt: 20, burnin: 5, thin: 1, chains: 1, threads: 1 })).rejects.toThrow(PriorError);
  });

  it("a proper prior, or enough levels, is accepted", () => {
    const m = buildModel({ fixed: "y ~ 1", random: "~us(1 + x):one" }, frameFromRows(rows));
    expect(() => resolvePrior(m, { R: { V: 1, nu: 0.002 }, G: { G1: { V: [[1, 0], [0, 1]], nu: 2 } } })).not.toThrow();
    const m2 = buildModel({ fixed: "y ~ 1", random: "~us(1 + x):two" }, frameFromRows(rows));
    expect(() => resolvePrior(m2, { R: { V: 1, nu: 0.002 } })).not.toThrow();
  });
});
