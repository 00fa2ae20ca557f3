import { OutputError, type PyValue, isPyObject, toJson } from "@pkl-stream/core";
import { type PathStep, scalarKeyText } from "@pkl-stream/core/json";
import { Packr } from "msgpackr";
import { registerFloat64 } from "../writers/float64.js";
import { toMsgpackPlain } from "../writers/msgpack-plain.js";
import { isDirectlyPackable, registerPyFloat } from "./direct-pack.js";
import { canonicalKey } from "./key-identity.js";
import { isStrAt, readMapHeader, skipValue } from "./msgpack-walk.js";
import type { MergeFormat } from "./output-format.js";
import { ENTRY_FIELDS, type Segment, SegmentBuilder } from "./segment.js";

/** Deepest nesting msgpackr is asked to write (it encodes recursively). */
const MAX_DEPTH = 512;

/** What a row of the segment's table takes. */
const ROW_BYTES = 4 * ENTRY_FIELDS;

/** A record that is not a dict: the merge cannot use it. */
export class NotADictError extends Error {
  override readonly name = "NotADictError";
}

export interface ShardEncoderSettings {
  readonly format: MergeFormat;
  /** Deep merge: dict values become node rows followed by their entries. */
  readonly isDeep: boolean;
  /** Output allowed per record (memo bombs stop here). */
  readonly maxOutputBytes: number;
}

/**
 * Worker side: turns each decoded record (a dict) into segment rows, values already encoded in
 * the output format, so the main thread only compares keys and copies bytes.
 *
 * Values are packed one by one (measured on a 59 MB records shard: cheaper than converting and
 * packing the whole dict, then walking it for entry boundaries); values msgpackr can take as
 * they are skip the conversion to plain shapes.
 */
export class ShardEncoder {
  private readonly builder = new SegmentBuilder();
  private readonly packr = new Packr({ useRecords: false, encodeUndefinedAsNil: false });

  constructor(private readonly settings: ShardEncoderSettings) {
    registerFloat64();
    registerPyFloat();
  }

  /** Where the record being added starts in the segment's bytes (its output budget counts from here). */
  private recordStart = 0;
  /** The first row of the record being added. */
  private recordFirstRow = 0;
  /** The dicts a deep merge is inside, outermost first: one of them met again is a cycle. */
  private readonly openDicts: Map<PyValue, PyValue>[] = [];
  /** The keys of the open dicts' entries being added, outermost first (error paths). */
  private readonly openKeys: PyValue[] = [];

  /** Adds one record's entries; `describe` names the record in errors. */
  addRecord(record: PyValue, recordIndex: number, describe: () => string): void {
    const dict = asDict(record);
    if (dict === null) throw new NotADictError(`${describe()} is ${kindOf(record)}, not a dict: only dicts can be merged`);
    this.builder.beginRecord();
    this.recordStart = this.builder.offset;
    this.recordFirstRow = this.builder.rows;
    this.openDicts.length = 0;
    this.openKeys.length = 0;
    this.addEntries(dict, 0, recordIndex);
  }

  /**
   * Adds the entries of a msgpack map already encoded (a previous merge's msgpack output), as
   * bytes: nothing is decoded but non-str keys. Deep merge walks nested maps the same way.
   * Returns the offset past the map.
   */
  addEncodedMap(bytes: Uint8Array, start: number, unpackKey: (start: number, end: number) => PyValue, depth = 0): number {
    const header = readMapHeader(bytes, start);
    if (header === null) throw new NotADictError(`the msgpack value at offset ${start} is not a map: only dicts can be merged`);
    if (depth >= MAX_DEPTH) throw tooDeep(undefined);
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

  finish(): Segment {
    return this.builder.finish();
  }

  /**
   * One row per entry (and, in deep mode, per nested dict), each value converted and packed on
   * its own. For msgpack a str key's bytes are its identity too.
   */
  private addEntries(dict: Map<PyValue, PyValue>, depth: number, recordIndex: number): void {
    const builder = this.builder;
    const isMsgpack = this.settings.format === "msgpack";
    const maxOutputBytes = this.settings.maxOutputBytes;
    for (const [key, value] of dict) {
      // Each value is held to the budget as it is written; the record is too, or a dict whose
      // many keys share one large value through the memo would be written in full for each.
      // A deep merge's rows count too (a memo bomb of nested dicts is rows more than bytes).
      const rowBytes = (builder.rows - this.recordFirstRow) * ROW_BYTES;
      if (builder.offset - this.recordStart + rowBytes > maxOutputBytes) throw recordOverBudget(maxOutputBytes, recordIndex);
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
        this.openKeys.push(key);
        this.addChildEntries(child, depth + 1, recordIndex);
        this.openKeys.pop();
        continue;
      }
      if (isMsgpack) builder.append(this.packed(value, recordIndex, key));
      else builder.appendText(toJson(value, { maxOutputBytes: this.settings.maxOutputBytes }));
      builder.addEntry(depth, false, identity, identityEnd, keyStart, keyEnd, builder.offset);
    }
  }

