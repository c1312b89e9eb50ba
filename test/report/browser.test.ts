// The report in a real browser (Debian's headless Chromium through playwright-core): a fit of
// the sleepstudy model (a 2x2 us() matrix: mirror covariances, a derived correlation), with a
// PPC and a sampler block, rendered without console errors; every plot present and sized,
// no tick labels overlapping on screen, and the summary table within the page's width.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fit, loadSpec, ppc } from "../../src/index.js";
import { buildHtmlReport } from "../../src/report/html-report.js";
import { chromiumAvailable, CHROMIUM, launchChromium, type Browser } from "../helpers/chromium.js";

const root = join(import.meta.dirname, "..", "..");

describe("the HTML report in headless Chromium", () => {
  let browser: Browser;
  let file: string;
  let plotted: number;

  beforeAll(async () => {
    expect(chromiumAvailable(), `no browser at ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`).toBe(true);
    const { spec, data } = loadSpec(join(root, "test", "fixtures", "reference", "M1_sleepstudy", "spec.json"));
    const result = await fit(spec, data, { nitt: 2000, burnin: 500, thin: 5, chains: 2, seed: 4 });
    const summary = { ...result.summary(), sampler: [{ kernel: "test kernel (MH)", acceptance: 0.41, steps: 1500 }] };
    const names = result.chainDraws.names;
    const derived = Object.entries(result.derivedDraws());
    const draws = { parameters: [...names, ...derived.map(([n]) => n)], chains: [...names.map((_, p) => result.chainDraws.chains.map((c) => c[p])), ...derived.map(([, d]) => d)] };
    // the parameters with plot sections: all draws but the one mirror covariance
    plotted = draws.parameters.length - 1;
    const checks = ppc(result, ["mean", "max"], { nsim: 200, seed: 2 });
    file = join(mkdtempSync(join(tmpdir(), "mcglmm-browser-")), "report.html");
    writeFileSync(file, buildHtmlReport({ summary, draws, ppc: checks }));
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("renders every plot at its size, with no console errors", async () => {
    const { page, errors } = await browser.open(file);
    const boxes = await page.locator("svg.plot").evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.width, r.height]));
    expect(boxes.length).toBe(3 * plotted + 2);
    for (const [w, h] of boxes) {
      expect(w).toBe(320);
      expect(h).toBeGreaterThanOrEqual(170);
    }
    expect(await page.locator("h2", { hasText: "Sampler" }).count()).toBe(1);
    expect(await page.locator("text=cor.Subject.(Intercept).Days").count()).toBeGreaterThanOrEqual(2); // table row and plot heading
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);

  it("draws no two tick labels of an axis on top of each other", async () => {
    const { page } = await browser.open(file);
    const overlaps = await page.locator("svg.plot").evaluateAll((svgs) =>
      svgs.flatMap((svg, k) => {
        const boxes = [...svg.querySelectorAll("text.tl")].map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() }));
        const out: string[] = [];
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i].r, b = boxes[j].r;
            if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) out.push(`plot ${k}: ${boxes[i].text} / ${boxes[j].text}`);
          }
        }
        return out;
      }),
    );
    expect(overlaps).toEqual([]);
    await page.close();
  }, 30_000);
});
