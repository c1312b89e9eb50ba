// Draws CSV files on disk (Node only): a streaming reader (large files are not held in memory
// as text) and a chunked writer. The format itself is portable: io/draws-csv.ts.

import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { parse } from "csv-parse";
import { DataError } from "../../errors.js";
import { PARSE_OPTIONS, createDrawsBuilder, drawsCsvChunks, type DrawsTable } from "../../io/draws-csv.js";

/**
 * Reads a draws CSV file, streaming (large files are not held in memory as text).
 *
 * @example
 * ```ts
 * const table = await readDrawsCsv("out/draws.csv");
 * rhat(table.chains[table.parameters.indexOf("units")]);
 * ```
 */
export async function readDrawsCsv(path: string): Promise<DrawsTable> {
  const builder = createDrawsBuilder(path);
  const source = createReadStream(path);
  const parser = source.pipe(parse(PARSE_OPTIONS));
  // pipe() does not forward the source's errors (a missing file): end the iteration with them
  source.on("error", (e) => parser.destroy(e));
  try {
    for await (const record of parser) builder.add(record as string[]);
  } catch (e) {
    // file-system errors (ENOENT, EACCES, ...) keep their code; CSV syntax errors are data errors
    if (e instanceof DataError || (e as NodeJS.ErrnoException).syscall !== undefined) throw e;
    throw new DataError(`${path}: ${(e as Error).message}`);
  }
  return builder.finish();
}

/**
 * Writes the draws CSV to `path`, chunk by chunk.
 *
 * @example
 * ```ts
 * await writeDrawsCsv("draws.csv", ["mu"], [[Float64Array.of(0.1, 0.3), Float64Array.of(0.2, 0.4)]]);
 * ```
 */
export async function writeDrawsCsv(
  path: string,
  parameters: readonly string[],
  chains: readonly (readonly Float64Array[])[],
): Promise<void> {
  const handle = await open(path, "w");
  try {
    for (const chunk of drawsCsvChunks(parameters, chains)) await handle.write(chunk);
  } finally {
    await handle.close();
  }
}
