// Helpers for reading the design-matrix fixtures (MCMCglmm 2.36 output) in tests.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Csc } from "../../src/linalg/csc.js";

export const fixturePath = (rel: string): string => fileURLToPath(new URL(`../fixtures/${rel}`, import.meta.url));
export const readFixture = (rel: string): string => readFileSync(fixturePath(rel), "utf8");

/** Triplets "row","col","value" (1-based), sorted by column then row. */
export function readTriplets(rel: string): [number, number, number][] {
  const lines = readFixture(rel).trim().split("\n").slice(1);
  return lines
    .map((l) => l.split(",").map(Number) as [number, number, number])
    .sort((a, b) => a[1] - b[1] || a[0] - b[0]);
}

/** The non-zero entries of a CSC matrix as 1-based triplets, by column then row. */
export function cscTriplets(A: Csc): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let j = 0; j < A.ncol; j++) {
    for (let q = A.colPtr[j]; q < A.colPtr[j + 1]; q++) out.push([A.rowIdx[q] + 1, j + 1, A.values[q]]);
  }
  return out;
}
