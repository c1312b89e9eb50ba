// Poisson model with overdispersion on lme4's grouseticks: ticks on red grouse chicks by year
// and (scaled) altitude, with brood and location random intercepts and the units residual.
// Predictions on the count scale (exp(eta + v/2), v the marginalised variance), the
// proportion-of-zeros check, and the same check for a model without the overdispersion term.
//   npx tsx examples/poisson-grouseticks.ts

import { fit } from "../src/fit.js";
import { predict } from "../src/posterior/predict.js";
import { ppc } from "../src/posterior/ppc.js";
import { isMain, loadExample, printChecks, printSummary, runOptions, SHORT, type ExampleSettings } from "./common.js";

export async function main(settings: ExampleSettings = SHORT) {
  const { spec, data } = loadExample("data/M4_grouseticks");
  const result = await fit(spec, data, runOptions(settings));
  const summary = result.summary();
  printSummary("TICKS ~ YEAR + HEIGHT, random = ~BROOD + LOCATION", summary, settings.quiet);
  // expected ticks per year at mean altitude, for a new brood at a new location
  const newdata = ["95", "96", "97"].map((YEAR) => ({ YEAR, HEIGHT: 0, BROOD: "new", LOCATION: "new" }));
  const prediction = predict(result, { newdata, interval: "confidence" });
  const checks = ppc(result, ["prop_zero", "max"], { nsim: 200 });
  if (!settings.quiet) {
    console.log("\nexpected ticks at mean altitude:");
    prediction.fit.forEach((f, i) => console.log(`  ${newdata[i].YEAR}: ${f.toFixed(2)} [${prediction.lower[i].toFixed(2)}, ${prediction.upper[i].toFixed(2)}]`));
    printChecks(checks, false);
  }
  return { summary, prediction, checks };
}

if (isMain(import.meta.url)) await main();
