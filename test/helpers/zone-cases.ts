// The zone fixtures (test/fixtures/zones/*.json: CPython's pickles of a datetime or time in a zone
// and its `isoformat()`), read, and the one check every such case gets.
import { readFileSync } from "node:fs";
import { loads, type PyDateTime, type PyTime } from "@pkl-stream/core";
import { expect } from "vitest";
import { splitEvery } from "./chunks.js";
import { engineJson, engineMsgpack, valuePathJson, valuePathMsgpack } from "./engine-paths.js";
import { testPath } from "./python.js";

export interface ZoneCase {
  readonly name: string;
  readonly protocol: number;
  readonly pickle: string;
  readonly iso: string;
  /** The pickle's bytes. */
  readonly bytes: Uint8Array;
}

/** The cases of a fixture file under test/ (`fixtures/zones/zones.json`). */
export function readZoneCases(path: string): ZoneCase[] {
  const entries = JSON.parse(readFileSync(testPath(path), "utf8")) as Omit<ZoneCase, "bytes">[];
  return entries.map((entry) => ({ ...entry, bytes: new Uint8Array(Buffer.from(entry.pickle, "base64")) }));
}

/**
 * `{"t": value, "in": [value]}` decodes to a value whose isoformat() is CPython's, and the value
 * path, the tape engine (whole and in 7-byte chunks) and msgpack all write it alike.
 */
export function expectZoneCase(entry: ZoneCase): void {
  const value = loads(entry.bytes, { dict: "map" }) as Map<string, PyDateTime | PyTime>;
  expect(value.get("t")!.isoformat()).toBe(entry.iso);
  const line = `{"t":${JSON.stringify(entry.iso)},"in":[${JSON.stringify(entry.iso)}]}\n`;
  expect(valuePathJson(entry.bytes).text).toBe(line);
  expect(engineJson([entry.bytes]).text).toBe(line);
  expect(engineJson(splitEvery(entry.bytes, 7)).text).toBe(line);
  expect(engineMsgpack([entry.bytes]).hex).toBe(valuePathMsgpack(entry.bytes).hex);
}
