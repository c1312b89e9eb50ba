import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // tests import modules below src/index.ts: install the Node platform (worker_threads) as it does
    setupFiles: ["test/setup/node-platform.ts"],
    exclude: ["test/validate/**", "test/cluster/**"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
    // the allocation tests measure the heap after a full collection
    execArgv: ["--expose-gc"],
  },
});
