// The example page: pick a bundled example or your own spec + CSV, fit it with one progress bar
// per chain (chains in Web Workers), show the same HTML report `mcglmm fit` writes, and offer
// summary.json, draws.csv and report.html as downloads. Needs `npm run build:browser` first.

import * as mcglmm from "../../dist-browser/mcglmm.js";

const EXAMPLES = [
  { dir: "../data/M1_sleepstudy/", label: "sleepstudy: Gaussian, correlated random intercepts and slopes" },
  { dir: "../data/M3_cbpp/", label: "cbpp: binomial (multinomial2), herd effects" },
  { dir: "../data/M4_grouseticks/", label: "grouseticks: Poisson, brood and location effects" },
  { dir: "../data/M5_Contraception/", label: "Contraception: binary (categorical), district effects" },
  { dir: "../btdata/", label: "BTdata: bivariate Gaussian animal model (pedigree)" },
];

const $ = (id) => document.getElementById(id);
const SETTINGS = ["nitt", "burnin", "thin", "chains", "seed"];
let stopFlag;
let downloadUrls = [];

function setStatus(text, isError = false) {
  $("status").textContent = text;
  $("status").classList.toggle("error", isError);
}

function fileName(path) {
  return path.split(/[\\/]/).pop();
}

/** The spec and the texts of the files it names, from a bundled example's folder. */
async function fromExample(dir) {
  const fetchText = async (name) => {
    const response = await fetch(new URL(name, new URL(dir, location.href)));
    if (!response.ok) throw new Error(`cannot fetch ${dir}${name}: HTTP ${response.status}`);
    return response.text();
  };
  const spec = mcglmm.parseSpecJson(await fetchText("spec.json"), `${dir}spec.json`);
  const names = [spec.data, spec.pedigree, ...Object.values(spec.ginverse ?? {})].filter(Boolean);
  const files = new Map(await Promise.all(names.map(async (n) => [n, await fetchText(n)])));
  return { spec, files, dataCsv: undefined };
}

/** The spec, data and named files the user picked (files matched to the spec's names by file name). */
async function fromPickedFiles() {
  const specFile = $("spec-file").files[0];
  const dataFile = $("data-file").files[0];
  if (!specFile) throw new mcglmm.ModelSpecError("pick a spec (JSON) file, or a bundled example");
  const spec = mcglmm.parseSpecJson(await specFile.text(), specFile.name);
  const picked = new Map();
  for (const f of $("extra-files").files) picked.set(f.name, await f.text());
  const files = new Map();
  for (const name of [spec.data, spec.pedigree, ...Object.values(spec.ginverse ?? {})].filter(Boolean)) {
    if (picked.has(fileName(name))) files.set(name, picked.get(fileName(name)));
  }
  if (!dataFile && !files.has(spec.data)) throw new mcglmm.ModelSpecError("pick the data (CSV) file");
  return { spec, files, dataCsv: dataFile ? await dataFile.text() : undefined };
}

function runOptions() {
  const options = {};
  for (const name of SETTINGS) {
    const value = $(name).value.trim();
    if (value !== "") options[name] = Number(value);
  }
  return options;
}

function progressBars(chains) {
  const box = $("progress");
  box.replaceChildren();
  return Array.from({ length: chains }, (_, c) => {
    const row = document.createElement("div");
    row.className = "chain";
    row.dataset.chain = String(c + 1);
    const label = document.createElement("span");
    label.textContent = `chain ${c + 1}`;
    const bar = document.createElement("progress");
    bar.max = 1;
    bar.value = 0;
    const text = document.createElement("span");
    text.textContent = "starting";
    row.append(label, bar, text);
    box.append(row);
    return { bar, text };
  });
}

function offerDownloads(files) {
  for (const url of downloadUrls) URL.revokeObjectURL(url);
  downloadUrls = [];
  const types = { "summary.json": "application/json", "draws.csv": "text/csv", "report.html": "text/html" };
  const links = Object.entries(files).map(([name, text]) => {
    const url = URL.createObjectURL(new Blob([text], { type: types[name] }));
    downloadUrls.push(url);
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.id = `download-${name.replace(".", "-")}`;
    a.textContent = `Download ${name}`;
    return a;
  });
  $("downloads").replaceChildren(...links);
}

