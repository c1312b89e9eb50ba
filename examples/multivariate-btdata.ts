// Bivariate Gaussian animal model on MCMCglmm's BTdata (blue tit nestlings: tarsus length and
// back colour, genetic and foster-nest (co)variances, pedigree BTped). Predictions per trait
// (rows stacked trait by trait, as MCMCglmm's), simulated data sets with both traits per row,
// and checks of each trait's mean and spread.
//   npx tsx examples/multivariate-btdata.ts

import { fit } from "../src/fit.js";
import { predict } from "../src/posterior/predict.js";
import { ppc } from "../src/posterior/ppc.js";
import { simulate, simulatedRows } from "../src/posterior/simulate.js";
import { isMain, loadExample, printChecks, printSummary, runOptions, type ExampleSettings } from "./common.js";

export async function main(settings: ExampleSettings = { nitt: 2000, burnin: 500, thin: 3, chains: 1 }) {
  const { spec, data, relationships } = loadExample("btdata");
  const result = await fit(spec, data, { ...runOptions(settings), relationships });
  const summary = result.summary();
  printSummary("cbind(tarsus, back) ~ trait:sex + trait:hatchdate - 1", summary, settings.quiet);
  const newdata = ["Fem", "Male"].map((sex) => ({ sex, hatchdate: 0, animal: "new", fosternest: "new" }));
  const prediction = predict(result, { newdata, interval: "prediction" });
  const sim = simulate(result, { nsim: 2, seed: 5 });
  const checks = ppc(result, ["mean", "sd"], { nsim: 200 });
  if (!settings.quiet) {
    console.log("\npredicted trait means at hatchdate 0 [95% prediction interval]:");
    for (let r = 0; r < prediction.fit.length; r++) {
      console.log(`  ${prediction.traits[prediction.trait[r]].padEnd(7)} ${newdata[prediction.unit[r]].sex.padEnd(5)} ${prediction.fit[r].toFixed(3)} [${prediction.lower[r].toFixed(3)}, ${prediction.upper[r].toFixed(3)}]`);
    }
    console.log("first simulated rows:", simulatedRows(sim, 0).slice(0, 3));
    printChecks(checks, false);
  }
  return { summary, prediction, checks, sim };
}

if (isMain(import.meta.url)) await main();
