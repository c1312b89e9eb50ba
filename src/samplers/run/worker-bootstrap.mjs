// Loads the TypeScript worker when running from source (tests, tsx): workers cannot load .ts
// files directly, so register tsx's loader first (TOOLCHAIN.md). Builds use worker.js instead.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.tsEntry);
