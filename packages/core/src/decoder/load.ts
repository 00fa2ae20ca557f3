import { PickleError, TruncatedError } from "../errors.js";
import type { PyValue } from "../values/py-types.js";
import type { UnpicklerOptions } from "./options.js";
import { Unpickler } from "./unpickler.js";

/**
 * `emit: "entries"` hands out a record's entries as they complete, not the record: for an
 * Unpickler fed in chunks or readPickles. loads and loadAll return whole records.
 */
function refuseEntries(name: string, options: UnpicklerOptions | undefined): void {
  if (options?.emit === "entries") {
    throw new RangeError(`${name}: emit "entries" is for an Unpickler fed in chunks or readPickles (each root entry as it completes); ${name} returns whole records`);
  }
}

/** Decodes every record (pickle) in `bytes`. Empty input holds zero records. */
export function loadAll(bytes: Uint8Array, options?: UnpicklerOptions): PyValue[] {
  refuseEntries("loadAll", options);
  const unpickler = new Unpickler(options);
  const records = unpickler.push(bytes);
  unpickler.end();
  return records;
}

/** Decodes `bytes` holding exactly one pickle (use `loadAll` for appended records). */
export function loads(bytes: Uint8Array, options?: UnpicklerOptions): PyValue {
  refuseEntries("loads", options);
  const unpickler = new Unpickler(options);
  const records = unpickler.push(bytes);
  unpickler.end();
  if (records.length !== 1) {
    // No record at all is a truncation like any other (a TruncatedError, as a record cut short).
    if (records.length === 0) throw new TruncatedError("no pickle in the input", { offset: 0, opcode: -1, recordIndex: 0 });
    throw new PickleError(`expected one pickle, found ${records.length} (use loadAll for appended records)`, {
      code: "BAD_ARGUMENT",
      offset: unpickler.recordSpans[2] ?? 0,
      opcode: -1,
      recordIndex: 1,
    });
  }
  return records[0]!;
}
