// File access for the Node-only edges of the library (spec folders, fit output folders): the
// one place outside the CLI that imports node:fs and node:path.

import { readFileSync } from "node:fs";

export { dirname, join, resolve } from "node:path";

/** A UTF-8 text file's content (throws the file system's error, with its code). */
export function readTextFile(path: string): string {
  return readFileSync(path, "utf8");
}
