// Tokenizer, parser and printer: R's precedence, positions in errors, and round trips.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ModelSpecError } from "../../src/errors.js";
import { parseExpression, parseFormula, type Node } from "../../src/models/formula/parse.js";
import { formatRNumber, printFormula } from "../../src/models/formula/print.js";
import { expandTerms, termLabels } from "../../src/models/formula/terms.js";
import { FormulaSyntaxError } from "../../src/models/formula/tokenize.js";

fc.configureGlobal({ seed: 20240601, numRuns: 300 });

const labels = (f: string) => {
  const node = parseFormula(f);
  return termLabels(expandTerms(node.rhs, f));
};

describe("parser and printer", () => {
  it("prints as R's deparse spaces formulas", () => {
    expect(printFormula(parseFormula("y~a*b+I(x^2)-1"))).toBe("y ~ a * b + I(x^2) - 1");
    expect(printFormula(parseExpression("us(1+Days):Subject"))).toBe("us(1 + Days):Subject");
    expect(printFormula(parseExpression("at.level(trait,1)"))).toBe("at.level(trait, 1)");
    expect(printFormula(parseExpression("cbind(a, n-a)"))).toBe("cbind(a, n - a)");
    expect(printFormula(parseExpression("log(x/2)"))).toBe("log(x/2)");
  });

  it("follows R's precedence", () => {
    const sum = parseExpression("a + b:c") as Node & { kind: "binary" };
    expect([sum.op, (sum.right as Node & { kind: "binary" }).op]).toEqual(["+", ":"]);
    expect(printFormula(parseExpression("-a^2"))).toBe("-a^2");
    expect((parseExpression("-a^2") as Node & { kind: "unary" }).arg.kind).toBe("binary");
    expect((parseExpression("a*b:c") as Node & { kind: "binary" }).op).toBe("*");
    expect((parseExpression("a^b^c") as Node & { kind: "binary" }).right.kind).toBe("binary");
  });

  it("formats numbers as R does", () => {
    expect(formatRNumber(100000)).toBe("1e+05");
    expect(formatRNumber(1000)).toBe("1000");
    expect(formatRNumber(0.0001)).toBe("1e-04");
    expect(formatRNumber(0.5)).toBe("0.5");
    expect(formatRNumber(-2.75)).toBe("-2.75");
  });

  it("reports an unclosed parenthesis at its position", () => {
    const err = (() => {
      try {
        parseFormula("y ~ (a + b", "fixed formula");
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(FormulaSyntaxError);
    expect(err).toBeInstanceOf(ModelSpecError);
    expect((err as FormulaSyntaxError).position).toBe(4);
    expect((err as Error).message).toMatch(/unbalanced parenthesis.*character 5 of fixed formula "y ~ \(a \+ b"/);
  });

  it("reports a stray closing parenthesis at its position", () => {
    expect(() => parseFormula("y ~ a + b)")).toThrow(/'\)' has no matching '\('.*character 10/);
    expect(() => parseFormula("y ~ log(a")).toThrow(/character 8/);
  });

  it("rejects other syntax errors with their position", () => {
    expect(() => parseFormula("y ~ a +")).toThrow(FormulaSyntaxError);
    expect(() => parseFormula("y ~ a b")).toThrow(/character 7/);
    expect(() => parseFormula("y ~ a $ b")).toThrow(/unexpected character '\$' at character 7/);
    expect(() => parseFormula("y + a")).toThrow(/needs a '~'/);
  });
});

describe("terms", () => {
  it("expands a*b*c in R's order", () => {
    expect(labels("y ~ a*b*c")).toEqual(["1", "a", "b", "c", "a:b", "a:c", "b:c", "a:b:c"]);
  });

  it("handles -1, +0, 1, deletion, / and ^", () => {
    expect(labels("y ~ a - 1")).toEqual(["a"]);
    expect(labels("y ~ 0 + a")).toEqual(["a"]);
    expect(labels("y ~ -1 + 1 + a")).toEqual(["1", "a"]);
    expect(labels("y ~ a*b - a:b")).toEqual(["1", "a", "b"]);
    expect(labels("y ~ a/b")).toEqual(["1", "a", "a:b"]);
    expect(labels("y ~ (a+b+c)^2")).toEqual(["1", "a", "b", "c", "a:b", "a:c", "b:c"]);
    expect(labels("y ~ b:a + a")).toEqual(["1", "a", "b:a"]);
    expect(labels("y ~ trait - 1 + trait:sex")).toEqual(["trait", "trait:sex"]);
    expect(labels("y ~ x + I(x^2) + log(z + 1)")).toEqual(["1", "x", "I(x^2)", "log(z + 1)"]);
  });

  it("refuses what is not a term", () => {
    expect(() => labels("y ~ a + 2")).toThrow(ModelSpecError);
    expect(() => labels("y ~ .")).toThrow(/not supported/);
    expect(() => labels("y ~ a > b + c")).toThrow(/wrap arithmetic in I/);
  });

  it("property: a product of k factors gives every subset, by order then in R's order", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom("a", "b", "c", "d", "e", "f"), { minLength: 1, maxLength: 5 }), (vars) => {
        const got = labels(`y ~ ${vars.join("*")}`).slice(1);
        const subsets: number[] = Array.from({ length: 2 ** vars.length - 1 }, (_, k) => k + 1);
        const pop = (m: number) => m.toString(2).replace(/0/g, "").length;
        subsets.sort((x, y) => pop(x) - pop(y) || x - y);
        const want = subsets.map((m) => vars.filter((_, i) => m & (1 << i)).join(":"));
        expect(got).toEqual(want);
      }),
    );
  });

  it("property: (sum of k variables)^n gives every subset of size <= n", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom("a", "b", "c", "d"), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 4 }), (vars, n) => {
        const got = labels(`y ~ (${vars.join(" + ")})^${n}`).slice(1);
        const sizes = got.map((l) => l.split(":").length);
        expect(sizes).toEqual([...sizes].sort((x, y) => x - y));
        let expected = 0;
        for (let k = 1; k <= Math.min(n, vars.length); k++) expected += binomial(vars.length, k);
        expect(new Set(got).size).toBe(expected);
      }),
    );
  });
});

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

