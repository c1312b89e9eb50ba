// The hospital report: one self-contained HTML file (inline CSS and SVG) with model 1's
// displays, the picture of its doctor design matrix Z, and per model the estimates against
// the true values with the fit's time and convergence.

import { escapeXml } from "../../src/report/svg.js";
import type { ModelOutcome } from "./analyse.js";
import { curvesSvg, histogramSvg, sparsityPatternSvg, truthTableHtml } from "./displays.js";
import { LENGTH_OF_STAY, type RemissionDisplays } from "./remission-displays.js";

const CSS = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5em auto;max-width:1040px;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}h3{font-size:1em}
table.summary{border-collapse:collapse;font-size:13px}
table.summary th,table.summary td{padding:2px 8px;text-align:right;border-bottom:1px solid #eee}
table.summary th[scope=row]{text-align:left;font-family:ui-monospace,monospace;font-weight:normal}
tr.flagged{background:#fde8ec}.caption,.note{color:#555;font-size:13px}.plots{display:flex;flex-wrap:wrap;gap:1em}
`;

function remissionSection(d: RemissionDisplays, outcome: ModelOutcome): string {
  const xs = LENGTH_OF_STAY;
  const byDoctor = curvesSvg(
    "P(remission) by doctor",
    xs,
    d.doctors.map((doc, k) => ({ label: `${doc.percentile}th pct (DID ${doc.level})`, y: d.byDoctor[k].fit, lower: d.byDoctor[k].lower, upper: d.byDoctor[k].upper })),
    "LengthofStay (days)",
    "P(remission)",
    [0, 1],
  );
  const average = curvesSvg("Average marginal P(remission)", xs, [{ label: "over doctors", y: d.average.fit, lower: d.average.lower, upper: d.average.upper }], "LengthofStay (days)", "P(remission)", [0, 1]);
  const histogram = histogramSvg("P(remission) per doctor", d.perDoctor, 25, "predicted probability for a typical patient");
  const Z = outcome.result?.model.Z;
  return [
    "<h2>Remission: what a doctor changes</h2>",
    `<p class="note">Model 1's predictions (mcglmm's <code>predict</code>, response scale, the latent residual integrated out as MCMCglmm does). ` +
      `IL6, CRP and Experience at their averages. Left: doctors at the 20th, 40th, 60th and 80th percentiles of the posterior-mean doctor effects, ` +
      `conditioning on their effects (<code>marginal: null</code>), with 95% intervals. Right: every patient's probability with the doctor effect ` +
      `integrated out (<code>marginal: "~DID"</code>) and LengthofStay set to each value, averaged over patients per posterior draw; the band is the 95% interval over draws.</p>`,
    `<div class="plots">${byDoctor}${average}</div>`,
    `<p class="note">Per doctor: the predicted probability of remission of a patient with the average IL6, CRP and LengthofStay and the doctor's own Experience, given the doctor's effect.</p>`,
    histogram,
    ...(Z ? ["<h3>The doctor design matrix Z (patients by doctors)</h3>", sparsityPatternSvg("Z: patients x doctors", Z, "patient", "doctor")] : []),
  ].join("\n");
}

function modelSection(m: ModelOutcome): string {
  const head = `<h2>${escapeXml(m.title)}</h2>`;
  const spec = m.result.model.spec;
  const formulas = [`fixed: ${spec.fixed}`, ...(spec.random ? [`random: ${spec.random}`] : []), ...(spec.rcov ? [`rcov: ${spec.rcov}`] : []), `family: ${JSON.stringify(spec.family)}`];
  const s = m.result.settings;
  const covered = m.truth.filter((t) => t.inside).length;
  const c = m.result.convergence;
  const target = c ? ` Target (R-hat < 1.01, bulk-ESS >= ${c.targetEss} for every parameter) ${c.reached ? "reached" : "<strong>NOT reached</strong>"}${m.result.run.stopped ? " (stopped before it was)" : ""}.` : "";
  return [
    head,
    `<pre>${escapeXml(formulas.join("\n"))}</pre>`,
    `<p class="note">${s.chains} chains, ${m.iterationsPerChain} iterations each (burn-in ${s.burnin}, thin ${s.thin}) in ${m.seconds.toFixed(1)} s on ${s.threads} threads; ` +
      `max R-hat ${m.maxRhat.toFixed(3)}, least bulk-ESS ${m.minEssBulk.toFixed(0)}.${target} ${covered} of ${m.truth.length} true values inside their 95% intervals (2.5% and 97.5% posterior quantiles).</p>`,
    truthTableHtml(m.truth),
  ].join("\n");
}

export function hospitalReportHtml(models: readonly ModelOutcome[], remission: RemissionDisplays | undefined): string {
  const remissionModel = models.find((m) => m.name === "remission");
  return [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8"><title>mcglmm: the hospital study</title>',
    `<style>${CSS}</style></head><body>`,
    "<h1>The hospital study</h1>",
    `<p>Simulated cancer patients nested in doctors nested in hospitals (examples/hospital/simulate.ts): ` +
      `${remissionModel?.result?.model.nUnits ?? "?"} patients; remission (binary), number of tumours (count) and mobility (4 ordered levels). ` +
      `Every estimate is compared with the value the data were simulated from.</p>`,
    ...(remission && remissionModel ? [remissionSection(remission, remissionModel)] : []),
    ...models.map(modelSection),
    "</body></html>",
  ].join("\n");
}
