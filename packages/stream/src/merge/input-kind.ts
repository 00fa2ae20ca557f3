/**
 * Tells a previous merge's msgpack output from a pickle by its first bytes, not its name.
 * A merge writes one msgpack map: fixmap (0x80-0x8f), map16 (0xde) or map32 (0xdf). No pickle
 * starts with 0x81-0x8f, 0xde or 0xdf (those are no opcodes a pickle can begin with); a pickle
 * of protocol 2+ starts with PROTO (0x80) and its protocol byte, while an empty map is 0x80 alone.
 */
export function isMsgpackMapStart(head: Uint8Array, isWholeInput: boolean): boolean {
  const first = head[0];
  if (first === undefined) return false;
  if (first === 0xde || first === 0xdf || (first >= 0x81 && first <= 0x8f)) return true;
  return first === 0x80 && head.length === 1 && isWholeInput;
}
