// Reading a model spec file (the CLI's contract): the JSON spec, its data CSV, and any pedigree
// or ginverse files, with paths resolved relative to the spec file.

import { dirname, readTextFile, resolve } from "../platform/node/files.js";
import { ModelSpecError } from "../errors.js";
import { frameFromCsv } from "../models/frame.js";
import { checkSpecKeys } from "./spec-keys.js";
import type { DataFrame, ModelSpec } from "../models/types.js";
import type { Relationship } from "../models/structures/build-term.js";
import { relationshipsFromFiles } from "./spec-sources.js";

export interface LoadedSpec {
  readonly spec: ModelSpec;
  readonly data: DataFrame;
  readonly relationships: Record<string, Relationship>;
  readonly baseDir: string;
}

/**
 * Reads and checks a model spec (JSON) without loading its data.
 *
 * @example
 * ```ts
 * const spec = readSpecFile("examples/btdata/spec.json");
 * spec.fixed; // "cbind(tarsus, back) ~ trait:sex + trait:hatchdate - 1"
 * ```
 */
export function readSpecFile(path: string): ModelSpec {
  let text: string;
  try {
    text = readTextFile(path);
  } catch (err) {
    throw new ModelSpecError(`cannot read the spec file ${path}: ${(err as Error).message}`);
  }
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch (err) {
    throw new ModelSpecError(`the spec file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  checkSpecKeys(spec);
  return spec as ModelSpec;
}

function readText(path: string, what: string): string {
  try {
    return readTextFile(path);
  } catch (err) {
    throw new ModelSpecError(`cannot read ${what} ${path}: ${(err as Error).message}`);
  }
}

export { isTreeFile } from "./spec-sources.js";

/**
 * Relationship matrices named by the spec (pedigree or tree for `animal`, ginverse files or trees), read from baseDir.
 *
 * @example
 * ```ts
 * const spec = readSpecFile("examples/btdata/spec.json");
 * const relationships = loadRelationships(spec, "examples/btdata"); // { animal: ... } from the pedigree
 * ```
 */
export function loadRelationships(spec: ModelSpec, baseDir: string): Record<string, Relationship> {
  return relationshipsFromFiles(spec, (file, what) => readText(resolve(baseDir, file), what));
}

/**
 * Reads a spec file with its data and relationship files (paths relative to the spec).
 *
 * @example
 * ```ts
 * const { spec, data, relationships } = loadSpec("examples/btdata/spec.json");
 * const result = await fit(spec, data, { relationships });
 * ```
 */
export function loadSpec(path: string): LoadedSpec {
  const spec = readSpecFile(path);
  const baseDir = dirname(resolve(path));
  if (!spec.data) throw new ModelSpecError(`the spec file ${path} names no data file ("data")`);
  const data = frameFromCsv(readText(resolve(baseDir, spec.data), "the data file"), spec.columns);
  return { spec, data, relationships: loadRelationships(spec, baseDir), baseDir };
}
