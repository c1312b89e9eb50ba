// The example page (examples/browser/) in a real headless Chromium: it fits a bundled example and
// picked files with chains in Web Workers, and its downloads match the same fit in Node (draws.csv
// byte for byte, summary.json except the run's timing); the report it shows is rendered (checked
// in the DOM and in a screenshot); nothing is logged as an error. Needs Debian's chromium
// (.ci/run installs it).

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

describe("the example page in headless Chromium", () => {
  it("decodes Chromium's screenshots exactly (the screenshot checks below rely on it)", async () => {
    await page.setContent(`<body style="margin:0;background:#fff"><div id="box" style="width:100px;height:40px;background:${chainColour(0)}"></div><div style="width:30px;height:10px;background:${chainColour(1)}"></div></body>`);
    const image = decodePng(await page.screenshot({ clip: { x: 0, y: 0, width: 200, height: 100 } }));
    expect([image.width, image.height]).toEqual([200, 100]);
    expect(countColour(image, chainColour(0), 0)).toBe(4000);
    expect(countColour(image, chainColour(1), 0)).toBe(300);
    expect(countColour(image, "#ffffff", 0)).toBe(200 * 100 - 4300);
  });

  it("fits a bundled example with the same draws as Node, shows the report and offers the files", async () => {
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
    expect(draws).toBe(node["draws.csv"]);
    const summary = await download("summary.json");
    expect(withoutTiming(summary)).toEqual(withoutTiming(node["summary.json"]));
    const report = await download("report.html");
    expect(report).toContain("<table class=\"summary\"");

    // the report in the page: its table lists every summarised parameter, with three plots each
    const frame = page.frame({ url: /about:srcdoc/ })!;
    const names = [...JSON.parse(summary).fixed, ...JSON.parse(summary).covariances].map((r: { name: string }) => r.name);
    const shown = await frame.$$eval("table.summary td:first-child", (tds) => tds.map((td) => td.textContent?.trim()));
    for (const name of names) expect(shown).toContain(name);
    expect(await frame.$$eval("svg", (s) => s.length)).toBeGreaterThanOrEqual(3 * names.length);

    // the screenshot: the report's plots are drawn in both chains' colours (and not in a third's)
    await page.screenshot({ path: join(SCREENSHOT_DIR, "sleepstudy.png"), fullPage: true });
    const image = decodePng(await page.locator("#report").screenshot());
    expect(image.height).toBeGreaterThan(2000);
    const [first, second, unused] = [0, 1, 3].map((c) => countColour(image, chainColour(c), 40));
    expect(first).toBeGreaterThan(3000);
    expect(second).toBeGreaterThan(3000);
    expect(unused).toBeLessThan(first / 50);
    expect(problems).toEqual([]);
  });

  it("fits picked files (spec, CSV and the pedigree it names): a bivariate animal model, same draws as Node", async () => {
    const settings = { nitt: 500, burnin: 100, thin: 4, chains: 2, seed: 3 };
    await openPage();
    const dir = join(REPO_ROOT, "examples", "btdata");
    await page.setInputFiles("#spec-file", join(dir, "spec.json"));
    await page.setInputFiles("#data-file", join(dir, "data.csv"));
    await page.setInputFiles("#extra-files", [join(dir, "pedigree.csv")]);
    await setSettings(settings);
    await fitAndWait();
    const loaded = loadSpec(join(dir, "spec.json"));
    const node = fitFiles(await fit(loaded.spec, loaded.data, { ...settings, threads: 1, relationships: loaded.relationships }));
    expect(await download("draws.csv")).toBe(node["draws.csv"]);
    expect(withoutTiming(await download("summary.json"))).toEqual(withoutTiming(node["summary.json"]));
    await page.screenshot({ path: join(SCREENSHOT_DIR, "btdata.png"), fullPage: true });
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
