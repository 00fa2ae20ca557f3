import type { PyReducible, PyReduction } from "../encoder/reduction.js";
import { createDict, type PyObjectValue, type PyValue } from "../values/py-types.js";
import { describeValue, expectArgCount, readInt, readString } from "./arg-checks.js";
import { dictEntries, isDictValue } from "./dict-access.js";
import type { ClassReconstructor, PyStateful } from "./registry.js";

const MAX_UUID = (1n << 128n) - 1n;

/**
 * `uuid.UUID`. Pickles write `UUID.__new__(UUID)` then BUILD `{"int": n, "is_safe": ...}` (Python 2
 * and protocols 0-1 through `copyreg._reconstructor`), so the value is empty until `setState`.
 */
export class PyUuid implements PyObjectValue, PyStateful, PyReducible {
  readonly pyClass: string = "uuid.UUID";
  /** The 128-bit value, or null before BUILD. */
  int: bigint | null;
  /** `is_safe` as pickled (its value, or a `uuid.SafeUUID` placeholder); null when absent. */
  isSafe: PyValue = null;

  constructor(int: bigint | null = null) {
    this.int = int === null ? null : checkRange(int);
  }

  /** Accepts the dict state, or the `(dict, slots)` pair copyreg writes for slotted classes. */
  setState(state: PyValue): void {
    const parts = Array.isArray(state) && state.length === 2 ? state : [state];
    for (const part of parts) {
      if (part === null) continue;
      if (!isDictValue(part)) throw new TypeError(`uuid.UUID: state must be a dict, got ${describeValue(part)}`);
      for (const [key, value] of dictEntries(part)) {
        if (key === "int") this.int = checkRange(readInt("uuid.UUID", value));
        else if (key === "is_safe") this.isSafe = readIsSafe(value);
      }
    }
    if (this.int === null) throw new TypeError("uuid.UUID: state has no 'int'");
  }

  /** `str(uuid)`: 8-4-4-4-12 lowercase hex digits. */
  toString(): string {
    return this.int === null ? "" : uuidText(this.int);
  }

  /** `str(value)`; before BUILD gave it a value, the bare object form (`{"__class__": "uuid.UUID"}`). */
  toPlain(): PyValue {
    if (this.int !== null) return this.toString();
    const plain = createDict();
    plain["__class__"] = this.pyClass;
    return plain;
  }

  /** `UUID.__new__(UUID)` then BUILD `{"int": n[, "is_safe": ...]}`, as `copyreg.__reduce_ex__` writes it. */
  reduceForPickle(): PyReduction {
    if (this.int === null) return { callable: ["uuid", "UUID"], args: [], isNewObj: true };
    const state = createDict();
    state["int"] = this.int;
    if (this.isSafe !== null) state["is_safe"] = this.isSafe;
    return { callable: ["uuid", "UUID"], args: [], isNewObj: true, state };
  }
}

/** `str(UUID(int=value))` for 0 <= value < 2**128: 8-4-4-4-12 lowercase hex digits. */
export function uuidText(value: bigint): string {
  const hex = value.toString(16).padStart(32, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const HEX_PAIRS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/**
 * uuidText of the int LONG1's payload bytes[at, at + length) holds (little-endian two's
 * complement, as CPython writes it), without a bigint; undefined when it is not a UUID's int
 * (negative, or 2**128 and up).
 */
export function uuidTextOfLong(bytes: Uint8Array, at: number, length: number): string | undefined {
  if (length > 17 || (length === 17 && bytes[at + 16] !== 0) || (length > 0 && length <= 16 && bytes[at + length - 1]! >= 0x80)) return undefined;
  let text = "";
  for (let i = 15; i >= 0; i--) {
    text += i < length ? HEX_PAIRS[bytes[at + i]!] : "00";
    // After bytes 15-12, 11-10, 9-8 and 7-6 (hex digits 8, 12, 16 and 20).
    if (i === 12 || i === 10 || i === 8 || i === 6) text += "-";
  }
  return text;
}

const HEX_DIGITS = Uint8Array.from("0123456789abcdef", (digit) => digit.charCodeAt(0));

/**
 * uuidTextOfLong's text written as ASCII at out[at, at + 36), without making a str: the end of it,
 * or -1 where uuidTextOfLong gives undefined.
 */
export function writeUuidOfLong(out: Uint8Array, at: number, bytes: Uint8Array, from: number, length: number): number {
  if (length > 17 || (length === 17 && bytes[from + 16] !== 0) || (length > 0 && length <= 16 && bytes[from + length - 1]! >= 0x80)) return -1;
  let p = at;
  for (let i = 15; i >= 0; i--) {
    const byte = i < length ? bytes[from + i]! : 0;
    out[p++] = HEX_DIGITS[byte >> 4]!;
    out[p++] = HEX_DIGITS[byte & 0xf]!;
    // After bytes 15-12, 11-10, 9-8 and 7-6 (hex digits 8, 12, 16 and 20).
    if (i === 12 || i === 10 || i === 8 || i === 6) out[p++] = 0x2d;
  }
  return p;
}

/** Whether `value` is a UUID's int (0 <= value < 2**128). */
function isUuidInt(value: bigint): boolean {
  return value >= 0n && value <= MAX_UUID;
}

function checkRange(int: bigint): bigint {
  if (!isUuidInt(int)) throw new TypeError("uuid.UUID: int is out of range (need 0 <= int < 1<<128)");
  return int;
}

/** `UUID.__new__(UUID)` (NEWOBJ), or `UUID("hex")` when written by hand. */
const uuidReconstructor: ClassReconstructor = {
  construct(args) {
    const qualname = "uuid.UUID";
    expectArgCount(qualname, args, 0, 1);
    if (args.length === 0) return new PyUuid();
    const hex = readString(qualname, args[0])
      .replace(/^urn:|^uuid:/gi, "")
      .replace(/[{}-]/g, "");
    if (!/^[0-9a-f]{32}$/i.test(hex)) throw new TypeError(`${qualname}: badly formed hexadecimal UUID string`);
    return new PyUuid(BigInt(`0x${hex}`));
  },
};

/** Reconstructors for `uuid`. */
export const uuidClasses: ReadonlyMap<string, ClassReconstructor> = new Map([["uuid.UUID", uuidReconstructor]]);

/**
 * `is_safe` as `SafeUUID(value)` takes it: 0 (safe, also False), -1 (unsafe), None (unknown), or
 * the SafeUUID the pickle made (a placeholder, kept); any other int, True or a str is its
 * ValueError.
 */
function readIsSafe(value: PyValue): PyValue {
  const isMember = value === null || value === 0 || value === -1 || value === 0n || value === -1n || value === false;
  if (!isMember && (typeof value === "number" || typeof value === "bigint" || typeof value === "string" || value === true)) {
    throw new TypeError(`uuid.UUID: is_safe ${String(value)} is not a SafeUUID value (0, -1 or None)`);
  }
  return value;
}
