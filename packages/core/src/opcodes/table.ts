/**
 * Every pickle opcode, described once, as data (after CPython's `pickletools.opcodes`).
 * The decoder's dispatch, the disassembler, the auditor and the encoder all read this table;
 * nothing else in the repository restates these facts.
 */
import { ARG_KINDS, type ArgKind, type ArgKindName } from "./arg-kinds.js";
import type { StackKind } from "./stack-kinds.js";

export interface OpcodeInfo {
  /** The name CPython uses (`SHORT_BINUNICODE`). */
  readonly name: OpcodeName;
  /** The opcode byte. */
  readonly code: number;
  readonly arg: ArgKind;
  /** Stack objects the opcode consumes, bottom first. */
  readonly stackBefore: readonly StackKind[];
  /** Stack objects the opcode leaves, bottom first. */
  readonly stackAfter: readonly StackKind[];
  /** The first protocol that has the opcode. */
  readonly proto: number;
  readonly doc: string;
}

type Row = readonly [
  name: string,
  code: string,
  arg: ArgKindName,
  before: readonly StackKind[],
  after: readonly StackKind[],
  proto: number,
  doc: string,
];

const ROWS = [
  // Integers
  ["INT", "I", "decimalnl_short", [], ["pyinteger_or_bool"], 0, "Push an int or bool; '01'/'00' are True/False."],
  ["BININT", "J", "int4", [], ["pyint"], 1, "Push a four-byte signed int."],
  ["BININT1", "K", "uint1", [], ["pyint"], 1, "Push a one-byte unsigned int."],
  ["BININT2", "M", "uint2", [], ["pyint"], 1, "Push a two-byte unsigned int."],
  ["LONG", "L", "decimalnl_long", [], ["pyint"], 0, "Push an int written in decimal, with an optional 'L'."],
  ["LONG1", "\x8a", "long1", [], ["pyint"], 2, "Push an int of up to 255 little-endian 2's-complement bytes."],
  ["LONG4", "\x8b", "long4", [], ["pyint"], 2, "Push an int of any length, little-endian 2's-complement."],
  // Strings and bytes
  ["STRING", "S", "stringnl", [], ["pybytes_or_str"], 0, "Push a Python 2 str given as a quoted repr."],
  ["BINSTRING", "T", "string4", [], ["pybytes_or_str"], 1, "Push a Python 2 str with a four-byte length."],
  ["SHORT_BINSTRING", "U", "string1", [], ["pybytes_or_str"], 1, "Push a Python 2 str with a one-byte length."],
  ["BINBYTES", "B", "bytes4", [], ["pybytes"], 3, "Push bytes with a four-byte length."],
  ["SHORT_BINBYTES", "C", "bytes1", [], ["pybytes"], 3, "Push bytes with a one-byte length."],
  ["BINBYTES8", "\x8e", "bytes8", [], ["pybytes"], 4, "Push bytes with an eight-byte length."],
  ["BYTEARRAY8", "\x96", "bytearray8", [], ["pybytearray"], 5, "Push a bytearray with an eight-byte length."],
  ["NEXT_BUFFER", "\x97", "none", [], ["pybuffer"], 5, "Push the next out-of-band buffer."],
  ["READONLY_BUFFER", "\x98", "none", ["pybuffer"], ["pybuffer"], 5, "Make the buffer on top of the stack read-only."],
  ["NONE", "N", "none", [], ["pynone"], 0, "Push None."],
  ["NEWTRUE", "\x88", "none", [], ["pybool"], 2, "Push True."],
  ["NEWFALSE", "\x89", "none", [], ["pybool"], 2, "Push False."],
  ["UNICODE", "V", "unicodestringnl", [], ["pyunicode"], 0, "Push a str, raw-unicode-escape encoded, up to a newline."],
  ["SHORT_BINUNICODE", "\x8c", "unicodestring1", [], ["pyunicode"], 4, "Push a UTF-8 str with a one-byte length."],
  ["BINUNICODE", "X", "unicodestring4", [], ["pyunicode"], 1, "Push a UTF-8 str with a four-byte length."],
  ["BINUNICODE8", "\x8d", "unicodestring8", [], ["pyunicode"], 4, "Push a UTF-8 str with an eight-byte length."],
  // Floats
  ["FLOAT", "F", "floatnl", [], ["pyfloat"], 0, "Push a float written in decimal."],
  ["BINFLOAT", "G", "float8", [], ["pyfloat"], 1, "Push a big-endian binary64 float."],
  // Lists
  ["EMPTY_LIST", "]", "none", [], ["pylist"], 1, "Push an empty list."],
  ["APPEND", "a", "none", ["pylist", "anyobject"], ["pylist"], 0, "Append the top item to the list below it."],
  ["APPENDS", "e", "none", ["pylist", "markobject", "stackslice"], ["pylist"], 1, "Extend the list below the mark with the slice."],
  ["LIST", "l", "none", ["markobject", "stackslice"], ["pylist"], 0, "Build a list from the slice above the mark."],
  // Tuples
  ["EMPTY_TUPLE", ")", "none", [], ["pytuple"], 1, "Push an empty tuple."],
  ["TUPLE", "t", "none", ["markobject", "stackslice"], ["pytuple"], 0, "Build a tuple from the slice above the mark."],
  ["TUPLE1", "\x85", "none", ["anyobject"], ["pytuple"], 2, "Build a 1-tuple from the top item."],
  ["TUPLE2", "\x86", "none", ["anyobject", "anyobject"], ["pytuple"], 2, "Build a 2-tuple from the top two items."],
  ["TUPLE3", "\x87", "none", ["anyobject", "anyobject", "anyobject"], ["pytuple"], 2, "Build a 3-tuple from the top three items."],
  // Dicts
  ["EMPTY_DICT", "}", "none", [], ["pydict"], 1, "Push an empty dict."],
  ["DICT", "d", "none", ["markobject", "stackslice"], ["pydict"], 0, "Build a dict from key, value pairs above the mark."],
  ["SETITEM", "s", "none", ["pydict", "anyobject", "anyobject"], ["pydict"], 0, "Set dict[key] = value from the top two items."],
  ["SETITEMS", "u", "none", ["pydict", "markobject", "stackslice"], ["pydict"], 1, "Add key, value pairs above the mark to the dict below it."],
  // Sets
  ["EMPTY_SET", "\x8f", "none", [], ["pyset"], 4, "Push an empty set."],
  ["ADDITEMS", "\x90", "none", ["pyset", "markobject", "stackslice"], ["pyset"], 4, "Add the slice above the mark to the set below it."],
  ["FROZENSET", "\x91", "none", ["markobject", "stackslice"], ["pyfrozenset"], 4, "Build a frozenset from the slice above the mark."],
  // Stack manipulation
  ["POP", "0", "none", ["anyobject"], [], 0, "Discard the top item."],
  ["DUP", "2", "none", ["anyobject"], ["anyobject", "anyobject"], 0, "Push the top item again."],
  ["MARK", "(", "none", [], ["markobject"], 0, "Push a mark."],
  ["POP_MARK", "1", "none", ["markobject", "stackslice"], [], 1, "Discard the topmost mark and everything above it."],
  // Memo
  ["GET", "g", "decimalnl_short", [], ["anyobject"], 0, "Push the memo entry named by a decimal index."],
  ["BINGET", "h", "uint1", [], ["anyobject"], 1, "Push the memo entry named by a one-byte index."],
  ["LONG_BINGET", "j", "uint4", [], ["anyobject"], 1, "Push the memo entry named by a four-byte index."],
  ["PUT", "p", "decimalnl_short", [], [], 0, "Store the top item in the memo at a decimal index."],
  ["BINPUT", "q", "uint1", [], [], 1, "Store the top item in the memo at a one-byte index."],
  ["LONG_BINPUT", "r", "uint4", [], [], 1, "Store the top item in the memo at a four-byte index."],
  ["MEMOIZE", "\x94", "none", ["anyobject"], ["anyobject"], 4, "Store the top item in the memo at the next index."],
  // Extension registry
  ["EXT1", "\x82", "uint1", [], ["anyobject"], 2, "Push the object the extension registry names by a one-byte code."],
  ["EXT2", "\x83", "uint2", [], ["anyobject"], 2, "Push the object the extension registry names by a two-byte code."],
  ["EXT4", "\x84", "int4", [], ["anyobject"], 2, "Push the object the extension registry names by a four-byte code."],
  // Classes and objects
  ["GLOBAL", "c", "stringnl_noescape_pair", [], ["anyobject"], 0, "Push a global named by module and name lines."],
  ["STACK_GLOBAL", "\x93", "none", ["pyunicode", "pyunicode"], ["anyobject"], 4, "Push a global named by module and name strings on the stack."],
  ["REDUCE", "R", "none", ["anyobject", "anyobject"], ["anyobject"], 0, "Call the callable below with the argument tuple on top."],
  ["BUILD", "b", "none", ["anyobject", "anyobject"], ["anyobject"], 0, "Apply the state on top to the object below it."],
  ["INST", "i", "stringnl_noescape_pair", ["markobject", "stackslice"], ["anyobject"], 0, "Instantiate module.name with the slice above the mark."],
  ["OBJ", "o", "none", ["markobject", "anyobject", "stackslice"], ["anyobject"], 1, "Instantiate the class above the mark with the rest of the slice."],
  ["NEWOBJ", "\x81", "none", ["anyobject", "anyobject"], ["anyobject"], 2, "cls.__new__(cls, *args)."],
  ["NEWOBJ_EX", "\x92", "none", ["anyobject", "anyobject", "anyobject"], ["anyobject"], 4, "cls.__new__(cls, *args, **kwargs)."],
  // Machine control
  ["PROTO", "\x80", "uint1", [], [], 2, "Announce the protocol version."],
  ["STOP", ".", "none", ["anyobject"], [], 0, "End the pickle; the top item is the result."],
  ["FRAME", "\x95", "uint8", [], [], 4, "Announce the length of the next frame."],
  // Persistent ids
  ["PERSID", "P", "stringnl_noescape", [], ["anyobject"], 0, "Push the object a persistent id (text) stands for."],
  ["BINPERSID", "Q", "none", ["anyobject"], ["anyobject"], 1, "Push the object the persistent id on top stands for."],
] as const satisfies readonly Row[];

