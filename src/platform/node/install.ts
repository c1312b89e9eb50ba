// Imported for its effect by the Node entry points (src/index.ts, the CLI, the test setup):
// chains run in worker_threads and the default thread count is the machine's cores.

import { usePlatform } from "../platform.js";
import { nodePlatform } from "./platform.js";

usePlatform(nodePlatform);
