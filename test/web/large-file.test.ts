// The viewer on a 100 MB file (about 220,000 records): the page never waits for the whole file.
// No timing assertions: the tests check the order of what the page shows (first records and an
// answered click while the file is still being read) and that reading can be cancelled.
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requirePython } from "../helpers/python.js";
import { type Expected, fileSection, launchBrowser, makePickles, openViewer, POLL, requireBrowser, TEST_OPTIONS, WAIT_MS } from "./browser.js";

/**
 * Waits until the page shows `what` and returns the file's data-state read in the same turn of the
 * page's event loop, so the two are seen together. (The checks are written out here: the page's CSP
 * forbids eval, so a predicate cannot be passed in as text.)
 */
async function stateWhen(page: Page, what: "first record" | "disassembly"): Promise<string> {
  const handle = await page.waitForFunction(
    (shown) => {
      const section = document.querySelector('section.file[data-name="big.pkl"]') as unknown as SectionLike | null;
      if (section === null) return false;
      let isShown: boolean;
      if (shown === "first record") isShown = section.querySelector(".records .record-row") !== null;
      else {
        const dis = section.querySelector("pre.dis");
        isShown = dis !== null && !dis.hidden && (dis.textContent ?? "").includes("STOP");
      }
      return isShown ? section.dataset["state"] : false;
    },
    what,
    { timeout: WAIT_MS, polling: "raf" },
  );
  return (await handle.jsonValue()) as string;
}

/** The page's document, as the checks run in the page use it (test/ type-checks without the DOM library). */
declare const document: { querySelector(selector: string): { readonly textContent: string | null } | null };

/** The part of an element the checks read (test/ type-checks without the DOM library). */
interface SectionLike {
  readonly dataset: Record<string, string | undefined>;
  querySelector(selector: string): { readonly hidden: boolean; readonly textContent: string | null } | null;
}

/** The record list's preview: CPython's repr, cut with "…" at 120 characters. */
function preview(type: string, repr: string): string {
  return `${type}: ${repr.length > 120 ? `${repr.slice(0, 119)}…` : repr}`;
}

describe.runIf(requirePython() && requireBrowser())("the viewer page on a 100 MB file", TEST_OPTIONS, () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  let expected: Expected;

  beforeAll(async () => {
    ({ dir, expected } = makePickles(true));
    browser = await launchBrowser();
    page = await openViewer(browser);
  }, WAIT_MS * 2);

  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("shows the first record while the rest of the file is still being read", async () => {
    expect(expected.bigSize).toBeGreaterThanOrEqual(100 * 1024 * 1024);
    await page.setInputFiles("#file-input", join(dir, "big.pkl"));
    const state = await stateWhen(page, "first record");
    expect(state).toBe("reading");
    const first = fileSection(page, "big.pkl").locator('.records .record-row[data-index="0"] .col-value');
    expect(await first.textContent()).toBe(preview("dict", expected.bigFirst!));
  });

  it("answers a click with the worker's reply (a record's disassembly) while it reads", async () => {
    await fileSection(page, "big.pkl").locator(".dis-button").click();
    const state = await stateWhen(page, "disassembly");
    expect(state).toBe("reading");
  });

  it("keeps only the records in view in the page while their number grows (the list is virtualised)", async () => {
    const section = fileSection(page, "big.pkl");
    await page.waitForFunction(() => /, ([0-9]{4,}) records/.test(document.querySelector('section.file[data-name="big.pkl"] .progress-text')?.textContent ?? ""), undefined, { polling: "raf" });
    await expect.poll(() => section.locator(".records .record-row").count(), POLL).toBeGreaterThan(0);
    expect(await section.locator(".records .record-row").count()).toBeLessThan(100);
  });

  it("stops reading on Cancel, keeping the records read so far", async () => {
    const section = fileSection(page, "big.pkl");
    await section.locator("button.cancel").click();
    await section.and(page.locator('[data-state="cancelled"]')).waitFor({ timeout: WAIT_MS });
    const text = (await section.locator(".progress-text").textContent()) ?? "";
    const count = Number(/cancelled after (\d+) records?/.exec(text)?.[1]);
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(expected.bigCount!);
  });

  it("reads the whole file to its last record", async () => {
    await page.reload();
    await page.setInputFiles("#file-input", join(dir, "big.pkl"));
    const section = fileSection(page, "big.pkl");
    await section.and(page.locator('[data-state="done"]')).waitFor({ timeout: WAIT_MS * 3 });
    expect(await section.locator(".progress-text").textContent()).toBe(`read ${expected.bigCount} records`);
    const list = section.locator(".records");
    await list.evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    const last = section.locator(`.records .record-row[data-index="${expected.bigCount! - 1}"] .col-value`);
    await expect.poll(() => last.textContent(), POLL).toBe(preview("dict", expected.bigLast!));
  }, WAIT_MS * 4);
});
