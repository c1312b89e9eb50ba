import { defineConfig } from "vitest/config";

// `npm run test:cluster`: the Slurm integration test (installs slurm-wlm and munge, starts
// daemons; needs root). Not part of `npm test`.
export default defineConfig({
  test: {
    include: ["test/cluster/**/*.test.ts"],
    testTimeout: 900_000,
    hookTimeout: 900_000,
    pool: "forks",
  },
});
