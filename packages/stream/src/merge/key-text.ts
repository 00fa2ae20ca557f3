import { type Options, Unpackr } from "msgpackr";

// Keys as msgpack output holds them: maps as Maps, int64 as what fits (a bigint past 2^53).
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: false, int64AsType: "auto" } as unknown as Options);

/**
 * A msgpack key as a message names it: a str as JSON (`"id"`), a number, bool or nil as its
 * JSON (`7`, `2.5`, `true`, `null`), a tuple key as a JSON array (`[1,"a"]`), bytes as
 * `<bytes 6b00>`. Only an error's message calls this, so it decodes rather than walks.
 */
export function msgpackKeyText(bytes: Uint8Array): string {
  try {
    return describe(unpackr.unpack(bytes));
  } catch {
    return `<msgpack ${Buffer.from(bytes).toString("hex")}>`;
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value === null || value === undefined) return "null";
  if (value instanceof Uint8Array) return `<bytes ${Buffer.from(value).toString("hex")}>`;
  if (Array.isArray(value)) return `[${value.map(describe).join(",")}]`;
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${describe(k)}:${describe(v)}`).join(",")}}`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  return JSON.stringify(value) ?? String(value);
}
