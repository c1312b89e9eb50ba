// us(f): an unstructured k x k covariance matrix, MCMCglmm's us.

import { matrixVcvNames } from "./matrix-names.js";
import type { StructureDefinition } from "./types.js";

export const us: StructureDefinition = {
  key: "us",
  description: "us: an unstructured covariance matrix",
  parameters: "matrix",
  dropEmpty: "per-level",
  correlation: null,
  derivedCorrelations: true,
  expansion: true,
  fix: true,
  varianceDraw: "inverse-wishart",
  scaleMoves: "scale-and-shear",
  vcvNames: matrixVcvNames,
};
