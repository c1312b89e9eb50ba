// Expansion of a formula's right-hand side into R's terms: the variables, the terms (sets of
// variables) in R's order, and the intercept. Follows the rules of R's terms.formula
// (Chambers & Hastie 1992, Statistical Models in S, ch. 2): `a*b` = a + b + a:b,
// `a/b` = a + a:b, `(a+b)^2` = a + b + a:b, `-` deletes terms, `-1`/`+0` drop the intercept,
// `1` adds it; terms are then sorted by order (number of variables), stably.

import { ModelSpecError } from "../../errors.js";
import type { Node } from "./parse.js";
import { printNode } from "./print.js";

export interface Term {
  /** Indices into TermList.variables, ascending (R's variable order). */
  readonly vars: readonly number[];
  /** R's term label: the variables joined by ":" in variable order, e.g. "YEAR:HEIGHT". */
  readonly label: string;
}

export interface TermList {
  /** The distinct variables (anything that is not a formula operator), in order of appearance. */
  readonly variables: readonly Node[];
  /** R-deparsed text of each variable: its name in column labels ("I(age^2)"). */
  readonly variableNames: readonly string[];
  readonly terms: readonly Term[];
  readonly intercept: boolean;
}

type VarSet = number[];

const keyOf = (s: VarSet): string => s.join(",");

function union(a: VarSet, b: VarSet): VarSet {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

function dedupe(list: VarSet[]): VarSet[] {
  const seen = new Set<string>();
  return list.filter((s) => {
    const k = keyOf(s);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function cross(left: VarSet[], right: VarSet[]): VarSet[] {
  const out: VarSet[] = [];
  for (const l of left) for (const r of right) out.push(union(l, r));
  return dedupe(out);
}

class Expander {
  readonly variables: Node[] = [];
  readonly names: string[] = [];
  intercept: boolean;

  constructor(
    private readonly source: string,
    intercept: boolean,
  ) {
    this.intercept = intercept;
  }

  private fail(message: string): never {
    throw new ModelSpecError(`${message} in formula "${this.source}"`);
  }

  private install(node: Node): number {
    const name = printNode(node);
    let k = this.names.indexOf(name);
    if (k < 0) {
      k = this.names.length;
      this.names.push(name);
      this.variables.push(node);
    }
    return k;
  }

  /** `positive` is false inside a deletion, where `1` removes the intercept instead of adding it. */
  encode(node: Node, positive: boolean): VarSet[] {
    switch (node.kind) {
      case "number":
        if (node.value === 1 || node.value === 0) {
          this.intercept = (node.value === 1) === positive;
          return [];
        }
        return this.fail(`the number ${node.value} is not a term (only 0 and 1 are)`);
      case "paren":
        return this.encode(node.expr, positive);
      case "unary":
        if (node.op === "+") return this.encode(node.arg, positive);
        if (node.op === "-") {
          this.encode(node.arg, !positive);
          return [];
        }
        return [[this.install(node)]];
      case "formula":
        return this.fail("a formula cannot appear inside a formula");
      case "string":
        return this.fail(`the string "${node.value}" is not a term`);
      case "name":
        if (node.name === ".") return this.fail("'.' (all other columns) is not supported: list the columns");
        return [[this.install(node)]];
      case "call":
        if (node.fn === "offset") return this.fail("offset() terms are not supported");
        return [[this.install(node)]];
      case "binary":
        return this.binary(node.op, node.left, node.right, positive);
    }
  }

  private binary(op: string, leftNode: Node, rightNode: Node, positive: boolean): VarSet[] {
    if (op === "-") {
      const left = this.encode(leftNode, positive);
      const drop = new Set(this.encode(rightNode, !positive).map(keyOf));
      return left.filter((s) => !drop.has(keyOf(s)));
    }
    if (op === "^") {
      const left = this.encode(leftNode, positive);
      if (rightNode.kind !== "number" || !Number.isInteger(rightNode.value) || rightNode.value < 1) {
        return this.fail("the power in (a + b)^n must be a positive whole number");
      }
      let result = left;
      for (let i = 1; i < rightNode.value; i++) result = dedupe([...result, ...cross(left, result)]);
      return result;
    }
    const left = this.encode(leftNode, positive);
    const right = this.encode(rightNode, positive);
    switch (op) {
      case "+":
        return dedupe([...left, ...right]);
      case ":":
      case "%in%":
        return cross(left, right);
      case "*":
        return dedupe([...left, ...right, ...cross(left, right)]);
      case "/": {
        const all = left.reduce<VarSet>((acc, s) => union(acc, s), []);
        return dedupe([...left, ...cross([all], right)]);
      }
      default:
        return this.fail(`the operator '${op}' has no meaning between terms (wrap arithmetic in I(...))`);
    }
  }
}

/**
 * Expand the right-hand side `rhs` of a formula into terms. `source` is the formula text, for
 * messages. `intercept` is the starting intercept: true for fixed effects, false for the
 * sub-formula of a variance function (MCMCglmm builds it as `~ -1 + f`).
 */
export function expandTerms(rhs: Node, source: string, intercept = true): TermList {
  const ex = new Expander(source, intercept);
  const sets = ex.encode(rhs, true).filter((s) => s.length > 0);
  // Stable sort by order: JavaScript's sort is stable.
  const ordered = [...sets].sort((a, b) => a.length - b.length);
  const terms = ordered.map((vars) => ({ vars, label: vars.map((v) => ex.names[v]).join(":") }));
  return { variables: ex.variables, variableNames: ex.names, terms, intercept: ex.intercept };
}

/** The term labels, intercept first as "1": a compact summary for tests and messages. */
export function termLabels(list: TermList): string[] {
  return [...(list.intercept ? ["1"] : []), ...list.terms.map((t) => t.label)];
}
