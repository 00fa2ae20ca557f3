import { type ArrayInfo, MAX_PICTURE_SIDE, type NodePath, pictureStep } from "../protocol.js";
import { el } from "./dom.js";
import { VirtualList } from "./virtual-list.js";
import type { WorkerClient } from "./worker-client.js";

/** Pictures fetched from the worker per request. */
const BATCH = 64;
/** Side of a tile in a grid of many pictures, in CSS pixels. */
const TILE = 64;
/** Largest side of a single picture on screen. */
const SINGLE = 320;
/** Longest side a grid's tile is fetched at: tiles are TILE pixels on screen, 200x200 pictures need not come whole. */
const TILE_SIDE = 256;

function parseShape(text: string): number[] | null {
  const parts = text.trim().split(/\s*[x×,]\s*/);
  const shape = parts.map(Number);
  return shape.length >= 2 && shape.length <= 3 && shape.every((dim) => Number.isInteger(dim) && dim > 0) ? shape : null;
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * A numpy array drawn as pictures: one, or a grid (virtualised, tiles fetched as they scroll
 * into view) for a stack such as MNIST's 50000x784. The shape field overrides the guess.
 */
export function picturesView(client: WorkerClient, fileId: number, record: number, path: NodePath, info: ArrayInfo): HTMLElement {
  const size = product(info.shape);
  const box = el("div", "pictures");
  const field = el("input", "shape-field") as HTMLInputElement;
  field.placeholder = "HxW or HxWx3";
  field.title = "The shape of one picture: 28x28 (gray), 32x32x3 (colour)";
  const note = el("span", "shape-note");
  const area = el("div", "picture-area");
  box.append(el("label", "shape-label", "picture shape "), field, note, area);
  field.value = info.guess === null ? "" : info.guess.shape.join("x");

  const draw = (): void => {
    area.replaceChildren();
    const shape = parseShape(field.value);
    if (shape === null) {
      note.textContent = " type a shape such as 28x28 to draw this array";
      return;
    }
    if (size % product(shape) !== 0) {
      note.textContent = ` ${size} values do not make pictures of ${shape.join("x")}`;
      return;
    }
    const count = size / product(shape);
    const isGuess = info.guess !== null && shape.join("x") === info.guess.shape.join("x");
    note.textContent = ` ${count} picture${count === 1 ? "" : "s"} of ${shape.join("x")}${isGuess ? " (shape guess)" : ""}`;
    const [fullHeight, fullWidth] = shape as [number, number];
    // Big pictures come shrunk (every step-th pixel): the canvas is sized by the step before the pixels arrive.
    const maxSide = count === 1 ? MAX_PICTURE_SIDE : TILE_SIDE;
    const step = pictureStep(fullHeight, fullWidth, maxSide);
    const height = Math.ceil(fullHeight / step);
    const width = Math.ceil(fullWidth / step);
    if (step > 1) note.textContent += `, drawn at ${width}x${height}: 1 pixel of ${step}x${step}`;
    const cache = new Map<number, ImageData>();
    const waiting = new Map<number, HTMLCanvasElement>();
    const requested = new Set<number>();
    const paint = (canvas: HTMLCanvasElement, image: ImageData): void => {
      canvas.getContext("2d")!.putImageData(image, 0, 0);
      canvas.dataset["drawn"] = "true";
    };
    const fetchRange = (start: number, end: number): void => {
      for (let first = start; first < end; first += BATCH) {
        if (requested.has(first)) continue;
        requested.add(first);
        const request = client.request({ type: "pixels", id: fileId, record, path, shape, start: first, count: Math.min(BATCH, count - first), maxSide });
        const showError = (error: unknown): void => {
          note.textContent = ` error: ${error instanceof Error ? error.message : String(error)}`;
        };
        void request.then((reply) => {
          if (reply.error !== null) {
            note.textContent = ` ${reply.error}`;
            return;
          }
          reply.images.forEach((pixels, offset) => {
            // The worker transferred the buffer: no copy here (a 4096x4096 picture is 64 MB).
            const image = new ImageData(pixels as Uint8ClampedArray<ArrayBuffer>, reply.width, reply.height);
            cache.set(first + offset, image);
            const canvas = waiting.get(first + offset);
            if (canvas !== undefined) paint(canvas, image);
          });
        }, showError);
      }
    };
    const makeCanvas = (index: number, scale: number): HTMLCanvasElement => {
      const canvas = el("canvas", "picture") as HTMLCanvasElement;
      canvas.width = width;
      canvas.height = height;
      canvas.style.width = `${Math.round(width * scale)}px`;
      canvas.style.height = `${Math.round(height * scale)}px`;
      canvas.title = `[${index}]`;
      const image = cache.get(index);
      if (image !== undefined) paint(canvas, image);
      else waiting.set(index, canvas);
      return canvas;
    };
    if (count === 1) {
      const scale = Math.max(1, Math.floor(SINGLE / Math.max(width, height)));
      area.append(makeCanvas(0, scale));
      fetchRange(0, 1);
      return;
    }
    const scale = Math.min(TILE / width, TILE / height);
    const line = Math.ceil(height * scale) + 6;
    const tileWidth = Math.ceil(width * scale) + 6;
    const grid = new VirtualList(
      "picture-grid",
      line,
      (index) => {
        const cell = el("div", "picture-cell");
        cell.append(makeCanvas(index, scale));
        return cell;
      },
      (gridWidth) => Math.floor(gridWidth / tileWidth),
      (start, end) => {
        // Only the grid's current screenful waits for pixels.
        for (const index of waiting.keys()) if (index < start || index >= end) waiting.delete(index);
        fetchRange(Math.floor(start / BATCH) * BATCH, end);
      },
    );
    area.append(grid.element);
    grid.setCount(count);
  };
  field.addEventListener("change", draw);
  draw();
  return box;
}

/** Bars of a histogram with its range. */
export function histogramView(histogram: NonNullable<ArrayInfo["histogram"]>): HTMLElement {
  const box = el("div", "histogram");
  const canvas = el("canvas", "histogram-canvas") as HTMLCanvasElement;
  canvas.width = 240;
  canvas.height = 60;
  const context = canvas.getContext("2d")!;
  const highest = Math.max(...histogram.bins, 1);
  const barWidth = canvas.width / histogram.bins.length;
  context.fillStyle = "#4a7bd0";
  histogram.bins.forEach((value, bin) => {
    const barHeight = Math.round((value / highest) * canvas.height);
    context.fillRect(bin * barWidth + 1, canvas.height - barHeight, barWidth - 2, barHeight);
  });
  box.append(canvas, el("div", "histogram-range", `${histogram.min} … ${histogram.max}`));
  return box;
}
