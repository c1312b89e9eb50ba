#!/usr/bin/env node
// The `mcglmm` command: runs the compiled CLI (npm run build first).
import "../dist/cli/run.js";
