// The example page (examples/browser/) in a real headless Chromium: it fits a bundled example and
// picked files with chains in Web Workers; the report it shows is rendered (checked in the DOM
// and in a screenshot); nothing is logged as an error. Needs Debian's chromium (.ci/run installs it).
//
// Same draws: in one JS engine a chain's draws do not depend on the executor, so the page's Web
// Worker draws.csv equals, byte for byte, the same fit run in-process in the page. Across engines
// too: Chromium's V8 and Node 20's return different last bits from Math.exp/log/pow/sin/... for a
// few percent of arguments, so every transcendental function behind draws and summaries comes from
// src/math/deterministic.ts (basic IEEE operations only; test/math/no-raw-math.test.ts keeps raw
// calls out). Chromium's draws.csv therefore equals Node's byte for byte, and summary.json (timing
// aside) is equal in every number.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fit } from "../../src/fit.js";
import { fitFiles } from "../../src/io/fit-files.js";
import { loadSpec } from "../../src/io/spec-file.js";
import { chainColour } from "../../src/report/svg.js";
import { buildBrowserBundle, REPO_ROOT } from "./browser-build.js";
import { countColour, decodePng } from "./png.js";
import { startStaticServer, type StaticServer } from "./static-server.js";

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const SCREENSHOT_DIR = join(REPO_ROOT, "out", "browser-test");

let bundleDir: string;
let userDataDir: string;
let server: StaticServer;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  bundleDir = buildBrowserBundle().dir;
  server = await startStaticServer({ "/": REPO_ROOT, "/dist-browser/": bundleDir });
  userDataDir = mkdtempSync(join(tmpdir(), "mcglmm-chromium-"));
  context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 900 } });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  for (const dir of [bundleDir, userDataDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openPage(): Promise<void> {
  await page.goto(`${server.origin}/examples/browser/index.html`);
  await page.waitForSelector("body[data-state=ready]");
}

async function setSettings(s: Record<string, number>): Promise<void> {
  for (const [name, value] of Object.entries(s)) await page.fill(`#${name}`, String(value));
}

async function fitAndWait(): Promise<void> {
  await page.click("#fit-button");
  await page.waitForSelector("body[data-state=done], body[data-state=failed]", { timeout: 120_000 });
  const state = await page.getAttribute("body", "data-state");
  expect(state, await page.textContent("#status") ?? "").toBe("done");
}

async function download(name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click(`#download-${name.replace(".", "-")}`)]);
  expect(file.suggestedFilename()).toBe(name);
  return readFileSync((await file.path())!, "utf8");
}

/** summary.json without the timing block, which measures the run itself. */
function withoutTiming(json: string): unknown {
  const { timing, ...rest } = JSON.parse(json) as { timing: unknown };
  expect(timing).toBeTypeOf("object");
  return rest;
}

/** The same draws, byte for byte; on a difference, says where the first one is (a clearer failure than a 100 kB string diff). */
function expectIdenticalDraws(browser: string, node: string): void {
  const [b, n] = [browser.split("\n"), node.split("\n")];
  const row = b.findIndex((line, i) => line !== n[i]);
  expect(row === -1 ? null : `line ${row + 1}: Chromium ${b[row]} / Node ${n[row]}`).toBeNull();
  expect(b.length).toBe(n.length);
  expect(browser).toBe(node);
}

/** summary.json from the page and from Node: equal in everything but the timing block. */
function expectIdenticalSummaries(browser: string, node: string): void {
  expect(withoutTiming(browser)).toStrictEqual(withoutTiming(node));
}

/** Waits until both chains have saved 70 draws or more (5% of the spec's 203,000 iterations: burn-in 3,000, thin 100). */
async function pastFivePercent(): Promise<void> {
  await page.waitForFunction(`(() => { const bars = [...document.querySelectorAll("#progress progress")]; return bars.length === 2 && bars.every((b) => b.value > 0.05); })()`);
}