export type OpcodeName = (typeof ROWS)[number][0];

function buildTable(): readonly OpcodeInfo[] {
  const seenNames = new Set<string>();
  const seenCodes = new Set<number>();
  return Object.freeze(
    ROWS.map((row): OpcodeInfo => {
      const [name, codeText, argName, stackBefore, stackAfter, proto, doc] = row;
      const code = codeText.charCodeAt(0);
      // Duplicates are rejected at import, as pickletools does: the table is the single source.
      if (seenNames.has(name)) throw new Error(`opcode table: duplicate name ${name}`);
      if (seenCodes.has(code)) throw new Error(`opcode table: duplicate code 0x${code.toString(16)}`);
      seenNames.add(name);
      seenCodes.add(code);
      return Object.freeze({ name, code, arg: ARG_KINDS[argName], stackBefore, stackAfter, proto, doc });
    }),
  );
}

/** All opcodes, in pickletools' order. */
export const OPCODES: readonly OpcodeInfo[] = buildTable();

const byCode: (OpcodeInfo | undefined)[] = new Array(256).fill(undefined);
for (const info of OPCODES) byCode[info.code] = info;

/** The opcode with this byte, or undefined. */
export function opcodeByCode(code: number): OpcodeInfo | undefined {
  return byCode[code];
}

