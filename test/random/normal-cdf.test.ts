import { describe, expect, it } from "vitest";
import { logNormalCdf, logNormalUpperTail, millsRatio, normalCdf, normalUpperTail } from "../../src/random/index.js";

// Reference upper-tail probabilities Q(x) = P(Z > x) (Abramowitz & Stegun 26.2; tables to 18+ digits).
const Q_REFERENCE: [number, number][] = [
  [0, 0.5],
  [1, 0.158655253931457051],
  [2, 0.0227501319481792072],
  [3, 0.00134989803163009452],
  [4, 3.16712418331199212e-5],
  [5, 2.86651571879193912e-7],
  [6, 9.86587645037698e-10],
  [8, 6.22096057427178e-16],
  [10, 7.61985302416047e-24],
];

/** Laplace's continued fraction for Mills' ratio, evaluated backwards with many terms. */
function millsCf(x: number, terms = 5000): number {
  let t = x;
  for (let n = terms; n >= 1; n--) t = x + n / t;
  return 1 / t;
}

describe("normal CDF", () => {
  it("matches tabulated upper-tail probabilities to ~1e-14 relative", () => {
    for (const [x, q] of Q_REFERENCE) {
      expect(Math.abs(normalUpperTail(x) - q) / q, `Q(${x})`).toBeLessThan(1e-14);
      expect(Math.abs(normalCdf(-x) - q) / q, `Phi(-${x})`).toBeLessThan(1e-14);
      expect(Math.abs(logNormalUpperTail(x) - Math.log(q)), `log Q(${x})`).toBeLessThan(1e-14 * Math.max(1, -Math.log(q)));
    }
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 15);
  });

  it("Mills' ratio agrees with the continued fraction over [0.8, 60]", () => {
    let worst = 0;
    for (let x = 0.8; x < 60; x += 0.0173) {
      const r = millsCf(x);
      worst = Math.max(worst, Math.abs(millsRatio(x) - r) / r);
    }
    expect(worst).toBeLessThan(5e-15);
    expect(millsRatio(0)).toBeCloseTo(Math.sqrt(Math.PI / 2), 15);
  });

  it("has log tails that stay finite far out and are consistent", () => {
    // log Q(x) = -x^2/2 - log(x sqrt(2 pi)) + log(1 - u + 3u^2 - ...), u = 1/x^2.
    for (const x of [40, 100, 1e4]) {
      const u = 1 / (x * x);
      const asym = -0.5 * x * x - Math.log(x * Math.sqrt(2 * Math.PI)) - u + 2.5 * u * u;
      expect(Math.abs(logNormalUpperTail(x) - asym) / Math.abs(asym)).toBeLessThan(1e-10);
      expect(logNormalCdf(-x)).toBe(logNormalUpperTail(x));
    }
    expect(logNormalCdf(3)).toBeCloseTo(Math.log1p(-0.00134989803163009452), 15);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
  });
});
