import { PyFloat } from "@pkl-stream/core";
import { addExtension } from "msgpackr";

/**
 * msgpackr writes every number that fits an int32 as an int, so `2.0` and `-0.0` would read back
 * as ints; Python floats must stay floats. A float to be written as msgpack float64 whatever its
 * value is a core `PyFloat` (the decoder's own wrapper for integral floats), registered below.
 */
export { PyFloat as Float64 };

/**
 * msgpackr requires a type code for an extension that writes its own bytes; this one never
 * appears in the output (the bytes written are a plain float64, 0xcb), but msgpackr also
 * registers the code for reading, so reading it back gives the float (ext payload: 8 bytes, big
 * endian). Code 0x3f is in the application range (1-100) msgpackr's README leaves to users.
 */
const FLOAT64_EXTENSION_TYPE = 0x3f;

/** The part of msgpackr's `allocateForWrite` result an extension that writes its own bytes uses (msgpack-grid.ts's too). */
export interface WriteTarget {
  readonly target: Uint8Array;
  readonly targetView: DataView;
  readonly position: number;
}

let isRegistered = false;

/**
 * Teaches msgpackr to write PyFloat as float64, once per process (the writers and the merge
 * workers share this one registration). msgpackr's extension `pack`
 * may take `allocateForWrite(size)` and write bytes in place (its own Date and Set extensions do
 * that); returning nothing means no ext wrapper is added.
 */
export function registerFloat64(): void {
  if (isRegistered) return;
  isRegistered = true;
  const extension = {
    Class: PyFloat,
    type: FLOAT64_EXTENSION_TYPE,
    pack(value: PyFloat, allocateForWrite: (size: number) => WriteTarget): undefined {
      const { target, targetView, position } = allocateForWrite(9);
      target[position] = 0xcb;
      targetView.setFloat64(position + 1, value.value);
      return undefined;
    },
    unpack(data: Uint8Array): number {
      return new DataView(data.buffer, data.byteOffset, data.byteLength).getFloat64(0);
    },
  };
  addExtension(extension as unknown as Parameters<typeof addExtension>[0]);
}
