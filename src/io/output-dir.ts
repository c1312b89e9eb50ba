// The output folder of a run: checked before any sampling (so a bad --out never costs a fit), and
// written atomically (temp file + rename in the same folder), so a failed or killed write never
// leaves half a file where a whole one was expected.

import { accessSync, closeSync, constants, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { DataError } from "../errors.js";

/**
 * Creates `dir` if needed and checks that files can be created in it; a DataError naming the
 * path and the reason otherwise (an existing file, a read-only folder, a path under a file).
 */
export function prepareOutputDir(dir: string): void {
  const path = resolve(dir);
  if (existsSync(path) && !statSync(path).isDirectory()) {
    throw new DataError(`--out ${dir}: this is an existing file, not a folder; give a folder to write the results in`);
  }
  try {
    mkdirSync(path, { recursive: true });
  } catch (err) {
    throw new DataError(`--out ${dir}: cannot create the folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); choose a folder you can write to`);
  }
  try {
    accessSync(path, constants.W_OK | constants.X_OK);
    // access() can say yes where a write still fails (read-only mounts, root on some systems): try one
    const probe = join(path, `.mcglmm-write-test-${process.pid}`);
    writeFileAtomic(probe, "");
    rmSync(probe, { force: true });
  } catch (err) {
    throw new DataError(`--out ${dir}: the folder is not writable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); choose a folder you can write to`);
  }
}

/** Writes `data` to `path` through a temp file in the same folder and a rename (atomic on POSIX). */
export function writeFileAtomic(path: string, data: string | Iterable<string>): void {
  const temp = join(dirname(path), `.${Date.now().toString(36)}-${process.pid}-${Math.random().toString(36).slice(2)}.tmp`);
  const fd = openSync(temp, "w");
  try {
    if (typeof data === "string") writeSync(fd, data);
    else for (const chunk of data) writeSync(fd, chunk);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
