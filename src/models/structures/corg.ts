// corg(f): a correlation matrix (variances held at 1), MCMCglmm's corg; its prior is the
// marginal of an IW(nu, I) matrix (kernels/variance/correlation-draw.ts).

import { matrixVcvNames } from "./matrix-names.js";
import type { StructureDefinition } from "./types.js";

export const corg: StructureDefinition = {
  key: "corg",
  description: "corg: a correlation matrix (unit variances)",
  parameters: "matrix",
  dropEmpty: "per-level",
  correlation: "unit",
  derivedCorrelations: false,
  expansion: false,
  fix: false,
  varianceDraw: "correlation",
  scaleMoves: "none",
  vcvNames: matrixVcvNames,
};
