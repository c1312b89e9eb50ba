// A model spec and the files it names (data CSV, pedigree, ginverse), from any source of text:
// the Node CLI reads them from disk (io/spec-file.ts), a web page from files the user picked
// or fetched. Portable: no file system here.

import { ModelSpecError } from "../errors.js";
import { frameFromCsv } from "../models/frame.js";
import { readGinverse } from "../models/relationships/ginverse.js";
import { inverseA, parsePedigree } from "../models/relationships/pedigree.js";
import type { Relationship } from "../models/structures/build-term.js";
import type { DataFrame, ModelSpec } from "../models/types.js";

/** The text of a file the spec names (`file` as written in the spec); `what` is for error messages. */
export type ReadSpecFile = (file: string, what: string) => string;

export interface SpecWithData {
  readonly spec: ModelSpec;
  readonly data: DataFrame;
  readonly relationships: Record<string, Relationship>;
}

/** Parses a spec's JSON text; `source` names it in error messages. */
export function parseSpecJson(text: string, source = "the spec"): ModelSpec {
  try {
    return JSON.parse(text) as ModelSpec;
  } catch (err) {
    throw new ModelSpecError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Relationship matrices named by the spec: the pedigree's A-inverse for `animal`, and any ginverse files. */
export function relationshipsFromFiles(spec: ModelSpec, read: ReadSpecFile): Record<string, Relationship> {
  const out: Record<string, Relationship> = {};
  if (spec.pedigree) {
    const { Ainv, ids } = inverseA(parsePedigree(read(spec.pedigree, "the pedigree")));
    out.animal = { levels: ids, Ainv };
  }
  for (const [column, file] of Object.entries(spec.ginverse ?? {})) {
    const g = readGinverse(read(file, `the ginverse for ${column}`), undefined, file);
    out[column] = { levels: g.levels, Ainv: g.Ainv };
  }
  return out;
}

/**
 * The spec with its data frame and relationships. `dataCsv` overrides the spec's `data` file
 * (a page where the user picks the CSV); without it the spec must name one.
 */
export function specWithData(spec: ModelSpec, read: ReadSpecFile, dataCsv?: string, source = "the spec"): SpecWithData {
  if (dataCsv === undefined && !spec.data) throw new ModelSpecError(`${source} names no data file ("data")`);
  const data = frameFromCsv(dataCsv ?? read(spec.data!, "the data file"), spec.columns);
  return { spec, data, relationships: relationshipsFromFiles(spec, read) };
}
