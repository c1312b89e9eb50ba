// mcglmm in a browser (the ESM bundle dist-browser/mcglmm.js, `npm run build:browser`): the
// API of src/index.ts without what reads or writes files (loadSpec, readDrawsCsv, writeDrawsCsv,
// reportFromDir), plus what a page needs instead (specs and files from text, the CLI's output
// files as text). Chains run in Web Workers (dist-browser/mcglmm-worker.js).

import { usePlatform } from "./platform/platform.js";
import { browserPlatform } from "./platform/browser/platform.js";

usePlatform(browserPlatform());

export * from "./api.js";
export { browserPlatform, type BrowserPlatformOptions } from "./platform/browser/platform.js";
export { WebWorkerExecutor } from "./platform/browser/web-worker-executor.js";
export { fitReportHtml } from "./report/fit-report.js";
export { drawsCsvChunks } from "./io/draws-csv.js";
