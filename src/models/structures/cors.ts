// cors(f): a covariance matrix whose trailing block, from the prior's `fix` on, is a correlation
// matrix (unit variances), the rest unstructured: MCMCglmm's cors (update type 4). Prior and draw:
// priors/block-prior.ts, kernels/variance/block-draw.ts. Stored and named as us.

import { resolveBlockPrior } from "../../priors/block-prior.js";
import { matrixVcvNames } from "./matrix-names.js";
import type { StructureDefinition } from "./types.js";

export const cors: StructureDefinition = {
  key: "cors",
  description: "cors: an unstructured covariance matrix with a correlation sub-matrix from fix on",
  parameters: "matrix",
  dropEmpty: "per-level",
  correlation: null,
  derivedCorrelations: true,
  expansion: false,
  fix: true,
  varianceDraw: "correlation-block",
  scaleMoves: "none",
  vcvNames: matrixVcvNames,
  resolvePrior: (label, term, spec) => resolveBlockPrior(label, term, spec, "correlation"),
};
