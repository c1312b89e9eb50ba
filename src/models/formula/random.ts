// Random and residual formulas: `~ us(1 + Days):Subject + herd` splits at top-level `+` into
// terms, each an optional variance function over a sub-formula, then the grouping factors
// joined by ":" (MCMCglmm's buildZ reads them the same way).

import { LINKS, type LinkKey } from "../structures/links.js";
import { resolveStructureName, STRUCTURE_ALIASES, STRUCTURES } from "../structures/registry.js";
import { ModelSpecError } from "../../errors.js";
import type { VarianceStructure } from "../types.js";
import { parseFormula, type Node } from "./parse.js";
import { printNode } from "./print.js";

export interface RandomTermSpec {
  /** The term as written ("us(1+Days):Subject"). */
  readonly label: string;
  /** Variance function, or null for a plain factor term such as `herd` or `animal:herd`. */
  readonly structure: VarianceStructure | null;
  /** The variance function's sub-formula (`1 + Days`, `trait`), or null. */
  readonly inner: Node | null;
  /** Grouping factor names, as written after the variance function (the linked factors for str/mm). */
  readonly groups: readonly string[];
  /** Antedependence order (ante1 -> 1), for the ante structures. */
  readonly order?: number;
  /**
   * A linking function over several factors with the same levels: `str(a + b)` (covariances
   * between the factors' effects) or `mm(a + b)` (multi-membership); signs are +1/-1 as written.
   */
  readonly link?: { readonly kind: LinkKey; readonly signs: readonly number[] };
}

// The structure registry's names, plus aliases (`cor` for `corg`), for suggestions.
const SUPPORTED: Record<string, VarianceStructure> = {
  ...Object.fromEntries(Object.keys(STRUCTURES).filter((k) => !STRUCTURES[k as VarianceStructure].namePattern).map((k) => [k, k as VarianceStructure])),
  ...STRUCTURE_ALIASES,
  ante1: "ante",
  antec1: "antec",
  ante1v: "antev",
  antec1v: "antecv",
};
// Variance functions MCMCglmm knows but this package does not implement (yet).
const UNSUPPORTED = ["corh"];

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

function suggestion(fn: string): string {
  const best = Object.keys(SUPPORTED)
    .map((name) => ({ name, d: levenshtein(fn, name) }))
    .sort((x, y) => x.d - y.d)[0];
  return best.d <= 2 ? `; did you mean '${best.name}'?` : `; known: ${Object.keys(SUPPORTED).join(", ")}`;
}

function splitPlus(node: Node, source: string, what: string): Node[] {
  if (node.kind === "binary" && node.op === "+") {
    return [...splitPlus(node.left, source, what), ...splitPlus(node.right, source, what)];
  }
  if (node.kind === "binary" && node.op === "-") {
    throw new ModelSpecError(`${what} "${source}": '-' is not allowed between random terms`);
  }
  return [node];
}

function splitColon(node: Node): Node[] {
  return node.kind === "binary" && node.op === ":" ? [...splitColon(node.left), ...splitColon(node.right)] : [node];
}

function readTerm(node: Node, source: string, what: string): RandomTermSpec {
  const label = source.slice(node.start, node.end).trim();
  const parts = splitColon(node);
  let structure: VarianceStructure | null = null;
  let inner: Node | null = null;
  let order: number | undefined;
  const first = parts[0];
  if (first.kind === "call" && !(first.fn in LINKS)) {
    const fn = first.fn;
    if (UNSUPPORTED.includes(fn)) {
      throw new ModelSpecError(`${what}: variance function '${fn}' in term "${label}" is not supported`);
    }
    const named = resolveStructureName(fn);
    if (named === undefined && /^ante/.test(fn)) {
      throw new ModelSpecError(`${what}: '${fn}' in term "${label}" is not an antedependence structure: write ante<order>, antec<order>, ante<order>v or antec<order>v, e.g. ante1`);
    }
    if (named === undefined) {
      throw new ModelSpecError(`${what}: unknown variance function '${fn}' in term "${label}"${suggestion(fn)}`);
    }
    if (first.args.length !== 1 || first.args[0].name !== undefined) {
      throw new ModelSpecError(`${what}: ${fn}(...) in term "${label}" takes one formula, e.g. ${fn}(1 + x)`);
    }
    structure = named.key;
    if (named.order !== undefined) order = named.order;
    inner = first.args[0].value;
    parts.shift();
    // no grouping factor (MCMCglmm: one level shared by every row), e.g. ~idv(spl(x)) for a penalised spline
    if (parts.length === 0) return { label, structure, inner, groups: [], ...(order === undefined ? {} : { order }) };
  }
  const last = parts[parts.length - 1];
  if (last.kind === "call" && last.fn in LINKS) {
    if (parts.length > 1) throw new ModelSpecError(`${what}: in term "${label}", ${last.fn}(...) cannot be interacted with other factors (interactions are not permitted in str and mm structures)`);
    const linked = readLink(last, label, what);
    return { label, structure, inner, groups: linked.factors, link: { kind: last.fn as LinkKey, signs: linked.signs }, ...(order === undefined ? {} : { order }) };
  }
  const groups = parts.map((p) => {
    if (p.kind !== "name") {
      throw new ModelSpecError(
        `${what}: in term "${label}", "${printNode(p)}" is not a column name; a random term is ` +
          `a factor, factors joined by ':', or a variance function such as us(...):factor`,
      );
    }
    return p.name;
  });
  return { label, structure, inner, groups, ...(order === undefined ? {} : { order }) };
}

/** The factors of str(a + b) / mm(a + b - c), with their signs. */
function readLink(call: Extract<Node, { kind: "call" }>, label: string, what: string): { factors: string[]; signs: number[] } {
  if (call.args.length !== 1 || call.args[0].name !== undefined) {
    throw new ModelSpecError(`${what}: ${call.fn}(...) in term "${label}" takes factors joined by '+', e.g. ${call.fn}(a + b)`);
  }
  const factors: string[] = [];
  const signs: number[] = [];
  const walk = (node: Node, sign: number): void => {
    if (node.kind === "binary" && (node.op === "+" || node.op === "-")) {
      walk(node.left, sign);
      walk(node.right, node.op === "-" ? -sign : sign);
      return;
    }
    if (node.kind !== "name") {
      throw new ModelSpecError(`${what}: in term "${label}", "${printNode(node)}" is not a column name; ${call.fn}(...) takes factors joined by '+' (interactions are not permitted in str and mm structures)`);
    }
    factors.push(node.name);
    signs.push(sign);
  };
  walk(call.args[0].value, 1);
  if (signs.includes(-1) && call.fn !== "mm") throw new ModelSpecError(`${what}: in term "${label}", ${call.fn}(...) joins factors with '+' only`);
  if (factors.length < 2) throw new ModelSpecError(`${what}: ${call.fn}(...) in term "${label}" needs at least two factors, e.g. ${call.fn}(a + b)`);
  if (new Set(factors).size !== factors.length) throw new ModelSpecError(`${what}: ${call.fn}(...) in term "${label}" names a factor twice`);
  return { factors, signs };
}

/** Split a random or residual formula (`~ a + us(b):c`) into its terms. */
export function parseRandomFormula(source: string, what = "random formula"): RandomTermSpec[] {
  const formula = parseFormula(source, what);
  if (formula.lhs !== null) throw new ModelSpecError(`${what} "${source}" must be one-sided (start with '~')`);
  return splitPlus(formula.rhs, source, what).map((n) => readTerm(n, source, what));
}
