// Drives Debian's chromium (apt; .ci/run installs it) with playwright-core, which downloads no
// browser. One browser per test file: the suite runs on a loaded 2-core machine.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { runPythonScript, testPath } from "../helpers/python.js";

export const CHROMIUM: string = process.env["PKL_STREAM_CHROMIUM"] ?? "/usr/bin/chromium";
export const PAGE_PATH: string = testPath("../packages/web/dist/index.html");

/** Generous: a page load or a decode waits behind other suites on 2 cores. */
export const WAIT_MS = 90_000;

/** expect.poll's options: its default (1 s) is too short on a loaded machine. */
export const POLL = { timeout: WAIT_MS, interval: 50 } as const;

/** A test's own limit: several waits of the page, each up to WAIT_MS. */
export const TEST_OPTIONS = { timeout: WAIT_MS * 2 } as const;

/**
 * Whether the browser tests can run. With `CI=true` a missing chromium fails the run (CI must not
 * skip them); elsewhere the suite is skipped. The page must be built (turbo builds it before tests).
 */
export function requireBrowser(): boolean {
  const hasBrowser = existsSync(CHROMIUM);
  if (!hasBrowser && process.env["CI"] === "true") throw new Error(`CI=true but ${CHROMIUM} is missing (apt-get install chromium)`);
  if (hasBrowser && !existsSync(PAGE_PATH)) throw new Error(`the page is not built (${PAGE_PATH}): run the build before test/web`);
  return hasBrowser;
}

export function launchBrowser(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], timeout: WAIT_MS });
}

/** A page with what it did: uncaught errors, and the URL of every request it made. */
export type ViewerPage = Page & { readonly errors: string[]; readonly requests: string[] };

/** A new page on the built viewer, from file:// (as a user opening dist/index.html from disk). */
export async function openViewer(browser: Browser): Promise<ViewerPage> {
  const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  page.setDefaultTimeout(WAIT_MS);
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(PAGE_PATH).href);
  return Object.assign(page, { errors, requests });
}

export interface Expected {
  readonly records: readonly { repr: string; type: string; offset: number; size: number; protocol: number }[];
  readonly placeholderClass: string;
  readonly hostileDis: string;
  readonly mnistDigit: { readonly index: number; readonly pixels: readonly number[] };
  readonly rgbPixels: readonly (readonly number[])[];
  readonly grayPixels: readonly (readonly number[])[];
  readonly longLast: string;
  readonly bigFirst?: string;
  readonly bigLast?: string;
  readonly bigCount?: number;
  readonly bigSize?: number;
}

/** Writes the test pickles (test/web/make_pickles.py) into a new folder; CPython's view of them in expected. */
export function makePickles(big = false): { dir: string; expected: Expected } {
  const dir = mkdtempSync(join(tmpdir(), "pkl-stream-web-"));
  runPythonScript(testPath("web/make_pickles.py"), big ? [dir, "--big"] : [dir]);
  return { dir, expected: JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Expected };
}

/** The section of the page that shows the file named `name`. */
export function fileSection(page: Page, name: string) {
  return page.locator(`section.file[data-name="${name}"]`);
}
