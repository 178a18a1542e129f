// The HTML report in a real browser: Debian's chromium, driven by playwright-core, renders
// a report the CLI wrote for a generated recovery (2,000 dogs) and shows what a user sees
// first: the counts, then skipped, errors, denied and kept (open), applied and the rest
// collapsed; keys as written with the encoded form on hover; the search box filters rows.
// Without chromium the test skips with one line, except in CI (CI=true), where it must run:
// .ci/install-chromium installs it. `UPDATE_SCREENSHOT=1` rewrites docs/cli-report.png.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeCliInputs } from "../../benchmarks/support/cli-inputs.js";
import { isCi } from "../../src/cli/progress.js";
import { ROOT, runInProcess, tempDir } from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const present = existsSync(CHROMIUM);
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

if (!present && !isCi(process.env)) console.log(`[realm-field-recovery] HTML report browser test: skipped, no ${CHROMIUM} (apt-get install chromium, or .ci/install-chromium)`);

describe("the HTML report's browser test needs chromium in CI", () => {
  it.runIf(isCi(process.env))(`${CHROMIUM} is installed (.ci/install-chromium)`, () => {
    expect(present, `${CHROMIUM} is missing: CI must run .ci/install-chromium`).toBe(true);
  });
});

describe.runIf(present)("the HTML report in headless chromium", () => {
  let browser: Browser;
  let page: Awaited<ReturnType<Browser["newPage"]>>;

  beforeAll(async () => {
    const dir = tempDir();
    const inputs = writeCliInputs({ objects: 2000, dir, format: "dump" });
    const report = join(dir, "report.html");
    const run = await runInProcess(["recover", "-b", inputs.backup, "-f", inputs.fresh, "-s", inputs.since, "-n", "-r", report]);
    expect(run.code).toBe(0);
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(report).href);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("opens with the title and the counts, attention first", async () => {
    expect(await page.locator("h1").textContent()).toBe("Recovery report");
    const counts = await page.locator("#counts li").allInnerTexts();
    expect(counts.map((text) => text.replace(/\s+/g, " ").trim())).toEqual(["24 skipped", "0 errors", "0 denied", "50 kept", "150 applied", "20 created", "10 deleted"]);
  });

  it("shows skipped, errors, denied and kept open and first; applied, created and deleted collapsed", async () => {
    // Browser-side code as text: the project's TypeScript has no DOM types.
    const sections = await page.evaluate('[...document.querySelectorAll("details.section")].map((node) => ({ id: node.id, open: node.open }))');
    expect(sections).toEqual([
      { id: "skipped", open: true },
      { id: "errors", open: false }, // empty: nothing to open
      { id: "denied", open: false },
      { id: "kept", open: true },
      { id: "applied", open: false },
      { id: "created", open: false },
      { id: "deleted", open: false },
    ]);
    await expect.poll(() => page.locator("#kept details.model > summary").first().innerText()).toBe("Dog 50");
    expect(await page.locator("#applied table").first().isVisible()).toBe(false);
    // The first skipped row is on screen without scrolling.
    const box = await page.locator("#skipped tbody tr").first().boundingBox();
    expect(box?.y ?? Infinity).toBeLessThan(900);
  });

  it("reads keys as users wrote them, with the encoded form on hover, and never splits names", async () => {
    const key = page.locator("#kept tbody tr").first().locator("td").first();
    expect(await key.innerText()).toBe("23");
    expect(await key.getAttribute("title")).toBe("i:23");
    const wraps = await page.evaluate('[...document.querySelectorAll("td.name")].filter((cell) => getComputedStyle(cell).whiteSpace !== "nowrap").length');
    expect(wraps).toBe(0);
  });

  it("filters rows with the search box, opening the sections that match", async () => {
    await page.fill("#search", "Dog 13 (renamed on A)");
    await expect.poll(() => page.evaluate('document.getElementById("applied").open')).toBe(true);
    const visible = await page.locator("#applied tbody tr:not(.hidden)").allInnerTexts();
    expect(visible).toHaveLength(1);
    expect(visible[0]).toContain("Dog 13 (renamed on A)");
    expect(await page.evaluate('document.querySelector("#kept details.model").classList.contains("hidden")')).toBe(true);
    await page.fill("#search", "");
    if (process.env.UPDATE_SCREENSHOT === "1") {
      await page.evaluate("window.scrollTo(0, 0)");
      await page.screenshot({ path: join(ROOT, "docs/cli-report.png") });
    }
  });
});
