/**
 * Argument kinds, after CPython's `pickletools.ArgumentDescriptor`. `size` says how many bytes
 * follow the opcode byte: a fixed count (>= 0) or one of the negative sentinels below.
 */

/** The argument runs up to and including a `\n`. */
export const UP_TO_NEWLINE = -1;
/** Two `\n`-terminated lines (GLOBAL, INST: module then name). */
export const TWO_NEWLINES = -2;
/** A 1-byte unsigned length, then that many bytes. */
export const TAKEN_FROM_ARGUMENT1 = -3;
/** A 4-byte little-endian signed length, then that many bytes. */
export const TAKEN_FROM_ARGUMENT4 = -4;
/** A 4-byte little-endian unsigned length, then that many bytes. */
export const TAKEN_FROM_ARGUMENT4U = -5;
/** An 8-byte little-endian unsigned length, then that many bytes. */
export const TAKEN_FROM_ARGUMENT8U = -6;

export type ArgSize =
  | number
  | typeof UP_TO_NEWLINE
  | typeof TWO_NEWLINES
  | typeof TAKEN_FROM_ARGUMENT1
  | typeof TAKEN_FROM_ARGUMENT4
  | typeof TAKEN_FROM_ARGUMENT4U
  | typeof TAKEN_FROM_ARGUMENT8U;

export interface ArgKind {
  /** pickletools' name for the argument kind. */
  readonly name: string;
  readonly size: ArgSize;
  readonly doc: string;
}

function kind(name: string, size: ArgSize, doc: string): ArgKind {
  return Object.freeze({ name, size, doc });
}

export const ARG_KINDS = Object.freeze({
  none: kind("none", 0, "No argument."),
  uint1: kind("uint1", 1, "One-byte unsigned integer."),
  uint2: kind("uint2", 2, "Two-byte unsigned integer, little-endian."),
  int4: kind("int4", 4, "Four-byte signed integer, little-endian, 2's complement."),
  uint4: kind("uint4", 4, "Four-byte unsigned integer, little-endian."),
  uint8: kind("uint8", 8, "Eight-byte unsigned integer, little-endian."),
  decimalnl_short: kind(
    "decimalnl_short",
    UP_TO_NEWLINE,
    "A newline-terminated decimal integer literal; '00' and '01' stand for False and True.",
  ),
  decimalnl_long: kind("decimalnl_long", UP_TO_NEWLINE, "A newline-terminated decimal integer literal, with an optional trailing 'L'."),
  floatnl: kind("floatnl", UP_TO_NEWLINE, "A newline-terminated decimal floating literal (repr of a float, or 'nan', 'inf')."),
  float8: kind("float8", 8, "An 8-byte big-endian IEEE 754 binary64."),
  long1: kind("long1", TAKEN_FROM_ARGUMENT1, "A 1-byte length, then a little-endian 2's-complement integer of that many bytes."),
  long4: kind("long4", TAKEN_FROM_ARGUMENT4, "A 4-byte signed length, then a little-endian 2's-complement integer of that many bytes."),
  stringnl: kind("stringnl", UP_TO_NEWLINE, "A newline-terminated Python repr of a string, in single or double quotes."),
  stringnl_noescape: kind("stringnl_noescape", UP_TO_NEWLINE, "A newline-terminated string with no escapes."),
  stringnl_noescape_pair: kind("stringnl_noescape_pair", TWO_NEWLINES, "Two newline-terminated strings: module, then name."),
  string1: kind("string1", TAKEN_FROM_ARGUMENT1, "A 1-byte length, then that many bytes of a Python 2 str."),
  string4: kind("string4", TAKEN_FROM_ARGUMENT4, "A 4-byte signed length, then that many bytes of a Python 2 str."),
  bytes1: kind("bytes1", TAKEN_FROM_ARGUMENT1, "A 1-byte length, then that many bytes."),
  bytes4: kind("bytes4", TAKEN_FROM_ARGUMENT4U, "A 4-byte unsigned length, then that many bytes."),
  bytes8: kind("bytes8", TAKEN_FROM_ARGUMENT8U, "An 8-byte unsigned length, then that many bytes."),
  bytearray8: kind("bytearray8", TAKEN_FROM_ARGUMENT8U, "An 8-byte unsigned length, then that many bytes of a bytearray."),
  unicodestringnl: kind("unicodestringnl", UP_TO_NEWLINE, "A newline-terminated raw-unicode-escape encoded string."),
  unicodestring1: kind("unicodestring1", TAKEN_FROM_ARGUMENT1, "A 1-byte length, then that many bytes of UTF-8."),
  unicodestring4: kind("unicodestring4", TAKEN_FROM_ARGUMENT4U, "A 4-byte unsigned length, then that many bytes of UTF-8."),
  unicodestring8: kind("unicodestring8", TAKEN_FROM_ARGUMENT8U, "An 8-byte unsigned length, then that many bytes of UTF-8."),
} satisfies Record<string, ArgKind>);

export type ArgKindName = keyof typeof ARG_KINDS;

/** Bytes of the length prefix for a TAKEN_FROM_ARGUMENT size, else 0. */
export function lengthPrefixBytes(size: ArgSize): number {
  switch (size) {
    case TAKEN_FROM_ARGUMENT1:
      return 1;
    case TAKEN_FROM_ARGUMENT4:
    case TAKEN_FROM_ARGUMENT4U:
      return 4;
    case TAKEN_FROM_ARGUMENT8U:
      return 8;
    default:
      return 0;
  }
}
