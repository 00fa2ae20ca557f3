// `pkl-stream show`: numeric arrays drawn with half blocks or written as PNG; the PNG is decoded
// back and compared pixel by pixel with what CPython computes from the same array.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";
import { makeWorkDir, runCli } from "./run-cli.js";

/** Gray-level cases: each an array of images.pkl, with its pixels by the documented rule. */
type LevelCase = "binary_float" | "unit_lists" | "mask" | "wide_float" | "wide_int" | "int_01";

type Expected = Record<"digit7" | "thumb" | "rgb" | "rgba" | "nested" | "flat_bytes" | LevelCase, number[]>;

/** The pixels of a PNG file, with its size and color type. */
function readPng(path: string): { width: number; height: number; colorType: number; rgba: number[] } {
  const png = PNG.sync.read(readFileSync(path));
  return { width: png.width, height: png.height, colorType: (png as unknown as { colorType: number }).colorType, rgba: [...png.data] };
}

/** Gray, RGB or RGBA pixel values spread to RGBA, as a decoder returns them. */
function asRgba(pixels: readonly number[], channels: 1 | 3 | 4): number[] {
  const rgba: number[] = [];
  for (let i = 0; i < pixels.length; i += channels) {
    const [r, g, b] = channels === 1 ? [pixels[i]!, pixels[i]!, pixels[i]!] : [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!];
    rgba.push(r, g, b, channels === 4 ? pixels[i + 3]! : 255);
  }
  return rgba;
}

