// Takes the screenshots of packages/web/README.md with the same browser the tests use:
//   node test/web/take-screenshots.mjs      (after the build; needs python3 with numpy)
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "pkl-stream-shots-"));
const made = spawnSync("python3", [join(root, "test/web/make_pickles.py"), dir], { stdio: "inherit" });
if (made.status !== 0) process.exit(1);
const browser = await chromium.launch({ executablePath: process.env.PKL_STREAM_CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(pathToFileURL(join(root, "packages/web/dist/index.html")).href);

  await page.setInputFiles("#file-input", join(dir, "mnist.pkl.gz"));
  const mnist = page.locator('section.file[data-name="mnist.pkl.gz"]');
  await mnist.and(page.locator('[data-state="done"]')).waitFor({ timeout: 120_000 });
  await mnist.locator(".tree .node-row", { hasText: "tuple" }).nth(1).click();
  await mnist.locator(".node-row", { hasText: "(50000, 784)" }).click();
  await mnist.locator('canvas.picture[title="[20]"][data-drawn="true"]').waitFor();
  await mnist.locator(".node-row", { hasText: "(50000, 784)" }).hover();
  await page.screenshot({ path: join(root, "packages/web/docs/mnist.png") });

  await page.reload();
  await page.setInputFiles("#file-input", join(dir, "hostile.pkl"));
  const hostile = page.locator('section.file[data-name="hostile.pkl"]');
  await hostile.locator('.verdict[data-final="true"]').waitFor();
  await hostile.locator(".dis-button").click();
  await hostile.locator("pre.dis:not([hidden])").waitFor();
  await hostile.locator(".node-row", { hasText: "__args__" }).click();
  await hostile.screenshot({ path: join(root, "packages/web/docs/hostile-verdict.png") });
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
