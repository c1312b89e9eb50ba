// Keeps engine-dependent arithmetic out of src/: every Math function that ECMAScript leaves
// "implementation-approximated" (exp, log, pow, sin, ... differ in the last bit between Node's and
// Chromium's V8), any ** whose exponent is not the literal 2 (it is Math.pow), and Math.random,
// must go through src/math/deterministic.ts so that draws and summaries are bit-identical in every
// engine. Math.sqrt, abs, floor, round, min, max, ... are exactly specified and allowed.

import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "..", "src");
const APPROXIMATED = ["exp", "expm1", "log", "log1p", "log2", "log10", "pow", "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "cbrt", "hypot", "random"];

/**
 * Files allowed a raw call, each with the one function and the reason it cannot change a draw, a
 * summary or a written number. Keep it short: a new entry needs a reason that holds.
 */
const ALLOWED: Record<string, { fn: string; why: string }> = {
  "io/output-dir.ts": { fn: "random", why: "names a temporary file, which is renamed into place" },
};

/**
 * Code with comments blanked out, line by line (a full tokenizer would need to tell regular
 * expressions from divisions): lines inside or opening a block comment, and trailing // comments.
 */
function code(text: string): string {
  let inBlock = false;
  return text.split("\n").map((line) => {
    const t = line.trim();
    if (inBlock || t.startsWith("/*")) {
      const end = line.indexOf("*/");
      inBlock = end < 0;
      return inBlock ? "" : line.slice(end + 2);
    }
    if (t.startsWith("*") || t.startsWith("//")) return "";
    return line.replace(/\/\*.*?\*\//g, " ").replace(/(^|\s)\/\/.*$/, "");
  }).join("\n");
}

/** Each raw use in `text`: "Math.exp", "Math[...]", "Math destructured" or "** <exponent>", with its line. */
export function rawUses(text: string): { use: string; line: number }[] {
  const found: { use: string; line: number }[] = [];
  const lines = code(text).split("\n");
  const math = new RegExp(String.raw`\bMath\s*\.\s*(${APPROXIMATED.join("|")})\b`, "g");
  lines.forEach((l, i) => {
    for (const m of l.matchAll(math)) found.push({ use: `Math.${m[1]}`, line: i + 1 });
    if (/\bMath\s*\[/.test(l)) found.push({ use: "Math[...]", line: i + 1 });
    if (/\}\s*=\s*Math\b/.test(l) || /=\s*Math\s*[;,]/.test(l)) found.push({ use: "Math destructured or aliased", line: i + 1 });
    for (const m of l.matchAll(/\*\*\s*([^\s;,)\]]*)/g)) if (m[1] !== "2") found.push({ use: `** ${m[1]}`, line: i + 1 });
  });
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

describe("no engine-dependent Math in src/", () => {
  it("finds the raw uses it is meant to find, and not those in comments or of exact functions", () => {
    expect(rawUses("const y = Math.exp(x) + Math . log1p(z);").map((u) => u.use)).toEqual(["Math.exp", "Math.log1p"]);
    expect(rawUses("const f = Math.pow;\nxs.map(Math.cos)").map((u) => u.use)).toEqual(["Math.pow", "Math.cos"]);
    expect(rawUses("const { exp } = Math;\nconst m = Math;\nMath['sin'](1)").map((u) => u.use)).toEqual(["Math destructured or aliased", "Math destructured or aliased", "Math[...]"]);
    expect(rawUses("a ** 3 + b ** -0.2 + c ** d + e**(f)").map((u) => u.use)).toEqual(["** 3", "** -0.2", "** d", "** (f"]);
    expect(rawUses("const s = (v - m) ** 2; /** doc: Math.exp */ // Math.log(x) ** 3\nMath.sqrt(Math.abs(Math.floor(x)))")).toEqual([]);
    expect(rawUses("/*\n * Math.tanh(x)\n */\nconst r = Math.random();")).toEqual([{ use: "Math.random", line: 4 }]);
  });

  it("every file under src/ uses src/math/deterministic.ts instead (allow-list aside)", () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(100);
    const offending: string[] = [];
    for (const file of files) {
      const name = relative(SRC, file).split("\\").join("/");
      for (const { use, line } of rawUses(readFileSync(file, "utf8"))) {
        if (ALLOWED[name] !== undefined && use === `Math.${ALLOWED[name].fn}`) continue;
        offending.push(`src/${name}:${line}: ${use}`);
      }
    }
    expect(offending, "use src/math/deterministic.ts (exp, log, pow, ...) so that draws are the same in every JS engine").toEqual([]);
  });

  it("each allow-listed file exists and still makes the raw call it is allowed (no stale entries)", () => {
    for (const [name, { fn }] of Object.entries(ALLOWED)) {
      expect(rawUses(readFileSync(join(SRC, name), "utf8")).map((u) => u.use), name).toContain(`Math.${fn}`);
    }
  });
});
