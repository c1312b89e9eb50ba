// The example's models: the spec files beside this module (the CLI reads them as they are:
// `mcglmm fit examples/hospital/joint.spec.json`) and the derived quantities the analysis asks
// fit() for.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { readSpecFile } from "../../src/io/spec-file.js";
import type { DerivedFunction } from "../../src/posterior/derived.js";
import type { ModelSpec } from "../../src/models/types.js";
import { LINK_VARIANCE, OUTCOMES, TRAIT } from "./truth.js";

export const HERE = fileURLToPath(new URL(".", import.meta.url));

export const MODELS = ["remission", "ntumors", "ntumors-zi", "mobility", "joint"] as const;
export type ModelName = (typeof MODELS)[number];

export const TITLES: Record<ModelName, string> = {
  remission: "Model 1: remission (categorical, logit; doctor intercepts)",
  ntumors: "Model 2: number of tumours (poisson; doctor and hospital intercepts)",
  "ntumors-zi": "Model 2b: number of tumours with structural zeros (zipoisson)",
  mobility: "Model 3: mobility, 4 ordered levels (threshold, probit; doctor intercepts)",
  joint: "Model 4: the three outcomes jointly (us(trait):DID, idh(trait):HID)",
};

export function modelSpec(name: ModelName): ModelSpec {
  return readSpecFile(join(HERE, `${name}.spec.json`));
}

export function readTruthFile(): { models: Record<string, Record<string, number>> } {
  return JSON.parse(readFileSync(join(HERE, "truth.json"), "utf8"));
}

/**
 * The joint model's user-derived quantities (fit option `derived`): per outcome the doctors'
 * share of its latent variance, doctor / (doctor + hospital + residual + link variance). The
 * doctor-level correlations between outcomes, cor.DID.<trait>.<trait>, mcglmm derives for
 * every us() term by default.
 */
export function jointDerived(): Record<string, DerivedFunction> {
  return Object.fromEntries(
    OUTCOMES.map((o) => {
      const t = `trait${TRAIT[o]}`;
      const f: DerivedFunction = (v) => {
        const d = v[`${t}:${t}.DID`];
        return d / (d + v[`${t}.HID`] + v[`${t}.units`] + LINK_VARIANCE[o]);
      };
      return [`icc.DID.${o}`, f];
    }),
  );
}
