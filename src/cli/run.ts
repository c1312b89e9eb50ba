// Process entry point of the `mcglmm` command: typed errors become one readable line and exit 1.
import { McglmmError } from "../errors.js";
import { main } from "./main.js";

main(process.argv).catch((err: unknown) => {
  if (err instanceof McglmmError) process.stderr.write(`mcglmm: ${err.name}: ${err.message}\n`);
  else process.stderr.write(`mcglmm: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
