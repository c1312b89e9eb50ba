// corgh(f): a correlation matrix scaled by variances held at the prior V's diagonal, MCMCglmm's corgh.

import { matrixVcvNames } from "./matrix-names.js";
import type { StructureDefinition } from "./types.js";

export const corgh: StructureDefinition = {
  key: "corgh",
  description: "corgh: a correlation matrix with variances fixed at V's diagonal",
  parameters: "matrix",
  dropEmpty: "per-level",
  correlation: "prior-diagonal",
  derivedCorrelations: true,
  expansion: false,
  fix: false,
  varianceDraw: "correlation",
  scaleMoves: "none",
  vcvNames: matrixVcvNames,
};
