// Reading a model spec file (the CLI's contract): the JSON spec, its data CSV, and any pedigree
// or ginverse files, with paths resolved relative to the spec file.

import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ModelSpecError } from "../errors.js";
import { frameFromCsv } from "../models/frame.js";
import { readGinverse } from "../models/relationships/ginverse.js";
import { parseNewick } from "../models/relationships/newick.js";
import { inverseA, parsePedigree } from "../models/relationships/pedigree.js";
import { phylogenyInverse } from "../models/relationships/phylogeny.js";
import type { DataFrame, ModelSpec } from "../models/types.js";
import type { Relationship } from "../models/structures/build-term.js";

export interface LoadedSpec {
  readonly spec: ModelSpec;
  readonly data: DataFrame;
  readonly relationships: Record<string, Relationship>;
  readonly baseDir: string;
}

export function readSpecFile(path: string): ModelSpec {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
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
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new ModelSpecError(`cannot read ${what} ${path}: ${(err as Error).message}`);
  }
}

/** Files read as a Newick tree rather than a CSV pedigree or triplets. */
export function isTreeFile(file: string): boolean {
  return /\.(nwk|tre|newick)$/i.test(file);
}

/** A tree file's inverse, as MCMCglmm's inverseA(read.tree(file), nodes, scale) with the spec's `phylogeny` options. */
function loadTree(spec: ModelSpec, path: string, file: string): Relationship {
  const options = spec.phylogeny ?? {};
  if (options.scale !== undefined && typeof options.scale !== "boolean") {
    throw new ModelSpecError(`"phylogeny": "scale" must be true or false, got ${JSON.stringify(options.scale)}`);
  }
  if (options.nodes !== undefined && options.nodes !== "ALL" && options.nodes !== "TIPS") {
    throw new ModelSpecError(`"phylogeny": "nodes" must be "ALL" or "TIPS", got ${JSON.stringify(options.nodes)}`);
  }
  return phylogenyInverse(parseNewick(readText(path, "the tree"), file), options, file);
}

/** Relationship matrices named by the spec (pedigree for `animal`, ginverse files, Newick trees), read from baseDir. */
export function loadRelationships(spec: ModelSpec, baseDir: string): Record<string, Relationship> {
  const out: Record<string, Relationship> = {};
  const trees = [spec.pedigree, ...Object.values(spec.ginverse ?? {})].filter((f): f is string => f !== undefined && isTreeFile(f));
  if (spec.phylogeny !== undefined && trees.length === 0) {
    throw new ModelSpecError('"phylogeny" options are given but no pedigree or ginverse file is a tree (.nwk, .tre or .newick)');
  }
  if (spec.pedigree && isTreeFile(spec.pedigree)) {
    out.animal = loadTree(spec, resolve(baseDir, spec.pedigree), spec.pedigree);
  } else if (spec.pedigree) {
    const ped = parsePedigree(readText(resolve(baseDir, spec.pedigree), "the pedigree"));
    const { Ainv, ids } = inverseA(ped);
    out.animal = { levels: ids, Ainv };
  }
  for (const [column, file] of Object.entries(spec.ginverse ?? {})) {
    if (isTreeFile(file)) {
      out[column] = loadTree(spec, resolve(baseDir, file), file);
      continue;
    }
    const g = readGinverse(readText(resolve(baseDir, file), `the ginverse for ${column}`), undefined, file);
    out[column] = { levels: g.levels, Ainv: g.Ainv };
  }
  return out;
}

export function loadSpec(path: string): LoadedSpec {
  const spec = readSpecFile(path);
  const baseDir = dirname(resolve(path));
  if (!spec.data) throw new ModelSpecError(`the spec file ${path} names no data file ("data")`);
  const data = frameFromCsv(readText(resolve(baseDir, spec.data), "the data file"), spec.columns);
  return { spec, data, relationships: loadRelationships(spec, baseDir), baseDir };
}
