// idh(f): independent coefficients, one variance each (a diagonal matrix), MCMCglmm's idh.

import type { StructureDefinition } from "./types.js";

export const idh: StructureDefinition = {
  key: "idh",
  description: "idh: one variance per coefficient, no covariances",
  parameters: "variances",
  dropEmpty: "per-coefficient",
  correlation: null,
  derivedCorrelations: false,
  expansion: true,
  fix: true,
  varianceDraw: "inverse-gamma-each",
  scaleMoves: "scale",
  vcvNames: (_inner, coefs, factor) => coefs.map((c) => `${c}.${factor}`),
};
