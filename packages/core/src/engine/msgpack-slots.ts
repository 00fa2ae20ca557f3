// What the one-pass msgpack writer (msgpack-direct-driver.ts) keeps per memo entry and stack slot,
// shared with the value shapes that write into the same stack and memo (msgpack-value-shape.ts).

/** Memo info bit: memoStart, memoEnd are the value's output. */
export const SPAN_MEMO = 0x200;
/** Memo info bit: a container still open at stack slot memoEnd, starting at memoStart. */
export const OPEN_MEMO = 0x400;
/** islandMemo holds the entry's value (see DirectDriver); with SPAN_MEMO, its msgpack is there too. */
export const ISLAND_MEMO = 0x800;
/** What a memo read pushes of an entry's info: the slot info it was memoized with. */
export const SLOT_BITS = ~(SPAN_MEMO | OPEN_MEMO | ISLAND_MEMO);
/**
 * Slot info bit: an island's value (K_ISLAND) packed as a str, a class whose plain form is a str
 * (a datetime's isoformat). As a dict key it is that str, as the value path packs such a key, and
 * counts as a str key in the repeated-key checks: a key with the same bytes declines, which is
 * safe (the value path fails on two keys that pack alike, unless they are one object, one key).
 */
export const ISLAND_TEXT_SLOT = 0x2000;
