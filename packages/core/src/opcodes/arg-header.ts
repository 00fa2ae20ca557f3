/**
 * `ARG_HEADER[byte]`: how many bytes after the opcode byte the decoder needs before it may run the
 * opcode: a fixed argument's size, a length-prefixed argument's prefix (the payload may follow in
 * later chunks), 0 for text arguments (found by scanning for newlines) and for bytes that are no
 * opcode. Derived once at load from the one argument-size table (opcodes/table.ts `ARG_SIZE`).
 */
import { lengthPrefixBytes } from "./arg-kinds.js";
import { ARG_SIZE } from "./table.js";

export const ARG_HEADER: Uint8Array = (() => {
  const header = new Uint8Array(256);
  for (let op = 0; op < 256; op++) {
    const size = ARG_SIZE[op]!;
    header[op] = size >= 0 ? size : lengthPrefixBytes(size);
  }
  return header;
})();
