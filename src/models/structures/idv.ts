// idv(f): one variance shared by every coefficient of f (sigma^2 I), MCMCglmm's idv.

import type { StructureDefinition } from "./types.js";

export const idv: StructureDefinition = {
  key: "idv",
  description: "idv: one variance shared by all coefficients",
  parameters: "shared-variance",
  dropEmpty: "per-coefficient",
  correlation: null,
  derivedCorrelations: false,
  expansion: true,
  fix: true,
  varianceDraw: "inverse-gamma-shared",
  scaleMoves: "shared-scale",
  vcvNames: (inner, _coefs, factor) => [`${inner}.${factor}`],
};
