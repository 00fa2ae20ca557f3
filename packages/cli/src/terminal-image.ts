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
