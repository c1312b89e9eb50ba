// The latent updaters of the families added on the family interface leave p(y | l) N(l; m, S)
// invariant: for units with fixed conditional priors, the draws' moments match the exact
// posterior moments by quadrature (the family's own logLikelihood, itself checked against its
// simulation by the contract test), within 4.5 batch-means standard errors. One-trait families
// check mean and second moment; two-part families the means of both traits under a correlated S
// (zi and hu also with latent = "exact": the zero part by Polya-Gamma augmentation).

import { describe, expect, it } from "vitest";
import { familyOf } from "../../../src/models/families/index.js";
import { frameFromRows } from "../../../src/models/frame.js";
import { buildModel } from "../../../src/models/model.js";
import type { FamilyName, LatentKernelChoice, Response } from "../../../src/models/types.js";
import { createStream } from "../../../src/random/index.js";
import { latentUpdaterFor } from "../../../src/samplers/kernels/latent/index.js";
import { batchMeans, makeModel, makePrior, makeState, quadrature1d, quadrature2d, runUpdater } from "./harness.js";

interface Case {
  family: FamilyName;
  lhs: string;
  rows: Record<string, number>[];
  mean: number[][];
  cov: number[][][];
  choices: LatentKernelChoice[];
}

function responseOf(c: Case): Response {
  const twoPart = /^(zi|hu|za)/.test(c.family);
  const model = buildModel({ fixed: `${c.lhs} ~ 1`, family: c.family, rcov: twoPart ? "~idh(trait):units" : "~units" }, frameFromRows(c.rows));
  return model.responses[0];
}

const oneD: Case[] = [
  { family: "exponential", lhs: "t", rows: [{ t: 0.2 }, { t: 3 }, { t: 0 }], mean: [[0], [-1], [0.5]], cov: [[[1]], [[0.3]], [[2]]], choices: ["auto", "mh"] },
  { family: "ztpoisson", lhs: "y", rows: [{ y: 1 }, { y: 4 }, { y: 30 }], mean: [[0], [1], [2]], cov: [[[1]], [[0.5]], [[1]]], choices: ["auto", "mh"] },
  { family: "geometric", lhs: "y", rows: [{ y: 0 }, { y: 5 }, { y: 2 }], mean: [[0], [-1], [0.5]], cov: [[[1]], [[0.5]], [[2]]], choices: ["auto", "exact", "mh"] },
  { family: "cenpoisson", lhs: "cbind(lo, hi)", rows: [{ lo: 2, hi: 2 }, { lo: 1, hi: 3 }, { lo: 5, hi: Infinity }], mean: [[0.5], [0], [1]], cov: [[[1]], [[0.7]], [[1.5]]], choices: ["auto", "mh"] },
  { family: "cenexponential", lhs: "cbind(lo, hi)", rows: [{ lo: 0.5, hi: 0.5 }, { lo: 0.2, hi: 1 }, { lo: 2, hi: Infinity }], mean: [[0], [0.3], [-0.5]], cov: [[[1]], [[0.5]], [[1]]], choices: ["auto", "mh"] },
  { family: "nzbinom", lhs: "cbind(y, n)", rows: [{ y: 0, n: 3 }, { y: 1, n: 3 }, { y: 1, n: 10 }], mean: [[0], [-1], [-2]], cov: [[[1]], [[0.8]], [[1.5]]], choices: ["auto", "mh"] },
  { family: "cengaussian", lhs: "cbind(lo, hi)", rows: [{ lo: -Infinity, hi: 0.5 }, { lo: 0.2, hi: 0.9 }, { lo: 1.5, hi: Infinity }], mean: [[1], [0], [0.5]], cov: [[[1]], [[2]], [[0.5]]], choices: ["auto", "mh"] },
  // scaled t: per-row scale and df; row 3 puts y far from the prior mean (a t likelihood there: a skewed, two-humped posterior)
  { family: "ncst", lhs: "cbind(y, s, df)", rows: [{ y: 0.4, s: 0.5, df: 4.5 }, { y: 2.9, s: 1.5, df: 8 }, { y: -3, s: 0.6, df: 1.5 }], mean: [[0], [1], [0.5]], cov: [[[1]], [[0.5]], [[2]]], choices: ["auto", "mh"] },
  { family: "msst", lhs: "cbind(y, s, df)", rows: [{ y: 0.4, s: 0.5, df: 4.5 }, { y: 2.9, s: 1.5, df: 8 }, { y: -3, s: 0.6, df: 1.5 }], mean: [[0], [1], [0.5]], cov: [[[1]], [[0.5]], [[2]]], choices: ["auto", "mh"] },
];

