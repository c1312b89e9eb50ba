// Responses from the left-hand side of the fixed formula: each response column goes to a family
// (registry.ts), which validates it and names its latent traits (MCMCglmm's names: a categorical
// response `horn` with levels normal < polled < scurred has traits horn.polled and horn.scurred,
// the first level being the baseline).

import { ModelSpecError } from "../../errors.js";
import type { Node } from "../formula/parse.js";
import { printNode } from "../formula/print.js";
import type { DataFrame, FamilyName, Response } from "../types.js";
import { evaluateVariable, referencedColumns } from "../variables.js";
import { familyDefinition, familyOf } from "./registry.js";
import type { ResponseColumn } from "./types.js";

export { FAMILIES, familyDefinition, familyKey, familyOf, knownFamilies } from "./registry.js";
export type { FamilyDefinition, FamilyKey, LatentKernelName, ResponseColumn } from "./types.js";
export { multinomialK } from "./multinomial.js";

/** The columns of a response `y` or `cbind(a, b, n - a)`. */
export function responseColumns(lhs: Node, frame: DataFrame): ResponseColumn[] {
  const parts = lhs.kind === "call" && lhs.fn === "cbind" ? lhs.args.map((a) => a.value) : [lhs];
  return parts.map((node) => {
    const text = printNode(node);
    return { text, name: referencedColumns(node)[0] ?? text, value: evaluateVariable(node, frame, "the response") };
  });
}

/**
 * Split the response columns among the families (one family per column, a multinomialK taking
 * K) and build the responses. A single family for several columns applies to each of them.
 */
export function buildResponses(
  cols: readonly ResponseColumn[],
  family: FamilyName | readonly FamilyName[] | undefined,
): { responses: Response[]; traitNames: string[] } {
  let families: readonly FamilyName[] = Array.isArray(family) ? family : [(family as FamilyName | undefined) ?? "gaussian"];
  if (!Array.isArray(family) && familyDefinition(families[0]).columns(families[0]) === 1) {
    families = cols.map(() => families[0]);
  }
  const responses: Response[] = [];
  const traitNames: string[] = [];
  let c = 0;
  for (const f of families) {
    const width = familyDefinition(f).columns(f);
    if (c + width > cols.length) {
      throw new ModelSpecError(`the families (${families.join(", ")}) need ${c + width} or more response columns; the response has ${cols.length}`);
    }
    const built = familyDefinition(f).build(f, cols.slice(c, c + width), traitNames.length);
    responses.push(built.response);
    traitNames.push(...built.traitNames);
    c += width;
  }
  if (c !== cols.length) {
    throw new ModelSpecError(`the response has ${cols.length} columns but the families (${families.join(", ")}) use ${c}`);
  }
  const dup = traitNames.find((t, k) => traitNames.indexOf(t) !== k);
  if (dup !== undefined) throw new ModelSpecError(`two response traits are both called "${dup}"`);
  return { responses, traitNames };
}

/** Names of a response's free cutpoints (the first is fixed at 0), as MCMCglmm's CP columns. */
export function cutpointNames(r: Response): string[] {
  const free = familyOf(r).cutpointCount(r) - 1;
  return Array.from({ length: Math.max(0, free) }, (_, i) => `cutpoint.trait${r.name}.${i + 1}`);
}