describe.runIf(requirePython())("pkl-stream show", () => {
  let dir = "";
  let remove = (): void => {};
  let expected: Expected;

  beforeAll(() => {
    ({ dir, remove } = makeWorkDir());
    expected = JSON.parse(runPythonScript(testPath("cli/fixtures/show/make_images.py"), [dir])) as Expected;
  });
  afterAll(() => remove());

  it("writes an MNIST digit picked from a gzip pickle as a grayscale PNG with the scaled pixels", () => {
    const result = runCli(["show", "mnist.pkl.gz", "--select", ".[0][0][7]", "--shape", "28x28", "--png", "digit.png"], { cwd: dir });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const png = readPng(join(dir, "digit.png"));
    expect({ width: png.width, height: png.height, colorType: png.colorType }).toEqual({ width: 28, height: 28, colorType: 0 });
    expect(png.rgba).toEqual(asRgba(expected.digit7, 1));
  });

  it("keeps uint8 pixels exact and needs no --shape for a 2-d array", () => {
    expect(runCli(["show", "images.pkl", "--select", ".thumb", "--png", "thumb.png"], { cwd: dir }).status).toBe(0);
    const png = readPng(join(dir, "thumb.png"));
    expect([png.width, png.height]).toEqual([8, 6]);
    expect(png.rgba).toEqual(asRgba(expected.thumb, 1));
  });

  it("writes the PNG to standard output with --png -, the same bytes as to a file, and no file named -", () => {
    expect(runCli(["show", "images.pkl", "--select", ".thumb", "--png", "thumb.png"], { cwd: dir }).status).toBe(0);
    const result = runCli(["show", "images.pkl", "--select", ".thumb", "--png", "-"], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stdout.equals(readFileSync(join(dir, "thumb.png")))).toBe(true);
    expect(existsSync(join(dir, "-"))).toBe(false);
  });

  it("writes RGB and RGBA PNGs for arrays with 3 or 4 values per pixel", () => {
    expect(runCli(["show", "images.pkl", "-s", ".rgb", "--png", "rgb.png"], { cwd: dir }).status).toBe(0);
    const rgb = readPng(join(dir, "rgb.png"));
    expect([rgb.width, rgb.height, rgb.colorType]).toEqual([5, 4, 2]);
    expect(rgb.rgba).toEqual(asRgba(expected.rgb, 3));
    expect(runCli(["show", "images.pkl", "-s", ".rgba", "--png", "rgba.png"], { cwd: dir }).status).toBe(0);
    const rgba = readPng(join(dir, "rgba.png"));
    expect([rgba.width, rgba.height, rgba.colorType]).toEqual([3, 3, 6]);
    expect(rgba.rgba).toEqual(asRgba(expected.rgba, 4));
  });

  it("scales nested lists of floats and reshapes bytes with --shape", () => {
    expect(runCli(["show", "images.pkl", "-s", ".nested", "--png", "nested.png"], { cwd: dir }).status).toBe(0);
    expect(readPng(join(dir, "nested.png")).rgba).toEqual(asRgba(expected.nested, 1));
    expect(runCli(["show", "images.pkl", "-s", ".flat_bytes", "--shape", "3x4", "--png", "bytes.png"], { cwd: dir }).status).toBe(0);
    const png = readPng(join(dir, "bytes.png"));
    expect([png.width, png.height]).toEqual([4, 3]);
    expect(png.rgba).toEqual(asRgba(expected.flat_bytes, 1));
  });

  it.each([
    ["binary_float", "float32 0.0/1.0 (MNIST saved as floats) is black and full white"],
    ["unit_lists", "Python floats 0.0/1.0 in nested lists are black and full white"],
    ["mask", "a bool mask is black and full white"],
    ["wide_float", "floats outside 0..1 are scaled min..max"],
    ["wide_int", "ints outside 0..255 are scaled min..max"],
    ["int_01", "ints 0/1 stay 0/1, as uint8 pixels do"],
  ] as const)("maps %s to gray levels as show --help says: %s", (name, _says) => {
    const result = runCli(["show", "images.pkl", "-s", `.${name}`, "--png", `${name}.png`], { cwd: dir });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const png = readPng(join(dir, `${name}.png`));
    expect(png.rgba).toEqual(asRgba(expected[name], 1));
  });

  it("says in --help how values map to gray levels", () => {
    const help = runCli(["show", "--help"]).text;
    expect(help).toContain("integers all in 0..255");
    expect(help).toContain("floats or bools all in 0..1");
    expect(help).toContain("smallest value black, largest white");
  });

  it.each([
    [".", "a dict"],
    [".words[0][0]", "a str"],
    [".line[0]", "an int"],
  ])("refuses a selected value that is not an array (%s: %s) with exit 1 and a clear message", (path, kind) => {
    const result = runCli(["show", "images.pkl", "--select", path], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `pkl-stream: images.pkl: record 0: not an array but ${kind}: select a numeric array (a numpy array, nested lists of numbers, bytes)\n`,
    );
  });

  it("draws two pixel rows per line with upper half blocks in 24-bit gray", () => {
    const result = runCli(["show", "images.pkl", "--select", ".thumb[0:3]"], { cwd: dir });
    // .thumb[0:3] is rows 0-2 (all 8 columns): 3 rows -> 2 text lines, the last over the terminal's background.
    expect(result.status).toBe(0);
    const rows = [0, 1, 2].map((y) => expected.thumb.slice(y * 8, y * 8 + 8));
    const gray = (v: number): string => `${v};${v};${v}`;
    const line = (top: number[], bottom: number[] | undefined): string => {
      // A color code is sent when the color differs from the cell before.
      let text = "";
      for (let x = 0; x < 8; x++) {
        if (x === 0 || top[x] !== top[x - 1]) text += `\x1b[38;2;${gray(top[x]!)}m`;
        if (bottom !== undefined && (x === 0 || bottom[x] !== bottom[x - 1])) text += `\x1b[48;2;${gray(bottom[x]!)}m`;
        text += "\u2580";
      }
      return `${text}\x1b[0m\n`;
    };
    expect(result.text).toBe(line(rows[0]!, rows[1]) + line(rows[2]!, undefined));
  });

  it("takes HxWx1 as gray", () => {
    expect(runCli(["show", "images.pkl", "-s", ".line", "--shape", "2x5x1", "--png", "line.png"], { cwd: dir }).status).toBe(0);
    const png = readPng(join(dir, "line.png"));
    expect([png.width, png.height, png.colorType]).toEqual([5, 2, 0]);
    expect(png.rgba).toEqual(asRgba([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 1));
  });

  it.each([
    [["-s", ".[0][0][7]"], "mnist.pkl.gz", "a flat array of 784 numbers: give its --shape, such as --shape 28x28"],
    [["-s", ".[0][0][7]", "--shape", "20x20"], "mnist.pkl.gz", "the array has 784 numbers; --shape 20x20 needs 400"],
    [["-s", ".words"], "images.pkl", "not a numeric array: found a str"],
    [["-s", ".ragged"], "images.pkl", "not a rectangular array: rows of different lengths at depth 2"],
    [["-s", ".thumb", "--record", "3"], "images.pkl", "no such record (the input has fewer)"],
  ])("refuses what is no image (%j) with exit 1 and says why", (args, file, reason) => {
    const result = runCli(["show", file, ...args], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^pkl-stream: ${file.replace(/\./g, "\\.")}: record \\d+(?: at byte \\d+)?: ${reason.replace(/[()]/g, "\\$&")}\\n$`));
  });

  it.each([
    [["show"], "show: name one pickle file (got 0)"],
    [["show", "images.pkl", "--shape", "28by28"], '--shape must be dimensions such as 28x28 or 32x32x3; got "28by28"'],
    [["show", "images.pkl", "--record", "x"], '--record must be a non-negative integer; got "x"'],
    [["show", "nope.pkl"], "nope.pkl: no such file"],
  ])("rejects bad usage %j with exit 2", (args, message) => {
    const result = runCli(args, { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(`pkl-stream: ${message}`);
  });
});

/**
 * A protocol-2 pickle of `levels` nested lists that share through the memo: the innermost holds
 * `width` ints 1, each outer one holds the list inside it `width` times, so width^levels numbers.
 */
function sharedListsPickle(levels: number, width: number): Buffer {
  let text = "\x80\x02(" + "K\x01".repeat(width) + "lq\x00";
  for (let level = 1; level < levels; level++) {
    text += "(" + `h${String.fromCharCode(level - 1)}`.repeat(width) + `lq${String.fromCharCode(level)}`;
  }
  return Buffer.from(`${text}.`, "latin1");
}

/** A pickle of `depth` lists, each inside the one before: [[[...[]...]]]. */
function deepListsPickle(depth: number): Buffer {
  return Buffer.from(`\x80\x02${"]".repeat(depth)}${"a".repeat(depth - 1)}.`, "latin1");
}

describe("pkl-stream show on hostile arrays", () => {
  let dir = "";
  let remove = (): void => {};
  beforeAll(() => {
    ({ dir, remove } = makeWorkDir());
    // 39 lists, each holding the one before twice: 2^39 numbers in 315 bytes.
    writeFileSync(join(dir, "laughs.pkl"), sharedListsPickle(39, 2));
    // 5 levels of 100: shape (100, 100, 100, 100, 100), 10^10 numbers in 1 KB.
    writeFileSync(join(dir, "wide.pkl"), sharedListsPickle(5, 100));
    writeFileSync(join(dir, "deep.pkl"), deepListsPickle(100_000));
  });
  afterAll(() => remove());

  it.each([
    ["laughs.pkl", [], "lists nested more than 8 deep: too many dimensions for an image"],
    ["laughs.pkl", ["--png", "laughs.png"], "lists nested more than 8 deep: too many dimensions for an image"],
    ["deep.pkl", [], "lists nested more than 8 deep: too many dimensions for an image"],
    ["wide.pkl", [], "an array of shape (100, 100, 100, 100, 100) has more than 67,108,864 numbers, the most an image may have"],
    ["wide.pkl", ["--png", "wide.png", "--shape", "100000x100000"], "an array of shape (100, 100, 100, 100, 100) has more than 67,108,864 numbers, the most an image may have"],
  ])("refuses %s %j quickly with exit 1 and one line", (file, args, reason) => {
    const result = runCli(["show", file, ...args], { cwd: dir });
    expect(result.stderr).toBe(`pkl-stream: ${file}: record 0: ${reason}\n`);
    expect(result.status).toBe(1);
    expect(result.stdout.length).toBe(0);
    expect(existsSync(join(dir, "laughs.png")) || existsSync(join(dir, "wide.png"))).toBe(false);
  });

  it("still draws a shared list within the limits, and refuses rows that differ from the first", () => {
    // 3 levels of 2: a 2x2x2 array of 1s is no RGB image but a valid shape to reshape.
    writeFileSync(join(dir, "small.pkl"), sharedListsPickle(3, 2));
    expect(runCli(["show", "small.pkl", "--shape", "2x4"], { cwd: dir }).status).toBe(0);
    // [[1, 1], [1, 1, 1, ...]]: the first row says 2, the second is longer.
    writeFileSync(join(dir, "ragged.pkl"), Buffer.from(`\x80\x02((K\x01K\x01l(${"K\x01".repeat(1000)}ll.`, "latin1"));
    const result = runCli(["show", "ragged.pkl"], { cwd: dir });
    expect(result.stderr).toBe("pkl-stream: ragged.pkl: record 0: not a rectangular array: rows of different lengths at depth 2\n");
    expect(result.status).toBe(1);
  });
});
