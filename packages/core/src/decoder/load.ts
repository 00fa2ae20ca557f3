import { PickleError } from "../errors.js";
import type { PyValue } from "../values/py-types.js";
import type { UnpicklerOptions } from "./options.js";
import { Unpickler } from "./unpickler.js";

/** Decodes every record (pickle) in `bytes`. Empty input holds zero records. */
export function loadAll(bytes: Uint8Array, options?: UnpicklerOptions): PyValue[] {
  const unpickler = new Unpickler(options);
  const records = unpickler.push(bytes);
  unpickler.end();
  return records;
}

/** Decodes `bytes` holding exactly one pickle (use `loadAll` for appended records). */
export function loads(bytes: Uint8Array, options?: UnpicklerOptions): PyValue {
  const unpickler = new Unpickler(options);
  const records = unpickler.push(bytes);
  unpickler.end();
  if (records.length !== 1) {
    throw new PickleError(
      records.length === 0 ? "no pickle in the input" : `expected one pickle, found ${records.length} (use loadAll for appended records)`,
      { code: records.length === 0 ? "TRUNCATED" : "BAD_ARGUMENT", offset: unpickler.recordSpans[2] ?? 0, opcode: -1, recordIndex: records.length === 0 ? 0 : 1 },
    );
  }
  return records[0]!;
}
