// A latent kernel choice that a family cannot honour is a ModelSpecError naming the response.

import { describe, expect, it } from "vitest";
import { ModelSpecError } from "../../../src/errors.js";
import type { LatentKernelChoice } from "../../../src/models/types.js";
import { latentUpdaterFor } from "../../../src/samplers/kernels/latent/index.js";
import { makeModel, makeResponse } from "./harness.js";

describe("latent kernel choice", () => {
  const poisson = makeResponse("poisson", [{ y: 3, mean: [0], cov: [[1]] }]);
  const model = makeModel(poisson, 1);

  it('"exact" on poisson (no exact augmentation) is a ModelSpecError that names the response and the alternatives', () => {
    expect(() => latentUpdaterFor(model, poisson, "exact")).toThrow(ModelSpecError);
    expect(() => latentUpdaterFor(model, poisson, "exact")).toThrow(/poisson.*response y.*"auto"/);
  });

  it('"exact" on zapoisson (a complementary log-log zero part: no Polya-Gamma augmentation) is a ModelSpecError offering the others', () => {
    const za = makeResponse("zapoisson", [{ y: 0, mean: [0], cov: [[1]] }]);
    expect(() => latentUpdaterFor(makeModel(za, 1), za, "exact")).toThrow(/zapoisson.*no exact data augmentation.*"mh" \(random-walk\) and "auto" \(trait-laplace\)/);
  });

  it("an unknown choice is a ModelSpecError", () => {
    expect(() => latentUpdaterFor(model, poisson, "gibbs" as LatentKernelChoice)).toThrow(ModelSpecError);
  });

  it('"exact" is accepted for every family that has an augmentation', () => {
    for (const [family, K] of [["categorical", 2], ["categorical", 3], ["multinomial2", 0], ["threshold", 3], ["ordinal", 3]] as const) {
      const r = makeResponse(family, [{ y: 1, trials: 2, mean: [0], cov: [[1]] }], K);
      expect(latentUpdaterFor(makeModel(r, 1), r, "exact").active).toBe(true);
    }
  });
});
