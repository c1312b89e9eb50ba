// The family contract, checked for every family in the registry: what a family simulates, its
// expected response, predictive CDF, log-likelihood, sampler log-likelihood and log predictive
// density must describe one and the same distribution. CASES is a Record over the registry's
// keys, so a family added without a case here does not compile.

import { describe, expect, it } from "vitest";
import { FAMILIES, familyOf, type FamilyKey } from "../../src/models/families/index.js";
import { frameFromRows } from "../../src/models/frame.js";
import { buildModel } from "../../src/models/model.js";
import type { FamilyName, Response } from "../../src/models/types.js";
import { createStream } from "../../src/random/index.js";

interface Case {
  readonly family: FamilyName;
  readonly lhs: string;
  readonly rows: Record<string, unknown>[];
  /** Latent values per trait at which the distribution is checked. */
  readonly l: number[];
  readonly cutpoints?: number[];
}

const CASES: Record<FamilyKey, Case> = {
  gaussian: { family: "gaussian", lhs: "y", rows: [{ y: 0.3 }, { y: -1.2 }], l: [0.4] },
  poisson: { family: "poisson", lhs: "y", rows: [{ y: 0 }, { y: 3 }, { y: 1 }], l: [0.6] },
  categorical: { family: "categorical", lhs: "y", rows: [{ y: "a" }, { y: "b" }, { y: "c" }], l: [0.3, -0.5] },
  multinomial: { family: "multinomial2", lhs: "cbind(s, f)", rows: [{ s: 2, f: 3 }, { s: 0, f: 5 }, { s: 5, f: 0 }], l: [0.2] },
  threshold: { family: "threshold", lhs: "y", rows: [{ y: 1 }, { y: 2 }, { y: 3 }], l: [0.7], cutpoints: [0, 1.1] },
  ordinal: { family: "ordinal", lhs: "y", rows: [{ y: 1 }, { y: 2 }, { y: 3 }], l: [0.7], cutpoints: [0, 1.1] },
  zipoisson: { family: "zipoisson", lhs: "y", rows: [{ y: 0 }, { y: 3 }, { y: 1 }], l: [0.6, -0.4] },
  hupoisson: { family: "hupoisson", lhs: "y", rows: [{ y: 0 }, { y: 3 }, { y: 1 }], l: [0.6, -0.4] },
  zapoisson: { family: "zapoisson", lhs: "y", rows: [{ y: 0 }, { y: 3 }, { y: 1 }], l: [0.6, -0.4] },
  zibinomial: { family: "zibinomial", lhs: "cbind(s, f)", rows: [{ s: 0, f: 5 }, { s: 2, f: 3 }, { s: 5, f: 0 }], l: [0.2, -0.3] },
  hubinomial: { family: "hubinomial", lhs: "cbind(s, f)", rows: [{ s: 0, f: 5 }, { s: 2, f: 3 }, { s: 5, f: 0 }], l: [0.2, -0.3] },
  cengaussian: { family: "cengaussian", lhs: "cbind(lo, hi)", rows: [{ lo: -Infinity, hi: 0.5 }, { lo: 1.2, hi: 1.2 }, { lo: 0.1, hi: 0.9 }, { lo: 1.5, hi: Infinity }], l: [0.7] },
  exponential: { family: "exponential", lhs: "y", rows: [{ y: 0.3 }, { y: 2.5 }], l: [0.4] },
  ztpoisson: { family: "ztpoisson", lhs: "y", rows: [{ y: 1 }, { y: 3 }, { y: 2 }], l: [0.3] },
  geometric: { family: "geometric", lhs: "y", rows: [{ y: 0 }, { y: 3 }, { y: 1 }], l: [-0.2] },
  cenpoisson: { family: "cenpoisson", lhs: "cbind(lo, hi)", rows: [{ lo: 0, hi: 0 }, { lo: 2, hi: 2 }, { lo: 1, hi: 3 }, { lo: 3, hi: Infinity }], l: [0.6] },
  cenexponential: { family: "cenexponential", lhs: "cbind(lo, hi)", rows: [{ lo: 0.5, hi: 0.5 }, { lo: 0.2, hi: 1.1 }, { lo: 2, hi: Infinity }], l: [0.1] },
  nzbinom: { family: "nzbinom", lhs: "cbind(y, n)", rows: [{ y: 0, n: 3 }, { y: 1, n: 3 }], l: [-0.8] },
  // draws are made at row 1's scale and df, so the rows share them (per-row values: scaled-t.test.ts)
  ncst: { family: "ncst", lhs: "cbind(y, s, df)", rows: [{ y: 0.4, s: 1.5, df: 4.5 }, { y: 2.9, s: 1.5, df: 4.5 }, { y: -1.7, s: 1.5, df: 4.5 }], l: [0.8] },
  msst: { family: "msst", lhs: "cbind(y, s, df)", rows: [{ y: 0.4, s: 1.5, df: 4.5 }, { y: 2.9, s: 1.5, df: 4.5 }, { y: -1.7, s: 1.5, df: 4.5 }], l: [0.8] },
  ztmb: { family: "ztmb3", lhs: "cbind(a, b, c)", rows: [{ a: 1, b: 0, c: 0 }, { a: 0, b: 1, c: 1 }, { a: 1, b: 1, c: 1 }], l: [-0.4, 0.3, -1.1] },
  ztmultinomial: { family: "ztmultinomial3", lhs: "cbind(a, b, c)", rows: [{ a: 2, b: 1, c: 3 }, { a: 1, b: 4, c: 1 }, { a: 3, b: 2, c: 1 }], l: [0.3, -0.5] },
};

