// A model spec and the files it names (data CSV, pedigree, ginverse), from any source of text:
// the Node CLI reads them from disk (io/spec-file.ts), a web page from files the user picked
// or fetched. Portable: no file system here.

import { ModelSpecError } from "../errors.js";
import { frameFromCsv } from "../models/frame.js";
import { readGinverse } from "../models/relationships/ginverse.js";
import { inverseA, parsePedigree } from "../models/relationships/pedigree.js";
import { parseNewick } from "../models/relationships/newick.js";
import { phylogenyInverse } from "../models/relationships/phylogeny.js";
import type { Relationship } from "../models/structures/build-term.js";
import type { DataFrame, ModelSpec } from "../models/types.js";

/** The text of a file the spec names (`file` as written in the spec); `what` is for error messages. */
export type ReadSpecFile = (file: string, what: string) => string;

export interface SpecWithData {
  readonly spec: ModelSpec;
  readonly data: DataFrame;
  readonly relationships: Record<string, Relationship>;
}

/**
 * Parses a spec's JSON text; `source` names it in error messages.
 *
 * @example
 * ```ts
 * const spec = parseSpecJson('{"data": "data.csv", "fixed": "y ~ x"}');
 * ```
 */
export function parseSpecJson(text: string, source = "the spec"): ModelSpec {
  try {
    return JSON.parse(text) as ModelSpec;
  } catch (err) {
    throw new ModelSpecError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Files read as a Newick tree rather than a CSV pedigree or triplets. */
export function isTreeFile(file: string): boolean {
  return /\.(nwk|tre|newick)$/i.test(file);
}

/** A tree's inverse, as MCMCglmm's inverseA(read.tree(file), nodes, scale) with the spec's `phylogeny` options. */
function treeInverse(spec: ModelSpec, text: string, file: string): Relationship {
  const options = spec.phylogeny ?? {};
  if (options.scale !== undefined && typeof options.scale !== "boolean") {
    throw new ModelSpecError(`"phylogeny": "scale" must be true or false, got ${JSON.stringify(options.scale)}`);
  }
  if (options.nodes !== undefined && options.nodes !== "ALL" && options.nodes !== "TIPS") {
    throw new ModelSpecError(`"phylogeny": "nodes" must be "ALL" or "TIPS", got ${JSON.stringify(options.nodes)}`);
  }
  return phylogenyInverse(parseNewick(text, file), options, file);
}

/**
 * Relationship matrices named by the spec: the pedigree's A-inverse (or a tree's) for `animal`,
 * and any ginverse files (triplets, or Newick trees).
 *
 * @example
 * ```ts
 * const files: Record<string, string> = { "pedigree.csv": pedigreeText };
 * const relationships = relationshipsFromFiles(spec, (file) => files[file]);
 * ```
 */
export function relationshipsFromFiles(spec: ModelSpec, read: ReadSpecFile): Record<string, Relationship> {
  const out: Record<string, Relationship> = {};
  const trees = [spec.pedigree, ...Object.values(spec.ginverse ?? {})].filter((f): f is string => f !== undefined && isTreeFile(f));
  if (spec.phylogeny !== undefined && trees.length === 0) {
    throw new ModelSpecError('"phylogeny" options are given but no pedigree or ginverse file is a tree (.nwk, .tre or .newick)');
  }
  if (spec.pedigree && isTreeFile(spec.pedigree)) {
    out.animal = treeInverse(spec, read(spec.pedigree, "the tree"), spec.pedigree);
  } else if (spec.pedigree) {
    const { Ainv, AinvRoot, ids } = inverseA(parsePedigree(read(spec.pedigree, "the pedigree")));
    out.animal = { levels: ids, Ainv, AinvRoot };
  }
  for (const [column, file] of Object.entries(spec.ginverse ?? {})) {
    if (isTreeFile(file)) {
      out[column] = treeInverse(spec, read(file, "the tree"), file);
      continue;
    }
    const g = readGinverse(read(file, `the ginverse for ${column}`), undefined, file);
    out[column] = { levels: g.levels, Ainv: g.Ainv };
  }
  return out;
}

/**
 * The spec with its data frame and relationships. `dataCsv` overrides the spec's `data` file
 * (a page where the user picks the CSV); without it the spec must name one.
 *
 * @example
 * ```ts
 * const { spec, data, relationships } = specWithData(parseSpecJson(specText), (file) => files[file], csvText);
 * const result = await fit(spec, data, { relationships });
 * ```
 */
export function specWithData(spec: ModelSpec, read: ReadSpecFile, dataCsv?: string, source = "the spec"): SpecWithData {
  if (dataCsv === undefined && !spec.data) throw new ModelSpecError(`${source} names no data file ("data")`);
  const data = frameFromCsv(dataCsv ?? read(spec.data!, "the data file"), spec.columns);
  return { spec, data, relationships: relationshipsFromFiles(spec, read) };
}
