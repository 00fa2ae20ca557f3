/**
 * Tells a previous merge's msgpack output from a pickle by its first bytes, not its name.
 * A merge writes one msgpack map: fixmap (0x80-0x8f), map16 (0xde) or map32 (0xdf). No pickle
 * starts with 0x81-0x8f, 0xde or 0xdf (those are no opcodes a pickle can begin with); a pickle
 * of protocol 2+ starts with PROTO (0x80) and its protocol byte (2 to 5), while an empty map is
 * 0x80 alone or followed by another map (merge outputs concatenated).
 */
export function isMsgpackMapStart(head: Uint8Array, isWholeInput: boolean): boolean {
  const first = head[0];
  if (first === undefined) return false;
  if (first === 0xde || first === 0xdf || (first >= 0x81 && first <= 0x8f)) return true;
  if (first !== 0x80) return false;
  if (head.length === 1) return isWholeInput;
  // An empty map, then another merge's map (concatenated outputs): PROTO takes 2 to 5 only.
  const second = head[1]!;
  return second === 0xde || second === 0xdf || (second >= 0x80 && second <= 0x8f);
}