describe.each(oneD.map((c) => [c.family, c] as const))("%s updater", (_name, c) => {
  it.each(c.choices)("latent = %s leaves p(l | y, m, s2) invariant", (choice) => {
    const response = responseOf(c);
    const family = familyOf(response);
    const n = c.rows.length;
    const model = makeModel(response, n);
    const state = makeState(model);
    // start inside every unit's support (censored Gaussian: within the interval)
    for (let u = 0; u < n; u++) state.latent[u] = family.linkStart(response, response.y[u], 0, u);
    const updater = latentUpdaterFor(model, response, choice);
    const priors = c.mean.map((m, u) => makePrior(m, c.cov[u]));
    const draws = runUpdater(updater, model, state, priors, createStream(21, 0), 62000, 2000);
    const l = new Float64Array(1);
    for (let u = 0; u < n; u++) {
      const exact = quadrature1d((x) => {
        l[0] = x;
        return family.likelihood === "interval" ? family.samplerLogLikelihood(response)(u, l, new Float64Array(0)) : family.logLikelihood(response, u, l, []);
      }, c.mean[u][0], c.cov[u][0][0]);
      const m = batchMeans(draws[u]);
      const sq = batchMeans(draws[u].map((v) => v * v));
      expect(Math.abs(m.mean - exact.mean) / m.se, `unit ${u} mean ${m.mean} vs ${exact.mean}`).toBeLessThan(4.5);
      expect(Math.abs(sq.mean - exact.second) / sq.se, `unit ${u} E[l^2] ${sq.mean} vs ${exact.second}`).toBeLessThan(4.5);
      expect(m.se).toBeLessThan(0.05 * Math.sqrt(exact.second - exact.mean ** 2));
    }
  });
});

const S = [[1, 0.3], [0.3, 1]];
const twoD: Case[] = [
  { family: "hupoisson", lhs: "y", rows: [{ y: 0 }, { y: 3 }, { y: 1 }], mean: [[0.5, 0], [1, -0.5], [0, 0.5]], cov: [S, S, S], choices: ["auto", "exact", "mh"] },
  { family: "zipoisson", lhs: "y", rows: [{ y: 0 }, { y: 3 }, { y: 1 }], mean: [[0.5, 0], [1, -0.5], [0, 0.5]], cov: [S, S, S], choices: ["auto", "exact", "mh"] },
  { family: "zapoisson", lhs: "y", rows: [{ y: 0 }, { y: 3 }, { y: 1 }], mean: [[0.5, 0], [1, -0.5], [0, 0.5]], cov: [S, S, S], choices: ["auto", "mh"] },
  { family: "hubinomial", lhs: "cbind(s, f)", rows: [{ s: 0, f: 5 }, { s: 2, f: 3 }, { s: 5, f: 1 }], mean: [[0, 0], [0.5, -0.5], [0, 0.5]], cov: [S, S, S], choices: ["auto", "exact", "mh"] },
  { family: "zibinomial", lhs: "cbind(s, f)", rows: [{ s: 0, f: 5 }, { s: 2, f: 3 }, { s: 5, f: 1 }], mean: [[0, 0], [0.5, -0.5], [0, 0.5]], cov: [S, S, S], choices: ["auto", "exact", "mh"] },
];

describe.each(twoD.map((c) => [c.family, c] as const))("%s updater (2 latent traits)", (_name, c) => {
  it.each(c.choices)("latent = %s: posterior means of both traits match 2-d quadrature", (choice) => {
    const response = responseOf(c);
    const family = familyOf(response);
    const n = c.rows.length;
    const model = makeModel(response, n);
    const state = makeState(model);
    const updater = latentUpdaterFor(model, response, choice);
    const priors = c.mean.map((m, u) => makePrior(m, c.cov[u]));
    const draws = runUpdater(updater, model, state, priors, createStream(22, 0), 42000, 2000);
    const l = new Float64Array(2);
    for (let u = 0; u < n; u++) {
      const exact = quadrature2d((a, b) => {
        l[0] = a;
        l[1] = b;
        return family.logLikelihood(response, u, l, []);
      }, c.mean[u], c.cov[u]);
      for (let j = 0; j < 2; j++) {
        const m = batchMeans(draws[j * n + u]);
        expect(Math.abs(m.mean - exact.mean[j]) / m.se, `unit ${u} trait ${j}: ${m.mean} vs ${exact.mean[j]}`).toBeLessThan(4.5);
        expect(m.se).toBeLessThan(0.05);
      }
    }
  });
});
