// Formula AST -> text, spaced as R's deparse() spaces it, because R names model-matrix columns
// after the deparsed variables ("I(age^2)", "log(x + 1)"). Parentheses are added only where
// precedence needs them, so print(parse(f)) parses back to the same tree.

import { infixPower, prefixPower, type Node } from "./parse.js";

// R's deparse writes these operators without surrounding spaces.
const TIGHT = new Set(["^", ":", "/"]);

const SYNTACTIC_NAME = /^((\.[A-Za-z._]|[A-Za-z])[A-Za-z0-9._]*|\.)$/;

/** A number as R prints it: up to 15 significant digits, fixed or scientific, whichever is narrower. */
export function formatRNumber(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Inf" : "-Inf";
  if (x === 0) return "0";
  const sig = Number(x.toPrecision(15));
  const exp = sig.toExponential(); // shortest mantissa that round-trips the 15-digit value
  const [mantissa, e] = exp.split("e");
  const power = Number(e);
  const sci = `${mantissa}e${power < 0 ? "-" : "+"}${String(Math.abs(power)).padStart(2, "0")}`;
  const digits = mantissa.replace("-", "").replace(".", "").length;
  const decimals = Math.max(0, digits - 1 - power);
  const fixed = sig.toFixed(Math.min(decimals, 100));
  return fixed.length <= sci.length ? fixed : sci;
}

function printName(name: string): string {
  return SYNTACTIC_NAME.test(name) ? name : "`" + name.replace(/`/g, "\\`") + "`";
}

function printString(s: string): string {
  return JSON.stringify(s);
}

/** Print `node`; wrap it in parentheses when it binds less tightly than its context needs. */
export function printNode(node: Node, minPower = 0): string {
  switch (node.kind) {
    case "name":
      return printName(node.name);
    case "number":
      return formatRNumber(node.value) + (node.integer ? "L" : "");
    case "string":
      return printString(node.value);
    case "paren":
      return "(" + printNode(node.expr) + ")";
    case "call":
      return (
        printName(node.fn) +
        "(" +
        node.args.map((a) => (a.name === undefined ? "" : printName(a.name) + " = ") + printNode(a.value)).join(", ") +
        ")"
      );
    case "unary": {
      const p = prefixPower(node.op);
      return wrap(node.op + printNode(node.arg, p), p < minPower);
    }
    case "formula": {
      const [l, r] = infixPower("~")!;
      if (node.lhs === null) return wrap("~" + printNode(node.rhs, prefixPower("~")), prefixPower("~") < minPower);
      return wrap(printNode(node.lhs, l + 1) + " ~ " + printNode(node.rhs, r), l < minPower);
    }
    case "binary": {
      const [l, r] = infixPower(node.op)!;
      const sep = TIGHT.has(node.op) ? node.op : ` ${node.op} `;
      // Left operand: for a left-associative operator an equal-power left child needs no parentheses.
      const leftMin = r > l ? l : l + 1;
      return wrap(printNode(node.left, leftMin) + sep + printNode(node.right, r), l < minPower);
    }
  }
}

function wrap(text: string, needed: boolean): string {
  return needed ? "(" + text + ")" : text;
}

/** The R-deparsed text of an expression or formula. */
export function printFormula(node: Node): string {
  return printNode(node);
}