function showReport(html) {
  const frame = $("report");
  frame.hidden = false;
  frame.onload = () => {
    frame.style.height = `${frame.contentDocument.documentElement.scrollHeight + 20}px`;
    document.body.dataset.state = "done";
  };
  frame.srcdoc = html;
}

async function fitNow(event) {
  event.preventDefault();
  document.body.dataset.state = "fitting";
  $("fit-button").disabled = true;
  $("report").hidden = true;
  $("downloads").replaceChildren();
  stopFlag = mcglmm.createStopFlag();
  $("stop-button").disabled = false;
  try {
    const example = $("example").value;
    const source = example ? await fromExample(example) : await fromPickedFiles();
    const read = (file, what) => {
      if (!source.files.has(file)) throw new mcglmm.ModelSpecError(`the spec names ${what} "${file}": pick that file too`);
      return source.files.get(file);
    };
    const { spec, data, relationships } = mcglmm.specWithData(source.spec, read, source.dataCsv);
    const options = runOptions();
    const settings = mcglmm.resolveSettings(spec, options);
    if (Atomics.load(stopFlag, 0) !== 0) {
      setStatus("stopped before sampling began");
      document.body.dataset.state = "stopped";
      return;
    }
    const bars = progressBars(settings.chains);
    setStatus(`sampling ${settings.chains} chain(s) of ${spec.fixed} in ${Math.min(settings.threads, settings.chains)} Web Worker(s)`);
    const started = performance.now();
    // a run stopped before its first saved draw ends in a NoDrawsError that says it was stopped
    const result = await mcglmm.fit(spec, data, {
      ...options,
      relationships,
      useWorkers: true,
      stopFlag,
      onProgress: (p) => {
        const { bar, text } = bars[p.chain];
        bar.value = p.iteration / p.total;
        text.textContent = `${p.iteration} / ${p.total} (${Math.round(p.rate)} it/s)`;
      },
    }).catch((err) => {
      if (err instanceof mcglmm.NoDrawsError && err.stopped) return null;
      throw err;
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (result === null) {
      const why = crossOriginIsolated ? "" : " (this page is not cross-origin isolated, so Stop ends the workers and loses the round in progress; serve it with COOP/COEP headers to keep the draws so far)";
      setStatus(`stopped after ${seconds} s before any draw was kept${why}`, true);
      document.body.dataset.state = "stopped";
      return;
    }
    const files = mcglmm.fitFiles(result);
    const summary = JSON.parse(files["summary.json"]);
    const notes = [...summary.warnings, ...mcglmm.convergenceWarnings(summary)];
    setStatus([`done in ${seconds} s${result.complete ? "" : " (incomplete: stopped or a chain failed)"}`, ...notes.map((w) => `warning: ${w}`)].join("\n"));
    offerDownloads(files);
    showReport(files["report.html"]);
  } catch (err) {
    // a typed error is the user's to fix; anything else is a bug worth its stack in the console
    if (!(err instanceof mcglmm.McglmmError)) console.error(err);
    setStatus(err instanceof mcglmm.McglmmError ? `${err.name}: ${err.message}` : String(err), true);
    document.body.dataset.state = "failed";
  } finally {
    $("fit-button").disabled = false;
    $("stop-button").disabled = true;
  }
}

async function describeExample() {
  const dir = $("example").value;
  for (const name of SETTINGS) $(name).placeholder = "";
  if (!dir) return;
  try {
    const spec = mcglmm.parseSpecJson(await (await fetch(new URL("spec.json", new URL(dir, location.href)))).text());
    for (const name of SETTINGS) if (spec[name] !== undefined) $(name).placeholder = String(spec[name]);
  } catch {
    // the fit reports a broken example; placeholders are only hints
  }
}

for (const { dir, label } of EXAMPLES) $("example").append(new Option(label, dir));
$("example").addEventListener("change", describeExample);
$("fit-form").addEventListener("submit", fitNow);
$("stop-button").addEventListener("click", () => {
  if (stopFlag) Atomics.store(stopFlag, 0, 1);
  setStatus("stopping the chains");
});
$("fit-button").disabled = false;
document.body.dataset.state = "ready";
