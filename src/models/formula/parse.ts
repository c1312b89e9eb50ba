// R formula -> AST by precedence climbing, with R's operator precedence (R Language
// Definition, sec. 10.4.2): ^ > unary +- > : > %any% > * / > binary +- > comparison > ! > & > | > ~.
// Nodes keep source offsets so later stages can quote the text and point at errors.

import { FormulaSyntaxError, describePosition, tokenize, type Token } from "./tokenize.js";

interface Span {
  readonly start: number;
  readonly end: number;
}

export interface NameNode extends Span {
  readonly kind: "name";
  readonly name: string;
}
export interface NumberNode extends Span {
  readonly kind: "number";
  readonly value: number;
  /** Written as an R integer literal (1L). */
  readonly integer: boolean;
}
export interface StringNode extends Span {
  readonly kind: "string";
  readonly value: string;
}
export interface CallArg {
  readonly name?: string;
  readonly value: Node;
}
export interface CallNode extends Span {
  readonly kind: "call";
  readonly fn: string;
  readonly args: readonly CallArg[];
}
export interface BinaryNode extends Span {
  readonly kind: "binary";
  readonly op: string;
  readonly left: Node;
  readonly right: Node;
}
export interface UnaryNode extends Span {
  readonly kind: "unary";
  readonly op: string;
  readonly arg: Node;
}
export interface ParenNode extends Span {
  readonly kind: "paren";
  readonly expr: Node;
}
export interface FormulaNode extends Span {
  readonly kind: "formula";
  readonly lhs: Node | null;
  readonly rhs: Node;
}

export type Node = NameNode | NumberNode | StringNode | CallNode | BinaryNode | UnaryNode | ParenNode | FormulaNode;

/** Binding power of infix operators: [left, right]; right > left means left-associative. */
export function infixPower(op: string): [number, number] | null {
  if (op === "^") return [22, 21];
  if (op === ":") return [18, 19];
  if (op.startsWith("%")) return [16, 17];
  if (op === "*" || op === "/") return [14, 15];
  if (op === "+" || op === "-") return [12, 13];
  if (["<", ">", "<=", ">=", "==", "!="].includes(op)) return [10, 11];
  if (op === "&" || op === "&&") return [6, 7];
  if (op === "|" || op === "||") return [4, 5];
  if (op === "~") return [2, 3];
  return null;
}

/** Binding power of the operand of a prefix operator. */
export function prefixPower(op: string): number {
  if (op === "-" || op === "+") return 20;
  if (op === "!") return 8;
  return 3; // ~
}

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
    private readonly what: string,
  ) {}

  private peek(): Token {
    return this.tokens[this.i];
  }
  private next(): Token {
    return this.tokens[this.i++];
  }
  fail(message: string, at: number): never {
    throw new FormulaSyntaxError(`${message} at ${describePosition(this.source, at, this.what)}`, at);
  }

  parseAll(): Node {
    const node = this.expression(0);
    const t = this.peek();
    if (t.kind !== "eof") {
      if (t.text === ")") this.fail("unbalanced parenthesis: ')' has no matching '('", t.start);
      this.fail(`unexpected '${t.text}'`, t.start);
    }
    return node;
  }

  expression(minPower: number): Node {
    let left = this.prefix();
    for (;;) {
      const t = this.peek();
      if (t.kind !== "op") {
        if (t.kind === "eof") return left;
        this.fail(`unexpected ${t.kind} '${t.text}' (missing operator?)`, t.start);
      }
      const power = infixPower(t.text);
      if (power === null || power[0] < minPower) return left;
      this.next();
      const right = this.expression(power[1]);
      left =
        t.text === "~"
          ? { kind: "formula", lhs: left, rhs: right, start: left.start, end: right.end }
          : { kind: "binary", op: t.text, left, right, start: left.start, end: right.end };
    }
  }

  private prefix(): Node {
    const t = this.next();
    switch (t.kind) {
      case "number": {
        const integer = t.text.endsWith("L");
        return { kind: "number", value: Number(integer ? t.text.slice(0, -1) : t.text), integer, start: t.start, end: t.end };
      }
      case "string":
        return { kind: "string", value: t.text, start: t.start, end: t.end };
      case "name":
        return this.peek().text === "(" && this.peek().kind === "op" ? this.call(t) : { kind: "name", name: t.text, start: t.start, end: t.end };
      case "eof":
        return this.fail("the formula ends where a term was expected", t.start);
      case "op":
        break;
    }
    if (t.text === "(") {
      const expr = this.expression(0);
      const close = this.next();
      if (close.text !== ")") this.unclosed(t, close);
      return { kind: "paren", expr, start: t.start, end: close.end };
    }
    if (t.text === "-" || t.text === "+" || t.text === "!" || t.text === "~") {
      const arg = this.expression(prefixPower(t.text));
      if (t.text === "~") return { kind: "formula", lhs: null, rhs: arg, start: t.start, end: arg.end };
      return { kind: "unary", op: t.text, arg, start: t.start, end: arg.end };
    }
    if (t.text === ")") this.fail("unbalanced parenthesis: ')' has no matching '('", t.start);
    return this.fail(`unexpected '${t.text}'`, t.start);
  }

  private unclosed(open: Token, found: Token): never {
    if (found.kind === "eof") this.fail("unbalanced parenthesis: '(' is never closed", open.start);
    return this.fail(`expected ')' to close the '(' at character ${open.start + 1}, found '${found.text}'`, found.start);
  }

  private call(fn: Token): CallNode {
    const open = this.next();
    const args: CallArg[] = [];
    if (this.peek().text !== ")") {
      for (;;) {
        let name: string | undefined;
        const t = this.peek();
        const after = this.tokens[this.i + 1];
        if ((t.kind === "name" || t.kind === "string") && after.kind === "op" && after.text === "=") {
          name = t.text;
          this.i += 2;
        }
        const value = this.expression(0);
        args.push(name === undefined ? { value } : { name, value });
        if (this.peek().text !== ",") break;
        this.next();
      }
    }
    const close = this.next();
    if (close.text !== ")") this.unclosed(open, close);
    return { kind: "call", fn: fn.text, args, start: fn.start, end: close.end };
  }
}

/**
 * Parse an R expression or formula. `what` names it in error messages ("fixed formula").
 * Throws FormulaSyntaxError (a ModelSpecError) with the offending character's position.
 */
export function parseExpression(source: string, what = "formula"): Node {
  return new Parser(tokenize(source, what), source, what).parseAll();
}

/** Parse a formula (`y ~ x` or `~ x`); anything else is a ModelSpecError. */
export function parseFormula(source: string, what = "formula"): FormulaNode {
  const node = parseExpression(source, what);
  if (node.kind !== "formula") {
    throw new FormulaSyntaxError(`${what} "${source}" is not a formula: it needs a '~'`, 0);
  }
  return node;
}
