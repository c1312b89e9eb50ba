// Gaussian random-regression model on lme4's sleepstudy (reaction time over days of sleep
// deprivation, a random intercept and slope per subject): fit, summary, predictions for a
// known subject (conditional on its random effects) and for a new one (marginal), a posterior
// predictive check, WAIC and DIC.
//   npx tsx examples/gaussian-sleepstudy.ts

import { fit } from "../src/fit.js";
import { predict } from "../src/posterior/predict.js";
import { ppc } from "../src/posterior/ppc.js";
import { dic, waic } from "../src/posterior/waic.js";
import { isMain, loadExample, printChecks, printSummary, runOptions, SHORT, type ExampleSettings } from "./common.js";

export async function main(settings: ExampleSettings = SHORT) {
  const { spec, data } = loadExample("data/M1_sleepstudy");
  const result = await fit(spec, data, { ...runOptions(settings), pr: true });
  const summary = result.summary();
  printSummary("Reaction ~ Days, random = ~us(1+Days):Subject", summary, settings.quiet);

  const days = Array.from({ length: 10 }, (_, d) => d);
  // subject 308, conditional on its fitted intercept and slope
  const known = predict(result, { newdata: days.map((Days) => ({ Days, Subject: "308" })), marginal: null, interval: "confidence" });
  // a subject not in the data: its effects are integrated out (the population line) ...
  const population = predict(result, { newdata: days.map((Days) => ({ Days, Subject: "new" })), interval: "prediction" });
  const checks = ppc(result, ["mean", "sd", "max", "group_means"], { nsim: 200, groups: "Days" });
  const w = waic(result);
  const d = dic(result);
  if (!settings.quiet) {
    console.log("\nDays  subject 308 [95% CI]          new subject [95% prediction interval]");
    for (const i of days) {
      console.log(`${String(i).padStart(4)}  ${known.fit[i].toFixed(1)} [${known.lower[i].toFixed(1)}, ${known.upper[i].toFixed(1)}]     ${population.fit[i].toFixed(1)} [${population.lower[i].toFixed(1)}, ${population.upper[i].toFixed(1)}]`);
    }
    printChecks(checks, false);
    console.log(`WAIC ${w.waic.toFixed(1)} (p_waic ${w.p_waic.toFixed(1)}), DIC ${d?.dic.toFixed(1)}`);
  }
  return { summary, known, population, checks, waic: w, dic: d };
}

if (isMain(import.meta.url)) await main();
