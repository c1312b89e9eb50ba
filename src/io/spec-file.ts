// Reading a model spec file (the CLI's contract): the JSON spec, its data CSV, and any pedigree
// or ginverse files, with paths resolved relative to the spec file.

import { dirname, readTextFile, resolve } from "../platform/node/files.js";
import { ModelSpecError } from "../errors.js";
import { frameFromCsv } from "../models/frame.js";
import type { DataFrame, ModelSpec } from "../models/types.js";
import type { Relationship } from "../models/structures/build-term.js";
import { relationshipsFromFiles } from "./spec-sources.js";

export interface LoadedSpec {
  readonly spec: ModelSpec;
  readonly data: DataFrame;
  readonly relationships: Record<string, Relationship>;
  readonly baseDir: string;
}

export function readSpecFile(path: string): ModelSpec {
  let text: string;
  try {
    text = readTextFile(path);
  } catch (err) {
    throw new ModelSpecError(`cannot read the spec file ${path}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as ModelSpec;
  } catch (err) {
    throw new ModelSpecError(`the spec file ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

function readText(path: string, what: string): string {
  try {
    return readTextFile(path);
  } catch (err) {
    throw new ModelSpecError(`cannot read ${what} ${path}: ${(err as Error).message}`);
  }
}

/** Relationship matrices named by the spec (pedigree for `animal`, ginverse files), read from baseDir. */
export function loadRelationships(spec: ModelSpec, baseDir: string): Record<string, Relationship> {
  return relationshipsFromFiles(spec, (file, what) => readText(resolve(baseDir, file), what));
}

export function loadSpec(path: string): LoadedSpec {
  const spec = readSpecFile(path);
  const baseDir = dirname(resolve(path));
  if (!spec.data) throw new ModelSpecError(`the spec file ${path} names no data file ("data")`);
  const data = frameFromCsv(readText(resolve(baseDir, spec.data), "the data file"), spec.columns);
  return { spec, data, relationships: loadRelationships(spec, baseDir), baseDir };
}
