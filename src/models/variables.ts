// Evaluation of formula variables on a data frame: a column (`sex`), arithmetic protected by
// I() (`I(age^2)`), numeric functions (`log(x)`), factor(x), and MCMCglmm's at.level/at.set.
// The result is a factor or a numeric matrix (usually one column), as R's model.frame sees it.

import { DataError, ModelSpecError } from "../errors.js";
import { cos, exp, expm1, log, log10, log1p, log2, pow, sin, tan } from "../math/deterministic.js";
import type { Node } from "./formula/parse.js";
import { polyArguments, polyColumns } from "./formula/poly.js";
import { formatRNumber, printNode } from "./formula/print.js";
import { sortLevels } from "./frame.js";
import type { DataFrame, FactorColumn } from "./types.js";
import { lowRankThinPlateBasis } from "./spline.js";
import { multipleMembership } from "./mult-memb.js";

export interface FactorValue {
  readonly kind: "factor";
  readonly levels: readonly string[];
  /** 0-based codes, -1 missing. */
  readonly codes: Int32Array;
  readonly ordered: boolean;
}

export interface NumericValue {
  readonly kind: "numeric";
  readonly columns: readonly Float64Array[];
  /** Column names of a matrix variable, or null (R then numbers them 1, 2, ...). */
  readonly colnames: readonly string[] | null;
}

export type VariableValue = FactorValue | NumericValue;

const MATH: Record<string, (x: number) => number> = {
  log,
  log2,
  log10,
  log1p,
  exp,
  expm1,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sin,
  cos,
  tan,
  floor: Math.floor,
  ceiling: Math.ceil,
  trunc: Math.trunc,
};

function column(frame: DataFrame, name: string, where: string) {
  const col = frame.columns.get(name);
  if (col === undefined) {
    throw new DataError(`column "${name}" (in ${where}) is not in the data; the columns are: ${frame.names.join(", ")}`);
  }
  return col;
}

function numericOf(node: Node, frame: DataFrame, where: string): Float64Array {
  const n = frame.nrow;
  const unaryMap = (x: Float64Array, f: (v: number) => number) => x.map(f);
  switch (node.kind) {
    case "number":
      return new Float64Array(n).fill(node.value);
    case "paren":
      return numericOf(node.expr, frame, where);
    case "name": {
      const col = column(frame, node.name, where);
      if (col.kind !== "numeric") {
        throw new DataError(`column "${node.name}" (in ${where}) is a factor; arithmetic needs a numeric column`);
      }
      return col.values;
    }
    case "unary":
      if (node.op === "-") return unaryMap(numericOf(node.arg, frame, where), (v) => -v);
      if (node.op === "+") return numericOf(node.arg, frame, where);
      break;
    case "binary": {
      const a = numericOf(node.left, frame, where);
      const b = numericOf(node.right, frame, where);
      const ops: Record<string, (x: number, y: number) => number> = {
        "+": (x, y) => x + y,
        "-": (x, y) => x - y,
        "*": (x, y) => x * y,
        "/": (x, y) => x / y,
        "^": pow,
      };
      const f = ops[node.op];
      if (f !== undefined) return a.map((x, i) => f(x, b[i]));
      break;
    }
    case "call": {
      const f = MATH[node.fn];
      if (node.fn === "I" && node.args.length === 1) return numericOf(node.args[0].value, frame, where);
      if (f !== undefined && node.args.length === 1) return unaryMap(numericOf(node.args[0].value, frame, where), f);
      if (node.fn === "scale" && node.args.length === 1) return scale(numericOf(node.args[0].value, frame, where));
      break;
    }
    default:
      break;
  }
  throw new ModelSpecError(`"${printNode(node)}" (in ${where}) is not arithmetic this package can evaluate`);
}

/** R's scale(x): centre on the mean, divide by the standard deviation (n - 1). */
function scale(x: Float64Array): Float64Array {
  const ok = x.filter((v) => !Number.isNaN(v));
  const mean = ok.reduce((s, v) => s + v, 0) / ok.length;
  const sd = Math.sqrt(ok.reduce((s, v) => s + (v - mean) ** 2, 0) / (ok.length - 1));
  return x.map((v) => (v - mean) / sd);
}

/** Constant vectors for at.level's second argument: 1, 1:2, c(1, 3), "tarsus", c("a", "b"). */
function constants(node: Node, where: string): (number | string)[] {
  if (node.kind === "number") return [node.value];
  if (node.kind === "string") return [node.value];
  if (node.kind === "paren") return constants(node.expr, where);
  if (node.kind === "call" && node.fn === "c") return node.args.flatMap((a) => constants(a.value, where));
  if (node.kind === "binary" && node.op === ":") {
    const [a] = constants(node.left, where);
    const [b] = constants(node.right, where);
    if (typeof a === "number" && typeof b === "number") {
      const out: number[] = [];
      for (let v = a; a <= b ? v <= b : v >= b; v += a <= b ? 1 : -1) out.push(v);
      return out;
    }
  }
  throw new ModelSpecError(`"${printNode(node)}" (in ${where}) should be level numbers or names`);
}