const byName = new Map<string, OpcodeInfo>(OPCODES.map((info) => [info.name, info]));

/** The opcode with this CPython name, or undefined. */
export function opcodeByName(name: string): OpcodeInfo | undefined {
  return byName.get(name);
}

/**
 * `ARG_SIZE[byte]`: the argument size of each opcode byte (see arg-kinds.ts sentinels), or
 * -128 for a byte that is no opcode. Computed once at load; the decoder's hot loop reads it.
 */
export const NOT_AN_OPCODE = -128;
export const ARG_SIZE: Int8Array = (() => {
  const sizes = new Int8Array(256).fill(NOT_AN_OPCODE);
  for (const info of OPCODES) sizes[info.code] = info.arg.size;
  return sizes;
})();

/** Opcode for error lines: `BINGET 0x68`, or just `0xff` for a byte that is no opcode. */
export function opcodeLabel(code: number): string {
  const hex = `0x${code.toString(16).padStart(2, "0")}`;
  const info = byCode[code];
  return info ? `${info.name} ${hex}` : hex;
}

/** Opcode name for error messages: `BINPUT (0x71)`, or `0xff` for a byte that is no opcode. */
export function describeOpcode(code: number): string {
  const hex = `0x${code.toString(16).padStart(2, "0")}`;
  const info = byCode[code];
  return info ? `${info.name} (${hex})` : hex;
}
