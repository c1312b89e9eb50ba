// MCMCglmm's mult.memb(~ f1 + f2 + ...): the design matrix of a multiple-membership term, the sum
// of the terms' model.matrix(~ term - 1) (each term a factor, or a factor times a numeric
// weight, `w1:f1`), with all-zero columns dropped; used inside idv(), e.g.
// random = ~idv(mult.memb(~ w1:p1 + w2:p2)). The factors share their levels (R adds the matrices:
// they must conform); here they are coded on the union of their levels, named after the first
// factor as R names the sum after the first matrix ("p1a", "p1b", ...).

import { DataError, ModelSpecError } from "../errors.js";
import type { Node } from "./formula/parse.js";
import { printNode } from "./formula/print.js";
import { sortLevels } from "./frame.js";
import type { DataFrame } from "./types.js";
import type { FactorValue, NumericValue, VariableValue } from "./variables.js";

type Evaluate = (node: Node, frame: DataFrame, where: string) => VariableValue;

function plusTerms(node: Node): Node[] {
  if (node.kind === "binary" && node.op === "+") return [...plusTerms(node.left), ...plusTerms(node.right)];
  if (node.kind === "paren") return plusTerms(node.expr);
  return [node];
}

/** One term: its factor and its weight per row (1 for a bare factor). */
function membership(term: Node, frame: DataFrame, where: string, evaluate: Evaluate): { name: string; factor: FactorValue; weight: Float64Array | null } {
  const parts = term.kind === "binary" && term.op === ":" ? [term.left, term.right] : [term];
  const values = parts.map((p) => ({ node: p, value: evaluate(p, frame, where) }));
  const factors = values.filter((v) => v.value.kind === "factor");
  const numerics = values.filter((v) => v.value.kind === "numeric");
  if (factors.length !== 1 || numerics.length > 1 || (numerics.length === 1 && (numerics[0].value as NumericValue).columns.length !== 1)) {
    throw new ModelSpecError(`mult.memb() in ${where}: term "${printNode(term)}" must be a factor or a factor times one numeric weight (w:f)`);
  }
  return { name: printNode(factors[0].node), factor: factors[0].value as FactorValue, weight: numerics.length === 1 ? (numerics[0].value as NumericValue).columns[0] : null };
}

export function multipleMembership(node: Node & { kind: "call" }, frame: DataFrame, where: string, evaluate: Evaluate): NumericValue {
  const arg = node.args[0]?.value;
  if (node.args.length !== 1 || arg === undefined || arg.kind !== "formula" || arg.lhs !== null) {
    throw new ModelSpecError(`${printNode(node)} (in ${where}): mult.memb takes a one-sided formula, e.g. mult.memb(~ f1 + f2)`);
  }
  const members = plusTerms(arg.rhs).map((t) => membership(t, frame, where, evaluate));
  const same = members.every((m) => m.factor.levels.length === members[0].factor.levels.length && m.factor.levels.every((l, i) => l === members[0].factor.levels[i]));
  const levels = same ? members[0].factor.levels : sortLevels(members.flatMap((m) => [...m.factor.levels]));
  const index = new Map(levels.map((l, i) => [l, i]));
  const n = frame.nrow;
  const columns = levels.map(() => new Float64Array(n));
  for (const m of members) {
    const map = m.factor.levels.map((l) => index.get(l)!);
    for (let r = 0; r < n; r++) {
      const c = m.factor.codes[r];
      const w = m.weight === null ? 1 : m.weight[r];
      if (c < 0 || Number.isNaN(w)) {
        // model.matrix with na.pass: a missing factor or weight makes the row missing
        for (const col of columns) col[r] = NaN;
        continue;
      }
      columns[map[c]][r] += w;
    }
  }
  const keep = columns.map((col, j) => (col.some((v) => v !== 0 && !Number.isNaN(v)) ? j : -1)).filter((j) => j >= 0);
  if (keep.length === 0) throw new DataError(`${printNode(node)} (in ${where}) gives no non-zero columns`);
  return { kind: "numeric", columns: keep.map((j) => columns[j]), colnames: keep.map((j) => `${members[0].name}${levels[j]}`) };
}