/** The same fit run in-process in the page (main thread, no workers), through the bundle's API. */
async function fitInPage(dir: string, settings: Record<string, number>): Promise<string> {
  return page.evaluate(`(async () => {
    const m = await import("/dist-browser/mcglmm.js");
    const text = (name) => fetch("${dir}" + name).then((r) => r.text());
    const spec = m.parseSpecJson(await text("spec.json"));
    const files = new Map();
    for (const name of [spec.data, spec.pedigree].filter(Boolean)) files.set(name, await text(name));
    const { data, relationships } = m.specWithData(spec, (name) => files.get(name));
    const result = await m.fit(spec, data, { ...${JSON.stringify(settings)}, threads: 1, useWorkers: false, relationships });
    return m.fitFiles(result)["draws.csv"];
  })()`);
}

describe("the example page in headless Chromium", () => {
  it("decodes Chromium's screenshots exactly (the screenshot checks below rely on it)", async () => {
    await page.setContent(`<body style="margin:0;background:#fff"><div id="box" style="width:100px;height:40px;background:${chainColour(0)}"></div><div style="width:30px;height:10px;background:${chainColour(1)}"></div></body>`);
    const image = decodePng(await page.screenshot({ clip: { x: 0, y: 0, width: 200, height: 100 } }));
    expect([image.width, image.height]).toEqual([200, 100]);
    expect(countColour(image, chainColour(0), 0)).toBe(4000);
    expect(countColour(image, chainColour(1), 0)).toBe(300);
    expect(countColour(image, "#ffffff", 0)).toBe(200 * 100 - 4300);
  });

  it("fits a bundled example (Web Worker draws = in-process draws = Node's, bit for bit), shows the report, offers the files", async () => {
    const settings = { nitt: 3000, burnin: 1000, thin: 4, chains: 2, seed: 7 };
    await openPage();
    await page.selectOption("#example", "../data/M1_sleepstudy/");
    await setSettings(settings);
    await fitAndWait();

    // one progress bar per chain, each full
    const bars = await page.$$eval("#progress progress", (els) => els.map((e) => (e as HTMLProgressElement).value));
    expect(bars).toEqual([1, 1]);

    const loaded = loadSpec(join(REPO_ROOT, "examples", "data", "M1_sleepstudy", "spec.json"));
    const node = fitFiles(await fit(loaded.spec, loaded.data, { ...settings, threads: 1, relationships: loaded.relationships }));
    const draws = await download("draws.csv");
    expect(draws.split("\n").length).toBe(1 + 2 * 500 + 1);
    expect(await fitInPage("/examples/data/M1_sleepstudy/", settings)).toBe(draws);
    expectIdenticalDraws(draws, node["draws.csv"]);
    const summary = await download("summary.json");
    expectIdenticalSummaries(summary, node["summary.json"]);
    const report = await download("report.html");
    expect(report).toContain("<table class=\"summary\"");

    // the report in the page: its table lists every summarised parameter, with three plots each
    const frame = (await (await page.$("#report"))!.contentFrame())!;
    const names = [...JSON.parse(summary).fixed, ...JSON.parse(summary).covariances].map((r: { name: string }) => r.name);
    const shown = await frame.$$eval("table.summary th[scope=row]", (tds) => tds.map((td) => td.textContent?.trim()));
    for (const name of names) expect(shown).toContain(name);
    expect(await frame.$$eval("svg", (s) => s.length)).toBeGreaterThanOrEqual(3 * names.length);

    // the screenshot: the report's plots are drawn in both chains' colours (and not in a third's)
    await page.screenshot({ path: join(SCREENSHOT_DIR, "sleepstudy.png"), fullPage: true });
    const image = decodePng(await page.locator("#report").screenshot());
    expect(image.height).toBeGreaterThan(2000);
    // (measured: ~3,000 and ~10,000 pixels within 40 of chains 1 and 2's colours, none of chain 3's)
    const [first, second, unused] = [0, 1, 2].map((c) => countColour(image, chainColour(c), 40));
    expect(first).toBeGreaterThan(1000);
    expect(second).toBeGreaterThan(1000);
    expect(unused).toBeLessThan(100);
    expect(problems).toEqual([]);
  });

  it("fits a Poisson model (latent draws by rejection sampling and Metropolis-Hastings) with Node's draws, bit for bit", async () => {
    const settings = { nitt: 2000, burnin: 500, thin: 3, chains: 2, seed: 11 };
    await openPage();
    await page.selectOption("#example", "../data/M4_grouseticks/");
    await setSettings(settings);
    await fitAndWait();
    const loaded = loadSpec(join(REPO_ROOT, "examples", "data", "M4_grouseticks", "spec.json"));
    const node = fitFiles(await fit(loaded.spec, loaded.data, { ...settings, threads: 1 }));
    expectIdenticalDraws(await download("draws.csv"), node["draws.csv"]);
    expectIdenticalSummaries(await download("summary.json"), node["summary.json"]);
    expect(problems).toEqual([]);
  });

  it("fits picked files (spec, CSV and the pedigree it names): a bivariate animal model with Node's draws, bit for bit", async () => {
    const settings = { nitt: 300, burnin: 100, thin: 2, chains: 2, seed: 3 };
    await openPage();
    const dir = join(REPO_ROOT, "examples", "btdata");
    await page.setInputFiles("#spec-file", join(dir, "spec.json"));
    await page.setInputFiles("#data-file", join(dir, "data.csv"));
    await page.setInputFiles("#extra-files", [join(dir, "pedigree.csv")]);
    await setSettings(settings);
    await fitAndWait();
    const loaded = loadSpec(join(dir, "spec.json"));
    const node = fitFiles(await fit(loaded.spec, loaded.data, { ...settings, threads: 1, relationships: loaded.relationships }));
    expectIdenticalDraws(await download("draws.csv"), node["draws.csv"]);
    expectIdenticalSummaries(await download("summary.json"), node["summary.json"]);
    await page.screenshot({ path: join(SCREENSHOT_DIR, "btdata.png"), fullPage: true });
    expect(problems).toEqual([]);
  });

  it("stops on Stop: a cross-origin-isolated page shares the stop flag with its workers and keeps the draws so far", async () => {
    const isolated = await startStaticServer({ "/": REPO_ROOT, "/dist-browser/": bundleDir }, { isolated: true });
    try {
      await page.goto(`${isolated.origin}/examples/browser/index.html`);
      await page.waitForSelector("body[data-state=ready]");
      expect(await page.evaluate("crossOriginIsolated")).toBe(true);
      await page.selectOption("#example", "../data/M1_sleepstudy/");
      await setSettings({ chains: 2, seed: 1 });
      await page.click("#fit-button");
      await pastFivePercent();
      await page.click("#stop-button");
      await page.waitForSelector("body[data-state=done]", { timeout: 60_000 });
      expect(await page.textContent("#status")).toMatch(/incomplete: stopped/);
      const rows = (await download("draws.csv")).trimEnd().split("\n");
      expect(rows.length).toBeGreaterThan(1 + 2 * 60);
      expect(rows.length).toBeLessThan(1 + 2 * 2000);
      expect(JSON.parse(await download("summary.json")).complete).toBe(false);
      expect(problems).toEqual([]);
    } finally {
      await isolated.close();
    }
  });

  it("says why a page that is not isolated loses the round in progress on Stop", async () => {
    await openPage();
    expect(await page.evaluate("crossOriginIsolated")).toBe(false);
    await page.selectOption("#example", "../data/M1_sleepstudy/");
    await setSettings({ chains: 2, seed: 1 });
    await page.click("#fit-button");
    await pastFivePercent();
    await page.click("#stop-button");
    await page.waitForSelector("body[data-state=stopped]", { timeout: 60_000 });
    expect(await page.textContent("#status")).toMatch(/before any draw was kept \(this page is not cross-origin isolated/);
    expect(problems).toEqual([]);
  });

  it("names a missing pedigree instead of fitting without it", async () => {
    await openPage();
    const dir = join(REPO_ROOT, "examples", "btdata");
    await page.setInputFiles("#spec-file", join(dir, "spec.json"));
    await page.setInputFiles("#data-file", join(dir, "data.csv"));
    await page.click("#fit-button");
    await page.waitForSelector("body[data-state=failed]");
    expect(await page.textContent("#status")).toBe('ModelSpecError: the spec names the pedigree "pedigree.csv": pick that file too');
  });
});
