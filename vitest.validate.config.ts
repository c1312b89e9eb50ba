import { defineConfig } from "vitest/config";

// Long statistical validation (`npm run validate`): SBC rank checks, long reference runs.
export default defineConfig({
  test: {
    include: ["test/validate/**/*.test.ts"],
    setupFiles: ["test/setup/node-platform.ts"],
    testTimeout: 3_600_000,
    hookTimeout: 3_600_000,
    pool: "forks",
  },
});
