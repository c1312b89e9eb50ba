// Every mistake is a typed error naming what is wrong, raised while building the model.
import { describe, expect, it } from "vitest";
import { DataError, ModelSpecError } from "../../src/errors.js";
import { frameFromCsv, frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import type { ModelSpec } from "../../src/models/types.js";

const rows = Array.from({ length: 12 }, (_, i) => ({
  y: i * 0.7 - 2,
  count: i % 4,
  x: i / 3,
  g: ["a", "b", "c"][i % 3],
  h: i < 6 ? "p" : "q",
  one: "only",
  three: ["lo", "mid", "hi"][i % 3],
}));
const data = frameFromRows(rows);
const build = (spec: ModelSpec, d = data) => () => buildModel(spec, d);

describe("errors", () => {
  it("unknown column, named", () => {
    expect(build({ fixed: "y ~ x + nope" })).toThrow(DataError);
    expect(build({ fixed: "y ~ x + nope" })).toThrow(/column "nope".*not in the data/);
    expect(build({ fixed: "y ~ x", random: "~us(1):grp" })).toThrow(/"grp"/);
  });

  it("misspelt variance function, named with a suggestion", () => {
    expect(build({ fixed: "y ~ x", random: "~uss(1):g" })).toThrow(ModelSpecError);
    expect(build({ fixed: "y ~ x", random: "~uss(trait):g" })).toThrow(/unknown variance function 'uss'.*did you mean 'us'/);
  });

  it("unbalanced parenthesis, with its position", () => {
    expect(build({ fixed: "y ~ (x + g" })).toThrow(/unbalanced parenthesis.*character 5/);
    expect(build({ fixed: "y ~ x", random: "~us(1:g" })).toThrow(/character 4 of random formula/);
  });

  it("non-numeric response where numeric is required", () => {
    expect(build({ fixed: "g ~ x", family: "gaussian" })).toThrow(DataError);
    expect(build({ fixed: "g ~ x", family: "gaussian" })).toThrow(/response "g" must be numeric/);
    expect(build({ fixed: "y ~ x", family: "poisson" })).toThrow(/response "y" row 1 is -2: poisson counts must be whole numbers >= 0/);
  });

  it("a factor with one level in the fixed effects", () => {
    expect(build({ fixed: "y ~ x + one" })).toThrow(/factor "one".*only one level/);
  });

  it("missing values in a predictor, naming the column", () => {
    const d = frameFromRows(rows.map((r, i) => ({ ...r, x: i === 3 ? null : r.x })));
    expect(build({ fixed: "y ~ x" }, d)).toThrow(DataError);
    expect(build({ fixed: "y ~ x" }, d)).toThrow(/"x" \(in fixed formula "y ~ x"\) has missing values/);
  });

  it("an empty data file", () => {
    expect(() => frameFromCsv("")).toThrow(DataError);
    expect(() => frameFromCsv("\n\n")).toThrow(/empty/);
  });

  it("a binary residual for a three-category response, naming the column", () => {
    expect(build({ fixed: "three ~ 1", family: "categorical", rcov: "~units" })).toThrow(/response "three" has 3 categories/);
    expect(build({ fixed: "three ~ trait - 1", family: "categorical", rcov: "~us(trait):units" })).not.toThrow();
  });

  it("negative failures in cbind(s, n - s)", () => {
    const d = frameFromRows(rows.map((r, i) => ({ s: i, n: i === 5 ? 2 : 10, x: r.x })));
    expect(build({ fixed: "cbind(s, n - s) ~ x", family: "multinomial2" }, d)).toThrow(/"n - s" row 6 is -3: multinomial2 failures/);
  });

  it("an ordinal response with an empty category", () => {
    const d = frameFromCsv("r,x\nlo,1\nhi,2\nlo,3\n", { r: { ordered: ["lo", "mid", "hi"] } });
    expect(build({ fixed: "r ~ x", family: "ordinal" }, d)).toThrow(/no observations in category "mid"/);
  });

  it("unknown families and mismatched response widths", () => {
    expect(build({ fixed: "y ~ x", family: "binomial" as never })).toThrow(/unknown family "binomial"/);
    // listed by MCMCglmm 2.36 but stopped by its own code: named as such, not as an unknown name
    expect(build({ fixed: "y ~ x", family: "zitobit" as never })).toThrow(/"zitobit" is listed by MCMCglmm 2.36 but not implemented there/);
    expect(build({ fixed: "y ~ x", family: "notyet_weibull" as never })).toThrow(/not implemented there/);
    expect(build({ fixed: "cbind(y, x) ~ 1", family: ["gaussian"] })).toThrow(ModelSpecError);
    expect(build({ fixed: "cbind(y, x) ~ trait", rcov: "~units", family: ["gaussian", "gaussian"] })).toThrow(/2 traits/);
  });

  it("reserved column names", () => {
    const d = frameFromRows(rows.map((r) => ({ y: r.y, units: r.g })));
    expect(build({ fixed: "y ~ 1" }, d)).toThrow(/"units" is a reserved name/);
  });
});