// Random formula right-hand sides, built as trees, printed, parsed back.
const at = { start: 0, end: 0 };
const variable: fc.Arbitrary<Node> = fc.oneof(
  fc.constantFrom("a", "b", "c", "x.1", "d_2").map((name): Node => ({ kind: "name", name, ...at })),
  fc.constantFrom("a", "b").map(
    (name): Node => ({
      kind: "call",
      fn: "I",
      args: [{ value: { kind: "binary", op: "^", left: { kind: "name", name, ...at }, right: { kind: "number", value: 2, integer: false, ...at }, ...at } }],
      ...at,
    }),
  ),
  fc.constantFrom("a", "c").map((name): Node => ({ kind: "call", fn: "log", args: [{ value: { kind: "name", name, ...at } }], ...at })),
);
const rhs: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    variable,
    fc.constantFrom(0, 1).map((value): Node => ({ kind: "number", value, integer: false, ...at })),
    fc.record({ op: fc.constantFrom("+", "*", ":", "-", "/"), left: tie("node"), right: tie("node") }).map((r): Node => ({ kind: "binary", ...r, ...at })),
    tie("node").map((expr): Node => ({ kind: "paren", expr, ...at })),
    fc.record({ left: tie("node"), n: fc.integer({ min: 1, max: 3 }) }).map(
      ({ left, n }): Node => ({ kind: "binary", op: "^", left: { kind: "paren", expr: left, ...at }, right: { kind: "number", value: n, integer: false, ...at }, ...at }),
    ),
  ),
})).node;

describe("printer round trip (property)", () => {
  it("parse(print(f)) has the same terms and prints the same", () => {
    fc.assert(
      fc.property(rhs, (tree) => {
        const text = "y ~ " + printFormula(tree);
        const back = parseFormula(text);
        expect(printFormula(back)).toBe(text);
        const a = expandTerms(tree, text);
        const b = expandTerms(back.rhs, text);
        expect(termLabels(b)).toEqual(termLabels(a));
      }),
    );
  });
});
