// `show` on a terminal: the drawing is no wider than the terminal (terminal-image.ts fitToWidth),
// each cell the average of the pixels it covers; --png and a pipe keep every pixel.
import { describe, expect, it } from "vitest";
import type { Image } from "../../packages/cli/src/image.js";
import { fitToWidth, renderHalfBlocks } from "../../packages/cli/src/terminal-image.js";

/** A gray image whose pixel at (x, y) is `pixel(x, y)`. */
function gray(width: number, height: number, pixel: (x: number, y: number) => number): Image {
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels[y * width + x] = pixel(x, y);
  return { width, height, channels: 1, pixels };
}

describe("fitToWidth", () => {
  it("keeps an image that fits, and any image when there is no terminal width", () => {
    const image = gray(10, 4, (x) => x);
    expect(fitToWidth(image, 10)).toBe(image);
    expect(fitToWidth(image, undefined)).toBe(image);
  });

  it("scales a wide image to the width, the height in the same ratio, each pixel the average of its box", () => {
    // 300 x 198, every 3 x 3 box holding 0..8 around a base: scaled to 100 columns, 66 rows.
    const image = gray(300, 198, (x, y) => 10 * (Math.floor(x / 3) % 20) + (x % 3) + 3 * (y % 3));
    const fitted = fitToWidth(image, 100);
    expect([fitted.width, fitted.height, fitted.channels]).toEqual([100, 66, 1]);
    expect(fitted.pixels[0]).toBe(4); // the average of 0..8
    expect(fitted.pixels[5]).toBe(54);
  });

  it("averages each channel of a color image apart, and draws lines no wider than the width", () => {
    const pixels = new Uint8Array(8 * 2 * 3);
    for (let i = 0; i < 16; i++) pixels.set(i % 2 === 0 ? [255, 0, 0] : [0, 0, 255], i * 3);
    const fitted = fitToWidth({ width: 8, height: 2, channels: 3, pixels }, 4);
    expect([...fitted.pixels.subarray(0, 3)]).toEqual([128, 0, 128]);
    const lines = renderHalfBlocks(fitted).split("\n").filter((line) => line !== "");
    for (const line of lines) expect([...line.replace(/\x1b\[[0-9;]*m/g, "")].length).toBe(4);
  });
});
