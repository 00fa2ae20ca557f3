// The viewer page (packages/web) in a real browser, opened from file://: what a person sees after
// picking files. Expected values come from CPython (make_pickles.py writes them beside the pickles).
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requirePython, testPath } from "../helpers/python.js";
import { type Expected, fileSection, launchBrowser, makePickles, openViewer, POLL, requireBrowser, TEST_OPTIONS, type ViewerPage, WAIT_MS } from "./browser.js";

/** The part of a canvas the tests read (test/ type-checks without the DOM library). */
interface CanvasLike {
  readonly width: number;
  readonly height: number;
  getContext(kind: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
}

/** The browser globals the drop test uses, typed here (test/ type-checks without the DOM library). */
interface PageGlobals {
  readonly DataTransfer: new () => { readonly items: { add(file: unknown): void } };
  readonly File: new (parts: unknown[], name: string) => unknown;
  readonly DragEvent: new (type: string, init: Record<string, unknown>) => unknown;
  readonly document: { getElementById(id: string): { dispatchEvent(event: unknown): boolean } | null };
}

/** A function cloudpickle pickled by value (a committed fixture; its .json is the JSON mapping CPython's oracle wrote). */
const CLOSURE = testPath("fixtures/libs/cloudpickle/closure.p4.pkl");

/** A pandas DataFrame pickled by pandas (a committed fixture; its .json is the JSON mapping CPython's oracle wrote). */
const FRAME = testPath("fixtures/libs/pandas/frame-basic.p4.pkl");

/** 120 rows (more than a page), written by pandas itself with its cells as pandas prints them (fixtures/make_frame.py). */
const FRAME_120 = testPath("web/fixtures/frame-120.pkl");

/** Python's repr of a value of a JSON-mapped frame column: str, int, bool, None; floats (null is NaN) by `isFloat`. */
function cellRepr(value: unknown, isFloat: boolean): string {
  if (isFloat) return value === null ? "nan" : Number.isInteger(value) ? `${value}.0` : String(value);
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  return typeof value === "string" ? `'${value}'` : String(value);
}

const CLI_BIN = new URL("../../packages/cli/bin/pkl-stream.cjs", import.meta.url);

describe.runIf(requirePython() && requireBrowser())("the viewer page", TEST_OPTIONS, () => {
  let browser: Browser;
  let page: ViewerPage;
  let dir: string;
  let expected: Expected;

  beforeAll(async () => {
    ({ dir, expected } = makePickles());
    browser = await launchBrowser();
    page = await openViewer(browser);
    await page.setInputFiles("#file-input", [
      ...["records.pkl", "placeholder.pkl", "hostile.pkl", "mnist.pkl.gz", "pictures.pkl", "long.pkl", "cut.pkl", "bad.pkl"].map((name) => join(dir, name)),
      CLOSURE,
      FRAME,
      FRAME_120,
    ]);
    for (const name of ["records.pkl", "placeholder.pkl", "hostile.pkl", "mnist.pkl.gz", "pictures.pkl", "long.pkl", "closure.p4.pkl", "frame-basic.p4.pkl", "frame-120.pkl"]) {
      await fileSection(page, name).and(page.locator('[data-state="done"]')).waitFor({ timeout: WAIT_MS });
    }
    for (const name of ["cut.pkl", "bad.pkl"]) await fileSection(page, name).and(page.locator('[data-state="error"]')).waitFor({ timeout: WAIT_MS });
  }, WAIT_MS * 3);

  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("lists each appended record with its index, byte offset, size, protocol and CPython's repr", async () => {
    const rows = fileSection(page, "records.pkl").locator(".records .record-row");
    await expect.poll(() => rows.count(), POLL).toBe(expected.records.length);
    const shown = await rows.evaluateAll((elements) =>
      elements.map((row) => [...row.querySelectorAll(".col")].map((cell) => cell.textContent ?? "")),
    );
    expect(shown).toEqual(
      expected.records.map((record, index) => [
        String(index),
        String(record.offset),
        `${record.size} B`,
        record.protocol < 2 ? "0-1" : String(record.protocol),
        `${record.type}: ${record.repr}`,
      ]),
    );
  });

  it("keeps the records before a cut inside a record and says where the file stopped", async () => {
    const section = fileSection(page, "cut.pkl");
    await expect.poll(() => section.locator(".records .record-row").count(), POLL).toBe(4);
    const text = (await section.locator(".progress-text").textContent()) ?? "";
    const where = /^stopped after 4 records: record 4 at byte (\d+): /.exec(text);
    // The byte of the opcode that the input ended in: inside the last record, before the cut.
    expect(Number(where?.[1])).toBeGreaterThanOrEqual(expected.records[4]!.offset);
    expect(Number(where?.[1])).toBeLessThan(expected.records[4]!.offset + 3);
    const verdict = section.locator(".verdict");
    await verdict.and(page.locator('[data-final="true"]')).waitFor();
    expect(await verdict.getAttribute("data-verdict")).toBe("unknown");
  });

  it("keeps the records a chunk completed before a byte that is no opcode, and says where it is", async () => {
    const section = fileSection(page, "bad.pkl");
    await expect.poll(() => section.locator(".records .record-row").count(), POLL).toBe(3);
    expect(await section.locator(".progress-text").textContent()).toMatch(new RegExp(`^stopped after 3 records: record 3 at byte ${expected.records[3]!.offset + 2}: `));
  });

  it("shows an object of an unknown class as a placeholder named by its class, with its state", async () => {
    const section = fileSection(page, "placeholder.pkl");
    const row = section.locator(".tree .node-row", { hasText: "acme.models.Forecast" }).first();
    await expect.poll(() => row.locator(".node-type").textContent(), POLL).toBe(expected.placeholderClass);
    expect(await row.evaluate((element) => element.classList.contains("placeholder"))).toBe(true);
    await row.click();
    await expect.poll(() => section.locator(".placeholder-note").textContent(), POLL).toContain(`${expected.placeholderClass} is a class or function pkl-stream does not rebuild`);
    await section.locator(".node-row", { hasText: "__state__" }).click();
    const horizon = section.locator(".node-row", { hasText: "horizon" });
    await expect.poll(() => horizon.locator(".node-summary").textContent(), POLL).toBe("12");
  });

  it("shows a function pickled by cloudpickle as its parts: name, parameters, defaults, closure", async () => {
    const plain = JSON.parse(readFileSync(CLOSURE.replace(/\.p4\.pkl$/, ".json"), "utf8")) as Record<string, unknown>;
    const section = fileSection(page, "closure.p4.pkl");
    const parts = section.locator(".tree > .node > .children > .node > .node-row");
    await expect.poll(() => parts.count(), POLL).toBe(Object.keys(plain).length);
    expect(await parts.locator(".node-label").allTextContents()).toEqual(Object.keys(plain).map((key) => JSON.stringify(key)));
    expect(await parts.first().locator(".node-summary").textContent()).toBe(`'${plain["__function__"]}'`);
  });

  it("shows a pandas DataFrame as a table: its column names, index labels and values", async () => {
    const plain = JSON.parse(readFileSync(FRAME.replace(/\.p4\.pkl$/, ".json"), "utf8")) as { index: unknown[]; columns: Record<string, unknown[]> };
    const section = fileSection(page, "frame-basic.p4.pkl");
    const table = section.locator(".frame-table");
    await expect.poll(() => table.locator(".frame-row").count(), POLL).toBe(plain.index.length);
    expect(await table.locator(".frame-column").allTextContents()).toEqual(["", ...Object.keys(plain.columns)]);
    const rows = await table.locator(".frame-row").evaluateAll((elements) => elements.map((row) => [...row.children].map((cell) => cell.textContent ?? "")));
    // Column c holds floats (2.0 and NaN included); the JSON cannot say so, the fixture's generator does.
    expect(rows).toEqual(plain.index.map((label, row) => [String(label), ...Object.entries(plain.columns).map(([name, values]) => cellRepr(values[row], name === "c"))]));
    expect(await section.locator(".frame-where").textContent()).toBe(` rows 1-${plain.index.length} of ${plain.index.length}, ${Object.keys(plain.columns).length} columns `);
  });

  it("pages through a DataFrame of 120 rows 50 at a time", async () => {
    const { columns, rows } = JSON.parse(readFileSync(FRAME_120.replace(/\.pkl$/, ".json"), "utf8")) as { columns: string[]; rows: string[][] };
    const section = fileSection(page, "frame-120.pkl");
    const table = section.locator(".frame-table");
    const shown = () => table.locator(".frame-row").evaluateAll((elements) => elements.map((row) => [...row.children].map((cell) => cell.textContent ?? "")));
    await expect.poll(shown, POLL).toEqual(rows.slice(0, 50));
    expect(await table.locator(".frame-column").allTextContents()).toEqual(["", ...columns]);
    expect(await section.locator(".frame-previous").isDisabled()).toBe(true);
    await section.locator(".frame-next").click();
    await expect.poll(shown, POLL).toEqual(rows.slice(50, 100));
    await section.locator(".frame-next").click();
    await expect.poll(shown, POLL).toEqual(rows.slice(100));
    expect(await section.locator(".frame-where").textContent()).toBe(" rows 101-120 of 120, 2 columns ");
    expect(await section.locator(".frame-next").isDisabled()).toBe(true);
    await section.locator(".frame-previous").click();
    await expect.poll(shown, POLL).toEqual(rows.slice(50, 100));
  });

  it("gives the --select path of the node under the cursor, which the command selects the same value with", async () => {
    const section = fileSection(page, "placeholder.pkl");
    await section.locator(".node-row", { hasText: "horizon" }).hover();
    const path = await section.locator(".select-path").inputValue();
    expect(path).toBe(".model.__state__.horizon");
    const result = spawnSync(process.execPath, [CLI_BIN.pathname, join(dir, "placeholder.pkl"), "--select", path], { encoding: "utf8" });
    expect(result.stdout).toBe("12\n");
  });

  it("gives the verdict dangerous for a pickle that would run os.system, and says why", async () => {
    const verdict = fileSection(page, "hostile.pkl").locator(".verdict");
    await verdict.and(page.locator('[data-final="true"]')).waitFor({ timeout: WAIT_MS });
    expect(await verdict.getAttribute("data-verdict")).toBe("dangerous");
    expect(await verdict.locator(".verdict-label").textContent()).toBe("inspect: dangerous");
    const reasons = await verdict.locator(".reason").allTextContents();
    expect(reasons.some((reason) => reason.startsWith("dangerous: imports posix.system"))).toBe(true);
    expect(reasons.some((reason) => reason.startsWith("dangerous: calls posix.system"))).toBe(true);
  });

  it("shows a record's disassembly on demand, as pickletools.dis prints it", async () => {
    const section = fileSection(page, "hostile.pkl");
    expect(await section.locator("pre.dis").isVisible()).toBe(false);
    await section.locator(".dis-button").click();
    const dis = section.locator("pre.dis");
    await expect.poll(() => dis.isVisible(), POLL).toBe(true);
    const text = (await dis.textContent()) ?? "";
    // The first line says where the record starts; the rest is pickletools' text.
    expect(`${text.split("\n").slice(1).join("\n")}\n`).toBe(expected.hostileDis);
  });

  it("opens a gzip file in the browser and draws an MNIST-like digit whose pixels are the array's", async () => {
    const section = fileSection(page, "mnist.pkl.gz");
    expect(await section.locator(".progress-text").textContent()).toContain("(gzip)");
    // ((train_x, train_y), ...): open [0], then select train_x.
    await section.locator(".tree .node-row", { hasText: "tuple" }).nth(1).click();
    const trainX = section.locator(".node-row", { hasText: "(50000, 784)" });
    await trainX.click();
    await expect.poll(() => section.locator(".shape-note").textContent(), POLL).toBe(" 50000 pictures of 28x28 (shape guess)");
    expect(await section.locator(".select-path").inputValue()).toBe(".[0][0]");
    const { index, pixels } = expected.mnistDigit;
    const canvas = section.locator(`canvas.picture[title="[${index}]"]`);
    await expect.poll(() => canvas.getAttribute("data-drawn"), POLL).toBe("true");
    const drawn = await canvas.evaluate((element) => {
      const context = (element as unknown as CanvasLike).getContext("2d");
      const { data } = context.getImageData(0, 0, 28, 28);
      return Array.from({ length: 28 * 28 }, (_, i) => [data[4 * i]!, data[4 * i + 1]!, data[4 * i + 2]!, data[4 * i + 3]!]);
    });
    // uint8 pixels are gray levels as they are: R = G = B = the value, opaque.
    expect(drawn).toEqual(pixels.map((value) => [value, value, value, 255]));
  });

  it("draws only the pictures in view of a 50000-image array (the grid is virtualised)", async () => {
    const section = fileSection(page, "mnist.pkl.gz");
    const canvases = await section.locator("canvas.picture").count();
    expect(canvases).toBeGreaterThan(0);
    expect(canvases).toBeLessThan(1000);
    const grid = section.locator(".picture-grid");
    await grid.evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    const last = section.locator('canvas.picture[title="[49999]"]');
    await expect.poll(() => last.getAttribute("data-drawn"), POLL).toBe("true");
    expect(await section.locator("canvas.picture").count()).toBeLessThan(1000);
  });

  it("redraws the array with a picture shape typed in the shape field", async () => {
    const section = fileSection(page, "mnist.pkl.gz");
    const field = section.locator(".shape-field");
    await field.fill("56x28");
    await field.press("Enter");
    await expect.poll(() => section.locator(".shape-note").textContent(), POLL).toBe(" 25000 pictures of 56x28");
    const first = section.locator('canvas.picture[title="[0]"]');
    expect(await first.evaluate((element) => [(element as unknown as CanvasLike).width, (element as unknown as CanvasLike).height])).toEqual([28, 56]);
  });

  it("draws the numbers of an array as a histogram", async () => {
    const section = fileSection(page, "mnist.pkl.gz");
    // train_y: labels 0..9.
    await section.locator(".node-row", { hasText: "int64 (50000,)" }).first().click();
    await expect.poll(() => section.locator(".histogram-range").textContent(), POLL).toBe("0 … 9");
  });

  it.each([
    ["rgb", "a 3-D uint8 array in colour", "6x5x3", [5, 6]],
    ["gray", "a 2-D float array in 0..1 in gray, 1.0 white", "4x7", [7, 4]],
  ] as const)("draws %s, %s, pixel for pixel", async (key, _what, shape, [width, height]) => {
    const section = fileSection(page, "pictures.pkl");
    await section.locator(".node-row", { hasText: `"${key}"` }).click();
    expect(await section.locator(".shape-field").inputValue()).toBe(shape);
    const canvas = section.locator('canvas.picture[title="[0]"]');
    await expect.poll(() => canvas.getAttribute("data-drawn"), POLL).toBe("true");
    const drawn = await canvas.evaluate(
      (element, [w, h]) => {
        const { data } = (element as unknown as CanvasLike).getContext("2d").getImageData(0, 0, w, h);
        return Array.from({ length: w * h }, (_, i) => [data[4 * i]!, data[4 * i + 1]!, data[4 * i + 2]!, data[4 * i + 3]!]);
      },
      [width, height] as [number, number],
    );
    expect(drawn).toEqual(key === "rgb" ? expected.rgbPixels : expected.grayPixels);
  });

  it("opens a list of 100000 items as a virtualised list: a screenful of rows in the page, the last one reachable", async () => {
    const section = fileSection(page, "long.pkl");
    await section.locator(".node-row", { hasText: '"values"' }).click();
    const list = section.locator(".child-list");
    const rows = list.locator(".child-row");
    await expect.poll(() => rows.count(), POLL).toBeGreaterThan(0);
    expect(await rows.count()).toBeLessThan(100);
    await list.evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    const last = list.locator('.child-row[data-index="99999"]');
    await expect.poll(() => last.locator(".node-summary").textContent(), POLL).toBe(expected.longLast);
    await last.hover();
    expect(await section.locator(".select-path").inputValue()).toBe(".values[99999]");
    expect(await rows.count()).toBeLessThan(100);
  });

  it("opens files dropped on the drop zone", async () => {
    const bytes = [...readFileSync(join(dir, "records.pkl"))];
    await page.evaluate((content) => {
      const web = globalThis as unknown as PageGlobals;
      const transfer = new web.DataTransfer();
      transfer.items.add(new web.File([new Uint8Array(content)], "dropped.pkl"));
      web.document.getElementById("drop")!.dispatchEvent(new web.DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, bytes);
    const section = fileSection(page, "dropped.pkl");
    await section.and(page.locator('[data-state="done"]')).waitFor();
    await expect.poll(() => section.locator(".records .record-row").count(), POLL).toBe(expected.records.length);
  });

  it("raised no error in the page", () => {
    expect(page.errors).toEqual([]);
  });

  it("sent nothing anywhere: every request was for the page itself or its worker", () => {
    expect(page.requests.length).toBeGreaterThan(0);
    expect(page.requests.filter((url) => !url.startsWith("file://") && !url.startsWith("blob:"))).toEqual([]);
  });
});
