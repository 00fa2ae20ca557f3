import { type PyValue, PyFloat } from "@pkl-stream/core";
import { floatRepr } from "@pkl-stream/core/json";
import { readMsgpackValue } from "../msgpack-values.js";

/**
 * A msgpack key as a message names it: a str as JSON (`"id"`), an int, bool or nil as its JSON
 * (`7`, `true`, `null`), a float as Python writes it (`2.0`, `2.5`: msgpack keeps float64 apart
 * from ints, so `2.0` is not named as the int `2`), a tuple key as a JSON array (`[1,"a"]`), bytes
 * as `<bytes 6b00>`. Only an error's message calls this, so it decodes rather than walks.
 */
export function msgpackKeyText(bytes: Uint8Array): string {
  try {
    return describe(readMsgpackValue(bytes, 0).value);
  } catch {
    return `<msgpack ${Buffer.from(bytes).toString("hex")}>`;
  }
}

/**
 * A key of JSON output as a message names it. The key's bytes are its JSON object key, where the
 * str "2.0" and the float 2.0 are both `"2.0"`; its identity (the msgpack of its canonical key,
 * key-identity.ts) tells them apart. A str is named as its JSON (`"2.0"`), bytes as msgpack
 * output names them (`<bytes 78>`), any other key (a number, a tuple, None) by its key text
 * unquoted (`2.0`, `[1,"a"]`), as msgpackKeyText names them.
 */
export function jsonKeyName(jsonKey: Uint8Array, identity: Uint8Array): string {
  const text = Buffer.from(jsonKey).toString("utf8");
  const head = identity[0];
  const isStr = head !== undefined && ((head >= 0xa0 && head <= 0xbf) || (head >= 0xd9 && head <= 0xdb));
  if (isStr) return text;
  if (head !== undefined && head >= 0xc4 && head <= 0xc6) return msgpackKeyText(identity);
  try {
    const inner: unknown = JSON.parse(text);
    return typeof inner === "string" ? inner : text;
  } catch {
    return text;
  }
}

function describe(value: PyValue): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : floatRepr(value);
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value === null) return "null";
  if (value instanceof Uint8Array) return `<bytes ${Buffer.from(value).toString("hex")}>`;
  if (Array.isArray(value)) return `[${value.map(describe).join(",")}]`;
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${describe(k)}:${describe(v)}`).join(",")}}`;
  return String(value);
}
