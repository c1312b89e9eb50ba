// `mcglmm report DIR`: rebuilds the HTML report (summary table, trace/density/rank plots) from
// the summary.json and draws.csv that `mcglmm fit --out DIR` wrote, without refitting.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { McglmmError } from "../../errors.js";
import { loadSpec } from "../../io/spec-file.js";
import { withDerivedDraws } from "../../report/derived-draws.js";
import { buildHtmlReport, modelInfoFromSpec } from "../../report/html-report.js";
import { readReportInput } from "../../report/from-dir.js";

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
    .option("--spec <file>", "the model spec: the header's formulas and family (default: those in summary.json), and plots of the default derived quantities")
    .action(async function (this: Command, dir: string, flags: ReportFlags) {
      const out = flags.out ?? join(dir, "report.html");
      try {
        // summary.json holds the formulas since it has a "model" field; --spec covers older folders
        const input = await readReportInput(dir);
        if (flags.spec) {
          const loaded = loadSpec(flags.spec);
          input.model = modelInfoFromSpec(loaded.spec);
          if (input.draws) input.draws = withDerivedDraws(input.draws, loaded);
        }
        const html = buildHtmlReport(input);
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
