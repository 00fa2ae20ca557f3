import type { ClassReconstructor } from "../classes/registry.js";
import type { PyValue } from "../values/py-types.js";

/** How Python 2 strings (STRING, BINSTRING, SHORT_BINSTRING) become JavaScript values. */
export type Py2StringEncoding = "latin1" | "ascii" | "utf-8" | "bytes";

export interface UnpicklerOptions {
  /**
   * Python 2 `str` decoding. `"latin1"` (default) is lossless: one character per byte, as
   * `pickle.load(f, encoding="latin1")`. `"ascii"` fails on bytes >= 0x80 as CPython's default
   * does; `"utf-8"` decodes strictly; `"bytes"` gives Uint8Array.
   */
  readonly encoding?: Py2StringEncoding;
  /**
   * Memo policy between records. `"per-record"` (default): a fresh memo for each pickle, as a
   * `pickle.load(f)` loop. `"shared"`: one memo across records, for a stream that one Pickler
   * wrote with repeated `dump` calls.
   */
  readonly memo?: "per-record" | "shared";
  /** `"object"` (default): dicts are objects with a prototype-free prototype; `"map"`: `Map`s with the original keys. */
  readonly dict?: "object" | "map";
  /** `"set"` (default): `Set`; `"array"`: arrays in pickle order. */
  readonly sets?: "set" | "array";
  /** Wrap floats with an integral value (2.0) in `PyFloat` so they stay apart from ints. Default false. */
  readonly wrapIntegralFloats?: boolean;
  /** Your own reconstructors, by `module.qualname`; they take precedence over the built-in ones. */
  readonly classes?: Readonly<Record<string, ClassReconstructor>> | ReadonlyMap<string, ClassReconstructor>;
  /** Map Python 2 module/class names to Python 3 for protocols < 3, as CPython's fix_imports. Default true. */
  readonly fixImports?: boolean;
  /** The extension registry for EXT1/EXT2/EXT4: code -> `[module, name]` (copyreg's `_extension_registry`). */
  readonly extensions?: ReadonlyMap<number, readonly [string, string]>;
  /** Resolves PERSID/BINPERSID ids. Without it, ids become `PyPersistentId` placeholders. */
  readonly persistentLoad?: (pid: PyValue) => PyValue;
  /**
   * Let large bytes and bytearray values (1 MiB or more) share the input's memory even when their
   * payload sits at an offset no typed array may start at: such a payload is moved back by at most
   * 7 bytes, over its own opcode and length field, to an offset that is a multiple of 8, and
   * numpy arrays then view it instead of copying it into fresh memory. The input is altered: pass
   * only bytes you will not read again (a buffer fresh from `readFile`, say). Default false.
   */
  readonly reuseInput?: boolean;
  /** Out-of-band buffers for NEXT_BUFFER, in order. Without them, `PyOutOfBandBuffer` placeholders. */
  readonly buffers?: Iterable<Uint8Array>;
  /** Largest single str/bytes argument, in bytes, checked before allocating. Default 2 GiB - 1. */
  readonly maxBytesLength?: number;
  /**
   * Largest stack height plus marks (nesting), checked as containers open (EMPTY_LIST,
   * EMPTY_DICT, EMPTY_SET, MARK). Tuples and call results made of values already on the stack
   * (TUPLE1 over TUPLE1, a chain of REDUCEs) nest as deep as the input has bytes for: every
   * reader of values here walks them without recursion. Default 1,000,000.
   */
  readonly maxDepth?: number;
  /** Largest number of memo entries. Default 100,000,000. */
  readonly maxMemoSize?: number;
  /** Largest protocol-0 text argument (INT, LONG, FLOAT, GLOBAL, ...), in bytes, whether it arrives whole or in chunks. Default maxBytesLength; INT and LONG lines are held to maxIntBytes too. */
  readonly maxLineLength?: number;
  /** Largest LONG/LONG1/LONG4 integer, in bytes of its encoding. Default 1 MiB (2.5 million decimal digits). */
  readonly maxIntBytes?: number;
  /**
   * `"records"` (default): `push` returns whole records. `"entries"`: `push` returns the root
   * container's entries as their batch (SETITEMS/APPENDS) completes, `[key, value]` tuples for a
   * root dict and items for a root list, and does not keep them: memory stays bounded by a batch.
   */
  readonly emit?: "records" | "entries";
  /**
   * With `emit: "entries"`: the memo indices some GET reads (from a first opcode-only pass). Memo
   * writes to other indices are skipped, so yielded entries are not kept alive by the memo; a GET
   * of a skipped index is a MEMO_MISSING error, never a wrong value. Default: keep every entry.
   */
  readonly memoIndicesRead?: ReadonlySet<number>;
}
