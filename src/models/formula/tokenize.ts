// Tokenizer for R formulas (the subset of R's expression syntax that model formulas use).
// Every token keeps its character offset so parse errors can point at the text.

import { ModelSpecError } from "../../errors.js";

export type TokenKind = "name" | "number" | "string" | "op" | "eof";

export interface Token {
  readonly kind: TokenKind;
  /** Name (unquoted), number text, string value, or operator text. */
  readonly text: string;
  /** 0-based offset of the first character in the source. */
  readonly start: number;
  readonly end: number;
}

/** A syntax error in a formula, with the 0-based character offset it refers to. */
export class FormulaSyntaxError extends ModelSpecError {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

// Longest first, so that "<=" wins over "<" and "&&" over "&".
const OPERATORS = ["==", "!=", "<=", ">=", "&&", "||", "~", "+", "-", "*", "/", "^", ":", "(", ")", ",", "=", "<", ">", "!", "&", "|"];

const NAME_START = /[A-Za-z.]/;
const NAME_CHAR = /[A-Za-z0-9._]/;
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?L?/;

/** Where in `source` a 0-based offset is, for messages: `character 7 of "y ~ (a"`. */
export function describePosition(source: string, offset: number, what = "formula"): string {
  return `character ${offset + 1} of ${what} "${source}"`;
}

export function tokenize(source: string, what = "formula"): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (message: string, at: number): never => {
    throw new FormulaSyntaxError(`${message} at ${describePosition(source, at, what)}`, at);
  };
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const number = NUMBER.exec(source.slice(i));
    if (/[0-9]/.test(c) || (c === "." && number !== null)) {
      const text = number![0];
      tokens.push({ kind: "number", text, start: i, end: i + text.length });
      i += text.length;
      continue;
    }
    if (NAME_START.test(c)) {
      let j = i + 1;
      while (j < source.length && NAME_CHAR.test(source[j])) j++;
      tokens.push({ kind: "name", text: source.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (c === "`" || c === '"' || c === "'") {
      const { value, end } = readQuoted(source, i, fail);
      tokens.push({ kind: c === "`" ? "name" : "string", text: value, start: i, end });
      i = end;
      continue;
    }
    if (c === "%") {
      const close = source.indexOf("%", i + 1);
      if (close < 0) fail("unterminated %operator%", i);
      tokens.push({ kind: "op", text: source.slice(i, close + 1), start: i, end: close + 1 });
      i = close + 1;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op === undefined) fail(`unexpected character '${c}'`, i);
    tokens.push({ kind: "op", text: op!, start: i, end: i + op!.length });
    i += op!.length;
  }
  tokens.push({ kind: "eof", text: "", start: source.length, end: source.length });
  return tokens;
}

function readQuoted(
  source: string,
  start: number,
  fail: (message: string, at: number) => never,
): { value: string; end: number } {
  const quote = source[start];
  let value = "";
  let j = start + 1;
  while (j < source.length && source[j] !== quote) {
    if (source[j] === "\\" && j + 1 < source.length) {
      const e = source[j + 1];
      value += e === "n" ? "\n" : e === "t" ? "\t" : e;
      j += 2;
    } else {
      value += source[j++];
    }
  }
  if (j >= source.length) fail(`unterminated ${quote === "`" ? "backtick name" : "string"}`, start);
  return { value, end: j + 1 };
}
