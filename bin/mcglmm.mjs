#!/usr/bin/env node
// Runs the compiled CLI (npm run build first).
import { main } from "../dist/cli/main.js";

main(process.argv).catch((err) => {
  process.stderr.write(`mcglmm: ${err?.name ?? "Error"}: ${err?.message ?? err}\n`);
  process.exit(1);
});
