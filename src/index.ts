// mcglmm's public API: fit MCMCglmm-style (multi-response) GLMMs, summarise, diagnose.
// This is the Node entry (chains in worker_threads, files on disk); browsers use src/browser.ts.
// Both export the portable API of src/api.ts.

import "./platform/node/install.js";

export * from "./api.js";
export { loadSpec, loadRelationships, readSpecFile, type LoadedSpec } from "./io/spec-file.js";
export { readDrawsCsv, writeDrawsCsv } from "./platform/node/draws-file.js";
export { readLogLikCsv, writeLogLikCsv, type PointwiseLogLik } from "./platform/node/log-lik-file.js";
export { reportFromDir, readReportInput, parseSummaryJson } from "./report/from-dir.js";