function atLevel(node: Node & { kind: "call" }, frame: DataFrame, where: string): NumericValue {
  if (node.args.length !== 2) throw new ModelSpecError(`${node.fn}(factor, levels) in ${where} takes two arguments`);
  const f = evaluateVariable(node.args[0].value, frame, where);
  if (f.kind !== "factor") throw new DataError(`the first argument of ${printNode(node)} (in ${where}) must be a factor`);
  const wanted = constants(node.args[1].value, where).map((l) => {
    const k = typeof l === "number" ? l - 1 : f.levels.indexOf(l);
    if (!(k >= 0 && k < f.levels.length) || !Number.isInteger(k)) {
      throw new DataError(`${printNode(node)} (in ${where}): level ${JSON.stringify(l)} is not one of ${f.levels.join(", ")}`);
    }
    return k;
  });
  const indicator = (ks: number[]) => Float64Array.from(f.codes, (c) => (c < 0 ? NaN : ks.includes(c) ? 1 : 0));
  if (node.fn === "at.set") return { kind: "numeric", columns: [indicator(wanted)], colnames: null };
  return { kind: "numeric", columns: wanted.map((k) => indicator([k])), colnames: null };
}

/** MCMCglmm's spl(x, k = 10, knots = NULL, type = "LRTP") (spline.ts). */
function spl(node: Node & { kind: "call" }, frame: DataFrame, where: string): NumericValue {
  const names = ["x", "k", "knots", "type"];
  const args = new Map<string, Node>();
  node.args.forEach((a, i) => {
    const name = a.name ?? names[i];
    if (name === undefined || !names.includes(name)) throw new ModelSpecError(`${printNode(node)} (in ${where}): spl takes x, k, knots and type`);
    args.set(name, a.value);
  });
  const xNode = args.get("x");
  if (xNode === undefined) throw new ModelSpecError(`${printNode(node)} (in ${where}) needs a covariate`);
  const type = args.get("type");
  if (type !== undefined && !(type.kind === "string" && type.value === "LRTP")) {
    throw new ModelSpecError(`${printNode(node)} (in ${where}): only low-rank thin-plate splines (type = "LRTP") are implemented, as in MCMCglmm`);
  }
  const kNode = args.get("k");
  const k = kNode === undefined ? 10 : kNode.kind === "number" ? kNode.value : NaN;
  const knotsNode = args.get("knots");
  const knots = knotsNode === undefined || (knotsNode.kind === "name" && knotsNode.name === "NULL") ? null : constants(knotsNode, where).map((v) => {
    if (typeof v !== "number") throw new ModelSpecError(`${printNode(node)} (in ${where}): knots must be numbers`);
    return v;
  });
  const x = evaluateVariable(xNode, frame, where);
  if (x.kind !== "numeric" || x.columns.length !== 1) throw new DataError(`${printNode(node)} (in ${where}): spl() takes one numeric covariate`);
  return { kind: "numeric", columns: lowRankThinPlateBasis(x.columns[0], k, knots, where), colnames: null };
}

/** R's as.factor: a numeric variable becomes a factor with numerically sorted levels. */
export function asFactor(value: VariableValue): FactorValue {
  if (value.kind === "factor") return value;
  if (value.columns.length !== 1) throw new ModelSpecError("factor() of a matrix is not supported");
  const x = value.columns[0];
  const labels = Array.from(x, (v) => (Number.isNaN(v) ? null : formatRNumber(v)));
  const levels = sortLevels(labels.filter((l): l is string => l !== null));
  const index = new Map(levels.map((l, k) => [l, k]));
  return { kind: "factor", levels, codes: Int32Array.from(labels, (l) => (l === null ? -1 : index.get(l)!)), ordered: false };
}

/** Evaluate one formula variable over the rows of `frame`; `where` names the formula for messages. */
export function evaluateVariable(node: Node, frame: DataFrame, where: string): VariableValue {
  if (node.kind === "name") {
    const col = column(frame, node.name, where);
    if (col.kind === "numeric") return { kind: "numeric", columns: [col.values], colnames: null };
    return factorValue(col);
  }
  if (node.kind === "call") {
    if (node.fn === "at.level" || node.fn === "at.set") return atLevel(node, frame, where);
    if (node.fn === "poly") {
      const { x, degree, raw } = polyArguments(node, where);
      return { kind: "numeric", columns: polyColumns(numericOf(x, frame, where), degree, raw, `${printNode(node)} (in ${where})`), colnames: null };
    }
    if (node.fn === "spl") return spl(node, frame, where);
    if (node.fn === "mult.memb") return multipleMembership(node, frame, where, evaluateVariable);
    if ((node.fn === "factor" || node.fn === "as.factor") && node.args.length === 1) {
      return asFactor(evaluateVariable(node.args[0].value, frame, where));
    }
  }
  return { kind: "numeric", columns: [numericOf(node, frame, where)], colnames: null };
}

function factorValue(col: FactorColumn): FactorValue {
  return { kind: "factor", levels: col.levels, codes: col.codes, ordered: col.ordered };
}

/** Column names a formula refers to (for checking them all before any work is done). */
export function referencedColumns(node: Node): string[] {
  switch (node.kind) {
    case "name":
      return [node.name];
    case "call":
      if (node.fn === "poly") return referencedColumns(polyArguments(node, "poly()").x); // degree and raw are not columns
      return node.args.flatMap((a) => referencedColumns(a.value));
    case "binary":
      return [...referencedColumns(node.left), ...referencedColumns(node.right)];
    case "unary":
      return referencedColumns(node.arg);
    case "paren":
      return referencedColumns(node.expr);
    case "formula":
      return [...(node.lhs === null ? [] : referencedColumns(node.lhs)), ...referencedColumns(node.rhs)];
    default:
      return [];
  }
}
