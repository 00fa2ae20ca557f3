import { isPickleError, loadAll, toJson } from "@pkl-stream/core";
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

/** True when the audit found code a function is made from (cloudpickle's and dill's functions). */
function carriesCode(audit: FileAudit): boolean {
  return audit.summary.findings.some((finding) => /code object/.test(finding.reason));
}

/**
 * The functions a plain pickle file carries, with the values their closures capture, read by
 * decoding it (the decoder rebuilds functions as data and never runs them). Empty when the audit
 * found no code object, for containers, or when the file does not decode.
 */
export function carriedFunctions(bytes: Uint8Array, audit: FileAudit, memo: "per-record" | "shared"): CarriedFunction[] {
  if (audit.container !== null || !carriesCode(audit)) return [];
  let records: unknown[];
  try {
    records = loadAll(bytes, { memo, dict: "map", wrapIntegralFloats: true });
  } catch (error) {
    if (isPickleError(error)) return [];
    throw error;
  }
  const found: CarriedFunction[] = [];
  records.forEach((record, recordIndex) => {
    let plain: unknown;
    try {
      plain = JSON.parse(toJson(record as Parameters<typeof toJson>[0]));
    } catch {
      return;
    }
    const pending: unknown[] = [plain];
    while (pending.length > 0) {
      const value = pending.pop();
      if (value === null || typeof value !== "object") continue;
      if (Array.isArray(value)) {
        pending.push(...value);
        continue;
      }
      const object = value as Record<string, unknown>;
      if (typeof object.__function__ === "string") {
        const parameters = Array.isArray(object.parameters) ? object.parameters.map(String) : [];
        const closure = object.closure !== null && typeof object.closure === "object" ? (object.closure as Record<string, unknown>) : {};
        found.push({ recordIndex, name: object.__function__, parameters, closure });
      }
      pending.push(...Object.values(object));
    }
  });
  return found;
}

/** `name(params) captures a=5, b=[5,10]`: one line of the human report. */
export function formatFunction(fn: CarriedFunction): string {
  const captured = Object.entries(fn.closure).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  return `${fn.name}(${fn.parameters.join(", ")})${captured.length === 0 ? "" : ` captures ${captured.join(", ")}`}`;
}
