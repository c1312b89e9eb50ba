// The browser platform: cores from navigator.hardwareConcurrency, chains in Web Workers running
// the separately bundled chain worker (dist-browser/mcglmm-worker.js, next to mcglmm.js).

import type { Platform } from "../platform.js";
import { WebWorkerExecutor } from "./web-worker-executor.js";

export interface BrowserPlatformOptions {
  /** Where the chain worker script is served (default: mcglmm-worker.js next to this bundle). */
  workerUrl?: URL | string;
}

export function browserPlatform(options: BrowserPlatformOptions = {}): Platform {
  const workerUrl = options.workerUrl ?? new URL("./mcglmm-worker.js", import.meta.url);
  return {
    name: "browser",
    availableParallelism: () => Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1),
    createParallelExecutor: (request) => new WebWorkerExecutor(request, workerUrl),
  };
}
