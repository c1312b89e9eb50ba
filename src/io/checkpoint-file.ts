// Checkpoints on disk: JSON in which every Float64Array is stored as the base64 of its bytes and
// every number JSON cannot hold exactly (NaN, +-Infinity, -0) as a tagged string, so what is read
// back is bit for bit what was saved. Written atomically (temp file + rename).

import { readFileSync } from "node:fs";
import { DataError } from "../errors.js";
import type { ChainCheckpoint } from "../samplers/run/checkpoint.js";
import { writeFileAtomic } from "./output-dir.js";

const F64 = "$f64";
const NUM = "$num";

function encodeValue(value: unknown): unknown {
  if (value instanceof Float64Array) return { [F64]: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0) ? value : { [NUM]: Object.is(value, -0) ? "-0" : String(value) };
  if (Array.isArray(value)) return value.map(encodeValue);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeValue(v)]));
  return value;
}

function decodeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeValue);
  if (typeof value === "object" && value !== null) {
    const obj = value as Record<string, unknown>;
    if (typeof obj[F64] === "string") {
      const bytes = Buffer.from(obj[F64] as string, "base64");
      const out = new Float64Array(bytes.byteLength / 8);
      new Uint8Array(out.buffer).set(bytes);
      return out;
    }
    if (typeof obj[NUM] === "string") return obj[NUM] === "-0" ? -0 : Number(obj[NUM]);
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, decodeValue(v)]));
  }
  return value;
}

/** Any value with typed arrays as exact JSON text. */
export function encodeExactJson(value: unknown, indent?: number): string {
  return JSON.stringify(encodeValue(value), null, indent);
}

export function decodeExactJson<T>(text: string): T {
  return decodeValue(JSON.parse(text)) as T;
}

export function writeCheckpointFile(path: string, cp: ChainCheckpoint): void {
  writeFileAtomic(path, encodeExactJson(cp) + "\n");
}

export function readCheckpointFile(path: string): ChainCheckpoint {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new DataError(`cannot read the checkpoint ${path}: ${(err as Error).message}`);
  }
  try {
    return decodeExactJson<ChainCheckpoint>(text);
  } catch (err) {
    throw new DataError(`the checkpoint ${path} is damaged: ${(err as Error).message}`);
  }
}
