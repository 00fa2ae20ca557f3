import type { Image } from "./image.js";

/** pngjs color types: what the file stores. */
const COLOR_TYPE = { 1: 0, 3: 2, 4: 6 } as const;

/**
 * The image as PNG bytes (gray, RGB or RGBA, 8 bits), made with pngjs, loaded only here. pngjs
 * takes RGBA input whatever it stores, so pixels are spread to 4 bytes first.
 */
export async function encodePng(image: Image): Promise<Uint8Array> {
  const { PNG } = await import("pngjs");
  const rgba = Buffer.alloc(image.width * image.height * 4);
  const { pixels, channels } = image;
  for (let i = 0, o = 0; o < rgba.length; i += channels, o += 4) {
    rgba[o] = pixels[i]!;
    rgba[o + 1] = channels === 1 ? pixels[i]! : pixels[i + 1]!;
    rgba[o + 2] = channels === 1 ? pixels[i]! : pixels[i + 2]!;
    rgba[o + 3] = channels === 4 ? pixels[i + 3]! : 255;
  }
  const png = PNG.sync.write({ width: image.width, height: image.height, data: rgba } as InstanceType<typeof PNG>, {
    colorType: COLOR_TYPE[channels],
  });
  return png;
}
