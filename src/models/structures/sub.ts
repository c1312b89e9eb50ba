// sub(f): an unstructured covariance matrix before the prior's `fix` and the identity from fix on,
// with no covariance between the two blocks: MCMCglmm's sub ("us + identity direct sum", update
// type 6). Prior and draw: priors/block-prior.ts, kernels/variance/block-draw.ts. Stored and
// named as us (the identity block and the zero covariances included, as MCMCglmm's VCV).

import { resolveBlockPrior } from "../../priors/block-prior.js";
import { matrixVcvNames } from "./matrix-names.js";
import type { StructureDefinition } from "./types.js";

export const sub: StructureDefinition = {
  key: "sub",
  description: "sub: an unstructured block before fix, the identity from fix on",
  parameters: "matrix",
  dropEmpty: "per-level",
  correlation: null,
  derivedCorrelations: true,
  expansion: false,
  fix: true,
  varianceDraw: "identity-block",
  scaleMoves: "none",
  vcvNames: matrixVcvNames,
  resolvePrior: (label, term, spec) => resolveBlockPrior(label, term, spec, "identity"),
};
