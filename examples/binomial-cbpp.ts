// Binomial (multinomial2) model on lme4's cbpp: contagious bovine pleuropneumonia incidence out
// of herd size, by period, with a herd random intercept and units overdispersion. Predictions
// are expected numbers of cases (size x E[logit^-1(l)], integrated over the herd and residual
// variance); checks of the zeros and the spread; randomised quantile residuals.
//   npx tsx examples/binomial-cbpp.ts

import { fit } from "../src/fit.js";
import { predict } from "../src/posterior/predict.js";
import { ppc } from "../src/posterior/ppc.js";
import { quantileResiduals } from "../src/posterior/residuals.js";
import { isMain, loadExample, printChecks, printSummary, runOptions, SHORT, type ExampleSettings } from "./common.js";

export async function main(settings: ExampleSettings = SHORT) {
  const { spec, data } = loadExample("data/M3_cbpp");
  const result = await fit(spec, data, runOptions(settings));
  const summary = result.summary();
  printSummary("cbind(incidence, size - incidence) ~ period, random = ~herd", summary, settings.quiet);
  // expected cases in a herd of 20 animals, per period (the response columns give the trials)
  const newdata = ["1", "2", "3", "4"].map((period) => ({ period, herd: "new", incidence: 0, size: 20 }));
  const prediction = predict(result, { newdata, interval: "confidence" });
  const checks = ppc(result, ["prop_zero", "mean", "sd"], { nsim: 200 });
  const [residuals] = quantileResiduals(result, { maxDraws: 200 });
  if (!settings.quiet) {
    console.log("\nexpected cases in a new herd of 20, by period:");
    prediction.fit.forEach((f, i) => console.log(`  period ${i + 1}: ${f.toFixed(2)} [${prediction.lower[i].toFixed(2)}, ${prediction.upper[i].toFixed(2)}]`));
    printChecks(checks, false);
    console.log(residuals.verdict);
  }
  return { summary, prediction, checks, residuals };
}

if (isMain(import.meta.url)) await main();
