// Bad input for the families added on the family interface: typed DataErrors naming the column
// and the first offending row.

import { describe, expect, it } from "vitest";
import { DataError } from "../../src/errors.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import type { FamilyName } from "../../src/models/types.js";

function build(family: FamilyName, lhs: string, rows: Record<string, unknown>[]) {
  const fixed = `${lhs} ~ 1`;
  const rcov = family.startsWith("zi") || family.startsWith("hu") || family.startsWith("za") ? "~idh(trait):units" : "~units";
  return () => buildModel({ fixed, family, rcov }, frameFromRows(rows.map((r, i) => ({ ...r, x: i }))));
}

function expectDataError(f: () => unknown, ...parts: string[]) {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DataError);
  for (const p of parts) expect((error as Error).message).toContain(p);
}

describe("family input errors", () => {
  it("zeros in a zero-truncated response", () => {
    expectDataError(build("ztpoisson", "y", [{ y: 2 }, { y: 1 }, { y: 0 }]), '"y"', "row 3", "zero-truncated");
  });

  it("lower above upper in a censored response", () => {
    expectDataError(build("cengaussian", "cbind(lo, hi)", [{ lo: 0, hi: 1 }, { lo: 2, hi: 1 }]), "row 2", '"lo"', '"hi"');
  });

  it("one missing end in a censored response", () => {
    expectDataError(build("cengaussian", "cbind(lo, hi)", [{ lo: 0, hi: null }]), "row 1", "missing");
  });

  it("negative exponential times, plain and censored", () => {
    expectDataError(build("exponential", "t", [{ t: 1 }, { t: -0.5 }]), '"t"', "row 2", ">= 0");
    expectDataError(build("cenexponential", "cbind(lo, hi)", [{ lo: -1, hi: 2 }]), '"lo"', "row 1");
  });

  it("non-integer and negative counts", () => {
    expectDataError(build("hupoisson", "y", [{ y: 1 }, { y: 2.5 }]), '"y"', "row 2", "whole numbers");
    expectDataError(build("zipoisson", "y", [{ y: -1 }]), '"y"', "row 1");
    expectDataError(build("cenpoisson", "cbind(lo, hi)", [{ lo: 1, hi: 2 }, { lo: 1.5, hi: 3 }]), '"lo"', "row 2");
    expectDataError(build("geometric", "y", [{ y: 0 }, { y: 0.2 }]), '"y"', "row 2");
    expectDataError(build("zibinomial", "cbind(s, f)", [{ s: 1, f: 2 }, { s: 1, f: 1.5 }]), '"f"', "row 2");
  });

  it("nzbinom: a 0/1 column and positive trial numbers", () => {
    expectDataError(build("nzbinom", "cbind(y, n)", [{ y: 1, n: 3 }, { y: 2, n: 3 }]), '"y"', "row 2", "0 or 1");
    expectDataError(build("nzbinom", "cbind(y, n)", [{ y: 1, n: 0 }]), '"n"', "row 1");
  });

  it("two-part families name their traits as MCMCglmm does", () => {
    const model = build("hupoisson", "count", [{ count: 0 }, { count: 3 }])();
    expect(model.traitNames).toEqual(["count", "hu_count"]);
    const zib = buildModel({ fixed: "cbind(s, f) ~ trait - 1", family: "zibinomial", rcov: "~idh(trait):units" }, frameFromRows([{ s: 0, f: 4 }, { s: 2, f: 2 }]));
    expect(zib.fixedNames).toEqual(["traits", "traitzi_s"]);
  });
});
