// logFactorial's table gives lgamma(k + 1)'s own bits (so log-likelihoods and DIC are unchanged),
// filled in any order, and non-integer or large arguments fall through to lgamma.

import { describe, expect, it } from "vitest";
import { lgamma } from "../../src/diagnostics/beta.js";
import { logFactorial } from "../../src/models/families/log-factorial.js";

describe("logFactorial", () => {
  it("is lgamma(k + 1) bit for bit", () => {
    for (const k of [5000, 4095, 4096, 17, 0, 1, 2, 3, 170, 2.5, 0.25, 1e6]) {
      expect(Object.is(logFactorial(k), lgamma(k + 1))).toBe(true);
      expect(Object.is(logFactorial(k), lgamma(k + 1))).toBe(true); // from the table the second time
    }
    for (let k = 0; k < 4096; k++) if (!Object.is(logFactorial(k), lgamma(k + 1))) throw new Error(`k = ${k}`);
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(3)).toBeCloseTo(Math.log(6), 14);
  });
});
