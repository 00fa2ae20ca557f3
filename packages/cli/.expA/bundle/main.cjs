"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (const key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// scripts/import-meta-url.js
var importMetaUrl;
var init_import_meta_url = __esm({
  "scripts/import-meta-url.js"() {
    
    importMetaUrl = require("node:url").pathToFileURL(__filename).href;
  }
});

// ../stream/src/options.ts
function resolveReadOptions(options) {
  if (options === void 0) {
    return { isMetadata: false, isEntries: false, skipCorrupt: false, onCorrupt: void 0, file: void 0, decoder: {} };
  }
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`Expected options to be an object, got ${describe(options)}`);
  }
  const { metadata, emit, skipCorrupt, onCorrupt, file, ...decoder2 } = options;
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
    decoder: isEntries ? { ...decoder2, emit } : decoder2
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
var init_options = __esm({
  "../stream/src/options.ts"() {
    
    init_import_meta_url();
  }
});

// ../core/src/opcodes/arg-kinds.ts
function kind(name, size2, doc) {
  return Object.freeze({ name, size: size2, doc });
}
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
var UP_TO_NEWLINE, TWO_NEWLINES, TAKEN_FROM_ARGUMENT1, TAKEN_FROM_ARGUMENT4, TAKEN_FROM_ARGUMENT4U, TAKEN_FROM_ARGUMENT8U, ARG_KINDS;
var init_arg_kinds = __esm({
  "../core/src/opcodes/arg-kinds.ts"() {
    
    init_import_meta_url();
    UP_TO_NEWLINE = -1;
    TWO_NEWLINES = -2;
    TAKEN_FROM_ARGUMENT1 = -3;
    TAKEN_FROM_ARGUMENT4 = -4;
    TAKEN_FROM_ARGUMENT4U = -5;
    TAKEN_FROM_ARGUMENT8U = -6;
    ARG_KINDS = Object.freeze({
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
  }
});

// ../core/src/opcodes/table.ts
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
function opcodeByCode(code) {
  return byCode[code];
}
function opcodeLabel(code) {
  const hex3 = `0x${code.toString(16).padStart(2, "0")}`;
  const info = byCode[code];
  return info ? `${info.name} ${hex3}` : hex3;
}
var ROWS, OPCODES, byCode, byName, NOT_AN_OPCODE, ARG_SIZE;
var init_table = __esm({
  "../core/src/opcodes/table.ts"() {
    
    init_import_meta_url();
    init_arg_kinds();
    ROWS = [
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
    OPCODES = buildTable();
    byCode = new Array(256).fill(void 0);
    for (const info of OPCODES) byCode[info.code] = info;
    byName = new Map(OPCODES.map((info) => [info.name, info]));
    NOT_AN_OPCODE = -128;
    ARG_SIZE = (() => {
      const sizes = new Int8Array(256).fill(NOT_AN_OPCODE);
      for (const info of OPCODES) sizes[info.code] = info.arg.size;
      return sizes;
    })();
  }
});

// ../core/src/errors.ts
function isPickleError(value) {
  return value instanceof PickleError;
}
var PickleError, TruncatedError;
var init_errors = __esm({
  "../core/src/errors.ts"() {
    
    init_import_meta_url();
    init_table();
    PickleError = class extends Error {
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
    TruncatedError = class extends PickleError {
      name = "TruncatedError";
      constructor(reason, details) {
        super(reason, { ...details, code: "TRUNCATED" });
      }
    };
  }
});

// ../core/src/values/py-types.ts
function createDict() {
  return new DictObject();
}
function isPyDict(value) {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === DICT_PROTOTYPE;
}
function markTuple(items) {
  Object.setPrototypeOf(items, PyTuple.prototype);
  return items;
}
function isTuple(value) {
  return value instanceof PyTuple;
}
function markFrozenSet(set) {
  frozenSets.add(set);
  return set;
}
function isFrozenSet(value) {
  return value instanceof Set && frozenSets.has(value);
}
function isPyObject(value) {
  return typeof value === "object" && value !== null && typeof value.toPlain === "function" && typeof value.pyClass === "string";
}
var DICT_PROTOTYPE, DictObject, PyTuple, frozenSets, PyFloat, PyByteArray;
var init_py_types = __esm({
  "../core/src/values/py-types.ts"() {
    
    init_import_meta_url();
    DICT_PROTOTYPE = Object.freeze(/* @__PURE__ */ Object.create(null));
    DictObject = function PyDictObject() {
    };
    DictObject.prototype = DICT_PROTOTYPE;
    PyTuple = class extends Array {
      static get [Symbol.species]() {
        return Array;
      }
    };
    frozenSets = /* @__PURE__ */ new WeakSet();
    PyFloat = class {
      constructor(value) {
        this.value = value;
      }
      value;
      valueOf() {
        return this.value;
      }
    };
    PyByteArray = class extends Uint8Array {
    };
  }
});

// ../core/src/values/placeholders.ts
function postCallOf(call) {
  return { callable: call.callee ?? new PyGlobal(call.module, call.name), args: call.args };
}
function isEffectTarget(value) {
  return typeof value === "object" && value !== null && typeof value.addEffect === "function";
}
var PyGlobal, PyInstance, PyPersistentId, PyOutOfBandBuffer;
var init_placeholders = __esm({
  "../core/src/values/placeholders.ts"() {
    
    init_import_meta_url();
    init_py_types();
    PyGlobal = class {
      constructor(module2, name) {
        this.module = module2;
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
    PyInstance = class _PyInstance {
      constructor(module2, name, args = []) {
        this.module = module2;
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
    PyPersistentId = class {
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
    PyOutOfBandBuffer = class {
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
  }
});

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
function latin1Bytes(qualname, text3) {
  const bytes = new Uint8Array(text3.length);
  for (let i = 0; i < text3.length; i++) {
    const code = text3.charCodeAt(i);
    if (code > 255) throw new TypeError(`${qualname}: char U+${code.toString(16).padStart(4, "0")} is not latin-1`);
    bytes[i] = code;
  }
  return bytes;
}
var init_arg_checks = __esm({
  "../core/src/classes/arg-checks.ts"() {
    
    init_import_meta_url();
    init_py_types();
  }
});

// ../core/src/classes/plain-float.ts
function plainFloat(value) {
  return Number.isInteger(value) && !Object.is(value, -0) ? new PyFloat(value) : value;
}
var init_plain_float = __esm({
  "../core/src/classes/plain-float.ts"() {
    
    init_import_meta_url();
    init_py_types();
  }
});

// ../core/src/classes/complex.ts
var PyComplex, complexReconstructor;
var init_complex = __esm({
  "../core/src/classes/complex.ts"() {
    
    init_import_meta_url();
    init_py_types();
    init_arg_checks();
    init_plain_float();
    PyComplex = class {
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
    complexReconstructor = {
      construct(args) {
        expectArgCount("builtins.complex", args, 0, 2);
        const real = args.length > 0 ? readNumber("builtins.complex", args[0]) : 0;
        const imag = args.length > 1 ? readNumber("builtins.complex", args[1]) : 0;
        return new PyComplex(real, imag);
      }
    };
  }
});

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
var init_dict_access = __esm({
  "../core/src/classes/dict-access.ts"() {
    
    init_import_meta_url();
    init_py_types();
  }
});

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
function encodeText(qualname, text3, encoding) {
  switch (encoding.toLowerCase().replace(/[-_]/g, "")) {
    case "latin1":
    case "iso88591":
    case "l1":
      return latin1Bytes(qualname, text3);
    case "utf8":
      return new TextEncoder().encode(text3);
    case "ascii": {
      const bytes = latin1Bytes(qualname, text3);
      if (bytes.some((byte) => byte > 127)) throw new TypeError(`${qualname}: text is not ascii`);
      return bytes;
    }
    default:
      throw new TypeError(`${qualname}: unsupported encoding ${JSON.stringify(encoding)}`);
  }
}
function className(value) {
  return isPyObject(value) ? value.pyClass : void 0;
}
function isAppendable(value) {
  return typeof value === "object" && value !== null && typeof value.append === "function";
}
function isItemSettable(value) {
  return typeof value === "object" && value !== null && typeof value.setItem === "function";
}
function kwargsDict(qualname, value) {
  if (value === null || value === void 0) return null;
  if (!isDictValue(value)) throw new TypeError(`${qualname}: kwargs must be a dict, got ${describeValue(value)}`);
  const kwargs = createDict();
  for (const [key, item] of dictEntries(value)) kwargs[readString(qualname, key)] = item;
  return kwargs;
}
var setReconstructor, frozensetReconstructor, bytearrayReconstructor, bytesReconstructor, codecsEncodeReconstructor, reconstructorReconstructor, newobjReconstructor, newobjExReconstructor, builtinsClasses;
var init_builtins = __esm({
  "../core/src/classes/builtins.ts"() {
    
    init_import_meta_url();
    init_py_types();
    init_arg_checks();
    init_complex();
    init_dict_access();
    init_placeholders();
    setReconstructor = {
      construct: (args, _kwargs, context) => setFromArgs("builtins.set", args, context)
    };
    frozensetReconstructor = {
      construct: (args, _kwargs, context) => {
        const set = setFromArgs("builtins.frozenset", args, context);
        return set instanceof Set ? markFrozenSet(set) : set;
      }
    };
    bytearrayReconstructor = {
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
    bytesReconstructor = {
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
    codecsEncodeReconstructor = {
      construct(args) {
        const qualname = "_codecs.encode";
        expectArgCount(qualname, args, 1, 3);
        const encoding = args.length > 1 ? readString(qualname, args[1]) : "utf-8";
        return encodeText(qualname, readString(qualname, args[0]), encoding);
      }
    };
    reconstructorReconstructor = {
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
    newobjReconstructor = {
      construct(args, _kwargs, context) {
        if (args.length === 0) throw new TypeError("copyreg.__newobj__ takes at least 1 argument, got 0");
        return context.instantiate(args[0], args.slice(1), null);
      }
    };
    newobjExReconstructor = {
      construct(args, _kwargs, context) {
        const qualname = "copyreg.__newobj_ex__";
        expectArgCount(qualname, args, 3, 3);
        const [cls, callArgs, callKwargs] = args;
        if (!Array.isArray(callArgs)) throw new TypeError(`${qualname}: args must be a tuple, got ${describeValue(callArgs)}`);
        return context.instantiate(cls, [...callArgs], kwargsDict(qualname, callKwargs));
      }
    };
    builtinsClasses = /* @__PURE__ */ new Map([
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
  }
});

// ../core/src/classes/dict-class.ts
function markDictClass(dict, dictClass) {
  dictClasses.set(dict, dictClass);
  return dict;
}
function dictClassOf(dict) {
  return dictClasses.get(dict);
}
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
var dictClasses, dictAttributes, CLASSES_WITH_ATTRIBUTES;
var init_dict_class = __esm({
  "../core/src/classes/dict-class.ts"() {
    
    init_import_meta_url();
    init_py_types();
    init_arg_checks();
    init_dict_access();
    dictClasses = /* @__PURE__ */ new WeakMap();
    dictAttributes = /* @__PURE__ */ new WeakMap();
    CLASSES_WITH_ATTRIBUTES = /* @__PURE__ */ new Set(["collections.OrderedDict", "collections.Counter"]);
  }
});

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
var orderedDictReconstructor, defaultDictReconstructor, counterReconstructor, PyDeque, dequeReconstructor, collectionsClasses;
var init_collections = __esm({
  "../core/src/classes/collections.ts"() {
    
    init_import_meta_url();
    init_py_types();
    init_arg_checks();
    init_dict_class();
    init_dict_access();
    orderedDictReconstructor = {
      construct(args, _kwargs, context) {
        expectArgCount("collections.OrderedDict", args, 0, 1);
        const dict = dictFrom("collections.OrderedDict", args[0], context);
        return markDictClass(dict, { module: "collections", name: "OrderedDict", args: [] });
      }
    };
    defaultDictReconstructor = {
      construct(args, _kwargs, context) {
        expectArgCount("collections.defaultdict", args, 0, 2);
        const dict = dictFrom("collections.defaultdict", args[1], context);
        const factory = args[0] ?? null;
        return markDictClass(dict, { module: "collections", name: "defaultdict", args: [factory] });
      }
    };
    counterReconstructor = {
      construct(args, _kwargs, context) {
        expectArgCount("collections.Counter", args, 0, 1);
        const dict = dictFrom("collections.Counter", args[0], context);
        return markDictClass(dict, { module: "collections", name: "Counter", args: [] });
      }
    };
    PyDeque = class {
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
    dequeReconstructor = {
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
    collectionsClasses = /* @__PURE__ */ new Map([
      ["collections.OrderedDict", orderedDictReconstructor],
      ["collections.defaultdict", defaultDictReconstructor],
      ["collections.Counter", counterReconstructor],
      ["collections.deque", dequeReconstructor]
    ]);
  }
});

// ../core/src/classes/timedelta.ts
function divideCorrectlyRounded(n, d) {
  const negative = n < 0n;
  const magnitude = negative ? -n : n;
  if (magnitude <= TWO_53) return Number(n) / Number(d);
  const shift2 = 64n;
  const scaled = magnitude << shift2;
  let quotient = scaled / d;
  if (scaled % d !== 0n) quotient |= 1n;
  const result = Number(quotient) / 2 ** Number(shift2);
  return negative ? -result : result;
}
function utcOffsetOf(tzinfo) {
  return tzinfo instanceof PyTimezone ? tzinfo.offset : null;
}
function formatUtcOffset(offset) {
  const negative = offset.totalMicroseconds < 0n;
  const magnitude = negative ? -offset.totalMicroseconds : offset.totalMicroseconds;
  const totalSeconds = Number(magnitude / MICROS_PER_SECOND);
  const micros = Number(magnitude % MICROS_PER_SECOND);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor(totalSeconds / 60) % 60;
  const seconds = totalSeconds % 60;
  let text3 = `${negative ? "-" : "+"}${pad2(hours)}:${pad2(minutes)}`;
  if (seconds !== 0 || micros !== 0) {
    text3 += `:${pad2(seconds)}`;
    if (micros !== 0) text3 += `.${micros.toString().padStart(6, "0")}`;
  }
  return text3;
}
var MICROS_PER_SECOND, MICROS_PER_DAY, MAX_DAYS, PyTimedelta, TWO_53, timedeltaReconstructor, PyTimezone, timezoneReconstructor, pad2, timedeltaClasses;
var init_timedelta = __esm({
  "../core/src/classes/timedelta.ts"() {
    
    init_import_meta_url();
    init_py_types();
    init_arg_checks();
    init_plain_float();
    MICROS_PER_SECOND = 1000000n;
    MICROS_PER_DAY = 86400n * MICROS_PER_SECOND;
    MAX_DAYS = 999999999n;
    PyTimedelta = class {
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
    TWO_53 = 2n ** 53n;
    timedeltaReconstructor = {
      construct(args) {
        const qualname = "datetime.timedelta";
        expectArgCount(qualname, args, 0, 3);
        const [days = 0, seconds = 0, microseconds = 0] = args;
        return new PyTimedelta(readInt(qualname, days), readInt(qualname, seconds), readInt(qualname, microseconds));
      }
    };
    PyTimezone = class {
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
    timezoneReconstructor = {
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
    pad2 = (value) => value.toString().padStart(2, "0");
    timedeltaClasses = /* @__PURE__ */ new Map([
      ["datetime.timedelta", timedeltaReconstructor],
      ["datetime.timezone", timezoneReconstructor]
    ]);
  }
});

// ../core/src/classes/datetime.ts
function checkRange(qualname, field, value, min, max) {
  if (value < min || value > max) throw new TypeError(`${qualname}: ${field} ${value} is out of range`);
  return value;
}
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
  let text3 = `${pad(fields.hour, 2)}:${pad(fields.minute, 2)}:${pad(fields.second, 2)}`;
  if (fields.microsecond !== 0) text3 += `.${pad(fields.microsecond, 6)}`;
  const offset = utcOffsetOf(tzinfo);
  if (offset !== null) text3 += formatUtcOffset(offset);
  return text3;
}
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
function timeFromBytes(b, at) {
  return {
    hour: b[at] & 127,
    minute: b[at + 1],
    second: b[at + 2],
    microsecond: b[at + 3] << 16 | b[at + 4] << 8 | b[at + 5],
    fold: b[at] >> 7
  };
}
var pad, DAYS_IN_MONTH, PyDate, PyTime, PyDateTime, dateReconstructor, timeReconstructor, datetimeReconstructor, datetimeClasses;
var init_datetime = __esm({
  "../core/src/classes/datetime.ts"() {
    
    init_import_meta_url();
    init_arg_checks();
    init_timedelta();
    pad = (value, width) => value.toString().padStart(width, "0");
    DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    PyDate = class {
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
    PyTime = class {
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
    PyDateTime = class {
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
    dateReconstructor = {
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
    timeReconstructor = {
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
    datetimeReconstructor = {
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
    datetimeClasses = new Map([
      ["datetime.date", dateReconstructor],
      ["datetime.time", timeReconstructor],
      ["datetime.datetime", datetimeReconstructor],
      ...timedeltaClasses
    ]);
  }
});

// ../core/src/classes/decimal.ts
function canonicalDecimalText(text3) {
  const trimmed = text3.trim().replace(/_/g, "");
  const special = SPECIAL.exec(trimmed);
  if (special !== null) {
    const sign2 = special[1] === "-" ? "-" : "";
    if (special[2] !== void 0) return `${sign2}Infinity`;
    const payload = (special[4] ?? "").replace(/^0+/, "");
    return `${sign2}${special[3].toLowerCase() === "snan" ? "sNaN" : "NaN"}${payload}`;
  }
  const finite = FINITE.exec(trimmed);
  if (finite === null) throw new TypeError(`decimal.Decimal: invalid literal ${JSON.stringify(text3)}`);
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
var PyDecimal, FINITE, SPECIAL, decimalReconstructor, decimalClasses;
var init_decimal = __esm({
  "../core/src/classes/decimal.ts"() {
    
    init_import_meta_url();
    init_arg_checks();
    PyDecimal = class {
      constructor(text3) {
        this.text = text3;
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
    FINITE = /^([+-]?)(?=\d|\.\d)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;
    SPECIAL = /^([+-]?)(?:(inf|infinity)|(s?nan)(\d*))$/i;
    decimalReconstructor = {
      construct(args) {
        expectArgCount("decimal.Decimal", args, 1, 2);
        return new PyDecimal(canonicalDecimalText(readString("decimal.Decimal", args[0])));
      }
    };
    decimalClasses = /* @__PURE__ */ new Map([["decimal.Decimal", decimalReconstructor]]);
  }
});

// ../core/src/classes/fractions.ts
function gcd(a, b) {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
function parseFraction(text3) {
  const match = RATIONAL.exec(text3.trim().replace(/_/g, ""));
  if (match === null) throw new TypeError(`fractions.Fraction: invalid literal ${JSON.stringify(text3)}`);
  const sign = match[1] === "-" ? -1n : 1n;
  if (match[3] !== void 0) return new PyFraction(sign * BigInt(match[2]), BigInt(match[3]));
  const decimals = match[4] ?? "";
  const exponent = Number(match[5] ?? "0") - decimals.length;
  const digits = sign * BigInt(match[2] + decimals);
  return exponent >= 0 ? new PyFraction(digits * 10n ** BigInt(exponent), 1n) : new PyFraction(digits, 10n ** BigInt(-exponent));
}
var PyFraction, RATIONAL, fractionReconstructor, fractionsClasses;
var init_fractions = __esm({
  "../core/src/classes/fractions.ts"() {
    
    init_import_meta_url();
    init_arg_checks();
    PyFraction = class {
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
    RATIONAL = /^([+-]?)(\d+)(?:\/(\d+)|(?:\.(\d*))?(?:e([+-]?\d+))?)$/i;
    fractionReconstructor = {
      construct(args) {
        const qualname = "fractions.Fraction";
        expectArgCount(qualname, args, 1, 2);
        if (typeof args[0] === "string") return parseFraction(readString(qualname, args[0]));
        return new PyFraction(readInt(qualname, args[0]), args.length > 1 ? readInt(qualname, args[1]) : 1n);
      }
    };
    fractionsClasses = /* @__PURE__ */ new Map([["fractions.Fraction", fractionReconstructor]]);
  }
});

// ../core/src/classes/py-code.ts
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
function isSequence(value) {
  return Array.isArray(value) || isTuple(value);
}
var CO_VARARGS, CO_VARKEYWORDS, LAYOUTS, PyCode;
var init_py_code = __esm({
  "../core/src/classes/py-code.ts"() {
    
    init_import_meta_url();
    init_py_types();
    init_arg_checks();
    CO_VARARGS = 4;
    CO_VARKEYWORDS = 8;
    LAYOUTS = /* @__PURE__ */ new Map([
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
    PyCode = class _PyCode {
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
  }
});

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
function withOrigin(value, callable, args) {
  if (value instanceof EffectHolder || value instanceof PyCode || value instanceof PyNamedType || value instanceof PyModuleRef) {
    value.origin = { callable, args };
  }
  return value;
}
function isEmptyCellMarker(value) {
  return value instanceof PyGlobal && (value.name === "_CELL_EMPTY" || value.name === "_empty_cell_value");
}
function globalRef(name) {
  const plain = createDict();
  plain["__global__"] = name;
  return plain;
}
function isMethod(value) {
  if (value instanceof PyFunction) return true;
  return value instanceof PyInstance && value.callee === null && METHOD_WRAPPERS.has(value.pyClass) && value.args.some((arg) => arg instanceof PyFunction);
}
var EffectHolder, PyCell, MODULE_KEYS, PyFunction, CLASS_BOILERPLATE, PyClassDef, METHOD_WRAPPERS, TYPE_NAMES, PyNamedType, PyModuleRef;
var init_py_function = __esm({
  "../core/src/classes/py-function.ts"() {
    
    init_import_meta_url();
    init_placeholders();
    init_py_types();
    init_dict_access();
    init_py_code();
    EffectHolder = class {
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
    PyCell = class extends EffectHolder {
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
    MODULE_KEYS = /* @__PURE__ */ new Set(["__package__", "__name__", "__file__", "__builtins__", "__doc__", "__loader__", "__spec__", "__cached__"]);
    PyFunction = class extends EffectHolder {
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
        const [globals, defaults, dict, module2, closureValues] = args;
        if (isDictValue(globals)) for (const [key, item] of dictEntries(globals)) this.extraGlobals.push([String(key), item]);
        if (defaults !== void 0 && defaults !== null) this.setAttribute("__defaults__", defaults);
        if (dict !== void 0 && dict !== null) this.setAttribute("__dict__", dict);
        if (typeof module2 === "string") this.module = module2;
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
    CLASS_BOILERPLATE = /* @__PURE__ */ new Set(["__module__", "__qualname__", "__dict__", "__weakref__", "_abc_impl"]);
    PyClassDef = class extends EffectHolder {
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
        const module2 = this.entries.get("__module__");
        return `${typeof module2 === "string" ? module2 : this.defaultModule}.${this.qualname ?? this.name}`;
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
    METHOD_WRAPPERS = /* @__PURE__ */ new Set(["builtins.staticmethod", "builtins.classmethod", "builtins.property"]);
    TYPE_NAMES = /* @__PURE__ */ new Map([
      ["code", "types.CodeType"],
      ["CodeType", "types.CodeType"],
      ["function", "types.FunctionType"],
      ["FunctionType", "types.FunctionType"],
      ["cell", "types.CellType"],
      ["CellType", "types.CellType"],
      ["ClassType", "builtins.type"],
      ["TypeType", "builtins.type"]
    ]);
    PyNamedType = class {
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
    PyModuleRef = class {
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
  }
});

// ../core/src/classes/function-pickles.ts
function fillFunction(module2) {
  return {
    construct(args) {
      const func = args[0];
      if (!(func instanceof PyFunction)) throw new TypeError(`_fill_function: expected a function, got ${describeValue(func)}`);
      func.fill(args.slice(1));
      func.addPostCall(new PyGlobal(module2, "_fill_function"), args);
      return func;
    }
  };
}
function called(module2, name, reconstructor) {
  return [
    `${module2}.${name}`,
    { construct: (args, kwargs, context) => withOrigin(reconstructor.construct(args, kwargs, context), new PyGlobal(module2, name), args) }
  ];
}
var CLOUDPICKLE_MODULES, namedType, makeFunction, makeSkelFunc, importModule, createFunction, createCode, makeCell, makeSkeletonClass, createType, codeType, functionClasses;
var init_function_pickles = __esm({
  "../core/src/classes/function-pickles.ts"() {
    
    init_import_meta_url();
    init_placeholders();
    init_arg_checks();
    init_dict_access();
    init_py_code();
    init_py_function();
    CLOUDPICKLE_MODULES = ["cloudpickle.cloudpickle", "cloudpickle.cloudpickle_fast"];
    namedType = {
      construct(args) {
        expectArgCount("_builtin_type", args, 1, 1);
        return new PyNamedType(readString("_builtin_type", args[0]));
      }
    };
    makeFunction = {
      construct(args) {
        expectArgCount("_make_function", args, 2, 5);
        return new PyFunction(args[0], args[1], args[2], args[3], args[4]);
      }
    };
    makeSkelFunc = {
      construct(args) {
        expectArgCount("_make_skel_func", args, 2, 3);
        const cells = typeof args[1] === "number" && args[1] >= 0 && args[1] <= 65535 ? args[1] : 0;
        return new PyFunction(args[0], args[2] ?? null, void 0, void 0, Array.from({ length: cells }, () => new PyCell()));
      }
    };
    importModule = {
      construct(args) {
        expectArgCount("subimport", args, 1, 2);
        return new PyModuleRef(readString("subimport", args[0]));
      }
    };
    createFunction = {
      construct(args) {
        expectArgCount("_create_function", args, 2, 7);
        const func = new PyFunction(args[0], args[1], args[2], args[3], args[4]);
        if (isDictValue(args[5])) func.setAttribute("__dict__", args[5]);
        if (isDictValue(args[6])) func.setAttribute("__kwdefaults__", args[6]);
        return func;
      }
    };
    createCode = {
      construct: (args) => PyCode.fromArgs(args)
    };
    makeCell = {
      construct(args) {
        expectArgCount("cell", args, 0, 1);
        return new PyCell(args.length === 0 || isEmptyCellMarker(args[0]) ? void 0 : args[0]);
      }
    };
    makeSkeletonClass = {
      construct(args) {
        expectArgCount("_make_skeleton_class", args, 3, 6);
        const bases = args[2];
        const cls = new PyClassDef(readString("_make_skeleton_class", args[1]), isSequence(bases) ? [...bases] : [], "types");
        if (isDictValue(args[3])) for (const [key, value] of dictEntries(args[3])) cls.setAttribute(String(key), value);
        return cls;
      }
    };
    createType = {
      construct(args) {
        expectArgCount("_create_type", args, 3, 4);
        const bases = args[2];
        const cls = new PyClassDef(readString("_create_type", args[1]), isSequence(bases) ? [...bases] : [], "dill._dill");
        if (isDictValue(args[3])) for (const [key, value] of dictEntries(args[3])) cls.setAttribute(String(key), value);
        return cls;
      }
    };
    codeType = { construct: (args) => PyCode.fromArgs(args) };
    functionClasses = new Map([
      ...CLOUDPICKLE_MODULES.flatMap((module2) => [
        called(module2, "_builtin_type", namedType),
        called(module2, "_make_function", makeFunction),
        called(module2, "_make_skel_func", makeSkelFunc),
        [`${module2}._fill_function`, fillFunction(module2)],
        called(module2, "_make_cell", makeCell),
        called(module2, "_make_empty_cell", makeCell),
        called(module2, "_make_skeleton_class", makeSkeletonClass),
        called(module2, "subimport", importModule)
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
  }
});

// ../core/src/classes/py-repr.ts
function pyStrRepr(text3) {
  const quote = text3.includes("'") && !text3.includes('"') ? '"' : "'";
  let body = "";
  for (const char of text3) {
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
var init_py_repr = __esm({
  "../core/src/classes/py-repr.ts"() {
    
    init_import_meta_url();
  }
});

// ../core/src/classes/numpy-dtype.ts
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
var KINDS, DEFAULT_FLAGS, NPY_ALIGNED_STRUCT, HOST_IS_LITTLE_ENDIAN, NumpyDtype;
var init_numpy_dtype = __esm({
  "../core/src/classes/numpy-dtype.ts"() {
    
    init_import_meta_url();
    init_placeholders();
    init_py_types();
    init_arg_checks();
    init_dict_access();
    init_py_repr();
    KINDS = /* @__PURE__ */ new Set(["b", "i", "u", "f", "c", "U", "S", "V", "O", "M", "m"]);
    DEFAULT_FLAGS = { O: 63, U: 8 };
    NPY_ALIGNED_STRUCT = 128;
    HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    NumpyDtype = class _NumpyDtype {
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
        const text3 = this.structBody(includeAlign);
        return this.isRecord ? `(numpy.record, ${text3})` : text3;
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
        let text3 = `{'names': [${fields.map(([name]) => pyStrRepr(name)).join(", ")}]`;
        text3 += `, 'formats': [${fields.map(([, field]) => field.dtype.constructionRepr(true)).join(", ")}]`;
        text3 += `, 'offsets': [${fields.map(([, field]) => field.offset).join(", ")}]`;
        if (fields.some(([, field]) => field.title !== null)) {
          text3 += `, 'titles': [${fields.map(([, field]) => field.title === null ? "None" : titleRepr(field.title)).join(", ")}]`;
        }
        text3 += `, 'itemsize': ${this.itemsize}`;
        return `${text3}${includeAlign && this.isAlignedStruct ? ", 'aligned': True" : ""}}`;
      }
    };
  }
});

// ../core/src/classes/ndarray-data.ts
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
var kind2, BYTES;
var init_ndarray_data = __esm({
  "../core/src/classes/ndarray-data.ts"() {
    
    init_import_meta_url();
    init_numpy_dtype();
    kind2 = (width, create) => ({ width, create });
    BYTES = kind2(1, (b, o, n) => new Uint8Array(b, o, n));
  }
});

// ../core/src/classes/numpy-datetime.ts
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
var NAT, MICROS_PER_DAY2, MICROS_PER_UNIT, toInt, floorDiv;
var init_numpy_datetime = __esm({
  "../core/src/classes/numpy-datetime.ts"() {
    
    init_import_meta_url();
    init_datetime();
    init_timedelta();
    NAT = -(2n ** 63n);
    MICROS_PER_DAY2 = 86400000000n;
    MICROS_PER_UNIT = {
      W: 7n * MICROS_PER_DAY2,
      D: MICROS_PER_DAY2,
      h: 3600000000n,
      m: 60000000n,
      s: 1000000n,
      ms: 1000n,
      us: 1n,
      \u03BCs: 1n
    };
    toInt = (value) => value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
    floorDiv = (a, b) => a >= 0n ? a / b : -((-a + b - 1n) / b);
  }
});

// ../core/src/classes/numpy-elements.ts
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
    let text3 = "";
    for (let i = 0; i < end; i++) {
      const code = view.getUint32(offset + i * 4, little);
      if (code > 1114111) throw new TypeError(`numpy: code point 0x${code.toString(16)} is out of range`);
      text3 += String.fromCodePoint(code);
    }
    return text3;
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
var MAX_SAFE, MIN_SAFE, toInt2;
var init_numpy_elements = __esm({
  "../core/src/classes/numpy-elements.ts"() {
    
    init_import_meta_url();
    init_py_types();
    init_complex();
    init_numpy_datetime();
    init_plain_float();
    MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
    MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
    toInt2 = (value) => value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value;
  }
});

// ../core/src/classes/ndarray.ts
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
var product, NdArray, RECONSTRUCT_PLACEHOLDER, MAX_ENTRIES_WITHOUT_DATA, STANDALONE_CONTEXT;
var init_ndarray = __esm({
  "../core/src/classes/ndarray.ts"() {
    
    init_import_meta_url();
    init_py_types();
    init_placeholders();
    init_arg_checks();
    init_ndarray_data();
    init_numpy_dtype();
    init_numpy_elements();
    product = (shape) => shape.reduce((total, dim) => total * dim, 1);
    NdArray = class _NdArray {
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
    RECONSTRUCT_PLACEHOLDER = Uint8Array.of(98);
    MAX_ENTRIES_WITHOUT_DATA = 1 << 20;
    STANDALONE_CONTEXT = {
      dictMode: "object",
      setMode: "set",
      py2Bytes: () => void 0,
      instantiate: () => {
        throw new TypeError("numpy.ndarray: no decoder to instantiate classes");
      }
    };
  }
});

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
var NumpyMaskedArray, mareconstructReconstructor;
var init_numpy_masked = __esm({
  "../core/src/classes/numpy-masked.ts"() {
    
    init_import_meta_url();
    init_placeholders();
    init_py_types();
    init_arg_checks();
    init_ndarray();
    init_numpy_dtype();
    NumpyMaskedArray = class {
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
        const bytesOf2 = (array) => array.bytes ?? array.data;
        return {
          callable: ["numpy.ma.core", "_mareconstruct"],
          args: [new PyGlobal(this.pyClass.slice(0, dot), this.pyClass.slice(dot + 1)), new PyGlobal("numpy", "ndarray"), markTuple([0]), Uint8Array.of(98)],
          state: markTuple([1, markTuple([...this.data.shape]), this.data.dtype, this.data.order === "F", bytesOf2(this.data), bytesOf2(this.mask), this.fillValue])
        };
      }
    };
    mareconstructReconstructor = {
      construct(args, _kwargs, context) {
        expectArgCount("numpy.ma.core._mareconstruct", args, 4, 4);
        const cls = args[0];
        const name = typeof cls === "object" && cls !== null && "pyClass" in cls && typeof cls.pyClass === "string" ? cls.pyClass : void 0;
        return new NumpyMaskedArray(name, context);
      }
    };
  }
});

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
var NumpyScalar;
var init_numpy_scalar = __esm({
  "../core/src/classes/numpy-scalar.ts"() {
    
    init_import_meta_url();
    init_numpy_elements();
    NumpyScalar = class {
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
  }
});

// ../core/src/classes/numpy.ts
function readDtype(qualname, value) {
  if (value instanceof NumpyDtype) return value;
  throw new TypeError(`${qualname}: expected a numpy.dtype, got ${describeValue(value)}`);
}
function frombufferReconstructor(qualname) {
  const [module2, name] = [qualname.slice(0, qualname.lastIndexOf(".")), qualname.slice(qualname.lastIndexOf(".") + 1)];
  return {
    construct(args, kwargs) {
      expectArgCount(qualname, args, 4, 4);
      const [buffer, dtype, shape, order] = args;
      if (!(buffer instanceof Uint8Array)) {
        const placeholder = new PyInstance(module2, name, args);
        placeholder.kwargs = kwargs;
        return placeholder;
      }
      const memoryOrder = readString(qualname, order);
      if (memoryOrder !== "C" && memoryOrder !== "F") throw new TypeError(`${qualname}: order must be 'C' or 'F'`);
      return NdArray.fromBuffer(readDtype(qualname, dtype), readShape(qualname, shape), memoryOrder, buffer);
    }
  };
}
var CORE_MODULES, RECORD_MODULES, dtypeReconstructor, reconstructReconstructor, ndarrayReconstructor, scalarReconstructor, numpyClasses;
var init_numpy = __esm({
  "../core/src/classes/numpy.ts"() {
    
    init_import_meta_url();
    init_placeholders();
    init_py_types();
    init_arg_checks();
    init_ndarray();
    init_numpy_dtype();
    init_numpy_masked();
    init_numpy_scalar();
    CORE_MODULES = ["numpy.core", "numpy._core"];
    RECORD_MODULES = /* @__PURE__ */ new Set(["numpy", "numpy.rec", "numpy.core.records", "numpy._core.records"]);
    dtypeReconstructor = {
      construct(args) {
        expectArgCount("numpy.dtype", args, 1, 3);
        const type = args[0];
        if (type instanceof PyGlobal && type.name === "record" && RECORD_MODULES.has(type.module)) return NumpyDtype.record();
        return new NumpyDtype(readText("numpy.dtype", type));
      }
    };
    reconstructReconstructor = {
      construct(args, _kwargs, context) {
        expectArgCount("numpy.core.multiarray._reconstruct", args, 3, 3);
        const cls = args[0];
        return new NdArray(isPyObject(cls) ? cls.pyClass : "numpy.ndarray", context);
      }
    };
    ndarrayReconstructor = {
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
    scalarReconstructor = {
      construct(args, _kwargs, context) {
        const qualname = "numpy.core.multiarray.scalar";
        expectArgCount(qualname, args, 1, 2);
        const dtype = readDtype(qualname, args[0]);
        if (dtype.kind === "O") return args[1] ?? null;
        return new NumpyScalar(dtype, readBytes(qualname, args[1], context));
      }
    };
    numpyClasses = new Map([
      ["numpy.dtype", dtypeReconstructor],
      ["numpy.ndarray", ndarrayReconstructor],
      ["numpy.ma.core._mareconstruct", mareconstructReconstructor],
      ...CORE_MODULES.flatMap((core) => [
        [`${core}.multiarray._reconstruct`, reconstructReconstructor],
        [`${core}.multiarray.scalar`, scalarReconstructor],
        [`${core}.numeric._frombuffer`, frombufferReconstructor(`${core}.numeric._frombuffer`)]
      ])
    ]);
  }
});

// ../core/src/json/digit-pairs.ts
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
var DIGIT_PAIRS;
var init_digit_pairs = __esm({
  "../core/src/json/digit-pairs.ts"() {
    
    init_import_meta_url();
    DIGIT_PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 48 + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)));
  }
});

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
var init_int_digits = __esm({
  "../core/src/json/int-digits.ts"() {
    
    init_import_meta_url();
    init_digit_pairs();
  }
});

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
function writeLongFloatRepr(out, pos, value) {
  const magnitude = value < 0 ? -value : value;
  if (!(magnitude >= 1e-4 && magnitude < 1e16)) return -1;
  bits[0] = magnitude;
  return writeLongFloat(out, pos, value, magnitude, (words[HIGH] >>> 20 & 2047) - 1023);
}
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
var FEW_DECIMALS, FEW_SCALE, LOG10_2, POW10, bits, words, HIGH, MIN_LONG_EXPONENT, HALF_ULP, SPLITTER;
var init_float_digits = __esm({
  "../core/src/engine/float-digits.ts"() {
    
    init_import_meta_url();
    init_digit_pairs();
    init_int_digits();
    FEW_DECIMALS = 4;
    FEW_SCALE = 1e4;
    LOG10_2 = Math.log10(2);
    POW10 = new Float64Array(23).map((_, n) => 10 ** n);
    bits = new Float64Array(1);
    words = new Uint32Array(bits.buffer);
    HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
    MIN_LONG_EXPONENT = -14;
    HALF_ULP = new Float64Array(54 + 14).map((_, i) => 2 ** (i + MIN_LONG_EXPONENT - 53));
    SPLITTER = 134217729;
  }
});

// ../core/src/json/float-repr.ts
function floatRepr(value) {
  const magnitude = value < 0 ? -value : value;
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    const text3 = String(value);
    return Number.isInteger(value) ? `${text3}.0` : text3;
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
var init_float_repr = __esm({
  "../core/src/json/float-repr.ts"() {
    
    init_import_meta_url();
  }
});

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
var init_number_text = __esm({
  "../core/src/json/number-text.ts"() {
    
    init_import_meta_url();
    init_float_repr();
  }
});

// ../core/src/json/column-value.ts
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
    const text4 = String(value);
    for (let i = 0; i < text4.length; i++) buf[pos++] = text4.charCodeAt(i);
    return pos;
  }
  const text3 = floatJson(value);
  for (let i = 0; i < text3.length; i++) buf[pos++] = text3.charCodeAt(i);
  return pos;
}
var ColumnValue;
var init_column_value = __esm({
  "../core/src/json/column-value.ts"() {
    
    init_import_meta_url();
    init_float_digits();
    init_int_digits();
    init_number_text();
    ColumnValue = class {
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
  }
});

// ../core/src/json/base64.ts
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
function toBase64(bytes) {
  const scratch = new Uint8Array(base64Length(Math.min(bytes.length, SLICE_BYTES)));
  const parts = [];
  for (let start = 0; start < bytes.length; start += SLICE_BYTES) {
    const end = encodeBase64Into(bytes.subarray(start, start + SLICE_BYTES), scratch, 0);
    parts.push(String.fromCharCode.apply(null, scratch.subarray(0, end)));
  }
  return parts.join("");
}
var ALPHABET, PAD, CODES, PAIRS, SLICE_BYTES;
var init_base64 = __esm({
  "../core/src/json/base64.ts"() {
    
    init_import_meta_url();
    ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    PAD = 61;
    CODES = new Uint8Array(64);
    for (let i = 0; i < 64; i++) CODES[i] = ALPHABET.charCodeAt(i);
    PAIRS = new Uint16Array(4096);
    for (let i = 0; i < 4096; i++) PAIRS[i] = CODES[i >> 6] << 8 | CODES[i & 63];
    SLICE_BYTES = 8190;
  }
});

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
var init_key_text = __esm({
  "../core/src/json/key-text.ts"() {
    
    init_import_meta_url();
    init_py_types();
    init_float_repr();
    init_number_text();
  }
});

// ../core/src/json/output-error.ts
function isOutputError(value) {
  return value instanceof OutputError;
}
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
var OutputError;
var init_output_error = __esm({
  "../core/src/json/output-error.ts"() {
    
    init_import_meta_url();
    init_py_types();
    OutputError = class extends Error {
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
  }
});

// ../core/src/json/value-path.ts
function formatPath(prefix, steps) {
  let text3 = prefix;
  const count2 = steps.length;
  for (let i = 0; i < count2; i++) {
    if (count2 > MAX_SHOWN_STEPS && i === MAX_SHOWN_STEPS / 2) {
      const skipped = count2 - MAX_SHOWN_STEPS;
      text3 += `...(${skipped} more levels)...`;
      i += skipped - 1;
      continue;
    }
    const step = steps[i];
    text3 += "index" in step ? `[${step.index}]` : `[${JSON.stringify(step.key)}]`;
  }
  return text3;
}
var MAX_SHOWN_STEPS;
var init_value_path = __esm({
  "../core/src/json/value-path.ts"() {
    
    init_import_meta_url();
    MAX_SHOWN_STEPS = 24;
  }
});

// ../core/src/json/json-writer.ts
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
    const text3 = values[i].toString();
    for (let c = 0; c < text3.length; c++) buf[pos++] = text3.charCodeAt(c);
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
var ARRAY, DICT, MAP, SET, COLUMN, COLUMN_BATCH, CYCLE_CHECK_DEPTH, KEPT_FRAMES, MAX_KEY_NESTING, MAX_PLAIN_HOPS, NO_ITEMS, NO_KEYS, Frame, QUOTE, COMMA, COLON, OPEN_ARRAY, CLOSE_ARRAY, OPEN_OBJECT, CLOSE_OBJECT, INITIAL_BUFFER_BYTES, HAND_OVER_BYTES, SPILL_BYTES, utf8Encoder, utf8Decoder, NULL_BYTES, TRUE_BYTES, FALSE_BYTES, JsonWriter;
var init_json_writer = __esm({
  "../core/src/json/json-writer.ts"() {
    
    init_import_meta_url();
    init_py_types();
    init_base64();
    init_column_value();
    init_key_text();
    init_float_digits();
    init_int_digits();
    init_number_text();
    init_output_error();
    init_value_path();
    ARRAY = 0;
    DICT = 1;
    MAP = 2;
    SET = 3;
    COLUMN = 4;
    COLUMN_BATCH = 4096;
    CYCLE_CHECK_DEPTH = 64;
    KEPT_FRAMES = 1024;
    MAX_KEY_NESTING = 32;
    MAX_PLAIN_HOPS = 8;
    NO_ITEMS = [];
    NO_KEYS = [];
    Frame = class {
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
    QUOTE = 34;
    COMMA = 44;
    COLON = 58;
    OPEN_ARRAY = 91;
    CLOSE_ARRAY = 93;
    OPEN_OBJECT = 123;
    CLOSE_OBJECT = 125;
    INITIAL_BUFFER_BYTES = 64 * 1024;
    HAND_OVER_BYTES = 4 * 1024 * 1024;
    SPILL_BYTES = 4 * 1024 * 1024;
    utf8Encoder = new TextEncoder();
    utf8Decoder = new TextDecoder();
    NULL_BYTES = Uint8Array.from("null", (c) => c.charCodeAt(0));
    TRUE_BYTES = Uint8Array.from("true", (c) => c.charCodeAt(0));
    FALSE_BYTES = Uint8Array.from("false", (c) => c.charCodeAt(0));
    JsonWriter = class _JsonWriter {
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
      appendAscii(text3) {
        this.ascii(text3);
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
                const text3 = scalarKeyText(key) ?? this.compositeKeyText(key);
                if (index > 0) this.byte(COMMA);
                this.string(text3);
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
      ascii(text3) {
        const length = text3.length;
        this.reserve(length);
        const buf = this.buf;
        let pos = this.pos;
        for (let i = 0; i < length; i++) buf[pos++] = text3.charCodeAt(i);
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
      string(text3) {
        const length = text3.length;
        this.reserve(length + 2);
        const buf = this.buf;
        let pos = this.pos;
        buf[pos++] = QUOTE;
        for (let i = 0; i < length; i++) {
          const code = text3.charCodeAt(i);
          if (code < 32 || code === QUOTE || code === 92 || code > 126) {
            this.escapedString(text3);
            return;
          }
          buf[pos++] = code;
        }
        buf[pos++] = QUOTE;
        this.pos = pos;
      }
      escapedString(text3) {
        const json = JSON.stringify(text3);
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
  }
});

// ../core/src/classes/pandas/timestamps.ts
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
function isZoneInfoUnpickle(callee) {
  return callee instanceof PyInstance && callee.pyClass === "builtins.getattr" && callee.args[0] instanceof PyGlobal && callee.args[0].pyClass === "zoneinfo.ZoneInfo" && callee.args[1] === "_unpickle";
}
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
  let text3 = `${formatYear(year)}-${pad22(month)}-${pad22(day)}T${pad22(Math.floor(inDay / 3600))}:${pad22(Math.floor(inDay / 60) % 60)}:${pad22(inDay % 60)}`;
  if (nanos !== 0) {
    text3 += nanos % 1e3 === 0 ? `.${String(nanos / 1e3).padStart(6, "0")}` : `.${String(nanos).padStart(9, "0")}`;
  }
  if (offsetSeconds !== null) text3 += formatOffset(offsetSeconds);
  return text3;
}
function formatOffset(offsetSeconds) {
  const magnitude = Math.abs(offsetSeconds);
  let text3 = `${offsetSeconds < 0 ? "-" : "+"}${pad22(Math.floor(magnitude / 3600))}:${pad22(Math.floor(magnitude / 60) % 60)}`;
  if (magnitude % 60 !== 0) text3 += `:${pad22(magnitude % 60)}`;
  return text3;
}
function formatNanos(totalNanos, offsets) {
  const seconds = Number(totalNanos >= 0n ? totalNanos / 1000000000n : -((-totalNanos + 999999999n) / 1000000000n));
  const nanos = Number(totalNanos - BigInt(seconds) * 1000000000n);
  const offset = offsets === null ? null : offsets.at(seconds);
  return formatTimestamp(offset === null ? seconds : seconds + offset, nanos, offset);
}
function timedeltaSeconds(nanos) {
  const micros = nanos >= 0n ? nanos / 1000n : -((-nanos + 999n) / 1000n);
  if (micros >= -MAX_EXACT && micros <= MAX_EXACT) return timedeltaMicrosSeconds(Number(micros));
  const days = micros >= 0n ? micros / 86400000000n : -((-micros + 86399999999n) / 86400000000n);
  const rest = Number(micros - days * 86400000000n);
  const seconds = Math.floor(rest / 1e6);
  return Number(days) * 86400 + seconds + (rest - seconds * 1e6) / 1e6;
}
function timedeltaMicrosSeconds(micros) {
  const days = Math.floor(micros / 864e8);
  const rest = micros - days * 864e8;
  const seconds = Math.floor(rest / 1e6);
  return days * 86400 + seconds + (rest - seconds * 1e6) / 1e6;
}
function isMissing(value) {
  return value === null || value instanceof PdMissing || value instanceof PyGlobal && value.pyClass === "pandas._libs.missing.NA";
}
var RESO_DIGITS, NS_RESO, NANOS_PER_UNIT, zoneOf, zoneFormats, OFFSET_BUCKET_SECONDS, ZoneOffsets, pad22, PdTimestamp, MAX_EXACT, PdTimedelta, PdMissing, NAT2, timestampReconstructor, timedeltaReconstructor2, natReconstructor, pandasTimeClasses;
var init_timestamps = __esm({
  "../core/src/classes/pandas/timestamps.ts"() {
    
    init_import_meta_url();
    init_placeholders();
    init_arg_checks();
    init_plain_float();
    init_timedelta();
    RESO_DIGITS = { 7: 0, 8: 3, 9: 6, 10: 9 };
    NS_RESO = 10;
    NANOS_PER_UNIT = {
      D: 86400000000000n,
      h: 3600000000000n,
      m: 60000000000n,
      s: 1000000000n,
      ms: 1000000n,
      us: 1000n,
      \u03BCs: 1000n,
      ns: 1n
    };
    zoneOf = (name) => name === "UTC" ? { fixed: 0 } : { zone: name };
    zoneFormats = /* @__PURE__ */ new Map();
    OFFSET_BUCKET_SECONDS = 900;
    ZoneOffsets = class {
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
    pad22 = (value) => value < 10 ? `0${value}` : `${value}`;
    PdTimestamp = class {
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
    MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);
    PdTimedelta = class {
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
    PdMissing = class {
      constructor(pyClass) {
        this.pyClass = pyClass;
      }
      pyClass;
      toPlain() {
        return null;
      }
    };
    NAT2 = new PdMissing("pandas._libs.tslibs.nattype.NaTType");
    timestampReconstructor = {
      construct(args) {
        const qualname = "pandas._libs.tslibs.timestamps._unpickle_timestamp";
        expectArgCount(qualname, args, 3, 4);
        const reso = args.length > 3 ? Number(readInt(qualname, args[3])) : NS_RESO;
        return new PdTimestamp(readInt(qualname, args[0]) * nanosPerReso(qualname, reso), args[2] ?? null);
      }
    };
    timedeltaReconstructor2 = {
      construct(args) {
        const qualname = "pandas._libs.tslibs.timedeltas._timedelta_unpickle";
        expectArgCount(qualname, args, 1, 2);
        const reso = args.length > 1 ? Number(readInt(qualname, args[1])) : NS_RESO;
        return new PdTimedelta(readInt(qualname, args[0]) * nanosPerReso(qualname, reso));
      }
    };
    natReconstructor = {
      construct() {
        return NAT2;
      }
    };
    pandasTimeClasses = /* @__PURE__ */ new Map([
      ["pandas._libs.tslibs.timestamps._unpickle_timestamp", timestampReconstructor],
      ["pandas._libs.tslibs.timedeltas._timedelta_unpickle", timedeltaReconstructor2],
      ["pandas._libs.tslibs.nattype.__nat_unpickle", natReconstructor]
    ]);
  }
});

// ../core/src/classes/pandas/columns.ts
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
  const [rows2, columns] = array.shape;
  if (row < 0 || row >= rows2) throw new TypeError(`pandas: block row ${row} is outside its ${rows2} rows`);
  return array.order === "C" ? { data: array.data, start: row * columns, step: 1, length: columns } : { data: array.data, start: row, step: rows2, length: columns };
}
function writeDigits2(out, pos, value, width) {
  let rest = value | 0;
  for (let i = width - 1; i >= 0; i--) {
    const next = rest / 10 | 0;
    out[pos + i] = ZERO + rest - next * 10;
    rest = next;
  }
  return pos + width;
}
function writeText(out, pos, text3) {
  for (let i = 0; i < text3.length; i++) out[pos++] = text3.charCodeAt(i);
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
var ListColumn, NumpyColumn, NAT_BITS, QUOTE2, COMMA2, ZERO, NULL_TEXT, DatetimeColumn, UnknownValuesError, RowsSource;
var init_columns = __esm({
  "../core/src/classes/pandas/columns.ts"() {
    
    init_import_meta_url();
    init_column_value();
    init_digit_pairs();
    init_placeholders();
    init_arg_checks();
    init_ndarray();
    init_numpy_elements();
    init_plain_float();
    init_timestamps();
    ListColumn = class extends ColumnValue {
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
    NumpyColumn = class extends ColumnValue {
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
    NAT_BITS = -(2 ** 31);
    QUOTE2 = 34;
    COMMA2 = 44;
    ZERO = 48;
    NULL_TEXT = "null";
    DatetimeColumn = class extends ColumnValue {
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
    UnknownValuesError = class extends TypeError {
      constructor(valuesClass) {
        super(`pandas: column values of ${valuesClass} are not rebuilt`);
        this.valuesClass = valuesClass;
      }
      valuesClass;
    };
    RowsSource = class extends ColumnValue {
    };
  }
});

// ../core/src/classes/pandas/categorical.ts
var CategoricalColumn, MAX_COPIED_CATEGORIES, MAX_CATEGORY_JSON_BYTES, NULL_JSON;
var init_categorical = __esm({
  "../core/src/classes/pandas/categorical.ts"() {
    
    init_import_meta_url();
    init_column_value();
    init_json_writer();
    init_arg_checks();
    init_columns();
    CategoricalColumn = class extends ColumnValue {
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
            const text3 = json.take();
            texts.push(text3);
            if (text3.length > maxBytes) maxBytes = text3.length;
          }
        } catch {
          return null;
        }
        const codes = this.codes.numbers();
        if (codes === null) return null;
        const values = codes.values;
        const write = (index, out, pos) => {
          const code = Number(values[index]);
          const text3 = code < 0 ? NULL_JSON : texts[code];
          for (let i = 0; i < text3.length; i++) out[pos++] = text3[i];
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
    MAX_COPIED_CATEGORIES = 65536;
    MAX_CATEGORY_JSON_BYTES = 256;
    NULL_JSON = Uint8Array.from("null", (c) => c.charCodeAt(0));
  }
});

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
var init_state = __esm({
  "../core/src/classes/pandas/state.ts"() {
    
    init_import_meta_url();
    init_placeholders();
    init_arg_checks();
    init_dict_access();
  }
});

// ../core/src/classes/pandas/arrays.ts
function unbuilt(pyClass, state) {
  const plain = createDict();
  plain["__class__"] = pyClass;
  if (state !== void 0) plain["__state__"] = state;
  return plain;
}
function zoneName(tz) {
  const rule = zoneRule(tz);
  if (rule === null) return "?";
  return "zone" in rule ? rule.zone : rule.fixed === 0 ? "UTC" : `${rule.fixed}s`;
}
var KNOWN_BACKED, PdDtype, PdBackedArray, PdMaskedArray, ndarrayBackedReconstructor, stateful, DTYPES, MASKED_ARRAYS, pandasArrayClasses;
var init_arrays = __esm({
  "../core/src/classes/pandas/arrays.ts"() {
    
    init_import_meta_url();
    init_column_value();
    init_py_types();
    init_placeholders();
    init_arg_checks();
    init_ndarray();
    init_categorical();
    init_columns();
    init_state();
    init_timestamps();
    KNOWN_BACKED = /* @__PURE__ */ new Set(["DatetimeArray", "TimedeltaArray", "Categorical", "StringArray", "PandasArray", "NumpyExtensionArray"]);
    PdDtype = class {
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
    PdBackedArray = class extends ColumnValue {
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
    PdMaskedArray = class extends ColumnValue {
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
    ndarrayBackedReconstructor = {
      construct(args) {
        const qualname = "pandas._libs.arrays.__pyx_unpickle_NDArrayBacked";
        expectArgCount(qualname, args, 2, 3);
        const array = new PdBackedArray(className2(qualname, args[0]));
        if (args[2] !== void 0 && args[2] !== null) array.setState(args[2]);
        return array;
      }
    };
    stateful = (make) => (qualname) => [
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
    DTYPES = [
      "pandas.core.dtypes.dtypes.CategoricalDtype",
      "pandas.core.dtypes.dtypes.DatetimeTZDtype",
      "pandas.core.arrays.boolean.BooleanDtype",
      "pandas.core.arrays.string_.StringDtype",
      ...["Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64"].map((name) => `pandas.core.arrays.integer.${name}Dtype`),
      ...["Float32", "Float64"].map((name) => `pandas.core.arrays.floating.${name}Dtype`)
    ];
    MASKED_ARRAYS = ["pandas.core.arrays.integer.IntegerArray", "pandas.core.arrays.floating.FloatingArray", "pandas.core.arrays.boolean.BooleanArray"];
    pandasArrayClasses = new Map([
      ["pandas._libs.arrays.__pyx_unpickle_NDArrayBacked", ndarrayBackedReconstructor],
      ...DTYPES.map(stateful((qualname) => new PdDtype(qualname))),
      ...MASKED_ARRAYS.map(stateful((qualname) => new PdMaskedArray(qualname)))
    ]);
  }
});

// ../core/src/classes/pandas/index.ts
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
var PdIndex, MAX_RANGE_LENGTH, RangeColumn, MultiColumn, pandasIndexClasses;
var init_pandas = __esm({
  "../core/src/classes/pandas/index.ts"() {
    
    init_import_meta_url();
    init_column_value();
    init_int_digits();
    init_py_types();
    init_arg_checks();
    init_ndarray();
    init_plain_float();
    init_columns();
    init_state();
    init_timestamps();
    PdIndex = class extends ColumnValue {
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
    MAX_RANGE_LENGTH = 2 ** 32 - 1;
    RangeColumn = class extends ColumnValue {
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
    MultiColumn = class extends ColumnValue {
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
    pandasIndexClasses = /* @__PURE__ */ new Map([
      ["pandas.core.indexes.base._new_Index", indexReconstructor("pandas.core.indexes.base._new_Index")],
      ["pandas.core.indexes.datetimes._new_DatetimeIndex", indexReconstructor("pandas.core.indexes.datetimes._new_DatetimeIndex")]
    ]);
  }
});

// ../core/src/classes/pandas/frame.ts
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
var PdBlock, PdBlockManager, PdDataFrame, blockReconstructor, frameReconstructor, pandasFrameClasses;
var init_frame = __esm({
  "../core/src/classes/pandas/frame.ts"() {
    
    init_import_meta_url();
    init_column_value();
    init_placeholders();
    init_arg_checks();
    init_ndarray();
    init_arrays();
    init_columns();
    init_pandas();
    init_state();
    PdBlock = class {
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
    PdBlockManager = class {
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
    PdDataFrame = class {
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
    blockReconstructor = {
      construct(args) {
        const qualname = "pandas._libs.internals._unpickle_block";
        expectArgCount(qualname, args, 2, 3);
        return new PdBlock(args[0], args[1]);
      }
    };
    frameReconstructor = {
      construct(args) {
        if (args.length > 0) return new PyInstance("pandas.core.frame", "DataFrame", args);
        return new PdDataFrame();
      }
    };
    pandasFrameClasses = new Map([
      ["pandas.core.frame.DataFrame", frameReconstructor],
      ["pandas._libs.internals._unpickle_block", blockReconstructor],
      ...["BlockManager", "SingleBlockManager"].map((name) => [
        `pandas.core.internals.managers.${name}`,
        managerReconstructor(`pandas.core.internals.managers.${name}`)
      ])
    ]);
  }
});

// ../core/src/classes/pandas/series.ts
var PdSeries, seriesReconstructor, pandasSeriesClasses;
var init_series = __esm({
  "../core/src/classes/pandas/series.ts"() {
    
    init_import_meta_url();
    init_py_types();
    init_placeholders();
    init_arg_checks();
    init_arrays();
    init_columns();
    init_frame();
    init_state();
    PdSeries = class {
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
    seriesReconstructor = {
      construct(args) {
        if (args.length > 0) return new PyInstance("pandas.core.series", "Series", args);
        return new PdSeries();
      }
    };
    pandasSeriesClasses = /* @__PURE__ */ new Map([["pandas.core.series.Series", seriesReconstructor]]);
  }
});

// ../core/src/classes/pandas/registry.ts
var pandasClasses;
var init_registry = __esm({
  "../core/src/classes/pandas/registry.ts"() {
    
    init_import_meta_url();
    init_arrays();
    init_frame();
    init_pandas();
    init_series();
    init_timestamps();
    pandasClasses = new Map([
      ...pandasTimeClasses,
      ...pandasArrayClasses,
      ...pandasIndexClasses,
      ...pandasFrameClasses,
      ...pandasSeriesClasses
    ]);
  }
});

// ../core/src/classes/pathlib.ts
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
var PyPath, isComponent, CLASS_FLAVOURS, pathlibClasses;
var init_pathlib = __esm({
  "../core/src/classes/pathlib.ts"() {
    
    init_import_meta_url();
    init_arg_checks();
    PyPath = class {
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
    isComponent = (name) => name !== "" && name !== ".";
    CLASS_FLAVOURS = [
      ["PurePath", "posix"],
      ["Path", "posix"],
      ["PurePosixPath", "posix"],
      ["PosixPath", "posix"],
      ["PureWindowsPath", "windows"],
      ["WindowsPath", "windows"]
    ];
    pathlibClasses = new Map(
      CLASS_FLAVOURS.flatMap(
        ([name, flavour]) => ["pathlib", "pathlib._local"].map((module2) => [
          `${module2}.${name}`,
          pathReconstructor(`${module2}.${name}`, flavour)
        ])
      )
    );
  }
});

// ../core/src/classes/joblib.ts
function hasRawPayload(value) {
  return value instanceof JoblibArrayWrapper && value.isBuilt;
}
function holdsObjects(dtype) {
  if (dtype.kind === "O") return true;
  if (dtype.subarray !== null && holdsObjects(dtype.subarray.base)) return true;
  return dtype.fields !== null && [...dtype.fields.values()].some((field) => holdsObjects(field.dtype));
}
var JoblibArrayWrapper, wrapper, joblibClasses;
var init_joblib = __esm({
  "../core/src/classes/joblib.ts"() {
    
    init_import_meta_url();
    init_py_types();
    init_placeholders();
    init_arg_checks();
    init_dict_access();
    init_ndarray();
    init_numpy_dtype();
    JoblibArrayWrapper = class {
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
    wrapper = {
      construct() {
        return new JoblibArrayWrapper();
      }
    };
    joblibClasses = /* @__PURE__ */ new Map([["joblib.numpy_pickle.NumpyArrayWrapper", wrapper]]);
  }
});

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
var MARK, STOP, POP, POP_MARK, DUP, FLOAT, INT, BININT, BININT1, LONG, BININT2, NONE, PERSID, BINPERSID, REDUCE, STRING, BINSTRING, SHORT_BINSTRING, UNICODE, BINUNICODE, APPEND, BUILD, GLOBAL, DICT2, EMPTY_DICT, APPENDS, GET, BINGET, INST, LONG_BINGET, LIST, EMPTY_LIST, OBJ, PUT, BINPUT, LONG_BINPUT, SETITEM, TUPLE, EMPTY_TUPLE, SETITEMS, BINFLOAT, PROTO, NEWOBJ, EXT1, EXT2, EXT4, TUPLE1, TUPLE2, TUPLE3, NEWTRUE, NEWFALSE, LONG1, LONG4, BINBYTES, SHORT_BINBYTES, SHORT_BINUNICODE, BINUNICODE8, BINBYTES8, EMPTY_SET, ADDITEMS, FROZENSET, NEWOBJ_EX, STACK_GLOBAL, MEMOIZE, FRAME, BYTEARRAY8, NEXT_BUFFER, READONLY_BUFFER;
var init_codes = __esm({
  "../core/src/opcodes/codes.ts"() {
    
    init_import_meta_url();
    MARK = 40;
    STOP = 46;
    POP = 48;
    POP_MARK = 49;
    DUP = 50;
    FLOAT = 70;
    INT = 73;
    BININT = 74;
    BININT1 = 75;
    LONG = 76;
    BININT2 = 77;
    NONE = 78;
    PERSID = 80;
    BINPERSID = 81;
    REDUCE = 82;
    STRING = 83;
    BINSTRING = 84;
    SHORT_BINSTRING = 85;
    UNICODE = 86;
    BINUNICODE = 88;
    APPEND = 97;
    BUILD = 98;
    GLOBAL = 99;
    DICT2 = 100;
    EMPTY_DICT = 125;
    APPENDS = 101;
    GET = 103;
    BINGET = 104;
    INST = 105;
    LONG_BINGET = 106;
    LIST = 108;
    EMPTY_LIST = 93;
    OBJ = 111;
    PUT = 112;
    BINPUT = 113;
    LONG_BINPUT = 114;
    SETITEM = 115;
    TUPLE = 116;
    EMPTY_TUPLE = 41;
    SETITEMS = 117;
    BINFLOAT = 71;
    PROTO = 128;
    NEWOBJ = 129;
    EXT1 = 130;
    EXT2 = 131;
    EXT4 = 132;
    TUPLE1 = 133;
    TUPLE2 = 134;
    TUPLE3 = 135;
    NEWTRUE = 136;
    NEWFALSE = 137;
    LONG1 = 138;
    LONG4 = 139;
    BINBYTES = 66;
    SHORT_BINBYTES = 67;
    SHORT_BINUNICODE = 140;
    BINUNICODE8 = 141;
    BINBYTES8 = 142;
    EMPTY_SET = 143;
    ADDITEMS = 144;
    FROZENSET = 145;
    NEWOBJ_EX = 146;
    STACK_GLOBAL = 147;
    MEMOIZE = 148;
    FRAME = 149;
    BYTEARRAY8 = 150;
    NEXT_BUFFER = 151;
    READONLY_BUFFER = 152;
  }
});

// ../core/src/decoder/frame-rule.ts
function frameEndOf(frameOffset, lengthLow, lengthHigh) {
  return frameOffset + FRAME_HEADER_BYTES + lengthLow + lengthHigh * 2 ** 32;
}
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
var FRAME_HEADER_BYTES, WHY;
var init_frame_rule = __esm({
  "../core/src/decoder/frame-rule.ts"() {
    
    init_import_meta_url();
    init_codes();
    FRAME_HEADER_BYTES = 9;
    WHY = "CPython's unpickler reads such a pickle differently from a file than from bytes";
  }
});

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
var init_claimed_length = __esm({
  "../core/src/decoder/claimed-length.ts"() {
    
    init_import_meta_url();
    init_codes();
    init_arg_kinds();
  }
});

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
var init_settings = __esm({
  "../core/src/decoder/settings.ts"() {
    
    init_import_meta_url();
  }
});

// ../core/src/decoder/numbers.ts
function normalizeInt(value) {
  return value <= MAX_SAFE2 && value >= MIN_SAFE2 ? Number(value) : value;
}
function asciiText(bytes, start, end) {
  let text3 = "";
  for (let i = start; i < end; i++) text3 += String.fromCharCode(bytes[i]);
  return text3;
}
function parseDecimalInt(text3) {
  const match = INT_TEXT.exec(text3);
  if (match === null) throw new TypeError(`invalid literal for int(): ${JSON.stringify(text3.slice(0, 40))}`);
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
function parseFloatLine(bytes, start, end) {
  const text3 = asciiText(bytes, start, end);
  if (!FLOAT_TEXT.test(text3)) throw new TypeError(`could not convert string to float: ${JSON.stringify(text3.slice(0, 40))}`);
  const cleaned = text3.trim().replace(/_/g, "").toLowerCase();
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
  let hex3 = "";
  for (let i = length - 1; i >= 0; i--) {
    const byte = bytes[start + i];
    hex3 += (byte < 16 ? "0" : "") + byte.toString(16);
  }
  let value = BigInt(`0x${hex3}`);
  if (bytes[start + length - 1] & 128) value -= 1n << BigInt(8 * length);
  return normalizeInt(value);
}
var MAX_SAFE2, MIN_SAFE2, INT_TEXT, FLOAT_TEXT;
var init_numbers = __esm({
  "../core/src/decoder/numbers.ts"() {
    
    init_import_meta_url();
    MAX_SAFE2 = BigInt(Number.MAX_SAFE_INTEGER);
    MIN_SAFE2 = BigInt(Number.MIN_SAFE_INTEGER);
    INT_TEXT = /^[ \t\n\r\f\v]*([+-]?)(\d(?:_?\d)*)[ \t\n\r\f\v]*$/;
    FLOAT_TEXT = /^[ \t\n\r\f\v]*[+-]?(?:(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?|inf(?:inity)?|nan)[ \t\n\r\f\v]*$/i;
  }
});

// ../core/src/decoder/text.ts
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
  let text3 = "";
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
      text3 += String.fromCharCode.apply(null, units);
      units.length = 0;
    }
  }
  return text3 + String.fromCharCode.apply(null, units);
}
function continuation(bytes, index, end) {
  if (index >= end) throw new TypeError("truncated UTF-8 sequence");
  const byte = bytes[index];
  if ((byte & 192) !== 128) throw new TypeError(`invalid UTF-8 continuation byte 0x${byte.toString(16)}`);
  return byte & 63;
}
function decodeLatin1(bytes, start, length) {
  const end = start + length;
  if (length < SMALL_STRING_BYTES) return shortAscii(bytes, start, length);
  if (nodeLatin1Slice !== void 0) return nodeLatin1Slice.call(bytes, start, end);
  let text3 = "";
  for (let i = start; i < end; i += APPLY_CHUNK) {
    text3 += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + APPLY_CHUNK)));
  }
  return text3;
}
function decodeAscii(bytes, start, length) {
  for (let i = start; i < start + length; i++) {
    if (bytes[i] >= 128) {
      throw new TypeError(`byte 0x${bytes[i].toString(16)} is not ASCII (pass encoding "latin1" or "bytes" for Python 2 data)`);
    }
  }
  return decodeLatin1(bytes, start, length);
}
function encodeLatin1(text3) {
  const bytes = new Uint8Array(text3.length);
  for (let i = 0; i < text3.length; i++) {
    const code = text3.charCodeAt(i);
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
  let text3 = "";
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
      text3 += String.fromCharCode.apply(null, units);
      units.length = 0;
    }
  }
  return text3 + String.fromCharCode.apply(null, units);
}
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
var utf8Fatal, SMALL_STRING_BYTES, APPLY_CHUNK, shortUnits, nodeLatin1Slice, SIMPLE_ESCAPES;
var init_text = __esm({
  "../core/src/decoder/text.ts"() {
    
    init_import_meta_url();
    utf8Fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    SMALL_STRING_BYTES = 25;
    APPLY_CHUNK = 8192;
    shortUnits = new Uint16Array(SMALL_STRING_BYTES);
    nodeLatin1Slice = globalThis.Buffer?.prototype?.latin1Slice;
    SIMPLE_ESCAPES = {
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
  }
});

// ../core/src/disasm/read-argument.ts
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
    const module2 = decodeWith(context, () => decode(bytes, start, moduleEnd - start));
    const name = decodeWith(context, () => decode(bytes, moduleEnd + 1, nameEnd - moduleEnd - 1));
    context.end = nameEnd + 1;
    return [module2, name];
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
var DEFAULTS, DEFAULT_LIMITS;
var init_read_argument = __esm({
  "../core/src/disasm/read-argument.ts"() {
    
    init_import_meta_url();
    init_errors();
    init_arg_kinds();
    init_claimed_length();
    init_settings();
    init_frame_rule();
    init_numbers();
    init_text();
    DEFAULTS = resolveSettings();
    DEFAULT_LIMITS = {
      maxBytesLength: DEFAULTS.maxBytesLength,
      maxIntBytes: DEFAULTS.maxIntBytes
    };
  }
});

// ../core/src/disasm/genops.ts
function checkInput(bytes, start) {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`Expected a Uint8Array of pickle bytes, got ${bytes === null ? "null" : typeof bytes}`);
  }
  if (!Number.isSafeInteger(start) || start < 0 || start > bytes.length) {
    throw new RangeError(`Expected start to be an integer from 0 to ${bytes.length}, got ${start}`);
  }
}
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
var NO_LIMITS, OpCursor, OPCODES2;
var init_genops = __esm({
  "../core/src/disasm/genops.ts"() {
    
    init_import_meta_url();
    init_errors();
    init_frame_rule();
    init_codes();
    init_table();
    init_read_argument();
    NO_LIMITS = { maxBytesLength: Number.POSITIVE_INFINITY, maxIntBytes: Number.POSITIVE_INFINITY };
    OpCursor = class {
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
    OPCODES2 = Array.from(
      { length: 256 },
      (_, code) => ARG_SIZE[code] === NOT_AN_OPCODE ? void 0 : opcodeByCode(code)
    );
  }
});

// ../core/src/containers/zip.ts
function looksLikeZip(bytes) {
  if (bytes.length < 4 || bytes[0] !== 80 || bytes[1] !== 75) return false;
  return bytes[2] === 3 && bytes[3] === 4 || bytes[2] === 5 && bytes[3] === 6;
}
function zipError(reason, offset, code = "BAD_ARGUMENT") {
  return new PickleError(`zip archive: ${reason}`, { code, offset, opcode: -1, recordIndex: 0 });
}
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
function decodeName(bytes, utf84) {
  let ascii = true;
  for (const byte of bytes) if (byte > 127) ascii = false;
  if (ascii || !utf84) {
    let text3 = "";
    for (const byte of bytes) text3 += String.fromCharCode(byte);
    return text3;
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
var LOCAL_HEADER, CENTRAL_HEADER, END_OF_CENTRAL, ZIP64_END, ZIP64_LOCATOR, END_SIZE, CENTRAL_SIZE, LOCAL_SIZE, ZIP64_END_SIZE, LOCATOR_SIZE, MAX_COMMENT, ZipArchive, crcTables;
var init_zip = __esm({
  "../core/src/containers/zip.ts"() {
    
    init_import_meta_url();
    init_errors();
    LOCAL_HEADER = 67324752;
    CENTRAL_HEADER = 33639248;
    END_OF_CENTRAL = 101010256;
    ZIP64_END = 101075792;
    ZIP64_LOCATOR = 117853008;
    END_SIZE = 22;
    CENTRAL_SIZE = 46;
    LOCAL_SIZE = 30;
    ZIP64_END_SIZE = 56;
    LOCATOR_SIZE = 20;
    MAX_COMMENT = 65535;
    ZipArchive = class {
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
  }
});

// ../core/src/containers/torch-file.ts
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
var LEGACY_MAGIC, LEGACY_HEAD, LEGACY_PROTOCOL;
var init_torch_file = __esm({
  "../core/src/containers/torch-file.ts"() {
    
    init_import_meta_url();
    init_torch();
    init_genops();
    init_errors();
    init_unpickler();
    init_zip();
    LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
    LEGACY_HEAD = Uint8Array.of(128, 2, 138, 10, 108, 252, 156, 70, 249, 32, 106, 168, 80, 25);
    LEGACY_PROTOCOL = 1001;
  }
});

// ../core/src/classes/torch.ts
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
function torchDtypeGlobal(module2, name) {
  if (module2 !== "torch") return void 0;
  const info = dtypeNamed(name);
  return info === void 0 ? void 0 : new TorchDtype(module2, name, info);
}
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
var dtypeInfo, DTYPES2, DTYPE_ALIASES, STORAGE_DTYPES, TorchDtype, TorchStorage, MAX_BROADCAST_ELEMENTS, MAX_LISTS_WITHOUT_DATA, TorchTensor, TensorRow, MIN_SAFE3, MAX_SAFE3, rebuildTensorV3, rebuildParameter, rebuildFromType, size, device, loadFromBytes, torchClasses;
var init_torch = __esm({
  "../core/src/classes/torch.ts"() {
    
    init_import_meta_url();
    init_torch_file();
    init_column_value();
    init_py_types();
    init_placeholders();
    init_arg_checks();
    init_ndarray();
    init_numpy_dtype();
    init_numpy_elements();
    dtypeInfo = (name, itemsize, numpy) => ({ name: `torch.${name}`, itemsize, numpy });
    DTYPES2 = new Map(
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
    DTYPE_ALIASES = {
      float: "float32",
      double: "float64",
      half: "float16",
      short: "int16",
      int: "int32",
      long: "int64",
      cfloat: "complex64",
      cdouble: "complex128"
    };
    STORAGE_DTYPES = {
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
    TorchDtype = class extends PyGlobal {
      info;
      constructor(module2, name, info) {
        super(module2, name);
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
    TorchStorage = class {
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
    MAX_BROADCAST_ELEMENTS = 1 << 24;
    MAX_LISTS_WITHOUT_DATA = 1 << 20;
    TorchTensor = class {
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
    TensorRow = class extends ColumnValue {
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
    MIN_SAFE3 = BigInt(Number.MIN_SAFE_INTEGER);
    MAX_SAFE3 = BigInt(Number.MAX_SAFE_INTEGER);
    rebuildTensorV3 = {
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
    rebuildParameter = {
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
    rebuildFromType = {
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
    size = {
      construct(args) {
        expectArgCount("torch.Size", args, 0, 1);
        const dims = args[0] ?? [];
        if (!isTuple(dims) && !Array.isArray(dims)) throw new TypeError(`torch.Size: expected a tuple, got ${describeValue(dims)}`);
        return dims;
      }
    };
    device = {
      construct(args) {
        expectArgCount("torch.device", args, 1, 2);
        const type = readString("torch.device", args[0]);
        return args.length === 2 && args[1] !== null ? `${type}:${readSafeInt("torch.device", args[1])}` : type;
      }
    };
    loadFromBytes = {
      construct(args, _kwargs, context) {
        const qualname = "torch.storage._load_from_bytes";
        expectArgCount(qualname, args, 1, 1);
        const bytes = args[0];
        if (!(bytes instanceof Uint8Array)) throw new TypeError(`${qualname}: expected bytes, got ${describeValue(bytes)}`);
        return loadLegacyTorch(bytes, { dict: context.dictMode });
      }
    };
    torchClasses = /* @__PURE__ */ new Map([
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
  }
});

// ../core/src/classes/uuid.ts
function checkRange2(int) {
  if (int < 0n || int > MAX_UUID) throw new TypeError("uuid.UUID: int is out of range (need 0 <= int < 1<<128)");
  return int;
}
var MAX_UUID, PyUuid, uuidReconstructor, uuidClasses;
var init_uuid = __esm({
  "../core/src/classes/uuid.ts"() {
    
    init_import_meta_url();
    init_py_types();
    init_arg_checks();
    init_dict_access();
    MAX_UUID = (1n << 128n) - 1n;
    PyUuid = class {
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
        const hex3 = this.int.toString(16).padStart(32, "0");
        return `${hex3.slice(0, 8)}-${hex3.slice(8, 12)}-${hex3.slice(12, 16)}-${hex3.slice(16, 20)}-${hex3.slice(20)}`;
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
    uuidReconstructor = {
      construct(args) {
        const qualname = "uuid.UUID";
        expectArgCount(qualname, args, 0, 1);
        if (args.length === 0) return new PyUuid();
        const hex3 = readString(qualname, args[0]).replace(/^urn:|^uuid:/gi, "").replace(/[{}-]/g, "");
        if (!/^[0-9a-f]{32}$/i.test(hex3)) throw new TypeError(`${qualname}: badly formed hexadecimal UUID string`);
        return new PyUuid(BigInt(`0x${hex3}`));
      }
    };
    uuidClasses = /* @__PURE__ */ new Map([["uuid.UUID", uuidReconstructor]]);
  }
});

// ../core/src/classes/builtin-registry.ts
var builtinClasses;
var init_builtin_registry = __esm({
  "../core/src/classes/builtin-registry.ts"() {
    
    init_import_meta_url();
    init_builtins();
    init_collections();
    init_datetime();
    init_decimal();
    init_fractions();
    init_function_pickles();
    init_numpy();
    init_registry();
    init_pathlib();
    init_joblib();
    init_torch();
    init_uuid();
    builtinClasses = new Map([
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
  }
});

// ../core/src/opcodes/arg-header.ts
var ARG_HEADER;
var init_arg_header = __esm({
  "../core/src/opcodes/arg-header.ts"() {
    
    init_import_meta_url();
    init_arg_kinds();
    init_table();
    ARG_HEADER = (() => {
      const header2 = new Uint8Array(256);
      for (let op = 0; op < 256; op++) {
        const size2 = ARG_SIZE[op];
        header2[op] = size2 >= 0 ? size2 : lengthPrefixBytes(size2);
      }
      return header2;
    })();
  }
});

// ../core/src/decoder/carry.ts
function knownEnd(op, start) {
  const size2 = ARG_SIZE[op];
  return size2 >= 0 || size2 <= TAKEN_FROM_ARGUMENT1 ? start + 1 + ARG_HEADER[op] : null;
}
var OpcodeCarry;
var init_carry = __esm({
  "../core/src/decoder/carry.ts"() {
    
    init_import_meta_url();
    init_arg_kinds();
    init_codes();
    init_table();
    init_arg_header();
    init_frame_rule();
    OpcodeCarry = class {
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
  }
});

// ../core/src/classes/fix-imports-data.ts
var NAME_MAPPING_ROWS, IMPORT_MAPPING_ROWS;
var init_fix_imports_data = __esm({
  "../core/src/classes/fix-imports-data.ts"() {
    
    init_import_meta_url();
    NAME_MAPPING_ROWS = [
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
    IMPORT_MAPPING_ROWS = [
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
  }
});

// ../core/src/classes/fix-imports.ts
function fixImports(module2, name) {
  const renamed = nameMapping.get(`${module2}
${name}`);
  if (renamed !== void 0) return [renamed[0], renamed[1]];
  return [importMapping.get(module2) ?? module2, name];
}
var nameMapping, importMapping;
var init_fix_imports = __esm({
  "../core/src/classes/fix-imports.ts"() {
    
    init_import_meta_url();
    init_fix_imports_data();
    nameMapping = new Map(
      NAME_MAPPING_ROWS.map(([module2, name, module3, name3]) => [`${module2}
${name}`, [module3, name3]])
    );
    importMapping = new Map(IMPORT_MAPPING_ROWS);
  }
});

// ../core/src/decoder/class-resolver.ts
var ClassResolver;
var init_class_resolver = __esm({
  "../core/src/decoder/class-resolver.ts"() {
    
    init_import_meta_url();
    init_fix_imports();
    init_torch();
    init_placeholders();
    ClassResolver = class {
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
      resolve(module2, name, proto) {
        if (this.isFixingImports && proto < 3) [module2, name] = fixImports(module2, name);
        const key = `${module2}
${name}`;
        let global = this.globals.get(key);
        if (global === void 0) {
          global = torchDtypeGlobal(module2, name) ?? new PyGlobal(module2, name);
          this.globals.set(key, global);
          const qualified = `${module2}.${name}`;
          const reconstructor = this.userClasses.get(qualified) ?? this.builtinClasses.get(qualified);
          if (reconstructor !== void 0) this.reconstructors.set(global, reconstructor);
        }
        return global;
      }
      reconstructorOf(global) {
        return this.reconstructors.get(global);
      }
    };
  }
});

// ../core/src/json/output-budget.ts
function defaultOutputBudget(inputBytes2) {
  if (inputBytes2 === void 0) return MIN_DEFAULT_OUTPUT_BYTES;
  if (typeof inputBytes2 !== "number" || !(inputBytes2 >= 0)) {
    throw new RangeError(`inputBytes must be a non-negative number, got ${String(inputBytes2)}`);
  }
  return Math.max(MIN_DEFAULT_OUTPUT_BYTES, DEFAULT_OUTPUT_PER_INPUT_BYTE * inputBytes2);
}
var MIN_DEFAULT_OUTPUT_BYTES, DEFAULT_OUTPUT_PER_INPUT_BYTE;
var init_output_budget = __esm({
  "../core/src/json/output-budget.ts"() {
    
    init_import_meta_url();
    MIN_DEFAULT_OUTPUT_BYTES = 64 * 1024 * 1024;
    DEFAULT_OUTPUT_PER_INPUT_BYTE = 64;
  }
});

// ../core/src/json/to-json.ts
function resolveToJsonOptions(options) {
  if (options === void 0) return { maxOutputBytes: defaultOutputBudget(), recordIndex: void 0 };
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`toJson options must be an object, got ${options === null ? "null" : typeof options}`);
  }
  const { maxOutputBytes, inputBytes: inputBytes2, recordIndex } = options;
  if (maxOutputBytes !== void 0 && !(typeof maxOutputBytes === "number" && maxOutputBytes >= 0)) {
    throw new RangeError(`maxOutputBytes must be a non-negative number (Infinity for no limit), got ${String(maxOutputBytes)}`);
  }
  if (recordIndex !== void 0 && !(Number.isSafeInteger(recordIndex) && recordIndex >= 0)) {
    throw new RangeError(`recordIndex must be a non-negative integer, got ${String(recordIndex)}`);
  }
  return { maxOutputBytes: maxOutputBytes ?? defaultOutputBudget(inputBytes2), recordIndex };
}
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
var shared;
var init_to_json = __esm({
  "../core/src/json/to-json.ts"() {
    
    init_import_meta_url();
    init_json_writer();
    init_output_budget();
    shared = null;
  }
});

// ../core/src/decoder/dict-keys.ts
function dictKeyText(key) {
  return scalarKeyText(key) ?? toJson(key);
}
var init_dict_keys = __esm({
  "../core/src/decoder/dict-keys.ts"() {
    
    init_import_meta_url();
    init_key_text();
    init_to_json();
  }
});

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
var init_containers = __esm({
  "../core/src/decoder/containers.ts"() {
    
    init_import_meta_url();
    init_dict_keys();
    init_py_types();
  }
});

// ../core/src/classes/registry.ts
function isStateful(value) {
  return typeof value === "object" && value !== null && typeof value.setState === "function";
}
function isCallableValue(value) {
  return typeof value === "object" && value !== null && typeof value.callWith === "function";
}
var init_registry2 = __esm({
  "../core/src/classes/registry.ts"() {
    
    init_import_meta_url();
  }
});

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
var init_describe_value = __esm({
  "../core/src/decoder/describe-value.ts"() {
    
    init_import_meta_url();
    init_placeholders();
    init_py_types();
  }
});

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
var StateRefused;
var init_calls = __esm({
  "../core/src/decoder/calls.ts"() {
    
    init_import_meta_url();
    init_dict_class();
    init_registry2();
    init_errors();
    init_placeholders();
    init_py_types();
    init_describe_value();
    init_dict_keys();
    StateRefused = class extends Error {
      constructor(code, reason, options) {
        super(reason, options);
        this.code = code;
      }
      code;
    };
  }
});

// ../core/src/decoder/dense-memo.ts
var CHUNK_BITS, CHUNK, MASK, DenseMemo;
var init_dense_memo = __esm({
  "../core/src/decoder/dense-memo.ts"() {
    
    init_import_meta_url();
    CHUNK_BITS = 16;
    CHUNK = 1 << CHUNK_BITS;
    MASK = CHUNK - 1;
    DenseMemo = class {
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
  }
});

// ../core/src/decoder/memo-table.ts
function memoMissingReason(index, slot, hadEarlier) {
  if (slot === DROPPED) return `memo key ${index} was dropped by entries mode (memoIndicesRead did not list it)`;
  let reason = `memo key ${index} is missing`;
  if (hadEarlier) {
    reason += `; an earlier record's memo had it: this stream was written by one Pickler, decode it with memo: "shared"`;
  }
  return reason;
}
var DROPPED, HOLE, MAX_MEMO_GAP, MemoTable;
var init_memo_table = __esm({
  "../core/src/decoder/memo-table.ts"() {
    
    init_import_meta_url();
    init_dense_memo();
    DROPPED = /* @__PURE__ */ Symbol("dropped memo entry");
    HOLE = /* @__PURE__ */ Symbol("memo hole");
    MAX_MEMO_GAP = 1024;
    MemoTable = class {
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
  }
});

// ../core/src/decoder/payload-values.ts
function payloadBytes(bytes, start, length, isOwned) {
  return isOwned || length >= VIEW_MIN_BYTES ? bytes.subarray(start, start + length) : copyBytes(bytes, start, length);
}
function byteArrayValue(bytes, start, length, isOwned) {
  if (isOwned || length >= VIEW_MIN_BYTES) return new PyByteArray(bytes.buffer, bytes.byteOffset + start, length);
  const array = new PyByteArray(length);
  array.set(bytes.subarray(start, start + length));
  return array;
}
function py2StringValue(encoding, py2Raw, bytes, start, length, isOwned, latin1Text2) {
  switch (encoding) {
    case "latin1": {
      const text3 = latin1Text2 ?? decodeLatin1(bytes, start, length);
      if (length >= PY2_RAW_LATIN1_BYTES) py2Raw.set(text3, payloadBytes(bytes, start, length, isOwned));
      return text3;
    }
    case "bytes":
      return payloadBytes(bytes, start, length, isOwned);
    default: {
      const text3 = encoding === "ascii" ? decodeAscii(bytes, start, length) : decodeUtf8(bytes, start, length);
      if (length >= 64) py2Raw.set(text3, payloadBytes(bytes, start, length, isOwned));
      return text3;
    }
  }
}
function copyBytes(bytes, start, length) {
  const copy = new Uint8Array(length);
  copy.set(bytes.subarray(start, start + length));
  return copy;
}
var VIEW_MIN_BYTES, PY2_RAW_LATIN1_BYTES;
var init_payload_values = __esm({
  "../core/src/decoder/payload-values.ts"() {
    
    init_import_meta_url();
    init_py_types();
    init_text();
    VIEW_MIN_BYTES = 1 << 20;
    PY2_RAW_LATIN1_BYTES = 1 << 16;
  }
});

// ../core/src/decoder/py2-raw-bytes.ts
var MAX_HASHED_LENGTH, Py2RawBytes;
var init_py2_raw_bytes = __esm({
  "../core/src/decoder/py2-raw-bytes.ts"() {
    
    init_import_meta_url();
    MAX_HASHED_LENGTH = 16383;
    Py2RawBytes = class {
      short = /* @__PURE__ */ new Map();
      long = /* @__PURE__ */ new Map();
      set(text3, bytes) {
        if (text3.length <= MAX_HASHED_LENGTH) {
          this.short.set(text3, bytes);
          return;
        }
        const entries = this.long.get(text3.length);
        if (entries === void 0) this.long.set(text3.length, [{ text: text3, bytes }]);
        else entries.push({ text: text3, bytes });
      }
      get(text3) {
        if (text3.length <= MAX_HASHED_LENGTH) return this.short.get(text3);
        const entries = this.long.get(text3.length);
        if (entries === void 0) return void 0;
        for (let i = entries.length - 1; i >= 0; i--) if (entries[i].text === text3) return entries[i].bytes;
        return void 0;
      }
      clear() {
        this.short.clear();
        this.long.clear();
      }
    };
  }
});

// ../core/src/decoder/machine.ts
function setPairs(map, pairs) {
  for (let i = 0; i < pairs.length; i += 2) map.set(pairs[i], pairs[i + 1]);
}
var DEFERRED_BATCH_PAIRS, PENDING_CHUNK, Machine;
var init_machine = __esm({
  "../core/src/decoder/machine.ts"() {
    
    init_import_meta_url();
    init_errors();
    init_codes();
    init_placeholders();
    init_py_types();
    init_calls();
    init_containers();
    init_describe_value();
    init_frame_rule();
    init_memo_table();
    init_numbers();
    init_payload_values();
    init_py2_raw_bytes();
    init_text();
    DEFERRED_BATCH_PAIRS = 64;
    PENDING_CHUNK = 1 << 16;
    Machine = class {
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
          py2Bytes: (text3) => this.py2Raw.get(text3) ?? (settings.encoding === "latin1" ? encodeLatin1(text3) : void 0),
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
  }
});

// ../core/src/decoder/ops/calls.ts
function fenceOf(marks) {
  return marks.length > 0 ? marks[marks.length - 1] : 0;
}
function stackGlobalOp(m, op, pos) {
  const stack = m.stack;
  if (stack.length - 2 < fenceOf(m.marks)) throw m.underflow(op, pos);
  const name = stack.pop();
  const module2 = stack.pop();
  if (typeof module2 !== "string" || typeof name !== "string") {
    throw m.error("BAD_TYPE", "STACK_GLOBAL requires str module and name", op, pos);
  }
  stack.push(m.classes.resolve(module2, name, m.proto));
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
var init_calls2 = __esm({
  "../core/src/decoder/ops/calls.ts"() {
    
    init_import_meta_url();
    init_py_types();
    init_placeholders();
    init_describe_value();
  }
});

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
var init_containers2 = __esm({
  "../core/src/decoder/ops/containers.ts"() {
    
    init_import_meta_url();
    init_py_types();
    init_describe_value();
  }
});

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
var init_control = __esm({
  "../core/src/decoder/ops/control.ts"() {
    
    init_import_meta_url();
    init_frame_rule();
  }
});

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
      const module2 = decodeUtf8(buf, pos + 1, newline - pos - 1);
      const name = decodeUtf8(buf, newline + 1, lineEnd2 - newline - 1);
      stack.push(m.classes.resolve(module2, name, m.proto));
      return;
    }
    case INST: {
      const newline = buf.indexOf(10, pos + 1);
      const module2 = decodeAscii(buf, pos + 1, newline - pos - 1);
      const name = decodeAscii(buf, newline + 1, lineEnd2 - newline - 1);
      const args = m.takeMarked(op, pos);
      stack.push(m.callAt(m.classes.resolve(module2, name, m.proto), markTuple(args), null, op, pos));
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
var init_rare = __esm({
  "../core/src/decoder/ops/rare.ts"() {
    
    init_import_meta_url();
    init_arg_kinds();
    init_codes();
    init_table();
    init_placeholders();
    init_py_types();
    init_numbers();
    init_text();
  }
});

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
var init_stack = __esm({
  "../core/src/decoder/ops/stack.ts"() {
    
    init_import_meta_url();
  }
});

// ../core/src/decoder/payload-fill.ts
var PREALLOCATE_LIMIT, PREALLOCATE_AFTER_FRACTION, TEXT_STEP_BYTES, MAX_STEPPED_TEXT, PayloadFill;
var init_payload_fill = __esm({
  "../core/src/decoder/payload-fill.ts"() {
    
    init_import_meta_url();
    init_text();
    PREALLOCATE_LIMIT = 1 << 20;
    PREALLOCATE_AFTER_FRACTION = 8;
    TEXT_STEP_BYTES = 4 << 20;
    MAX_STEPPED_TEXT = 1 << 28;
    PayloadFill = class {
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
  }
});

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
var init_join_bytes = __esm({
  "../core/src/decoder/join-bytes.ts"() {
    
    init_import_meta_url();
  }
});

// ../core/src/decoder/raw-read.ts
var RawRead;
var init_raw_read = __esm({
  "../core/src/decoder/raw-read.ts"() {
    
    init_import_meta_url();
    init_payload_values();
    init_join_bytes();
    RawRead = class {
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
  }
});

// ../core/src/decoder/unpickler.ts
var EMPTY, Unpickler;
var init_unpickler = __esm({
  "../core/src/decoder/unpickler.ts"() {
    
    init_import_meta_url();
    init_builtin_registry();
    init_joblib();
    init_errors();
    init_codes();
    init_table();
    init_py_types();
    init_arg_header();
    init_carry();
    init_claimed_length();
    init_class_resolver();
    init_containers();
    init_frame_rule();
    init_machine();
    init_calls2();
    init_containers2();
    init_control();
    init_rare();
    init_stack();
    init_payload_fill();
    init_payload_values();
    init_raw_read();
    init_settings();
    EMPTY = new Uint8Array(0);
    Unpickler = class _Unpickler {
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
        const text3 = fill.latin1Text();
        if (text3 !== void 0) this.m.stack.push(py2StringValue("latin1", this.m.py2Raw, payload, 0, fill.length, true, text3));
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
                const header2 = ARG_HEADER[op];
                if (pos + 1 + header2 > end) return this.suspend(pos);
                const length = this.readLength(op, pos, ARG_SIZE[op]);
                const start = pos + 1 + header2;
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
  }
});

// ../core/src/decoder/load.ts
function loadAll(bytes, options) {
  const unpickler = new Unpickler(options);
  const records = unpickler.push(bytes);
  unpickler.end();
  return records;
}
var init_load = __esm({
  "../core/src/decoder/load.ts"() {
    
    init_import_meta_url();
    init_unpickler();
  }
});

// ../core/src/encoder/long.ts
function encodeLong(value) {
  if (value === 0n) return new Uint8Array(0);
  const negative = value < 0n;
  const magnitude = negative ? -value - 1n : value;
  const bits2 = magnitude.toString(2).length + 1;
  const length = Math.ceil(bits2 / 8);
  let twos = negative ? (1n << BigInt(length * 8)) + value : value;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    out[i] = Number(twos & 0xffn);
    twos >>= 8n;
  }
  return out;
}
function latin1Text(bytes) {
  let text3 = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    text3 += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
  }
  return text3;
}
var init_long = __esm({
  "../core/src/encoder/long.ts"() {
    
    init_import_meta_url();
  }
});

// ../core/src/encoder/memo-table.ts
var MAX_ENTRIES_PER_TABLE, INITIAL_BITS_BYTES, MemoTable2;
var init_memo_table2 = __esm({
  "../core/src/encoder/memo-table.ts"() {
    
    init_import_meta_url();
    MAX_ENTRIES_PER_TABLE = 1 << 23;
    INITIAL_BITS_BYTES = 64;
    MemoTable2 = class {
      /** Set mode (`maps === null`): every object added, oldest table first. */
      sets = [/* @__PURE__ */ new Set()];
      currentSet = this.sets[0];
      /** Set mode: bit i set when memo index i belongs to an object of the sets. */
      bits = new Uint8Array(INITIAL_BITS_BYTES);
      /** Map mode: the memo index of every object added, oldest table first. */
      maps = null;
      currentMap = null;
      get(key) {
        const map = this.currentMap;
        if (map !== null) {
          const index = map.get(key);
          if (index !== void 0 || this.maps.length === 1) return index;
          return this.getOlder(key);
        }
        if (!this.currentSet.has(key) && (this.sets.length === 1 || !this.hasOlder(key))) return void 0;
        this.toMaps();
        return this.get(key);
      }
      /** Adds a key that `get` just missed, with a memo index above every index added before. */
      set(key, index) {
        const map = this.currentMap;
        if (map !== null) {
          if (map.size >= MAX_ENTRIES_PER_TABLE) {
            this.currentMap = /* @__PURE__ */ new Map();
            this.maps.push(this.currentMap);
          }
          this.currentMap.set(key, index);
          return;
        }
        let set = this.currentSet;
        if (set.size >= MAX_ENTRIES_PER_TABLE) {
          set = this.currentSet = /* @__PURE__ */ new Set();
          this.sets.push(set);
        }
        set.add(key);
        const byte = index >>> 3;
        if (byte >= this.bits.length) this.growBits(byte);
        this.bits[byte] |= 1 << (index & 7);
      }
      clear() {
        if (this.maps === null && this.sets.length === 1) {
          if (this.currentSet.size === 0) return;
          this.currentSet.clear();
        } else {
          this.currentSet = /* @__PURE__ */ new Set();
          this.sets = [this.currentSet];
        }
        this.maps = null;
        this.currentMap = null;
        if (this.bits.length > INITIAL_BITS_BYTES * 64) this.bits = new Uint8Array(INITIAL_BITS_BYTES);
        else this.bits.fill(0);
      }
      hasOlder(key) {
        const sets = this.sets;
        for (let i = 0; i < sets.length - 1; i++) if (sets[i].has(key)) return true;
        return false;
      }
      getOlder(key) {
        const maps = this.maps;
        for (let i = 0; i < maps.length - 1; i++) {
          const index = maps[i].get(key);
          if (index !== void 0) return index;
        }
        return void 0;
      }
      growBits(byte) {
        let length = this.bits.length * 2;
        while (length <= byte) length *= 2;
        const grown = new Uint8Array(length);
        grown.set(this.bits);
        this.bits = grown;
      }
      /** The first object met again: the Map of every object's memo index, from the sets and the bitset. */
      toMaps() {
        const bits2 = this.bits;
        const maps = [];
        let byte = 0;
        let bit = 0;
        for (const set of this.sets) {
          const map = /* @__PURE__ */ new Map();
          for (const key of set) {
            while ((bits2[byte] >> bit & 1) === 0) {
              if (++bit === 8) {
                bit = 0;
                if (++byte >= bits2.length) throw new Error("internal: more objects in the memo than memo indices recorded");
              }
            }
            map.set(key, byte * 8 + bit);
            if (++bit === 8) {
              bit = 0;
              byte++;
            }
          }
          maps.push(map);
        }
        this.maps = maps;
        this.currentMap = maps[maps.length - 1];
        this.sets = [/* @__PURE__ */ new Set()];
        this.currentSet = this.sets[0];
      }
    };
  }
});

// ../core/src/encoder/str-memo.ts
function doubled(array) {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}
function hashString(text3) {
  let hash = text3.length ^ 2166136261;
  for (let i = 0; i < text3.length; i++) hash = Math.imul(hash ^ text3.charCodeAt(i), 16777619);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 739982445);
  return hash ^ hash >>> 13;
}
var INITIAL_SLOTS, KEPT_SLOTS, MAX_RESERVED_ENTRIES, StrMemo;
var init_str_memo = __esm({
  "../core/src/encoder/str-memo.ts"() {
    
    init_import_meta_url();
    INITIAL_SLOTS = 64;
    KEPT_SLOTS = 4096;
    MAX_RESERVED_ENTRIES = 1 << 22;
    StrMemo = class {
      /** Per slot: [hash, entry number + 1]; entry 0 means empty. Slots: a power of two, at most half full. */
      slots = new Int32Array(INITIAL_SLOTS * 2);
      indexes = new Int32Array(INITIAL_SLOTS >> 1);
      /** The slot of each entry, so that `clear` after a small dump empties just those. */
      positions = new Int32Array(INITIAL_SLOTS >> 1);
      keys = [];
      count = 0;
      /** Where the last `find` stopped, and the hash it computed: `add` fills that slot. */
      freeSlot = 0;
      lastHash = 0;
      /** Strs added since the last `clear`. */
      get size() {
        return this.count;
      }
      /** The memo index of `text`, or -1. */
      find(text3) {
        const hash = hashString(text3);
        const slots = this.slots;
        const mask = (slots.length >> 1) - 1;
        let slot = hash & mask;
        for (; ; ) {
          const entry = slots[2 * slot + 1] - 1;
          if (entry < 0) break;
          if (slots[2 * slot] === hash && this.keys[entry] === text3) return this.indexes[entry];
          slot = slot + 1 & mask;
        }
        this.freeSlot = slot;
        this.lastHash = hash;
        return -1;
      }
      /** Adds the text the last `find` missed. */
      add(text3, index) {
        const entry = this.count++;
        if (entry === this.indexes.length) {
          this.indexes = doubled(this.indexes);
          if (this.slots.length <= KEPT_SLOTS * 2) this.positions = doubled(this.positions);
        }
        this.keys.push(text3);
        this.indexes[entry] = index;
        if (entry < this.positions.length) this.positions[entry] = this.freeSlot;
        this.slots[2 * this.freeSlot] = this.lastHash;
        this.slots[2 * this.freeSlot + 1] = entry + 1;
        if (this.count > this.slots.length >> 2) this.rehash();
      }
      /**
       * Grows the table at once to hold `entries` strs (a projection from the first part of a large
       * value), instead of doubling through every size on the way: its large typed arrays are then
       * allocated with the Pickler's output buffer. V8 runs a full GC of the heap for about every
       * 64 MB of external memory allocated, so allocating them later cost another full GC of the value.
       * Projections that fit a table `clear` keeps are ignored (small tables track their positions).
       */
      reserve(entries) {
        const target = Math.min(entries, MAX_RESERVED_ENTRIES);
        let slotCount = this.slots.length >> 1;
        while (target > slotCount >> 1) slotCount *= 2;
        if (slotCount <= KEPT_SLOTS || slotCount === this.slots.length >> 1) return;
        let capacity = this.indexes.length;
        while (capacity < target) capacity *= 2;
        if (capacity > this.indexes.length) {
          const indexes = new Int32Array(capacity);
          indexes.set(this.indexes.subarray(0, this.count));
          this.indexes = indexes;
        }
        this.rehash(slotCount);
      }
      clear() {
        if (this.count === 0) return;
        if (this.slots.length > KEPT_SLOTS * 2) {
          this.slots = new Int32Array(INITIAL_SLOTS * 2);
          this.indexes = new Int32Array(INITIAL_SLOTS >> 1);
          this.positions = new Int32Array(INITIAL_SLOTS >> 1);
        } else {
          for (let entry = 0; entry < this.count; entry++) this.slots[2 * this.positions[entry] + 1] = 0;
        }
        this.keys = [];
        this.count = 0;
      }
      /** Doubles the slots (or grows them to `slotCount`): the old ones are read in order, each hash placed again. */
      rehash(slotCount = this.slots.length) {
        const old = this.slots;
        const slots = new Int32Array(slotCount * 2);
        const mask = (slots.length >> 1) - 1;
        for (let i = 0; i < old.length; i += 2) {
          const entry = old[i + 1];
          if (entry === 0) continue;
          const hash = old[i];
          let slot = hash & mask;
          while (slots[2 * slot + 1] !== 0) slot = slot + 1 & mask;
          slots[2 * slot] = hash;
          slots[2 * slot + 1] = entry;
          if (entry <= this.positions.length) this.positions[entry - 1] = slot;
        }
        this.slots = slots;
      }
    };
  }
});

// ../core/src/encoder/reduction.ts
function isReducible(value) {
  return typeof value === "object" && value !== null && typeof value.reduceForPickle === "function";
}
var init_reduction = __esm({
  "../core/src/encoder/reduction.ts"() {
    
    init_import_meta_url();
  }
});

// ../core/src/encoder/utf8.ts
function encodeUtf8(text3) {
  if (!SURROGATE.test(text3)) return encoder.encode(text3);
  const out = new Uint8Array(text3.length * 3);
  return out.subarray(0, encodeUtf8Into(text3, 0, out, 0));
}
function encodeUtf8Into(text3, from, bytes, at) {
  const length = text3.length;
  if (length - from >= ENCODE_INTO_MIN_LENGTH && !SURROGATE.test(text3)) {
    const rest = from === 0 ? text3 : text3.slice(from);
    return at + encoder.encodeInto(rest, bytes.subarray(at)).written;
  }
  for (let i = from; i < length; i++) {
    let cp = text3.charCodeAt(i);
    if (cp < 128) {
      bytes[at++] = cp;
      continue;
    }
    if (cp < 2048) {
      bytes[at++] = 192 | cp >> 6;
      bytes[at++] = 128 | cp & 63;
      continue;
    }
    if (cp >= 55296 && cp < 56320 && i + 1 < length) {
      const low = text3.charCodeAt(i + 1);
      if (low >= 56320 && low < 57344) {
        cp = 65536 + (cp - 55296 << 10) + (low - 56320);
        i++;
        bytes[at++] = 240 | cp >> 18;
        bytes[at++] = 128 | cp >> 12 & 63;
        bytes[at++] = 128 | cp >> 6 & 63;
        bytes[at++] = 128 | cp & 63;
        continue;
      }
    }
    bytes[at++] = 224 | cp >> 12;
    bytes[at++] = 128 | cp >> 6 & 63;
    bytes[at++] = 128 | cp & 63;
  }
  return at;
}
var encoder, SURROGATE, ENCODE_INTO_MIN_LENGTH;
var init_utf8 = __esm({
  "../core/src/encoder/utf8.ts"() {
    
    init_import_meta_url();
    encoder = new TextEncoder();
    SURROGATE = /[\ud800-\udfff]/;
    ENCODE_INTO_MIN_LENGTH = 64;
  }
});

// ../core/src/encoder/value-kind.ts
function kindOf(value) {
  switch (typeof value) {
    case "boolean":
      return "bool";
    case "number":
      return "number";
    case "bigint":
      return "bigint";
    case "string":
      return "string";
    case "object":
      break;
    default:
      throw new TypeError(`cannot pickle a JavaScript ${typeof value}`);
  }
  if (value === null) return "none";
  if (value instanceof PyFloat) return "float";
  if (value instanceof Uint8Array) return "bytes";
  if (Array.isArray(value)) return isTuple(value) ? "tuple" : "list";
  if (value instanceof Map) return dictClassOf(value) === void 0 ? "map" : "reduce";
  const prototype = Object.getPrototypeOf(value);
  if (prototype === DICT_PROTOTYPE || prototype === Object.prototype) return dictClassOf(value) === void 0 ? "dict" : "reduce";
  if (value instanceof Set) return isFrozenSet(value) ? "frozenset" : "set";
  if (value instanceof PyGlobal) return "global";
  if (value instanceof PyPersistentId) return "persid";
  if (value instanceof PyOutOfBandBuffer) return "buffer";
  if (isReducible(value)) return "reduce";
  throw new TypeError(`cannot pickle ${describe2(value)}`);
}
function describe2(value) {
  const name = value.constructor?.name;
  return typeof name === "string" && name !== "" ? `a ${name}` : Object.prototype.toString.call(value);
}
function dictPairs(dict) {
  return Object.keys(dict).map((key) => [key, dict[key]]);
}
function reductionOf(value, kind3, protocol) {
  if (kind3 === "reduce") {
    const dictClass = dictClassOf(value);
    if (dictClass === void 0) {
      const reduction = value.reduceForPickle(protocol);
      return protocol < 4 && hasKwargs(reduction) ? newObjExCall(reduction) : reduction;
    }
    const pairs = value instanceof Map ? [...value.entries()] : dictPairs(value);
    return { callable: [dictClass.module, dictClass.name], args: dictClass.args, dictItems: pairs };
  }
  if ((kind3 === "set" || kind3 === "frozenset") && protocol < 4) {
    return { callable: ["builtins", kind3], args: [[...value]] };
  }
  return null;
}
function hasKwargs(reduction) {
  return reduction.kwargs != null && Object.keys(reduction.kwargs).length > 0;
}
function newObjExCall(reduction) {
  const [module2, name] = reduction.callable;
  const cls = new PyGlobal(module2, name);
  return {
    ...reduction,
    callable: ["copyreg", "__newobj_ex__"],
    args: [cls, markTuple([...reduction.args]), reduction.kwargs],
    isNewObj: false,
    kwargs: null
  };
}
function bytesForm(value, isByteArray, protocol, outOfBandMinBytes) {
  if (protocol >= 5 && value.length >= outOfBandMinBytes) return "out-of-band";
  if (isByteArray) {
    if (protocol >= 5) return "opcode";
    return value.length === 0 ? "bytearray-call" : protocol >= 3 ? "bytearray-of-bytes" : "bytearray-of-text";
  }
  if (protocol >= 3) return "opcode";
  return value.length === 0 ? "bytes-call" : "codecs-encode";
}
var BYTES_FORM_CALLS;
var init_value_kind = __esm({
  "../core/src/encoder/value-kind.ts"() {
    
    init_import_meta_url();
    init_dict_class();
    init_placeholders();
    init_py_types();
    init_reduction();
    BYTES_FORM_CALLS = {
      "out-of-band": null,
      opcode: null,
      "codecs-encode": ["_codecs", "encode", "latin1"],
      "bytes-call": ["builtins", "bytes", null],
      "bytearray-call": ["builtins", "bytearray", null],
      "bytearray-of-bytes": ["builtins", "bytearray", null],
      "bytearray-of-text": ["builtins", "bytearray", "latin-1"]
    };
  }
});

// ../core/src/encoder/pickler.ts
function readBoolean(name, value) {
  if (value === void 0) return false;
  if (typeof value !== "boolean") throw new TypeError(`${name} must be a boolean, got ${typeof value}`);
  return value;
}
function* flatPairs(pairs) {
  for (const [key, value] of pairs) {
    yield key;
    yield value;
  }
}
var FRAME_SIZE_TARGET, FRAME_SIZE_MIN, BATCH_SIZE, FRAME_HEADER_SIZE, SHORT_STR_MAX_UNITS, IN_PLACE_STR_MAX_UNITS, INITIAL_CAPACITY, EMPTY2, PROJECT_AFTER, MAX_PROJECTED_CAPACITY, STR_CACHE_SIZE, STR_CACHE_MASK, STR_CACHE_MAX_UNITS, MAX_SAFE4, Pickler, TUPLE_OPS;
var init_pickler = __esm({
  "../core/src/encoder/pickler.ts"() {
    
    init_import_meta_url();
    init_dict_class();
    init_codes();
    init_placeholders();
    init_py_types();
    init_long();
    init_memo_table2();
    init_str_memo();
    init_reduction();
    init_utf8();
    init_value_kind();
    FRAME_SIZE_TARGET = 64 * 1024;
    FRAME_SIZE_MIN = 4;
    BATCH_SIZE = 1e3;
    FRAME_HEADER_SIZE = 9;
    SHORT_STR_MAX_UNITS = 85;
    IN_PLACE_STR_MAX_UNITS = Math.floor((FRAME_SIZE_TARGET - 1) / 3);
    INITIAL_CAPACITY = 64 * 1024;
    EMPTY2 = new Uint8Array(0);
    PROJECT_AFTER = 64;
    MAX_PROJECTED_CAPACITY = 2 ** 31;
    STR_CACHE_SIZE = 4096;
    STR_CACHE_MASK = STR_CACHE_SIZE - 1;
    STR_CACHE_MAX_UNITS = 64;
    MAX_SAFE4 = BigInt(Number.MAX_SAFE_INTEGER);
    Pickler = class {
      protocol;
      framing;
      numbersAsFloats;
      sink;
      maxDepth;
      bufferCallback;
      /** Infinity without a bufferCallback: nothing goes out of band. */
      outOfBandMinBytes;
      bytes = new Uint8Array(INITIAL_CAPACITY);
      view = new DataView(this.bytes.buffer);
      pos = 0;
      /** With a sink: where the bytes not handed over yet start (the sink's pieces are views before it). */
      base = 0;
      /** Start of the open frame's 9-byte header (protocol 4+: a frame is always open while writing). */
      frameStart = -1;
      /** `save` commits the frame (or hands bytes to the sink) once `pos` reaches this. */
      boundaryAt = Number.POSITIVE_INFINITY;
      /** Memo index per object (identity). */
      memo = new MemoTable2();
      /** Memo index per str (value). */
      strMemo = new StrMemo();
      /** The str cache (see saveStr): key, memo index and the dump it belongs to, per slot. */
      strCacheKeys = null;
      strCacheIndexes = new Uint32Array(0);
      /** Allocated with the keys, on the first str met twice (small dumps need no cache). */
      strCacheStamps = null;
      /** Numbers the dumps, so that one `dump` never reads the str cache of an earlier one. */
      stamp = 0;
      /** Memo index per global, keyed `module\nname`. */
      globalMemo = /* @__PURE__ */ new Map();
      memoCount = 0;
      depth = 0;
      /** The containers being written, `path[1..depth]`: read only to explain a refusal past maxDepth. */
      path = [];
      /** Reductions being written (see flushPostCalls), and the calls waiting for the outermost to end. */
      reductionDepth = 0;
      pendingPostCalls = [];
      /** The batch state of the Map `saveMap` is writing (see saveMapEntry). */
      mapInBatch = 0;
      mapDone = 0;
      mapSize = 0;
      mapStartPos = 0;
      constructor(options = {}) {
        if (typeof options !== "object" || options === null) throw new TypeError(`options must be an object, got ${String(options)}`);
        const protocol = options.protocol ?? 5;
        if (protocol !== 2 && protocol !== 3 && protocol !== 4 && protocol !== 5) {
          throw new RangeError(`protocol must be 2, 3, 4 or 5, got ${String(protocol)}`);
        }
        this.protocol = protocol;
        this.framing = protocol >= 4;
        this.numbersAsFloats = readBoolean("numbersAsFloats", options.numbersAsFloats);
        if (options.sink !== void 0 && typeof options.sink !== "function") throw new TypeError("sink must be a function");
        this.sink = options.sink;
        this.maxDepth = options.maxDepth ?? 1e3;
        if (!Number.isSafeInteger(this.maxDepth) || this.maxDepth < 1) {
          throw new RangeError(`maxDepth must be a positive integer, got ${String(options.maxDepth)}`);
        }
        if (options.bufferCallback !== void 0 && typeof options.bufferCallback !== "function") {
          throw new TypeError("bufferCallback must be a function");
        }
        if (options.bufferCallback !== void 0 && protocol < 5) throw new RangeError(`bufferCallback needs protocol 5, got ${protocol}`);
        this.bufferCallback = options.bufferCallback;
        const minBytes = options.outOfBandMinBytes ?? 0;
        if (!Number.isSafeInteger(minBytes) || minBytes < 0) {
          throw new RangeError(`outOfBandMinBytes must be a non-negative integer, got ${String(options.outOfBandMinBytes)}`);
        }
        this.outOfBandMinBytes = this.bufferCallback === void 0 ? Number.POSITIVE_INFINITY : minBytes;
      }
      /**
       * Writes one complete pickle of `value`. Returns the bytes, or, with a `sink`, an empty array
       * after handing every byte to the sink. Throws `TypeError` for a value with no Python form
       * (`undefined`, a function, a class instance that is not a PyReducible, a value that contains
       * itself only through tuples or constructor arguments), `RangeError` past `maxDepth`; then
       * nothing is returned, though a sink may have received the first pieces.
       */
      dump(value) {
        try {
          this.pos = this.base;
          this.stamp = this.stamp + 1 >>> 0;
          if (this.stamp === 0) {
            this.strCacheStamps?.fill(0);
            this.stamp = 1;
          }
          this.ensure(2);
          this.bytes[this.pos] = PROTO;
          this.bytes[this.pos + 1] = this.protocol;
          this.pos += 2;
          if (this.framing) this.openFrame();
          else this.boundaryAt = this.sink === void 0 ? Number.POSITIVE_INFINITY : this.pos + FRAME_SIZE_TARGET;
          this.save(value);
          this.op(STOP);
          if (this.framing) this.commitFrame();
          return this.finish();
        } finally {
          this.memo.clear();
          this.strMemo.clear();
          this.globalMemo.clear();
          this.memoCount = 0;
          this.depth = 0;
          this.path.length = 0;
          this.reductionDepth = 0;
          this.pendingPostCalls.length = 0;
          this.frameStart = -1;
          this.pos = this.base;
        }
      }
      // ------------------------------------------------------------ output buffer and frames
      ensure(extra) {
        if (this.pos + extra > this.bytes.length) this.grow(extra);
      }
      grow(extra) {
        const needed = this.pos - this.base + extra;
        let capacity = this.base > 0 ? INITIAL_CAPACITY : this.bytes.length * 2;
        while (capacity < needed) capacity *= 2;
        this.resize(capacity);
      }
      /**
       * Moves the bytes not handed over yet to a new buffer of `capacity`. The old buffer is never
       * written again: the sink's pieces are views of it.
       */
      resize(capacity) {
        const grown = new Uint8Array(capacity);
        const base = this.base;
        grown.set(this.bytes.subarray(base, this.pos));
        this.bytes = grown;
        this.view = new DataView(grown.buffer);
        if (base > 0) {
          this.pos -= base;
          this.boundaryAt -= base;
          if (this.frameStart >= 0) this.frameStart -= base;
          this.base = 0;
        }
      }
      /**
       * A large container past 1/64 of its items (once per container): grow the buffer at once to
       * the size its items so far project (+1/8), instead of doubling through every size on the way
       * (past the projection, doubling resumes: re-projecting would allocate again and again). Each doubling leaves
       * a dead buffer behind, and external memory is what makes V8 run a full GC of the (large) heap
       * the value lives in during the dump. Without a sink only (a sink takes the bytes as they come).
       */
      projectSize(startPos, done, total) {
        if (this.sink !== void 0 || done >= total) return;
        const written = this.pos - startPos;
        const projected = Math.ceil(this.pos + written / done * (total - done) * 1.125);
        this.strMemo.reserve(Math.ceil(this.strMemo.size * (1 + (total - done) / done * 1.125)));
        if (projected <= this.bytes.length || projected > MAX_PROJECTED_CAPACITY) return;
        this.resize(projected);
      }
      op(code) {
        if (this.pos >= this.bytes.length) this.grow(1);
        this.bytes[this.pos++] = code;
      }
      op2(code, argument) {
        this.ensure(2);
        this.bytes[this.pos++] = code;
        this.bytes[this.pos++] = argument;
      }
      /** Little-endian uint32 at `at` (room already ensured). */
      putUint32(at, value) {
        const bytes = this.bytes;
        bytes[at] = value & 255;
        bytes[at + 1] = value >>> 8 & 255;
        bytes[at + 2] = value >>> 16 & 255;
        bytes[at + 3] = value >>> 24;
      }
      raw(data) {
        this.ensure(data.length);
        this.bytes.set(data, this.pos);
        this.pos += data.length;
      }
      /** The pickle written, handed over without a copy when it fills most of the buffer. */
      finish() {
        const length = this.pos;
        if (this.sink !== void 0) {
          this.flush();
          return EMPTY2;
        }
        if (length < (this.bytes.length >>> 2) * 3) {
          const copy = this.bytes.slice(0, length);
          if (this.bytes.length > INITIAL_CAPACITY * 16) this.replaceBuffer();
          return copy;
        }
        const out = this.bytes.subarray(0, length);
        this.replaceBuffer();
        return out;
      }
      /** A fresh small buffer (between dumps: nothing in it is pending). */
      replaceBuffer() {
        this.bytes = new Uint8Array(INITIAL_CAPACITY);
        this.view = new DataView(this.bytes.buffer);
      }
      /** Reserves the header of a new frame where the next opcode goes (CPython opens it lazily: same place). */
      openFrame() {
        this.ensure(FRAME_HEADER_SIZE);
        this.frameStart = this.pos;
        this.pos += FRAME_HEADER_SIZE;
        this.boundaryAt = this.pos + FRAME_SIZE_TARGET;
      }
      commitFrame() {
        const start = this.frameStart;
        const length = this.pos - start - FRAME_HEADER_SIZE;
        if (length < FRAME_SIZE_MIN) {
          this.bytes.copyWithin(start, start + FRAME_HEADER_SIZE, this.pos);
          this.pos -= FRAME_HEADER_SIZE;
        } else {
          this.bytes[start] = FRAME;
          this.putUint32(start + 1, length);
          this.putUint32(start + 5, 0);
        }
        this.frameStart = -1;
      }
      /**
       * Hands what was written since the last flush to the sink (no open frame): a view, no copy.
       * The next bytes go after it, so a piece is never overwritten (one buffer serves many small
       * dumps: no allocation per record when a writer pickles records one by one).
       */
      flush() {
        if (this.pos > this.base) this.sink(this.bytes.subarray(this.base, this.pos));
        this.base = this.pos;
      }
      /**
       * Called by `save` once `boundaryAt` is reached: CPython commits a frame that reached 64 KiB
       * before writing the next object (`_Pickler_OpcodeBoundary` at the top of its `save`).
       */
      boundary() {
        if (this.framing) {
          this.commitFrame();
          if (this.sink !== void 0) this.flush();
          this.openFrame();
        } else {
          this.flush();
          this.boundaryAt = this.pos + FRAME_SIZE_TARGET;
        }
      }
      /** Header + payload; payloads of a frame's size or more go outside any frame, as CPython does. */
      writeLarge(code, payload, lengthBytes) {
        const isLarge = payload.length >= FRAME_SIZE_TARGET;
        if (isLarge && this.framing) this.commitFrame();
        this.ensure(9);
        const at = this.pos;
        this.bytes[at] = code;
        if (lengthBytes === 8) {
          this.putUint32(at + 1, payload.length % 2 ** 32);
          this.putUint32(at + 5, Math.floor(payload.length / 2 ** 32));
        } else {
          this.putUint32(at + 1, payload.length);
        }
        this.pos = at + 1 + lengthBytes;
        if (isLarge && this.sink !== void 0) {
          this.flush();
          this.sink(payload);
        } else {
          this.raw(payload);
        }
        if (isLarge) {
          if (this.framing) this.openFrame();
          else if (this.sink !== void 0) this.boundaryAt = this.pos + FRAME_SIZE_TARGET;
        }
      }
      // ------------------------------------------------------------ memo
      writeGet(index) {
        this.ensure(5);
        const at = this.pos;
        if (index < 256) {
          this.bytes[at] = BINGET;
          this.bytes[at + 1] = index;
          this.pos = at + 2;
        } else {
          this.bytes[at] = LONG_BINGET;
          this.putUint32(at + 1, index);
          this.pos = at + 5;
        }
      }
      /** Memoizes what is on top of the stack; returns its memo index. */
      writePut() {
        const index = this.memoCount++;
        this.ensure(5);
        const at = this.pos;
        if (this.framing) {
          this.bytes[at] = MEMOIZE;
          this.pos = at + 1;
        } else if (index < 256) {
          this.bytes[at] = BINPUT;
          this.bytes[at + 1] = index;
          this.pos = at + 2;
        } else {
          this.bytes[at] = LONG_BINPUT;
          this.putUint32(at + 1, index);
          this.pos = at + 5;
        }
        return index;
      }
      // ------------------------------------------------------------ values
      save(value) {
        if (this.pos >= this.boundaryAt) this.boundary();
        switch (typeof value) {
          case "string":
            this.saveStr(value);
            return;
          case "number":
            if (!this.numbersAsFloats && Number.isInteger(value) && (value !== 0 || 1 / value > 0)) this.writeInt(value);
            else this.writeFloat(value);
            return;
          case "boolean":
            this.op(value ? NEWTRUE : NEWFALSE);
            return;
          case "object":
            if (value === null) this.op(NONE);
            else this.saveObject(value);
            return;
          case "bigint":
            if (value <= MAX_SAFE4 && value >= -MAX_SAFE4) this.writeInt(Number(value));
            else this.writeLong(value);
            return;
          default:
            kindOf(value);
        }
      }
      /**
       * A str already written is a GET. Repeated short strings (dict keys, labels) are found in a
       * small direct-mapped cache keyed by a few of their characters before the memo Map: for the
       * common hit, a comparison instead of a hash probe into a Map of every str written so far.
       */
      saveStr(text3) {
        const length = text3.length;
        if (length > STR_CACHE_MAX_UNITS) {
          this.saveStrByMemo(text3);
          return;
        }
        const slot = length === 0 ? 0 : length + text3.charCodeAt(0) * 31 + text3.charCodeAt(length >> 1) * 131 + text3.charCodeAt(length - 1) * 257 + text3.charCodeAt(length > 1 ? length - 2 : 0) * 1031 & STR_CACHE_MASK;
        const keys = this.strCacheKeys;
        if (keys !== null && this.strCacheStamps[slot] === this.stamp && keys[slot] === text3) {
          this.writeGet(this.strCacheIndexes[slot]);
          return;
        }
        const index = this.strMemo.find(text3);
        if (index < 0) {
          this.writeNewStr(text3);
          return;
        }
        this.writeGet(index);
        if (keys === null) this.allocateStrCache();
        this.strCacheKeys[slot] = text3;
        this.strCacheIndexes[slot] = index;
        this.strCacheStamps[slot] = this.stamp;
      }
      allocateStrCache() {
        this.strCacheKeys = new Array(STR_CACHE_SIZE).fill("");
        this.strCacheIndexes = new Uint32Array(STR_CACHE_SIZE);
        this.strCacheStamps = new Uint32Array(STR_CACHE_SIZE);
      }
      saveStrByMemo(text3) {
        const index = this.strMemo.find(text3);
        if (index >= 0) this.writeGet(index);
        else this.writeNewStr(text3);
      }
      /** Writes and memoizes a str that `strMemo.find` just missed. */
      writeNewStr(text3) {
        this.writeStr(text3);
        this.strMemo.add(text3, this.writePut());
      }
      saveObject(value) {
        if (value instanceof PyFloat) {
          this.writeFloat(value.value);
          return;
        }
        const index = this.memo.get(value);
        if (index !== void 0) {
          this.writeGet(index);
          return;
        }
        const depth = ++this.depth;
        if (depth > this.maxDepth) this.refuseDepth(value);
        this.path[depth] = value;
        if (value instanceof Map) {
          if (dictClassOf(value) === void 0) this.saveMap(value);
          else this.saveReduction(value, reductionOf(value, "reduce", this.protocol));
        } else if (Array.isArray(value)) {
          if (isTuple(value)) this.saveTuple(value);
          else this.saveList(value);
        } else {
          this.saveOtherObject(value);
        }
        this.depth = depth - 1;
      }
      saveOtherObject(value) {
        const prototype = Object.getPrototypeOf(value);
        if (prototype === DICT_PROTOTYPE || prototype === Object.prototype) {
          if (dictClassOf(value) === void 0) this.saveDict(value);
          else this.saveReduction(value, reductionOf(value, "reduce", this.protocol));
        } else if (value instanceof Uint8Array) {
          this.saveBytes(value);
        } else if (value instanceof Set) {
          const kind3 = isFrozenSet(value) ? "frozenset" : "set";
          const reduction = reductionOf(value, kind3, this.protocol);
          if (reduction !== null) this.saveReduction(value, reduction);
          else if (kind3 === "set") this.saveSet(value);
          else this.saveFrozenSet(value);
        } else if (value instanceof PyGlobal) {
          this.saveGlobal(value.module, value.name);
        } else if (value instanceof PyPersistentId) {
          this.save(value.pid);
          this.op(BINPERSID);
        } else if (value instanceof PyOutOfBandBuffer) {
          this.saveBufferPlaceholder(value);
        } else if (isReducible(value)) {
          this.saveReduction(value, reductionOf(value, "reduce", this.protocol));
        } else {
          kindOf(value);
          throw new Error("internal: kindOf accepted a value the Pickler has no writer for");
        }
      }
      /**
       * Past maxDepth: a value that re-enters itself with nothing memoized on the way (only tuples,
       * frozensets or constructor arguments, each memoized after its items) recurses forever in
       * CPython; say so. Anything else is just deep.
       */
      refuseDepth(value) {
        const path = this.path;
        for (let i = this.depth - 1; i >= 1; i--) {
          if (this.memo.get(path[i]) !== void 0) break;
          if (path[i] === value) {
            throw new TypeError("cannot pickle a value that contains itself through tuples or constructor arguments only");
          }
        }
        throw new RangeError(`value nested deeper than maxDepth (${this.maxDepth})`);
      }
      writeInt(value) {
        this.ensure(5);
        const bytes = this.bytes;
        const at = this.pos;
        if (value >= 0 && value < 256) {
          bytes[at] = BININT1;
          bytes[at + 1] = value;
          this.pos = at + 2;
        } else if (value >= 0 && value < 65536) {
          bytes[at] = BININT2;
          bytes[at + 1] = value & 255;
          bytes[at + 2] = value >>> 8;
          this.pos = at + 3;
        } else if (value >= -(2 ** 31) && value < 2 ** 31) {
          bytes[at] = BININT;
          this.putUint32(at + 1, value);
          this.pos = at + 5;
        } else {
          this.writeLong(BigInt(value));
        }
      }
      /** LONG1 / LONG4: as few bytes as Python's encode_long. */
      writeLong(value) {
        const payload = encodeLong(value);
        this.ensure(5);
        if (payload.length < 256) {
          this.bytes[this.pos++] = LONG1;
          this.bytes[this.pos++] = payload.length;
        } else {
          this.bytes[this.pos] = LONG4;
          this.putUint32(this.pos + 1, payload.length);
          this.pos += 5;
        }
        this.raw(payload);
      }
      writeFloat(value) {
        this.ensure(9);
        this.bytes[this.pos] = BINFLOAT;
        this.view.setFloat64(this.pos + 1, value, false);
        this.pos += 9;
      }
      /** SHORT_BINUNICODE (protocol 4+, under 256 bytes) or BINUNICODE, encoded straight into the output. */
      writeStr(text3) {
        const length = text3.length;
        if (length <= SHORT_STR_MAX_UNITS && this.framing) {
          this.ensure(2 + 3 * length);
          const bytes = this.bytes;
          const start = this.pos;
          let at = start + 2;
          let i = 0;
          for (; i < length; i++) {
            const code = text3.charCodeAt(i);
            if (code >= 128) break;
            bytes[at++] = code;
          }
          if (i < length) at = encodeUtf8Into(text3, i, bytes, at);
          bytes[start] = SHORT_BINUNICODE;
          bytes[start + 1] = at - start - 2;
          this.pos = at;
          return;
        }
        if (length <= IN_PLACE_STR_MAX_UNITS) {
          this.ensure(5 + 3 * length);
          const start = this.pos;
          const end = encodeUtf8Into(text3, 0, this.bytes, start + 5);
          const size2 = end - start - 5;
          if (size2 < 256 && this.framing) {
            this.bytes.copyWithin(start + 2, start + 5, end);
            this.bytes[start] = SHORT_BINUNICODE;
            this.bytes[start + 1] = size2;
            this.pos = end - 3;
          } else {
            this.bytes[start] = BINUNICODE;
            this.putUint32(start + 1, size2);
            this.pos = end;
          }
          return;
        }
        const encoded = encodeUtf8(text3);
        if (encoded.length >= 2 ** 32) this.writeLarge(BINUNICODE8, encoded, 8);
        else this.writeLarge(BINUNICODE, encoded, 4);
      }
      saveBytes(value) {
        const isByteArray = value instanceof PyByteArray;
        const form = bytesForm(value, isByteArray, this.protocol, this.outOfBandMinBytes);
        const call = BYTES_FORM_CALLS[form];
        if (form === "out-of-band") {
          this.bufferCallback(value);
          this.op(NEXT_BUFFER);
          if (!isByteArray) this.op(READONLY_BUFFER);
        } else if (call === null) {
          if (isByteArray) this.writeLarge(BYTEARRAY8, value, 8);
          else this.writeBytesOpcode(value);
        } else {
          this.saveGlobal(call[0], call[1]);
          if (form === "bytes-call" || form === "bytearray-call") this.op(EMPTY_TUPLE);
          else {
            if (form === "bytearray-of-bytes") {
              this.writeBytesOpcode(value);
              this.writePut();
            } else {
              this.saveStr(latin1Text(value));
            }
            if (call[2] !== null) this.save(call[2]);
            this.op(call[2] === null ? TUPLE1 : TUPLE2);
            this.writePut();
          }
          this.op(REDUCE);
        }
        this.memo.set(value, this.writePut());
      }
      /** SHORT_BINBYTES / BINBYTES / BINBYTES8 (protocol 3+). */
      writeBytesOpcode(value) {
        if (value.length < 256) {
          this.op2(SHORT_BINBYTES, value.length);
          this.raw(value);
        } else if (value.length >= 2 ** 32) {
          this.writeLarge(BINBYTES8, value, 8);
        } else {
          this.writeLarge(BINBYTES, value, 4);
        }
      }
      /**
       * A tuple is built after its items, so it is memoized last; when an item leads back to it, the
       * inner write memoized it meanwhile: drop the items and fetch it (CPython's recursive-tuple case).
       */
      saveTuple(items) {
        const count2 = items.length;
        if (count2 === 0) {
          this.op(EMPTY_TUPLE);
          return;
        }
        const isSmall = count2 <= 3;
        if (!isSmall) this.op(MARK);
        for (let i = 0; i < count2; i++) this.save(items[i]);
        const index = this.memo.get(items);
        if (index !== void 0) {
          if (isSmall) for (let i = 0; i < count2; i++) this.op(POP);
          else this.op(POP_MARK);
          this.writeGet(index);
          return;
        }
        this.op(isSmall ? TUPLE_OPS[count2] : TUPLE);
        this.memo.set(items, this.writePut());
      }
      /** CPython's batch_list_exact: APPEND for a lone item, else MARK ... APPENDS per 1000 items. */
      saveList(items) {
        this.op(EMPTY_LIST);
        this.memo.set(items, this.writePut());
        const count2 = items.length;
        if (count2 === 1) {
          this.save(items[0]);
          this.op(APPEND);
          return;
        }
        const startPos = this.pos;
        let isProjected = false;
        for (let start = 0; start < count2; start += BATCH_SIZE) {
          const end = Math.min(start + BATCH_SIZE, count2);
          this.op(MARK);
          for (let i = start; i < end; i++) this.save(items[i]);
          this.op(APPENDS);
          if (!isProjected && end * PROJECT_AFTER >= count2) {
            isProjected = true;
            this.projectSize(startPos, end, count2);
          }
        }
      }
      /**
       * CPython's batch_dict_exact: SETITEM for a lone pair, else MARK ... SETITEMS per 1000 pairs,
       * and one more empty batch after a full last one (CPython's loop runs until a batch falls short).
       */
      saveMap(map) {
        this.op(EMPTY_DICT);
        this.memo.set(map, this.writePut());
        const size2 = map.size;
        if (size2 === 0) return;
        const outerInBatch = this.mapInBatch;
        const outerDone = this.mapDone;
        const outerSize = this.mapSize;
        const outerStartPos = this.mapStartPos;
        this.mapInBatch = 0;
        this.mapDone = 0;
        this.mapSize = size2;
        this.mapStartPos = this.pos;
        if (size2 > 1) this.op(MARK);
        map.forEach(this.saveMapEntry);
        this.op(size2 > 1 ? SETITEMS : SETITEM);
        this.mapInBatch = outerInBatch;
        this.mapDone = outerDone;
        this.mapSize = outerSize;
        this.mapStartPos = outerStartPos;
      }
      /** One pair of the Map `saveMap` is writing; closes a batch every BATCH_SIZE pairs. */
      saveMapEntry = (value, key) => {
        this.save(key);
        this.save(value);
        if (++this.mapInBatch === BATCH_SIZE) {
          this.op(SETITEMS);
          this.op(MARK);
          this.mapInBatch = 0;
          const done = this.mapDone += BATCH_SIZE;
          if (done * PROJECT_AFTER >= this.mapSize && (done - BATCH_SIZE) * PROJECT_AFTER < this.mapSize) {
            this.projectSize(this.mapStartPos, done, this.mapSize);
          }
        }
      };
      /** The same batches as `saveMap`, over an object-mode dict's keys. */
      saveDict(dict) {
        this.op(EMPTY_DICT);
        this.memo.set(dict, this.writePut());
        const keys = Object.keys(dict);
        const count2 = keys.length;
        if (count2 === 0) return;
        if (count2 === 1) {
          this.save(keys[0]);
          this.save(dict[keys[0]]);
          this.op(SETITEM);
          return;
        }
        let start = 0;
        let isProjected = false;
        const startPos = this.pos;
        do {
          const end = Math.min(start + BATCH_SIZE, count2);
          this.op(MARK);
          for (let i = start; i < end; i++) {
            const key = keys[i];
            this.save(key);
            this.save(dict[key]);
          }
          this.op(SETITEMS);
          if (!isProjected && end * PROJECT_AFTER >= count2) {
            isProjected = true;
            this.projectSize(startPos, end, count2);
          }
          start += BATCH_SIZE;
        } while (start <= count2);
      }
      /** Items (or key/value pairs) of a reduction, as CPython's batch_list / batch_dict over an iterator. */
      saveBatches(items, count2, isPairs) {
        const iterator = items[Symbol.iterator]();
        const perItem = isPairs ? 2 : 1;
        for (let start = 0; start < count2; start += BATCH_SIZE) {
          const batch = Math.min(BATCH_SIZE, count2 - start);
          if (batch > 1) this.op(MARK);
          for (let i = 0; i < batch * perItem; i++) this.save(iterator.next().value);
          this.op(batch > 1 ? isPairs ? SETITEMS : APPENDS : isPairs ? SETITEM : APPEND);
        }
      }
      /** CPython's save_set (protocol 4+): MARK ... ADDITEMS per 1000 items, an empty batch after a full last one. */
      saveSet(set) {
        this.op(EMPTY_SET);
        this.memo.set(set, this.writePut());
        const size2 = set.size;
        if (size2 === 0) return;
        let inBatch = 0;
        this.op(MARK);
        set.forEach((item) => {
          this.save(item);
          if (++inBatch === BATCH_SIZE) {
            this.op(ADDITEMS);
            this.op(MARK);
            inBatch = 0;
          }
        });
        this.op(ADDITEMS);
      }
      saveFrozenSet(set) {
        this.op(MARK);
        for (const item of set) this.save(item);
        const index = this.memo.get(set);
        if (index !== void 0) {
          this.op(POP_MARK);
          this.writeGet(index);
          return;
        }
        this.op(FROZENSET);
        this.memo.set(set, this.writePut());
      }
      /** A NEXT_BUFFER the decoder met without buffers: written back as the same reference (protocol 5). */
      saveBufferPlaceholder(buffer) {
        if (this.protocol < 5) throw new TypeError(`an out-of-band buffer placeholder needs protocol 5, got ${this.protocol}`);
        this.op(NEXT_BUFFER);
        if (buffer.isReadonly) this.op(READONLY_BUFFER);
      }
      /** CPython's save_global: STACK_GLOBAL (protocol 4+) or GLOBAL, then memoized (a repeat is a GET). */
      saveGlobal(module2, name) {
        const key = `${module2}
${name}`;
        const index = this.globalMemo.get(key);
        if (index !== void 0) {
          this.writeGet(index);
          return;
        }
        if (this.framing) {
          this.save(module2);
          this.save(name);
          this.op(STACK_GLOBAL);
        } else {
          if (module2.includes("\n") || name.includes("\n")) throw new TypeError(`cannot write global ${JSON.stringify(key)}: newline in name`);
          this.op(GLOBAL);
          this.raw(encodeUtf8(`${key}
`));
        }
        this.globalMemo.set(key, this.writePut());
      }
      /** `callable(*args)` (or `cls.__new__(cls, *args[, **kwargs])`), then items and state, as CPython's save_reduce. */
      saveReduction(value, reduction) {
        this.reductionDepth++;
        const [module2, name] = reduction.callable;
        const withKwargs = hasKwargs(reduction);
        if (reduction.callableValue !== void 0) this.save(reduction.callableValue);
        else this.saveGlobal(module2, name);
        const argsIndex = this.memo.get(reduction.args);
        if (argsIndex !== void 0) this.writeGet(argsIndex);
        else this.saveTuple(reduction.args);
        if (withKwargs) {
          this.save(reduction.kwargs);
          this.op(NEWOBJ_EX);
        } else {
          this.op(reduction.isNewObj === true ? NEWOBJ : REDUCE);
        }
        const index = this.memo.get(value);
        if (index !== void 0) {
          this.op(POP);
          this.writeGet(index);
          if (--this.reductionDepth === 0) this.flushPostCalls();
          return;
        }
        this.memo.set(value, this.writePut());
        const { listItems, dictItems } = reduction;
        if (listItems != null && listItems.length > 0) this.saveBatches(listItems, listItems.length, false);
        if (dictItems != null && dictItems.length > 0) this.saveBatches(flatPairs(dictItems), dictItems.length, true);
        if (reduction.state !== void 0) {
          this.save(reduction.state);
          this.op(BUILD);
        }
        if (reduction.postCalls !== void 0 && reduction.postCalls.length > 0) this.pendingPostCalls.push(...reduction.postCalls);
        if (--this.reductionDepth === 0) this.flushPostCalls();
      }
      /**
       * Writes the calls made on values once built (REDUCE then POP each) after the outermost
       * reduction in progress is memoized: a call may take an object whose construction is still
       * being written (dill fills a method's `__class__` cell with the class after creating it).
       */
      flushPostCalls() {
        this.reductionDepth++;
        for (let i = 0; i < this.pendingPostCalls.length; i++) {
          const call = this.pendingPostCalls[i];
          this.save(call.callable);
          this.saveTuple(call.args);
          this.op(REDUCE);
          this.op(POP);
        }
        this.pendingPostCalls.length = 0;
        this.reductionDepth--;
      }
    };
    TUPLE_OPS = [EMPTY_TUPLE, TUPLE1, TUPLE2, TUPLE3];
  }
});

// ../core/src/index.ts
var init_src = __esm({
  "../core/src/index.ts"() {
    
    init_import_meta_url();
    init_errors();
    init_py_types();
    init_unpickler();
    init_load();
    init_to_json();
    init_output_error();
    init_frame();
    init_torch_file();
  }
});

// ../core/src/decoder/not-a-pickle.ts
function describeNotAPickle(bytes, failedAt) {
  const magic = describeMagic(bytes);
  if (magic !== void 0 || failedAt === void 0) return magic;
  const text3 = textStart(bytes);
  if (text3 !== void 0 && failedAt < firstLineEnd(bytes)) {
    const sample = JSON.stringify(text3.length > 40 ? `${text3.slice(0, 40)}...` : text3);
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
  let text3;
  try {
    text3 = new TextDecoder("utf-8", { fatal: true }).decode(sample);
  } catch {
    return void 0;
  }
  const newline = text3.indexOf("\n");
  return (newline < 0 ? text3 : text3.slice(0, newline)).trimEnd();
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
var NOT_A_PICKLE_HEAD_BYTES, TEXT_SAMPLE_BYTES;
var init_not_a_pickle = __esm({
  "../core/src/decoder/not-a-pickle.ts"() {
    
    init_import_meta_url();
    init_errors();
    NOT_A_PICKLE_HEAD_BYTES = 64 * 1024;
    TEXT_SAMPLE_BYTES = 4096;
  }
});

// ../core/src/encoder/json-values.ts
function parseJsonValue(text3, start = 0, end = text3.length) {
  const parser = new JsonParser(text3, start, end);
  const value = parser.value();
  parser.skipSpace();
  if (parser.at !== end) throw parser.fail("unexpected text after the value");
  return value;
}
var MAX_SAFE5, NUMBER, STRING2, QUOTE3, BACKSLASH, JsonParser;
var init_json_values = __esm({
  "../core/src/encoder/json-values.ts"() {
    
    init_import_meta_url();
    init_py_types();
    MAX_SAFE5 = Number.MAX_SAFE_INTEGER;
    NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    STRING2 = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
    QUOTE3 = 34;
    BACKSLASH = 92;
    JsonParser = class {
      constructor(text3, at, end) {
        this.text = text3;
        this.at = at;
        this.end = end;
      }
      text;
      at;
      end;
      fail(what) {
        return new SyntaxError(`JSON: ${what} at offset ${this.at}`);
      }
      skipSpace() {
        const text3 = this.text;
        let at = this.at;
        while (at < this.end) {
          const code = text3.charCodeAt(at);
          if (code !== 32 && code !== 10 && code !== 13 && code !== 9) break;
          at++;
        }
        this.at = at;
      }
      value() {
        this.skipSpace();
        if (this.at >= this.end) throw this.fail("value expected");
        const code = this.text.charCodeAt(this.at);
        if (code === 123) return this.object();
        if (code === 91) return this.array();
        if (code === QUOTE3) return this.string();
        if (code === 116 && this.text.startsWith("true", this.at)) return this.word(4, true);
        if (code === 102 && this.text.startsWith("false", this.at)) return this.word(5, false);
        if (code === 110 && this.text.startsWith("null", this.at)) return this.word(4, null);
        return this.number();
      }
      word(length, value) {
        this.at += length;
        return value;
      }
      number() {
        const text3 = this.text;
        let at = this.at;
        const isNegative = text3.charCodeAt(at) === 45;
        if (isNegative) at++;
        const first = at;
        let value = 0;
        while (at < this.end && at - first < 16) {
          const digit = text3.charCodeAt(at) - 48;
          if (digit < 0 || digit > 9) break;
          value = value * 10 + digit;
          at++;
        }
        const digits = at - first;
        const next = at < this.end ? text3.charCodeAt(at) : 0;
        if (digits > 0 && digits < 16 && (digits === 1 || text3.charCodeAt(first) !== 48) && next !== 46 && next !== 101 && next !== 69) {
          this.at = at;
          return isNegative && value !== 0 ? -value : value;
        }
        NUMBER.lastIndex = this.at;
        const match = NUMBER.exec(this.text);
        if (match === null || NUMBER.lastIndex > this.end) throw this.fail("value expected");
        this.at = NUMBER.lastIndex;
        if (match[1] !== void 0 || match[2] !== void 0) {
          const float = Number(match[0]);
          return Number.isInteger(float) || Object.is(float, -0) ? new PyFloat(float) : float;
        }
        const int = Number(match[0]) + 0;
        return Math.abs(int) <= MAX_SAFE5 ? int : BigInt(match[0]);
      }
      string() {
        const text3 = this.text;
        const from = this.at + 1;
        for (let at = from; at < this.end; at++) {
          const code = text3.charCodeAt(at);
          if (code === QUOTE3) {
            this.at = at + 1;
            return text3.slice(from, at);
          }
          if (code === BACKSLASH || code < 32) break;
        }
        STRING2.lastIndex = this.at;
        const match = STRING2.exec(this.text);
        if (match === null || STRING2.lastIndex > this.end) throw this.fail("bad string");
        this.at = STRING2.lastIndex;
        return JSON.parse(match[0]);
      }
      array() {
        this.at++;
        const items = [];
        this.skipSpace();
        if (this.text[this.at] === "]") {
          this.at++;
          return items;
        }
        for (; ; ) {
          items.push(this.value());
          this.skipSpace();
          const char = this.text[this.at++];
          if (char === "]") return items;
          if (char !== ",") throw this.fail("',' or ']' expected");
        }
      }
      object() {
        this.at++;
        const map = /* @__PURE__ */ new Map();
        this.skipSpace();
        if (this.text[this.at] === "}") {
          this.at++;
          return map;
        }
        for (; ; ) {
          this.skipSpace();
          if (this.text[this.at] !== '"') throw this.fail("key expected");
          const key = this.string();
          this.skipSpace();
          if (this.text[this.at++] !== ":") throw this.fail("':' expected");
          map.set(key, this.value());
          this.skipSpace();
          const char = this.text[this.at++];
          if (char === "}") return map;
          if (char !== ",") throw this.fail("',' or '}' expected");
        }
      }
    };
  }
});

// ../core/src/encoder/pickle-bytes.ts
function putUint32(bytes, at, value) {
  bytes[at] = value & 255;
  bytes[at + 1] = value >>> 8 & 255;
  bytes[at + 2] = value >>> 16 & 255;
  bytes[at + 3] = value >>> 24 & 255;
}
function growInt32(array, size2) {
  const grown = new Int32Array(Math.max(size2, array.length * 2));
  grown.set(array);
  return grown;
}
function utf8SequenceLength(bytes, at, end) {
  const lead = bytes[at];
  let length;
  let low = 128;
  let high = 191;
  if (lead >= 194 && lead <= 223) length = 2;
  else if (lead >= 224 && lead <= 239) {
    length = 3;
    if (lead === 224) low = 160;
    else if (lead === 237) high = 159;
  } else if (lead >= 240 && lead <= 244) {
    length = 4;
    if (lead === 240) low = 144;
    else if (lead === 244) high = 143;
  } else throw DECLINE;
  if (at + length > end) throw DECLINE;
  const second = bytes[at + 1];
  if (second < low || second > high) throw DECLINE;
  for (let i = 2; i < length; i++) {
    const next = bytes[at + i];
    if (next < 128 || next > 191) throw DECLINE;
  }
  return length;
}
var DECLINED, DECLINE, FRAME_SIZE_TARGET2, FRAME_SIZE_MIN2, FRAME_HEADER_SIZE2, BATCH_SIZE2, CHUNK_CAPACITY, LARGE_PAYLOAD, PickleBytes;
var init_pickle_bytes = __esm({
  "../core/src/encoder/pickle-bytes.ts"() {
    
    init_import_meta_url();
    init_codes();
    init_long();
    init_pickler();
    DECLINED = -1;
    DECLINE = /* @__PURE__ */ Symbol("decline");
    FRAME_SIZE_TARGET2 = 64 * 1024;
    FRAME_SIZE_MIN2 = 4;
    FRAME_HEADER_SIZE2 = 9;
    BATCH_SIZE2 = 1e3;
    CHUNK_CAPACITY = 2 << 20;
    LARGE_PAYLOAD = FRAME_SIZE_TARGET2;
    PickleBytes = class {
      protocol;
      framing;
      maxDepth;
      valuePickler;
      out = new Uint8Array(CHUNK_CAPACITY);
      view = new DataView(this.out.buffer);
      pos = 0;
      frameStart = -1;
      boundaryAt = Number.POSITIVE_INFINITY;
      memoCount = 0;
      /**
       * The record's str memo: an open-addressed table whose slots hold an entry's number + 1 (0:
       * empty) beside its hash, so a probe reads one place; each entry a span of the output.
       */
      slots = new Int32Array(2 * 1024);
      entryStarts = new Int32Array(256);
      entryLengths = new Int32Array(256);
      entryHashes = new Int32Array(256);
      /** Where each entry sits in `slots`, to empty them at the end of the record. */
      entrySlots = new Int32Array(256);
      entryMemos = new Int32Array(256);
      entryCount = 0;
      /** Hash of the last str looked up, for the entry `addStr` makes of it. */
      lastHash = 0;
      /** Per memo index: the dict whose key it last was (0: none). */
      keyOwners = new Int32Array(256);
      /** Numbers the dicts written (never reused, so an old owner never matches). */
      dictSerial = 0;
      constructor(options = {}) {
        if (typeof options !== "object" || options === null) throw new TypeError(`options must be an object, got ${String(options)}`);
        const protocol = options.protocol ?? 5;
        if (protocol !== 2 && protocol !== 3 && protocol !== 4 && protocol !== 5) {
          throw new RangeError(`protocol must be 2, 3, 4 or 5, got ${String(protocol)}`);
        }
        this.protocol = protocol;
        this.framing = protocol >= 4;
        this.maxDepth = options.maxDepth ?? 1e3;
        if (!Number.isSafeInteger(this.maxDepth) || this.maxDepth < 1) {
          throw new RangeError(`maxDepth must be a positive integer, got ${String(options.maxDepth)}`);
        }
      }
      /** Bytes of pickles written and not taken yet. */
      get size() {
        return this.pos;
      }
      /** The pickles written since the last take; the next ones go to a fresh buffer. */
      take() {
        const taken = this.out.subarray(0, this.pos);
        this.out = new Uint8Array(CHUNK_CAPACITY);
        this.view = new DataView(this.out.buffer);
        this.pos = 0;
        return taken;
      }
      /** Drops what was written after `size` was `mark`. */
      rollback(mark) {
        this.pos = mark;
      }
      /** Makes room for `bytes` more output at once (a large record whose size is about known). */
      reserve(bytes) {
        this.ensure(bytes);
      }
      /** One pickle of `value` by the Pickler (the value path), gathered with the others. */
      pickleValue(value) {
        this.valuePickler ??= new Pickler({ protocol: this.protocol, maxDepth: this.maxDepth });
        const bytes = this.valuePickler.dump(value);
        this.ensure(bytes.length);
        this.out.set(bytes, this.pos);
        this.pos += bytes.length;
      }
      // ------------------------------------------------------------ records and frames
      /** Drops a record begun at `mark`; returns DECLINED. */
      decline(mark) {
        this.pos = mark;
        this.frameStart = -1;
        return DECLINED;
      }
      beginRecord() {
        this.ensure(2 + FRAME_HEADER_SIZE2);
        this.out[this.pos] = PROTO;
        this.out[this.pos + 1] = this.protocol;
        this.pos += 2;
        if (this.framing) this.openFrame();
      }
      endRecord() {
        this.op(STOP);
        if (this.framing) this.commitFrame();
        this.frameStart = -1;
      }
      /** A fresh memo for the next record: the slots its entries took are emptied (not the whole table). */
      endMemo() {
        const slots = this.slots;
        const entrySlots = this.entrySlots;
        for (let entry = 0; entry < this.entryCount; entry++) slots[entrySlots[entry]] = 0;
        this.memoCount = 0;
        this.entryCount = 0;
      }
      openFrame() {
        this.ensure(FRAME_HEADER_SIZE2);
        this.frameStart = this.pos;
        this.pos += FRAME_HEADER_SIZE2;
        this.boundaryAt = this.pos + FRAME_SIZE_TARGET2;
      }
      commitFrame() {
        const start = this.frameStart;
        const length = this.pos - start - FRAME_HEADER_SIZE2;
        if (length < FRAME_SIZE_MIN2) {
          this.out.copyWithin(start, start + FRAME_HEADER_SIZE2, this.pos);
          this.pos -= FRAME_HEADER_SIZE2;
          const starts = this.entryStarts;
          for (let entry = this.entryCount - 1; entry >= 0 && starts[entry] > start; entry--) starts[entry] = starts[entry] - FRAME_HEADER_SIZE2;
        } else {
          const out = this.out;
          out[start] = FRAME;
          putUint32(out, start + 1, length);
          putUint32(out, start + 5, 0);
        }
        this.frameStart = -1;
      }
      /** Called before each value: the Pickler commits a frame that reached 64 KiB before it writes the next one. */
      beforeValue() {
        if (this.pos >= this.boundaryAt) {
          this.commitFrame();
          this.openFrame();
        }
      }
      ensure(extra) {
        if (this.pos + extra > this.out.length) this.grow(extra);
      }
      grow(extra) {
        let capacity = this.out.length * 2;
        while (capacity < this.pos + extra) capacity *= 2;
        const grown = new Uint8Array(capacity);
        grown.set(this.out.subarray(0, this.pos));
        this.out = grown;
        this.view = new DataView(grown.buffer);
      }
      op(code) {
        if (this.pos >= this.out.length) this.grow(1);
        this.out[this.pos++] = code;
      }
      /** Memoizes the value on top of the stack (MEMOIZE, or BINPUT before protocol 4). */
      put() {
        const index = this.memoCount++;
        if (index >= this.keyOwners.length) this.keyOwners = growInt32(this.keyOwners, index + 1);
        this.keyOwners[index] = 0;
        this.ensure(5);
        const out = this.out;
        const at = this.pos;
        if (this.framing) {
          out[at] = MEMOIZE;
          this.pos = at + 1;
        } else if (index < 256) {
          out[at] = BINPUT;
          out[at + 1] = index;
          this.pos = at + 2;
        } else {
          out[at] = LONG_BINPUT;
          putUint32(out, at + 1, index);
          this.pos = at + 5;
        }
        return index;
      }
      writeGet(index) {
        this.ensure(5);
        const out = this.out;
        const at = this.pos;
        if (index < 256) {
          out[at] = BINGET;
          out[at + 1] = index;
          this.pos = at + 2;
        } else {
          out[at] = LONG_BINGET;
          putUint32(out, at + 1, index);
          this.pos = at + 5;
        }
      }
      // ------------------------------------------------------------ str
      /** A str's header length (SHORT_BINUNICODE from protocol 4 under 256 bytes, else BINUNICODE) for at most `rawLength` bytes. */
      strHeaderLength(rawLength) {
        return this.framing && rawLength < 256 ? 2 : 5;
      }
      /**
       * A str whose UTF-8 is `source[from, from + length)` (well-formed: the caller checked): a GET
       * when it was written before (looked up in place, not copied), else copied, with its header.
       */
      plainStr(source, from, length, keyOf) {
        if (length >= LARGE_PAYLOAD) {
          this.largeStr(source, from, length, keyOf);
          return;
        }
        const found = this.findStr(source, from, length);
        if (found >= 0) {
          this.writeGet(found);
          this.ownKey(found, keyOf);
          return;
        }
        const hash = this.lastHash;
        const headerLength = this.strHeaderLength(length);
        this.ensure(headerLength + length + 5);
        const out = this.out;
        const opAt = this.pos;
        if (headerLength === 2) {
          out[opAt] = SHORT_BINUNICODE;
          out[opAt + 1] = length;
        } else {
          out[opAt] = BINUNICODE;
          putUint32(out, opAt + 1, length);
        }
        const start = opAt + headerLength;
        if (length < 32) {
          for (let i = 0; i < length; i++) out[start + i] = source[from + i];
        } else {
          out.set(source.subarray(from, from + length), start);
        }
        this.pos = start + length;
        this.addStr(start, length, hash, this.put(), keyOf);
      }
      /**
       * A str whose UTF-8 (`length` bytes, under 64 KiB) is in the output after `headerLength`
       * bytes left at `opAt` (with room for 5 more): a GET when that str was written before,
       * else its header and MEMOIZE.
       */
      strWritten(opAt, headerLength, length, keyOf) {
        const out = this.out;
        const payloadAt = opAt + headerLength;
        const found = this.findStr(out, payloadAt, length);
        if (found >= 0) {
          this.pos = opAt;
          this.writeGet(found);
          this.ownKey(found, keyOf);
          return;
        }
        let start = payloadAt;
        if (headerLength === 2) {
          out[opAt] = SHORT_BINUNICODE;
          out[opAt + 1] = length;
        } else if (this.framing && length < 256) {
          out.copyWithin(opAt + 2, payloadAt, payloadAt + length);
          start = opAt + 2;
          out[opAt] = SHORT_BINUNICODE;
          out[opAt + 1] = length;
        } else {
          out[opAt] = BINUNICODE;
          putUint32(out, opAt + 1, length);
        }
        this.pos = start + length;
        this.addStr(start, length, this.lastHash, this.put(), keyOf);
      }
      /** A str of 64 KiB or more, `bytes[from, from + length)`: past a frame's size it goes outside any frame. */
      largeStr(bytes, from, length, keyOf) {
        const found = this.findStr(bytes, from, length);
        if (found >= 0) {
          this.writeGet(found);
          this.ownKey(found, keyOf);
          return;
        }
        const hash = this.lastHash;
        const start = this.writeLarge(length < 2 ** 32 ? BINUNICODE : BINUNICODE8, bytes, from, length);
        this.addStr(start, length, hash, this.put(), keyOf);
      }
      /** The memo index of a str whose UTF-8 is `bytes[at, at + length)`, or -1 (its hash kept). */
      findStr(bytes, at, length) {
        let hash = length | 0;
        for (let i = 0; i < length; i++) hash = Math.imul(hash ^ bytes[at + i], 16777619);
        hash ^= hash >>> 16;
        hash = Math.imul(hash, 2246822507);
        hash ^= hash >>> 13;
        this.lastHash = hash;
        const slots = this.slots;
        const mask = (slots.length >>> 1) - 1;
        const out = this.out;
        for (let slot = hash & mask; slots[2 * slot] !== 0; slot = slot + 1 & mask) {
          if (slots[2 * slot + 1] !== hash) continue;
          const entry = slots[2 * slot] - 1;
          if (this.entryLengths[entry] !== length) continue;
          const start = this.entryStarts[entry];
          let i = 0;
          while (i < length && out[start + i] === bytes[at + i]) i++;
          if (i === length) return this.entryMemos[entry];
        }
        return -1;
      }
      addStr(start, length, hash, memo, keyOf) {
        const entry = this.entryCount++;
        if (entry >= this.entryStarts.length) this.growEntries();
        this.entryStarts[entry] = start;
        this.entryLengths[entry] = length;
        this.entryHashes[entry] = hash;
        this.entryMemos[entry] = memo;
        this.keyOwners[memo] = keyOf;
        if (this.entryCount * 4 > this.slots.length) this.growTable();
        else this.place(entry, hash);
      }
      place(entry, hash) {
        const slots = this.slots;
        const mask = (slots.length >>> 1) - 1;
        let slot = hash & mask;
        while (slots[2 * slot] !== 0) slot = slot + 1 & mask;
        slots[2 * slot] = entry + 1;
        slots[2 * slot + 1] = hash;
        this.entrySlots[entry] = 2 * slot;
      }
      /** A str used as a key: a second use as a key of the same dict is a repeated key (value path). */
      ownKey(memo, keyOf) {
        if (keyOf === 0) return;
        if (this.keyOwners[memo] === keyOf) throw DECLINE;
        this.keyOwners[memo] = keyOf;
      }
      growEntries() {
        const size2 = this.entryStarts.length * 2;
        this.entryStarts = growInt32(this.entryStarts, size2);
        this.entryLengths = growInt32(this.entryLengths, size2);
        this.entryHashes = growInt32(this.entryHashes, size2);
        this.entryMemos = growInt32(this.entryMemos, size2);
        this.entrySlots = growInt32(this.entrySlots, size2);
      }
      growTable() {
        this.slots = new Int32Array(this.slots.length * 2);
        for (let entry = 0; entry < this.entryCount; entry++) this.place(entry, this.entryHashes[entry]);
      }
      // ------------------------------------------------------------ bytes and numbers
      /** bytes (protocol 3+: SHORT_BINBYTES, BINBYTES, BINBYTES8), memoized as the Pickler memoizes every bytes object. */
      bytesValue(source, from, length) {
        if (this.protocol < 3) throw DECLINE;
        if (length < 256) {
          this.ensure(2 + length);
          this.out[this.pos++] = SHORT_BINBYTES;
          this.out[this.pos++] = length;
          this.out.set(source.subarray(from, from + length), this.pos);
          this.pos += length;
        } else {
          this.writeLarge(length < 2 ** 32 ? BINBYTES : BINBYTES8, source, from, length);
        }
        this.put();
      }
      /**
       * Header and payload as the Pickler's writeLarge: a payload of a frame's size or more goes
       * outside any frame (the frame before it closes, a new one opens after it). Returns where the
       * payload starts in the output.
       */
      writeLarge(code, source, from, length) {
        const isLarge = length >= FRAME_SIZE_TARGET2 && this.framing;
        if (isLarge) this.commitFrame();
        const headerLength = code === BINUNICODE8 || code === BINBYTES8 ? 9 : 5;
        this.ensure(headerLength + length);
        const out = this.out;
        out[this.pos] = code;
        putUint32(out, this.pos + 1, length % 2 ** 32);
        if (headerLength === 9) putUint32(out, this.pos + 5, Math.floor(length / 2 ** 32));
        const start = this.pos + headerLength;
        out.set(source.subarray(from, from + length), start);
        this.pos = start + length;
        if (isLarge) this.openFrame();
        return start;
      }
      /** The Pickler's writeInt: BININT1, BININT2, BININT, else LONG1. */
      writeInt(value) {
        this.ensure(5);
        const out = this.out;
        const at = this.pos;
        if (value >= 0 && value < 256) {
          out[at] = BININT1;
          out[at + 1] = value;
          this.pos = at + 2;
        } else if (value >= 0 && value < 65536) {
          out[at] = BININT2;
          out[at + 1] = value & 255;
          out[at + 2] = value >>> 8;
          this.pos = at + 3;
        } else if (value >= -(2 ** 31) && value < 2 ** 31) {
          out[at] = BININT;
          putUint32(out, at + 1, value);
          this.pos = at + 5;
        } else {
          this.writeLong(BigInt(value));
        }
      }
      /** LONG1 / LONG4: as few bytes as Python's encode_long. */
      writeLong(value) {
        const payload = encodeLong(value);
        this.ensure(5 + payload.length);
        const out = this.out;
        if (payload.length < 256) {
          out[this.pos++] = LONG1;
          out[this.pos++] = payload.length;
        } else {
          out[this.pos] = LONG4;
          putUint32(out, this.pos + 1, payload.length);
          this.pos += 5;
        }
        out.set(payload, this.pos);
        this.pos += payload.length;
      }
      writeFloat(value) {
        this.ensure(9);
        this.out[this.pos] = BINFLOAT;
        this.view.setFloat64(this.pos + 1, value, false);
        this.pos += 9;
      }
    };
  }
});

// ../core/src/encoder/json-pickler.ts
function isJsonSpace(code) {
  return code === 32 || code === 10 || code === 13 || code === 9;
}
function asciiText2(bytes, start, end) {
  let text3 = "";
  for (let i = start; i < end; i++) text3 += String.fromCharCode(bytes[i]);
  return text3;
}
function decodeJsonString(bytes, from, close, out, at) {
  let i = from;
  while (i < close) {
    const code = bytes[i];
    if (code !== 92) {
      out[at++] = code;
      i++;
      continue;
    }
    const escaped = bytes[i + 1];
    i += 2;
    switch (escaped) {
      case 34:
      case 92:
      case 47:
        out[at++] = escaped;
        continue;
      case 98:
        out[at++] = 8;
        continue;
      case 102:
        out[at++] = 12;
        continue;
      case 110:
        out[at++] = 10;
        continue;
      case 114:
        out[at++] = 13;
        continue;
      case 116:
        out[at++] = 9;
        continue;
      case 117: {
        let unit = hexUnit(bytes, i, close);
        i += 4;
        if (unit >= 55296 && unit < 56320 && bytes[i] === 92 && bytes[i + 1] === 117 && i + 6 <= close) {
          const low = hexUnit(bytes, i + 2, close);
          if (low >= 56320 && low < 57344) {
            unit = 65536 + (unit - 55296 << 10) + (low - 56320);
            i += 6;
            out[at++] = 240 | unit >> 18;
            out[at++] = 128 | unit >> 12 & 63;
            out[at++] = 128 | unit >> 6 & 63;
            out[at++] = 128 | unit & 63;
            continue;
          }
        }
        if (unit < 128) {
          out[at++] = unit;
        } else if (unit < 2048) {
          out[at++] = 192 | unit >> 6;
          out[at++] = 128 | unit & 63;
        } else {
          out[at++] = 224 | unit >> 12;
          out[at++] = 128 | unit >> 6 & 63;
          out[at++] = 128 | unit & 63;
        }
        continue;
      }
      default:
        throw DECLINE;
    }
  }
  return at;
}
function hexUnit(bytes, at, close) {
  if (at + 4 > close) throw DECLINE;
  let unit = 0;
  for (let i = at; i < at + 4; i++) {
    const code = bytes[i];
    let digit;
    if (code >= 48 && code <= 57) digit = code - 48;
    else if (code >= 97 && code <= 102) digit = code - 87;
    else if (code >= 65 && code <= 70) digit = code - 55;
    else throw DECLINE;
    unit = unit * 16 + digit;
  }
  return unit;
}
var BLANK, MAX_SAFE6, EXACT_MANTISSA, POWERS_OF_TEN, utf8, JsonPickler;
var init_json_pickler = __esm({
  "../core/src/encoder/json-pickler.ts"() {
    
    init_import_meta_url();
    init_json_values();
    init_pickle_bytes();
    init_codes();
    BLANK = -2;
    MAX_SAFE6 = Number.MAX_SAFE_INTEGER;
    EXACT_MANTISSA = 2 ** 53;
    POWERS_OF_TEN = [
      1,
      10,
      100,
      1e3,
      1e4,
      1e5,
      1e6,
      1e7,
      1e8,
      1e9,
      1e10,
      1e11,
      1e12,
      1e13,
      1e14,
      1e15,
      1e16,
      1e17,
      1e18,
      1e19,
      1e20,
      1e21,
      1e22
    ];
    utf8 = new TextDecoder("utf-8", { fatal: true });
    JsonPickler = class extends PickleBytes {
      input = new Uint8Array(0);
      at = 0;
      end = 0;
      /** Bytes moved by one-item containers losing their MARK, and the most the record may move. */
      shifted = 0;
      shiftBudget = 0;
      /** Where a str of 64 KiB or more with escapes is decoded first. */
      scratch = new Uint8Array(0);
      /**
       * One pickle of the JSON value at `input[start, end)` (JSON whitespace before it skipped), when
       * the transcoder takes it: returns the offset just after the value (what follows is not read).
       * `BLANK` when only whitespace is there; `DECLINED` (nothing written) when the value needs the
       * value path or is not JSON. A newline at `end` ends the text (the byte there is never taken).
       */
      tryRecord(input, start, end) {
        this.input = input;
        this.at = start;
        this.end = end;
        this.skipSpace();
        if (this.at >= end) return BLANK;
        const mark = this.pos;
        this.shifted = 0;
        this.shiftBudget = 4 * (end - start) + FRAME_SIZE_TARGET2;
        try {
          this.beginRecord();
          this.value(0);
          this.endRecord();
          return this.at <= end ? this.at : this.decline(mark);
        } catch (error) {
          if (error !== DECLINE) throw error;
          return this.decline(mark);
        } finally {
          this.endMemo();
        }
      }
      /**
       * One NDJSON line, `input[start, end)`: its pickle, written by the transcoder or by the value
       * path. Returns false for a blank line (nothing written). Throws the value path's error for a
       * line that is not one JSON value (SyntaxError), is not UTF-8 (TypeError) or nests too deep.
       */
      pickleLine(input, start, end) {
        const mark = this.pos;
        const after = this.tryRecord(input, start, end);
        if (after === BLANK) return false;
        if (after >= 0) {
          let at = after;
          while (at < end && isJsonSpace(input[at])) at++;
          if (at === end) return true;
          this.pos = mark;
        }
        const text3 = utf8.decode(input.subarray(start, end));
        if (text3.trim() === "") return false;
        this.pickleValue(parseJsonValue(text3));
        return true;
      }
      // ------------------------------------------------------------ values
      skipSpace() {
        const input = this.input;
        const end = this.end;
        let at = this.at;
        while (at < end) {
          const code = input[at];
          if (code !== 32 && code !== 10 && code !== 13 && code !== 9) break;
          at++;
        }
        this.at = at;
      }
      /** The value at `at` (no whitespace before it); `depth` containers enclose it. */
      value(depth) {
        this.beforeValue();
        const input = this.input;
        const at = this.at;
        switch (input[at]) {
          case 123:
            this.dict(depth);
            return;
          case 91:
            this.list(depth);
            return;
          case 34:
            this.str(0);
            return;
          case 116:
            if (input[at + 1] !== 114 || input[at + 2] !== 117 || input[at + 3] !== 101) throw DECLINE;
            this.at = at + 4;
            this.op(NEWTRUE);
            return;
          case 102:
            if (input[at + 1] !== 97 || input[at + 2] !== 108 || input[at + 3] !== 115 || input[at + 4] !== 101) throw DECLINE;
            this.at = at + 5;
            this.op(NEWFALSE);
            return;
          case 110:
            if (input[at + 1] !== 117 || input[at + 2] !== 108 || input[at + 3] !== 108) throw DECLINE;
            this.at = at + 4;
            this.op(NONE);
            return;
          default:
            this.number();
        }
      }
      /** EMPTY_DICT, MEMOIZE, then SETITEM for one pair or MARK ... SETITEMS per 1000 (saveMap's batches). */
      dict(depth) {
        if (depth >= this.maxDepth) throw DECLINE;
        this.at++;
        this.op(EMPTY_DICT);
        this.put();
        this.skipSpace();
        if (this.input[this.at] === 125) {
          this.at++;
          return;
        }
        const serial = ++this.dictSerial;
        const markAt = this.pos;
        this.op(MARK);
        const frameAtMark = this.frameStart;
        const memoAtMark = this.memoCount;
        let count2 = 0;
        let inBatch = 0;
        for (; ; ) {
          if (this.input[this.at] !== 34) throw DECLINE;
          this.beforeValue();
          this.str(serial);
          this.skipSpace();
          if (this.input[this.at] !== 58) throw DECLINE;
          this.at++;
          this.skipSpace();
          this.value(depth + 1);
          count2++;
          if (++inBatch === BATCH_SIZE2) {
            this.op(SETITEMS);
            this.op(MARK);
            inBatch = 0;
          }
          this.skipSpace();
          const next = this.input[this.at++];
          if (next === 125) break;
          if (next !== 44) throw DECLINE;
          this.skipSpace();
        }
        if (count2 === 1) {
          this.dropMark(markAt, frameAtMark, memoAtMark);
          this.op(SETITEM);
        } else {
          this.op(SETITEMS);
        }
      }
      /** EMPTY_LIST, MEMOIZE, then APPEND for one item or MARK ... APPENDS per 1000 (saveList's batches). */
      list(depth) {
        if (depth >= this.maxDepth) throw DECLINE;
        this.at++;
        this.op(EMPTY_LIST);
        this.put();
        this.skipSpace();
        if (this.input[this.at] === 93) {
          this.at++;
          return;
        }
        const markAt = this.pos;
        this.op(MARK);
        const frameAtMark = this.frameStart;
        const memoAtMark = this.memoCount;
        let count2 = 0;
        let inBatch = 0;
        for (; ; ) {
          this.value(depth + 1);
          count2++;
          if (++inBatch === BATCH_SIZE2) {
            this.op(APPENDS);
            this.op(MARK);
            inBatch = 0;
          }
          this.skipSpace();
          const next = this.input[this.at++];
          if (next === 93) break;
          if (next !== 44) throw DECLINE;
          this.skipSpace();
        }
        if (count2 === 1) {
          this.dropMark(markAt, frameAtMark, memoAtMark);
          this.op(APPEND);
        } else if (inBatch === 0) {
          this.pos--;
        } else {
          this.op(APPENDS);
        }
      }
      /**
       * A container of one item has no MARK: take it out and move the item's bytes (and its memo
       * spans) back by one. When a frame closed inside the item, the frames would change: decline.
       */
      dropMark(markAt, frameAtMark, memoAtMark) {
        if (this.frameStart !== frameAtMark) throw DECLINE;
        const length = this.pos - markAt - 1;
        this.shifted += length;
        if (this.shifted > this.shiftBudget) throw DECLINE;
        this.out.copyWithin(markAt, markAt + 1, this.pos);
        this.pos--;
        const starts = this.entryStarts;
        const memos = this.entryMemos;
        for (let entry = this.entryCount - 1; entry >= 0 && memos[entry] >= memoAtMark; entry--) starts[entry]--;
      }
      /**
         * A str at `at` (its opening quote): its UTF-8 written in place after room for its header,
         * then either the header and a memo entry, or, for a value already written, a GET instead.
         * `keyOf` is the dict it is a key of (0 for a value).
      
        /**
         * A str at `at` (its opening quote): a plain one is copied, one with escapes or non-ASCII text
         * checked and decoded into the output. `keyOf` is the dict it is a key of (0 for a value).
         */
      str(keyOf) {
        const input = this.input;
        const from = this.at + 1;
        const end = this.end;
        let close = from;
        let isPlain = true;
        for (; close < end; close++) {
          const code = input[close];
          if (code === 34) break;
          if (code === 92 || code < 32 || code >= 128) {
            isPlain = false;
            break;
          }
        }
        if (!isPlain) close = this.closingQuote(close);
        else if (close >= end) throw DECLINE;
        const rawLength = close - from;
        this.at = close + 1;
        if (isPlain) {
          this.plainStr(input, from, rawLength, keyOf);
        } else if (rawLength >= FRAME_SIZE_TARGET2) {
          if (this.scratch.length < rawLength) this.scratch = new Uint8Array(rawLength);
          this.largeStr(this.scratch, 0, decodeJsonString(input, from, close, this.scratch, 0), keyOf);
        } else {
          const headerLength = this.strHeaderLength(rawLength);
          const opAt = this.pos;
          this.ensure(headerLength + rawLength + 5);
          const payloadAt = opAt + headerLength;
          this.strWritten(opAt, headerLength, decodeJsonString(input, from, close, this.out, payloadAt) - payloadAt, keyOf);
        }
      }
      /** The closing quote of a str that has escapes or non-ASCII text, checking both; from `at` on. */
      closingQuote(at) {
        const input = this.input;
        const end = this.end;
        while (at < end) {
          const code = input[at];
          if (code === 34) return at;
          if (code === 92) at += 2;
          else if (code < 32) throw DECLINE;
          else if (code < 128) at++;
          else at += utf8SequenceLength(input, at, end);
        }
        throw DECLINE;
      }
      /** A JSON number: an int as the Pickler writes a JS number or bigint, anything else BINFLOAT. */
      number() {
        const input = this.input;
        const start = this.at;
        let at = start;
        const isNegative = input[at] === 45;
        if (isNegative) at++;
        let code = input[at];
        if (!(code >= 48 && code <= 57)) throw DECLINE;
        let mantissa = 0;
        let digits = 0;
        if (code === 48) {
          at++;
          code = input[at];
          if (code >= 48 && code <= 57) throw DECLINE;
        } else {
          while (code >= 48 && code <= 57) {
            mantissa = mantissa * 10 + (code - 48);
            digits++;
            code = input[++at];
          }
        }
        let fractionDigits = 0;
        let isFloat = false;
        if (code === 46) {
          isFloat = true;
          code = input[++at];
          if (!(code >= 48 && code <= 57)) throw DECLINE;
          while (code >= 48 && code <= 57) {
            mantissa = mantissa * 10 + (code - 48);
            fractionDigits++;
            code = input[++at];
          }
        }
        let exponent = 0;
        if (code === 101 || code === 69) {
          isFloat = true;
          code = input[++at];
          const isNegativeExponent = code === 45;
          if (code === 45 || code === 43) code = input[++at];
          if (!(code >= 48 && code <= 57)) throw DECLINE;
          while (code >= 48 && code <= 57) {
            if (exponent < 1e5) exponent = exponent * 10 + (code - 48);
            code = input[++at];
          }
          if (isNegativeExponent) exponent = -exponent;
        }
        this.at = at;
        if (!isFloat) {
          if (digits < 16) {
            this.writeInt(isNegative ? -mantissa : mantissa);
          } else {
            const text3 = asciiText2(input, start, at);
            const int = Number(text3);
            if (Math.abs(int) <= MAX_SAFE6) this.writeInt(int);
            else this.writeLong(BigInt(text3));
          }
          return;
        }
        const scale = fractionDigits - exponent;
        let float;
        if (mantissa < EXACT_MANTISSA && scale >= -22 && scale <= 22) {
          float = scale >= 0 ? mantissa / POWERS_OF_TEN[scale] : mantissa * POWERS_OF_TEN[-scale];
          if (isNegative) float = -float;
        } else {
          float = Number(asciiText2(input, start, at));
        }
        this.writeFloat(float);
      }
    };
  }
});

// ../core/src/internal.ts
var init_internal = __esm({
  "../core/src/internal.ts"() {
    
    init_import_meta_url();
    init_frame_rule();
    init_join_bytes();
    init_not_a_pickle();
    init_json_pickler();
    init_pickle_bytes();
    init_json_values();
  }
});

// ../stream/src/chunk-tail.ts
var ChunkTail;
var init_chunk_tail = __esm({
  "../stream/src/chunk-tail.ts"() {
    
    init_import_meta_url();
    ChunkTail = class {
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
  }
});

// ../stream/src/head-bytes.ts
var HeadBytes;
var init_head_bytes = __esm({
  "../stream/src/head-bytes.ts"() {
    
    init_import_meta_url();
    init_internal();
    HeadBytes = class {
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
  }
});

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
var init_locate_error = __esm({
  "../stream/src/locate-error.ts"() {
    
    init_import_meta_url();
    init_src();
  }
});

// ../core/src/opcodes/index.ts
var init_opcodes = __esm({
  "../core/src/opcodes/index.ts"() {
    
    init_import_meta_url();
    init_arg_kinds();
    init_table();
    init_codes();
  }
});

// ../stream/src/record-start.ts
function isRecordStart(byte, next, isProtoLed2, isEof) {
  if (!isProtoLed2) return opcodeByCode(byte) !== void 0;
  if (byte !== PROTO2) return false;
  if (next === -1) return !isEof;
  return next >= 2 && next <= 5;
}
var PROTO2;
var init_record_start = __esm({
  "../stream/src/record-start.ts"() {
    
    init_import_meta_url();
    init_opcodes();
    PROTO2 = 128;
  }
});

// ../stream/src/record-reader.ts
var RecordReader;
var init_record_reader = __esm({
  "../stream/src/record-reader.ts"() {
    
    init_import_meta_url();
    init_src();
    init_internal();
    init_chunk_tail();
    init_head_bytes();
    init_locate_error();
    init_record_start();
    RecordReader = class {
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
          const decoder2 = this.decoder;
          if (decoder2 === null) return;
          if (this.fed < tail.end) {
            for (const piece of [...tail.views(this.fed)]) {
              this.fed += piece.length;
              if (!this.feedMain(decoder2, piece, sink)) break;
            }
            continue;
          }
          if (!isEof) return;
          this.endMain(decoder2);
        }
      }
      /** Pushes one piece into the main decoder; false when it failed (and `skipCorrupt` is on). */
      feedMain(decoder2, piece, sink) {
        const completed = this.completed;
        let failure = null;
        try {
          decoder2.pushTo(piece, completed);
        } catch (error) {
          failure = error;
        }
        this.deliver(completed, decoder2.recordSpans, sink);
        if (failure === null) return true;
        this.fail(failure);
        return false;
      }
      /** Ends the main decoder; a cut record fails like a corrupt one. */
      endMain(decoder2) {
        try {
          decoder2.end();
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
          const isProtoLed2 = this.isProtoLed;
          const start = tail.find(resync.nextCandidate, (byte, next) => isRecordStart(byte, next, isProtoLed2, isEof));
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
  }
});

// ../stream/src/to-bytes.ts
function toBytes(chunk) {
  if (chunk instanceof Uint8Array) return chunk;
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  const got = chunk === null ? "null" : typeof chunk;
  throw new TypeError(`Expected a pickle chunk to be a Uint8Array or Buffer, got ${got}`);
}
var init_to_bytes = __esm({
  "../stream/src/to-bytes.ts"() {
    
    init_import_meta_url();
  }
});

// ../stream/src/gunzip.ts
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
  const { createGunzip, createInflate } = await Promise.resolve().then(() => __toESM(require("node:zlib"), 1));
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
  return (0, import_node_stream.pipeline)(import_node_stream.Readable.from(compressed(), { objectMode: false }), kind3 === "gzip" ? createGunzip(options) : createInflate(options), () => {
  });
}
var import_node_stream, GZIP_MAGIC_0, GZIP_MAGIC_1, ZLIB_CMF, GUNZIP_CHUNK_BYTES;
var init_gunzip = __esm({
  "../stream/src/gunzip.ts"() {
    
    init_import_meta_url();
    import_node_stream = require("node:stream");
    GZIP_MAGIC_0 = 31;
    GZIP_MAGIC_1 = 139;
    ZLIB_CMF = 120;
    GUNZIP_CHUNK_BYTES = 1 << 20;
  }
});

// ../stream/src/memo-scan.ts
async function scanMemoReads(bytes) {
  const scanner = new MemoReadScanner();
  for await (const chunk of bytes) scanner.push(chunk);
  return scanner.result();
}
var GET2, BINGET2, LONG_BINGET2, FRAME2, NEWLINE, MAX_INDEX_TEXT, State, MemoReadScanner;
var init_memo_scan = __esm({
  "../stream/src/memo-scan.ts"() {
    
    init_import_meta_url();
    init_opcodes();
    init_internal();
    ({ GET: GET2, BINGET: BINGET2, LONG_BINGET: LONG_BINGET2, FRAME: FRAME2 } = codes_exports);
    NEWLINE = 10;
    MAX_INDEX_TEXT = 24;
    State = { Opcode: 0, Fixed: 1, Lines: 2, Prefix: 3, Payload: 4 };
    MemoReadScanner = class {
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
  }
});

// ../stream/src/torch-input.ts
function isTorchFile(head) {
  return looksLikeTorchZip(head) || looksLikeLegacyTorch(head);
}
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
  const { file, maxInputBytes = DEFAULT_MAX_TORCH_BYTES, ...decoder2 } = options;
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
  const { inflateRawSync: inflateRawSync2 } = await Promise.resolve().then(() => __toESM(require("node:zlib"), 1));
  const inflateRaw2 = (data, size2) => inflateRawSync2(data, { maxOutputLength: Math.max(1, size2) });
  try {
    return { value: loadTorch(whole, { ...decoder2, inflateRaw: inflateRaw2 }), length };
  } catch (error) {
    if (isPickleError(error)) throw locateError(error, 0, 0, file);
    throw error;
  }
}
var ZIP_HEAD, LEGACY_HEAD2, ZIP_NAME_BYTES, DEFAULT_MAX_TORCH_BYTES;
var init_torch_input = __esm({
  "../stream/src/torch-input.ts"() {
    
    init_import_meta_url();
    init_src();
    init_internal();
    init_locate_error();
    init_to_bytes();
    ZIP_HEAD = Uint8Array.of(80, 75, 3, 4);
    LEGACY_HEAD2 = Uint8Array.of(128, 2, 138, 10, 108, 252, 156, 70, 249, 32, 106, 168, 80, 25);
    ZIP_NAME_BYTES = 30 + 256;
    DEFAULT_MAX_TORCH_BYTES = 2 ** 31 - 1;
  }
});

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
    const bytes = path !== void 0 ? (0, import_node_fs.createReadStream)(path, { highWaterMark: chunkBytes }) : asByteIterable(source);
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
  const { emit: _emit, memoIndicesRead: _read, ...decoder2 } = settings.decoder;
  const { value, length } = await readTorchInput(bytes, { ...decoder2, file: settings.file });
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
  if (source instanceof URL) return (0, import_node_url.fileURLToPath)(source);
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
var import_node_fs, import_node_url;
var init_sources = __esm({
  "../stream/src/sources.ts"() {
    
    init_import_meta_url();
    import_node_fs = require("node:fs");
    import_node_url = require("node:url");
    init_gunzip();
    init_memo_scan();
    init_src();
    init_options();
    init_record_reader();
    init_to_bytes();
    init_torch_input();
  }
});

// ../stream/src/engine-bytes.ts
async function* engineBytes(engine, source, options, at = INPUT_START) {
  const { file, detectGzip = true, onRecords } = options;
  engine.continueAfter(at.previousRecordMemoLength);
  const head = new HeadBytes();
  const sniffed = at.offset > 0 ? { bytes: source, isTorch: false } : await sniffTorch(detectGzip ? gunzipIfNeeded(source) : source);
  const bytes = sniffed.bytes;
  let reported = 0;
  const report = () => {
    if (onRecords !== void 0 && engine.recordsWritten > reported) {
      onRecords(engine.recordsWritten - reported);
      reported = engine.recordsWritten;
    }
  };
  if (sniffed.isTorch) {
    const { value, length } = await readTorchInput(bytes, { encoding: options.encoding ?? "latin1", dict: "map", wrapIntegralFloats: true, file });
    try {
      engine.writeRecord(value, 0, length);
    } catch (error2) {
      if (isOutputError(error2)) throw new EncodeRecordError(error2, 0, 0);
      throw error2;
    }
    report();
    if (engine.pendingBytes > 0) yield engine.take();
    return;
  }
  let failure;
  try {
    for await (const chunk of bytes) {
      const data = toBytes(chunk);
      head.append(data);
      engine.push(data);
      if (engine.pendingBytes > 0) {
        report();
        yield engine.take();
      }
      if (engine.isDone) break;
    }
    engine.end();
  } catch (error2) {
    failure = error2;
    engine.abandon();
  }
  report();
  if (engine.pendingBytes > 0) yield engine.take();
  if (failure === void 0) return;
  if (isOutputError(failure) && (engine.failedRecordOffset !== void 0 || engine.isEntryFailed)) {
    const offset = engine.failedRecordOffset;
    throw new EncodeRecordError(failure, at.recordIndex + (failure.recordIndex ?? engine.recordsWritten), offset === void 0 ? void 0 : at.offset + offset);
  }
  if (!isPickleError(failure)) throw failure;
  const error = (at.offset === 0 ? notAPickleError(failure, head.bytes()) : void 0) ?? failure;
  throw locateError(error, at.offset, at.recordIndex + error.recordIndex, file);
}
function engineOptions(options) {
  return {
    decoder: {
      ...options.encoding === void 0 ? {} : { encoding: options.encoding },
      ...options.entries === true ? { emit: "entries" } : {}
    },
    framing: options.framing,
    maxRecords: options.maxRecords,
    maxOutputBytes: options.maxOutputBytes,
    inputSizeHint: options.inputSize,
    spill: options.spill,
    // Each output array is written whole by the engine: no need for zeroed memory.
    newOutputBytes: options.newOutputBytes ?? Buffer.allocUnsafeSlow,
    transientChunks: options.transientChunks
  };
}
var EncodeRecordError, INPUT_START;
var init_engine_bytes = __esm({
  "../stream/src/engine-bytes.ts"() {
    
    init_import_meta_url();
    init_src();
    init_internal();
    init_gunzip();
    init_head_bytes();
    init_locate_error();
    init_to_bytes();
    init_torch_input();
    EncodeRecordError = class extends Error {
      constructor(cause, recordIndex, offset) {
        super(cause.message, { cause });
        this.cause = cause;
        this.recordIndex = recordIndex;
        this.offset = offset;
      }
      cause;
      recordIndex;
      offset;
      name = "EncodeRecordError";
    };
    INPUT_START = { offset: 0, recordIndex: 0, previousRecordMemoLength: 0 };
  }
});

// ../core/src/engine/json-escape.ts
function writeJsonEscape(out, pos, code) {
  let p = pos;
  out[p++] = BACKSLASH2;
  switch (code) {
    case QUOTE4:
      out[p++] = QUOTE4;
      break;
    case BACKSLASH2:
      out[p++] = BACKSLASH2;
      break;
    case 8:
      out[p++] = 98;
      break;
    case 9:
      out[p++] = 116;
      break;
    case 10:
      out[p++] = 110;
      break;
    case 12:
      out[p++] = 102;
      break;
    case 13:
      out[p++] = 114;
      break;
    default:
      out[p++] = 117;
      out[p++] = 48;
      out[p++] = 48;
      out[p++] = HEX.charCodeAt(code >> 4);
      out[p++] = HEX.charCodeAt(code & 15);
  }
  return p;
}
var QUOTE4, BACKSLASH2, HEX, JSON_ESCAPED;
var init_json_escape = __esm({
  "../core/src/engine/json-escape.ts"() {
    
    init_import_meta_url();
    QUOTE4 = 34;
    BACKSLASH2 = 92;
    HEX = "0123456789abcdef";
    JSON_ESCAPED = (() => {
      const escaped = new Uint8Array(256);
      for (let code = 0; code < 32; code++) escaped[code] = 1;
      escaped[QUOTE4] = 1;
      escaped[BACKSLASH2] = 1;
      return escaped;
    })();
  }
});

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
var init_utf82 = __esm({
  "../core/src/engine/utf8.ts"() {
    
    init_import_meta_url();
  }
});

// ../core/src/engine/root-keys.ts
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
  for (let shift2 = 0; shift2 < 32; shift2 += 16) {
    buckets.fill(0);
    for (let i = 0; i < count2; i++) buckets[hashes[i] >>> shift2 & 65535]++;
    let total = 0;
    for (let b = 0; b < buckets.length; b++) {
      const size2 = buckets[b];
      buckets[b] = total;
      total += size2;
    }
    for (let i = 0; i < count2; i++) {
      const entry = order[i];
      next[buckets[hashes[entry] >>> shift2 & 65535]++] = entry;
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
var PAIRWISE_KEYS, RootKeyTable;
var init_root_keys = __esm({
  "../core/src/engine/root-keys.ts"() {
    
    init_import_meta_url();
    PAIRWISE_KEYS = 16;
    RootKeyTable = class {
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
  }
});

// ../core/src/engine/tape.ts
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
var K_NONE, K_TRUE, K_FALSE, K_INT, K_LONG, K_FLOAT, K_STR, K_BYTES, K_LIST, K_TUPLE, K_DICT, K_COPY, NODE_NONE, NODE_TRUE, NODE_FALSE, NODE_EMPTY_TUPLE, FIRST_DYNAMIC, SEALED, MEMOIZED, OPEN, INITIAL_NODES, INITIAL_RUNS, Tape;
var init_tape = __esm({
  "../core/src/engine/tape.ts"() {
    
    init_import_meta_url();
    K_NONE = 1;
    K_TRUE = 2;
    K_FALSE = 3;
    K_INT = 4;
    K_LONG = 5;
    K_FLOAT = 6;
    K_STR = 7;
    K_BYTES = 8;
    K_LIST = 9;
    K_TUPLE = 10;
    K_DICT = 11;
    K_COPY = 12;
    NODE_NONE = 0;
    NODE_TRUE = 1;
    NODE_FALSE = 2;
    NODE_EMPTY_TUPLE = 3;
    FIRST_DYNAMIC = 4;
    SEALED = 1;
    MEMOIZED = 2;
    OPEN = 4;
    INITIAL_NODES = 1 << 12;
    INITIAL_RUNS = 1 << 10;
    Tape = class {
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
  }
});

// ../core/src/engine/tape-driver.ts
function decline() {
  throw DECLINE2;
}
var DECLINE2, MAX_STACK, MAX_MEMO_GAP2, MAX_LONG_BYTES, STREAM_MIN_NODES, SHRINK_WINDOW_BYTES, MAX_WINDOW, M_HOLE, M_NODE, M_SPAN, RAN_OUT, RECORD_DONE, TapeDriver;
var init_tape_driver = __esm({
  "../core/src/engine/tape-driver.ts"() {
    
    init_import_meta_url();
    init_tape();
    DECLINE2 = Object.freeze({ reason: "decline" });
    MAX_STACK = 1 << 24;
    MAX_MEMO_GAP2 = 1024;
    MAX_LONG_BYTES = 64;
    STREAM_MIN_NODES = 1 << 14;
    SHRINK_WINDOW_BYTES = 1 << 24;
    MAX_WINDOW = 2 ** 31 - 1;
    M_HOLE = 0;
    M_NODE = 1;
    M_SPAN = 2;
    RAN_OUT = 0;
    RECORD_DONE = 1;
    TapeDriver = class {
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
  }
});

// ../core/src/engine/direct-driver.ts
var DirectDriver;
var init_direct_driver = __esm({
  "../core/src/engine/direct-driver.ts"() {
    
    init_import_meta_url();
    init_output_budget();
    init_tape();
    init_tape_driver();
    DirectDriver = class extends TapeDriver {
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
        const inputBytes2 = isRecordRead ? this.pos - this.recordStart : this.windowLength - this.recordStart;
        const budget = this.fixedBudget ?? defaultOutputBudget(Math.max(0, inputBytes2));
        this.outputLimit = output.recordOutputStart + budget;
        if (output.pos + more > this.outputLimit) decline();
      }
    };
  }
});

// ../core/src/engine/json-direct-driver.ts
function hasZeroByte(word) {
  return word - 16843009 & ~word;
}
function skipString(out, p) {
  p++;
  for (; ; ) {
    const b = out[p];
    if (b === QUOTE5) return p + 1;
    p += b === BACKSLASH3 ? 2 : 1;
  }
}
function skipValue(out, p) {
  const b = out[p];
  if (b === QUOTE5) return skipString(out, p);
  if (b === 123 || b === 91) {
    let depth = 0;
    for (; ; ) {
      const c = out[p];
      if (c === QUOTE5) {
        p = skipString(out, p);
        continue;
      }
      p++;
      if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        depth--;
        if (depth === 0) return p;
      }
    }
  }
  for (; ; ) {
    const c = out[p];
    if (c === COMMA3 || c === 125 || c === 93) return p;
    p++;
  }
}
var QUOTE5, BACKSLASH3, COMMA3, COLON2, KIND_BITS, F_OPEN, F_TENT, F_QUOTED, F_RESCAN, ROLE_SHIFT, ROLE_BITS, R_FREE, R_KEY, R_VALUE, R_ITEM, HEIGHT_SHIFT, MAX_HEIGHT, PAIRWISE_KEYS2, KEY_STR, KEY_INT, M_SPAN2, M_OPEN, M_VALUE_BITS, PRESIZE_MIN_INPUT, OUTPUT_PER_INPUT_BYTE, PRESIZE_MAX, MEMO_INPUT_BYTES, JsonDirectDriver;
var init_json_direct_driver = __esm({
  "../core/src/engine/json-direct-driver.ts"() {
    
    init_import_meta_url();
    init_base64();
    init_float_repr();
    init_int_digits();
    init_float_digits();
    init_root_keys();
    init_tape();
    init_json_escape();
    init_direct_driver();
    init_tape_driver();
    init_utf82();
    QUOTE5 = 34;
    BACKSLASH3 = 92;
    COMMA3 = 44;
    COLON2 = 58;
    KIND_BITS = 255;
    F_OPEN = 256;
    F_TENT = 512;
    F_QUOTED = 1024;
    F_RESCAN = 2048;
    ROLE_SHIFT = 12;
    ROLE_BITS = 3 << ROLE_SHIFT;
    R_FREE = 0;
    R_KEY = 1;
    R_VALUE = 2;
    R_ITEM = 3;
    HEIGHT_SHIFT = 16;
    MAX_HEIGHT = 200;
    PAIRWISE_KEYS2 = 16;
    KEY_STR = 1;
    KEY_INT = 2;
    M_SPAN2 = 1 << 28;
    M_OPEN = 1 << 29;
    M_VALUE_BITS = KIND_BITS | 255 << HEIGHT_SHIFT;
    PRESIZE_MIN_INPUT = 1 << 20;
    OUTPUT_PER_INPUT_BYTE = 1.8;
    PRESIZE_MAX = 2 ** 31 - 1;
    MEMO_INPUT_BYTES = 16;
    JsonDirectDriver = class extends DirectDriver {
      // Parallel to the stack, beside DirectDriver's slot arrays: the separator byte written before the slot's value (0: none).
      slotSep = new Uint8Array(1 << 10);
      /** The role and separator of the value being pushed (set by `separate`). */
      role = 0;
      /** Set by `placeOf`: the slot below is a dict or list whose closing bracket must come off first. */
      isReopen = false;
      placeSep = 0;
      isPresized = false;
      /** The last float written had 16-17 significant digits (pushFloat). */
      isLastFloatLong = false;
      /** The root dict's first batch (of up to PAIRWISE_KEYS keys) was checked from the stack, its keys not kept. */
      isRootUnkept = false;
      /** The root's first keys were found again in its output, where an int key looks like a str: all its keys count as one kind. */
      isRootKindless = false;
      // For `rewrite`.
      scratch = new Uint8Array(1 << 12);
      oldStarts = new Int32Array(64);
      deltas = new Int32Array(64);
      /** The root dict's keys. */
      rootKeys = new RootKeyTable();
      /** For nested dicts past PAIRWISE_KEYS keys, or checked from their output. */
      bigKeys = new RootKeyTable();
      writer;
      constructor(writer, maxBytesLength, fixedBudget) {
        super(writer, maxBytesLength, fixedBudget);
        this.writer = writer;
      }
      beginRecord(at) {
        super.beginRecord(at);
        this.rootKeys.reset();
        this.isPresized = false;
        this.isRootUnkept = false;
        this.isRootKindless = false;
        this.checkBudget(0);
      }
      finishRecord() {
        this.lastRecordMemoLength = this.memoHigh;
        const info = this.slotInfo[0];
        if ((info & F_OPEN) !== 0) {
          const kind3 = info & KIND_BITS;
          if (kind3 === K_DICT && this.rootKeys.hasRepeated(this.writer.out)) decline();
          const writer = this.writer;
          writer.room(1)[writer.pos++] = kind3 === K_DICT ? 125 : 93;
        }
        this.checkBudget(0, true);
        this.writer.endDirectRecord();
        this.leaveRecord();
      }
      // ---- where a value goes
      /**
       * The role and separator of a value pushed at stack slot `s` (sp === s), into `this.role` and
       * `this.placeSep`; `this.isReopen` when the dict or list below is to be given another batch
       * (its closing bracket, the last byte written, comes off).
       */
      placeOf(s) {
        const mp = this.mp;
        const mark = mp > 0 ? this.marks[mp - 1] : -1;
        this.isReopen = false;
        if (s === mark) {
          const c = s - 1;
          if (c >= 0 && (mp < 2 || this.marks[mp - 2] !== mark)) {
            const info2 = this.slotInfo[c];
            const kind3 = info2 & KIND_BITS;
            if ((kind3 === K_DICT || kind3 === K_LIST) && (info2 & (F_OPEN | F_TENT)) !== 0) {
              this.isReopen = (info2 & F_TENT) !== 0;
              this.role = kind3 === K_DICT ? R_KEY : R_ITEM;
              this.placeSep = this.slotCounts[c] > 0 ? COMMA3 : 0;
              return;
            }
          }
          this.role = R_FREE;
          this.placeSep = 0;
          return;
        }
        if (s === 0) {
          this.role = R_FREE;
          this.placeSep = 0;
          return;
        }
        const info = this.slotInfo[s - 1];
        if ((info & F_OPEN) !== 0) {
          this.role = (info & KIND_BITS) === K_DICT ? R_KEY : R_ITEM;
          this.placeSep = this.slotCounts[s - 1] > 0 ? COMMA3 : 0;
          return;
        }
        const role = (info & ROLE_BITS) >> ROLE_SHIFT;
        if (role === R_KEY) {
          this.role = R_VALUE;
          this.placeSep = COLON2;
        } else {
          this.role = role === R_VALUE ? R_KEY : role;
          this.placeSep = COMMA3;
        }
      }
      /** Writes the separator of the value about to be pushed; returns where the value starts. */
      separate() {
        const writer = this.writer;
        const sp = this.sp;
        if (sp === 0) {
          this.role = R_FREE;
          return writer.pos;
        }
        this.placeOf(sp);
        if (this.isReopen) {
          writer.pos--;
          this.slotInfo[sp - 1] = this.slotInfo[sp - 1] & ~F_TENT | F_OPEN;
        }
        const sep = this.placeSep;
        if (sep !== 0) {
          const pos = writer.pos;
          writer.room(1)[pos] = sep;
          writer.pos = pos + 1;
        }
        return writer.pos;
      }
      pushSlot(start, info) {
        const sp = this.sp;
        if (sp === this.stack.length) this.growStack();
        this.stack[sp] = start;
        this.slotInfo[sp] = info | this.role << ROLE_SHIFT;
        this.slotSep[sp] = sp === 0 ? 0 : this.placeSep;
        this.sp = sp + 1;
      }
      growStack() {
        super.growStack();
        this.slotSep = grownUint8(this.slotSep, this.stack.length);
      }
      // ---- values
      pushEmpty(kind3) {
        const start = this.separate();
        const writer = this.writer;
        writer.room(1)[start] = kind3 === K_DICT ? 123 : 91;
        writer.pos = start + 1;
        const sp = this.sp;
        this.pushSlot(start, kind3 | F_OPEN | 1 << HEIGHT_SHIFT);
        this.slotCounts[sp] = 0;
        this.slotMemo[sp] = -1;
      }
      pushConstant(node) {
        const start = this.separate();
        const writer = this.writer;
        const out = writer.room(5);
        let info;
        let p = start;
        if (node === NODE_NONE) {
          out[p++] = 110;
          out[p++] = 117;
          out[p++] = 108;
          out[p++] = 108;
          info = K_NONE;
        } else if (node === NODE_EMPTY_TUPLE) {
          out[p++] = 91;
          out[p++] = 93;
          info = K_TUPLE | 1 << HEIGHT_SHIFT;
        } else if (node === NODE_FALSE) {
          out[p++] = 102;
          out[p++] = 97;
          out[p++] = 108;
          out[p++] = 115;
          out[p++] = 101;
          info = K_FALSE;
        } else {
          out[p++] = 116;
          out[p++] = 114;
          out[p++] = 117;
          out[p++] = 101;
          info = K_TRUE;
        }
        writer.pos = p;
        this.pushSlot(start, info);
      }
      pushInt(value) {
        const start = this.separate();
        const writer = this.writer;
        const out = writer.room(19);
        if (this.role === R_KEY) {
          out[start] = QUOTE5;
          const end = writeIntDigits(out, start + 1, value);
          out[end] = QUOTE5;
          writer.pos = end + 1;
          this.pushSlot(start, K_INT | F_QUOTED);
          return;
        }
        writer.pos = writeIntDigits(out, start, value);
        this.pushSlot(start, K_INT);
      }
      pushLong(at, length) {
        const start = this.separate();
        const writer = this.writer;
        const isKey = this.role === R_KEY;
        if (isKey) writer.room(1)[writer.pos++] = QUOTE5;
        const input = this.window;
        if (length === 0) {
          writer.room(1)[writer.pos++] = 48;
        } else if (length <= 6) {
          let value = 0;
          for (let i = length - 1; i >= 0; i--) value = value * 256 + input[at + i];
          if (input[at + length - 1] >= 128) value -= 2 ** (8 * length);
          writer.pos = writeIntDigits(writer.room(17), writer.pos, value);
        } else {
          let value = 0n;
          for (let i = length - 1; i >= 0; i--) value = value << 8n | BigInt(input[at + i]);
          if (input[at + length - 1] >= 128) value -= 1n << BigInt(8 * length);
          this.ascii(value.toString());
        }
        if (isKey) writer.room(1)[writer.pos++] = QUOTE5;
        this.pushSlot(start, isKey ? K_LONG | F_QUOTED : K_LONG);
      }
      pushFloat(at) {
        const start = this.separate();
        const writer = this.writer;
        const value = this.view.getFloat64(at, false);
        const out = writer.room(24);
        let end = this.isLastFloatLong ? writeLongFloatRepr(out, start, value) : -1;
        if (end < 0) end = writeShortFloat(out, start, value);
        if (end >= 0) writer.pos = end;
        else this.ascii(Number.isFinite(value) ? floatRepr(value) : "null");
        this.isLastFloatLong = writer.pos - start >= 17;
        this.pushSlot(start, K_FLOAT);
      }
      pushText(isStr, at, length) {
        const start = this.separate();
        const writer = this.writer;
        const input = this.window;
        if (!isStr) {
          const out2 = writer.room(base64Length(length) + 2);
          out2[start] = QUOTE5;
          const end2 = encodeBase64Into(input.subarray(at, at + length), out2, start + 1);
          out2[end2] = QUOTE5;
          writer.pos = end2 + 1;
          this.pushSlot(start, K_BYTES);
          return;
        }
        const view = this.outputView(length + 2);
        const out = writer.out;
        let p = start;
        out[p++] = QUOTE5;
        const end = at + length;
        let high = 0;
        let escapes = 0;
        if (length < 4) {
          for (let i = at; i < end; i++) {
            const byte = input[i];
            high |= byte;
            escapes |= JSON_ESCAPED[byte];
            out[p++] = byte;
          }
        } else {
          const inView = this.view;
          let i = 0;
          for (; i + 4 <= length; i += 4) {
            const word = inView.getInt32(at + i, true);
            high |= word;
            escapes |= word - 538976288 & ~word | hasZeroByte(word ^ 572662306) | hasZeroByte(word ^ 1549556828);
            view.setInt32(p + i, word, true);
          }
          if (i < length) {
            const word = inView.getInt32(end - 4, true);
            high |= word;
            escapes |= word - 538976288 & ~word | hasZeroByte(word ^ 572662306) | hasZeroByte(word ^ 1549556828);
            view.setInt32(p + length - 4, word, true);
          }
          p += length;
          escapes &= 2155905152;
        }
        high &= 2155905152;
        if (escapes !== 0) p = this.escapedString(start + 1, at, end);
        if (high !== 0 && !isWellFormedUtf8(input, at, end)) decline();
        writer.out[p++] = QUOTE5;
        writer.pos = p;
        this.pushSlot(start, K_STR);
      }
      /** input[at, end) as JSON.stringify escapes it, from output position `p`; returns the end. */
      escapedString(p, at, end) {
        const input = this.window;
        const out = this.writer.room(p - this.writer.pos + 6 * (end - at) + 1);
        for (let i = at; i < end; i++) {
          const code = input[i];
          if (JSON_ESCAPED[code] === 0) {
            out[p++] = code;
            continue;
          }
          p = writeJsonEscape(out, p, code);
        }
        return p;
      }
      ascii(text3) {
        const writer = this.writer;
        const out = writer.room(text3.length);
        let p = writer.pos;
        for (let i = 0; i < text3.length; i++) out[p++] = text3.charCodeAt(i);
        writer.pos = p;
      }
      /** TUPLE, TUPLE1-3: the items are written again as `[a,b]` (LIST and DICT from a MARK are protocol 0's: the value path's). */
      pushContainer(kind3, from) {
        if (kind3 !== K_TUPLE) decline();
        const to = this.sp;
        if (to === from) {
          this.pushConstant(NODE_EMPTY_TUPLE);
          return;
        }
        let height = 0;
        for (let i = from; i < to; i++) {
          const h = this.slotInfo[i] >>> HEIGHT_SHIFT;
          if (h > height) height = h;
        }
        if (height + 1 > MAX_HEIGHT) decline();
        this.sp = from;
        if (from === 0) {
          this.role = R_FREE;
          this.placeSep = 0;
          this.isReopen = false;
        } else {
          this.placeOf(from);
        }
        this.sp = to;
        const role = this.role;
        const sep = this.placeSep;
        let at = this.stack[from] - (this.slotSep[from] === 0 ? 0 : 1);
        if (this.isReopen) {
          at--;
          this.slotInfo[from - 1] = this.slotInfo[from - 1] & ~F_TENT | F_OPEN;
        }
        this.rewrite(at, from, to, sep, 91, K_TUPLE, 0);
        this.finishItems(from, to);
        const writer = this.writer;
        writer.room(1)[writer.pos++] = 93;
        const start = at + (sep === 0 ? 0 : 1);
        this.sp = from;
        this.stack[from] = start;
        this.slotSep[from] = sep;
        this.slotInfo[from] = K_TUPLE | role << ROLE_SHIFT | height + 1 << HEIGHT_SHIFT;
        this.sp = from + 1;
      }
      extend(slot, from, isDict) {
        const info = this.slotInfo[slot];
        if ((info & KIND_BITS) !== (isDict ? K_DICT : K_LIST) || (info & (F_OPEN | F_TENT)) === 0) decline();
        const to = this.sp;
        if (isDict && (to - from & 1) === 1) decline();
        const added = isDict ? to - from >> 1 : to - from;
        if (added === 0) return;
        const before = this.slotCounts[slot];
        const slotInfo = this.slotInfo;
        const slotSep = this.slotSep;
        let isRight = (info & F_TENT) === 0;
        let height = 0;
        let firstNested = to;
        for (let i = from; i < to; i++) {
          const item = slotInfo[i];
          const h = item >>> HEIGHT_SHIFT;
          if (h > height) {
            if (height === 0) firstNested = i;
            height = h;
          }
          if ((item & F_OPEN) !== 0) isRight = false;
          const j = i - from;
          if (isDict && (j & 1) === 0) {
            const kind3 = item & KIND_BITS;
            if (kind3 !== K_STR && kind3 !== K_INT && kind3 !== K_LONG) decline();
            if (slotSep[i] !== (before + j > 0 ? COMMA3 : 0) || (item & F_QUOTED) === 0 !== (kind3 === K_STR)) isRight = false;
          } else if (slotSep[i] !== (isDict ? COLON2 : before + j > 0 ? COMMA3 : 0) || (item & F_QUOTED) !== 0) {
            isRight = false;
          }
        }
        if (height + 1 > MAX_HEIGHT) decline();
        const close = slot === 0 ? 0 : isDict ? 125 : 93;
        if (!isRight) {
          const at = this.stack[from] - (slotSep[from] === 0 ? 0 : 1) - ((info & F_TENT) !== 0 ? 1 : 0);
          this.rewrite(at, from, to, 0, 0, isDict ? K_DICT : K_LIST, before);
        }
        if (height > 0) this.finishItems(firstNested, to);
        if (close !== 0) {
          const writer2 = this.writer;
          writer2.room(1)[writer2.pos++] = close;
        }
        if (isDict) this.checkKeys(slot, from, to, before);
        this.slotCounts[slot] = before + added;
        const now = slotInfo[slot];
        let next = slot === 0 ? now : now & ~F_OPEN | F_TENT;
        if (height + 1 > next >>> HEIGHT_SHIFT) next = next & 65535 | height + 1 << HEIGHT_SHIFT;
        slotInfo[slot] = next;
        this.sp = from;
        const writer = this.writer;
        if (writer.pos > this.outputLimit) this.checkBudget(0);
        if (slot === 0) {
          if (!this.isPresized) this.presize();
          writer.spillIfDue();
        }
      }
      /** A dict's new keys at slots from, from + 2, ... before `to`: a repeated one declines. */
      checkKeys(slot, from, to, before) {
        const stack = this.stack;
        const slotInfo = this.slotInfo;
        const out = this.writer.out;
        if (slot === 0) {
          if (before === 0 && to - from <= 2 * PAIRWISE_KEYS2) {
            this.checkBatchKeys(from, to);
            this.isRootUnkept = true;
            return;
          }
          const keys = this.rootKeys;
          if (this.isRootUnkept) {
            this.isRootUnkept = false;
            this.isRootKindless = true;
            this.addKeysWritten(keys, stack[0], stack[from] - (this.slotSep[from] === 0 ? 0 : 1));
          }
          const isKindless = this.isRootKindless;
          for (let i = from; i < to; i += 2) {
            const info = slotInfo[i];
            keys.add(out, stack[i], stack[i + 1] - 1, isKindless || (info & KIND_BITS) === K_STR ? KEY_STR : KEY_INT);
          }
          return;
        }
        if (before > 0) {
          slotInfo[slot] = slotInfo[slot] | F_RESCAN;
          return;
        }
        if (to - from > 2 * PAIRWISE_KEYS2) {
          const keys = this.bigKeys;
          keys.reset();
          for (let i = from; i < to; i += 2) keys.add(out, stack[i], stack[i + 1] - 1, (slotInfo[i] & KIND_BITS) === K_STR ? KEY_STR : KEY_INT);
          if (keys.hasRepeated(out)) decline();
          return;
        }
        this.checkBatchKeys(from, to);
      }
      /** The keys at slots from, from + 2, ... before `to` (a dict's one batch, up to PAIRWISE_KEYS) are all different, else decline. */
      checkBatchKeys(from, to) {
        const stack = this.stack;
        const slotInfo = this.slotInfo;
        const out = this.writer.out;
        if (!keysMayRepeat(out, stack, from, to, 1)) return;
        for (let a = from; a < to; a += 2) {
          const aStart = stack[a];
          const aLength = stack[a + 1] - 1 - aStart;
          for (let b = a + 2; b < to; b += 2) {
            const bStart = stack[b];
            if (stack[b + 1] - 1 - bStart !== aLength) continue;
            if ((slotInfo[a] & KIND_BITS) === K_STR !== ((slotInfo[b] & KIND_BITS) === K_STR)) continue;
            let k = 0;
            while (k < aLength && out[aStart + k] === out[bStart + k]) k++;
            if (k === aLength) decline();
          }
        }
      }
      /** The end of the value at stack slot `i` (before the separator of the next). */
      valueEnd(i) {
        return i + 1 < this.sp ? this.stack[i + 1] - (this.slotSep[i + 1] === 0 ? 0 : 1) : this.writer.pos;
      }
      /** Containers among slots [from, to) (all closed now) leave the stack: memo spans set, keys of dicts given several batches checked. */
      finishItems(from, to) {
        const slotInfo = this.slotInfo;
        for (let i = from; i < to; i++) {
          const info = slotInfo[i];
          const kind3 = info & KIND_BITS;
          if (kind3 !== K_DICT && kind3 !== K_LIST) continue;
          if ((info & F_RESCAN) !== 0) this.checkKeysWritten(this.stack[i], this.valueEnd(i));
          const memo = this.slotMemo[i];
          if (memo >= 0 && (info & (F_OPEN | F_TENT)) !== 0) {
            this.memoInfo[memo] = info & M_VALUE_BITS | M_SPAN2;
            this.memoStart[memo] = this.stack[i];
            this.memoEnd[memo] = this.valueEnd(i);
            this.slotMemo[i] = -1;
          }
        }
      }
      /**
       * Writes the values at slots [from, to) again from output position `at` (what was there from
       * `at` on is theirs, after a closing bracket to drop when `at` is one before them): `sep` and
       * `open` first, each value after the separator its place calls for (in a dict of `before`
       * pairs, in a list of `before` items, or in a tuple), int keys in quotes and nothing else, an
       * open container closed. Memo entries inside them move with them.
       */
      rewrite(at, from, to, sep, open2, kind3, before) {
        const writer = this.writer;
        const end = writer.pos;
        const length = end - at;
        if (length > this.scratch.length) this.scratch = new Uint8Array(Math.max(length, this.scratch.length * 2));
        const scratch = this.scratch;
        scratch.set(writer.out.subarray(at, end));
        const count2 = to - from;
        if (count2 > this.oldStarts.length) {
          this.oldStarts = new Int32Array(count2 * 2);
          this.deltas = new Int32Array(count2 * 2);
        }
        const oldStarts = this.oldStarts;
        const deltas = this.deltas;
        const out = writer.room(length + 4 * count2 + 3 - (end - writer.pos));
        const stack = this.stack;
        const slotInfo = this.slotInfo;
        const slotSep = this.slotSep;
        let p = at;
        if (sep !== 0) out[p++] = sep;
        if (open2 !== 0) out[p++] = open2;
        for (let i = from; i < to; i++) {
          const j2 = i - from;
          const info = slotInfo[i];
          const itemKind = info & KIND_BITS;
          const wasQuoted = (info & F_QUOTED) !== 0 ? 1 : 0;
          const oldStart = stack[i];
          const oldEnd = i + 1 < this.sp ? stack[i + 1] - (slotSep[i + 1] === 0 ? 0 : 1) : end;
          oldStarts[j2] = oldStart;
          let itemSep;
          let isKey = false;
          if (kind3 === K_DICT) {
            isKey = (j2 & 1) === 0;
            itemSep = isKey ? before + j2 > 0 ? COMMA3 : 0 : COLON2;
          } else if (kind3 === K_LIST) {
            itemSep = before + j2 > 0 ? COMMA3 : 0;
          } else {
            itemSep = j2 > 0 ? COMMA3 : 0;
          }
          const quote = isKey && itemKind !== K_STR ? 1 : 0;
          if (itemSep !== 0) out[p++] = itemSep;
          const start = p;
          if (quote !== 0) out[p++] = QUOTE5;
          const ownFrom = oldStart + wasQuoted - at;
          const ownTo = oldEnd - wasQuoted - at;
          deltas[j2] = p - (oldStart + wasQuoted);
          out.set(scratch.subarray(ownFrom, ownTo), p);
          p += ownTo - ownFrom;
          let next = info & ~(F_QUOTED | ROLE_BITS);
          if ((info & F_OPEN) !== 0) {
            out[p++] = itemKind === K_DICT ? 125 : 93;
            next = next & ~F_OPEN | F_TENT;
          }
          if (quote !== 0) {
            out[p++] = QUOTE5;
            next |= F_QUOTED;
          }
          const role = kind3 === K_DICT ? isKey ? R_KEY : R_VALUE : kind3 === K_LIST ? R_ITEM : R_FREE;
          slotInfo[i] = next | role << ROLE_SHIFT;
          stack[i] = start;
          slotSep[i] = itemSep;
        }
        writer.pos = p;
        const memoInfo = this.memoInfo;
        const memoStart = this.memoStart;
        const memoEnd = this.memoEnd;
        let j = count2 - 1;
        for (let index = this.memoHigh - 1; index >= 0; index--) {
          const info = memoInfo[index];
          if (info === 0) continue;
          const s = memoStart[index];
          if (s < at) break;
          while (j > 0 && oldStarts[j] > s) j--;
          memoStart[index] = s + deltas[j];
          if ((info & M_SPAN2) !== 0) memoEnd[index] = memoEnd[index] + deltas[j];
        }
      }
      /** A dict's keys found again in its output [start, end) (all as one kind: a str and an int alike decline, which is safe). */
      checkKeysWritten(start, end) {
        const keys = this.bigKeys;
        keys.reset();
        this.addKeysWritten(keys, start, end - 1);
        if (keys.hasRepeated(this.writer.out)) decline();
      }
      /** Adds to `keys` the keys of the dict whose `{` is at `start` and whose entries end at `stop`. */
      addKeysWritten(keys, start, stop) {
        const out = this.writer.out;
        let p = start + 1;
        while (p < stop) {
          const keyStart = p;
          p = skipString(out, p);
          keys.add(out, keyStart, p, KEY_STR);
          p = skipValue(out, p + 1) + 1;
        }
      }
      /** The first root batch of a giant record: room for its output and memo at once. */
      presize() {
        this.isPresized = true;
        const rest = this.inputSizeHint - this.recordOffset;
        if (rest <= PRESIZE_MIN_INPUT) return;
        const writer = this.writer;
        writer.room(Math.min(Math.ceil(rest * OUTPUT_PER_INPUT_BYTE), PRESIZE_MAX - writer.pos));
        const entries = Math.ceil(rest / MEMO_INPUT_BYTES);
        if (entries > this.memoInfo.length) this.growMemoTo(entries);
      }
      /**
       * The container at `slot` is closed for good (its bracket written, moving what follows when it
       * was open): a memo copy of it was asked for. It may not grow after.
       */
      seal(slot) {
        const info = this.slotInfo[slot];
        const kind3 = info & KIND_BITS;
        if ((info & F_OPEN) !== 0) {
          const pivot = this.valueEnd(slot);
          this.moveTail(slot, pivot, 1);
          this.writer.out[pivot] = kind3 === K_DICT ? 125 : 93;
        }
        if (kind3 === K_DICT) {
          if (slot === 0) {
            if (this.rootKeys.hasRepeated(this.writer.out)) decline();
          } else if ((info & F_RESCAN) !== 0) {
            this.checkKeysWritten(this.stack[slot], this.valueEnd(slot));
          }
        }
        this.slotInfo[slot] = info & ~(F_OPEN | F_TENT | F_RESCAN);
        const memo = this.slotMemo[slot];
        if (memo >= 0) {
          this.memoInfo[memo] = info & M_VALUE_BITS | M_SPAN2;
          this.memoStart[memo] = this.stack[slot];
          this.memoEnd[memo] = this.valueEnd(slot);
          this.slotMemo[slot] = -1;
        }
      }
      /** Moves the output from `pivot` on by `delta` bytes, and every position that points there (stack slots above `slot`, memo entries). */
      moveTail(slot, pivot, delta) {
        const writer = this.writer;
        const end = writer.pos;
        const out = writer.room(delta);
        out.copyWithin(pivot + delta, pivot, end);
        writer.pos = end + delta;
        const stack = this.stack;
        for (let i = slot + 1; i < this.sp; i++) if (stack[i] >= pivot) stack[i] = stack[i] + delta;
        this.shiftMemo(pivot, delta, M_SPAN2);
      }
      // ---- the memo
      memoize(index) {
        this.claimMemo(index);
        const top = this.sp - 1;
        const info = this.slotInfo[top];
        if ((info & (F_OPEN | F_TENT)) !== 0) {
          if (this.slotMemo[top] >= 0) decline();
          this.slotMemo[top] = index;
          this.memoInfo[index] = info & M_VALUE_BITS | M_OPEN;
          this.memoStart[index] = this.stack[top];
          this.memoEnd[index] = top;
        } else {
          const quoted = (info & F_QUOTED) !== 0 ? 1 : 0;
          this.memoStart[index] = this.stack[top] + quoted;
          this.memoEnd[index] = this.writer.pos - quoted;
          this.memoInfo[index] = info & M_VALUE_BITS | M_SPAN2;
        }
        this.closeMemoClaim(index);
      }
      /**
       * A memoized value again: its bytes copied (an int in quotes when it is a key). A container
       * still open on the stack is closed first: it may not grow after, so a container inside
       * itself, or one changed after it was copied, declines when it would grow.
       */
      recall(index) {
        let info = this.memoInfoAt(index);
        if ((info & M_SPAN2) === 0) {
          if ((info & M_OPEN) === 0) decline();
          this.seal(this.memoEnd[index]);
          info = this.memoInfo[index];
        }
        const start = this.separate();
        const from = this.memoStart[index];
        const length = this.memoEnd[index] - from;
        const writer = this.writer;
        if (start + length + 2 > this.outputLimit) this.checkBudget(length + 2);
        const view = this.outputView(length + 2);
        const out = writer.out;
        const kind3 = info & KIND_BITS;
        const quote = this.role === R_KEY && (kind3 === K_INT || kind3 === K_LONG) ? 1 : 0;
        let p = start;
        if (quote !== 0) out[p++] = QUOTE5;
        this.copyOutput(view, from, p, length);
        p += length;
        if (quote !== 0) out[p++] = QUOTE5;
        writer.pos = p;
        this.pushSlot(start, info & M_VALUE_BITS | (quote !== 0 ? F_QUOTED : 0));
      }
    };
  }
});

// ../core/src/engine/tape-output.ts
var MAX_DEPTH, COMPACT_BYTES, HAND_OVER_BYTES2, PRESIZE_MIN_INPUT2, PRESIZE_MAX2, SPILL_BYTES2, TapeOutput;
var init_tape_output = __esm({
  "../core/src/engine/tape-output.ts"() {
    
    init_import_meta_url();
    init_output_budget();
    init_root_keys();
    init_tape();
    init_tape_driver();
    MAX_DEPTH = 200;
    COMPACT_BYTES = 1 << 21;
    HAND_OVER_BYTES2 = 1 << 22;
    PRESIZE_MIN_INPUT2 = 1 << 24;
    PRESIZE_MAX2 = 2 ** 31 - 1;
    SPILL_BYTES2 = 8 << 20;
    TapeOutput = class {
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
      rootItems(tape, driver, root, items, from, to, inputBytes2) {
        if (!this.isRootOpen && !this.emitsEntries && this.outputPerInputByte > 0) {
          const rest = driver.inputSizeHint - driver.recordOffset;
          if (rest > PRESIZE_MIN_INPUT2) this.reserve(Math.min(Math.ceil(rest * this.outputPerInputByte), PRESIZE_MAX2 - this.pos));
        }
        this.bind(driver, inputBytes2);
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
      endRecord(tape, driver, top, isStreamedRoot, inputBytes2) {
        this.bind(driver, inputBytes2);
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
      appendAscii(text3) {
        this.ascii(text3);
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
      bind(driver, inputBytes2) {
        if (this.input !== driver.window) {
          this.input = driver.window;
          this.inputView = new DataView(this.input.buffer, this.input.byteOffset, this.input.byteLength);
        }
        this.budget = this.fixedBudget ?? defaultOutputBudget(this.emitsEntries ? void 0 : inputBytes2);
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
      ascii(text3) {
        const length = text3.length;
        this.reserve(length);
        const out = this.out;
        let pos = this.pos;
        for (let i = 0; i < length; i++) out[pos++] = text3.charCodeAt(i);
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
  }
});

// ../core/src/engine/json-tape-writer.ts
var QUOTE6, BACKSLASH4, COMMA4, COLON3, KEY_STR2, KEY_INT2, JsonTapeWriter;
var init_json_tape_writer = __esm({
  "../core/src/engine/json-tape-writer.ts"() {
    
    init_import_meta_url();
    init_base64();
    init_float_repr();
    init_int_digits();
    init_float_digits();
    init_json_escape();
    init_utf82();
    init_json_direct_driver();
    init_tape_driver();
    init_tape_output();
    init_tape();
    QUOTE6 = 34;
    BACKSLASH4 = 92;
    COMMA4 = 44;
    COLON3 = 58;
    KEY_STR2 = 1;
    KEY_INT2 = 2;
    JsonTapeWriter = class extends TapeOutput {
      /** `{` or `[` opens a streamed root for good: its batches may spill while it is open. */
      isRootHeadFinal = true;
      /** JSON of plain data is about 1.75x its pickle (records.pkl: 149 MB -> 260 MB). */
      outputPerInputByte = 1.8;
      /** Records are written in one pass from the opcodes (json-direct-driver.ts); entries mode keeps the tape. */
      createDriver(maxBytesLength, isEntries) {
        return isEntries ? super.createDriver(maxBytesLength, isEntries) : new JsonDirectDriver(this, maxBytesLength, this.fixedBudget);
      }
      /** For JsonDirectDriver, after a batch of the open root: its output so far goes to the spill every `spillBytes`. */
      spillIfDue() {
        if (this.spill !== void 0 && this.pos - Math.max(this.taken, this.spilledEnd) >= this.spillBytes) this.spillOpenRecord();
      }
      openRoot(isDict) {
        this.byte(isDict ? 123 : 91);
      }
      closeRoot(isDict) {
        this.byte(isDict ? 125 : 93);
      }
      entrySeparator(index) {
        if (index > 0) this.byte(COMMA4);
      }
      keySeparator() {
        this.byte(COLON3);
      }
      openPair() {
        this.byte(91);
      }
      pairSeparator() {
        this.byte(COMMA4);
      }
      closePair() {
        this.byte(93);
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
            this.ascii("null");
            return;
          case K_TRUE:
            this.ascii("true");
            return;
          case K_FALSE:
            this.ascii("false");
            return;
          case K_INT:
            this.int32(tape.nodeA[id]);
            break;
          case K_LONG:
            this.long(tape.nodeA[id], tape.nodeB[id]);
            break;
          case K_FLOAT: {
            const value = this.inputView.getFloat64(tape.nodeA[id], false);
            this.reserve(24);
            const end = writeShortFloat(this.out, this.pos, value);
            if (end >= 0) this.pos = end;
            else this.ascii(Number.isFinite(value) ? floatRepr(value) : "null");
            break;
          }
          case K_STR:
            this.string(tape.nodeA[id], tape.nodeB[id]);
            break;
          case K_BYTES: {
            const at = tape.nodeA[id];
            const length = tape.nodeB[id];
            this.reserve(base64Length(length) + 2);
            this.out[this.pos++] = QUOTE6;
            this.pos = encodeBase64Into(this.input.subarray(at, at + length), this.out, this.pos);
            this.out[this.pos++] = QUOTE6;
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
        this.byte(91);
        const children = tape.children;
        let count2 = 0;
        for (let run = tape.firstRun[id]; run >= 0; run = tape.runNext[run]) {
          const first = tape.runStart[run];
          const last = first + tape.runCount[run];
          for (let i = first; i < last; i++) {
            if (count2++ > 0) this.byte(COMMA4);
            this.write(tape, driver, children[i], depth + 1);
          }
        }
        this.byte(93);
      }
      dict(tape, driver, id, depth) {
        this.byte(123);
        const children = tape.children;
        const spanBase = this.keySpanTop;
        let count2 = 0;
        for (let run = tape.firstRun[id]; run >= 0; run = tape.runNext[run]) {
          const first = tape.runStart[run];
          const last = first + tape.runCount[run];
          for (let i = first; i < last; i += 2) {
            if (count2++ > 0) this.byte(COMMA4);
            const keyStart = this.pos;
            const keyKind2 = this.writeKey(tape, driver, children[i]);
            this.pushKeySpan(keyStart, this.pos, keyKind2);
            this.byte(COLON3);
            this.write(tape, driver, children[i + 1], depth + 1);
          }
        }
        if (count2 > 1 && this.hasRepeatedKey(spanBase, count2)) decline();
        this.keySpanTop = spanBase;
        this.byte(125);
      }
      /** A dict key as JSON text; returns its kind for repeated-key checks. str and int keys only. */
      writeKey(tape, driver, id) {
        if (id < 0) {
          const origin = driver.memoOrigin(id);
          if (origin !== K_STR) decline();
          this.copy(driver.memoSpanStart(id), driver.memoSpanEnd(id));
          return KEY_STR2;
        }
        const kind3 = tape.kinds[id];
        if (kind3 === K_STR || kind3 === K_COPY && tape.origins[id] === K_STR) {
          this.write(tape, driver, id, 0);
          return KEY_STR2;
        }
        if (kind3 === K_INT || kind3 === K_LONG) {
          this.byte(QUOTE6);
          this.write(tape, driver, id, 0);
          this.byte(QUOTE6);
          return KEY_INT2;
        }
        return decline();
      }
      int32(value) {
        this.reserve(17);
        this.pos = writeIntDigits(this.out, this.pos, value);
      }
      /** LONG1's little-endian two's complement as decimal digits. */
      long(at, length) {
        const input = this.input;
        if (length === 0) {
          this.byte(48);
          return;
        }
        if (length <= 6) {
          let value2 = 0;
          for (let i = length - 1; i >= 0; i--) value2 = value2 * 256 + input[at + i];
          if (input[at + length - 1] >= 128) value2 -= 2 ** (8 * length);
          this.reserve(17);
          this.pos = writeIntDigits(this.out, this.pos, value2);
          return;
        }
        let value = 0n;
        for (let i = length - 1; i >= 0; i--) value = value << 8n | BigInt(input[at + i]);
        if (input[at + length - 1] >= 128) value -= 1n << BigInt(8 * length);
        this.ascii(value.toString());
      }
      /** A JSON string from well-formed UTF-8: as JSON.stringify escapes it, non-ASCII copied as is. */
      string(at, length) {
        this.reserve(length + 2);
        const input = this.input;
        let out = this.out;
        let pos = this.pos;
        out[pos++] = QUOTE6;
        const end = at + length;
        let high = 0;
        for (let i = at; i < end; i++) {
          const code = input[i];
          if (code >= 32 && code !== QUOTE6 && code !== BACKSLASH4) {
            high |= code;
            out[pos++] = code;
            continue;
          }
          this.pos = pos;
          this.reserve(6 + (end - i) + 1);
          out = this.out;
          pos = this.pos;
          pos = writeJsonEscape(out, pos, code);
        }
        if (high >= 128 && !isWellFormedUtf8(input, at, end)) decline();
        out[pos++] = QUOTE6;
        this.pos = pos;
      }
    };
  }
});

// ../core/src/engine/tape-engine.ts
var FIRST_VALUE_SLICE_BYTES, MAX_VALUE_SLICE_BYTES, TapeEngine;
var init_tape_engine = __esm({
  "../core/src/engine/tape-engine.ts"() {
    
    init_import_meta_url();
    init_unpickler();
    init_output_budget();
    init_tape_driver();
    FIRST_VALUE_SLICE_BYTES = 64;
    MAX_VALUE_SLICE_BYTES = 1 << 20;
    TapeEngine = class {
      constructor(writer, encodeValue, options, defaultFraming) {
        this.writer = writer;
        this.encodeValue = encodeValue;
        const decoder2 = options.decoder ?? {};
        this.decoderOptions = { ...decoder2, dict: "map", wrapIntegralFloats: true };
        this.isEntries = decoder2.emit === "entries";
        this.maxRecords = options.maxRecords ?? Number.POSITIVE_INFINITY;
        this.isTapeAllowed = decoder2.memo !== "shared" && decoder2.buffers === void 0 && decoder2.memoIndicesRead === void 0 && !(this.isEntries && Number.isFinite(this.maxRecords));
        this.framing = options.framing ?? defaultFraming;
        this.maxOutputBytes = options.maxOutputBytes;
        this.spill = options.spill;
        if (!this.isEntries) writer.spill = options.spill;
        if (options.spillBytes !== void 0) writer.spillBytes = options.spillBytes;
        if (options.newOutputBytes !== void 0) writer.newOutputBytes = options.newOutputBytes;
        this.isTransient = options.transientChunks === true;
        this.spillSink = options.spill === void 0 ? null : (bytes) => this.spillPiece(bytes);
        this.driver = writer.createDriver(decoder2.maxBytesLength ?? 2 ** 31 - 1, this.isEntries);
        writer.emitsEntries = this.isEntries;
        this.driver.streamsEveryRootBatch = this.isEntries;
        this.driver.inputSizeHint = options.inputSizeHint ?? 0;
        new Unpickler(this.decoderOptions);
      }
      writer;
      encodeValue;
      driver;
      decoderOptions;
      isTapeAllowed;
      maxRecords;
      framing;
      maxOutputBytes;
      /** The Unpickler in charge while a declined record (and what follows it in the chunk) is decoded. */
      fallback = null;
      totalPushed = 0;
      recordCount = 0;
      isEntries;
      /** Entries the value path wrote; entries it must not write again (the tape wrote them before declining). */
      valueEntries = 0;
      entriesToSkip = 0;
      records = [];
      /** Records the tape wrote, and records the Unpickler decoded (for the bench and tests). */
      tapeRecords = 0;
      valueRecords = 0;
      /** When encoding a decoded record failed (an OutputError): that record's first byte. */
      failedRecordOffset = void 0;
      /** In entries mode, when encoding a decoded entry failed: true (an entry has no offset of its own). */
      isEntryFailed = false;
      spill;
      /** Bytes of the record being encoded given to `spill` so far (its prefix included). */
      recordSpilled = 0;
      /** The record's prefix, spilled before its first piece. */
      spillPrefix = void 0;
      spillSink;
      isTransient;
      /** Records written so far (in entries mode: entries). */
      get recordsWritten() {
        return this.isEntries ? this.writer.entriesWritten + this.valueEntries : this.recordCount;
      }
      /** True once `maxRecords` records were written: push ignores further input. */
      get isDone() {
        return this.recordsWritten >= this.maxRecords;
      }
      /** Absolute bytes pushed. */
      get offset() {
        return this.totalPushed;
      }
      push(chunk) {
        if (this.isDone) return;
        let bytes = chunk;
        let offset = this.totalPushed;
        this.totalPushed += chunk.length;
        if (!this.isTapeAllowed) {
          this.pushValues(this.kept(bytes), false);
          return;
        }
        while (bytes.length > 0 && !this.isDone) {
          if (this.fallback !== null) {
            const resume = this.pushValues(this.kept(bytes), !this.isEntries);
            if (resume < 0) return;
            bytes = bytes.subarray(resume - offset);
            offset = resume;
            continue;
          }
          const driver = this.driver;
          try {
            driver.append(bytes);
            while (driver.run() === RECORD_DONE) {
              this.recordCount++;
              this.tapeRecords++;
              this.writer.commit();
              if (this.isDone) return;
            }
            return;
          } catch (error) {
            if (error !== DECLINE2) throw error;
            const recordOffset = driver.recordOffset;
            const inWindow = driver.window.subarray(driver.recordStart, driver.windowLength);
            const isChunkInWindow = driver.windowBase + driver.windowLength === offset + bytes.length;
            const entriesWritten = this.writer.entriesInRecord;
            driver.abandonRecord();
            this.startFallback(recordOffset);
            this.entriesToSkip = entriesWritten;
            if (isChunkInWindow) {
              bytes = inWindow;
              offset = recordOffset;
            } else {
              this.pushValues(inWindow, false);
            }
          }
        }
      }
      /** Declares the end of input; throws TruncatedError when it came inside a record. */
      end() {
        if (this.isDone) return;
        const driver = this.driver;
        if (this.fallback === null && driver.isInRecord) {
          const recordOffset = driver.recordOffset;
          const inWindow = driver.window.subarray(driver.recordStart, driver.windowLength);
          driver.abandonRecord();
          this.startFallback(recordOffset);
          this.pushValues(inWindow, false);
        }
        this.fallback?.end();
      }
      /**
       * Drops the record in progress, for input that stops without `end()` (a gzip stream that
       * failed): what it handed to the spill is discarded, so only whole records stay written.
       */
      abandon() {
        if (this.fallback === null) this.driver.abandonRecord();
      }
      /** True when no record is in progress: every byte pushed so far belongs to a complete record. */
      get isAtRecordBoundary() {
        return this.fallback === null ? !this.driver.isInRecord : this.fallback.isAtRecordBoundary;
      }
      /** The memo length of the last record read (an error's hint about a missing memo key names it). */
      get lastRecordMemoLength() {
        return this.driver.lastRecordMemoLength;
      }
      /**
       * Before the first push, for input that continues where another engine stopped (records
       * decoded apart): the record before the first had this memo length, so errors say what the
       * whole input's decoding would.
       */
      continueAfter(previousRecordMemoLength) {
        this.driver.lastRecordMemoLength = previousRecordMemoLength;
      }
      /** Encoded bytes of the records completed so far, not taken before. */
      take() {
        return this.writer.take();
      }
      get pendingBytes() {
        return this.writer.pending;
      }
      /** Size of the output buffer (capacity): it follows the largest record, not the input's length. */
      get outputBufferBytes() {
        return this.writer.out.length;
      }
      /** `bytes` as the Unpickler may keep them: a copy of a transient chunk. */
      kept(bytes) {
        return this.isTransient ? bytes.slice() : bytes;
      }
      startFallback(recordOffset) {
        const unpickler = new Unpickler(this.decoderOptions);
        unpickler.resetAt(recordOffset, this.driver.recordIndex, this.driver.lastRecordMemoLength);
        this.fallback = unpickler;
      }
      /**
       * Decodes `bytes` (the input from the Unpickler's position on) as values, in slices. With
       * `canResume`, once a slice completes the declined record the Unpickler is dropped and the
       * absolute offset after that record returned: the tape takes over there and reads what the
       * Unpickler had read past it again (at most one slice; a later record's error, too, comes
       * again). Else, or when no record completed, -1.
       */
      pushValues(bytes, canResume) {
        if (this.fallback === null) this.startFallback(this.totalPushed - bytes.length);
        const unpickler = this.fallback;
        const records = this.records;
        let slice = canResume ? FIRST_VALUE_SLICE_BYTES : bytes.length;
        for (let at = 0; at < bytes.length && !this.isDone; at += slice, slice = Math.min(slice * 2, MAX_VALUE_SLICE_BYTES)) {
          records.length = 0;
          const firstIndex = unpickler.recordIndex;
          let failure;
          try {
            unpickler.pushTo(bytes.subarray(at, at + slice), records);
          } catch (error) {
            failure = error;
          }
          if (canResume && records.length > 0) {
            const resume = unpickler.recordSpans[1];
            records.length = 1;
            this.writeValues(unpickler.recordSpans, records, firstIndex);
            this.fallback = null;
            this.driver.skipTo(resume, firstIndex + 1);
            this.driver.lastRecordMemoLength = unpickler.recordMemoLengths[0];
            return resume;
          }
          this.writeValues(unpickler.recordSpans, records, firstIndex);
          if (failure !== void 0) throw failure;
        }
        return -1;
      }
      /**
       * Writes `value` as the next record, framed and counted like a record the engine decoded: for
       * an input read outside the engine (a torch.save file is one record, read whole). `offset` and
       * `length` are its bytes in the input (the default output budget follows `length`).
       */
      writeRecord(value, offset, length) {
        if (this.isDone) return;
        this.writeValues([offset, offset + length], [value], this.recordCount);
      }
      writeValues(spans, records, firstIndex) {
        if (this.isEntries) {
          this.writeEntryValues(records);
          return;
        }
        const writer = this.writer;
        const suffix = this.framing.suffix;
        for (let i = 0; i < records.length && !this.isDone; i++) {
          const start = spans[2 * i];
          const end = spans[2 * i + 1];
          const recordIndex = firstIndex + i;
          this.failedRecordOffset = start;
          const prefix = this.framing.prefix?.(recordIndex, start);
          this.spillPrefix = prefix;
          this.recordSpilled = 0;
          let bytes;
          try {
            bytes = this.encodeValue(records[i], this.maxOutputBytes ?? defaultOutputBudget(end - start), recordIndex, this.spillSink);
          } catch (error) {
            if (this.recordSpilled > 0) this.spill.discard(this.recordSpilled);
            throw error;
          }
          this.failedRecordOffset = void 0;
          if (prefix !== void 0 && this.recordSpilled === 0) writer.appendBytes(prefix);
          writer.appendBytes(bytes);
          writer.appendAscii(suffix);
          writer.commit();
          this.recordCount++;
          this.valueRecords++;
        }
        records.length = 0;
      }
      /** A piece of the record being encoded, for `spill`: after the output before it, and its prefix. */
      spillPiece(bytes) {
        const spill = this.spill;
        if (this.recordSpilled === 0) {
          if (this.writer.pending > 0) spill.write(this.writer.take());
          const prefix = this.spillPrefix;
          if (prefix !== void 0 && prefix.length > 0) {
            spill.write(prefix);
            this.recordSpilled += prefix.length;
          }
        }
        spill.write(bytes);
        this.recordSpilled += bytes.length;
      }
      /** Entries the Unpickler decoded, past those the tape wrote before it declined; each a record. */
      writeEntryValues(entries) {
        const writer = this.writer;
        const budget = this.maxOutputBytes ?? defaultOutputBudget();
        for (const entry of entries) {
          if (this.isDone) break;
          if (this.entriesToSkip > 0) {
            this.entriesToSkip--;
            continue;
          }
          const index = this.writer.entriesWritten + this.valueEntries;
          this.isEntryFailed = true;
          writer.appendBytes(this.encodeValue(entry, budget, index, null));
          this.isEntryFailed = false;
          writer.appendAscii(this.framing.suffix);
          writer.commit();
          this.valueEntries++;
        }
        entries.length = 0;
      }
    };
  }
});

// ../core/src/engine/json-engine.ts
var NDJSON, JsonEngine;
var init_json_engine = __esm({
  "../core/src/engine/json-engine.ts"() {
    
    init_import_meta_url();
    init_json_writer();
    init_json_tape_writer();
    init_tape_engine();
    NDJSON = { suffix: "\n" };
    JsonEngine = class extends TapeEngine {
      constructor(options = {}) {
        const json = new JsonWriter();
        const encode = (value, maxOutputBytes, recordIndex, spill) => {
          json.clear();
          json.spillTo(spill, options.spillBytes);
          json.append(value, maxOutputBytes, recordIndex);
          return json.view();
        };
        super(new JsonTapeWriter(options.framing ?? NDJSON, options.maxOutputBytes), encode, options, NDJSON);
      }
    };
  }
});

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
var INT64_MIN, INT64_LIMIT, UINT64_LIMIT;
var init_msgpack_heads = __esm({
  "../core/src/engine/msgpack-heads.ts"() {
    
    init_import_meta_url();
    INT64_MIN = -(2n ** 63n);
    INT64_LIMIT = 2n ** 63n;
    UINT64_LIMIT = 2n ** 64n;
  }
});

// ../core/src/engine/msgpack-direct-driver.ts
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
  if (kind3 === K_STR) return KEY_STR3;
  if (kind3 === K_INT || kind3 === K_LONG) return KEY_INT3;
  if ((otherKinds >>> kind3 & 1) !== 0) return KEY_INT3;
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
var SPAN_MEMO, OPEN_MEMO, SLOT_BITS, KIND_BITS2, OPEN_SLOT, HEIGHT_SHIFT2, MAX_HEIGHT2, PAIRWISE_KEYS3, KEY_STR3, KEY_INT3, UNKEPT, PRESIZE_MIN_INPUT3, OUTPUT_PER_INPUT_BYTE2, PRESIZE_MAX3, MEMO_INPUT_BYTES2, ROOT_ENTRY_INPUT_BYTES, MsgpackDirectDriver;
var init_msgpack_direct_driver = __esm({
  "../core/src/engine/msgpack-direct-driver.ts"() {
    
    init_import_meta_url();
    init_msgpack_heads();
    init_root_keys();
    init_tape();
    init_direct_driver();
    init_tape_driver();
    init_utf82();
    SPAN_MEMO = 512;
    OPEN_MEMO = 1024;
    SLOT_BITS = ~(SPAN_MEMO | OPEN_MEMO);
    KIND_BITS2 = 255;
    OPEN_SLOT = 256;
    HEIGHT_SHIFT2 = 16;
    MAX_HEIGHT2 = 200;
    PAIRWISE_KEYS3 = 16;
    KEY_STR3 = 1;
    KEY_INT3 = 2;
    UNKEPT = -1;
    PRESIZE_MIN_INPUT3 = 1 << 24;
    OUTPUT_PER_INPUT_BYTE2 = 1.4;
    PRESIZE_MAX3 = 2 ** 31 - 1;
    MEMO_INPUT_BYTES2 = 16;
    ROOT_ENTRY_INPUT_BYTES = 64;
    MsgpackDirectDriver = class extends DirectDriver {
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
        this.slotInfo[sp] = kind3 | OPEN_SLOT | 1 << HEIGHT_SHIFT2;
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
          info = K_TUPLE | 1 << HEIGHT_SHIFT2;
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
        this.pushSlot(start, K_TUPLE | height + 1 << HEIGHT_SHIFT2);
        if (height + 1 > MAX_HEIGHT2) decline();
      }
      extend(slot, from, isDict) {
        const info = this.slotInfo[slot];
        if ((info & (KIND_BITS2 | OPEN_SLOT)) !== ((isDict ? K_DICT : K_LIST) | OPEN_SLOT)) decline();
        const to = this.sp;
        if (isDict && (to - from & 1) === 1) decline();
        const added = isDict ? to - from >> 1 : to - from;
        if (added === 0) return;
        const count2 = this.slotCounts[slot] + added;
        if (slot === 0 && count2 >= 16 && this.slotHeads[0] === 1) this.growRootHead();
        const height = this.closeItems(from, to);
        if (isDict) this.addKeys(slot, from, to, count2 - added);
        this.slotCounts[slot] = count2;
        if (height + 1 > info >>> HEIGHT_SHIFT2) {
          if (height + 1 > MAX_HEIGHT2) decline();
          this.slotInfo[slot] = info & 65535 | height + 1 << HEIGHT_SHIFT2;
        }
        this.sp = from;
        if (this.writer.pos > this.outputLimit) this.checkBudget(0);
        if (slot === 0 && count2 > 65535) this.writer.spillOpenRootIfDue(this.stack[0], 5);
      }
      /** The kind (K_*) of the value at stack slot `slot`. */
      slotKind(slot) {
        return this.slotInfo[slot] & KIND_BITS2;
      }
      /** True when the value at `slot` is a container that may still grow. */
      isOpenSlot(slot) {
        return (this.slotInfo[slot] & OPEN_SLOT) !== 0;
      }
      /** Closes the values at slots [from, to), for a subclass that takes a root's items itself (the merge's rows). */
      closeSlots(from, to) {
        if (this.closeItems(from, to) + 1 > MAX_HEIGHT2) decline();
      }
      /** Closes the open containers among slots [from, to), last first; returns their greatest height. */
      closeItems(from, to) {
        let height = 0;
        const slotInfo = this.slotInfo;
        for (let i = to - 1; i >= from; i--) {
          const info = slotInfo[i];
          if ((info & OPEN_SLOT) !== 0) this.close(i, i + 1 < this.sp ? this.stack[i + 1] : this.writer.pos, true);
          const h = info >>> HEIGHT_SHIFT2;
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
          for (let i = from; i < to; i += 2) keys.add(out, stack[i], stack[i + 1], keyKind(slotInfo[i] & KIND_BITS2, this.otherKeyKinds));
          return;
        }
        if (before === 0 && to - from <= 2 * PAIRWISE_KEYS3) {
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
          spans[top + 2] = keyKind(slotInfo[i] & KIND_BITS2, this.otherKeyKinds);
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
        for (let a = from; a < to; a += 2) keyKind(slotInfo[a] & KIND_BITS2, this.otherKeyKinds);
        if (!keysMayRepeat(out, stack, from, to, 0)) return;
        for (let a = from; a < to; a += 2) {
          const aStart = stack[a];
          const aLength = stack[a + 1] - aStart;
          for (let b = a + 2; b < to; b += 2) {
            const bStart = stack[b];
            if (stack[b + 1] - bStart !== aLength) continue;
            let k = 0;
            while (k < aLength && out[aStart + k] === out[bStart + k]) k++;
            if (k === aLength && keyKind(slotInfo[a] & KIND_BITS2, this.otherKeyKinds) === keyKind(slotInfo[b] & KIND_BITS2, this.otherKeyKinds)) decline();
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
          spans[base + 3 * i + 2] = head >= 160 && head < 192 || head >= 217 && head <= 219 ? KEY_STR3 : KEY_INT3;
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
        const kind3 = info & KIND_BITS2;
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
          if ((this.slotInfo[i] & (KIND_BITS2 | OPEN_SLOT)) === (K_DICT | OPEN_SLOT) && this.slotKeyBase[i] !== UNKEPT) return this.slotKeyBase[i];
        }
        return this.keyTop;
      }
      /** Removes keySpans[base, next) (a dict closed below others that keep keys). */
      dropKeys(slot, base, next) {
        const length = next - base;
        this.keySpans.copyWithin(base, next, this.keyTop);
        this.keyTop -= length;
        for (let i = slot + 1; i < this.sp; i++) {
          if ((this.slotInfo[i] & (KIND_BITS2 | OPEN_SLOT)) === (K_DICT | OPEN_SLOT) && this.slotKeyBase[i] !== UNKEPT) this.slotKeyBase[i] = this.slotKeyBase[i] - length;
        }
      }
      /** The root passes 15 items: its head gets its largest size while what follows is small. */
      growRootHead() {
        const writer = this.writer;
        const rest = this.inputSizeHint - this.recordOffset;
        if (rest > PRESIZE_MIN_INPUT3) {
          writer.room(Math.min(Math.ceil(rest * OUTPUT_PER_INPUT_BYTE2), PRESIZE_MAX3 - writer.pos));
          const entries = Math.ceil(rest / MEMO_INPUT_BYTES2);
          if (entries > this.memoInfo.length) this.growMemoTo(entries);
          if ((this.slotInfo[0] & KIND_BITS2) === K_DICT) this.rootKeys.reserve(Math.ceil(rest / ROOT_ENTRY_INPUT_BYTES));
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
          this.memoInfo[index] = info & KIND_BITS2 | OPEN_MEMO;
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
  }
});

// ../core/src/engine/msgpack-tape-writer.ts
var ROOT_HEAD_BYTES, KEY_STR4, KEY_INT4, MsgpackTapeWriter;
var init_msgpack_tape_writer = __esm({
  "../core/src/engine/msgpack-tape-writer.ts"() {
    
    init_import_meta_url();
    init_msgpack_heads();
    init_tape();
    init_msgpack_direct_driver();
    init_tape_driver();
    init_tape_output();
    init_utf82();
    ROOT_HEAD_BYTES = 5;
    KEY_STR4 = 1;
    KEY_INT4 = 2;
    MsgpackTapeWriter = class extends TapeOutput {
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
          return KEY_STR4;
        }
        if (kind3 === K_INT || kind3 === K_LONG) {
          this.write(tape, driver, id, 0);
          return KEY_INT4;
        }
        return decline();
      }
    };
  }
});

// ../core/src/engine/record-splitter.ts
function jumpFrame(chunk, pos, end) {
  if (pos + 11 > end || chunk[pos] !== PROTO || chunk[pos + 1] < 4 || chunk[pos + 1] > 5 || chunk[pos + 2] !== FRAME) return 0;
  const length = readLength(chunk, pos + 3, 8);
  const frameEnd = pos + 11 + length;
  return length > 0 && length < CPYTHON_FRAME_TARGET && frameEnd <= end && chunk[frameEnd - 1] === STOP ? frameEnd : 0;
}
function readLength(bytes, at, count2) {
  let length = 0;
  for (let i = at + count2 - 1; i >= at; i--) length = length * 256 + bytes[i];
  return length;
}
var NEWLINE2, CPYTHON_FRAME_TARGET, MAX_FOLLOWED_LENGTH, RecordSplitter;
var init_record_splitter = __esm({
  "../core/src/engine/record-splitter.ts"() {
    
    init_import_meta_url();
    init_arg_kinds();
    init_codes();
    init_table();
    NEWLINE2 = 10;
    CPYTHON_FRAME_TARGET = 64 * 1024;
    MAX_FOLLOWED_LENGTH = 2 ** 31;
    RecordSplitter = class {
      /**
       * @param jumpsFrames A record that starts with PROTO 4 or 5 and a FRAME whose last byte is a
       *   STOP is taken to end there, without reading its opcodes (~40x fewer bytes looked at for
       *   small records: CPython writes a record under 64 KiB as one frame). That byte may instead be
       *   the end of an argument in a longer record, so such ends are guesses the caller must check
       *   (the parallel path does: a worker's batch must end exactly where its last record does),
       *   and `recordCount` is a guess too.
       */
      constructor(jumpsFrames = false) {
        this.jumpsFrames = jumpsFrames;
      }
      jumpsFrames;
      /** Absolute offset of the next byte to read. */
      offset = 0;
      /** Bytes of the current argument still to pass over. */
      skip = 0;
      /** An opcode whose length prefix has not fully arrived: its byte, then the prefix bytes so far. */
      header = new Uint8Array(9);
      headerLength = 0;
      /** How many bytes the pending header needs in all (0: none pending). */
      headerNeeded = 0;
      /** Newlines still to pass over (a text opcode's argument). */
      newlinesLeft = 0;
      /** Where the current frame ends (absolute), or -1. */
      frameEnd = -1;
      /** Whether the pending argument is a FRAME's size (it sets frameEnd). */
      isFrameSize = false;
      /** True once the input could not be followed: no more ends are reported. */
      isLost = false;
      /** Records ended so far. */
      recordCount = 0;
      /** Absolute offset just past the last STOP, 0 before the first. */
      lastEnd = 0;
      /** Bytes read so far (absolute offset of the next chunk's first byte). */
      get bytesRead() {
        return this.offset;
      }
      /** Reads `chunk` (the input's next bytes); appends to `ends` the absolute offset just past each STOP in it. */
      push(chunk, ends) {
        const base = this.offset;
        this.offset += chunk.length;
        if (this.isLost) return;
        const end = chunk.length;
        let pos = this.resume(chunk, base);
        while (pos < end) {
          if (this.jumpsFrames && base + pos === this.lastEnd && this.frameEnd < 0) {
            const jumped = jumpFrame(chunk, pos, end);
            if (jumped > 0) {
              this.recordCount++;
              this.lastEnd = base + jumped;
              ends.push(base + jumped);
              pos = jumped;
              continue;
            }
          }
          const op = chunk[pos];
          const size2 = ARG_SIZE[op];
          if (size2 >= 0) {
            if (op === STOP) {
              const at = base + pos + 1;
              if (this.frameEnd > at) {
                this.isLost = true;
                return;
              }
              this.frameEnd = -1;
              this.recordCount++;
              this.lastEnd = at;
              ends.push(at);
            } else if (op === FRAME) {
              if (this.frameEnd > base + pos) {
                this.isLost = true;
                return;
              }
              if (pos + 9 > end) {
                this.isFrameSize = true;
                this.startHeader(chunk, pos, end, 9);
                return;
              }
              const length2 = readLength(chunk, pos + 1, 8);
              if (length2 >= MAX_FOLLOWED_LENGTH) {
                this.isLost = true;
                return;
              }
              this.frameEnd = base + pos + 9 + length2;
            }
            pos += 1 + size2;
            continue;
          }
          if (size2 === TAKEN_FROM_ARGUMENT1) {
            if (pos + 2 > end) {
              this.startHeader(chunk, pos, end, 2);
              return;
            }
            pos += 2 + chunk[pos + 1];
            continue;
          }
          if (size2 === NOT_AN_OPCODE) {
            this.isLost = true;
            return;
          }
          if (size2 === UP_TO_NEWLINE || size2 === TWO_NEWLINES) {
            this.newlinesLeft = size2 === UP_TO_NEWLINE ? 1 : 2;
            pos = this.passNewlines(chunk, pos + 1);
            if (pos < 0) return;
            continue;
          }
          const needed = 1 + lengthPrefixBytes(size2);
          if (pos + needed > end) {
            this.startHeader(chunk, pos, end, needed);
            return;
          }
          const length = readLength(chunk, pos + 1, needed - 1);
          if (length >= MAX_FOLLOWED_LENGTH) {
            this.isLost = true;
            return;
          }
          pos += needed + length;
        }
        if (pos > end) this.skip = pos - end;
      }
      /** Finishes what the chunk before left open (an argument, a length, a line); returns where opcodes start again. */
      resume(chunk, base) {
        let pos = 0;
        const end = chunk.length;
        while (pos < end) {
          if (this.skip > 0) {
            const step = Math.min(this.skip, end - pos);
            this.skip -= step;
            pos += step;
          } else if (this.newlinesLeft > 0) {
            pos = this.passNewlines(chunk, pos);
            if (pos < 0) return end;
          } else if (this.headerNeeded > 0) {
            while (this.headerLength < this.headerNeeded && pos < end) this.header[this.headerLength++] = chunk[pos++];
            if (this.headerLength < this.headerNeeded) return end;
            this.takeLength(base + pos);
            if (this.isLost) return end;
          } else {
            return pos;
          }
        }
        return pos;
      }
      /** Passes over the newlines still expected from `pos`; -1 when the chunk ends first. */
      passNewlines(chunk, pos) {
        let at = pos;
        while (this.newlinesLeft > 0) {
          const newline = chunk.indexOf(NEWLINE2, at);
          if (newline < 0) return -1;
          at = newline + 1;
          this.newlinesLeft--;
        }
        return at;
      }
      /** An opcode whose length prefix the chunk cuts: keeps what arrived of it. */
      startHeader(chunk, pos, end, needed) {
        this.headerLength = 0;
        for (let i = pos; i < end; i++) this.header[this.headerLength++] = chunk[i];
        this.headerNeeded = needed;
      }
      /** The pending header is whole (it ends at absolute `at`): pass over the argument it announces. */
      takeLength(at) {
        const header2 = this.header;
        const prefix = this.headerNeeded - 1;
        this.headerNeeded = 0;
        const length = readLength(header2, 1, prefix);
        if (length >= MAX_FOLLOWED_LENGTH) {
          this.isLost = true;
          return;
        }
        if (this.isFrameSize) {
          this.isFrameSize = false;
          this.frameEnd = at + length;
          return;
        }
        this.skip = length;
      }
    };
  }
});

// ../core/src/engine/index.ts
var init_engine = __esm({
  "../core/src/engine/index.ts"() {
    
    init_import_meta_url();
    init_json_engine();
    init_tape_engine();
    init_msgpack_tape_writer();
    init_msgpack_heads();
    init_record_splitter();
  }
});

// ../stream/src/parallel/batch-encoder.ts
var EMPTY3, BatchEncoder;
var init_batch_encoder = __esm({
  "../stream/src/parallel/batch-encoder.ts"() {
    
    init_import_meta_url();
    EMPTY3 = new Uint8Array(0);
    BatchEncoder = class {
      /** @param newEngine an engine that stops after `maxRecords` records (undefined: all). */
      constructor(newEngine) {
        this.newEngine = newEngine;
      }
      newEngine;
      shared;
      encode(task) {
        const isLimited = Number.isFinite(task.maxRecords);
        const engine = isLimited ? this.newEngine(task.maxRecords) : this.shared ??= this.newEngine(void 0);
        const before = engine.recordsWritten;
        let isOk = true;
        try {
          engine.push(task.input);
          if (isLimited) engine.end();
          else if (!engine.isAtRecordBoundary) isOk = false;
        } catch {
          isOk = false;
        }
        if (!isOk) {
          if (engine === this.shared) this.shared = void 0;
          return { batchId: task.batchId, isOk: false, output: EMPTY3, recordCount: 0, lastRecordMemoLength: 0, input: task.input };
        }
        const output = engine.pendingBytes > 0 ? engine.take() : EMPTY3;
        return {
          batchId: task.batchId,
          isOk: true,
          output,
          recordCount: engine.recordsWritten - before,
          lastRecordMemoLength: engine.lastRecordMemoLength,
          input: task.input
        };
      }
    };
  }
});

// ../stream/src/start-worker.ts
function startWorker(scriptUrl, workerData) {
  const execArgv = acceptedExecArgv ?? workerExecArgv();
  try {
    return new import_node_worker_threads.Worker(scriptUrl, { execArgv, workerData });
  } catch (error) {
    if (error.code !== "ERR_WORKER_INVALID_EXEC_ARGV") throw error;
    const message = error.message;
    const refused = new Set(message.slice(message.indexOf(":") + 1).split(",").map((flag) => flag.trim()));
    const kept = execArgv.filter((flag) => !refused.has(flag));
    acceptedExecArgv = kept.length < execArgv.length ? kept : [];
    try {
      return new import_node_worker_threads.Worker(scriptUrl, { execArgv: acceptedExecArgv, workerData });
    } catch (again) {
      if (again.code !== "ERR_WORKER_INVALID_EXEC_ARGV") throw again;
      acceptedExecArgv = [];
      return new import_node_worker_threads.Worker(scriptUrl, { execArgv: [], workerData });
    }
  }
}
function workerExecArgv() {
  const flags = [];
  const parent = process.execArgv;
  for (let i = 0; i < parent.length; i++) {
    const flag = parent[i];
    if (VALUED_FLAGS_DROPPED.has(flag)) i++;
    else if (!DROPPED_PREFIXES.some((prefix) => flag.startsWith(prefix))) flags.push(flag);
  }
  return flags;
}
var import_node_worker_threads, acceptedExecArgv, VALUED_FLAGS_DROPPED, DROPPED_PREFIXES;
var init_start_worker = __esm({
  "../stream/src/start-worker.ts"() {
    
    init_import_meta_url();
    import_node_worker_threads = require("node:worker_threads");
    acceptedExecArgv = null;
    VALUED_FLAGS_DROPPED = /* @__PURE__ */ new Set(["--conditions", "-C", "--input-type", "-e", "--eval", "-p", "--print"]);
    DROPPED_PREFIXES = ["--conditions=", "-C=", "--input-type=", "--eval=", "--print="];
  }
});

// ../stream/src/parallel/batch-pool.ts
function recordsWorkerUrl(here = importMetaUrl) {
  const url = new URL("./records-worker.js", here);
  if (here.endsWith(".ts")) url.pathname = url.pathname.replace(/\/src\/parallel\/records-worker\.js$/, "/dist/parallel/records-worker.js");
  return url;
}
var BatchPool;
var init_batch_pool = __esm({
  "../stream/src/parallel/batch-pool.ts"() {
    
    init_import_meta_url();
    init_start_worker();
    BatchPool = class {
      workers = [];
      waiting = [];
      isClosed = false;
      constructor(count2, settings, scriptUrl = recordsWorkerUrl()) {
        for (let i = 0; i < count2; i++) {
          const worker = startWorker(scriptUrl, settings);
          const waiting = /* @__PURE__ */ new Map();
          worker.on("message", (result) => {
            const entry = waiting.get(result.batchId);
            waiting.delete(result.batchId);
            entry?.resolve(result);
          });
          const fail2 = (error) => {
            for (const entry of waiting.values()) entry.reject(error);
            waiting.clear();
          };
          worker.on("error", fail2);
          worker.on("exit", (code) => {
            if (!this.isClosed) fail2(new Error(`a records worker stopped (exit code ${code})`));
          });
          this.workers.push(worker);
          this.waiting.push(waiting);
        }
      }
      /** Batches waiting at the least busy worker. */
      get leastWaiting() {
        let least = Number.POSITIVE_INFINITY;
        for (const waiting of this.waiting) least = Math.min(least, waiting.size);
        return least;
      }
      /** Encodes a batch; its input is transferred to the worker (and comes back in the result). */
      run(task) {
        let chosen = 0;
        for (let i = 1; i < this.workers.length; i++) if (this.waiting[i].size < this.waiting[chosen].size) chosen = i;
        return new Promise((resolve7, reject) => {
          this.waiting[chosen].set(task.batchId, { resolve: resolve7, reject });
          this.workers[chosen].postMessage(task, [task.input.buffer]);
        });
      }
      /**
       * Stops the workers: idle ones are asked to finish (they exit on their own, as a profiler
       * expects), busy ones (the reader stopped early) are terminated.
       */
      async close() {
        this.isClosed = true;
        await Promise.all(
          this.workers.map((worker, i) => {
            if (this.waiting[i].size > 0) return worker.terminate();
            const exited = new Promise((resolve7) => worker.once("exit", () => resolve7()));
            worker.postMessage(null);
            return exited;
          })
        );
      }
    };
  }
});

// ../stream/src/parallel/parallel-bytes.ts
function settle(next) {
  return next.then(
    (result) => ({ result }),
    (error) => ({ error })
  );
}
function parallelEngineBytes(format, source, options, makeEngine, tuning = DEFAULT_TUNING) {
  const workers = Math.floor(options.workers ?? 0);
  if (!(workers >= 1) || options.framing !== void 0 || options.entries === true) return void 0;
  return parallelBytes(format, source, options, makeEngine, workers, tuning);
}
async function* parallelBytes(format, source, options, makeEngine, workerCount, tuning) {
  const { detectGzip = true, onRecords } = options;
  const sniffed = await sniffTorch(detectGzip ? gunzipIfNeeded(source) : source);
  const serialOptions = { ...options, detectGzip: false, workers: 0 };
  if (sniffed.isTorch) {
    yield* engineBytes(makeEngine(serialOptions), sniffed.bytes, serialOptions);
    return;
  }
  const maxRecords = options.maxRecords ?? Number.POSITIVE_INFINITY;
  const iterator = sniffed.bytes[Symbol.asyncIterator]();
  const splitter = new RecordSplitter(!Number.isFinite(maxRecords));
  const ends = [];
  let endsHead = 0;
  let held = [];
  let batchStart = 0;
  let batchStartRecord = 0;
  let nextBatchId = 0;
  const local = new BatchEncoder((max) => makeEngine({ encoding: options.encoding, maxOutputBytes: options.maxOutputBytes, maxRecords: max }));
  let pool;
  const inFlight = [];
  let recordsWritten = 0;
  let previousRecordMemoLength = 0;
  let isSourceFinished = false;
  let serialFrom;
  let localRecords = 0;
  let rest = { iterator };
  const dispatch = (end, recordCount) => {
    const input = takeHeld(end - batchStart);
    if (pool === void 0 && splitter.bytesRead >= tuning.minInputBytes) {
      pool = new BatchPool(workerCount, { format, encoding: options.encoding, maxOutputBytes: options.maxOutputBytes });
    }
    const task = { batchId: nextBatchId++, input, maxRecords: maxRecords - batchStartRecord };
    const isLocal = pool === void 0 || pool.leastWaiting >= tuning.batchesPerWorker;
    const result = isLocal ? Promise.resolve(local.encode(task)) : pool.run(task);
    inFlight.push({ start: batchStart, result, isLocal });
    batchStart = end;
    batchStartRecord += recordCount;
  };
  const dispatchWhole = () => {
    if (endsHead === ends.length || batchStartRecord >= maxRecords) return;
    dispatch(ends[ends.length - 1], ends.length - endsHead);
    endsHead = ends.length;
  };
  const spareInputs = [];
  const takeHeld = (count2) => {
    let spare = spareInputs.pop();
    while (spare !== void 0 && spare.byteLength < count2) spare = spareInputs.pop();
    const bytes = new Uint8Array(spare ?? new ArrayBuffer(Math.max(count2, 2 * tuning.batchBytes)), 0, count2);
    let at = 0;
    let i = 0;
    for (; at < count2; i++) {
      const piece = held[i];
      const take = Math.min(piece.length, count2 - at);
      bytes.set(take === piece.length ? piece : piece.subarray(0, take), at);
      at += take;
      if (take < piece.length) {
        held[i] = piece.subarray(take);
        break;
      }
    }
    held = held.slice(i);
    return bytes;
  };
  const heldBytes = () => held.reduce((sum, piece) => sum + piece.length, 0);
  try {
    let nextInput;
    read: for (; ; ) {
      const input = nextInput ??= settle(iterator.next());
      let settled;
      while (settled === void 0) {
        const head = inFlight[0];
        const waiting = [input.then(() => 0)];
        if (head !== void 0) waiting.push(head.result.then(() => 1));
        let timer;
        if (endsHead < ends.length) waiting.push(new Promise((resolve7) => timer = setTimeout(() => resolve7(2), FLUSH_MS)));
        const first = await Promise.race(waiting);
        clearTimeout(timer);
        if (first === 0) {
          settled = await input;
          nextInput = void 0;
        } else if (first === 1) {
          const result = await head.result;
          if (!result.isOk) break read;
          inFlight.shift();
          yield* taken(result, head.isLocal);
        } else {
          dispatchWhole();
        }
      }
      if ("error" in settled) {
        rest = { iterator: void 0, error: settled.error };
        break;
      }
      if (settled.result.done === true) {
        isSourceFinished = true;
        rest = { iterator: void 0 };
        break;
      }
      const chunk = options.transientChunks === true ? toBytes(settled.result.value).slice() : toBytes(settled.result.value);
      held.push(chunk);
      splitter.push(chunk, ends);
      if (splitter.isLost || splitter.bytesRead - splitter.lastEnd > tuning.maxRecordBytes) break;
      if (splitter.recordCount === 0 && splitter.bytesRead > tuning.maxFirstRecordBytes) break;
      if (splitter.bytesRead < tuning.minInputBytes) {
        dispatchWhole();
      } else {
        while (endsHead < ends.length && ends[ends.length - 1] - batchStart >= tuning.batchBytes && batchStartRecord < maxRecords) {
          let at2 = endsHead;
          while (ends[at2] - batchStart < tuning.batchBytes) at2++;
          dispatch(ends[at2], at2 + 1 - endsHead);
          endsHead = at2 + 1;
        }
      }
      if (endsHead > 4096) {
        ends.splice(0, endsHead);
        endsHead = 0;
      }
      if (batchStartRecord >= maxRecords) break;
      while (inFlight.length > workerCount * tuning.batchesPerWorker) {
        const head = inFlight[0];
        const result = await head.result;
        if (!result.isOk) break read;
        inFlight.shift();
        yield* taken(result, head.isLocal);
      }
    }
    if (nextInput !== void 0 && rest.iterator !== void 0) rest = { iterator, pending: nextInput };
    if (isSourceFinished && batchStartRecord < maxRecords) {
      const count2 = heldBytes();
      if (count2 > 0) dispatch(batchStart + count2, 0);
    }
    while (inFlight.length > 0) {
      const head = inFlight[0];
      const result = await head.result;
      if (!result.isOk) {
        const inputs = [];
        for (const batch of inFlight) inputs.push((await batch.result).input);
        inFlight.length = 0;
        held = [...inputs, ...held];
        batchStart = head.start;
        break;
      }
      inFlight.shift();
      yield* taken(result, head.isLocal);
    }
    if (recordsWritten >= maxRecords) return;
    if (heldBytes() === 0 && rest.iterator === void 0 && !("error" in rest)) return;
    const at = { offset: batchStart, recordIndex: recordsWritten, previousRecordMemoLength };
    const remaining = maxRecords - recordsWritten;
    const tailOptions = {
      ...serialOptions,
      maxRecords: Number.isFinite(remaining) ? remaining : void 0,
      inputSize: options.inputSize === void 0 ? void 0 : Math.max(0, options.inputSize - batchStart)
    };
    serialFrom = batchStart;
    yield* engineBytes(makeEngine(tailOptions), heldThenRest(held, rest), tailOptions, at);
  } finally {
    tuning.onDone?.({ batchRecords: recordsWritten, localRecords, isPoolStarted: pool !== void 0, serialFrom });
    await pool?.close();
    if (!isSourceFinished) await iterator.return?.();
  }
  async function* taken(result, isLocal) {
    recordsWritten += result.recordCount;
    if (isLocal) localRecords += result.recordCount;
    if (spareInputs.length < SPARE_INPUTS) spareInputs.push(result.input.buffer);
    previousRecordMemoLength = result.lastRecordMemoLength;
    if (result.recordCount > 0) onRecords?.(result.recordCount);
    if (result.output.length > 0) yield result.output;
  }
}
async function* heldThenRest(held, rest) {
  for (const piece of held) if (piece.length > 0) yield piece;
  if ("error" in rest) throw rest.error;
  if (rest.iterator === void 0) return;
  if (rest.pending !== void 0) {
    const settled = await rest.pending;
    if ("error" in settled) throw settled.error;
    if (settled.result.done === true) return;
    yield settled.result.value;
  }
  for (; ; ) {
    const next = await rest.iterator.next();
    if (next.done === true) return;
    yield next.value;
  }
}
var MIB, DEFAULT_TUNING, SPARE_INPUTS, FLUSH_MS;
var init_parallel_bytes = __esm({
  "../stream/src/parallel/parallel-bytes.ts"() {
    
    init_import_meta_url();
    init_engine();
    init_engine_bytes();
    init_gunzip();
    init_to_bytes();
    init_torch_input();
    init_batch_encoder();
    init_batch_pool();
    MIB = 1024 * 1024;
    DEFAULT_TUNING = {
      minInputBytes: 4 * MIB,
      batchBytes: MIB,
      maxRecordBytes: 16 * MIB,
      maxFirstRecordBytes: MIB,
      batchesPerWorker: 3
    };
    SPARE_INPUTS = 16;
    FLUSH_MS = 10;
  }
});

// ../stream/src/json-bytes.ts
function picklesToJson(source, options = {}) {
  return parallelEngineBytes("json", source, options, jsonBytesEngine) ?? engineBytes(jsonBytesEngine(options), source, options);
}
function jsonBytesEngine(options) {
  return new JsonEngine(engineOptions(options));
}
var init_json_bytes = __esm({
  "../stream/src/json-bytes.ts"() {
    
    init_import_meta_url();
    init_engine();
    init_engine_bytes();
    init_parallel_bytes();
    init_engine_bytes();
  }
});

// ../stream/src/writers/float64.ts
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
  (0, import_msgpackr.addExtension)(extension);
}
var import_msgpackr, FLOAT64_EXTENSION_TYPE, isRegistered;
var init_float64 = __esm({
  "../stream/src/writers/float64.ts"() {
    
    init_import_meta_url();
    init_src();
    import_msgpackr = require("msgpackr");
    FLOAT64_EXTENSION_TYPE = 63;
    isRegistered = false;
  }
});

// ../core/src/json/index.ts
var json_exports = {};
__export(json_exports, {
  DEFAULT_OUTPUT_PER_INPUT_BYTE: () => DEFAULT_OUTPUT_PER_INPUT_BYTE,
  JsonWriter: () => JsonWriter,
  MIN_DEFAULT_OUTPUT_BYTES: () => MIN_DEFAULT_OUTPUT_BYTES,
  badTypeError: () => badTypeError,
  defaultOutputBudget: () => defaultOutputBudget,
  describeContainer: () => describeContainer,
  floatRepr: () => floatRepr,
  formatPath: () => formatPath,
  scalarKeyText: () => scalarKeyText,
  toBase64: () => toBase64
});
var init_json = __esm({
  "../core/src/json/index.ts"() {
    
    init_import_meta_url();
    init_json_writer();
    init_float_repr();
    init_key_text();
    init_base64();
    init_output_error();
    init_output_budget();
    init_value_path();
  }
});

// ../stream/src/writers/msgpack-plain.ts
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
function stringBytes(text3) {
  const length = text3.length;
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
var ARRAY2, DICT3, MAP2, SET2, INT64_MIN2, UINT64_MAX, MAX_PLAIN_HOPS2, OPEN2, PlainFrame;
var init_msgpack_plain = __esm({
  "../stream/src/writers/msgpack-plain.ts"() {
    
    init_import_meta_url();
    init_src();
    init_json();
    init_float64();
    ARRAY2 = 0;
    DICT3 = 1;
    MAP2 = 2;
    SET2 = 3;
    INT64_MIN2 = -(2n ** 63n);
    UINT64_MAX = 2n ** 64n - 1n;
    MAX_PLAIN_HOPS2 = 8;
    OPEN2 = /* @__PURE__ */ Symbol("open");
    PlainFrame = class {
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
  }
});

// ../stream/src/writers/writer-options.ts
function resolveWriterOptions(options, writer) {
  if (options === void 0) {
    return {
      isRecordInput: false,
      maxOutputBytes: void 0,
      writableHighWaterMark: DEFAULT_WRITABLE_HIGH_WATER_MARK,
      readableHighWaterMark: DEFAULT_READABLE_HIGH_WATER_MARK
    };
  }
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${writer} options must be an object, got ${options === null ? "null" : typeof options}`);
  }
  const { input, maxOutputBytes, writableHighWaterMark, readableHighWaterMark } = options;
  if (input !== void 0 && input !== "values" && input !== "records") {
    throw new TypeError(`${writer}: input must be "values" or "records", got ${JSON.stringify(input)}`);
  }
  if (maxOutputBytes !== void 0 && !(typeof maxOutputBytes === "number" && maxOutputBytes >= 0)) {
    throw new RangeError(`${writer}: maxOutputBytes must be a non-negative number (Infinity for no limit), got ${String(maxOutputBytes)}`);
  }
  return {
    isRecordInput: input === "records",
    maxOutputBytes,
    writableHighWaterMark: positiveInteger2(writableHighWaterMark, DEFAULT_WRITABLE_HIGH_WATER_MARK, "writableHighWaterMark", writer),
    readableHighWaterMark: positiveInteger2(readableHighWaterMark, DEFAULT_READABLE_HIGH_WATER_MARK, "readableHighWaterMark", writer)
  };
}
function positiveInteger2(value, fallback, name, writer) {
  if (value === void 0) return fallback;
  if (!(Number.isSafeInteger(value) && value > 0)) {
    throw new RangeError(`${writer}: ${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}
function recordBudget(settings, inputBytes2) {
  return settings.maxOutputBytes ?? defaultOutputBudget(inputBytes2);
}
var DEFAULT_WRITABLE_HIGH_WATER_MARK, DEFAULT_READABLE_HIGH_WATER_MARK;
var init_writer_options = __esm({
  "../stream/src/writers/writer-options.ts"() {
    
    init_import_meta_url();
    init_json();
    DEFAULT_WRITABLE_HIGH_WATER_MARK = 16;
    DEFAULT_READABLE_HIGH_WATER_MARK = 64 * 1024;
  }
});

// ../stream/src/writers/record-writer.ts
function asWriterRecord(chunk, position) {
  if (typeof chunk !== "object" || chunk === null || !("value" in chunk)) {
    throw new TypeError(
      `record ${position}: with input "records" each chunk must be an object with a value property ({ value, inputBytes?, index? }), got ${chunk === null ? "null" : typeof chunk}`
    );
  }
  return chunk;
}
function takeJsonBytes(json) {
  if (json.size > COPY_OUT_BYTES) return json.take();
  const bytes = Buffer.from(json.view());
  json.clear();
  return bytes;
}
var import_node_stream2, RecordWriter, COPY_OUT_BYTES;
var init_record_writer = __esm({
  "../stream/src/writers/record-writer.ts"() {
    
    init_import_meta_url();
    import_node_stream2 = require("node:stream");
    init_writer_options();
    RecordWriter = class extends import_node_stream2.Transform {
      constructor(settings) {
        super({
          writableObjectMode: true,
          readableObjectMode: false,
          writableHighWaterMark: settings.writableHighWaterMark,
          readableHighWaterMark: settings.readableHighWaterMark
        });
        this.settings = settings;
      }
      settings;
      /** Records received so far (the default record index). */
      recordCount = 0;
      /** The end-of-turn push of a partial batch, when one is scheduled. */
      scheduledPush = null;
      /** Appends what ends the output (the JSON array's `]`); nothing by default. */
      encodeEnd(_recordCount) {
      }
      _transform(chunk, _encoding, callback) {
        const position = this.recordCount++;
        try {
          if (this.settings.isRecordInput) {
            const record = asWriterRecord(chunk, position);
            const inputBytes2 = record.inputBytes ?? record.length;
            this.encodeRecord(record.value, recordBudget(this.settings, inputBytes2), record.index ?? position);
          } else {
            this.encodeRecord(chunk, recordBudget(this.settings, void 0), position);
          }
        } catch (error) {
          this.pushPending();
          callback(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (this.pendingBytes() >= this.readableHighWaterMark) this.pushPending();
        else if (this.scheduledPush === null) this.scheduledPush = setImmediate(this.pushScheduled);
        callback();
      }
      _destroy(error, callback) {
        this.cancelScheduledPush();
        callback(error);
      }
      _flush(callback) {
        try {
          this.encodeEnd(this.recordCount);
        } catch (error) {
          this.pushPending();
          callback(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        this.pushPending();
        callback();
      }
      pushScheduled = () => {
        this.scheduledPush = null;
        if (!this.destroyed) this.pushPending();
      };
      cancelScheduledPush() {
        if (this.scheduledPush !== null) {
          clearImmediate(this.scheduledPush);
          this.scheduledPush = null;
        }
      }
      pushPending() {
        this.cancelScheduledPush();
        if (this.pendingBytes() === 0) return;
        const bytes = this.takePending();
        this.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      }
    };
    COPY_OUT_BYTES = 4 * 1024 * 1024;
  }
});

// ../stream/src/writers/msgpack.ts
var msgpack_exports = {};
__export(msgpack_exports, {
  DEFAULT_MSGPACK_MAX_DEPTH: () => DEFAULT_MSGPACK_MAX_DEPTH,
  MsgpackWriter: () => MsgpackWriter,
  encodeMsgpackRecord: () => encodeMsgpackRecord,
  encodeMsgpackRecordSpilled: () => encodeMsgpackRecordSpilled,
  msgpackWriter: () => msgpackWriter
});
function msgpackWriter(options) {
  return new MsgpackWriter(options);
}
function encodeMsgpackRecord(packr, value, maxDepth, maxOutputBytes, recordIndex) {
  const plain = toMsgpackPlain(value, { maxDepth, maxOutputBytes, recordIndex });
  const bytes = packPlain(packr, plain, maxDepth, recordIndex);
  checkOutputSize(bytes.length, maxOutputBytes, recordIndex);
  return bytes;
}
function encodeMsgpackRecordSpilled(packr, value, maxDepth, maxOutputBytes, recordIndex, spill, pieceBytes = SPILL_PIECE_BYTES, packItems = PACK_ITEMS) {
  const { value: plain, minBytes } = toSizedMsgpackPlain(value, { maxDepth, maxOutputBytes, recordIndex });
  const isMap = plain instanceof Map;
  if (!isMap && !Array.isArray(plain) || minBytes < pieceBytes) {
    const bytes = packPlain(packr, plain, maxDepth, recordIndex);
    checkOutputSize(bytes.length, maxOutputBytes, recordIndex);
    return bytes;
  }
  const parts = [countHead(isMap ? 128 : 144, isMap ? 222 : 220, isMap ? plain.size : plain.length)];
  let gathered = parts[0].length;
  let total = 0;
  const batch = [];
  const perPack = Math.max(1, Math.min(packItems, Math.ceil((isMap ? 2 * plain.size : plain.length) / ROOT_PARTS)));
  const flush = () => {
    const bytes = packPlain(packr, batch, maxDepth, recordIndex);
    const items = bytes.subarray(batch.length < 16 ? 1 : 3);
    batch.length = 0;
    parts.push(items);
    gathered += items.length;
    if (gathered >= pieceBytes) {
      spill(Buffer.concat(parts, gathered));
      total += gathered;
      parts.length = 0;
      gathered = 0;
    }
  };
  if (isMap) {
    for (const [key, item] of plain) {
      batch.push(key, item);
      if (batch.length >= perPack) flush();
    }
  } else {
    for (const item of plain) {
      batch.push(item);
      if (batch.length >= perPack) flush();
    }
  }
  if (batch.length > 0) flush();
  checkOutputSize(total + gathered, maxOutputBytes, recordIndex);
  return Buffer.concat(parts, gathered);
}
function countHead(fixBase, code16, count2) {
  if (count2 < 16) return Uint8Array.of(fixBase | count2);
  if (count2 < 65536) return Uint8Array.of(code16, count2 >>> 8, count2 & 255);
  return Uint8Array.of(code16 + 1, count2 >>> 24, count2 >>> 16 & 255, count2 >>> 8 & 255, count2 & 255);
}
function packPlain(packr, plain, maxDepth, recordIndex) {
  try {
    return packr.pack(plain);
  } catch (error) {
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw new OutputError(
        `nesting too deep for msgpackr (maxDepth ${maxDepth} is above what the stack holds); lower maxDepth or write JSON`,
        { code: "LIMIT_EXCEEDED", recordIndex, path: "$", limit: "maxDepth" }
      );
    }
    throw error;
  }
}
function checkOutputSize(length, maxOutputBytes, recordIndex) {
  if (length > maxOutputBytes) {
    throw new OutputError(
      `output passed maxOutputBytes (${maxOutputBytes} bytes; the record needs ${length}). If this record really is that large, raise the maxOutputBytes option`,
      { code: "LIMIT_EXCEEDED", recordIndex, path: "$", limit: "maxOutputBytes" }
    );
  }
}
var import_msgpackr2, DEFAULT_MSGPACK_MAX_DEPTH, MsgpackWriter, SPILL_PIECE_BYTES, PACK_ITEMS, ROOT_PARTS;
var init_msgpack = __esm({
  "../stream/src/writers/msgpack.ts"() {
    
    init_import_meta_url();
    init_src();
    import_msgpackr2 = require("msgpackr");
    init_float64();
    init_msgpack_plain();
    init_record_writer();
    init_writer_options();
    DEFAULT_MSGPACK_MAX_DEPTH = 512;
    MsgpackWriter = class extends RecordWriter {
      packr = new import_msgpackr2.Packr({ useRecords: false });
      maxDepth;
      pending = [];
      pendingSize = 0;
      constructor(options) {
        super(resolveWriterOptions(options, "msgpackWriter"));
        const maxDepth = options?.maxDepth ?? DEFAULT_MSGPACK_MAX_DEPTH;
        if (!(Number.isSafeInteger(maxDepth) && maxDepth > 0)) {
          throw new RangeError(`msgpackWriter: maxDepth must be a positive integer, got ${String(maxDepth)}`);
        }
        this.maxDepth = maxDepth;
        registerFloat64();
      }
      encodeRecord(value, maxOutputBytes, recordIndex) {
        const bytes = encodeMsgpackRecord(this.packr, value, this.maxDepth, maxOutputBytes, recordIndex);
        this.pending.push(bytes);
        this.pendingSize += bytes.length;
      }
      pendingBytes() {
        return this.pendingSize;
      }
      takePending() {
        const pending = this.pending;
        const bytes = pending.length === 1 ? pending[0] : Buffer.concat(pending, this.pendingSize);
        this.pending = [];
        this.pendingSize = 0;
        return bytes;
      }
    };
    SPILL_PIECE_BYTES = 8 << 20;
    PACK_ITEMS = 4096;
    ROOT_PARTS = 64;
  }
});

// ../stream/src/msgpack-bytes.ts
var msgpack_bytes_exports = {};
__export(msgpack_bytes_exports, {
  msgpackBytesEngine: () => msgpackBytesEngine,
  picklesToMsgpack: () => picklesToMsgpack
});
function picklesToMsgpack(source, options = {}) {
  return parallelEngineBytes("msgpack", source, options, msgpackBytesEngine) ?? engineBytes(msgpackBytesEngine(options), source, options);
}
function msgpackBytesEngine(options) {
  registerFloat64();
  const packr = new import_msgpackr3.Packr({ useRecords: false });
  const encode = (value, maxOutputBytes, recordIndex, spill) => spill === null ? encodeMsgpackRecord(packr, value, DEFAULT_MSGPACK_MAX_DEPTH, maxOutputBytes, recordIndex) : encodeMsgpackRecordSpilled(packr, value, DEFAULT_MSGPACK_MAX_DEPTH, maxOutputBytes, recordIndex, spill);
  const framing = options.framing ?? NO_FRAMING;
  const writer = new MsgpackTapeWriter(framing, options.maxOutputBytes);
  return new TapeEngine(writer, encode, engineOptions(options), NO_FRAMING);
}
var import_msgpackr3, NO_FRAMING;
var init_msgpack_bytes = __esm({
  "../stream/src/msgpack-bytes.ts"() {
    
    init_import_meta_url();
    init_engine();
    import_msgpackr3 = require("msgpackr");
    init_engine_bytes();
    init_parallel_bytes();
    init_float64();
    init_msgpack();
    NO_FRAMING = { suffix: "" };
  }
});

// ../stream/src/writers/ndjson.ts
function ndjsonWriter(options) {
  return new NdjsonWriter(options);
}
var NdjsonWriter;
var init_ndjson = __esm({
  "../stream/src/writers/ndjson.ts"() {
    
    init_import_meta_url();
    init_json();
    init_record_writer();
    init_writer_options();
    NdjsonWriter = class extends RecordWriter {
      json = new JsonWriter();
      constructor(options) {
        super(resolveWriterOptions(options, "ndjsonWriter"));
      }
      encodeRecord(value, maxOutputBytes, recordIndex) {
        this.json.append(value, maxOutputBytes, recordIndex);
        this.json.appendAscii("\n");
      }
      pendingBytes() {
        return this.json.size;
      }
      takePending() {
        return takeJsonBytes(this.json);
      }
    };
  }
});

// ../stream/src/writers/json.ts
var json_exports2 = {};
__export(json_exports2, {
  JsonArrayWriter: () => JsonArrayWriter,
  jsonArrayWriter: () => jsonArrayWriter
});
function jsonArrayWriter(options) {
  return new JsonArrayWriter(options);
}
var JsonArrayWriter;
var init_json2 = __esm({
  "../stream/src/writers/json.ts"() {
    
    init_import_meta_url();
    init_json();
    init_record_writer();
    init_writer_options();
    JsonArrayWriter = class extends RecordWriter {
      json = new JsonWriter();
      written = 0;
      constructor(options) {
        super(resolveWriterOptions(options, "jsonArrayWriter"));
      }
      encodeRecord(value, maxOutputBytes, recordIndex) {
        const before = this.json.size;
        this.json.appendAscii(this.written === 0 ? "[" : ",");
        try {
          this.json.append(value, maxOutputBytes, recordIndex);
        } catch (error) {
          this.json.truncate(before);
          throw error;
        }
        this.written++;
      }
      encodeEnd() {
        this.json.appendAscii(this.written === 0 ? "[]\n" : "]\n");
      }
      pendingBytes() {
        return this.json.size;
      }
      takePending() {
        return takeJsonBytes(this.json);
      }
    };
  }
});

// ../stream/src/merge/msgpack-walk.ts
function skipValue2(bytes, offset) {
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
function readUint(bytes, offset, size2) {
  if (offset + size2 > bytes.length) throw new MsgpackShapeError(`msgpack length cut short at offset ${offset}`);
  if (size2 === 1) return bytes[offset];
  if (size2 === 2) return bytes[offset] << 8 | bytes[offset + 1];
  return bytes[offset] * 16777216 + (bytes[offset + 1] << 16 | bytes[offset + 2] << 8 | bytes[offset + 3]);
}
var MsgpackShapeError, taggedCount;
var init_msgpack_walk = __esm({
  "../stream/src/merge/msgpack-walk.ts"() {
    
    init_import_meta_url();
    MsgpackShapeError = class extends Error {
      name = "MsgpackShapeError";
    };
    taggedCount = 0;
  }
});

// ../stream/src/msgpack-values.ts
function decodeMsgpackValues(bytes) {
  const reader = new MsgpackReader(bytes);
  const values = [];
  while (reader.offset < bytes.length) values.push(reader.read());
  return values;
}
function isWholeMsgpack(bytes) {
  try {
    for (let at = 0; at < bytes.length; ) at = skipValue2(bytes, at);
    return true;
  } catch (error) {
    if (error instanceof MsgpackShapeError) return false;
    throw error;
  }
}
function readMsgpackValue(bytes, offset) {
  const reader = new MsgpackReader(bytes);
  reader.offset = offset;
  const value = reader.read();
  return { value, end: reader.offset };
}
function hashableKey(items) {
  return markTuple(items.map((item) => Array.isArray(item) ? hashableKey(item) : item));
}
var text2, MAX_SAFE7, MsgpackReader;
var init_msgpack_values = __esm({
  "../stream/src/msgpack-values.ts"() {
    
    init_import_meta_url();
    init_src();
    init_msgpack_walk();
    text2 = new TextDecoder("utf-8", { fatal: false });
    MAX_SAFE7 = BigInt(Number.MAX_SAFE_INTEGER);
    MsgpackReader = class {
      constructor(bytes) {
        this.bytes = bytes;
        this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      }
      bytes;
      offset = 0;
      view;
      read() {
        const head = this.uint(1);
        if (head <= 127) return head;
        if (head >= 224) return head - 256;
        if (head <= 143) return this.map(head & 15);
        if (head <= 159) return this.array(head & 15);
        if (head <= 191) return this.str(head & 31);
        switch (head) {
          case 192:
            return null;
          case 194:
            return false;
          case 195:
            return true;
          case 196:
          case 197:
          case 198:
            return this.take(this.uint(1 << head - 196)).slice();
          case 202:
            return this.float(this.view.getFloat32(this.advance(4)));
          case 203:
            return this.float(this.view.getFloat64(this.advance(8)));
          case 204:
          case 205:
          case 206:
            return this.uint(1 << head - 204);
          case 207:
            return this.int(this.view.getBigUint64(this.advance(8)));
          case 208:
            return this.view.getInt8(this.advance(1));
          case 209:
            return this.view.getInt16(this.advance(2));
          case 210:
            return this.view.getInt32(this.advance(4));
          case 211:
            return this.int(this.view.getBigInt64(this.advance(8)));
          case 217:
          case 218:
          case 219:
            return this.str(this.uint(1 << head - 217));
          case 220:
          case 221:
            return this.array(this.uint(head === 220 ? 2 : 4));
          case 222:
          case 223:
            return this.map(this.uint(head === 222 ? 2 : 4));
          default:
            throw new MsgpackShapeError(`msgpack type 0x${head.toString(16)} at offset ${this.offset - 1} has no Python value`);
        }
      }
      advance(size2) {
        const at = this.offset;
        if (at + size2 > this.bytes.length) throw new MsgpackShapeError(`msgpack value cut short at offset ${at}`);
        this.offset += size2;
        return at;
      }
      uint(size2) {
        const at = this.advance(size2);
        return size2 === 1 ? this.view.getUint8(at) : size2 === 2 ? this.view.getUint16(at) : this.view.getUint32(at);
      }
      take(size2) {
        const at = this.advance(size2);
        return this.bytes.subarray(at, at + size2);
      }
      str(size2) {
        return text2.decode(this.take(size2));
      }
      float(value) {
        return Number.isInteger(value) || Object.is(value, -0) ? new PyFloat(value) : value;
      }
      int(value) {
        return value <= MAX_SAFE7 && value >= -MAX_SAFE7 ? Number(value) : value;
      }
      array(count2) {
        const items = new Array(count2);
        for (let i = 0; i < count2; i++) items[i] = this.read();
        return items;
      }
      map(count2) {
        const map = /* @__PURE__ */ new Map();
        for (let i = 0; i < count2; i++) {
          const key = this.read();
          map.set(Array.isArray(key) ? hashableKey(key) : key, this.read());
        }
        return map;
      }
    };
  }
});

// ../stream/src/msgpack-pickler.ts
function asInt(value) {
  return value <= MAX_SAFE8 && value >= -MAX_SAFE8 ? Number(value) : value;
}
var MAX_SAFE8, TUPLE_OPS2, NO_PRIMITIVE, MsgpackPickler;
var init_msgpack_pickler = __esm({
  "../stream/src/msgpack-pickler.ts"() {
    
    init_import_meta_url();
    init_internal();
    init_opcodes();
    init_msgpack_values();
    MAX_SAFE8 = BigInt(Number.MAX_SAFE_INTEGER);
    TUPLE_OPS2 = [codes_exports.EMPTY_TUPLE, codes_exports.TUPLE1, codes_exports.TUPLE2, codes_exports.TUPLE3];
    NO_PRIMITIVE = /* @__PURE__ */ Symbol("no primitive");
    MsgpackPickler = class extends PickleBytes {
      input = new Uint8Array(0);
      inputView = new DataView(this.input.buffer);
      at = 0;
      /** The pickle of the msgpack value at `input[start]`, by the transcoder or the value path; returns where the value ends. */
      pickleNext(input, start) {
        const after = this.tryRecord(input, start);
        if (after >= 0) return after;
        const { value, end } = readMsgpackValue(input, start);
        this.pickleValue(value);
        return end;
      }
      /** The pickle of the msgpack value at `input[start]` when the transcoder takes it: returns where the value ends, else DECLINED (nothing written). */
      tryRecord(input, start) {
        if (input !== this.input) {
          this.input = input;
          this.inputView = new DataView(input.buffer, input.byteOffset, input.byteLength);
        }
        this.at = start;
        const mark = this.pos;
        try {
          this.beginRecord();
          this.value(0, false);
          this.endRecord();
          return this.at;
        } catch (error) {
          if (error !== DECLINE) throw error;
          return this.decline(mark);
        } finally {
          this.endMemo();
        }
      }
      /** `size` bytes of input from `at` on, or the value path (cut short). */
      advance(size2) {
        const at = this.at;
        if (at + size2 > this.input.length) throw DECLINE;
        this.at = at + size2;
        return at;
      }
      /**
       * The value at `at`; `depth` containers enclose it. `isTupleItem`: an array is a tuple (a map
       * key that is an array, and arrays directly inside it, as the value path's hashableKey).
       */
      value(depth, isTupleItem) {
        this.beforeValue();
        const input = this.input;
        const head = input[this.advance(1)];
        if (head <= 127) {
          this.writeInt(head);
          return;
        }
        if (head >= 224) {
          this.writeInt(head - 256);
          return;
        }
        if (head <= 143) {
          this.map(head & 15, depth);
          return;
        }
        if (head <= 159) {
          this.array(head & 15, depth, isTupleItem);
          return;
        }
        if (head <= 191) {
          this.str(head & 31, 0);
          return;
        }
        const view = this.inputView;
        switch (head) {
          case 192:
            this.op(codes_exports.NONE);
            return;
          case 194:
            this.op(codes_exports.NEWFALSE);
            return;
          case 195:
            this.op(codes_exports.NEWTRUE);
            return;
          case 196:
          case 197:
          case 198: {
            if (depth >= this.maxDepth) throw DECLINE;
            const length = this.length(1 << head - 196);
            this.bytesValue(input, this.advance(length), length);
            return;
          }
          case 202:
            this.writeFloat(view.getFloat32(this.advance(4)));
            return;
          case 203:
            this.writeFloat(view.getFloat64(this.advance(8)));
            return;
          case 204:
          case 205:
          case 206:
            this.writeInt(this.length(1 << head - 204));
            return;
          case 207:
            this.writeBigInt(view.getBigUint64(this.advance(8)));
            return;
          case 208:
            this.writeInt(view.getInt8(this.advance(1)));
            return;
          case 209:
            this.writeInt(view.getInt16(this.advance(2)));
            return;
          case 210:
            this.writeInt(view.getInt32(this.advance(4)));
            return;
          case 211:
            this.writeBigInt(view.getBigInt64(this.advance(8)));
            return;
          case 217:
          case 218:
          case 219:
            this.str(this.length(1 << head - 217), 0);
            return;
          case 220:
          case 221:
            this.array(this.length(head === 220 ? 2 : 4), depth, isTupleItem);
            return;
          case 222:
          case 223:
            this.map(this.length(head === 222 ? 2 : 4), depth);
            return;
          default:
            throw DECLINE;
        }
      }
      /** A big-endian unsigned length (or int) of `size` bytes. */
      length(size2) {
        const at = this.advance(size2);
        const view = this.inputView;
        return size2 === 1 ? view.getUint8(at) : size2 === 2 ? view.getUint16(at) : view.getUint32(at);
      }
      writeBigInt(value) {
        const int = asInt(value);
        if (typeof int === "number") this.writeInt(int);
        else this.writeLong(int);
      }
      /** A str of `length` bytes: copied when it is well-formed UTF-8 (the value path replaces what is not). */
      str(length, keyOf) {
        const input = this.input;
        const from = this.advance(length);
        const end = from + length;
        for (let i = from; i < end; ) {
          if (input[i] < 128) i++;
          else i += utf8SequenceLength(input, i, end);
        }
        this.plainStr(input, from, length, keyOf);
      }
      /** The Pickler's saveList: APPEND for one item, else MARK ... APPENDS per 1000; or a tuple (saveTuple). */
      array(count2, depth, isTuple2) {
        if (depth >= this.maxDepth) throw DECLINE;
        if (isTuple2) {
          this.tuple(count2, depth);
          return;
        }
        this.op(codes_exports.EMPTY_LIST);
        this.put();
        if (count2 === 1) {
          this.value(depth + 1, false);
          this.op(codes_exports.APPEND);
          return;
        }
        for (let start = 0; start < count2; start += BATCH_SIZE2) {
          const end = Math.min(start + BATCH_SIZE2, count2);
          this.op(codes_exports.MARK);
          for (let i = start; i < end; i++) this.value(depth + 1, false);
          this.op(codes_exports.APPENDS);
        }
      }
      /** saveTuple: EMPTY_TUPLE, TUPLE1-3 after the items, else MARK ... TUPLE; memoized after its items. */
      tuple(count2, depth) {
        if (count2 === 0) {
          this.op(codes_exports.EMPTY_TUPLE);
          return;
        }
        if (count2 > 3) this.op(codes_exports.MARK);
        for (let i = 0; i < count2; i++) this.value(depth + 1, true);
        this.op(count2 <= 3 ? TUPLE_OPS2[count2] : codes_exports.TUPLE);
        this.put();
      }
      /** saveMap: SETITEM for one pair, else MARK ... SETITEMS per 1000 pairs and an empty batch after a full last one. */
      map(count2, depth) {
        if (depth >= this.maxDepth) throw DECLINE;
        this.op(codes_exports.EMPTY_DICT);
        this.put();
        if (count2 === 0) return;
        const serial = ++this.dictSerial;
        let primitives;
        if (count2 > 1) this.op(codes_exports.MARK);
        let inBatch = 0;
        for (let i = 0; i < count2; i++) {
          const primitive = this.key(depth, serial);
          if (primitive !== NO_PRIMITIVE) {
            primitives ??= /* @__PURE__ */ new Set();
            if (primitives.has(primitive)) throw DECLINE;
            primitives.add(primitive);
          }
          this.value(depth + 1, false);
          if (++inBatch === BATCH_SIZE2) {
            this.op(codes_exports.SETITEMS);
            this.op(codes_exports.MARK);
            inBatch = 0;
          }
        }
        this.op(count2 > 1 ? codes_exports.SETITEMS : codes_exports.SETITEM);
      }
      /**
       * A map key: a str (its repeats found by the memo), an array as a tuple, anything else as a
       * value. Returns the JS value a Map would compare it by when that is a primitive.
       */
      key(depth, serial) {
        const head = this.input[this.at];
        if (head !== void 0 && (head >= 160 && head <= 191 || head >= 217 && head <= 219)) {
          this.beforeValue();
          this.at++;
          this.str(head <= 191 ? head & 31 : this.length(1 << head - 217), serial);
          return NO_PRIMITIVE;
        }
        const primitive = head === void 0 ? NO_PRIMITIVE : this.primitiveAt(this.at, head);
        this.value(depth + 1, true);
        return primitive;
      }
      /**
       * The JS primitive the value path makes of the value at `at` when it is one a Map compares by
       * value: an int (number or bigint), a float that is not integral (integral ones are PyFloat
       * objects), a boolean, None. Else NO_PRIMITIVE. Reads within bounds only (value() checks).
       */
      primitiveAt(at, head) {
        const view = this.inputView;
        const size2 = this.input.length;
        if (head <= 127) return head;
        if (head >= 224) return head - 256;
        if (head === 192) return null;
        if (head === 194 || head === 195) return head === 195;
        const width = head === 202 ? 4 : head === 203 ? 8 : head >= 204 && head <= 211 ? 1 << (head & 3) : 0;
        if (width === 0 || at + 1 + width > size2) return NO_PRIMITIVE;
        switch (head) {
          case 202:
          case 203: {
            const float = head === 202 ? view.getFloat32(at + 1) : view.getFloat64(at + 1);
            return Number.isInteger(float) || Object.is(float, -0) ? NO_PRIMITIVE : float;
          }
          case 204:
            return view.getUint8(at + 1);
          case 205:
            return view.getUint16(at + 1);
          case 206:
            return view.getUint32(at + 1);
          case 207:
            return asInt(view.getBigUint64(at + 1));
          case 208:
            return view.getInt8(at + 1);
          case 209:
            return view.getInt16(at + 1);
          case 210:
            return view.getInt32(at + 1);
          default:
            return asInt(view.getBigInt64(at + 1));
        }
      }
    };
  }
});

// ../../node_modules/.pnpm/p-map@7.1.1/node_modules/p-map/index.js
function pMap(iterable, mapper, options) {
  return mapConcurrently(iterable, mapper, options, false);
}
async function mapConcurrently(iterable, mapper, {
  concurrency = Number.POSITIVE_INFINITY,
  stopOnError = true,
  signal
} = {}, isSettled) {
  return new Promise((resolve_, reject_) => {
    validateOptions(iterable, mapper, concurrency);
    const result = [];
    const errors = [];
    let skippedCount = 0;
    let isResolved = false;
    let isIterableDone = false;
    const pendingIndexes = /* @__PURE__ */ new Set();
    let doneIndex = Number.POSITIVE_INFINITY;
    let currentIndex = 0;
    const iterator = getIterator(iterable);
    const signalListener = () => {
      reject(signal.reason);
    };
    const cleanup = () => {
      signal?.removeEventListener("abort", signalListener);
    };
    const resolve7 = (value) => {
      resolve_(value);
      cleanup();
    };
    const reject = (reason) => {
      if (isResolved) {
        return;
      }
      isResolved = true;
      reject_(reason);
      cleanup();
      if (!isIterableDone) {
        closeIterator(iterator);
      }
    };
    if (signal) {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      signal.addEventListener("abort", signalListener, { once: true });
    }
    const pull = createPuller(iterator);
    const settleIfFinished = () => {
      if (isResolved || doneIndex === Number.POSITIVE_INFINITY) {
        return;
      }
      for (const index of pendingIndexes) {
        if (index < doneIndex) {
          return;
        }
      }
      if (!stopOnError) {
        const collectedErrors = [];
        for (let index = 0; index < Math.min(doneIndex, errors.length); index++) {
          if (index in errors) {
            collectedErrors.push(errors[index]);
          }
        }
        if (collectedErrors.length > 0) {
          reject(new AggregateError(collectedErrors));
          return;
        }
      }
      isResolved = true;
      if (!isIterableDone) {
        closeIterator(iterator);
      }
      const lastIndex = Math.min(doneIndex, result.length);
      if (lastIndex === result.length && skippedCount === 0) {
        resolve7(result);
        return;
      }
      resolve7(result.slice(0, lastIndex).filter((value) => value !== pMapSkip));
    };
    const next = async () => {
      if (isResolved || currentIndex >= doneIndex) {
        return;
      }
      const index = currentIndex++;
      pendingIndexes.add(index);
      let nextItem;
      try {
        nextItem = await pull();
      } catch (error) {
        pendingIndexes.delete(index);
        if (index < doneIndex) {
          throw error;
        }
        settleIfFinished();
        return;
      }
      if (nextItem.done) {
        pendingIndexes.delete(index);
        doneIndex = Math.min(doneIndex, index);
        isIterableDone = true;
        settleIfFinished();
        return;
      }
      const runner = (async () => {
        try {
          const element = await nextItem.value;
          if (isResolved || index >= doneIndex) {
            return;
          }
          const value = await mapper(element, index);
          if (index >= doneIndex) {
            return;
          }
          if (value === pMapStop) {
            doneIndex = index;
            return;
          }
          if (value === pMapSkip) {
            skippedCount++;
          }
          result[index] = isSettled && value !== pMapSkip ? { status: "fulfilled", value } : value;
        } catch (error) {
          if (index >= doneIndex) {
            return;
          }
          if (isSettled) {
            result[index] = { status: "rejected", reason: error };
          } else if (stopOnError) {
            reject(error);
            return;
          } else {
            errors[index] = error;
          }
        } finally {
          pendingIndexes.delete(index);
          settleIfFinished();
        }
        try {
          await next();
        } catch (error) {
          reject(error);
        }
      })();
      runner.then(() => new Promise(() => {
      })).then(resolve_);
    };
    (async () => {
      for (let index = 0; index < concurrency; index++) {
        try {
          await next();
        } catch (error) {
          reject(error);
          break;
        }
        if (isResolved || currentIndex >= doneIndex) {
          break;
        }
      }
    })();
  });
}
function validateOptions(iterable, mapper, concurrency) {
  if (iterable?.[Symbol.iterator] === void 0 && iterable?.[Symbol.asyncIterator] === void 0) {
    throw new TypeError(`Expected \`input\` to be either an \`Iterable\` or \`AsyncIterable\`, got (${typeof iterable})`);
  }
  if (typeof mapper !== "function") {
    throw new TypeError("Mapper function is required");
  }
  if (!isLimit(concurrency, 1)) {
    throw new TypeError(`Expected \`concurrency\` to be an integer from 1 and up or \`Infinity\`, got \`${concurrency}\` (${typeof concurrency})`);
  }
}
function isLimit(value, minimum) {
  return Number.isSafeInteger(value) && value >= minimum || value === Number.POSITIVE_INFINITY;
}
function getIterator(iterable) {
  return iterable[Symbol.asyncIterator] === void 0 ? iterable[Symbol.iterator]() : iterable[Symbol.asyncIterator]();
}
async function closeIterator(iterator) {
  try {
    await iterator.return?.();
  } catch {
  }
}
function createPuller(iterator) {
  let isSourceDone = false;
  const markDone = (item) => {
    if (item?.done) {
      isSourceDone = true;
    }
  };
  return () => {
    if (isSourceDone) {
      return { done: true };
    }
    const result = iterator.next();
    markDone(result);
    if (typeof result?.then !== "function") {
      return result;
    }
    const promise = Promise.resolve(result);
    promise.then(markDone, () => {
    });
    return promise;
  };
}
var pMapSkip, pMapStop;
var init_p_map = __esm({
  "../../node_modules/.pnpm/p-map@7.1.1/node_modules/p-map/index.js"() {
    init_import_meta_url();
    pMapSkip = /* @__PURE__ */ Symbol("skip");
    pMapStop = /* @__PURE__ */ Symbol("stop");
  }
});

// ../stream/src/output-file.ts
function isOutputPathError(error) {
  return error instanceof Error && error.name === "OutputPathError" && typeof error.path === "string";
}
async function openOutputFile(path, options = {}) {
  const name = options.name ?? path;
  const existing = await statOrMissing(path, name);
  if (existing?.isDirectory()) throw new OutputPathError(name, "EISDIR", "is a directory");
  if (existing !== void 0 && !existing.isFile()) {
    const handle2 = await guard(name, () => (0, import_promises.open)(path, "w"));
    return new ThroughFile(name, handle2);
  }
  const target = existing !== void 0 ? await guard(name, () => (0, import_promises.realpath)(path)) : await linkTarget(path, name);
  if (existing !== void 0) await guard(name, () => (0, import_promises.access)(target, import_node_fs2.constants.W_OK));
  const temporary = (0, import_node_path.join)((0, import_node_path.dirname)(target), `.${(0, import_node_path.basename)(target)}.${(0, import_node_crypto.randomBytes)(6).toString("hex")}.tmp`);
  const handle = await guard(name, () => (0, import_promises.open)(temporary, "wx"), (0, import_node_path.dirname)(target));
  if (existing !== void 0) {
    try {
      await handle.chmod(Number(existing.mode & 0o7777n));
    } catch (error) {
      await handle.close().catch(() => void 0);
      await (0, import_promises.unlink)(temporary).catch(() => void 0);
      throw toOutputError(name, error);
    }
  }
  return new AtomicFile(name, handle, temporary, target, options.flushBytes ?? FLUSH_BYTES);
}
async function assertNotAnInput(output, inputs, options = {}) {
  const name = options.name ?? output;
  const outputStats = await statOrMissing(output, name);
  if (outputStats === void 0) return;
  for (const [path, inputName2] of inputs) {
    let inputStats;
    try {
      inputStats = await (0, import_promises.stat)(path, { bigint: true });
    } catch {
      continue;
    }
    if (inputStats.dev === outputStats.dev && inputStats.ino === outputStats.ino) {
      const via = (0, import_node_path.resolve)(path) === (0, import_node_path.resolve)(output) ? "" : ` (${inputName2})`;
      throw new OutputPathError(name, "SAME_AS_INPUT", `is also an input${via}; writing it would destroy it: write the output to another file`);
    }
  }
}
async function writeAllAt(handle, chunk, position) {
  let written = 0;
  while (written < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, written, chunk.length - written, position + written);
    written += bytesWritten;
  }
}
async function writeAll(handle, chunk) {
  let written = 0;
  while (written < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, written, chunk.length - written);
    written += bytesWritten;
  }
}
async function statOrMissing(path, name) {
  try {
    return await (0, import_promises.stat)(path, { bigint: true });
  } catch (error) {
    if (error.code === "ENOENT") return void 0;
    throw toOutputError(name, error);
  }
}
async function linkTarget(path, name) {
  let current = path;
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    let isLink;
    try {
      isLink = (await (0, import_promises.lstat)(current)).isSymbolicLink();
    } catch (error) {
      if (error.code === "ENOENT") return current;
      throw toOutputError(name, error);
    }
    if (!isLink) return current;
    current = (0, import_node_path.resolve)((0, import_node_path.dirname)(current), await guard(name, () => (0, import_promises.readlink)(current)));
  }
  throw new OutputPathError(name, "ELOOP", "too many symbolic links");
}
async function guard(name, call, folder) {
  try {
    return await call();
  } catch (error) {
    throw toOutputError(name, error, folder);
  }
}
function toOutputError(name, error, folder) {
  if (isOutputPathError(error)) return error;
  const code = error?.code;
  if (typeof code !== "string") return error;
  const reason = code === "ENOENT" ? folder === void 0 ? "no such file" : `no such folder (${folder})` : REASONS[code] ?? error.message;
  return new OutputPathError(name, code, reason, { cause: error });
}
var import_node_crypto, import_node_fs2, import_promises, import_node_path, OutputPathError, FLUSH_BYTES, MAX_LINKS, ThroughFile, AtomicFile, REASONS;
var init_output_file = __esm({
  "../stream/src/output-file.ts"() {
    
    init_import_meta_url();
    import_node_crypto = require("node:crypto");
    import_node_fs2 = require("node:fs");
    import_promises = require("node:fs/promises");
    import_node_path = require("node:path");
    OutputPathError = class extends Error {
      constructor(path, code, reason, options) {
        super(`${path}: ${reason}`, options);
        this.path = path;
        this.code = code;
        this.reason = reason;
      }
      path;
      code;
      reason;
      name = "OutputPathError";
    };
    FLUSH_BYTES = 64 * 1024 * 1024;
    MAX_LINKS = 40;
    ThroughFile = class {
      constructor(path, handle) {
        this.path = path;
        this.handle = handle;
      }
      path;
      handle;
      mode = "through";
      spill = void 0;
      isClosed = false;
      write(chunk) {
        return guard(this.path, () => writeAll(this.handle, chunk));
      }
      async commit() {
        this.isClosed = true;
        await guard(this.path, () => this.handle.close());
      }
      async abort() {
        if (this.isClosed) return;
        this.isClosed = true;
        await this.handle.close().catch(() => void 0);
      }
    };
    AtomicFile = class {
      constructor(path, handle, temporary, target, flushBytes) {
        this.path = path;
        this.handle = handle;
        this.temporary = temporary;
        this.target = target;
        this.flushBytes = flushBytes;
        this.spill = {
          write: (chunk) => this.writeEarly(chunk),
          discard: (count2) => {
            this.size -= count2;
            this.isTrimmed = true;
            this.trimmed = Promise.all([...this.inFlight]);
          },
          patch: (back, bytes) => this.patchEarly(back, bytes)
        };
      }
      path;
      handle;
      temporary;
      target;
      flushBytes;
      mode = "atomic";
      isDone = false;
      /** Where the next write goes: each write's place is fixed when it is called. */
      size = 0;
      /** Early writes not finished yet, and the first of them that failed. */
      inFlight = /* @__PURE__ */ new Set();
      earlyFailure = void 0;
      /** Bytes were discarded: later writes wait for the early ones (which may cover the same place), and commit truncates. */
      isTrimmed = false;
      /** The early writes going on at the last discard: later early writes, which may cover their place, start after them. */
      trimmed = void 0;
      /** Bytes written since the last flush to disk was started (see noteWritten). */
      unflushed = 0;
      spill;
      write(chunk) {
        const at = this.size;
        this.size += chunk.length;
        return guard(this.path, async () => {
          if (this.isTrimmed) await this.settle();
          else this.throwEarlyFailure();
          await writeAllAt(this.handle, chunk, at);
          this.noteWritten(chunk.length);
        });
      }
      async commit() {
        try {
          await guard(this.path, async () => {
            await this.settle();
            if (this.isTrimmed) await this.handle.truncate(this.size);
            await this.handle.sync();
            await this.handle.close();
            await (0, import_promises.rename)(this.temporary, this.target);
          });
          this.isDone = true;
        } catch (error) {
          await this.abort();
          throw error;
        }
      }
      async abort() {
        if (this.isDone) return;
        this.isDone = true;
        await Promise.allSettled([...this.inFlight]);
        await this.handle.close().catch(() => void 0);
        await (0, import_promises.unlink)(this.temporary).catch(() => void 0);
      }
      writeEarly(chunk) {
        const at = this.size;
        this.size += chunk.length;
        const write = () => writeAllAt(this.handle, chunk, at).then(() => this.noteWritten(chunk.length));
        this.track(this.trimmed === void 0 ? write() : this.trimmed.then(write));
      }
      /**
       * Overwrites `bytes` at `back` bytes before the end, once every write started before has
       * finished (two writes to one place on libuv's threads could land in either order).
       */
      patchEarly(back, bytes) {
        const at = this.size - back;
        if (back < bytes.length || at < 0) throw new RangeError(`patch: ${bytes.length} bytes at ${back} bytes before the end of ${this.size}`);
        const before = [...this.inFlight];
        this.track(Promise.all(before).then(() => writeAllAt(this.handle, bytes, at)));
      }
      /**
       * Every `flushBytes` written, a flush of the data to disk starts (datasync, on libuv's thread)
       * while writing goes on, so commit's final sync has little left: a 268 MB output's sync was
       * ~0.1 s, a 574 MB merge's 0.25-0.4 s, all after the last byte was written.
       */
      noteWritten(count2) {
        this.unflushed += count2;
        if (this.unflushed < this.flushBytes || this.isDone) return;
        this.unflushed = 0;
        this.track(this.handle.datasync());
      }
      /** Keeps `work` among the writes commit and abort wait for; its failure is thrown by the next write or commit. */
      track(work) {
        const done = work.then(
          () => {
            this.inFlight.delete(done);
          },
          (error) => {
            this.inFlight.delete(done);
            this.earlyFailure ??= error;
          }
        );
        this.inFlight.add(done);
      }
      /** Waits for the early writes; throws the first failure among them. */
      async settle() {
        while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
        this.throwEarlyFailure();
      }
      throwEarlyFailure() {
        if (this.earlyFailure !== void 0) throw this.earlyFailure;
      }
    };
    REASONS = {
      EACCES: "permission denied",
      EPERM: "permission denied",
      EROFS: "read-only file system",
      EISDIR: "is a directory",
      ENOTDIR: "a part of the path is not a folder",
      ELOOP: "too many symbolic links",
      ENXIO: "cannot be opened for writing (a socket, or a device with nothing behind it)",
      ENOSPC: "no space left on device",
      EDQUOT: "disk quota exceeded",
      EFBIG: "file too large",
      EPIPE: "the reader closed it"
    };
  }
});

// ../stream/src/merge/byte-batch.ts
var MAX_SPARE_CHUNKS, ByteBatch;
var init_byte_batch = __esm({
  "../stream/src/merge/byte-batch.ts"() {
    
    init_import_meta_url();
    MAX_SPARE_CHUNKS = 16;
    ByteBatch = class {
      constructor(chunkBytes, write) {
        this.chunkBytes = chunkBytes;
        this.write = write;
        this.chunk = this.newChunk();
      }
      chunkBytes;
      write;
      chunk;
      length = 0;
      /** Full chunks (and large values, copied) waiting for `flush`, in order. */
      ready = [];
      /** Chunks the destination is done with (see `release`), to fill again. */
      spare = [];
      /** The memory of the chunks this batch made: `release` takes back nothing else. */
      ownChunks = /* @__PURE__ */ new WeakSet();
      /** Copies `bytes` in; true when chunks are ready and `flush()` should be awaited. */
      add(bytes) {
        if (bytes.length > this.chunkBytes - this.length) {
          this.takeChunk();
          if (bytes.length >= this.chunkBytes) {
            this.ready.push(Buffer.from(bytes));
            return true;
          }
        }
        this.chunk.set(bytes, this.length);
        this.length += bytes.length;
        return this.ready.length > 0;
      }
      /**
       * Copies source[start, end) in without making a view of it (the merge's emitter copies
       * millions of short keys and values: a view each was a measurable share of its time).
       */
      addRange(source, start, end) {
        const length = end - start;
        if (length > this.chunkBytes - this.length) {
          this.takeChunk();
          if (length >= this.chunkBytes) {
            this.ready.push(Buffer.from(source.subarray(start, end)));
            return true;
          }
        }
        const chunk = this.chunk;
        const at = this.length;
        if (length < 64) {
          for (let i = 0; i < length; i++) chunk[at + i] = source[start + i];
        } else {
          source.copy(chunk, at, start, end);
        }
        this.length = at + length;
        return this.ready.length > 0;
      }
      /** True when chunks are ready and `flush()` should be awaited (what the adds returned). */
      get isReady() {
        return this.ready.length > 0;
      }
      /** Adds one byte (a separator). */
      addByte(code) {
        if (this.length === this.chunkBytes) this.takeChunk();
        this.chunk[this.length++] = code;
        return this.ready.length > 0;
      }
      addText(text3) {
        return this.add(Buffer.from(text3, "utf8"));
      }
      /** Writes the ready chunks, in order. */
      async flush() {
        const ready = this.ready;
        this.ready = [];
        for (const chunk of ready) await this.write(chunk);
      }
      /** Writes everything collected. */
      async end() {
        this.takeChunk();
        await this.flush();
      }
      /**
       * The destination is done with `chunk` (one this batch wrote, its bytes copied out): it may be
       * filled again. Only for destinations that keep no reference once a write finished (a file
       * handle's write, not a stream's buffered one). A merge's output is hundreds of chunks: fresh
       * memory for each cost a page fault per 4 KiB (~0.3 s of the main thread for the bench's
       * 574 MB), at the end of the merge when nothing else runs.
       */
      release(chunk) {
        if (this.spare.length >= MAX_SPARE_CHUNKS || !this.ownChunks.delete(chunk.buffer)) return;
        this.spare.push(Buffer.from(chunk.buffer, 0, this.chunkBytes));
      }
      takeChunk() {
        if (this.length === 0) return;
        this.ready.push(this.chunk.subarray(0, this.length));
        const spare = this.spare.pop();
        if (spare !== void 0) this.ownChunks.add(spare.buffer);
        this.chunk = spare ?? this.newChunk();
        this.length = 0;
      }
      /** A chunk in memory of its own (never a slice of Node's shared pool: it may be released). */
      newChunk() {
        const chunk = Buffer.allocUnsafeSlow(this.chunkBytes);
        this.ownChunks.add(chunk.buffer);
        return chunk;
      }
    };
  }
});

// ../stream/src/merge/identity-index.ts
function place(table, hash, slotPlusOne) {
  const mask = (table.length >>> 1) - 1;
  let at = hash & mask;
  while (table[2 * at] !== 0) at = at + 1 & mask;
  table[2 * at] = slotPlusOne;
  table[2 * at + 1] = hash;
}
function hashBytes2(bytes, start, end) {
  let hash = 2166136261;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 16777619);
  return hash;
}
function equalBytes(a, aStart, aEnd, b, bStart, bEnd) {
  const length = aEnd - aStart;
  if (bEnd - bStart !== length) return false;
  for (let i = 0; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}
var IdentityIndex;
var init_identity_index = __esm({
  "../stream/src/merge/identity-index.ts"() {
    
    init_import_meta_url();
    IdentityIndex = class {
      /** Pairs [slot + 1 (0: empty), hash] per position. */
      table;
      count = 0;
      /** `positions`: the table's size at first (rounded up to a power of two; 1,024 unless given). */
      constructor(positions = 1 << 10) {
        let size2 = 16;
        while (size2 < positions) size2 *= 2;
        this.table = new Int32Array(2 * size2);
      }
      /**
       * The slot whose identity equals bytes[start, end), or -1. `identityOf(slot)` must give a
       * slot's identity bytes (a [bytes, start, end] triple, reused).
       */
      find(hash, bytes, start, end, identityOf) {
        const table = this.table;
        const mask = (table.length >>> 1) - 1;
        for (let at = hash & mask; ; at = at + 1 & mask) {
          const slotPlusOne = table[2 * at];
          if (slotPlusOne === 0) return -1;
          if (table[2 * at + 1] !== hash) continue;
          const span = identityOf(slotPlusOne - 1);
          if (equalBytes(span.bytes, span.start, span.end, bytes, start, end)) return slotPlusOne - 1;
        }
      }
      /**
       * Reads the first table position of each of hashes[0, count) and returns a value made from
       * them (for the caller to ignore). A big index's probes miss the cache once per key; these
       * loads are independent of each other, so the CPU overlaps their misses, and the `find` and
       * `add` that follow for the same hashes hit the cache: 5.76M keys into a 64 MiB table took
       * half the time this way (bench/micro/identity-index.bench.mjs).
       */
      touch(hashes, count2) {
        const table = this.table;
        const mask = (table.length >>> 1) - 1;
        let seen = 0;
        for (let i = 0; i < count2; i++) seen |= table[2 * (hashes[i] & mask)];
        return seen;
      }
      /** Records `slot` under `hash` (the caller knows its identity is not there yet). */
      add(hash, slot) {
        if ((this.count + 1) * 4 > (this.table.length >>> 1) * 3) this.resize(this.table.length);
        this.count++;
        place(this.table, hash, slot + 1);
      }
      /**
       * Room for `count` identities in all without growing again: a merge that knows how many keys
       * are coming rehashes once, not at every doubling.
       */
      reserve(count2) {
        let positions = this.table.length >>> 1;
        while (count2 * 4 > positions * 3) positions *= 2;
        if (positions > this.table.length >>> 1) this.resize(positions);
      }
      resize(positions) {
        const old = this.table;
        const table = new Int32Array(2 * positions);
        for (let at = 0; at < old.length; at += 2) if (old[at] !== 0) place(table, old[at + 1], old[at]);
        this.table = table;
      }
    };
  }
});

// ../stream/src/merge/segment.ts
function countKeys(segment) {
  const table = segment.table;
  let count2 = 0;
  for (let at = 0; at < segment.entryCount * ENTRY_FIELDS; at += ENTRY_FIELDS) if (table[at] >>> 2 === 0) count2++;
  return count2;
}
var ENTRY_FIELDS, MAX_INITIAL_ROWS;
var init_segment = __esm({
  "../stream/src/merge/segment.ts"() {
    
    init_import_meta_url();
    ENTRY_FIELDS = 6;
    MAX_INITIAL_ROWS = (1 << 30) / (4 * ENTRY_FIELDS);
  }
});

// ../stream/src/merge/emit.ts
async function emitTree(tree, format, batch) {
  if (format === "msgpack") await emitMsgpack(tree, tree.root, batch);
  else if (format === "json") {
    await emitJson(tree, tree.root, batch);
    if (batch.add(NEWLINE3)) await batch.flush();
  } else await emitNdjson(tree, batch);
  await batch.end();
}
async function emitMsgpack(tree, node, batch) {
  if (batch.add(header.subarray(0, writeMapHead(header, 0, node.size)))) await batch.flush();
  const segments = tree.segments;
  const run = new ByteRun(segments, batch);
  for (let slot = 0; slot < node.size; slot++) {
    const keySegment = node.keySegment(slot);
    const keyTable = segments[keySegment].table;
    const keyRow = node.keyRow(slot);
    const keyAt = keyRow * ENTRY_FIELDS;
    const child = node.childAt(slot);
    if (child !== void 0) {
      run.add(keySegment, keyTable[keyAt + 3], keyTable[keyAt + 4]);
      run.end();
      if (batch.isReady) await batch.flush();
      await emitMsgpack(tree, child, batch);
      continue;
    }
    const valueSegment = node.valueSegment(slot);
    const valueRow = node.valueRow(slot);
    const value = segments[valueSegment];
    const valueAt = valueRow * ENTRY_FIELDS;
    if ((value.table[valueAt] & 1) === 1) {
      run.add(keySegment, keyTable[keyAt + 3], keyTable[keyAt + 4]);
      if (plainEnd(value, valueRow) >= 0) {
        addPlainMsgpack(valueSegment, value, valueRow, run);
      } else {
        run.end();
        if (batch.isReady) await batch.flush();
        await emitMsgpack(tree, tree.nodeOf(valueSegment, valueRow), batch);
        continue;
      }
    } else if (valueSegment === keySegment && valueRow === keyRow) {
      run.add(keySegment, keyTable[keyAt + 3], keyTable[keyAt + 5]);
    } else {
      run.add(keySegment, keyTable[keyAt + 3], keyTable[keyAt + 4]);
      run.add(valueSegment, value.table[valueAt + 4], value.table[valueAt + 5]);
    }
    if (batch.isReady) await batch.flush();
  }
  run.end();
  if (batch.isReady) await batch.flush();
}
function plainEnd(segment, nodeRow) {
  const rowCount = segment.table.length / ENTRY_FIELDS;
  return plainEndFrom(segment, nodeRow, Math.min(rowCount, nodeRow + 1 + MAX_PLAIN_ROWS), rowCount, 0);
}
function plainEndFrom(segment, nodeRow, limit, rowCount, base) {
  const { bytes, table } = segment;
  const depth = table[nodeRow * ENTRY_FIELDS] >>> 2;
  let count2 = 0;
  let row = nodeRow + 1;
  while (row < limit) {
    const at = row * ENTRY_FIELDS;
    const flags = table[at];
    if (flags >>> 2 <= depth) return row;
    if (count2 === MAX_PLAIN_ENTRIES) return -1;
    const start = table[at + 1];
    const end = table[at + 2];
    for (let i = base; i < base + count2; i++) {
      const other = seenRows[i] * ENTRY_FIELDS;
      if (equalBytes(bytes, table[other + 1], table[other + 2], bytes, start, end)) return -1;
    }
    if (base + count2 === seenRows.length) {
      const grown = new Int32Array(seenRows.length * 2);
      grown.set(seenRows);
      seenRows = grown;
    }
    seenRows[base + count2++] = row;
    if ((flags & 1) === 0) row++;
    else if ((row = plainEndFrom(segment, row, limit, rowCount, base + count2)) < 0) return -1;
  }
  return limit === rowCount ? row : -1;
}
function addPlainMsgpack(segmentIndex, segment, nodeRow, run) {
  const { bytes, table } = segment;
  const rowCount = table.length / ENTRY_FIELDS;
  const depth = table[nodeRow * ENTRY_FIELDS] >>> 2;
  let count2 = 0;
  for (let row2 = nodeRow + 1; row2 < rowCount; row2++) {
    const flags = table[row2 * ENTRY_FIELDS];
    if (flags >>> 2 <= depth) break;
    if (flags >>> 2 === depth + 1) count2++;
  }
  const headerLength = writeMapHead(header, 0, count2);
  const at = table[nodeRow * ENTRY_FIELDS + 4];
  if (equalBytes(bytes, at, at + headerLength, header, 0, headerLength)) run.add(segmentIndex, at, at + headerLength);
  else run.addBytes(header.subarray(0, headerLength));
  let row = nodeRow + 1;
  for (let n = 0; n < count2; n++) {
    const entryAt = row * ENTRY_FIELDS;
    if ((table[entryAt] & 1) === 0) {
      run.add(segmentIndex, table[entryAt + 3], table[entryAt + 5]);
      row++;
    } else {
      run.add(segmentIndex, table[entryAt + 3], table[entryAt + 4]);
      row = addPlainMsgpack(segmentIndex, segment, row, run);
    }
  }
  return row;
}
async function emitJson(tree, node, batch) {
  if (batch.addByte(OPEN3)) await batch.flush();
  for (let slot = 0; slot < node.size; slot++) {
    if (slot > 0) batch.addByte(COMMA_BYTE);
    addKey(tree, node, slot, batch);
    const child = addJsonValue(tree, node, slot, batch);
    if (batch.isReady) await batch.flush();
    if (child !== null) await emitJson(tree, child, batch);
  }
  if (batch.addByte(CLOSE)) await batch.flush();
}
async function emitNdjson(tree, batch) {
  const root = tree.root;
  for (let slot = 0; slot < root.size; slot++) {
    batch.addByte(OPEN3);
    addKey(tree, root, slot, batch);
    const child = addJsonValue(tree, root, slot, batch);
    if (child !== null) {
      if (batch.isReady) await batch.flush();
      await emitJson(tree, child, batch);
    }
    batch.addByte(CLOSE);
    if (batch.addByte(NEWLINE_BYTE)) await batch.flush();
  }
}
function addKey(tree, node, slot, batch) {
  const { bytes, table } = tree.segments[node.keySegment(slot)];
  const at = node.keyRow(slot) * ENTRY_FIELDS;
  batch.addRange(bytes, table[at + 3], table[at + 4]);
  batch.addByte(COLON_BYTE);
}
function addJsonValue(tree, node, slot, batch) {
  const child = node.childAt(slot);
  if (child !== void 0) return child;
  const valueSegment = node.valueSegment(slot);
  const valueRow = node.valueRow(slot);
  const segment = tree.segments[valueSegment];
  const at = valueRow * ENTRY_FIELDS;
  if ((segment.table[at] & 1) === 0) batch.addRange(segment.bytes, segment.table[at + 4], segment.table[at + 5]);
  else if (plainEnd(segment, valueRow) >= 0) addPlainJson(segment, valueRow, batch);
  else return tree.nodeOf(valueSegment, valueRow);
  return null;
}
function addPlainJson(segment, nodeRow, batch) {
  const { bytes, table } = segment;
  const rowCount = table.length / ENTRY_FIELDS;
  const depth = table[nodeRow * ENTRY_FIELDS] >>> 2;
  batch.addByte(OPEN3);
  let row = nodeRow + 1;
  for (let n = 0; row < rowCount && table[row * ENTRY_FIELDS] >>> 2 > depth; n++) {
    if (n > 0) batch.addByte(COMMA_BYTE);
    const at = row * ENTRY_FIELDS;
    batch.addRange(bytes, table[at + 3], table[at + 4]);
    batch.addByte(COLON_BYTE);
    if ((table[at] & 1) === 0) {
      batch.addRange(bytes, table[at + 4], table[at + 5]);
      row++;
    } else {
      row = addPlainJson(segment, row, batch);
    }
  }
  batch.addByte(CLOSE);
  return row;
}
var NEWLINE3, header, MAX_PLAIN_ENTRIES, MAX_PLAIN_ROWS, seenRows, ByteRun, OPEN3, CLOSE, COMMA_BYTE, COLON_BYTE, NEWLINE_BYTE;
var init_emit = __esm({
  "../stream/src/merge/emit.ts"() {
    
    init_import_meta_url();
    init_engine();
    init_identity_index();
    init_segment();
    NEWLINE3 = Buffer.from("\n");
    header = new Uint8Array(5);
    MAX_PLAIN_ENTRIES = 16;
    MAX_PLAIN_ROWS = 4096;
    seenRows = new Int32Array(256);
    ByteRun = class {
      constructor(segments, batch) {
        this.segments = segments;
        this.batch = batch;
      }
      segments;
      batch;
      segment = -1;
      start = 0;
      end_ = 0;
      /** Adds segment `segment`'s bytes [start, end) (the batch's `isReady` then says when to flush). */
      add(segment, start, end) {
        if (segment === this.segment && start === this.end_) {
          this.end_ = end;
          return;
        }
        this.end();
        this.segment = segment;
        this.start = start;
        this.end_ = end;
      }
      /** Adds bytes of no segment (copied now, after the pending range). */
      addBytes(bytes) {
        this.end();
        this.batch.add(bytes);
      }
      /** Hands the pending range to the batch. */
      end() {
        if (this.segment < 0) return;
        this.batch.addRange(this.segments[this.segment].bytes, this.start, this.end_);
        this.segment = -1;
      }
    };
    OPEN3 = 123;
    CLOSE = 125;
    COMMA_BYTE = 44;
    COLON_BYTE = 58;
    NEWLINE_BYTE = 10;
  }
});

// ../stream/src/merge/output-format.ts
var MERGE_FORMATS, CONFLICT_POLICIES;
var init_output_format = __esm({
  "../stream/src/merge/output-format.ts"() {
    
    init_import_meta_url();
    MERGE_FORMATS = ["msgpack", "json", "ndjson", "pickle"];
    CONFLICT_POLICIES = ["last", "first", "error", "deep"];
  }
});

// ../stream/src/merge/merge-options.ts
function resolveMergeOptions(options) {
  if (typeof options !== "object" || options === null) throw new TypeError(`mergePickles: expected an options object, got ${describe3(options)}`);
  const patterns = typeof options.patterns === "string" ? [options.patterns] : options.patterns;
  if (!Array.isArray(patterns) || patterns.length === 0 || !patterns.every((p) => typeof p === "string" && p.length > 0)) {
    throw new TypeError(`mergePickles: expected patterns to be a non-empty string or array of strings, got ${describe3(options.patterns)}`);
  }
  const { cwd = process.cwd(), concurrency = (0, import_node_os.availableParallelism)(), onConflict = "last", format = "msgpack", keepGoing = false } = options;
  if (typeof cwd !== "string") throw new TypeError(`mergePickles: expected cwd to be a string, got ${describe3(cwd)}`);
  if (!(Number.isSafeInteger(concurrency) && concurrency >= 1)) {
    throw new RangeError(`mergePickles: expected concurrency to be an integer from 1, got ${describe3(concurrency)}`);
  }
  if (!CONFLICT_POLICIES.includes(onConflict)) {
    throw new TypeError(`mergePickles: expected onConflict to be one of ${CONFLICT_POLICIES.join(", ")}, got ${describe3(onConflict)}`);
  }
  if (!MERGE_FORMATS.includes(format)) {
    throw new TypeError(`mergePickles: expected format to be one of ${MERGE_FORMATS.join(", ")}, got ${describe3(format)}`);
  }
  const output = options.output;
  if (output !== void 0 && typeof output !== "string" && typeof output?.write !== "function") {
    throw new TypeError(`mergePickles: expected output to be a path or a Writable, got ${describe3(output)}`);
  }
  if (typeof keepGoing !== "boolean") throw new TypeError(`mergePickles: expected keepGoing to be a boolean, got ${describe3(keepGoing)}`);
  for (const name of ["onProgress", "onFileError"]) {
    if (options[name] !== void 0 && typeof options[name] !== "function") {
      throw new TypeError(`mergePickles: expected ${name} to be a function, got ${describe3(options[name])}`);
    }
  }
  if (options.signal !== void 0 && !(options.signal instanceof AbortSignal)) {
    throw new TypeError(`mergePickles: expected signal to be an AbortSignal, got ${describe3(options.signal)}`);
  }
  return {
    patterns,
    cwd,
    concurrency,
    onConflict,
    output,
    format,
    keepGoing,
    onProgress: options.onProgress,
    onFileError: options.onFileError,
    signal: options.signal
  };
}
function describe3(value) {
  if (value === null) return "null";
  if (typeof value === "string") return `"${value}"`;
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
var import_node_os;
var init_merge_options = __esm({
  "../stream/src/merge/merge-options.ts"() {
    
    init_import_meta_url();
    import_node_os = require("node:os");
    init_output_format();
  }
});

// ../stream/src/merge/merge-tree.ts
function keyText(bytes) {
  const head = bytes[0];
  let start = -1;
  if (head >= 160 && head <= 191) start = 1;
  else if (head === 217) start = 2;
  else if (head === 218) start = 3;
  else if (head === 219) start = 5;
  if (start > 0) return JSON.stringify(bytes.toString("utf8", start));
  if (head <= 127) return String(head);
  return `<msgpack ${bytes.toString("hex")}>`;
}
var MergeConflictError, MAX_RESERVED_KEYS, HASH_BLOCK_ROWS, NODE_VALUE, SLOT_FIELDS, SMALL_NODE_KEYS, MergeNode, SlotArena, EMPTY4, MergeTree;
var init_merge_tree = __esm({
  "../stream/src/merge/merge-tree.ts"() {
    
    init_import_meta_url();
    init_identity_index();
    init_segment();
    MergeConflictError = class extends Error {
      constructor(key, firstFile, secondFile) {
        super(`key ${key} has different values in ${firstFile} and ${secondFile} (onConflict: "error")`);
        this.key = key;
        this.firstFile = firstFile;
        this.secondFile = secondFile;
      }
      key;
      firstFile;
      secondFile;
      name = "MergeConflictError";
    };
    MAX_RESERVED_KEYS = 1 << 26;
    HASH_BLOCK_ROWS = 32;
    NODE_VALUE = -1;
    SLOT_FIELDS = 5;
    SMALL_NODE_KEYS = 8;
    MergeNode = class {
      /**
       * `arena`: where a nested node's slots go (one typed array for them all: a typed array each
       * cost the bench's deep merge 0.4 s of allocation); the root (none given) has its own.
       * `capacity`: the keys to make room for at first.
       */
      constructor(segments, arena = null, capacity = 4) {
        this.segments = segments;
        this.ownsArena = arena === null;
        this.capacity = Math.max(this.ownsArena ? 16 : 1, capacity);
        this.arena = arena ?? new SlotArena(this.capacity * SLOT_FIELDS);
        this.base = this.arena.alloc(this.capacity * SLOT_FIELDS);
        if (this.ownsArena) this.buildIndex();
      }
      segments;
      /** Where this node's slots start in `arena.data` (SLOT_FIELDS Int32s per slot). */
      base = 0;
      /** Slots that fit at `base` before the node moves. */
      capacity;
      arena;
      ownsArena;
      index = null;
      /** Child nodes; a slot whose value segment is NODE_VALUE has its child at children[value row]. */
      children = null;
      slotCount = 0;
      identityOf = null;
      get size() {
        return this.slotCount;
      }
      /** True when keys are found through an IdentityIndex (the root; nested nodes past SMALL_NODE_KEYS). */
      get isIndexed() {
        return this.index !== null;
      }
      keySegment(slot) {
        return this.arena.data[this.base + slot * SLOT_FIELDS];
      }
      keyRow(slot) {
        return this.arena.data[this.base + slot * SLOT_FIELDS + 1];
      }
      /** The segment of the value's row, or NODE_VALUE (negative) when a child node holds it. */
      valueSegment(slot) {
        return this.arena.data[this.base + slot * SLOT_FIELDS + 2];
      }
      valueRow(slot) {
        return this.arena.data[this.base + slot * SLOT_FIELDS + 3];
      }
      /** Loads the index positions of hashes[0, count) ahead of their `find`s (IdentityIndex.touch). */
      touch(hashes, count2) {
        return this.index === null ? 0 : this.index.touch(hashes, count2);
      }
      /** The slot of the key whose identity is bytes[start, end) (hash: `hashBytes` of them), or -1. */
      find(hash, bytes, start, end) {
        if (this.index !== null) return this.index.find(hash, bytes, start, end, this.identityOf);
        const data = this.arena.data;
        const limit = this.base + this.slotCount * SLOT_FIELDS;
        for (let at = this.base; at < limit; at += SLOT_FIELDS) {
          if (data[at + 4] !== hash) continue;
          const { bytes: own, table } = this.segments[data[at]];
          const row = data[at + 1] * ENTRY_FIELDS;
          if (equalBytes(own, table[row + 1], table[row + 2], bytes, start, end)) return (at - this.base) / SLOT_FIELDS;
        }
        return -1;
      }
      childAt(slot) {
        const data = this.arena.data;
        const at = this.base + slot * SLOT_FIELDS;
        return data[at + 2] === NODE_VALUE ? this.children[data[at + 3]] : void 0;
      }
      setChild(slot, child) {
        const data = this.arena.data;
        const at = this.base + slot * SLOT_FIELDS;
        const children = this.children ??= [];
        if (data[at + 2] === NODE_VALUE) {
          children[data[at + 3]] = child;
          return;
        }
        data[at + 2] = NODE_VALUE;
        data[at + 3] = children.length;
        children.push(child);
      }
      setValue(slot, segment, row) {
        const data = this.arena.data;
        const at = this.base + slot * SLOT_FIELDS;
        if (data[at + 2] === NODE_VALUE) this.children[data[at + 3]] = void 0;
        data[at + 2] = segment;
        data[at + 3] = row;
      }
      /** A new key (its identity hashed to `hash`), from the given row: key and value both. */
      addSlot(hash, segment, row) {
        const slot = this.slotCount++;
        if (slot === this.capacity) this.grow(this.capacity * 2);
        const data = this.arena.data;
        let at = this.base + slot * SLOT_FIELDS;
        data[at++] = segment;
        data[at++] = row;
        data[at++] = segment;
        data[at++] = row;
        data[at] = hash;
        if (this.index !== null) this.index.add(hash, slot);
        else if (this.slotCount > SMALL_NODE_KEYS) this.buildIndex();
        return slot;
      }
      /** Room for `count` keys in all (slots and index) without growing on the way. */
      reserve(count2) {
        if (count2 > SMALL_NODE_KEYS && this.index === null) this.buildIndex();
        this.index?.reserve(count2);
        if (count2 <= this.capacity) return;
        let size2 = this.capacity;
        while (size2 < count2) size2 *= 2;
        this.grow(size2);
      }
      buildIndex() {
        const span = { bytes: EMPTY4, start: 0, end: 0 };
        this.identityOf = (slot) => {
          const data2 = this.arena.data;
          const at = this.base + slot * SLOT_FIELDS;
          const { bytes, table } = this.segments[data2[at]];
          const row = data2[at + 1] * ENTRY_FIELDS;
          span.bytes = bytes;
          span.start = table[row + 1];
          span.end = table[row + 2];
          return span;
        };
        const index = this.ownsArena ? new IdentityIndex() : new IdentityIndex(2 * this.slotCount);
        index.reserve(this.slotCount);
        const data = this.arena.data;
        for (let slot = 0; slot < this.slotCount; slot++) index.add(data[this.base + slot * SLOT_FIELDS + 4], slot);
        this.index = index;
      }
      /** Moves the slots to room for `size` (the root's arena is its own: it grows in place). */
      grow(size2) {
        const used = this.slotCount * SLOT_FIELDS;
        if (this.ownsArena) {
          const bigger = new Int32Array(size2 * SLOT_FIELDS);
          bigger.set(this.arena.data.subarray(0, used));
          this.arena.data = bigger;
        } else {
          const base = this.arena.alloc(size2 * SLOT_FIELDS);
          this.arena.data.copyWithin(base, this.base, this.base + used);
          this.base = base;
        }
        this.capacity = size2;
      }
    };
    SlotArena = class {
      data;
      length = 0;
      constructor(initial = 1 << 16) {
        this.data = new Int32Array(Math.max(16, initial));
      }
      /** Where `count` more Int32s start (the array may be replaced: read `data` again after). */
      alloc(count2) {
        const at = this.length;
        if (at + count2 > this.data.length) {
          let size2 = this.data.length * 2;
          while (size2 < at + count2) size2 *= 2;
          const bigger = new Int32Array(size2);
          bigger.set(this.data.subarray(0, at));
          this.data = bigger;
        }
        this.length = at + count2;
        return at;
      }
    };
    EMPTY4 = new Uint8Array(0);
    MergeTree = class {
      constructor(policy, format) {
        this.policy = policy;
        this.format = format;
      }
      policy;
      format;
      segments = [];
      root = new MergeNode(this.segments);
      /** The slots of every nested node. */
      nestedSlots = new SlotArena();
      hashes = new Int32Array(HASH_BLOCK_ROWS);
      /** What the last `touch` returned: kept so the loads it made are not dropped as unused. */
      touched = 0;
      /**
       * Applies one file's entries, in order. `expectedKeys`: how many top-level keys this file and
       * the ones still to come may add (an estimate; the root makes room for them at once);
       * `keyCount`: the file's own (`countKeys`).
       */
      add(segment, file, expectedKeys2 = 0, keyCount = countKeys(segment)) {
        this.root.reserve(this.root.size + Math.min(Math.max(keyCount, expectedKeys2), MAX_RESERVED_KEYS));
        const index = this.segments.length;
        const bytes = Buffer.from(segment.bytes.buffer, segment.bytes.byteOffset, segment.bytes.byteLength);
        const table = segment.table;
        this.segments.push({ bytes, table, file });
        const policy = this.policy;
        const open2 = [this.root];
        let recordFirstRow = 0;
        const hashes = this.hashes;
        let blockEnd = 0;
        let blockAt = 0;
        for (let row = 0; row < segment.entryCount; row++) {
          if (row === blockEnd) {
            let count2 = 0;
            let r = row;
            for (; r < segment.entryCount && count2 < HASH_BLOCK_ROWS; r++) {
              const at2 = r * ENTRY_FIELDS;
              if (table[at2] >>> 2 === 0) hashes[count2++] = hashBytes2(bytes, table[at2 + 1], table[at2 + 2]);
            }
            blockEnd = r;
            blockAt = 0;
            this.touched = this.root.touch(hashes, count2);
          }
          const at = row * ENTRY_FIELDS;
          const flags = table[at];
          const depth = flags >>> 2;
          const isNode = (flags & 1) === 1;
          if ((flags & 2) !== 0) recordFirstRow = row;
          const node = open2[depth];
          if (node === null || node === void 0) {
            if (isNode) open2[depth + 1] = null;
            continue;
          }
          const identityStart = table[at + 1];
          const identityEnd = table[at + 2];
          const hash = depth === 0 ? hashes[blockAt++] : hashBytes2(bytes, identityStart, identityEnd);
          const slot = node.find(hash, bytes, identityStart, identityEnd);
          if (slot < 0) {
            node.addSlot(hash, index, row);
            if (isNode) open2[depth + 1] = null;
            continue;
          }
          if (depth === 0 && policy !== "deep" && node.keySegment(slot) === index && node.keyRow(slot) >= recordFirstRow) {
            node.setValue(slot, index, row);
            continue;
          }
          switch (policy) {
            case "first":
              if (isNode) open2[depth + 1] = null;
              break;
            case "error":
              if (!this.isSameValue(node, slot, index, row)) throw this.conflict(node, slot, index);
              break;
            case "deep":
              if (isNode) open2[depth + 1] = this.deepInto(node, slot, index, row);
              else node.setValue(slot, index, row);
              break;
            default:
              node.setValue(slot, index, row);
          }
        }
      }
      /**
       * Deep merge, a dict (node row `row` of segment `segment`) for a key the node has: the node its
       * entries merge into, or null when the dict replaces a value that is not a dict and stays its
       * rows.
       */
      deepInto(node, slot, segment, row) {
        const child = node.childAt(slot);
        if (child !== void 0) return child;
        const valueSegment = node.valueSegment(slot);
        const valueRow = node.valueRow(slot);
        if (this.isNodeRow(valueSegment, valueRow)) {
          const built = this.nodeOf(valueSegment, valueRow);
          node.setChild(slot, built);
          return built;
        }
        node.setValue(slot, segment, row);
        return null;
      }
      /** True when row `row` of segment `segment` is a node row (a dict value laid out as its entries). */
      isNodeRow(segment, row) {
        return (this.segments[segment].table[row * ENTRY_FIELDS] & 1) === 1;
      }
      /**
       * A MergeNode of the dict of node row `nodeRow` (segment `segment`): its entries one level
       * down, applied in order as a deep merge applies them (a key given twice, which CPython's
       * dicts never hold, counts once: the later value, two dicts merged), dicts in it kept as
       * their rows.
       */
      nodeOf(segment, nodeRow) {
        const { bytes, table } = this.segments[segment];
        const rowCount = table.length / ENTRY_FIELDS;
        const baseDepth = (table[nodeRow * ENTRY_FIELDS] >>> 2) + 1;
        let entries = 0;
        for (let at = (nodeRow + 1) * ENTRY_FIELDS; at < table.length && table[at] >>> 2 >= baseDepth; at += ENTRY_FIELDS) {
          if (table[at] >>> 2 === baseDepth) entries++;
        }
        const built = new MergeNode(this.segments, this.nestedSlots, entries + 2);
        const open2 = [built];
        for (let row = nodeRow + 1; row < rowCount; row++) {
          const at = row * ENTRY_FIELDS;
          const flags = table[at];
          const depth = (flags >>> 2) - baseDepth;
          if (depth < 0) break;
          const isNode = (flags & 1) === 1;
          const node = open2[depth];
          if (node === null || node === void 0) {
            if (isNode) open2[depth + 1] = null;
            continue;
          }
          const hash = hashBytes2(bytes, table[at + 1], table[at + 2]);
          const slot = node.find(hash, bytes, table[at + 1], table[at + 2]);
          if (slot < 0) {
            node.addSlot(hash, segment, row);
            if (isNode) open2[depth + 1] = null;
          } else if (isNode) {
            open2[depth + 1] = this.deepInto(node, slot, segment, row);
          } else {
            node.setValue(slot, segment, row);
          }
        }
        return built;
      }
      /** The bytes of a row's key or value. */
      keyBytes(segment, row) {
        const { bytes, table } = this.segments[segment];
        return bytes.subarray(table[row * ENTRY_FIELDS + 3], table[row * ENTRY_FIELDS + 4]);
      }
      valueBytes(segment, row) {
        const { bytes, table } = this.segments[segment];
        return bytes.subarray(table[row * ENTRY_FIELDS + 4], table[row * ENTRY_FIELDS + 5]);
      }
      isSameValue(node, slot, segment, row) {
        return this.valueBytes(node.valueSegment(slot), node.valueRow(slot)).equals(this.valueBytes(segment, row));
      }
      conflict(node, slot, segment) {
        const key = this.keyBytes(node.keySegment(slot), node.keyRow(slot));
        const text3 = this.format === "msgpack" ? keyText(key) : key.toString("utf8");
        return new MergeConflictError(text3, this.segments[node.valueSegment(slot)].file, this.segments[segment].file);
      }
    };
  }
});

// ../stream/src/merge/pickle-output.ts
function mergedPickle(msgpack) {
  let count2 = 0;
  for (let at = 0; at < msgpack.length; count2++) at = skipValue2(msgpack, at);
  if (count2 !== 1) throw new MsgpackShapeError(`expected one merged map, got ${count2} msgpack values`);
  const pickler = new MsgpackPickler();
  pickler.reserve(msgpack.length + (msgpack.length >>> 3));
  pickler.pickleNext(msgpack, 0);
  return pickler.take();
}
var init_pickle_output = __esm({
  "../stream/src/merge/pickle-output.ts"() {
    
    init_import_meta_url();
    init_msgpack_pickler();
    init_msgpack_walk();
  }
});

// ../stream/src/merge/plan.ts
async function planMerge(patterns, cwd) {
  const paths = await (0, import_fast_glob.default)([...patterns], { cwd, absolute: true, onlyFiles: true, unique: true, dot: false });
  paths.sort((a, b) => a < b ? -1 : a > b ? 1 : 0);
  return Promise.all(paths.map(async (path) => ({ path, bytes: (await (0, import_promises2.stat)(path)).size })));
}
var import_promises2, import_fast_glob;
var init_plan = __esm({
  "../stream/src/merge/plan.ts"() {
    
    init_import_meta_url();
    import_promises2 = require("node:fs/promises");
    import_fast_glob = __toESM(require("fast-glob"), 1);
  }
});

// ../stream/src/merge/pool.ts
function workerScriptUrl(here = importMetaUrl) {
  const url = new URL("./worker.js", here);
  if (here.endsWith(".ts")) url.pathname = url.pathname.replace(/\/src\/merge\/worker\.js$/, "/dist/merge/worker.js");
  return url;
}
function toShardError(failure, path) {
  return new ShardError(failure.message, path, failure.code);
}
var ShardError, WorkerPool;
var init_pool = __esm({
  "../stream/src/merge/pool.ts"() {
    
    init_import_meta_url();
    init_start_worker();
    ShardError = class extends Error {
      constructor(message, file, code) {
        super(message);
        this.file = file;
        this.code = code;
      }
      file;
      code;
      name = "ShardError";
    };
    WorkerPool = class {
      constructor(size2, scriptUrl = workerScriptUrl()) {
        this.size = size2;
        this.scriptUrl = scriptUrl;
      }
      size;
      scriptUrl;
      idle = [];
      busy = /* @__PURE__ */ new Map();
      queue = [];
      nextTaskId = 0;
      isClosed = false;
      run(path, settings, onProgress) {
        if (this.isClosed) return Promise.reject(new Error("the merge worker pool is closed"));
        return new Promise((resolve7, reject) => {
          this.queue.push({ task: { taskId: this.nextTaskId++, path, settings }, resolve: resolve7, reject, onProgress });
          this.dispatch();
        });
      }
      /** Stops every worker; queued and running tasks fail. */
      async close() {
        this.isClosed = true;
        const stopped = new Error("the merge was stopped");
        for (const pending of this.queue.splice(0)) pending.reject(stopped);
        for (const [worker, pending] of this.busy) {
          this.busy.delete(worker);
          pending.reject(stopped);
          this.idle.push(worker);
        }
        await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
      }
      dispatch() {
        while (this.queue.length > 0 && !this.isClosed) {
          const worker = this.idle.pop() ?? (this.busy.size < this.size ? this.spawn() : void 0);
          if (worker === void 0) return;
          const pending = this.queue.shift();
          this.busy.set(worker, pending);
          worker.postMessage(pending.task);
        }
      }
      spawn() {
        const worker = startWorker(this.scriptUrl);
        worker.on("message", (message) => this.onMessage(worker, message));
        worker.on("error", (error) => this.onExit(worker, error));
        worker.on("exit", (code) => this.onExit(worker, new Error(`a merge worker exited with code ${code}`)));
        return worker;
      }
      onMessage(worker, message) {
        const pending = this.busy.get(worker);
        if (pending === void 0 || pending.task.taskId !== message.taskId) return;
        if (message.kind === "progress") {
          pending.onProgress(message.bytesRead);
          return;
        }
        this.busy.delete(worker);
        this.idle.push(worker);
        if (message.kind === "done") pending.resolve(message.result);
        else pending.reject(toShardError(message.error, pending.task.path));
        this.dispatch();
      }
      onExit(worker, error) {
        const pending = this.busy.get(worker);
        this.busy.delete(worker);
        const idleAt = this.idle.indexOf(worker);
        if (idleAt >= 0) this.idle.splice(idleAt, 1);
        if (pending !== void 0) pending.reject(new ShardError(`${pending.task.path}: ${error.message}`, pending.task.path, void 0));
        if (!this.isClosed) this.dispatch();
      }
    };
  }
});

// ../stream/src/merge/write-pipeline.ts
var WritePipeline;
var init_write_pipeline = __esm({
  "../stream/src/merge/write-pipeline.ts"() {
    
    init_import_meta_url();
    WritePipeline = class {
      constructor(writeChunk, depth) {
        this.writeChunk = writeChunk;
        this.depth = depth;
        if (!(depth >= 1)) throw new RangeError(`depth must be at least 1, got ${depth}`);
      }
      writeChunk;
      depth;
      inFlight = [];
      failure = void 0;
      /** Starts writing `chunk`; waits only while `depth` writes are in flight. */
      async write(chunk) {
        this.throwFailure();
        const done = this.writeChunk(chunk).catch((error) => {
          this.failure ??= { error };
        });
        this.inFlight.push(done);
        while (this.inFlight.length >= this.depth) await this.inFlight.shift();
        this.throwFailure();
      }
      /** Waits for every write issued; throws the first failure. */
      async drain() {
        while (this.inFlight.length > 0) await this.inFlight.shift();
        this.throwFailure();
      }
      throwFailure() {
        if (this.failure !== void 0) throw this.failure.error;
      }
    };
  }
});

// ../stream/src/merge/merge.ts
async function mergePickles(options) {
  const settings = resolveMergeOptions(options);
  const inputs = await planMerge(settings.patterns, settings.cwd);
  if (inputs.length === 0) throw new NoInputError(`no file matches ${settings.patterns.join(" ")} (in ${settings.cwd})`);
  const format = settings.output === void 0 || settings.format === "pickle" ? "msgpack" : settings.format;
  const output = settings.output;
  if (output === void 0) {
    const { tree, closed: closed2 } = await mergeInputs(inputs, settings, format);
    try {
      return await readBack(tree);
    } finally {
      await closed2;
    }
  }
  let file;
  if (typeof output === "string") {
    await assertNotAnInput(
      output,
      inputs.map((input) => [input.path, (0, import_node_path2.relative)(settings.cwd, input.path)])
    );
    file = await openOutputFile(output);
  }
  const atomicFile = file?.mode === "atomic" ? file : void 0;
  let batch;
  const pipeline4 = atomicFile === void 0 ? void 0 : new WritePipeline(async (chunk) => {
    await atomicFile.write(chunk);
    batch?.release(chunk);
  }, WRITES_IN_FLIGHT);
  let closed;
  try {
    const { tree, failures, closed: workersClosed } = await mergeInputs(inputs, settings, format);
    closed = workersClosed;
    const write = checked(
      pipeline4 !== void 0 ? (chunk) => pipeline4.write(chunk) : file !== void 0 ? (chunk) => file.write(chunk) : (chunk) => writeTo(output, chunk),
      settings.signal
    );
    if (settings.format === "pickle") await write(mergedPickle(await collectMsgpack(tree)));
    else await emitTree(tree, format, batch = new ByteBatch(OUTPUT_CHUNK_BYTES, write));
    await pipeline4?.drain();
    await file?.commit();
    await closed;
    return {
      filesMerged: inputs.length - failures.length,
      failures,
      keyCount: tree.root.size,
      bytesRead: inputs.reduce((sum, input) => sum + input.bytes, 0)
    };
  } catch (error) {
    await pipeline4?.drain().catch(() => void 0);
    await file?.abort();
    await closed;
    throw error;
  }
}
async function mergeInputs(inputs, settings, format) {
  settings.signal?.throwIfAborted();
  const tree = new MergeTree(settings.onConflict, format);
  const failures = [];
  const pool = new WorkerPool(Math.min(settings.concurrency, inputs.length));
  const progress = new ProgressCounter(inputs, settings.onProgress);
  const finished = /* @__PURE__ */ new Map();
  let nextToApply = 0;
  const applyReady = () => {
    for (let result = finished.get(nextToApply); result !== void 0; result = finished.get(nextToApply)) {
      finished.delete(nextToApply);
      if (result !== null) {
        const keyCount = countKeys(result.segment);
        tree.add(result.segment, inputs[nextToApply].path, expectedKeys(inputs, nextToApply, keyCount), keyCount);
      }
      nextToApply++;
    }
  };
  let isMerged = false;
  try {
    await pMap(
      inputs.keys(),
      async (index) => {
        const input = inputs[index];
        let result = null;
        try {
          result = await pool.run(input.path, encoderSettings(input, settings, format), (bytesRead) => progress.reading(index, bytesRead));
        } catch (error) {
          if (!settings.keepGoing || !(error instanceof ShardError)) throw error;
          const failure = { file: input.path, message: error.message, code: error.code };
          failures.push(failure);
          settings.onFileError?.(failure);
        }
        progress.done(index);
        finished.set(index, result);
        applyReady();
      },
      { concurrency: inputs.length, signal: settings.signal, stopOnError: true }
    );
    isMerged = true;
  } finally {
    if (!isMerged) await pool.close();
  }
  failures.sort((a, b) => a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  return { tree, failures, closed: pool.close() };
}
function encoderSettings(input, settings, format) {
  return { format, isDeep: settings.onConflict === "deep", maxOutputBytes: defaultOutputBudget(input.bytes) };
}
function expectedKeys(inputs, index, keyCount) {
  let restBytes = 0;
  for (let i = index; i < inputs.length; i++) restBytes += inputs[i].bytes;
  return Math.ceil(keyCount * restBytes / Math.max(1, inputs[index].bytes));
}
function checked(write, signal) {
  return async (chunk) => {
    signal?.throwIfAborted();
    await write(chunk);
  };
}
async function writeTo(stream, chunk) {
  if (stream.errored !== null) throw stream.errored;
  if (stream.destroyed) throw closedError();
  if (stream.write(chunk)) return;
  await new Promise((resolve7, reject) => {
    const settle2 = (error) => {
      stream.off("drain", onDrain);
      stream.off("error", settle2);
      stream.off("close", onClose);
      if (error) reject(error);
      else resolve7();
    };
    const onDrain = () => settle2();
    const onClose = () => settle2(stream.errored ?? closedError());
    stream.on("drain", onDrain);
    stream.on("error", settle2);
    stream.on("close", onClose);
  });
}
function closedError() {
  return Object.assign(new Error("write EPIPE: the output stream was closed"), { code: "EPIPE" });
}
function readBack(tree) {
  return collectMsgpack(tree).then((bytes) => {
    const unpackr = new import_msgpackr4.Unpackr({ useRecords: false, mapsAsObjects: false, int64AsType: "auto" });
    return unpackr.unpack(bytes);
  });
}
async function collectMsgpack(tree) {
  const chunks = [];
  await emitTree(tree, "msgpack", new ByteBatch(OUTPUT_CHUNK_BYTES, async (chunk) => void chunks.push(chunk)));
  return Buffer.concat(chunks);
}
var import_node_path2, import_msgpackr4, OUTPUT_CHUNK_BYTES, WRITES_IN_FLIGHT, NoInputError, ProgressCounter;
var init_merge = __esm({
  "../stream/src/merge/merge.ts"() {
    
    init_import_meta_url();
    import_node_path2 = require("node:path");
    init_json();
    import_msgpackr4 = require("msgpackr");
    init_p_map();
    init_output_file();
    init_byte_batch();
    init_emit();
    init_merge_options();
    init_merge_tree();
    init_pickle_output();
    init_plan();
    init_pool();
    init_segment();
    init_write_pipeline();
    OUTPUT_CHUNK_BYTES = 1024 * 1024;
    WRITES_IN_FLIGHT = 4;
    NoInputError = class extends Error {
      name = "NoInputError";
    };
    ProgressCounter = class {
      constructor(inputs, onProgress) {
        this.inputs = inputs;
        this.onProgress = onProgress;
        this.readPerFile = inputs.map(() => 0);
        this.bytesTotal = inputs.reduce((sum, input) => sum + input.bytes, 0);
      }
      inputs;
      onProgress;
      readPerFile;
      filesDone = 0;
      bytesTotal;
      startedAt = performance.now();
      reading(index, bytesRead) {
        this.readPerFile[index] = bytesRead;
        this.report();
      }
      done(index) {
        this.readPerFile[index] = this.inputs[index].bytes;
        this.filesDone++;
        this.report();
      }
      report() {
        if (this.onProgress === void 0) return;
        this.onProgress({
          filesDone: this.filesDone,
          filesTotal: this.inputs.length,
          bytesRead: this.readPerFile.reduce((sum, bytes) => sum + bytes, 0),
          bytesTotal: this.bytesTotal,
          elapsedMs: performance.now() - this.startedAt
        });
      }
    };
  }
});

// ../stream/src/index.ts
var init_src2 = __esm({
  "../stream/src/index.ts"() {
    
    init_import_meta_url();
    init_sources();
    init_gunzip();
    init_ndjson();
    init_msgpack();
    init_msgpack_values();
    init_msgpack_pickler();
    init_torch_input();
    init_merge();
    init_merge_tree();
    init_pool();
    init_output_file();
  }
});

// src/args.ts
function parseCommandArgs(argv, specs) {
  try {
    const { values, positionals } = (0, import_node_util.parseArgs)({
      args: [...argv],
      options: specs,
      allowPositionals: true,
      strict: true
    });
    return { values, positionals };
  } catch (error) {
    if (error instanceof TypeError && typeof error.code === "string") {
      throw new UsageError(error.message.split(". ")[0]);
    }
    throw error;
  }
}
function parseChoice(option, value, choices) {
  if (choices.includes(value)) return value;
  throw new UsageError(`${option} must be one of ${choices.join(", ")}; got "${value}"`);
}
function parseCount(option, value) {
  const count2 = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(count2)) throw new UsageError(`${option} must be a non-negative integer; got "${value}"`);
  return count2;
}
function parseShape(option, value) {
  const parts = value.split(/[x,×]/);
  const dims = parts.map((part) => /^[0-9]+$/.test(part.trim()) ? Number(part.trim()) : Number.NaN);
  if (dims.length === 0 || dims.some((dim) => !Number.isSafeInteger(dim) || dim < 1)) {
    throw new UsageError(`${option} must be dimensions such as 28x28 or 32x32x3; got "${value}"`);
  }
  return dims;
}
var import_node_util, UsageError;
var init_args = __esm({
  "src/args.ts"() {
    
    init_import_meta_url();
    import_node_util = require("node:util");
    UsageError = class extends Error {
      name = "UsageError";
    };
  }
});

// src/exit-codes.ts
function exitForPickleError(code) {
  return PICKLE_ERROR_EXIT[code] ?? EXIT.BAD_DATA;
}
var EXIT, PICKLE_ERROR_EXIT;
var init_exit_codes = __esm({
  "src/exit-codes.ts"() {
    
    init_import_meta_url();
    EXIT = {
      OK: 0,
      BAD_DATA: 1,
      USAGE: 2,
      // inspect verdicts
      SAFE: 0,
      UNKNOWN: 1,
      DANGEROUS: 3,
      INTERNAL: 70,
      INTERRUPTED: 130
    };
    PICKLE_ERROR_EXIT = {
      TRUNCATED: EXIT.BAD_DATA,
      UNKNOWN_OPCODE: EXIT.BAD_DATA,
      STACK_UNDERFLOW: EXIT.BAD_DATA,
      NO_MARK: EXIT.BAD_DATA,
      MEMO_MISSING: EXIT.BAD_DATA,
      LIMIT_EXCEEDED: EXIT.BAD_DATA,
      BAD_ARGUMENT: EXIT.BAD_DATA,
      BAD_TYPE: EXIT.BAD_DATA,
      FRAME_OVERRUN: EXIT.BAD_DATA,
      UNSUPPORTED: EXIT.BAD_DATA
    };
  }
});

// src/help.ts
var help_exports = {};
__export(help_exports, {
  CAT_EXAMPLES: () => CAT_EXAMPLES,
  CAT_HELP: () => CAT_HELP,
  INSPECT_EXAMPLES: () => INSPECT_EXAMPLES,
  INSPECT_HELP: () => INSPECT_HELP,
  MAIN_HELP: () => MAIN_HELP,
  SHOW_EXAMPLES: () => SHOW_EXAMPLES,
  SHOW_HELP: () => SHOW_HELP,
  VIEW_EXAMPLES: () => VIEW_EXAMPLES,
  VIEW_HELP: () => VIEW_HELP
});
function formatExamples(examples) {
  return examples.map((example) => `  $ ${example.command}
      ${example.says}
`).join("");
}
var CAT_EXAMPLES, SHOW_EXAMPLES, INSPECT_EXAMPLES, VIEW_EXAMPLES, CAT_HELP, MAIN_HELP, SHOW_HELP, INSPECT_HELP, VIEW_HELP;
var init_help = __esm({
  "src/help.ts"() {
    
    init_import_meta_url();
    CAT_EXAMPLES = [
      { command: "pkl-stream events.pkl", says: "every record of events.pkl, one JSON line each" },
      { command: "cat part-*.pkl | pkl-stream --limit 3", says: "pickles appended one after another, from a pipe; stop after 3" },
      { command: "pkl-stream 'logs/*.pkl.gz' --meta", says: "a quoted glob, gzip read as is; each line gets file, index, offset" },
      { command: "pkl-stream events.pkl --select .user.name", says: "one field of each record (jq path syntax)" },
      { command: "pkl-stream mnist.pkl.gz --select '.[0][1][:10]'", says: "the first ten training labels of MNIST" },
      { command: "pkl-stream events.pkl --format json -o events.json", says: "one JSON array, written to a file" },
      { command: "pkl-stream events.pkl --format msgpack | wc -c", says: "msgpack, for programs (bytes stay binary)" },
      { command: "pkl-stream py2.pkl --encoding utf-8", says: "Python 2 str read as UTF-8 instead of latin-1" },
      { command: "pkl-stream damaged.pkl --skip-corrupt", says: "skip bytes that do not decode, say so on stderr" },
      { command: "pkl-stream features.pkl --entries --limit 3", says: "one huge dict: its [key, value] pairs as they are read" },
      { command: "pkl-stream events.pkl | head -1", says: "stops quietly when the reader has enough" }
    ];
    SHOW_EXAMPLES = [
      { command: "pkl-stream show mnist.pkl.gz --select '.[0][0][7]' --shape 28x28", says: "draw the 8th training digit in the terminal" },
      {
        command: "pkl-stream show mnist.pkl.gz --select '.[0][0][7]' --shape 28x28 --png digit.png",
        says: "write it as a grayscale PNG"
      },
      { command: "pkl-stream show images.pkl --select .thumb", says: "a 2-d array needs no --shape" }
    ];
    INSPECT_EXAMPLES = [
      { command: "pkl-stream inspect events.pkl", says: "what each record imports and calls; verdict safe (exit 0)" },
      { command: "pkl-stream inspect model.pkl", says: "a pickle that would run os.system: dangerous (exit 3)", exitCode: 3 },
      { command: "pkl-stream inspect --json events.pkl model.pkl", says: "the same for machines", exitCode: 3 },
      { command: "pkl-stream inspect --dis events.pkl | head -20", says: "full disassembly, as pickletools.dis" }
    ];
    VIEW_EXAMPLES = [
      { command: "pkl-stream view mnist.pkl.gz", says: "open MNIST in the browser: its digits drawn, labels as histograms" },
      { command: "pkl-stream view model.pkl events.pkl", says: "several files: the verdict of each, the records, the structure" },
      { command: "pkl-stream view --no-open --port 8765 events.pkl", says: "print the address only (a browser elsewhere on this machine)" }
    ];
    CAT_HELP = `Usage: pkl-stream [options] [FILE|GLOB|-]...
       pkl-stream show FILE --select PATH [--shape HxW] [--png OUT.png]
       pkl-stream inspect [--json] [--dis] FILE...
       pkl-stream view [FILE...]   (a page in your browser: records, tree, verdict, pictures)
       pkl-stream merge ... | convert ...   (see pkl-stream COMMAND --help)

Reads Python pickles, safely (no code from the pickle ever runs), and writes each record as
JSON. Inputs are read one after another as one stream of records: files, quoted globs
(expanded and sorted, so they work in any shell), gzip files (detected by content), or
standard input when no file or "-" is given. Records appended to one file are all read.
A torch.save file (zip or legacy) is one record, the saved object; a joblib.dump file
(zlib- or gzip-compressed too) is read with its numpy arrays in place.

Options:
  -f, --format ndjson|json|msgpack
                      ndjson (default): one compact JSON text per line; json: one array;
                      msgpack: binary (to a pipe or -o FILE)
  -o, --output FILE   write to FILE instead of standard output (atomically: a temporary
                      file renamed over it; a symlink's target is written; a FIFO or a
                      device such as /dev/null is written through); never one of the inputs
  -m, --meta          wrap each record: {"file","index","offset","value"} (file null for stdin)
  -s, --select PATH   a part of each record, in jq's path syntax: .train  .[0]  .["key x"]
                      .[2:5]  .[0][0][3]; a path a record does not have is an error
  -n, --limit N       stop after N records
  -j, --concurrency N worker threads that encode the records of a large input (past 4 MiB)
                      beside the main thread, which reads and writes (default 0: none; try
                      the cores but one on a machine with 4 or more). Output is the same
                      whatever N; a record over 16 MiB (one giant dict) stays on the main thread
  -e, --encoding ENC  Python 2 str (STRING opcodes): latin1 (default), utf-8, ascii, bytes
      --skip-corrupt  skip stretches that do not decode (reported on stderr) and go on
      --entries       one huge record: write its root dict's [key, value] pairs (or root
                      list's items) as they are read, in constant memory
      --rows          a pandas DataFrame record as one record per row, keyed by column
                      name (df.to_json(orient="records", lines=True)), the index as a field
                      unless it is the default RangeIndex; values follow the JSON mapping
                      (timestamps in isoformat); other records pass through as they are
      --progress      bytes, records, MB/s and ETA on stderr (default: on when stderr is a
                      terminal and input sizes are known); --no-progress turns it off
      --debug         print the stack trace of an error
  -h, --help          this help;  -V, --version  the version

Examples:
${formatExamples(CAT_EXAMPLES)}
Output follows the JSON mapping of the project: ints exact, 2.0 stays 2.0, bytes in
base64, datetimes in ISO format, numpy arrays as nested lists, unknown classes as
{"__class__": ..., "__args__": ..., "__state__": ...}.

Errors are one line: pkl-stream: FILE: record N at byte B: what went wrong (opcode X)
Exit status: 0 all good (also when the reader of the output quits early: | head -1),
1 bad data (or an output that could not be written: disk full), 2 bad usage (unknown
option, missing file, an -o path that cannot be written or is one of the inputs),
70 internal error (a bug of pkl-stream: please report it with --debug's output),
130 interrupted. inspect: 0 safe, 1 unknown, 3 dangerous.
`;
    MAIN_HELP = CAT_HELP;
    SHOW_HELP = `Usage: pkl-stream show FILE --select PATH [--record N] [--shape HxW] [--png OUT.png]

Looks at a numeric array (a digit, a small image, a matrix) instead of reading numbers:
drawn in the terminal in grayscale with Unicode half blocks (two pixels per character), or
written as a PNG. Values become gray levels 0 (black) to 255 (white) by the first rule that fits:
  integers all in 0..255 (uint8 images, bytes)  used as they are
  floats or bools all in 0..1 (MNIST as floats)  v x 255, rounded: 0.0 black, 1.0 white
  anything else                                 scaled: smallest value black, largest white
NaN is black. Each channel of a color image follows the same rule.

Options:
  -s, --select PATH   the array inside the record (jq path syntax, as for pkl-stream)
  -r, --record N      which record of FILE (default 0, the first)
      --shape HxW     reshape a flat array: 28x28; HxWx3 or HxWx4 for color
      --png OUT.png   write a PNG (gray, or RGB/RGBA for 3 or 4 channels) instead of drawing;
                      never the input; a symlink's target is written, a FIFO written through
      --debug         print the stack trace of an error
  -h, --help          this help

Accepts numpy arrays, nested lists of numbers, and bytes (with --shape).

Examples:
${formatExamples(SHOW_EXAMPLES)}
Exit status: 0 shown, 1 bad data (not an array, not numeric, wrong size), 2 bad usage
(also a --png path that cannot be written), 70 internal error (a bug: please report it).
`;
    INSPECT_HELP = `Usage: pkl-stream inspect [--json] [--dis] FILE...

Tells what loading each file in Python would do, without loading it: per record the
protocol, byte size, opcode counts, maximum nesting, memo size, every global it imports
and every call it would make; then a verdict per file:
  safe       only data and classes pkl-stream rebuilds itself
  unknown    classes or functions whose code would run (yours, a library's), or bad data
  dangerous  imports that run commands or code (os.system, builtins.eval, ...), calls of
             targets computed at load time
Use it as a gate before pickle.load: the exit status is the worst verdict over all files.

Options:
      --json          one JSON report for all files, for machines
      --dis           a full disassembly, in the format of Python's pickletools.dis
      --memo shared   records share one memo (a stream written by one Pickler); default
                      per-record
      --debug         print the stack trace of an error
  -h, --help          this help

Examples:
${formatExamples(INSPECT_EXAMPLES)}
Exit status: 0 safe, 1 unknown, 3 dangerous, 2 bad usage (a missing file), 70 internal
error (a bug of pkl-stream: please report it).
`;
    VIEW_HELP = `Usage: pkl-stream view [--no-open] [--port N] [FILE...]

Opens pickles in a page in your browser: each file's records (index, byte offset, size,
protocol), a tree of each record's value with Python's type names (unknown classes shown
as their class, arguments and state), the inspect verdict with its reasons, a record's
disassembly, numpy arrays drawn as pictures (a grid for a stack of images such as MNIST's
50000x784; the picture shape is guessed and can be typed), numbers as a histogram, and the
--select path of the node under the cursor, to copy into a pkl-stream command.

The page is served on 127.0.0.1 only (a free port unless --port), under an address with a
random token, printed on standard output; it reads the named files from this server and
more files from the page's own picker or drop zone. Nothing of a pickle runs, nothing is
sent anywhere else: the page decodes in the browser. The page also works without the
server: open packages/web/dist/index.html from disk.

Options:
      --no-open       do not start a browser, only print the address
      --port N        listen on port N (default: a free one)
      --debug         print the stack trace of an error
  -h, --help          this help

Examples:
${formatExamples(VIEW_EXAMPLES)}
Runs until Ctrl-C (exit status 0). Exit status 2 on bad usage (a missing file, a port in
use), 70 internal error (a bug of pkl-stream: please report it).
`;
  }
});

// src/image.ts
function toImage(value, shape) {
  const array = flatten(value);
  const dims = shape ?? array.shape;
  if (shape !== void 0) {
    const count2 = shape.reduce((total, dim) => total * dim, 1);
    if (count2 !== array.values.length) {
      throw new ImageError(`the array has ${array.values.length} numbers; --shape ${shape.join("x")} needs ${count2}`);
    }
  }
  const [height, width, channels = 1] = dims;
  if (dims.length === 1) throw new ImageError(`a flat array of ${array.values.length} numbers: give its --shape${suggestShape(array.values.length)}`);
  if (dims.length < 2 || dims.length > 3 || height === void 0 || width === void 0) {
    throw new ImageError(`an array of shape (${dims.join(", ")}) is no image: expected HxW or HxWx3/HxWx4`);
  }
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new ImageError(`the last axis has ${channels} values per pixel; expected 1, 3 (RGB) or 4 (RGBA)`);
  }
  if (width === 0 || height === 0) throw new ImageError(`an array of shape (${dims.join(", ")}) has no pixels`);
  return { width, height, channels, pixels: toBytes2(array.values, array.isFractional) };
}
function suggestShape(count2) {
  const side = Math.round(Math.sqrt(count2));
  return side * side === count2 && side > 1 ? `, such as --shape ${side}x${side}` : " (such as --shape 28x28)";
}
function toBytes2(values, isFractional = false) {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let isByteRange = !isFractional;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    if (isByteRange && !(Number.isInteger(v) && v >= 0 && v <= 255)) isByteRange = false;
  }
  const pixels = new Uint8Array(values.length);
  if (isByteRange) {
    for (let i = 0; i < values.length; i++) pixels[i] = Number.isNaN(values[i]) ? 0 : values[i];
    return pixels;
  }
  if (isFractional && min >= 0 && max <= 1) {
    for (let i = 0; i < values.length; i++) pixels[i] = Number.isNaN(values[i]) ? 0 : Math.round(values[i] * 255);
    return pixels;
  }
  const span = max - min;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    pixels[i] = Number.isNaN(v) || !(span > 0) ? 0 : Math.round((Math.min(Math.max(v, min), max) - min) / span * 255);
  }
  return pixels;
}
function flatten(value) {
  if (value instanceof Uint8Array) return { values: Float64Array.from(value), shape: [value.length], isFractional: false };
  const plain = isPyObject(value) ? value.toPlain() : value;
  if (!Array.isArray(plain) && !(plain instanceof Uint8Array)) {
    throw new ImageError(`not an array but ${describeKind(value)}: select a numeric array (a numpy array, nested lists of numbers, bytes)`);
  }
  const shape = shapeOf(plain);
  const values = [];
  const kinds = { isFractional: false };
  collect(plain, 0, shape, values, kinds);
  return { values: Float64Array.from(values), shape, isFractional: kinds.isFractional };
}
function describeKind(value) {
  if (value === null) return "None";
  if (typeof value === "string") return "a str";
  if (typeof value === "boolean") return "a bool";
  if (typeof value === "number") return Number.isInteger(value) ? "an int" : "a float";
  if (typeof value === "bigint") return "an int";
  if (value instanceof PyFloat) return "a float";
  if (value instanceof Map || isPyDict(value)) return "a dict";
  if (value instanceof Set) return "a set";
  if (isPyObject(value)) return `a ${value.pyClass} object`;
  return "a value of another kind";
}
function shapeOf(value) {
  const shape = [];
  let current = value;
  while (Array.isArray(current) || current instanceof Uint8Array) {
    shape.push(current.length);
    if (current.length === 0) break;
    current = current[0];
  }
  return shape;
}
function collect(value, depth, shape, out, kinds) {
  if (depth === shape.length) {
    out.push(toNumber(value, kinds));
    return;
  }
  if (!(Array.isArray(value) || value instanceof Uint8Array) || value.length !== shape[depth]) {
    throw new ImageError(`not a rectangular array: rows of different lengths at depth ${depth + 1}`);
  }
  for (let i = 0; i < value.length; i++) collect(value[i], depth + 1, shape, out, kinds);
}
function toNumber(value, kinds) {
  if (typeof value === "number") {
    if (!Number.isInteger(value)) kinds.isFractional = true;
    return value;
  }
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "boolean") {
    kinds.isFractional = true;
    return value ? 1 : 0;
  }
  if (value instanceof PyFloat) {
    kinds.isFractional = true;
    return value.value;
  }
  if (isPyObject(value)) {
    const plain = value.toPlain();
    if (plain !== value && (typeof plain === "number" || typeof plain === "bigint" || typeof plain === "boolean" || plain instanceof PyFloat)) {
      return toNumber(plain, kinds);
    }
  }
  throw new ImageError(`not a numeric array: found ${describeKind(value)}`);
}
var ImageError;
var init_image = __esm({
  "src/image.ts"() {
    
    init_import_meta_url();
    init_src();
    ImageError = class extends Error {
      name = "ImageError";
    };
  }
});

// src/stdin/ring.ts
function usedBytes(written, taken) {
  return written - taken & POSITION_MASK;
}
var RING_BYTES, POSITION_MASK, WRITTEN, TAKEN, STATE, SIGNAL, READY, GO, SLOTS, READING, ENDED, FAILED;
var init_ring = __esm({
  "src/stdin/ring.ts"() {
    
    init_import_meta_url();
    RING_BYTES = 1 << 22;
    POSITION_MASK = 2 * RING_BYTES - 1;
    WRITTEN = 0;
    TAKEN = 1;
    STATE = 2;
    SIGNAL = 3;
    READY = 5;
    GO = 6;
    SLOTS = 7;
    READING = 0;
    ENDED = 1;
    FAILED = 2;
  }
});

// src/stdin/stdin-bytes.ts
async function* stdinBytes(stdin, fd, isTransient) {
  const stats = await fdStats(fd);
  if (stats?.isFile() === true) yield* fileBytes(fd);
  else if (stats !== void 0 && (stats.isFIFO() || stats.isSocket())) {
    stdin();
    yield* ringBytes(fd, isTransient);
  } else yield* stdin();
}
async function* ringBytes(fd, isTransient) {
  let reader;
  const turns = new LoopTurns();
  try {
    let slab = new Uint8Array(0);
    let used = 0;
    let direct = 0;
    for (; ; ) {
      if (slab.length - used < CHUNK_BYTES) {
        slab = new Uint8Array(4 * CHUNK_BYTES);
        used = 0;
      }
      let count2;
      try {
        count2 = (0, import_node_fs3.readSync)(fd, slab, used, CHUNK_BYTES, null);
      } catch (error) {
        if (error.code !== "EAGAIN") throw error;
        reader ??= new ReaderThread(fd);
        if (reader.isReady()) break;
        await new Promise((resolve7) => setTimeout(resolve7, START_RETRY_MS));
        continue;
      }
      if (count2 === 0) return;
      yield slab.subarray(used, used + count2);
      used += count2;
      direct += count2;
      await turns.due();
    }
    yield* reader.bytes(turns, isTransient ? Math.max(0, OWN_HEAD_BYTES - direct) : Number.POSITIVE_INFINITY);
  } finally {
    reader?.stop();
  }
}
function readerUrl() {
  const here = importMetaUrl;
  return here.endsWith(".cjs") ? new URL("./stdin-reader.cjs", here) : new URL("./reader-thread.js", here);
}
function* fileBytes(fd) {
  for (; ; ) {
    const chunk = new Uint8Array(FILE_READ_BYTES);
    const count2 = (0, import_node_fs3.readSync)(fd, chunk, 0, chunk.length, null);
    if (count2 === 0) return;
    yield count2 === chunk.length ? chunk : chunk.subarray(0, count2);
  }
}
function fdStats(fd) {
  return new Promise((resolve7) => (0, import_node_fs3.fstat)(fd, (error, stats) => resolve7(error === null ? stats : void 0)));
}
var import_node_fs3, import_node_worker_threads2, OWN_HEAD_BYTES, CHUNK_BYTES, FILE_READ_BYTES, waitAsync, START_RETRY_MS, TURN_MS, LoopTurns, ReaderThread;
var init_stdin_bytes = __esm({
  "src/stdin/stdin-bytes.ts"() {
    
    init_import_meta_url();
    import_node_fs3 = require("node:fs");
    import_node_worker_threads2 = require("node:worker_threads");
    init_ring();
    OWN_HEAD_BYTES = 1 << 20;
    CHUNK_BYTES = 256 * 1024;
    FILE_READ_BYTES = 512 * 1024;
    waitAsync = Atomics.waitAsync;
    START_RETRY_MS = 1;
    TURN_MS = 10;
    LoopTurns = class {
      last = performance.now();
      /** A promise to await, or undefined when no turn is due. */
      due() {
        const now = performance.now();
        if (now - this.last < TURN_MS) return void 0;
        return new Promise(
          (resolve7) => setImmediate(() => {
            this.last = performance.now();
            resolve7();
          })
        );
      }
    };
    ReaderThread = class {
      ring;
      slots;
      worker;
      /** The error the thread posted when a read failed. */
      failure;
      /** The thread failed: it could not start (its script missing, say) or threw. */
      threadError;
      constructor(fd) {
        const shared2 = new SharedArrayBuffer(RING_BYTES + 4 * SLOTS);
        this.ring = new Uint8Array(shared2, 0, RING_BYTES);
        this.slots = new Int32Array(shared2, RING_BYTES, SLOTS);
        const data = { shared: shared2, fd };
        this.worker = new import_node_worker_threads2.Worker(readerUrl(), { workerData: data, execArgv: [] });
        this.worker.on("message", (message) => {
          this.failure = message;
        });
        this.worker.on("error", (error) => {
          this.threadError = error;
          Atomics.add(this.slots, SIGNAL, 1);
          Atomics.notify(this.slots, SIGNAL);
        });
        this.worker.unref();
      }
      /** True once the thread runs: it may take over. */
      isReady() {
        if (this.threadError !== void 0) throw this.threadError;
        return Atomics.load(this.slots, READY) === 1;
      }
      /**
       * Lets the thread read, and yields what it reads until the input ends: copies for the first
       * `copiedBytes`, then views of the ring, each given back when the next chunk is asked for.
       */
      async *bytes(turns, copiedBytes) {
        const { ring, slots } = this;
        Atomics.store(slots, GO, 1);
        Atomics.notify(slots, GO);
        let taken = 0;
        for (; ; ) {
          const signal = Atomics.load(slots, SIGNAL);
          const held = usedBytes(Atomics.load(slots, WRITTEN), taken);
          if (held > 0) {
            const at = taken & RING_BYTES - 1;
            const count2 = Math.min(held, RING_BYTES - at, CHUNK_BYTES);
            taken = taken + count2 & POSITION_MASK;
            if (copiedBytes > 0) {
              const chunk = ring.slice(at, at + count2);
              copiedBytes -= count2;
              Atomics.store(slots, TAKEN, taken);
              Atomics.notify(slots, TAKEN);
              yield chunk;
            } else {
              yield ring.subarray(at, at + count2);
              Atomics.store(slots, TAKEN, taken);
              Atomics.notify(slots, TAKEN);
            }
            await turns.due();
            continue;
          }
          if (this.threadError !== void 0) throw this.threadError;
          const state = Atomics.load(slots, STATE);
          if (state === ENDED) return;
          if (state === FAILED) {
            if (this.failure === void 0) await new Promise((resolve7) => setImmediate(resolve7));
            throw new Error(`reading standard input: ${this.failure ?? "the reading thread failed"}`);
          }
          const wait = waitAsync(slots, SIGNAL, signal);
          if (wait.async) {
            this.worker.ref();
            await wait.value;
            this.worker.unref();
          }
        }
      }
      /** Ends the thread when it still reads (or waits to). */
      stop() {
        if (Atomics.load(this.slots, STATE) === READING) void this.worker.terminate();
      }
    };
  }
});

// src/input-bytes.ts
async function* inputBytes(input, io, onBytes, isTransient = false) {
  const source = input.kind === "file" ? (0, import_node_fs4.createReadStream)(input.path, { highWaterMark: CHUNK_BYTES2 }) : io.stdinFd === void 0 ? io.stdin : stdinBytes(() => io.stdin, io.stdinFd, isTransient);
  for await (const chunk of source) {
    onBytes(chunk.length);
    yield chunk;
  }
}
var import_node_fs4, CHUNK_BYTES2;
var init_input_bytes = __esm({
  "src/input-bytes.ts"() {
    
    init_import_meta_url();
    import_node_fs4 = require("node:fs");
    init_stdin_bytes();
    CHUNK_BYTES2 = 512 * 1024;
  }
});

// src/inputs.ts
function inputName(input) {
  return input.kind === "stdin" ? STDIN_NAME : input.name;
}
async function resolveInputs(args, cwd) {
  if (args.length === 0) return [{ kind: "stdin" }];
  const inputs = [];
  for (const arg of args) {
    if (arg === "-") {
      inputs.push({ kind: "stdin" });
      continue;
    }
    const path = (0, import_node_path3.isAbsolute)(arg) ? arg : (0, import_node_path3.resolve)(cwd, arg);
    const kind3 = await statKind(path);
    if (kind3 === "file") {
      inputs.push({ kind: "file", path, name: arg });
      continue;
    }
    if (kind3 === "directory") throw new UsageError(`${arg}: is a directory (name files, or a glob such as "${arg}/*.pkl")`);
    if (!GLOB_CHARS.test(arg)) throw new UsageError(`${arg}: no such file`);
    const matches = await expandGlob(arg, cwd);
    if (matches.length === 0) throw new UsageError(`${arg}: no files match`);
    for (const name of matches) inputs.push({ kind: "file", path: (0, import_node_path3.isAbsolute)(name) ? name : (0, import_node_path3.resolve)(cwd, name), name });
  }
  return inputs;
}
async function statKind(path) {
  try {
    return (await (0, import_promises3.stat)(path)).isDirectory() ? "directory" : "file";
  } catch (error) {
    if (error.code === "ENOENT") return "missing";
    throw error;
  }
}
async function expandGlob(pattern, cwd) {
  const loaded = await Promise.resolve().then(() => __toESM(require("fast-glob"), 1));
  const matches = await loaded.default(pattern, { cwd, onlyFiles: true, dot: false, followSymbolicLinks: true });
  return matches.sort((a, b) => a < b ? -1 : a > b ? 1 : 0);
}
async function inputSize(input) {
  try {
    const stats = await (0, import_promises3.stat)(input.kind === "stdin" ? "/dev/stdin" : input.path);
    return stats.isFile() ? stats.size : void 0;
  } catch {
    return void 0;
  }
}
var import_promises3, import_node_path3, STDIN_NAME, GLOB_CHARS;
var init_inputs = __esm({
  "src/inputs.ts"() {
    
    init_import_meta_url();
    import_promises3 = require("node:fs/promises");
    import_node_path3 = require("node:path");
    init_args();
    STDIN_NAME = "<stdin>";
    GLOB_CHARS = /[*?[\]{}!]/;
  }
});

// src/report-error.ts
function reportError(error, file, io, isDebug) {
  if (isClosedPipe(error)) return EXIT.OK;
  const { line, status } = describeError(error, file);
  io.stderr.write(`pkl-stream: ${line}
`);
  if (error instanceof UsageError) io.stderr.write("Try 'pkl-stream --help' for examples.\n");
  if (isDebug && error instanceof Error && error.stack !== void 0) io.stderr.write(`${error.stack}
`);
  return status;
}
function isClosedPipe(error) {
  return error?.code === "EPIPE";
}
function isOutputPathFailure(error) {
  return error instanceof Error && error.name === "OutputPathError" && typeof error.reason === "string";
}
function describeError(error, file) {
  const prefix = file === void 0 ? "" : `${file}: `;
  if (error instanceof UsageError) return { line: error.message, status: EXIT.USAGE };
  if (isOutputPathFailure(error)) {
    return { line: `${error.path}: ${error.reason}`, status: OUTPUT_USAGE_CODES.has(error.code) ? EXIT.USAGE : EXIT.BAD_DATA };
  }
  if (isPickleError(error)) {
    const located = error.file;
    const where = located !== void 0 ? `${located}: ` : prefix;
    const opcode = error.opcode >= 0 ? ` (opcode ${opcodeLabel(error.opcode)})` : "";
    return {
      line: `${where}record ${error.recordIndex} at byte ${error.offset}: ${error.reason}${opcode}`,
      status: exitForPickleError(error.code)
    };
  }
  if (error instanceof RecordError) {
    const at = error.offset === void 0 ? "" : ` at byte ${error.offset}`;
    const cause = error.cause;
    const reason = isOutputError(cause) ? `cannot write it: ${cause.reason}` : error.message;
    return { line: `${error.file}: record ${error.recordIndex}${at}: ${reason}`, status: EXIT.BAD_DATA };
  }
  if (error instanceof InputError) return { line: `${prefix}${error.message}`, status: EXIT.USAGE };
  const code = error?.code;
  if (typeof code === "string" && OPEN_ERRORS[code] !== void 0) {
    return { line: `${prefix}${OPEN_ERRORS[code]}`, status: EXIT.USAGE };
  }
  if (code === "Z_DATA_ERROR" || code === "Z_BUF_ERROR") {
    return { line: `${prefix}bad gzip data: ${error.message}`, status: EXIT.BAD_DATA };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { line: `${prefix}internal error: ${message} (run with --debug for the stack)`, status: EXIT.INTERNAL };
}
var RecordError, InputError, OPEN_ERRORS, OUTPUT_USAGE_CODES;
var init_report_error = __esm({
  "src/report-error.ts"() {
    
    init_import_meta_url();
    init_src();
    init_opcodes();
    init_args();
    init_exit_codes();
    RecordError = class extends Error {
      constructor(file, recordIndex, offset, cause) {
        super(cause.message, { cause });
        this.file = file;
        this.recordIndex = recordIndex;
        this.offset = offset;
      }
      file;
      recordIndex;
      offset;
      name = "RecordError";
    };
    InputError = class extends Error {
      name = "InputError";
    };
    OPEN_ERRORS = {
      ENOENT: "no such file",
      EACCES: "permission denied",
      EPERM: "permission denied",
      EISDIR: "is a directory",
      ENOTDIR: "not a directory",
      ELOOP: "too many symbolic links"
    };
    OUTPUT_USAGE_CODES = /* @__PURE__ */ new Set(["SAME_AS_INPUT", "ENOENT", "EACCES", "EPERM", "EROFS", "EISDIR", "ENOTDIR", "ELOOP", "ENXIO"]);
  }
});

// src/select-errors.ts
var SelectError;
var init_select_errors = __esm({
  "src/select-errors.ts"() {
    
    init_import_meta_url();
    SelectError = class extends Error {
      name = "SelectError";
    };
  }
});

// src/nd-select.ts
function isNdArrayLike(value) {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value;
  return typeof candidate.pyClass === "string" && typeof candidate.toPlain === "function" && Array.isArray(candidate.shape) && (candidate.order === "C" || candidate.order === "F") && typeof candidate.dtype?.itemsize === "number";
}
function indexNdArray(array, index, where) {
  const length = firstAxis(array, where);
  const at = index < 0 ? length + index : index;
  if (at < 0 || at >= length) {
    throw new SelectError(`${where()}: index ${index} is out of range for an array of shape (${array.shape.join(", ")})`);
  }
  const part = rows(array, at, at + 1, false);
  if (part === null) return plainIndex(array, at);
  return part.shape.length === 0 ? part.toPlain() : part;
}
function sliceNdArray(array, start, end) {
  const length = array.shape[0] ?? 0;
  const from = clampSliceBound(start ?? 0, length);
  const to = Math.max(from, clampSliceBound(end ?? length, length));
  const part = rows(array, from, to, true);
  if (part !== null) return part;
  const plain = array.toPlain();
  return Array.isArray(plain) ? plain.slice(from, to) : plain;
}
function clampSliceBound(bound, length) {
  const at = bound < 0 ? length + bound : bound;
  return Math.min(Math.max(at, 0), length);
}
function firstAxis(array, where) {
  const length = array.shape[0];
  if (length === void 0) throw new SelectError(`${where()}: cannot index a 0-d array`);
  return length;
}
function rows(array, from, to, keepAxis) {
  const fromBuffer = array.constructor.fromBuffer;
  if (array.order !== "C" || array.bytes === null || typeof fromBuffer !== "function") return null;
  const rowShape = array.shape.slice(1);
  const rowBytes = rowShape.reduce((total, dim) => total * dim, 1) * array.dtype.itemsize;
  const bytes = array.bytes.subarray(from * rowBytes, to * rowBytes);
  const shape = keepAxis ? [to - from, ...rowShape] : rowShape;
  return fromBuffer.call(array.constructor, array.dtype, shape, "C", bytes, array.pyClass);
}
function plainIndex(array, at) {
  const plain = array.toPlain();
  return Array.isArray(plain) ? plain[at] : plain;
}
var init_nd_select = __esm({
  "src/nd-select.ts"() {
    
    init_import_meta_url();
    init_select_errors();
  }
});

// src/select-path.ts
function parsePath(path) {
  return new PathParser(path).parse();
}
function closingQuote(path, open2) {
  for (let i = open2 + 1; i < path.length; i++) {
    if (path[i] === "\\") i++;
    else if (path[i] === '"') return i;
  }
  return -1;
}
function formatPath2(steps) {
  if (steps.length === 0) return ".";
  let text3 = "";
  for (const step of steps) {
    if (step.kind === "key") text3 += IDENTIFIER_ONLY.test(step.key) ? `.${step.key}` : `[${JSON.stringify(step.key)}]`;
    else if (step.kind === "index") text3 += `[${step.index}]`;
    else text3 += `[${step.start ?? ""}:${step.end ?? ""}]`;
  }
  return text3.startsWith(".") ? text3 : `.${text3}`;
}
var PathSyntaxError, IDENTIFIER, INTEGER, PathParser, IDENTIFIER_ONLY;
var init_select_path = __esm({
  "src/select-path.ts"() {
    
    init_import_meta_url();
    PathSyntaxError = class extends Error {
      name = "PathSyntaxError";
    };
    IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
    INTEGER = /-?[0-9]+/y;
    PathParser = class {
      constructor(path) {
        this.path = path;
      }
      path;
      at = 0;
      steps = [];
      parse() {
        const path = this.path;
        if (path[0] !== ".") this.fail('"." (paths start with a dot, as in jq: .key, .[0])');
        if (path === ".") return this.steps;
        while (this.at < path.length) {
          const hasDot = path[this.at] === ".";
          if (hasDot) this.at++;
          if (path[this.at] === "[") {
            this.bracket();
            continue;
          }
          if (!hasDot) this.fail('"." or "["');
          IDENTIFIER.lastIndex = this.at;
          const name = IDENTIFIER.exec(path);
          if (name === null) this.fail('a key name or "["');
          this.steps.push({ kind: "key", key: name[0] });
          this.at += name[0].length;
        }
        return this.steps;
      }
      /** `[...]` at `at`: a quoted key, an index or a slice. */
      bracket() {
        const path = this.path;
        this.at++;
        if (path[this.at] === '"') {
          const end = closingQuote(path, this.at);
          if (end < 0) {
            this.at = path.length;
            this.fail('a closing "');
          }
          let key;
          try {
            key = JSON.parse(path.slice(this.at, end + 1));
          } catch {
            this.fail("a JSON string");
          }
          this.at = end + 1;
          this.expectClose('"]"');
          this.steps.push({ kind: "key", key });
          return;
        }
        const start = this.integer();
        if (path[this.at] === ":") {
          this.at++;
          const end = this.integer();
          this.expectClose('an integer or "]"');
          this.steps.push({ kind: "slice", start, end });
          return;
        }
        if (start === void 0) this.fail('an integer, a slice (2:5) or a "quoted key"');
        this.expectClose('"]" or ":"');
        this.steps.push({ kind: "index", index: start });
      }
      integer() {
        INTEGER.lastIndex = this.at;
        const match = INTEGER.exec(this.path);
        if (match === null) return void 0;
        const value = Number(match[0]);
        if (!Number.isSafeInteger(value)) this.fail("an index of at most 2^53");
        this.at += match[0].length;
        return value;
      }
      expectClose(expected) {
        if (this.path[this.at] !== "]") this.fail(expected);
        this.at++;
      }
      fail(expected) {
        const found = this.at < this.path.length ? `"${this.path[this.at]}"` : "the end";
        throw new PathSyntaxError(`bad path ${JSON.stringify(this.path)}: expected ${expected} at character ${this.at + 1}, found ${found}`);
      }
    };
    IDENTIFIER_ONLY = /^[A-Za-z_][A-Za-z0-9_]*$/;
  }
});

// src/select.ts
function selectPath(value, steps) {
  let current = value;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const where = () => formatPath2(steps.slice(0, i + 1));
    current = applyStep(current, step, where);
  }
  return current;
}
function applyStep(value, step, where) {
  if (isNdArrayLike(value)) {
    if (step.kind === "index") return indexNdArray(value, step.index, where);
    if (step.kind === "slice") return sliceNdArray(value, step.start, step.end);
  }
  if (isPyObject(value)) return applyStep(value.toPlain(), step, where);
  switch (step.kind) {
    case "key":
      return lookupKey(value, step.key, where);
    case "index":
      return lookupIndex(value, step.index, where);
    case "slice":
      return sliceValue(value, step.start, step.end, where);
  }
}
function lookupKey(value, key, where) {
  if (isPyDict(value)) {
    if (Object.hasOwn(value, key)) return value[key];
    throw new SelectError(`${where()}: no key ${JSON.stringify(key)} in this dict${keyHint(Object.keys(value))}`);
  }
  if (value instanceof Map) {
    if (value.has(key)) return value.get(key);
    const texts = [];
    for (const [candidate, item] of value) {
      const text3 = keyText2(candidate);
      if (text3 === key) return item;
      if (text3 !== void 0) texts.push(text3);
    }
    throw new SelectError(`${where()}: no key ${JSON.stringify(key)} in this dict${keyHint(texts)}`);
  }
  throw new SelectError(`${where()}: cannot look up key ${JSON.stringify(key)} in ${describeKind2(value)}`);
}
function lookupIndex(value, index, where) {
  if (Array.isArray(value) || value instanceof Uint8Array) {
    const at = index < 0 ? value.length + index : index;
    if (at < 0 || at >= value.length) {
      throw new SelectError(`${where()}: index ${index} is out of range for ${describeKind2(value)} of length ${value.length}`);
    }
    return value[at];
  }
  throw new SelectError(`${where()}: cannot index ${describeKind2(value)} with a number`);
}
function sliceValue(value, start, end, where) {
  if (Array.isArray(value)) {
    const part = value.slice(start, end);
    return isTuple(value) ? markTuple(part) : part;
  }
  if (value instanceof Uint8Array) return value.slice(start, end);
  if (typeof value === "string") return Array.from(value).slice(start, end).join("");
  throw new SelectError(`${where()}: cannot slice ${describeKind2(value)}`);
}
function keyText2(key) {
  return typeof key === "string" ? key : scalarKeyText(key);
}
function keyHint(keys) {
  if (keys.length === 0) return " (it is empty)";
  const shown = keys.slice(0, 8).map((key) => JSON.stringify(key));
  return ` (keys: ${shown.join(", ")}${keys.length > 8 ? `, ... ${keys.length - 8} more` : ""})`;
}
function describeKind2(value) {
  if (value === null) return "None";
  if (typeof value === "boolean") return "a bool";
  if (typeof value === "number" || typeof value === "bigint") return Number.isInteger(value) || typeof value === "bigint" ? "an int" : "a float";
  if (typeof value === "string") return "a str";
  if (value instanceof Uint8Array) return "bytes";
  if (Array.isArray(value)) return isTuple(value) ? "a tuple" : "a list";
  if (value instanceof Set) return "a set";
  if (value instanceof Map || isPyDict(value)) return "a dict";
  if (isPyObject(value)) return `a ${value.pyClass}`;
  return "a float";
}
var init_select = __esm({
  "src/select.ts"() {
    
    init_import_meta_url();
    init_src();
    init_json();
    init_nd_select();
    init_select_errors();
    init_select_path();
  }
});

// src/terminal-image.ts
function renderHalfBlocks(image) {
  const { width, height } = image;
  let text3 = "";
  for (let y = 0; y < height; y += 2) {
    let line = "";
    let foreground = "";
    let background = "";
    for (let x = 0; x < width; x++) {
      const top = rgb(image, x, y);
      if (top !== foreground) line += `\x1B[38;2;${foreground = top}m`;
      if (y + 1 < height) {
        const bottom = rgb(image, x, y + 1);
        if (bottom !== background) line += `\x1B[48;2;${background = bottom}m`;
      }
      line += UPPER_HALF;
    }
    text3 += `${line}${RESET}
`;
  }
  return text3;
}
function rgb(image, x, y) {
  const at = (y * image.width + x) * image.channels;
  const p = image.pixels;
  return image.channels === 1 ? `${p[at]};${p[at]};${p[at]}` : `${p[at]};${p[at + 1]};${p[at + 2]}`;
}
var UPPER_HALF, RESET;
var init_terminal_image = __esm({
  "src/terminal-image.ts"() {
    
    init_import_meta_url();
    UPPER_HALF = "\u2580";
    RESET = "\x1B[0m";
  }
});

// src/output-target.ts
var output_target_exports = {};
__export(output_target_exports, {
  openOutput: () => openOutput,
  outputWritable: () => outputWritable
});
async function openOutput(name, path, inputs) {
  const inputPaths = inputs.map((input) => input.kind === "stdin" ? ["/dev/stdin", STDIN_NAME] : [input.path, input.name]);
  await assertNotAnInput(path, inputPaths, { name });
  return openOutputFile(path, { name });
}
function outputWritable(file) {
  return new import_node_stream3.Writable({
    highWaterMark: 64 * 1024,
    write(chunk, _encoding, callback) {
      file.write(chunk).then(() => callback(), callback);
    },
    writev(chunks, callback) {
      file.write(Buffer.concat(chunks.map((entry) => entry.chunk))).then(() => callback(), callback);
    }
  });
}
var import_node_stream3;
var init_output_target = __esm({
  "src/output-target.ts"() {
    
    init_import_meta_url();
    import_node_stream3 = require("node:stream");
    init_output_file();
    init_inputs();
  }
});

// src/png-image.ts
var png_image_exports = {};
__export(png_image_exports, {
  encodePng: () => encodePng
});
async function encodePng(image) {
  const { PNG } = await Promise.resolve().then(() => __toESM(require("pngjs"), 1));
  const rgba = Buffer.alloc(image.width * image.height * 4);
  const { pixels, channels } = image;
  for (let i = 0, o = 0; o < rgba.length; i += channels, o += 4) {
    rgba[o] = pixels[i];
    rgba[o + 1] = channels === 1 ? pixels[i] : pixels[i + 1];
    rgba[o + 2] = channels === 1 ? pixels[i] : pixels[i + 2];
    rgba[o + 3] = channels === 4 ? pixels[i + 3] : 255;
  }
  const png = PNG.sync.write({ width: image.width, height: image.height, data: rgba }, {
    colorType: COLOR_TYPE[channels]
  });
  return png;
}
var COLOR_TYPE;
var init_png_image = __esm({
  "src/png-image.ts"() {
    
    init_import_meta_url();
    COLOR_TYPE = { 1: 0, 3: 2, 4: 6 };
  }
});

// src/commands/show.ts
var show_exports = {};
__export(show_exports, {
  runShow: () => runShow
});
async function runShow(argv, io) {
  const isDebug = argv.includes("--debug");
  let settings;
  try {
    const { values, positionals } = parseCommandArgs(argv, SHOW_OPTIONS);
    if (values.help === true) {
      io.stdout.write(SHOW_HELP);
      return EXIT.OK;
    }
    settings = await resolveSettings2(values, positionals, io);
  } catch (error) {
    return reportError(error, void 0, io, isDebug);
  }
  let file;
  if (settings.pngPath !== void 0) {
    try {
      const { openOutput: openOutput2 } = await Promise.resolve().then(() => (init_output_target(), output_target_exports));
      file = await openOutput2(settings.pngName, settings.pngPath, [settings.input]);
    } catch (error) {
      return reportError(error, void 0, io, isDebug);
    }
  }
  const name = inputName(settings.input);
  try {
    const value = await readRecord(settings, io);
    const image = toImageOrFail(value, settings, name);
    if (file !== void 0) {
      const { encodePng: encodePng2 } = await Promise.resolve().then(() => (init_png_image(), png_image_exports));
      await file.write(await encodePng2(image));
      await file.commit();
    } else {
      io.stdout.write(renderHalfBlocks(image));
    }
    return EXIT.OK;
  } catch (error) {
    await file?.abort();
    return reportError(error, name, io, isDebug);
  }
}
async function resolveSettings2(values, positionals, io) {
  if (positionals.length !== 1) throw new UsageError(`show: name one pickle file (got ${positionals.length})`);
  let select = [];
  if (values.select !== void 0) {
    try {
      select = parsePath(values.select);
    } catch (error) {
      if (error instanceof PathSyntaxError) throw new UsageError(`--select: ${error.message}`);
      throw error;
    }
  }
  const inputs = await resolveInputs(positionals, io.cwd);
  if (inputs.length !== 1) throw new UsageError(`show: ${positionals[0]} matches ${inputs.length} files; name one`);
  return {
    input: inputs[0],
    select,
    recordIndex: values.record === void 0 ? 0 : parseCount("--record", values.record),
    shape: values.shape === void 0 ? void 0 : parseShape("--shape", values.shape),
    pngPath: values.png === void 0 ? void 0 : (0, import_node_path4.resolve)(io.cwd, values.png),
    pngName: values.png
  };
}
async function readRecord(settings, io) {
  const name = inputName(settings.input);
  const bytes = inputBytes(settings.input, io, () => void 0);
  const file = settings.input.kind === "file" ? name : void 0;
  for await (const record of readPickles(bytes, { metadata: true, file, wrapIntegralFloats: true })) {
    if (record.index < settings.recordIndex) continue;
    try {
      return selectPath(record.value, settings.select);
    } catch (error) {
      throw new RecordError(name, record.index, record.offset, error);
    }
  }
  throw new RecordError(name, settings.recordIndex, void 0, new Error("no such record (the input has fewer)"));
}
function toImageOrFail(value, settings, name) {
  try {
    return toImage(value, settings.shape);
  } catch (error) {
    if (error instanceof ImageError) throw new RecordError(name, settings.recordIndex, void 0, error);
    throw error;
  }
}
var import_node_path4, SHOW_OPTIONS;
var init_show = __esm({
  "src/commands/show.ts"() {
    
    init_import_meta_url();
    import_node_path4 = require("node:path");
    init_src2();
    init_args();
    init_exit_codes();
    init_help();
    init_image();
    init_input_bytes();
    init_inputs();
    init_report_error();
    init_select();
    init_select_path();
    init_terminal_image();
    SHOW_OPTIONS = {
      select: { type: "string", short: "s" },
      record: { type: "string", short: "r" },
      shape: { type: "string" },
      png: { type: "string" },
      debug: { type: "boolean" },
      help: { type: "boolean", short: "h" }
    };
  }
});

// ../core/src/disasm/py-repr.ts
function hex2(value, width) {
  return value.toString(16).padStart(width, "0");
}
function reprStr(text3) {
  const quote = text3.includes("'") && !text3.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text3) {
    const cp = ch.codePointAt(0);
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "	") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (cp < 32 || cp === 127) out += "\\x" + hex2(cp, 2);
    else if (cp < 127) out += ch;
    else if (ch !== " " && NOT_PRINTABLE.test(ch)) {
      out += cp <= 255 ? "\\x" + hex2(cp, 2) : cp <= 65535 ? "\\u" + hex2(cp, 4) : "\\U" + hex2(cp, 8);
    } else out += ch;
  }
  return out + quote;
}
function reprBytes(bytes, isByteArray = false) {
  const hasSingle = bytes.includes(39);
  const quote = hasSingle && !bytes.includes(34) ? 34 : 39;
  const parts = ["b", String.fromCharCode(quote)];
  for (const b of bytes) {
    if (b === quote || b === 92 || isByteArray && b === 39) parts.push("\\" + String.fromCharCode(b));
    else if (b === 9) parts.push("\\t");
    else if (b === 10) parts.push("\\n");
    else if (b === 13) parts.push("\\r");
    else if (b < 32 || b >= 127) parts.push("\\x" + hex2(b, 2));
    else parts.push(String.fromCharCode(b));
  }
  parts.push(String.fromCharCode(quote));
  return parts.join("");
}
function reprInt(value) {
  const text3 = value.toString();
  if (text3.replace("-", "").length <= MAX_INT_DIGITS) return text3;
  return (value < 0 ? "-0x" : "0x") + (value < 0 ? -BigInt(value) : BigInt(value)).toString(16);
}
function reprArg(arg, argKind) {
  if (arg === null) return "None";
  if (typeof arg === "boolean") return arg ? "True" : "False";
  if (typeof arg === "bigint") return reprInt(arg);
  if (typeof arg === "number") return argKind === "float8" || argKind === "floatnl" ? floatRepr(arg) : reprInt(arg);
  if (typeof arg === "string") return reprStr(arg);
  if (arg instanceof Uint8Array) return argKind === "bytearray8" ? `bytearray(${reprBytes(arg, true)})` : reprBytes(arg);
  return reprStr(`${arg[0]} ${arg[1]}`);
}
var NOT_PRINTABLE, MAX_INT_DIGITS;
var init_py_repr2 = __esm({
  "../core/src/disasm/py-repr.ts"() {
    
    init_import_meta_url();
    init_float_repr();
    NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
    MAX_INT_DIGITS = 4300;
  }
});

// ../core/src/disasm/stack-emulator.ts
function isStackFault(result) {
  return "code" in result;
}
function underflow(wanted, present) {
  return { code: "STACK_UNDERFLOW", reason: `tries to pop ${wanted} items from stack with only ${present} items` };
}
var StackEmulator;
var init_stack_emulator = __esm({
  "../core/src/disasm/stack-emulator.ts"() {
    
    init_import_meta_url();
    StackEmulator = class {
      // One array for all items and, per open mark, where its frame starts: a million MARKs
      // cost two numbers each, not an object and an array each.
      items = [];
      frameStarts = [];
      markOffsets = [];
      /** Stack items plus marks. */
      get height() {
        return this.items.length + this.frameStarts.length;
      }
      /** Open marks. */
      get markDepth() {
        return this.frameStarts.length;
      }
      /** Items in the current frame (above the topmost mark). */
      get frameSize() {
        return this.items.length - (this.frameStarts[this.frameStarts.length - 1] ?? 0);
      }
      /** True when the top of the stack is a mark. */
      get isMarkOnTop() {
        return this.frameStarts.length > 0 && this.frameSize === 0;
      }
      /** Offset of the topmost MARK, or undefined when there is none. */
      get topMarkOffset() {
        return this.markOffsets[this.markOffsets.length - 1];
      }
      /** The top item of the current frame, or undefined when it is empty. */
      peek() {
        return this.frameSize > 0 ? this.items[this.items.length - 1] : void 0;
      }
      push(item) {
        this.items.push(item);
      }
      pushMark(offset) {
        this.frameStarts.push(this.items.length);
        this.markOffsets.push(offset);
      }
      /**
       * For the opcodes that add items to a container (APPENDS, SETITEMS, ADDITEMS with `marked`;
       * APPEND, SETITEM popping `count` items): the index of the first item added, with the container
       * at the index before it, without popping anything; or a fault. `items()` reads them and
       * `dropFrom(index, marked)` pops them: no array is made per opcode.
       */
      addedItemsStart(marked, count2) {
        if (marked) {
          const frameStart = this.frameStarts[this.frameStarts.length - 1];
          if (frameStart === void 0) return { code: "NO_MARK", reason: "no MARK exists on stack" };
          const belowSize = frameStart - (this.frameStarts[this.frameStarts.length - 2] ?? 0);
          return belowSize < 1 ? underflow(1, belowSize) : frameStart;
        }
        const size2 = this.frameSize;
        return size2 < count2 + 1 ? underflow(count2 + 1, size2) : this.items.length - count2;
      }
      /** The stack's items, bottom first (read only: see addedItemsStart). */
      get itemArray() {
        return this.items;
      }
      /** Pops the items from `index` up (and the topmost mark when `marked`). */
      dropFrom(index, marked) {
        this.items.length = index;
        if (marked) {
          this.frameStarts.pop();
          this.markOffsets.pop();
        }
      }
      /** Pops what `info.stackBefore` names. A fault leaves the stack as it was. */
      pop(info) {
        const before = info.stackBefore;
        const markIndex = before.indexOf("markobject");
        if (markIndex < 0 && !(info.name === "POP" && this.isMarkOnTop)) {
          const size2 = this.frameSize;
          if (size2 < before.length) return underflow(before.length, size2);
          return { slice: null, fixed: this.items.splice(this.items.length - before.length), markOffset: null };
        }
        const frameStart = this.frameStarts[this.frameStarts.length - 1];
        if (frameStart === void 0) return { code: "NO_MARK", reason: "no MARK exists on stack" };
        const fixedCount = Math.max(markIndex, 0);
        const belowSize = frameStart - (this.frameStarts[this.frameStarts.length - 2] ?? 0);
        if (belowSize < fixedCount) return underflow(fixedCount, belowSize);
        const slice = this.items.splice(frameStart);
        this.frameStarts.pop();
        const markOffset = this.markOffsets.pop();
        const fixed = this.items.splice(this.items.length - fixedCount);
        return { slice: markIndex < 0 ? null : slice, fixed, markOffset };
      }
      /** Everything still on the stack, bottom first, marks as `mark`. */
      remaining() {
        const out = [];
        let nextMark = 0;
        for (let i = 0; i <= this.items.length; i++) {
          while (this.frameStarts[nextMark] === i) {
            out.push("mark");
            nextMark++;
          }
          if (i < this.items.length) out.push(this.items[i]);
        }
        return out;
      }
    };
  }
});

// ../core/src/disasm/dis.ts
function checkCount(name, value) {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`Expected ${name} to be a non-negative integer, got ${value}`);
  }
}
function codePointLength(text3) {
  let n = 0;
  for (const _ of text3) n++;
  return n;
}
function memoIndex(arg) {
  if (typeof arg === "boolean") return arg ? 1 : 0;
  return typeof arg === "number" ? arg : Number(arg);
}
function* disLines(bytes, options = {}) {
  const start = options.start ?? 0;
  checkInput(bytes, start);
  const indentLevel = options.indentLevel ?? 4;
  const annotate = options.annotate ?? 0;
  checkCount("indentLevel", indentLevel);
  checkCount("annotate", annotate);
  const recordIndex = options.recordIndex ?? 0;
  const memo = options.memo ?? /* @__PURE__ */ new Map();
  const indent = " ".repeat(indentLevel);
  const stack = new StackEmulator();
  let maxProto = -1;
  let annotateColumn = annotate;
  const ops = genops(bytes, { start, recordIndex });
  for (let next = ops.next(); ; next = ops.next()) {
    if (next.done) {
      yield `highest protocol among opcodes = ${maxProto}`;
      const left = stack.remaining();
      if (left.length > 0) {
        const kinds = left.map((kind3) => kind3 === "mark" ? "markobject" : kind3).join(", ");
        throw new PickleError(`stack not empty after STOP: [${kinds}]`, {
          code: "BAD_ARGUMENT",
          offset: next.value - 1,
          opcode: -1,
          recordIndex
        });
      }
      return next.value;
    }
    const { info, arg, offset } = next.value;
    maxProto = Math.max(maxProto, info.proto);
    let line = `${reprStr(String.fromCharCode(info.code)).slice(1, -1).padEnd(4)} ${indent.repeat(stack.markDepth)}${info.name}`;
    const fail2 = (code, reason) => new PickleError(reason, { code, offset, opcode: info.code, recordIndex });
    let error = null;
    let markMessage = null;
    let pushed = info.stackAfter.filter((kind3) => kind3 !== "markobject");
    const takesMark = info.stackBefore.includes("markobject") || info.name === "POP" && stack.isMarkOnTop;
    const markOffset = takesMark ? stack.topMarkOffset : void 0;
    if (takesMark) markMessage = markOffset === void 0 ? "no MARK exists on stack" : `(MARK at ${markOffset})`;
    if (PUTS.has(info.name)) {
      const index = info.name === "MEMOIZE" ? memo.size : memoIndex(arg);
      if (info.name === "MEMOIZE") markMessage = `(as ${index})`;
      const top = stack.peek();
      if (memo.has(index)) error = fail2("BAD_ARGUMENT", `memo key ${index} already defined`);
      else if (stack.isMarkOnTop) error = fail2("STACK_UNDERFLOW", "can't store markobject in the memo");
      else if (top === void 0) error = fail2("STACK_UNDERFLOW", "stack is empty -- can't store into memo");
      else memo.set(index, top);
    } else if (GETS.has(info.name)) {
      const stored = memo.get(memoIndex(arg));
      if (stored === void 0) error = fail2("MEMO_MISSING", `memo key ${memoIndex(arg)} has never been stored into`);
      else pushed = [stored];
    }
    if (arg !== null || markMessage !== null) {
      line += " ".repeat(Math.max(0, 10 - info.name.length));
      if (arg !== null) line += ` ${reprArg(arg, info.arg.name)}`;
      if (markMessage !== null) line += ` ${markMessage}`;
    }
    if (annotate > 0) {
      line += " ".repeat(Math.max(0, annotateColumn - codePointLength(line)));
      annotateColumn = codePointLength(line);
      if (annotateColumn > 50) annotateColumn = annotate;
      line += ` ${info.doc}`;
    }
    yield `${String(offset).padStart(5)}: ${line}`;
    if (takesMark && markOffset === void 0) throw fail2("NO_MARK", "no MARK exists on stack");
    if (error !== null) throw error;
    applyStackEffect(stack, info, offset, pushed, fail2);
  }
}
function applyStackEffect(stack, info, offset, pushed, fail2) {
  const popped = stack.pop(info);
  if (isStackFault(popped)) throw fail2(popped.code, popped.reason);
  if (info.code === MARK) stack.pushMark(offset);
  for (const kind3 of pushed) stack.push(kind3);
}
function* disAllLines(bytes, options = {}) {
  checkInput(bytes, 0);
  const shared2 = options.memo === "shared" ? /* @__PURE__ */ new Map() : void 0;
  let start = 0;
  for (let recordIndex = 0; start < bytes.length; recordIndex++) {
    if (recordIndex > 0) yield "";
    start = yield* disLines(bytes, { ...options, start, recordIndex, memo: shared2 ?? /* @__PURE__ */ new Map() });
  }
}
var PUTS, GETS;
var init_dis = __esm({
  "../core/src/disasm/dis.ts"() {
    
    init_import_meta_url();
    init_errors();
    init_codes();
    init_genops();
    init_py_repr2();
    init_stack_emulator();
    PUTS = /* @__PURE__ */ new Set(["PUT", "BINPUT", "LONG_BINPUT", "MEMOIZE"]);
    GETS = /* @__PURE__ */ new Set(["GET", "BINGET", "LONG_BINGET"]);
  }
});

// ../core/src/disasm/dangerous-globals.ts
function deniedModule(module2) {
  if (DANGEROUS_MODULES.has(module2)) return module2;
  for (let dot = module2.lastIndexOf("."); dot > 0; dot = module2.lastIndexOf(".", dot - 1)) {
    const prefix = module2.slice(0, dot);
    if (DANGEROUS_MODULES.has(prefix)) return prefix;
  }
  return null;
}
function deniedName(qualname) {
  if (DANGEROUS_NAMES.has(qualname)) return qualname;
  for (let dot = qualname.lastIndexOf("."); dot > 0; dot = qualname.lastIndexOf(".", dot - 1)) {
    const prefix = qualname.slice(0, dot);
    if (DANGEROUS_NAMES.has(prefix)) return prefix;
  }
  return null;
}
function listedReason(module2, name) {
  const qualname = `${module2}.${name}`;
  if (DATA_TYPES.has(qualname) || PURE_NESTED_LOADERS.has(qualname)) return null;
  const name0 = deniedName(qualname);
  if (name0 !== null) return `imports ${qualname}, which can run code, touch files or reach any attribute (${name0} is denied)`;
  const module0 = deniedModule(module2);
  if (module0 !== null) return `imports ${qualname}: ${module0} can run commands, code or I/O`;
  const dot = name.indexOf(".");
  if (PATH_MODULES.has(module2) && dot > 0 && FILE_METHODS.has(name.slice(name.lastIndexOf(".") + 1))) {
    return `imports ${qualname}, a method that touches the file system`;
  }
  if (!name.includes(".") && deniedModule(stripUnderscores(name)) !== null && DANGEROUS_MODULES.has(stripUnderscores(name))) {
    return `imports ${qualname}, which is the module ${stripUnderscores(name)}`;
  }
  return null;
}
function stripUnderscores(name) {
  let i = 0;
  while (name.charCodeAt(i) === 95) i++;
  return i === 0 || i === name.length ? name : name.slice(i);
}
function walkReason(module2, name) {
  const path = name.split(".");
  for (let i = 1; i < path.length; i++) {
    const viaRaw = path.slice(0, i).join(".");
    const rest = path.slice(i).join(".");
    for (const via of /* @__PURE__ */ new Set([viaRaw, path.slice(0, i).map(stripUnderscores).join(".")])) {
      const reason = listedReason(via, rest);
      if (reason !== null) return `imports ${module2}.${name}, which reaches ${via}.${rest} through module attributes (${reason})`;
    }
  }
  return null;
}
function classifyGlobal(module2, name, isRebuilt) {
  const module3 = PYTHON2_MODULE_NAMES.get(module2) ?? module2;
  const qualname = `${module3}.${name}`;
  if (DATA_TYPES.has(qualname)) {
    return { verdict: "unknown", reason: `imports ${qualname}, a data type pkl-stream does not rebuild` };
  }
  const listed = listedReason(module3, name);
  if (listed !== null) return { verdict: "dangerous", reason: listed };
  if (name.includes("__") && name.split(".").some((part) => part.length > 4 && part.startsWith("__") && part.endsWith("__"))) {
    return { verdict: "dangerous", reason: `imports ${qualname}, a name that walks through Python internals` };
  }
  if (name.includes(".")) {
    const walk = walkReason(module3, name);
    if (walk !== null) return { verdict: "dangerous", reason: walk };
  }
  if (isRebuilt(qualname)) return { verdict: "safe", reason: null };
  if (PURE_NESTED_LOADERS.has(qualname)) {
    return { verdict: "unknown", reason: `imports ${qualname}, which unpickles the bytes it is given (audited as a nested pickle)` };
  }
  return { verdict: "unknown", reason: `imports ${qualname}, a class or function pkl-stream does not rebuild` };
}
function worstVerdict(a, b) {
  return RANK[a] >= RANK[b] ? a : b;
}
var DANGEROUS_MODULES, DANGEROUS_NAMES, FILE_METHODS, PATH_MODULES, DATA_TYPES, NESTED_LOADERS, PURE_NESTED_LOADERS, PYTHON2_MODULE_NAMES, RANK;
var init_dangerous_globals = __esm({
  "../core/src/disasm/dangerous-globals.ts"() {
    
    init_import_meta_url();
    DANGEROUS_MODULES = /* @__PURE__ */ new Set([
      // processes and the OS
      "os",
      // PS MS FK: os.system
      "posix",
      // PS MS FK: os's Linux name
      "nt",
      // PS MS FK: os's Windows name
      "subprocess",
      // PS MS FK
      "_posixsubprocess",
      // FK I15: fork_exec
      "commands",
      // PS FK: Python 2's subprocess
      "popen2",
      // Python 2 popen
      "pty",
      // PS MS FK GHSA-r7v6-mfhq-g3m2: pty.spawn
      "pexpect",
      // FK: spawn
      "pipes",
      // FK: pipes.Template runs shell commands
      "platform",
      // FK: platform.popen (Python 2), architecture() runs `file`
      "multiprocessing",
      // FK test_missing_multiprocessing: util.spawnv_passfds
      "_multiprocessing",
      "signal",
      // FK
      "_signal",
      // FK
      "threading",
      // FK: Thread/Timer run a target
      "_thread",
      // FK: start_new_thread
      "atexit",
      // FK I15: register(fn) runs fn at exit
      "_osx_support",
      // PS FK GHSA-g38g-8gr9-h9xp: _read_output, _find_build_tool run os.system
      "_aix_support",
      // PS FK GHSA-g38g-8gr9-h9xp: _read_cmd_output
      "_pyrepl",
      // PS GHSA-g38g-8gr9-h9xp: pager.pipe_pager
      "mailcap",
      // I15: findmatch builds shell command lines for the caller
      "webbrowser",
      // PS MS FK: open() starts a browser (a command on some systems)
      // running code
      "runpy",
      // PS MS FK: _run_code
      "code",
      // PS FK: InteractiveInterpreter.runcode/runsource
      "codeop",
      // FK
      "importlib",
      // FK test_missing_importlib: import_module
      "_frozen_importlib",
      // FK
      "_frozen_importlib_external",
      // FK
      "_imp",
      // FK
      "imp",
      // FK: load_source
      "pkgutil",
      // PS FK GHSA-vvpj-8cmc-gx39: resolve_name reaches any module attribute
      "zipimport",
      // FK
      "site",
      // FK: addsitedir runs .pth files
      "sys",
      // PS MS FK: sys.modules, exit
      "gc",
      // FK: get_objects reaches every object
      "inspect",
      // FK: getattr equivalents
      "ctypes",
      // PS FK GHSA-4675-36f9-wf6r: CDLL
      "_ctypes",
      // FK
      "cffi",
      // foreign functions
      "marshal",
      // FK GHSA-565g-hwwr-4pp3: loads makes code objects
      "_interpreters",
      // FK: create runs code in a subinterpreter
      "_xxsubinterpreters",
      // FK
      "bdb",
      // PS MS FK: Bdb.run
      "pdb",
      // PS MS FK
      "trace",
      // PS FK GHSA-5qwp-399c-mjwf: Trace.run
      "timeit",
      // PS FK: timeit(stmt) execs
      "profile",
      // PS FK GHSA-7wx9-6375-f5wh: run/runctx
      "cProfile",
      // PS FK GHSA-49gj-c84q-6qm9
      "doctest",
      // PS FK GHSA-fqq6-7vqf-w3fg: debug_script
      "pydoc",
      // PS FK GHSA-84r2-jw7c-4r5q: locate, pipepager
      "idlelib",
      // PS FK GHSA-3gf5-cxq9-w223 and five more: runcode, get_entity...
      "lib2to3",
      // PS FK GHSA-f54q-57x4-jg88: Grammar.loads unpickles, make_label evals
      "test",
      // PS FK GHSA-g38g-8gr9-h9xp: test.support.script_helper.assert_python_ok
      "unittest",
      // FK: mock and loaders reach any attribute
      "ensurepip",
      // PS FK GHSA-xp4f-hrf8-rxw7: _run_pip
      "venv",
      // PS FK: create runs pip
      "pip",
      // PS FK: main installs packages
      "setuptools",
      // runs setup scripts
      "distutils",
      // PS FK GHSA-m273-6v24-x4m4: file_util.write_file
      "compileall",
      // FK: writes .pyc files
      "py_compile",
      // FK
      // files
      "shutil",
      // PS MS FK: rmtree, copy
      "tempfile",
      // FK
      "filecmp",
      // FK
      "fileinput",
      // FK: reads files
      "glob",
      // FK: enumerates files
      "linecache",
      // FK I15: reads any file into memory
      "mmap",
      // FK
      "tarfile",
      // FK: extract writes files
      "zipfile",
      // FK
      "shelve",
      // FK: opens a database and unpickles from it
      "dbm",
      // I15: opens database files (shelve's store)
      "sqlite3",
      // FK I15: connect creates files
      "_sqlite3",
      // FK
      "logging",
      // PS FK: FileHandler creates files, SocketHandler connects
      "syslog",
      // FK
      // network
      "socket",
      // PS MS FK (its enums are in DATA_TYPES)
      "_socket",
      // the C half of socket
      "ssl",
      // PS FK: get_server_certificate exfiltrates through DNS
      "select",
      // FK
      "selectors",
      // FK
      "asyncio",
      // PS MS FK GHSA-q77w-mwjj-7mqx: unix_events._UnixSubprocessTransport._start
      "http.client",
      // PS MS FK: HTTPSConnection (httplib in Python 2)
      "http.server",
      // FK: http as a whole; the rest of http (HTTPStatus) is data
      "http.cookiejar",
      // FK: FileCookieJar.load reads files
      "httplib",
      // PS MS FK: Python 2's http.client
      "urllib.request",
      // PS FK: urlopen (urllib.parse is pure functions and data)
      "urllib.robotparser",
      // FK: read() fetches a URL
      "urllib2",
      // FK
      "urllib3",
      // HTTP client
      "requests",
      // PS MS FK: requests.api.get (requests.structures is in DATA_TYPES)
      "aiohttp",
      // PS MS FK: client.ClientSession
      "ftplib",
      // FK test_network_protocol_ssrf
      "smtplib",
      // FK test_network_protocol_ssrf, test_obj_pop_call_invisibility
      "imaplib",
      // PS FK GHSA-g38g-8gr9-h9xp: IMAP4_stream runs a command
      "poplib",
      // FK test_network_protocol_ssrf
      "telnetlib",
      // FK test_network_protocol_ssrf
      "nntplib",
      // FK test_network_protocol_ssrf
      "xmlrpc",
      // FK
      "socketserver",
      // FK
      // unpicklers and code serializers that load more than data (pickle.loads and the wrappers
      // that only unpickle bytes are NESTED_LOADERS instead: their argument is audited)
      "pickle",
      // PS MS FK
      "_pickle",
      // PS MS FK
      "cPickle",
      // Python 2's _pickle
      "dill",
      // FK
      "cloudpickle",
      // PS FK: _make_function, _builtin_type("CodeType")
      "joblib",
      // FK (joblib.numpy_pickle's wrappers are in DATA_TYPES)
      "pandas.io.pickle",
      // I15: read_pickle
      "mlflow",
      // I15: pyfunc.load_model and friends load models (pickles) from anywhere
      "torch.serialization",
      // PS: load
      "torch.hub",
      // FK: load fetches and runs code
      "torch._dynamo",
      // FK GHSA-86cj-95qr-2p4f: guards.GuardBuilder.get
      "torch._inductor",
      // PS FK: codecache.compile_file
      "torch.jit",
      // FK GHSA-vr7h-p6mm-wpmh: unsupported_tensor_ops.execWrapper
      "torch.fx",
      // PS GHSA-f4x7-rfwp-v3xw: ShapeEnv.evaluate_guards_expression evals
      "torch.distributed",
      // FK: rendezvous handlers, rpc
      "torch.utils.collect_env",
      // PS GHSA-f745-w6jp-hpxx, GHSA-jhph-76pp-mggw: run, run_and_read_all
      "torch.utils.bottleneck",
      // PS GHSA-4r9r-ch6f-vxmx: run_cprofile
      "torch.utils._config_module",
      // PS FK GHSA-vv6j-3g6g-2pvj: ConfigModule.load_config unpickles
      "torch.utils.data.datapipes.utils.decoder",
      // PS GHSA-h3qp-7fh3-f8h4: basichandlers unpickles
      "numpy.f2py",
      // PS FK GHSA-r8g5-cgf2-4m4m: crackfortran.getlincoef evals
      "numpy.testing",
      // PS FK: _private.utils.runstring is exec
      "numpy.distutils"
      // FK
    ]);
    DANGEROUS_NAMES = /* @__PURE__ */ new Set([
      ...[
        "eval",
        // PS MS FK
        "exec",
        // PS MS FK
        "execfile",
        // Python 2
        "compile",
        // PS MS FK
        "getattr",
        // PS MS FK (a getattr of a data value for a bound method is judged at the call, audit.ts)
        "setattr",
        // FK
        "delattr",
        // FK
        "hasattr",
        // FK
        "__import__",
        // MS FK
        "open",
        // PS MS FK
        "file",
        // Python 2's open
        "input",
        // FK
        "raw_input",
        // Python 2's input
        "breakpoint",
        // PS MS FK
        "globals",
        // FK
        "locals",
        // FK
        "vars",
        // FK
        "apply",
        // PS MS: Python 2's f(*args)
        "reload",
        // Python 2's importlib.reload
        "help",
        // pydoc
        "exit",
        // site's exit
        "quit",
        "copyright",
        // site's _Printer reads files
        "credits",
        "license",
        "memoryview",
        // FK
        "__build_class__",
        // runs a class body
        "__loader__",
        // FK
        "__spec__"
        // FK
      ].map((name) => `builtins.${name}`),
      "operator.attrgetter",
      // PS MS FK: attrgetter("system")(os)
      "operator.methodcaller",
      // PS FK GHSA-84r2-jw7c-4r5q
      "_operator.attrgetter",
      // PS FK GHSA-46h3-79wf-xr6c
      "_operator.methodcaller",
      // PS FK GHSA-955r-x9j8-7rhh
      "functools.reduce",
      // calls its argument
      "_functools.reduce",
      "types.FunctionType",
      // PS FK GHSA-565g-hwwr-4pp3: a function from a code object
      "types.LambdaType",
      "types.CodeType",
      // PS
      "types.MethodType",
      "types.ModuleType",
      "io.open",
      // FK: builtins.open is io.open
      "io.open_code",
      "io.FileIO",
      // FK
      "_io.open",
      // FK
      "_io.open_code",
      "_io.FileIO",
      // PS: io_FileIO.pkl
      "codecs.open",
      // opens files
      "_codecs.open",
      "uuid._get_command_stdout",
      // PS FK GHSA-g38g-8gr9-h9xp (uuid.UUID is rebuilt data)
      "uuid._popen",
      // older uuid: runs a command
      "uuid._ifconfig_getnode",
      // runs ifconfig
      "uuid._ip_getnode",
      "uuid._arp_getnode",
      "uuid._lanscan_getnode",
      "uuid._netstat_getnode",
      "uuid._find_mac",
      "uuid._find_mac_near_keyword",
      "uuid._find_mac_under_heading",
      "numpy.load",
      // picklescan TODO list: loads pickles
      "numpy.save",
      // writes files
      "numpy.savez",
      "numpy.savez_compressed",
      "numpy.savetxt",
      "numpy.fromfile",
      // reads files
      "numpy.loadtxt",
      "numpy.genfromtxt",
      "numpy.memmap",
      // maps files
      "numpy.ndarray.tofile",
      // I15: a method of a rebuilt class that writes a file
      "numpy.ndarray.dump",
      // writes a pickle file
      "numpy.ctypeslib.load_library",
      // PS TODO list: loads a shared library
      "numpy.lib.npyio",
      // load/save/loadtxt under their module
      "numpy.lib.format.open_memmap",
      "pandas.read_pickle",
      // PS TODO list
      "torch.load",
      // FK
      "torch.compile",
      // FK
      "torch.save"
      // writes files
    ]);
    FILE_METHODS = /* @__PURE__ */ new Set([
      "write_text",
      "write_bytes",
      "touch",
      "mkdir",
      "rmdir",
      "unlink",
      "rename",
      "replace",
      "symlink_to",
      "hardlink_to",
      "link_to",
      "chmod",
      "lchmod",
      "open",
      "read_text",
      "read_bytes",
      "iterdir",
      "glob",
      "rglob",
      "walk",
      "readlink",
      "copy",
      "copy_into",
      "move",
      "move_into"
    ]);
    PATH_MODULES = /* @__PURE__ */ new Set(["pathlib", "pathlib._local", "pathlib._abc", "pathlib._os"]);
    DATA_TYPES = /* @__PURE__ */ new Set([
      ...["stat_result", "statvfs_result", "terminal_size", "times_result", "uname_result", "sched_param", "waitid_result"].flatMap(
        (name) => [`os.${name}`, `posix.${name}`, `nt.${name}`]
      ),
      "subprocess.CompletedProcess",
      "subprocess.CalledProcessError",
      "subprocess.TimeoutExpired",
      "subprocess.SubprocessError",
      "socket.AddressFamily",
      "socket.SocketKind",
      "socket.MsgFlag",
      "socket.AddressInfo",
      "socket.timeout",
      "socket.gaierror",
      "socket.herror",
      "requests.structures.CaseInsensitiveDict",
      "requests.structures.LookupDict",
      "requests.exceptions.HTTPError",
      "requests.exceptions.ConnectionError",
      "requests.exceptions.Timeout",
      "joblib.numpy_pickle.NumpyArrayWrapper",
      // joblib.dump writes one per array
      "joblib.numpy_pickle.NDArrayWrapper",
      "joblib.numpy_pickle_compat.NDArrayWrapper",
      "joblib.numpy_pickle_compat.ZNDArrayWrapper",
      "ssl.Purpose",
      "ssl.TLSVersion",
      "ssl.Options",
      "ssl.VerifyMode",
      "ssl.VerifyFlags",
      "signal.Signals",
      "signal.Handlers",
      "signal.Sigmasks",
      "logging.LogRecord",
      "logging.getLogger",
      // how a Logger pickles itself (Logger.__reduce__): returns the named logger, opens nothing
      "logging.Logger",
      "logging.RootLogger",
      "platform.uname_result",
      "requests.models.Response",
      // requests pickles responses and requests by __getstate__
      "requests.models.Request",
      "requests.models.PreparedRequest",
      "requests.cookies.RequestsCookieJar",
      "asyncio.exceptions.CancelledError",
      "asyncio.exceptions.TimeoutError"
    ]);
    NESTED_LOADERS = /* @__PURE__ */ new Set([
      "pickle.loads",
      "pickle._loads",
      "_pickle.loads",
      "cPickle.loads",
      "torch.storage._load_from_bytes",
      // pickle.dumps(tensor) writes its storage this way
      "torch.load",
      "torch.serialization.load",
      "dill.loads",
      "dill._dill.loads",
      "cloudpickle.loads",
      "joblib.load",
      "pandas.read_pickle",
      "pandas.io.pickle.read_pickle",
      "numpy.load"
    ]);
    PURE_NESTED_LOADERS = /* @__PURE__ */ new Set([
      "pickle.loads",
      "pickle._loads",
      "_pickle.loads",
      "cPickle.loads",
      "torch.storage._load_from_bytes"
    ]);
    PYTHON2_MODULE_NAMES = /* @__PURE__ */ new Map([
      ["__builtin__", "builtins"],
      ["__builtins__", "builtins"],
      // FK
      ["exceptions", "builtins"],
      ["copy_reg", "copyreg"]
    ]);
    RANK = { safe: 0, unknown: 1, dangerous: 2 };
  }
});

// ../core/src/disasm/rebuilt-classes.ts
var HARMLESS_BUILTIN_TYPES, REBUILT_CLASSES;
var init_rebuilt_classes = __esm({
  "../core/src/disasm/rebuilt-classes.ts"() {
    
    init_import_meta_url();
    init_builtin_registry();
    HARMLESS_BUILTIN_TYPES = ["object", "int", "float", "str", "bytes", "bool", "list", "tuple", "dict", "slice", "range"];
    REBUILT_CLASSES = /* @__PURE__ */ new Set([
      ...builtinClasses.keys(),
      ...HARMLESS_BUILTIN_TYPES.map((name) => `builtins.${name}`)
    ]);
  }
});

// ../core/src/disasm/audit.ts
function kindOf2(sym) {
  return typeof sym === "string" ? "text" : typeof sym === "object" ? sym.kind : "int";
}
function tupleItems(sym) {
  return typeof sym === "object" && sym.kind === "tuple" ? sym.items : null;
}
function callablesIn(syms, into) {
  let out = into;
  for (const sym of syms) {
    if (typeof sym !== "object") continue;
    if (sym.kind === "global") {
      if (sym.verdict !== "safe" && looksLikeFunction(sym.qualname)) (out ??= []).push(sym);
    } else if (sym.kind === "object") {
      if (sym.isCallable) (out ??= []).push(sym);
    } else if (sym.kind === "tuple") {
      out = callablesIn(sym.items, out);
    } else if (sym.kind === "container" && sym.callables !== null) {
      (out ??= []).push(...sym.callables);
    }
  }
  return out;
}
function looksLikeFunction(qualname) {
  if (qualname === null) return true;
  const last = qualname.slice(qualname.lastIndexOf(".") + 1).replace(/^_+/, "");
  const first = last.charCodeAt(0);
  return first >= 97 && first <= 122 && !NON_CALLABLE_LOWERCASE.test(qualname) && !HARMLESS_CALLABLES.has(qualname);
}
function itemsizeOf(descr) {
  const match = /^[<>|=]?([a-zA-Z?])(\d*)/.exec(descr);
  if (match === null) return -1;
  const [, kind3, digits] = match;
  const size2 = digits === "" ? -1 : Number(digits);
  if (kind3 === "O") return 0;
  if (kind3 === "?") return 1;
  if (kind3 === "U") return size2 < 0 ? -1 : 4 * size2;
  if (kind3 === "M" || kind3 === "m") return 8;
  return size2;
}
function rangeLength(args) {
  const ints = [];
  for (const arg of args) {
    if (typeof arg !== "number" && typeof arg !== "bigint") return -1;
    ints.push(BigInt(arg));
  }
  const [start, stop, step] = ints.length === 1 ? [0n, ints[0], 1n] : [ints[0], ints[1], ints[2] ?? 1n];
  if (step === 0n) return -1;
  const span = step > 0n ? stop - start : start - stop;
  const abs = step > 0n ? step : -step;
  return span <= 0n ? 0 : Number((span + abs - 1n) / abs);
}
function bytesOf(sym) {
  if (sym === void 0) return null;
  if (typeof sym === "object" && sym.kind === "bytes") return sym;
  if (typeof sym === "object" && sym.kind === "object") return sym.payload;
  if (typeof sym === "string") {
    const out = new Uint8Array(sym.length);
    for (let i = 0; i < sym.length; i++) {
      const code = sym.charCodeAt(i);
      if (code > 255) return null;
      out[i] = code;
    }
    return { kind: "bytes", bytes: out, start: -1 };
  }
  return null;
}
function memoIndex2(arg) {
  return typeof arg === "boolean" ? Number(arg) : Number(arg);
}
function auditPickle(bytes, options = {}) {
  checkInput(bytes, 0);
  const extra = new Set(options.classes ?? []);
  const context = {
    isRebuilt: (qualname) => REBUILT_CLASSES.has(qualname) || extra.has(qualname),
    isFixingImports: options.fixImports ?? true,
    // The decoder's own limit (UnpicklerOptions.maxBytesLength, default 2 GiB - 1).
    maxBytesLength: resolveSettings().maxBytesLength,
    depth: 0
  };
  return auditBytes(bytes, options.memo === "shared" ? new SymMemo() : null, context);
}
function auditBytes(bytes, sharedMemo, context, maxRecords = Number.POSITIVE_INFINITY) {
  const records = [];
  let verdict = "safe";
  let start = 0;
  for (let recordIndex = 0; start < bytes.length && recordIndex < maxRecords; recordIndex++) {
    const auditor = new RecordAuditor(sharedMemo ?? new SymMemo(), context, recordIndex, bytes);
    const cursor = new OpCursor(bytes, start, recordIndex, DEFAULT_LIMITS);
    let lastEnd = start;
    try {
      for (; ; ) {
        cursor.advance(auditor.takeResume());
        lastEnd = cursor.end;
        auditor.step(cursor);
        if (cursor.info.code === STOP) break;
      }
      records.push(auditor.finish(start, cursor.end, true));
      start = cursor.end;
    } catch (error) {
      if (!(error instanceof PickleError)) throw error;
      if (error.code === "FRAME_OVERRUN") auditor.noteFrameViolation(error);
      const record = auditor.finish(start, Math.max(lastEnd, error.offset + 1), false);
      records.push(record);
      return {
        byteLength: bytes.length,
        verdict: worstVerdict(worstVerdict(verdict, record.verdict), "unknown"),
        records,
        error: {
          code: error.code,
          reason: error.reason,
          offset: error.offset,
          recordIndex,
          opcode: error.opcodeName ?? null
        }
      };
    }
    verdict = worstVerdict(verdict, records[records.length - 1].verdict);
  }
  return { byteLength: bytes.length, verdict, records, error: null };
}
var DATA, TEXT_KINDS, CALLABLE_FACTORIES, JOBLIB_WRAPPERS, FUNCTION_MAKERS, MATERIALIZING, BYTES_PER_ITEM, MAX_NESTING, NON_CALLABLE_LOWERCASE, HARMLESS_CALLABLES, SymMemo, RecordAuditor;
var init_audit = __esm({
  "../core/src/disasm/audit.ts"() {
    
    init_import_meta_url();
    init_fix_imports();
    init_torch_file();
    init_settings();
    init_errors();
    init_dangerous_globals();
    init_codes();
    init_table();
    init_genops();
    init_read_argument();
    init_rebuilt_classes();
    init_stack_emulator();
    DATA = Object.freeze({ kind: "data" });
    TEXT_KINDS = /* @__PURE__ */ new Set(["pyunicode", "pybytes_or_str"]);
    CALLABLE_FACTORIES = /* @__PURE__ */ new Set([
      "builtins.getattr",
      "functools.partial",
      "_functools.partial",
      "operator.itemgetter",
      "_operator.itemgetter",
      "operator.attrgetter",
      "_operator.attrgetter",
      "operator.methodcaller",
      "_operator.methodcaller"
    ]);
    JOBLIB_WRAPPERS = /* @__PURE__ */ new Set(["joblib.numpy_pickle.NumpyArrayWrapper"]);
    FUNCTION_MAKERS = /(?:\._make_function|\._create_function|^types\.FunctionType)$/;
    MATERIALIZING = /* @__PURE__ */ new Set(["builtins.bytearray", "builtins.bytes"]);
    BYTES_PER_ITEM = 8;
    MAX_NESTING = 8;
    NON_CALLABLE_LOWERCASE = /^(?:torch\.(?:float|int|uint|bool|bfloat|complex|half|double|long|short|cfloat|cdouble|qint|quint|chalf)\w*|numpy\.(?:float|int|uint|complex|bool|str|bytes|object|void|datetime|timedelta|longlong|ulonglong|longdouble|half|single|double|byte|ubyte|short|ushort|intc|uintc|intp|uintp|csingle|cdouble|clongdouble|character|number|integer|signedinteger|unsignedinteger|floating|complexfloating|inexact|generic|flexible)\w*)$/;
    HARMLESS_CALLABLES = /* @__PURE__ */ new Set([
      ...["len", "abs", "sum", "min", "max", "round", "pow", "divmod", "sorted", "reversed", "enumerate", "zip", "map", "filter", "iter", "next", "all", "any", "hash", "id", "repr", "ascii", "bin", "hex", "oct", "ord", "chr", "isinstance", "issubclass", "callable", "format"].map(
        (name) => `builtins.${name}`
      ),
      "numpy.random._pickle.__bit_generator_ctor",
      "numpy.random._pickle.__randomstate_ctor",
      "numpy.random._pickle.__generator_ctor"
    ]);
    SymMemo = class {
      items = [];
      /** Entries set. */
      size = 0;
      get(index) {
        return this.items[index];
      }
      set(index, sym) {
        if (this.items[index] === void 0) this.size++;
        this.items[index] = sym;
      }
    };
    RecordAuditor = class {
      constructor(memo, context, recordIndex, bytes) {
        this.memo = memo;
        this.context = context;
        this.recordIndex = recordIndex;
        this.bytes = bytes;
      }
      memo;
      context;
      recordIndex;
      bytes;
      stack = new StackEmulator();
      /** How many times each opcode byte occurs. */
      counts = new Float64Array(256);
      imports = /* @__PURE__ */ new Map();
      calls = /* @__PURE__ */ new Map();
      findings = /* @__PURE__ */ new Map();
      protocol = null;
      maxNesting = 0;
      op;
      /** joblib array wrappers made and not yet given their state: their state dict keeps its entries. */
      pendingWrappers = 0;
      /** Where the opcodes go on after raw bytes the pickle carries (joblib arrays), or undefined. */
      resumeAt = void 0;
      step(op) {
        this.op = op;
        const code = op.info.code;
        this.counts[code]++;
        this.apply(op, code);
        const height = this.stack.height;
        if (height > this.maxNesting) this.maxNesting = height;
      }
      apply(op, code) {
        const { arg } = op;
        const stack = this.stack;
        switch (code) {
          case MARK:
            stack.pushMark(op.offset);
            return;
          case BININT1:
          case BININT2:
          case BININT:
          case LONG1:
            stack.push(arg);
            return;
          case SHORT_BINUNICODE:
          case BINUNICODE:
          case BINUNICODE8:
            stack.push(arg);
            return;
          case BINFLOAT:
          case NONE:
            stack.push(DATA);
            return;
          case NEWTRUE:
          case NEWFALSE:
            stack.push(code === NEWTRUE ? 1 : 0);
            return;
          case EMPTY_DICT:
          case EMPTY_LIST:
          case EMPTY_SET:
            stack.push({ kind: "container", callables: null, entries: this.pendingWrappers > 0 && code === EMPTY_DICT ? /* @__PURE__ */ new Map() : null });
            return;
          case MEMOIZE:
          case BINPUT:
          case LONG_BINPUT:
          case PUT: {
            const top = stack.peek();
            if (top === void 0) throw this.error("STACK_UNDERFLOW", "nothing to store in the memo");
            this.memo.set(code === MEMOIZE ? this.memo.size : memoIndex2(arg), top);
            return;
          }
          case BINGET:
          case LONG_BINGET:
          case GET: {
            const stored = this.memo.get(memoIndex2(arg));
            if (stored === void 0) throw this.error("MEMO_MISSING", `memo key ${memoIndex2(arg)} is missing`);
            stack.push(stored);
            return;
          }
          case SETITEMS:
          case APPENDS:
          case ADDITEMS:
          case SETITEM:
          case APPEND:
            this.fill(op);
            return;
          case FRAME:
            return;
          case PROTO:
            this.protocol = arg;
            return;
          case TUPLE1:
          case TUPLE2:
          case TUPLE3:
            stack.push({ kind: "tuple", items: this.pop() });
            return;
          case EMPTY_TUPLE:
            stack.push({ kind: "tuple", items: [] });
            return;
          case TUPLE:
            stack.push({ kind: "tuple", items: this.popSlice() });
            return;
          default:
            this.applyRare(op, code);
        }
      }
      applyRare(op, code) {
        const { arg } = op;
        switch (code) {
          case GLOBAL: {
            const [module2, name] = arg;
            this.stack.push(this.importGlobal(module2, name));
            return;
          }
          case STACK_GLOBAL: {
            const [module2, name] = this.pop();
            this.stack.push(typeof module2 === "string" && typeof name === "string" ? this.importGlobal(module2, name) : this.importComputed());
            return;
          }
          case INST: {
            const args = this.popSlice();
            const [module2, name] = arg;
            this.stack.push(this.call(this.importGlobal(module2, name), args, null));
            return;
          }
          case OBJ: {
            const slice = this.popSlice();
            const cls = slice[0];
            if (cls === void 0) throw this.error("STACK_UNDERFLOW", "OBJ needs a class above the mark");
            this.stack.push(this.call(cls, slice.slice(1), null));
            return;
          }
          case REDUCE:
          case NEWOBJ: {
            const [callee, args] = this.pop();
            this.stack.push(this.call(callee, tupleItems(args), args));
            return;
          }
          case NEWOBJ_EX: {
            const [cls, args, kwargs] = this.pop();
            this.stack.push(this.call(cls, tupleItems(args), args, kwargs));
            return;
          }
          case BUILD: {
            const [target, state] = this.pop();
            this.build(target, state);
            this.stack.push(target);
            return;
          }
          case DUP: {
            const top = this.stack.peek();
            if (top === void 0) throw this.error("STACK_UNDERFLOW", "nothing to duplicate");
            this.stack.push(top);
            return;
          }
          case EXT1:
          case EXT2:
          case EXT4:
            this.stack.push(this.importExtension(arg));
            return;
          case PERSID:
          case BINPERSID:
            this.note("unknown", "uses a persistent id: what it loads is up to the loader's persistent_load");
            this.applyGeneric(op);
            return;
          case LIST:
          case DICT2:
          case FROZENSET:
            this.stack.push({ kind: "container", callables: callablesIn(this.popSlice(), null), entries: null });
            return;
          case SHORT_BINBYTES:
          case BINBYTES:
          case BINBYTES8:
          case BYTEARRAY8: {
            const payload = arg;
            this.stack.push({ kind: "bytes", bytes: payload, start: op.end - payload.length });
            return;
          }
          case INT:
          case LONG:
          case LONG4:
            this.stack.push(typeof arg === "boolean" ? Number(arg) : arg);
            return;
          default:
            this.applyGeneric(op);
        }
      }
      /** APPEND(S), SETITEM(S), ADDITEMS: CPython calls the target's own append/extend/__setitem__/add. */
      fill(op) {
        const code = op.info.code;
        const marked = code === APPENDS || code === SETITEMS || code === ADDITEMS;
        const stack = this.stack;
        const first = stack.addedItemsStart(marked, code === SETITEM ? 2 : 1);
        if (typeof first !== "number") throw this.error(first.code, first.reason);
        const items = stack.itemArray;
        const container = items[first - 1];
        if (typeof container === "object") {
          if (container.kind === "global") {
            this.note("dangerous", `${op.info.name} changes the contents of the global ${container.qualname ?? "(computed)"}`);
          } else if (container.kind === "container") {
            for (let i = first; i < items.length; i++) {
              const item = items[i];
              if (typeof item === "object" && item.kind !== "data") container.callables = callablesIn([item], container.callables);
            }
            if (container.entries !== null && code !== APPENDS && code !== APPEND && code !== ADDITEMS) {
              for (let i = first; i + 1 < items.length; i += 2) {
                const key = items[i];
                if (typeof key === "string") container.entries.set(key, items[i + 1]);
              }
            }
          }
        }
        stack.dropFrom(first, marked);
      }
      /** Stack effect from the table: pop stackBefore, push stackAfter (str constants kept as text). */
      applyGeneric({ info, arg }) {
        const popped = this.stack.pop(info);
        if (isStackFault(popped)) throw this.error(popped.code, popped.reason);
        for (const kind3 of info.stackAfter) {
          this.stack.push(TEXT_KINDS.has(kind3) && typeof arg === "string" ? arg : DATA);
        }
      }
      pop() {
        const popped = this.stack.pop(this.op.info);
        if (isStackFault(popped)) throw this.error(popped.code, popped.reason);
        return popped.fixed;
      }
      popSlice() {
        const popped = this.stack.pop(this.op.info);
        if (isStackFault(popped)) throw this.error(popped.code, popped.reason);
        return popped.slice ?? [];
      }
      importGlobal(module2, name) {
        const [module3, name3] = this.context.isFixingImports && (this.protocol ?? 0) < 3 ? fixImports(module2, name) : [module2, name];
        const qualname = `${module3}.${name3}`;
        let { verdict, reason } = classifyGlobal(module3, name3, this.context.isRebuilt);
        if (qualname === "builtins.getattr") {
          verdict = "unknown";
          reason = null;
        }
        this.addImport(`${module2}
${name}`, { module: module2, name, qualname, verdict });
        if (reason !== null && verdict !== "safe") this.note(verdict, reason);
        return { kind: "global", qualname, verdict };
      }
      importComputed() {
        this.addImport("computed", { module: null, name: null, qualname: null, verdict: "dangerous" });
        this.note("dangerous", "STACK_GLOBAL imports a name computed at load time");
        return { kind: "global", qualname: null, verdict: "dangerous" };
      }
      importExtension(code) {
        this.addImport(`ext ${code}`, { module: null, name: null, qualname: null, verdict: "unknown" });
        this.note("unknown", `imports extension code ${code}, which the loader's copyreg registry names`);
        return { kind: "global", qualname: null, verdict: "unknown" };
      }
      addImport(key, entry) {
        const seen = this.imports.get(key);
        if (seen !== void 0) seen.count++;
        else this.imports.set(key, { ...entry, opcode: this.op.info.name, offset: this.op.offset, count: 1 });
      }
      /**
       * Records a call of `callee` with positional `args` (null when they are not a tuple the audit
       * followed) and returns the object it would produce.
       */
      call(callee, args, argsSym, kwargs = null) {
        let target = null;
        let verdict;
        let isCallable = false;
        let length = -1;
        let payload = null;
        let descr = null;
        if (typeof callee === "object" && callee.kind === "global") {
          target = callee.qualname;
          verdict = callee.verdict;
          if (verdict === "dangerous") this.note("dangerous", `calls ${target ?? "a global computed at load time"}`);
          if (target !== null) {
            isCallable = CALLABLE_FACTORIES.has(target);
            if (target === "builtins.getattr") verdict = this.judgeGetattr(args);
            if (NESTED_LOADERS.has(target)) verdict = worstVerdict(verdict, this.auditNested(target, args, kwargs));
            if (target === "builtins.range" && args !== null) length = rangeLength(args);
            if ((target === "io.BytesIO" || target === "_io.BytesIO" || target === "_codecs.encode") && args !== null) payload = bytesOf(args[0]);
            if (verdict === "safe" && args !== null) this.checkSize(target, args);
            if (target === "numpy.dtype" && typeof args?.[0] === "string") descr = args[0];
            if (JOBLIB_WRAPPERS.has(target)) this.pendingWrappers++;
            if (args !== null && verdict === "dangerous") this.noteCode(args, target);
          }
        } else if (typeof callee === "object" && callee.kind === "object") {
          verdict = "dangerous";
          this.note("dangerous", `calls a value computed at load time (returned by ${callee.qualname ?? "another computed call"})`);
          if (args !== null) this.noteCode(args);
        } else {
          verdict = "unknown";
          this.note("unknown", "calls a value that is not callable (CPython would fail here)");
        }
        if (verdict !== "safe" && !(target !== null && PURE_NESTED_LOADERS.has(target))) {
          this.checkCallableArguments(target, args ?? (argsSym === null ? [] : [argsSym]), kwargs);
        }
        this.addCall(target, verdict);
        return { kind: "object", qualname: target, verdict, isCallable, length, payload, descr };
      }
      /**
       * Names the function a pickle carries code for (cloudpickle's and dill's functions): a code
       * object's arguments hold its file name, name and qualname as its only top-level str items; a
       * function maker (`_make_function(code, globals, name, ...)`) gets the name third.
       */
      noteCode(args, target = null) {
        if (target !== null && FUNCTION_MAKERS.test(target)) {
          const name = args[2];
          if (typeof name === "string") this.note("dangerous", `makes the function ${name} from a code object (${target}): its code runs when the function is called`);
          return;
        }
        const texts = args.filter((arg) => typeof arg === "string");
        if (texts.length >= 2 && args.some((arg) => typeof arg === "object" && (arg.kind === "bytes" || arg.kind === "object" && arg.payload !== null))) {
          const name = texts[2] ?? texts[1];
          this.note("dangerous", `builds the code object of the function ${name} (file ${texts[0]}): code that runs when the function is called`);
        }
      }
      /** `getattr(value, "name")` of a data value is a bound method (unknown); of a global or a dunder, dangerous. */
      judgeGetattr(args) {
        const [owner, name] = args ?? [];
        if (owner === void 0 || typeof name !== "string" || name.startsWith("_")) {
          this.note("dangerous", "calls builtins.getattr with a name that is not a plain attribute");
          return "dangerous";
        }
        if (typeof owner === "object" && owner.kind === "global") {
          this.note("dangerous", `calls builtins.getattr on the global ${owner.qualname ?? "(computed)"}: it reaches any of its attributes`);
          return "dangerous";
        }
        this.note("unknown", `getattr(value, ${JSON.stringify(name)}) fetches a bound method (dangerous only if called or passed on)`);
        return "unknown";
      }
      /** A callable global or callable value given to a call that is not rebuilt: the callee may call it. */
      checkCallableArguments(target, args, kwargs) {
        const callee = target ?? "a callable computed at load time";
        const found = callablesIn(args, null);
        if (kwargs !== null) callablesIn([kwargs], found);
        for (const sym of found ?? []) {
          const what = sym.kind === "global" ? `the function ${sym.qualname ?? "(computed)"}` : `a callable made at load time (${sym.qualname})`;
          this.note("dangerous", `passes ${what} as an argument to ${callee}, which may call it`);
        }
      }
      /** An allow-listed constructor asked for more than the decoder would ever allocate. */
      checkSize(target, args) {
        const limit = this.context.maxBytesLength;
        for (const arg of args) {
          let bytes = -1;
          if ((typeof arg === "number" || typeof arg === "bigint") && MATERIALIZING.has(target)) bytes = Number(arg);
          else if (typeof arg === "object" && arg.kind === "object" && arg.length >= 0) bytes = arg.length * BYTES_PER_ITEM;
          if (bytes > limit) {
            this.note("dangerous", `calls ${target} with a size of ${bytes} bytes, past maxBytesLength (${limit}): resource exhaustion`);
          }
        }
        if (target.endsWith("multiarray._reconstruct")) {
          const shape = args[1];
          if (typeof shape === "object" && shape.kind === "tuple") {
            let count2 = 1;
            for (const dim of shape.items) if (kindOf2(dim) === "int") count2 *= Math.max(Number(dim), 0);
            if (count2 > limit) this.note("dangerous", `calls ${target} with a shape of ${count2} items, past maxBytesLength (${limit}): resource exhaustion`);
          }
        }
      }
      /** Audits the pickle bytes a loader is given as a pickle of its own; returns its verdict (at least unknown). */
      auditNested(target, args, kwargs) {
        const where = `a nested pickle (argument of ${target} at byte ${this.op.offset})`;
        const source = args === null ? null : bytesOf(args[0]);
        if (source === null || kwargs !== null) {
          this.note("dangerous", `calls ${target} on data computed at load time: what it unpickles cannot be audited`);
          return "dangerous";
        }
        if (this.context.depth + 1 >= MAX_NESTING) {
          this.note("dangerous", `${where} is nested more than ${MAX_NESTING} deep`);
          return "dangerous";
        }
        const isLegacyTorch = looksLikeLegacyTorch(source.bytes);
        const nested = auditBytes(source.bytes, null, { ...this.context, depth: this.context.depth + 1 }, isLegacyTorch ? 5 : Number.POSITIVE_INFINITY);
        return worstVerdict("unknown", this.foldNested(nested, source.start, where));
      }
      /** Adds a nested audit's findings (offsets moved by `base` when known) and returns its verdict. */
      foldNested(nested, base, where) {
        for (const record of nested.records) {
          for (const finding of record.findings) {
            const offset = base >= 0 ? base + finding.offset : this.op.offset;
            const reason = `${where}: ${finding.reason}`;
            if (!this.findings.has(reason)) this.findings.set(reason, { verdict: finding.verdict, reason, opcode: finding.opcode, offset, count: 1 });
          }
        }
        if (nested.error !== null) {
          this.note("unknown", `${where} stops at its byte ${nested.error.offset}: ${nested.error.reason}`);
        }
        return nested.verdict;
      }
      build(target, state) {
        if (typeof target !== "object") return;
        if (target.kind === "global") {
          this.note("dangerous", `BUILD sets attributes of the global ${target.qualname ?? "(computed)"}`);
          this.addCall(target.qualname, "dangerous");
        } else if (target.kind === "object") {
          this.addCall(target.qualname, target.verdict);
          if (target.verdict !== "safe") this.checkCallableArguments(target.qualname, [state], null);
          if (target.qualname !== null && JOBLIB_WRAPPERS.has(target.qualname) && typeof state === "object" && state.kind === "container" && state.entries !== null) {
            this.pendingWrappers--;
            this.skipJoblibArray(state.entries);
          }
        }
      }
      /**
       * joblib writes an array's bytes right after its wrapper's BUILD (its frame committed first):
       * raw numbers (after a padding-length byte and padding when aligned), or for an object array a
       * protocol 2 pickle of its own, audited here as a nested pickle. The opcodes resume after them.
       */
      skipJoblibArray(entries) {
        const shape = entries.get("shape");
        const dtype = entries.get("dtype");
        if (typeof shape !== "object" || shape.kind !== "tuple" || typeof dtype !== "object" || dtype.kind !== "object" || dtype.descr === null) return;
        let count2 = 1;
        for (const dim of shape.items) count2 *= kindOf2(dim) === "int" ? Number(dim) : Number.NaN;
        const itemsize = itemsizeOf(dtype.descr);
        let at = this.op.end;
        if (itemsize === 0) {
          const nested = auditBytes(this.bytes.subarray(at), null, { ...this.context, depth: this.context.depth + 1 }, 1);
          this.foldNested(nested, at, `an object array joblib pickled after its wrapper (byte ${at})`);
          const record = nested.records[0];
          if (record?.isComplete === true) this.resumeAt = at + record.byteLength;
          return;
        }
        if (!Number.isSafeInteger(count2) || itemsize < 0) return;
        const alignment = entries.get("numpy_array_alignment_bytes");
        if (alignment !== void 0 && kindOf2(alignment) === "int") {
          if (at >= this.bytes.length) return;
          at += 1 + this.bytes[at];
        }
        const end = at + count2 * itemsize;
        if (end <= this.bytes.length) this.resumeAt = end;
      }
      addCall(target, verdict) {
        const key = `${this.op.info.name}
${target}`;
        const seen = this.calls.get(key);
        if (seen !== void 0) seen.count++;
        else this.calls.set(key, { opcode: this.op.info.name, offset: this.op.offset, target, count: 1, verdict });
      }
      /** The offset the opcodes resume at after raw bytes, once (then undefined again). */
      takeResume() {
        const at = this.resumeAt;
        this.resumeAt = void 0;
        return at;
      }
      /** A `FRAME_OVERRUN` from genops: what CPython runs is not what this audit walked. */
      noteFrameViolation(error) {
        const opcode = error.opcodeName ?? "FRAME";
        const reason = `breaks the frame rule: ${error.reason}; what CPython loads from a file is not what is audited here`;
        this.findings.set(reason, { verdict: "dangerous", reason, opcode, offset: error.offset, count: 1 });
      }
      note(verdict, reason) {
        const seen = this.findings.get(reason);
        if (seen !== void 0) seen.count++;
        else this.findings.set(reason, { verdict, reason, opcode: this.op.info.name, offset: this.op.offset, count: 1 });
      }
      error(code, reason) {
        return new PickleError(reason, { code, offset: this.op.offset, opcode: this.op.info.code, recordIndex: this.recordIndex });
      }
      /** The report, once the record ended at `end` (complete or not). */
      finish(start, end, isComplete) {
        const findings = [...this.findings.values()];
        const opcodeCounts = /* @__PURE__ */ Object.create(null);
        let highestProtocol = -1;
        for (let code = 0; code < 256; code++) {
          const count2 = this.counts[code];
          if (count2 === 0) continue;
          const info = opcodeByCode(code);
          opcodeCounts[info.name] = count2;
          if (info.proto > highestProtocol) highestProtocol = info.proto;
        }
        let verdict = isComplete ? "safe" : "unknown";
        for (const finding of findings) verdict = worstVerdict(verdict, finding.verdict);
        return {
          recordIndex: this.recordIndex,
          offset: start,
          byteLength: end - start,
          protocol: this.protocol,
          highestOpcodeProtocol: highestProtocol,
          opcodeCounts,
          maxNesting: this.maxNesting,
          memoSize: this.memo.size,
          imports: [...this.imports.values()],
          calls: [...this.calls.values()],
          findings,
          verdict,
          isComplete
        };
      }
    };
  }
});

// ../core/src/disasm/audit-file.ts
function looksLikeNpy(bytes) {
  return bytes.length >= 10 && NPY_MAGIC.every((byte, i) => bytes[i] === byte);
}
function auditFile(bytes, options = {}) {
  try {
    if (looksLikeZip(bytes)) return auditZip(bytes, options);
    if (looksLikeNpy(bytes)) {
      const { audit, member } = auditNpy(bytes, 0, null, options);
      return { ...audit, container: { format: "npy", members: [member] } };
    }
  } catch (error) {
    if (!(error instanceof PickleError)) throw error;
    return containerError(bytes, error);
  }
  if (looksLikeLegacyTorch(bytes)) return auditLegacyTorch(bytes, options);
  return { ...auditPickle(bytes, options), container: null };
}
function containerError(bytes, error) {
  return {
    byteLength: bytes.length,
    verdict: "unknown",
    records: [],
    error: { code: error.code, reason: error.reason, offset: error.offset, recordIndex: 0, opcode: null },
    container: null
  };
}
function auditZip(bytes, options) {
  const zip = new ZipArchive(bytes, options.inflateRaw === void 0 ? {} : { inflateRaw: options.inflateRaw });
  const isTorch = zip.entries.some((entry) => /^[^/]+\/data\.pkl$/.test(entry.name));
  const members = [];
  const records = [];
  let verdict = "safe";
  let error = null;
  let hasNpy = false;
  for (const entry of zip.entries) {
    const isPickle = /\.(pkl|pickle)$/.test(entry.name);
    const isNpy = entry.name.endsWith(".npy");
    if (!isPickle && !isNpy) {
      members.push({ name: entry.name, kind: "data", offset: -1, verdict: "safe" });
      continue;
    }
    const data = zip.read(entry);
    const base = data.buffer === bytes.buffer ? data.byteOffset - bytes.byteOffset : -1;
    let audit;
    if (isNpy) {
      hasNpy = true;
      const result = auditNpy(data, base, entry.name, options);
      audit = result.audit;
      members.push(result.member);
    } else {
      audit = shift(auditPickle(data, options), base, entry.name);
      members.push({ name: entry.name, kind: "pickle", offset: base, verdict: audit.verdict });
    }
    records.push(...audit.records);
    verdict = worstVerdict(verdict, audit.verdict);
    error ??= audit.error;
  }
  if (!members.some((member) => member.kind !== "data")) verdict = worstVerdict(verdict, "unknown");
  const format = isTorch ? "torch-zip" : hasNpy ? "npz" : "zip";
  return { byteLength: bytes.length, verdict, records, error, container: { format, members } };
}
function auditNpy(bytes, base, name, options) {
  const major = bytes[6];
  const headerSize = major === 1 ? 2 : 4;
  if (bytes.length < 8 + headerSize) throw new PickleError(".npy header is cut short", { code: "TRUNCATED", offset: base, opcode: -1, recordIndex: 0 });
  const view = new DataView(bytes.buffer, bytes.byteOffset + 8, headerSize);
  const headerLength = headerSize === 2 ? view.getUint16(0, true) : view.getUint32(0, true);
  const dataStart = 8 + headerSize + headerLength;
  if (dataStart > bytes.length) throw new PickleError(".npy header runs past the end", { code: "TRUNCATED", offset: base, opcode: -1, recordIndex: 0 });
  let header2 = "";
  for (let i = 8 + headerSize; i < dataStart; i++) header2 += String.fromCharCode(bytes[i]);
  const descr = /'descr':\s*(.*?),\s*'(?:fortran_order|shape)'/.exec(header2)?.[1] ?? "";
  const isObject = /'[|<>=]?O\d*'/.test(descr);
  if (!isObject) {
    const audit2 = { byteLength: bytes.length, verdict: "safe", records: [], error: null };
    return { audit: audit2, member: { name, kind: "npy", offset: base, verdict: "safe" } };
  }
  const audit = shift(auditPickle(bytes.subarray(dataStart), options), base >= 0 ? base + dataStart : -1, name ?? ".npy object array");
  return { audit, member: { name, kind: "npy", offset: base, verdict: audit.verdict } };
}
function auditLegacyTorch(bytes, options) {
  const audit = auditPickle(bytes, options);
  const records = audit.records.slice(0, LEGACY_TORCH_PICKLES);
  let verdict = records.length === LEGACY_TORCH_PICKLES ? "safe" : "unknown";
  for (const record of records) verdict = worstVerdict(verdict, record.verdict);
  const error = audit.error !== null && audit.error.recordIndex < LEGACY_TORCH_PICKLES ? audit.error : null;
  return {
    byteLength: bytes.length,
    verdict: error === null ? verdict : worstVerdict(verdict, "unknown"),
    records,
    error,
    container: { format: "torch-legacy", members: [{ name: null, kind: "pickle", offset: 0, verdict }] }
  };
}
function shift(audit, base, member) {
  const by = Math.max(base, 0);
  const where = `in ${member}${base >= 0 ? "" : " (offsets inside the member)"}: `;
  return {
    byteLength: audit.byteLength,
    verdict: audit.verdict,
    records: audit.records.map((record) => ({
      ...record,
      offset: record.offset + by,
      imports: record.imports.map((entry) => ({ ...entry, offset: entry.offset + by })),
      calls: record.calls.map((call) => ({ ...call, offset: call.offset + by })),
      findings: record.findings.map((finding) => ({ ...finding, offset: finding.offset + by, reason: where + finding.reason }))
    })),
    error: audit.error === null ? null : { ...audit.error, offset: audit.error.offset + by, reason: where + audit.error.reason }
  };
}
var NPY_MAGIC, LEGACY_TORCH_PICKLES;
var init_audit_file = __esm({
  "../core/src/disasm/audit-file.ts"() {
    
    init_import_meta_url();
    init_torch_file();
    init_zip();
    init_errors();
    init_audit();
    init_dangerous_globals();
    NPY_MAGIC = [147, 78, 85, 77, 80, 89];
    LEGACY_TORCH_PICKLES = 5;
  }
});

// ../core/src/disasm/index.ts
var init_disasm = __esm({
  "../core/src/disasm/index.ts"() {
    
    init_import_meta_url();
    init_dis();
    init_audit_file();
  }
});

// src/inspect-functions.ts
function carriesCode(audit) {
  return audit.records.some((record) => record.findings.some((finding) => /code object/.test(finding.reason)));
}
function carriedFunctions(bytes, audit, memo) {
  if (audit.container !== null || !carriesCode(audit)) return [];
  let records;
  try {
    records = loadAll(bytes, { memo, dict: "map", wrapIntegralFloats: true });
  } catch (error) {
    if (isPickleError(error)) return [];
    throw error;
  }
  const found = [];
  records.forEach((record, recordIndex) => {
    let plain;
    try {
      plain = JSON.parse(toJson(record));
    } catch {
      return;
    }
    const pending = [plain];
    while (pending.length > 0) {
      const value = pending.pop();
      if (value === null || typeof value !== "object") continue;
      if (Array.isArray(value)) {
        pending.push(...value);
        continue;
      }
      const object = value;
      if (typeof object.__function__ === "string") {
        const parameters = Array.isArray(object.parameters) ? object.parameters.map(String) : [];
        const closure = object.closure !== null && typeof object.closure === "object" ? object.closure : {};
        found.push({ recordIndex, name: object.__function__, parameters, closure });
      }
      pending.push(...Object.values(object));
    }
  });
  return found;
}
function formatFunction(fn) {
  const captured = Object.entries(fn.closure).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  return `${fn.name}(${fn.parameters.join(", ")})${captured.length === 0 ? "" : ` captures ${captured.join(", ")}`}`;
}
var init_inspect_functions = __esm({
  "src/inspect-functions.ts"() {
    
    init_import_meta_url();
    init_src();
  }
});

// src/inspect-text.ts
function formatAudit(name, audit) {
  const records = audit.records.length;
  let text3 = `${name}: ${audit.verdict} (${records} record${records === 1 ? "" : "s"}, ${audit.byteLength} bytes)
`;
  const container = "container" in audit ? audit.container : null;
  if (container !== null) {
    const audited = container.members.filter((member) => member.kind !== "data");
    const names2 = audited.map((member) => `${member.name ?? "(the file)"} [${member.verdict}]`).join(", ");
    text3 += `  ${container.format}: ${names2 === "" ? "no pickle inside" : `audited ${names2}`}
`;
  }
  for (const record of audit.records) text3 += formatRecord(record);
  if (audit.error !== null) {
    const { recordIndex, offset, reason, opcode } = audit.error;
    text3 += `  error: record ${recordIndex} at byte ${offset}: ${reason}${opcode === null ? "" : ` (opcode ${opcode})`}
`;
  }
  return text3;
}
function formatRecord(record) {
  const protocol = record.protocol === null ? `protocol ${record.highestOpcodeProtocol} (no PROTO)` : `protocol ${record.protocol}`;
  const lines = [
    `  record ${record.recordIndex} at byte ${record.offset}: ${record.verdict}, ${protocol}, ${record.byteLength} bytes, nesting ${record.maxNesting}, memo ${record.memoSize}${record.isComplete ? "" : ", incomplete"}`,
    `    opcodes: ${formatCounts(record.opcodeCounts)}`
  ];
  if (record.imports.length > 0) lines.push(`    imports: ${record.imports.map(formatImport).join(", ")}`);
  if (record.calls.length > 0) lines.push(`    calls:   ${record.calls.map(formatCall).join(", ")}`);
  for (const finding of record.findings) {
    lines.push(`    ${finding.verdict}: ${finding.reason} (${finding.opcode} at byte ${finding.offset}${times(finding.count)})`);
  }
  return `${lines.join("\n")}
`;
}
function formatCounts(counts) {
  const entries = Object.entries(counts);
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return entries.map(([name, count2]) => `${name} ${count2}`).join(", ");
}
function formatImport(entry) {
  const name = entry.qualname ?? "<computed at load time>";
  return `${name} [${entry.verdict}]${times(entry.count)}`;
}
function formatCall(call) {
  return `${call.opcode} ${call.target ?? "<computed at load time>"} [${call.verdict}]${times(call.count)}`;
}
function times(count2) {
  return count2 > 1 ? ` x${count2}` : "";
}
var init_inspect_text = __esm({
  "src/inspect-text.ts"() {
    
    init_import_meta_url();
  }
});

// src/output.ts
function joinBatch(batch) {
  if (typeof batch[0] === "string") return batch.join("");
  return Buffer.concat(batch);
}
var BATCH_BYTES, OutputSink;
var init_output = __esm({
  "src/output.ts"() {
    
    init_import_meta_url();
    BATCH_BYTES = 64 * 1024;
    OutputSink = class {
      /** The reader closed the pipe; stop producing. */
      isClosed = false;
      stream;
      isOwned;
      batch = [];
      batchBytes = 0;
      isFlushScheduled = false;
      needsDrain = false;
      failure = null;
      waiters = [];
      /** `isOwned`: the sink opened the stream (a file) and ends it; stdout is never ended. */
      constructor(stream, isOwned) {
        this.stream = stream;
        this.isOwned = isOwned;
        stream.on("error", this.onError);
        stream.on("drain", this.wake);
      }
      /** Queues a piece; the promise, when one comes back, must be awaited before writing more. */
      write(piece) {
        if (this.failure !== null) throw this.failure;
        if (this.isClosed) return void 0;
        this.batch.push(piece);
        this.batchBytes += piece.length;
        if (this.batchBytes >= BATCH_BYTES) this.flush();
        else if (!this.isFlushScheduled) {
          this.isFlushScheduled = true;
          setImmediate(this.flushScheduled);
        }
        return this.needsDrain ? this.waitForDrain() : void 0;
      }
      /** Writes what is queued and waits until the stream took it (a file is closed). */
      async finish() {
        this.flush();
        if (this.needsDrain) await this.waitForDrain();
        if (this.failure !== null) throw this.failure;
        if (this.isClosed) return;
        if (this.isOwned) {
          await new Promise((resolve7, reject) => {
            this.stream.end((error) => error ? reject(error) : resolve7());
          });
        }
        if (this.failure !== null) throw this.failure;
      }
      /** Stops listening; an owned stream is destroyed (after an error, its file is left as it is). */
      close() {
        this.stream.off("drain", this.wake);
        if (this.isOwned && !this.stream.destroyed) this.stream.destroy();
      }
      flush() {
        if (this.batch.length === 0 || this.isClosed || this.failure !== null) {
          this.batch.length = 0;
          this.batchBytes = 0;
          return;
        }
        const batch = this.batch;
        const piece = batch.length === 1 ? batch[0] : joinBatch(batch);
        this.batch = [];
        this.batchBytes = 0;
        if (!this.stream.write(piece)) this.needsDrain = true;
      }
      flushScheduled = () => {
        this.isFlushScheduled = false;
        this.flush();
      };
      waitForDrain() {
        return new Promise((resolve7) => this.waiters.push(resolve7));
      }
      wake = () => {
        this.needsDrain = false;
        const waiters = this.waiters;
        this.waiters = [];
        for (const resolve7 of waiters) resolve7();
      };
      onError = (error) => {
        if (error.code === "EPIPE") this.isClosed = true;
        else this.failure ??= error;
        this.wake();
      };
    };
  }
});

// src/read-whole.ts
async function readWhole(input, io) {
  const chunks = [];
  let total = 0;
  for await (const chunk of gunzipIfNeeded(inputBytes(input, io, () => void 0))) {
    chunks.push(chunk);
    total += chunk.length;
  }
  return chunks.length === 1 ? chunks[0] : joinBytes(chunks, total);
}
var init_read_whole = __esm({
  "src/read-whole.ts"() {
    
    init_import_meta_url();
    init_internal();
    init_src2();
    init_input_bytes();
  }
});

// src/commands/inspect.ts
var inspect_exports = {};
__export(inspect_exports, {
  runInspect: () => runInspect
});
async function runInspect(argv, io) {
  const isDebug = argv.includes("--debug");
  let inputs;
  let isJson;
  let isDis;
  let memo;
  try {
    const { values, positionals } = parseCommandArgs(argv, INSPECT_OPTIONS);
    if (values.help === true) {
      io.stdout.write(INSPECT_HELP);
      return EXIT.OK;
    }
    isJson = values.json === true;
    isDis = values.dis === true;
    memo = values.memo ?? "per-record";
    if (memo !== "per-record" && memo !== "shared") {
      throw new UsageError(`--memo must be per-record or shared, got ${JSON.stringify(values.memo)}`);
    }
    if (isJson && isDis) throw new UsageError("--json and --dis are separate reports: choose one");
    if (positionals.length === 0) throw new UsageError("inspect: name the pickle files to inspect (or - for stdin)");
    inputs = await resolveInputs(positionals, io.cwd);
  } catch (error) {
    return reportError(error, void 0, io, isDebug);
  }
  const sink = new OutputSink(io.stdout, false);
  let worst = "safe";
  const reports = [];
  let current;
  try {
    for (const input of inputs) {
      current = inputName(input);
      const bytes = await readWhole(input, io);
      const audit = auditFile(bytes, { memo, inflateRaw });
      if (VERDICT_RANK[audit.verdict] > VERDICT_RANK[worst]) worst = audit.verdict;
      const functions = isDis ? [] : carriedFunctions(bytes, audit, memo);
      if (isJson) reports.push({ ...jsonReport(input, audit), functions });
      else if (isDis) await writeDis(current, bytes, inputs.length > 1, sink, io, isDebug);
      else {
        await sink.write(formatAudit(current, audit));
        for (const fn of functions) await sink.write(`  function in record ${fn.recordIndex}: ${formatFunction(fn)}
`);
      }
      if (!isJson && !isDis && audit.error !== null) io.stderr.write(`pkl-stream: ${current}: ${describeAuditError(audit, bytes)}
`);
      if (sink.isClosed || io.signal.aborted) break;
    }
    if (isJson) await sink.write(`${JSON.stringify({ verdict: worst, files: reports }, null, 2)}
`);
    else if (!isDis && inputs.length > 1) await sink.write(`verdict: ${worst}
`);
    await sink.finish();
  } catch (error) {
    await sink.finish().catch(() => void 0);
    return reportError(error, current, io, isDebug);
  } finally {
    sink.close();
  }
  if (io.signal.aborted) return EXIT.INTERRUPTED;
  return VERDICT_EXIT[worst];
}
function inflateRaw(data, size2) {
  return (0, import_node_zlib.inflateRawSync)(data, { maxOutputLength: Math.max(size2, 1) });
}
function jsonReport(input, audit) {
  return { file: input.kind === "stdin" ? null : input.name, ...audit };
}
async function writeDis(name, bytes, hasHeader, sink, io, isDebug) {
  if (hasHeader) await sink.write(`==> ${name} <==
`);
  try {
    for (const line of disAllLines(bytes)) {
      const wait = sink.write(`${line}
`);
      if (wait !== void 0) await wait;
      if (sink.isClosed) return;
    }
  } catch (error) {
    if (!isPickleError(error)) throw error;
    reportError(notAPickleError(error, bytes) ?? error, name, io, isDebug);
  }
}
function describeAuditError(audit, bytes) {
  const { recordIndex, offset, reason, opcode } = audit.error;
  const notAPickle = recordIndex === 0 ? describeNotAPickle(bytes, offset) : void 0;
  if (notAPickle !== void 0) return `record 0 at byte ${offset}: ${notAPickle}`;
  return `record ${recordIndex} at byte ${offset}: ${reason}${opcode === null ? "" : ` (opcode ${opcode})`}`;
}
var import_node_zlib, INSPECT_OPTIONS, VERDICT_EXIT, VERDICT_RANK;
var init_inspect = __esm({
  "src/commands/inspect.ts"() {
    
    init_import_meta_url();
    init_src();
    init_disasm();
    init_internal();
    import_node_zlib = require("node:zlib");
    init_args();
    init_exit_codes();
    init_help();
    init_inspect_functions();
    init_inspect_text();
    init_inputs();
    init_output();
    init_read_whole();
    init_report_error();
    INSPECT_OPTIONS = {
      json: { type: "boolean" },
      dis: { type: "boolean" },
      debug: { type: "boolean" },
      memo: { type: "string" },
      help: { type: "boolean", short: "h" }
    };
    VERDICT_EXIT = { safe: EXIT.SAFE, unknown: EXIT.UNKNOWN, dangerous: EXIT.DANGEROUS };
    VERDICT_RANK = { safe: 0, unknown: 1, dangerous: 2 };
  }
});

// src/progress.ts
function formatMb(bytes) {
  return (bytes / MB).toFixed(1);
}
function percent(part, total) {
  return total === 0 ? "100%" : `${Math.min(100, Math.floor(part / total * 100))}%`;
}
function formatDuration(seconds) {
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor(whole % 3600 / 60);
  const s = String(whole % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
var REDRAW_MS, MB, ProgressMeter;
var init_progress = __esm({
  "src/progress.ts"() {
    
    init_import_meta_url();
    REDRAW_MS = 250;
    MB = 1024 * 1024;
    ProgressMeter = class {
      constructor(stderr, totalBytes, now = Date.now) {
        this.stderr = stderr;
        this.totalBytes = totalBytes;
        this.now = now;
        this.startedAt = now();
        this.timer = setInterval(() => this.draw(), REDRAW_MS);
        this.timer.unref();
      }
      stderr;
      totalBytes;
      now;
      bytesRead = 0;
      records = 0;
      startedAt;
      timer;
      lastWidth = 0;
      isStopped = false;
      addBytes(count2) {
        this.bytesRead += count2;
      }
      addRecord() {
        this.records++;
      }
      /** The input is done: draws the final counts and ends the line (it stays, as pv's does). */
      finish() {
        if (this.isStopped) return;
        clearInterval(this.timer);
        this.draw();
        this.stderr.write("\n");
        this.isStopped = true;
      }
      /** Stops redrawing and wipes the line, so an error message after it starts clean. */
      stop() {
        if (this.isStopped) return;
        clearInterval(this.timer);
        if (this.lastWidth > 0) this.stderr.write(`\r${" ".repeat(this.lastWidth)}\r`);
        this.lastWidth = 0;
        this.isStopped = true;
      }
      /** The status text for the counters now (separate from drawing, for tests). */
      describe() {
        const seconds = Math.max((this.now() - this.startedAt) / 1e3, 1e-3);
        const rate = this.bytesRead / MB / seconds;
        const parts = [
          this.totalBytes === void 0 ? `${formatMb(this.bytesRead)} MB` : `${formatMb(this.bytesRead)} / ${formatMb(this.totalBytes)} MB ${percent(this.bytesRead, this.totalBytes)}`,
          `${this.records.toLocaleString("en-US")} records`,
          `${rate.toFixed(1)} MB/s`
        ];
        if (this.totalBytes !== void 0 && this.bytesRead > 0) {
          const remaining = (this.totalBytes - this.bytesRead) / this.bytesRead * seconds;
          parts.push(`ETA ${formatDuration(Math.max(remaining, 0))}`);
        }
        return parts.join("  ");
      }
      draw() {
        const text3 = this.describe();
        const padding = this.lastWidth > text3.length ? " ".repeat(this.lastWidth - text3.length) : "";
        this.stderr.write(`\r${text3}${padding}`);
        this.lastWidth = text3.length;
      }
    };
  }
});

// src/commands/merge.ts
var merge_exports = {};
__export(merge_exports, {
  MERGE_HELP: () => MERGE_HELP,
  describeProgress: () => describeProgress,
  runMerge: () => runMerge
});
async function runMerge(argv, io) {
  const isDebug = argv.includes("--debug");
  let settings;
  try {
    const { values, positionals } = parseCommandArgs(argv, MERGE_OPTIONS);
    if (values.help === true) {
      io.stdout.write(MERGE_HELP);
      return EXIT.OK;
    }
    settings = resolveSettings3(values, positionals, io);
  } catch (error) {
    return reportError(error, void 0, io, isDebug);
  }
  const meter = settings.isProgress ? new MergeMeter(io) : null;
  try {
    const summary = await mergePickles({
      patterns: settings.patterns,
      cwd: io.cwd,
      concurrency: settings.concurrency,
      onConflict: settings.onConflict,
      output: settings.output ?? io.stdout,
      format: settings.format,
      keepGoing: settings.keepGoing,
      onProgress: meter === null ? void 0 : (progress) => meter.update(progress),
      signal: io.signal
    });
    meter?.finish();
    for (const failure of summary.failures) io.stderr.write(`pkl-stream: skipped ${failure.message}
`);
    if (summary.failures.length > 0) {
      io.stderr.write(`pkl-stream: merged ${summary.filesMerged} files; ${summary.failures.length} bad (listed above)
`);
      return EXIT.BAD_DATA;
    }
    return EXIT.OK;
  } catch (error) {
    meter?.stop();
    if (io.signal.aborted) return EXIT.INTERRUPTED;
    return reportMergeError(error, settings, io, isDebug);
  }
}
function resolveSettings3(values, positionals, io) {
  if (positionals.length === 0) throw new UsageError("merge: name at least one file or glob (pkl-stream merge 'shards/*.pkl' -o out.msgpack)");
  const output = values.output === void 0 ? void 0 : (0, import_node_path5.resolve)(io.cwd, values.output);
  const format = values.format !== void 0 ? parseChoice("--format", values.format, FORMATS) : defaultFormat(output);
  const concurrency = values.concurrency === void 0 ? void 0 : parseCount("--concurrency", values.concurrency);
  if (concurrency === 0) throw new UsageError("--concurrency must be at least 1");
  const onConflict = values["on-conflict"] === void 0 ? "last" : parseChoice("--on-conflict", values["on-conflict"], POLICIES);
  if (output === void 0 && (format === "msgpack" || format === "pickle") && io.isStdoutTTY) {
    throw new UsageError(`merge: ${format} is binary; name a file with -o, pipe stdout, or use --format json`);
  }
  return {
    patterns: [...positionals],
    output,
    outputName: values.output,
    format,
    concurrency,
    onConflict,
    keepGoing: values["keep-going"] === true,
    isProgress: values.progress === true
  };
}
function defaultFormat(output) {
  if (output === void 0) return "json";
  const extension = (0, import_node_path5.extname)(output).toLowerCase();
  if (extension === ".json") return "json";
  if (extension === ".ndjson" || extension === ".jsonl") return "ndjson";
  if (extension === ".pkl" || extension === ".pickle") return "pickle";
  return "msgpack";
}
function reportMergeError(error, settings, io, isDebug) {
  if (isOutputPathError(error) && error.path === settings.output && settings.outputName !== void 0) {
    return reportError(new OutputPathError(settings.outputName, error.code, error.reason, { cause: error }), void 0, io, isDebug);
  }
  if (error instanceof NoInputError) return reportError(new UsageError(`merge: ${error.message}`), void 0, io, isDebug);
  if (error instanceof ShardError || error instanceof MergeConflictError) {
    io.stderr.write(`pkl-stream: ${error.message}
`);
    if (isDebug && error.stack !== void 0) io.stderr.write(`${error.stack}
`);
    return error instanceof ShardError && error.code !== void 0 ? exitForPickleError(error.code) : EXIT.BAD_DATA;
  }
  return reportError(error, void 0, io, isDebug);
}
function describeProgress(progress) {
  const seconds = Math.max(progress.elapsedMs / 1e3, 1e-3);
  const rate = progress.bytesRead / MB2 / seconds;
  const parts = [
    `${progress.filesDone}/${progress.filesTotal} files`,
    `${(progress.bytesRead / MB2).toFixed(1)} / ${(progress.bytesTotal / MB2).toFixed(1)} MB`,
    `${rate.toFixed(1)} MB/s`
  ];
  if (progress.bytesRead > 0) {
    const remaining = (progress.bytesTotal - progress.bytesRead) / progress.bytesRead * seconds;
    parts.push(`ETA ${formatDuration(Math.max(remaining, 0))}`);
  }
  return parts.join("  ");
}
var import_node_path5, MERGE_OPTIONS, FORMATS, POLICIES, REDRAW_MS2, MB2, MERGE_HELP, MergeMeter;
var init_merge2 = __esm({
  "src/commands/merge.ts"() {
    
    init_import_meta_url();
    import_node_path5 = require("node:path");
    init_src2();
    init_args();
    init_exit_codes();
    init_progress();
    init_report_error();
    MERGE_OPTIONS = {
      output: { type: "string", short: "o" },
      format: { type: "string", short: "f" },
      concurrency: { type: "string", short: "j" },
      "on-conflict": { type: "string" },
      "keep-going": { type: "boolean", short: "k" },
      progress: { type: "boolean" },
      debug: { type: "boolean" },
      help: { type: "boolean", short: "h" }
    };
    FORMATS = ["msgpack", "json", "ndjson", "pickle"];
    POLICIES = ["last", "first", "error", "deep"];
    REDRAW_MS2 = 250;
    MB2 = 1024 * 1024;
    MERGE_HELP = `Usage: pkl-stream merge GLOB... [options]

Merges dict pickles (one dict per file, or appended dict records) into one dict, as loading them
in sorted path order and dict.update-ing them would. Files are decoded in parallel worker threads.
Inputs may be gzipped, or be the msgpack output of an earlier merge (merges compose).

Options:
  -o, --output FILE        write FILE atomically (temporary file, then rename; a symlink's target
                           is written; a FIFO or device is written through); never one of the
                           inputs. Default stdout
  -f, --format FORMAT      msgpack | json | ndjson (one {"key": value} per line) | pickle (one
                           dict for pickle.load; values as msgpack keeps them). Default: msgpack
                           with -o (json for a .json FILE, ndjson for .ndjson/.jsonl, pickle for
                           .pkl/.pickle), json on stdout
  -j, --concurrency N      files decoded at once (default: available cores)
      --on-conflict POLICY last (default, as dict.update) | first | error | deep (merge nested dicts)
  -k, --keep-going         merge every good file, list the bad ones on stderr, exit 1
      --progress           files done/total, MB read, MB/s and ETA on stderr
  -h, --help               this text

Examples:
  pkl-stream merge 'shards/*.pkl' -o merged.msgpack
  pkl-stream merge 'a/*.pkl.gz' 'b/*.pkl' --on-conflict deep --format json > merged.json
`;
    MergeMeter = class {
      constructor(io) {
        this.io = io;
        this.timer = setInterval(() => this.draw(), REDRAW_MS2);
        this.timer.unref();
      }
      io;
      latest = null;
      timer;
      lastWidth = 0;
      update(progress) {
        this.latest = progress;
      }
      finish() {
        clearInterval(this.timer);
        this.draw();
        if (this.lastWidth > 0) this.io.stderr.write("\n");
      }
      stop() {
        clearInterval(this.timer);
        if (this.lastWidth > 0) this.io.stderr.write(`\r${" ".repeat(this.lastWidth)}\r`);
      }
      draw() {
        const progress = this.latest;
        if (progress === null) return;
        const text3 = describeProgress(progress);
        const padding = this.lastWidth > text3.length ? " ".repeat(this.lastWidth - text3.length) : "";
        this.io.stderr.write(`\r${text3}${padding}`);
        this.lastWidth = text3.length;
      }
    };
  }
});

// src/convert/convert-input.ts
function decodeInput(bytes, name) {
  if (bytes.length === 0) return { format: "pickle", records: [] };
  if (bytes[0] === 128 && bytes.length > 1 && bytes[1] >= 2 && bytes[1] <= 5) return decodePickle(bytes);
  const text3 = printableText(bytes);
  if (text3 === null && name !== void 0 && MSGPACK_NAME.test(name)) {
    const records = msgpackValues(bytes);
    if (records !== null) return { format: "msgpack", records };
  }
  const magic = describeNotAPickle(bytes);
  if (magic !== void 0) throw new UnrecognizedInputError(magic);
  if (text3 !== null && JSON_START.test(text3.slice(0, 64))) return decodeJsonText(text3);
  if (bytes[0] < 128) return decodePickle(bytes);
  if (text3 !== null) throw new UnrecognizedInputError(describeNotAPickle(bytes, 0) ?? "this looks like plain text");
  try {
    return { format: "msgpack", records: decodeMsgpackValues(bytes) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UnrecognizedInputError(`binary data starting ${hexStart(bytes)} that is not whole msgpack values (${reason})`);
  }
}
function isJsonText(bytes, name) {
  if (bytes.length === 0 || bytes[0] === 128 && bytes.length > 1 && bytes[1] >= 2 && bytes[1] <= 5) return false;
  if (name !== void 0 && MSGPACK_NAME.test(name)) return false;
  let head;
  try {
    head = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, TEXT_HEAD_BYTES), { stream: bytes.length > TEXT_HEAD_BYTES });
  } catch {
    return false;
  }
  if (CONTROL.test(head) || describeNotAPickle(bytes) !== void 0) return false;
  return JSON_START.test(head.slice(0, 64));
}
function isMsgpackInput(bytes, name) {
  if (bytes.length === 0 || bytes[0] === 128 && bytes.length > 1 && bytes[1] >= 2 && bytes[1] <= 5) return false;
  const isText = printableText(bytes) !== null;
  if (!isText && name !== void 0 && MSGPACK_NAME.test(name) && isWholeMsgpack(bytes)) return true;
  if (isText || bytes[0] < 128 || describeNotAPickle(bytes) !== void 0) return false;
  return isWholeMsgpack(bytes);
}
function msgpackValues(bytes) {
  try {
    return decodeMsgpackValues(bytes);
  } catch {
    return null;
  }
}
function decodePickle(bytes) {
  try {
    return { format: "pickle", records: loadAll(bytes, PICKLE_OPTIONS) };
  } catch (error) {
    if (!isPickleError(error)) throw error;
    const explained = notAPickleError(error, bytes);
    if (explained === void 0) throw error;
    if (bytes[0] === 128) throw explained;
    throw new UnrecognizedInputError(explained.reason);
  }
}
function decodeJsonText(text3) {
  let whole;
  try {
    whole = parseJsonValue(text3);
  } catch {
    return { format: "ndjson", records: ndjsonRecords(text3) };
  }
  return { format: "json", records: Array.isArray(whole) ? whole : [whole] };
}
function* ndjsonRecords(text3) {
  let start = 0;
  let line = 1;
  let count2 = 0;
  while (start < text3.length) {
    let end = text3.indexOf("\n", start);
    if (end < 0) end = text3.length;
    if (text3.slice(start, end).trim() !== "") {
      let record;
      try {
        record = parseJsonValue(text3, start, end);
      } catch (error) {
        const reason = `NDJSON line ${line}: ${error.message}`;
        if (count2 === 0 && !/^\s*[[{]/.test(text3)) throw new UnrecognizedInputError(plainTextStart(text3, start, end, reason));
        throw new SyntaxError(reason);
      }
      count2++;
      yield record;
    }
    start = end + 1;
    line++;
  }
}
function plainTextStart(text3, start, end, reason) {
  const line = text3.slice(start, Math.min(end, start + 40)).trimEnd();
  return `this looks like plain text (it starts ${JSON.stringify(line)}), not JSON or NDJSON (${reason})`;
}
function printableText(bytes) {
  let text3;
  try {
    text3 = decoder.decode(bytes);
  } catch {
    return null;
  }
  return CONTROL.test(text3) ? null : text3;
}
function hexStart(bytes) {
  return Array.from(bytes.subarray(0, 8), (byte) => byte.toString(16).padStart(2, "0")).join(" ");
}
var UnrecognizedInputError, PICKLE_OPTIONS, MSGPACK_NAME, JSON_START, TEXT_HEAD_BYTES, decoder, CONTROL;
var init_convert_input = __esm({
  "src/convert/convert-input.ts"() {
    
    init_import_meta_url();
    init_src();
    init_internal();
    init_src2();
    UnrecognizedInputError = class extends SyntaxError {
      name = "UnrecognizedInputError";
      constructor(looksLike) {
        super(`format not recognised (pickle, JSON, NDJSON or msgpack): ${looksLike}`);
      }
    };
    PICKLE_OPTIONS = { dict: "map", wrapIntegralFloats: true };
    MSGPACK_NAME = /\.(?:msgpack|mpk)(?:\.gz)?$/i;
    JSON_START = /^\s*(?:[[{"\-0-9]|(?:true|false|null)(?![A-Za-z_]))/;
    TEXT_HEAD_BYTES = 64 * 1024;
    decoder = new TextDecoder("utf-8", { fatal: true });
    CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;
  }
});

// src/convert/input-head.ts
async function readHead(chunks) {
  const iterator = chunks[Symbol.asyncIterator]();
  const pieces = [];
  let total = 0;
  let phase = 0;
  for (; ; ) {
    const next = await iterator.next();
    if (next.done === true) return { head: joinBytes(pieces, total), rest: void 0 };
    const chunk = next.value;
    pieces.push(chunk);
    total += chunk.length;
    for (let at = 0; phase < 3 && at < chunk.length; ) {
      if (phase === 1) {
        const newline = chunk.indexOf(10, at);
        if (newline < 0) break;
        phase = 2;
        at = newline + 1;
        continue;
      }
      const code = chunk[at];
      if (code !== 32 && code !== 10 && code !== 13 && code !== 9) phase++;
      at++;
    }
    if (phase === 3 && total >= HEAD_BYTES) return { head: joinBytes(pieces, total), rest: iterator };
  }
}
async function readRest({ head, rest }) {
  if (rest === void 0) return head;
  const pieces = [head];
  let total = head.length;
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) {
    pieces.push(next.value);
    total += next.value.length;
  }
  return joinBytes(pieces, total);
}
var HEAD_BYTES;
var init_input_head = __esm({
  "src/convert/input-head.ts"() {
    
    init_import_meta_url();
    init_internal();
    HEAD_BYTES = 64 * 1024;
  }
});

// src/convert/json-pickles.ts
function* jsonTextPickles(pickler, bytes) {
  const mark = pickler.size;
  const after = pickler.tryRecord(bytes, 0, bytes.length);
  if (after >= 0 && skipSpace(bytes, after, bytes.length) === bytes.length) {
    if (bytes[skipSpace(bytes, 0, bytes.length)] !== 91) return;
    pickler.rollback(mark);
    yield* arrayItemPickles(pickler, bytes);
    return;
  }
  pickler.rollback(mark);
  if (after < 0 && after !== BLANK) {
    const whole = wholeJsonValue(bytes);
    if (whole !== void 0) {
      for (const record of Array.isArray(whole.value) ? whole.value : [whole.value]) {
        pickler.pickleValue(record);
        if (pickler.size >= PICKLE_CHUNK_BYTES) yield pickler.take();
      }
      return;
    }
  }
  yield* ndjsonPickles(pickler, bytes);
}
function* ndjsonPickles(pickler, bytes) {
  const lines = new NdjsonPickleLines(pickler, bytes);
  yield* lines.feed(bytes);
  yield* lines.end();
}
function* arrayItemPickles(pickler, bytes) {
  const length = bytes.length;
  let at = skipSpace(bytes, skipSpace(bytes, 0, length) + 1, length);
  if (bytes[at] === 93) return;
  for (let index = 0; ; index++) {
    const after = pickler.tryRecord(bytes, at, length);
    if (after < 0) {
      const items = wholeJsonValue(bytes).value;
      for (let rest = index; rest < items.length; rest++) {
        pickler.pickleValue(items[rest]);
        if (pickler.size >= PICKLE_CHUNK_BYTES) yield pickler.take();
      }
      return;
    }
    if (pickler.size >= PICKLE_CHUNK_BYTES) yield pickler.take();
    at = skipSpace(bytes, after, length);
    if (bytes[at] === 93) return;
    at = skipSpace(bytes, at + 1, length);
  }
}
function wholeJsonValue(bytes) {
  try {
    return { value: parseJsonValue(utf82.decode(bytes)) };
  } catch {
    return void 0;
  }
}
function lineError(error, head, bytes, start, end, line, count2) {
  const reason = `NDJSON line ${line}: ${error instanceof Error ? error.message : String(error)}`;
  const first = head[skipSpace(head, 0, head.length)];
  if (count2 === 0 && first !== 91 && first !== 123) {
    const text3 = new TextDecoder().decode(bytes.subarray(start, Math.min(end, start + 160)));
    return new UnrecognizedInputError(plainTextStart(text3, 0, text3.length, reason));
  }
  return new SyntaxError(reason);
}
function skipSpace(bytes, at, end) {
  while (at < end) {
    const code = bytes[at];
    if (code !== 32 && code !== 10 && code !== 13 && code !== 9) break;
    at++;
  }
  return at;
}
function isStreamableNdjson(pickler, head) {
  const start = skipSpace(head, 0, head.length);
  const newline = head.indexOf(10, start);
  if (newline < 0 || skipSpace(head, newline, head.length) === head.length) return false;
  const mark = pickler.size;
  const after = pickler.tryRecord(head, start, newline);
  pickler.rollback(mark);
  return after >= 0 && skipSpace(head, after, newline) === newline;
}
var PICKLE_CHUNK_BYTES, utf82, NdjsonPickleLines;
var init_json_pickles = __esm({
  "src/convert/json-pickles.ts"() {
    
    init_import_meta_url();
    init_internal();
    init_convert_input();
    PICKLE_CHUNK_BYTES = 1 << 20;
    utf82 = new TextDecoder("utf-8", { fatal: true });
    NdjsonPickleLines = class {
      /** `head`: the input's first bytes, for the wording of a first line that is plain text. */
      constructor(pickler, head) {
        this.pickler = pickler;
        this.head = head;
      }
      pickler;
      head;
      line = 1;
      count = 0;
      /** The start of a line whose newline has not come yet: pieces of earlier chunks. */
      pending = [];
      pendingBytes = 0;
      /** The error of a bad line, thrown once the output before it is handed over. */
      failure;
      *feed(chunk) {
        let start = 0;
        if (this.pendingBytes > 0) {
          const newline = chunk.indexOf(10);
          if (newline < 0) {
            this.keep(chunk);
            return;
          }
          this.keep(chunk.subarray(0, newline));
          const line = this.takePending();
          const piece = this.pickleLine(line, 0, line.length);
          if (piece !== void 0) yield piece;
          if (this.failure !== void 0) throw this.failure;
          start = newline + 1;
        }
        for (let newline = chunk.indexOf(10, start); newline >= 0; newline = chunk.indexOf(10, start)) {
          const piece = this.pickleLine(chunk, start, newline);
          if (piece !== void 0) yield piece;
          if (this.failure !== void 0) throw this.failure;
          start = newline + 1;
        }
        if (start < chunk.length) this.keep(chunk.subarray(start));
      }
      /** The last line, when the input does not end with a newline. */
      *end() {
        if (this.pendingBytes === 0) return;
        const line = this.takePending();
        const piece = this.pickleLine(line, 0, line.length);
        if (piece !== void 0) yield piece;
        if (this.failure !== void 0) throw this.failure;
      }
      keep(piece) {
        this.pending.push(piece);
        this.pendingBytes += piece.length;
      }
      takePending() {
        const line = joinBytes(this.pending, this.pendingBytes);
        this.pending = [];
        this.pendingBytes = 0;
        return line;
      }
      /**
       * Pickles one line; returns output to hand over (a full piece, or what came before a bad line,
       * whose error is then in `failure`), else undefined.
       */
      pickleLine(bytes, start, end) {
        const pickler = this.pickler;
        let isRecord;
        try {
          isRecord = pickler.pickleLine(bytes, start, end);
        } catch (error) {
          this.failure = lineError(error, this.head, bytes, start, end, this.line, this.count);
          return pickler.size > 0 ? pickler.take() : void 0;
        }
        if (isRecord) this.count++;
        this.line++;
        return pickler.size >= PICKLE_CHUNK_BYTES ? pickler.take() : void 0;
      }
    };
  }
});

// src/convert/convert-tape.ts
function isProtoLed(bytes) {
  return bytes.length > 1 && bytes[0] === 128 && bytes[1] >= 2 && bytes[1] <= 5;
}
async function convertThroughTape(inputs, format, onInput) {
  const encode = format === "msgpack" ? (await Promise.resolve().then(() => (init_msgpack_bytes(), msgpack_bytes_exports))).picklesToMsgpack : picklesToJson;
  const maxOutputBytes = format === "ndjson" ? Number.POSITIVE_INFINITY : void 0;
  const parts = [];
  for (const input of inputs) {
    onInput(input.name);
    try {
      for await (const part of encode(once(input.bytes), { maxOutputBytes })) parts.push(part);
    } catch (error) {
      throw error instanceof EncodeRecordError ? error.cause : error;
    }
  }
  return parts;
}
async function* once(bytes) {
  yield bytes;
}
var init_convert_tape = __esm({
  "src/convert/convert-tape.ts"() {
    
    init_import_meta_url();
    init_json_bytes();
  }
});

// src/commands/convert.ts
var convert_exports = {};
__export(convert_exports, {
  CONVERT_HELP: () => CONVERT_HELP,
  runConvert: () => runConvert
});
async function runConvert(argv, io) {
  const isDebug = argv.includes("--debug");
  let settings;
  try {
    const { values, positionals } = parseCommandArgs(argv, CONVERT_OPTIONS);
    if (values.help === true) {
      io.stdout.write(CONVERT_HELP);
      return EXIT.OK;
    }
    const output = values.output === void 0 ? void 0 : (0, import_node_path6.resolve)(io.cwd, values.output);
    const format = values.format === void 0 ? defaultFormat2(output) : parseChoice("--format", values.format, FORMATS2);
    const protocol = Number(values.protocol === void 0 ? "5" : parseChoice("--protocol", values.protocol, PROTOCOLS));
    if (output === void 0 && format !== "ndjson" && io.isStdoutTTY) {
      throw new UsageError(`convert: ${format} is binary; name a file with -o, pipe stdout, or use --format ndjson`);
    }
    settings = { inputs: await resolveInputs(positionals, io.cwd), output, outputName: values.output, format, protocol };
  } catch (error) {
    return reportError(error, void 0, io, isDebug);
  }
  let file;
  try {
    if (settings.output !== void 0) file = await openOutput(settings.outputName, settings.output, settings.inputs);
  } catch (error) {
    return reportError(error, void 0, io, isDebug);
  }
  let current;
  const setCurrent = (name) => {
    current = name;
  };
  try {
    const probe = new JsonPickler({ protocol: settings.protocol });
    const read = [];
    for (const input of settings.inputs) {
      current = inputName(input);
      const start = await readHead(gunzipIfNeeded(inputBytes(input, io, () => void 0)));
      if (settings.format === "pickle" && start.rest !== void 0 && isJsonText(start.head, current) && isStreamableNdjson(probe, start.head)) {
        read.push({ name: current, head: start.head, rest: start.rest });
      } else {
        read.push({ name: current, bytes: await readRest(start) });
      }
    }
    const whole = read.filter((input) => "bytes" in input);
    if (settings.format !== "pickle" && whole.every((input) => isProtoLed(input.bytes) || isTorchFile(input.bytes))) {
      const parts = await convertThroughTape(whole, settings.format, (name) => {
        current = name;
      });
      current = void 0;
      await writeBytes(parts, io, file);
    } else {
      const inputs = [];
      for (const input of read) {
        current = input.name;
        if (!("bytes" in input)) {
          inputs.push(input);
        } else if (isTorchFile(input.bytes)) {
          const torch = await readTorchInput(onceBytes(input.bytes), { dict: "map", wrapIntegralFloats: true, file: current });
          inputs.push({ name: current, records: [torch.value] });
        } else if (settings.format === "pickle" && isJsonText(input.bytes, current)) {
          inputs.push({ name: current, text: input.bytes });
        } else if (settings.format === "pickle" && isMsgpackInput(input.bytes, current)) {
          inputs.push({ name: current, msgpack: input.bytes });
        } else {
          inputs.push({ name: current, records: decodeInput(input.bytes, current).records });
        }
      }
      const failure = settings.format === "pickle" ? await writePickles(inputs, settings, io, file, setCurrent) : await writeValues(inputs, settings, io, file, setCurrent);
      if (failure !== void 0) throw failure.error;
    }
    await file?.commit();
    return EXIT.OK;
  } catch (error) {
    await file?.abort();
    if (io.signal.aborted) return EXIT.INTERRUPTED;
    if (error instanceof SyntaxError || error instanceof TypeError || error instanceof RangeError || isMsgpackError(error)) {
      io.stderr.write(`pkl-stream: ${current === void 0 ? "" : `${current}: `}${error.message}
`);
      if (isDebug && error.stack !== void 0) io.stderr.write(`${error.stack}
`);
      return EXIT.BAD_DATA;
    }
    return reportError(error, current, io, isDebug);
  }
}
function defaultFormat2(output) {
  const extension = output === void 0 ? "" : (0, import_node_path6.extname)(output).toLowerCase();
  if (extension === ".pkl" || extension === ".pickle") return "pickle";
  if (extension === ".msgpack" || extension === ".mpk") return "msgpack";
  return "ndjson";
}
async function writePickles(inputs, settings, io, file, setCurrent) {
  let failure;
  const pickler = new JsonPickler({ protocol: settings.protocol });
  const msgpackPickler = new MsgpackPickler({ protocol: settings.protocol });
  async function* chunks() {
    try {
      for (const input of inputs) {
        setCurrent(input.name);
        if ("head" in input) {
          const lines = new NdjsonPickleLines(pickler, input.head);
          yield* lines.feed(input.head);
          for (let next = await input.rest.next(); next.done !== true; next = await input.rest.next()) yield* lines.feed(next.value);
          yield* lines.end();
        } else if ("text" in input) {
          yield* jsonTextPickles(pickler, input.text);
        } else if ("msgpack" in input) {
          if (pickler.size > 0) yield pickler.take();
          const bytes = input.msgpack;
          for (let at = 0; at < bytes.length; ) {
            at = msgpackPickler.pickleNext(bytes, at);
            if (msgpackPickler.size >= PICKLE_CHUNK_BYTES) yield msgpackPickler.take();
          }
          if (msgpackPickler.size > 0) yield msgpackPickler.take();
        } else {
          for (const value of input.records) {
            pickler.pickleValue(value);
            if (pickler.size >= PICKLE_CHUNK_BYTES) yield pickler.take();
          }
        }
      }
      setCurrent(void 0);
    } catch (error) {
      failure = { error };
    }
    if (msgpackPickler.size > 0) yield msgpackPickler.take();
    if (pickler.size > 0) yield pickler.take();
  }
  await writeBytes(chunks(), io, file);
  return failure;
}
async function writeValues(inputs, settings, io, file, setCurrent) {
  let failure;
  async function* records() {
    try {
      for (const input of inputs) {
        setCurrent(input.name);
        if (!("records" in input)) throw new Error("internal: bytes inputs reach only the pickle writer");
        for (const value of input.records) yield { value };
      }
      setCurrent(void 0);
    } catch (error) {
      failure = { error };
    }
  }
  await writeRecords(records(), settings, io, file);
  return failure;
}
function writerFor(settings) {
  if (settings.format === "msgpack") return msgpackWriter({ input: "records" });
  return ndjsonWriter({ input: "records", maxOutputBytes: Number.POSITIVE_INFINITY });
}
async function writeRecords(records, settings, io, file) {
  const source = import_node_stream4.Readable.from(records, { objectMode: true });
  const writer = writerFor(settings);
  if (file === void 0) {
    await (0, import_promises4.pipeline)(source, writer, io.stdout, { signal: io.signal, end: false });
    return;
  }
  await (0, import_promises4.pipeline)(source, writer, async (chunks) => {
    for await (const chunk of chunks) {
      io.signal.throwIfAborted();
      await file.write(chunk);
    }
  });
}
async function writeBytes(parts, io, file) {
  if (file === void 0) {
    await (0, import_promises4.pipeline)(import_node_stream4.Readable.from(parts), io.stdout, { signal: io.signal, end: false });
    return;
  }
  for await (const part of parts) {
    io.signal.throwIfAborted();
    await file.write(part);
  }
}
function isMsgpackError(error) {
  return error instanceof Error && error.name === "MsgpackShapeError";
}
async function* onceBytes(bytes) {
  yield bytes;
}
var import_node_path6, import_node_stream4, import_promises4, CONVERT_OPTIONS, FORMATS2, PROTOCOLS, CONVERT_HELP;
var init_convert = __esm({
  "src/commands/convert.ts"() {
    
    init_import_meta_url();
    import_node_path6 = require("node:path");
    import_node_stream4 = require("node:stream");
    import_promises4 = require("node:stream/promises");
    init_internal();
    init_src2();
    init_args();
    init_convert_input();
    init_input_head();
    init_json_pickles();
    init_input_bytes();
    init_convert_tape();
    init_exit_codes();
    init_inputs();
    init_output_target();
    init_report_error();
    CONVERT_OPTIONS = {
      output: { type: "string", short: "o" },
      format: { type: "string", short: "f" },
      protocol: { type: "string", short: "p" },
      debug: { type: "boolean" },
      help: { type: "boolean", short: "h" }
    };
    FORMATS2 = ["pickle", "ndjson", "msgpack"];
    PROTOCOLS = ["2", "3", "4", "5"];
    CONVERT_HELP = `Usage: pkl-stream convert IN... [-o OUT] [options]

Converts records between pickle, JSON, NDJSON and msgpack. Each input's format is recognised by
its content (gzip is undone first), and only when it is certain:
  pickle    starts with PROTO 2-5 (bytes 80 02..80 05), or with another byte below 0x80 and
            decodes as protocol 0/1 pickles (appended records): a corrupt one gets its pickle error
  JSON      UTF-8 text that starts like a JSON value ([ { " - a digit, true, false, null): one value
            is one record, a top-level array a list of records; else NDJSON (one value per line)
  msgpack   the whole input is msgpack values, is not text, and starts with a byte 0x80 or above
            (a map, array, str, float...) or is a file named .msgpack/.mpk: a first value that is an
            int 0-127 is an ASCII byte, which cannot be told from text or a protocol 0/1 pickle
Anything else (plain text, CSV, a zip, a .npy or joblib file...) exits 1 saying what it looks like.
Records of all inputs are written in order. Pickle output is one pickle per record, as repeated
pickle.dump calls write it: Python reads it back with a pickle.load loop. Pickle to pickle keeps
every class the decoder rebuilds (datetime, Decimal, numpy arrays...); JSON input gives ints,
floats (2.0 stays a float), str, lists and dicts.

Options:
  -o, --output FILE        write FILE (atomically: a temporary file renamed over it; a symlink's
                           target is written; a FIFO or device is written through); never one
                           of the inputs. Default stdout
  -f, --format FORMAT      pickle | ndjson | msgpack. Default: from FILE's extension (.pkl/.pickle
                           pickle, .ndjson/.jsonl/.json ndjson, .msgpack/.mpk msgpack), else ndjson
  -p, --protocol N         pickle protocol 2-5 (default 5)
  -h, --help               this text

Examples:
  pkl-stream convert events.ndjson -o events.pkl
  pkl-stream convert 'shards/*.pkl.gz' -o all.pkl --protocol 4
  pkl-stream convert merged.msgpack -f pickle > merged.pkl
`;
  }
});

// src/commands/view.ts
var view_exports = {};
__export(view_exports, {
  runView: () => runView
});
function findPage() {
  const candidates = ["./web/index.html", "../../web/dist/index.html", "../../../web/dist/index.html"];
  for (const candidate of candidates) {
    const path = (0, import_node_url2.fileURLToPath)(new URL(candidate, importMetaUrl));
    if ((0, import_node_fs5.existsSync)(path)) return path;
  }
  return void 0;
}
async function runView(argv, io) {
  const isDebug = argv.includes("--debug");
  let inputs = [];
  let port = 0;
  let isOpening = true;
  let page;
  try {
    const { values, positionals } = parseCommandArgs(argv, VIEW_OPTIONS);
    if (values.help === true) {
      io.stdout.write(VIEW_HELP);
      return EXIT.OK;
    }
    if (values.port !== void 0) {
      port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected a port number 0-65535 (0: a free one), got "${values.port}"`);
    }
    isOpening = values["no-open"] !== true;
    if (positionals.includes("-")) throw new UsageError("view: name files (the page reads them from disk), not standard input");
    if (positionals.length > 0) inputs = await resolveInputs(positionals, io.cwd);
    const found = findPage();
    if (found === void 0) throw new Error("view: the page is not built (packages/web/dist/index.html): run the build first");
    page = found;
  } catch (error) {
    return reportError(error, void 0, io, isDebug);
  }
  const files = inputs.flatMap((input) => input.kind === "file" ? [input] : []);
  const token = (0, import_node_crypto2.randomBytes)(16).toString("hex");
  const html = await (0, import_promises5.readFile)(page);
  const listing = JSON.stringify(files.map((file, index) => ({ name: (0, import_node_path7.basename)(file.name), url: `file/${index}` })));
  let serverPort = 0;
  const server = (0, import_node_http.createServer)((request, response) => {
    const host = request.headers.host ?? "";
    if (host !== `${HOST}:${serverPort}` && host !== `localhost:${serverPort}`) {
      response.writeHead(403, { "content-type": "text/plain" }).end("pkl-stream view: wrong Host\n");
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const path = (request.url ?? "/").split("?")[0];
    const prefix = `/${token}/`;
    const route = path.startsWith(prefix) ? path.slice(prefix.length) : null;
    const common = { "cache-control": "no-store", "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" };
    if (route === "" || route === "index.html") {
      response.writeHead(200, { ...common, "content-type": "text/html; charset=utf-8", "content-length": html.length }).end(request.method === "HEAD" ? void 0 : html);
      return;
    }
    if (route === "files.json") {
      response.writeHead(200, { ...common, "content-type": "application/json" }).end(listing);
      return;
    }
    const match = route === null ? null : /^file\/(\d+)$/.exec(route);
    const file = match === null ? void 0 : files[Number(match[1])];
    if (file === void 0) {
      response.writeHead(404, { ...common, "content-type": "text/plain" }).end("pkl-stream view: open the address printed in the terminal\n");
      return;
    }
    void serveFile(file.path, request, response, common);
  });
  async function serveFile(path, request, response, common) {
    let size2;
    try {
      size2 = (await (0, import_promises5.stat)(path)).size;
    } catch (error) {
      response.writeHead(500, { "content-type": "text/plain" }).end(`${error.message}
`);
      return;
    }
    const stream = (0, import_node_fs5.createReadStream)(path);
    stream.once("open", () => {
      response.writeHead(200, { ...common, "content-type": "application/octet-stream", "content-length": size2 });
      if (request.method === "HEAD") {
        stream.destroy();
        response.end();
      } else stream.pipe(response);
    });
    stream.once("error", (error) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" }).end(`${error.message}
`);
      else response.destroy();
    });
  }
  try {
    await new Promise((resolve7, reject) => {
      server.once("error", reject);
      server.listen(port, HOST, () => resolve7());
    });
  } catch (error) {
    const code = error.code;
    const message = code === "EADDRINUSE" ? `view: port ${port} is in use (leave out --port for a free one)` : `view: cannot listen on ${HOST}: ${String(error)}`;
    return reportError(new UsageError(message), void 0, io, isDebug);
  }
  serverPort = server.address().port;
  const url = `http://${HOST}:${serverPort}/${token}/`;
  io.stdout.write(`pkl-stream view: ${url}
`);
  io.stderr.write(`Serving the page${files.length > 0 ? ` and ${files.length} file${files.length === 1 ? "" : "s"}` : ""} on ${HOST} only. Ctrl-C stops.
`);
  if (isOpening) openBrowser(url, io);
  await new Promise((resolve7) => {
    if (io.signal.aborted) resolve7();
    else io.signal.addEventListener("abort", () => resolve7(), { once: true });
  });
  server.closeAllConnections();
  await new Promise((resolve7) => server.close(() => resolve7()));
  return EXIT.OK;
}
function openBrowser(url, io) {
  const browser = io.env["BROWSER"];
  const [command, args] = browser !== void 0 && browser !== "" ? [browser, [url]] : process.platform === "darwin" ? ["open", [url]] : process.platform === "win32" ? ["cmd", ["/c", "start", "", url]] : ["xdg-open", [url]];
  const child = (0, import_node_child_process.spawn)(command, args, { stdio: "ignore", detached: true });
  child.once("error", () => io.stderr.write(`pkl-stream view: could not start a browser (${command}): open the address above
`));
  child.unref();
}
var import_node_child_process, import_node_crypto2, import_node_fs5, import_promises5, import_node_http, import_node_path7, import_node_url2, VIEW_OPTIONS, HOST;
var init_view = __esm({
  "src/commands/view.ts"() {
    
    init_import_meta_url();
    import_node_child_process = require("node:child_process");
    import_node_crypto2 = require("node:crypto");
    import_node_fs5 = require("node:fs");
    import_promises5 = require("node:fs/promises");
    import_node_http = require("node:http");
    import_node_path7 = require("node:path");
    import_node_url2 = require("node:url");
    init_args();
    init_exit_codes();
    init_help();
    init_inputs();
    init_report_error();
    VIEW_OPTIONS = {
      port: { type: "string" },
      "no-open": { type: "boolean" },
      debug: { type: "boolean" },
      help: { type: "boolean", short: "h" }
    };
    HOST = "127.0.0.1";
  }
});

// src/io.ts
var io_exports = {};
__export(io_exports, {
  processIo: () => processIo
});
function processIo(signal) {
  return {
    // A getter: touching process.stdin opens the handle, which `--version` need not pay for.
    get stdin() {
      return process.stdin;
    },
    stdinFd: 0,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    isStdinTTY: (0, import_node_tty.isatty)(0),
    isStdoutTTY: process.stdout.isTTY === true,
    isStderrTTY: process.stderr.isTTY === true,
    stderrColumns: process.stderr.isTTY === true ? process.stderr.columns : void 0,
    signal
  };
}
var import_node_tty;
var init_io = __esm({
  "src/io.ts"() {
    
    init_import_meta_url();
    import_node_tty = require("node:tty");
  }
});

// src/commands/cat-tape.ts
function isTapeEligible(settings) {
  const isFormatTaped = settings.format === "ndjson" || settings.format === "json" || settings.format === "msgpack";
  if (settings.isEntries) {
    return settings.format !== "json" && settings.select === void 0 && settings.limit === Number.POSITIVE_INFINITY;
  }
  return isFormatTaped && settings.select === void 0 && !settings.skipCorrupt;
}
async function framingFor(format, isMeta) {
  if (format === "msgpack") {
    if (!isMeta) return void 0;
    const { encodeMsgpackRecord: encodeMsgpackRecord2, msgpackWriter: msgpackWriter2 } = await Promise.resolve().then(() => (init_msgpack(), msgpack_exports));
    msgpackWriter2();
    const { Packr: Packr3 } = await Promise.resolve().then(() => __toESM(require("msgpackr"), 1));
    const packr = new Packr3({ useRecords: false });
    return {
      prefix: (_isFirst, _fileJson, file, index, offset) => {
        const wrapped = createDict();
        wrapped["file"] = file;
        wrapped["index"] = index;
        wrapped["offset"] = offset;
        wrapped["value"] = null;
        const head = encodeMsgpackRecord2(packr, wrapped, 2, 1 << 20, index);
        return head.subarray(0, head.length - 1);
      },
      suffix: "",
      end: () => ""
    };
  }
  const isArray = format === "json";
  if (!isMeta && !isArray) return void 0;
  const separator = (isFirst) => !isArray ? "" : isFirst ? "[" : ",";
  return {
    // {"file": ..., "index": ..., "offset": ..., "value": ...}, as withMeta builds it; file is null for stdin.
    prefix: (isFirst, fileJson, _file, index, offset) => utf83.encode(isMeta ? `${separator(isFirst)}{"file":${fileJson},"index":${index},"offset":${offset},"value":` : separator(isFirst)),
    suffix: isMeta ? isArray ? "}" : "}\n" : isArray ? "" : "\n",
    end: (count2) => !isArray ? "" : count2 === 0 ? "[]\n" : "]\n"
  };
}
async function* tapeSource(settings, io, meter, state, spill, outputArrays) {
  const onBytes = meter === void 0 ? () => void 0 : (count2) => meter.addBytes(count2);
  const onRecords = (count2) => {
    state.count += count2;
    if (meter !== void 0) for (let i = 0; i < count2; i++) meter.addRecord();
  };
  let name = "";
  const encode = settings.format === "msgpack" ? (await Promise.resolve().then(() => (init_msgpack_bytes(), msgpack_bytes_exports))).picklesToMsgpack : picklesToJson;
  const framings = await framingFor(settings.format, settings.isMeta);
  const firstCount = state.count;
  try {
    for (const input of settings.inputs) {
      if (state.count >= settings.limit) break;
      name = inputName(input);
      state.currentFile = name;
      const file = input.kind === "stdin" ? null : input.name;
      const fileJson = JSON.stringify(file);
      const isFirstInput = state.count === firstCount;
      const framing = framings === void 0 ? void 0 : {
        prefix: (index, offset) => framings.prefix(isFirstInput && index === 0, fileJson, file, index, offset),
        suffix: framings.suffix
      };
      yield* encode(inputBytes(input, io, onBytes, true), {
        transientChunks: true,
        file: input.kind === "file" ? name : void 0,
        encoding: settings.encoding,
        framing,
        maxRecords: settings.isEntries ? void 0 : settings.limit - state.count,
        entries: settings.isEntries,
        inputSize: await inputSize(input),
        onRecords,
        spill,
        workers: settings.workers,
        ...outputArrays === void 0 ? {} : { newOutputBytes: outputArrays.allocate }
      });
    }
  } catch (error) {
    state.failure = error instanceof EncodeRecordError ? new RecordError(name, error.recordIndex, error.offset, error.cause) : error;
  }
  const end = framings?.end(state.count - firstCount);
  if (end) yield utf83.encode(end);
}
var utf83;
var init_cat_tape = __esm({
  "src/commands/cat-tape.ts"() {
    
    init_import_meta_url();
    init_json_bytes();
    init_src();
    init_input_bytes();
    init_inputs();
    init_report_error();
    utf83 = new TextEncoder();
  }
});

// src/frame-rows.ts
function* frameRows(value) {
  const index = value instanceof PdDataFrame ? value.index : null;
  if (!(value instanceof PdDataFrame) || index === null) {
    yield value;
    return;
  }
  const names2 = value.columnNames;
  const columns = value.columns;
  const indexFields = index.isDefaultRange ? [] : indexFieldNames(index.names);
  const isMulti = index.names.length > 1;
  const rowCount = value.rowCount;
  const fields = [...indexFields, ...names2];
  const isText = fields.every((name) => typeof name === "string" && !isArrayIndex(name));
  const values = new Array(fields.length);
  for (let row = 0; row < rowCount; row++) {
    let at = 0;
    if (indexFields.length > 0) {
      const label = index.at(row);
      if (isMulti && Array.isArray(label)) {
        for (let level = 0; level < indexFields.length; level++) values[at++] = label[level];
      } else {
        values[at++] = label;
      }
    }
    for (let column = 0; column < columns.length; column++) values[at++] = columns[column].at(row);
    if (isText) {
      const record = createDict();
      for (let i = 0; i < fields.length; i++) record[fields[i]] = values[i];
      yield record;
    } else {
      const record = /* @__PURE__ */ new Map();
      for (let i = 0; i < fields.length; i++) record.set(fields[i], values[i]);
      yield record;
    }
  }
}
function isArrayIndex(name) {
  return /^(?:0|[1-9][0-9]*)$/.test(name) && Number(name) < 2 ** 32 - 1;
}
function indexFieldNames(names2) {
  if (names2.length === 1) return [names2[0] ?? "index"];
  return names2.map((name, level) => name ?? `level_${level}`);
}
function rowTable(value) {
  const index = value instanceof PdDataFrame ? value.index : null;
  if (!(value instanceof PdDataFrame) || index === null) return null;
  if (index.names.length > 1) return null;
  const indexFields = index.isDefaultRange ? [] : indexFieldNames(index.names);
  const fields = [...indexFields, ...value.columnNames];
  if (!fields.every((name) => typeof name === "string") || new Set(fields).size !== fields.length) return null;
  return { keys: fields, columns: indexFields.length > 0 ? [index, ...value.columns] : value.columns, rowCount: value.rowCount };
}
var init_frame_rows = __esm({
  "src/frame-rows.ts"() {
    
    init_import_meta_url();
    init_src();
  }
});

// src/output-arrays.ts
var output_arrays_exports = {};
__export(output_arrays_exports, {
  OutputArrays: () => OutputArrays,
  writeEach: () => writeEach
});
async function writeEach(chunks, destination, arrays, signal) {
  let failure;
  const onError = (error) => {
    failure ??= error;
  };
  destination.on("error", onError);
  try {
    for await (const chunk of chunks) {
      signal.throwIfAborted();
      if (failure !== void 0) throw failure;
      await new Promise((resolve7, reject) => {
        destination.write(chunk, (error) => error ? reject(error) : resolve7());
      });
      arrays.release(chunk);
    }
    if (failure !== void 0) throw failure;
  } finally {
    destination.off("error", onError);
  }
}
var FREE_KEPT, MIN_BYTES, OutputArrays;
var init_output_arrays = __esm({
  "src/output-arrays.ts"() {
    
    init_import_meta_url();
    FREE_KEPT = 4;
    MIN_BYTES = 512 * 1024;
    OutputArrays = class {
      free = [];
      mine = /* @__PURE__ */ new WeakSet();
      /** An array of `length` bytes, not zeroed (the engine sets them all). */
      allocate = (length) => {
        const free = this.free;
        for (let i = free.length - 1; i >= 0; i--) {
          const buffer = free[i];
          if (buffer.byteLength >= length) {
            free.splice(i, 1);
            return Buffer.from(buffer, 0, length);
          }
        }
        const array = Buffer.allocUnsafeSlow(Math.max(length, MIN_BYTES));
        this.mine.add(array.buffer);
        return array.subarray(0, length);
      };
      /** `array`'s memory may be used again: nothing refers to it any more. Arrays made elsewhere are ignored. */
      release(array) {
        const buffer = array.buffer;
        if (!this.mine.has(buffer) || this.free.includes(buffer)) return;
        if (this.free.length < FREE_KEPT) this.free.push(buffer);
      }
    };
  }
});

// src/commands/cat.ts
var cat_exports = {};
__export(cat_exports, {
  CAT_OPTIONS: () => CAT_OPTIONS,
  runCat: () => runCat
});
async function runCat(argv, io) {
  const isDebug = argv.includes("--debug");
  let settings;
  try {
    const parsed = parseCommandArgs(argv, CAT_OPTIONS);
    if (parsed.values.help === true) {
      io.stdout.write((await Promise.resolve().then(() => (init_help(), help_exports))).CAT_HELP);
      return EXIT.OK;
    }
    settings = await resolveSettings4(parsed.values, parsed.positionals, io);
  } catch (error) {
    return reportError(error, void 0, io, isDebug);
  }
  return catInputs(settings, io, isDebug);
}
async function resolveSettings4(values, positionals, io) {
  const format = values.format === void 0 ? "ndjson" : parseChoice("--format", values.format, FORMAT_NAMES);
  let select;
  if (values.select !== void 0) {
    try {
      select = parsePath(values.select);
    } catch (error) {
      if (error instanceof PathSyntaxError) throw new UsageError(`--select: ${error.message}`);
      throw error;
    }
  }
  const encodingName = values.encoding === void 0 ? "latin1" : ENCODING_ALIASES[values.encoding] ?? values.encoding;
  const encoding = parseChoice("--encoding", encodingName, ENCODINGS);
  const isEntries = values.entries === true;
  if (isEntries && values.meta === true) throw new UsageError("--entries cannot be combined with --meta (entries have no record of their own)");
  if (isEntries && values["skip-corrupt"] === true) throw new UsageError("--entries cannot be combined with --skip-corrupt");
  if (isEntries && values.rows === true) throw new UsageError("--entries cannot be combined with --rows (entries are parts of one record, rows of a DataFrame record)");
  if (values.meta === true && values.rows === true) throw new UsageError("--rows cannot be combined with --meta (a row is no record of the file)");
  if (values.progress === true && values["no-progress"] === true) throw new UsageError("--progress and --no-progress contradict each other");
  if (positionals.length === 0 && io.isStdinTTY) {
    throw new UsageError("no input: name pickle files, or pipe them in (cat *.pkl | pkl-stream)");
  }
  if (format === "msgpack" && values.output === void 0 && io.isStdoutTTY) {
    throw new UsageError("msgpack is binary: write it to a file (-o out.msgpack) or a pipe, not the terminal");
  }
  return {
    inputs: await resolveInputs(positionals, io.cwd),
    format,
    outputPath: values.output === void 0 || values.output === "-" ? void 0 : (0, import_node_path8.resolve)(io.cwd, values.output),
    outputName: values.output,
    isMeta: values.meta === true,
    select,
    limit: values.limit === void 0 ? Number.POSITIVE_INFINITY : parseCount("--limit", values.limit),
    workers: values.concurrency === void 0 ? defaultWorkers() : parseCount("--concurrency", values.concurrency),
    encoding,
    skipCorrupt: values["skip-corrupt"] === true,
    isEntries,
    isRows: values.rows === true,
    showProgress: values.progress === true ? true : values["no-progress"] === true ? false : void 0
  };
}
async function catInputs(settings, io, isDebug) {
  let file;
  let destination = io.stdout;
  if (settings.outputPath !== void 0) {
    try {
      const { openOutput: openOutput2, outputWritable: outputWritable2 } = await Promise.resolve().then(() => (init_output_target(), output_target_exports));
      file = await openOutput2(settings.outputName, settings.outputPath, settings.inputs);
      destination = outputWritable2(file);
    } catch (error) {
      return reportError(error, void 0, io, isDebug);
    }
  }
  const meter = await startProgress(settings, io);
  const state = { count: 0, currentFile: void 0, failure: void 0, origins: /* @__PURE__ */ new Map() };
  try {
    const options = { signal: io.signal, end: file !== void 0 };
    if (isTapeEligible(settings) && !settings.isRows && file?.spill !== void 0) {
      for await (const bytes of tapeSource(settings, io, meter, state, file.spill)) {
        io.signal.throwIfAborted();
        await file.write(bytes);
      }
    } else if (isTapeEligible(settings) && !settings.isRows && file === void 0) {
      const { OutputArrays: OutputArrays2, writeEach: writeEach2 } = await Promise.resolve().then(() => (init_output_arrays(), output_arrays_exports));
      const arrays = new OutputArrays2();
      await writeEach2(tapeSource(settings, io, meter, state, void 0, arrays), destination, arrays, io.signal);
    } else if (isTapeEligible(settings) && !settings.isRows) {
      await (0, import_promises6.pipeline)(tapeSource(settings, io, meter, state), destination, options);
    } else if (settings.isRows && settings.format === "ndjson") {
      await (0, import_promises6.pipeline)(rowsSource(settings, io, meter, state), destination, options);
    } else {
      await (0, import_promises6.pipeline)(recordSource(settings, io, meter, state), await createWriter(settings.format), destination, options);
    }
    await file?.commit();
    if (state.failure !== void 0) throw state.failure;
    meter?.finish();
    return EXIT.OK;
  } catch (error) {
    await file?.abort();
    meter?.stop();
    if (io.signal.aborted) return EXIT.INTERRUPTED;
    return reportError(locateOutputError(error, state), state.currentFile, io, isDebug);
  }
}
async function createWriter(format) {
  const options = { input: "records" };
  if (format === "json") return (await Promise.resolve().then(() => (init_json2(), json_exports2))).jsonArrayWriter(options);
  if (format === "msgpack") return (await Promise.resolve().then(() => (init_msgpack(), msgpack_exports))).msgpackWriter(options);
  return ndjsonWriter(options);
}
async function* recordSource(settings, io, meter, state) {
  const onBytes = meter === void 0 ? () => void 0 : (count2) => meter.addBytes(count2);
  try {
    for (const input of settings.inputs) {
      if (state.count >= settings.limit) return;
      const name = inputName(input);
      state.currentFile = name;
      const bytes = inputBytes(input, io, onBytes);
      for await (const record of readRecords2(bytes, name, input.kind === "file", settings, io)) {
        const value = settings.select === void 0 ? record.value : selectOrFail(record, settings.select, name);
        meter?.addRecord();
        for (const item of settings.isRows ? frameRows(value) : [value]) {
          const sequence = state.count++;
          state.origins.set(sequence, { file: name, index: record.index, offset: record.offset });
          state.origins.delete(sequence - ORIGINS_KEPT);
          yield { value: settings.isMeta ? withMeta(item, record, input) : item, inputBytes: settings.isRows ? void 0 : record.length, index: sequence };
          if (state.count >= settings.limit) return;
        }
      }
    }
  } catch (error) {
    state.failure = error;
  }
}
async function* rowsSource(settings, io, meter, state) {
  const { JsonWriter: JsonWriter2, defaultOutputBudget: defaultOutputBudget2 } = await Promise.resolve().then(() => (init_json(), json_exports));
  const json = new JsonWriter2();
  const budget = defaultOutputBudget2();
  const onBytes = meter === void 0 ? () => void 0 : (count2) => meter.addBytes(count2);
  const noteRows = (count2, file, record) => {
    for (let i = 0; i < count2; i++) {
      const sequence = state.count++;
      state.origins.set(sequence, { file, index: record.index, offset: record.offset });
      state.origins.delete(sequence - ORIGINS_KEPT);
    }
  };
  try {
    for (const input of settings.inputs) {
      if (state.count >= settings.limit) break;
      const name = inputName(input);
      state.currentFile = name;
      for await (const record of readRecords2(inputBytes(input, io, onBytes), name, input.kind === "file", settings, io)) {
        const value = settings.select === void 0 ? record.value : selectOrFail(record, settings.select, name);
        meter?.addRecord();
        const table = rowTable(value);
        if (table === null) {
          for (const item of frameRows(value)) {
            json.append(item, budget, state.count);
            json.appendAscii("\n");
            noteRows(1, name, record);
            if (state.count >= settings.limit) break;
          }
          if (json.size > 0) yield json.take();
          if (state.count >= settings.limit) break;
          continue;
        }
        const rowCount = Math.min(table.rowCount, settings.limit - state.count);
        for (let row = 0; row < rowCount; ) {
          const end = Math.min(rowCount, row + ROWS_PER_TAKE);
          const stop = json.appendRows(table.keys, table.columns, row, end, budget);
          state.count += stop - row;
          row = stop;
          if (row < end) {
            json.append(rowAt(table, row), budget, state.count);
            json.appendAscii("\n");
            noteRows(1, name, record);
            row++;
          }
          if (json.size >= ROWS_TAKE_BYTES || row >= rowCount) yield json.take();
        }
        if (state.count >= settings.limit) break;
      }
    }
  } catch (error) {
    if (json.size > 0) yield json.take();
    if (isOutputError(error)) throw error;
    state.failure = error;
  }
}
function rowAt(table, row) {
  const record = /* @__PURE__ */ new Map();
  for (let c = 0; c < table.keys.length; c++) record.set(table.keys[c], table.columns[c].at(row));
  return record;
}
function locateOutputError(error, state) {
  if (!isOutputError(error) || error.recordIndex === void 0) return error;
  const origin = state.origins.get(error.recordIndex);
  if (origin === void 0) return error;
  state.currentFile = origin.file;
  return new RecordError(origin.file, origin.index, origin.offset, error);
}
async function* readRecords2(bytes, name, isFile, settings, io) {
  const onCorrupt = (span) => {
    const reason = span.file === void 0 ? `${name}: ${span.reason}` : span.reason;
    io.stderr.write(`pkl-stream: ${reason}; skipped ${span.length} bytes
`);
  };
  const options = {
    file: isFile ? name : void 0,
    encoding: settings.encoding,
    // The JSON mapping keeps Python's key order and key types: Maps do, JS objects would list
    // integer-like keys first. Integral floats stay PyFloat so 2.0 prints as 2.0.
    dict: "map",
    wrapIntegralFloats: true
  };
  if (settings.isEntries) {
    let index = 0;
    for await (const value of readPickles(bytes, { ...options, emit: "entries" })) {
      yield { value, index: index++, offset: void 0, length: void 0 };
    }
    return;
  }
  yield* readPickles(bytes, {
    ...options,
    metadata: true,
    skipCorrupt: settings.skipCorrupt,
    onCorrupt: settings.skipCorrupt ? onCorrupt : void 0
  });
}
function selectOrFail(record, steps, name) {
  try {
    return selectPath(record.value, steps);
  } catch (error) {
    throw new RecordError(name, record.index, record.offset, error);
  }
}
function withMeta(value, record, input) {
  const wrapped = createDict();
  wrapped["file"] = input.kind === "stdin" ? null : input.name;
  wrapped["index"] = record.index;
  wrapped["offset"] = record.offset ?? null;
  wrapped["value"] = value;
  return wrapped;
}
async function startProgress(settings, io) {
  if (settings.showProgress === false) return void 0;
  const sizes = await Promise.all(settings.inputs.map(inputSize));
  const isKnown = sizes.every((size2) => size2 !== void 0);
  if (settings.showProgress !== true && !(io.isStderrTTY && isKnown)) return void 0;
  const total = isKnown ? sizes.reduce((sum, size2) => sum + size2, 0) : void 0;
  return new ProgressMeter(io.stderr, total);
}
function defaultWorkers() {
  return 0;
}
var import_node_path8, import_promises6, CAT_OPTIONS, FORMAT_NAMES, ENCODINGS, ENCODING_ALIASES, ORIGINS_KEPT, ROWS_PER_TAKE, ROWS_TAKE_BYTES;
var init_cat = __esm({
  "src/commands/cat.ts"() {
    
    init_import_meta_url();
    import_node_path8 = require("node:path");
    import_promises6 = require("node:stream/promises");
    init_src();
    init_sources();
    init_ndjson();
    init_args();
    init_exit_codes();
    init_cat_tape();
    init_input_bytes();
    init_inputs();
    init_frame_rows();
    init_progress();
    init_report_error();
    init_select();
    init_select_path();
    CAT_OPTIONS = {
      format: { type: "string", short: "f" },
      output: { type: "string", short: "o" },
      meta: { type: "boolean", short: "m" },
      select: { type: "string", short: "s" },
      limit: { type: "string", short: "n" },
      concurrency: { type: "string", short: "j" },
      encoding: { type: "string", short: "e" },
      "skip-corrupt": { type: "boolean" },
      entries: { type: "boolean" },
      rows: { type: "boolean" },
      progress: { type: "boolean" },
      "no-progress": { type: "boolean" },
      debug: { type: "boolean" },
      help: { type: "boolean", short: "h" }
    };
    FORMAT_NAMES = ["ndjson", "json", "msgpack"];
    ENCODINGS = ["latin1", "ascii", "utf-8", "bytes"];
    ENCODING_ALIASES = { "latin-1": "latin1", utf8: "utf-8" };
    ORIGINS_KEPT = 1024;
    ROWS_PER_TAKE = 8192;
    ROWS_TAKE_BYTES = 1 << 20;
  }
});

// src/main.ts
var main_exports = {};
__export(main_exports, {
  main: () => main
});
module.exports = __toCommonJS(main_exports);
init_import_meta_url();
var import_node_module = require("node:module");

// src/commands/registry.ts
init_import_meta_url();
var COMMANDS = {
  show: async () => (await Promise.resolve().then(() => (init_show(), show_exports))).runShow,
  inspect: async () => (await Promise.resolve().then(() => (init_inspect(), inspect_exports))).runInspect,
  merge: async () => (await Promise.resolve().then(() => (init_merge2(), merge_exports))).runMerge,
  convert: async () => (await Promise.resolve().then(() => (init_convert(), convert_exports))).runConvert,
  view: async () => (await Promise.resolve().then(() => (init_view(), view_exports))).runView
};
function isCommandName(name) {
  return name !== void 0 && Object.hasOwn(COMMANDS, name);
}

// src/main.ts
init_exit_codes();
var INTERRUPT_GRACE_MS = 1e3;
async function main(argv) {
  const first = argv[0];
  process.stdout.on("error", ignoreEpipe);
  if (first === "--version" || first === "-V") {
    process.stdout.write(`${readVersion()}
`);
    return EXIT.OK;
  }
  if (first === "--help" || first === "-h" || first === "help") {
    process.stdout.write((await Promise.resolve().then(() => (init_help(), help_exports))).MAIN_HELP);
    return EXIT.OK;
  }
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(EXIT.INTERRUPTED);
    controller.abort();
    setTimeout(() => process.exit(EXIT.INTERRUPTED), INTERRUPT_GRACE_MS).unref();
  };
  process.on("SIGINT", onInterrupt);
  const { processIo: processIo2 } = await Promise.resolve().then(() => (init_io(), io_exports));
  try {
    return await runCommand(argv, processIo2(controller.signal));
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}
async function runCommand(argv, io) {
  const first = argv[0];
  if (!isCommandName(first)) {
    const { runCat: runCat2 } = await Promise.resolve().then(() => (init_cat(), cat_exports));
    return runCat2(argv, io);
  }
  const runner = await COMMANDS[first]();
  return runner(argv.slice(1), io);
}
function readVersion() {
  const manifest = (0, import_node_module.createRequire)(importMetaUrl)("../package.json");
  return manifest.version;
}
function ignoreEpipe(error) {
  if (error.code !== "EPIPE") throw error;
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  main
});
