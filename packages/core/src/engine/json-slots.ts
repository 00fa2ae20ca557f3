// What the one-pass JSON writer (json-direct-driver.ts) keeps per stack slot and per memo entry,
// shared with the value shapes that write into the same stack and memo (json-value-shape.ts).

/** A slot's or memo entry's value kind (K_* of tape.ts). */
export const KIND_BITS = 0xff;
/** A dict or list whose closing bracket is not written (just made, or given another batch). */
export const F_OPEN = 0x100;
/** A dict or list (not the root) whose closing bracket is written after its last batch: another batch takes it off again. */
export const F_TENT = 0x200;
/** Where a slot's role (what the separator before it says it is) sits. */
export const ROLE_SHIFT = 12;
export const ROLE_BITS = 3 << ROLE_SHIFT;
/** Where a value's nesting height sits (0 for a scalar, 1 for a container of scalars). */
export const HEIGHT_SHIFT = 16;

// The memo: info 0 for a hole, else the value's kind and height with M_SPAN (memoStart,
// memoEnd: its own bytes in the output, no separator, no key quotes) or M_OPEN (a container
// still open at stack slot memoEnd, starting at memoStart).
export const M_SPAN = 1 << 28;
export const M_OPEN = 1 << 29;
/** islandMemo holds the entry's value (set in an island, or a str an island's STACK_GLOBAL took); with M_SPAN, its JSON is there too. */
export const M_ISLAND = 1 << 30;
export const M_VALUE_BITS = KIND_BITS | (0xff << HEIGHT_SHIFT);
