// Binary logit (categorical, two categories) on mlmRev's Contraception: contraceptive use of
// 1,934 Bangladeshi women by age, urban residence and number of living children, with a
// district random intercept (the units variance is fixed at 1). Predicted probabilities
// marginal over the district effect (MCMCglmm's predict(..., marginal = ~district)) and checks
// of the category proportions overall and by urban/rural.
//   npx tsx examples/categorical-contraception.ts

import { fit } from "../src/fit.js";
import { predict } from "../src/posterior/predict.js";
import { ppc } from "../src/posterior/ppc.js";
import { isMain, loadExample, printChecks, printSummary, runOptions, type ExampleSettings } from "./common.js";

export async function main(settings: ExampleSettings = { nitt: 2000, burnin: 500, thin: 3, chains: 1 }) {
  const { spec, data } = loadExample("data/M5_Contraception");
  const result = await fit(spec, data, runOptions(settings));
  const summary = result.summary();
  printSummary("use01 ~ age + I(age^2) + urban + livch, random = ~district", summary, settings.quiet);
  const newdata = ["0", "1", "2", "3+"].flatMap((livch) => ["N", "Y"].map((urban) => ({ age: 0, urban, livch, district: "new" })));
  const prediction = predict(result, { newdata, marginal: "~district", interval: "confidence" });
  const checks = ppc(result, ["category_proportions"], { nsim: 200 });
  const byUrban = ppc(result, [{ name: "P(use) urban", fn: (y, ctx) => mean(y, ctx.groups[0].codes, 1) }, { name: "P(use) rural", fn: (y, ctx) => mean(y, ctx.groups[0].codes, 0) }], { nsim: 200, groups: "urban" });
  if (!settings.quiet) {
    console.log("\nP(use) at the mean age, marginal over districts:");
    newdata.forEach((r, i) => console.log(`  livch ${r.livch.padEnd(2)} urban ${r.urban}: ${prediction.fit[i].toFixed(3)} [${prediction.lower[i].toFixed(3)}, ${prediction.upper[i].toFixed(3)}]`));
    printChecks(checks, false);
    printChecks(byUrban, false);
  }
  return { summary, prediction, checks, byUrban };
}

function mean(y: Float64Array, codes: Int32Array, level: number): number {
  let s = 0, n = 0;
  y.forEach((v, i) => {
    if (codes[i] === level) {
      s += v;
      n++;
    }
  });
  return s / n;
}

if (isMain(import.meta.url)) await main();
