// Tests import src modules directly, not through src/index.ts: install the Node platform
// (chains in worker_threads, cores from node:os) the way the Node entry points do.
import "../../src/platform/node/install.js";