const DRAWS = 20000;
const TINY = 1e-10;
/** Half-width of the window whose frequency checks a continuous density (midpoint rule error ~1e-5). */
const HALF_WINDOW = 0.01;

function responseOf(c: Case): Response {
  const rows = c.rows.map((r, i) => ({ ...r, x: i }));
  const model = buildModel({ fixed: `${c.lhs} ~ 1`, family: c.family, rcov: "~idh(trait):units" }, frameFromRows(rows));
  return model.responses[0];
}

describe.each(Object.keys(FAMILIES) as FamilyKey[])("family contract: %s", (key) => {
  const c = CASES[key];
  const r = responseOf(c);
  const family = familyOf(r);
  const K = r.nTraits;
  const l = Float64Array.from(c.l);
  const cp = Float64Array.from(c.cutpoints ?? []);
  const cov = new Float64Array(K * K);
  for (let j = 0; j < K; j++) cov[j * K + j] = TINY;
  const trials = r.trials?.[0] ?? 1;

  // one set of draws at l, shared by the checks
  const rng = createStream(11, 0);
  const counts = family.hasCountColumns(r) ? new Float64Array(r.counts?.length ?? K + 1) : null;
  // families with count columns write each draw's columns into `counts`: keep a copy per draw
  const drawnCounts: (Float64Array | null)[] = [];
  const draws = Array.from({ length: DRAWS }, () => {
    const y = family.drawObservation(r, l, cp, trials, rng, counts, 0);
    drawnCounts.push(counts && Float64Array.from(counts));
    return y;
  });
  const perTrait = (j: number) => draws.map((y, s) => family.observationPerTrait(r, y, j, drawnCounts[s]));

  it("the mean of simulated observations is the expected response", () => {
    const expected = new Float64Array(K);
    family.expectedResponse(r, l, cov, cp, trials, expected, 0);
    for (let j = 0; j < K; j++) {
      const x = perTrait(j);
      const mean = x.reduce((s, v) => s + v, 0) / DRAWS;
      const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / (DRAWS - 1));
      expect(Math.abs(mean - expected[j])).toBeLessThanOrEqual(5 * (sd / Math.sqrt(DRAWS)) + 1e-6);
    }
  });

  if (family.likelihood === "latent" && !family.hasCountColumns(r)) it("the frequency of each observed value (interval, or window around a continuous value) is its probability", () => {
    for (let u = 0; u < r.y.length; u++) {
      // censored families: the frequency of the observed interval (a point when lower = upper)
      let [lo, hi] = family.observationInterval?.(r, u, cp) ?? [r.y[u], r.y[u]];
      let p = Math.exp(family.logLikelihood(r, u, l, cp));
      // an exact continuous value: its density times a small window's width
      if (family.continuous && lo === hi) {
        [lo, hi] = [lo - HALF_WINDOW, hi + HALF_WINDOW];
        p *= 2 * HALF_WINDOW;
      }
      const freq = draws.filter((y) => y >= lo && y <= hi).length / DRAWS;
      expect(Math.abs(freq - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / DRAWS) + 1e-9);
    }
  });

  if (K === 1 && !family.continuous) it("the predictive CDF at a point latent value is the simulated CDF", () => {
    for (const y of [...new Set(Array.from(r.y))]) {
      const F = family.predictiveCdf!(r, y, l[0], TINY, cp, trials, 0);
      const freq = draws.filter((v) => v <= y).length / DRAWS;
      expect(Math.abs(freq - F)).toBeLessThanOrEqual(5 * Math.sqrt((F * (1 - F)) / DRAWS) + 1e-6);
    }
  });

  if (family.jointPredictiveCdf) it("the joint predictive CDF at a point latent value is the simulated CDF", () => {
    for (const y of [...new Set(Array.from(r.y))]) {
      const F = family.jointPredictiveCdf!(r, y, l, cov, cp, trials);
      const freq = draws.filter((v) => v <= y).length / DRAWS;
      expect(Math.abs(freq - F)).toBeLessThanOrEqual(5 * Math.sqrt((F * (1 - F)) / DRAWS) + 1e-6);
    }
  });

  if (family.likelihood === "latent") it("the log predictive density at a point latent value is the log-likelihood", () => {
    for (let u = 0; u < r.y.length; u++) {
      expect(family.logPredictiveDensity(r, u, l, cov, cp)).toBeCloseTo(family.logLikelihood(r, u, l, cp), 4);
    }
  });

  if (family.likelihood === "latent") it("the sampler's log-likelihood differs from the full one by a constant in l", () => {
    const ll = family.samplerLogLikelihood(r);
    const l2 = l.map((v, j) => v + 0.37 * (j + 1));
    for (let u = 0; u < r.y.length; u++) {
      const full = family.logLikelihood(r, u, l2, cp) - family.logLikelihood(r, u, l, cp);
      expect(ll(u, l2, cp) - ll(u, l, cp)).toBeCloseTo(full, 10);
    }
  });

  if (family.traitDerivatives) it("the analytic trait derivatives are those of the sampler's log-likelihood", () => {
    const ll = family.samplerLogLikelihood(r);
    const d = family.traitDerivatives!(r);
    const out = new Float64Array(2);
    const h = 1e-4;
    for (let u = 0; u < r.y.length; u++) {
      for (let j = 0; j < K; j++) {
        const x = Float64Array.from(l);
        const t = l[j] + 0.3;
        if (!d(u, j, x, t, out)) continue;
        const at = (v: number) => {
          const z = Float64Array.from(x);
          z[j] = v;
          return ll(u, z, cp);
        };
        expect(out[0]).toBeCloseTo((at(t + h) - at(t - h)) / (2 * h), 5);
        expect(out[1]).toBeCloseTo((at(t + h) - 2 * at(t) + at(t - h)) / (h * h), 3);
      }
    }
  });

  it("starting latent values are finite for every observation", () => {
    for (let u = 0; u < r.y.length; u++) for (let j = 0; j < K; j++) expect(Number.isFinite(family.linkStart(r, r.y[u], j, u))).toBe(true);
  });
});
