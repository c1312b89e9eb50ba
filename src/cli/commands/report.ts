// `mcglmm report DIR`: rebuilds the HTML report (summary table, trace/density/rank plots) from
// the summary.json and draws.csv that `mcglmm fit --out DIR` wrote, without refitting.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { McglmmError } from "../../errors.js";
import { readSpecFile } from "../../io/spec-file.js";
import { modelInfoFromSpec } from "../../report/html-report.js";
import { reportFromDir } from "../../report/from-dir.js";

interface ReportFlags {
  out?: string;
  spec?: string;
}

export function registerReportCommand(program: Command): void {
  program
    .command("report")
    .description("write a self-contained HTML report (summary table, trace, density and rank plots) of a fit's output folder")
    .argument("<dir>", "folder with summary.json and draws.csv, as written by `mcglmm fit --out DIR`")
    .option("--out <file>", "HTML file to write (default DIR/report.html)")
    .option("--spec <file>", "the model spec, for the header's formulas and family (default: those in summary.json)")
    .action(async function (this: Command, dir: string, flags: ReportFlags) {
      const out = flags.out ?? join(dir, "report.html");
      try {
        // summary.json holds the formulas since it has a "model" field; --spec covers older folders
        const model = flags.spec ? modelInfoFromSpec(readSpecFile(flags.spec)) : undefined;
        const html = await reportFromDir(dir, model ? { model } : {});
        writeFileSync(out, html);
      } catch (e) {
        if (e instanceof McglmmError) this.error(`error: ${e.message}`, { exitCode: 1 });
        const err = e as NodeJS.ErrnoException;
        if (err.syscall !== undefined) this.error(`error: cannot write ${out}: ${err.message}`, { exitCode: 1 });
        throw e;
      }
      process.stderr.write(`wrote ${out}\n`);
    });
}
