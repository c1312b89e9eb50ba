// Every function (and class) the package exports from src/index.ts has a doc comment with an
// @example, which TypeDoc (`npm run docs`) turns into the API reference.
import { join } from "node:path";
import ts from "typescript";
import { expect, it } from "vitest";

it("every exported function has a doc comment with an @example", () => {
  const index = join(import.meta.dirname, "..", "..", "src", "index.ts");
  const program = ts.createProgram([index], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true });
  const checker = program.getTypeChecker();
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(index)!)!);
  const undocumented: string[] = [];
  let functions = 0;
  for (const exported of exports) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (!(symbol.flags & ts.SymbolFlags.Function)) continue;
    functions++;
    const declaration = symbol.declarations?.[0];
    const hasExample = declaration !== undefined && ts.getJSDocTags(declaration).some((t) => t.tagName.text === "example");
    if (!hasExample) undocumented.push(exported.name);
  }
  expect(functions).toBeGreaterThan(50);
  expect(undocumented).toEqual([]);
}, 60_000);
