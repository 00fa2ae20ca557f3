import type { NumberGrid } from "@pkl-stream/core";
import { addExtension } from "msgpackr";
import type { WriteTarget } from "./float64.js";

/**
 * msgpack bytes made before msgpackr packs the value they stand in: msgpackr copies them in
 * place (an extension whose `pack` writes its own bytes and adds no ext wrapper, as float64.ts's).
 */
export class PackedMsgpack {
  constructor(readonly bytes: Uint8Array) {}
}

/** Never in the output (see float64.ts): msgpackr wants a type code for an extension that writes its own bytes. */
const PACKED_EXTENSION_TYPE = 0x3e;

let isRegistered = false;

function registerPackedMsgpack(): void {
  if (isRegistered) return;
  isRegistered = true;
  const extension = {
    Class: PackedMsgpack,
    type: PACKED_EXTENSION_TYPE,
    pack(value: PackedMsgpack, allocateForWrite: (size: number) => WriteTarget): undefined {
      const { target, position } = allocateForWrite(value.bytes.length);
      target.set(value.bytes, position);
      return undefined;
    },
    unpack(data: Uint8Array): Uint8Array {
      return data;
    },
  };
  addExtension(extension as unknown as Parameters<typeof addExtension>[0]);
}

const INT64_MIN = -(2n ** 63n);
const INT64_LIMIT = 2n ** 63n;

/**
 * An ndarray's nested lists of numbers (NdArray.numberGrid) as msgpack, written from its typed
 * array: the bytes msgpackr writes for `toPlain()`'s lists as msgpack-plain.ts converts them
 * (floats always float64, as the JSON mapping's floats stay floats; ints in msgpackr's smallest
 * form up to 32 bits, int64 or uint64 past that; bools), without a JS value per element: MNIST's
 * 55M float32 pixels took 112 s and 5 GB as lists of Float64 wrappers.
 */
export function packedGrid(grid: NumberGrid): PackedMsgpack {
  registerPackedMsgpack();
  const { shape, numbers } = grid;
  const { values, kind } = numbers;
  const count = values.length;
  // The lists: one, then one per element of each dimension but the last (a zero dimension ends them).
  let lists = 0;
  let outer = 1;
  for (const length of shape) {
    lists += outer;
    outer *= length;
  }
  // At most 9 bytes an element and 5 a list's header.
  const out = new Uint8Array((kind === "bool" ? count : 9 * count) + 5 * lists);
  const view = new DataView(out.buffer);
  let pos = 0;
  const header = (length: number): void => {
    if (length < 16) out[pos++] = 0x90 | length;
    else if (length < 0x10000) {
      out[pos++] = 0xdc;
      view.setUint16(pos, length);
      pos += 2;
    } else {
      out[pos++] = 0xdd;
      view.setUint32(pos, length);
      pos += 4;
    }
  };
  const last = shape.length - 1;
  const writeDimension = (dimension: number, start: number, stride: number): void => {
    const length = shape[dimension]!;
    header(length);
    if (dimension < last) {
      const inner = stride / length;
      for (let i = 0; i < length; i++) writeDimension(dimension + 1, start + i * inner, inner);
      return;
    }
    const end = start + length;
    if (kind === "float") {
      for (let i = start; i < end; i++) {
        out[pos] = 0xcb;
        view.setFloat64(pos + 1, values[i] as number);
        pos += 9;
      }
    } else if (kind === "bool") {
      for (let i = start; i < end; i++) out[pos++] = values[i] !== 0 ? 0xc3 : 0xc2;
    } else if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
      for (let i = start; i < end; i++) {
        const value = values[i]!;
        if (value >= -0x80000000n && value <= 0xffffffffn) pos = packInt(out, view, pos, Number(value));
        else if (value >= INT64_MIN && value < INT64_LIMIT) {
          out[pos] = 0xd3;
          view.setBigInt64(pos + 1, value);
          pos += 9;
        } else {
          out[pos] = 0xcf;
          view.setBigUint64(pos + 1, value);
          pos += 9;
        }
      }
    } else {
      for (let i = start; i < end; i++) pos = packInt(out, view, pos, values[i] as number);
    }
  };
  writeDimension(0, 0, count);
  return new PackedMsgpack(out.subarray(0, pos));
}

/** An int from -2**31 up to 2**32 as msgpackr writes a number (with `useRecords: false`). */
function packInt(out: Uint8Array, view: DataView, pos: number, value: number): number {
  if (value >= 0) {
    if (value < 0x80) out[pos++] = value;
    else if (value < 0x100) {
      out[pos++] = 0xcc;
      out[pos++] = value;
    } else if (value < 0x10000) {
      out[pos++] = 0xcd;
      view.setUint16(pos, value);
      pos += 2;
    } else {
      out[pos++] = 0xce;
      view.setUint32(pos, value);
      pos += 4;
    }
  } else if (value >= -0x20) out[pos++] = 0x100 + value;
  else if (value >= -0x80) {
    out[pos++] = 0xd0;
    out[pos++] = value + 0x100;
  } else if (value >= -0x8000) {
    out[pos++] = 0xd1;
    view.setInt16(pos, value);
    pos += 2;
  } else {
    out[pos++] = 0xd2;
    view.setInt32(pos, value);
    pos += 4;
  }
  return pos;
}
