// R's poly(x, degree) in model formulas: orthogonal polynomials. R's algorithm (stats::poly)
// takes the QR decomposition of the centred Vandermonde matrix [1, x - mean, ..., (x - mean)^k]
// and keeps Q diag(R) with unit-length columns, dropping the constant. Column j of Q diag(R) is
// the part of (x - mean)^j orthogonal to all lower powers, whatever the signs the QR chooses, so
// Gram-Schmidt (run twice per column for accuracy) gives the same columns. raw = TRUE gives
// x, x^2, ..., x^k. Columns are named 1..k, so model-matrix columns read "poly(x, 2)1" as in R.

import { DataError, ModelSpecError } from "../../errors.js";
import { pow } from "../../math/deterministic.js";
import type { Node } from "./parse.js";
import { printNode } from "./print.js";

export interface PolyArguments {
  readonly x: Node;
  readonly degree: number;
  readonly raw: boolean;
}

/** poly(x, degree = 1, raw = FALSE) as called in a formula; ModelSpecError for anything else. */
export function polyArguments(node: Node & { kind: "call" }, where: string): PolyArguments {
  const label = printNode(node);
  const positional = node.args.filter((a) => a.name === undefined).map((a) => a.value);
  const named = new Map(node.args.filter((a) => a.name !== undefined).map((a) => [a.name!, a.value]));
  for (const name of named.keys()) {
    if (name !== "x" && name !== "degree" && name !== "raw") throw new ModelSpecError(`${label} (in ${where}): unknown argument "${name}" (poly takes x, degree, raw)`);
  }
  const x = named.get("x") ?? positional.shift();
  const degreeNode = named.get("degree") ?? positional.shift();
  const rawNode = named.get("raw") ?? positional.shift();
  if (x === undefined) throw new ModelSpecError(`${label} (in ${where}) needs a variable`);
  if (positional.length > 0) throw new ModelSpecError(`${label} (in ${where}): poly of several variables is not supported; use one poly() per variable`);
  const degree = degreeNode === undefined ? 1 : degreeNode.kind === "number" ? degreeNode.value : NaN;
  if (!Number.isInteger(degree) || degree < 1) throw new ModelSpecError(`${label} (in ${where}): the degree must be a positive whole number`);
  let raw = false;
  if (rawNode !== undefined) {
    if (rawNode.kind !== "name" || !["TRUE", "FALSE", "T", "F"].includes(rawNode.name)) throw new ModelSpecError(`${label} (in ${where}): raw must be TRUE or FALSE`);
    raw = rawNode.name.startsWith("T");
  }
  return { x, degree, raw };
}

/**
 * The k columns of poly(x, k) (orthogonal, or raw powers); DataError for missing values or too few distinct points.
 *
 * @example
 * ```ts
 * const [linear, quadratic] = polyColumns(Float64Array.of(1, 2, 3, 4, 5), 2, false, "poly(x, 2)"); // R's poly(x, 2)
 * ```
 */
export function polyColumns(x: Float64Array, degree: number, raw: boolean, what: string): Float64Array[] {
  const n = x.length;
  const missing = x.findIndex((v) => !Number.isFinite(v));
  if (missing >= 0) throw new DataError(`${what}: row ${missing + 1} is ${Number.isNaN(x[missing]) ? "missing" : x[missing]}; poly() needs every value`);
  if (raw) return Array.from({ length: degree }, (_, d) => x.map((v) => pow(v, d + 1)));
  const distinct = new Set(x).size;
  if (degree >= distinct) throw new DataError(`${what}: the degree (${degree}) must be less than the number of distinct values (${distinct})`);
  const mean = x.reduce((s, v) => s + v, 0) / n;
  const centred = x.map((v) => v - mean);
  const basis: Float64Array[] = [];
  for (let d = 0; d <= degree; d++) {
    const v = centred.map((c) => pow(c, d));
    for (let pass = 0; pass < 2; pass++) {
      for (const q of basis) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += v[i] * q[i];
        for (let i = 0; i < n; i++) v[i] -= dot * q[i];
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) v[i] /= norm;
    basis.push(v);
  }
  return basis.slice(1);
}
