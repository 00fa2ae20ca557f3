import { isPickleError, loadAll, loads, toJson } from "@pkl-stream/core";
import type { FileAudit } from "@pkl-stream/core/disasm";

/** A function a pickle carries by value (cloudpickle, dill), as the decoder rebuilds it: nothing runs. */
export interface CarriedFunction {
  readonly recordIndex: number;
  /** `module.qualname`. */
  readonly name: string;
  readonly parameters: readonly string[];
  /** Captured values by variable name, as JSON values. */
  readonly closure: Readonly<Record<string, unknown>>;
}

/** True when the audit found code a function is made from (cloudpickle's and dill's functions): in a record, or summed over a file. */
export function carriesCode(audited: { readonly findings: readonly { readonly reason: string }[] }): boolean {
  return audited.findings.some((finding) => /code object/.test(finding.reason));
}

/**
 * The functions a plain pickle file carries, with the values their closures capture, read by
 * decoding it (the decoder rebuilds functions as data and never runs them). Empty when the audit
 * found no code object, for containers, or when the file does not decode.
 */
export function carriedFunctions(bytes: Uint8Array, audit: FileAudit, memo: "per-record" | "shared"): CarriedFunction[] {
  if (audit.container !== null || !carriesCode(audit.summary)) return [];
  let records: unknown[];
  try {
    records = loadAll(bytes, { memo, ...DECODE_OPTIONS });
  } catch (error) {
    if (isPickleError(error)) return [];
    throw error;
  }
  return records.flatMap((record, recordIndex) => functionsIn(record, recordIndex));
}

/**
 * The functions one record carries (its bytes alone: a record of a file read with a memo per
 * record), for a record whose audit found a code object; empty when it does not decode.
 */
export function recordFunctions(bytes: Uint8Array, recordIndex: number): CarriedFunction[] {
  let record: unknown;
  try {
    record = loads(bytes, DECODE_OPTIONS);
  } catch (error) {
    if (isPickleError(error)) return [];
    throw error;
  }
  return functionsIn(record, recordIndex);
}

const DECODE_OPTIONS = { dict: "map", wrapIntegralFloats: true } as const;

/** The functions in a decoded record, found in its JSON form (`__function__` objects). */
function functionsIn(record: unknown, recordIndex: number): CarriedFunction[] {
  let plain: unknown;
  try {
    plain = JSON.parse(toJson(record as Parameters<typeof toJson>[0]));
  } catch {
    return [];
  }
  const found: CarriedFunction[] = [];
  const pending: unknown[] = [plain];
  while (pending.length > 0) {
    const value = pending.pop();
    if (value === null || typeof value !== "object") continue;
    if (Array.isArray(value)) {
      for (const item of value) pending.push(item); // no spread: a list may hold 200k items
      continue;
    }
    const object = value as Record<string, unknown>;
    if (typeof object.__function__ === "string") {
      const parameters = Array.isArray(object.parameters) ? object.parameters.map(String) : [];
      const closure = object.closure !== null && typeof object.closure === "object" ? (object.closure as Record<string, unknown>) : {};
      found.push({ recordIndex, name: object.__function__, parameters, closure });
    }
    for (const item of Object.values(object)) pending.push(item);
  }
  return found;
}

/** `name(params) captures a=5, b=[5,10]`: one line of the human report. */
export function formatFunction(fn: CarriedFunction): string {
  const captured = Object.entries(fn.closure).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  return `${fn.name}(${fn.parameters.join(", ")})${captured.length === 0 ? "" : ` captures ${captured.join(", ")}`}`;
}
