import { type PyValue, isPyObject, toJson } from "@pkl-stream/core";
import { scalarKeyText } from "@pkl-stream/core/json";
import { Packr } from "msgpackr";
import { registerFloat64 } from "../writers/float64.js";
import { toMsgpackPlain } from "../writers/msgpack-plain.js";
import { isDirectlyPackable, registerPyFloat } from "./direct-pack.js";
import { canonicalKey } from "./key-identity.js";
import { isStrAt, readMapHeader, skipValue } from "./msgpack-walk.js";
import type { MergeFormat } from "./output-format.js";
import { type Segment, SegmentBuilder } from "./segment.js";

/** Deepest nesting msgpackr is asked to write (it encodes recursively). */
const MAX_DEPTH = 512;

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

  /** Adds one record's entries; `describe` names the record in errors. */
  addRecord(record: PyValue, recordIndex: number, describe: () => string): void {
    const dict = asDict(record);
    if (dict === null) throw new NotADictError(`${describe()} is ${kindOf(record)}, not a dict: only dicts can be merged`);
    this.builder.beginRecord();
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

  private packed(value: PyValue, recordIndex: number): Uint8Array {
    return packMergeValue(this.packr, value, this.settings.maxOutputBytes, recordIndex);
  }
}

/**
 * A merge value's msgpack (the general path's, and the transcoder's for a class inside a value:
 * an island). The result is a view of `packr`'s buffer, which its next pack may write over.
 * Registers the float extensions it needs (as ShardEncoder does).
 */
export function packMergeValue(packr: Packr, value: PyValue, maxOutputBytes: number, recordIndex: number): Uint8Array {
  if (isDirectlyPackable(value)) return packr.pack(value);
  return packr.pack(toMsgpackPlain(value, { maxDepth: MAX_DEPTH, maxOutputBytes, recordIndex }));
}

/** The record as a Map when it is a dict (OrderedDict, defaultdict, Counter through their plain form). */
function asDict(value: PyValue): Map<PyValue, PyValue> | null {
  if (value instanceof Map) return value;
  if (isPyObject(value)) {
    const plain = value.toPlain();
    if (plain instanceof Map) return plain;
  }
  return null;
}

function kindOf(value: PyValue): string {
  if (value === null) return "None";
  if (Array.isArray(value)) return "a list or tuple";
  if (isPyObject(value)) return `a ${value.pyClass}`;
  if (value instanceof Uint8Array) return "bytes";
  if (value instanceof Set) return "a set";
  return `a ${typeof value}`;
}
