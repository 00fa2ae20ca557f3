// The viewer page on awkward pickles: each would have hung the page, crashed its worker or flooded
// its DOM before the caps of packages/web (see its README). They are small (make_awkward.py writes
// them in about a second); the checks are on what the page shows, not on timings.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Locator, Worker } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";
import { fileSection, launchBrowser, openViewer, POLL, requireBrowser, TEST_OPTIONS, type ViewerPage, WAIT_MS } from "./browser.js";

/** What CPython says of the awkward pickles (make_awkward.py writes it). */
interface AwkwardExpected {
  readonly bigClassType: string;
  readonly floats: Record<string, { readonly type: string; readonly repr: string }>;
  readonly floatsRepr: string;
  readonly floatArray: readonly string[];
}

/** The part of a canvas the tests read (test/ type-checks without the DOM library). */
interface CanvasLike {
  readonly width: number;
  readonly height: number;
  getContext(kind: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
}

/** A worker's global scope as the fault-injection tests rewire it. */
interface WorkerScopeLike {
  postMessage(message: { readonly type: string }, transfer?: unknown[]): void;
}

const FILES = [
  "hist-none.pkl",
  "masked.pkl",
  "frame-120-columns.pkl",
  "frame-200k-columns.pkl",
  "big-class.pkl",
  "big-key.pkl",
  "deep-marks.pkl",
  "big-str.pkl",
  "long-strs.pkl",
  "wide-picture.pkl",
  "big-tiles.pkl.gz",
  "floats.pkl",
  "many.pkl",
];

/** The lines of a record's disassembly, after the button shows it (the first line says where the record starts). */
async function disLines(section: Locator): Promise<string[]> {
  await section.locator(".dis-button").click();
  const dis = section.locator("pre.dis");
  await expect.poll(() => dis.isVisible(), POLL).toBe(true);
  return ((await dis.textContent()) ?? "").split("\n").slice(1);
}

/** The number of elements in a file's section: what the page holds in its DOM for the file. */
function nodeCount(section: Locator): Promise<number> {
  return section.evaluate((element) => element.querySelectorAll("*").length);
}

/** The cells of a DataFrame's table as shown: the header, then each row. */
function tableCells(section: Locator): Promise<string[][]> {
  return section.locator(".frame-table tr").evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent ?? "")));
}

/** Replaces a worker's postMessage so that its next message of `type` goes through `fault` instead. */
async function injectFault(workers: readonly Worker[], type: string, fault: "throw" | "crash"): Promise<void> {
  for (const worker of workers) {
    await worker.evaluate(
      ([type, fault]) => {
        const scope = globalThis as unknown as WorkerScopeLike;
        const post = scope.postMessage.bind(scope);
        let isArmed = true;
        scope.postMessage = (message, transfer) => {
          if (isArmed && message.type === type) {
            isArmed = false;
            // "throw": the handler's post throws; "crash": the reply is lost and the worker throws where nothing catches it.
            if (fault === "throw") throw new Error("injected fault");
            setTimeout(() => {
              throw new Error("injected crash");
            }, 0);
            return;
          }
          post(message, transfer);
        };
      },
      [type, fault] as const,
    );
  }
}

