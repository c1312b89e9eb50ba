// Threshold (ordered probit) model, a small example made from MCMCglmm's SShorns data (Soay
// sheep horn types; reference model M9 fits them as a nominal categorical response): here horn
// type is treated as ordered by horn development, polled < scurred < normal, with sex as the
// predictor. The residual variance is fixed at 1 (it is not identified); one cutpoint is
// estimated. Predictions are expected 0-based categories per sex; the check compares the
// category proportions.
//   npx tsx examples/threshold-horns.ts

import { fit } from "../src/fit.js";
import type { ModelSpec } from "../src/models/types.js";
import { predict } from "../src/posterior/predict.js";
import { ppc } from "../src/posterior/ppc.js";
import { simulate } from "../src/posterior/simulate.js";
import { isMain, printChecks, printSummary, runOptions, SHORT, type ExampleSettings } from "./common.js";

export async function main(settings: ExampleSettings = SHORT) {
  const spec: ModelSpec = {
    fixed: "horn ~ sex",
    rcov: "~units",
    family: "threshold",
    columns: { horn: { ordered: ["polled", "scurred", "normal"] } },
    prior: { R: { V: 1, fix: 1 }, B: { mu: 0, V: 10 } },
  };
  // re-type horn as ordered (the loaded frame typed it as an unordered factor)
  const { frameFromCsv } = await import("../src/models/frame.js");
  const { readFileSync } = await import("node:fs");
  const data = frameFromCsv(readFileSync(new URL("./data/M9_SShorns/data.csv", import.meta.url), "utf8"), spec.columns);
  const result = await fit(spec, data, runOptions(settings));
  const summary = result.summary();
  printSummary("horn (polled < scurred < normal) ~ sex, threshold", summary, settings.quiet);
  const prediction = predict(result, { newdata: [{ sex: "female" }, { sex: "male" }], interval: "confidence" });
  const sim = simulate(result, { nsim: 1, newdata: [{ sex: "female" }, { sex: "male" }], seed: 3 });
  const checks = ppc(result, ["category_proportions"], { nsim: 200 });
  if (!settings.quiet) {
    console.log("\nexpected category (0 polled, 1 scurred, 2 normal):");
    ["female", "male"].forEach((s, i) => console.log(`  ${s}: ${prediction.fit[i].toFixed(3)} [${prediction.lower[i].toFixed(3)}, ${prediction.upper[i].toFixed(3)}]`));
    console.log(`one simulated female and male: ${Array.from(sim.responses[0].values[0], (c) => sim.responses[0].categories![c]).join(", ")}`);
    printChecks(checks, false);
  }
  return { summary, prediction, checks, sim };
}

if (isMain(import.meta.url)) await main();
