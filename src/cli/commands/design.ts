// `mcglmm design spec.json --out DIR`: build the model's design matrices and write them as
// MCMCglmm-comparable files: X.csv and Z.csv (non-zero entries, 1-based "row","col","value")
// and meta.json (nrow, X_columns, Z_columns, Z_dim).

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { ModelSpecError } from "../../errors.js";
import type { Csc } from "../../linalg/csc.js";
import { readGinverse } from "../../models/relationships/ginverse.js";
import { frameFromCsv } from "../../models/frame.js";
import { buildModel, type BuildModelOptions } from "../../models/model.js";
import { inverseA, parsePedigree } from "../../models/relationships/pedigree.js";
import type { Relationship } from "../../models/structures/build-term.js";
import type { Model, ModelSpec } from "../../models/types.js";

/** Read a spec file and everything it points at (paths relative to the spec), and build the model. */
export function modelFromSpecFile(specPath: string): Model {
  const spec = JSON.parse(readFileSync(specPath, "utf8")) as ModelSpec;
  const base = dirname(resolve(specPath));
  if (spec.data === undefined) throw new ModelSpecError(`${specPath}: the spec needs "data", the path of a CSV file`);
  const data = frameFromCsv(readFileSync(resolve(base, spec.data), "utf8"), spec.columns);
  const options: { pedigree?: Relationship; ginverse?: Record<string, Relationship> } = {};
  if (spec.pedigree !== undefined) {
    const ped = parsePedigree(readFileSync(resolve(base, spec.pedigree), "utf8"));
    options.pedigree = { levels: ped.ids, Ainv: inverseA(ped).Ainv };
  }
  if (spec.ginverse !== undefined) {
    options.ginverse = Object.fromEntries(
      Object.entries(spec.ginverse).map(([name, file]) => [name, readGinverse(readFileSync(resolve(base, file), "utf8"), undefined, file)]),
    );
  }
  return buildModel(spec, data, options as BuildModelOptions);
}

/** Non-zero entries as CSV, 1-based, column by column. */
export function tripletsCsv(A: Csc): string {
  const lines = ['"row","col","value"'];
  for (let j = 0; j < A.ncol; j++) {
    for (let q = A.colPtr[j]; q < A.colPtr[j + 1]; q++) lines.push(`${A.rowIdx[q] + 1},${j + 1},${A.values[q]}`);
  }
  return lines.join("\n") + "\n";
}

export function writeDesign(model: Model, outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "X.csv"), tripletsCsv(model.X));
  writeFileSync(join(outDir, "Z.csv"), tripletsCsv(model.Z));
  const meta = { nrow: model.X.nrow, X_columns: model.fixedNames, Z_columns: model.randomNames, Z_dim: [model.Z.nrow, model.Z.ncol] };
  writeFileSync(join(outDir, "meta.json"), JSON.stringify(meta, null, 2) + "\n");
}

export function registerDesignCommand(program: Command): void {
  program
    .command("design")
    .description("build the fixed (X) and random (Z) design matrices of a model spec and write them")
    .argument("<spec>", "model spec JSON (data/pedigree paths are relative to it)")
    .requiredOption("--out <dir>", "output directory for X.csv, Z.csv and meta.json")
    .action((specPath: string, opts: { out: string }) => {
      const model = modelFromSpecFile(specPath);
      writeDesign(model, opts.out);
      process.stderr.write(`X: ${model.X.nrow} x ${model.X.ncol}, Z: ${model.Z.nrow} x ${model.Z.ncol} -> ${opts.out}\n`);
    });
}
