// Hand-made pickles CPython's unpickler refuses, which the decoder accepted (review 19): a key
// Python cannot hash, ADDITEMS into a frozenset, a GLOBAL or INST with an empty name, a name or a
// Python 2 str under encoding "utf-8" holding an encoded surrogate (strict UTF-8). Each was run
// through CPython 3.11's pickle.loads (C and pure Python) when this file was written: each raised.
// The value path and the engine's writers refuse each with a PickleError at the opcode.
import { loads, PickleError, type UnpicklerOptions } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { splitEvery } from "../helpers/chunks.js";
import { engineJson, engineMsgpack, valuePathJson } from "../helpers/engine-paths.js";

const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, "hex"));

interface Refusal {
  readonly what: string;
  readonly hex: string;
  readonly says: RegExp;
  readonly opcode: string;
  readonly options?: UnpicklerOptions;
}

const REFUSALS: readonly Refusal[] = [
  // (dI1 ... : MARK, an empty list, INT 1, DICT: {[]: 1} (TypeError: unhashable type: 'list').
  { what: "{[]: 1} by DICT", hex: "28286c49310a642e", says: /unhashable type: 'list'/, opcode: "DICT" },
  { what: "{[]: 1} in map mode", hex: "28286c49310a642e", says: /unhashable type: 'list'/, opcode: "DICT", options: { dict: "map" } },
  // }](K\x01u: EMPTY_DICT, then SETITEMS of [] -> 1 (protocol 2).
  { what: "{[]: 1} by SETITEMS", hex: "80027d285d4b01752e", says: /unhashable type: 'list'/, opcode: "SETITEMS" },
  { what: "{{}: 1} by SETITEM", hex: "80027d7d4b01732e", says: /unhashable type: 'dict'/, opcode: "SETITEM" },
  // A tuple holding a list is unhashable too: {([],): 1}.
  { what: "{([],): 1}", hex: "80027d5d854b01732e", says: /unhashable type: 'list'/, opcode: "SETITEM" },
  // EMPTY_SET, MARK, EMPTY_LIST, ADDITEMS: {[]} (protocol 4).
  { what: "a set of a list by ADDITEMS", hex: "80048f285d902e", says: /unhashable type: 'list'/, opcode: "ADDITEMS" },
  { what: "a frozenset of a set", hex: "8004288f912e", says: /unhashable type: 'set'/, opcode: "FROZENSET" },
  // MARK FROZENSET, MARK BININT1 1 ADDITEMS: frozenset has no add (AttributeError).
  { what: "ADDITEMS into a frozenset", hex: "80042891284b01902e", says: /frozenset, which has no add/, opcode: "ADDITEMS" },
  // c\nfoo\n: GLOBAL with an empty module name ("pickle data was truncated").
  { what: "GLOBAL with an empty module name", hex: "630a666f6f0a2e", says: /empty module or class name/, opcode: "GLOBAL" },
  { what: "GLOBAL with an empty class name", hex: "63666f6f0a0a2e", says: /empty module or class name/, opcode: "GLOBAL" },
  { what: "INST with an empty module name", hex: "28690a4f6c640a2e", says: /empty module or class name/, opcode: "INST" },
  // cfakemod\nOld<ED A0 80>\n: a name holding an encoded surrogate (UnicodeDecodeError).
  { what: "GLOBAL naming an encoded surrogate", hex: "6366616b656d6f640a4f6c64eda0800a2e", says: /encoded surrogate/, opcode: "GLOBAL" },
  // S'<ED A0 80>'\n under encoding utf-8.
  { what: "a STRING of an encoded surrogate under utf-8", hex: "5327eda080270a2e", says: /encoded surrogate/, opcode: "STRING", options: { encoding: "utf-8" } },
  { what: "a SHORT_BINSTRING of an encoded surrogate under utf-8", hex: "80025503eda0802e", says: /encoded surrogate/, opcode: "SHORT_BINSTRING", options: { encoding: "utf-8" } },
];

function refusal(bytes: Uint8Array, options: UnpicklerOptions = {}): PickleError {
  try {
    loads(bytes, options);
  } catch (error) {
    if (error instanceof PickleError) return error;
    throw error;
  }
  throw new Error("decoded");
}

describe("what CPython refuses, the decoder refuses", () => {
  for (const { what, hex, says, opcode, options } of REFUSALS) {
    it(`refuses ${what}, naming ${opcode}`, () => {
      const bytes = fromHex(hex);
      const error = refusal(bytes, options);
      expect(error.reason).toMatch(says);
      expect(error.opcodeName).toBe(opcode);
      // The writers of the CLI's default paths refuse it too, whole and a byte at a time.
      const expected = valuePathJson(bytes, options);
      expect(expected.error).toMatch(says);
      for (const chunks of [[bytes], splitEvery(bytes, 1)]) {
        expect(engineJson(chunks, options).error).toBe(expected.error);
        expect(engineMsgpack(chunks, options).error).toMatch(says);
      }
    });
  }

  it("still reads what Python hashes: a tuple, a frozenset, bytes, None and a float as keys", () => {
    // {(1, 'a'): 1, frozenset({2}): 2, b'x': 3, None: 4, 2.5: 5}, pickled by CPython 3.11 at protocol 4.
    const hex = "8004952a000000000000007d94284b018c01619486944b01284b0291944b02430178944b034e4b044740040000000000004b05752e";
    const value = loads(fromHex(hex), { dict: "map" }) as Map<unknown, unknown>;
    expect([...value.values()]).toEqual([1, 2, 3, 4, 5]);
  });

  it('takes a list for a frozenset key under sets: "array" (a frozenset is an array there)', () => {
    // {frozenset({1}): 'x'}, pickled by CPython 3.11 at protocol 4.
    const value = loads(fromHex("8004950d000000000000007d94284b0191948c017894732e"), { sets: "array", dict: "map" }) as Map<unknown, unknown>;
    expect([...value.entries()]).toEqual([[[1], "x"]]);
  });
});