describe.runIf(requirePython() && requireBrowser())("the viewer page on awkward pickles", TEST_OPTIONS, () => {
  let browser: Browser;
  let page: ViewerPage;
  let dir: string;
  let expected: AwkwardExpected;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "pkl-stream-awkward-"));
    runPythonScript(testPath("web/make_awkward.py"), [dir]);
    expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as AwkwardExpected;
    browser = await launchBrowser();
    page = await openViewer(browser);
    await page.setInputFiles(
      "#file-input",
      FILES.map((name) => join(dir, name)),
    );
    for (const name of FILES) await fileSection(page, name).and(page.locator('[data-state="done"]')).waitFor({ timeout: WAIT_MS });
  }, WAIT_MS * 3);

  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("opens a list whose numbers stop after 100,000 items (None after them): no histogram, no hang", async () => {
    const section = fileSection(page, "hist-none.pkl");
    const root = section.locator(".tree .node-row").first();
    await expect.poll(() => root.locator(".node-summary").textContent(), POLL).toBe("200000 items");
    await expect.poll(() => section.locator(".child-list .child-row").count(), POLL).toBeGreaterThan(0);
    expect(await section.locator(".node-panel .histogram").count()).toBe(0);
    expect(await section.locator(".request-error, .file-error").count()).toBe(0);
  });

  it("opens a masked array of a million elements a page of children at a time, and reads the next file meanwhile", async () => {
    const section = fileSection(page, "masked.pkl");
    expect(await section.locator(".records .col-value").first().textContent()).toMatch(/^numpy\.ma\.\S*MaskedArray: numpy\.ma\.\S*MaskedArray\(…\)$/);
    const list = section.locator(".child-list");
    const row = (index: number) => list.locator(`.child-row[data-index="${index}"] .node-summary`);
    // Every third element is masked: None.
    await expect.poll(() => row(0).textContent(), POLL).toBe("None");
    expect(await row(1).textContent()).toBe("1");
    await list.evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    await expect.poll(() => row(999_998).textContent(), POLL).toBe("999998");
    expect(await list.locator(".child-row").count()).toBeLessThan(100);
  });

  it("pages a DataFrame's columns 50 at a time, as its rows", async () => {
    const section = fileSection(page, "frame-120-columns.pkl");
    const names = (first: number, last: number) => ["", ...Array.from({ length: last - first }, (_, i) => `c${first + i}`)];
    // Column c holds c * 3 + row (3 rows).
    const rows = (first: number, last: number) => [0, 1, 2].map((row) => [String(row), ...Array.from({ length: last - first }, (_, i) => String((first + i) * 3 + row))]);
    await expect.poll(() => tableCells(section), POLL).toEqual([names(0, 50), ...rows(0, 50)]);
    expect(await section.locator(".frame-where").textContent()).toBe(" rows 1-3 of 3, columns 1-50 of 120 ");
    expect(await section.locator(".frame-columns-previous").isDisabled()).toBe(true);
    await section.locator(".frame-columns-next").click();
    await expect.poll(() => tableCells(section), POLL).toEqual([names(50, 100), ...rows(50, 100)]);
    await section.locator(".frame-columns-next").click();
    await expect.poll(() => tableCells(section), POLL).toEqual([names(100, 120), ...rows(100, 120)]);
    expect(await section.locator(".frame-where").textContent()).toBe(" rows 1-3 of 3, columns 101-120 of 120 ");
    expect(await section.locator(".frame-columns-next").isDisabled()).toBe(true);
    await section.locator(".frame-columns-previous").click();
    await expect.poll(() => tableCells(section), POLL).toEqual([names(50, 100), ...rows(50, 100)]);
  });

  it("shows a DataFrame of 200,000 columns as a table of 50 of them", async () => {
    const section = fileSection(page, "frame-200k-columns.pkl");
    await expect.poll(() => section.locator(".frame-where").textContent(), POLL).toBe(" rows 1-1 of 1, columns 1-50 of 200000 ");
    expect(await section.locator(".frame-column").count()).toBe(51);
    expect(await section.locator(".frame-cell").count()).toBe(50);
    expect(await nodeCount(section)).toBeLessThan(1000);
  });

  it("shortens a class name of a million characters wherever the page shows it", async () => {
    const section = fileSection(page, "big-class.pkl");
    const type = `${expected.bigClassType}… (1000004 characters)`;
    await expect.poll(() => section.locator(".tree .node-row .node-type").first().textContent(), POLL).toBe(type);
    // The preview is Python's repr of a placeholder built with no arguments, cut at 120 characters.
    expect(await section.locator(".records .col-value").first().textContent()).toBe(`${type}: ${`${type}()`.slice(0, 119)}…`);
    const verdict = section.locator(".verdict");
    await verdict.and(page.locator('[data-final="true"]')).waitFor();
    const reasons = await verdict.locator(".reason").allTextContents();
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason.length).toBeLessThan(500);
    // "imports mod.xxx…": the reason quotes the class, cut with a note of its length.
    expect(reasons.some((reason) => /^unknown: imports mod\.x+… \(\d{7} characters\)/.test(reason))).toBe(true);
    expect(((await section.textContent()) ?? "").length).toBeLessThan(5000);
  });

  it("shortens a dict key of a million characters, and gives no --select path it cannot write in full", async () => {
    const section = fileSection(page, "big-key.pkl");
    const child = section.locator(".tree .children .node-row").first();
    await expect.poll(() => child.locator(".node-label").textContent(), POLL).toBe(`"${"k".repeat(300)}… (1000000 characters)"`);
    await child.hover();
    expect(await section.locator(".select-path").inputValue()).toMatch(/^\(no --select path/);
    expect(((await section.textContent()) ?? "").length).toBeLessThan(5000);
  });

  it("caps a disassembly's indentation: 5000 nested MARKs indent by 64 spaces and a note", async () => {
    const lines = await disLines(fileSection(page, "deep-marks.pkl"));
    // The first 5000 opcodes (the MARKs), then the note of the line cap.
    expect(lines.length).toBe(5001);
    for (const line of lines) expect(line.length).toBeLessThan(200);
    // pickletools pads the opcode to 4 columns, then indents by 4 per open MARK: 3 + 1 + 4 * 4999 spaces.
    expect(lines[4999]).toBe(` 4999: ( ${" ".repeat(64)}[+19935 spaces] MARK`);
    expect(lines[5000]).toBe("... (the first 5000 opcodes; pkl-stream inspect --dis prints them all)");
  });

  it("cuts a disassembly line of a 3 MB str at 2000 characters and says how many more there were", async () => {
    const lines = await disLines(fileSection(page, "big-str.pkl"));
    const line = lines.find((text) => text.includes("BINUNICODE"))!;
    const cut = /^(.{2000})… \((\d+) more characters\)$/.exec(line);
    expect(cut).not.toBeNull();
    // The line pickletools prints: the text before the quote, then the str's repr (3,000,000 Bs in quotes).
    const head = line.slice(0, line.indexOf("'"));
    expect(Number(cut![2])).toBe(head.length + 3_000_002 - 2000);
  });

  it("stops a disassembly at a million characters and says so", async () => {
    const lines = await disLines(fileSection(page, "long-strs.pkl"));
    expect(lines.join("\n").length).toBeLessThan(1_000_200);
    expect(lines.at(-1)).toBe("... (the first 1000000 characters; pkl-stream inspect --dis prints it all)");
  });

  it("shrinks a picture wider than 4096 pixels: every third pixel of a row of 10,000, and says so", async () => {
    const section = fileSection(page, "wide-picture.pkl");
    await section.locator(".tree .node-row").first().click();
    await expect.poll(() => section.locator(".shape-note").textContent(), POLL).toBe(" 1 picture of 1x10000 (shape guess), drawn at 3334x1: 1 pixel of 3x3");
    const canvas = section.locator('canvas.picture[title="[0]"]');
    await expect.poll(() => canvas.getAttribute("data-drawn"), POLL).toBe("true");
    const drawn = await canvas.evaluate((element) => {
      const picture = element as unknown as CanvasLike;
      const { data } = picture.getContext("2d").getImageData(0, 0, picture.width, picture.height);
      return { width: picture.width, height: picture.height, gray: Array.from({ length: picture.width }, (_, x) => data[4 * x]!) };
    });
    expect([drawn.width, drawn.height]).toEqual([3334, 1]);
    // The array holds x % 256 at x: pixel x drawn is element 3x.
    expect(drawn.gray).toEqual(Array.from({ length: 3334 }, (_, x) => (3 * x) % 256));
  });

  it("fetches a grid's tiles at most 256 pixels on a side: 600x600 pictures come at 200x200", async () => {
    const section = fileSection(page, "big-tiles.pkl.gz");
    await section.locator(".tree .node-row").first().click();
    await expect.poll(() => section.locator(".shape-note").textContent(), POLL).toBe(" 4 pictures of 600x600 (shape guess), drawn at 200x200: 1 pixel of 3x3");
    const canvas = section.locator('canvas.picture[title="[1]"]');
    await expect.poll(() => canvas.getAttribute("data-drawn"), POLL).toBe("true");
    const drawn = await canvas.evaluate((element) => {
      const picture = element as unknown as CanvasLike;
      const { data } = picture.getContext("2d").getImageData(0, 0, picture.width, picture.height);
      return { width: picture.width, height: picture.height, corner: [data[0]!, data[4 * (200 * 7 + 5)]!] };
    });
    expect([drawn.width, drawn.height]).toEqual([200, 200]);
    // Element (picture, y, x) holds (picture * 360000 + y * 600 + x) % 251; pixel (5, 7) is element (1, 21, 15).
    expect(drawn.corner).toEqual([360_000 % 251, (360_000 + 21 * 600 + 15) % 251]);
  });

  it("shows floats as Python prints them (2.0, 1e-07, 1e+16), and ints as ints", async () => {
    const section = fileSection(page, "floats.pkl");
    const value = section.locator(".records .col-value");
    expect(await value.first().textContent()).toBe(`dict: ${expected.floatsRepr}`);
    const children = section.locator(".tree .children .node-row");
    await expect.poll(() => children.count(), POLL).toBe(Object.keys(expected.floats).length);
    const shown = await children.evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll(".node-label, .node-type, .node-summary")].map((cell) => cell.textContent ?? "")));
    expect(shown).toEqual(Object.entries(expected.floats).map(([key, { type, repr }]) => [JSON.stringify(key), type, repr]));
    // A float64 array's elements, 2.0 among them.
    await section.locator(".records .record-row").nth(1).click();
    const elements = section.locator(".tree .children .node-row");
    await expect.poll(() => elements.locator(".node-summary").allTextContents(), POLL).toEqual(expected.floatArray);
    expect(await elements.locator(".node-type").allTextContents()).toEqual(expected.floatArray.map(() => "float"));
  });

  it("lists the first million records of a file and counts the rest", async () => {
    const section = fileSection(page, "many.pkl");
    expect(await section.locator(".progress-text").textContent()).toBe("read 1000050 records");
    expect(await section.locator(".list-cap").textContent()).toBe("stopped listing at 1000000 records: the 50 after them are read and audited, not listed");
    const list = section.locator(".records");
    await list.evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    await expect.poll(() => list.locator('.record-row[data-index="999999"]').count(), POLL).toBe(1);
    expect(await list.locator('.record-row[data-index="1000000"]').count()).toBe(0);
  });

  it("raised no error in the page", () => {
    expect(page.errors).toEqual([]);
  });

  describe("when the worker fails", () => {
    let faulty: ViewerPage;

    beforeAll(async () => {
      faulty = await openViewer(browser);
      await faulty.setInputFiles("#file-input", [join(dir, "floats.pkl")]);
      const section = fileSection(faulty, "floats.pkl");
      await section.and(faulty.locator('[data-state="done"]')).waitFor({ timeout: WAIT_MS });
      // A final verdict: both workers (decoder and auditor) have run.
      await section.locator('.verdict[data-final="true"]').waitFor({ timeout: WAIT_MS });
    }, WAIT_MS * 2);

    afterAll(async () => {
      await faulty?.close();
    });

    it("shows the error of a request whose handling threw, where its answer would have been", async () => {
      expect(faulty.workers().length).toBe(2);
      await injectFault(faulty.workers(), "dis", "throw");
      const section = fileSection(faulty, "floats.pkl");
      await section.locator(".dis-button").click();
      const error = section.locator("pre.dis .request-error");
      await expect.poll(() => error.textContent(), POLL).toBe("error: injected fault");
      expect(await section.locator("pre.dis").isVisible()).toBe(true);
      // The worker still answers: the next record opens.
      await section.locator(".records .record-row").nth(1).click();
      await expect.poll(() => section.locator(".tree .children .node-row").count(), POLL).toBe(3);
    });

    it("rejects what waits on a worker that failed, and says so in the file's section", async () => {
      await injectFault(faulty.workers(), "dis", "crash");
      const section = fileSection(faulty, "floats.pkl");
      await section.locator(".dis-button").click();
      const error = section.locator("pre.dis .request-error");
      await expect.poll(() => error.textContent(), POLL).toMatch(/^error: the (decoding|audit) worker failed: .*injected crash/);
      expect(await section.locator(".file-error").textContent()).toMatch(/injected crash/);
    });
  });
});
