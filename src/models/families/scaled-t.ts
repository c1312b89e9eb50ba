// What the scaled t families (ncst, msst) share: the response cbind(y, scale, df), read and
// checked as MCMCglmm does (scale and df must be > 0; it stops otherwise), and what is the same
// for both on the data scale. MCMCglmm's C code works with y / s; the latent value l is on the
// scale of y, and its starting value at an observed row is y itself (MCMCglmm's liab = y).

import { DataError } from "../../errors.js";
import { formatRNumber } from "../formula/print.js";
import { numbers } from "./columns.js";
import type { FamilyDefinition, ResponseColumn } from "./types.js";
import type { FamilyName, Response } from "../types.js";

/** Builds the response of cbind(y, scale, df); the trait is named after y, as MCMCglmm names it. */
export function scaledTResponse(family: FamilyName, [yCol, scaleCol, dfCol]: readonly ResponseColumn[], traitOffset: number): { response: Response; traitNames: string[] } {
  const y = numbers(yCol, family);
  const scale = numbers(scaleCol, family);
  const df = numbers(dfCol, family);
  for (const [v, col, what] of [[scale, scaleCol, "scale"], [df, dfCol, "degrees of freedom"]] as const) {
    const bad = v.findIndex((x) => x <= 0);
    if (bad >= 0) throw new DataError(`${family} response: ${what} "${col.text}" row ${bad + 1} is ${formatRNumber(v[bad])}: the ${what} of a ${family} response must be > 0`);
    const missing = v.findIndex((x, u) => Number.isNaN(x) && !Number.isNaN(y[u]));
    if (missing >= 0) throw new DataError(`${family} response: ${what} "${col.text}" is missing at row ${missing + 1}, where "${yCol.text}" is observed; give it, or make the observation missing too`);
  }
  return { response: { name: yCol.name, family, traitOffset, nTraits: 1, y, scale, df }, traitNames: [yCol.name] };
}

/** The scale and degrees of freedom of a scaled t response at a unit. */
export function scaledTRow(r: Response, unit: number): { s: number; nu: number } {
  return { s: r.scale![unit], nu: r.df![unit] };
}

/** The members both scaled t families have alike. */
export const scaledTCommon = {
  link: "identity",
  unitParameters: true,
  columns: () => 3,
  build: scaledTResponse,
  latentKernels: { auto: "trait-laplace", mh: "random-walk" },
  likelihood: "latent",
  jointShift: "generic",
  cutpointCount: () => 0,
  cutpointLink: null,
  linkStart: (_r, y) => y,
  jitterStart: false,
  logitCounts: () => null,
  continuous: true,
  observationPerTrait: (_r, y) => y,
  hasCountColumns: () => false,
  defaultStatistics: ["mean", "sd", "min", "max"],
} as const satisfies Partial<FamilyDefinition>;
