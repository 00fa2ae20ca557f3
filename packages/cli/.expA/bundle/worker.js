var __defProp = Object.defineProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// ../stream/src/merge/worker.ts
import { createReadStream as createReadStream2 } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { constants as bufferConstants } from "node:buffer";
import { gunzipSync } from "node:zlib";
import { parentPort } from "node:worker_threads";

// ../core/src/opcodes/arg-kinds.ts
var UP_TO_NEWLINE = -1;
var TWO_NEWLINES = -2;
var TAKEN_FROM_ARGUMENT1 = -3;
var TAKEN_FROM_ARGUMENT4 = -4;
var TAKEN_FROM_ARGUMENT4U = -5;
var TAKEN_FROM_ARGUMENT8U = -6;
function kind(name, size2, doc) {
  return Object.freeze({ name, size: size2, doc });
}
var ARG_KINDS = Object.freeze({
  none: kind("none", 0, "No argument."),
  uint1: kind("uint1", 1, "One-byte unsigned integer."),
  uint2: kind("uint2", 2, "Two-byte unsigned integer, little-endian."),
  int4: kind("int4", 4, "Four-byte signed integer, little-endian, 2's complement."),
  uint4: kind("uint4", 4, "Four-byte unsigned integer, little-endian."),
  uint8: kind("uint8", 8, "Eight-byte unsigned integer, little-endian."),
  decimalnl_short: kind(
    "decimalnl_short",
    UP_TO_NEWLINE,
    "A newline-terminated decimal integer literal; '00' and '01' stand for False and True."
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
  unicodestring8: kind("unicodestring8", TAKEN_FROM_ARGUMENT8U, "An 8-byte unsigned length, then that many bytes of UTF-8.")
});
function lengthPrefixBytes(size2) {
  switch (size2) {
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

// ../core/src/opcodes/table.ts
var ROWS = [
  // Integers
  ["INT", "I", "decimalnl_short", [], ["pyinteger_or_bool"], 0, "Push an int or bool; '01'/'00' are True/False."],
  ["BININT", "J", "int4", [], ["pyint"], 1, "Push a four-byte signed int."],
  ["BININT1", "K", "uint1", [], ["pyint"], 1, "Push a one-byte unsigned int."],
  ["BININT2", "M", "uint2", [], ["pyint"], 1, "Push a two-byte unsigned int."],
  ["LONG", "L", "decimalnl_long", [], ["pyint"], 0, "Push an int written in decimal, with an optional 'L'."],
  ["LONG1", "\x8A", "long1", [], ["pyint"], 2, "Push an int of up to 255 little-endian 2's-complement bytes."],
  ["LONG4", "\x8B", "long4", [], ["pyint"], 2, "Push an int of any length, little-endian 2's-complement."],
  // Strings and bytes
  ["STRING", "S", "stringnl", [], ["pybytes_or_str"], 0, "Push a Python 2 str given as a quoted repr."],
  ["BINSTRING", "T", "string4", [], ["pybytes_or_str"], 1, "Push a Python 2 str with a four-byte length."],
  ["SHORT_BINSTRING", "U", "string1", [], ["pybytes_or_str"], 1, "Push a Python 2 str with a one-byte length."],
  ["BINBYTES", "B", "bytes4", [], ["pybytes"], 3, "Push bytes with a four-byte length."],
  ["SHORT_BINBYTES", "C", "bytes1", [], ["pybytes"], 3, "Push bytes with a one-byte length."],
  ["BINBYTES8", "\x8E", "bytes8", [], ["pybytes"], 4, "Push bytes with an eight-byte length."],
  ["BYTEARRAY8", "\x96", "bytearray8", [], ["pybytearray"], 5, "Push a bytearray with an eight-byte length."],
  ["NEXT_BUFFER", "\x97", "none", [], ["pybuffer"], 5, "Push the next out-of-band buffer."],
  ["READONLY_BUFFER", "\x98", "none", ["pybuffer"], ["pybuffer"], 5, "Make the buffer on top of the stack read-only."],
  ["NONE", "N", "none", [], ["pynone"], 0, "Push None."],
  ["NEWTRUE", "\x88", "none", [], ["pybool"], 2, "Push True."],
  ["NEWFALSE", "\x89", "none", [], ["pybool"], 2, "Push False."],
  ["UNICODE", "V", "unicodestringnl", [], ["pyunicode"], 0, "Push a str, raw-unicode-escape encoded, up to a newline."],
  ["SHORT_BINUNICODE", "\x8C", "unicodestring1", [], ["pyunicode"], 4, "Push a UTF-8 str with a one-byte length."],
  ["BINUNICODE", "X", "unicodestring4", [], ["pyunicode"], 1, "Push a UTF-8 str with a four-byte length."],
  ["BINUNICODE8", "\x8D", "unicodestring8", [], ["pyunicode"], 4, "Push a UTF-8 str with an eight-byte length."],
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
  ["EMPTY_SET", "\x8F", "none", [], ["pyset"], 4, "Push an empty set."],
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
  ["BINPERSID", "Q", "none", ["anyobject"], ["anyobject"], 1, "Push the object the persistent id on top stands for."]
];
function buildTable() {
  const seenNames = /* @__PURE__ */ new Set();
  const seenCodes = /* @__PURE__ */ new Set();
  return Object.freeze(
    ROWS.map((row) => {
      const [name, codeText, argName, stackBefore, stackAfter, proto, doc] = row;
      const code = codeText.charCodeAt(0);
      if (seenNames.has(name)) throw new Error(`opcode table: duplicate name ${name}`);
      if (seenCodes.has(code)) throw new Error(`opcode table: duplicate code 0x${code.toString(16)}`);
      seenNames.add(name);
      seenCodes.add(code);
      return Object.freeze({ name, code, arg: ARG_KINDS[argName], stackBefore, stackAfter, proto, doc });
    })
  );
}
var OPCODES = buildTable();
var byCode = new Array(256).fill(void 0);
for (const info of OPCODES) byCode[info.code] = info;
function opcodeByCode(code) {
  return byCode[code];
}
var byName = new Map(OPCODES.map((info) => [info.name, info]));
var NOT_AN_OPCODE = -128;
var ARG_SIZE = (() => {
  const sizes = new Int8Array(256).fill(NOT_AN_OPCODE);
  for (const info of OPCODES) sizes[info.code] = info.arg.size;
  return sizes;
})();
function opcodeLabel(code) {
  const hex2 = `0x${code.toString(16).padStart(2, "0")}`;
  const info = byCode[code];
  return info ? `${info.name} ${hex2}` : hex2;
}

// ../core/src/errors.ts
var PickleError = class extends Error {
  name = "PickleError";
  code;
  offset;
  opcode;
  recordIndex;
  /** What went wrong, without the location prefix. */
  reason;
  constructor(reason, details) {
    const where = `record ${details.recordIndex} at byte ${details.offset}`;
    const op = details.opcode >= 0 ? ` (opcode ${opcodeLabel(details.opcode)})` : "";
    super(`${where}: ${reason}${op}`, details.cause === void 0 ? void 0 : { cause: details.cause });
    this.code = details.code;
    this.offset = details.offset;
    this.opcode = details.opcode;
    this.recordIndex = details.recordIndex;
    this.reason = reason;
  }
  /** The opcode's CPython name, or undefined. */
  get opcodeName() {
    return this.opcode >= 0 ? opcodeByCode(this.opcode)?.name : void 0;
  }
};
var TruncatedError = class extends PickleError {
  name = "TruncatedError";
  constructor(reason, details) {
    super(reason, { ...details, code: "TRUNCATED" });
  }
};
function isPickleError(value) {
  return value instanceof PickleError;
}

// ../core/src/values/py-types.ts
var DICT_PROTOTYPE = Object.freeze(/* @__PURE__ */ Object.create(null));
var DictObject = function PyDictObject() {
};
DictObject.prototype = DICT_PROTOTYPE;
function createDict() {
  return new DictObject();
}
function isPyDict(value) {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === DICT_PROTOTYPE;
}
var PyTuple = class extends Array {
  static get [Symbol.species]() {
    return Array;
  }
};
function markTuple(items) {
  Object.setPrototypeOf(items, PyTuple.prototype);
  return items;
}
function isTuple(value) {
  return value instanceof PyTuple;
}
var frozenSets = /* @__PURE__ */ new WeakSet();
function markFrozenSet(set) {
  frozenSets.add(set);
  return set;
}
var PyFloat = class {
  constructor(value) {
    this.value = value;
  }
  value;
  valueOf() {
    return this.value;
  }
};
var PyByteArray = class extends Uint8Array {
};
function isPyObject(value) {
  return typeof value === "object" && value !== null && typeof value.toPlain === "function" && typeof value.pyClass === "string";
}

// ../core/src/values/placeholders.ts
var PyGlobal = class {
  constructor(module, name) {
    this.module = module;
    this.name = name;
  }
  module;
  name;
  get pyClass() {
    return `${this.module}.${this.name}`;
  }
  toPlain() {
    if (this.name === "NA" && this.module === "pandas._libs.missing") return null;
    const plain = createDict();
    plain["__global__"] = this.pyClass;
    return plain;
  }
};
var PyInstance = class _PyInstance {
  constructor(module, name, args = []) {
    this.module = module;
    this.name = name;
    this.args = args;
  }
  module;
  name;
  args;
  kwargs = null;
  /** The BUILD argument; `undefined` when BUILD never ran. */
  state = void 0;
  items = null;
  /** How the pickle called the class: REDUCE (`callable(*args)`) or NEWOBJ/NEWOBJ_EX (`cls.__new__`). */
  callKind = "REDUCE";
  /** Indices in `items` that came from SETITEM(S) as `[key, value]` pairs (the rest came from APPEND(S)). */
  pairIndices = null;
  /**
   * The callable when it is not a named global but a value built while loading (the result of
   * another call, `getattr(__import__("os"), "system")`): written as `__class__`, mapped like any
   * value, so the whole chain is visible. Null for a named global (`module`/`name`).
   */
  callee = null;
  /**
   * Calls whose result the pickle discarded (REDUCE then POP) that acted on this object (it was
   * their first placeholder argument): each a PyInstance of the call holding the other arguments.
   */
  effects = null;
  /** `module.qualname`; for a computed callable, the callee's name followed by `(...)` (messages only: output writes `callee`). */
  get pyClass() {
    if (this.callee !== null) return `${isPyObject(this.callee) ? this.callee.pyClass : "<value>"}(...)`;
    return `${this.module}.${this.name}`;
  }
  /** The result of calling `callee` (a value, not a named global) with `args`. */
  static ofComputedCall(callee, args, kwargs = null) {
    const instance = new _PyInstance("", "", args);
    instance.callee = callee;
    instance.kwargs = kwargs;
    return instance;
  }
  /** The discarded calls as pickled (all their arguments, this object among them), for `reduceForPickle`. */
  postCalls = null;
  /** Records a discarded call that acted on this object (see `effects`). */
  addEffect(call, otherArgs) {
    (this.effects ??= []).push(call.withArgs(otherArgs));
    (this.postCalls ??= []).push(postCallOf(call));
  }
  /** The same call (callable, kwargs) with other arguments. */
  withArgs(args) {
    const copy = new _PyInstance(this.module, this.name, args);
    copy.callee = this.callee;
    copy.kwargs = this.kwargs;
    copy.callKind = this.callKind;
    return copy;
  }
  setState(state) {
    this.state = state;
  }
  append(item) {
    (this.items ??= []).push(item);
  }
  setItem(key, value) {
    const items = this.items ??= [];
    (this.pairIndices ??= []).push(items.length);
    items.push([key, value]);
  }
  /** Written back as the pickle described it: the same call, state and items. */
  reduceForPickle() {
    const listItems = [];
    const dictItems = [];
    const pairs = new Set(this.pairIndices);
    (this.items ?? []).forEach((item, index) => {
      if (pairs.has(index)) dictItems.push(item);
      else listItems.push(item);
    });
    return {
      callable: [this.module, this.name],
      ...this.callee !== null ? { callableValue: this.callee } : {},
      args: this.args,
      isNewObj: this.callKind === "NEWOBJ",
      kwargs: this.kwargs,
      state: this.state,
      listItems,
      dictItems,
      ...this.postCalls !== null ? { postCalls: this.postCalls } : {}
    };
  }
  toPlain() {
    const plain = createDict();
    plain["__class__"] = this.callee ?? this.pyClass;
    if (this.args.length > 0) plain["__args__"] = this.args;
    if (this.kwargs !== null && Object.keys(this.kwargs).length > 0) plain["__kwargs__"] = this.kwargs;
    if (this.state !== void 0) plain["__state__"] = this.state;
    if (this.items !== null && this.items.length > 0) plain["__items__"] = this.items;
    if (this.effects !== null) plain["__effects__"] = this.effects;
    return plain;
  }
};
function postCallOf(call) {
  return { callable: call.callee ?? new PyGlobal(call.module, call.name), args: call.args };
}
function isEffectTarget(value) {
  return typeof value === "object" && value !== null && typeof value.addEffect === "function";
}
var PyPersistentId = class {
  constructor(pid) {
    this.pid = pid;
  }
  pid;
  pyClass = "pickle.PersistentId";
  toPlain() {
    const plain = createDict();
    plain["__persid__"] = this.pid;
    return plain;
  }
};
var PyOutOfBandBuffer = class {
  constructor(index) {
    this.index = index;
  }
  index;
  pyClass = "pickle.PickleBuffer";
  isReadonly = false;
  toPlain() {
    const plain = createDict();
    plain["__buffer__"] = this.index;
    return plain;
  }
};

// ../core/src/classes/arg-checks.ts
function expectArgCount(qualname, args, min, max) {
  if (args.length < min || args.length > max) {
    const wanted = min === max ? `${min}` : `${min} to ${max}`;
    throw new TypeError(`${qualname} takes ${wanted} arguments, got ${args.length}`);
  }
}
function describeValue(value) {
  if (value === void 0) return "nothing";
  if (value === null) return "None";
  if (value instanceof Uint8Array) return "bytes";
  if (Array.isArray(value)) return "list";
  if (value instanceof PyFloat) return "float";
  if (isPyObject(value)) return value.pyClass;
  return typeof value;
}
function readInt(qualname, value) {
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  if (typeof value === "bigint") return value;
  if (typeof value === "boolean") return value ? 1n : 0n;
  throw new TypeError(`${qualname}: expected an int, got ${describeValue(value)}`);
}
function readSafeInt(qualname, value) {
  const int = readInt(qualname, value);
  if (int > BigInt(Number.MAX_SAFE_INTEGER) || int < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new TypeError(`${qualname}: int ${int} is out of range`);
  }
  return Number(int);
}
function readNumber(qualname, value) {
  if (typeof value === "number") return value;
  if (value instanceof PyFloat) return value.value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  throw new TypeError(`${qualname}: expected a number, got ${describeValue(value)}`);
}
function readString(qualname, value) {
  if (typeof value === "string") return value;
  throw new TypeError(`${qualname}: expected a str, got ${describeValue(value)}`);
}
function readText(qualname, value) {
  if (value instanceof Uint8Array) return String.fromCharCode(...value);
  return readString(qualname, value);
}
function readBytes(qualname, value, context) {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return context.py2Bytes(value) ?? latin1Bytes(qualname, value);
  throw new TypeError(`${qualname}: expected bytes, got ${describeValue(value)}`);
}
function latin1Bytes(qualname, text2) {
  const bytes = new Uint8Array(text2.length);
  for (let i = 0; i < text2.length; i++) {
    const code = text2.charCodeAt(i);
    if (code > 255) throw new TypeError(`${qualname}: char U+${code.toString(16).padStart(4, "0")} is not latin-1`);
    bytes[i] = code;
  }
  return bytes;
}

// ../core/src/classes/plain-float.ts
function plainFloat(value) {
  return Number.isInteger(value) && !Object.is(value, -0) ? new PyFloat(value) : value;
}

// ../core/src/classes/complex.ts
var PyComplex = class {
  constructor(real, imag) {
    this.real = real;
    this.imag = imag;
  }
  real;
  imag;
  pyClass = "builtins.complex";
  toPlain() {
    const plain = createDict();
    plain["real"] = plainFloat(this.real);
    plain["imag"] = plainFloat(this.imag);
    return plain;
  }
  /** `complex.__new__(complex, real, imag)` (NEWOBJ, as `copyreg.__newobj__`); both parts stay floats. */
  reduceForPickle() {
    return { callable: ["builtins", "complex"], args: [new PyFloat(this.real), new PyFloat(this.imag)], isNewObj: true };
  }
};
var complexReconstructor = {
  construct(args) {
    expectArgCount("builtins.complex", args, 0, 2);
    const real = args.length > 0 ? readNumber("builtins.complex", args[0]) : 0;
    const imag = args.length > 1 ? readNumber("builtins.complex", args[1]) : 0;
    return new PyComplex(real, imag);
  }
};

// ../core/src/classes/dict-access.ts
function isDictValue(value) {
  return value instanceof Map || isPyDict(value);
}
function dictGet(dict, key) {
  if (dict instanceof Map) return dict.get(key);
  return Object.hasOwn(dict, key) ? dict[key] : void 0;
}
function dictEntries(dict) {
  if (dict instanceof Map) return [...dict.entries()];
  return Object.keys(dict).map((key) => [key, dict[key]]);
}
function createDictLike(context) {
  return context.dictMode === "map" ? /* @__PURE__ */ new Map() : createDict();
}
function dictSet(dict, key, value) {
  if (dict instanceof Map) {
    dict.set(key, value);
    return;
  }
  if (typeof key !== "string") throw new TypeError(`dict key of type ${typeof key} needs dict: "map" here`);
  dict[key] = value;
}

// ../core/src/classes/builtins.ts
function setFromArgs(qualname, args, context) {
  expectArgCount(qualname, args, 0, 1);
  const source = args[0];
  let items;
  if (source === void 0) items = [];
  else if (Array.isArray(source)) items = source;
  else if (source instanceof Set) items = [...source];
  else throw new TypeError(`${qualname}: expected a list of items, got ${describeValue(source)}`);
  return context.setMode === "array" ? [...items] : new Set(items);
}
var setReconstructor = {
  construct: (args, _kwargs, context) => setFromArgs("builtins.set", args, context)
};
var frozensetReconstructor = {
  construct: (args, _kwargs, context) => {
    const set = setFromArgs("builtins.frozenset", args, context);
    return set instanceof Set ? markFrozenSet(set) : set;
  }
};
function encodeText(qualname, text2, encoding) {
  switch (encoding.toLowerCase().replace(/[-_]/g, "")) {
    case "latin1":
    case "iso88591":
    case "l1":
      return latin1Bytes(qualname, text2);
    case "utf8":
      return new TextEncoder().encode(text2);
    case "ascii": {
      const bytes = latin1Bytes(qualname, text2);
      if (bytes.some((byte) => byte > 127)) throw new TypeError(`${qualname}: text is not ascii`);
      return bytes;
    }
    default:
      throw new TypeError(`${qualname}: unsupported encoding ${JSON.stringify(encoding)}`);
  }
}
var bytearrayReconstructor = {
  construct(args, _kwargs, context) {
    const qualname = "builtins.bytearray";
    expectArgCount(qualname, args, 0, 2);
    const source = args[0];
    if (source === void 0) return new PyByteArray(0);
    if (args.length === 2) {
      return PyByteArray.from(encodeText(qualname, readString(qualname, source), readString(qualname, args[1])));
    }
    if (typeof source === "number" || typeof source === "bigint") return new PyByteArray(readSafeInt(qualname, source));
    if (Array.isArray(source)) return PyByteArray.from(source.map((item) => readSafeInt(qualname, item) & 255));
    return PyByteArray.from(readBytes(qualname, source, context));
  }
};
var bytesReconstructor = {
  construct(args) {
    const qualname = "builtins.bytes";
    expectArgCount(qualname, args, 0, 2);
    const source = args[0];
    if (source === void 0) return new Uint8Array(0);
    if (args.length === 2) return encodeText(qualname, readString(qualname, source), readString(qualname, args[1]));
    if (Array.isArray(source)) return Uint8Array.from(source.map((item) => readSafeInt(qualname, item) & 255));
    if (source instanceof Uint8Array) return source.slice();
    throw new TypeError(`${qualname}: expected bytes, str and encoding, or a list of ints, got ${describeValue(source)}`);
  }
};
var codecsEncodeReconstructor = {
  construct(args) {
    const qualname = "_codecs.encode";
    expectArgCount(qualname, args, 1, 3);
    const encoding = args.length > 1 ? readString(qualname, args[1]) : "utf-8";
    return encodeText(qualname, readString(qualname, args[0]), encoding);
  }
};
function className(value) {
  return isPyObject(value) ? value.pyClass : void 0;
}
var reconstructorReconstructor = {
  construct(args, _kwargs, context) {
    const qualname = "copyreg._reconstructor";
    expectArgCount(qualname, args, 3, 3);
    const [cls, baseValue, state] = args;
    const base = className(baseValue);
    if (base === "builtins.object") return context.instantiate(cls, [], null);
    if (base === "builtins.list" && Array.isArray(state)) {
      const instance = context.instantiate(cls, [], null);
      if (isAppendable(instance)) {
        for (const item of state) instance.append(item);
        return instance;
      }
    } else if (base === "builtins.dict" && isDictValue(state)) {
      const instance = context.instantiate(cls, [], null);
      if (isItemSettable(instance)) {
        for (const [key, value] of dictEntries(state)) instance.setItem(key, value);
        return instance;
      }
    } else if (base !== void 0 && base !== "builtins.list" && base !== "builtins.dict") {
      return context.instantiate(cls, [state], null);
    }
    return new PyInstance("copyreg", "_reconstructor", args);
  }
};
function isAppendable(value) {
  return typeof value === "object" && value !== null && typeof value.append === "function";
}
function isItemSettable(value) {
  return typeof value === "object" && value !== null && typeof value.setItem === "function";
}
var newobjReconstructor = {
  construct(args, _kwargs, context) {
    if (args.length === 0) throw new TypeError("copyreg.__newobj__ takes at least 1 argument, got 0");
    return context.instantiate(args[0], args.slice(1), null);
  }
};
function kwargsDict(qualname, value) {
  if (value === null || value === void 0) return null;
  if (!isDictValue(value)) throw new TypeError(`${qualname}: kwargs must be a dict, got ${describeValue(value)}`);
  const kwargs = createDict();
  for (const [key, item] of dictEntries(value)) kwargs[readString(qualname, key)] = item;
  return kwargs;
}
var newobjExReconstructor = {
  construct(args, _kwargs, context) {
    const qualname = "copyreg.__newobj_ex__";
    expectArgCount(qualname, args, 3, 3);
    const [cls, callArgs, callKwargs] = args;
    if (!Array.isArray(callArgs)) throw new TypeError(`${qualname}: args must be a tuple, got ${describeValue(callArgs)}`);
    return context.instantiate(cls, [...callArgs], kwargsDict(qualname, callKwargs));
  }
};
var builtinsClasses = /* @__PURE__ */ new Map([
  ["builtins.set", setReconstructor],
  ["builtins.frozenset", frozensetReconstructor],
  ["builtins.bytearray", bytearrayReconstructor],
  ["builtins.bytes", bytesReconstructor],
  ["builtins.complex", complexReconstructor],
  ["_codecs.encode", codecsEncodeReconstructor],
  ["copyreg._reconstructor", reconstructorReconstructor],
  ["copyreg.__newobj__", newobjReconstructor],
  ["copyreg.__newobj_ex__", newobjExReconstructor]
]);

// ../core/src/classes/dict-class.ts
var dictClasses = /* @__PURE__ */ new WeakMap();
function markDictClass(dict, dictClass) {
  dictClasses.set(dict, dictClass);
  return dict;
}
function dictClassOf(dict) {
  return dictClasses.get(dict);
}
var dictAttributes = /* @__PURE__ */ new WeakMap();
var CLASSES_WITH_ATTRIBUTES = /* @__PURE__ */ new Set(["collections.OrderedDict", "collections.Counter"]);
function buildStateParts(state) {
  if (isTuple(state) && state.length === 2) return [...state];
  return [state];
}
function setDictState(dict, state, context) {
  const parts = buildStateParts(state);
  if (parts.every((part) => part === null)) return;
  const dictClass = dictClassOf(dict);
  const qualname = dictClass === void 0 ? "dict" : `${dictClass.module}.${dictClass.name}`;
  if (!CLASSES_WITH_ATTRIBUTES.has(qualname)) throw new TypeError(`'${qualname}' object has no __dict__ to set state on`);
  const attributes = dictAttributes.get(dict) ?? createDictLike(context);
  for (const part of parts) {
    if (part === null) continue;
    if (!isDictValue(part)) throw new TypeError(`state is not a dictionary, got ${describeValue(part)}`);
    for (const [key, value] of dictEntries(part)) dictSet(attributes, key, value);
  }
  dictAttributes.set(dict, attributes);
}

// ../core/src/classes/collections.ts
function dictFrom(qualname, source, context) {
  const dict = createDictLike(context);
  if (source === void 0 || source === null) return dict;
  if (isDictValue(source)) {
    for (const [key, value] of dictEntries(source)) dictSet(dict, key, value);
  } else if (Array.isArray(source)) {
    for (const pair of source) {
      if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError(`${qualname}: expected key/value pairs`);
      dictSet(dict, pair[0], pair[1]);
    }
  } else {
    throw new TypeError(`${qualname}: expected a dict or pairs, got ${describeValue(source)}`);
  }
  return dict;
}
var orderedDictReconstructor = {
  construct(args, _kwargs, context) {
    expectArgCount("collections.OrderedDict", args, 0, 1);
    const dict = dictFrom("collections.OrderedDict", args[0], context);
    return markDictClass(dict, { module: "collections", name: "OrderedDict", args: [] });
  }
};
var defaultDictReconstructor = {
  construct(args, _kwargs, context) {
    expectArgCount("collections.defaultdict", args, 0, 2);
    const dict = dictFrom("collections.defaultdict", args[1], context);
    const factory = args[0] ?? null;
    return markDictClass(dict, { module: "collections", name: "defaultdict", args: [factory] });
  }
};
var counterReconstructor = {
  construct(args, _kwargs, context) {
    expectArgCount("collections.Counter", args, 0, 1);
    const dict = dictFrom("collections.Counter", args[0], context);
    return markDictClass(dict, { module: "collections", name: "Counter", args: [] });
  }
};
var PyDeque = class {
  constructor(items = [], maxlen = null) {
    this.maxlen = maxlen;
    this.items = [];
    for (const item of items) this.append(item);
  }
  maxlen;
  pyClass = "collections.deque";
  items;
  /** As `deque.append`: a full bounded deque drops its leftmost item. */
  append(item) {
    if (this.maxlen === 0) return;
    if (this.maxlen !== null && this.items.length >= this.maxlen) this.items.shift();
    this.items.push(item);
  }
  toPlain() {
    return this.items;
  }
  /** `deque()` or `deque((), maxlen)`, then the items by APPENDS, as `deque.__reduce__` writes it. */
  reduceForPickle() {
    const args = this.maxlen === null ? [] : [markTuple([]), this.maxlen];
    return { callable: ["collections", "deque"], args, listItems: this.items };
  }
};
var dequeReconstructor = {
  construct(args) {
    const qualname = "collections.deque";
    expectArgCount(qualname, args, 0, 2);
    const [items, maxlen] = args;
    if (items !== void 0 && items !== null && !Array.isArray(items)) {
      throw new TypeError(`${qualname}: expected a list of items, got ${describeValue(items)}`);
    }
    if (maxlen !== void 0 && maxlen !== null && typeof maxlen !== "number") {
      throw new TypeError(`${qualname}: maxlen must be an int or None, got ${describeValue(maxlen)}`);
    }
    return new PyDeque(items ?? [], maxlen ?? null);
  }
};
var collectionsClasses = /* @__PURE__ */ new Map([
  ["collections.OrderedDict", orderedDictReconstructor],
  ["collections.defaultdict", defaultDictReconstructor],
  ["collections.Counter", counterReconstructor],
  ["collections.deque", dequeReconstructor]
]);

// ../core/src/classes/timedelta.ts
var MICROS_PER_SECOND = 1000000n;
var MICROS_PER_DAY = 86400n * MICROS_PER_SECOND;
var MAX_DAYS = 999999999n;
var PyTimedelta = class {
  pyClass = "datetime.timedelta";
  days;
  seconds;
  microseconds;
  /** The whole duration in microseconds, exact. */
  totalMicroseconds;
  constructor(days, seconds, microseconds) {
    const total = days * MICROS_PER_DAY + seconds * MICROS_PER_SECOND + microseconds;
    const floorDays = total >= 0n ? total / MICROS_PER_DAY : -((-total + MICROS_PER_DAY - 1n) / MICROS_PER_DAY);
    if (floorDays > MAX_DAYS || floorDays < -MAX_DAYS) {
      throw new TypeError(`datetime.timedelta: days=${floorDays} is out of range`);
    }
    const rest = total - floorDays * MICROS_PER_DAY;
    this.days = Number(floorDays);
    this.seconds = Number(rest / MICROS_PER_SECOND);
    this.microseconds = Number(rest % MICROS_PER_SECOND);
    this.totalMicroseconds = total;
  }
  /** `total_seconds()`: microseconds / 10**6, correctly rounded as Python's int true division. */
  totalSeconds() {
    return divideCorrectlyRounded(this.totalMicroseconds, MICROS_PER_SECOND);
  }
  toPlain() {
    return plainFloat(this.totalSeconds());
  }
  /** `timedelta(days, seconds, microseconds)`, normalized, as `__reduce__` writes it. */
  reduceForPickle() {
    return { callable: ["datetime", "timedelta"], args: [this.days, this.seconds, this.microseconds] };
  }
};
var TWO_53 = 2n ** 53n;
function divideCorrectlyRounded(n, d) {
  const negative = n < 0n;
  const magnitude = negative ? -n : n;
  if (magnitude <= TWO_53) return Number(n) / Number(d);
  const shift = 64n;
  const scaled = magnitude << shift;
  let quotient = scaled / d;
  if (scaled % d !== 0n) quotient |= 1n;
  const result = Number(quotient) / 2 ** Number(shift);
  return negative ? -result : result;
}
var timedeltaReconstructor = {
  construct(args) {
    const qualname = "datetime.timedelta";
    expectArgCount(qualname, args, 0, 3);
    const [days = 0, seconds = 0, microseconds = 0] = args;
    return new PyTimedelta(readInt(qualname, days), readInt(qualname, seconds), readInt(qualname, microseconds));
  }
};
var PyTimezone = class {
  constructor(offset, name = null) {
    this.offset = offset;
    this.name = name;
  }
  offset;
  name;
  pyClass = "datetime.timezone";
  /** Not in the JSON mapping's list, so it shows as any other object: its class and arguments. */
  toPlain() {
    const plain = createDict();
    plain["__class__"] = this.pyClass;
    plain["__args__"] = this.name === null ? [this.offset] : [this.offset, this.name];
    return plain;
  }
  /** `timezone(offset[, name])`; `timezone(timedelta(0))` loads as the `timezone.utc` singleton. */
  reduceForPickle() {
    return { callable: ["datetime", "timezone"], args: this.name === null ? [this.offset] : [this.offset, this.name] };
  }
};
var timezoneReconstructor = {
  construct(args) {
    const qualname = "datetime.timezone";
    expectArgCount(qualname, args, 1, 2);
    const [offset, name] = args;
    if (!(offset instanceof PyTimedelta)) {
      throw new TypeError(`${qualname}: offset must be a timedelta, got ${describeValue(offset)}`);
    }
    if (offset.totalMicroseconds <= -MICROS_PER_DAY || offset.totalMicroseconds >= MICROS_PER_DAY) {
      throw new TypeError(`${qualname}: offset must be strictly between -24 and 24 hours`);
    }
    return new PyTimezone(offset, name === void 0 || name === null ? null : readString(qualname, name));
  }
};
function utcOffsetOf(tzinfo) {
  return tzinfo instanceof PyTimezone ? tzinfo.offset : null;
}
var pad2 = (value) => value.toString().padStart(2, "0");
function formatUtcOffset(offset) {
  const negative = offset.totalMicroseconds < 0n;
  const magnitude = negative ? -offset.totalMicroseconds : offset.totalMicroseconds;
  const totalSeconds = Number(magnitude / MICROS_PER_SECOND);
  const micros = Number(magnitude % MICROS_PER_SECOND);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor(totalSeconds / 60) % 60;
  const seconds = totalSeconds % 60;
  let text2 = `${negative ? "-" : "+"}${pad2(hours)}:${pad2(minutes)}`;
  if (seconds !== 0 || micros !== 0) {
    text2 += `:${pad2(seconds)}`;
    if (micros !== 0) text2 += `.${micros.toString().padStart(6, "0")}`;
  }
  return text2;
}
var timedeltaClasses = /* @__PURE__ */ new Map([
  ["datetime.timedelta", timedeltaReconstructor],
  ["datetime.timezone", timezoneReconstructor]
]);

// ../core/src/classes/datetime.ts
var pad = (value, width) => value.toString().padStart(width, "0");
function checkRange(qualname, field, value, min, max) {
  if (value < min || value > max) throw new TypeError(`${qualname}: ${field} ${value} is out of range`);
  return value;
}
var DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysInMonth(year, month) {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}
function checkDate(qualname, fields) {
  checkRange(qualname, "year", fields.year, 1, 9999);
  checkRange(qualname, "month", fields.month, 1, 12);
  checkRange(qualname, "day", fields.day, 1, daysInMonth(fields.year, fields.month));
  return fields;
}
function checkTime(qualname, fields) {
  checkRange(qualname, "hour", fields.hour, 0, 23);
  checkRange(qualname, "minute", fields.minute, 0, 59);
  checkRange(qualname, "second", fields.second, 0, 59);
  checkRange(qualname, "microsecond", fields.microsecond, 0, 999999);
  checkRange(qualname, "fold", fields.fold, 0, 1);
  return fields;
}
function dateBytes(fields) {
  return [fields.year >> 8, fields.year & 255, fields.month, fields.day];
}
function timeBytes(fields, foldOnHour) {
  const us = fields.microsecond;
  return [fields.hour | (foldOnHour ? 128 : 0), fields.minute, fields.second, us >> 16, us >> 8 & 255, us & 255];
}
function stateReduction(qualname, state, tzinfo) {
  const args = [Uint8Array.from(state)];
  if (tzinfo !== null) args.push(tzinfo);
  return { callable: ["datetime", qualname], args };
}
function formatDate(fields) {
  return `${pad(fields.year, 4)}-${pad(fields.month, 2)}-${pad(fields.day, 2)}`;
}
function formatTime(fields, tzinfo) {
  let text2 = `${pad(fields.hour, 2)}:${pad(fields.minute, 2)}:${pad(fields.second, 2)}`;
  if (fields.microsecond !== 0) text2 += `.${pad(fields.microsecond, 6)}`;
  const offset = utcOffsetOf(tzinfo);
  if (offset !== null) text2 += formatUtcOffset(offset);
  return text2;
}
var PyDate = class {
  pyClass = "datetime.date";
  year;
  month;
  day;
  constructor(fields) {
    ({ year: this.year, month: this.month, day: this.day } = fields);
  }
  isoformat() {
    return formatDate(this);
  }
  toPlain() {
    return this.isoformat();
  }
  reduceForPickle() {
    return stateReduction("date", dateBytes(this), null);
  }
};
var PyTime = class {
  constructor(fields, tzinfo = null) {
    this.tzinfo = tzinfo;
    ({ hour: this.hour, minute: this.minute, second: this.second, microsecond: this.microsecond, fold: this.fold } = fields);
  }
  tzinfo;
  pyClass = "datetime.time";
  hour;
  minute;
  second;
  microsecond;
  fold;
  isoformat() {
    return formatTime(this, this.tzinfo);
  }
  toPlain() {
    return this.isoformat();
  }
  reduceForPickle(protocol) {
    return stateReduction("time", timeBytes(this, this.fold === 1 && protocol > 3), this.tzinfo);
  }
};
var PyDateTime = class {
  constructor(date, time, tzinfo = null) {
    this.tzinfo = tzinfo;
    ({ year: this.year, month: this.month, day: this.day } = date);
    ({ hour: this.hour, minute: this.minute, second: this.second, microsecond: this.microsecond, fold: this.fold } = time);
  }
  tzinfo;
  pyClass = "datetime.datetime";
  year;
  month;
  day;
  hour;
  minute;
  second;
  microsecond;
  fold;
  isoformat(sep = "T") {
    return `${formatDate(this)}${sep}${formatTime(this, this.tzinfo)}`;
  }
  toPlain() {
    return this.isoformat();
  }
  reduceForPickle(protocol) {
    const state = [...dateBytes(this), ...timeBytes(this, false)];
    if (this.fold === 1 && protocol > 3) state[2] = state[2] | 128;
    return stateReduction("datetime", state, this.tzinfo);
  }
};
function stateBytes(qualname, args, length, context) {
  const first = args[0];
  if (!(first instanceof Uint8Array) && typeof first !== "string") return null;
  const bytes = readBytes(qualname, first, context);
  if (bytes.length !== length) throw new TypeError(`${qualname}: state must be ${length} bytes, got ${bytes.length}`);
  return bytes;
}
function readTzinfo(qualname, value) {
  if (value === void 0 || value === null) return null;
  if (typeof value !== "object" || Array.isArray(value) || value instanceof Uint8Array) {
    throw new TypeError(`${qualname}: bad tzinfo: ${describeValue(value)}`);
  }
  return value;
}
function intFields(qualname, args, start, defaults) {
  return defaults.map((fallback, i) => args[start + i] === void 0 ? fallback : readSafeInt(qualname, args[start + i]));
}
var dateReconstructor = {
  construct(args, _kwargs, context) {
    const qualname = "datetime.date";
    expectArgCount(qualname, args, 1, 3);
    const b = stateBytes(qualname, args, 4, context);
    if (b !== null) {
      return new PyDate(checkDate(qualname, { year: b[0] * 256 + b[1], month: b[2], day: b[3] }));
    }
    const [year, month, day] = intFields(qualname, args, 0, [0, 0, 0]);
    return new PyDate(checkDate(qualname, { year, month, day }));
  }
};
function timeFromBytes(b, at) {
  return {
    hour: b[at] & 127,
    minute: b[at + 1],
    second: b[at + 2],
    microsecond: b[at + 3] << 16 | b[at + 4] << 8 | b[at + 5],
    fold: b[at] >> 7
  };
}
var timeReconstructor = {
  construct(args, _kwargs, context) {
    const qualname = "datetime.time";
    expectArgCount(qualname, args, 0, 6);
    const b = stateBytes(qualname, args, 6, context);
    if (b !== null) {
      expectArgCount(qualname, args, 1, 2);
      return new PyTime(checkTime(qualname, timeFromBytes(b, 0)), readTzinfo(qualname, args[1]));
    }
    const [hour, minute, second, microsecond] = intFields(qualname, args, 0, [0, 0, 0, 0]);
    return new PyTime(checkTime(qualname, { hour, minute, second, microsecond, fold: 0 }), readTzinfo(qualname, args[4]));
  }
};
var datetimeReconstructor = {
  construct(args, _kwargs, context) {
    const qualname = "datetime.datetime";
    expectArgCount(qualname, args, 1, 8);
    const b = stateBytes(qualname, args, 10, context);
    if (b !== null) {
      expectArgCount(qualname, args, 1, 2);
      const date2 = checkDate(qualname, { year: b[0] * 256 + b[1], month: b[2] & 127, day: b[3] });
      const time2 = { ...timeFromBytes(b, 4), fold: b[2] >> 7 };
      return new PyDateTime(date2, checkTime(qualname, time2), readTzinfo(qualname, args[1]));
    }
    const [year, month, day, hour, minute, second, microsecond] = intFields(qualname, args, 0, [0, 0, 0, 0, 0, 0, 0]);
    const date = checkDate(qualname, { year, month, day });
    const time = checkTime(qualname, { hour, minute, second, microsecond, fold: 0 });
    return new PyDateTime(date, time, readTzinfo(qualname, args[7]));
  }
};
var datetimeClasses = new Map([
  ["datetime.date", dateReconstructor],
  ["datetime.time", timeReconstructor],
  ["datetime.datetime", datetimeReconstructor],
  ...timedeltaClasses
]);

// ../core/src/classes/decimal.ts
var PyDecimal = class {
  constructor(text2) {
    this.text = text2;
  }
  text;
  pyClass = "decimal.Decimal";
  toString() {
    return this.text;
  }
  toPlain() {
    return this.text;
  }
  /** `Decimal(str(self))`, as `Decimal.__reduce__` writes it. */
  reduceForPickle() {
    return { callable: ["decimal", "Decimal"], args: [this.text] };
  }
};
var FINITE = /^([+-]?)(?=\d|\.\d)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;
var SPECIAL = /^([+-]?)(?:(inf|infinity)|(s?nan)(\d*))$/i;
function canonicalDecimalText(text2) {
  const trimmed = text2.trim().replace(/_/g, "");
  const special = SPECIAL.exec(trimmed);
  if (special !== null) {
    const sign2 = special[1] === "-" ? "-" : "";
    if (special[2] !== void 0) return `${sign2}Infinity`;
    const payload = (special[4] ?? "").replace(/^0+/, "");
    return `${sign2}${special[3].toLowerCase() === "snan" ? "sNaN" : "NaN"}${payload}`;
  }
  const finite = FINITE.exec(trimmed);
  if (finite === null) throw new TypeError(`decimal.Decimal: invalid literal ${JSON.stringify(text2)}`);
  const sign = finite[1] === "-" ? "-" : "";
  const fraction = finite[3] ?? "";
  const coefficient = (finite[2] + fraction).replace(/^0+(?=\d)/, "");
  const exponent = Number(finite[4] ?? "0") - fraction.length;
  const leftDigits = exponent + coefficient.length;
  const dotPlace = exponent <= 0 && leftDigits > -6 ? leftDigits : 1;
  let body;
  if (dotPlace <= 0) body = `0.${"0".repeat(-dotPlace)}${coefficient}`;
  else if (dotPlace >= coefficient.length) body = coefficient + "0".repeat(dotPlace - coefficient.length);
  else body = `${coefficient.slice(0, dotPlace)}.${coefficient.slice(dotPlace)}`;
  const shown = leftDigits - dotPlace;
  return `${sign}${body}${leftDigits === dotPlace ? "" : `E${shown >= 0 ? "+" : ""}${shown}`}`;
}
var decimalReconstructor = {
  construct(args) {
    expectArgCount("decimal.Decimal", args, 1, 2);
    return new PyDecimal(canonicalDecimalText(readString("decimal.Decimal", args[0])));
  }
};
var decimalClasses = /* @__PURE__ */ new Map([["decimal.Decimal", decimalReconstructor]]);

// ../core/src/classes/fractions.ts
var PyFraction = class {
  pyClass = "fractions.Fraction";
  numerator;
  denominator;
  constructor(numerator, denominator) {
    if (denominator === 0n) throw new TypeError("fractions.Fraction: zero denominator");
    const divisor = gcd(numerator, denominator) * (denominator < 0n ? -1n : 1n);
    this.numerator = numerator / divisor;
    this.denominator = denominator / divisor;
  }
  toString() {
    return this.denominator === 1n ? `${this.numerator}` : `${this.numerator}/${this.denominator}`;
  }
  toPlain() {
    return this.toString();
  }
  /** `Fraction(numerator, denominator)`, as Python 3.11's `__reduce__` writes it. */
  reduceForPickle() {
    return { callable: ["fractions", "Fraction"], args: [this.numerator, this.denominator] };
  }
};
function gcd(a, b) {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
var RATIONAL = /^([+-]?)(\d+)(?:\/(\d+)|(?:\.(\d*))?(?:e([+-]?\d+))?)$/i;
function parseFraction(text2) {
  const match = RATIONAL.exec(text2.trim().replace(/_/g, ""));
  if (match === null) throw new TypeError(`fractions.Fraction: invalid literal ${JSON.stringify(text2)}`);
  const sign = match[1] === "-" ? -1n : 1n;
  if (match[3] !== void 0) return new PyFraction(sign * BigInt(match[2]), BigInt(match[3]));
  const decimals = match[4] ?? "";
  const exponent = Number(match[5] ?? "0") - decimals.length;
  const digits = sign * BigInt(match[2] + decimals);
  return exponent >= 0 ? new PyFraction(digits * 10n ** BigInt(exponent), 1n) : new PyFraction(digits, 10n ** BigInt(-exponent));
}
var fractionReconstructor = {
  construct(args) {
    const qualname = "fractions.Fraction";
    expectArgCount(qualname, args, 1, 2);
    if (typeof args[0] === "string") return parseFraction(readString(qualname, args[0]));
    return new PyFraction(readInt(qualname, args[0]), args.length > 1 ? readInt(qualname, args[1]) : 1n);
  }
};
var fractionsClasses = /* @__PURE__ */ new Map([["fractions.Fraction", fractionReconstructor]]);

// ../core/src/classes/py-code.ts
var CO_VARARGS = 4;
var CO_VARKEYWORDS = 8;
var LAYOUTS = /* @__PURE__ */ new Map([
  // Python 2: (argcount, nlocals, stacksize, flags, code, consts, names, varnames, filename, name, firstlineno, lnotab, freevars, cellvars)
  [14, { argcount: 0, posonlyargcount: null, kwonlyargcount: null, flags: 3, names: 6, varnames: 7, filename: 8, name: 9, qualname: null, firstlineno: 10, freevars: 12 }],
  // Python 3.0-3.7: kwonlyargcount after argcount
  [15, { argcount: 0, posonlyargcount: null, kwonlyargcount: 1, flags: 4, names: 7, varnames: 8, filename: 9, name: 10, qualname: null, firstlineno: 11, freevars: 13 }],
  // Python 3.8-3.10: posonlyargcount too
  [16, { argcount: 0, posonlyargcount: 1, kwonlyargcount: 2, flags: 5, names: 8, varnames: 9, filename: 10, name: 11, qualname: null, firstlineno: 12, freevars: 14 }],
  // Python 3.11+: qualname, linetable, exceptiontable
  [18, { argcount: 0, posonlyargcount: 1, kwonlyargcount: 2, flags: 5, names: 8, varnames: 9, filename: 10, name: 11, qualname: 12, firstlineno: 13, freevars: 16 }],
  // Python 3.11 alphas (dill): endlinetable and columntable before exceptiontable
  [20, { argcount: 0, posonlyargcount: 1, kwonlyargcount: 2, flags: 5, names: 8, varnames: 9, filename: 10, name: 11, qualname: 12, firstlineno: 13, freevars: 18 }]
]);
function count(args, index) {
  if (index === null) return 0;
  const value = args[index];
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) throw new TypeError(`CodeType: argument ${index} must be a count, got ${describeValue(value)}`);
  return value;
}
function text(args, index) {
  if (index === null) return null;
  const value = args[index];
  return typeof value === "string" ? value : null;
}
function names(args, index) {
  const value = args[index];
  if (!Array.isArray(value)) throw new TypeError(`CodeType: argument ${index} must be a tuple of names, got ${describeValue(value)}`);
  return value.map((name) => typeof name === "string" ? name : String(name));
}
var PyCode = class _PyCode {
  pyClass = "types.CodeType";
  /** The call that made it, as pickled (`CodeType(*args)`, `_create_code(*args)`), for `dumps`. */
  origin = null;
  argcount = 0;
  posonlyargcount = 0;
  kwonlyargcount = 0;
  flags = 0;
  /** `co_names`: the global (and attribute) names the code looks up. */
  names = [];
  varnames = [];
  freevars = [];
  filename = null;
  name = "";
  qualname = null;
  firstlineno = 0;
  /** `CodeType(*args)` for any Python from 2.7 to 3.13 (the layout is told by the argument count). */
  static fromArgs(args) {
    const fields = args.length > 0 && typeof args[0] !== "number" ? args.slice(1) : args;
    const layout = LAYOUTS.get(fields.length);
    if (layout === void 0) throw new TypeError(`CodeType: ${fields.length} arguments match no Python version's layout`);
    const code = new _PyCode();
    code.argcount = count(fields, layout.argcount);
    code.posonlyargcount = count(fields, layout.posonlyargcount);
    code.kwonlyargcount = count(fields, layout.kwonlyargcount);
    code.flags = count(fields, layout.flags);
    code.names = names(fields, layout.names);
    code.varnames = names(fields, layout.varnames);
    code.freevars = names(fields, layout.freevars);
    code.filename = text(fields, layout.filename);
    code.name = text(fields, layout.name) ?? "";
    code.qualname = text(fields, layout.qualname);
    code.firstlineno = count(fields, layout.firstlineno);
    return code;
  }
  /**
   * Parameter names in signature order, as `inspect.signature` lists them: `"/"` after
   * positional-only ones, `"*args"`, `"*"` before keyword-only ones when there is no `*args`,
   * `"**kwargs"`.
   */
  get parameters() {
    const vars = this.varnames;
    const positional = this.argcount;
    const keywordOnly = this.kwonlyargcount;
    const hasVarargs = (this.flags & CO_VARARGS) !== 0;
    const hasVarkw = (this.flags & CO_VARKEYWORDS) !== 0;
    const out = [];
    for (let i = 0; i < positional; i++) {
      out.push(vars[i] ?? `arg${i}`);
      if (i === this.posonlyargcount - 1) out.push("/");
    }
    let next = positional + keywordOnly;
    if (hasVarargs) out.push(`*${vars[next++] ?? "args"}`);
    else if (keywordOnly > 0) out.push("*");
    for (let i = positional; i < positional + keywordOnly; i++) out.push(vars[i] ?? `arg${i}`);
    if (hasVarkw) out.push(`**${vars[next] ?? "kwargs"}`);
    return out;
  }
  /** Names of the parameters that take defaults from `__defaults__` (the last positional ones). */
  defaultedPositional(defaultCount) {
    const positional = this.varnames.slice(0, this.argcount);
    return defaultCount > 0 ? positional.slice(Math.max(0, positional.length - defaultCount)) : [];
  }
  reduceForPickle() {
    if (this.origin === null) throw new TypeError("cannot pickle a code object built outside a decoder");
    return { callable: ["", ""], callableValue: this.origin.callable, args: this.origin.args };
  }
  /** Alone (not inside a function) a code object shows its name and where it came from. */
  toPlain() {
    const plain = createDict();
    plain["__code__"] = this.qualname ?? this.name;
    plain["filename"] = this.filename;
    plain["firstlineno"] = this.firstlineno;
    return plain;
  }
};
function isSequence(value) {
  return Array.isArray(value) || isTuple(value);
}

// ../core/src/classes/py-function.ts
function calleeName(call) {
  return call.callee === null ? call.pyClass : "";
}
function isSetattrCall(call) {
  const name = calleeName(call);
  if (name === "builtins.setattr" || name === "dill._dill._setattr") return true;
  const callee = call.callee;
  return callee instanceof PyInstance && callee.callee === null && callee.pyClass === "builtins.getattr" && callee.args[1] === "_setattr" && callee.args[0] instanceof PyGlobal && callee.args[0].pyClass.startsWith("dill.");
}
function isCloudpickleSetstate(call, which) {
  const name = calleeName(call);
  return name.startsWith("cloudpickle.") && name.endsWith(`.${which}`);
}
var EffectHolder = class {
  effects = null;
  /** The call that made the value, as pickled; set by the reconstructor. */
  origin = null;
  /** A BUILD state given to the value, as pickled. */
  builtState = void 0;
  postCalls = [];
  recordEffect(call) {
    this.postCalls.push(postCallOf(call));
  }
  /** A call made on the value whose result is the value itself (cloudpickle's `_fill_function`): written back as a discarded call. */
  addPostCall(callable, args) {
    this.postCalls.push({ callable, args });
  }
  keepEffect(call, otherArgs) {
    (this.effects ??= []).push(call.withArgs(otherArgs));
  }
  writeEffects(plain) {
    if (this.effects !== null) plain["__effects__"] = this.effects;
  }
  reduceForPickle() {
    const origin = this.origin;
    if (origin === null) throw new TypeError(`cannot pickle a ${this.pyClass} built outside a decoder`);
    return {
      callable: ["", ""],
      callableValue: origin.callable,
      args: origin.args,
      ...this.builtState !== void 0 ? { state: this.builtState } : {},
      postCalls: this.postCalls
    };
  }
};
function withOrigin(value, callable, args) {
  if (value instanceof EffectHolder || value instanceof PyCode || value instanceof PyNamedType || value instanceof PyModuleRef) {
    value.origin = { callable, args };
  }
  return value;
}
var PyCell = class extends EffectHolder {
  pyClass = "types.CellType";
  /** `undefined` while the cell is empty. */
  contents;
  constructor(contents) {
    super();
    this.contents = contents;
  }
  addEffect(call, otherArgs) {
    this.recordEffect(call);
    if (isSetattrCall(call) && otherArgs[0] === "cell_contents" && otherArgs.length === 2) this.contents = otherArgs[1];
    else this.keepEffect(call, otherArgs);
  }
  /** The contents (null when empty). */
  toPlain() {
    return this.contents ?? null;
  }
};
function isEmptyCellMarker(value) {
  return value instanceof PyGlobal && (value.name === "_CELL_EMPTY" || value.name === "_empty_cell_value");
}
var MODULE_KEYS = /* @__PURE__ */ new Set(["__package__", "__name__", "__file__", "__builtins__", "__doc__", "__loader__", "__spec__", "__cached__"]);
var PyFunction = class extends EffectHolder {
  constructor(code, globals, name, defaults, closure) {
    super();
    this.code = code;
    this.globals = globals;
    this.name = typeof name === "string" ? name : null;
    if (isSequence(defaults)) this.defaults = [...defaults];
    if (isSequence(closure)) this.closure = [...closure];
  }
  code;
  pyClass = "types.FunctionType";
  defaults = [];
  kwdefaults = /* @__PURE__ */ new Map();
  closure = [];
  /** The dict the function's globals start from (cloudpickle's base globals, dill's referenced globals). */
  globals;
  /** Globals cloudpickle adds with `_function_setstate` (`__globals__`). */
  extraGlobals = [];
  name;
  qualname = null;
  module = null;
  /** `func.__dict__` attributes. */
  attributes = [];
  /** dill's BUILD: `(dict, slotstate)` or a dict: `__dict__` entries, then attributes (`__qualname__`, ...). */
  setState(state) {
    this.builtState = state;
    this.applyState(state);
  }
  applyState(state) {
    if (isSequence(state) && state.length === 2) {
      if (isDictValue(state[0])) for (const [key, value] of dictEntries(state[0])) this.attributes.push([String(key), value]);
      if (isDictValue(state[1])) for (const [key, value] of dictEntries(state[1])) this.setAttribute(String(key), value);
      return;
    }
    if (isDictValue(state)) for (const [key, value] of dictEntries(state)) this.attributes.push([String(key), value]);
  }
  /** `setattr(func, name, value)` as CPython's function type takes it. */
  setAttribute(name, value) {
    switch (name) {
      case "__qualname__":
        if (typeof value === "string") this.qualname = value;
        return;
      case "__name__":
        if (typeof value === "string") this.name = value;
        return;
      case "__module__":
        if (typeof value === "string") this.module = value;
        return;
      case "__defaults__":
        this.defaults = isSequence(value) ? [...value] : [];
        return;
      case "__kwdefaults__":
        this.kwdefaults = new Map(isDictValue(value) ? dictEntries(value).map(([key, item]) => [String(key), item]) : []);
        return;
      case "__closure__":
        if (isSequence(value)) {
          value.forEach((cell, index) => {
            const contents = cell instanceof PyCell ? cell.contents : cell;
            const own = this.closure[index];
            if (own instanceof PyCell) own.contents = contents;
            else this.closure[index] = cell;
          });
        }
        return;
      case "__globals__":
        if (isDictValue(value)) for (const [key, item] of dictEntries(value)) this.extraGlobals.push([String(key), item]);
        return;
      case "__dict__":
        if (isDictValue(value)) for (const [key, item] of dictEntries(value)) this.attributes.push([String(key), item]);
        return;
      case "__doc__":
      case "__annotations__":
      case "_cloudpickle_submodules":
        return;
      default:
        this.attributes.push([name, value]);
    }
  }
  /** cloudpickle's `_function_setstate(func, (state, slotstate))`, dill's `setattr(func, name, value)`. */
  addEffect(call, otherArgs) {
    this.recordEffect(call);
    if (isCloudpickleSetstate(call, "_function_setstate") && otherArgs.length === 1) {
      this.applyState(otherArgs[0]);
      return;
    }
    if (isSetattrCall(call) && otherArgs.length === 2 && typeof otherArgs[0] === "string") {
      this.setAttribute(otherArgs[0], otherArgs[1]);
      return;
    }
    this.keepEffect(call, otherArgs);
  }
  /** cloudpickle < 1.5's `_fill_function(func, state)` / `_fill_function(func, globals, defaults, dict, module, closure_values)`. */
  fill(args) {
    if (args.length === 1 && isDictValue(args[0])) {
      const state = args[0];
      const read = (key) => dictGet(state, key);
      const globals2 = read("globals");
      if (isDictValue(globals2)) for (const [key, item] of dictEntries(globals2)) this.extraGlobals.push([String(key), item]);
      for (const [key, attribute] of [
        ["defaults", "__defaults__"],
        ["kwdefaults", "__kwdefaults__"],
        ["dict", "__dict__"],
        ["module", "__module__"],
        ["qualname", "__qualname__"],
        ["name", "__name__"]
      ]) {
        const value = read(key);
        if (value !== void 0 && value !== null) this.setAttribute(attribute, value);
      }
      const values = read("closure_values");
      if (isSequence(values)) this.setAttribute("__closure__", values);
      return;
    }
    const [globals, defaults, dict, module, closureValues] = args;
    if (isDictValue(globals)) for (const [key, item] of dictEntries(globals)) this.extraGlobals.push([String(key), item]);
    if (defaults !== void 0 && defaults !== null) this.setAttribute("__defaults__", defaults);
    if (dict !== void 0 && dict !== null) this.setAttribute("__dict__", dict);
    if (typeof module === "string") this.module = module;
    if (isSequence(closureValues)) this.setAttribute("__closure__", closureValues);
  }
  /** `module.qualname` as Python would name the function. */
  get fullName() {
    const code = this.code instanceof PyCode ? this.code : null;
    const qualname = this.qualname ?? code?.qualname ?? this.name ?? code?.name ?? "<function>";
    return `${this.moduleName() ?? "__main__"}.${qualname}`;
  }
  /** From `__module__`, else the globals' `__name__`, else the module whose namespace dill referenced. */
  moduleName() {
    if (this.module !== null) return this.module;
    const globals = this.globals;
    if (isDictValue(globals)) {
      const name = dictGet(globals, "__name__");
      return typeof name === "string" ? name : null;
    }
    if (globals instanceof PyGlobal) return globals.name === "__dict__" ? globals.module : globals.name === "__main__" ? "__main__" : null;
    return null;
  }
  toPlain() {
    const code = this.code instanceof PyCode ? this.code : null;
    const plain = createDict();
    plain["__function__"] = this.fullName;
    plain["parameters"] = code === null ? [] : code.parameters;
    const defaults = createDict();
    if (code !== null) {
      const names2 = code.defaultedPositional(this.defaults.length);
      const skip = this.defaults.length - names2.length;
      names2.forEach((name, index) => {
        defaults[name] = this.defaults[skip + index];
      });
    }
    for (const [name, value] of this.kwdefaults) defaults[name] = value;
    plain["defaults"] = defaults;
    const closure = createDict();
    (code?.freevars ?? []).forEach((name, index) => {
      const cell = this.closure[index];
      const value = cell instanceof PyCell ? cell.contents ?? null : cell ?? null;
      const isSelf = value === this || name === "__class__" && value instanceof PyClassDef;
      closure[name] = isSelf ? globalRef(value.fullName) : value;
    });
    plain["closure"] = closure;
    const globals = createDict();
    if (isDictValue(this.globals)) {
      for (const [key, value] of dictEntries(this.globals)) if (typeof key === "string" && !MODULE_KEYS.has(key)) globals[key] = value;
    }
    for (const [key, value] of this.extraGlobals) if (!MODULE_KEYS.has(key)) globals[key] = value;
    plain["globals"] = globals;
    plain["names"] = code === null ? [] : [...code.names];
    if (this.attributes.length > 0) {
      const attributes = createDict();
      for (const [key, value] of this.attributes) attributes[key] = value;
      plain["attributes"] = attributes;
    }
    this.writeEffects(plain);
    return plain;
  }
};
function globalRef(name) {
  const plain = createDict();
  plain["__global__"] = name;
  return plain;
}
var CLASS_BOILERPLATE = /* @__PURE__ */ new Set(["__module__", "__qualname__", "__dict__", "__weakref__", "_abc_impl"]);
var PyClassDef = class extends EffectHolder {
  constructor(name, bases, defaultModule = "__main__") {
    super();
    this.name = name;
    this.bases = bases;
    this.defaultModule = defaultModule;
  }
  name;
  bases;
  defaultModule;
  pyClass = "builtins.type";
  entries = /* @__PURE__ */ new Map();
  qualname = null;
  /**
   * Sets a class attribute. `isSetattr`: by `setattr` on the built class (not in the namespace it
   * was created with), where Python 3.13 drops `__firstlineno__` when `__module__` is set.
   */
  setAttribute(name, value, isSetattr = false) {
    if (name === "__qualname__" && typeof value === "string") this.qualname = value;
    else if (name === "__name__" && typeof value === "string") this.name = value;
    else {
      if (isSetattr && name === "__module__") this.entries.delete("__firstlineno__");
      this.entries.set(name, value);
    }
  }
  /** A BUILD state: the class dict, or `(dict, slotstate)`. */
  setState(state) {
    this.builtState = state;
    this.applyState(state);
  }
  /** The class dict (`_class_setstate`'s `state`, or a BUILD state), set attribute by attribute. */
  applyState(state) {
    const parts = isSequence(state) && state.length === 2 ? state : [state];
    for (const part of parts) if (isDictValue(part)) for (const [key, value] of dictEntries(part)) this.setAttribute(String(key), value, true);
  }
  addEffect(call, otherArgs) {
    this.recordEffect(call);
    if (isCloudpickleSetstate(call, "_class_setstate") && otherArgs.length === 1) {
      this.applyState(otherArgs[0]);
      const state = isSequence(otherArgs[0]) ? otherArgs[0][0] : void 0;
      const firstLine = isDictValue(state) ? dictGet(state, "__firstlineno__") : void 0;
      if (firstLine !== void 0) this.entries.set("__firstlineno__", firstLine);
      return;
    }
    if (isSetattrCall(call) && otherArgs.length === 2 && typeof otherArgs[0] === "string") {
      this.setAttribute(otherArgs[0], otherArgs[1], true);
      return;
    }
    this.keepEffect(call, otherArgs);
  }
  get fullName() {
    const module = this.entries.get("__module__");
    return `${typeof module === "string" ? module : this.defaultModule}.${this.qualname ?? this.name}`;
  }
  toPlain() {
    const plain = createDict();
    plain["__type__"] = this.fullName;
    plain["bases"] = this.bases;
    const methods = createDict();
    const attributes = createDict();
    for (const [key, value] of this.entries) {
      if (CLASS_BOILERPLATE.has(key) || key === "__doc__" && value === null) continue;
      if (isMethod(value)) methods[key] = value;
      else attributes[key] = value;
    }
    plain["methods"] = methods;
    plain["attributes"] = attributes;
    this.writeEffects(plain);
    return plain;
  }
};
var METHOD_WRAPPERS = /* @__PURE__ */ new Set(["builtins.staticmethod", "builtins.classmethod", "builtins.property"]);
function isMethod(value) {
  if (value instanceof PyFunction) return true;
  return value instanceof PyInstance && value.callee === null && METHOD_WRAPPERS.has(value.pyClass) && value.args.some((arg) => arg instanceof PyFunction);
}
var TYPE_NAMES = /* @__PURE__ */ new Map([
  ["code", "types.CodeType"],
  ["CodeType", "types.CodeType"],
  ["function", "types.FunctionType"],
  ["FunctionType", "types.FunctionType"],
  ["cell", "types.CellType"],
  ["CellType", "types.CellType"],
  ["ClassType", "builtins.type"],
  ["TypeType", "builtins.type"]
]);
var PyNamedType = class {
  pyClass;
  /** The lookup as pickled (`_builtin_type("CodeType")`), set by its reconstructor. */
  origin = null;
  constructor(typeName) {
    this.pyClass = TYPE_NAMES.get(typeName) ?? `builtins.${typeName}`;
  }
  reduceForPickle() {
    if (this.origin === null) throw new TypeError(`cannot pickle ${this.pyClass} looked up outside a decoder`);
    return { callable: ["", ""], callableValue: this.origin.callable, args: this.origin.args };
  }
  callWith(args, kwargs) {
    switch (this.pyClass) {
      case "types.CodeType":
        return withOrigin(PyCode.fromArgs(args), this, args);
      case "types.FunctionType":
        return withOrigin(new PyFunction(args[0] ?? null, args[1] ?? null, args[2], args[3], args[4]), this, args);
      case "types.CellType":
        return withOrigin(new PyCell(args.length > 0 && !isEmptyCellMarker(args[0]) ? args[0] : void 0), this, args);
    }
    const dot = this.pyClass.lastIndexOf(".");
    const instance = new PyInstance(this.pyClass.slice(0, dot), this.pyClass.slice(dot + 1), args);
    instance.kwargs = kwargs;
    return instance;
  }
  /** Written as the global it stands for. */
  toPlain() {
    const plain = createDict();
    plain["__global__"] = this.pyClass;
    return plain;
  }
};
var PyModuleRef = class {
  constructor(name) {
    this.name = name;
  }
  name;
  pyClass = "types.ModuleType";
  origin = null;
  toPlain() {
    const plain = createDict();
    plain["__global__"] = this.name;
    return plain;
  }
  reduceForPickle() {
    if (this.origin === null) throw new TypeError(`cannot pickle the module ${this.name} named outside a decoder`);
    return { callable: ["", ""], callableValue: this.origin.callable, args: this.origin.args };
  }
};

// ../core/src/classes/function-pickles.ts
var CLOUDPICKLE_MODULES = ["cloudpickle.cloudpickle", "cloudpickle.cloudpickle_fast"];
var namedType = {
  construct(args) {
    expectArgCount("_builtin_type", args, 1, 1);
    return new PyNamedType(readString("_builtin_type", args[0]));
  }
};
var makeFunction = {
  construct(args) {
    expectArgCount("_make_function", args, 2, 5);
    return new PyFunction(args[0], args[1], args[2], args[3], args[4]);
  }
};
var makeSkelFunc = {
  construct(args) {
    expectArgCount("_make_skel_func", args, 2, 3);
    const cells = typeof args[1] === "number" && args[1] >= 0 && args[1] <= 65535 ? args[1] : 0;
    return new PyFunction(args[0], args[2] ?? null, void 0, void 0, Array.from({ length: cells }, () => new PyCell()));
  }
};
function fillFunction(module) {
  return {
    construct(args) {
      const func = args[0];
      if (!(func instanceof PyFunction)) throw new TypeError(`_fill_function: expected a function, got ${describeValue(func)}`);
      func.fill(args.slice(1));
      func.addPostCall(new PyGlobal(module, "_fill_function"), args);
      return func;
    }
  };
}
var importModule = {
  construct(args) {
    expectArgCount("subimport", args, 1, 2);
    return new PyModuleRef(readString("subimport", args[0]));
  }
};
function called(module, name, reconstructor) {
  return [
    `${module}.${name}`,
    { construct: (args, kwargs, context) => withOrigin(reconstructor.construct(args, kwargs, context), new PyGlobal(module, name), args) }
  ];
}
var createFunction = {
  construct(args) {
    expectArgCount("_create_function", args, 2, 7);
    const func = new PyFunction(args[0], args[1], args[2], args[3], args[4]);
    if (isDictValue(args[5])) func.setAttribute("__dict__", args[5]);
    if (isDictValue(args[6])) func.setAttribute("__kwdefaults__", args[6]);
    return func;
  }
};
var createCode = {
  construct: (args) => PyCode.fromArgs(args)
};
var makeCell = {
  construct(args) {
    expectArgCount("cell", args, 0, 1);
    return new PyCell(args.length === 0 || isEmptyCellMarker(args[0]) ? void 0 : args[0]);
  }
};
var makeSkeletonClass = {
  construct(args) {
    expectArgCount("_make_skeleton_class", args, 3, 6);
    const bases = args[2];
    const cls = new PyClassDef(readString("_make_skeleton_class", args[1]), isSequence(bases) ? [...bases] : [], "types");
    if (isDictValue(args[3])) for (const [key, value] of dictEntries(args[3])) cls.setAttribute(String(key), value);
    return cls;
  }
};
var createType = {
  construct(args) {
    expectArgCount("_create_type", args, 3, 4);
    const bases = args[2];
    const cls = new PyClassDef(readString("_create_type", args[1]), isSequence(bases) ? [...bases] : [], "dill._dill");
    if (isDictValue(args[3])) for (const [key, value] of dictEntries(args[3])) cls.setAttribute(String(key), value);
    return cls;
  }
};
var codeType = { construct: (args) => PyCode.fromArgs(args) };
var functionClasses = new Map([
  ...CLOUDPICKLE_MODULES.flatMap((module) => [
    called(module, "_builtin_type", namedType),
    called(module, "_make_function", makeFunction),
    called(module, "_make_skel_func", makeSkelFunc),
    [`${module}._fill_function`, fillFunction(module)],
    called(module, "_make_cell", makeCell),
    called(module, "_make_empty_cell", makeCell),
    called(module, "_make_skeleton_class", makeSkeletonClass),
    called(module, "subimport", importModule)
  ]),
  called("dill._dill", "_import_module", importModule),
  called("dill._dill", "_load_type", namedType),
  called("dill._dill", "_create_function", createFunction),
  called("dill._dill", "_create_code", createCode),
  called("dill._dill", "_create_cell", makeCell),
  called("dill._dill", "_create_type", createType),
  called("types", "CodeType", codeType),
  called("types", "FunctionType", makeFunction)
]);

// ../core/src/classes/py-repr.ts
function pyStrRepr(text2) {
  const quote = text2.includes("'") && !text2.includes('"') ? '"' : "'";
  let body = "";
  for (const char of text2) {
    const code = char.codePointAt(0);
    if (char === "\\" || char === quote) body += `\\${char}`;
    else if (char === "\n") body += "\\n";
    else if (char === "\r") body += "\\r";
    else if (char === "	") body += "\\t";
    else if (code < 32 || code === 127) body += `\\x${code.toString(16).padStart(2, "0")}`;
    else body += char;
  }
  return `${quote}${body}${quote}`;
}
function pyShapeRepr(shape) {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

// ../core/src/classes/numpy-dtype.ts
var KINDS = /* @__PURE__ */ new Set(["b", "i", "u", "f", "c", "U", "S", "V", "O", "M", "m"]);
var DEFAULT_FLAGS = { O: 63, U: 8 };
var NPY_ALIGNED_STRUCT = 128;
var HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
var NumpyDtype = class _NumpyDtype {
  pyClass = "numpy.dtype";
  kind;
  /** Bytes per element (for `U`, 4 per character). */
  itemsize;
  byteOrder;
  /** Field names in order, for structured dtypes. */
  names = null;
  fields = null;
  subarray = null;
  /** datetime64/timedelta64 unit (`"ns"`, `"D"`, `"generic"`) and its multiplier (`M8[10s]`). */
  unit = null;
  unitCount = 1;
  /** Alignment from the state, -1 when numpy derives it. */
  alignment = -1;
  flags = 0;
  /** The scalar type is `numpy.record` (a record dtype: `np.rec.array`, `df.to_records()`), not `numpy.void`. */
  isRecord = false;
  /** `dtype(numpy.record)`: a void dtype whose scalar type is `numpy.record`; BUILD gives its fields. */
  static record() {
    const dtype = new _NumpyDtype("V");
    dtype.isRecord = true;
    return dtype;
  }
  /** `typestr` as numpy's `__reduce__` writes it: kind letter and size (`"f8"`, `"U5"`, `"b1"`, `"O8"`, `"M8"`). */
  constructor(typestr) {
    const match = /^[<>|=]?([a-zA-Z?])(\d*)/.exec(typestr);
    const letter = match?.[1] === "?" ? "b" : match?.[1] === "a" ? "S" : match?.[1];
    if (match === null || letter === void 0 || !KINDS.has(letter)) {
      throw new TypeError(`numpy.dtype: unsupported type string ${JSON.stringify(typestr)}`);
    }
    this.kind = letter;
    const size2 = match[2] === "" ? 0 : Number(match[2]);
    this.itemsize = this.kind === "U" ? size2 * 4 : this.kind === "O" ? 8 : size2;
    if (this.kind === "M" || this.kind === "m") {
      this.itemsize = 8;
      this.unit = "generic";
    }
    if (this.kind === "b") this.itemsize = 1;
    this.byteOrder = this.itemsize <= 1 || "USVO".includes(this.kind) ? "|" : HOST_IS_LITTLE_ENDIAN ? "<" : ">";
    if (this.kind === "U") this.byteOrder = HOST_IS_LITTLE_ENDIAN ? "<" : ">";
  }
  setState(state) {
    if (!Array.isArray(state)) throw new TypeError(`numpy.dtype: state must be a tuple, got ${describeValue(state)}`);
    let endian;
    let subarray;
    let names2 = null;
    let fields;
    let elsize;
    let alignment;
    let flags = 0;
    let metadata = null;
    if (state.length === 9) [, endian, subarray, names2, fields, elsize, alignment, flags, metadata] = state;
    else if (state.length === 8) [, endian, subarray, names2, fields, elsize, alignment, flags] = state;
    else if (state.length === 7) [, endian, subarray, names2, fields, elsize, alignment] = state;
    else if (state.length === 6) [, endian, subarray, fields, elsize, alignment] = state;
    else if (state.length === 5) [endian, subarray, fields, elsize, alignment] = state;
    else throw new TypeError(`numpy.dtype: state tuple of ${state.length} items is not a known layout`);
    const order = readText("numpy.dtype", endian);
    if (order === "=") this.byteOrder = HOST_IS_LITTLE_ENDIAN ? "<" : ">";
    else if (order === "<" || order === ">" || order === "|") this.byteOrder = order;
    else throw new TypeError(`numpy.dtype: bad byte order ${JSON.stringify(order)}`);
    const size2 = readSafeInt("numpy.dtype", elsize);
    if (size2 >= 0 && ("USV".includes(this.kind) || fields !== null)) this.itemsize = size2;
    if (this.kind === "U" && this.itemsize % 4 !== 0) throw new TypeError(`numpy.dtype: str size ${this.itemsize} is not a multiple of 4`);
    this.alignment = readSafeInt("numpy.dtype", alignment);
    this.flags = readSafeInt("numpy.dtype", flags);
    if (subarray !== null && subarray !== void 0) {
      this.subarray = readSubarray(subarray);
      const { base, shape } = this.subarray;
      if (shape.reduce((total, dim) => total * dim, base.itemsize) !== this.itemsize) {
        throw new TypeError(`numpy.dtype: sub-array ${pyShapeRepr(shape)} of ${base} does not fill ${this.itemsize} bytes`);
      }
    }
    if (fields !== null && fields !== void 0) this.readFields(names2, fields);
    if (this.kind === "M" || this.kind === "m") this.readDatetimeMetadata(metadata);
  }
  readFields(names2, fields) {
    if (!isDictValue(fields)) throw new TypeError(`numpy.dtype: fields must be a dict, got ${describeValue(fields)}`);
    const nameList = names2 ?? (fields instanceof Map ? fields.get(-1) : dictGet(fields, "-1"));
    if (!Array.isArray(nameList)) throw new TypeError("numpy.dtype: structured dtype without names");
    this.names = nameList.map((name) => readString("numpy.dtype", name));
    const byName2 = new Map(dictEntries(fields));
    this.fields = /* @__PURE__ */ new Map();
    for (const name of this.names) {
      const entry = byName2.get(name);
      if (!Array.isArray(entry) || entry.length < 2 || !(entry[0] instanceof _NumpyDtype)) {
        throw new TypeError(`numpy.dtype: field ${JSON.stringify(name)} must be (dtype, offset[, title])`);
      }
      const offset = readSafeInt("numpy.dtype", entry[1]);
      if (offset < 0 || offset + entry[0].itemsize > this.itemsize) {
        throw new TypeError(`numpy.dtype: field ${JSON.stringify(name)} does not fit in ${this.itemsize} bytes`);
      }
      this.fields.set(name, { dtype: entry[0], offset, title: entry[2] ?? null });
    }
  }
  /** Version 4 states end with `(metadata, (unit, count, 1, 1))` (older numpy: the unit tuple itself). */
  readDatetimeMetadata(metadata) {
    const unitTuple = Array.isArray(metadata) && metadata.length === 2 && Array.isArray(metadata[1]) ? metadata[1] : metadata;
    if (!Array.isArray(unitTuple) || unitTuple.length < 2) return;
    const unit = unitTuple[0];
    this.unit = readText("numpy.dtype", unit);
    this.unitCount = readSafeInt("numpy.dtype", unitTuple[1]);
  }
  /** True when values are stored big-endian (only matters for multi-byte elements). */
  get isBigEndian() {
    return this.byteOrder === ">";
  }
  /** numpy's notion of native byte order, from the reading machine's point of view. */
  get isNative() {
    return this.byteOrder === "|" || this.byteOrder === "<" === HOST_IS_LITTLE_ENDIAN;
  }
  get unitSuffix() {
    if (this.unit === null || this.unit === "generic") return "";
    return `[${this.unitCount === 1 ? "" : this.unitCount}${this.unit}]`;
  }
  /** `dtype.name`: `"float64"`, `"bool"`, `"str160"`, `"datetime64[ns]"`. */
  get name() {
    const bits2 = this.itemsize * 8;
    switch (this.kind) {
      case "b":
        return "bool";
      case "i":
        return `int${bits2}`;
      case "u":
        return `uint${bits2}`;
      case "f":
        return `float${bits2}`;
      case "c":
        return `complex${bits2}`;
      case "U":
        return `str${bits2}`;
      case "S":
        return `bytes${bits2}`;
      case "V":
        return `void${bits2}`;
      case "O":
        return "object";
      case "M":
        return `datetime64${this.unitSuffix}`;
      default:
        return `timedelta64${this.unitSuffix}`;
    }
  }
  /** `dtype.str`: byte order, kind and size (`"<f8"`, `"|S3"`, `"<U5"`, `"<M8[ns]"`, `"|O"`). */
  get str() {
    if (this.kind === "O") return "|O";
    if (this.kind === "M" || this.kind === "m") return `${this.byteOrder}${this.kind}8${this.unitSuffix}`;
    const count2 = this.kind === "U" ? this.itemsize / 4 : this.itemsize;
    return `${this.byteOrder}${this.kind}${count2}`;
  }
  /** Python's `str(dtype)`. */
  toString() {
    if (this.fields !== null) return this.structString(true);
    if (this.subarray !== null) return this.subarrayString();
    if ("USV".includes(this.kind) || !this.isNative) return this.str;
    return this.name;
  }
  toPlain() {
    return this.toString();
  }
  /**
   * `dtype(typestr, False, True)` then BUILD with the state tuple, as numpy 2's `dtype.__reduce__`
   * writes it: version 3, or 4 with the `(None, (unit, count, 1, 1))` metadata of datetime kinds.
   */
  reduceForPickle() {
    const isDatetime = this.kind === "M" || this.kind === "m";
    const isFlexible = "USV".includes(this.kind) || this.fields !== null;
    const subarray = this.subarray === null ? null : markTuple([this.subarray.base, markTuple([...this.subarray.shape])]);
    const state = [
      isDatetime ? 4 : 3,
      this.byteOrder,
      subarray,
      this.names === null ? null : markTuple([...this.names]),
      this.fields === null ? null : this.fieldsDict(),
      isFlexible ? this.itemsize : -1,
      isFlexible ? this.alignment > 0 ? this.alignment : this.effectiveAlignment : -1,
      this.flags !== 0 ? this.flags : DEFAULT_FLAGS[this.kind] ?? 0
    ];
    if (isDatetime) {
      const unit = Uint8Array.from(this.unit ?? "generic", (char) => char.charCodeAt(0));
      state.push(markTuple([null, markTuple([unit, this.unitCount, 1, 1])]));
    }
    const type = this.isRecord ? new PyGlobal("numpy", "record") : this.typestr;
    return { callable: ["numpy", "dtype"], args: [type, false, true], state: markTuple(state) };
  }
  /** The type string `__reduce__` passes to `dtype()`: kind letter and size, no byte order (`"f8"`, `"U3"`, `"V12"`). */
  get typestr() {
    switch (this.kind) {
      case "b":
        return "b1";
      case "O":
        return "O8";
      case "M":
      case "m":
        return `${this.kind}8`;
      case "U":
        return `U${this.itemsize / 4}`;
      default:
        return `${this.kind}${this.itemsize}`;
    }
  }
  /** `{name: (dtype, offset[, title])}`; numpy also lists each str title as a key of its own. */
  fieldsDict() {
    const dict = createDict();
    for (const [name, field] of this.fieldList()) {
      const entry = markTuple(field.title === null ? [field.dtype, field.offset] : [field.dtype, field.offset, field.title]);
      dict[name] = entry;
      if (typeof field.title === "string") dict[field.title] = entry;
    }
    return dict;
  }
  /** numpy's `_construction_repr`: how a dtype appears inside a struct or sub-array string. */
  constructionRepr(short) {
    if (this.fields !== null) return this.structString(false);
    if (this.subarray !== null) return this.subarrayString();
    return this.scalarRepr(short);
  }
  scalarRepr(short) {
    const order = this.byteOrder === "|" ? "" : this.byteOrder;
    switch (this.kind) {
      case "b":
        return short ? "'?'" : "'bool'";
      case "O":
        return short ? "'O'" : "'object'";
      case "S":
        return `'S${this.itemsize}'`;
      case "U":
        return `'${order}U${this.itemsize / 4}'`;
      case "V":
        return `'V${this.itemsize}'`;
      case "M":
      case "m":
        return `'${order}${this.kind}8${this.unitSuffix}'`;
      default:
        return short || !this.isNative ? `'${order}${this.kind}${this.itemsize}'` : `'${this.name}'`;
    }
  }
  subarrayString() {
    const { base, shape } = this.subarray;
    return `(${base.constructionRepr(true)}, ${pyShapeRepr(shape)})`;
  }
  fieldList() {
    return this.names.map((name) => [name, this.fields.get(name)]);
  }
  get isAlignedStruct() {
    return (this.flags & NPY_ALIGNED_STRUCT) !== 0;
  }
  /** The alignment numpy would give this dtype (for the packed-layout test of aligned structs). */
  get effectiveAlignment() {
    if (this.alignment > 0) return this.alignment;
    if (this.subarray !== null) return this.subarray.base.effectiveAlignment;
    if (this.fields !== null) return 1;
    if (this.kind === "c") return this.itemsize / 2;
    if (this.kind === "U") return 4;
    if ("SVb".includes(this.kind)) return 1;
    return Math.max(1, this.itemsize);
  }
  /** numpy's `_is_packed`: fields back to back (with natural padding when aligned), nothing after. */
  isPacked() {
    const aligned = this.isAlignedStruct;
    let maxAlignment = 1;
    let total = 0;
    for (const [, field] of this.fieldList()) {
      if (aligned) {
        const alignment = field.dtype.effectiveAlignment;
        total = Math.ceil(total / alignment) * alignment;
        maxAlignment = Math.max(maxAlignment, alignment);
      }
      if (field.offset !== total) return false;
      total += field.dtype.itemsize;
    }
    if (aligned) total = Math.ceil(total / maxAlignment) * maxAlignment;
    return total === this.itemsize;
  }
  /** numpy's `_struct_str`: a record dtype shows its scalar type first, `(numpy.record, [...])`. */
  structString(includeAlign) {
    const text2 = this.structBody(includeAlign);
    return this.isRecord ? `(numpy.record, ${text2})` : text2;
  }
  structBody(includeAlign) {
    const fields = this.fieldList();
    if (!(includeAlign && this.isAlignedStruct) && this.isPacked()) {
      const items = fields.map(([name, field]) => {
        const label = field.title === null ? pyStrRepr(name) : `(${titleRepr(field.title)}, ${pyStrRepr(name)})`;
        const sub = field.dtype.subarray;
        const format = sub === null ? field.dtype.constructionRepr(true) : `${sub.base.constructionRepr(true)}, ${pyShapeRepr(sub.shape)}`;
        return `(${label}, ${format})`;
      });
      return `[${items.join(", ")}]`;
    }
    let text2 = `{'names': [${fields.map(([name]) => pyStrRepr(name)).join(", ")}]`;
    text2 += `, 'formats': [${fields.map(([, field]) => field.dtype.constructionRepr(true)).join(", ")}]`;
    text2 += `, 'offsets': [${fields.map(([, field]) => field.offset).join(", ")}]`;
    if (fields.some(([, field]) => field.title !== null)) {
      text2 += `, 'titles': [${fields.map(([, field]) => field.title === null ? "None" : titleRepr(field.title)).join(", ")}]`;
    }
    text2 += `, 'itemsize': ${this.itemsize}`;
    return `${text2}${includeAlign && this.isAlignedStruct ? ", 'aligned': True" : ""}}`;
  }
};
function titleRepr(title) {
  return typeof title === "string" ? pyStrRepr(title) : String(title);
}
function readSubarray(value) {
  if (!Array.isArray(value) || value.length !== 2 || !(value[0] instanceof NumpyDtype) || !Array.isArray(value[1])) {
    throw new TypeError("numpy.dtype: sub-array must be (dtype, shape)");
  }
  return { base: value[0], shape: readShape("numpy.dtype", value[1]) };
}
function readShape(qualname, value) {
  const dims = Array.isArray(value) ? value : [value];
  return dims.map((dim) => {
    const size2 = readSafeInt(qualname, dim);
    if (size2 < 0) throw new TypeError(`${qualname}: negative dimension ${size2}`);
    return size2;
  });
}

// ../core/src/classes/ndarray-data.ts
var kind2 = (width, create) => ({ width, create });
var BYTES = kind2(1, (b, o, n) => new Uint8Array(b, o, n));
function typedArrayKind(dtype) {
  if (dtype.fields !== null || dtype.subarray !== null) return BYTES;
  const size2 = dtype.itemsize;
  switch (`${dtype.kind}${size2}`) {
    case "i1":
      return kind2(1, (b, o, n) => new Int8Array(b, o, n));
    case "i2":
      return kind2(2, (b, o, n) => new Int16Array(b, o, n));
    case "u2":
    case "f2":
      return kind2(2, (b, o, n) => new Uint16Array(b, o, n));
    case "i4":
      return kind2(4, (b, o, n) => new Int32Array(b, o, n));
    case "u4":
      return kind2(4, (b, o, n) => new Uint32Array(b, o, n));
    case "i8":
    case "M8":
    case "m8":
      return kind2(8, (b, o, n) => new BigInt64Array(b, o, n));
    case "u8":
      return kind2(8, (b, o, n) => new BigUint64Array(b, o, n));
    case "f4":
    case "c8":
      return kind2(4, (b, o, n) => new Float32Array(b, o, n));
    case "f8":
    case "c16":
      return kind2(8, (b, o, n) => new Float64Array(b, o, n));
  }
  if (dtype.kind === "U") return kind2(4, (b, o, n) => new Uint32Array(b, o, n));
  return BYTES;
}
function swapBytes(bytes, width) {
  for (let start = 0; start + width <= bytes.length; start += width) {
    for (let i = start, j = start + width - 1; i < j; i++, j--) {
      const byte = bytes[i];
      bytes[i] = bytes[j];
      bytes[j] = byte;
    }
  }
}
function typedView(dtype, bytes) {
  const { width, create } = typedArrayKind(dtype);
  const isSwapped = width > 1 && dtype.byteOrder !== "|" && dtype.isBigEndian === HOST_IS_LITTLE_ENDIAN;
  let source = bytes;
  if (isSwapped || bytes.byteOffset % width !== 0) {
    source = new Uint8Array(bytes.length);
    source.set(bytes);
    if (isSwapped) swapBytes(source, width);
  }
  return create(source.buffer, source.byteOffset, source.length / width);
}

// ../core/src/classes/numpy-datetime.ts
var NAT = -(2n ** 63n);
var MICROS_PER_DAY2 = 86400000000n;
var MICROS_PER_UNIT = {
  W: 7n * MICROS_PER_DAY2,
  D: MICROS_PER_DAY2,
  h: 3600000000n,
  m: 60000000n,
  s: 1000000n,
  ms: 1000n,
  us: 1n,
  \u03BCs: 1n
};
var toInt = (value) => value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
function civilFromDays(days) {
  const z = days + 719468n;
  const era = (z >= 0n ? z : z - 146096n) / 146097n;
  const doe = z - era * 146097n;
  const yoe = (doe - doe / 1460n + doe / 36524n - doe / 146096n) / 365n;
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
  const mp = (5n * doy + 2n) / 153n;
  const day = Number(doy - (153n * mp + 2n) / 5n + 1n);
  const month = Number(mp < 10n ? mp + 3n : mp - 9n);
  return [yoe + era * 400n + (month <= 2 ? 1n : 0n), month, day];
}
var floorDiv = (a, b) => a >= 0n ? a / b : -((-a + b - 1n) / b);
function inPythonRange(year) {
  return year >= 1n && year <= 9999n;
}
function datetimeElement(dtype, raw) {
  if (raw === NAT) return null;
  const unit = dtype.unit ?? "generic";
  const value = raw * BigInt(dtype.unitCount);
  if (unit === "Y" || unit === "M") {
    const months = unit === "Y" ? value * 12n : value;
    const year2 = 1970n + floorDiv(months, 12n);
    if (!inPythonRange(year2)) return toInt(raw);
    return new PyDate({ year: Number(year2), month: Number(months - floorDiv(months, 12n) * 12n) + 1, day: 1 });
  }
  const perUnit = MICROS_PER_UNIT[unit];
  if (perUnit === void 0) return toInt(raw);
  const micros = value * perUnit;
  const days = floorDiv(micros, MICROS_PER_DAY2);
  const [year, month, day] = civilFromDays(days);
  if (!inPythonRange(year)) return toInt(raw);
  const date = { year: Number(year), month, day };
  if (unit === "W" || unit === "D") return new PyDate(date);
  const inDay = micros - days * MICROS_PER_DAY2;
  const seconds = Number(inDay / 1000000n);
  const time = {
    hour: Math.floor(seconds / 3600),
    minute: Math.floor(seconds / 60) % 60,
    second: seconds % 60,
    microsecond: Number(inDay % 1000000n),
    fold: 0
  };
  return new PyDateTime(date, time);
}
function timedeltaElement(dtype, raw) {
  if (raw === NAT) return null;
  const perUnit = MICROS_PER_UNIT[dtype.unit ?? "generic"];
  if (perUnit === void 0) return toInt(raw);
  try {
    return new PyTimedelta(0n, 0n, raw * BigInt(dtype.unitCount) * perUnit);
  } catch {
    return toInt(raw);
  }
}

// ../core/src/classes/numpy-elements.ts
var MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
var MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
var toInt2 = (value) => value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value;
function decodeFloat16(bits2) {
  const sign = bits2 & 32768 ? -1 : 1;
  const exponent = bits2 >> 10 & 31;
  const fraction = bits2 & 1023;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction === 0 ? sign * Infinity : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
function decodeLongDouble(view, offset) {
  const mantissa = view.getBigUint64(offset, true);
  const signExponent = view.getUint16(offset + 8, true);
  const sign = signExponent & 32768 ? -1 : 1;
  const exponent = signExponent & 32767;
  if (exponent === 32767) return (mantissa & 0x7fffffffffffffffn) === 0n ? sign * Infinity : Number.NaN;
  let value = Number(mantissa);
  let power = (exponent === 0 ? 1 : exponent) - 16383 - 63;
  while (power > 1e3) [value, power] = [value * 2 ** 1e3, power - 1e3];
  while (power < -1e3) [value, power] = [value * 2 ** -1e3, power + 1e3];
  return sign * value * 2 ** power;
}
function floatReader(size2, little) {
  switch (size2) {
    case 2:
      return (view, offset) => decodeFloat16(view.getUint16(offset, little));
    case 4:
      return (view, offset) => view.getFloat32(offset, little);
    case 8:
      return (view, offset) => view.getFloat64(offset, little);
    case 10:
    case 12:
    case 16:
      if (little) return decodeLongDouble;
      break;
  }
  throw new TypeError(`numpy: float of ${size2} bytes (${little ? "little" : "big"}-endian) is not supported`);
}
function intReader(kind3, size2, little) {
  const signed = kind3 === "i";
  switch (size2) {
    case 1:
      return signed ? (view, offset) => view.getInt8(offset) : (view, offset) => view.getUint8(offset);
    case 2:
      return signed ? (view, offset) => view.getInt16(offset, little) : (view, offset) => view.getUint16(offset, little);
    case 4:
      return signed ? (view, offset) => view.getInt32(offset, little) : (view, offset) => view.getUint32(offset, little);
    case 8:
      return signed ? (view, offset) => toInt2(view.getBigInt64(offset, little)) : (view, offset) => toInt2(view.getBigUint64(offset, little));
  }
  throw new TypeError(`numpy: ${signed ? "int" : "uint"} of ${size2} bytes is not supported`);
}
function bytesReader(size2, stripNuls) {
  return (view, offset) => {
    let end = size2;
    if (stripNuls) while (end > 0 && view.getUint8(offset + end - 1) === 0) end--;
    return new Uint8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + end));
  };
}
function unicodeReader(size2, little) {
  const count2 = size2 / 4;
  return (view, offset) => {
    let end = count2;
    while (end > 0 && view.getUint32(offset + (end - 1) * 4, little) === 0) end--;
    let text2 = "";
    for (let i = 0; i < end; i++) {
      const code = view.getUint32(offset + i * 4, little);
      if (code > 1114111) throw new TypeError(`numpy: code point 0x${code.toString(16)} is out of range`);
      text2 += String.fromCodePoint(code);
    }
    return text2;
  };
}
function subarrayReader(base, shape, wrapFloats, recordsAsObjects) {
  const read = elementReader(base, wrapFloats, recordsAsObjects);
  const size2 = base.itemsize;
  const strides = shape.map((_, dim) => shape.slice(dim + 1).reduce((product2, n) => product2 * n, size2));
  const build = (view, offset, dim) => {
    if (dim === shape.length) return read(view, offset);
    const items = new Array(shape[dim]);
    for (let i = 0; i < items.length; i++) items[i] = build(view, offset + i * strides[dim], dim + 1);
    return items;
  };
  return (view, offset) => build(view, offset, 0);
}
function elementReader(dtype, wrapFloats, recordsAsObjects = false) {
  if (dtype.subarray !== null) return subarrayReader(dtype.subarray.base, dtype.subarray.shape, wrapFloats, recordsAsObjects);
  if (dtype.fields !== null) {
    const fieldReaders = [...dtype.fields.entries()].map(([name, field]) => ({
      name,
      offset: field.offset,
      read: elementReader(field.dtype, wrapFloats, recordsAsObjects)
    }));
    if (!recordsAsObjects) return (view, offset) => markTuple(fieldReaders.map((field) => field.read(view, offset + field.offset)));
    if (fieldReaders.some((field) => /^(0|[1-9]\d*)$/.test(field.name))) {
      return (view, offset) => new Map(fieldReaders.map((field) => [field.name, field.read(view, offset + field.offset)]));
    }
    return (view, offset) => {
      const record = createDict();
      for (const field of fieldReaders) record[field.name] = field.read(view, offset + field.offset);
      return record;
    };
  }
  const little = !dtype.isBigEndian;
  switch (dtype.kind) {
    case "b":
      return (view, offset) => view.getUint8(offset) !== 0;
    case "i":
    case "u":
      return intReader(dtype.kind, dtype.itemsize, little);
    case "f": {
      const read = floatReader(dtype.itemsize, little);
      return wrapFloats ? (view, offset) => plainFloat(read(view, offset)) : read;
    }
    case "c": {
      const half = dtype.itemsize / 2;
      const read = floatReader(half, little);
      return (view, offset) => new PyComplex(read(view, offset), read(view, offset + half));
    }
    case "U":
      return unicodeReader(dtype.itemsize, little);
    case "S":
      return bytesReader(dtype.itemsize, true);
    case "V":
      return bytesReader(dtype.itemsize, false);
    case "M":
      return (view, offset) => datetimeElement(dtype, view.getBigInt64(offset, little));
    case "m":
      return (view, offset) => timedeltaElement(dtype, view.getBigInt64(offset, little));
    case "O":
      throw new TypeError("numpy: object elements are not stored as bytes");
  }
}

// ../core/src/classes/ndarray.ts
var product = (shape) => shape.reduce((total, dim) => total * dim, 1);
var NdArray = class _NdArray {
  constructor(pyClass = "numpy.ndarray", context = null) {
    this.pyClass = pyClass;
    this.context = context;
  }
  pyClass;
  context;
  dtype = new NumpyDtype("i1");
  shape = [0];
  order = "C";
  /** The element bytes as pickled (byte order of the dtype, memory order `order`); null for object arrays. */
  bytes = new Uint8Array(0);
  data = new Int8Array(0);
  /**
   * True when BUILD filled the array with a non-native byte order: numpy's `__setstate__` swaps
   * such data to native order on load, so the Python object is native and is written back so.
   */
  isNativeInPython = false;
  /** An array over `buffer` (numpy's `frombuffer(...).reshape(shape, order=order)`). */
  static fromBuffer(dtype, shape, order, buffer, pyClass) {
    const array = new _NdArray(pyClass);
    array.fill(dtype, shape, order, buffer);
    return array;
  }
  /** Number of elements. */
  get size() {
    return product(this.shape);
  }
  get ndim() {
    return this.shape.length;
  }
  /** BUILD: `(version, shape, dtype, is_fortran, data)`, or the versionless 4-tuple of old numpy. */
  setState(state) {
    const qualname = "numpy.ndarray";
    if (!Array.isArray(state) || state.length !== 5 && state.length !== 4) {
      throw new TypeError(`${qualname}: state must be (version, shape, dtype, is_fortran, data), got ${describeValue(state)}`);
    }
    const [shape, dtype, isFortran, data] = state.length === 5 ? state.slice(1) : state;
    if (!(dtype instanceof NumpyDtype)) throw new TypeError(`${qualname}: state has no dtype (got ${describeValue(dtype)})`);
    const order = isFortran === true || isFortran === 1 ? "F" : "C";
    if (dtype.kind === "O") {
      if (!Array.isArray(data)) throw new TypeError(`${qualname}: object array data must be a list, got ${describeValue(data)}`);
      this.fillObjects(dtype, readShape(qualname, shape), order, data);
      return;
    }
    const buffer = readBytes(qualname, data, this.context ?? STANDALONE_CONTEXT);
    this.context = null;
    this.fill(dtype, readShape(qualname, shape), order, buffer);
    this.isNativeInPython = !dtype.isNative;
  }
  fill(dtype, shape, order, buffer) {
    const expected = product(shape) * dtype.itemsize;
    if (buffer.length !== expected) {
      throw new TypeError(`numpy.ndarray: ${buffer.length} bytes of data do not fill shape (${shape.join(", ")}) of ${dtype}`);
    }
    checkListCount(shape, dtype.itemsize);
    elementReader(dtype, false);
    this.dtype = dtype;
    this.shape = shape;
    this.order = order;
    this.bytes = buffer;
    this.data = typedView(dtype, buffer);
    if (holdsText(dtype)) this.toList();
  }
  /** Object arrays pickle a list of their elements in C (logical) order, whatever `is_fortran` says. */
  fillObjects(dtype, shape, order, items) {
    if (items.length !== product(shape)) {
      throw new TypeError(`numpy.ndarray: ${items.length} objects do not fill shape (${shape.join(", ")})`);
    }
    this.dtype = dtype;
    this.shape = shape;
    this.order = order;
    this.bytes = null;
    this.data = items;
  }
  /**
   * Nested lists in C index order, as `ndarray.tolist()`: Python ints (number, or bigint beyond
   * 2**53), floats (float16 decoded), bools, PyComplex, decoded str, stripped bytes, tuples for
   * structured records, datetime values or ints for datetime64. A 0-d array gives its element.
   */
  toList(options = {}) {
    const shape = this.shape;
    if (Array.isArray(this.data)) {
      const items = this.data;
      return nest(shape, cStrides(shape), (index) => items[index]);
    }
    const read = elementReader(this.dtype, options.wrapFloats ?? false, options.recordsAsObjects ?? false);
    const bytes = this.bytes;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const itemsize = this.dtype.itemsize;
    const strides = this.order === "F" ? fStrides(shape) : cStrides(shape);
    return nest(shape, strides, (index) => read(view, index * itemsize));
  }
  /**
   * One field of a structured array as its own array, `array[name]` in numpy: the field's dtype
   * over a C-order copy of its bytes, so a numeric field is a typed array (`nodes.field("threshold")
   * .data` is a Float64Array). A sub-array field adds its dimensions to the shape, as numpy does.
   */
  field(name) {
    const field = this.dtype.fields?.get(name);
    if (field === void 0 || this.bytes === null) {
      throw new TypeError(`numpy.ndarray: no field ${JSON.stringify(name)} in ${this.dtype.str}`);
    }
    const size2 = field.dtype.itemsize;
    const itemsize = this.dtype.itemsize;
    const count2 = this.size;
    const source = this.bytes;
    const out = new Uint8Array(count2 * size2);
    const shape = this.shape;
    const strides = this.order === "F" ? fStrides(shape) : cStrides(shape);
    const logical = cStrides(shape);
    for (let index = 0; index < count2; index++) {
      let at = 0;
      let rest = index;
      for (let dim = 0; dim < shape.length; dim++) {
        const position = Math.floor(rest / logical[dim]);
        rest -= position * logical[dim];
        at += position * strides[dim];
      }
      const start = at * itemsize + field.offset;
      out.set(source.subarray(start, start + size2), index * size2);
    }
    const sub = field.dtype.subarray;
    return sub === null ? _NdArray.fromBuffer(field.dtype, [...shape], "C", out) : _NdArray.fromBuffer(sub.base, [...shape, ...sub.shape], "C", out);
  }
  /**
   * As numpy 2 writes an array: protocol 5 and a plain `ndarray` with data bytes give
   * `_frombuffer(buffer, dtype, shape, order)` (the buffer a bytearray, in-band or out-of-band);
   * otherwise `_reconstruct(cls, (0,), b"b")` then BUILD `(1, shape, dtype, is_fortran, data)`.
   * The byte order written is the one the Python object has (see `isNativeInPython`).
   */
  reduceForPickle(protocol) {
    const shape = markTuple([...this.shape]);
    const bytes = this.bytes;
    const keepsByteOrder = !this.dtype.isNative && !this.isNativeInPython;
    if ((protocol >= 5 || keepsByteOrder) && bytes !== null && this.pyClass === "numpy.ndarray") {
      if (this.isNativeInPython) {
        const native = nativeOrder(this.dtype, bytes);
        return { callable: ["numpy._core.numeric", "_frombuffer"], args: [native.buffer, native.dtype, shape, this.order] };
      }
      const buffer = new PyByteArray(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return { callable: ["numpy._core.numeric", "_frombuffer"], args: [buffer, this.dtype, shape, this.order] };
    }
    const dot = this.pyClass.lastIndexOf(".");
    const cls = new PyGlobal(this.pyClass.slice(0, dot), this.pyClass.slice(dot + 1));
    const data = bytes === null ? this.data : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return {
      callable: ["numpy._core.multiarray", "_reconstruct"],
      args: [cls, markTuple([0]), RECONSTRUCT_PLACEHOLDER],
      state: markTuple([1, shape, this.dtype, this.order === "F", data])
    };
  }
  /** `tolist()` with integral floats kept as floats and structured elements keyed by field name, per the JSON mapping. */
  toPlain() {
    return this.toList({ wrapFloats: true, recordsAsObjects: true });
  }
};
function nativeOrder(dtype, bytes) {
  const native = Object.assign(Object.create(NumpyDtype.prototype), dtype);
  native.byteOrder = dtype.byteOrder === ">" ? "<" : ">";
  const width = dtype.kind === "c" ? dtype.itemsize / 2 : dtype.kind === "U" ? 4 : dtype.itemsize;
  const buffer = new PyByteArray(bytes.length);
  for (let start = 0; start < bytes.length; start += width) {
    for (let i = 0; i < width; i++) buffer[start + i] = bytes[start + width - 1 - i];
  }
  return { dtype: native, buffer };
}
var RECONSTRUCT_PLACEHOLDER = Uint8Array.of(98);
var MAX_ENTRIES_WITHOUT_DATA = 1 << 20;
function checkListCount(shape, itemsize) {
  if (itemsize > 0 && product(shape) > 0) return;
  let entries = 0;
  let count2 = 1;
  for (const dim of shape) {
    count2 *= dim;
    entries += count2;
    if (count2 === 0) break;
  }
  if (entries > MAX_ENTRIES_WITHOUT_DATA) {
    throw new TypeError(`numpy.ndarray: shape (${shape.join(", ")}) would expand to ${entries} entries from no data`);
  }
}
function cStrides(shape) {
  const strides = new Array(shape.length);
  let stride = 1;
  for (let dim = shape.length - 1; dim >= 0; dim--) {
    strides[dim] = stride;
    stride *= shape[dim];
  }
  return strides;
}
function fStrides(shape) {
  const strides = new Array(shape.length);
  let stride = 1;
  for (let dim = 0; dim < shape.length; dim++) {
    strides[dim] = stride;
    stride *= shape[dim];
  }
  return strides;
}
function nest(shape, strides, read) {
  const build = (dim, base) => {
    if (dim === shape.length) return read(base);
    const items = new Array(shape[dim]);
    const stride = strides[dim];
    for (let i = 0; i < items.length; i++) items[i] = build(dim + 1, base + i * stride);
    return items;
  };
  return build(0, 0);
}
function holdsText(dtype) {
  if (dtype.kind === "U") return true;
  if (dtype.subarray !== null && holdsText(dtype.subarray.base)) return true;
  return dtype.fields !== null && [...dtype.fields.values()].some((field) => holdsText(field.dtype));
}
var STANDALONE_CONTEXT = {
  dictMode: "object",
  setMode: "set",
  py2Bytes: () => void 0,
  instantiate: () => {
    throw new TypeError("numpy.ndarray: no decoder to instantiate classes");
  }
};

// ../core/src/classes/numpy-masked.ts
function maskDtype(dtype) {
  if (dtype.subarray !== null) {
    const base = maskDtype(dtype.subarray.base);
    const mask2 = new NumpyDtype("V");
    mask2.subarray = { base, shape: dtype.subarray.shape };
    mask2.itemsize = dtype.subarray.shape.reduce((total, dim) => total * dim, base.itemsize);
    return mask2;
  }
  if (dtype.fields === null) return new NumpyDtype("b1");
  const mask = new NumpyDtype("V");
  mask.names = [...dtype.names ?? dtype.fields.keys()];
  mask.fields = /* @__PURE__ */ new Map();
  let offset = 0;
  for (const name of mask.names) {
    const field = maskDtype(dtype.fields.get(name).dtype);
    mask.fields.set(name, { dtype: field, offset, title: null });
    offset += field.itemsize;
  }
  mask.itemsize = offset;
  return mask;
}
function applyMask(data, mask) {
  if (mask === true) return null;
  if (mask === false || mask === null) return data;
  if (Array.isArray(mask) && Array.isArray(data)) {
    const out = data.map((item, index) => applyMask(item, mask[index] ?? false));
    return isTuple(data) ? markTuple(out) : out;
  }
  if (mask instanceof Map && data instanceof Map) {
    return new Map([...data].map(([key, value]) => [key, applyMask(value, mask.get(key) ?? false)]));
  }
  if (isPyDict(mask) && isPyDict(data)) {
    for (const key of Object.keys(data)) data[key] = applyMask(data[key], mask[key] ?? false);
    return data;
  }
  return data;
}
var NumpyMaskedArray = class {
  constructor(pyClass = "numpy.ma.core.MaskedArray", context = null) {
    this.pyClass = pyClass;
    this.context = context;
  }
  pyClass;
  context;
  data = new NdArray();
  mask = new NdArray();
  fillValue = null;
  setState(state) {
    const qualname = "numpy.ma.core.MaskedArray";
    if (!Array.isArray(state) || state.length !== 7) {
      throw new TypeError(`${qualname}: state must be (version, shape, dtype, is_fortran, data, mask, fill_value), got ${describeValue(state)}`);
    }
    const [, shapeValue, dtype, isFortran, raw, mask, fillValue] = state;
    if (!(dtype instanceof NumpyDtype)) throw new TypeError(`${qualname}: state has no dtype (got ${describeValue(dtype)})`);
    const context = this.context;
    if (context === null) throw new TypeError(`${qualname}: no decoder context`);
    const shape = readShape(qualname, shapeValue);
    const order = isFortran === true || isFortran === 1 ? "F" : "C";
    const data = new NdArray("numpy.ndarray", context);
    data.setState(markTuple([1, shapeValue ?? null, dtype, isFortran ?? false, raw ?? null]));
    this.data = data;
    this.mask = NdArray.fromBuffer(maskDtype(dtype), shape, order, readBytes(qualname, mask, context));
    this.fillValue = fillValue ?? null;
    this.context = null;
  }
  /** `MaskedArray.tolist()`: nested lists with `null` for masked elements (and masked fields of records). */
  toList(options = {}) {
    return applyMask(this.data.toList(options), this.mask.toList({ recordsAsObjects: options.recordsAsObjects ?? false }));
  }
  toPlain() {
    return this.toList({ wrapFloats: true, recordsAsObjects: true });
  }
  /** As numpy's `MaskedArray.__reduce__` writes it: `_mareconstruct(cls, ndarray, (0,), b"b")`, then the 7-tuple state. */
  reduceForPickle() {
    const dot = this.pyClass.lastIndexOf(".");
    const bytesOf = (array) => array.bytes ?? array.data;
    return {
      callable: ["numpy.ma.core", "_mareconstruct"],
      args: [new PyGlobal(this.pyClass.slice(0, dot), this.pyClass.slice(dot + 1)), new PyGlobal("numpy", "ndarray"), markTuple([0]), Uint8Array.of(98)],
      state: markTuple([1, markTuple([...this.data.shape]), this.data.dtype, this.data.order === "F", bytesOf(this.data), bytesOf(this.mask), this.fillValue])
    };
  }
};
var mareconstructReconstructor = {
  construct(args, _kwargs, context) {
    expectArgCount("numpy.ma.core._mareconstruct", args, 4, 4);
    const cls = args[0];
    const name = typeof cls === "object" && cls !== null && "pyClass" in cls && typeof cls.pyClass === "string" ? cls.pyClass : void 0;
    return new NumpyMaskedArray(name, context);
  }
};

// ../core/src/classes/numpy-scalar.ts
function scalarTypeName(dtype) {
  switch (dtype.kind) {
    case "U":
      return "str_";
    case "S":
      return "bytes_";
    case "V":
      return "void";
    case "M":
      return "datetime64";
    case "m":
      return "timedelta64";
    case "f":
      return dtype.itemsize > 8 ? "longdouble" : dtype.name;
    case "c":
      return dtype.itemsize > 16 ? "clongdouble" : dtype.name;
    default:
      return dtype.name;
  }
}
var NumpyScalar = class {
  constructor(dtype, bytes) {
    this.dtype = dtype;
    this.bytes = bytes;
    if (bytes.length !== dtype.itemsize) {
      throw new TypeError(`numpy scalar: ${bytes.length} bytes for a ${dtype.itemsize}-byte ${dtype}`);
    }
    this.pyClass = `numpy.${scalarTypeName(dtype)}`;
  }
  dtype;
  bytes;
  pyClass;
  /** `item()`: the Python value (int, float, bool, PyComplex, str, bytes, tuple, datetime...). */
  item(options = {}) {
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    return elementReader(this.dtype, options.wrapFloats ?? false, options.recordsAsObjects ?? false)(view, 0);
  }
  /** `item()`; an element of a structured dtype (`arr[0]`) keyed by field name, as in an array. */
  toPlain() {
    return this.item({ wrapFloats: true, recordsAsObjects: true });
  }
  /** `numpy._core.multiarray.scalar(dtype, bytes)`, as numpy 2 writes every scalar. */
  reduceForPickle() {
    return { callable: ["numpy._core.multiarray", "scalar"], args: [this.dtype, this.bytes] };
  }
};

// ../core/src/classes/numpy.ts
var CORE_MODULES = ["numpy.core", "numpy._core"];
function readDtype(qualname, value) {
  if (value instanceof NumpyDtype) return value;
  throw new TypeError(`${qualname}: expected a numpy.dtype, got ${describeValue(value)}`);
}
var RECORD_MODULES = /* @__PURE__ */ new Set(["numpy", "numpy.rec", "numpy.core.records", "numpy._core.records"]);
var dtypeReconstructor = {
  construct(args) {
    expectArgCount("numpy.dtype", args, 1, 3);
    const type = args[0];
    if (type instanceof PyGlobal && type.name === "record" && RECORD_MODULES.has(type.module)) return NumpyDtype.record();
    return new NumpyDtype(readText("numpy.dtype", type));
  }
};
var reconstructReconstructor = {
  construct(args, _kwargs, context) {
    expectArgCount("numpy.core.multiarray._reconstruct", args, 3, 3);
    const cls = args[0];
    return new NdArray(isPyObject(cls) ? cls.pyClass : "numpy.ndarray", context);
  }
};
var ndarrayReconstructor = {
  construct(args, _kwargs, context) {
    const qualname = "numpy.ndarray";
    if (args.length < 3 || args[2] === null) return new NdArray(qualname, context);
    expectArgCount(qualname, args, 3, 4);
    const buffer = readBytes(qualname, args[2], context);
    const offset = typeof args[3] === "number" ? args[3] : 0;
    const dtype = readDtype(qualname, args[1]);
    const shape = readShape(qualname, args[0]);
    const length = shape.reduce((total, dim) => total * dim, dtype.itemsize);
    if (offset < 0 || offset + length > buffer.length) throw new TypeError(`${qualname}: buffer is too small`);
    return NdArray.fromBuffer(dtype, shape, "C", buffer.subarray(offset, offset + length));
  }
};
function frombufferReconstructor(qualname) {
  const [module, name] = [qualname.slice(0, qualname.lastIndexOf(".")), qualname.slice(qualname.lastIndexOf(".") + 1)];
  return {
    construct(args, kwargs) {
      expectArgCount(qualname, args, 4, 4);
      const [buffer, dtype, shape, order] = args;
      if (!(buffer instanceof Uint8Array)) {
        const placeholder = new PyInstance(module, name, args);
        placeholder.kwargs = kwargs;
        return placeholder;
      }
      const memoryOrder = readString(qualname, order);
      if (memoryOrder !== "C" && memoryOrder !== "F") throw new TypeError(`${qualname}: order must be 'C' or 'F'`);
      return NdArray.fromBuffer(readDtype(qualname, dtype), readShape(qualname, shape), memoryOrder, buffer);
    }
  };
}
var scalarReconstructor = {
  construct(args, _kwargs, context) {
    const qualname = "numpy.core.multiarray.scalar";
    expectArgCount(qualname, args, 1, 2);
    const dtype = readDtype(qualname, args[0]);
    if (dtype.kind === "O") return args[1] ?? null;
    return new NumpyScalar(dtype, readBytes(qualname, args[1], context));
  }
};
var numpyClasses = new Map([
  ["numpy.dtype", dtypeReconstructor],
  ["numpy.ndarray", ndarrayReconstructor],
  ["numpy.ma.core._mareconstruct", mareconstructReconstructor],
  ...CORE_MODULES.flatMap((core) => [
    [`${core}.multiarray._reconstruct`, reconstructReconstructor],
    [`${core}.multiarray.scalar`, scalarReconstructor],
    [`${core}.numeric._frombuffer`, frombufferReconstructor(`${core}.numeric._frombuffer`)]
  ])
]);

// ../core/src/json/digit-pairs.ts
var DIGIT_PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 48 + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)));
function writeTwoDigits(out, pos, value) {
  const pair = value << 1;
  out[pos] = DIGIT_PAIRS[pair];
  out[pos + 1] = DIGIT_PAIRS[pair + 1];
  return pos + 2;
}
function writeSixDigits(out, pos, value) {
  const high = value / 1e4 | 0;
  const rest = value - high * 1e4;
  const middle = rest / 100 | 0;
  writeTwoDigits(out, pos, high);
  writeTwoDigits(out, pos + 2, middle);
  return writeTwoDigits(out, pos + 4, rest - middle * 100);
}

// ../core/src/json/int-digits.ts
function exactQuotient(value, unit) {
  const quotient = Math.floor(value / unit);
  const remainder = value - quotient * unit;
  return remainder < 0 ? quotient - 1 : remainder >= unit ? quotient + 1 : quotient;
}
function writeIntDigits(out, pos, value) {
  if (value > -2147483648 && value < 2147483648) return writeSmallInt(out, pos, value);
  if (value < 0) {
    out[pos++] = 45;
    value = -value;
  }
  const high = exactQuotient(value, 1e9);
  const low = value - high * 1e9;
  pos = writeSmallInt(out, pos, high);
  const digits = low | 0;
  const top = digits / 1e8 | 0;
  out[pos++] = 48 + top;
  let rest = digits - top * 1e8;
  for (let at = pos + 6; at >= pos; at -= 2) {
    const next = rest / 100 | 0;
    const pair = rest - next * 100 << 1;
    out[at] = DIGIT_PAIRS[pair];
    out[at + 1] = DIGIT_PAIRS[pair + 1];
    rest = next;
  }
  return pos + 8;
}
function writeSmallInt(buf, pos, value) {
  if (value < 0) {
    buf[pos++] = 45;
    value = -value;
  }
  let digits = 1;
  for (let bound = 10; digits < 10 && value >= bound; bound *= 10) digits++;
  let end = pos + digits;
  const after = end;
  while (value >= 100) {
    const next = value / 100 | 0;
    const pair = (value - next * 100) * 2;
    buf[--end] = DIGIT_PAIRS[pair + 1];
    buf[--end] = DIGIT_PAIRS[pair];
    value = next;
  }
  if (value >= 10) {
    buf[--end] = DIGIT_PAIRS[value * 2 + 1];
    buf[--end] = DIGIT_PAIRS[value * 2];
  } else {
    buf[--end] = 48 + value;
  }
  return after;
}

// ../core/src/engine/float-digits.ts
function writeShortFloat(out, pos, value) {
  const magnitude = value < 0 ? -value : value;
  if (!(magnitude >= 1e-4 && magnitude < 1e15)) {
    if (!(magnitude >= 1e15 && magnitude < 1e16)) return -1;
    bits[0] = magnitude;
    return writeLongFloat(out, pos, value, magnitude, (words[HIGH] >>> 20 & 2047) - 1023);
  }
  if (magnitude < 1e11) {
    const few = Math.round(magnitude * FEW_SCALE);
    if (few / FEW_SCALE === magnitude) {
      const whole = Math.floor(magnitude);
      let fraction = few - whole * FEW_SCALE | 0;
      let n = FEW_DECIMALS;
      while (n > 0) {
        const tenth = fraction / 10 | 0;
        if (tenth * 10 !== fraction) break;
        fraction = tenth;
        n--;
      }
      if (value < 0) out[pos++] = 45;
      return writeFixed(out, pos, whole, fraction, n);
    }
  }
  bits[0] = magnitude;
  const exponent = (words[HIGH] >>> 20 & 2047) - 1023;
  let most = 14 - Math.floor(exponent * LOG10_2);
  if (magnitude * POW10[most] >= 1e15) most--;
  const scale = POW10[most];
  const k = Math.round(magnitude * scale);
  if (k / scale === magnitude) {
    let shortest = k;
    let n = most;
    while (n > 0) {
      const tenth = shortest / 10;
      if (tenth !== Math.floor(tenth)) break;
      shortest = tenth;
      n--;
    }
    return writeDecimal(out, pos, value < 0, shortest, POW10[n], n);
  }
  return writeLongFloat(out, pos, value, magnitude, exponent);
}
var FEW_DECIMALS = 4;
var FEW_SCALE = 1e4;
function writeDecimal(out, pos, isNegative, k, scale, n) {
  if (isNegative) out[pos++] = 45;
  let whole = Math.floor(k / scale);
  let fraction = k - whole * scale;
  if (fraction < 0) {
    whole--;
    fraction += scale;
  }
  return writeFixed(out, pos, whole, fraction, n);
}
var LOG10_2 = Math.log10(2);
var POW10 = new Float64Array(23).map((_, n) => 10 ** n);
var bits = new Float64Array(1);
var words = new Uint32Array(bits.buffer);
var HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
function writeLongFloatRepr(out, pos, value) {
  const magnitude = value < 0 ? -value : value;
  if (!(magnitude >= 1e-4 && magnitude < 1e16)) return -1;
  bits[0] = magnitude;
  return writeLongFloat(out, pos, value, magnitude, (words[HIGH] >>> 20 & 2047) - 1023);
}
var MIN_LONG_EXPONENT = -14;
var HALF_ULP = new Float64Array(54 + 14).map((_, i) => 2 ** (i + MIN_LONG_EXPONENT - 53));
var SPLITTER = 134217729;
function writeLongFloat(out, pos, value, magnitude, exponent) {
  const highWord = words[HIGH];
  const lowWord = words[1 - HIGH];
  let k = 16 - Math.floor(exponent * LOG10_2);
  let scale = POW10[k];
  let hi = magnitude * scale;
  if (hi >= 1e17) {
    k--;
    scale = POW10[k];
    hi = magnitude * scale;
  } else if (hi < 1e16) {
    k++;
    scale = POW10[k];
    hi = magnitude * scale;
  }
  if (!(hi >= 1e16 && hi < 1e17) || k < 1 || k > 20) return -1;
  let t = SPLITTER * magnitude;
  const mHigh = t - (t - magnitude);
  const mLow = magnitude - mHigh;
  t = SPLITTER * scale;
  const sHigh = t - (t - scale);
  const sLow = scale - sHigh;
  const lo = mHigh * sHigh - hi + mHigh * sLow + mLow * sHigh + mLow * sLow;
  let upper = exactQuotient(hi, 1e8);
  let low = hi - upper * 1e8;
  const loWhole = Math.floor(lo);
  const loFraction = lo - loWhole;
  low += loWhole;
  const halfUlp = HALF_ULP[exponent - MIN_LONG_EXPONENT] * scale;
  const isPowerOfTwo = (highWord & 1048575) === 0 && lowWord === 0;
  const below = isPowerOfTwo ? halfUlp / 2 : halfUlp;
  const isEven = (lowWord & 1) === 0;
  const a = loFraction - below;
  const b = loFraction + halfUlp;
  let first = Math.ceil(a);
  if (first === a && !isEven) first++;
  let last = Math.floor(b);
  if (last === b && !isEven) last--;
  const shifted = low + 1e8 | 0;
  const from = shifted + first | 0;
  const to = shifted + last | 0;
  if (from > to) return -1;
  let zeros;
  let step;
  if (((from + 9) / 10 | 0) * 10 > to) {
    zeros = 0;
    step = 1;
  } else if (((from + 99) / 100 | 0) * 100 > to) {
    zeros = 1;
    step = 10;
  } else {
    zeros = 2;
    step = 100;
    while (zeros < 8) {
      const next = step * 10;
      if (((from + next - 1) / next | 0) * next > to) break;
      zeros++;
      step = next;
    }
    if (zeros === 8) return -1;
  }
  const quotient = step === 1 ? shifted : step === 10 ? shifted / 10 | 0 : shifted / step | 0;
  const under = quotient * step;
  const toMiddle = step / 2 - (shifted - under);
  let digits = loFraction < toMiddle || loFraction === toMiddle && (quotient & 1) === 0 ? under : under + step;
  if (digits < from) digits += step;
  else if (digits > to) digits -= step;
  if (digits < from || digits > to) return -1;
  digits -= 1e8;
  if (digits >= 1e8) {
    upper++;
    digits -= 1e8;
  } else if (digits < 0) {
    upper--;
    digits += 1e8;
  }
  if (upper >= 1e9 || upper < 1e8) return -1;
  if (value < 0) out[pos++] = 45;
  const significant = 17 - zeros;
  if (k <= 16) {
    const wholeDigits = 17 - k;
    if (significant <= wholeDigits) return -1;
    const start = pos;
    write17Digits(out, pos, upper, digits);
    for (let i = start + significant; i > start + wholeDigits; i--) out[i] = out[i - 1];
    out[start + wholeDigits] = 46;
    return start + significant + 1;
  }
  out[pos++] = 48;
  out[pos++] = 46;
  for (let i = 17; i < k; i++) out[pos++] = 48;
  write17Digits(out, pos, upper, digits);
  return pos + significant;
}
function write17Digits(out, pos, upper, low) {
  const top = upper / 1e8 | 0;
  out[pos] = 48 + top;
  write8Digits(out, pos + 1, upper - top * 1e8);
  write8Digits(out, pos + 9, low);
}
function write8Digits(out, pos, value) {
  const high = value / 1e4 | 0;
  const low = value - high * 1e4;
  let pair = (high / 100 | 0) << 1;
  out[pos] = DIGIT_PAIRS[pair];
  out[pos + 1] = DIGIT_PAIRS[pair + 1];
  pair = high - (high / 100 | 0) * 100 << 1;
  out[pos + 2] = DIGIT_PAIRS[pair];
  out[pos + 3] = DIGIT_PAIRS[pair + 1];
  pair = (low / 100 | 0) << 1;
  out[pos + 4] = DIGIT_PAIRS[pair];
  out[pos + 5] = DIGIT_PAIRS[pair + 1];
  pair = low - (low / 100 | 0) * 100 << 1;
  out[pos + 6] = DIGIT_PAIRS[pair];
  out[pos + 7] = DIGIT_PAIRS[pair + 1];
}
function writeFixed(out, pos, whole, fraction, n) {
  pos = writeDigits(out, pos, whole, 1);
  out[pos++] = 46;
  if (n === 0) {
    out[pos++] = 48;
    return pos;
  }
  return writeDigits(out, pos, fraction, n);
}
function writeDigits(out, pos, value, width) {
  if (value < 1e9) return writeSmallDigits(out, pos, value | 0, width);
  const high = exactQuotient(value, 1e9);
  const low = value - high * 1e9;
  pos = writeDigits(out, pos, high, width > 9 ? width - 9 : 1);
  return writeSmallDigits(out, pos, low | 0, 9);
}
function writeSmallDigits(out, pos, value, width) {
  let length = 1;
  for (let limit = 10; value >= limit && length < 10; limit *= 10) length++;
  if (length < width) length = width;
  let at = pos + length;
  let rest = value;
  while (rest >= 100) {
    const next = rest / 100 | 0;
    const pair = rest - next * 100 << 1;
    out[--at] = DIGIT_PAIRS[pair + 1];
    out[--at] = DIGIT_PAIRS[pair];
    rest = next;
  }
  while (at > pos) {
    const next = rest / 10 | 0;
    out[--at] = 48 + rest - next * 10;
    rest = next;
  }
  return pos + length;
}

// ../core/src/json/float-repr.ts
function floatRepr(value) {
  const magnitude = value < 0 ? -value : value;
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    const text2 = String(value);
    return Number.isInteger(value) ? `${text2}.0` : text2;
  }
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  if (Number.isNaN(value)) return "nan";
  if (magnitude === Number.POSITIVE_INFINITY) return value > 0 ? "inf" : "-inf";
  return scientific(value.toExponential());
}
function scientific(jsExponential) {
  const e = jsExponential.indexOf("e");
  const mantissa = jsExponential.slice(0, e);
  const sign = jsExponential[e + 1];
  const digits = jsExponential.slice(e + 2);
  return `${mantissa}e${sign}${digits.length < 2 ? `0${digits}` : digits}`;
}

// ../core/src/json/number-text.ts
function numberJson(value) {
  if (Number.isInteger(value)) {
    if (value === 0 && 1 / value < 0) return "-0.0";
    return value > -1e21 && value < 1e21 ? String(value) : BigInt(value).toString();
  }
  return Number.isFinite(value) ? floatRepr(value) : "null";
}
function floatJson(value) {
  return Number.isFinite(value) ? floatRepr(value) : "null";
}
function numberKeyText(value) {
  if (Number.isInteger(value) && !(value === 0 && 1 / value < 0)) {
    return value > -1e21 && value < 1e21 ? String(value) : BigInt(value).toString();
  }
  return floatRepr(value);
}

// ../core/src/json/column-value.ts
var ColumnValue = class {
  /** The elements as numbers when they are all numbers (or missing), else null. */
  numbers() {
    return null;
  }
  /**
   * False while the column has no values (a pickle that never ran its BUILD): writers then show
   * `toPlain()`, the placeholder of what the pickle said.
   */
  get isReady() {
    return true;
  }
  /** A writer of each element's JSON text when that is always ASCII, else null. */
  asciiWriter() {
    return null;
  }
  toPlain() {
    const length = this.length;
    const items = new Array(length);
    for (let i = 0; i < length; i++) items[i] = this.at(i);
    return items;
  }
};
function writeFloat(buf, pos, value) {
  const magnitude = value < 0 ? -value : value;
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    if (Number.isInteger(value)) {
      pos = value > -2147483648 && value < 2147483648 ? writeSmallInt(buf, pos, value) : writeIntDigits(buf, pos, value);
      buf[pos++] = 46;
      buf[pos++] = 48;
      return pos;
    }
    const end = writeShortFloat(buf, pos, value);
    if (end >= 0) return end;
    const text3 = String(value);
    for (let i = 0; i < text3.length; i++) buf[pos++] = text3.charCodeAt(i);
    return pos;
  }
  const text2 = floatJson(value);
  for (let i = 0; i < text2.length; i++) buf[pos++] = text2.charCodeAt(i);
  return pos;
}

// ../core/src/json/base64.ts
var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
var PAD = 61;
var CODES = new Uint8Array(64);
for (let i = 0; i < 64; i++) CODES[i] = ALPHABET.charCodeAt(i);
var PAIRS = new Uint16Array(4096);
for (let i = 0; i < 4096; i++) PAIRS[i] = CODES[i >> 6] << 8 | CODES[i & 63];
function base64Length(byteLength) {
  return Math.ceil(byteLength / 3) * 4;
}
function encodeBase64Into(bytes, target, offset) {
  const length = bytes.length;
  const whole = length - length % 3;
  let at = offset;
  for (let i = 0; i < whole; i += 3) {
    const triple = bytes[i] << 16 | bytes[i + 1] << 8 | bytes[i + 2];
    const high = PAIRS[triple >> 12];
    const low = PAIRS[triple & 4095];
    target[at] = high >> 8;
    target[at + 1] = high & 255;
    target[at + 2] = low >> 8;
    target[at + 3] = low & 255;
    at += 4;
  }
  const rest = length - whole;
  if (rest > 0) {
    const first = bytes[whole];
    const second = rest === 2 ? bytes[whole + 1] : 0;
    target[at] = CODES[first >> 2];
    target[at + 1] = CODES[(first & 3) << 4 | second >> 4];
    target[at + 2] = rest === 2 ? CODES[(second & 15) << 2] : PAD;
    target[at + 3] = PAD;
    at += 4;
  }
  return at;
}

// ../core/src/json/key-text.ts
function scalarKeyText(key) {
  switch (typeof key) {
    case "string":
      return key;
    case "number":
      return numberKeyText(key);
    case "bigint":
      return key.toString();
    case "boolean":
      return key ? "true" : "false";
    case "object":
      if (key === null) return "null";
      if (key instanceof PyFloat) return floatRepr(key.value);
      return void 0;
    default:
      return void 0;
  }
}

// ../core/src/json/output-error.ts
var OutputError = class extends Error {
  name = "OutputError";
  code;
  recordIndex;
  path;
  limit;
  /** What went wrong, without the record prefix. */
  reason;
  constructor(reason, details) {
    super(details.recordIndex === void 0 ? reason : `record ${details.recordIndex}: ${reason}`);
    this.code = details.code;
    this.recordIndex = details.recordIndex;
    this.path = details.path;
    this.limit = details.limit;
    this.reason = reason;
  }
};
function badTypeError(value, path, recordIndex) {
  const what = typeof value === "object" && value !== null ? `an instance of ${value.constructor?.name ?? "an unknown class"}` : typeof value;
  return new OutputError(`cannot write ${what} at ${path}: not a decoded Python value`, { code: "BAD_TYPE", recordIndex, path });
}
function describeContainer(identity) {
  if (Array.isArray(identity)) return isTuple(identity) ? "tuple" : "list";
  if (identity instanceof Set) return "set";
  if (isPyObject(identity)) return `${identity.pyClass} object`;
  return "dict";
}

// ../core/src/json/value-path.ts
var MAX_SHOWN_STEPS = 24;
function formatPath(prefix, steps) {
  let text2 = prefix;
  const count2 = steps.length;
  for (let i = 0; i < count2; i++) {
    if (count2 > MAX_SHOWN_STEPS && i === MAX_SHOWN_STEPS / 2) {
      const skipped = count2 - MAX_SHOWN_STEPS;
      text2 += `...(${skipped} more levels)...`;
      i += skipped - 1;
      continue;
    }
    const step = steps[i];
    text2 += "index" in step ? `[${step.index}]` : `[${JSON.stringify(step.key)}]`;
  }
  return text2;
}

// ../core/src/json/json-writer.ts
var ARRAY = 0;
var DICT = 1;
var MAP = 2;
var SET = 3;
var COLUMN = 4;
var COLUMN_BATCH = 4096;
var CYCLE_CHECK_DEPTH = 64;
var KEPT_FRAMES = 1024;
var MAX_KEY_NESTING = 32;
var MAX_PLAIN_HOPS = 8;
var NO_ITEMS = [];
var NO_KEYS = [];
var Frame = class {
  kind = ARRAY;
  /** ARRAY: the items. */
  items = NO_ITEMS;
  /** DICT: the dict and its keys. */
  dict = null;
  keys = NO_KEYS;
  /** MAP and SET: the live iterator. */
  entries = null;
  members = null;
  /** Next child to write. */
  index = 0;
  /** The object whose reappearance while open is a cycle: the container or the PyObjectValue it came from. */
  identity = NO_ITEMS;
  /** MAP: the key of the child being written (for error paths). */
  lastKey = null;
  /** COLUMN: the column whose elements are read one by one. */
  column = null;
  release() {
    this.items = NO_ITEMS;
    this.dict = null;
    this.keys = NO_KEYS;
    this.entries = null;
    this.members = null;
    this.identity = NO_ITEMS;
    this.lastKey = null;
    this.column = null;
  }
};
var QUOTE = 34;
var COMMA = 44;
var COLON = 58;
var OPEN_ARRAY = 91;
var CLOSE_ARRAY = 93;
var OPEN_OBJECT = 123;
var CLOSE_OBJECT = 125;
var INITIAL_BUFFER_BYTES = 64 * 1024;
var HAND_OVER_BYTES = 4 * 1024 * 1024;
var SPILL_BYTES = 4 * 1024 * 1024;
var utf8Encoder = new TextEncoder();
var utf8Decoder = new TextDecoder();
var NULL_BYTES = Uint8Array.from("null", (c) => c.charCodeAt(0));
var TRUE_BYTES = Uint8Array.from("true", (c) => c.charCodeAt(0));
var FALSE_BYTES = Uint8Array.from("false", (c) => c.charCodeAt(0));
function writeLiteral(buf, pos, bytes) {
  for (let i = 0; i < bytes.length; i++) buf[pos++] = bytes[i];
  return pos;
}
function int64Halves(values) {
  return values instanceof BigInt64Array || values instanceof BigUint64Array ? new Int32Array(values.buffer, values.byteOffset, values.length * 2) : null;
}
function writeNumberAt(buf, pos, numbers, halves, i) {
  const { values, kind: kind3, missing } = numbers;
  if (missing !== null && missing[i] !== 0) return writeLiteral(buf, pos, NULL_BYTES);
  if (kind3 === "bool") return writeLiteral(buf, pos, values[i] !== 0 ? TRUE_BYTES : FALSE_BYTES);
  if (kind3 === "float") return writeFloat(buf, pos, values[i]);
  if (halves !== null) {
    const lo = halves[2 * i] >>> 0;
    const hi = halves[2 * i + 1];
    const high = values instanceof BigUint64Array ? hi >>> 0 : hi;
    if (high === 0 && lo < 2147483648 || high === -1 && lo >= 2147483648) return writeSmallInt(buf, pos, high * 4294967296 + lo);
    if (high >= -2097152 && high < 2097152) return writeIntDigits(buf, pos, high * 4294967296 + lo);
    const text2 = values[i].toString();
    for (let c = 0; c < text2.length; c++) buf[pos++] = text2.charCodeAt(c);
    return pos;
  }
  const value = values[i];
  return value > -2147483648 && value < 2147483648 ? writeSmallInt(buf, pos, value) : writeIntDigits(buf, pos, value);
}
function writeInt64Batch(buf, pos, numbers, halves, start, end) {
  for (let i = start; i < end; i++) {
    if (i > 0) buf[pos++] = COMMA;
    const lo = halves[2 * i];
    const hi = halves[2 * i + 1];
    if (hi === 0 && lo >= 0 || hi === -1 && lo < 0) pos = writeSmallInt(buf, pos, lo);
    else pos = writeNumberAt(buf, pos, numbers, halves, i);
  }
  return pos;
}
function writeFloatBatch(buf, pos, values, missing, start, end) {
  let isLong = false;
  for (let i = start; i < end; i++) {
    if (i > 0) buf[pos++] = COMMA;
    if (missing !== null && missing[i] !== 0) {
      pos = writeLiteral(buf, pos, NULL_BYTES);
      continue;
    }
    const value = values[i];
    if (isLong) {
      const end2 = writeLongFloatRepr(buf, pos, value);
      if (end2 >= 0) {
        pos = end2;
        continue;
      }
    }
    const from = pos;
    pos = writeFloat(buf, pos, value);
    isLong = pos - from >= 17;
  }
  return pos;
}
var JsonWriter = class _JsonWriter {
  /**
   * @param keyNesting 0 for a record writer; a writer for composite dict keys is one deeper.
   * @param ancestors identities open around a composite key (reaching one is a cycle).
   * @param pathPrefix where a key writer's value sits, for error paths.
   */
  constructor(keyNesting = 0, ancestors = null, pathPrefix = "$") {
    this.keyNesting = keyNesting;
    this.ancestors = ancestors;
    this.pathPrefix = pathPrefix;
    this.buf = new Uint8Array(keyNesting === 0 ? INITIAL_BUFFER_BYTES : 256);
  }
  keyNesting;
  ancestors;
  pathPrefix;
  frames = [];
  /** Frames used by the current record (the high-water mark, for release). */
  framesUsed = 0;
  depth = 0;
  buf;
  pos = 0;
  /** Where the record being written started, and the position it may not pass. */
  recordStart = 0;
  limitEnd = 0;
  recordIndex = void 0;
  /** Open identities, once the stack got deeper than CYCLE_CHECK_DEPTH (or always, for a key writer). */
  openSet = null;
  /**
   * Where a big record's output goes while it is written (see `spillTo`), and how many bytes of
   * the current `append` went there.
   */
  spill = null;
  spillBytes = SPILL_BYTES;
  spilledBytes = 0;
  /** Bytes written and not yet taken. */
  get size() {
    return this.pos;
  }
  /**
   * Lets `append` hand output to `sink` while it writes (pending bytes first, then the record's
   * in pieces of a few MiB) instead of growing one buffer for the whole record: a giant record
   * (a DataFrame's columns) then reaches a file while the rest of it is made, and is never held
   * whole. What was not handed out stays pending as usual. If the record then fails, the bytes
   * handed out for it are `spilled` bytes of it (the caller drops them; the sink got them all
   * in order, so they are its last ones). `null` turns it off. `pieceBytes` (default 4 MiB)
   * is about how much gathers before a piece goes out.
   */
  spillTo(sink, pieceBytes = SPILL_BYTES) {
    this.spill = sink;
    this.spillBytes = pieceBytes;
  }
  /** Bytes of the last `append` (with pending bytes before it) handed to the spill sink. */
  get spilled() {
    return this.spilledBytes;
  }
  /**
   * The JSON text of `value` as a string (any pending bytes are discarded first). Throws
   * OutputError: `CYCLE`, `LIMIT_EXCEEDED` once the UTF-8 text passes `maxOutputBytes`, or
   * `BAD_TYPE` for a value outside the PyValue model. `recordIndex` only labels errors.
   */
  write(value, maxOutputBytes, recordIndex) {
    this.pos = 0;
    try {
      this.append(value, maxOutputBytes, recordIndex);
      return utf8Decoder.decode(this.buf.subarray(0, this.pos));
    } finally {
      this.pos = 0;
      if (this.buf.length > HAND_OVER_BYTES) this.buf = new Uint8Array(INITIAL_BUFFER_BYTES);
    }
  }
  /**
   * Appends the JSON of `value` (UTF-8) after the pending bytes. On error nothing of this value
   * stays: the pending bytes are what they were before the call.
   */
  append(value, maxOutputBytes, recordIndex) {
    this.recordStart = this.pos;
    this.limitEnd = this.pos + maxOutputBytes;
    this.spilledBytes = 0;
    this.recordIndex = recordIndex;
    this.depth = 0;
    this.openSet = this.ancestors === null ? null : new Set(this.ancestors);
    try {
      this.run(value);
    } catch (error) {
      this.pos = this.spilledBytes > 0 ? 0 : this.recordStart;
      throw error;
    } finally {
      for (let i = 0; i < this.framesUsed; i++) this.frames[i].release();
      this.framesUsed = 0;
      this.openSet = null;
      if (this.frames.length > KEPT_FRAMES) this.frames.length = KEPT_FRAMES;
    }
  }
  /**
   * Appends rows `from` up to `to` of a table as NDJSON lines, each exactly what `append` writes
   * for the dict `{keys[c]: columns[c].at(row)}` plus a newline, without building the dicts:
   * numeric columns from their typed arrays, ASCII ones (datetimes, ranges) written in place,
   * str and None cells directly. It stops before the first row holding any other cell (a list,
   * an object) or longer than `maxOutputBytes`, and returns that row (or `to`): the caller
   * writes that row with `append`, which says what is wrong if anything is, and goes on.
   */
  appendRows(keys, columns, from, to, maxOutputBytes) {
    const count2 = columns.length;
    const keyBytes = keys.map((key, c) => utf8Encoder.encode(`${c === 0 ? "{" : ","}${JSON.stringify(key)}:`));
    const numbers = columns.map((column) => column.numbers());
    const halves = numbers.map((column) => column === null ? null : int64Halves(column.values));
    const asciiWriters = columns.map((column, c) => numbers[c] === null ? column.asciiWriter() : null);
    let room = count2 === 0 ? 3 : 2;
    for (let c = 0; c < count2; c++) room += keyBytes[c].length + (numbers[c] !== null ? 26 : asciiWriters[c]?.maxBytes ?? 4);
    for (let row = from; row < to; row++) {
      const rowStart = this.pos;
      this.reserve(room);
      let buf = this.buf;
      let pos = this.pos;
      if (count2 === 0) buf[pos++] = OPEN_OBJECT;
      for (let c = 0; c < count2; c++) {
        const key = keyBytes[c];
        for (let k = 0; k < key.length; k++) buf[pos++] = key[k];
        const cellNumbers = numbers[c];
        if (cellNumbers !== null) {
          pos = writeNumberAt(buf, pos, cellNumbers, halves[c], row);
          continue;
        }
        const writer = asciiWriters[c];
        if (writer !== null) {
          pos = writer.write(row, buf, pos);
          continue;
        }
        const cell = columns[c].at(row);
        if (cell === null) {
          pos = writeLiteral(buf, pos, NULL_BYTES);
          continue;
        }
        if (typeof cell !== "string") {
          this.pos = rowStart;
          return row;
        }
        this.pos = pos;
        this.string(cell);
        this.reserve(room);
        buf = this.buf;
        pos = this.pos;
      }
      buf[pos++] = CLOSE_OBJECT;
      buf[pos++] = 10;
      if (pos - rowStart - 1 > maxOutputBytes) {
        this.pos = rowStart;
        return row;
      }
      this.pos = pos;
    }
    return to;
  }
  /** Appends ASCII text as is (a newline between records, `[`, `,`). */
  appendAscii(text2) {
    this.ascii(text2);
  }
  /** A copy of the pending bytes; the writer is empty afterwards (its buffer is kept). */
  take() {
    let bytes;
    if (this.pos > HAND_OVER_BYTES) {
      bytes = this.buf.subarray(0, this.pos);
      this.buf = new Uint8Array(INITIAL_BUFFER_BYTES);
    } else {
      bytes = this.buf.slice(0, this.pos);
    }
    this.pos = 0;
    return bytes;
  }
  /**
   * The pending bytes as a view into the writer's buffer: no copy, valid until the next call
   * that writes, takes or clears. Node callers copy it with `Buffer.from(view)` (no zero-fill),
   * then `clear()`.
   */
  view() {
    return this.buf.subarray(0, this.pos);
  }
  /** Drops the pending bytes. */
  clear() {
    this.pos = 0;
  }
  /** Drops pending bytes past `size` (a separator written before a record that then failed). */
  truncate(size2) {
    if (!(Number.isSafeInteger(size2) && size2 >= 0 && size2 <= this.pos)) {
      throw new RangeError(`truncate: size must be an integer from 0 to ${this.pos}, got ${String(size2)}`);
    }
    this.pos = size2;
  }
  run(root) {
    const frames = this.frames;
    let value = root;
    for (; ; ) {
      let identity = null;
      for (let hops = 0; ; hops++) {
        switch (typeof value) {
          case "string":
            this.string(value);
            break;
          case "number":
            if ((value | 0) === value && (value !== 0 || 1 / value > 0)) this.int32(value);
            else this.fraction(value);
            break;
          case "boolean":
            this.ascii(value ? "true" : "false");
            break;
          case "bigint":
            this.ascii(value.toString());
            break;
          case "object": {
            if (value === null) {
              this.ascii("null");
              break;
            }
            if (Array.isArray(value)) {
              if (value.length === 0) {
                this.ascii("[]");
                break;
              }
              this.byte(OPEN_ARRAY);
              const frame = this.open(ARRAY, identity ?? value);
              frame.items = value;
              break;
            }
            const proto = Object.getPrototypeOf(value);
            if (proto === DICT_PROTOTYPE || (proto === Object.prototype || proto === null) && !isPyObject(value)) {
              const keys = Object.keys(value);
              if (keys.length === 0) {
                this.ascii("{}");
                break;
              }
              this.byte(OPEN_OBJECT);
              const frame = this.open(DICT, identity ?? value);
              frame.dict = value;
              frame.keys = keys;
              break;
            }
            if (value instanceof PyFloat) {
              this.ascii(floatJson(value.value));
              break;
            }
            if (value instanceof Uint8Array) {
              this.base64(value);
              break;
            }
            if (value instanceof Map) {
              if (value.size === 0) {
                this.ascii("{}");
                break;
              }
              this.byte(OPEN_OBJECT);
              const frame = this.open(MAP, identity ?? value);
              frame.entries = value.entries();
              break;
            }
            if (value instanceof Set) {
              if (value.size === 0) {
                this.ascii("[]");
                break;
              }
              this.byte(OPEN_ARRAY);
              const frame = this.open(SET, identity ?? value);
              frame.members = value.values();
              break;
            }
            if (value instanceof ColumnValue && value.isReady) {
              if (value.length === 0) {
                this.ascii("[]");
                break;
              }
              const numbers = value.numbers();
              if (numbers !== null) {
                this.numberColumn(numbers);
                break;
              }
              const writer = value.asciiWriter();
              if (writer !== null) {
                this.asciiColumn(writer, value.length);
                break;
              }
              this.byte(OPEN_ARRAY);
              const frame = this.open(COLUMN, identity ?? value);
              frame.column = value;
              break;
            }
            if (isPyObject(value) && hops < MAX_PLAIN_HOPS) {
              identity ??= value;
              value = value.toPlain();
              continue;
            }
            throw this.badType(value);
          }
          default:
            throw this.badType(value);
        }
        break;
      }
      if (this.pos > this.limitEnd) throw this.overBudget();
      for (; ; ) {
        if (this.depth === 0) {
          if (this.pos > this.limitEnd) throw this.overBudget();
          return;
        }
        const frame = frames[this.depth - 1];
        const index = frame.index++;
        if (frame.kind === ARRAY) {
          const items = frame.items;
          if (index < items.length) {
            if (index > 0) this.byte(COMMA);
            value = items[index];
            break;
          }
          this.byte(CLOSE_ARRAY);
        } else if (frame.kind === DICT) {
          const keys = frame.keys;
          if (index < keys.length) {
            const key = keys[index];
            if (index > 0) this.byte(COMMA);
            this.string(key);
            this.byte(COLON);
            value = frame.dict[key];
            break;
          }
          this.byte(CLOSE_OBJECT);
        } else if (frame.kind === COLUMN) {
          const column = frame.column;
          if (index < column.length) {
            if (index > 0) this.byte(COMMA);
            value = column.at(index);
            break;
          }
          this.byte(CLOSE_ARRAY);
        } else if (frame.kind === MAP) {
          const step = frame.entries.next();
          if (!step.done) {
            const key = step.value[0];
            frame.lastKey = key;
            const text2 = scalarKeyText(key) ?? this.compositeKeyText(key);
            if (index > 0) this.byte(COMMA);
            this.string(text2);
            this.byte(COLON);
            value = step.value[1];
            break;
          }
          this.byte(CLOSE_OBJECT);
        } else {
          const step = frame.members.next();
          if (!step.done) {
            if (index > 0) this.byte(COMMA);
            value = step.value;
            break;
          }
          this.byte(CLOSE_ARRAY);
        }
        this.close(frame);
      }
    }
  }
  // ---- columns
  /** `[n, n, ...]` of a numeric column, from its typed array, with `null` where it is missing. */
  numberColumn(numbers) {
    const { values, kind: kind3, missing } = numbers;
    const length = values.length;
    this.byte(OPEN_ARRAY);
    const halves = int64Halves(values);
    if (this.spill === null) this.reserve(length * (kind3 === "float" ? 19 : kind3 === "int" ? 9 : 6));
    for (let start = 0; start < length; start += COLUMN_BATCH) {
      const end = Math.min(length, start + COLUMN_BATCH);
      this.reserve((end - start) * 26);
      const buf = this.buf;
      let pos = this.pos;
      if (kind3 === "float" && values instanceof Float64Array) {
        this.pos = writeFloatBatch(buf, pos, values, missing, start, end);
        if (this.pos > this.limitEnd) throw this.overBudget();
        continue;
      }
      if (kind3 === "int" && missing === null && values instanceof BigInt64Array) {
        this.pos = writeInt64Batch(buf, pos, numbers, halves, start, end);
        if (this.pos > this.limitEnd) throw this.overBudget();
        continue;
      }
      for (let i = start; i < end; i++) {
        if (i > 0) buf[pos++] = COMMA;
        pos = writeNumberAt(buf, pos, numbers, halves, i);
      }
      this.pos = pos;
      if (pos > this.limitEnd) throw this.overBudget();
    }
    this.byte(CLOSE_ARRAY);
  }
  /** `[...]` of a column that writes its elements' ASCII JSON itself. */
  asciiColumn(writer, length) {
    this.byte(OPEN_ARRAY);
    const room = writer.maxBytes + 1;
    for (let start = 0; start < length; start += COLUMN_BATCH) {
      const end = Math.min(length, start + COLUMN_BATCH);
      this.reserve((end - start) * room);
      const buf = this.buf;
      let pos = this.pos;
      if (writer.writeRun !== void 0) {
        pos = writer.writeRun(start, end, buf, pos);
      } else {
        for (let i = start; i < end; i++) {
          if (i > 0) buf[pos++] = COMMA;
          pos = writer.write(i, buf, pos);
        }
      }
      this.pos = pos;
      if (pos > this.limitEnd) throw this.overBudget();
    }
    this.byte(CLOSE_ARRAY);
  }
  // ---- output bytes
  /** Makes room for `count` more bytes. */
  reserve(count2) {
    const needed = this.pos + count2;
    if (needed <= this.buf.length) return;
    if (this.spill !== null && this.pos >= this.spillBytes) {
      const written = this.pos;
      this.spill(this.buf.subarray(0, written));
      this.spilledBytes += written;
      this.recordStart -= written;
      this.limitEnd -= written;
      this.pos = 0;
      this.buf = new Uint8Array(Math.max(2 * this.spillBytes, count2));
      return;
    }
    let size2 = this.buf.length * 2;
    while (size2 < needed) size2 *= 2;
    const grown = new Uint8Array(size2);
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }
  byte(code) {
    if (this.pos === this.buf.length) this.reserve(1);
    this.buf[this.pos++] = code;
  }
  /** Text known to be ASCII (numbers, literals, base64). */
  ascii(text2) {
    const length = text2.length;
    this.reserve(length);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < length; i++) buf[pos++] = text2.charCodeAt(i);
    this.pos = pos;
  }
  /**
   * A number that is no int32: a float with up to 15 significant digits straight from integer
   * pieces (the engine's writeShortFloat, as the tape writer does), anything else through
   * numberJson (big ints, 17-digit floats, -0, NaN).
   */
  fraction(value) {
    if (!Number.isInteger(value)) {
      this.reserve(25);
      const end = writeShortFloat(this.buf, this.pos, value);
      if (end >= 0) {
        this.pos = end;
        return;
      }
    }
    this.ascii(numberJson(value));
  }
  /** A non-negative or negative int32 (not -0), digit by digit: no string allocated. */
  int32(value) {
    this.reserve(17);
    this.pos = writeIntDigits(this.buf, this.pos, value);
  }
  /**
   * A JSON string: exactly `JSON.stringify` (which is `json.dumps(s, ensure_ascii=False)` with
   * lone surrogates as lowercase `\udXXX`), encoded as UTF-8. Printable ASCII without quotes or
   * backslashes (most keys and values) is copied directly; anything else goes through
   * JSON.stringify and TextEncoder.
   */
  string(text2) {
    const length = text2.length;
    this.reserve(length + 2);
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = QUOTE;
    for (let i = 0; i < length; i++) {
      const code = text2.charCodeAt(i);
      if (code < 32 || code === QUOTE || code === 92 || code > 126) {
        this.escapedString(text2);
        return;
      }
      buf[pos++] = code;
    }
    buf[pos++] = QUOTE;
    this.pos = pos;
  }
  escapedString(text2) {
    const json = JSON.stringify(text2);
    this.reserve(json.length * 3);
    this.pos += utf8Encoder.encodeInto(json, this.buf.subarray(this.pos)).written;
  }
  base64(bytes) {
    this.reserve(base64Length(bytes.length) + 2);
    this.buf[this.pos++] = QUOTE;
    this.pos = encodeBase64Into(bytes, this.buf, this.pos);
    this.buf[this.pos++] = QUOTE;
  }
  /** Pushes a frame (from the pool) for a container whose opening bracket was written. */
  open(kind3, identity) {
    const depth = this.depth;
    if (depth >= CYCLE_CHECK_DEPTH || this.openSet !== null) this.track(identity);
    let frame = this.frames[depth];
    if (frame === void 0) {
      frame = new Frame();
      this.frames.push(frame);
    }
    frame.kind = kind3;
    frame.index = 0;
    frame.identity = identity;
    this.depth = depth + 1;
    if (this.depth > this.framesUsed) this.framesUsed = this.depth;
    return frame;
  }
  close(frame) {
    this.depth--;
    if (this.openSet !== null) this.openSet.delete(frame.identity);
    frame.release();
  }
  /** Adds an identity to the open set (built from the stack the first time); a repeat is a cycle. */
  track(identity) {
    let open2 = this.openSet;
    if (open2 === null) {
      open2 = /* @__PURE__ */ new Set();
      for (let i = 0; i < this.depth; i++) {
        const earlier = this.frames[i].identity;
        if (open2.has(earlier)) throw this.cycle(earlier, i);
        open2.add(earlier);
      }
      this.openSet = open2;
    }
    if (open2.has(identity)) throw this.cycle(identity, this.depth);
    open2.add(identity);
  }
  /** A Map key that is not str/int/float/bool/None: its own compact JSON text, with the same rules. */
  compositeKeyText(key) {
    const path = this.pathTo(this.depth);
    if (this.keyNesting >= MAX_KEY_NESTING) {
      throw new OutputError(`dict keys nested more than ${MAX_KEY_NESTING} deep inside keys at ${path}`, {
        code: "LIMIT_EXCEEDED",
        recordIndex: this.recordIndex,
        path
      });
    }
    const ancestors = new Set(this.ancestors);
    for (let i = 0; i < this.depth; i++) ancestors.add(this.frames[i].identity);
    const keyWriter = new _JsonWriter(this.keyNesting + 1, ancestors, `${path}<key>`);
    return keyWriter.write(key, this.limitEnd - this.pos, this.recordIndex);
  }
  /** The path of the value `frameCount` frames deep: each frame's current child, in order. */
  pathTo(frameCount) {
    const steps = [];
    for (let i = 0; i < frameCount; i++) {
      const frame = this.frames[i];
      const child = frame.index - 1;
      if (frame.kind === DICT) steps.push({ key: frame.keys[child] });
      else if (frame.kind === MAP) steps.push({ key: scalarKeyText(frame.lastKey) ?? "<key>" });
      else steps.push({ index: child });
    }
    return formatPath(this.pathPrefix, steps);
  }
  cycle(identity, reachedAtDepth) {
    let first = -1;
    for (let i = 0; i < reachedAtDepth; i++) {
      if (this.frames[i].identity === identity) {
        first = i;
        break;
      }
    }
    const again = this.pathTo(reachedAtDepth);
    const where = first < 0 ? "an enclosing container" : `the ${describeContainer(identity)} at ${this.pathTo(first)}`;
    return new OutputError(`cycle: ${where} contains itself at ${again}; JSON cannot write a value that contains itself`, {
      code: "CYCLE",
      recordIndex: this.recordIndex,
      path: again
    });
  }
  overBudget() {
    const seen = new Set(this.ancestors);
    for (let i = 0; i < this.depth; i++) {
      const identity = this.frames[i].identity;
      if (seen.has(identity)) return this.cycle(identity, i);
      seen.add(identity);
    }
    const path = this.pathTo(this.depth);
    return new OutputError(
      `output passed maxOutputBytes (${this.limitEnd - this.recordStart} bytes; ${this.pos - this.recordStart} written so far, at ${path}). A small pickle whose shared objects expand without end (a memo bomb) stops here; if this record really is that large, raise the maxOutputBytes option`,
      { code: "LIMIT_EXCEEDED", recordIndex: this.recordIndex, path, limit: "maxOutputBytes" }
    );
  }
  badType(value) {
    return badTypeError(value, this.pathTo(this.depth), this.recordIndex);
  }
};

// ../core/src/classes/pandas/timestamps.ts
var RESO_DIGITS = { 7: 0, 8: 3, 9: 6, 10: 9 };
var NS_RESO = 10;
var NANOS_PER_UNIT = {
  D: 86400000000000n,
  h: 3600000000000n,
  m: 60000000000n,
  s: 1000000000n,
  ms: 1000000n,
  us: 1000n,
  \u03BCs: 1000n,
  ns: 1n
};
function nanosPerReso(qualname, reso) {
  const digits = RESO_DIGITS[reso];
  if (digits === void 0) throw new TypeError(`${qualname}: unknown resolution ${reso}`);
  return 10n ** BigInt(9 - digits);
}
function zoneRule(tzinfo) {
  if (tzinfo === null || tzinfo === void 0) return null;
  const fixed = utcOffsetOf(tzinfo);
  if (fixed !== null) return { fixed: Number(fixed.totalMicroseconds) / 1e6 };
  if (!(tzinfo instanceof PyInstance)) return null;
  const args = tzinfo.args;
  if (isZoneInfoUnpickle(tzinfo.callee)) return typeof args[0] === "string" ? zoneOf(args[0]) : null;
  switch (tzinfo.pyClass) {
    case "pytz._UTC":
    case "dateutil.tz.tz.tzutc":
      return { fixed: 0 };
    case "pytz.FixedOffset":
      return typeof args[0] === "number" ? { fixed: args[0] * 60 } : null;
    case "dateutil.tz.tz.tzoffset":
      return typeof args[1] === "number" ? { fixed: args[1] } : null;
    case "pytz._p":
      return typeof args[0] === "string" ? zoneOf(args[0]) : null;
  }
  return null;
}
var zoneOf = (name) => name === "UTC" ? { fixed: 0 } : { zone: name };
function isZoneInfoUnpickle(callee) {
  return callee instanceof PyInstance && callee.pyClass === "builtins.getattr" && callee.args[0] instanceof PyGlobal && callee.args[0].pyClass === "zoneinfo.ZoneInfo" && callee.args[1] === "_unpickle";
}
var zoneFormats = /* @__PURE__ */ new Map();
function zoneFormat(zone) {
  let format = zoneFormats.get(zone);
  if (format === void 0) {
    try {
      format = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric"
      });
    } catch {
      format = null;
    }
    zoneFormats.set(zone, format);
  }
  return format;
}
var OFFSET_BUCKET_SECONDS = 900;
var ZoneOffsets = class {
  constructor(rule) {
    this.rule = rule;
  }
  rule;
  lastBucket = Number.NaN;
  lastOffset = null;
  /** Offset in seconds at `utcSeconds`, or null when the zone is unknown. */
  at(utcSeconds) {
    const rule = this.rule;
    if (rule === null) return null;
    if ("fixed" in rule) return rule.fixed;
    const bucket = Math.floor(utcSeconds / OFFSET_BUCKET_SECONDS);
    if (bucket === this.lastBucket) return this.lastOffset;
    this.lastBucket = bucket;
    this.lastOffset = zoneOffset(rule.zone, bucket * OFFSET_BUCKET_SECONDS);
    return this.lastOffset;
  }
};
function zoneOffset(zone, utcSeconds) {
  const format = zoneFormat(zone);
  if (format === null || Math.abs(utcSeconds) > 864e10) return null;
  const fields = {};
  for (const part of format.formatToParts(utcSeconds * 1e3)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  const year = fields["relatedYear"] ?? fields["year"];
  const wall = Date.UTC(year, fields["month"] - 1, fields["day"], fields["hour"], fields["minute"], fields["second"]);
  return Math.round(wall / 1e3 - utcSeconds);
}
var pad22 = (value) => value < 10 ? `0${value}` : `${value}`;
function civilFromDays2(days) {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}
function formatYear(year) {
  if (year >= 1e3 && year <= 9999) return `${year}`;
  return year < 0 ? `-${String(-year).padStart(4, "0")}` : String(year).padStart(4, "0");
}
function formatTimestamp(seconds, nanos, offsetSeconds) {
  const days = Math.floor(seconds / 86400);
  const inDay = seconds - days * 86400;
  const [year, month, day] = civilFromDays2(days);
  let text2 = `${formatYear(year)}-${pad22(month)}-${pad22(day)}T${pad22(Math.floor(inDay / 3600))}:${pad22(Math.floor(inDay / 60) % 60)}:${pad22(inDay % 60)}`;
  if (nanos !== 0) {
    text2 += nanos % 1e3 === 0 ? `.${String(nanos / 1e3).padStart(6, "0")}` : `.${String(nanos).padStart(9, "0")}`;
  }
  if (offsetSeconds !== null) text2 += formatOffset(offsetSeconds);
  return text2;
}
function formatOffset(offsetSeconds) {
  const magnitude = Math.abs(offsetSeconds);
  let text2 = `${offsetSeconds < 0 ? "-" : "+"}${pad22(Math.floor(magnitude / 3600))}:${pad22(Math.floor(magnitude / 60) % 60)}`;
  if (magnitude % 60 !== 0) text2 += `:${pad22(magnitude % 60)}`;
  return text2;
}
function formatNanos(totalNanos, offsets) {
  const seconds = Number(totalNanos >= 0n ? totalNanos / 1000000000n : -((-totalNanos + 999999999n) / 1000000000n));
  const nanos = Number(totalNanos - BigInt(seconds) * 1000000000n);
  const offset = offsets === null ? null : offsets.at(seconds);
  return formatTimestamp(offset === null ? seconds : seconds + offset, nanos, offset);
}
var PdTimestamp = class {
  constructor(nanos, tz) {
    this.nanos = nanos;
    this.tz = tz;
  }
  nanos;
  tz;
  pyClass = "pandas._libs.tslibs.timestamps.Timestamp";
  isoformat() {
    const rule = zoneRule(this.tz);
    return formatNanos(this.nanos, rule === null ? null : new ZoneOffsets(rule));
  }
  toPlain() {
    return this.isoformat();
  }
};
function timedeltaSeconds(nanos) {
  const micros = nanos >= 0n ? nanos / 1000n : -((-nanos + 999n) / 1000n);
  if (micros >= -MAX_EXACT && micros <= MAX_EXACT) return timedeltaMicrosSeconds(Number(micros));
  const days = micros >= 0n ? micros / 86400000000n : -((-micros + 86399999999n) / 86400000000n);
  const rest = Number(micros - days * 86400000000n);
  const seconds = Math.floor(rest / 1e6);
  return Number(days) * 86400 + seconds + (rest - seconds * 1e6) / 1e6;
}
var MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);
function timedeltaMicrosSeconds(micros) {
  const days = Math.floor(micros / 864e8);
  const rest = micros - days * 864e8;
  const seconds = Math.floor(rest / 1e6);
  return days * 86400 + seconds + (rest - seconds * 1e6) / 1e6;
}
var PdTimedelta = class {
  constructor(nanos) {
    this.nanos = nanos;
  }
  nanos;
  pyClass = "pandas._libs.tslibs.timedeltas.Timedelta";
  totalSeconds() {
    return timedeltaSeconds(this.nanos);
  }
  toPlain() {
    return plainFloat(this.totalSeconds());
  }
};
var PdMissing = class {
  constructor(pyClass) {
    this.pyClass = pyClass;
  }
  pyClass;
  toPlain() {
    return null;
  }
};
var NAT2 = new PdMissing("pandas._libs.tslibs.nattype.NaTType");
function isMissing(value) {
  return value === null || value instanceof PdMissing || value instanceof PyGlobal && value.pyClass === "pandas._libs.missing.NA";
}
var timestampReconstructor = {
  construct(args) {
    const qualname = "pandas._libs.tslibs.timestamps._unpickle_timestamp";
    expectArgCount(qualname, args, 3, 4);
    const reso = args.length > 3 ? Number(readInt(qualname, args[3])) : NS_RESO;
    return new PdTimestamp(readInt(qualname, args[0]) * nanosPerReso(qualname, reso), args[2] ?? null);
  }
};
var timedeltaReconstructor2 = {
  construct(args) {
    const qualname = "pandas._libs.tslibs.timedeltas._timedelta_unpickle";
    expectArgCount(qualname, args, 1, 2);
    const reso = args.length > 1 ? Number(readInt(qualname, args[1])) : NS_RESO;
    return new PdTimedelta(readInt(qualname, args[0]) * nanosPerReso(qualname, reso));
  }
};
var natReconstructor = {
  construct() {
    return NAT2;
  }
};
var pandasTimeClasses = /* @__PURE__ */ new Map([
  ["pandas._libs.tslibs.timestamps._unpickle_timestamp", timestampReconstructor],
  ["pandas._libs.tslibs.timedeltas._timedelta_unpickle", timedeltaReconstructor2],
  ["pandas._libs.tslibs.nattype.__nat_unpickle", natReconstructor]
]);

// ../core/src/classes/pandas/columns.ts
var ListColumn = class extends ColumnValue {
  constructor(items) {
    super();
    this.items = items;
  }
  items;
  pyClass = "builtins.list";
  get length() {
    return this.items.length;
  }
  at(index) {
    const item = this.items[index];
    return isMissing(item) ? null : item;
  }
};
function numberKind(array) {
  const { kind: kind3, itemsize } = array.dtype;
  if (array.dtype.fields !== null || array.dtype.subarray !== null) return null;
  if (kind3 === "b") return "bool";
  if (kind3 === "i" || kind3 === "u") return "int";
  if (kind3 === "f" && (itemsize === 4 || itemsize === 8)) return "float";
  return null;
}
function arraySlice(array, row) {
  if (row === null) {
    if (array.ndim !== 1) throw new TypeError(`pandas: expected a 1-D array, got shape (${array.shape.join(", ")})`);
    return { data: array.data, start: 0, step: 1, length: array.shape[0] };
  }
  if (array.ndim !== 2) throw new TypeError(`pandas: expected a 2-D block, got shape (${array.shape.join(", ")})`);
  const [rows, columns] = array.shape;
  if (row < 0 || row >= rows) throw new TypeError(`pandas: block row ${row} is outside its ${rows} rows`);
  return array.order === "C" ? { data: array.data, start: row * columns, step: 1, length: columns } : { data: array.data, start: row, step: rows, length: columns };
}
var NumpyColumn = class extends ColumnValue {
  constructor(array, row = null) {
    super();
    this.array = array;
    const slice = arraySlice(array, row);
    this.length = slice.length;
    this.start = slice.start;
    this.step = slice.step;
    this.kind = numberKind(array);
    const dtype = array.dtype;
    if (Array.isArray(slice.data)) {
      const items = slice.data;
      this.read = (index) => {
        const item = items[this.start + index * this.step];
        return isMissing(item) ? null : item;
      };
    } else if (dtype.kind === "M" || dtype.kind === "m") {
      const column = new DatetimeColumn(array, dtype.kind === "M", null, row);
      this.read = (index) => column.at(index);
      this.datetimes = column;
    } else if (this.kind === null) {
      const reader = elementReader(dtype, true);
      const bytes = array.bytes;
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const size2 = dtype.itemsize;
      this.read = (index) => reader(view, (this.start + index * this.step) * size2);
    }
  }
  array;
  pyClass = "numpy.ndarray";
  length;
  start;
  step;
  kind;
  read = null;
  cachedNumbers = null;
  datetimes = null;
  at(index) {
    if (this.read !== null) return this.read(index);
    const numbers = this.numbers();
    const value = numbers.values[index];
    if (typeof value === "bigint") {
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
    }
    if (numbers.kind === "bool") return value !== 0;
    return numbers.kind === "float" ? plainFloat(value) : value;
  }
  asciiWriter() {
    return this.datetimes?.asciiWriter() ?? null;
  }
  numbers() {
    if (this.kind === null) return null;
    if (this.cachedNumbers === null) {
      const data = this.array.data;
      let values;
      if (this.step === 1) {
        values = data.subarray(this.start, this.start + this.length);
      } else {
        const copy = new data.constructor(this.length);
        for (let i = 0; i < this.length; i++) copy[i] = data[this.start + i * this.step];
        values = copy;
      }
      this.cachedNumbers = { values, kind: this.kind, missing: null };
    }
    return this.cachedNumbers;
  }
};
var NAT_BITS = -(2 ** 31);
var QUOTE2 = 34;
var COMMA2 = 44;
var ZERO = 48;
var NULL_TEXT = "null";
var DatetimeColumn = class extends ColumnValue {
  constructor(array, isDatetime, offsets, row = null) {
    super();
    this.isDatetime = isDatetime;
    this.offsets = offsets;
    this.pyClass = isDatetime ? "pandas.core.arrays.datetimes.DatetimeArray" : "pandas.core.arrays.timedeltas.TimedeltaArray";
    const dtype = array.dtype;
    const perUnit = NANOS_PER_UNIT[dtype.unit ?? "generic"];
    if (perUnit === void 0) throw new TypeError(`pandas: datetime64 unit ${dtype.unit} is not supported`);
    this.scale = perUnit * BigInt(dtype.unitCount);
    this.isNanos = this.scale === 1n;
    const slice = arraySlice(array, row);
    this.length = slice.length;
    this.start = slice.start;
    this.step = slice.step;
    const bytes = array.bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.little = !dtype.isBigEndian;
  }
  isDatetime;
  offsets;
  pyClass;
  length;
  view;
  little;
  start;
  step;
  /** Nanoseconds per stored unit, and whether that is 1 (a BigInt compared once, not per element). */
  scale;
  isNanos;
  seconds = 0;
  nanos = 0;
  /** The last date written (`YYYY-MM-DD`) and its day number. */
  dateDays = Number.NaN;
  dateOk = false;
  dateBytes = Uint8Array.from("0000-00-00", (c) => c.charCodeAt(0));
  /** Splits element `index` into `this.seconds` / `this.nanos` (floor); false for NaT. */
  split(index) {
    const at = (this.start + index * this.step) * 8;
    const little = this.little;
    const lo = this.view.getUint32(at + (little ? 0 : 4), little);
    const hi = this.view.getInt32(at + (little ? 4 : 0), little);
    if (hi === NAT_BITS && lo === 0) return false;
    if (this.isNanos) {
      let seconds = Math.floor((hi * 4294967296 + lo) / 1e9);
      let nanos = lo - Math.imul(seconds, 1e9) | 0;
      while (nanos < 0) {
        seconds -= 1;
        nanos += 1e9;
      }
      while (nanos >= 1e9) {
        seconds += 1;
        nanos -= 1e9;
      }
      this.seconds = seconds;
      this.nanos = nanos;
    } else {
      const total = this.view.getBigInt64(at, little) * this.scale;
      const whole = total >= 0n ? total / 1000000000n : -((-total + 999999999n) / 1000000000n);
      this.seconds = Number(whole);
      this.nanos = Number(total - whole * 1000000000n);
    }
    return true;
  }
  /** Seconds of a timedelta element, as `Timedelta.total_seconds()` gives them (see timedeltaSeconds). */
  deltaSeconds() {
    const micros = this.seconds * 1e6 + Math.floor(this.nanos / 1e3);
    if (Math.abs(micros) <= Number.MAX_SAFE_INTEGER) return timedeltaMicrosSeconds(micros);
    return timedeltaSeconds(BigInt(this.seconds) * 1000000000n + BigInt(this.nanos));
  }
  at(index) {
    if (!this.split(index)) return null;
    if (!this.isDatetime) return plainFloat(this.deltaSeconds());
    const offset = this.offsets === null ? null : this.offsets.at(this.seconds);
    return formatTimestamp(offset === null ? this.seconds : this.seconds + offset, this.nanos, offset);
  }
  asciiWriter() {
    return {
      maxBytes: 48,
      write: (index, out, pos) => this.writeAscii(index, out, pos),
      writeRun: (from, to, out, pos) => {
        for (let i = from; i < to; i++) {
          if (i > 0) out[pos++] = COMMA2;
          pos = this.writeAscii(i, out, pos);
        }
        return pos;
      }
    };
  }
  writeAscii(index, out, pos) {
    if (!this.split(index)) return writeText(out, pos, NULL_TEXT);
    if (!this.isDatetime) return writeFloat(out, pos, this.deltaSeconds());
    const offset = this.offsets === null ? null : this.offsets.at(this.seconds);
    const wall = offset === null ? this.seconds : this.seconds + offset;
    const days = Math.floor(wall / 86400);
    if (days !== this.dateDays) {
      const [year, month, day] = civilFromDays2(days);
      this.dateDays = days;
      this.dateOk = year >= 1e3 && year <= 9999;
      writeDigits2(this.dateBytes, 0, year, 4);
      writeDigits2(this.dateBytes, 5, month, 2);
      writeDigits2(this.dateBytes, 8, day, 2);
    }
    if (!this.dateOk || offset !== null) {
      out[pos++] = QUOTE2;
      pos = writeText(out, pos, formatTimestamp(wall, this.nanos, offset));
      out[pos++] = QUOTE2;
      return pos;
    }
    const inDay = wall - days * 86400 | 0;
    out[pos++] = QUOTE2;
    const date = this.dateBytes;
    for (let i = 0; i < 10; i++) out[pos++] = date[i];
    out[pos++] = 84;
    const minutes = inDay / 60 | 0;
    const hours = minutes / 60 | 0;
    pos = writeTwoDigits(out, pos, hours);
    out[pos++] = 58;
    pos = writeTwoDigits(out, pos, minutes - hours * 60);
    out[pos++] = 58;
    pos = writeTwoDigits(out, pos, inDay - minutes * 60);
    const nanos = this.nanos | 0;
    if (nanos !== 0) {
      out[pos++] = 46;
      const micros = nanos / 1e3 | 0;
      pos = nanos === micros * 1e3 ? writeSixDigits(out, pos, micros) : writeDigits2(out, pos, nanos, 9);
    }
    out[pos++] = QUOTE2;
    return pos;
  }
};
function writeDigits2(out, pos, value, width) {
  let rest = value | 0;
  for (let i = width - 1; i >= 0; i--) {
    const next = rest / 10 | 0;
    out[pos + i] = ZERO + rest - next * 10;
    rest = next;
  }
  return pos + width;
}
function writeText(out, pos, text2) {
  for (let i = 0; i < text2.length; i++) out[pos++] = text2.charCodeAt(i);
  return pos;
}
function toColumn(values, row = null) {
  if (values instanceof ColumnValue && row === null) {
    if (!values.isReady) {
      if (values.isUnknown === true) throw new UnknownValuesError(values.pyClass);
      throw new TypeError(`pandas: ${values.pyClass} is not a one-dimensional array with values`);
    }
    return values;
  }
  if (values instanceof RowsSource) return values.row(row ?? 0);
  if (values instanceof NdArray) return new NumpyColumn(values, row);
  if (Array.isArray(values) && row === null) return new ListColumn(values);
  if (values instanceof PyInstance) throw new UnknownValuesError(values.pyClass);
  throw new TypeError(`pandas: cannot read column values from ${describeValue(values)}`);
}
var UnknownValuesError = class extends TypeError {
  constructor(valuesClass) {
    super(`pandas: column values of ${valuesClass} are not rebuilt`);
    this.valuesClass = valuesClass;
  }
  valuesClass;
};
var RowsSource = class extends ColumnValue {
};

// ../core/src/classes/pandas/categorical.ts
var CategoricalColumn = class extends ColumnValue {
  pyClass = "pandas.core.arrays.categorical.Categorical";
  codes;
  categories;
  /** asciiWriter's answer, once asked (undefined: not yet). */
  cachedWriter = void 0;
  constructor(codes, categories) {
    super();
    if (codes.dtype.kind !== "i" && codes.dtype.kind !== "u") {
      throw new TypeError(`pandas Categorical: codes must be integers, got ${codes.dtype}`);
    }
    if (!(categories instanceof ColumnValue)) {
      throw new TypeError(`pandas Categorical: its dtype has no categories Index (got ${describeValue(categories)})`);
    }
    this.codes = new NumpyColumn(codes);
    this.categories = categories;
    const count2 = categories.length;
    for (let i = 0; i < this.codes.length; i++) {
      const code = this.codes.at(i);
      if (code < -1 || code >= count2) throw new TypeError(`pandas Categorical: code ${code} does not name one of its ${count2} categories`);
    }
  }
  get length() {
    return this.codes.length;
  }
  at(index) {
    const code = this.codes.at(index);
    return code < 0 ? null : this.categories.at(code);
  }
  /**
   * Each element's JSON copied from its category's, written once (a frame's category column is
   * millions of elements over a few labels): when every category's JSON is short. Null (the
   * element-by-element path) for long ones, or categories JSON cannot write.
   */
  asciiWriter() {
    if (this.cachedWriter === void 0) this.cachedWriter = this.makeAsciiWriter();
    return this.cachedWriter;
  }
  makeAsciiWriter() {
    const count2 = this.categories.length;
    if (count2 > MAX_COPIED_CATEGORIES) return null;
    const json = new JsonWriter();
    const texts = [];
    let maxBytes = NULL_JSON.length;
    try {
      for (let code = 0; code < count2; code++) {
        json.append(this.categories.at(code), MAX_CATEGORY_JSON_BYTES);
        const text2 = json.take();
        texts.push(text2);
        if (text2.length > maxBytes) maxBytes = text2.length;
      }
    } catch {
      return null;
    }
    const codes = this.codes.numbers();
    if (codes === null) return null;
    const values = codes.values;
    const write = (index, out, pos) => {
      const code = Number(values[index]);
      const text2 = code < 0 ? NULL_JSON : texts[code];
      for (let i = 0; i < text2.length; i++) out[pos++] = text2[i];
      return pos;
    };
    return {
      maxBytes,
      write,
      writeRun: (from, to, out, pos) => {
        for (let index = from; index < to; index++) {
          if (index > 0) out[pos++] = 44;
          pos = write(index, out, pos);
        }
        return pos;
      }
    };
  }
};
var MAX_COPIED_CATEGORIES = 65536;
var MAX_CATEGORY_JSON_BYTES = 256;
var NULL_JSON = Uint8Array.from("null", (c) => c.charCodeAt(0));

// ../core/src/classes/pandas/state.ts
function stateGet(state, key) {
  return isDictValue(state) ? dictGet(state, key) : void 0;
}
function stateRequire(qualname, state, key) {
  if (!isDictValue(state)) throw new TypeError(`${qualname}: state must be a dict, got ${describeValue(state)}`);
  const value = dictGet(state, key);
  if (value === void 0) throw new TypeError(`${qualname}: state has no "${key}"`);
  return value;
}
function className2(qualname, value) {
  if (value instanceof PyGlobal) return value.pyClass;
  throw new TypeError(`${qualname}: expected a class, got ${describeValue(value)}`);
}
function shortName(pyClass) {
  return pyClass.slice(pyClass.lastIndexOf(".") + 1);
}

// ../core/src/classes/pandas/arrays.ts
function unbuilt(pyClass, state) {
  const plain = createDict();
  plain["__class__"] = pyClass;
  if (state !== void 0) plain["__state__"] = state;
  return plain;
}
var KNOWN_BACKED = /* @__PURE__ */ new Set(["DatetimeArray", "TimedeltaArray", "Categorical", "StringArray", "PandasArray", "NumpyExtensionArray"]);
var PdDtype = class {
  constructor(pyClass) {
    this.pyClass = pyClass;
  }
  pyClass;
  state = null;
  setState(state) {
    this.state = state;
  }
  get(key) {
    return stateGet(this.state, key);
  }
  /** `str(dtype)`: `"category"`, `"datetime64[ns, UTC]"`, `"Int64"`, `"boolean"`, `"string"`. */
  toString() {
    const name = shortName(this.pyClass);
    if (name === "CategoricalDtype") return "category";
    if (name === "DatetimeTZDtype") return `datetime64[${String(this.get("unit") ?? "ns")}, ${zoneName(this.get("tz"))}]`;
    if (name === "BooleanDtype") return "boolean";
    if (name === "StringDtype") return "string";
    return name.endsWith("Dtype") ? name.slice(0, -"Dtype".length) : name;
  }
  toPlain() {
    return this.toString();
  }
};
function zoneName(tz) {
  const rule = zoneRule(tz);
  if (rule === null) return "?";
  return "zone" in rule ? rule.zone : rule.fixed === 0 ? "UTC" : `${rule.fixed}s`;
}
var PdBackedArray = class extends ColumnValue {
  constructor(pyClass) {
    super();
    this.pyClass = pyClass;
  }
  pyClass;
  dtype = null;
  ndarray = null;
  /** A backed array of a class we do not read (PeriodArray...): shown as its pickled state. */
  isUnknown = false;
  whole = null;
  /** `(dtype, ndarray, attributes)` (either order of the first two) or `{"_ndarray"|"_data", "_dtype", ...}`. */
  setState(state) {
    const qualname = this.pyClass;
    let data;
    let dtype;
    if (Array.isArray(state)) {
      if (state.length === 1) return this.setState(state[0]);
      if (state.length !== 3) throw new TypeError(`${qualname}: state must be (dtype, ndarray, attributes), got ${state.length} items`);
      [dtype, data] = state[1] instanceof NdArray ? [state[0], state[1]] : [state[1], state[0]];
    } else {
      data = stateGet(state, "_ndarray") ?? stateGet(state, "_data");
      dtype = stateRequire(qualname, state, "_dtype");
    }
    if (!(data instanceof NdArray)) throw new TypeError(`${qualname}: backing data must be a numpy array, got ${describeValue(data)}`);
    this.ndarray = data;
    this.dtype = dtype ?? null;
    this.isUnknown = !KNOWN_BACKED.has(shortName(this.pyClass));
    if (data.ndim === 1 && !this.isUnknown) this.wholeColumn();
  }
  get columnCount() {
    return this.requireArray().ndim === 2 ? this.requireArray().shape[0] : 1;
  }
  column(row) {
    const array = this.requireArray();
    if (array.ndim === 1) {
      if (row !== 0) throw new TypeError(`${this.pyClass}: a 1-D array holds one column, not ${row + 1}`);
      return this.wholeColumn();
    }
    return this.makeColumn(row);
  }
  /** A 1-D array with its state: one column (a 2-d block array is its rows, see `column`). */
  get isReady() {
    return this.ndarray !== null && this.ndarray.ndim === 1 && !this.isUnknown;
  }
  get length() {
    return this.wholeColumn().length;
  }
  at(index) {
    return this.wholeColumn().at(index);
  }
  numbers() {
    return this.wholeColumn().numbers();
  }
  asciiWriter() {
    return this.wholeColumn().asciiWriter();
  }
  toPlain() {
    if (this.ndarray === null) return unbuilt(this.pyClass);
    if (this.isUnknown) return unbuilt(this.pyClass, [this.dtype, this.ndarray]);
    if (this.ndarray.ndim !== 1) return Array.from({ length: this.columnCount }, (_, row) => this.column(row).toPlain());
    return super.toPlain();
  }
  wholeColumn() {
    this.whole ??= this.makeColumn(null);
    return this.whole;
  }
  requireArray() {
    if (this.ndarray === null) throw new TypeError(`${this.pyClass}: the pickle set no state`);
    return this.ndarray;
  }
  makeColumn(row) {
    const array = this.requireArray();
    switch (shortName(this.pyClass)) {
      case "DatetimeArray": {
        const tz = this.dtype instanceof PdDtype ? this.dtype.get("tz") : void 0;
        const rule = zoneRule(tz ?? null);
        return new DatetimeColumn(array, true, rule === null ? null : new ZoneOffsets(rule), row);
      }
      case "TimedeltaArray":
        return new DatetimeColumn(array, false, null, row);
      case "Categorical":
        if (row !== null) throw new TypeError(`${this.pyClass}: a Categorical is one column`);
        return new CategoricalColumn(array, this.dtype instanceof PdDtype ? this.dtype.get("categories") : void 0);
      case "StringArray":
      case "PandasArray":
      case "NumpyExtensionArray":
        return new NumpyColumn(array, row);
      default:
        throw new UnknownValuesError(this.pyClass);
    }
  }
};
var PdMaskedArray = class extends ColumnValue {
  constructor(pyClass) {
    super();
    this.pyClass = pyClass;
  }
  pyClass;
  data = null;
  mask = null;
  columnCount = 1;
  setState(state) {
    const qualname = this.pyClass;
    const data = stateRequire(qualname, state, "_data");
    const mask = stateRequire(qualname, state, "_mask");
    if (!(data instanceof NdArray) || !(mask instanceof NdArray) || mask.dtype.kind !== "b" || data.ndim !== 1) {
      throw new TypeError(`${qualname}: _data and _mask must be 1-D numpy arrays (mask of bools)`);
    }
    if (mask.size !== data.size) throw new TypeError(`${qualname}: _mask has ${mask.size} elements for ${data.size} values`);
    this.data = new NumpyColumn(data);
    this.mask = mask.data;
  }
  column(row) {
    if (row !== 0) throw new TypeError(`${this.pyClass}: a masked array is one column`);
    return this;
  }
  get isReady() {
    return this.data !== null;
  }
  toPlain() {
    return this.isReady ? super.toPlain() : unbuilt(this.pyClass);
  }
  requireData() {
    if (this.data === null) throw new TypeError(`${this.pyClass}: the pickle set no state`);
    return this.data;
  }
  get length() {
    return this.requireData().length;
  }
  at(index) {
    return this.mask[index] ? null : this.requireData().at(index);
  }
  numbers() {
    const numbers = this.requireData().numbers();
    return numbers === null ? null : { ...numbers, missing: this.mask };
  }
};
var ndarrayBackedReconstructor = {
  construct(args) {
    const qualname = "pandas._libs.arrays.__pyx_unpickle_NDArrayBacked";
    expectArgCount(qualname, args, 2, 3);
    const array = new PdBackedArray(className2(qualname, args[0]));
    if (args[2] !== void 0 && args[2] !== null) array.setState(args[2]);
    return array;
  }
};
var stateful = (make) => (qualname) => [
  qualname,
  {
    construct(args) {
      if (args.length > 0) {
        return new PyInstance(qualname.slice(0, qualname.lastIndexOf(".")), shortName(qualname), args);
      }
      return make(qualname);
    }
  }
];
var DTYPES = [
  "pandas.core.dtypes.dtypes.CategoricalDtype",
  "pandas.core.dtypes.dtypes.DatetimeTZDtype",
  "pandas.core.arrays.boolean.BooleanDtype",
  "pandas.core.arrays.string_.StringDtype",
  ...["Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64"].map((name) => `pandas.core.arrays.integer.${name}Dtype`),
  ...["Float32", "Float64"].map((name) => `pandas.core.arrays.floating.${name}Dtype`)
];
var MASKED_ARRAYS = ["pandas.core.arrays.integer.IntegerArray", "pandas.core.arrays.floating.FloatingArray", "pandas.core.arrays.boolean.BooleanArray"];
var pandasArrayClasses = new Map([
  ["pandas._libs.arrays.__pyx_unpickle_NDArrayBacked", ndarrayBackedReconstructor],
  ...DTYPES.map(stateful((qualname) => new PdDtype(qualname))),
  ...MASKED_ARRAYS.map(stateful((qualname) => new PdMaskedArray(qualname)))
]);

// ../core/src/classes/pandas/index.ts
var PdIndex = class extends ColumnValue {
  constructor(pyClass, labels, names2) {
    super();
    this.pyClass = pyClass;
    this.labels = labels;
    this.names = names2;
  }
  pyClass;
  labels;
  names;
  get length() {
    return this.labels.length;
  }
  at(index) {
    return this.labels.at(index);
  }
  numbers() {
    return this.labels.numbers();
  }
  asciiWriter() {
    return this.labels.asciiWriter();
  }
  /** True for `RangeIndex(start=0, step=1, name=None)`: the index pandas gives a frame by default. */
  get isDefaultRange() {
    return this.labels instanceof RangeColumn && this.labels.start === 0 && this.labels.step === 1 && this.names[0] === null;
  }
};
var MAX_RANGE_LENGTH = 2 ** 32 - 1;
var RangeColumn = class extends ColumnValue {
  constructor(start, stop, step) {
    super();
    this.start = start;
    this.step = step;
    if (step === 0) throw new TypeError("pandas RangeIndex: step must not be zero");
    this.length = Math.max(0, Math.ceil((stop - start) / step));
    if (!(this.length <= MAX_RANGE_LENGTH)) throw new TypeError(`pandas RangeIndex: ${this.length} labels is more than ${MAX_RANGE_LENGTH}`);
  }
  start;
  step;
  pyClass = "builtins.range";
  length;
  at(index) {
    return this.start + index * this.step;
  }
  asciiWriter() {
    const { start, step } = this;
    return {
      maxBytes: 17,
      write: (index, out, pos) => writeIntDigits(out, pos, start + index * step),
      writeRun: (from, to, out, pos) => {
        for (let index = from; index < to; index++) {
          if (index > 0) out[pos++] = 44;
          const label = start + index * step;
          pos = label > -2147483648 && label < 2147483648 ? writeSmallInt(out, pos, label) : writeIntDigits(out, pos, label);
        }
        return pos;
      }
    };
  }
};
var MultiColumn = class extends ColumnValue {
  constructor(levels, codes) {
    super();
    this.levels = levels;
    this.codes = codes;
    if (levels.length !== codes.length) throw new TypeError(`pandas MultiIndex: ${levels.length} levels but ${codes.length} code arrays`);
    this.length = codes[0]?.length ?? 0;
    this.floatLevels = codes.map((level, k) => {
      if (level.length !== this.length) throw new TypeError("pandas MultiIndex: code arrays differ in length");
      let hasMissing = false;
      for (let i = 0; i < level.length; i++) {
        const code = level.at(i);
        if (code < -1 || code >= levels[k].length) throw new TypeError(`pandas MultiIndex: code ${code} is not a label of level ${k}`);
        if (code === -1) hasMissing = true;
      }
      return hasMissing && levels[k].numbers()?.kind === "int";
    });
  }
  levels;
  codes;
  pyClass = "pandas.core.indexes.multi.MultiIndex";
  length;
  floatLevels;
  at(index) {
    return markTuple(
      this.levels.map((level, k) => {
        const code = this.codes[k].at(index);
        if (code < 0) return null;
        const label = level.at(code);
        return this.floatLevels[k] && typeof label === "number" ? plainFloat(label) : label;
      })
    );
  }
};
function readNumber2(qualname, value, fallback) {
  if (value === void 0 || value === null) return fallback;
  if (typeof value !== "number") throw new TypeError(`${qualname}: expected an int, got ${describeValue(value)}`);
  return value;
}
function listOf(qualname, value, what) {
  if (!Array.isArray(value)) throw new TypeError(`${qualname}: ${what} must be a list, got ${describeValue(value)}`);
  return value;
}
function labelsOf(qualname, data, tz) {
  if (data instanceof NdArray && (data.dtype.kind === "M" || data.dtype.kind === "m")) {
    const rule = data.dtype.kind === "M" ? zoneRule(tz ?? null) : null;
    return new DatetimeColumn(data, data.dtype.kind === "M", rule === null ? null : new ZoneOffsets(rule));
  }
  try {
    return toColumn(data);
  } catch (error) {
    throw new TypeError(`${qualname}: ${error.message}`);
  }
}
function newIndex(qualname, cls, d) {
  switch (shortName(cls)) {
    case "RangeIndex": {
      const start = readNumber2(qualname, stateGet(d, "start"), 0);
      const stop = readNumber2(qualname, stateGet(d, "stop"), 0);
      const step = readNumber2(qualname, stateGet(d, "step"), 1);
      return new PdIndex(cls, new RangeColumn(start, stop, step), [stateGet(d, "name") ?? null]);
    }
    case "MultiIndex": {
      const levels = listOf(qualname, stateRequire(qualname, d, "levels"), "levels").map((level) => {
        if (!(level instanceof ColumnValue)) throw new TypeError(`${qualname}: a level must be an Index, got ${describeValue(level)}`);
        return level;
      });
      const codes = listOf(qualname, stateRequire(qualname, d, "codes"), "codes").map((level) => {
        if (!(level instanceof NdArray) || level.ndim !== 1 || level.dtype.kind !== "i" && level.dtype.kind !== "u") {
          throw new TypeError(`${qualname}: codes must be 1-D integer arrays, got ${describeValue(level)}`);
        }
        return new NumpyColumn(level);
      });
      const names2 = stateGet(d, "names");
      return new PdIndex(cls, new MultiColumn(levels, codes), Array.isArray(names2) ? names2 : levels.map(() => null));
    }
    default:
      return new PdIndex(cls, labelsOf(qualname, stateRequire(qualname, d, "data"), stateGet(d, "tz")), [stateGet(d, "name") ?? null]);
  }
}
function indexReconstructor(qualname) {
  return {
    construct(args) {
      expectArgCount(qualname, args, 1, 2);
      return newIndex(qualname, className2(qualname, args[0]), args[1]);
    }
  };
}
var pandasIndexClasses = /* @__PURE__ */ new Map([
  ["pandas.core.indexes.base._new_Index", indexReconstructor("pandas.core.indexes.base._new_Index")],
  ["pandas.core.indexes.datetimes._new_DatetimeIndex", indexReconstructor("pandas.core.indexes.datetimes._new_DatetimeIndex")]
]);

// ../core/src/classes/pandas/frame.ts
var PdBlock = class {
  constructor(values, placement) {
    this.values = values;
    this.placement = placement;
  }
  values;
  placement;
  pyClass = "pandas._libs.internals.Block";
  positions() {
    return readPlacement(this.pyClass, this.placement);
  }
  toPlain() {
    return [this.values, this.placement];
  }
};
function readPlacement(qualname, value) {
  if (typeof value === "number") return [value];
  if (value instanceof PyInstance && value.pyClass === "builtins.slice") {
    const [start, stop, step] = value.args;
    const from = typeof start === "number" ? start : 0;
    const by = typeof step === "number" ? step : 1;
    if (typeof stop !== "number" || by <= 0) throw new TypeError(`${qualname}: placement slice must have a stop and a positive step`);
    const positions = [];
    for (let i = from; i < stop; i += by) positions.push(i);
    return positions;
  }
  if (value instanceof NdArray && value.ndim === 1 && (value.dtype.kind === "i" || value.dtype.kind === "u")) {
    const column = new NumpyColumn(value);
    return Array.from({ length: column.length }, (_, i) => Number(column.at(i)));
  }
  if (Array.isArray(value) && value.every((item) => typeof item === "number")) return value;
  throw new TypeError(`${qualname}: cannot read a block placement from ${describeValue(value)}`);
}
function blockColumns(qualname, values, count2) {
  let columns;
  if (values instanceof NdArray && values.ndim === 2) {
    columns = Array.from({ length: values.shape[0] }, (_, row) => new NumpyColumn(values, row));
  } else if (values instanceof PdBackedArray && values.isUnknown) {
    throw new UnknownValuesError(values.pyClass);
  } else if (values instanceof PdBackedArray && values.ndarray?.ndim === 2) {
    columns = Array.from({ length: values.columnCount }, (_, row) => values.column(row));
  } else if (values instanceof PdMaskedArray || values instanceof ColumnValue || values instanceof NdArray) {
    columns = [toColumn(values)];
  } else {
    if (values instanceof PyInstance) throw new UnknownValuesError(values.pyClass);
    throw new TypeError(`${qualname}: cannot read block values from ${describeValue(values)}`);
  }
  if (columns.length !== count2) throw new TypeError(`${qualname}: a block holds ${columns.length} columns but is placed at ${count2}`);
  return columns;
}
function legacyState(qualname, state) {
  if (!Array.isArray(state) || state.length < 4) throw new TypeError(`${qualname}: state must be (axes, values, items, extra), got ${describeValue(state)}`);
  const extra = stateRequire(qualname, state[3], "0.14.1");
  const axes = stateRequire(qualname, extra, "axes");
  const blocks = stateRequire(qualname, extra, "blocks");
  if (!Array.isArray(axes) || !Array.isArray(blocks)) throw new TypeError(`${qualname}: axes and blocks must be lists`);
  return {
    axes,
    blocks: blocks.map((block) => new PdBlock(stateRequire(qualname, block, "values"), stateRequire(qualname, block, "mgr_locs")))
  };
}
function readIndex(qualname, value, what) {
  if (value instanceof PdIndex) return value;
  throw new TypeError(`${qualname}: ${what} must be a pandas Index, got ${describeValue(value)}`);
}
function readBlocks(qualname, value) {
  if (!Array.isArray(value)) throw new TypeError(`${qualname}: blocks must be a tuple, got ${describeValue(value)}`);
  return value.map((block) => {
    if (!(block instanceof PdBlock)) throw new TypeError(`${qualname}: expected blocks, got ${describeValue(block)}`);
    return block;
  });
}
var PdBlockManager = class {
  constructor(pyClass) {
    this.pyClass = pyClass;
  }
  pyClass;
  axes = [];
  blocks = [];
  setAxesAndBlocks(axes, blocks) {
    this.axes = axes.map((axis, i) => readIndex(this.pyClass, axis, `axis ${i}`));
    this.blocks = blocks;
  }
  setState(state) {
    const { axes, blocks } = legacyState(this.pyClass, state);
    this.setAxesAndBlocks(axes, blocks);
  }
  /** The columns in axis-0 order (a frame's), checked: every position filled once, every length the index's. */
  columns(rowCount, columnCount) {
    const columns = new Array(columnCount);
    for (const block of this.blocks) {
      const positions = block.positions();
      const made = blockColumns(this.pyClass, block.values, positions.length);
      positions.forEach((position, i) => {
        if (position < 0 || position >= columnCount || columns[position] !== void 0) {
          throw new TypeError(`${this.pyClass}: block placement ${position} is outside the columns or placed twice`);
        }
        const column = made[i];
        if (column.length !== rowCount) throw new TypeError(`${this.pyClass}: a column has ${column.length} values for ${rowCount} index labels`);
        columns[position] = column;
      });
    }
    const missing = columns.indexOf(void 0);
    if (missing >= 0 || columns.length !== columnCount) throw new TypeError(`${this.pyClass}: no block holds column ${missing}`);
    return columns;
  }
  toPlain() {
    return [this.axes, this.blocks];
  }
};
var PdDataFrame = class {
  pyClass;
  index = null;
  columnIndex = null;
  columns = [];
  /** Everything else BUILD set (`attrs`, `_flags`, ...). */
  state = void 0;
  constructor(pyClass = "pandas.core.frame.DataFrame") {
    this.pyClass = pyClass;
  }
  setState(state) {
    const qualname = this.pyClass;
    const dict = Array.isArray(state) && state.length === 2 && stateGet(state[0], "_mgr") !== void 0 ? state[0] : state;
    const manager = stateRequire(qualname, dict, "_mgr");
    if (!(manager instanceof PdBlockManager) || manager.axes.length !== 2) {
      throw new TypeError(`${qualname}: _mgr must be a 2-D BlockManager, got ${describeValue(manager)}`);
    }
    const [columnIndex, index] = manager.axes;
    this.state = dict ?? null;
    try {
      this.columns = manager.columns(index.length, columnIndex.length);
    } catch (error) {
      if (error instanceof UnknownValuesError) return;
      throw error;
    }
    this.index = index;
    this.columnIndex = columnIndex;
  }
  require() {
    if (this.index === null || this.columnIndex === null) throw new TypeError(`${this.pyClass}: the pickle set no state`);
    return { index: this.index, columnIndex: this.columnIndex };
  }
  /** Column names in order (`df.columns.tolist()`). */
  get columnNames() {
    const { columnIndex } = this.require();
    return Array.from({ length: columnIndex.length }, (_, i) => columnIndex.at(i));
  }
  get rowCount() {
    return this.require().index.length;
  }
  toColumns() {
    const { index } = this.require();
    const names2 = this.columnNames;
    const columns = /* @__PURE__ */ new Map();
    this.columns.forEach((column, i) => {
      const numbers = column.numbers();
      columns.set(names2[i], numbers !== null && numbers.missing === null ? numbers.values : column.toPlain());
    });
    return { index: index.toPlain(), columns };
  }
  toPlain() {
    if (this.index === null) return unbuilt(this.pyClass, this.state);
    const { index } = this.require();
    const names2 = this.columnNames;
    const columns = /* @__PURE__ */ new Map();
    this.columns.forEach((column, i) => {
      columns.set(names2[i], column);
    });
    const plain = /* @__PURE__ */ new Map([
      ["index", index],
      ["columns", columns]
    ]);
    return plain;
  }
};
function managerReconstructor(qualname) {
  return {
    construct(args) {
      expectArgCount(qualname, args, 0, 3);
      const manager = new PdBlockManager(qualname);
      if (args.length === 0) return manager;
      const [blocks, axes] = args;
      if (qualname.endsWith("SingleBlockManager")) {
        if (!(blocks instanceof PdBlock)) throw new TypeError(`${qualname}: expected a block, got ${describeValue(blocks)}`);
        manager.setAxesAndBlocks([axes ?? null], [blocks]);
        return manager;
      }
      if (!Array.isArray(axes)) throw new TypeError(`${qualname}: axes must be a list, got ${describeValue(axes)}`);
      manager.setAxesAndBlocks(axes, readBlocks(qualname, blocks));
      return manager;
    }
  };
}
var blockReconstructor = {
  construct(args) {
    const qualname = "pandas._libs.internals._unpickle_block";
    expectArgCount(qualname, args, 2, 3);
    return new PdBlock(args[0], args[1]);
  }
};
var frameReconstructor = {
  construct(args) {
    if (args.length > 0) return new PyInstance("pandas.core.frame", "DataFrame", args);
    return new PdDataFrame();
  }
};
var pandasFrameClasses = new Map([
  ["pandas.core.frame.DataFrame", frameReconstructor],
  ["pandas._libs.internals._unpickle_block", blockReconstructor],
  ...["BlockManager", "SingleBlockManager"].map((name) => [
    `pandas.core.internals.managers.${name}`,
    managerReconstructor(`pandas.core.internals.managers.${name}`)
  ])
]);

// ../core/src/classes/pandas/series.ts
var PdSeries = class {
  pyClass = "pandas.core.series.Series";
  name = null;
  index = null;
  values = null;
  /** The BUILD state as pickled (shown when the values are of a class we do not rebuild). */
  state = void 0;
  setState(state) {
    const qualname = this.pyClass;
    const dict = Array.isArray(state) && state.length === 2 && stateGet(state[0], "_mgr") !== void 0 ? state[0] : state;
    const manager = stateRequire(qualname, dict, "_mgr");
    if (!(manager instanceof PdBlockManager) || manager.axes.length !== 1 || manager.blocks.length !== 1) {
      throw new TypeError(`${qualname}: _mgr must be a SingleBlockManager, got ${describeValue(manager)}`);
    }
    const index = manager.axes[0];
    this.state = dict ?? null;
    let values;
    try {
      values = toColumn(manager.blocks[0].values);
    } catch (error) {
      if (error instanceof UnknownValuesError) return;
      throw error;
    }
    if (values.length !== index.length) throw new TypeError(`${qualname}: ${values.length} values for ${index.length} index labels`);
    this.values = values;
    this.index = index;
    this.name = stateGet(dict, "name") ?? stateGet(dict, "_name") ?? null;
  }
  toPlain() {
    if (this.index === null || this.values === null) return unbuilt(this.pyClass, this.state);
    const plain = createDict();
    plain["name"] = this.name;
    plain["index"] = this.index;
    plain["values"] = this.values;
    return plain;
  }
};
var seriesReconstructor = {
  construct(args) {
    if (args.length > 0) return new PyInstance("pandas.core.series", "Series", args);
    return new PdSeries();
  }
};
var pandasSeriesClasses = /* @__PURE__ */ new Map([["pandas.core.series.Series", seriesReconstructor]]);

// ../core/src/classes/pandas/registry.ts
var pandasClasses = new Map([
  ...pandasTimeClasses,
  ...pandasArrayClasses,
  ...pandasIndexClasses,
  ...pandasFrameClasses,
  ...pandasSeriesClasses
]);

// ../core/src/classes/pathlib.ts
var PyPath = class {
  constructor(pyClass, flavour, parts) {
    this.pyClass = pyClass;
    this.flavour = flavour;
    this.text = flavour === "posix" ? joinPosix(parts) : joinWindows(parts);
  }
  pyClass;
  flavour;
  text;
  toString() {
    return this.text;
  }
  toPlain() {
    return this.text;
  }
  /** `cls(str(self))`: Python pickles the parts, and the joined text parses back to the same parts. */
  reduceForPickle() {
    const dot = this.pyClass.lastIndexOf(".");
    return { callable: [this.pyClass.slice(0, dot), this.pyClass.slice(dot + 1)], args: [this.text] };
  }
};
var isComponent = (name) => name !== "" && name !== ".";
function joinPosix(parts) {
  let root = "";
  let names2 = [];
  for (const part of parts) {
    if (part.startsWith("/")) {
      root = part.startsWith("//") && !part.startsWith("///") ? "//" : "/";
      names2 = [];
    }
    names2.push(...part.split("/").filter(isComponent));
  }
  return root + names2.join("/") || ".";
}
function splitWindowsRoot(part) {
  if (part.startsWith("\\\\") && part[2] !== "\\") {
    const index = part.indexOf("\\", 2);
    if (index !== -1) {
      let index2 = part.indexOf("\\", index + 1);
      if (index2 !== index + 1) {
        if (index2 === -1) index2 = part.length;
        return [part.slice(0, index2), "\\", part.slice(index2 + 1)];
      }
    }
  }
  let drive = "";
  let rest = part;
  if (/^[a-z]:/i.test(rest)) {
    drive = rest.slice(0, 2);
    rest = rest.slice(2);
  }
  if (rest.startsWith("\\")) return [drive, "\\", rest.replace(/^\\+/, "")];
  return [drive, "", rest];
}
function joinWindows(parts) {
  let drive = "";
  let root = "";
  let names2 = [];
  for (const part of parts) {
    const [partDrive, partRoot, rest] = splitWindowsRoot(part.replace(/\//g, "\\"));
    if (partRoot !== "" || partDrive !== "") {
      if (partDrive !== "") drive = partDrive;
      root = partRoot;
      names2 = [];
    }
    names2.push(...rest.split("\\").filter(isComponent));
  }
  return drive + root + names2.join("\\") || ".";
}
function pathReconstructor(qualname, flavour) {
  return {
    construct: (args) => new PyPath(qualname, flavour, args.map((part) => readString(qualname, part)))
  };
}
var CLASS_FLAVOURS = [
  ["PurePath", "posix"],
  ["Path", "posix"],
  ["PurePosixPath", "posix"],
  ["PosixPath", "posix"],
  ["PureWindowsPath", "windows"],
  ["WindowsPath", "windows"]
];
var pathlibClasses = new Map(
  CLASS_FLAVOURS.flatMap(
    ([name, flavour]) => ["pathlib", "pathlib._local"].map((module) => [
      `${module}.${name}`,
      pathReconstructor(`${module}.${name}`, flavour)
    ])
  )
);

// ../core/src/classes/joblib.ts
function hasRawPayload(value) {
  return value instanceof JoblibArrayWrapper && value.isBuilt;
}
var JoblibArrayWrapper = class {
  pyClass = "joblib.numpy_pickle.NumpyArrayWrapper";
  isBuilt = false;
  subclass = "numpy.ndarray";
  shape = [];
  order = "C";
  dtype = null;
  padded = false;
  /** BUILD: the wrapper's `__dict__` (subclass, shape, order, dtype, allow_mmap, numpy_array_alignment_bytes). */
  setState(state) {
    const qualname = this.pyClass;
    if (!isDictValue(state)) throw new TypeError(`${qualname}: state must be a dict, got ${describeValue(state)}`);
    const fields = /* @__PURE__ */ new Map();
    for (const [key, value] of dictEntries(state)) if (typeof key === "string") fields.set(key, value);
    const dtype = fields.get("dtype");
    if (!(dtype instanceof NumpyDtype)) throw new TypeError(`${qualname}: state has no numpy dtype (got ${describeValue(dtype)})`);
    const order = fields.get("order");
    if (order !== "C" && order !== "F") throw new TypeError(`${qualname}: order must be 'C' or 'F', got ${describeValue(order)}`);
    const subclass = fields.get("subclass");
    this.subclass = subclass instanceof PyGlobal ? subclass.pyClass : "numpy.ndarray";
    this.shape = readShape(qualname, fields.get("shape"));
    this.order = order;
    this.dtype = dtype;
    const alignment = fields.get("numpy_array_alignment_bytes");
    this.padded = alignment !== void 0 && alignment !== null;
    this.isBuilt = true;
  }
  rawPayload() {
    const dtype = this.dtype;
    if (holdsObjects(dtype)) return { length: 0, padded: false, isPickle: true };
    const length = this.shape.reduce((total, dim) => total * dim, dtype.itemsize);
    if (!Number.isSafeInteger(length)) throw new TypeError(`${this.pyClass}: shape (${this.shape.join(", ")}) is too large`);
    return { length, padded: this.padded, isPickle: false };
  }
  /** The array, over `bytes` (numpy subclasses keep their class name; `numpy.memmap` loads as a plain array, as joblib's does). */
  takePayload(bytes) {
    const pyClass = this.subclass === "numpy.memmap" || this.subclass === "numpy.core.memmap.memmap" ? "numpy.ndarray" : this.subclass;
    return NdArray.fromBuffer(this.dtype, this.shape, this.order, bytes, pyClass);
  }
  /** The value of the pickle that followed (an object array), as joblib uses it. */
  takePickled(value) {
    if (!(value instanceof NdArray)) throw new TypeError(`${this.pyClass}: the pickle after it holds ${describeValue(value)}, not a numpy array`);
    return value;
  }
  /** Only seen for a wrapper whose bytes were never read (no BUILD): a placeholder of its class. */
  toPlain() {
    const plain = createDict();
    plain["__class__"] = this.pyClass;
    return plain;
  }
};
function holdsObjects(dtype) {
  if (dtype.kind === "O") return true;
  if (dtype.subarray !== null && holdsObjects(dtype.subarray.base)) return true;
  return dtype.fields !== null && [...dtype.fields.values()].some((field) => holdsObjects(field.dtype));
}
var wrapper = {
  construct() {
    return new JoblibArrayWrapper();
  }
};
var joblibClasses = /* @__PURE__ */ new Map([["joblib.numpy_pickle.NumpyArrayWrapper", wrapper]]);

// ../core/src/opcodes/codes.ts
var codes_exports = {};
__export(codes_exports, {
  ADDITEMS: () => ADDITEMS,
  APPEND: () => APPEND,
  APPENDS: () => APPENDS,
  BINBYTES: () => BINBYTES,
  BINBYTES8: () => BINBYTES8,
  BINFLOAT: () => BINFLOAT,
  BINGET: () => BINGET,
  BININT: () => BININT,
  BININT1: () => BININT1,
  BININT2: () => BININT2,
  BINPERSID: () => BINPERSID,
  BINPUT: () => BINPUT,
  BINSTRING: () => BINSTRING,
  BINUNICODE: () => BINUNICODE,
  BINUNICODE8: () => BINUNICODE8,
  BUILD: () => BUILD,
  BYTEARRAY8: () => BYTEARRAY8,
  DICT: () => DICT2,
  DUP: () => DUP,
  EMPTY_DICT: () => EMPTY_DICT,
  EMPTY_LIST: () => EMPTY_LIST,
  EMPTY_SET: () => EMPTY_SET,
  EMPTY_TUPLE: () => EMPTY_TUPLE,
  EXT1: () => EXT1,
  EXT2: () => EXT2,
  EXT4: () => EXT4,
  FLOAT: () => FLOAT,
  FRAME: () => FRAME,
  FROZENSET: () => FROZENSET,
  GET: () => GET,
  GLOBAL: () => GLOBAL,
  INST: () => INST,
  INT: () => INT,
  LIST: () => LIST,
  LONG: () => LONG,
  LONG1: () => LONG1,
  LONG4: () => LONG4,
  LONG_BINGET: () => LONG_BINGET,
  LONG_BINPUT: () => LONG_BINPUT,
  MARK: () => MARK,
  MEMOIZE: () => MEMOIZE,
  NEWFALSE: () => NEWFALSE,
  NEWOBJ: () => NEWOBJ,
  NEWOBJ_EX: () => NEWOBJ_EX,
  NEWTRUE: () => NEWTRUE,
  NEXT_BUFFER: () => NEXT_BUFFER,
  NONE: () => NONE,
  OBJ: () => OBJ,
  PERSID: () => PERSID,
  POP: () => POP,
  POP_MARK: () => POP_MARK,
  PROTO: () => PROTO,
  PUT: () => PUT,
  READONLY_BUFFER: () => READONLY_BUFFER,
  REDUCE: () => REDUCE,
  SETITEM: () => SETITEM,
  SETITEMS: () => SETITEMS,
  SHORT_BINBYTES: () => SHORT_BINBYTES,
  SHORT_BINSTRING: () => SHORT_BINSTRING,
  SHORT_BINUNICODE: () => SHORT_BINUNICODE,
  STACK_GLOBAL: () => STACK_GLOBAL,
  STOP: () => STOP,
  STRING: () => STRING,
  TUPLE: () => TUPLE,
  TUPLE1: () => TUPLE1,
  TUPLE2: () => TUPLE2,
  TUPLE3: () => TUPLE3,
  UNICODE: () => UNICODE
});
var MARK = 40;
var STOP = 46;
var POP = 48;
var POP_MARK = 49;
var DUP = 50;
var FLOAT = 70;
var INT = 73;
var BININT = 74;
var BININT1 = 75;
var LONG = 76;
var BININT2 = 77;
var NONE = 78;
var PERSID = 80;
var BINPERSID = 81;
var REDUCE = 82;
var STRING = 83;
var BINSTRING = 84;
var SHORT_BINSTRING = 85;
var UNICODE = 86;
var BINUNICODE = 88;
var APPEND = 97;
var BUILD = 98;
var GLOBAL = 99;
var DICT2 = 100;
var EMPTY_DICT = 125;
var APPENDS = 101;
var GET = 103;
var BINGET = 104;
var INST = 105;
var LONG_BINGET = 106;
var LIST = 108;
var EMPTY_LIST = 93;
var OBJ = 111;
var PUT = 112;
var BINPUT = 113;
var LONG_BINPUT = 114;
var SETITEM = 115;
var TUPLE = 116;
var EMPTY_TUPLE = 41;
var SETITEMS = 117;
var BINFLOAT = 71;
var PROTO = 128;
var NEWOBJ = 129;
var EXT1 = 130;
var EXT2 = 131;
var EXT4 = 132;
var TUPLE1 = 133;
var TUPLE2 = 134;
var TUPLE3 = 135;
var NEWTRUE = 136;
var NEWFALSE = 137;
var LONG1 = 138;
var LONG4 = 139;
var BINBYTES = 66;
var SHORT_BINBYTES = 67;
var SHORT_BINUNICODE = 140;
var BINUNICODE8 = 141;
var BINBYTES8 = 142;
var EMPTY_SET = 143;
var ADDITEMS = 144;
var FROZENSET = 145;
var NEWOBJ_EX = 146;
var STACK_GLOBAL = 147;
var MEMOIZE = 148;
var FRAME = 149;
var BYTEARRAY8 = 150;
var NEXT_BUFFER = 151;
var READONLY_BUFFER = 152;

// ../core/src/decoder/frame-rule.ts
var FRAME_HEADER_BYTES = 9;
function frameEndOf(frameOffset, lengthLow, lengthHigh) {
  return frameOffset + FRAME_HEADER_BYTES + lengthLow + lengthHigh * 2 ** 32;
}
var WHY = "CPython's unpickler reads such a pickle differently from a file than from bytes";
function crossingReason(argEnd, frameEnd) {
  const what = argEnd === null ? "does not end inside its FRAME" : `runs ${argEnd - frameEnd} bytes past the end of its FRAME`;
  return `the opcode ${what} (which ends at byte ${frameEnd}): ${WHY}`;
}
function nestedFrameReason(frameEnd) {
  return `a FRAME starts inside the FRAME that ends at byte ${frameEnd}: ${WHY}`;
}
function stopInsideFrameReason(stopEnd, frameEnd) {
  return `the record ends ${frameEnd - stopEnd} bytes before the end of its FRAME (byte ${frameEnd}): ${WHY}`;
}
function frameRuleViolation(opcode, opStart, argEnd, frameEnd) {
  if (opStart >= frameEnd) return null;
  if (opcode === FRAME) return nestedFrameReason(frameEnd);
  if (argEnd > frameEnd) return crossingReason(argEnd, frameEnd);
  if (opcode === STOP && argEnd < frameEnd) return stopInsideFrameReason(argEnd, frameEnd);
  return null;
}

// ../core/src/decoder/claimed-length.ts
function claimedLength(bytes, view, pos, op, size2, limits) {
  let length;
  if (size2 === TAKEN_FROM_ARGUMENT1) length = bytes[pos + 1];
  else if (size2 === TAKEN_FROM_ARGUMENT4) {
    length = view.getInt32(pos + 1, true);
    if (length < 0) return { code: "BAD_ARGUMENT", reason: `negative length ${length}` };
  } else if (size2 === TAKEN_FROM_ARGUMENT4U) length = view.getUint32(pos + 1, true);
  else {
    const high = view.getUint32(pos + 5, true);
    if (high >= 2097152 && Number.isFinite(limits.maxBytesLength)) {
      return { code: "LIMIT_EXCEEDED", reason: `claimed length ${high}*2^32 bytes exceeds maxBytesLength (${limits.maxBytesLength})` };
    }
    length = view.getUint32(pos + 1, true) + high * 2 ** 32;
  }
  const limit = op === LONG1 || op === LONG4 ? limits.maxIntBytes : limits.maxBytesLength;
  if (length > limit) {
    return { code: "LIMIT_EXCEEDED", reason: `claimed length ${length} bytes exceeds ${op === LONG4 ? "maxIntBytes" : "maxBytesLength"} (${limit})` };
  }
  return length;
}

// ../core/src/decoder/settings.ts
function positiveInteger(name, value, fallback) {
  if (value === void 0) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive safe integer, got ${String(value)}`);
  }
  return value;
}
function oneOf(name, value, allowed, fallback) {
  if (value === void 0) return fallback;
  if (!allowed.includes(value)) {
    throw new TypeError(`${name} must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${JSON.stringify(value)}`);
  }
  return value;
}
function resolveSettings(options = {}) {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`options must be an object, got ${options === null ? "null" : typeof options}`);
  }
  const encodingInput = options.encoding?.toLowerCase().replace(/_/g, "-");
  const encoding = oneOf(
    "encoding",
    encodingInput === "latin-1" || encodingInput === "iso-8859-1" ? "latin1" : encodingInput === "utf8" ? "utf-8" : encodingInput,
    ["latin1", "ascii", "utf-8", "bytes"],
    "latin1"
  );
  const classes = options.classes;
  let userClasses;
  if (classes === void 0) userClasses = /* @__PURE__ */ new Map();
  else if (classes instanceof Map) userClasses = classes;
  else userClasses = new Map(Object.entries(classes));
  for (const [name, reconstructor] of userClasses) {
    if (typeof reconstructor?.construct !== "function") {
      throw new TypeError(`classes[${JSON.stringify(name)}] must have a construct(args, kwargs, context) method`);
    }
  }
  if (options.persistentLoad !== void 0 && typeof options.persistentLoad !== "function") {
    throw new TypeError("persistentLoad must be a function");
  }
  const maxBytesLength = positiveInteger("maxBytesLength", options.maxBytesLength, 2 ** 31 - 1);
  return {
    encoding,
    isMemoShared: oneOf("memo", options.memo, ["per-record", "shared"], "per-record") === "shared",
    dictMode: oneOf("dict", options.dict, ["object", "map"], "object"),
    setsAsArrays: oneOf("sets", options.sets, ["set", "array"], "set") === "array",
    wrapIntegralFloats: options.wrapIntegralFloats === true,
    userClasses,
    fixImports: options.fixImports !== false,
    extensions: options.extensions,
    persistentLoad: options.persistentLoad,
    buffers: options.buffers,
    maxBytesLength,
    maxDepth: positiveInteger("maxDepth", options.maxDepth, 1e6),
    maxMemoSize: positiveInteger("maxMemoSize", options.maxMemoSize, 1e8),
    maxLineLength: positiveInteger("maxLineLength", options.maxLineLength, maxBytesLength),
    maxIntBytes: positiveInteger("maxIntBytes", options.maxIntBytes, 1 << 20),
    emitEntries: oneOf("emit", options.emit, ["records", "entries"], "records") === "entries",
    memoIndicesRead: options.memoIndicesRead
  };
}

// ../core/src/decoder/numbers.ts
var MAX_SAFE2 = BigInt(Number.MAX_SAFE_INTEGER);
var MIN_SAFE2 = BigInt(Number.MIN_SAFE_INTEGER);
function normalizeInt(value) {
  return value <= MAX_SAFE2 && value >= MIN_SAFE2 ? Number(value) : value;
}
function asciiText(bytes, start, end) {
  let text2 = "";
  for (let i = start; i < end; i++) text2 += String.fromCharCode(bytes[i]);
  return text2;
}
var INT_TEXT = /^[ \t\n\r\f\v]*([+-]?)(\d(?:_?\d)*)[ \t\n\r\f\v]*$/;
function parseDecimalInt(text2) {
  const match = INT_TEXT.exec(text2);
  if (match === null) throw new TypeError(`invalid literal for int(): ${JSON.stringify(text2.slice(0, 40))}`);
  const digits = match[2].replace(/_/g, "");
  const negative = match[1] === "-";
  if (digits.length < 16) {
    const value = Number(digits);
    return negative ? value === 0 ? 0 : -value : value;
  }
  const big = BigInt(digits);
  return normalizeInt(negative ? -big : big);
}
function parseIntLine(bytes, start, end) {
  if (end - start === 2 && bytes[start] === 48) {
    if (bytes[start + 1] === 49) return true;
    if (bytes[start + 1] === 48) return false;
  }
  return parseDecimalInt(asciiText(bytes, start, end));
}
function parseLongLine(bytes, start, end) {
  if (end > start && bytes[end - 1] === 76) end--;
  return parseDecimalInt(asciiText(bytes, start, end));
}
var FLOAT_TEXT = /^[ \t\n\r\f\v]*[+-]?(?:(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?|inf(?:inity)?|nan)[ \t\n\r\f\v]*$/i;
function parseFloatLine(bytes, start, end) {
  const text2 = asciiText(bytes, start, end);
  if (!FLOAT_TEXT.test(text2)) throw new TypeError(`could not convert string to float: ${JSON.stringify(text2.slice(0, 40))}`);
  const cleaned = text2.trim().replace(/_/g, "").toLowerCase();
  const negative = cleaned.startsWith("-");
  const body = cleaned.replace(/^[+-]/, "");
  if (body === "nan") return Number.NaN;
  if (body === "inf" || body === "infinity") return negative ? -Infinity : Infinity;
  return Number(cleaned);
}
function parseMemoIndex(bytes, start, end) {
  const value = parseDecimalInt(asciiText(bytes, start, end));
  if (typeof value !== "number" || value < 0) throw new TypeError("memo index must be a non-negative integer");
  return value;
}
function decodeLongBytes(bytes, start, length) {
  if (length === 0) return 0;
  if (length <= 6) {
    let value2 = 0;
    for (let i = length - 1; i >= 0; i--) value2 = value2 * 256 + bytes[start + i];
    if (bytes[start + length - 1] & 128) value2 -= 2 ** (8 * length);
    return value2;
  }
  let hex2 = "";
  for (let i = length - 1; i >= 0; i--) {
    const byte = bytes[start + i];
    hex2 += (byte < 16 ? "0" : "") + byte.toString(16);
  }
  let value = BigInt(`0x${hex2}`);
  if (bytes[start + length - 1] & 128) value -= 1n << BigInt(8 * length);
  return normalizeInt(value);
}

// ../core/src/decoder/text.ts
var utf8Fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
var SMALL_STRING_BYTES = 25;
var APPLY_CHUNK = 8192;
function decodeUtf8(bytes, start, length) {
  const end = start + length;
  if (length < SMALL_STRING_BYTES) {
    let bits2 = 0;
    for (let i = start; i < end; i++) bits2 |= bytes[i];
    return bits2 < 128 ? shortAscii(bytes, start, length) : shortUtf8(bytes, start, end);
  }
  const slice = bytes.subarray(start, end);
  const ed = slice.indexOf(237);
  if (ed >= 0 && ed + 1 < length && slice[ed + 1] >= 160) return decodeUtf8Slow(bytes, start, end);
  return utf8Fatal.decode(slice);
}
function shortAscii(b, s, length) {
  const chars = String.fromCharCode;
  switch (length) {
    case 0:
      return "";
    case 1:
      return chars(b[s]);
    case 2:
      return chars(b[s], b[s + 1]);
    case 3:
      return chars(b[s], b[s + 1], b[s + 2]);
    case 4:
      return chars(b[s], b[s + 1], b[s + 2], b[s + 3]);
    case 5:
      return chars(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4]);
    case 6:
      return chars(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5]);
    case 7:
      return chars(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6]);
    case 8:
      return chars(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7]);
    case 9:
      return chars(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8]);
    case 10:
      return chars(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9]);
    case 11:
      return chars(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10]);
    case 12:
      return chars(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11]);
    case 13:
      return chars(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11], b[s + 12]);
    case 14:
      return chars(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11], b[s + 12], b[s + 13]);
    case 15:
      return chars(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11], b[s + 12], b[s + 13], b[s + 14]);
    case 16:
      return chars(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11], b[s + 12], b[s + 13], b[s + 14], b[s + 15]);
    case 17:
      return chars(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11], b[s + 12], b[s + 13], b[s + 14], b[s + 15], b[s + 16]);
    case 18:
      return chars(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11], b[s + 12], b[s + 13], b[s + 14], b[s + 15], b[s + 16], b[s + 17]);
    case 19:
      return chars(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11], b[s + 12], b[s + 13], b[s + 14], b[s + 15], b[s + 16], b[s + 17], b[s + 18]);
    case 20:
      return chars(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11], b[s + 12], b[s + 13], b[s + 14], b[s + 15], b[s + 16], b[s + 17], b[s + 18], b[s + 19]);
    case 21:
      return chars(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11], b[s + 12], b[s + 13], b[s + 14], b[s + 15], b[s + 16], b[s + 17], b[s + 18], b[s + 19], b[s + 20]);
    case 22:
      return chars(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11], b[s + 12], b[s + 13], b[s + 14], b[s + 15], b[s + 16], b[s + 17], b[s + 18], b[s + 19], b[s + 20], b[s + 21]);
    case 23:
      return chars(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11], b[s + 12], b[s + 13], b[s + 14], b[s + 15], b[s + 16], b[s + 17], b[s + 18], b[s + 19], b[s + 20], b[s + 21], b[s + 22]);
    case 24:
      return chars(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11], b[s + 12], b[s + 13], b[s + 14], b[s + 15], b[s + 16], b[s + 17], b[s + 18], b[s + 19], b[s + 20], b[s + 21], b[s + 22], b[s + 23]);
    default:
      return String.fromCharCode.apply(null, b.subarray(s, s + length));
  }
}
var shortUnits = new Uint16Array(SMALL_STRING_BYTES);
function shortUtf8(bytes, start, end) {
  const units = shortUnits;
  let n = 0;
  let i = start;
  while (i < end) {
    const b0 = bytes[i];
    if (b0 < 128) {
      units[n++] = b0;
      i += 1;
    } else if (b0 >= 194 && b0 < 224 && i + 1 < end && (bytes[i + 1] & 192) === 128) {
      units[n++] = (b0 & 31) << 6 | bytes[i + 1] & 63;
      i += 2;
    } else if (b0 >= 224 && b0 < 240 && i + 2 < end && (bytes[i + 1] & 192) === 128 && (bytes[i + 2] & 192) === 128) {
      const cp = (b0 & 15) << 12 | (bytes[i + 1] & 63) << 6 | bytes[i + 2] & 63;
      if (cp < 2048) return decodeUtf8Slow(bytes, start, end);
      units[n++] = cp;
      i += 3;
    } else {
      return decodeUtf8Slow(bytes, start, end);
    }
  }
  return shortAscii(units, 0, n);
}
function decodeUtf8Slow(bytes, start, end) {
  const units = [];
  let text2 = "";
  let i = start;
  while (i < end) {
    const b0 = bytes[i];
    let cp;
    if (b0 < 128) {
      cp = b0;
      i += 1;
    } else if (b0 >= 194 && b0 < 224) {
      const b1 = continuation(bytes, i + 1, end);
      cp = (b0 & 31) << 6 | b1;
      i += 2;
    } else if (b0 >= 224 && b0 < 240) {
      const b1 = continuation(bytes, i + 1, end);
      const b2 = continuation(bytes, i + 2, end);
      cp = (b0 & 15) << 12 | b1 << 6 | b2;
      if (cp < 2048) throw new TypeError(`overlong UTF-8 sequence at byte ${i - start}`);
      i += 3;
    } else if (b0 >= 240 && b0 < 245) {
      const b1 = continuation(bytes, i + 1, end);
      const b2 = continuation(bytes, i + 2, end);
      const b3 = continuation(bytes, i + 3, end);
      cp = (b0 & 7) << 18 | b1 << 12 | b2 << 6 | b3;
      if (cp < 65536 || cp > 1114111) throw new TypeError(`invalid UTF-8 sequence at byte ${i - start}`);
      i += 4;
    } else {
      throw new TypeError(`invalid UTF-8 start byte 0x${b0.toString(16)} at byte ${i - start}`);
    }
    if (cp >= 65536) {
      cp -= 65536;
      units.push(55296 | cp >> 10, 56320 | cp & 1023);
    } else {
      units.push(cp);
    }
    if (units.length >= APPLY_CHUNK) {
      text2 += String.fromCharCode.apply(null, units);
      units.length = 0;
    }
  }
  return text2 + String.fromCharCode.apply(null, units);
}
function continuation(bytes, index, end) {
  if (index >= end) throw new TypeError("truncated UTF-8 sequence");
  const byte = bytes[index];
  if ((byte & 192) !== 128) throw new TypeError(`invalid UTF-8 continuation byte 0x${byte.toString(16)}`);
  return byte & 63;
}
var nodeLatin1Slice = globalThis.Buffer?.prototype?.latin1Slice;
function decodeLatin1(bytes, start, length) {
  const end = start + length;
  if (length < SMALL_STRING_BYTES) return shortAscii(bytes, start, length);
  if (nodeLatin1Slice !== void 0) return nodeLatin1Slice.call(bytes, start, end);
  let text2 = "";
  for (let i = start; i < end; i += APPLY_CHUNK) {
    text2 += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + APPLY_CHUNK)));
  }
  return text2;
}
function decodeAscii(bytes, start, length) {
  for (let i = start; i < start + length; i++) {
    if (bytes[i] >= 128) {
      throw new TypeError(`byte 0x${bytes[i].toString(16)} is not ASCII (pass encoding "latin1" or "bytes" for Python 2 data)`);
    }
  }
  return decodeLatin1(bytes, start, length);
}
function encodeLatin1(text2) {
  const bytes = new Uint8Array(text2.length);
  for (let i = 0; i < text2.length; i++) {
    const code = text2.charCodeAt(i);
    if (code > 255) return void 0;
    bytes[i] = code;
  }
  return bytes;
}
function hexValue(byte) {
  if (byte >= 48 && byte <= 57) return byte - 48;
  if (byte >= 97 && byte <= 102) return byte - 87;
  if (byte >= 65 && byte <= 70) return byte - 55;
  return -1;
}
function decodeRawUnicodeEscape(bytes, start, end) {
  const units = [];
  let text2 = "";
  let i = start;
  while (i < end) {
    const byte = bytes[i];
    if (byte !== 92) {
      units.push(byte);
      i++;
    } else {
      const runStart = i;
      while (i < end && bytes[i] === 92) {
        units.push(92);
        i++;
      }
      const isOddRun = (i - runStart & 1) === 1;
      if (isOddRun && i < end && (bytes[i] === 117 || bytes[i] === 85)) {
        const digits = bytes[i] === 117 ? 4 : 8;
        units.pop();
        let cp = 0;
        for (let k = 1; k <= digits; k++) {
          const h = i + k < end ? hexValue(bytes[i + k]) : -1;
          if (h < 0) throw new TypeError(`truncated \\${digits === 4 ? "u" : "U"} escape in raw-unicode-escape text`);
          cp = cp * 16 + h;
        }
        if (cp > 1114111) throw new TypeError("\\U escape beyond U+10FFFF");
        if (cp >= 65536) {
          cp -= 65536;
          units.push(55296 | cp >> 10, 56320 | cp & 1023);
        } else {
          units.push(cp);
        }
        i += digits + 1;
      }
    }
    if (units.length >= APPLY_CHUNK) {
      text2 += String.fromCharCode.apply(null, units);
      units.length = 0;
    }
  }
  return text2 + String.fromCharCode.apply(null, units);
}
var SIMPLE_ESCAPES = {
  92: 92,
  // \\
  39: 39,
  // \'
  34: 34,
  // \"
  97: 7,
  // \a
  98: 8,
  // \b
  102: 12,
  // \f
  110: 10,
  // \n
  114: 13,
  // \r
  116: 9,
  // \t
  118: 11
  // \v
};
function decodeQuotedString(bytes, start, end) {
  const quote = bytes[start];
  if (end - start < 2 || quote !== 39 && quote !== 34 || bytes[end - 1] !== quote) {
    throw new TypeError("the STRING opcode argument must be quoted");
  }
  const out = new Uint8Array(end - start);
  let length = 0;
  let i = start + 1;
  const stop = end - 1;
  while (i < stop) {
    const byte = bytes[i];
    if (byte !== 92) {
      out[length++] = byte;
      i++;
      continue;
    }
    i++;
    if (i >= stop) throw new TypeError("trailing \\ in string");
    const esc = bytes[i];
    const simple = SIMPLE_ESCAPES[esc];
    if (simple !== void 0) {
      out[length++] = simple;
      i++;
    } else if (esc === 10) {
      i++;
    } else if (esc === 120) {
      const h1 = i + 1 < stop ? hexValue(bytes[i + 1]) : -1;
      const h2 = i + 2 < stop ? hexValue(bytes[i + 2]) : -1;
      if (h1 < 0 || h2 < 0) throw new TypeError("invalid \\x escape in STRING argument");
      out[length++] = h1 * 16 + h2;
      i += 3;
    } else if (esc >= 48 && esc <= 55) {
      let value = esc - 48;
      i++;
      for (let k = 0; k < 2 && i < stop && bytes[i] >= 48 && bytes[i] <= 55; k++, i++) {
        value = value * 8 + (bytes[i] - 48);
      }
      out[length++] = value & 255;
    } else {
      out[length++] = 92;
      out[length++] = esc;
      i++;
    }
  }
  return out.slice(0, length);
}

// ../core/src/disasm/read-argument.ts
var DEFAULTS = resolveSettings();
var DEFAULT_LIMITS = {
  maxBytesLength: DEFAULTS.maxBytesLength,
  maxIntBytes: DEFAULTS.maxIntBytes
};
function limitExceeded(context, reason) {
  throw new PickleError(reason, { code: "LIMIT_EXCEEDED", offset: context.offset, opcode: context.info.code, recordIndex: context.recordIndex });
}
function fail(context, reason) {
  throw new PickleError(reason, {
    code: "BAD_ARGUMENT",
    offset: context.offset,
    opcode: context.info.code,
    recordIndex: context.recordIndex
  });
}
function checkFrame(context, argEnd) {
  const frameEnd = context.frameEnd;
  if (context.offset >= frameEnd) return;
  if (argEnd === null ? frameEnd <= context.bytes.length : argEnd > frameEnd) {
    const reason = context.info.name === "FRAME" ? nestedFrameReason(frameEnd) : crossingReason(argEnd, frameEnd);
    throw new PickleError(reason, {
      code: "FRAME_OVERRUN",
      offset: context.offset,
      opcode: context.info.code,
      recordIndex: context.recordIndex
    });
  }
}
function truncated(context, reason) {
  throw new TruncatedError(reason, { offset: context.offset, opcode: context.info.code, recordIndex: context.recordIndex });
}
function lineEnd(context, start) {
  const newline = context.bytes.indexOf(10, start);
  checkFrame(context, newline < 0 ? null : newline + 1);
  if (newline < 0) truncated(context, `no newline found for the ${context.info.arg.name} argument`);
  return newline;
}
function readFixed(context, start, size2) {
  const { bytes } = context;
  switch (size2) {
    case 1:
      return bytes[start];
    case 2:
      return bytes[start] | bytes[start + 1] << 8;
    case 4:
      return context.info.arg.name === "int4" ? context.view.getInt32(start, true) : context.view.getUint32(start, true);
    default:
      return context.info.arg.name === "float8" ? context.view.getFloat64(start, false) : normalizeInt(context.view.getBigUint64(start, true));
  }
}
function decodeWith(context, read) {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw new PickleError(error.message, {
      code: "BAD_ARGUMENT",
      offset: context.offset,
      opcode: context.info.code,
      recordIndex: context.recordIndex,
      cause: error
    });
  }
}
function readLineArg(context, start, end) {
  const { bytes } = context;
  switch (context.info.arg.name) {
    case "decimalnl_short":
      return decodeWith(context, () => parseIntLine(bytes, start, end));
    case "decimalnl_long":
      return decodeWith(context, () => parseLongLine(bytes, start, end));
    case "floatnl":
      return decodeWith(context, () => parseFloatLine(bytes, start, end));
    case "stringnl": {
      const raw = decodeWith(context, () => decodeQuotedString(bytes, start, end));
      return decodeLatin1(raw, 0, raw.length);
    }
    case "stringnl_noescape":
      return decodeWith(context, () => decodeAscii(bytes, start, end - start));
    case "unicodestringnl":
      return decodeWith(context, () => decodeRawUnicodeEscape(bytes, start, end));
    default:
      return fail(context, `argument kind ${context.info.arg.name} is not line-terminated`);
  }
}
function readCounted(context, start, length) {
  const { bytes } = context;
  switch (context.info.arg.name) {
    case "long1":
    case "long4":
      return decodeLongBytes(bytes, start, length);
    case "string1":
    case "string4":
      return decodeLatin1(bytes, start, length);
    case "unicodestring1":
    case "unicodestring4":
    case "unicodestring8":
      return decodeWith(context, () => decodeUtf8(bytes, start, length));
    default:
      return bytes.subarray(start, start + length);
  }
}
function readArgumentWith(context) {
  const { bytes, info } = context;
  const start = context.offset + 1;
  const size2 = info.arg.size;
  if (size2 >= 0) {
    const end = start + size2;
    if (context.offset < context.frameEnd) checkFrame(context, end);
    if (end > bytes.length) truncated(context, `expected ${size2} argument bytes, ${bytes.length - start} remain`);
    context.end = end;
    return size2 === 0 ? null : readFixed(context, start, size2);
  }
  if (size2 === UP_TO_NEWLINE) {
    const newline = lineEnd(context, start);
    if (info.name === "LONG" && newline - start > context.maxIntBytes) limitExceeded(context, "LONG literal longer than maxIntBytes");
    context.end = newline + 1;
    return readLineArg(context, start, newline);
  }
  if (size2 === TWO_NEWLINES) {
    const moduleEnd = lineEnd(context, start);
    const nameEnd = lineEnd(context, moduleEnd + 1);
    const decode = info.name === "INST" ? decodeAscii : decodeUtf8;
    const module = decodeWith(context, () => decode(bytes, start, moduleEnd - start));
    const name = decodeWith(context, () => decode(bytes, moduleEnd + 1, nameEnd - moduleEnd - 1));
    context.end = nameEnd + 1;
    return [module, name];
  }
  const prefix = size2 === TAKEN_FROM_ARGUMENT1 ? 1 : size2 === TAKEN_FROM_ARGUMENT8U ? 8 : 4;
  const inFrame = context.offset < context.frameEnd;
  if (inFrame) checkFrame(context, start + prefix);
  if (start + prefix > bytes.length) truncated(context, `expected a ${prefix}-byte length, ${bytes.length - start} bytes remain`);
  const length = claimedLength(bytes, context.view, context.offset, info.code, size2, context);
  if (typeof length !== "number") {
    if (length.code === "LIMIT_EXCEEDED") limitExceeded(context, length.reason);
    fail(context, length.reason);
  }
  const remaining = bytes.length - start - prefix;
  if (inFrame) checkFrame(context, start + prefix + length);
  if (length > remaining) truncated(context, `argument claims ${length} bytes, ${remaining} remain`);
  const payloadStart = start + prefix;
  const payloadEnd = payloadStart + length;
  context.end = payloadEnd;
  return readCounted(context, payloadStart, length);
}

// ../core/src/disasm/genops.ts
var NO_LIMITS = { maxBytesLength: Number.POSITIVE_INFINITY, maxIntBytes: Number.POSITIVE_INFINITY };
function checkInput(bytes, start) {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`Expected a Uint8Array of pickle bytes, got ${bytes === null ? "null" : typeof bytes}`);
  }
  if (!Number.isSafeInteger(start) || start < 0 || start > bytes.length) {
    throw new RangeError(`Expected start to be an integer from 0 to ${bytes.length}, got ${start}`);
  }
}
var OpCursor = class {
  /**
   * `limits`: the decoder's limits on claimed lengths (the audit passes them, so it stops where the
   * decoder would); none by default, as pickletools (dis, genops).
   */
  constructor(bytes, start, recordIndex, limits = NO_LIMITS) {
    this.bytes = bytes;
    this.recordIndex = recordIndex;
    this.offset = start;
    this.end = start;
    this.reader = {
      bytes,
      view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      recordIndex,
      offset: start,
      info: this.info,
      frameEnd: -1,
      end: start,
      ...limits
    };
  }
  bytes;
  recordIndex;
  /** The opcode read last. */
  info = opcodeByCode(STOP);
  arg = null;
  /** Offset of its opcode byte. */
  offset;
  /** Offset just past its argument. */
  end;
  reader;
  /**
   * Reads the opcode at `at` (default: just past the one read last). Throws a `PickleError` as
   * `genops` documents. `at` past the last opcode skips raw bytes a library wrote between two
   * opcodes (joblib's arrays), which CPython's Unpickler never reads as opcodes either; it is
   * honoured only outside a frame.
   */
  advance(at) {
    const { bytes, reader } = this;
    let offset = this.end;
    if (at !== void 0 && at > offset && at <= bytes.length && offset >= reader.frameEnd) offset = at;
    if (offset >= bytes.length) {
      throw new TruncatedError("pickle exhausted before seeing STOP", { offset, opcode: -1, recordIndex: this.recordIndex });
    }
    const code = bytes[offset];
    const info = OPCODES2[code];
    if (info === void 0) {
      throw new PickleError("unknown opcode", { code: "UNKNOWN_OPCODE", offset, opcode: code, recordIndex: this.recordIndex });
    }
    reader.offset = offset;
    reader.info = info;
    const arg = readArgumentWith(reader);
    const end = reader.end;
    if (offset < reader.frameEnd || code === FRAME) {
      const violation = frameRuleViolation(code, offset, end, reader.frameEnd);
      if (violation !== null) throw new PickleError(violation, { code: "FRAME_OVERRUN", offset, opcode: code, recordIndex: this.recordIndex });
      if (code === FRAME) reader.frameEnd = end + Number(arg);
    }
    this.info = info;
    this.arg = arg;
    this.offset = offset;
    this.end = end;
  }
};
var OPCODES2 = Array.from(
  { length: 256 },
  (_, code) => ARG_SIZE[code] === NOT_AN_OPCODE ? void 0 : opcodeByCode(code)
);
function* genops(bytes, options = {}) {
  const start = options.start ?? 0;
  const recordIndex = options.recordIndex ?? 0;
  checkInput(bytes, start);
  const cursor = new OpCursor(bytes, start, recordIndex);
  let resumeAt;
  for (; ; ) {
    cursor.advance(resumeAt);
    const { info, arg, offset, end } = cursor;
    resumeAt = yield { info, arg, offset, end };
    if (info.code === STOP) return end;
  }
}

// ../core/src/containers/zip.ts
var LOCAL_HEADER = 67324752;
var CENTRAL_HEADER = 33639248;
var END_OF_CENTRAL = 101010256;
var ZIP64_END = 101075792;
var ZIP64_LOCATOR = 117853008;
var END_SIZE = 22;
var CENTRAL_SIZE = 46;
var LOCAL_SIZE = 30;
var ZIP64_END_SIZE = 56;
var LOCATOR_SIZE = 20;
var MAX_COMMENT = 65535;
function looksLikeZip(bytes) {
  if (bytes.length < 4 || bytes[0] !== 80 || bytes[1] !== 75) return false;
  return bytes[2] === 3 && bytes[3] === 4 || bytes[2] === 5 && bytes[3] === 6;
}
function zipError(reason, offset, code = "BAD_ARGUMENT") {
  return new PickleError(`zip archive: ${reason}`, { code, offset, opcode: -1, recordIndex: 0 });
}
var ZipArchive = class {
  bytes;
  /** The members in central directory order. */
  entries;
  byName;
  options;
  /** Reads the central directory of `bytes` (the whole archive). Throws `PickleError` when it is not sound. */
  constructor(bytes, options = {}) {
    this.bytes = bytes;
    this.options = options;
    this.entries = readCentralDirectory(bytes);
    this.byName = /* @__PURE__ */ new Map();
    for (const entry of this.entries) {
      if (!this.byName.has(entry.name)) this.byName.set(entry.name, entry);
    }
  }
  /** The member named `name` (the first of that name), or undefined. */
  entry(name) {
    return this.byName.get(name);
  }
  /**
   * A member's bytes: a view of the input when stored, the caller's inflated copy when deflated.
   * Throws `PickleError` for an encrypted member, an unknown method, a missing `inflateRaw`, a
   * size over `maxEntryBytes`, a local header that disagrees with the input, or a bad CRC.
   */
  read(nameOrEntry) {
    const entry = typeof nameOrEntry === "string" ? this.byName.get(nameOrEntry) : nameOrEntry;
    if (entry === void 0) throw zipError(`no member named ${JSON.stringify(nameOrEntry)}`, this.bytes.length);
    const bytes = this.bytes;
    const at = entry.localHeaderOffset;
    const name = JSON.stringify(entry.name);
    if ((entry.flags & 1) !== 0) throw zipError(`member ${name} is encrypted`, at, "UNSUPPORTED");
    const max = this.options.maxEntryBytes;
    if (max !== void 0 && entry.size > max) {
      throw zipError(`member ${name} is ${entry.size} bytes, over the limit of ${max}`, at, "LIMIT_EXCEEDED");
    }
    if (at + LOCAL_SIZE > bytes.length) throw zipError(`local header of member ${name} runs past the end of the input`, at, "TRUNCATED");
    if (u32(bytes, at) !== LOCAL_HEADER) throw zipError(`no local file header for member ${name}`, at);
    const dataStart = at + LOCAL_SIZE + u16(bytes, at + 26) + u16(bytes, at + 28);
    const dataEnd = dataStart + entry.compressedSize;
    if (dataEnd > bytes.length) {
      throw zipError(`member ${name} claims ${entry.compressedSize} bytes at ${dataStart}, past the end of the input (${bytes.length} bytes)`, dataStart, "TRUNCATED");
    }
    const raw = bytes.subarray(dataStart, dataEnd);
    let data;
    if (entry.method === 0) {
      if (entry.size !== entry.compressedSize) throw zipError(`stored member ${name} claims two sizes (${entry.compressedSize} and ${entry.size})`, at);
      data = raw;
    } else if (entry.method === 8) {
      const inflate = this.options.inflateRaw;
      if (inflate === void 0) {
        throw zipError(`member ${name} is deflated and no inflateRaw was given to read it (store it uncompressed, or pass inflateRaw)`, dataStart, "UNSUPPORTED");
      }
      try {
        data = inflate(raw, entry.size);
      } catch (error) {
        if (error instanceof PickleError) throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new PickleError(`zip archive: member ${name} does not inflate: ${message}`, { code: "BAD_ARGUMENT", offset: dataStart, opcode: -1, recordIndex: 0, cause: error });
      }
      if (data.length !== entry.size) throw zipError(`member ${name} inflated to ${data.length} bytes, not the ${entry.size} the archive claims`, dataStart);
    } else {
      throw zipError(`member ${name} uses compression method ${entry.method} (only stored and deflated are read)`, at, "UNSUPPORTED");
    }
    if (this.options.checkCrc !== false) {
      const crc = crc32(data);
      if (crc !== entry.crc32) {
        throw zipError(`member ${name} fails its CRC-32 check (0x${hex(crc)}, the archive says 0x${hex(entry.crc32)})`, dataStart);
      }
    }
    return data;
  }
};
function readCentralDirectory(bytes) {
  const end = findEndRecord(bytes);
  let count2 = u16(bytes, end + 10);
  let cdSize = u32(bytes, end + 12);
  let cdOffset = u32(bytes, end + 16);
  if (u16(bytes, end + 4) !== 0 || u16(bytes, end + 6) !== 0) throw zipError("multi-disk archives are not read", end, "UNSUPPORTED");
  const locator = end - LOCATOR_SIZE;
  if (locator >= 0 && u32(bytes, locator) === ZIP64_LOCATOR) {
    const z64 = u64(bytes, locator + 8, locator + 8);
    if (z64 + ZIP64_END_SIZE > locator || u32(bytes, z64) !== ZIP64_END) throw zipError(`the zip64 end record it points to (byte ${z64}) is not there`, locator + 8);
    count2 = u64(bytes, z64 + 32, z64 + 32);
    cdSize = u64(bytes, z64 + 40, z64 + 40);
    cdOffset = u64(bytes, z64 + 48, z64 + 48);
  }
  const cdLimit = locator >= 0 && u32(bytes, locator) === ZIP64_LOCATOR ? locator : end;
  if (cdOffset + cdSize > cdLimit) {
    throw zipError(`central directory (${cdSize} bytes at ${cdOffset}) runs past the end record at ${cdLimit}`, end, "TRUNCATED");
  }
  if (count2 > cdSize / CENTRAL_SIZE) throw zipError(`claims ${count2} members in a central directory of ${cdSize} bytes`, end);
  const entries = [];
  const cdEnd = cdOffset + cdSize;
  let at = cdOffset;
  for (let i = 0; i < count2; i++) {
    if (at + CENTRAL_SIZE > cdEnd) throw zipError(`central directory ends inside member ${i}'s header`, at, "TRUNCATED");
    if (u32(bytes, at) !== CENTRAL_HEADER) throw zipError(`member ${i}: no central directory header signature`, at);
    const flags = u16(bytes, at + 8);
    const method = u16(bytes, at + 10);
    const crc = u32(bytes, at + 16);
    let compressedSize = u32(bytes, at + 20);
    let size2 = u32(bytes, at + 24);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    let localHeaderOffset = u32(bytes, at + 42);
    const nameStart = at + CENTRAL_SIZE;
    const extraStart = nameStart + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > cdEnd) throw zipError(`member ${i}'s name, extra field and comment run past the central directory`, at, "TRUNCATED");
    const name = decodeName(bytes.subarray(nameStart, extraStart), (flags & 2048) !== 0);
    if (size2 === 4294967295 || compressedSize === 4294967295 || localHeaderOffset === 4294967295) {
      const field = findExtra(bytes, extraStart, extraStart + extraLength, 1);
      if (field === void 0) throw zipError(`member ${JSON.stringify(name)} has 32-bit sizes at their maximum but no zip64 extra field`, at);
      let cursor = field.start;
      const next64 = () => {
        if (cursor + 8 > field.end) throw zipError(`member ${JSON.stringify(name)}'s zip64 extra field is too short`, cursor);
        const value = u64(bytes, cursor, cursor);
        cursor += 8;
        return value;
      };
      if (size2 === 4294967295) size2 = next64();
      if (compressedSize === 4294967295) compressedSize = next64();
      if (localHeaderOffset === 4294967295) localHeaderOffset = next64();
    }
    if (localHeaderOffset + LOCAL_SIZE > cdOffset) {
      throw zipError(`member ${JSON.stringify(name)}'s local header offset ${localHeaderOffset} is not before the central directory`, at + 42);
    }
    if (localHeaderOffset + compressedSize > cdOffset) {
      throw zipError(`member ${JSON.stringify(name)} claims ${compressedSize} bytes from ${localHeaderOffset}, into the central directory at ${cdOffset}`, at + 20);
    }
    entries.push({ name, method, compressedSize, size: size2, crc32: crc, localHeaderOffset, flags });
    at = next;
  }
  return entries;
}
function findEndRecord(bytes) {
  if (bytes.length < END_SIZE) throw zipError(`input of ${bytes.length} bytes is too short for a zip end record`, bytes.length, "TRUNCATED");
  const lowest = Math.max(0, bytes.length - END_SIZE - MAX_COMMENT);
  for (let at = bytes.length - END_SIZE; at >= lowest; at--) {
    if (bytes[at] === 80 && u32(bytes, at) === END_OF_CENTRAL && at + END_SIZE + u16(bytes, at + 20) === bytes.length) return at;
  }
  throw zipError("no end of central directory record in the last 64 KiB (the archive is cut short or not a zip)", bytes.length, "TRUNCATED");
}
function findExtra(bytes, start, end, id) {
  let at = start;
  while (at + 4 <= end) {
    const fieldId = u16(bytes, at);
    const length = u16(bytes, at + 2);
    const fieldEnd = at + 4 + length;
    if (fieldEnd > end) return void 0;
    if (fieldId === id) return { start: at + 4, end: fieldEnd };
    at = fieldEnd;
  }
  return void 0;
}
function decodeName(bytes, utf8) {
  let ascii = true;
  for (const byte of bytes) if (byte > 127) ascii = false;
  if (ascii || !utf8) {
    let text2 = "";
    for (const byte of bytes) text2 += String.fromCharCode(byte);
    return text2;
  }
  return new TextDecoder("utf-8").decode(bytes);
}
function u16(bytes, at) {
  return bytes[at] | bytes[at + 1] << 8;
}
function u32(bytes, at) {
  return (bytes[at] | bytes[at + 1] << 8 | bytes[at + 2] << 16 | bytes[at + 3] << 24) >>> 0;
}
function u64(bytes, at, reportAt) {
  const low = u32(bytes, at);
  const high = u32(bytes, at + 4);
  if (high > 2097151) throw zipError(`64-bit value at ${at} is too large to be a size or offset`, reportAt);
  return high * 4294967296 + low;
}
function hex(value) {
  return value.toString(16).padStart(8, "0");
}
var crcTables;
function crcTablesOnce() {
  if (crcTables !== void 0) return crcTables;
  const tables = new Uint32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 3988292384 ^ c >>> 1 : c >>> 1;
    tables[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 8; k++) tables[256 * k + n] = tables[256 * (k - 1) + n] >>> 8 ^ tables[tables[256 * (k - 1) + n] & 255];
  }
  crcTables = tables;
  return tables;
}
function crc32(data) {
  const t = crcTablesOnce();
  let crc = 4294967295;
  let i = 0;
  const end8 = data.length - data.length % 8;
  for (; i < end8; i += 8) {
    const a = (crc ^ (data[i] | data[i + 1] << 8 | data[i + 2] << 16 | data[i + 3] << 24)) >>> 0;
    const b = data[i + 4] | data[i + 5] << 8 | data[i + 6] << 16 | data[i + 7] << 24;
    crc = t[1792 + (a & 255)] ^ t[1536 + (a >>> 8 & 255)] ^ t[1280 + (a >>> 16 & 255)] ^ t[1024 + (a >>> 24)] ^ t[768 + (b & 255)] ^ t[512 + (b >>> 8 & 255)] ^ t[256 + (b >>> 16 & 255)] ^ t[b >>> 24 & 255];
  }
  for (; i < data.length; i++) crc = t[(crc ^ data[i]) & 255] ^ crc >>> 8;
  return (crc ^ 4294967295) >>> 0;
}

// ../core/src/containers/torch-file.ts
var LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
var LEGACY_HEAD = Uint8Array.of(128, 2, 138, 10, 108, 252, 156, 70, 249, 32, 106, 168, 80, 25);
var LEGACY_PROTOCOL = 1001;
function looksLikeLegacyTorch(bytes) {
  if (bytes.length < LEGACY_HEAD.length) return false;
  for (let i = 0; i < LEGACY_HEAD.length; i++) if (bytes[i] !== LEGACY_HEAD[i]) return false;
  return true;
}
function looksLikeTorchZip(bytes) {
  if (!looksLikeZip(bytes) || bytes.length < 30) return false;
  const nameLength = bytes[26] | bytes[27] << 8;
  if (bytes.length < 30 + nameLength) return false;
  let name = "";
  for (const byte of bytes.subarray(30, 30 + nameLength)) name += String.fromCharCode(byte);
  return /^[^/]+\/data\.pkl$/.test(name);
}
function loadTorch(bytes, options = {}) {
  if (looksLikeZip(bytes)) return loadTorchZip(bytes, options);
  if (looksLikeLegacyTorch(bytes)) return loadLegacyTorch(bytes, options);
  throw new PickleError("not a torch.save file (neither a zip archive nor the legacy format's magic number)", {
    code: "BAD_ARGUMENT",
    offset: 0,
    opcode: -1,
    recordIndex: 0
  });
}
function fileError(reason, offset, code = "BAD_ARGUMENT") {
  return new PickleError(`torch file: ${reason}`, { code, offset, opcode: -1, recordIndex: 0 });
}
function readPid(pid, arity) {
  if (!Array.isArray(pid) || pid.length !== arity || pid[0] !== "storage") {
    throw new TypeError(`torch file: persistent id is not ("storage", type, key, location, numel${arity === 6 ? ", view" : ""})`);
  }
  const key = pid[2];
  const numel = pid[4];
  if (typeof key !== "string") throw new TypeError("torch file: a storage key is not a str");
  if (typeof numel !== "number" || !Number.isSafeInteger(numel) || numel < 0) throw new TypeError(`torch file: storage ${key} has a bad element count`);
  return { type: pid[1], key, numel, view: pid[5] ?? null };
}
function loadTorchZip(bytes, options) {
  const zip = new ZipArchive(bytes, { ...options.inflateRaw ? { inflateRaw: options.inflateRaw } : {}, ...options.checkCrc !== void 0 ? { checkCrc: options.checkCrc } : {} });
  const pickle = zip.entries.find((entry) => /^[^/]+\/data\.pkl$/.test(entry.name));
  if (pickle === void 0) {
    throw fileError("this zip archive has no <name>/data.pkl member: not a torch.save file (a numpy .npz?)", bytes.length);
  }
  const prefix = pickle.name.slice(0, pickle.name.length - "data.pkl".length);
  const order = zip.entry(`${prefix}byteorder`);
  const littleEndian = order === void 0 || new TextDecoder().decode(zip.read(order)).trim() !== "big";
  const storages = /* @__PURE__ */ new Map();
  const persistentLoad = (pid) => {
    const { type, key, numel } = readPid(pid, 5);
    let storage = storages.get(key);
    if (storage === void 0) {
      storage = new TorchStorage(storageDtypeOf(type), numel);
      const member = zip.entry(`${prefix}data/${key}`);
      if (member === void 0) throw fileError(`storage ${key} has no member ${prefix}data/${key}`, bytes.length);
      storage.fill(zip.read(member), littleEndian);
      storages.set(key, storage);
    }
    return storage;
  };
  const unpickler = new Unpickler({ ...options, persistentLoad });
  try {
    const records = unpickler.push(zip.read(pickle));
    unpickler.end();
    if (records.length !== 1) throw fileError(`${pickle.name} holds ${records.length} pickles, not one`, pickle.localHeaderOffset);
    return records[0];
  } catch (error) {
    if (error instanceof PickleError && !error.reason.startsWith("zip archive") && !error.reason.startsWith("torch file")) {
      throw new PickleError(`in ${pickle.name}: ${error.reason}`, { code: error.code, offset: error.offset, opcode: error.opcode, recordIndex: 0, cause: error });
    }
    throw error;
  }
}
function pickleAt(bytes, start, options) {
  const ops = genops(bytes, { start });
  let step = ops.next();
  while (step.done !== true) step = ops.next();
  const end = step.value;
  const unpickler = new Unpickler(options);
  unpickler.resetAt(start, 0);
  const records = unpickler.push(bytes.subarray(start, end));
  unpickler.end();
  return { value: records[0], end };
}
function loadLegacyTorch(bytes, options) {
  const plain = { ...options, persistentLoad: void 0 };
  const magic = pickleAt(bytes, 0, plain);
  if (magic.value !== LEGACY_MAGIC) throw fileError("the first pickle is not torch's magic number", 0);
  const protocol = pickleAt(bytes, magic.end, plain);
  if (protocol.value !== LEGACY_PROTOCOL) throw fileError(`protocol version ${String(protocol.value)} is not ${LEGACY_PROTOCOL}`, magic.end);
  const sysInfo = pickleAt(bytes, protocol.end, { ...plain, dict: "map" });
  const info = sysInfo.value;
  const littleEndian = !(info instanceof Map) || info.get("little_endian") !== false;
  const roots = /* @__PURE__ */ new Map();
  const views = [];
  const persistentLoad = (pid) => {
    const { type, key, numel, view } = readPid(pid, 6);
    const dtype = storageDtypeOf(type);
    let root = roots.get(key);
    if (root === void 0) {
      root = new TorchStorage(dtype, numel);
      roots.set(key, root);
    }
    if (view === null) return root;
    if (!Array.isArray(view) || view.length !== 3 || typeof view[1] !== "number" || typeof view[2] !== "number") {
      throw new TypeError("torch file: a storage view is not (key, offset, size)");
    }
    const storage = new TorchStorage(dtype, view[2]);
    views.push({ storage, root: key, offset: view[1] });
    return storage;
  };
  const object = pickleAt(bytes, sysInfo.end, { ...options, persistentLoad });
  const keys = pickleAt(bytes, object.end, plain);
  if (!Array.isArray(keys.value) || !keys.value.every((key) => typeof key === "string")) {
    throw fileError("the storage key list is not a list of str", object.end);
  }
  let at = keys.end;
  for (const key of keys.value) {
    const storage = roots.get(key);
    if (storage === void 0) throw fileError(`storage ${key} is listed but no tensor uses it`, at);
    if (at + 8 > bytes.length) throw fileError(`the input ends before storage ${key}'s element count`, at, "TRUNCATED");
    const view = new DataView(bytes.buffer, bytes.byteOffset + at, 8);
    const count2 = littleEndian ? view.getBigUint64(0, true) : view.getBigUint64(0, false);
    const length = count2 * BigInt(storage.dtype.itemsize);
    if (length > BigInt(bytes.length - at - 8)) {
      throw fileError(`storage ${key} claims ${count2} elements of ${storage.dtype.name}, past the end of the input`, at, "TRUNCATED");
    }
    try {
      storage.fill(bytes.subarray(at + 8, at + 8 + Number(length)), littleEndian);
    } catch (error) {
      throw fileError(error.message, at);
    }
    at += 8 + Number(length);
  }
  for (const { storage, root, offset } of views) {
    const source = roots.get(root);
    const itemsize = storage.dtype.itemsize;
    if (!source.isFilled || offset < 0 || (offset + storage.numel) * itemsize > source.bytes.length) throw fileError(`storage view of ${root} reaches outside it`, at);
    storage.fill(source.bytes.subarray(offset * itemsize), littleEndian);
  }
  for (const [key, storage] of roots) {
    if (!storage.isFilled) throw fileError(`storage ${key} is used but its bytes are not in the file`, at, "TRUNCATED");
  }
  if (at !== bytes.length) throw fileError(`${bytes.length - at} bytes after the last storage`, at);
  return object.value;
}

// ../core/src/classes/torch.ts
var dtypeInfo = (name, itemsize, numpy) => ({ name: `torch.${name}`, itemsize, numpy });
var DTYPES2 = new Map(
  [
    dtypeInfo("float32", 4, "<f4"),
    dtypeInfo("float64", 8, "<f8"),
    dtypeInfo("float16", 2, "<f2"),
    dtypeInfo("bfloat16", 2, null),
    dtypeInfo("int8", 1, "|i1"),
    dtypeInfo("int16", 2, "<i2"),
    dtypeInfo("int32", 4, "<i4"),
    dtypeInfo("int64", 8, "<i8"),
    dtypeInfo("uint8", 1, "|u1"),
    dtypeInfo("bool", 1, "|b1"),
    dtypeInfo("complex64", 8, "<c8"),
    dtypeInfo("complex128", 16, "<c16")
  ].map((info) => [info.name.slice(6), info])
);
var DTYPE_ALIASES = {
  float: "float32",
  double: "float64",
  half: "float16",
  short: "int16",
  int: "int32",
  long: "int64",
  cfloat: "complex64",
  cdouble: "complex128"
};
var STORAGE_DTYPES = {
  FloatStorage: "float32",
  DoubleStorage: "float64",
  HalfStorage: "float16",
  BFloat16Storage: "bfloat16",
  CharStorage: "int8",
  ShortStorage: "int16",
  IntStorage: "int32",
  LongStorage: "int64",
  ByteStorage: "uint8",
  BoolStorage: "bool",
  ComplexFloatStorage: "complex64",
  ComplexDoubleStorage: "complex128",
  UntypedStorage: "uint8"
};
function dtypeNamed(name) {
  return DTYPES2.get(DTYPE_ALIASES[name] ?? name);
}
function storageDtypeOf(storageType) {
  if (storageType instanceof PyGlobal && (storageType.module === "torch" || storageType.module === "torch.cuda" || storageType.module === "torch.storage")) {
    const dtype = STORAGE_DTYPES[storageType.name];
    if (dtype !== void 0) return DTYPES2.get(dtype);
  }
  const name = storageType instanceof PyGlobal ? storageType.pyClass : describeValue(storageType);
  throw new TypeError(`torch storage: ${name} is not a storage type pkl-stream reads (quantized storages are not)`);
}
var TorchDtype = class extends PyGlobal {
  info;
  constructor(module, name, info) {
    super(module, name);
    this.info = info;
  }
  /** `str(dtype)`: `torch.float32` (for `torch.float` too). */
  toString() {
    return this.info.name;
  }
  toPlain() {
    return this.info.name;
  }
};
function torchDtypeGlobal(module, name) {
  if (module !== "torch") return void 0;
  const info = dtypeNamed(name);
  return info === void 0 ? void 0 : new TorchDtype(module, name, info);
}
var TorchStorage = class {
  constructor(dtype, numel, pyClass) {
    this.dtype = dtype;
    this.numel = numel;
    this.pyClass = pyClass ?? "torch.storage.TypedStorage";
  }
  dtype;
  numel;
  pyClass;
  data = null;
  littleEndian = true;
  waiting = [];
  get isFilled() {
    return this.data !== null;
  }
  /** The storage's bytes; throws when they have not arrived. */
  get bytes() {
    if (this.data === null) throw new TypeError("torch storage: its bytes never arrived");
    return this.data;
  }
  get isLittleEndian() {
    return this.littleEndian;
  }
  /** Gives the storage its bytes (at least `numel` elements) and checks the tensors waiting for them. */
  fill(bytes, littleEndian = true) {
    const length = this.numel * this.dtype.itemsize;
    if (bytes.length < length) {
      throw new TypeError(`torch storage: ${bytes.length} bytes cannot hold ${this.numel} elements of ${this.dtype.name}`);
    }
    this.data = bytes.subarray(0, length);
    this.littleEndian = littleEndian;
    for (const tensor of this.waiting.splice(0)) tensor.checkBounds();
  }
  /** A tensor over this storage: checked now when the bytes are here, else when they come. */
  attach(tensor) {
    if (this.data !== null) tensor.checkBounds();
    else this.waiting.push(tensor);
  }
  /** `storage.tolist()`. */
  toPlain() {
    return new TorchTensor(this, 0, [this.numel], [1]).toPlain();
  }
};
var MAX_BROADCAST_ELEMENTS = 1 << 24;
var MAX_LISTS_WITHOUT_DATA = 1 << 20;
var TorchTensor = class {
  constructor(storage, storageOffset, shape, stride) {
    this.storage = storage;
    this.storageOffset = storageOffset;
    this.shape = shape;
    this.stride = stride;
    storage.attach(this);
  }
  storage;
  storageOffset;
  shape;
  stride;
  pyClass = "torch.Tensor";
  requiresGrad = false;
  array = null;
  /** `str(tensor.dtype)`. */
  get dtype() {
    return this.storage.dtype.name;
  }
  get numel() {
    return this.shape.reduce((total, dim) => total * dim, 1);
  }
  /** Refuses an offset, size and stride that reach outside the storage. */
  checkBounds() {
    if (this.numel === 0) {
      let lists = 0;
      let count2 = 1;
      for (const dim of this.shape) {
        count2 *= dim;
        lists += count2;
        if (count2 === 0) break;
      }
      if (lists > MAX_LISTS_WITHOUT_DATA) throw new TypeError(`torch tensor: size (${this.shape.join(", ")}) would expand to ${lists} lists from no data`);
      return;
    }
    let last = this.storageOffset;
    for (let dim = 0; dim < this.shape.length; dim++) last += (this.shape[dim] - 1) * this.stride[dim];
    if (last >= this.storage.numel) {
      throw new TypeError(`torch tensor: size (${this.shape.join(", ")}), stride (${this.stride.join(", ")}) and offset ${this.storageOffset} reach element ${last} of a storage of ${this.storage.numel}`);
    }
    if (this.numel > this.storage.numel && this.numel > MAX_BROADCAST_ELEMENTS) {
      throw new TypeError(`torch tensor: ${this.numel} elements from a storage of ${this.storage.numel} (an expanded view) is over the limit of ${MAX_BROADCAST_ELEMENTS}`);
    }
  }
  /** The elements as an NdArray (C order, a copy unless the tensor is contiguous); bfloat16 as float32. */
  toNdArray() {
    if (this.array !== null) return this.array;
    const info = this.storage.dtype;
    let bytes = this.contiguousBytes();
    let typestr = info.numpy;
    if (typestr === null) {
      const widened = new Uint8Array(bytes.length * 2);
      const little = this.storage.isLittleEndian;
      for (let i = 0, j = 0; i < bytes.length; i += 2, j += 4) {
        widened[j + 2] = little ? bytes[i] : bytes[i + 1];
        widened[j + 3] = little ? bytes[i + 1] : bytes[i];
      }
      bytes = widened;
      typestr = "<f4";
    }
    const dtype = new NumpyDtype(typestr);
    if (!this.storage.isLittleEndian && info.numpy !== null && dtype.byteOrder === "<") dtype.byteOrder = ">";
    else if (dtype.byteOrder !== "|") dtype.byteOrder = "<";
    this.array = NdArray.fromBuffer(dtype, [...this.shape], "C", bytes);
    return this.array;
  }
  /** The elements in C order as a typed array (see the class comment). */
  get data() {
    const array = this.toNdArray();
    if (this.storage.dtype.name === "torch.float16") {
      return Float32Array.from(array.data, decodeFloat16);
    }
    if (this.storage.dtype.name === "torch.bool") return array.bytes;
    return array.data;
  }
  /** `tensor.tolist()`: nested arrays, a number for a 0-d tensor. */
  toList() {
    return this.toNdArray().toList();
  }
  /**
   * `tensor.tolist()` as writers take it: nested lists whose innermost rows are views of `data`
   * (TensorRow), so JsonWriter prints the numbers straight from the typed array instead of
   * building a JS value per element. Complex tensors (and 0-d ones) take NdArray's lists.
   */
  toPlain() {
    const name = this.storage.dtype.name;
    if (this.shape.length === 0 || name === "torch.complex64" || name === "torch.complex128") return this.toNdArray().toPlain();
    const values = this.data;
    const kind3 = name === "torch.bool" ? "bool" : name.startsWith("torch.float") || name === "torch.bfloat16" ? "float" : "int";
    const shape = this.shape;
    const rowLength = shape[shape.length - 1];
    let row = 0;
    const build = (dim) => {
      if (dim === shape.length - 1) return new TensorRow(values, kind3, rowLength * row++, rowLength);
      const items = new Array(shape[dim]);
      for (let i = 0; i < items.length; i++) items[i] = build(dim + 1);
      return items;
    };
    return build(0);
  }
  /**
   * Pickled back (`pkl-stream convert -f pickle`) as the numpy array of its values: pkl-stream
   * writes no torch storages, and a numpy array loads without torch (bfloat16 as float32).
   */
  reduceForPickle(protocol) {
    return this.toNdArray().reduceForPickle(protocol);
  }
  /** The tensor's bytes in C order: a view of the storage when they already are, else a copy. */
  contiguousBytes() {
    const itemsize = this.storage.dtype.itemsize;
    const source = this.storage.bytes;
    const count2 = this.numel;
    let expected = 1;
    let isContiguous = true;
    for (let dim = this.shape.length - 1; dim >= 0; dim--) {
      if (this.shape[dim] !== 1 && this.stride[dim] !== expected) isContiguous = false;
      expected *= this.shape[dim];
    }
    if (isContiguous || count2 === 0) {
      const start = this.storageOffset * itemsize;
      return source.subarray(start, start + count2 * itemsize);
    }
    const out = new Uint8Array(count2 * itemsize);
    const shape = this.shape;
    const stride = this.stride;
    const index = new Array(shape.length).fill(0);
    let element = this.storageOffset;
    for (let i = 0; i < count2; i++) {
      const from = element * itemsize;
      out.set(source.subarray(from, from + itemsize), i * itemsize);
      for (let dim = shape.length - 1; dim >= 0; dim--) {
        index[dim]++;
        element += stride[dim];
        if (index[dim] < shape[dim]) break;
        element -= stride[dim] * shape[dim];
        index[dim] = 0;
      }
    }
    return out;
  }
};
var TensorRow = class extends ColumnValue {
  constructor(values, kind3, start, length) {
    super();
    this.values = values;
    this.kind = kind3;
    this.start = start;
    this.length = length;
  }
  values;
  kind;
  start;
  length;
  pyClass = "torch.Tensor";
  at(index) {
    const value = this.values[this.start + index];
    if (this.kind === "bool") return value !== 0;
    if (typeof value === "bigint") return value >= MIN_SAFE3 && value <= MAX_SAFE3 ? Number(value) : value;
    return this.kind === "float" && Number.isInteger(value) ? new PyFloat(value) : value;
  }
  numbers() {
    return { values: this.values.subarray(this.start, this.start + this.length), kind: this.kind, missing: null };
  }
};
var MIN_SAFE3 = BigInt(Number.MIN_SAFE_INTEGER);
var MAX_SAFE3 = BigInt(Number.MAX_SAFE_INTEGER);
function readStorage(qualname, value) {
  if (value instanceof TorchStorage) return value;
  throw new TypeError(`${qualname}: expected a torch storage, got ${describeValue(value)} (a storage is a persistent id: decode .pt files with loadTorch)`);
}
function readIntTuple(qualname, what, value) {
  if (!Array.isArray(value)) throw new TypeError(`${qualname}: ${what} must be a tuple of ints, got ${describeValue(value)}`);
  return value.map((item) => {
    const int = readSafeInt(qualname, item);
    if (int < 0) throw new TypeError(`${qualname}: ${what} holds a negative value ${int}`);
    return int;
  });
}
function makeTensor(qualname, args) {
  const storage = readStorage(qualname, args[0]);
  const offset = readSafeInt(qualname, args[1]);
  if (offset < 0) throw new TypeError(`${qualname}: negative storage offset ${offset}`);
  const size2 = readIntTuple(qualname, "size", args[2]);
  const stride = readIntTuple(qualname, "stride", args[3]);
  if (size2.length !== stride.length) throw new TypeError(`${qualname}: size has ${size2.length} dimensions and stride ${stride.length}`);
  const tensor = new TorchTensor(storage, offset, size2, stride);
  tensor.requiresGrad = args[4] === true;
  return tensor;
}
function rebuildTensor(qualname, min, max) {
  return {
    construct(args) {
      expectArgCount(qualname, args, min, max);
      return makeTensor(qualname, args);
    }
  };
}
var rebuildTensorV3 = {
  construct(args) {
    const qualname = "torch._utils._rebuild_tensor_v3";
    expectArgCount(qualname, args, 7, 8);
    const dtype = args[6];
    if (!(dtype instanceof TorchDtype)) throw new TypeError(`${qualname}: expected a torch dtype, got ${describeValue(dtype)}`);
    const untyped = readStorage(qualname, args[0]);
    const itemsize = dtype.info.itemsize;
    const bytes = untyped.bytes;
    const typed = new TorchStorage(dtype.info, Math.floor(bytes.length / itemsize));
    typed.fill(bytes, untyped.isLittleEndian);
    return makeTensor(qualname, [typed, ...args.slice(1, 6)]);
  }
};
var rebuildParameter = {
  construct(args) {
    const qualname = "torch._utils._rebuild_parameter";
    expectArgCount(qualname, args, 3, 4);
    const tensor = args[0];
    if (!(tensor instanceof TorchTensor)) throw new TypeError(`${qualname}: expected a tensor, got ${describeValue(tensor)}`);
    tensor.pyClass = "torch.nn.parameter.Parameter";
    tensor.requiresGrad = args[1] === true;
    return tensor;
  }
};
var rebuildFromType = {
  construct(args, _kwargs, context) {
    const qualname = "torch._tensor._rebuild_from_type_v2";
    expectArgCount(qualname, args, 4, 4);
    const inner = args[2];
    if (!Array.isArray(inner)) throw new TypeError(`${qualname}: arguments must be a tuple, got ${describeValue(inner)}`);
    const value = context.instantiate(args[0], inner, null);
    const type = args[1];
    if (value instanceof TorchTensor && type instanceof PyGlobal && type.pyClass !== "torch.Tensor") value.pyClass = type.pyClass;
    return value;
  }
};
var size = {
  construct(args) {
    expectArgCount("torch.Size", args, 0, 1);
    const dims = args[0] ?? [];
    if (!isTuple(dims) && !Array.isArray(dims)) throw new TypeError(`torch.Size: expected a tuple, got ${describeValue(dims)}`);
    return dims;
  }
};
var device = {
  construct(args) {
    expectArgCount("torch.device", args, 1, 2);
    const type = readString("torch.device", args[0]);
    return args.length === 2 && args[1] !== null ? `${type}:${readSafeInt("torch.device", args[1])}` : type;
  }
};
var loadFromBytes = {
  construct(args, _kwargs, context) {
    const qualname = "torch.storage._load_from_bytes";
    expectArgCount(qualname, args, 1, 1);
    const bytes = args[0];
    if (!(bytes instanceof Uint8Array)) throw new TypeError(`${qualname}: expected bytes, got ${describeValue(bytes)}`);
    return loadLegacyTorch(bytes, { dict: context.dictMode });
  }
};
var torchClasses = /* @__PURE__ */ new Map([
  ["torch._utils._rebuild_tensor", rebuildTensor("torch._utils._rebuild_tensor", 4, 4)],
  ["torch._utils._rebuild_tensor_v2", rebuildTensor("torch._utils._rebuild_tensor_v2", 6, 7)],
  ["torch._utils._rebuild_tensor_v3", rebuildTensorV3],
  ["torch._utils._rebuild_parameter", rebuildParameter],
  ["torch._utils._rebuild_parameter_with_state", rebuildParameter],
  ["torch._tensor._rebuild_from_type_v2", rebuildFromType],
  ["torch.Size", size],
  ["torch.device", device],
  ["torch.storage._load_from_bytes", loadFromBytes]
]);

// ../core/src/classes/uuid.ts
var MAX_UUID = (1n << 128n) - 1n;
var PyUuid = class {
  pyClass = "uuid.UUID";
  /** The 128-bit value, or null before BUILD. */
  int;
  /** `is_safe` as pickled (its value, or a `uuid.SafeUUID` placeholder); null when absent. */
  isSafe = null;
  constructor(int = null) {
    this.int = int === null ? null : checkRange2(int);
  }
  /** Accepts the dict state, or the `(dict, slots)` pair copyreg writes for slotted classes. */
  setState(state) {
    const parts = Array.isArray(state) && state.length === 2 ? state : [state];
    for (const part of parts) {
      if (part === null) continue;
      if (!isDictValue(part)) throw new TypeError(`uuid.UUID: state must be a dict, got ${describeValue(part)}`);
      for (const [key, value] of dictEntries(part)) {
        if (key === "int") this.int = checkRange2(readInt("uuid.UUID", value));
        else if (key === "is_safe") this.isSafe = value;
      }
    }
    if (this.int === null) throw new TypeError("uuid.UUID: state has no 'int'");
  }
  /** `str(uuid)`: 8-4-4-4-12 lowercase hex digits. */
  toString() {
    if (this.int === null) return "";
    const hex2 = this.int.toString(16).padStart(32, "0");
    return `${hex2.slice(0, 8)}-${hex2.slice(8, 12)}-${hex2.slice(12, 16)}-${hex2.slice(16, 20)}-${hex2.slice(20)}`;
  }
  /** `str(value)`; before BUILD gave it a value, the bare object form (`{"__class__": "uuid.UUID"}`). */
  toPlain() {
    if (this.int !== null) return this.toString();
    const plain = createDict();
    plain["__class__"] = this.pyClass;
    return plain;
  }
  /** `UUID.__new__(UUID)` then BUILD `{"int": n[, "is_safe": ...]}`, as `copyreg.__reduce_ex__` writes it. */
  reduceForPickle() {
    if (this.int === null) return { callable: ["uuid", "UUID"], args: [], isNewObj: true };
    const state = createDict();
    state["int"] = this.int;
    if (this.isSafe !== null) state["is_safe"] = this.isSafe;
    return { callable: ["uuid", "UUID"], args: [], isNewObj: true, state };
  }
};
function checkRange2(int) {
  if (int < 0n || int > MAX_UUID) throw new TypeError("uuid.UUID: int is out of range (need 0 <= int < 1<<128)");
  return int;
}
var uuidReconstructor = {
  construct(args) {
    const qualname = "uuid.UUID";
    expectArgCount(qualname, args, 0, 1);
    if (args.length === 0) return new PyUuid();
    const hex2 = readString(qualname, args[0]).replace(/^urn:|^uuid:/gi, "").replace(/[{}-]/g, "");
    if (!/^[0-9a-f]{32}$/i.test(hex2)) throw new TypeError(`${qualname}: badly formed hexadecimal UUID string`);
    return new PyUuid(BigInt(`0x${hex2}`));
  }
};
var uuidClasses = /* @__PURE__ */ new Map([["uuid.UUID", uuidReconstructor]]);

// ../core/src/classes/builtin-registry.ts
var builtinClasses = new Map([
  ...builtinsClasses,
  ...collectionsClasses,
  ...datetimeClasses,
  ...decimalClasses,
  ...fractionsClasses,
  ...uuidClasses,
  ...pathlibClasses,
  ...numpyClasses,
  ...functionClasses,
  ...pandasClasses,
  ...torchClasses,
  ...joblibClasses
]);

// ../core/src/opcodes/arg-header.ts
var ARG_HEADER = (() => {
  const header = new Uint8Array(256);
  for (let op = 0; op < 256; op++) {
    const size2 = ARG_SIZE[op];
    header[op] = size2 >= 0 ? size2 : lengthPrefixBytes(size2);
  }
  return header;
})();

// ../core/src/decoder/carry.ts
var OpcodeCarry = class {
  bytes = new Uint8Array(64);
  /** Bytes held; 0 when no opcode straddles. */
  length = 0;
  /** Absolute offset of the held opcode. */
  offset = 0;
  /** After `takeFrom`: the held bytes are the whole opcode (for a length-prefixed one: its header). */
  isComplete = false;
  /** The held opcode's byte (-1 when none is held). */
  get opcode() {
    return this.length > 0 ? this.bytes[0] : -1;
  }
  /** Holds `buf[from...]`, the start of the opcode at absolute `offset`. */
  hold(buf, from, offset) {
    const tail = buf.length - from;
    if (tail > this.bytes.length) this.bytes = new Uint8Array(Math.max(tail, this.bytes.length * 2));
    this.bytes.set(buf.subarray(from), 0);
    this.length = tail;
    this.offset = offset;
  }
  /**
   * Appends from the start of `chunk` just the bytes the held opcode still needs and returns how
   * many it took (`isComplete` says whether that was all), or -1, taking nothing, when its text
   * would run past `maxLineLength`.
   */
  takeFrom(chunk, maxLineLength) {
    const opcode = this.bytes[0];
    const size2 = ARG_SIZE[opcode];
    if (size2 >= 0 || size2 <= TAKEN_FROM_ARGUMENT1) {
      const need = 1 + ARG_HEADER[opcode];
      const taken = Math.min(need - this.length, chunk.length);
      this.append(chunk, taken);
      this.isComplete = this.length >= need;
      return taken;
    }
    let newlinesNeeded = size2 === TWO_NEWLINES ? 2 : 1;
    for (let i = 1; i < this.length; i++) if (this.bytes[i] === 10) newlinesNeeded--;
    let end = 0;
    while (newlinesNeeded > 0) {
      const found = chunk.indexOf(10, end);
      if (found < 0) {
        end = chunk.length;
        break;
      }
      end = found + 1;
      newlinesNeeded--;
    }
    if (this.length + end > maxLineLength + 3) return -1;
    this.append(chunk, end);
    this.isComplete = newlinesNeeded === 0;
    return end;
  }
  /** The whole held opcode (a view of the carry's buffer, valid until the next `hold`); the carry is empty after. */
  take() {
    const held = this.bytes.subarray(0, this.length);
    this.length = 0;
    return held;
  }
  clear() {
    this.length = 0;
  }
  /**
   * The frame-rule violation of the held opcode, or null: its bytes reach past the end of the
   * frame it starts in, or reach that end while it still needs more (as one push of the same
   * bytes finds: whatever comes next is past the frame).
   */
  frameViolation(frameEnd) {
    const end = this.offset + this.length;
    if (this.offset < frameEnd && (end > frameEnd || !this.isComplete && end === frameEnd)) {
      const opcode = this.bytes[0];
      return opcode === FRAME ? nestedFrameReason(frameEnd) : crossingReason(knownEnd(opcode, this.offset), frameEnd);
    }
    return null;
  }
  append(source, count2) {
    const needed = this.length + count2;
    if (needed > this.bytes.length) {
      const grown = new Uint8Array(Math.max(needed, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(source.subarray(0, count2), this.length);
    this.length = needed;
  }
};
function knownEnd(op, start) {
  const size2 = ARG_SIZE[op];
  return size2 >= 0 || size2 <= TAKEN_FROM_ARGUMENT1 ? start + 1 + ARG_HEADER[op] : null;
}

// ../core/src/classes/fix-imports-data.ts
var NAME_MAPPING_ROWS = [
  ["__builtin__", "xrange", "builtins", "range"],
  ["__builtin__", "reduce", "functools", "reduce"],
  ["__builtin__", "intern", "sys", "intern"],
  ["__builtin__", "unichr", "builtins", "chr"],
  ["__builtin__", "unicode", "builtins", "str"],
  ["__builtin__", "long", "builtins", "int"],
  ["itertools", "izip", "builtins", "zip"],
  ["itertools", "imap", "builtins", "map"],
  ["itertools", "ifilter", "builtins", "filter"],
  ["itertools", "ifilterfalse", "itertools", "filterfalse"],
  ["itertools", "izip_longest", "itertools", "zip_longest"],
  ["UserDict", "IterableUserDict", "collections", "UserDict"],
  ["UserList", "UserList", "collections", "UserList"],
  ["UserString", "UserString", "collections", "UserString"],
  ["whichdb", "whichdb", "dbm", "whichdb"],
  ["_socket", "fromfd", "socket", "fromfd"],
  ["_multiprocessing", "Connection", "multiprocessing.connection", "Connection"],
  ["multiprocessing.process", "Process", "multiprocessing.context", "Process"],
  ["multiprocessing.forking", "Popen", "multiprocessing.popen_fork", "Popen"],
  ["urllib", "ContentTooShortError", "urllib.error", "ContentTooShortError"],
  ["urllib", "getproxies", "urllib.request", "getproxies"],
  ["urllib", "pathname2url", "urllib.request", "pathname2url"],
  ["urllib", "quote_plus", "urllib.parse", "quote_plus"],
  ["urllib", "quote", "urllib.parse", "quote"],
  ["urllib", "unquote_plus", "urllib.parse", "unquote_plus"],
  ["urllib", "unquote", "urllib.parse", "unquote"],
  ["urllib", "url2pathname", "urllib.request", "url2pathname"],
  ["urllib", "urlcleanup", "urllib.request", "urlcleanup"],
  ["urllib", "urlencode", "urllib.parse", "urlencode"],
  ["urllib", "urlopen", "urllib.request", "urlopen"],
  ["urllib", "urlretrieve", "urllib.request", "urlretrieve"],
  ["urllib2", "HTTPError", "urllib.error", "HTTPError"],
  ["urllib2", "URLError", "urllib.error", "URLError"],
  ["exceptions", "ArithmeticError", "builtins", "ArithmeticError"],
  ["exceptions", "AssertionError", "builtins", "AssertionError"],
  ["exceptions", "AttributeError", "builtins", "AttributeError"],
  ["exceptions", "BaseException", "builtins", "BaseException"],
  ["exceptions", "BufferError", "builtins", "BufferError"],
  ["exceptions", "BytesWarning", "builtins", "BytesWarning"],
  ["exceptions", "DeprecationWarning", "builtins", "DeprecationWarning"],
  ["exceptions", "EOFError", "builtins", "EOFError"],
  ["exceptions", "EnvironmentError", "builtins", "EnvironmentError"],
  ["exceptions", "Exception", "builtins", "Exception"],
  ["exceptions", "FloatingPointError", "builtins", "FloatingPointError"],
  ["exceptions", "FutureWarning", "builtins", "FutureWarning"],
  ["exceptions", "GeneratorExit", "builtins", "GeneratorExit"],
  ["exceptions", "IOError", "builtins", "IOError"],
  ["exceptions", "ImportError", "builtins", "ImportError"],
  ["exceptions", "ImportWarning", "builtins", "ImportWarning"],
  ["exceptions", "IndentationError", "builtins", "IndentationError"],
  ["exceptions", "IndexError", "builtins", "IndexError"],
  ["exceptions", "KeyError", "builtins", "KeyError"],
  ["exceptions", "KeyboardInterrupt", "builtins", "KeyboardInterrupt"],
  ["exceptions", "LookupError", "builtins", "LookupError"],
  ["exceptions", "MemoryError", "builtins", "MemoryError"],
  ["exceptions", "NameError", "builtins", "NameError"],
  ["exceptions", "NotImplementedError", "builtins", "NotImplementedError"],
  ["exceptions", "OSError", "builtins", "OSError"],
  ["exceptions", "OverflowError", "builtins", "OverflowError"],
  ["exceptions", "PendingDeprecationWarning", "builtins", "PendingDeprecationWarning"],
  ["exceptions", "ReferenceError", "builtins", "ReferenceError"],
  ["exceptions", "RuntimeError", "builtins", "RuntimeError"],
  ["exceptions", "RuntimeWarning", "builtins", "RuntimeWarning"],
  ["exceptions", "StopIteration", "builtins", "StopIteration"],
  ["exceptions", "SyntaxError", "builtins", "SyntaxError"],
  ["exceptions", "SyntaxWarning", "builtins", "SyntaxWarning"],
  ["exceptions", "SystemError", "builtins", "SystemError"],
  ["exceptions", "SystemExit", "builtins", "SystemExit"],
  ["exceptions", "TabError", "builtins", "TabError"],
  ["exceptions", "TypeError", "builtins", "TypeError"],
  ["exceptions", "UnboundLocalError", "builtins", "UnboundLocalError"],
  ["exceptions", "UnicodeDecodeError", "builtins", "UnicodeDecodeError"],
  ["exceptions", "UnicodeEncodeError", "builtins", "UnicodeEncodeError"],
  ["exceptions", "UnicodeError", "builtins", "UnicodeError"],
  ["exceptions", "UnicodeTranslateError", "builtins", "UnicodeTranslateError"],
  ["exceptions", "UnicodeWarning", "builtins", "UnicodeWarning"],
  ["exceptions", "UserWarning", "builtins", "UserWarning"],
  ["exceptions", "ValueError", "builtins", "ValueError"],
  ["exceptions", "Warning", "builtins", "Warning"],
  ["exceptions", "ZeroDivisionError", "builtins", "ZeroDivisionError"],
  ["multiprocessing", "AuthenticationError", "multiprocessing.context", "AuthenticationError"],
  ["multiprocessing", "BufferTooShort", "multiprocessing.context", "BufferTooShort"],
  ["multiprocessing", "ProcessError", "multiprocessing.context", "ProcessError"],
  ["multiprocessing", "TimeoutError", "multiprocessing.context", "TimeoutError"],
  ["__builtin__", "basestring", "builtins", "str"],
  ["exceptions", "StandardError", "builtins", "Exception"],
  ["UserDict", "UserDict", "collections", "UserDict"],
  ["socket", "_socketobject", "socket", "SocketType"]
];
var IMPORT_MAPPING_ROWS = [
  ["__builtin__", "builtins"],
  ["copy_reg", "copyreg"],
  ["Queue", "queue"],
  ["SocketServer", "socketserver"],
  ["ConfigParser", "configparser"],
  ["repr", "reprlib"],
  ["tkFileDialog", "tkinter.filedialog"],
  ["tkSimpleDialog", "tkinter.simpledialog"],
  ["tkColorChooser", "tkinter.colorchooser"],
  ["tkCommonDialog", "tkinter.commondialog"],
  ["Dialog", "tkinter.dialog"],
  ["Tkdnd", "tkinter.dnd"],
  ["tkFont", "tkinter.font"],
  ["tkMessageBox", "tkinter.messagebox"],
  ["ScrolledText", "tkinter.scrolledtext"],
  ["Tkconstants", "tkinter.constants"],
  ["Tix", "tkinter.tix"],
  ["ttk", "tkinter.ttk"],
  ["Tkinter", "tkinter"],
  ["markupbase", "_markupbase"],
  ["_winreg", "winreg"],
  ["thread", "_thread"],
  ["dummy_thread", "_dummy_thread"],
  ["dbhash", "dbm.bsd"],
  ["dumbdbm", "dbm.dumb"],
  ["dbm", "dbm.ndbm"],
  ["gdbm", "dbm.gnu"],
  ["xmlrpclib", "xmlrpc.client"],
  ["SimpleXMLRPCServer", "xmlrpc.server"],
  ["httplib", "http.client"],
  ["htmlentitydefs", "html.entities"],
  ["HTMLParser", "html.parser"],
  ["Cookie", "http.cookies"],
  ["cookielib", "http.cookiejar"],
  ["BaseHTTPServer", "http.server"],
  ["test.test_support", "test.support"],
  ["commands", "subprocess"],
  ["urlparse", "urllib.parse"],
  ["robotparser", "urllib.robotparser"],
  ["urllib2", "urllib.request"],
  ["anydbm", "dbm"],
  ["_abcoll", "collections.abc"],
  ["cPickle", "pickle"],
  ["_elementtree", "xml.etree.ElementTree"],
  ["FileDialog", "tkinter.filedialog"],
  ["SimpleDialog", "tkinter.simpledialog"],
  ["DocXMLRPCServer", "xmlrpc.server"],
  ["SimpleHTTPServer", "http.server"],
  ["CGIHTTPServer", "http.server"],
  ["UserDict", "collections"],
  ["UserList", "collections"],
  ["UserString", "collections"],
  ["whichdb", "dbm"],
  ["StringIO", "io"],
  ["cStringIO", "io"]
];

// ../core/src/classes/fix-imports.ts
var nameMapping = new Map(
  NAME_MAPPING_ROWS.map(([module, name, module3, name3]) => [`${module}
${name}`, [module3, name3]])
);
var importMapping = new Map(IMPORT_MAPPING_ROWS);
function fixImports(module, name) {
  const renamed = nameMapping.get(`${module}
${name}`);
  if (renamed !== void 0) return [renamed[0], renamed[1]];
  return [importMapping.get(module) ?? module, name];
}

// ../core/src/decoder/class-resolver.ts
var ClassResolver = class {
  constructor(userClasses, builtinClasses2, isFixingImports) {
    this.userClasses = userClasses;
    this.builtinClasses = builtinClasses2;
    this.isFixingImports = isFixingImports;
  }
  userClasses;
  builtinClasses;
  isFixingImports;
  globals = /* @__PURE__ */ new Map();
  reconstructors = /* @__PURE__ */ new Map();
  /** The global for a name as the pickle spells it; Python 2 names are mapped when `proto < 3`. */
  resolve(module, name, proto) {
    if (this.isFixingImports && proto < 3) [module, name] = fixImports(module, name);
    const key = `${module}
${name}`;
    let global = this.globals.get(key);
    if (global === void 0) {
      global = torchDtypeGlobal(module, name) ?? new PyGlobal(module, name);
      this.globals.set(key, global);
      const qualified = `${module}.${name}`;
      const reconstructor = this.userClasses.get(qualified) ?? this.builtinClasses.get(qualified);
      if (reconstructor !== void 0) this.reconstructors.set(global, reconstructor);
    }
    return global;
  }
  reconstructorOf(global) {
    return this.reconstructors.get(global);
  }
};

// ../core/src/json/output-budget.ts
var MIN_DEFAULT_OUTPUT_BYTES = 64 * 1024 * 1024;
var DEFAULT_OUTPUT_PER_INPUT_BYTE = 64;
function defaultOutputBudget(inputBytes) {
  if (inputBytes === void 0) return MIN_DEFAULT_OUTPUT_BYTES;
  if (typeof inputBytes !== "number" || !(inputBytes >= 0)) {
    throw new RangeError(`inputBytes must be a non-negative number, got ${String(inputBytes)}`);
  }
  return Math.max(MIN_DEFAULT_OUTPUT_BYTES, DEFAULT_OUTPUT_PER_INPUT_BYTE * inputBytes);
}

// ../core/src/json/to-json.ts
function resolveToJsonOptions(options) {
  if (options === void 0) return { maxOutputBytes: defaultOutputBudget(), recordIndex: void 0 };
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`toJson options must be an object, got ${options === null ? "null" : typeof options}`);
  }
  const { maxOutputBytes, inputBytes, recordIndex } = options;
  if (maxOutputBytes !== void 0 && !(typeof maxOutputBytes === "number" && maxOutputBytes >= 0)) {
    throw new RangeError(`maxOutputBytes must be a non-negative number (Infinity for no limit), got ${String(maxOutputBytes)}`);
  }
  if (recordIndex !== void 0 && !(Number.isSafeInteger(recordIndex) && recordIndex >= 0)) {
    throw new RangeError(`recordIndex must be a non-negative integer, got ${String(recordIndex)}`);
  }
  return { maxOutputBytes: maxOutputBytes ?? defaultOutputBudget(inputBytes), recordIndex };
}
var shared = null;
function toJson(value, options) {
  const settings = resolveToJsonOptions(options);
  const writer = shared ?? new JsonWriter();
  shared = null;
  try {
    return writer.write(value, settings.maxOutputBytes, settings.recordIndex);
  } finally {
    shared = writer;
  }
}

// ../core/src/decoder/dict-keys.ts
function dictKeyText(key) {
  return scalarKeyText(key) ?? toJson(key);
}

// ../core/src/decoder/containers.ts
function setItemsFrom(target, stack, from) {
  if (typeof target === "object" && target !== null && Object.getPrototypeOf(target) === DICT_PROTOTYPE) {
    const dict = target;
    for (let i = from; i < stack.length; i += 2) {
      const key = stack[i];
      dict[typeof key === "string" ? key : dictKeyText(key)] = stack[i + 1];
    }
    return true;
  }
  if (target instanceof Map) {
    for (let i = from; i < stack.length; i += 2) target.set(stack[i], stack[i + 1]);
    return true;
  }
  if (typeof target === "object" && target !== null && typeof target.setItem === "function") {
    const settable = target;
    for (let i = from; i < stack.length; i += 2) settable.setItem(stack[i], stack[i + 1]);
    return true;
  }
  return false;
}
function exactList(stack, mark) {
  const s = stack;
  const m = mark;
  switch (s.length - m) {
    case 1:
      return [s[m]];
    case 2:
      return [s[m], s[m + 1]];
    case 3:
      return [s[m], s[m + 1], s[m + 2]];
    case 4:
      return [s[m], s[m + 1], s[m + 2], s[m + 3]];
    case 5:
      return [s[m], s[m + 1], s[m + 2], s[m + 3], s[m + 4]];
    case 6:
      return [s[m], s[m + 1], s[m + 2], s[m + 3], s[m + 4], s[m + 5]];
    default:
      return s.slice(m);
  }
}
function appendItem(target, item) {
  if (Array.isArray(target) && !isTuple(target)) {
    target.push(item);
    return true;
  }
  if (typeof target === "object" && target !== null && typeof target.append === "function") {
    target.append(item);
    return true;
  }
  return false;
}
function pushEntries(stack, from, isDict, output) {
  if (isDict) {
    for (let i = from; i < stack.length; i += 2) output.push(markTuple([stack[i], stack[i + 1]]));
  } else {
    for (let i = from; i < stack.length; i++) output.push(stack[i]);
  }
}
function pushRemainingEntries(root, output) {
  if (root instanceof Map) for (const [key, value] of root) output.push(markTuple([key, value]));
  else if (typeof root === "object" && root !== null && Object.getPrototypeOf(root) === DICT_PROTOTYPE) {
    for (const key of Object.keys(root)) output.push(markTuple([key, root[key]]));
  } else if (Array.isArray(root) && !isTuple(root)) for (const item of root) output.push(item);
  else output.push(root);
}

// ../core/src/classes/registry.ts
function isStateful(value) {
  return typeof value === "object" && value !== null && typeof value.setState === "function";
}
function isCallableValue(value) {
  return typeof value === "object" && value !== null && typeof value.callWith === "function";
}

// ../core/src/decoder/describe-value.ts
function describeValue2(value) {
  if (value === null) return "None";
  if (Array.isArray(value)) return isTuple(value) ? "a tuple" : "a list";
  if (value instanceof Uint8Array) return "bytes";
  if (value instanceof Map || typeof value === "object" && Object.getPrototypeOf(value) === DICT_PROTOTYPE) return "a dict";
  if (value instanceof Set) return "a set";
  if (value instanceof PyGlobal) return `the global ${value.pyClass}`;
  if (value instanceof PyInstance) return `an instance of ${value.pyClass}`;
  if (typeof value === "object" && value !== null && typeof value.pyClass === "string") {
    return `a ${value.pyClass}`;
  }
  if (typeof value === "bigint" || typeof value === "number") return Number.isInteger(value) || typeof value === "bigint" ? "an int" : "a float";
  if (value instanceof PyFloat) return "a float";
  return typeof value === "string" ? "a str" : typeof value === "boolean" ? "a bool" : typeof value;
}

// ../core/src/decoder/calls.ts
function callValue(callee, args, kwargs, isNewObj, classes, context) {
  if (callee instanceof PyGlobal) {
    const reconstructor = classes.reconstructorOf(callee);
    if (reconstructor !== void 0) return reconstructor.construct(args, kwargs, context);
    const instance = new PyInstance(callee.module, callee.name, args);
    instance.kwargs = kwargs;
    if (isNewObj) instance.callKind = "NEWOBJ";
    return instance;
  }
  if (isCallableValue(callee)) return callee.callWith(args, kwargs, context);
  if (isPyObject(callee)) {
    const instance = PyInstance.ofComputedCall(callee, args, kwargs);
    if (isNewObj) instance.callKind = "NEWOBJ";
    return instance;
  }
  throw new TypeError(`${describeValue2(callee)} is not callable`);
}
function kwargsDict2(kwargs) {
  if (kwargs instanceof Map) {
    const dict = createDict();
    for (const [key, value] of kwargs) dict[typeof key === "string" ? key : dictKeyText(key)] = value;
    return dict;
  }
  if (typeof kwargs === "object" && kwargs !== null && Object.getPrototypeOf(kwargs) === DICT_PROTOTYPE) return kwargs;
  return void 0;
}
function recordDiscardedCall(call) {
  const args = call.args;
  for (let i = 0; i < args.length; i++) {
    const target = args[i];
    if (isEffectTarget(target)) {
      target.addEffect(call, [...args.slice(0, i), ...args.slice(i + 1)]);
      return;
    }
  }
}
var StateRefused = class extends Error {
  constructor(code, reason, options) {
    super(reason, options);
    this.code = code;
  }
  code;
};
function applyState(target, state, context) {
  if (isStateful(target)) {
    try {
      target.setState(state);
    } catch (error) {
      if (error instanceof PickleError) throw error;
      throw new StateRefused("BAD_ARGUMENT", `BUILD state rejected: ${error?.message ?? String(error)}`, { cause: error });
    }
    return;
  }
  if (target instanceof Map || typeof target === "object" && target !== null && Object.getPrototypeOf(target) === DICT_PROTOTYPE) {
    try {
      setDictState(target, state, context);
    } catch (error) {
      throw new StateRefused("BAD_TYPE", `BUILD cannot set state on a dict: ${error.message}`, { cause: error });
    }
    return;
  }
  if (buildStateParts(state).every((part) => part === null)) return;
  throw new StateRefused("BAD_TYPE", `BUILD cannot set state on ${describeValue2(target)}`);
}

// ../core/src/decoder/dense-memo.ts
var CHUNK_BITS = 16;
var CHUNK = 1 << CHUNK_BITS;
var MASK = CHUNK - 1;
var DenseMemo = class {
  /** Slots in use: indices [0, length). */
  length = 0;
  /** Slots [0, CHUNK). */
  first = [];
  /** chunks[k] holds slots [(k + 1) * CHUNK, (k + 2) * CHUNK). */
  chunks = [];
  push(value) {
    const n = this.length;
    if (n < CHUNK) this.first.push(value);
    else {
      const k = (n >>> CHUNK_BITS) - 1;
      if (k === this.chunks.length) this.chunks.push(new Array(CHUNK));
      this.chunks[k][n & MASK] = value;
    }
    this.length = n + 1;
  }
  /** The slot at `index`, or undefined at or past `length`. */
  get(index) {
    if (index >= this.length) return void 0;
    return index < CHUNK ? this.first[index] : this.chunks[(index >>> CHUNK_BITS) - 1][index & MASK];
  }
  /** Replaces the slot at `index`; the caller checks `index < length`. */
  set(index, value) {
    if (index < CHUNK) this.first[index] = value;
    else this.chunks[(index >>> CHUNK_BITS) - 1][index & MASK] = value;
  }
  clear() {
    this.first.length = 0;
    this.chunks = [];
    this.length = 0;
  }
};

// ../core/src/decoder/memo-table.ts
var DROPPED = /* @__PURE__ */ Symbol("dropped memo entry");
var HOLE = /* @__PURE__ */ Symbol("memo hole");
var MAX_MEMO_GAP = 1024;
var MemoTable = class {
  /** Slots at dense indices; MEMOIZE pushes here directly while `isPlain`. */
  dense = new DenseMemo();
  /** Entries at indices beyond the dense array. */
  sparse = null;
  /** HOLE slots in `dense`. */
  holes = 0;
  /** Indices entries mode keeps (the others are DROPPED), or undefined: keep all. */
  keep;
  maxSize;
  constructor(keep, maxSize) {
    this.keep = keep;
    this.maxSize = maxSize;
  }
  /** No holes, no sparse entries, nothing dropped: the next index is `dense.length` and a push stores it. */
  get isPlain() {
    return this.keep === void 0 && this.sparse === null && this.holes === 0;
  }
  /** Entries in the memo (CPython's `len(memo)`, which MEMOIZE uses as the next index). */
  get length() {
    return this.dense.length - this.holes + (this.sparse?.size ?? 0);
  }
  /** Stores `value` at `index`; false (nothing stored) when the memo would grow past maxMemoSize. */
  put(index, value) {
    const keep = this.keep;
    const slot = keep === void 0 || keep.has(index) ? value : DROPPED;
    const dense = this.dense;
    if (index < dense.length) {
      if (dense.get(index) === HOLE) this.holes--;
      dense.set(index, slot);
    } else if (index - dense.length <= MAX_MEMO_GAP && this.sparse === null) {
      if (index >= this.maxSize) return false;
      while (dense.length < index) {
        dense.push(HOLE);
        this.holes++;
      }
      dense.push(slot);
    } else {
      this.sparse ??= /* @__PURE__ */ new Map();
      if (!this.sparse.has(index) && this.length >= this.maxSize) return false;
      this.sparse.set(index, slot);
    }
    return true;
  }
  /** The slot at `index`: undefined when no PUT stored it, DROPPED or HOLE when it holds no value. */
  get(index) {
    return index < this.dense.length ? this.dense.get(index) : this.sparse?.get(index);
  }
  clear() {
    this.dense.clear();
    this.holes = 0;
    this.sparse = null;
  }
};
function memoMissingReason(index, slot, hadEarlier) {
  if (slot === DROPPED) return `memo key ${index} was dropped by entries mode (memoIndicesRead did not list it)`;
  let reason = `memo key ${index} is missing`;
  if (hadEarlier) {
    reason += `; an earlier record's memo had it: this stream was written by one Pickler, decode it with memo: "shared"`;
  }
  return reason;
}

// ../core/src/decoder/payload-values.ts
var VIEW_MIN_BYTES = 1 << 20;
var PY2_RAW_LATIN1_BYTES = 1 << 16;
function payloadBytes(bytes, start, length, isOwned) {
  return isOwned || length >= VIEW_MIN_BYTES ? bytes.subarray(start, start + length) : copyBytes(bytes, start, length);
}
function byteArrayValue(bytes, start, length, isOwned) {
  if (isOwned || length >= VIEW_MIN_BYTES) return new PyByteArray(bytes.buffer, bytes.byteOffset + start, length);
  const array = new PyByteArray(length);
  array.set(bytes.subarray(start, start + length));
  return array;
}
function py2StringValue(encoding, py2Raw, bytes, start, length, isOwned, latin1Text) {
  switch (encoding) {
    case "latin1": {
      const text2 = latin1Text ?? decodeLatin1(bytes, start, length);
      if (length >= PY2_RAW_LATIN1_BYTES) py2Raw.set(text2, payloadBytes(bytes, start, length, isOwned));
      return text2;
    }
    case "bytes":
      return payloadBytes(bytes, start, length, isOwned);
    default: {
      const text2 = encoding === "ascii" ? decodeAscii(bytes, start, length) : decodeUtf8(bytes, start, length);
      if (length >= 64) py2Raw.set(text2, payloadBytes(bytes, start, length, isOwned));
      return text2;
    }
  }
}
function copyBytes(bytes, start, length) {
  const copy = new Uint8Array(length);
  copy.set(bytes.subarray(start, start + length));
  return copy;
}

// ../core/src/decoder/py2-raw-bytes.ts
var MAX_HASHED_LENGTH = 16383;
var Py2RawBytes = class {
  short = /* @__PURE__ */ new Map();
  long = /* @__PURE__ */ new Map();
  set(text2, bytes) {
    if (text2.length <= MAX_HASHED_LENGTH) {
      this.short.set(text2, bytes);
      return;
    }
    const entries = this.long.get(text2.length);
    if (entries === void 0) this.long.set(text2.length, [{ text: text2, bytes }]);
    else entries.push({ text: text2, bytes });
  }
  get(text2) {
    if (text2.length <= MAX_HASHED_LENGTH) return this.short.get(text2);
    const entries = this.long.get(text2.length);
    if (entries === void 0) return void 0;
    for (let i = entries.length - 1; i >= 0; i--) if (entries[i].text === text2) return entries[i].bytes;
    return void 0;
  }
  clear() {
    this.short.clear();
    this.long.clear();
  }
};

// ../core/src/decoder/machine.ts
var DEFERRED_BATCH_PAIRS = 64;
var PENDING_CHUNK = 1 << 16;
var Machine = class {
  settings;
  classes;
  context;
  /** Absolute offset of the first byte of the input being decoded (errors add their position to it). */
  base = 0;
  /** 0-based index of the record being decoded. */
  recordCount = 0;
  /** Where completed records (or entries mode's entries) go. */
  output = [];
  stack = [];
  /** Stack heights at each MARK. */
  marks = [];
  memo;
  previousMemoLength = 0;
  proto = 0;
  frameEnd = -1;
  bufferIterator = null;
  outOfBandIndex = 0;
  /** Raw bytes of long Python 2 strs (ReconstructContext.py2Bytes), so numpy data need not be re-encoded. */
  py2Raw;
  /**
   * The list the last EMPTY_LIST pushed, while its first APPENDS may swap it for an exact-size copy
   * (see appendsToFreshList): null once anything else could have reached it.
   */
  freshList = null;
  /** Absolute offset where the fresh list's MARK must stand: right after EMPTY_LIST and one memo put. */
  freshListNext = -1;
  /** Dense memo index holding the fresh list, or -1. */
  freshListMemo = -1;
  /** The stack height that MARK recorded (stack[mark - 1] is the list while that mark stands), or -1. */
  freshListMark = -1;
  /**
   * The placeholder the last REDUCE pushed, while it may still be discarded unused (POP right
   * after it, memo puts allowed): such a call acted on its arguments (`__effects__`). A memo read
   * or DUP clears it: then the pickle uses the result.
   */
  lastCall = null;
  /**
   * The Map whose big SETITEMS batches wait in `pendingPairs` (key, value, key, value, ...), in
   * order, until the record's STOP or until code outside the decoder could look at the Map
   * (a reconstructor, a BUILD, persistentLoad, a user container's setItem/append) or another
   * batch targets it or another big Map: see setItems. Inserting a record's 1.8M root entries
   * into its Map in one loop at STOP, when keys and values are old objects, costs less than
   * batch by batch while they are young (records.pkl: -11% CPU; bench/micro/map-root-insert).
   */
  pendingMap = null;
  /** The waiting pairs: full chunks, then `pendingPairs` (see PENDING_CHUNK). */
  pendingChunks = [];
  pendingPairs = [];
  constructor(settings, classes) {
    this.settings = settings;
    this.classes = classes;
    this.py2Raw = new Py2RawBytes();
    this.context = {
      dictMode: settings.dictMode,
      setMode: settings.setsAsArrays ? "array" : "set",
      py2Bytes: (text2) => this.py2Raw.get(text2) ?? (settings.encoding === "latin1" ? encodeLatin1(text2) : void 0),
      instantiate: (cls, args, kwargs) => callValue(cls, args, kwargs, true, this.classes, this.context)
    };
    this.memo = new MemoTable(settings.memoIndicesRead, settings.maxMemoSize);
    if (settings.buffers !== void 0) this.bufferIterator = settings.buffers[Symbol.iterator]();
  }
  // ---------------------------------------------------------------- values and family helpers
  /**
   * Pushes the value of a length-prefixed opcode whose payload is `bytes[start, start+length)`.
   * `isOwned`: `bytes` was assembled by this decoder for this payload alone, so it is the value.
   */
  pushPayload(op, bytes, start, length, pos, isOwned = false) {
    const stack = this.stack;
    switch (op) {
      case SHORT_BINUNICODE:
      case BINUNICODE:
      case BINUNICODE8:
        stack.push(this.utf8(bytes, start, length, op, pos));
        return;
      case SHORT_BINBYTES:
      case BINBYTES:
      case BINBYTES8:
        stack.push(payloadBytes(bytes, start, length, isOwned));
        return;
      case BYTEARRAY8:
        stack.push(byteArrayValue(bytes, start, length, isOwned));
        return;
      case SHORT_BINSTRING:
      case BINSTRING:
        stack.push(this.py2String(bytes, start, length, isOwned));
        return;
      case LONG1:
      case LONG4:
        stack.push(decodeLongBytes(bytes, start, length));
        return;
      default:
        throw this.error("UNSUPPORTED", "not a length-prefixed opcode", op, pos);
    }
  }
  utf8(bytes, start, length, op, pos) {
    try {
      return decodeUtf8(bytes, start, length);
    } catch (error) {
      throw this.error("BAD_ARGUMENT", `invalid UTF-8 in str: ${error.message}`, op, pos, error);
    }
  }
  /** `isOwned` as in pushPayload: `bytes` is this payload's own buffer. */
  py2String(bytes, start, length, isOwned = false) {
    return py2StringValue(this.settings.encoding, this.py2Raw, bytes, start, length, isOwned);
  }
  checkFrame(op, pos, argEnd) {
    const at = this.base + pos;
    if (at < this.frameEnd && this.base + argEnd > this.frameEnd) {
      throw this.error("FRAME_OVERRUN", crossingReason(this.base + argEnd, this.frameEnd), op, pos);
    }
  }
  checkDepth(op, pos) {
    if (this.stack.length + this.marks.length >= this.settings.maxDepth) {
      throw this.limit(`nesting deeper than maxDepth (${this.settings.maxDepth})`, op, pos);
    }
  }
  memoPut(index, value, op, pos) {
    if (!this.memo.put(index, value)) throw this.memoLimit(op, pos);
  }
  memoGet(index, op, pos) {
    const value = this.memo.get(index);
    if (value === this.freshList) this.freshList = null;
    this.lastCall = null;
    if (value === void 0 || value === DROPPED || value === HOLE) {
      const hadEarlier = !this.settings.isMemoShared && index < this.previousMemoLength;
      throw this.error("MEMO_MISSING", memoMissingReason(index, value, hadEarlier), op, pos);
    }
    return value;
  }
  /**
   * SETITEMS/SETITEM: the key, value pairs at `stack[from...]` into `target`. A big batch into a
   * Map waits in `pendingPairs` (see pendingMap); any other batch into that Map, or into a
   * container that runs code of its own (setItem), first applies the waiting pairs, so every
   * Map gets its entries in the pickle's order.
   */
  setItems(target, from, op, pos) {
    const stack = this.stack;
    const pending = this.pendingMap;
    const prototype = typeof target === "object" && target !== null ? Object.getPrototypeOf(target) : null;
    if (prototype === Map.prototype && stack.length - from >= 2 * DEFERRED_BATCH_PAIRS) {
      if (target !== pending) {
        if (pending !== null) this.flushPending();
        this.pendingMap = target;
      }
      let pairs = this.pendingPairs;
      if (pairs.length >= PENDING_CHUNK) {
        this.pendingChunks.push(pairs);
        pairs = this.pendingPairs = [];
      }
      for (let i = from; i < stack.length; i++) pairs.push(stack[i]);
      return;
    }
    if (pending !== null && (target === pending || prototype !== Map.prototype && prototype !== DICT_PROTOTYPE)) this.flushPending();
    if (!setItemsFrom(target, stack, from)) throw this.error("BAD_TYPE", `cannot set items on ${describeValue2(target)}`, op, pos);
  }
  /** Inserts the waiting pairs into their Map (see pendingMap); called before anything may look at it. */
  flushPending() {
    const map = this.pendingMap;
    if (map === null) return;
    this.pendingMap = null;
    const chunks = this.pendingChunks;
    for (let c = 0; c < chunks.length; c++) setPairs(map, chunks[c]);
    setPairs(map, this.pendingPairs);
    chunks.length = 0;
    this.pendingPairs = [];
  }
  /**
   * A memo put (`size` bytes) right after the fresh list's EMPTY_LIST: remember where the list sits
   * in the memo, and that its MARK comes next. A put that did not land in the dense memo (entries
   * mode dropping it, a sparse index) ends the fast path.
   */
  freshListPut(index, size2) {
    if (this.freshListMemo < 0 && this.memo.dense.get(index) === this.freshList) {
      this.freshListMemo = index;
      this.freshListNext += size2;
    } else {
      this.freshList = null;
    }
  }
  /**
   * The first APPENDS of the list that EMPTY_LIST pushed just before its MARK, while nothing but
   * its stack slot and its one memo slot refer to it (every other way to reach it clears
   * freshList: a memo read, a pop of its mark by another opcode). Pushing onto `[]` gives V8 a
   * backing store of 17 slots for a 2-item list; an exact-size copy of the items takes the list's
   * place in both slots instead: ~120 bytes less per small list kept, and less for the GC to copy
   * (bench/micro/small-lists.bench.mjs).
   */
  appendsToFreshList(mark) {
    const stack = this.stack;
    const old = this.freshList;
    const list = exactList(stack, mark);
    stack[mark - 1] = list;
    const dense = this.memo.dense;
    if (this.freshListMemo >= 0 && dense.get(this.freshListMemo) === old) dense.set(this.freshListMemo, list);
    stack.length = mark;
    this.freshList = null;
  }
  appendTo(target, item, op, pos) {
    if (this.pendingMap !== null && !Array.isArray(target)) this.flushPending();
    if (!appendItem(target, item)) throw this.error("BAD_TYPE", `cannot append to ${describeValue2(target)}`, op, pos);
  }
  /** Entries mode: hand the root container's new entries out instead of storing them. */
  emitEntries(from, isDict) {
    this.flushPending();
    pushEntries(this.stack, from, isDict, this.output);
  }
  fromSlice(op, items, pos) {
    switch (op) {
      case TUPLE:
        return markTuple(items);
      case LIST:
        return items;
      case FROZENSET:
        return this.settings.setsAsArrays ? items : markFrozenSet(new Set(items));
      default: {
        if (items.length & 1) throw this.error("BAD_ARGUMENT", "odd number of items for DICT", op, pos);
        const dict = this.settings.dictMode === "map" ? /* @__PURE__ */ new Map() : createDict();
        this.stack.push(dict);
        const base = this.stack.length;
        for (const item of items) this.stack.push(item);
        this.setItems(dict, base, op, pos);
        this.stack.length = base - 1;
        return dict;
      }
    }
  }
  kwargsOf(kwargs, op, pos) {
    this.flushPending();
    const dict = kwargsDict2(kwargs);
    if (dict === void 0) throw this.error("BAD_TYPE", `NEWOBJ_EX keyword arguments must be a dict, got ${describeValue2(kwargs)}`, op, pos);
    return dict;
  }
  /** A call whose result the pickle discarded (see recordDiscardedCall). */
  discardCall(call) {
    this.flushPending();
    this.lastCall = null;
    recordDiscardedCall(call);
  }
  callAt(callee, args, kwargs, op, pos) {
    this.flushPending();
    try {
      return callValue(callee, args, kwargs, op === NEWOBJ || op === NEWOBJ_EX || op === OBJ, this.classes, this.context);
    } catch (error) {
      if (error instanceof PickleError) throw error;
      const name = callee instanceof PyGlobal ? callee.pyClass : describeValue2(callee);
      throw this.error("BAD_ARGUMENT", `cannot rebuild ${name}: ${error?.message ?? String(error)}`, op, pos, error);
    }
  }
  build(target, state, op, pos) {
    this.flushPending();
    try {
      applyState(target, state, this.context);
    } catch (error) {
      if (error instanceof StateRefused) throw this.error(error.code, error.message, op, pos, error.cause);
      throw error;
    }
  }
  persistent(pid) {
    this.flushPending();
    const load = this.settings.persistentLoad;
    return load === void 0 ? new PyPersistentId(pid) : load(pid);
  }
  nextBuffer(op, pos) {
    const index = this.outOfBandIndex++;
    if (this.bufferIterator === null) return new PyOutOfBandBuffer(index);
    const next = this.bufferIterator.next();
    if (next.done === true) throw this.error("BAD_ARGUMENT", `not enough out-of-band buffers (needed #${index})`, op, pos);
    return next.value;
  }
  // ---------------------------------------------------------------- records
  startRecord() {
    this.pendingMap = null;
    this.pendingChunks.length = 0;
    this.pendingPairs = [];
    this.freshList = null;
    this.lastCall = null;
    this.freshListMark = -1;
    this.stack.length = 0;
    this.marks.length = 0;
    this.proto = 0;
    this.frameEnd = -1;
    if (!this.settings.isMemoShared) {
      this.previousMemoLength = this.memo.length;
      this.memo.clear();
      this.py2Raw.clear();
    }
  }
  // ---------------------------------------------------------------- errors
  error(code, reason, op, pos, cause) {
    return new PickleError(reason, { code, offset: this.base + pos, opcode: op, recordIndex: this.recordCount, cause });
  }
  underflow(op, pos) {
    return this.error("STACK_UNDERFLOW", "stack underflow (fewer objects above the mark than the opcode takes)", op, pos);
  }
  /** The items above the topmost MARK, taken off the stack with the mark (OBJ, INST, TUPLE, LIST, DICT, FROZENSET). */
  takeMarked(op, pos) {
    if (this.marks.length === 0) throw this.noMark(op, pos);
    const mark = this.marks.pop();
    if (mark === this.freshListMark) this.freshList = null;
    return this.stack.splice(mark);
  }
  noMark(op, pos) {
    return this.error("NO_MARK", "could not find MARK", op, pos);
  }
  limit(reason, op, pos) {
    return this.error("LIMIT_EXCEEDED", reason, op, pos);
  }
  memoLimit(op, pos) {
    return this.limit(`memo larger than maxMemoSize (${this.settings.maxMemoSize})`, op, pos);
  }
  wrapAt(error, op, pos) {
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof RangeError ? "LIMIT_EXCEEDED" : "BAD_ARGUMENT";
    return this.error(code, message, op, pos, error);
  }
};
function setPairs(map, pairs) {
  for (let i = 0; i < pairs.length; i += 2) map.set(pairs[i], pairs[i + 1]);
}

// ../core/src/decoder/ops/calls.ts
function fenceOf(marks) {
  return marks.length > 0 ? marks[marks.length - 1] : 0;
}
function stackGlobalOp(m, op, pos) {
  const stack = m.stack;
  if (stack.length - 2 < fenceOf(m.marks)) throw m.underflow(op, pos);
  const name = stack.pop();
  const module = stack.pop();
  if (typeof module !== "string" || typeof name !== "string") {
    throw m.error("BAD_TYPE", "STACK_GLOBAL requires str module and name", op, pos);
  }
  stack.push(m.classes.resolve(module, name, m.proto));
}
function reduceOp(m, op, pos) {
  const stack = m.stack;
  if (stack.length - 2 < fenceOf(m.marks)) throw m.underflow(op, pos);
  const args = stack.pop();
  const callee = stack.pop();
  if (!isTuple(args)) throw m.error("BAD_TYPE", `REDUCE arguments must be a tuple, got ${describeValue2(args)}`, op, pos);
  const result = m.callAt(callee, args, null, op, pos);
  stack.push(result);
  m.lastCall = result instanceof PyInstance ? result : null;
}
function newObjOp(m, op, pos) {
  const stack = m.stack;
  if (stack.length - 2 < fenceOf(m.marks)) throw m.underflow(op, pos);
  const args = stack.pop();
  const cls = stack.pop();
  if (!isTuple(args)) throw m.error("BAD_TYPE", `NEWOBJ arguments must be a tuple, got ${describeValue2(args)}`, op, pos);
  stack.push(m.callAt(cls, args, null, op, pos));
}
function newObjExOp(m, op, pos) {
  const stack = m.stack;
  if (stack.length - 3 < fenceOf(m.marks)) throw m.underflow(op, pos);
  const kwargs = stack.pop();
  const args = stack.pop();
  const cls = stack.pop();
  if (!isTuple(args)) throw m.error("BAD_TYPE", `NEWOBJ_EX arguments must be a tuple, got ${describeValue2(args)}`, op, pos);
  stack.push(m.callAt(cls, args, m.kwargsOf(kwargs, op, pos), op, pos));
}
function buildOp(m, op, pos) {
  const stack = m.stack;
  if (stack.length - 2 < fenceOf(m.marks)) throw m.underflow(op, pos);
  const state = stack.pop();
  m.build(stack[stack.length - 1], state, op, pos);
}
function objOp(m, op, pos) {
  const items = m.takeMarked(op, pos);
  if (items.length === 0) throw m.underflow(op, pos);
  const cls = items.shift();
  m.stack.push(m.callAt(cls, markTuple(items), null, op, pos));
}

// ../core/src/decoder/ops/containers.ts
function fenceOf2(marks) {
  return marks.length > 0 ? marks[marks.length - 1] : 0;
}
function setItemsOp(m, op, pos) {
  const stack = m.stack;
  const marks = m.marks;
  if (marks.length === 0) throw m.noMark(op, pos);
  const mark = marks.pop();
  if (mark - 1 < fenceOf2(marks)) throw m.underflow(op, pos);
  if (stack.length - mark & 1) throw m.error("BAD_ARGUMENT", "odd number of items for SETITEMS", op, pos);
  if (mark === m.freshListMark) m.freshList = null;
  if (m.settings.emitEntries && mark === 1) m.emitEntries(mark, true);
  else m.setItems(stack[mark - 1], mark, op, pos);
  stack.length = mark;
}
function appendsOp(m, op, pos) {
  const stack = m.stack;
  const marks = m.marks;
  if (marks.length === 0) throw m.noMark(op, pos);
  const mark = marks.pop();
  if (mark - 1 < fenceOf2(marks)) throw m.underflow(op, pos);
  const target = stack[mark - 1];
  const isRootEntries = m.settings.emitEntries && mark === 1;
  if (mark === m.freshListMark) {
    m.freshListMark = -1;
    if (target === m.freshList && target.length === 0 && !isRootEntries) {
      m.appendsToFreshList(mark);
      return;
    }
    m.freshList = null;
  }
  if (isRootEntries) m.emitEntries(mark, false);
  else if (Array.isArray(target) && !isTuple(target)) {
    for (let i = mark; i < stack.length; i++) target.push(stack[i]);
  } else {
    for (let i = mark; i < stack.length; i++) m.appendTo(target, stack[i], op, pos);
  }
  stack.length = mark;
}
function setItemOp(m, op, pos) {
  const stack = m.stack;
  if (stack.length - 3 < fenceOf2(m.marks)) throw m.underflow(op, pos);
  if (m.settings.emitEntries && stack.length === 3 && m.marks.length === 0) m.emitEntries(1, true);
  else m.setItems(stack[stack.length - 3], stack.length - 2, op, pos);
  stack.length -= 2;
}
function appendOp(m, op, pos) {
  const stack = m.stack;
  if (stack.length - 2 < fenceOf2(m.marks)) throw m.underflow(op, pos);
  if (m.settings.emitEntries && stack.length === 2 && m.marks.length === 0) m.emitEntries(1, false);
  else m.appendTo(stack[stack.length - 2], stack[stack.length - 1], op, pos);
  stack.length -= 1;
}
function fromMarkOp(m, op, pos) {
  const items = m.takeMarked(op, pos);
  m.stack.push(m.fromSlice(op, items, pos));
}
function addItemsOp(m, op, pos) {
  const stack = m.stack;
  const marks = m.marks;
  if (marks.length === 0) throw m.noMark(op, pos);
  const mark = marks.pop();
  if (mark - 1 < fenceOf2(marks)) throw m.underflow(op, pos);
  if (mark === m.freshListMark) m.freshList = null;
  const target = stack[mark - 1];
  if (target instanceof Set) for (let i = mark; i < stack.length; i++) target.add(stack[i]);
  else if (Array.isArray(target) && m.settings.setsAsArrays && !isTuple(target)) {
    for (let i = mark; i < stack.length; i++) target.push(stack[i]);
  } else throw m.error("BAD_TYPE", `ADDITEMS target is ${describeValue2(target)}, not a set`, op, pos);
  stack.length = mark;
}

// ../core/src/decoder/ops/control.ts
function protoOp(m, proto, op, pos) {
  if (proto > 5) throw m.error("UNSUPPORTED", `unsupported pickle protocol: ${proto}`, op, pos);
  m.proto = proto;
}
function frameOp(m, view, op, pos) {
  const at = m.base + pos;
  if (m.frameEnd > at) throw m.error("FRAME_OVERRUN", nestedFrameReason(m.frameEnd), op, pos);
  m.frameEnd = frameEndOf(at, view.getUint32(pos + 1, true), view.getUint32(pos + 5, true));
}

// ../core/src/decoder/ops/rare.ts
function rareArgumentEnd(m, buf, op, pos, end) {
  const size2 = ARG_SIZE[op];
  if (size2 === NOT_AN_OPCODE) {
    throw m.error("UNKNOWN_OPCODE", "invalid load key: no opcode has this byte", op, pos);
  }
  if (size2 >= 0) {
    const argEnd = pos + 1 + size2;
    return argEnd > end ? -1 : argEnd;
  }
  let newline = buf.indexOf(10, pos + 1);
  if (newline >= 0 && size2 === TWO_NEWLINES) newline = buf.indexOf(10, newline + 1);
  if (newline < 0 || newline >= end) {
    const maxLineLength = m.settings.maxLineLength;
    if (end - pos > maxLineLength + 2) {
      throw m.error("LIMIT_EXCEEDED", `text argument longer than maxLineLength (${maxLineLength})`, op, pos);
    }
    return -1;
  }
  return newline + 1;
}
function runRareOp(m, buf, view, op, pos, argEnd) {
  const stack = m.stack;
  const marks = m.marks;
  const fence = marks.length > 0 ? marks[marks.length - 1] : 0;
  const lineEnd2 = argEnd - 1;
  switch (op) {
    case INT:
      stack.push(parseIntLine(buf, pos + 1, lineEnd2));
      return;
    case LONG:
      if (lineEnd2 - pos - 1 > m.settings.maxIntBytes) throw m.limit("LONG literal longer than maxIntBytes", op, pos);
      stack.push(parseLongLine(buf, pos + 1, lineEnd2));
      return;
    case FLOAT: {
      const value = parseFloatLine(buf, pos + 1, lineEnd2);
      stack.push(m.settings.wrapIntegralFloats && Number.isInteger(value) ? new PyFloat(value) : value);
      return;
    }
    case STRING: {
      let stop = lineEnd2;
      if (stop > pos + 1 && buf[stop - 1] === 13) stop--;
      const raw = decodeQuotedString(buf, pos + 1, stop);
      stack.push(m.py2String(raw, 0, raw.length, true));
      return;
    }
    case UNICODE:
      stack.push(decodeRawUnicodeEscape(buf, pos + 1, lineEnd2));
      return;
    case GET:
      stack.push(m.memoGet(parseMemoIndex(buf, pos + 1, lineEnd2), op, pos));
      return;
    case PUT:
      if (stack.length <= fence) throw m.underflow(op, pos);
      m.memoPut(parseMemoIndex(buf, pos + 1, lineEnd2), stack[stack.length - 1], op, pos);
      return;
    case GLOBAL: {
      const newline = buf.indexOf(10, pos + 1);
      const module = decodeUtf8(buf, pos + 1, newline - pos - 1);
      const name = decodeUtf8(buf, newline + 1, lineEnd2 - newline - 1);
      stack.push(m.classes.resolve(module, name, m.proto));
      return;
    }
    case INST: {
      const newline = buf.indexOf(10, pos + 1);
      const module = decodeAscii(buf, pos + 1, newline - pos - 1);
      const name = decodeAscii(buf, newline + 1, lineEnd2 - newline - 1);
      const args = m.takeMarked(op, pos);
      stack.push(m.callAt(m.classes.resolve(module, name, m.proto), markTuple(args), null, op, pos));
      return;
    }
    case EXT1:
    case EXT2:
    case EXT4: {
      const code = op === EXT1 ? buf[pos + 1] : op === EXT2 ? buf[pos + 1] | buf[pos + 2] << 8 : view.getInt32(pos + 1, true);
      const entry = m.settings.extensions?.get(code);
      if (entry === void 0) throw m.error("BAD_ARGUMENT", `unregistered extension code ${code} (pass it in the extensions option)`, op, pos);
      stack.push(m.classes.resolve(entry[0], entry[1], 3));
      return;
    }
    case PERSID: {
      const pid = decodeAscii(buf, pos + 1, lineEnd2 - pos - 1);
      stack.push(m.persistent(pid));
      return;
    }
    case BINPERSID:
      if (stack.length <= fence) throw m.underflow(op, pos);
      stack.push(m.persistent(stack.pop()));
      return;
    case NEXT_BUFFER:
      stack.push(m.nextBuffer(op, pos));
      return;
    case READONLY_BUFFER: {
      if (stack.length <= fence) throw m.underflow(op, pos);
      const top = stack[stack.length - 1];
      if (top instanceof PyOutOfBandBuffer) top.isReadonly = true;
      return;
    }
    default:
      throw m.error("UNSUPPORTED", "opcode not handled", op, pos);
  }
}

// ../core/src/decoder/ops/stack.ts
function popOp(m, op, pos) {
  const stack = m.stack;
  const marks = m.marks;
  if (marks.length > 0 && marks[marks.length - 1] === stack.length) {
    if (marks.pop() === m.freshListMark) m.freshList = null;
    return;
  }
  if (stack.length <= (marks.length > 0 ? marks[marks.length - 1] : 0)) throw m.underflow(op, pos);
  const popped = stack.pop();
  if (m.lastCall !== null && popped === m.lastCall) m.discardCall(m.lastCall);
}
function popMarkOp(m, op, pos) {
  const stack = m.stack;
  const marks = m.marks;
  if (marks.length === 0) throw m.noMark(op, pos);
  if (m.lastCall !== null && stack.length > marks[marks.length - 1] && stack[stack.length - 1] === m.lastCall) {
    m.discardCall(m.lastCall);
  }
  stack.length = marks.pop();
  if (stack.length === m.freshListMark) m.freshList = null;
}

// ../core/src/decoder/payload-fill.ts
var PREALLOCATE_LIMIT = 1 << 20;
var PREALLOCATE_AFTER_FRACTION = 8;
var TEXT_STEP_BYTES = 4 << 20;
var MAX_STEPPED_TEXT = 1 << 28;
var PayloadFill = class {
  opcode;
  /** Absolute offset of the opcode byte. */
  opcodeOffset;
  length;
  filled = 0;
  /** Destination, once allocated (at once for small payloads, see PREALLOCATE_AFTER_FRACTION). */
  target;
  /** Views of the input chunks that came before the destination existed. */
  parts = [];
  /**
   * Latin-1 text of `target[0, textEnd)`, joined piece by piece (a V8 rope, so each step copies
   * only its own bytes), or null when the payload's text is not wanted.
   */
  text;
  textEnd = 0;
  /** `wantsLatin1Text`: the value is this payload as Latin-1 text (a Python 2 str read with encoding "latin1"). */
  constructor(opcode, opcodeOffset, length, wantsLatin1Text) {
    this.opcode = opcode;
    this.opcodeOffset = opcodeOffset;
    this.length = length;
    this.target = length <= PREALLOCATE_LIMIT ? new Uint8Array(length) : null;
    this.text = wantsLatin1Text && length > TEXT_STEP_BYTES && length <= MAX_STEPPED_TEXT ? "" : null;
  }
  get isComplete() {
    return this.filled === this.length;
  }
  /** Adds the next bytes of the payload (at most what is missing). */
  add(piece) {
    if (piece.length === 0) return;
    if (this.target !== null) this.target.set(piece, this.filled);
    else this.parts.push(piece);
    this.filled += piece.length;
    if (this.target === null && this.filled * PREALLOCATE_AFTER_FRACTION >= this.length) this.allocate();
    if (this.text !== null && this.filled - this.textEnd >= TEXT_STEP_BYTES) this.decodeText();
  }
  /** The whole payload, exactly `length` bytes of its own memory; once complete. */
  bytes() {
    if (this.target === null) this.allocate();
    return this.target;
  }
  /** The payload as Latin-1 text (equal to decodeLatin1 of `bytes()`), or undefined when not built as it came. */
  latin1Text() {
    if (this.text === null) return void 0;
    this.decodeText();
    return this.text;
  }
  allocate() {
    const target = new Uint8Array(this.length);
    let at = 0;
    for (const part of this.parts) {
      target.set(part, at);
      at += part.length;
    }
    this.parts = [];
    this.target = target;
  }
  decodeText() {
    const target = this.target;
    if (target === null || this.filled === this.textEnd) return;
    this.text += decodeLatin1(target, this.textEnd, this.filled - this.textEnd);
    this.textEnd = this.filled;
  }
};

// ../core/src/decoder/join-bytes.ts
function joinBytes(parts, length) {
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

// ../core/src/decoder/raw-read.ts
var RawRead = class {
  target;
  /** Absolute offset of the BUILD opcode, where errors are reported. */
  opcodeOffset;
  length;
  /** For a payload that is a whole pickle (joblib's object arrays): the decoder reading it, else null. */
  nested;
  /** -1 until the padding-length byte is read (when padded), then padding bytes left to skip. */
  skip;
  filled = 0;
  parts = [];
  constructor(target, opcodeOffset, payload, nested) {
    this.target = target;
    this.opcodeOffset = opcodeOffset;
    this.length = payload.length;
    this.skip = payload.padded ? -1 : 0;
    this.nested = nested;
  }
  /** True once every raw byte came (not for a nested pickle: its decoder says when it is done). */
  get isComplete() {
    return this.skip === 0 && this.filled === this.length;
  }
  /** Takes padding and raw bytes from `buf` at `pos` (kept as views until `bytes()`); returns the position after them. */
  readFrom(buf, pos) {
    if (this.skip === -1) {
      if (pos >= buf.length) return pos;
      this.skip = buf[pos];
      pos++;
    }
    if (this.skip > 0) {
      const skipped = Math.min(this.skip, buf.length - pos);
      this.skip -= skipped;
      pos += skipped;
      if (this.skip > 0) return pos;
    }
    const take = Math.min(this.length - this.filled, buf.length - pos);
    if (take > 0) {
      this.parts.push(buf.subarray(pos, pos + take));
      this.filled += take;
      pos += take;
    }
    return pos;
  }
  /** The raw bytes once complete: one piece of at least VIEW_MIN_BYTES stays a view of the input, as large bytes payloads do. */
  bytes() {
    if (this.parts.length === 1 && this.length >= VIEW_MIN_BYTES) return this.parts[0];
    return joinBytes(this.parts, this.length);
  }
};

// ../core/src/decoder/unpickler.ts
var EMPTY = new Uint8Array(0);
var Unpickler = class _Unpickler {
  settings;
  /** Stack, marks, memo and the record being built: what the opcode families act on. */
  m;
  // Input: the chunk being decoded (its absolute offset is the machine's `base`), and the read position.
  buf = EMPTY;
  view = new DataView(EMPTY.buffer);
  pos = 0;
  totalPushed = 0;
  /** Bytes of an opcode that straddles chunks (a fixed argument, a length header, text lines). */
  carry = new OpcodeCarry();
  fill = null;
  raw = null;
  /** Set on the decoder of a pickle nested in raw bytes (see RawRead): it stops right after its one record. */
  isSingleRecord = false;
  /** As given, for the decoder of a nested pickle. */
  options;
  // Records.
  recordStart = 0;
  failure = null;
  spans = [];
  memoLengths = [];
  constructor(options = {}) {
    this.options = options;
    this.settings = resolveSettings(options);
    this.m = new Machine(this.settings, new ClassResolver(this.settings.userClasses, builtinClasses, this.settings.fixImports));
  }
  /** Absolute number of bytes consumed so far. */
  get offset() {
    return this.totalPushed;
  }
  /** 0-based index of the record being decoded next. */
  get recordIndex() {
    return this.m.recordCount;
  }
  /** `[start, end)` absolute byte offsets of the records returned by the last `push`, two numbers per record. */
  get recordSpans() {
    return this.spans;
  }
  /** True when the input so far ends exactly between records. */
  get isAtRecordBoundary() {
    return this.fill === null && this.raw === null && this.carry.length === 0 && this.totalPushed === this.recordStart;
  }
  /**
   * Decodes `chunk` and returns the records it completed (possibly none). Throws a `PickleError`
   * on bad input; records completed earlier in the same chunk are then lost to this call's
   * return value, so callers that must keep them use `pushTo`.
   */
  push(chunk) {
    const records = [];
    this.pushTo(chunk, records);
    return records;
  }
  /**
   * Like `push`, but appends completed records to `records` as they complete, so that they stay
   * delivered even when a later record in the same chunk throws.
   */
  pushTo(chunk, records) {
    if (!(chunk instanceof Uint8Array)) {
      throw new TypeError(`push() takes a Uint8Array, got ${chunk === null ? "null" : typeof chunk}`);
    }
    if (this.failure !== null) throw this.failure;
    this.m.output = records;
    this.spans = [];
    this.memoLengths = [];
    const chunkOffset = this.totalPushed;
    this.totalPushed += chunk.length;
    let start = 0;
    try {
      if (this.raw !== null) {
        this.setInput(chunk, chunkOffset, 0);
        start = this.continueRaw(0);
        if (this.raw !== null) return;
      }
      if (this.carry.length > 0) {
        start = this.continueCarry(chunk, chunkOffset);
        if (this.carry.length > 0) return;
      }
      if (this.fill !== null) {
        start = this.continueFill(chunk, start, chunkOffset);
        if (this.fill !== null) return;
      }
      this.setInput(chunk, chunkOffset, start);
      this.run();
    } catch (error) {
      this.failure = error instanceof PickleError ? error : this.wrap(error);
      throw this.failure;
    } finally {
      this.buf = EMPTY;
    }
  }
  /** Declares the end of input. Throws `TruncatedError` when it came inside a record. */
  end() {
    if (this.failure !== null) throw this.failure;
    if (!this.isAtRecordBoundary) {
      const pending = this.fill?.opcode ?? this.carry.opcode;
      const at = this.fill?.opcodeOffset ?? this.raw?.opcodeOffset ?? (this.carry.length > 0 ? this.carry.offset : this.totalPushed);
      this.failure = new TruncatedError(
        this.fill !== null || this.carry.length > 0 ? "input ended inside an opcode's argument" : this.raw !== null ? this.raw.nested !== null ? "input ended inside the pickle of an object array that follows this BUILD (a joblib file cut short)" : `input ended inside the ${this.raw.length} raw bytes of an array that follow this BUILD (a joblib file cut short)` : "input ended before the record's STOP opcode",
        { offset: at, opcode: pending, recordIndex: this.m.recordCount }
      );
      throw this.failure;
    }
  }
  /**
   * Forgets everything as `reset()` does and goes on as if `offset` bytes and `recordIndex` records
   * came before: the tape engine hands a record it declined to a fresh Unpickler this way, so
   * errors name the same offsets and records.
   */
  resetAt(offset, recordIndex, previousMemoLength = 0) {
    this.reset();
    this.totalPushed = offset;
    this.recordStart = offset;
    this.m.recordCount = recordIndex;
    this.m.previousMemoLength = previousMemoLength;
  }
  /** Memo length of each record returned by the last `push` (what `resetAt` takes for the next). */
  get recordMemoLengths() {
    return this.memoLengths;
  }
  /** Forgets everything (stack, memo, failure) and starts afresh at offset 0. */
  reset() {
    this.buf = EMPTY;
    this.m.base = 0;
    this.pos = 0;
    this.totalPushed = 0;
    this.carry.clear();
    this.fill = null;
    this.raw = null;
    this.failure = null;
    this.recordStart = 0;
    this.m.recordCount = 0;
    this.m.memo.clear();
    this.m.previousMemoLength = 0;
    this.m.py2Raw.clear();
    this.m.startRecord();
    if (this.settings.buffers !== void 0) this.m.bufferIterator = this.settings.buffers[Symbol.iterator]();
    this.m.outOfBandIndex = 0;
  }
  // ---------------------------------------------------------------- input handling
  setInput(chunk, chunkOffset, start) {
    this.buf = chunk;
    this.view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.m.base = chunkOffset;
    this.pos = start;
  }
  /**
   * Called by the loop when the opcode at `opStart` needs bytes beyond `end`: the chunk's end, or
   * the end of the frame it starts in (then it breaks the frame rule, whatever the chunking).
   */
  suspend(opStart) {
    const frameEnd = this.m.frameEnd;
    if (this.m.base + opStart < frameEnd && frameEnd <= this.m.base + this.buf.length) {
      const op = this.buf[opStart];
      throw this.m.error("FRAME_OVERRUN", op === FRAME ? nestedFrameReason(frameEnd) : crossingReason(knownEnd(op, this.m.base + opStart), frameEnd), op, opStart);
    }
    this.carry.hold(this.buf, opStart, this.m.base + opStart);
    this.pos = this.buf.length;
  }
  /**
   * Moves just enough bytes from `chunk` into the carry to complete the straddling opcode, runs
   * that one opcode, and returns where decoding of `chunk` resumes.
   */
  continueCarry(chunk, chunkOffset) {
    const carry = this.carry;
    const taken = carry.takeFrom(chunk, this.settings.maxLineLength);
    if (taken < 0) {
      throw new PickleError(`text argument longer than maxLineLength (${this.settings.maxLineLength})`, {
        code: "LIMIT_EXCEEDED",
        offset: carry.offset,
        opcode: carry.opcode,
        recordIndex: this.m.recordCount
      });
    }
    const violation = carry.frameViolation(this.m.frameEnd);
    if (violation !== null) {
      throw new PickleError(violation, { code: "FRAME_OVERRUN", offset: carry.offset, opcode: carry.opcode, recordIndex: this.m.recordCount });
    }
    if (!carry.isComplete) return taken;
    const offset = carry.offset;
    this.setInput(carry.take(), offset, 0);
    this.run();
    this.setInput(chunk, chunkOffset, taken);
    return taken;
  }
  /** After a BUILD at `opStart` made a value followed by raw bytes (classes/joblib.ts): starts reading them. */
  beginRaw(opStart) {
    const target = this.m.stack[this.m.stack.length - 1];
    const at = this.m.base + opStart;
    let payload;
    this.m.flushPending();
    try {
      payload = target.rawPayload();
    } catch (error) {
      throw this.m.error("BAD_ARGUMENT", error.message, BUILD, opStart, error);
    }
    if (at + 1 < this.m.frameEnd) {
      throw this.m.error("FRAME_OVERRUN", `raw array bytes cannot start inside a frame (it ends at byte ${this.m.frameEnd})`, BUILD, opStart);
    }
    if (payload.length > this.settings.maxBytesLength) {
      throw this.m.error("LIMIT_EXCEEDED", `an array of ${payload.length} raw bytes is over maxBytesLength (${this.settings.maxBytesLength})`, BUILD, opStart);
    }
    let nested = null;
    if (payload.isPickle) {
      const { emit: _emit, memoIndicesRead: _read, buffers: _buffers, memo: _memo, ...options } = this.options;
      nested = new _Unpickler(options);
      nested.resetAt(at + 1, this.m.recordCount);
      nested.isSingleRecord = true;
    }
    this.raw = new RawRead(target, at, payload, nested);
    return this.continueRaw(opStart + 1);
  }
  /** Reads raw bytes from `this.buf` at `pos`; when all came, the value they complete replaces the wrapper. Returns the new position. */
  continueRaw(pos) {
    const raw = this.raw;
    const buf = this.buf;
    if (raw.nested !== null) {
      if (pos >= buf.length) return pos;
      const records = [];
      raw.nested.pushTo(buf.subarray(pos), records);
      if (records.length === 0) return buf.length;
      this.raw = null;
      this.m.stack[this.m.stack.length - 1] = this.takeRaw(raw, () => raw.target.takePickled(records[0]));
      return raw.nested.recordSpans[1] - this.m.base;
    }
    pos = raw.readFrom(buf, pos);
    if (!raw.isComplete) return pos;
    this.raw = null;
    const bytes = raw.bytes();
    this.m.stack[this.m.stack.length - 1] = this.takeRaw(raw, () => raw.target.takePayload(bytes));
    return pos;
  }
  /** The value raw bytes complete; a refusal is a PickleError at the BUILD. */
  takeRaw(raw, take) {
    try {
      return take();
    } catch (error) {
      throw new PickleError(`cannot rebuild the array after BUILD: ${error?.message ?? String(error)}`, {
        code: "BAD_ARGUMENT",
        offset: raw.opcodeOffset,
        opcode: BUILD,
        recordIndex: this.m.recordCount,
        cause: error
      });
    }
  }
  /** Starts filling a payload that extends beyond this chunk. */
  beginFill(opcode, opStart, payloadStart, length) {
    const isLatin1Text = opcode === BINSTRING && this.settings.encoding === "latin1";
    const fill = new PayloadFill(opcode, this.m.base + opStart, length, isLatin1Text);
    fill.add(this.buf.subarray(payloadStart));
    this.fill = fill;
    this.pos = this.buf.length;
  }
  continueFill(chunk, start, chunkOffset) {
    const fill = this.fill;
    const take = Math.min(fill.length - fill.filled, chunk.length - start);
    fill.add(chunk.subarray(start, start + take));
    if (!fill.isComplete) return start + take;
    const payload = fill.bytes();
    this.fill = null;
    this.setInput(payload, fill.opcodeOffset, 0);
    const text2 = fill.latin1Text();
    if (text2 !== void 0) this.m.stack.push(py2StringValue("latin1", this.m.py2Raw, payload, 0, fill.length, true, text2));
    else this.m.pushPayload(fill.opcode, payload, 0, fill.length, 0, true);
    this.setInput(chunk, chunkOffset, start + take);
    return start + take;
  }
  // ---------------------------------------------------------------- the loop
  /**
   * Decodes opcodes from `this.buf` starting at `this.pos` until the chunk ends. One switch on the
   * opcode byte; each case checks it has its whole argument, else suspends (a state, not an
   * exception) and returns. The cases are number literals, each named in a comment: V8 makes a
   * jump table of those and a chain of compares of imported constants (~6% of the CPU of a
   * records.pkl decode; test/core/unpickler-opcodes.test.ts checks every name against its byte).
   */
  run() {
    const m = this.m;
    const buf = this.buf;
    const bufLength = buf.length;
    let end = m.base + this.pos < m.frameEnd ? Math.min(bufLength, m.frameEnd - m.base) : bufLength;
    const stack = m.stack;
    const marks = m.marks;
    const memo = m.memo;
    const view = this.view;
    const wrapFloats = this.settings.wrapIntegralFloats;
    const isMapMode = this.settings.dictMode === "map";
    const maxMemoSize = this.settings.maxMemoSize;
    let pos = this.pos;
    let fence = marks.length > 0 ? marks[marks.length - 1] : 0;
    try {
      for (; ; ) {
        if (pos >= end) {
          if (end === bufLength) break;
          end = bufLength;
          if (pos >= end) break;
        }
        const op = buf[pos];
        switch (op) {
          // ---- containers (the hot cases of real pickles come first)
          case 125:
            m.checkDepth(op, pos);
            stack.push(isMapMode ? /* @__PURE__ */ new Map() : createDict());
            pos += 1;
            continue;
          case 93: {
            m.checkDepth(op, pos);
            const list = [];
            stack.push(list);
            m.freshList = list;
            m.freshListNext = m.base + pos + 1;
            m.freshListMemo = -1;
            m.freshListMark = -1;
            pos += 1;
            continue;
          }
          case 41:
            stack.push(markTuple([]));
            pos += 1;
            continue;
          case 148: {
            if (stack.length <= fence) throw m.underflow(op, pos);
            if (memo.isPlain) {
              const dense = memo.dense;
              if (dense.length >= maxMemoSize) throw m.memoLimit(op, pos);
              dense.push(stack[stack.length - 1]);
            } else {
              m.memoPut(memo.length, stack[stack.length - 1], op, pos);
            }
            if (m.base + pos === m.freshListNext) m.freshListPut(memo.length - 1, 1);
            pos += 1;
            continue;
          }
          case 113:
            if (pos + 2 > end) return this.suspend(pos);
            if (stack.length <= fence) throw m.underflow(op, pos);
            m.memoPut(buf[pos + 1], stack[stack.length - 1], op, pos);
            if (m.base + pos === m.freshListNext) m.freshListPut(buf[pos + 1], 2);
            pos += 2;
            continue;
          case 114:
            if (pos + 5 > end) return this.suspend(pos);
            if (stack.length <= fence) throw m.underflow(op, pos);
            m.memoPut(view.getUint32(pos + 1, true), stack[stack.length - 1], op, pos);
            if (m.base + pos === m.freshListNext) m.freshListPut(view.getUint32(pos + 1, true), 5);
            pos += 5;
            continue;
          case 104:
            if (pos + 2 > end) return this.suspend(pos);
            stack.push(m.memoGet(buf[pos + 1], op, pos));
            pos += 2;
            continue;
          case 106:
            if (pos + 5 > end) return this.suspend(pos);
            stack.push(m.memoGet(view.getUint32(pos + 1, true), op, pos));
            pos += 5;
            continue;
          case 40:
            m.checkDepth(op, pos);
            if (m.base + pos === m.freshListNext && stack[stack.length - 1] === m.freshList) m.freshListMark = stack.length;
            marks.push(stack.length);
            fence = stack.length;
            pos += 1;
            continue;
          case 117:
            setItemsOp(m, op, pos);
            fence = marks.length > 0 ? marks[marks.length - 1] : 0;
            pos += 1;
            continue;
          case 101:
            appendsOp(m, op, pos);
            fence = marks.length > 0 ? marks[marks.length - 1] : 0;
            pos += 1;
            continue;
          case 115:
            setItemOp(m, op, pos);
            pos += 1;
            continue;
          case 97:
            appendOp(m, op, pos);
            pos += 1;
            continue;
          // ---- strings and bytes
          case 140: {
            if (pos + 2 > end) return this.suspend(pos);
            const length = buf[pos + 1];
            const start = pos + 2;
            if (start + length > end) {
              m.checkFrame(op, pos, start + length);
              this.beginFill(op, pos, start, length);
              return;
            }
            stack.push(m.utf8(buf, start, length, op, pos));
            pos = start + length;
            continue;
          }
          case 88:
          // BINUNICODE
          case 66:
          // BINBYTES
          case 84:
          // BINSTRING
          case 141:
          // BINUNICODE8
          case 142:
          // BINBYTES8
          case 150:
          // BYTEARRAY8
          case 67:
          // SHORT_BINBYTES
          case 85:
          // SHORT_BINSTRING
          case 138:
          // LONG1
          case 139: {
            const header = ARG_HEADER[op];
            if (pos + 1 + header > end) return this.suspend(pos);
            const length = this.readLength(op, pos, ARG_SIZE[op]);
            const start = pos + 1 + header;
            if (start + length > end) {
              m.checkFrame(op, pos, start + length);
              this.beginFill(op, pos, start, length);
              return;
            }
            m.pushPayload(op, buf, start, length, pos);
            pos = start + length;
            continue;
          }
          // ---- numbers and constants
          case 75:
            if (pos + 2 > end) return this.suspend(pos);
            stack.push(buf[pos + 1]);
            pos += 2;
            continue;
          case 77:
            if (pos + 3 > end) return this.suspend(pos);
            stack.push(buf[pos + 1] | buf[pos + 2] << 8);
            pos += 3;
            continue;
          case 74:
            if (pos + 5 > end) return this.suspend(pos);
            stack.push(view.getInt32(pos + 1, true));
            pos += 5;
            continue;
          case 71: {
            if (pos + 9 > end) return this.suspend(pos);
            const value = view.getFloat64(pos + 1, false);
            stack.push(wrapFloats && Number.isInteger(value) ? new PyFloat(value) : value);
            pos += 9;
            continue;
          }
          case 78:
            stack.push(null);
            pos += 1;
            continue;
          case 136:
            stack.push(true);
            pos += 1;
            continue;
          case 137:
            stack.push(false);
            pos += 1;
            continue;
          // ---- tuples
          case 133:
            if (stack.length - 1 < fence) throw m.underflow(op, pos);
            stack.push(markTuple([stack.pop()]));
            pos += 1;
            continue;
          case 134: {
            if (stack.length - 2 < fence) throw m.underflow(op, pos);
            const second = stack.pop();
            stack.push(markTuple([stack.pop(), second]));
            pos += 1;
            continue;
          }
          case 135: {
            if (stack.length - 3 < fence) throw m.underflow(op, pos);
            const third = stack.pop();
            const second = stack.pop();
            stack.push(markTuple([stack.pop(), second, third]));
            pos += 1;
            continue;
          }
          case 116:
          // TUPLE
          case 108:
          // LIST
          case 145:
          // FROZENSET
          case 100:
            fromMarkOp(m, op, pos);
            fence = marks.length > 0 ? marks[marks.length - 1] : 0;
            pos += 1;
            continue;
          case 143:
            m.checkDepth(op, pos);
            stack.push(m.settings.setsAsArrays ? [] : /* @__PURE__ */ new Set());
            pos += 1;
            continue;
          case 144:
            addItemsOp(m, op, pos);
            fence = marks.length > 0 ? marks[marks.length - 1] : 0;
            pos += 1;
            continue;
          // ---- stack manipulation
          case 48:
            popOp(m, op, pos);
            fence = marks.length > 0 ? marks[marks.length - 1] : 0;
            pos += 1;
            continue;
          case 50:
            if (stack.length <= fence) throw m.underflow(op, pos);
            m.lastCall = null;
            stack.push(stack[stack.length - 1]);
            pos += 1;
            continue;
          case 49:
            popMarkOp(m, op, pos);
            fence = marks.length > 0 ? marks[marks.length - 1] : 0;
            pos += 1;
            continue;
          // ---- objects
          case 147:
            stackGlobalOp(m, op, pos);
            pos += 1;
            continue;
          case 82:
            reduceOp(m, op, pos);
            pos += 1;
            continue;
          case 129:
            newObjOp(m, op, pos);
            pos += 1;
            continue;
          case 146:
            newObjExOp(m, op, pos);
            pos += 1;
            continue;
          case 98:
            buildOp(m, op, pos);
            pos += 1;
            if (hasRawPayload(stack[stack.length - 1])) {
              pos = this.beginRaw(pos - 1);
              end = bufLength;
            }
            continue;
          case 111:
            objOp(m, op, pos);
            fence = marks.length > 0 ? marks[marks.length - 1] : 0;
            pos += 1;
            continue;
          // ---- machine control
          case 128:
            if (pos + 2 > end) return this.suspend(pos);
            protoOp(m, buf[pos + 1], op, pos);
            pos += 2;
            continue;
          case 149:
            if (pos + 9 > end) return this.suspend(pos);
            frameOp(m, view, op, pos);
            pos += 9;
            end = Math.min(bufLength, m.frameEnd - m.base);
            continue;
          case 46: {
            if (stack.length <= fence) throw m.underflow(op, pos);
            const stopEnd = m.base + pos + 1;
            if (stopEnd < m.frameEnd) throw m.error("FRAME_OVERRUN", stopInsideFrameReason(stopEnd, m.frameEnd), op, pos);
            const value = stack.pop();
            this.finishRecord(value, stopEnd);
            fence = 0;
            pos += 1;
            if (this.isSingleRecord) {
              this.pos = pos;
              return;
            }
            continue;
          }
          // ---- everything rarer goes through one call
          default: {
            if (pos + 1 + ARG_HEADER[op] > end) return this.suspend(pos);
            const argEnd = rareArgumentEnd(m, buf, op, pos, end);
            if (argEnd < 0) return this.suspend(pos);
            runRareOp(m, buf, view, op, pos, argEnd);
            fence = marks.length > 0 ? marks[marks.length - 1] : 0;
            pos = argEnd;
            continue;
          }
        }
      }
      this.pos = pos;
    } catch (error) {
      this.pos = pos;
      if (error instanceof PickleError) throw error;
      throw m.wrapAt(error, buf[pos] ?? -1, pos);
    }
  }
  // ---------------------------------------------------------------- helpers of the loop
  readLength(op, pos, size2) {
    const length = claimedLength(this.buf, this.view, pos, op, size2, this.settings);
    if (typeof length !== "number") throw this.m.error(length.code, length.reason, op, pos);
    return length;
  }
  finishRecord(value, endOffset) {
    this.m.flushPending();
    if (!this.settings.emitEntries) this.m.output.push(value);
    else pushRemainingEntries(value, this.m.output);
    this.spans.push(this.recordStart, endOffset);
    this.recordStart = endOffset;
    this.m.recordCount++;
    this.m.startRecord();
    this.memoLengths.push(this.m.previousMemoLength);
  }
  wrap(error) {
    return this.m.wrapAt(error, this.buf[this.pos] ?? -1, this.pos);
  }
};

// ../stream/src/merge/worker.ts
import { Unpackr as Unpackr2 } from "msgpackr";

// ../stream/src/gunzip.ts
import { Duplex, Readable, pipeline } from "node:stream";
var GZIP_MAGIC_0 = 31;
var GZIP_MAGIC_1 = 139;
var ZLIB_CMF = 120;
var GUNZIP_CHUNK_BYTES = 1 << 20;
async function* gunzipIfNeeded(source) {
  const iterator = source[Symbol.asyncIterator]();
  const head = [];
  let headBytes = 0;
  let isDone = false;
  try {
    while (headBytes < 2) {
      const step = await iterator.next();
      if (step.done === true) {
        isDone = true;
        break;
      }
      if (step.value.length === 0) continue;
      head.push(step.value);
      headBytes += step.value.length;
    }
    const kind3 = compressionOf(head);
    if (kind3 === null) {
      yield* head;
      head.length = 0;
      if (isDone) return;
      for (let step = await iterator.next(); step.done !== true; step = await iterator.next()) yield step.value;
      isDone = true;
      return;
    }
    const rest = isDone ? null : iterator;
    isDone = true;
    yield* await gunzipped(head, rest, kind3);
  } finally {
    if (!isDone) await iterator.return?.();
  }
}
function compressionOf(head) {
  const first = head[0];
  if (first === void 0) return null;
  const second = first.length > 1 ? first[1] : head[1]?.[0];
  if (second === void 0) return null;
  if (first[0] === GZIP_MAGIC_0 && second === GZIP_MAGIC_1) return "gzip";
  if (first[0] === ZLIB_CMF && (ZLIB_CMF * 256 + second) % 31 === 0 && (second & 32) === 0) return "zlib";
  return null;
}
async function gunzipped(head, rest, kind3) {
  const { createGunzip, createInflate } = await import("node:zlib");
  async function* compressed() {
    for (const chunk of head) yield chunk.slice();
    if (rest === null) return;
    try {
      for (let step = await rest.next(); step.done !== true; step = await rest.next()) yield step.value.slice();
    } finally {
      await rest.return?.();
    }
  }
  const options = { chunkSize: GUNZIP_CHUNK_BYTES };
  return pipeline(Readable.from(compressed(), { objectMode: false }), kind3 === "gzip" ? createGunzip(options) : createInflate(options), () => {
  });
}

// ../stream/src/sources.ts
import { createReadStream } from "node:fs";
import { fileURLToPath } from "node:url";

// ../core/src/decoder/not-a-pickle.ts
var NOT_A_PICKLE_HEAD_BYTES = 64 * 1024;
var TEXT_SAMPLE_BYTES = 4096;
function describeNotAPickle(bytes, failedAt) {
  const magic = describeMagic(bytes);
  if (magic !== void 0 || failedAt === void 0) return magic;
  const text2 = textStart(bytes);
  if (text2 !== void 0 && failedAt < firstLineEnd(bytes)) {
    const sample = JSON.stringify(text2.length > 40 ? `${text2.slice(0, 40)}...` : text2);
    return `this looks like plain text (it starts ${sample}), not a pickle: a pickle is binary (protocol 2 and up) or protocol 0 opcode text; \`pkl-stream convert\` reads JSON and NDJSON text`;
  }
  return void 0;
}
function notAPickleError(error, bytes) {
  if (error.recordIndex !== 0) return void 0;
  const description = describeNotAPickle(bytes, error.offset);
  if (description === void 0) return void 0;
  return new PickleError(description, { code: "UNSUPPORTED", offset: error.offset, opcode: -1, recordIndex: 0, cause: error });
}
function describeMagic(bytes) {
  if (startsWith(bytes, [80, 75, 3, 4]) || startsWith(bytes, [80, 75, 5, 6])) {
    const member = firstZipMember(bytes);
    if (member !== void 0 && /^[^/]+\/data\.pkl$/.test(member)) {
      return `this is a torch.save zip archive (its first member is ${JSON.stringify(member)}), not a pickle: decode it with loadTorch (the pkl-stream command reads it as one record)`;
    }
    const first = member === void 0 ? "" : ` whose first member is ${JSON.stringify(member)}`;
    return `this is a zip archive (a numpy .npz?)${first}, not a pickle: load it in Python with numpy.load(path); a torch.save archive (first member <name>/data.pkl) is read as one record`;
  }
  if (startsWith(bytes, [147, 78, 85, 77, 80, 89])) {
    return "this is a numpy .npy file, not a pickle: load it in Python with numpy.load(path)";
  }
  if (startsWith(bytes, [31, 139])) {
    return "this is gzip data (after any gzip layer already undone: compressed twice?), not a pickle: decompress it first, e.g. `gzip -dc FILE | gzip -dc | pkl-stream`";
  }
  if (isZlibHeader(bytes)) {
    return "this looks like zlib-compressed data (joblib.dump with compress=?), not a pickle: inflate it first (the pkl-stream command does)";
  }
  if (startsWith(bytes, [90, 70, 48, 120])) {
    return "this is a compressed joblib file (ZF header), not a pickle: load it in Python with joblib.load";
  }
  const compressor = compressorOf(bytes);
  if (compressor !== void 0) return `this is ${compressor} data, not a pickle: decompress it first`;
  if (startsWith(bytes, [137, 72, 68, 70, 13, 10, 26, 10])) {
    return "this is an HDF5 file (Keras .h5, pandas HDFStore?), not a pickle: read it in Python with h5py or pandas.read_hdf";
  }
  if (startsWith(bytes, [80, 65, 82, 49])) {
    return "this is a Parquet file, not a pickle: read it in Python with pandas.read_parquet or pyarrow";
  }
  return void 0;
}
function compressorOf(bytes) {
  if (startsWith(bytes, [66, 90, 104]) && bytes.length > 3 && bytes[3] >= 49 && bytes[3] <= 57) return "bzip2";
  if (startsWith(bytes, [253, 55, 122, 88, 90, 0])) return "xz";
  if (startsWith(bytes, [40, 181, 47, 253])) return "zstd";
  if (startsWith(bytes, [4, 34, 77, 24])) return "lz4";
  if (startsWith(bytes, [93, 0])) return "lzma";
  return void 0;
}
function isZlibHeader(bytes) {
  if (bytes.length < 2) return false;
  const cmf = bytes[0];
  const flg = bytes[1];
  return cmf === 120 && (cmf * 256 + flg) % 31 === 0 && (flg & 32) === 0;
}
function textStart(bytes) {
  const sample = bytes.subarray(0, wholeCharacters(bytes, TEXT_SAMPLE_BYTES));
  if (sample.length === 0) return void 0;
  for (const byte of sample) {
    if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 12 || byte === 127) return void 0;
  }
  let text2;
  try {
    text2 = new TextDecoder("utf-8", { fatal: true }).decode(sample);
  } catch {
    return void 0;
  }
  const newline = text2.indexOf("\n");
  return (newline < 0 ? text2 : text2.slice(0, newline)).trimEnd();
}
function wholeCharacters(bytes, limit) {
  if (bytes.length <= limit) return bytes.length;
  let end = limit;
  while (end > limit - 3 && (bytes[end] & 192) === 128) end--;
  return end;
}
function firstLineEnd(bytes) {
  const newline = bytes.indexOf(10);
  return newline < 0 ? bytes.length : newline;
}
function firstZipMember(bytes) {
  if (bytes.length < 30 || bytes[2] !== 3) return void 0;
  const nameLength = bytes[26] | bytes[27] << 8;
  const name = bytes.subarray(30, 30 + nameLength);
  if (nameLength === 0 || name.length < nameLength) return void 0;
  for (const byte of name) if (byte < 32 || byte > 126) return void 0;
  return String.fromCharCode(...name);
}
function startsWith(bytes, prefix) {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

// ../stream/src/memo-scan.ts
var { GET: GET2, BINGET: BINGET2, LONG_BINGET: LONG_BINGET2, FRAME: FRAME2 } = codes_exports;
var NEWLINE = 10;
var MAX_INDEX_TEXT = 24;
var State = { Opcode: 0, Fixed: 1, Lines: 2, Prefix: 3, Payload: 4 };
var MemoReadScanner = class {
  reads = /* @__PURE__ */ new Set();
  state = State.Opcode;
  opcode = 0;
  /** Bytes still to take in the Fixed, Prefix or Payload state; lines left in Lines. */
  remaining = 0;
  /** Fixed-size or prefix argument bytes, little-endian. */
  argBytes = [];
  argText = "";
  isValid = true;
  /** Absolute offset of the first byte of the chunk being scanned. */
  base = 0;
  /** Absolute offset of the current opcode. */
  opStart = 0;
  /** Absolute offset just past the current FRAME, or -1. */
  frameEnd = -1;
  push(chunk) {
    let i = 0;
    const n = chunk.length;
    while (i < n && this.isValid) {
      switch (this.state) {
        case State.Opcode: {
          this.opStart = this.base + i;
          this.startOpcode(chunk[i++]);
          break;
        }
        case State.Fixed:
        case State.Prefix: {
          this.argBytes.push(chunk[i++]);
          if (--this.remaining === 0) this.finishCounted(this.base + i);
          break;
        }
        case State.Lines: {
          const byte = chunk[i++];
          if (byte !== NEWLINE) {
            if (this.argText.length < MAX_INDEX_TEXT) this.argText += String.fromCharCode(byte);
          } else if (--this.remaining === 0) {
            this.finishLine(this.base + i);
          }
          break;
        }
        case State.Payload: {
          const take = Math.min(this.remaining, n - i);
          i += take;
          this.remaining -= take;
          if (this.remaining === 0) this.endOpcode(this.base + i);
          break;
        }
      }
    }
    this.base += n;
  }
  /** The indices read back, or null when the bytes are not a pickle stream (keep everything). */
  result() {
    return this.isValid ? this.reads : null;
  }
  startOpcode(op) {
    this.opcode = op;
    const size2 = ARG_SIZE[op];
    this.argBytes = [];
    this.argText = "";
    if (size2 === NOT_AN_OPCODE) {
      this.isValid = false;
    } else if (size2 === 0) {
      this.endOpcode(this.opStart + 1);
    } else if (size2 > 0) {
      this.state = State.Fixed;
      this.remaining = size2;
    } else if (size2 === UP_TO_NEWLINE || size2 === TWO_NEWLINES) {
      this.state = State.Lines;
      this.remaining = size2 === UP_TO_NEWLINE ? 1 : 2;
    } else {
      this.state = State.Prefix;
      this.remaining = lengthPrefixBytes(size2);
    }
  }
  /** The opcode ended at `argEnd`: back to reading opcodes, unless it broke the frame rule. */
  endOpcode(argEnd) {
    this.state = State.Opcode;
    if (frameRuleViolation(this.opcode, this.opStart, argEnd, this.frameEnd) !== null) this.isValid = false;
  }
  finishCounted(argEnd) {
    let value = 0;
    for (let k = this.argBytes.length - 1; k >= 0; k--) value = value * 256 + this.argBytes[k];
    if (this.state === State.Prefix) {
      const isNegative = this.argBytes.length === 4 && ARG_SIZE[this.opcode] === TAKEN_FROM_ARGUMENT4 && value >= 2 ** 31;
      this.remaining = isNegative ? 0 : value;
      this.endOpcode(argEnd + this.remaining);
      if (this.remaining > 0) this.state = State.Payload;
      return;
    }
    this.endOpcode(argEnd);
    if (this.opcode === FRAME2) this.frameEnd = argEnd + value;
    this.finishOpcode(value);
  }
  finishLine(argEnd) {
    this.endOpcode(argEnd);
    if (this.opcode !== GET2) return;
    const index = Number.parseInt(this.argText, 10);
    if (Number.isSafeInteger(index)) this.finishOpcode(index);
  }
  finishOpcode(arg) {
    switch (this.opcode) {
      case GET2:
      case BINGET2:
      case LONG_BINGET2:
        this.reads.add(arg);
        break;
    }
  }
};
async function scanMemoReads(bytes) {
  const scanner = new MemoReadScanner();
  for await (const chunk of bytes) scanner.push(chunk);
  return scanner.result();
}

// ../stream/src/options.ts
function resolveReadOptions(options) {
  if (options === void 0) {
    return { isMetadata: false, isEntries: false, skipCorrupt: false, onCorrupt: void 0, file: void 0, decoder: {} };
  }
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`Expected options to be an object, got ${describe(options)}`);
  }
  const { metadata, emit, skipCorrupt, onCorrupt, file, ...decoder } = options;
  checkOptional("metadata", metadata, "boolean");
  checkOptional("skipCorrupt", skipCorrupt, "boolean");
  checkOptional("onCorrupt", onCorrupt, "function");
  checkOptional("file", file, "string");
  if (emit !== void 0 && emit !== "records" && emit !== "entries") {
    throw new TypeError(`Expected emit to be "records" or "entries", got ${describe(emit)}`);
  }
  const isEntries = emit === "entries";
  if (isEntries && metadata === true) throw new TypeError('metadata cannot be combined with emit: "entries"');
  if (isEntries && skipCorrupt === true) throw new TypeError('skipCorrupt cannot be combined with emit: "entries"');
  return {
    isMetadata: metadata === true,
    isEntries,
    skipCorrupt: skipCorrupt === true,
    onCorrupt,
    file,
    decoder: isEntries ? { ...decoder, emit } : decoder
  };
}
function checkOptional(name, value, type) {
  if (value !== void 0 && typeof value !== type) {
    throw new TypeError(`Expected ${name} to be a ${type}, got ${describe(value)}`);
  }
}
function describe(value) {
  if (value === null) return "null";
  if (typeof value === "string") return `"${value}"`;
  return typeof value === "object" || typeof value === "function" ? typeof value : `${typeof value} ${String(value)}`;
}

// ../stream/src/chunk-tail.ts
var ChunkTail = class {
  chunks = [];
  /** Absolute offset of `chunks[0][0]`. */
  firstOffset = 0;
  /** Absolute offset just past the last byte held. */
  endOffset = 0;
  /** Absolute offset of the first byte held (equals `end` when empty). */
  get start() {
    return this.firstOffset;
  }
  /** Absolute offset just past the last byte held. */
  get end() {
    return this.endOffset;
  }
  append(chunk) {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.endOffset += chunk.length;
  }
  /** Forgets every byte before `offset` (clamped to what is held). */
  dropBefore(offset) {
    let first = this.chunks[0];
    while (first !== void 0 && this.firstOffset + first.length <= offset) {
      this.firstOffset += first.length;
      this.chunks.shift();
      first = this.chunks[0];
    }
    if (first !== void 0 && offset > this.firstOffset) {
      this.chunks[0] = first.subarray(offset - this.firstOffset);
      this.firstOffset = offset;
    }
    if (this.chunks.length === 0) this.firstOffset = this.endOffset;
  }
  /** Forgets everything and restarts at absolute `offset`. */
  clearAt(offset) {
    this.chunks = [];
    this.firstOffset = offset;
    this.endOffset = offset;
  }
  /** The byte at absolute `offset`, or -1 when it is not held. */
  byteAt(offset) {
    let at = this.firstOffset;
    for (const chunk of this.chunks) {
      if (offset < at + chunk.length) return offset < at ? -1 : chunk[offset - at] ?? -1;
      at += chunk.length;
    }
    return -1;
  }
  /** Views of the bytes in [from, to), in order, without copying. */
  *views(from, to = this.endOffset) {
    let at = this.firstOffset;
    for (const chunk of this.chunks) {
      const chunkEnd = at + chunk.length;
      if (chunkEnd > from && at < to) {
        yield chunk.subarray(Math.max(from - at, 0), Math.min(to, chunkEnd) - at);
      }
      if (chunkEnd >= to) return;
      at = chunkEnd;
    }
  }
  /**
   * The first absolute offset >= `from` where `accept(byte, nextByte)` holds; `nextByte` is -1
   * past the end. Returns -1 when no held offset qualifies.
   */
  find(from, accept) {
    let at = this.firstOffset;
    const chunks = this.chunks;
    for (let c = 0; c < chunks.length; c++) {
      const chunk = chunks[c];
      const next = chunks[c + 1];
      for (let i = Math.max(from - at, 0); i < chunk.length; i++) {
        const nextByte = i + 1 < chunk.length ? chunk[i + 1] : next !== void 0 ? next[0] : -1;
        if (accept(chunk[i], nextByte)) return at + i;
      }
      at += chunk.length;
    }
    return -1;
  }
};

// ../stream/src/head-bytes.ts
var HeadBytes = class {
  parts = [];
  length = 0;
  append(chunk) {
    const room = NOT_A_PICKLE_HEAD_BYTES - this.length;
    if (room <= 0 || chunk.length === 0) return;
    const part = chunk.slice(0, room);
    this.parts.push(part);
    this.length += part.length;
  }
  bytes() {
    return this.parts.length === 1 ? this.parts[0] : joinBytes(this.parts, this.length);
  }
};

// ../stream/src/locate-error.ts
function locateError(error, offsetBase, recordIndex, file) {
  const offset = error.offset + offsetBase;
  if (offset === error.offset && recordIndex === error.recordIndex && file === void 0) return error;
  const details = { offset, opcode: error.opcode, recordIndex, cause: error };
  const located = error instanceof TruncatedError ? new TruncatedError(error.reason, details) : new PickleError(error.reason, { ...details, code: error.code });
  if (file !== void 0) {
    located.message = `${file}: ${located.message}`;
    Object.defineProperty(located, "file", { value: file, enumerable: true });
  }
  return located;
}

// ../stream/src/record-start.ts
var PROTO2 = 128;
function isRecordStart(byte, next, isProtoLed, isEof) {
  if (!isProtoLed) return opcodeByCode(byte) !== void 0;
  if (byte !== PROTO2) return false;
  if (next === -1) return !isEof;
  return next >= 2 && next <= 5;
}

// ../stream/src/record-reader.ts
var RecordReader = class {
  settings;
  /** Held bytes from the record in progress on; null unless `skipCorrupt`. */
  tail;
  decoder;
  /** Absolute offset of the main decoder's first byte (decoders count from their own start). */
  decoderBase = 0;
  /** Absolute offset where the record in progress starts (the end of the last one). */
  recordStart = 0;
  /** Absolute offset up to which held bytes went into the main or trial decoder. */
  fed = 0;
  delivered = 0;
  /**
   * Has every record so far (and the input) started with PROTO? Then the search after a
   * corrupt record looks only at PROTO opcodes; one record without (protocol 0 or 1, mixed
   * into the stream) makes every opcode byte a candidate from then on.
   */
  isProtoLed = true;
  resync = null;
  failure = null;
  isEnded = false;
  /** Reused between pushes: records completed by one push. */
  completed = [];
  /** The input's first bytes, to say what it is when its first record fails (not a pickle). */
  head = new HeadBytes();
  constructor(settings) {
    this.settings = settings;
    this.tail = settings.skipCorrupt ? new ChunkTail() : null;
    this.decoder = this.createDecoder();
  }
  /** Records (or entries) delivered so far. */
  get recordCount() {
    return this.delivered;
  }
  /** Decodes `chunk`; sends completed records to `sink`, then throws if the input is bad. */
  push(chunk, sink) {
    this.checkOpen();
    if (chunk.length === 0) return;
    this.head.append(chunk);
    if (this.tail?.end === 0 && chunk[0] !== PROTO2) this.isProtoLed = false;
    if (this.tail === null) {
      this.feedMain(this.decoder, chunk, sink);
      return;
    }
    this.tail.append(chunk);
    this.pump(sink, false);
  }
  /** Input is over: sends any remaining records, then throws TruncatedError for a cut record. */
  end(sink) {
    this.checkOpen();
    this.isEnded = true;
    if (this.tail === null) {
      this.endMain(this.decoder);
      return;
    }
    this.pump(sink, true);
  }
  checkOpen() {
    if (this.failure !== null) throw this.failure;
    if (this.isEnded) throw new Error("RecordReader: input already ended");
  }
  createDecoder() {
    return new Unpickler(this.settings.decoder);
  }
  /** Decodes held bytes not decoded yet, switching between decoding and searching. */
  pump(sink, isEof) {
    const tail = this.tail;
    for (; ; ) {
      if (this.resync !== null) {
        if (!this.advanceResync(sink, isEof)) return;
        continue;
      }
      const decoder = this.decoder;
      if (decoder === null) return;
      if (this.fed < tail.end) {
        for (const piece of [...tail.views(this.fed)]) {
          this.fed += piece.length;
          if (!this.feedMain(decoder, piece, sink)) break;
        }
        continue;
      }
      if (!isEof) return;
      this.endMain(decoder);
    }
  }
  /** Pushes one piece into the main decoder; false when it failed (and `skipCorrupt` is on). */
  feedMain(decoder, piece, sink) {
    const completed = this.completed;
    let failure = null;
    try {
      decoder.pushTo(piece, completed);
    } catch (error) {
      failure = error;
    }
    this.deliver(completed, decoder.recordSpans, sink);
    if (failure === null) return true;
    this.fail(failure);
    return false;
  }
  /** Ends the main decoder; a cut record fails like a corrupt one. */
  endMain(decoder) {
    try {
      decoder.end();
      this.decoder = null;
    } catch (error) {
      this.fail(error);
    }
  }
  /** Sends the records of one push to the sink (and forgets them here). */
  deliver(values, spans, sink) {
    const { isMetadata, isEntries, file } = this.settings;
    const tail = this.tail;
    const base = this.decoderBase;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      const index = this.delivered++;
      if (isEntries) {
        sink(value);
        continue;
      }
      const start = base + spans[2 * i];
      const end = base + spans[2 * i + 1];
      this.recordStart = end;
      if (tail !== null) {
        if (tail.byteAt(start) !== PROTO2) this.isProtoLed = false;
        tail.dropBefore(end);
      }
      sink(isMetadata ? { value, index, offset: start, length: end - start, file } : value);
    }
    values.length = 0;
  }
  /** The main decoder failed: throw (the default), or search for the next clean record. */
  fail(thrown) {
    if (!(thrown instanceof PickleError)) throw thrown;
    const error = this.decoderBase === 0 && notAPickleError(thrown, this.head.bytes()) || thrown;
    const recordIndex = this.settings.isEntries ? error.recordIndex : this.delivered;
    const located = locateError(error, this.decoderBase, recordIndex, this.settings.file);
    this.decoder = null;
    if (this.tail === null) {
      this.failure = located;
      throw located;
    }
    this.resync = {
      badStart: this.recordStart,
      error: located,
      nextCandidate: this.recordStart + 1,
      trial: null,
      trialStart: -1
    };
  }
  /**
   * Tries candidate record starts in order; the first whose decoder completes a record wins
   * and becomes the main decoder. Returns false when it must wait for more bytes, or is done.
   */
  advanceResync(sink, isEof) {
    const tail = this.tail;
    const resync = this.resync;
    if (resync.trial === null) {
      const isProtoLed = this.isProtoLed;
      const start = tail.find(resync.nextCandidate, (byte, next) => isRecordStart(byte, next, isProtoLed, isEof));
      if (start === -1) {
        resync.nextCandidate = tail.end;
        tail.dropBefore(tail.end);
        if (isEof) {
          this.resync = null;
          this.reportCorrupt(resync, tail.end);
        }
        return false;
      }
      tail.dropBefore(start);
      resync.trial = this.createDecoder();
      resync.trialStart = start;
      this.fed = start;
    }
    const trial = resync.trial;
    const completed = this.completed;
    for (const piece of [...tail.views(this.fed)]) {
      let failure = null;
      try {
        trial.pushTo(piece, completed);
      } catch (error) {
        if (!(error instanceof PickleError)) throw error;
        failure = error;
      }
      this.fed += piece.length;
      if (completed.length > 0) {
        this.acceptTrial(resync);
        this.deliver(completed, trial.recordSpans, sink);
        if (failure !== null) this.fail(failure);
        return true;
      }
      if (failure !== null) {
        resync.trial = null;
        resync.nextCandidate = resync.trialStart + 1;
        return true;
      }
    }
    if (!isEof) return false;
    resync.trial = null;
    resync.nextCandidate = resync.trialStart + 1;
    return true;
  }
  /** The trial decoder found a record: report the bad stretch and make it the main decoder. */
  acceptTrial(resync) {
    this.reportCorrupt(resync, resync.trialStart);
    this.resync = null;
    this.decoder = resync.trial;
    this.decoderBase = resync.trialStart;
    this.recordStart = resync.trialStart;
  }
  reportCorrupt(resync, end) {
    const { error } = resync;
    const span = {
      offset: resync.badStart,
      length: end - resync.badStart,
      reason: error.message,
      code: error.code,
      file: this.settings.file
    };
    this.settings.onCorrupt?.(span);
  }
};

// ../stream/src/to-bytes.ts
function toBytes(chunk) {
  if (chunk instanceof Uint8Array) return chunk;
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  const got = chunk === null ? "null" : typeof chunk;
  throw new TypeError(`Expected a pickle chunk to be a Uint8Array or Buffer, got ${got}`);
}

// ../stream/src/torch-input.ts
var ZIP_HEAD = Uint8Array.of(80, 75, 3, 4);
var LEGACY_HEAD2 = Uint8Array.of(128, 2, 138, 10, 108, 252, 156, 70, 249, 32, 106, 168, 80, 25);
var ZIP_NAME_BYTES = 30 + 256;
var DEFAULT_MAX_TORCH_BYTES = 2 ** 31 - 1;
function torchVerdict(head, isEnd) {
  if (startsWithPrefixOf(head, LEGACY_HEAD2)) {
    if (head.length >= LEGACY_HEAD2.length) return true;
    return isEnd ? false : void 0;
  }
  if (!startsWithPrefixOf(head, ZIP_HEAD)) return false;
  if (head.length >= 30) {
    const nameEnd = 30 + (head[26] | head[27] << 8);
    if (head.length >= nameEnd || head.length >= ZIP_NAME_BYTES) return looksLikeTorchZip(head);
  }
  return isEnd ? looksLikeTorchZip(head) : void 0;
}
function startsWithPrefixOf(head, prefix) {
  const length = Math.min(head.length, prefix.length);
  for (let i = 0; i < length; i++) if (head[i] !== prefix[i]) return false;
  return true;
}
async function sniffTorch(source) {
  const iterator = source[Symbol.asyncIterator]();
  const head = [];
  let length = 0;
  let isDone = false;
  let isTorch;
  while (isTorch === void 0) {
    const step = await iterator.next();
    if (step.done === true) isDone = true;
    else {
      const chunk = toBytes(step.value);
      if (chunk.length === 0) continue;
      head.push(chunk);
      length += chunk.length;
    }
    isTorch = torchVerdict(head.length === 1 ? head[0] : joinBytes(head, length), isDone);
  }
  async function* replay() {
    let isFinished = isDone;
    try {
      yield* head;
      head.length = 0;
      if (isFinished) return;
      for (let step = await iterator.next(); step.done !== true; step = await iterator.next()) yield isTorch ? step.value.slice() : step.value;
      isFinished = true;
    } finally {
      if (!isFinished) await iterator.return?.();
    }
  }
  return { isTorch, bytes: replay() };
}
async function readTorchInput(source, options = {}) {
  const { file, maxInputBytes = DEFAULT_MAX_TORCH_BYTES, ...decoder } = options;
  const parts = [];
  let length = 0;
  for await (const chunk of source) {
    const bytes = toBytes(chunk);
    length += bytes.length;
    if (length > maxInputBytes) {
      const error = new PickleError(`a torch.save file is read whole, and this one is over ${maxInputBytes} bytes`, {
        code: "LIMIT_EXCEEDED",
        offset: length - bytes.length,
        opcode: -1,
        recordIndex: 0
      });
      throw locateError(error, 0, 0, file);
    }
    parts.push(bytes);
  }
  const whole = parts.length === 1 ? parts[0] : joinBytes(parts, length);
  parts.length = 0;
  const { inflateRawSync } = await import("node:zlib");
  const inflateRaw = (data, size2) => inflateRawSync(data, { maxOutputLength: Math.max(1, size2) });
  try {
    return { value: loadTorch(whole, { ...decoder, inflateRaw }), length };
  } catch (error) {
    if (isPickleError(error)) throw locateError(error, 0, 0, file);
    throw error;
  }
}

// ../stream/src/sources.ts
function readPickles(source, options) {
  const path = pathOf(source);
  const given = options ?? {};
  const { detectGzip = true, memoScan = true, chunkBytes = 64 * 1024, ...readOptions } = given;
  if (typeof detectGzip !== "boolean") throw new TypeError(`Expected detectGzip to be a boolean, got ${typeof detectGzip}`);
  if (typeof memoScan !== "boolean") throw new TypeError(`Expected memoScan to be a boolean, got ${typeof memoScan}`);
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) {
    throw new RangeError(`Expected chunkBytes to be a positive integer, got ${String(chunkBytes)}`);
  }
  const settings = resolveReadOptions(path !== void 0 && readOptions.file === void 0 ? { ...readOptions, file: path } : readOptions);
  if (path === void 0) checkStreamSource(source);
  const open2 = () => {
    const bytes = path !== void 0 ? createReadStream(path, { highWaterMark: chunkBytes }) : asByteIterable(source);
    return detectGzip ? gunzipIfNeeded(bytes) : bytes;
  };
  const scanFirst = path !== void 0 && settings.isEntries && memoScan && readOptions.memoIndicesRead === void 0;
  return readRecords(open2, settings, scanFirst);
}
async function* readRecords(open2, settings, scanFirst) {
  const sniffed = await sniffTorch(open2());
  if (sniffed.isTorch) {
    yield* torchRecord(sniffed.bytes, settings);
    return;
  }
  if (scanFirst) {
    const memoIndicesRead = await scanMemoReads(open2());
    if (memoIndicesRead !== null) settings = { ...settings, decoder: { ...settings.decoder, memoIndicesRead } };
  }
  const reader = new RecordReader(settings);
  const ready = [];
  const sink = (output) => {
    ready.push(output);
  };
  for await (const chunk of sniffed.bytes) {
    const failure2 = attempt(() => reader.push(toBytes(chunk), sink));
    yield* drain(ready);
    if (failure2 !== null) throw failure2.error;
  }
  const failure = attempt(() => reader.end(sink));
  yield* drain(ready);
  if (failure !== null) throw failure.error;
}
async function* torchRecord(bytes, settings) {
  const { emit: _emit, memoIndicesRead: _read, ...decoder } = settings.decoder;
  const { value, length } = await readTorchInput(bytes, { ...decoder, file: settings.file });
  if (settings.isEntries) {
    if (value instanceof Map) for (const [key, item] of value) yield markTuple([key, item]);
    else if (isPyDict(value)) for (const key of Object.keys(value)) yield markTuple([key, value[key]]);
    else if (Array.isArray(value)) yield* value;
    else throw new TypeError("entries of a torch file: its saved object is neither a dict nor a list");
    return;
  }
  yield settings.isMetadata ? { value, index: 0, offset: 0, length, file: settings.file } : value;
}
function attempt(step) {
  try {
    step();
    return null;
  } catch (error) {
    return { error };
  }
}
function* drain(ready) {
  for (let i = 0; i < ready.length; i++) {
    const output = ready[i];
    ready[i] = null;
    yield output;
  }
  ready.length = 0;
}
function pathOf(source) {
  if (typeof source === "string") return source;
  if (source instanceof URL) return fileURLToPath(source);
  return void 0;
}
function checkStreamSource(source) {
  const isIterable = typeof source === "object" && source !== null && Symbol.asyncIterator in source;
  const isWeb = typeof source === "object" && source !== null && typeof source.getReader === "function";
  if (!isIterable && !isWeb) {
    throw new TypeError(
      `Expected a path, a URL, a Node Readable, an AsyncIterable<Uint8Array> or a ReadableStream, got ${source === null ? "null" : typeof source}`
    );
  }
}
function asByteIterable(source) {
  if (typeof source === "object" && Symbol.asyncIterator in source) return source;
  return webStreamBytes(source);
}
async function* webStreamBytes(stream) {
  const reader = stream.getReader();
  let isDone = false;
  try {
    for (; ; ) {
      const step = await reader.read();
      if (step.done) {
        isDone = true;
        return;
      }
      yield step.value;
    }
  } finally {
    if (!isDone) await reader.cancel();
    reader.releaseLock();
  }
}

// ../stream/src/merge/input-kind.ts
function isMsgpackMapStart(head, isWholeInput) {
  const first = head[0];
  if (first === void 0) return false;
  if (first === 222 || first === 223 || first >= 129 && first <= 143) return true;
  return first === 128 && head.length === 1 && isWholeInput;
}

// ../core/src/engine/utf8.ts
function isWellFormedUtf8(bytes, start, end) {
  let i = start;
  while (i < end) {
    const b0 = bytes[i];
    if (b0 < 128) {
      i++;
      continue;
    }
    if (b0 < 194) return false;
    if (b0 < 224) {
      if (i + 1 >= end || (bytes[i + 1] & 192) !== 128) return false;
      i += 2;
      continue;
    }
    if (b0 < 240) {
      if (i + 2 >= end) return false;
      const b12 = bytes[i + 1];
      if ((b12 & 192) !== 128 || (bytes[i + 2] & 192) !== 128) return false;
      if (b0 === 224 && b12 < 160) return false;
      if (b0 === 237 && b12 >= 160) return false;
      i += 3;
      continue;
    }
    if (b0 > 244 || i + 3 >= end) return false;
    const b1 = bytes[i + 1];
    if ((b1 & 192) !== 128 || (bytes[i + 2] & 192) !== 128 || (bytes[i + 3] & 192) !== 128) return false;
    if (b0 === 240 && b1 < 144) return false;
    if (b0 === 244 && b1 >= 144) return false;
    i += 4;
  }
  return true;
}

// ../core/src/engine/root-keys.ts
var PAIRWISE_KEYS = 16;
var RootKeyTable = class {
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  kinds = new Uint8Array(64);
  count = 0;
  /** Every key so far is greater than the one before it (kind, then bytes, then length). */
  isAscending = true;
  /** A view of the output the keys are in (compared 4 bytes at a time). */
  view = new DataView(new ArrayBuffer(0));
  viewed = new Uint8Array(0);
  reset() {
    this.count = 0;
    this.isAscending = true;
  }
  /** Records the key out[start, end) of kind `kind` (the spans must stay valid until `hasRepeated`). */
  add(out, start, end, kind3) {
    const entry = this.count;
    if (entry === this.starts.length) this.grow();
    if (this.isAscending && entry > 0) {
      const previous = entry - 1;
      if (out !== this.viewed) {
        this.viewed = out;
        this.view = new DataView(out.buffer, out.byteOffset, out.byteLength);
      }
      if (compareKeys(out, this.view, this.kinds[previous], this.starts[previous], this.ends[previous], kind3, start, end) >= 0) this.isAscending = false;
    }
    this.starts[entry] = start;
    this.ends[entry] = end;
    this.kinds[entry] = kind3;
    this.count = entry + 1;
  }
  /** Room for `count` keys at once (a giant root's, from the input's size): no doubling copies on the way. */
  reserve(count2) {
    if (count2 > this.starts.length) this.grow(count2);
  }
  /** The output from `pivot` on moved by `delta` bytes: keys recorded there move with it. */
  shiftFrom(pivot, delta) {
    for (let i = 0; i < this.count; i++) {
      if (this.starts[i] >= pivot) {
        this.starts[i] = this.starts[i] + delta;
        this.ends[i] = this.ends[i] + delta;
      }
    }
  }
  /** True when two of the keys recorded since `reset` are the same key. */
  hasRepeated(out) {
    const count2 = this.count;
    if (this.isAscending || count2 < 2) return false;
    if (count2 <= PAIRWISE_KEYS) {
      for (let i = 0; i < count2; i++) for (let j = i + 1; j < count2; j++) if (this.isSame(out, i, j)) return true;
      return false;
    }
    const hashes = new Int32Array(count2);
    for (let i = 0; i < count2; i++) hashes[i] = hashBytes(out, this.starts[i], this.ends[i], this.kinds[i]);
    const order = sortByHash(hashes);
    for (let first = 0; first < count2; ) {
      const hash = hashes[order[first]];
      let last = first + 1;
      while (last < count2 && hashes[order[last]] === hash) last++;
      for (let i = first; i < last; i++) for (let j = i + 1; j < last; j++) if (this.isSame(out, order[i], order[j])) return true;
      first = last;
    }
    return false;
  }
  isSame(out, a, b) {
    const aStart = this.starts[a];
    const bStart = this.starts[b];
    const length = this.ends[a] - aStart;
    if (this.kinds[a] !== this.kinds[b] || this.ends[b] - bStart !== length) return false;
    let k = 0;
    while (k < length && out[aStart + k] === out[bStart + k]) k++;
    return k === length;
  }
  grow(size2 = this.starts.length * 2) {
    this.starts = grownInt32(this.starts, size2);
    this.ends = grownInt32(this.ends, size2);
    const kinds = new Uint8Array(size2);
    kinds.set(this.kinds);
    this.kinds = kinds;
  }
};
function compareKeys(out, view, aKind, aStart, aEnd, bKind, bStart, bEnd) {
  if (aKind !== bKind) return aKind - bKind;
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  const length = Math.min(aLength, bLength);
  let k = 0;
  for (; k + 4 <= length; k += 4) {
    const a = view.getUint32(aStart + k);
    const b = view.getUint32(bStart + k);
    if (a !== b) return a < b ? -1 : 1;
  }
  for (; k < length; k++) {
    const difference = out[aStart + k] - out[bStart + k];
    if (difference !== 0) return difference;
  }
  return aLength - bLength;
}
function grownInt32(array, size2) {
  const grown = new Int32Array(size2);
  grown.set(array);
  return grown;
}
function sortByHash(hashes) {
  const count2 = hashes.length;
  let order = new Int32Array(count2);
  let next = new Int32Array(count2);
  for (let i = 0; i < count2; i++) order[i] = i;
  const buckets = new Int32Array(1 << 16);
  for (let shift = 0; shift < 32; shift += 16) {
    buckets.fill(0);
    for (let i = 0; i < count2; i++) buckets[hashes[i] >>> shift & 65535]++;
    let total = 0;
    for (let b = 0; b < buckets.length; b++) {
      const size2 = buckets[b];
      buckets[b] = total;
      total += size2;
    }
    for (let i = 0; i < count2; i++) {
      const entry = order[i];
      next[buckets[hashes[entry] >>> shift & 65535]++] = entry;
    }
    const swap = order;
    order = next;
    next = swap;
  }
  return order;
}
function hashBytes(bytes, start, end, kind3) {
  let hash = 2166136261 ^ kind3;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 16777619);
  return hash | 0;
}
function hasRepeatedKeySpan(out, spans, from, to, table) {
  if (to - from > 3 * PAIRWISE_KEYS) {
    table.reset();
    for (let k = from; k < to; k += 3) table.add(out, spans[k], spans[k + 1], spans[k + 2]);
    return table.hasRepeated(out);
  }
  for (let a = from; a < to; a += 3) {
    const aStart = spans[a];
    const aLength = spans[a + 1] - aStart;
    for (let b = a + 3; b < to; b += 3) {
      const bStart = spans[b];
      if (spans[b + 1] - bStart !== aLength || spans[b + 2] !== spans[a + 2]) continue;
      let k = 0;
      while (k < aLength && out[aStart + k] === out[bStart + k]) k++;
      if (k === aLength) return true;
    }
  }
  return false;
}
function keysMayRepeat(out, stack, from, to, trail) {
  let bits0 = 0;
  let bits1 = 0;
  let bits2 = 0;
  let bits3 = 0;
  let isShared = false;
  for (let a = from; a < to; a += 2) {
    const start = stack[a];
    const length = stack[a + 1] - trail - start;
    const last = start + length - 1;
    const mixed = length << 24 ^ out[start + (length >> 1)] << 16 ^ out[last] << 8 ^ out[length > 1 ? last - 1 : start];
    const bit = Math.imul(mixed, 2654435761) >>> 25;
    const mask = 1 << (bit & 31);
    const word = bit >>> 5;
    if (word === 0) {
      isShared ||= (bits0 & mask) !== 0;
      bits0 |= mask;
    } else if (word === 1) {
      isShared ||= (bits1 & mask) !== 0;
      bits1 |= mask;
    } else if (word === 2) {
      isShared ||= (bits2 & mask) !== 0;
      bits2 |= mask;
    } else {
      isShared ||= (bits3 & mask) !== 0;
      bits3 |= mask;
    }
  }
  return isShared;
}

// ../core/src/engine/tape.ts
var K_NONE = 1;
var K_TRUE = 2;
var K_FALSE = 3;
var K_INT = 4;
var K_LONG = 5;
var K_FLOAT = 6;
var K_STR = 7;
var K_BYTES = 8;
var K_LIST = 9;
var K_TUPLE = 10;
var K_DICT = 11;
var K_COPY = 12;
var NODE_NONE = 0;
var NODE_TRUE = 1;
var NODE_FALSE = 2;
var NODE_EMPTY_TUPLE = 3;
var FIRST_DYNAMIC = 4;
var SEALED = 1;
var MEMOIZED = 2;
var OPEN = 4;
var INITIAL_NODES = 1 << 12;
var INITIAL_RUNS = 1 << 10;
var Tape = class {
  kinds = new Uint8Array(INITIAL_NODES);
  flags = new Uint8Array(INITIAL_NODES);
  /** K_COPY nodes: the kind the value had before it was written. */
  origins = new Uint8Array(INITIAL_NODES);
  nodeA = new Int32Array(INITIAL_NODES);
  nodeB = new Int32Array(INITIAL_NODES);
  /** Containers: number of children. */
  counts = new Int32Array(INITIAL_NODES);
  firstRun = new Int32Array(INITIAL_NODES);
  lastRun = new Int32Array(INITIAL_NODES);
  memoSlots = new Int32Array(INITIAL_NODES);
  nodeCount = FIRST_DYNAMIC;
  // Runs of children: [runStart, runStart + runCount) of `children`, chained by runNext.
  runStart = new Int32Array(INITIAL_RUNS);
  runCount = new Int32Array(INITIAL_RUNS);
  runNext = new Int32Array(INITIAL_RUNS);
  runTotal = 0;
  children = new Int32Array(INITIAL_NODES);
  childTotal = 0;
  constructor() {
    this.kinds[NODE_NONE] = K_NONE;
    this.kinds[NODE_TRUE] = K_TRUE;
    this.kinds[NODE_FALSE] = K_FALSE;
    this.kinds[NODE_EMPTY_TUPLE] = K_TUPLE;
    this.firstRun[NODE_EMPTY_TUPLE] = -1;
  }
  /** Keeps the nodes below `keep` (and the constants), and no runs: the kept ones must have none left. */
  truncate(keep) {
    this.nodeCount = Math.max(keep, FIRST_DYNAMIC);
    this.runTotal = 0;
    this.childTotal = 0;
  }
  newNode(kind3, a, b) {
    const id = this.nodeCount++;
    if (id === this.kinds.length) this.growNodes();
    this.kinds[id] = kind3;
    this.flags[id] = 0;
    this.nodeA[id] = a;
    this.nodeB[id] = b;
    return id;
  }
  newContainer(kind3) {
    const id = this.newNode(kind3, 0, 0);
    this.counts[id] = 0;
    this.firstRun[id] = -1;
    return id;
  }
  /** Appends items[from, to) as a run of `target`'s children; returns false for a container inside itself. */
  addRun(target, items, from, to) {
    const count2 = to - from;
    if (count2 === 0) return true;
    if (this.runTotal === this.runStart.length) {
      this.runStart = grownInt322(this.runStart, this.runTotal + 1);
      this.runCount = grownInt322(this.runCount, this.runTotal + 1);
      this.runNext = grownInt322(this.runNext, this.runTotal + 1);
    }
    if (this.childTotal + count2 > this.children.length) this.children = grownInt322(this.children, this.childTotal + count2);
    const run = this.runTotal++;
    const children = this.children;
    const flags = this.flags;
    let at = this.childTotal;
    this.runStart[run] = at;
    this.runCount[run] = count2;
    this.runNext[run] = -1;
    for (let i = from; i < to; i++) {
      const child = items[i];
      if (child === target) return false;
      flags[child] = flags[child] | SEALED;
      children[at++] = child;
    }
    this.childTotal = at;
    if (this.firstRun[target] < 0) this.firstRun[target] = run;
    else this.runNext[this.lastRun[target]] = run;
    this.lastRun[target] = run;
    this.counts[target] = this.counts[target] + count2;
    return true;
  }
  growNodes() {
    const size2 = this.kinds.length * 2;
    this.kinds = grownUint8(this.kinds, size2);
    this.flags = grownUint8(this.flags, size2);
    this.origins = grownUint8(this.origins, size2);
    this.nodeA = grownInt322(this.nodeA, size2);
    this.nodeB = grownInt322(this.nodeB, size2);
    this.counts = grownInt322(this.counts, size2);
    this.firstRun = grownInt322(this.firstRun, size2);
    this.lastRun = grownInt322(this.lastRun, size2);
    this.memoSlots = grownInt322(this.memoSlots, size2);
  }
};
function grownInt322(array, needed) {
  const grown = new Int32Array(Math.max(needed, array.length * 2));
  grown.set(array);
  return grown;
}
function grownUint8(array, needed) {
  const grown = new Uint8Array(Math.max(needed, array.length * 2));
  grown.set(array);
  return grown;
}

// ../core/src/engine/tape-driver.ts
var DECLINE = Object.freeze({ reason: "decline" });
function decline() {
  throw DECLINE;
}
var MAX_STACK = 1 << 24;
var MAX_MEMO_GAP2 = 1024;
var MAX_LONG_BYTES = 64;
var STREAM_MIN_NODES = 1 << 14;
var SHRINK_WINDOW_BYTES = 1 << 24;
var MAX_WINDOW = 2 ** 31 - 1;
var M_HOLE = 0;
var M_NODE = 1;
var M_SPAN = 2;
var RAN_OUT = 0;
var RECORD_DONE = 1;
var TapeDriver = class {
  constructor(consumer, maxBytesLength) {
    this.consumer = consumer;
    this.maxBytesLength = maxBytesLength;
  }
  consumer;
  maxBytesLength;
  tape = new Tape();
  /** The input window: bytes [0, windowLength) are input from absolute offset windowBase. */
  window = new Uint8Array(1 << 16);
  windowLength = 0;
  windowBase = 0;
  view = new DataView(this.window.buffer);
  /** Read position (window-relative). */
  pos = 0;
  /** First byte of the current record (window-relative). */
  recordStart = 0;
  isInRecord = false;
  recordIndex = 0;
  /**
   * Entries mode: every batch into the root is handed to the consumer as it completes (not only
   * in records past STREAM_MIN_NODES), and a root batch that cannot be (a MARK below the root)
   * declines.
   */
  streamsEveryRootBatch = false;
  /** The memo length of the last record (the Unpickler's hint for a missing memo key needs it). */
  lastRecordMemoLength = 0;
  // The unpickler's stack and marks.
  stack = new Int32Array(1 << 10);
  sp = 0;
  marks = new Int32Array(64);
  mp = 0;
  /** The record's root container (streamed by batches) or -1. */
  root = -1;
  isRootStreamed = false;
  /** Where the current frame ends (window-relative), or -1. */
  frameEnd = -1;
  // The memo (per record).
  memoKinds = new Uint8Array(1 << 10);
  memoA = new Int32Array(1 << 10);
  memoB = new Int32Array(1 << 10);
  memoOrigins = new Uint8Array(1 << 10);
  memoHigh = 0;
  /** Entries set (MEMOIZE's next index, as CPython's len(memo)). */
  memoSize = 0;
  /** Memo indices below this were settled by a root batch (CPython sets indices in order). */
  settledHigh = 0;
  /** Absolute offset of the current record's first byte. */
  get recordOffset() {
    return this.windowBase + this.recordStart;
  }
  /** Absolute offset of the read position. */
  get offset() {
    return this.windowBase + this.pos;
  }
  /**
   * The input's size, when known: a record that outgrows 1 MiB of window gets room for the rest
   * of the input at once (no doubling copies of a giant record); small records never do.
   */
  inputSizeHint = 0;
  /** Appends input. Bytes before the current record are dropped first (nothing refers to them). */
  append(chunk) {
    if (this.recordStart > 0) this.shift(this.recordStart);
    const needed = this.windowLength + chunk.length;
    if (needed > MAX_WINDOW) decline();
    if (needed > this.window.length) {
      const rest = this.inputSizeHint - this.windowBase;
      const size2 = needed > 1 << 20 && rest > needed && rest <= MAX_WINDOW ? rest : Math.max(needed, this.window.length * 2);
      const grown = new Uint8Array(size2);
      grown.set(this.window.subarray(0, this.windowLength));
      this.window = grown;
      this.view = new DataView(grown.buffer);
    } else if (this.window.length > SHRINK_WINDOW_BYTES && needed < 1 << 20) {
      const smaller = new Uint8Array(Math.max(needed * 2, 1 << 16));
      smaller.set(this.window.subarray(0, this.windowLength));
      this.window = smaller;
      this.view = new DataView(smaller.buffer);
    }
    this.window.set(chunk, this.windowLength);
    this.windowLength = needed;
  }
  /** Moves the window's bytes from `by` on to its start, moving every position that points into it. */
  shift(by) {
    this.window.copyWithin(0, by, this.windowLength);
    this.windowLength -= by;
    this.windowBase += by;
    this.pos -= by;
    this.recordStart -= by;
    if (this.frameEnd >= 0) this.frameEnd -= by;
    if (!this.isInRecord) return;
    const tape = this.tape;
    const kinds = tape.kinds;
    const nodeA = tape.nodeA;
    for (let id = FIRST_DYNAMIC; id < tape.nodeCount; id++) {
      const kind3 = kinds[id];
      if (kind3 === K_LONG || kind3 === K_FLOAT || kind3 === K_STR || kind3 === K_BYTES) nodeA[id] = nodeA[id] - by;
    }
  }
  /** Forgets the current record and all input: the engine took the record elsewhere. */
  skipTo(absoluteOffset, recordIndex) {
    this.windowBase = absoluteOffset;
    this.windowLength = 0;
    this.pos = 0;
    this.recordStart = 0;
    this.recordIndex = recordIndex;
    this.isInRecord = false;
    this.frameEnd = -1;
  }
  /** Decodes from `pos` until the window runs out or a record completes. Throws DECLINE. */
  run() {
    const input = this.window;
    const end = this.windowLength;
    const view = this.view;
    let pos = this.pos;
    if (!this.isInRecord && pos < end) this.beginRecord(pos);
    let frameEnd = this.frameEnd;
    while (pos < end) {
      const start = pos;
      const op = input[pos];
      switch (op) {
        case 125:
        // EMPTY_DICT
        case 93: {
          this.pushEmpty(op === 125 ? K_DICT : K_LIST);
          pos += 1;
          break;
        }
        case 41:
          this.pushConstant(NODE_EMPTY_TUPLE);
          pos += 1;
          break;
        case 40:
          if (this.mp === this.marks.length) this.marks = grownInt322(this.marks, this.mp + 1);
          this.marks[this.mp++] = this.sp;
          pos += 1;
          break;
        case 140:
        // SHORT_BINUNICODE
        case 67: {
          if (pos + 2 > end) break;
          const length = input[pos + 1];
          if (pos + 2 + length > end) break;
          this.pushText(op === 140, pos + 2, length);
          pos += 2 + length;
          break;
        }
        case 88:
        // BINUNICODE
        case 66: {
          if (pos + 5 > end) break;
          const length = view.getUint32(pos + 1, true);
          if (length > this.maxBytesLength) decline();
          if (pos + 5 + length > end) break;
          this.pushText(op === 88, pos + 5, length);
          pos += 5 + length;
          break;
        }
        case 141:
        // BINUNICODE8
        case 142: {
          if (pos + 9 > end) break;
          if (view.getUint32(pos + 5, true) !== 0) decline();
          const length = view.getUint32(pos + 1, true);
          if (length > this.maxBytesLength) decline();
          if (pos + 9 + length > end) break;
          this.pushText(op === 141, pos + 9, length);
          pos += 9 + length;
          break;
        }
        case 148:
          if (this.sp === 0) decline();
          this.memoize(this.memoSize);
          pos += 1;
          break;
        case 113:
          if (pos + 2 > end) break;
          if (this.sp === 0) decline();
          this.memoize(input[pos + 1]);
          pos += 2;
          break;
        case 114:
          if (pos + 5 > end) break;
          if (this.sp === 0) decline();
          this.memoize(view.getUint32(pos + 1, true));
          pos += 5;
          break;
        case 104:
          if (pos + 2 > end) break;
          this.recall(input[pos + 1]);
          pos += 2;
          break;
        case 106:
          if (pos + 5 > end) break;
          this.recall(view.getUint32(pos + 1, true));
          pos += 5;
          break;
        case 75:
          if (pos + 2 > end) break;
          this.pushInt(input[pos + 1]);
          pos += 2;
          break;
        case 77:
          if (pos + 3 > end) break;
          this.pushInt(view.getUint16(pos + 1, true));
          pos += 3;
          break;
        case 74:
          if (pos + 5 > end) break;
          this.pushInt(view.getInt32(pos + 1, true));
          pos += 5;
          break;
        case 138: {
          if (pos + 2 > end) break;
          const length = input[pos + 1];
          if (length > MAX_LONG_BYTES) decline();
          if (pos + 2 + length > end) break;
          this.pushLong(pos + 2, length);
          pos += 2 + length;
          break;
        }
        case 71:
          if (pos + 9 > end) break;
          this.pushFloat(pos + 1);
          pos += 9;
          break;
        case 78:
          this.pushConstant(NODE_NONE);
          pos += 1;
          break;
        case 136:
          this.pushConstant(NODE_TRUE);
          pos += 1;
          break;
        case 137:
          this.pushConstant(NODE_FALSE);
          pos += 1;
          break;
        case 133:
        // TUPLE1
        case 134:
        // TUPLE2
        case 135: {
          const from = this.sp - (op - 133 + 1);
          if (from < this.fence()) decline();
          this.pushContainer(K_TUPLE, from);
          pos += 1;
          break;
        }
        case 116:
          this.pushContainer(K_TUPLE, this.popMark());
          pos += 1;
          break;
        case 108:
          this.pushContainer(K_LIST, this.popMark());
          pos += 1;
          break;
        case 100: {
          const from = this.popMark();
          if ((this.sp - from & 1) === 1) decline();
          this.pushContainer(K_DICT, from);
          pos += 1;
          break;
        }
        case 101:
        // APPENDS
        case 117: {
          const from = this.popMark();
          if (from === 0) decline();
          this.extend(
            from - 1,
            from,
            op === 117
            /* SETITEMS */
          );
          pos += 1;
          break;
        }
        case 97:
          if (this.sp - 2 < this.fence()) decline();
          this.extend(this.sp - 2, this.sp - 1, false);
          pos += 1;
          break;
        case 115:
          if (this.sp - 3 < this.fence()) decline();
          this.extend(this.sp - 3, this.sp - 2, true);
          pos += 1;
          break;
        case 128:
          if (pos + 2 > end) break;
          if (input[pos + 1] < 2 || input[pos + 1] > 5) decline();
          pos += 2;
          break;
        case 149: {
          if (pos + 9 > end) break;
          if (frameEnd > pos || view.getUint32(pos + 5, true) !== 0) decline();
          const size2 = view.getUint32(pos + 1, true);
          if (size2 > MAX_WINDOW - (this.windowBase + pos + 9)) decline();
          frameEnd = pos + 9 + size2;
          this.frameEnd = frameEnd;
          pos += 9;
          break;
        }
        case 46:
          if (this.sp !== 1 || this.mp !== 0) decline();
          if (frameEnd > pos + 1) decline();
          pos += 1;
          this.pos = pos;
          this.finishRecord();
          return RECORD_DONE;
        default:
          decline();
      }
      if (pos === start) {
        if (start < frameEnd && frameEnd < end) decline();
        this.pos = start;
        return RAN_OUT;
      }
      if (pos > frameEnd && start < frameEnd) decline();
    }
    this.pos = pos;
    return RAN_OUT;
  }
  /** Memo copy ids: a stack entry or child -(i + 1) is memo entry i, already written by the consumer. */
  memoSpanStart(copy) {
    return this.memoA[-copy - 1];
  }
  memoSpanEnd(copy) {
    return this.memoB[-copy - 1];
  }
  memoOrigin(copy) {
    return this.memoOrigins[-copy - 1];
  }
  beginRecord(at) {
    this.isInRecord = true;
    this.recordStart = at;
    this.clearMemo();
    this.memoHigh = 0;
    this.memoSize = 0;
    this.settledHigh = 0;
    this.sp = 0;
    this.mp = 0;
    this.root = -1;
    this.isRootStreamed = false;
    this.tape.truncate(FIRST_DYNAMIC);
    this.consumer.beginRecord(this.recordIndex, this.recordOffset);
  }
  /** Forgets the last record's memo entries (before memoHigh is reset). */
  clearMemo() {
    this.memoKinds.fill(M_HOLE, 0, this.memoHigh);
  }
  finishRecord() {
    this.lastRecordMemoLength = this.memoHigh;
    const top = this.stack[0];
    const isStreamed = this.isRootStreamed && top === this.root;
    this.consumer.endRecord(this.tape, this, top, isStreamed, this.pos - this.recordStart);
    this.leaveRecord();
  }
  /** After STOP: the next record starts after it. */
  leaveRecord() {
    this.isInRecord = false;
    this.recordStart = this.pos;
    this.frameEnd = this.frameEnd > this.pos ? this.frameEnd : -1;
    this.sp = 0;
    this.recordIndex++;
  }
  /** The value decoder takes over the record: its nodes are dropped. */
  abandonRecord() {
    if (this.isInRecord) this.consumer.abortRecord();
    this.isInRecord = false;
  }
  fence() {
    return this.mp === 0 ? 0 : this.marks[this.mp - 1];
  }
  popMark() {
    if (this.mp === 0) decline();
    return this.marks[--this.mp];
  }
  push(id) {
    if (this.sp === this.stack.length) this.growStack();
    this.stack[this.sp++] = id;
  }
  growStack() {
    if (this.sp >= MAX_STACK) decline();
    this.stack = grownInt322(this.stack, this.sp + 1);
  }
  // What each value opcode makes. A subclass may write its output instead of tape nodes
  // (msgpack-direct-driver.ts); `run` is the one reader of opcodes for both.
  /** EMPTY_DICT, EMPTY_LIST. */
  pushEmpty(kind3) {
    const id = this.tape.newContainer(kind3);
    if (this.sp === 0 && this.root < 0) this.root = id;
    this.push(id);
  }
  /** None, True, False, the empty tuple (NODE_* ids). */
  pushConstant(node) {
    this.push(node);
  }
  pushInt(value) {
    this.push(this.tape.newNode(K_INT, value, 0));
  }
  /** LONG1's payload input[at, at + length). */
  pushLong(at, length) {
    this.push(this.tape.newNode(K_LONG, at, length));
  }
  /** BINFLOAT's 8 bytes at input[at]. */
  pushFloat(at) {
    this.push(this.tape.newNode(K_FLOAT, at, 0));
  }
  /** A str's UTF-8 is checked by the writer that copies it (one pass over its bytes, not two). */
  pushText(isStr, start, length) {
    this.push(this.tape.newNode(isStr ? K_STR : K_BYTES, start, length));
  }
  /** TUPLE*, LIST, DICT: the stack's items from `from` on become one container. */
  pushContainer(kind3, from) {
    const tape = this.tape;
    const id = tape.newContainer(kind3);
    if (!tape.addRun(id, this.stack, from, this.sp)) decline();
    this.sp = from;
    this.push(id);
  }
  /** APPEND(S)/SETITEM(S): the stack's items from `from` on go into the container at stack slot `slot`. */
  extend(slot, from, isDict) {
    const tape = this.tape;
    const target = this.stack[slot];
    if (target < FIRST_DYNAMIC || tape.kinds[target] !== (isDict ? K_DICT : K_LIST)) decline();
    if ((tape.flags[target] & SEALED) !== 0) decline();
    if (isDict && (this.sp - from & 1) === 1) decline();
    if (target === this.root && from === 1 && this.mp === 0 && (this.streamsEveryRootBatch || tape.nodeCount >= STREAM_MIN_NODES)) {
      for (let i = from; i < this.sp; i++) if (this.stack[i] === target) decline();
      this.isRootStreamed = true;
      this.consumer.rootItems(tape, this, target, this.stack, from, this.sp, this.pos - this.recordStart);
      this.sp = from;
      this.settleMemo();
      tape.firstRun[target] = -1;
      tape.truncate(target + 1);
      return;
    }
    if (this.streamsEveryRootBatch && target === this.root) decline();
    if (!tape.addRun(target, this.stack, from, this.sp)) decline();
    this.sp = from;
  }
  /** After a root batch: memo entries of written nodes become output spans; any other is left to the value decoder. */
  settleMemo() {
    const tape = this.tape;
    for (let index = this.settledHigh; index < this.memoHigh; index++) {
      if (this.memoKinds[index] !== M_NODE) continue;
      const id = this.memoA[index];
      if (id === this.root || id < FIRST_DYNAMIC) continue;
      if (tape.kinds[id] !== K_COPY) decline();
      this.memoKinds[index] = M_SPAN;
      this.memoA[index] = tape.nodeA[id];
      this.memoB[index] = tape.nodeB[id];
      this.memoOrigins[index] = tape.origins[id];
    }
    this.settledHigh = this.memoHigh;
  }
  memoize(index) {
    if (index > this.memoHigh + MAX_MEMO_GAP2 || index < this.settledHigh) decline();
    if (index >= this.memoKinds.length) this.growMemo(index + 1);
    if (this.memoKinds[index] !== M_HOLE) decline();
    const id = this.stack[this.sp - 1];
    if (id < FIRST_DYNAMIC) {
      if (id < 0) decline();
    } else {
      const tape = this.tape;
      if ((tape.flags[id] & MEMOIZED) !== 0) decline();
      tape.flags[id] = tape.flags[id] | MEMOIZED;
      tape.memoSlots[id] = index;
    }
    if (index >= this.memoHigh) this.memoHigh = index + 1;
    this.memoSize++;
    this.memoKinds[index] = M_NODE;
    this.memoA[index] = id;
  }
  recall(index) {
    const kind3 = index < this.memoHigh ? this.memoKinds[index] : M_HOLE;
    if (kind3 === M_HOLE) decline();
    this.push(kind3 === M_NODE ? this.memoA[index] : -index - 1);
  }
  growMemo(size2) {
    const grown = Math.max(size2, this.memoKinds.length * 2);
    this.memoKinds = grownUint8(this.memoKinds, grown);
    this.memoA = grownInt322(this.memoA, grown);
    this.memoB = grownInt322(this.memoB, grown);
    this.memoOrigins = grownUint8(this.memoOrigins, grown);
  }
};

// ../core/src/engine/direct-driver.ts
var DirectDriver = class extends TapeDriver {
  constructor(tapeOutput, maxBytesLength, fixedBudget) {
    super(tapeOutput, maxBytesLength);
    this.tapeOutput = tapeOutput;
    this.fixedBudget = fixedBudget;
  }
  tapeOutput;
  fixedBudget;
  // Parallel to the stack (which holds each value's output start): the value's kind and the
  // writer's flags, a container's items (lists, tuples) or pairs (dicts) so far, and an open
  // container's memo index (or -1).
  slotInfo = new Int32Array(1 << 10);
  slotCounts = new Int32Array(1 << 10);
  slotMemo = new Int32Array(1 << 10);
  memoInfo = new Int32Array(1 << 10);
  memoStart = new Int32Array(1 << 10);
  memoEnd = new Int32Array(1 << 10);
  /** Past this output position the budget is checked again (the record's start plus the budget's floor). */
  outputLimit = 0;
  outView = new DataView(new ArrayBuffer(0));
  viewed = new Uint8Array(0);
  growStack() {
    super.growStack();
    const size2 = this.stack.length;
    this.slotInfo = grownInt322(this.slotInfo, size2);
    this.slotCounts = grownInt322(this.slotCounts, size2);
    this.slotMemo = grownInt322(this.slotMemo, size2);
  }
  /** Nothing to clear: a record reads only entries below memoHigh (0 at its start), each set or zeroed by `claimMemo`. */
  clearMemo() {
  }
  /**
   * MEMOIZE or BINPUT `index`: in order only, as CPython sets them (then the entries past a moved
   * byte are the last ones set); room made, and the indices it skips zeroed as holes.
   */
  claimMemo(index) {
    if (index < this.memoHigh || index > this.memoHigh + MAX_MEMO_GAP2) decline();
    if (index >= this.memoInfo.length) this.growMemoTo(index + 1);
    if (index > this.memoHigh) this.memoInfo.fill(0, this.memoHigh, index);
  }
  /** The entry at `index` is set (after claimMemo): the memo now ends past it. */
  closeMemoClaim(index) {
    this.memoHigh = index + 1;
    this.memoSize++;
  }
  /** The info of memo entry `index`, 0 for a hole or an index past the memo's end. */
  memoInfoAt(index) {
    return index < this.memoHigh ? this.memoInfo[index] : 0;
  }
  growMemoTo(size2) {
    const length = this.memoInfo.length;
    const grown = Math.max(size2, length >= 1 << 20 ? length * 4 : length * 2);
    this.memoInfo = grownInt322(this.memoInfo, grown);
    this.memoStart = grownInt322(this.memoStart, grown);
    this.memoEnd = grownInt322(this.memoEnd, grown);
  }
  /**
   * The output from `pivot` on moved by `delta`: memo entries that start there move with it
   * (the last ones set, see claimMemo); those whose info has `spanBit` end there too.
   */
  shiftMemo(pivot, delta, spanBit) {
    const memoInfo = this.memoInfo;
    const memoStart = this.memoStart;
    for (let index = this.memoHigh - 1; index >= 0; index--) {
      const info = memoInfo[index];
      if (info === 0) continue;
      if (memoStart[index] < pivot) break;
      memoStart[index] = memoStart[index] + delta;
      if ((info & spanBit) !== 0) this.memoEnd[index] = this.memoEnd[index] + delta;
    }
  }
  /** Copies the output's bytes [from, from + length) to `to`, past them (a memo copy); room for them was made with outputView. */
  copyOutput(view, from, to, length) {
    if (length < 4) {
      const out = this.tapeOutput.out;
      for (let i = 0; i < length; i++) out[to + i] = out[from + i];
    } else if (length < 64) {
      let i = 0;
      for (; i + 4 <= length; i += 4) view.setInt32(to + i, view.getInt32(from + i, true), true);
      if (i < length) view.setInt32(to + length - 4, view.getInt32(from + length - 4, true), true);
    } else {
      this.tapeOutput.out.copyWithin(to, from, from + length);
    }
  }
  /** Room for `count` more output bytes; a DataView of the output. */
  outputView(count2) {
    const out = this.tapeOutput.room(count2);
    if (out !== this.viewed) {
      this.viewed = out;
      this.outView = new DataView(out.buffer, out.byteOffset, out.byteLength);
    }
    return this.outView;
  }
  /**
   * Output past the record's budget (after `more` bytes) declines: the value path reports it.
   * Sets outputLimit, the output position up to which the budget holds (checked before calling).
   * While the record is read, its length is taken as all the input there is (`pos` is where
   * run() began: a record pushed whole would get the budget's floor); at its end, as it is.
   */
  checkBudget(more, isRecordRead = false) {
    const output = this.tapeOutput;
    const inputBytes = isRecordRead ? this.pos - this.recordStart : this.windowLength - this.recordStart;
    const budget = this.fixedBudget ?? defaultOutputBudget(Math.max(0, inputBytes));
    this.outputLimit = output.recordOutputStart + budget;
    if (output.pos + more > this.outputLimit) decline();
  }
};

// ../core/src/engine/tape-output.ts
var MAX_DEPTH = 200;
var COMPACT_BYTES = 1 << 21;
var HAND_OVER_BYTES2 = 1 << 22;
var PRESIZE_MIN_INPUT = 1 << 24;
var PRESIZE_MAX = 2 ** 31 - 1;
var SPILL_BYTES2 = 8 << 20;
var TapeOutput = class {
  constructor(framing, fixedBudget) {
    this.framing = framing;
    this.fixedBudget = fixedBudget;
  }
  framing;
  fixedBudget;
  out = new Uint8Array(1 << 16);
  pos = 0;
  /** Output of complete records ends here; bytes before `taken` were handed out already. */
  committed = 0;
  taken = 0;
  recordOutStart = 0;
  budget = 0;
  /** Entries (dict pairs or list items) of the streamed root written so far. */
  rootCount = 0;
  isRootOpen = false;
  input = new Uint8Array(0);
  inputView = new DataView(this.input.buffer);
  rootKeys = new RootKeyTable();
  /** For nested dicts past a few keys (hasRepeatedKeySpan). */
  nestedKeys = new RootKeyTable();
  /** Key spans of the dicts being written: start, end, kind per key. */
  keySpans = new Int32Array(3 * 64);
  /** Used length of keySpans. */
  keySpanTop = 0;
  /**
   * True while a root batch is written: memoized values then become K_COPY (their output span),
   * since their nodes go after the batch. At the end of a record nothing refers to them again.
   */
  isStreaming = false;
  /**
   * Entries mode (the decoder's `emit: "entries"`): each entry of a record's root container is
   * written as a record of its own (`[key, value]` for a dict, the item for a list, the value
   * itself for any other root), and each root batch is committed as it is written, so output
   * streams while a giant record arrives. Set before the first record.
   */
  emitsEntries = false;
  /** Entries of the current record written and committed (a declined record's value path skips them). */
  entriesInRecord = 0;
  /** Entries written in all. */
  entriesWritten = 0;
  /** Entries written since the last commit. */
  countSinceCommit = 0;
  isInRecord = false;
  /**
   * Where a giant root's batches may go while its record is still open (TapeEngine's `spill`):
   * each few MiB written are handed out as a view (the bytes stay, memo copies read them), and
   * `take()` returns only what follows. A record that declines discards what it handed out; a
   * spilled msgpack root's head is patched with its count at the record's end (spillOpenRootIfDue).
   */
  spill = void 0;
  /** How much output gathers before it goes to `spill`. */
  spillBytes = SPILL_BYTES2;
  /**
   * Whether a streamed root's first bytes are final once written (JSON's `{`). MsgpackTapeWriter's
   * root head takes the count's width at the end (closeRoot), so rootItems never spills it (that
   * path is entries mode only, which has no spill); the one-pass msgpack driver spills its root
   * through spillOpenRootIfDue once the head's width is final.
   */
  isRootHeadFinal = false;
  /**
   * About how many output bytes a byte of plain pickle data makes: a giant root's output is
   * made room for at once from the input's size (0: grown as written).
   */
  outputPerInputByte = 0;
  /** Output before this was handed to `spill` while the record in progress was open (0: none). */
  spilledEnd = 0;
  /** The open root's head spilled before its count was known: where it starts (-1: none), its length. */
  spilledHeadAt = -1;
  spilledHeadBytes = 0;
  /**
   * Views of `out` went to the spill (written on another thread, perhaps still): once its
   * records are taken the buffer is replaced, not written from its start again.
   */
  hasSpilledViews = false;
  /** The driver that reads opcodes for this writer (the msgpack writer's writes as it reads). */
  createDriver(maxBytesLength, _isEntries) {
    return new TapeDriver(this, maxBytesLength);
  }
  beginRecord(recordIndex, offset) {
    this.isInRecord = true;
    this.entriesInRecord = 0;
    this.countSinceCommit = 0;
    this.recordOutStart = this.pos;
    this.rootCount = 0;
    this.isRootOpen = false;
    this.rootKeys.reset();
    this.keySpanTop = 0;
    const prefix = this.framing.prefix;
    if (prefix !== void 0) this.appendBytes(prefix(recordIndex, offset));
  }
  abortRecord() {
    this.spilledHeadAt = -1;
    if (this.spilledEnd > 0) {
      this.spill.discard(this.spilledEnd - this.recordOutStart);
      this.taken = this.recordOutStart;
      this.spilledEnd = 0;
    }
    this.pos = this.emitsEntries ? this.committed : this.recordOutStart;
    this.countSinceCommit = 0;
    this.isStreaming = false;
    this.isInRecord = false;
  }
  rootItems(tape, driver, root, items, from, to, inputBytes) {
    if (!this.isRootOpen && !this.emitsEntries && this.outputPerInputByte > 0) {
      const rest = driver.inputSizeHint - driver.recordOffset;
      if (rest > PRESIZE_MIN_INPUT) this.reserve(Math.min(Math.ceil(rest * this.outputPerInputByte), PRESIZE_MAX - this.pos));
    }
    this.bind(driver, inputBytes);
    const isDict = tape.kinds[root] === K_DICT;
    if (this.emitsEntries) {
      tape.flags[root] = tape.flags[root] | OPEN;
      this.isStreaming = true;
      for (let i = from; i < to; i += isDict ? 2 : 1) {
        this.writeEntry(tape, driver, isDict, items[i], items[i + 1]);
        this.countSinceCommit++;
      }
      tape.flags[root] = tape.flags[root] & ~OPEN;
      this.isStreaming = false;
      this.commitEntries();
      return;
    }
    if (!this.isRootOpen) {
      this.isRootOpen = true;
      this.openRoot(isDict);
    }
    tape.flags[root] = tape.flags[root] | OPEN;
    this.isStreaming = true;
    this.writeRootRuns(tape, driver, root, isDict);
    for (let i = from; i < to; i += isDict ? 2 : 1) this.writeRootEntry(tape, driver, isDict, items[i], items[i + 1]);
    tape.flags[root] = tape.flags[root] & ~OPEN;
    this.isStreaming = false;
    this.checkBudget();
    if (this.spill !== void 0 && this.isRootHeadFinal && this.pos - Math.max(this.taken, this.spilledEnd) >= this.spillBytes) this.spillOpenRecord();
  }
  /** Hands the output not taken yet (the open record's batches so far, the records before it) to `spill`. */
  spillOpenRecord() {
    const from = Math.max(this.taken, this.spilledEnd);
    this.spill.write(this.out.subarray(from, this.pos));
    this.spilledEnd = this.pos;
    this.taken = this.pos;
    this.hasSpilledViews = true;
  }
  /**
   * For MsgpackDirectDriver, after a batch of the open root whose head (`headBytes` at `headAt`:
   * map32 or array32) has its final width: the output so far goes to the spill every
   * `spillBytes`, when the spill can patch; the head, with the count, is patched in at the
   * record's end (endDirectRecord). A spill that cannot (a pipe) gets the record whole.
   */
  spillOpenRootIfDue(headAt, headBytes) {
    const spill = this.spill;
    if (spill?.patch === void 0 || this.pos - Math.max(this.taken, this.spilledEnd) < this.spillBytes) return;
    this.spilledHeadAt = headAt;
    this.spilledHeadBytes = headBytes;
    this.spillOpenRecord();
  }
  endRecord(tape, driver, top, isStreamedRoot, inputBytes) {
    this.bind(driver, inputBytes);
    this.isInRecord = false;
    if (this.emitsEntries) {
      this.endEntries(tape, driver, top, isStreamedRoot);
      return;
    }
    if (isStreamedRoot) {
      const isDict = tape.kinds[top] === K_DICT;
      tape.flags[top] = tape.flags[top] | OPEN;
      this.writeRootRuns(tape, driver, top, isDict);
      tape.flags[top] = tape.flags[top] & ~OPEN;
      if (isDict && this.rootKeys.hasRepeated(this.out)) decline();
      this.closeRoot(isDict, this.rootCount);
    } else {
      this.write(tape, driver, top, 0);
    }
    this.checkBudget();
    this.ascii(this.framing.suffix);
    this.committed = this.pos;
    this.spilledEnd = 0;
  }
  // ---- for the one-pass drivers (json-direct-driver.ts, msgpack-direct-driver.ts), which write into this output
  /** Room for `count` more bytes at `pos`; the buffer (a new one when it grew). */
  room(count2) {
    this.reserve(count2);
    return this.out;
  }
  /** Where the record in progress starts in the output. */
  get recordOutputStart() {
    return this.recordOutStart;
  }
  /** The record a one-pass driver wrote is complete. */
  endDirectRecord() {
    if (this.spilledHeadAt >= 0) {
      const at = this.spilledHeadAt;
      this.spill.patch(this.spilledEnd - at, this.out.slice(at, at + this.spilledHeadBytes));
      this.spilledHeadAt = -1;
    }
    this.ascii(this.framing.suffix);
    this.committed = this.pos;
    this.spilledEnd = 0;
    this.isInRecord = false;
  }
  /** Appends bytes as they are (a record the value path wrote, a prefix). */
  appendBytes(bytes) {
    this.reserve(bytes.length);
    this.out.set(bytes, this.pos);
    this.pos += bytes.length;
  }
  /** Appends ASCII text (a record's suffix). */
  appendAscii(text2) {
    this.ascii(text2);
  }
  /** Marks everything written so far as complete records. */
  commit() {
    this.committed = this.pos;
    if (!this.isInRecord && this.pos > COMPACT_BYTES && this.pos - this.taken <= this.pos >> 2 && !this.hasSpilledViews && this.spilledEnd === 0) {
      const length = this.pos - this.taken;
      this.out.copyWithin(0, this.taken, this.pos);
      this.taken = 0;
      this.pos = length;
      this.committed = length;
      this.recordOutStart = length;
    }
  }
  /** The bytes of complete records not handed out yet. */
  take() {
    if (this.taken >= this.committed && this.pos !== this.committed) return new Uint8Array(0);
    if (this.isInRecord && this.emitsEntries) {
      const bytes2 = this.copyOut(this.taken, this.committed);
      this.taken = this.committed;
      return bytes2;
    }
    if (this.pos === this.committed && this.committed - this.taken > HAND_OVER_BYTES2) {
      const bytes2 = this.out.subarray(this.taken, this.committed);
      this.out = new Uint8Array(1 << 16);
      this.hasSpilledViews = false;
      this.restart();
      return bytes2;
    }
    const bytes = this.copyOut(this.taken, this.committed);
    this.taken = this.committed;
    if (this.pos === this.committed) this.restart();
    return bytes;
  }
  /**
   * Makes the array `take()` copies output into (TapeEngineOptions.newOutputBytes): by default a
   * fresh Uint8Array, which the engine zeroes only for the copy to overwrite every byte.
   */
  newOutputBytes = (length) => new Uint8Array(length);
  /** Output bytes [from, to) in an array of their own. */
  copyOut(from, to) {
    const bytes = this.newOutputBytes(to - from);
    bytes.set(this.out.subarray(from, to));
    return bytes;
  }
  /** Bytes of complete records waiting to be taken. */
  get pending() {
    return Math.max(0, this.committed - this.taken);
  }
  restart() {
    if (this.hasSpilledViews) {
      this.out = new Uint8Array(1 << 16);
      this.hasSpilledViews = false;
    }
    this.pos = 0;
    this.committed = 0;
    this.taken = 0;
    this.recordOutStart = 0;
  }
  writeRootRuns(tape, driver, root, isDict) {
    const children = tape.children;
    for (let run = tape.firstRun[root]; run >= 0; run = tape.runNext[run]) {
      const first = tape.runStart[run];
      const last = first + tape.runCount[run];
      for (let i = first; i < last; i += isDict ? 2 : 1) this.writeRootEntry(tape, driver, isDict, children[i], children[i + 1]);
    }
    tape.firstRun[root] = -1;
  }
  writeRootEntry(tape, driver, isDict, first, second) {
    this.entrySeparator(this.rootCount++);
    if (!isDict) {
      this.write(tape, driver, first, 1);
      return;
    }
    const keyStart = this.pos;
    const keyKind2 = this.writeKey(tape, driver, first);
    this.rootKeys.add(this.out, keyStart, this.pos, keyKind2);
    this.keySeparator();
    this.write(tape, driver, second, 1);
  }
  // ---- entries mode
  /** One entry as a record: `(key, value)` or the item, then the suffix; its own output budget. */
  writeEntry(tape, driver, isDict, first, second) {
    this.recordOutStart = this.pos;
    if (isDict) {
      this.openPair();
      this.write(tape, driver, first, 1);
      this.pairSeparator();
      this.write(tape, driver, second, 1);
      this.closePair();
    } else {
      this.write(tape, driver, first, 1);
    }
    this.checkBudget();
    this.ascii(this.framing.suffix);
  }
  commitEntries() {
    const count2 = this.countSinceCommit;
    this.committed = this.pos;
    this.entriesInRecord += count2;
    this.entriesWritten += count2;
    this.countSinceCommit = 0;
  }
  /**
   * At STOP, as the value decoder's entries mode: what the root still holds (a list's items
   * from runs not streamed), or the record's value itself when it is not a dict or list. A dict
   * root that kept entries (built by DICT, not streamed) declines: the decoder's dict would merge
   * repeated keys.
   */
  endEntries(tape, driver, top, isStreamedRoot) {
    if (top < 0) decline();
    const kind3 = tape.kinds[top];
    if (isStreamedRoot || kind3 === K_DICT || kind3 === K_LIST) {
      const isDict = kind3 === K_DICT;
      if (isDict && tape.firstRun[top] >= 0) decline();
      tape.flags[top] = tape.flags[top] | OPEN;
      const children = tape.children;
      for (let run = tape.firstRun[top]; run >= 0; run = tape.runNext[run]) {
        const first = tape.runStart[run];
        const last = first + tape.runCount[run];
        for (let i = first; i < last; i++) {
          this.writeEntry(tape, driver, false, children[i], 0);
          this.countSinceCommit++;
        }
      }
      tape.flags[top] = tape.flags[top] & ~OPEN;
    } else {
      this.writeEntry(tape, driver, false, top, 0);
      this.countSinceCommit++;
    }
    this.commitEntries();
  }
  /** Before a container's children: a cycle, nesting this deep, or the budget spent declines. */
  openContainer(tape, id, depth) {
    if (depth >= MAX_DEPTH || (tape.flags[id] & OPEN) !== 0) decline();
    if (this.pos - this.recordOutStart > this.budget) decline();
    tape.flags[id] = tape.flags[id] | OPEN;
  }
  /** A memoized value written while a root batch is: later uses copy its bytes, and its node may go. */
  remember(tape, id, kind3, start) {
    tape.origins[id] = kind3;
    tape.kinds[id] = K_COPY;
    tape.nodeA[id] = start;
    tape.nodeB[id] = this.pos;
    tape.flags[id] = tape.flags[id] & ~MEMOIZED;
  }
  bind(driver, inputBytes) {
    if (this.input !== driver.window) {
      this.input = driver.window;
      this.inputView = new DataView(this.input.buffer, this.input.byteOffset, this.input.byteLength);
    }
    this.budget = this.fixedBudget ?? defaultOutputBudget(this.emitsEntries ? void 0 : inputBytes);
  }
  checkBudget() {
    if (this.pos - this.recordOutStart > this.budget) decline();
  }
  /** Records a dict key's output span and kind (for hasRepeatedKey). */
  pushKeySpan(start, end, kind3) {
    const top = this.keySpanTop;
    if (top + 3 > this.keySpans.length) {
      const grown = new Int32Array(this.keySpans.length * 2);
      grown.set(this.keySpans);
      this.keySpans = grown;
    }
    this.keySpans[top] = start;
    this.keySpans[top + 1] = end;
    this.keySpans[top + 2] = kind3;
    this.keySpanTop = top + 3;
  }
  /** True when two of the `count` keys whose spans start at `spanBase` are the same key. */
  hasRepeatedKey(spanBase, count2) {
    return hasRepeatedKeySpan(this.out, this.keySpans, spanBase, spanBase + 3 * count2, this.nestedKeys);
  }
  // ---- bytes
  /** Makes room for `count` more bytes (small, so that it inlines; the growing is `grow`'s). */
  reserve(count2) {
    if (this.pos + count2 > this.out.length) this.grow(count2);
  }
  grow(count2) {
    const needed = this.pos + count2;
    let size2 = this.out.length * (this.out.length >= 1 << 24 ? 4 : 2);
    while (size2 < needed) size2 *= 2;
    const grown = new Uint8Array(size2);
    grown.set(this.out.subarray(0, this.pos));
    this.out = grown;
  }
  byte(code) {
    if (this.pos === this.out.length) this.reserve(1);
    this.out[this.pos++] = code;
  }
  ascii(text2) {
    const length = text2.length;
    this.reserve(length);
    const out = this.out;
    let pos = this.pos;
    for (let i = 0; i < length; i++) out[pos++] = text2.charCodeAt(i);
    this.pos = pos;
  }
  /** Output bytes [from, to) written again (a memoized value met again). */
  copy(from, to) {
    const length = to - from;
    if (this.pos + length - this.recordOutStart > this.budget) decline();
    this.reserve(length);
    const out = this.out;
    if (length < 32) {
      for (let i = 0; i < length; i++) out[this.pos + i] = out[from + i];
    } else {
      out.copyWithin(this.pos, from, to);
    }
    this.pos += length;
  }
};

// ../core/src/engine/msgpack-heads.ts
function writeInt32(out, p, v) {
  if (v >= 0) {
    if (v < 128) {
      out[p] = v;
      return p + 1;
    }
    if (v < 256) {
      out[p] = 204;
      out[p + 1] = v;
      return p + 2;
    }
    if (v < 65536) {
      out[p] = 205;
      out[p + 1] = v >>> 8;
      out[p + 2] = v & 255;
      return p + 3;
    }
    out[p] = 206;
    return writeUint32(out, p + 1, v);
  }
  if (v >= -32) {
    out[p] = v & 255;
    return p + 1;
  }
  if (v >= -128) {
    out[p] = 208;
    out[p + 1] = v & 255;
    return p + 2;
  }
  if (v >= -32768) {
    out[p] = 209;
    out[p + 1] = v >> 8 & 255;
    out[p + 2] = v & 255;
    return p + 3;
  }
  out[p] = 210;
  return writeUint32(out, p + 1, v >>> 0);
}
function writeStrHead(out, p, length) {
  if (length < 32) {
    out[p] = 160 | length;
    return p + 1;
  }
  if (length < 256) {
    out[p] = 217;
    out[p + 1] = length;
    return p + 2;
  }
  return writeSized(out, p, length, 218, 219);
}
function writeBinHead(out, p, length) {
  if (length < 256) {
    out[p] = 196;
    out[p + 1] = length;
    return p + 2;
  }
  return writeSized(out, p, length, 197, 198);
}
function writeArrayHead(out, p, count2) {
  return writeCountHead(out, p, count2, 144, 220, 221);
}
function writeMapHead(out, p, count2) {
  return writeCountHead(out, p, count2, 128, 222, 223);
}
function writeCountHead(out, p, count2, fixBase, code16, code32) {
  if (count2 < 16) {
    out[p] = fixBase | count2;
    return p + 1;
  }
  return writeSized(out, p, count2, code16, code32);
}
function writeSized(out, p, length, code16, code32) {
  if (length < 65536) {
    out[p] = code16;
    out[p + 1] = length >>> 8;
    out[p + 2] = length & 255;
    return p + 3;
  }
  out[p] = code32;
  return writeUint32(out, p + 1, length);
}
function writeUint32(out, p, v) {
  out[p] = v >>> 24;
  out[p + 1] = v >>> 16 & 255;
  out[p + 2] = v >>> 8 & 255;
  out[p + 3] = v & 255;
  return p + 4;
}
var INT64_MIN = -(2n ** 63n);
var INT64_LIMIT = 2n ** 63n;
var UINT64_LIMIT = 2n ** 64n;
function long1Room(length) {
  return Math.ceil(length * 2.41) + 6;
}
function writeLong1(out, p, input, at, length) {
  if (length <= 4) {
    let value2 = 0;
    for (let i = length - 1; i >= 0; i--) value2 = value2 * 256 + input[at + i];
    if (length > 0 && input[at + length - 1] >= 128) value2 -= 2 ** (8 * length);
    return writeInt32(out, p, value2);
  }
  let value = 0n;
  for (let i = length - 1; i >= 0; i--) value = value << 8n | BigInt(input[at + i]);
  if (input[at + length - 1] >= 128) value -= 1n << BigInt(8 * length);
  if (value >= -2147483648n && value <= 4294967295n) return writeInt32(out, p, Number(value));
  if (value >= INT64_MIN && value < UINT64_LIMIT) {
    const view = new DataView(out.buffer, out.byteOffset);
    if (value < INT64_LIMIT) {
      out[p] = 211;
      view.setBigInt64(p + 1, value);
    } else {
      out[p] = 207;
      view.setBigUint64(p + 1, value);
    }
    return p + 9;
  }
  const digits = value.toString();
  p = writeStrHead(out, p, digits.length);
  for (let i = 0; i < digits.length; i++) out[p++] = digits.charCodeAt(i);
  return p;
}
function writeFloat64(out, p, input, at) {
  out[p] = 203;
  if ((input[at] & 127) === 127 && (input[at + 1] & 240) === 240) {
    const value = new DataView(input.buffer, input.byteOffset).getFloat64(at);
    if (!Number.isFinite(value)) {
      new DataView(out.buffer, out.byteOffset).setFloat64(p + 1, value);
      return p + 9;
    }
  }
  for (let i = 0; i < 8; i++) out[p + 1 + i] = input[at + i];
  return p + 9;
}

// ../core/src/engine/msgpack-direct-driver.ts
var SPAN_MEMO = 512;
var OPEN_MEMO = 1024;
var SLOT_BITS = ~(SPAN_MEMO | OPEN_MEMO);
var KIND_BITS = 255;
var OPEN_SLOT = 256;
var HEIGHT_SHIFT = 16;
var MAX_HEIGHT = 200;
var PAIRWISE_KEYS2 = 16;
var KEY_STR = 1;
var KEY_INT = 2;
var UNKEPT = -1;
var PRESIZE_MIN_INPUT2 = 1 << 24;
var OUTPUT_PER_INPUT_BYTE = 1.4;
var PRESIZE_MAX2 = 2 ** 31 - 1;
var MEMO_INPUT_BYTES = 16;
var ROOT_ENTRY_INPUT_BYTES = 64;
var MsgpackDirectDriver = class extends DirectDriver {
  // Parallel to the stack, beside DirectDriver's slot arrays. Containers: head bytes reserved at the start.
  slotHeads = new Uint8Array(1 << 10);
  /** Dicts: where their keys start in keySpans. */
  slotKeyBase = new Int32Array(1 << 10);
  // The memo (DirectDriver's): memoInfo is the value's slot info with SPAN_MEMO (memoStart,
  // memoEnd: its output) or OPEN_MEMO (a container still open at memoStart).
  /** Keys of the open dicts but the root, in stack order: start, end, kind per key. */
  keySpans = new Int32Array(3 * 256);
  keyTop = 0;
  /** The root dict's keys (millions, for a giant root). */
  rootKeys = new RootKeyTable();
  /** For nested dicts past PAIRWISE_KEYS keys. */
  bigKeys = new RootKeyTable();
  writer;
  /**
   * Kinds besides str and int a dict key may have (bits 1 << K_*): the merge's rows take None
   * and bytes keys (msgpackr writes them as they are), the CLI's writer none.
   */
  otherKeyKinds = 0;
  constructor(writer, maxBytesLength, fixedBudget) {
    super(writer, maxBytesLength, fixedBudget);
    this.writer = writer;
  }
  beginRecord(at) {
    super.beginRecord(at);
    this.keyTop = 0;
    this.rootKeys.reset();
    this.checkBudget(0);
  }
  finishRecord() {
    this.lastRecordMemoLength = this.memoHigh;
    if ((this.slotInfo[0] & OPEN_SLOT) !== 0) this.close(0, this.writer.pos, true);
    this.checkBudget(0, true);
    this.writer.endDirectRecord();
    this.leaveRecord();
  }
  // ---- values
  pushSlot(start, info) {
    const sp = this.sp;
    if (sp === this.stack.length) this.growStack();
    this.stack[sp] = start;
    this.slotInfo[sp] = info;
    this.sp = sp + 1;
  }
  growStack() {
    super.growStack();
    const size2 = this.stack.length;
    this.slotKeyBase = grownInt322(this.slotKeyBase, size2);
    this.slotHeads = grownUint8(this.slotHeads, size2);
  }
  pushEmpty(kind3) {
    const writer = this.writer;
    const sp = this.sp;
    if (sp === this.stack.length) this.growStack();
    const start = writer.pos;
    const out = writer.room(1);
    out[start] = kind3 === K_DICT ? 128 : 144;
    writer.pos = start + 1;
    this.stack[sp] = start;
    this.slotInfo[sp] = kind3 | OPEN_SLOT | 1 << HEIGHT_SHIFT;
    this.slotCounts[sp] = 0;
    this.slotHeads[sp] = 1;
    this.slotMemo[sp] = -1;
    this.slotKeyBase[sp] = this.keyTop;
    this.sp = sp + 1;
  }
  pushConstant(node) {
    const writer = this.writer;
    const start = writer.pos;
    const out = writer.room(1);
    let info;
    if (node === NODE_NONE) {
      out[start] = 192;
      info = K_NONE;
    } else if (node === NODE_EMPTY_TUPLE) {
      out[start] = 144;
      info = K_TUPLE | 1 << HEIGHT_SHIFT;
    } else if (node === NODE_FALSE) {
      out[start] = 194;
      info = K_FALSE;
    } else {
      out[start] = 195;
      info = K_TRUE;
    }
    writer.pos = start + 1;
    this.pushSlot(start, info);
  }
  pushInt(value) {
    const writer = this.writer;
    const start = writer.pos;
    writer.pos = writeInt32(writer.room(5), start, value);
    this.pushSlot(start, K_INT);
  }
  pushLong(at, length) {
    const writer = this.writer;
    const start = writer.pos;
    writer.pos = writeLong1(writer.room(long1Room(length)), start, this.window, at, length);
    this.pushSlot(start, K_LONG);
  }
  pushFloat(at) {
    const writer = this.writer;
    const start = writer.pos;
    writer.pos = writeFloat64(writer.room(9), start, this.window, at);
    this.pushSlot(start, K_FLOAT);
  }
  pushText(isStr, at, length) {
    const writer = this.writer;
    const start = writer.pos;
    const view = this.outputView(length + 5);
    const out = writer.out;
    const input = this.window;
    let p = isStr ? writeStrHead(out, start, length) : writeBinHead(out, start, length);
    if (length < 64) {
      let high = 0;
      if (length < 4) {
        for (let i = 0; i < length; i++) {
          const byte = input[at + i];
          high |= byte;
          out[p + i] = byte;
        }
      } else {
        const inView = this.view;
        let i = 0;
        for (; i + 4 <= length; i += 4) {
          const word = inView.getInt32(at + i, true);
          high |= word;
          view.setInt32(p + i, word, true);
        }
        if (i < length) {
          const word = inView.getInt32(at + length - 4, true);
          high |= word;
          view.setInt32(p + length - 4, word, true);
        }
      }
      p += length;
      if ((high & 2155905152) !== 0 && isStr && !isWellFormedUtf8(input, at, at + length)) decline();
    } else {
      if (isStr && !isAscii(input, at, at + length) && !isWellFormedUtf8(input, at, at + length)) decline();
      out.set(input.subarray(at, at + length), p);
      p += length;
    }
    writer.pos = p;
    this.pushSlot(start, isStr ? K_STR : K_BYTES);
  }
  /** TUPLE, TUPLE1-3: the items get their head in front (LIST and DICT from a MARK are protocol 0's: the value path's). */
  pushContainer(kind3, from) {
    if (kind3 !== K_TUPLE) decline();
    const to = this.sp;
    const count2 = to - from;
    if (count2 === 0) {
      this.pushConstant(NODE_EMPTY_TUPLE);
      return;
    }
    const height = this.closeItems(from, to);
    const writer = this.writer;
    const start = this.stack[from];
    const size2 = headSize(count2);
    this.moveTail(from - 1, start, size2);
    writeArrayHead(writer.out, start, count2);
    this.sp = from;
    this.pushSlot(start, K_TUPLE | height + 1 << HEIGHT_SHIFT);
    if (height + 1 > MAX_HEIGHT) decline();
  }
  extend(slot, from, isDict) {
    const info = this.slotInfo[slot];
    if ((info & (KIND_BITS | OPEN_SLOT)) !== ((isDict ? K_DICT : K_LIST) | OPEN_SLOT)) decline();
    const to = this.sp;
    if (isDict && (to - from & 1) === 1) decline();
    const added = isDict ? to - from >> 1 : to - from;
    if (added === 0) return;
    const count2 = this.slotCounts[slot] + added;
    if (slot === 0 && count2 >= 16 && this.slotHeads[0] === 1) this.growRootHead();
    const height = this.closeItems(from, to);
    if (isDict) this.addKeys(slot, from, to, count2 - added);
    this.slotCounts[slot] = count2;
    if (height + 1 > info >>> HEIGHT_SHIFT) {
      if (height + 1 > MAX_HEIGHT) decline();
      this.slotInfo[slot] = info & 65535 | height + 1 << HEIGHT_SHIFT;
    }
    this.sp = from;
    if (this.writer.pos > this.outputLimit) this.checkBudget(0);
    if (slot === 0 && count2 > 65535) this.writer.spillOpenRootIfDue(this.stack[0], 5);
  }
  /** The kind (K_*) of the value at stack slot `slot`. */
  slotKind(slot) {
    return this.slotInfo[slot] & KIND_BITS;
  }
  /** True when the value at `slot` is a container that may still grow. */
  isOpenSlot(slot) {
    return (this.slotInfo[slot] & OPEN_SLOT) !== 0;
  }
  /** Closes the values at slots [from, to), for a subclass that takes a root's items itself (the merge's rows). */
  closeSlots(from, to) {
    if (this.closeItems(from, to) + 1 > MAX_HEIGHT) decline();
  }
  /** Closes the open containers among slots [from, to), last first; returns their greatest height. */
  closeItems(from, to) {
    let height = 0;
    const slotInfo = this.slotInfo;
    for (let i = to - 1; i >= from; i--) {
      const info = slotInfo[i];
      if ((info & OPEN_SLOT) !== 0) this.close(i, i + 1 < this.sp ? this.stack[i + 1] : this.writer.pos, true);
      const h = info >>> HEIGHT_SHIFT;
      if (h > height) height = h;
    }
    return height;
  }
  /**
   * The dict keys at slots from, from + 2, ... before `to` (the dict at `slot` had `before`
   * pairs): str or int only (their bytes are equal exactly when the keys are). A small dict's
   * first batch, most often its only one, is checked for a repeated key here, from the stack;
   * other keys are kept (keySpans, or rootKeys for the root) and checked when the dict closes.
   */
  addKeys(slot, from, to, before) {
    const stack = this.stack;
    const slotInfo = this.slotInfo;
    if (slot === 0) {
      const keys = this.rootKeys;
      const out = this.writer.out;
      for (let i = from; i < to; i += 2) keys.add(out, stack[i], stack[i + 1], keyKind(slotInfo[i] & KIND_BITS, this.otherKeyKinds));
      return;
    }
    if (before === 0 && to - from <= 2 * PAIRWISE_KEYS2) {
      this.checkFirstKeys(from, to);
      this.slotKeyBase[slot] = UNKEPT;
      return;
    }
    if (this.slotKeyBase[slot] === UNKEPT) this.keepKeysWritten(slot, before);
    let top = this.keyTop;
    if (top + 3 * (to - from >> 1) > this.keySpans.length) this.keySpans = grownInt322(this.keySpans, top + 3 * (to - from >> 1));
    const spans = this.keySpans;
    for (let i = from; i < to; i += 2) {
      spans[top] = stack[i];
      spans[top + 1] = stack[i + 1];
      spans[top + 2] = keyKind(slotInfo[i] & KIND_BITS, this.otherKeyKinds);
      top += 3;
    }
    this.keyTop = top;
  }
  /**
   * The keys at slots from, from + 2, ... before `to` are all different (else the value path's).
   * A 128-bit filter (keysMayRepeat) lets most batches through; when two keys share a bit (a
   * repeated key, or about one small dict in ten) every pair is compared.
   */
  checkFirstKeys(from, to) {
    const stack = this.stack;
    const slotInfo = this.slotInfo;
    const out = this.writer.out;
    for (let a = from; a < to; a += 2) keyKind(slotInfo[a] & KIND_BITS, this.otherKeyKinds);
    if (!keysMayRepeat(out, stack, from, to, 0)) return;
    for (let a = from; a < to; a += 2) {
      const aStart = stack[a];
      const aLength = stack[a + 1] - aStart;
      for (let b = a + 2; b < to; b += 2) {
        const bStart = stack[b];
        if (stack[b + 1] - bStart !== aLength) continue;
        let k = 0;
        while (k < aLength && out[aStart + k] === out[bStart + k]) k++;
        if (k === aLength && keyKind(slotInfo[a] & KIND_BITS, this.otherKeyKinds) === keyKind(slotInfo[b] & KIND_BITS, this.otherKeyKinds)) decline();
      }
    }
  }
  /**
   * A later batch into a dict whose first keys were checked and not kept: they are found again
   * in its output (its `count` pairs after the reserved head), and kept from now on. A key
   * written as a str counts as one (an int past 64 bits is written as its digits): two keys
   * that only look the same decline, which is safe.
   */
  keepKeysWritten(slot, count2) {
    const out = this.writer.out;
    const base = this.keyTop;
    if (base + 3 * count2 > this.keySpans.length) this.keySpans = grownInt322(this.keySpans, base + 3 * count2);
    const spans = this.keySpans;
    let p = this.stack[slot] + this.slotHeads[slot];
    for (let i = 0; i < count2; i++) {
      const end = skipMsgpack(out, p, 1);
      const head = out[p];
      spans[base + 3 * i] = p;
      spans[base + 3 * i + 1] = end;
      spans[base + 3 * i + 2] = head >= 160 && head < 192 || head >= 217 && head <= 219 ? KEY_STR : KEY_INT;
      p = skipMsgpack(out, end, 1);
    }
    this.slotKeyBase[slot] = base;
    this.keyTop = base + 3 * count2;
  }
  /**
   * The container at `slot` (ending at `end`) is complete: its keys are checked, its head
   * written (the bytes after it moved when the head needs more than its reserved byte), and its
   * memo entry becomes its output span.
   */
  close(slot, end, isOpenOnlyBelow) {
    const info = this.slotInfo[slot];
    const kind3 = info & KIND_BITS;
    const count2 = this.slotCounts[slot];
    const start = this.stack[slot];
    if (kind3 === K_DICT) {
      if (slot === 0) {
        if (this.rootKeys.hasRepeated(this.writer.out)) decline();
      } else {
        const base = this.slotKeyBase[slot];
        if (base !== UNKEPT) {
          const next = isOpenOnlyBelow ? this.keyTop : this.keysAbove(slot);
          if (count2 > 1 && this.hasRepeatedKey(base, next)) decline();
          if (isOpenOnlyBelow) this.keyTop = base;
          else this.dropKeys(slot, base, next);
        }
      }
    }
    const reserved = this.slotHeads[slot];
    const size2 = headSize(count2);
    if (size2 !== reserved) {
      this.moveTail(slot, start + reserved, size2 - reserved);
      end += size2 - reserved;
    }
    const out = this.writer.out;
    if (kind3 === K_DICT) writeMapHead(out, start, count2);
    else writeArrayHead(out, start, count2);
    this.slotInfo[slot] = info & ~OPEN_SLOT;
    const memo = this.slotMemo[slot];
    if (memo >= 0) {
      this.memoInfo[memo] = info & ~OPEN_SLOT | SPAN_MEMO;
      this.memoStart[memo] = start;
      this.memoEnd[memo] = end;
    }
  }
  /** Where the keys kept for the open dicts above `slot` start (keySpans is in stack order). */
  keysAbove(slot) {
    for (let i = slot + 1; i < this.sp; i++) {
      if ((this.slotInfo[i] & (KIND_BITS | OPEN_SLOT)) === (K_DICT | OPEN_SLOT) && this.slotKeyBase[i] !== UNKEPT) return this.slotKeyBase[i];
    }
    return this.keyTop;
  }
  /** Removes keySpans[base, next) (a dict closed below others that keep keys). */
  dropKeys(slot, base, next) {
    const length = next - base;
    this.keySpans.copyWithin(base, next, this.keyTop);
    this.keyTop -= length;
    for (let i = slot + 1; i < this.sp; i++) {
      if ((this.slotInfo[i] & (KIND_BITS | OPEN_SLOT)) === (K_DICT | OPEN_SLOT) && this.slotKeyBase[i] !== UNKEPT) this.slotKeyBase[i] = this.slotKeyBase[i] - length;
    }
  }
  /** The root passes 15 items: its head gets its largest size while what follows is small. */
  growRootHead() {
    const writer = this.writer;
    const rest = this.inputSizeHint - this.recordOffset;
    if (rest > PRESIZE_MIN_INPUT2) {
      writer.room(Math.min(Math.ceil(rest * OUTPUT_PER_INPUT_BYTE), PRESIZE_MAX2 - writer.pos));
      const entries = Math.ceil(rest / MEMO_INPUT_BYTES);
      if (entries > this.memoInfo.length) this.growMemoTo(entries);
      if ((this.slotInfo[0] & KIND_BITS) === K_DICT) this.rootKeys.reserve(Math.ceil(rest / ROOT_ENTRY_INPUT_BYTES));
    }
    const pivot = this.stack[0] + 1;
    this.moveTail(0, pivot, 4);
    this.rootKeys.shiftFrom(pivot, 4);
    this.slotHeads[0] = 5;
  }
  /**
   * Moves the output from `pivot` on by `delta` bytes (a head grows or shrinks), and every
   * position that points there: stack slots above `slot`, kept keys, and memo entries. The entries that
   * point at or past `pivot` are the last ones set: a value's bytes follow those of every value
   * memoized before it began (CPython sets indices in order, and so must a pickle here).
   */
  moveTail(slot, pivot, delta) {
    const writer = this.writer;
    const end = writer.pos;
    const out = writer.room(Math.max(delta, 0));
    out.copyWithin(pivot + delta, pivot, end);
    writer.pos = end + delta;
    const stack = this.stack;
    for (let i = slot + 1; i < this.sp; i++) if (stack[i] >= pivot) stack[i] = stack[i] + delta;
    const spans = this.keySpans;
    for (let k = 0; k < this.keyTop; k += 3) {
      if (spans[k] >= pivot) {
        spans[k] = spans[k] + delta;
        spans[k + 1] = spans[k + 1] + delta;
      }
    }
    this.shiftMemo(pivot, delta, SPAN_MEMO);
  }
  /** True when two of the keys in keySpans[base, top) are the same key. */
  hasRepeatedKey(base, top) {
    return hasRepeatedKeySpan(this.writer.out, this.keySpans, base, top, this.bigKeys);
  }
  // ---- the memo
  memoize(index) {
    this.claimMemo(index);
    const top = this.sp - 1;
    const info = this.slotInfo[top];
    this.memoStart[index] = this.stack[top];
    if ((info & OPEN_SLOT) !== 0) {
      if (this.slotMemo[top] >= 0) decline();
      this.slotMemo[top] = index;
      this.memoInfo[index] = info & KIND_BITS | OPEN_MEMO;
      this.memoEnd[index] = top;
    } else {
      this.memoEnd[index] = this.writer.pos;
      this.memoInfo[index] = info | SPAN_MEMO;
    }
    this.closeMemoClaim(index);
  }
  /**
   * A memoized value again: its bytes copied. A container still open on the stack is closed
   * first (its head written as it is now): it may not grow after, so a container inside itself,
   * or one changed after it was copied, declines when it would grow.
   */
  recall(index) {
    let info = this.memoInfoAt(index);
    if ((info & SPAN_MEMO) === 0) {
      if ((info & OPEN_MEMO) === 0) decline();
      const slot = this.memoEnd[index];
      this.close(slot, slot + 1 < this.sp ? this.stack[slot + 1] : this.writer.pos, false);
      info = this.memoInfo[index];
    }
    const from = this.memoStart[index];
    const length = this.memoEnd[index] - from;
    const writer = this.writer;
    const start = writer.pos;
    if (start + length > this.outputLimit) this.checkBudget(length);
    this.copyOutput(this.outputView(length), from, start, length);
    writer.pos = start + length;
    this.pushSlot(start, info & SLOT_BITS);
  }
};
function skipMsgpack(out, p, count2) {
  let remaining = count2;
  while (remaining > 0) {
    remaining--;
    const b = out[p];
    if (b < 128 || b >= 224) p += 1;
    else if (b < 144) {
      remaining += 2 * (b & 15);
      p += 1;
    } else if (b < 160) {
      remaining += b & 15;
      p += 1;
    } else if (b < 192) p += 1 + (b & 31);
    else {
      switch (b) {
        case 192:
        case 194:
        case 195:
          p += 1;
          break;
        case 196:
        case 217:
          p += 2 + out[p + 1];
          break;
        case 197:
        case 218:
          p += 3 + readUint16(out, p + 1);
          break;
        case 198:
        case 219:
          p += 5 + readUint32(out, p + 1);
          break;
        case 204:
        case 208:
          p += 2;
          break;
        case 205:
        case 209:
          p += 3;
          break;
        case 202:
        case 206:
        case 210:
          p += 5;
          break;
        case 203:
        case 207:
        case 211:
          p += 9;
          break;
        case 220:
          remaining += readUint16(out, p + 1);
          p += 3;
          break;
        case 221:
          remaining += readUint32(out, p + 1);
          p += 5;
          break;
        case 222:
          remaining += 2 * readUint16(out, p + 1);
          p += 3;
          break;
        case 223:
          remaining += 2 * readUint32(out, p + 1);
          p += 5;
          break;
        default:
          decline();
      }
    }
  }
  return p;
}
function readUint16(out, p) {
  return out[p] << 8 | out[p + 1];
}
function readUint32(out, p) {
  return (out[p] << 24 | out[p + 1] << 16 | out[p + 2] << 8 | out[p + 3]) >>> 0;
}
function headSize(count2) {
  return count2 < 16 ? 1 : count2 < 65536 ? 3 : 5;
}
function keyKind(kind3, otherKinds) {
  if (kind3 === K_STR) return KEY_STR;
  if (kind3 === K_INT || kind3 === K_LONG) return KEY_INT;
  if ((otherKinds >>> kind3 & 1) !== 0) return KEY_INT;
  return decline();
}
function isAscii(bytes, start, end) {
  let i = start;
  for (; i + 8 <= end; i += 8) {
    if (((bytes[i] | bytes[i + 1] | bytes[i + 2] | bytes[i + 3] | bytes[i + 4] | bytes[i + 5] | bytes[i + 6] | bytes[i + 7]) & 128) !== 0) return false;
  }
  let high = 0;
  for (; i < end; i++) high |= bytes[i];
  return high < 128;
}

// ../core/src/engine/msgpack-tape-writer.ts
var ROOT_HEAD_BYTES = 5;
var KEY_STR2 = 1;
var KEY_INT2 = 2;
var MsgpackTapeWriter = class extends TapeOutput {
  /** Where the streamed root's header room starts. */
  rootHeadAt = 0;
  /** msgpack of plain data is about 1.35x its pickle (see TapeOutput.outputPerInputByte). */
  outputPerInputByte = 1.4;
  /** Records are written in one pass from the opcodes (msgpack-direct-driver.ts); entries mode keeps the tape. */
  createDriver(maxBytesLength, isEntries) {
    return isEntries ? super.createDriver(maxBytesLength, isEntries) : new MsgpackDirectDriver(this, maxBytesLength, this.fixedBudget);
  }
  openRoot() {
    this.reserve(ROOT_HEAD_BYTES);
    this.rootHeadAt = this.pos;
    this.pos += ROOT_HEAD_BYTES;
  }
  /** The header now that the count is known; the entries move back when it is shorter. */
  closeRoot(isDict, count2) {
    const head = new Uint8Array(ROOT_HEAD_BYTES);
    const length = isDict ? writeMapHead(head, 0, count2) : writeArrayHead(head, 0, count2);
    const at = this.rootHeadAt;
    if (length < ROOT_HEAD_BYTES) {
      this.out.copyWithin(at + length, at + ROOT_HEAD_BYTES, this.pos);
      this.pos -= ROOT_HEAD_BYTES - length;
    }
    this.out.set(head.subarray(0, length), at);
  }
  entrySeparator() {
  }
  keySeparator() {
  }
  /** A fixarray of 2: the key (as a value, keeping its type), then the value. */
  openPair() {
    this.byte(146);
  }
  pairSeparator() {
  }
  closePair() {
  }
  write(tape, driver, id, depth) {
    if (id < 0) {
      this.copy(driver.memoSpanStart(id), driver.memoSpanEnd(id));
      return;
    }
    const start = this.pos;
    const kind3 = tape.kinds[id];
    switch (kind3) {
      case K_NONE:
        this.byte(192);
        return;
      case K_TRUE:
        this.byte(195);
        return;
      case K_FALSE:
        this.byte(194);
        return;
      case K_INT:
        this.reserve(5);
        this.pos = writeInt32(this.out, start, tape.nodeA[id]);
        break;
      case K_LONG: {
        const length = tape.nodeB[id];
        this.reserve(long1Room(length));
        this.pos = writeLong1(this.out, start, this.input, tape.nodeA[id], length);
        break;
      }
      case K_FLOAT:
        this.reserve(9);
        this.pos = writeFloat64(this.out, start, this.input, tape.nodeA[id]);
        break;
      case K_STR:
      case K_BYTES: {
        const at = tape.nodeA[id];
        const length = tape.nodeB[id];
        this.reserve(length + 5);
        const out = this.out;
        let p = kind3 === K_STR ? writeStrHead(out, start, length) : writeBinHead(out, start, length);
        if (length < 32) {
          const input = this.input;
          let high = 0;
          for (let i = 0; i < length; i++) {
            const byte = input[at + i];
            high |= byte;
            out[p++] = byte;
          }
          if (high >= 128 && kind3 === K_STR && !isWellFormedUtf8(input, at, at + length)) decline();
        } else {
          if (kind3 === K_STR) this.checkUtf8(at, at + length);
          out.set(this.input.subarray(at, at + length), p);
          p += length;
        }
        this.pos = p;
        break;
      }
      case K_COPY:
        this.copy(tape.nodeA[id], tape.nodeB[id]);
        return;
      case K_LIST:
      case K_TUPLE:
      case K_DICT:
        this.openContainer(tape, id, depth);
        if (kind3 === K_DICT) this.dict(tape, driver, id, depth);
        else this.array(tape, driver, id, depth);
        tape.flags[id] = tape.flags[id] & ~OPEN;
        break;
      default:
        decline();
    }
    if (this.isStreaming && (tape.flags[id] & MEMOIZED) !== 0 && id >= FIRST_DYNAMIC) this.remember(tape, id, kind3, start);
  }
  array(tape, driver, id, depth) {
    this.reserve(5);
    this.pos = writeArrayHead(this.out, this.pos, tape.counts[id]);
    const children = tape.children;
    for (let run = tape.firstRun[id]; run >= 0; run = tape.runNext[run]) {
      const first = tape.runStart[run];
      const last = first + tape.runCount[run];
      for (let i = first; i < last; i++) this.write(tape, driver, children[i], depth + 1);
    }
  }
  dict(tape, driver, id, depth) {
    const count2 = tape.counts[id] >>> 1;
    this.reserve(5);
    this.pos = writeMapHead(this.out, this.pos, count2);
    const children = tape.children;
    const spanBase = this.keySpanTop;
    for (let run = tape.firstRun[id]; run >= 0; run = tape.runNext[run]) {
      const first = tape.runStart[run];
      const last = first + tape.runCount[run];
      for (let i = first; i < last; i += 2) {
        const keyStart = this.pos;
        const keyKind2 = this.writeKey(tape, driver, children[i]);
        this.pushKeySpan(keyStart, this.pos, keyKind2);
        this.write(tape, driver, children[i + 1], depth + 1);
      }
    }
    if (count2 > 1 && this.hasRepeatedKey(spanBase, count2)) decline();
    this.keySpanTop = spanBase;
  }
  /** A str is copied as it is only when well-formed UTF-8 (a lone surrogate is the value path's to write). */
  checkUtf8(start, end) {
    const input = this.input;
    let high = 0;
    for (let i = start; i < end && high < 128; i++) high |= input[i];
    if (high >= 128 && !isWellFormedUtf8(input, start, end)) decline();
  }
  /** str and int keys only: their msgpack bytes are equal exactly when the keys are. */
  writeKey(tape, driver, id) {
    const kind3 = id < 0 ? driver.memoOrigin(id) : tape.kinds[id] === K_COPY ? tape.origins[id] : tape.kinds[id];
    if (kind3 === K_STR) {
      this.write(tape, driver, id, 0);
      return KEY_STR2;
    }
    if (kind3 === K_INT || kind3 === K_LONG) {
      this.write(tape, driver, id, 0);
      return KEY_INT2;
    }
    return decline();
  }
};

// ../stream/src/merge/msgpack-walk.ts
var MsgpackShapeError = class extends Error {
  name = "MsgpackShapeError";
};
function skipValue(bytes, offset) {
  let pending = 1;
  while (pending > 0) {
    pending--;
    if (offset >= bytes.length) throw new MsgpackShapeError(`msgpack value cut short at offset ${offset}`);
    const head = bytes[offset];
    if (head <= 127 || head >= 224) offset += 1;
    else if (head <= 143) {
      pending += 2 * (head & 15);
      offset += 1;
    } else if (head <= 159) {
      pending += head & 15;
      offset += 1;
    } else if (head <= 191) offset += 1 + (head & 31);
    else {
      offset = skipTagged(bytes, offset, head);
      pending += taggedCount;
      taggedCount = 0;
    }
  }
  if (offset > bytes.length) throw new MsgpackShapeError(`msgpack value runs past the end (${offset} > ${bytes.length})`);
  return offset;
}
var taggedCount = 0;
function skipTagged(bytes, offset, head) {
  switch (head) {
    case 192:
    // nil
    case 194:
    // false
    case 195:
      return offset + 1;
    case 204:
    // uint8
    case 208:
      return offset + 2;
    case 205:
    case 209:
      return offset + 3;
    case 202:
    // float32
    case 206:
    case 210:
      return offset + 5;
    case 203:
    // float64
    case 207:
    case 211:
      return offset + 9;
    case 212:
      return offset + 3;
    case 213:
      return offset + 4;
    case 214:
      return offset + 6;
    case 215:
      return offset + 10;
    case 216:
      return offset + 18;
    case 196:
    // bin8, str8
    case 217:
      return offset + 2 + readUint(bytes, offset + 1, 1);
    case 197:
    case 218:
      return offset + 3 + readUint(bytes, offset + 1, 2);
    case 198:
    case 219:
      return offset + 5 + readUint(bytes, offset + 1, 4);
    case 199:
      return offset + 3 + readUint(bytes, offset + 1, 1);
    case 200:
      return offset + 4 + readUint(bytes, offset + 1, 2);
    case 201:
      return offset + 6 + readUint(bytes, offset + 1, 4);
    case 220:
      taggedCount = readUint(bytes, offset + 1, 2);
      return offset + 3;
    case 221:
      taggedCount = readUint(bytes, offset + 1, 4);
      return offset + 5;
    case 222:
      taggedCount = 2 * readUint(bytes, offset + 1, 2);
      return offset + 3;
    case 223:
      taggedCount = 2 * readUint(bytes, offset + 1, 4);
      return offset + 5;
    default:
      throw new MsgpackShapeError(`byte 0x${head.toString(16)} at offset ${offset} starts no msgpack value`);
  }
}
function readMapHeader(bytes, offset) {
  const head = bytes[offset];
  if (head === void 0) return null;
  if (head >= 128 && head <= 143) return { count: head & 15, offset: offset + 1 };
  if (head === 222 && offset + 3 <= bytes.length) return { count: readUint(bytes, offset + 1, 2), offset: offset + 3 };
  if (head === 223 && offset + 5 <= bytes.length) return { count: readUint(bytes, offset + 1, 4), offset: offset + 5 };
  return null;
}
function isStrAt(bytes, offset) {
  const head = bytes[offset];
  return head >= 160 && head <= 191 || head === 217 || head === 218 || head === 219;
}
function readUint(bytes, offset, size2) {
  if (offset + size2 > bytes.length) throw new MsgpackShapeError(`msgpack length cut short at offset ${offset}`);
  if (size2 === 1) return bytes[offset];
  if (size2 === 2) return bytes[offset] << 8 | bytes[offset + 1];
  return bytes[offset] * 16777216 + (bytes[offset + 1] << 16 | bytes[offset + 2] << 8 | bytes[offset + 3]);
}

// ../stream/src/merge/shard-encoder.ts
import { Packr } from "msgpackr";

// ../stream/src/writers/float64.ts
import { addExtension } from "msgpackr";
var FLOAT64_EXTENSION_TYPE = 63;
var isRegistered = false;
function registerFloat64() {
  if (isRegistered) return;
  isRegistered = true;
  const extension = {
    Class: PyFloat,
    type: FLOAT64_EXTENSION_TYPE,
    pack(value, allocateForWrite) {
      const { target, targetView, position } = allocateForWrite(9);
      target[position] = 203;
      targetView.setFloat64(position + 1, value.value);
      return void 0;
    },
    unpack(data) {
      return new DataView(data.buffer, data.byteOffset, data.byteLength).getFloat64(0);
    }
  };
  addExtension(extension);
}

// ../stream/src/writers/msgpack-plain.ts
var ARRAY2 = 0;
var DICT3 = 1;
var MAP2 = 2;
var SET2 = 3;
var INT64_MIN2 = -(2n ** 63n);
var UINT64_MAX = 2n ** 64n - 1n;
var MAX_PLAIN_HOPS2 = 8;
var OPEN2 = /* @__PURE__ */ Symbol("open");
var PlainFrame = class {
  constructor(kind3, identity, container, out, length) {
    this.kind = kind3;
    this.identity = identity;
    this.container = container;
    this.out = out;
    this.length = length;
  }
  kind;
  identity;
  container;
  out;
  length;
  /** Children taken so far (MAP: keys and values both count). */
  index = 0;
  /** Bytes of the children delivered so far (a lower bound: strings counted one byte per UTF-16 unit). */
  minBytes = 0;
  items = null;
  dict = null;
  keys = null;
  members = null;
  entries = null;
  /** MAP: the entry being converted (source key and value) and its converted key. */
  sourceKey = null;
  sourceValue = null;
  pendingKey = null;
  /** PyObjectValues whose `toPlain()` gave this container, or null. */
  aliases = null;
  /** Records the finished container under itself and its aliases. */
  remember(converted, done) {
    converted.set(this.container, done);
    if (this.aliases !== null) for (const alias of this.aliases) converted.set(alias, done);
  }
  /** Children to convert: MAP converts each key and each value. */
  get childCount() {
    return this.kind === MAP2 ? this.length * 2 : this.length;
  }
};
function toMsgpackPlain(root, limits) {
  return toSizedMsgpackPlain(root, limits).value;
}
function toSizedMsgpackPlain(root, limits) {
  const converted = /* @__PURE__ */ new Map();
  const frames = [];
  let value = root;
  for (; ; ) {
    let result = null;
    let minBytes = 0;
    let aliases = null;
    let isOpened = false;
    for (let hops = 0; ; hops++) {
      if (value === null) {
        minBytes = 1;
      } else if (typeof value === "boolean") {
        result = value;
        minBytes = 1;
      } else if (typeof value === "number") {
        result = plainNumber(value);
        minBytes = typeof result === "number" && (result | 0) === result ? 1 : 9;
      } else if (typeof value === "bigint") {
        result = value >= INT64_MIN2 && value <= UINT64_MAX ? value : value.toString();
        minBytes = typeof result === "bigint" ? 9 : stringBytes(result);
      } else if (typeof value === "string") {
        result = value;
        minBytes = stringBytes(value);
      } else if (typeof value !== "object") {
        throw badType(value, frames, limits);
      } else if (value instanceof PyFloat) {
        result = new PyFloat(value.value);
        minBytes = 9;
      } else if (value instanceof Uint8Array) {
        result = value;
        minBytes = binHeaderBytes(value.length) + value.length;
      } else {
        const known = converted.get(value);
        if (known === OPEN2) throw cycleError(value, frames, limits);
        if (known !== void 0) {
          result = known.value;
          minBytes = known.minBytes;
        } else if (isContainer(value)) {
          const frame = openFrame(value, aliases === null ? value : aliases[0], frames, limits);
          frame.aliases = aliases;
          frames.push(frame);
          converted.set(value, OPEN2);
          isOpened = true;
        } else if (isPyObject(value) && hops < MAX_PLAIN_HOPS2) {
          (aliases ??= []).push(value);
          converted.set(value, OPEN2);
          value = value.toPlain();
          continue;
        } else {
          throw badType(value, frames, limits);
        }
      }
      break;
    }
    if (aliases !== null && !isOpened) for (const alias of aliases) converted.set(alias, { value: result, minBytes });
    if (isOpened && frames[frames.length - 1].childCount > 0) {
      value = nextChild(frames[frames.length - 1]);
      continue;
    }
    if (isOpened) {
      const frame = frames.pop();
      result = frame.out;
      minBytes = containerHeaderBytes(frame.length);
      frame.remember(converted, { value: result, minBytes });
    }
    for (; ; ) {
      const parent = frames[frames.length - 1];
      if (parent === void 0) {
        if (minBytes > limits.maxOutputBytes) throw overBudget(minBytes, frames, limits);
        return { value: result, minBytes };
      }
      deliver(parent, result, minBytes, limits, frames);
      if (parent.index < parent.childCount) break;
      frames.pop();
      result = parent.out;
      minBytes = parent.minBytes + containerHeaderBytes(parent.length);
      parent.remember(converted, { value: result, minBytes });
    }
    value = nextChild(frames[frames.length - 1]);
  }
}
function isContainer(value) {
  if (Array.isArray(value) || value instanceof Map || value instanceof Set) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === DICT_PROTOTYPE || (proto === Object.prototype || proto === null) && !isPyObject(value);
}
function plainNumber(value) {
  if ((value | 0) === value) return value === 0 && 1 / value < 0 ? new PyFloat(-0) : value;
  if (!Number.isInteger(value)) return value;
  if (value >= 0 && value <= 4294967295) return value;
  const big = BigInt(value);
  return big >= INT64_MIN2 && big <= UINT64_MAX ? big : big.toString();
}
function stringBytes(text2) {
  const length = text2.length;
  return (length < 32 ? 1 : length < 256 ? 2 : length < 65536 ? 3 : 5) + length;
}
function binHeaderBytes(length) {
  return length < 256 ? 2 : length < 65536 ? 3 : 5;
}
function containerHeaderBytes(length) {
  return length < 16 ? 1 : length < 65536 ? 3 : 5;
}
function openFrame(value, identity, frames, limits) {
  if (frames.length >= limits.maxDepth) {
    const path = pathOf2(frames);
    throw new OutputError(
      `nesting deeper than maxDepth (${limits.maxDepth}) at ${path}: msgpackr encodes recursively, so deeper values could overflow the stack. Raise the maxDepth option (about 1,000 is safe), or write JSON, which has no depth limit`,
      { code: "LIMIT_EXCEEDED", recordIndex: limits.recordIndex, path, limit: "maxDepth" }
    );
  }
  if (Array.isArray(value)) {
    const frame2 = new PlainFrame(ARRAY2, identity, value, [], value.length);
    frame2.items = value;
    return frame2;
  }
  if (value instanceof Map) {
    const frame2 = new PlainFrame(MAP2, identity, value, /* @__PURE__ */ new Map(), value.size);
    frame2.entries = value.entries();
    return frame2;
  }
  if (value instanceof Set) {
    const frame2 = new PlainFrame(SET2, identity, value, [], value.size);
    frame2.members = value.values();
    return frame2;
  }
  const keys = Object.keys(value);
  const frame = new PlainFrame(DICT3, identity, value, /* @__PURE__ */ new Map(), keys.length);
  frame.dict = value;
  frame.keys = keys;
  return frame;
}
function nextChild(frame) {
  const index = frame.index;
  switch (frame.kind) {
    case ARRAY2:
      return frame.items[index];
    case DICT3:
      return frame.dict[frame.keys[index]];
    case SET2:
      return frame.members.next().value;
    default: {
      if (index % 2 === 1) return frame.sourceValue;
      const [key, value] = frame.entries.next().value;
      frame.sourceKey = key;
      frame.sourceValue = value;
      return key;
    }
  }
}
function deliver(frame, result, minBytes, limits, frames) {
  const index = frame.index++;
  frame.minBytes += minBytes;
  switch (frame.kind) {
    case ARRAY2:
    case SET2:
      frame.out.push(result);
      break;
    case DICT3: {
      const key = frame.keys[index];
      frame.out.set(key, result);
      frame.minBytes += stringBytes(key);
      break;
    }
    default: {
      const out = frame.out;
      if (index % 2 === 0) {
        if (out.has(result)) throw keyCollision(frame, frames, limits);
        frame.pendingKey = result;
      } else {
        out.set(frame.pendingKey, result);
        frame.sourceValue = null;
      }
    }
  }
  if (frame.minBytes > limits.maxOutputBytes) throw overBudget(frame.minBytes, frames, limits);
}
function pathOf2(frames) {
  const steps = [];
  for (const frame of frames) {
    const child = frame.index;
    if (frame.kind === DICT3) steps.push({ key: frame.keys[child] ?? "" });
    else if (frame.kind === MAP2) steps.push({ key: `${scalarKeyText(frame.sourceKey) ?? "<key>"}${child % 2 === 0 ? " (key)" : ""}` });
    else steps.push({ index: child });
  }
  return formatPath("$", steps);
}
function cycleError(identity, frames, limits) {
  const first = frames.findIndex(
    (frame) => frame.identity === identity || frame.container === identity || (frame.aliases?.includes(identity) ?? false)
  );
  const again = pathOf2(frames);
  const where = first < 0 ? "a container" : `the ${describeContainer(frames[first].identity)} at ${pathOf2(frames.slice(0, first))}`;
  return new OutputError(`cycle: ${where} contains itself at ${again}; msgpack cannot write a value that contains itself`, {
    code: "CYCLE",
    recordIndex: limits.recordIndex,
    path: again
  });
}
function overBudget(minBytes, frames, limits) {
  const path = pathOf2(frames);
  return new OutputError(
    `output passed maxOutputBytes (${limits.maxOutputBytes} bytes; at least ${minBytes} needed, at ${path}). A small pickle whose shared objects expand without end (a memo bomb) stops here; if this record really is that large, raise the maxOutputBytes option`,
    { code: "LIMIT_EXCEEDED", recordIndex: limits.recordIndex, path, limit: "maxOutputBytes" }
  );
}
function keyCollision(frame, frames, limits) {
  const path = pathOf2(frames);
  return new OutputError(
    `two keys of the dict at ${path} are the same once converted (an int beyond 64 bits becomes its decimal string, here ${scalarKeyText(frame.sourceKey) ?? "a key"}); msgpack output would lose one`,
    { code: "BAD_TYPE", recordIndex: limits.recordIndex, path }
  );
}
function badType(value, frames, limits) {
  return badTypeError(value, pathOf2(frames), limits.recordIndex);
}

// ../stream/src/merge/direct-pack.ts
var MAX_DIRECT_DEPTH = 64;
function isDirectlyPackable(value, depth = 0) {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return (value | 0) === value ? !Object.is(value, -0) : !Number.isInteger(value);
    case "object":
      break;
    default:
      return false;
  }
  if (value === null || value instanceof PyFloat) return true;
  if (depth >= MAX_DIRECT_DEPTH) return false;
  if (value instanceof Map) {
    for (const [key, item] of value) if (!isDirectlyPackable(key, depth + 1) || !isDirectlyPackable(item, depth + 1)) return false;
    return true;
  }
  if (Array.isArray(value)) {
    for (const item of value) if (!isDirectlyPackable(item, depth + 1)) return false;
    return true;
  }
  return value instanceof Uint8Array && !(value instanceof PyByteArray) && value.constructor === Uint8Array;
}

// ../stream/src/merge/key-identity.ts
var BIG_INT_TAG = "\0int";
var FROZENSET_TAG = "\0frozenset";
var OBJECT_TAG = "\0object";
function canonicalKey(key) {
  switch (typeof key) {
    case "string":
      return key;
    case "boolean":
      return key ? 1 : 0;
    case "number":
      return Object.is(key, -0) ? 0 : key;
    case "bigint":
      return Number.isSafeInteger(Number(key)) && BigInt(Number(key)) === key ? Number(key) : [BIG_INT_TAG, key.toString()];
    default:
      break;
  }
  if (key === null) return null;
  if (key instanceof PyFloat) return key.value;
  if (key instanceof Uint8Array) return key;
  if (Array.isArray(key)) {
    const items = key.map(canonicalKey);
    return isTuple(key) ? items : [FROZENSET_TAG, ...sortedMembers(items)];
  }
  if (key instanceof Set) return [FROZENSET_TAG, ...sortedMembers([...key].map(canonicalKey))];
  if (isPyObject(key)) return [OBJECT_TAG, key.pyClass, canonicalKey(key.toPlain())];
  return [OBJECT_TAG, String(key)];
}
function sortedMembers(items) {
  const texts = items.map((item) => JSON.stringify(item, (_k, v) => v instanceof Uint8Array ? Array.from(v) : v));
  return items.map((item, i) => [texts[i], item]).sort((a, b) => a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0).map((pair) => pair[1]);
}

// ../stream/src/merge/segment.ts
var ENTRY_FIELDS = 6;
var MAX_SEGMENT_BYTES = 4294967295;
var MAX_INITIAL_ROWS = (1 << 30) / (4 * ENTRY_FIELDS);
var SegmentBuilder = class {
  bytes;
  byteLength = 0;
  table;
  entryCount = 0;
  isRecordStart = false;
  encoder = new TextEncoder();
  /**
   * `initialBytes` and `initialRows`: size estimates, when the caller has them (growth is by
   * doubling, each a copy). Room past what is written is never touched, so it costs address
   * space, not memory: a generous guess is cheap, a short one copies.
   */
  constructor(initialBytes = 1 << 16, initialRows = 1024) {
    this.bytes = new Uint8Array(Math.min(MAX_SEGMENT_BYTES, initialBytes));
    this.table = new Uint32Array(ENTRY_FIELDS * Math.max(16, Math.min(MAX_INITIAL_ROWS, initialRows)));
  }
  /** Marks the next row as a record's first (the tree applies a record's repeated keys as Python's dict does). */
  beginRecord() {
    this.isRecordStart = true;
  }
  /** Current end of the bytes: where the next append starts. */
  get offset() {
    return this.byteLength;
  }
  /** Appends `chunk`, returning its start offset. */
  append(chunk) {
    const start = this.byteLength;
    this.reserve(chunk.length);
    this.bytes.set(chunk, start);
    this.byteLength += chunk.length;
    return start;
  }
  /** Appends `text` as UTF-8, returning its start offset. */
  appendText(text2) {
    const start = this.byteLength;
    this.reserve(text2.length * 3);
    const { written } = this.encoder.encodeInto(text2, this.bytes.subarray(start));
    this.byteLength += written;
    return start;
  }
  /**
   * Room for `extra` more bytes at `offset`: returns the backing array to write into directly
   * (valid until the next call that may grow it); `commit` then moves the end. For writers
   * that emit many tiny pieces (the transcoder), where `append` per piece would cost a view each.
   */
  ensure(extra) {
    this.reserve(extra);
    return this.bytes;
  }
  /** Sets the end of the bytes after writing through `ensure`'s array (never past its room). */
  commit(end) {
    this.byteLength = end;
  }
  /** The backing array as it is now (read-only use: copying earlier output). */
  get buffer() {
    return this.bytes;
  }
  /** The bytes appended from `start` on (a view, valid until the next append). */
  view(start) {
    return this.bytes.subarray(start, this.byteLength);
  }
  addEntry(depth, isNode, identityStart, identityEnd, keyStart, keyEnd, valueEnd) {
    if (this.table.length < (this.entryCount + 1) * ENTRY_FIELDS) {
      const grown = new Uint32Array(this.table.length * 2);
      grown.set(this.table);
      this.table = grown;
    }
    const row = this.entryCount++ * ENTRY_FIELDS;
    const table = this.table;
    table[row] = depth << 2 | (this.isRecordStart ? 2 : 0) | (isNode ? 1 : 0);
    this.isRecordStart = false;
    table[row + 1] = identityStart;
    table[row + 2] = identityEnd;
    table[row + 3] = keyStart;
    table[row + 4] = keyEnd;
    table[row + 5] = valueEnd;
  }
  /**
   * The finished segment, trimmed to size (what gets transferred); bytes that fill most of
   * their array are handed over as they are rather than copied. The table is handed over as it
   * is: the part past its rows was never written, so it takes address space but no memory
   * (copying a shard's 17 MB of rows cost a page fault per 4 KiB and the copy).
   */
  finish() {
    const isTight = this.byteLength >= this.bytes.length - (this.bytes.length >>> 3);
    return {
      bytes: isTight ? this.bytes.subarray(0, this.byteLength) : this.bytes.slice(0, this.byteLength),
      table: this.table.subarray(0, this.entryCount * ENTRY_FIELDS),
      entryCount: this.entryCount
    };
  }
  reserve(extra) {
    const needed = this.byteLength + extra;
    if (needed <= this.bytes.length) return;
    if (needed > MAX_SEGMENT_BYTES) {
      throw new RangeError(`one input file encodes to more than 4 GiB (${needed} bytes); split it before merging`);
    }
    const grown = new Uint8Array(Math.min(MAX_SEGMENT_BYTES, Math.max(needed, this.bytes.length * 2)));
    grown.set(this.bytes.subarray(0, this.byteLength));
    this.bytes = grown;
  }
};

// ../stream/src/merge/shard-encoder.ts
var MAX_DEPTH2 = 512;
var NotADictError = class extends Error {
  name = "NotADictError";
};
var ShardEncoder = class {
  constructor(settings) {
    this.settings = settings;
    registerFloat64();
    registerFloat64();
  }
  settings;
  builder = new SegmentBuilder();
  packr = new Packr({ useRecords: false, encodeUndefinedAsNil: false });
  /** Adds one record's entries; `describe` names the record in errors. */
  addRecord(record, recordIndex, describe2) {
    const dict = asDict(record);
    if (dict === null) throw new NotADictError(`${describe2()} is ${kindOf(record)}, not a dict: only dicts can be merged`);
    this.builder.beginRecord();
    this.addEntries(dict, 0, recordIndex);
  }
  /**
   * Adds the entries of a msgpack map already encoded (a previous merge's msgpack output), as
   * bytes: nothing is decoded but non-str keys. Deep merge walks nested maps the same way.
   * Returns the offset past the map.
   */
  addEncodedMap(bytes, start, unpackKey, depth = 0) {
    const header = readMapHeader(bytes, start);
    if (header === null) throw new NotADictError(`the msgpack value at offset ${start} is not a map: only dicts can be merged`);
    const builder = this.builder;
    if (depth === 0) builder.beginRecord();
    let offset = header.offset;
    for (let i = 0; i < header.count; i++) {
      const keyEnd = skipValue(bytes, offset);
      const isNode = this.settings.isDeep && readMapHeader(bytes, keyEnd) !== null;
      const valueEnd = isNode ? keyEnd : skipValue(bytes, keyEnd);
      const base = builder.offset - offset;
      builder.append(bytes.subarray(offset, valueEnd));
      if (isStrAt(bytes, offset)) {
        builder.addEntry(depth, isNode, base + offset, base + keyEnd, base + offset, base + keyEnd, base + valueEnd);
      } else {
        const identityStart = builder.append(this.packr.pack(canonicalKey(unpackKey(offset, keyEnd))));
        builder.addEntry(depth, isNode, identityStart, builder.offset, base + offset, base + keyEnd, base + valueEnd);
      }
      offset = isNode ? this.addEncodedMap(bytes, keyEnd, unpackKey, depth + 1) : valueEnd;
    }
    return offset;
  }
  finish() {
    return this.builder.finish();
  }
  /**
   * One row per entry (and, in deep mode, per nested dict), each value converted and packed on
   * its own. For msgpack a str key's bytes are its identity too.
   */
  addEntries(dict, depth, recordIndex) {
    const builder = this.builder;
    const isMsgpack = this.settings.format === "msgpack";
    for (const [key, value] of dict) {
      const isOwnIdentity = isMsgpack && typeof key === "string";
      const identityStart = isOwnIdentity ? -1 : builder.append(this.packr.pack(canonicalKey(key)));
      const keyStart = builder.offset;
      if (isMsgpack) builder.append(typeof key === "string" ? this.packr.pack(key) : this.packed(key, recordIndex));
      else builder.appendText(JSON.stringify(scalarKeyText(key) ?? toJson(key)));
      const keyEnd = builder.offset;
      const identity = isOwnIdentity ? keyStart : identityStart;
      const identityEnd = isOwnIdentity ? keyEnd : keyStart;
      const child = this.settings.isDeep ? asDict(value) : null;
      if (child !== null) {
        builder.addEntry(depth, true, identity, identityEnd, keyStart, keyEnd, keyEnd);
        this.addEntries(child, depth + 1, recordIndex);
        continue;
      }
      if (isMsgpack) builder.append(this.packed(value, recordIndex));
      else builder.appendText(toJson(value, { maxOutputBytes: this.settings.maxOutputBytes }));
      builder.addEntry(depth, false, identity, identityEnd, keyStart, keyEnd, builder.offset);
    }
  }
  packed(value, recordIndex) {
    if (isDirectlyPackable(value)) return this.packr.pack(value);
    return this.packr.pack(toMsgpackPlain(value, { maxDepth: MAX_DEPTH2, maxOutputBytes: this.settings.maxOutputBytes, recordIndex }));
  }
};
function asDict(value) {
  if (value instanceof Map) return value;
  if (isPyObject(value)) {
    const plain = value.toPlain();
    if (plain instanceof Map) return plain;
  }
  return null;
}
function kindOf(value) {
  if (value === null) return "None";
  if (Array.isArray(value)) return "a list or tuple";
  if (isPyObject(value)) return `a ${value.pyClass}`;
  if (value instanceof Uint8Array) return "bytes";
  if (value instanceof Set) return "a set";
  return `a ${typeof value}`;
}

// ../stream/src/merge/transcode/merge-rows-driver.ts
import { Packr as Packr2, Unpackr } from "msgpackr";
var INT64_MIN3 = -(2n ** 63n);
var UINT64_LIMIT2 = 2n ** 64n;
var MergeRowsDriver = class extends MsgpackDirectDriver {
  constructor(output, maxOutputBytes) {
    super(output, 2 ** 31 - 1, maxOutputBytes);
    this.output = output;
    this.maxOutputBytes = maxOutputBytes;
    this.otherKeyKinds = 1 << K_NONE | 1 << K_BYTES;
  }
  output;
  maxOutputBytes;
  packr = null;
  unpackr = null;
  /** The rows of the file being read. */
  rows = new SegmentBuilder(0, 16);
  /** Decline ints past 64 bits (JSON output: their msgpack str could not say it was an int). */
  declinesBigInts = false;
  /** Deep merge: a dict value is a node row, its entries rows one level down. */
  isDeep = false;
  /**
   * Starts on a file, read in place (no window copy): `run` reads up to `windowLength`, which
   * the caller moves on. A driver may read one file after another (its memo, grown to millions
   * of entries by a giant root, is then not grown again).
   */
  start(input, declinesBigInts, isDeep) {
    this.skipTo(0, 0);
    this.window = input;
    this.view = new DataView(input.buffer, input.byteOffset, input.byteLength);
    this.declinesBigInts = declinesBigInts;
    this.isDeep = isDeep;
    this.output.out = new Uint8Array(Math.ceil(input.length * 1.5) + 4096);
    this.output.pos = 0;
    this.rows = new SegmentBuilder(0, Math.ceil(input.length / (isDeep ? 8 : 32)));
  }
  /** The file's rows, with the output as their bytes (handed over uncopied when they fill most of their array). */
  finish() {
    const { table, entryCount } = this.rows.finish();
    const out = this.output.out;
    const length = this.output.pos;
    const isTight = length >= out.length - (out.length >>> 3);
    return { bytes: isTight ? out.subarray(0, length) : out.slice(0, length), table, entryCount };
  }
  /** Lets go of the file's input and output (the driver stays, for the next file). */
  release() {
    this.window = new Uint8Array(0);
    this.view = new DataView(this.window.buffer);
    this.output.out = new Uint8Array(0);
    this.output.pos = 0;
    this.rows = new SegmentBuilder(0, 16);
  }
  beginRecord(at) {
    if (this.window[at] !== 128) decline();
    super.beginRecord(at);
    this.rows.beginRecord();
  }
  /**
   * The root must still be open: recalled through the memo (inside itself, or a key or value of
   * its own), the driver closes it, and then it takes no entries and ends no record here.
   */
  finishRecord() {
    if (this.slotKind(0) !== K_DICT || !this.isOpenSlot(0)) decline();
    this.checkBudget(0, true);
    this.output.endDirectRecord();
    this.leaveRecord();
  }
  /** SETITEM(S) into the root: its new entries become rows; anything else is the driver's. */
  extend(slot, from, isDict) {
    if (slot !== 0) {
      super.extend(slot, from, isDict);
      return;
    }
    if (!isDict || this.slotKind(0) !== K_DICT || !this.isOpenSlot(0)) decline();
    const to = this.sp;
    if ((to - from & 1) === 1) decline();
    this.closeSlots(from, to);
    const stack = this.stack;
    const rows = this.rows;
    const end = this.output.pos;
    for (let i = from; i < to; i += 2) {
      const keyStart = stack[i];
      const keyEnd = stack[i + 1];
      const kind3 = this.slotKind(i);
      const isNode = this.isDeep && this.slotKind(i + 1) === K_DICT;
      const valueEnd = isNode ? keyEnd : i + 2 < to ? stack[i + 2] : end;
      if (kind3 === K_STR) {
        rows.addEntry(0, isNode, keyStart, keyEnd, keyStart, keyEnd, valueEnd);
      } else {
        if (kind3 === K_TUPLE || kind3 === K_LIST || kind3 === K_DICT || kind3 === K_LONG && isStrAt(this.output.out, keyStart)) decline();
        this.addKeyedRow(0, isNode, keyStart, keyEnd, valueEnd);
      }
      if (isNode) this.addChildRows(keyEnd, 1);
    }
    this.sp = from;
    this.checkBudget(0);
  }
  /**
   * Deep merge: the entries of the dict whose msgpack starts at `start`, as rows at `depth`
   * (dicts in it as nodes, their entries one level down), as ShardEncoder lays out a decoded
   * dict. Its keys are str, int, None or bytes (the driver declines others); an int past 64 bits
   * is written as its digits, so a str key that could be one declines (see isIntDigits).
   * Returns where the dict ends.
   */
  addChildRows(start, depth) {
    const header = readMapHeader(this.output.out, start);
    if (header === null) return decline();
    let offset = header.offset;
    for (let n = 0; n < header.count; n++) {
      const out = this.output.out;
      const keyEnd = skipValue(out, offset);
      const isNode = readMapHeader(out, keyEnd) !== null;
      const valueEnd = isNode ? keyEnd : skipValue(out, keyEnd);
      if (!isStrAt(out, offset)) this.addKeyedRow(depth, isNode, offset, keyEnd, valueEnd);
      else if (isIntDigits(out, offset, keyEnd)) decline();
      else this.rows.addEntry(depth, isNode, offset, keyEnd, offset, keyEnd, valueEnd);
      offset = isNode ? this.addChildRows(keyEnd, depth + 1) : valueEnd;
    }
    return offset;
  }
  /**
   * A row whose key is not a str: its identity (1, 1.0 and True are one key) is the msgpack of
   * its canonical key, written after the batch's values (nothing is open above the root then).
   */
  addKeyedRow(depth, isNode, keyStart, keyEnd, valueEnd) {
    const output = this.output;
    this.unpackr ??= new Unpackr({ useRecords: false, mapsAsObjects: false, int64AsType: "auto" });
    this.packr ??= new Packr2({ useRecords: false, encodeUndefinedAsNil: false });
    const key = this.unpackr.unpack(output.out.subarray(keyStart, keyEnd));
    const identityStart = output.pos;
    output.appendBytes(this.packr.pack(canonicalKey(key)));
    this.rows.addEntry(depth, isNode, identityStart, output.pos, keyStart, keyEnd, valueEnd);
  }
  /**
   * LIST from a MARK is written as a tuple is (both are msgpack arrays), closed: a later APPEND
   * to it declines. (DICT from a MARK stays the general path's.)
   */
  pushContainer(kind3, from) {
    super.pushContainer(kind3 === K_LIST ? K_TUPLE : kind3, from);
  }
  pushLong(at, length) {
    if (this.declinesBigInts && length > 8 && !fitsIn64Bits(this.window, at, length)) decline();
    super.pushLong(at, length);
  }
};
function isIntDigits(out, start, end) {
  const head = out[start];
  let p = head <= 191 ? start + 1 : head === 217 ? start + 2 : head === 218 ? start + 3 : start + 5;
  if (p < end && out[p] === 45) p++;
  if (end - p < 19) return false;
  for (; p < end; p++) if (out[p] < 48 || out[p] > 57) return false;
  return true;
}
function fitsIn64Bits(input, at, length) {
  let value = 0n;
  for (let i = length - 1; i >= 0; i--) value = value << 8n | BigInt(input[at + i]);
  if (input[at + length - 1] >= 128) value -= 1n << BigInt(8 * length);
  return value >= INT64_MIN3 && value < UINT64_LIMIT2;
}

// ../stream/src/merge/transcode/pickle-to-msgpack.ts
var NotTranscodable = class extends Error {
  constructor(reason, offset) {
    super(`${reason} at byte ${offset}`);
    this.reason = reason;
    this.offset = offset;
  }
  reason;
  offset;
  name = "NotTranscodable";
};
var PROGRESS_STEP = 8 * 1024 * 1024;
var spare;
function transcodeDictPickles(input, settings) {
  const { maxOutputBytes } = settings;
  const driver = spare?.maxOutputBytes === maxOutputBytes ? spare : new MergeRowsDriver(new MsgpackTapeWriter({ suffix: "" }, maxOutputBytes), maxOutputBytes);
  spare = void 0;
  let segment;
  try {
    driver.start(input, settings.declineBigInts === true, settings.isDeep === true);
    for (; ; ) {
      if (driver.run() === RECORD_DONE) continue;
      if (driver.windowLength === input.length) break;
      driver.windowLength = Math.min(input.length, driver.windowLength + PROGRESS_STEP);
      if (driver.pos > 0) settings.onProgress?.(driver.pos);
    }
    if (driver.isInRecord) decline();
    segment = driver.finish();
  } catch (error) {
    driver.release();
    if (error !== DECLINE) throw error;
    spare = driver;
    throw new NotTranscodable("a record the transcoder leaves to the general path", driver.recordOffset);
  }
  driver.release();
  spare = driver;
  return { segment, recordCount: driver.recordIndex };
}

// ../stream/src/merge/transcode/msgpack-to-json.ts
var ESCAPE = new Uint8Array(256);
for (let c = 0; c < 32; c++) ESCAPE[c] = 117;
ESCAPE[8] = 98;
ESCAPE[9] = 116;
ESCAPE[10] = 110;
ESCAPE[12] = 102;
ESCAPE[13] = 114;
ESCAPE[34] = 34;
ESCAPE[92] = 92;
var ESCAPE_EXTRA = new Uint8Array(256);
for (let c = 0; c < 256; c++) ESCAPE_EXTRA[c] = ESCAPE[c] === 0 ? 0 : ESCAPE[c] === 117 ? 5 : 1;
var HEX = new TextEncoder().encode("0123456789abcdef");
var BASE64 = new TextEncoder().encode("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
var QUOTE3 = 34;
var BACKSLASH = 92;
var COMMA3 = 44;
var COLON2 = 58;
var BULK_COPY_BYTES = 32;
function msgpackRowsToJson(segment, maxOutputBytes) {
  return new MsgpackToJson(segment, maxOutputBytes).run();
}
var MsgpackToJson = class {
  constructor(segment, maxOutputBytes) {
    this.segment = segment;
    this.maxOutputBytes = maxOutputBytes;
    this.src = segment.bytes;
    this.view = new DataView(this.src.buffer, this.src.byteOffset, this.src.byteLength);
    this.builder = new SegmentBuilder(Math.ceil(this.src.length * 1.5) + 4096, 16);
    this.out = this.builder.buffer;
  }
  segment;
  maxOutputBytes;
  src;
  view;
  builder;
  /** The builder's byte array and the write position in it (see `room`). */
  out;
  pos = 0;
  /**
   * Each row of the input's table is read, then rewritten in place with the JSON's offsets (its
   * flags stay): a shard's second table (121 MB for a deep merge's bench shard, a row per nested
   * entry) is never made. The input's table is then the output's, and no longer the input's.
   */
  run() {
    const { table, entryCount } = this.segment;
    for (let row = 0; row < entryCount; row++) {
      const at = row * ENTRY_FIELDS;
      const flags = table[at];
      const isNode = (flags & 1) === 1;
      const identityStart = this.pos;
      this.copy(table[at + 1], table[at + 2]);
      const keyStart = this.pos;
      const keyEnd = this.key(table[at + 3]);
      if (keyEnd !== table[at + 4]) throw this.shapeError(table[at + 3]);
      const jsonKeyEnd = this.pos;
      if (isNode) {
        if (table[at + 5] !== keyEnd) throw this.shapeError(keyEnd);
      } else {
        if (this.value(keyEnd) !== table[at + 5]) throw this.shapeError(keyEnd);
        if (this.pos - jsonKeyEnd > this.maxOutputBytes) throw new NotTranscodable("a value whose JSON passes maxOutputBytes", 0);
      }
      table[at + 1] = identityStart;
      table[at + 2] = keyStart;
      table[at + 3] = keyStart;
      table[at + 4] = jsonKeyEnd;
      table[at + 5] = this.pos;
    }
    this.builder.commit(this.pos);
    return { bytes: this.builder.finish().bytes, table, entryCount };
  }
  // ---- output
  room(extra) {
    if (this.pos + extra <= this.out.length) return;
    this.builder.commit(this.pos);
    this.out = this.builder.ensure(extra);
  }
  copy(start, end) {
    const length = end - start;
    this.room(length);
    if (length >= BULK_COPY_BYTES) {
      this.out.set(this.src.subarray(start, end), this.pos);
      this.pos += length;
      return;
    }
    const out = this.out;
    const src = this.src;
    let pos = this.pos;
    for (let i = start; i < end; i++) out[pos++] = src[i];
    this.pos = pos;
  }
  byte(code) {
    if (this.pos === this.out.length) this.room(1);
    this.out[this.pos++] = code;
  }
  ascii(text2) {
    const length = text2.length;
    this.room(length);
    const out = this.out;
    let pos = this.pos;
    for (let i = 0; i < length; i++) out[pos++] = text2.charCodeAt(i);
    this.pos = pos;
  }
  /** A non-negative integer below 2**32, in decimal. */
  digits(value) {
    this.room(10);
    const out = this.out;
    const pos = this.pos;
    if (value < 10) {
      out[pos] = 48 + value;
      this.pos = pos + 1;
      return;
    }
    let length = 2;
    for (let bound = 100; value >= bound && length < 10; bound *= 10) length++;
    let at = pos + length;
    this.pos = at;
    let rest = value;
    if (rest > 2147483647) {
      out[--at] = 48 + rest % 10;
      rest = Math.floor(rest / 10);
    }
    while (at > pos) {
      const tenth = rest / 10 | 0;
      out[--at] = 48 + rest - tenth * 10;
      rest = tenth;
    }
  }
  /** Up to 5 ASCII bytes given as codes (`null`, `true`, `false`): no string to read. */
  literal(a, b, c, d, e, length) {
    this.room(5);
    const out = this.out;
    const pos = this.pos;
    out[pos] = a;
    out[pos + 1] = b;
    out[pos + 2] = c;
    out[pos + 3] = d;
    out[pos + 4] = e;
    this.pos = pos + length;
  }
  /**
   * A float written as repr writes it from integer pieces (core/engine's writeShortFloat: most
   * floats in records, timestamps); false for the rest, which then take floatRepr.
   * bench/micro/short-float.bench.mjs: String() of such floats costs several times this.
   */
  shortFloat(value) {
    this.room(24);
    const end = writeShortFloat(this.out, this.pos, value);
    if (end < 0) return false;
    this.pos = end;
    return true;
  }
  int(value) {
    if (value < 0) {
      this.byte(45);
      this.digits(-value);
    } else {
      this.digits(value);
    }
  }
  // ---- values
  /** Writes the JSON of the msgpack value at `p`; returns the offset past it. */
  value(p) {
    const src = this.src;
    const head = src[p];
    if (head < 128) {
      this.digits(head);
      return p + 1;
    }
    if (head >= 224) {
      this.int(head - 256);
      return p + 1;
    }
    if (head < 144) return this.map(p + 1, head & 15);
    if (head < 160) return this.array(p + 1, head & 15);
    if (head < 192) return this.str(p + 1, head & 31);
    const view = this.view;
    switch (head) {
      case 192:
        this.literal(110, 117, 108, 108, 0, 4);
        return p + 1;
      case 194:
        this.literal(102, 97, 108, 115, 101, 5);
        return p + 1;
      case 195:
        this.literal(116, 114, 117, 101, 0, 4);
        return p + 1;
      case 196:
        return this.bin(p + 2, this.length(p, 1, src[p + 1]));
      case 197:
        return this.bin(p + 3, this.length(p, 2, view.getUint16(p + 1)));
      case 198:
        return this.bin(p + 5, this.length(p, 4, view.getUint32(p + 1)));
      case 203: {
        const value = view.getFloat64(p + 1);
        if (!this.shortFloat(value)) this.ascii(Number.isFinite(value) ? floatRepr(value) : "null");
        return p + 9;
      }
      case 204:
        this.digits(src[p + 1]);
        return p + 2;
      case 205:
        this.digits(view.getUint16(p + 1));
        return p + 3;
      case 206:
        this.digits(view.getUint32(p + 1));
        return p + 5;
      case 207:
        this.ascii(view.getBigUint64(p + 1).toString());
        return p + 9;
      case 208:
        this.int(view.getInt8(p + 1));
        return p + 2;
      case 209:
        this.int(view.getInt16(p + 1));
        return p + 3;
      case 210:
        this.int(view.getInt32(p + 1));
        return p + 5;
      case 211:
        this.ascii(view.getBigInt64(p + 1).toString());
        return p + 9;
      case 217:
        return this.str(p + 2, this.length(p, 1, src[p + 1]));
      case 218:
        return this.str(p + 3, this.length(p, 2, view.getUint16(p + 1)));
      case 219:
        return this.str(p + 5, this.length(p, 4, view.getUint32(p + 1)));
      case 220:
        return this.array(p + 3, view.getUint16(p + 1));
      case 221:
        return this.array(p + 5, view.getUint32(p + 1));
      case 222:
        return this.map(p + 3, view.getUint16(p + 1));
      case 223:
        return this.map(p + 5, view.getUint32(p + 1));
      default:
        throw this.shapeError(p);
    }
  }
  /**
   * A dict key's JSON text at `p`, as the mapping spells keys (`scalarKeyText`): str as is, an
   * int's digits, a float's repr, `true`/`false`/`null`; bytes as the JSON text of their base64
   * string. Returns the offset past the key.
   */
  key(p) {
    const head = this.src[p];
    if ((head & 224) === 160) return this.str(p + 1, head & 31);
    if (head === 217 || head === 218 || head === 219) return this.value(p);
    if (head === 203) {
      this.byte(QUOTE3);
      this.ascii(floatRepr(this.view.getFloat64(p + 1)));
      this.byte(QUOTE3);
      return p + 9;
    }
    if (head === 196 || head === 197 || head === 198) {
      this.byte(QUOTE3);
      this.byte(BACKSLASH);
      const end = this.value(p);
      this.out[this.pos - 1] = BACKSLASH;
      this.byte(QUOTE3);
      this.byte(QUOTE3);
      return end;
    }
    if (head < 128 || head >= 224 || head === 192 || head === 194 || head === 195 || head >= 204 && head <= 211) {
      this.byte(QUOTE3);
      const end = this.value(p);
      this.byte(QUOTE3);
      return end;
    }
    throw new NotTranscodable("a dict key of this kind", p);
  }
  array(p, count2) {
    this.byte(91);
    for (let i = 0; i < count2; i++) {
      if (i > 0) this.byte(COMMA3);
      p = this.value(p);
    }
    this.byte(93);
    return p;
  }
  map(p, count2) {
    this.byte(123);
    for (let i = 0; i < count2; i++) {
      if (i > 0) this.byte(COMMA3);
      p = this.key(p);
      this.byte(COLON2);
      p = this.value(p);
    }
    this.byte(125);
    return p;
  }
  /**
   * A JSON string from `length` UTF-8 bytes at `p`, escaped as JSON.stringify escapes. Copied
   * on the guess that nothing needs escaping (most strings); the first byte that does sends
   * the rest to `escapedStr`.
   */
  str(p, length) {
    const src = this.src;
    const end = p + length;
    this.room(length + 2);
    const out = this.out;
    let pos = this.pos;
    out[pos++] = QUOTE3;
    if (length >= BULK_COPY_BYTES) {
      let i = p;
      while (i < end && ESCAPE[src[i]] === 0) i++;
      if (i < end) {
        this.pos = pos;
        return this.escapedStr(p, i, end);
      }
      out.set(src.subarray(p, end), pos);
      pos += length;
    } else {
      for (let i = p; i < end; i++) {
        const c = src[i];
        if (ESCAPE[c] !== 0) {
          this.pos = pos - (i - p);
          return this.escapedStr(p, i, end);
        }
        out[pos++] = c;
      }
    }
    out[pos++] = QUOTE3;
    this.pos = pos;
    return end;
  }
  /** The string's bytes [p, end) after the opening quote, the first to escape at `first`. */
  escapedStr(p, first, end) {
    const src = this.src;
    let extra = 0;
    for (let i = first; i < end; i++) extra += ESCAPE_EXTRA[src[i]];
    this.room(end - p + extra + 1);
    const out = this.out;
    let pos = this.pos;
    for (let i = p; i < first; i++) out[pos++] = src[i];
    for (let i = first; i < end; i++) {
      const c = src[i];
      const letter = ESCAPE[c];
      if (letter === 0) {
        out[pos++] = c;
        continue;
      }
      out[pos++] = BACKSLASH;
      if (letter !== 117) {
        out[pos++] = letter;
        continue;
      }
      out[pos++] = 117;
      out[pos++] = 48;
      out[pos++] = 48;
      out[pos++] = HEX[c >>> 4];
      out[pos++] = HEX[c & 15];
    }
    out[pos++] = QUOTE3;
    this.pos = pos;
    return end;
  }
  /** Standard padded base64 (RFC 4648, as Python's `base64.b64encode`) in quotes. */
  bin(p, length) {
    const src = this.src;
    this.room(Math.ceil(length / 3) * 4 + 2);
    const out = this.out;
    let pos = this.pos;
    out[pos++] = QUOTE3;
    const whole = p + length - length % 3;
    let i = p;
    for (; i < whole; i += 3) {
      const triple = src[i] << 16 | src[i + 1] << 8 | src[i + 2];
      out[pos++] = BASE64[triple >>> 18];
      out[pos++] = BASE64[triple >>> 12 & 63];
      out[pos++] = BASE64[triple >>> 6 & 63];
      out[pos++] = BASE64[triple & 63];
    }
    const rest = p + length - whole;
    if (rest > 0) {
      const first = src[i];
      const second = rest === 2 ? src[i + 1] : 0;
      out[pos++] = BASE64[first >>> 2];
      out[pos++] = BASE64[(first & 3) << 4 | second >>> 4];
      out[pos++] = rest === 2 ? BASE64[(second & 15) << 2] : 61;
      out[pos++] = 61;
    }
    out[pos++] = QUOTE3;
    this.pos = pos;
    return p + length;
  }
  /** A str/bin length read from a head of `size` bytes at `p`, checked against the input. */
  length(p, size2, length) {
    if (length === void 0 || p + 1 + size2 + length > this.src.length) throw this.shapeError(p);
    return length;
  }
  shapeError(p) {
    return new NotTranscodable("msgpack the converter does not take", p);
  }
};

// ../stream/src/merge/transcode/transcode-shard.ts
function transcodeShard(bytes, settings, onProgress) {
  const isJson = settings.format === "json" || settings.format === "ndjson";
  const result = transcodeDictPickles(bytes, { maxOutputBytes: settings.maxOutputBytes, onProgress, declineBigInts: isJson, isDeep: settings.isDeep });
  if (!isJson) return result;
  return { segment: msgpackRowsToJson(result.segment, settings.maxOutputBytes), recordCount: result.recordCount };
}

// ../stream/src/merge/worker.ts
var PROGRESS_STEP_BYTES = 8 * 1024 * 1024;
var READ_CHUNK_BYTES = 1024 * 1024;
var WHOLE_FILE_LIMIT = 1024 * 1024 * 1024;
var KEPT_INPUT_LIMIT = 256 * 1024 * 1024;
var port = parentPort;
if (port === null) throw new Error("merge worker: must run in a worker thread");
port.on("message", (task) => {
  readShard(task, (bytesRead) => port.postMessage({ taskId: task.taskId, kind: "progress", bytesRead })).then(
    (result) => {
      const message = { taskId: task.taskId, kind: "done", result };
      port.postMessage(message, [result.segment.bytes.buffer, result.segment.table.buffer]);
    },
    (error) => port.postMessage({ taskId: task.taskId, kind: "error", error: toFailure(error, task.path) })
  );
});
async function readShard(task, onProgress) {
  const size2 = (await stat(task.path)).size;
  if (size2 <= WHOLE_FILE_LIMIT) return readWholeShard(task, await readWholeFile(task.path, size2), onProgress);
  return readStreamedShard(task, onProgress);
}
var inputBuffer;
async function readWholeFile(path, size2) {
  if (size2 > KEPT_INPUT_LIMIT) return readFile(path);
  if (inputBuffer === void 0 || inputBuffer.length < size2) {
    inputBuffer = void 0;
    inputBuffer = Buffer.allocUnsafeSlow(Math.min(KEPT_INPUT_LIMIT, size2 + (size2 >>> 3)));
  }
  const handle = await open(path, "r");
  try {
    let length = 0;
    while (length < size2) {
      const { bytesRead } = await handle.read(inputBuffer, length, size2 - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length === size2 && (await handle.read(Buffer.alloc(1), 0, 1, size2)).bytesRead > 0) return readFile(path);
    return inputBuffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}
async function readWholeShard(task, file, onProgress) {
  const bytes = isGzip(file) ? gunzipWhole(file) : file;
  if (bytes === null) return readStreamedShard(task, onProgress);
  if (isMsgpackMapStart(bytes, true)) {
    const encoder2 = new ShardEncoder(task.settings);
    const recordCount2 = addMsgpackMaps(encoder2, bytes, task);
    onProgress(file.length);
    return { segment: encoder2.finish(), recordCount: recordCount2, bytesRead: file.length, inputKind: "msgpack" };
  }
  const scale = file.length / Math.max(1, bytes.length);
  try {
    const { segment, recordCount: recordCount2 } = transcodeShard(bytes, task.settings, (done) => onProgress(Math.floor(done * scale)));
    onProgress(file.length);
    return { segment, recordCount: recordCount2, bytesRead: file.length, inputKind: "pickle" };
  } catch (error) {
    if (!(error instanceof NotTranscodable)) throw error;
  }
  const encoder = new ShardEncoder(task.settings);
  const recordCount = await addPickleRecords(encoder, chunksOf(bytes), task);
  onProgress(file.length);
  return { segment: encoder.finish(), recordCount, bytesRead: file.length, inputKind: "pickle" };
}
async function readStreamedShard(task, onProgress) {
  let bytesRead = 0;
  let reported = 0;
  async function* fileBytes() {
    for await (const chunk of createReadStream2(task.path, { highWaterMark: READ_CHUNK_BYTES })) {
      bytesRead += chunk.length;
      if (bytesRead - reported >= PROGRESS_STEP_BYTES) {
        reported = bytesRead;
        onProgress(bytesRead);
      }
      yield chunk;
    }
  }
  const encoder = new ShardEncoder(task.settings);
  const bytes = gunzipIfNeeded(fileBytes())[Symbol.asyncIterator]();
  const head = await firstChunk(bytes);
  let recordCount;
  let inputKind;
  if (head !== null && isMsgpackMapStart(head.chunk, head.isDone)) {
    inputKind = "msgpack";
    recordCount = addMsgpackMaps(encoder, head.isDone ? Buffer.from(head.chunk) : await collect(head.chunk, bytes), task);
  } else {
    inputKind = "pickle";
    const source = head === null ? emptyBytes() : prepend(head.chunk, head.isDone ? null : bytes);
    recordCount = await addPickleRecords(encoder, source, task);
  }
  if (bytesRead > reported) onProgress(bytesRead);
  return { segment: encoder.finish(), recordCount, bytesRead, inputKind };
}
async function addPickleRecords(encoder, source, task) {
  let recordCount = 0;
  const records = readPickles(source, { file: task.path, dict: "map", wrapIntegralFloats: true, detectGzip: false });
  for await (const record of records) {
    const index = recordCount++;
    encoder.addRecord(record, index, () => `${task.path}: record ${index}`);
  }
  return recordCount;
}
function addMsgpackMaps(encoder, bytes, task) {
  const unpackr = new Unpackr2({ useRecords: false, mapsAsObjects: false, int64AsType: "auto" });
  const unpackKey = (start, end) => unpackr.unpack(bytes.subarray(start, end));
  const isCopied = task.settings.format === "msgpack";
  let count2 = 0;
  let offset = 0;
  try {
    while (offset < bytes.length) {
      if (isCopied) {
        offset = encoder.addEncodedMap(bytes, offset, unpackKey);
      } else {
        const end = skipValue(bytes, offset);
        encoder.addRecord(unpackr.unpack(bytes.subarray(offset, end)), count2, () => `msgpack value ${count2}`);
        offset = end;
      }
      count2++;
    }
  } catch (error) {
    error.message = `${task.path}: msgpack map ${count2}: ${error.message}`;
    throw error;
  }
  return count2;
}
function isGzip(bytes) {
  return bytes.length >= 2 && bytes[0] === 31 && bytes[1] === 139;
}
function gunzipWhole(file) {
  try {
    return gunzipSync(file, { maxOutputLength: Math.min(bufferConstants.MAX_LENGTH, WHOLE_FILE_LIMIT) });
  } catch {
    return null;
  }
}
async function* chunksOf(bytes) {
  for (let at = 0; at < bytes.length; at += READ_CHUNK_BYTES) yield bytes.subarray(at, at + READ_CHUNK_BYTES);
}
async function firstChunk(bytes) {
  let chunk = null;
  for (; ; ) {
    const step = await bytes.next();
    if (step.done === true) return chunk === null ? null : { chunk, isDone: true };
    if (step.value.length === 0) continue;
    chunk = chunk === null ? step.value : Buffer.concat([chunk, step.value]);
    if (chunk.length >= 2) return { chunk, isDone: false };
  }
}
async function collect(first, rest) {
  const chunks = [first];
  for (let step = await rest.next(); step.done !== true; step = await rest.next()) chunks.push(step.value);
  return Buffer.concat(chunks);
}
async function* prepend(first, rest) {
  yield first;
  if (rest === null) return;
  for (let step = await rest.next(); step.done !== true; step = await rest.next()) yield step.value;
}
async function* emptyBytes() {
}
function toFailure(error, path) {
  const base = error instanceof Error ? error : new Error(String(error));
  const message = base.message.includes(path) ? base.message : `${path}: ${base.message}`;
  const code = isPickleError(base) ? base.code : base.code;
  return { name: base.name, message, code: typeof code === "string" ? code : void 0 };
}
