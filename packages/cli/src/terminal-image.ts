import type { Image } from "./image.js";

const UPPER_HALF = "\u2580";
const RESET = "\x1b[0m";

/**
 * The image as text: one character per two pixel rows, the upper half block in the top pixel's
 * color over the bottom pixel's background (24-bit ANSI colors). An odd last row keeps the
 * terminal's own background below it.
 */
export function renderHalfBlocks(image: Image): string {
  const { width, height } = image;
  let text = "";
  for (let y = 0; y < height; y += 2) {
    let line = "";
    // A color is sent only when it changes along the line: runs of one color cost one code.
    let foreground = "";
    let background = "";
    for (let x = 0; x < width; x++) {
      const top = rgb(image, x, y);
      if (top !== foreground) line += `\x1b[38;2;${(foreground = top)}m`;
      if (y + 1 < height) {
        const bottom = rgb(image, x, y + 1);
        if (bottom !== background) line += `\x1b[48;2;${(background = bottom)}m`;
      }
      line += UPPER_HALF;
    }
    text += `${line}${RESET}\n`;
  }
  return text;
}

/** `r;g;b` of a pixel; gray repeats its value; alpha is ignored on a terminal. */
function rgb(image: Image, x: number, y: number): string {
  const at = (y * image.width + x) * image.channels;
  const p = image.pixels;
  return image.channels === 1 ? `${p[at]};${p[at]};${p[at]}` : `${p[at]};${p[at + 1]};${p[at + 2]}`;
}

/**
 * `image` scaled down (each pixel the average of the box it covers) to at most `columns` pixels
 * wide, the height in the same ratio: a terminal wraps a longer line into noise. Unchanged when it
 * fits, or when `columns` is undefined (not drawing to a terminal).
 */
export function fitToWidth(image: Image, columns: number | undefined): Image {
  if (columns === undefined || columns < 1 || image.width <= columns) return image;
  const scale = image.width / columns;
  const width = columns;
  const height = Math.max(1, Math.round(image.height / scale));
  const { channels } = image;
  const pixels = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    const fromY = Math.floor((y * image.height) / height);
    const toY = Math.max(fromY + 1, Math.floor(((y + 1) * image.height) / height));
    for (let x = 0; x < width; x++) {
      const fromX = Math.floor(x * scale);
      const toX = Math.max(fromX + 1, Math.floor((x + 1) * scale));
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let sy = fromY; sy < toY; sy++) for (let sx = fromX; sx < toX; sx++) sum += image.pixels[(sy * image.width + sx) * channels + c]!;
        pixels[(y * width + x) * channels + c] = Math.round(sum / ((toY - fromY) * (toX - fromX)));
      }
    }
  }
  return { width, height, channels, pixels };
}