  /** A deep merge's nested dict, refused when it is one of the dicts it is inside or nested past MAX_DEPTH. */
  private addChildEntries(child: Map<PyValue, PyValue>, depth: number, recordIndex: number): void {
    const open = this.openDicts;
    if (open.includes(child)) {
      throw new OutputError("cycle: a dict contains itself; a deep merge cannot merge a value that contains itself", {
        code: "CYCLE",
        recordIndex,
        path: "$",
      });
    }
    if (depth >= MAX_DEPTH) throw tooDeep(recordIndex);
    open.push(child);
    this.addEntries(child, depth, recordIndex);
    open.pop();
  }

  /** `value` packed; `key`: the entry's key, when it is a value (its path in errors), not a key. */
  private packed(value: PyValue, recordIndex: number, key?: PyValue): Uint8Array {
    const stepsToRoot =
      key === undefined ? undefined : () => [...this.openKeys, key].map((step): PathStep => ({ key: scalarKeyText(step) ?? toJson(step) }));
    return packMergeValue(this.packr, value, this.settings.maxOutputBytes, recordIndex, stepsToRoot);
  }
}

/**
 * A merge value's msgpack (the general path's, and the transcoder's for a class inside a value:
 * an island). The result is a view of `packr`'s buffer, which its next pack may write over.
 * Registers the float extensions it needs (as ShardEncoder does).
 */
export function packMergeValue(
  packr: Packr,
  value: PyValue,
  maxOutputBytes: number,
  recordIndex: number,
  stepsToRoot?: () => readonly PathStep[],
): Uint8Array {
  if (!isDirectlyPackable(value, maxOutputBytes)) {
    return packr.pack(toMsgpackPlain(value, { maxDepth: MAX_DEPTH, maxOutputBytes, recordIndex, ...(stepsToRoot && { stepsToRoot }) }));
  }
  // The check's estimate is a lower bound (a byte per UTF-16 unit): the packed length decides.
  const packed = packr.pack(value);
  if (packed.length > maxOutputBytes) throw recordOverBudget(maxOutputBytes, recordIndex);
  return packed;
}

function tooDeep(recordIndex: number | undefined): OutputError {
  return new OutputError(`dicts nested deeper than ${MAX_DEPTH} levels: a deep merge goes no deeper (merge with another policy)`, {
    code: "LIMIT_EXCEEDED",
    recordIndex,
    path: "$",
    limit: "maxDepth",
  });
}

function recordOverBudget(maxOutputBytes: number, recordIndex: number): OutputError {
  return new OutputError(
    `output passed ${maxOutputBytes} bytes, 64 times the bytes read (at least 64 MiB): a small pickle whose shared objects expand without end (a memo bomb) stops here`,
    { code: "LIMIT_EXCEEDED", recordIndex, path: "$", limit: "maxOutputBytes" },
  );
}

/**
 * The value as a Map when it is a dict (OrderedDict, defaultdict and Counter decode to Maps too).
 * Not a rebuilt class whose plain form is a dict: a DataFrame's `{index, columns}` is no dict to
 * merge into (a deep merge of two frames made one whose columns and index disagreed).
 */
function asDict(value: PyValue): Map<PyValue, PyValue> | null {
  return value instanceof Map ? value : null;
}

function kindOf(value: PyValue): string {
  if (value === null) return "None";
  if (Array.isArray(value)) return "a list or tuple";
  if (isPyObject(value)) return `a ${value.pyClass}`;
  if (value instanceof Uint8Array) return "bytes";
  if (value instanceof Set) return "a set";
  return `a ${typeof value}`;
}
