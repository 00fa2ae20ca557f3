import { opcodeByCode } from "@pkl-stream/core/opcodes";

/** PROTO, the first opcode CPython writes for protocols 2 and up. */
export const PROTO = 0x80;

/**
 * May a record start at a byte whose successor is `next` (-1 when not held yet)? In a stream
 * of PROTO-led records (protocol >= 2) only PROTO followed by a protocol 2..5 qualifies, which
 * makes the search after a corrupt record one cheap scan. Otherwise (protocols 0 and 1) any
 * opcode byte may start one. When `next` is not held yet and more input may come, PROTO
 * stays a candidate: the trial decoder waits for the byte.
 */
export function isRecordStart(byte: number, next: number, isProtoLed: boolean, isEof: boolean): boolean {
  if (!isProtoLed) return opcodeByCode(byte) !== undefined;
  if (byte !== PROTO) return false;
  if (next === -1) return !isEof;
  return next >= 2 && next <= 5;
}
