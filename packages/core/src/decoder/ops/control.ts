/** The machine-control opcodes PROTO and FRAME (STOP ends a record: the Unpickler's loop handles it). */
import type { Machine } from "../machine.js";
import { frameEndOf, nestedFrameReason } from "../frame-rule.js";

/** The newest protocol CPython reads (pickle.HIGHEST_PROTOCOL): PROTO of a newer one is its ValueError. */
export const HIGHEST_PROTOCOL = 5;

/** PROTO: the protocol `proto` (global lookups depend on it); above 5 is refused. */
export function protoOp(m: Machine, proto: number, op: number, pos: number): void {
  if (proto > HIGHEST_PROTOCOL) throw m.error("UNSUPPORTED", `unsupported pickle protocol: ${proto}`, op, pos);
  m.proto = proto;
}

/** FRAME at `pos` (its 8-byte length in `view`): sets the machine's frame end; a frame may not start inside another. */
export function frameOp(m: Machine, view: DataView, op: number, pos: number): void {
  const at = m.base + pos;
  if (m.frameEnd > at) throw m.error("FRAME_OVERRUN", nestedFrameReason(at, m.frameEnd), op, pos);
  m.frameEnd = frameEndOf(at, view.getUint32(pos + 1, true), view.getUint32(pos + 5, true));
}
