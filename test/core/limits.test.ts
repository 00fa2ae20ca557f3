// Hostile inputs from issue #5: each ends in a PickleError or a correct value, in bounded memory
// and time, in the decoder (one-shot and chunked) and in the auditor; no key reaches Object.prototype.
import { createDict, isPickleError, isPyDict, loads, PyInstance, type PyValue, toJson, Unpickler, type UnpicklerOptions } from "@pkl-stream/core";
import { auditPickle } from "@pkl-stream/core/disasm";
import { afterEach, describe, expect, it } from "vitest";
import { concatChunks, splitRandomly } from "../helpers/chunks.js";

const bytesOf = (text: string): Uint8Array => Uint8Array.from(text, (ch) => ch.charCodeAt(0));
const concat = (...parts: Uint8Array[]): Uint8Array => concatChunks(parts);
const repeat = (byte: number, count: number): Uint8Array => new Uint8Array(count).fill(byte);

type Outcome = { value: PyValue } | { code: string };

/** loads, turning a PickleError into its code; anything else thrown fails the test. */
function outcome(bytes: Uint8Array, options?: UnpicklerOptions): Outcome {
  try {
    return { value: loads(bytes, options) };
  } catch (error) {
    if (!isPickleError(error)) throw error;
    return { code: error.code };
  }
}

/** The same input pushed in seeded random chunks must end the same way. */
function chunkedOutcome(bytes: Uint8Array, options?: UnpicklerOptions): Outcome {
  const unpickler = new Unpickler(options);
  const records: PyValue[] = [];
  try {
    for (const chunk of splitRandomly(bytes, 5, 1 << 16)) records.push(...unpickler.push(chunk));
    unpickler.end();
  } catch (error) {
    if (!isPickleError(error)) throw error;
    return { code: error.code };
  }
  expect(records.length).toBe(1);
  return { value: records[0]! };
}

/** The audit never throws on bytes and never allocates a claimed length. */
function expectAuditCompletes(bytes: Uint8Array): void {
  const audit = auditPickle(bytes);
  expect(["safe", "unknown", "dangerous"]).toContain(audit.verdict);
}

/** Depth of a value made of nested arrays, walked without recursion. */
function arrayDepth(value: PyValue): number {
  let depth = 0;
  let node: PyValue | undefined = value;
  while (Array.isArray(node)) {
    depth++;
    node = node[0];
  }
  return depth;
}

describe("hostile limits", () => {
  it("decodes or refuses 1,000,000 nested lists (EMPTY_LIST ... APPEND)", () => {
    const n = 1_000_000;
    const bytes = concat(bytesOf("\x80\x02"), repeat(0x5d, n), repeat(0x61, n - 1), bytesOf("."));
    const result = outcome(bytes);
    if ("value" in result) expect(arrayDepth(result.value)).toBe(n);
    else expect(result.code).toBe("LIMIT_EXCEEDED");
    expect(chunkedOutcome(bytes)).toEqual("code" in result ? result : expect.anything());
    expectAuditCompletes(bytes);
  });

  it("decodes or refuses 1,000,000 nested lists made with MARK ... LIST", () => {
    const n = 1_000_000;
    const bytes = concat(repeat(0x28, n), repeat(0x6c, n), bytesOf("."));
    const result = outcome(bytes);
    if ("value" in result) expect(arrayDepth(result.value)).toBe(n);
    else expect(result.code).toBe("LIMIT_EXCEEDED");
    expectAuditCompletes(bytes);
  });

  it("stops nesting past maxDepth with LIMIT_EXCEEDED", () => {
    const bytes = concat(repeat(0x28, 2000), repeat(0x6c, 2000), bytesOf("."));
    expect(outcome(bytes, { maxDepth: 1000 })).toEqual({ code: "LIMIT_EXCEEDED" });
    expect(chunkedOutcome(bytes, { maxDepth: 1000 })).toEqual({ code: "LIMIT_EXCEEDED" });
  });

  it("survives a million MARKs", () => {
    const bytes = concat(repeat(0x28, 1_000_000), bytesOf("N."));
    const result = outcome(bytes);
    if ("value" in result) expect(result.value).toBeNull();
    else expect(result.code).toBe("LIMIT_EXCEEDED");
    expectAuditCompletes(bytes);
  });

  const hugeLength = (opcode: number, lengthBytes: number[]): Uint8Array =>
    concat(bytesOf("\x80\x04"), new Uint8Array([opcode, ...lengthBytes]), bytesOf("abc."));
  const TWO_TO_62 = [0, 0, 0, 0, 0, 0, 0, 0x40];
  const MAX_U64 = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
  const cases: [string, Uint8Array][] = [
    ["BINUNICODE8 claiming 2^62 bytes", hugeLength(0x8d, TWO_TO_62)],
    ["BINBYTES8 claiming 2^64-1 bytes", hugeLength(0x8e, MAX_U64)],
    ["BYTEARRAY8 claiming 2^62 bytes", hugeLength(0x96, TWO_TO_62)],
    ["BINUNICODE claiming 4 GiB", hugeLength(0x58, [0xff, 0xff, 0xff, 0xff])],
    ["BINBYTES claiming 4 GiB", hugeLength(0x42, [0xff, 0xff, 0xff, 0xff])],
    ["BINSTRING claiming 2 GiB", hugeLength(0x54, [0xff, 0xff, 0xff, 0x7f])],
    ["BINSTRING with a negative length", hugeLength(0x54, [0xff, 0xff, 0xff, 0xff])],
    ["LONG4 claiming 2 GiB", hugeLength(0x8b, [0xff, 0xff, 0xff, 0x7f])],
    ["FRAME claiming 2^62 bytes", hugeLength(0x95, TWO_TO_62)],
  ];
  for (const [name, bytes] of cases) {
    it(`refuses ${name} with a PickleError before allocating`, () => {
      // Any PickleError will do (outcome() lets nothing else through): a FRAME's claim is only
      // a hint, so the decoder may go on and fail on the opcodes after it.
      expect(outcome(bytes)).toHaveProperty("code");
      expect(chunkedOutcome(bytes)).toHaveProperty("code");
      expectAuditCompletes(bytes);
    });
  }

  it("refuses an INT or LONG line past maxIntBytes, or past CPython's 4300 decimal digits, quickly and the same in chunks", () => {
    const intLine = bytesOf(`I${"9".repeat(80_000)}\n.`);
    for (const options of [{ maxIntBytes: 100 }, { maxIntBytes: 100, maxLineLength: 1_000_000 }]) {
      expect(outcome(intLine, options)).toEqual({ code: "LIMIT_EXCEEDED" });
      expect(chunkedOutcome(intLine, options)).toEqual({ code: "LIMIT_EXCEEDED" });
    }
    // Within the limits, 4300 digits are an int and 4301 a ValueError, as in CPython 3.11 (int_max_str_digits).
    expect(outcome(bytesOf(`I${"9".repeat(4300)}\n.`))).toEqual({ value: 10n ** 4300n - 1n });
    for (const line of [`I${"9".repeat(4301)}\n.`, `L${"9".repeat(4301)}L\n.`, `I${"9".repeat(2_000_000)}\n.`]) {
      expect(outcome(bytesOf(line), { maxLineLength: 3_000_000, maxIntBytes: 3_000_000 })).toEqual({ code: "BAD_ARGUMENT" });
    }
    expect(outcome(bytesOf(`I0x${"f".repeat(5000)}\n.`))).toEqual({ value: 16n ** 5000n - 1n });
  });

  it("names maxIntBytes when a LONG1's claimed length passes it", () => {
    const long1 = concat(bytesOf("\x80\x02\x8a"), Uint8Array.of(200), repeat(1, 200), bytesOf("."));
    expect(() => loads(long1, { maxIntBytes: 100 })).toThrow(/claimed length 200 bytes exceeds maxIntBytes \(100\) \(opcode LONG1/);
  });

  it("refuses a text line past maxLineLength whether it comes whole or in pieces", () => {
    const line = bytesOf(`S'${"a".repeat(2000)}'\n.`);
    expect(outcome(line, { maxLineLength: 1000 })).toEqual({ code: "LIMIT_EXCEEDED" });
    expect(chunkedOutcome(line, { maxLineLength: 1000 })).toEqual({ code: "LIMIT_EXCEEDED" });
    expect(outcome(line, { maxLineLength: 4000 })).toEqual({ value: "a".repeat(2000) });
  });

  it("reports LONG_BINGET 4294967295 as a missing memo entry", () => {
    const bytes = bytesOf("\x80\x02j\xff\xff\xff\xff.");
    expect(outcome(bytes)).toEqual({ code: "MEMO_MISSING" });
    expect(chunkedOutcome(bytes)).toEqual({ code: "MEMO_MISSING" });
    expect(auditPickle(bytes).error).toMatchObject({ code: "MEMO_MISSING" });
  });

  it("stores and fetches memo index 4294967295 without a 4-billion-slot memo", () => {
    const bytes = bytesOf("\x80\x02K\x07r\xff\xff\xff\xff0j\xff\xff\xff\xff.");
    const result = outcome(bytes);
    if ("value" in result) expect(result.value).toBe(7);
    else expect(result.code).toBe("LIMIT_EXCEEDED");
    expect(chunkedOutcome(bytes)).toEqual(result);
    expectAuditCompletes(bytes);
  });

  it("refuses NEWOBJ_EX keyword arguments that are not a dict", () => {
    const bytes = bytesOf("\x80\x04\x8c\x01m\x8c\x01C\x93)J\xff\xff\xff\x7f\x92.");
    expect(outcome(bytes)).toEqual({ code: "BAD_TYPE" });
  });

  it("keeps NEWOBJ_EX with 100,000 keyword arguments as data", () => {
    const parts = [bytesOf("\x80\x04\x8c\x01m\x8c\x01C\x93)}(")];
    for (let i = 0; i < 100_000; i++) {
      const key = `k${i}`;
      parts.push(new Uint8Array([0x8c, key.length]), bytesOf(key), bytesOf("N"));
    }
    parts.push(bytesOf("u\x92."));
    const result = outcome(concatChunks(parts));
    expect(result).toHaveProperty("value");
    const instance = (result as { value: PyValue }).value as PyInstance;
    expect(instance).toBeInstanceOf(PyInstance);
    expect(Object.keys(instance.kwargs ?? {})).toHaveLength(100_000);
  });

  it("refuses NEWOBJ_EX keyword arguments whose keys are not str, or decodes them as data", () => {
    const bytes = bytesOf("\x80\x04\x8c\x01m\x8c\x01C\x93)}K\x01Ns\x92.");
    const result = outcome(bytes);
    if ("code" in result) expect(["BAD_TYPE", "BAD_ARGUMENT"]).toContain(result.code);
    else expect(result.value).toBeInstanceOf(PyInstance);
  });
});

describe("prototype pollution", () => {
  const pristine = Object.getOwnPropertyNames(Object.prototype).sort();
  afterEach(() => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(pristine);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  // {"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}}, "prototype": 3}
  const hostileDict = bytesOf(
    "\x80\x04}(\x8c\x09__proto__}\x8c\x08polluted" +
      "K\x01s\x8c\x0bconstructor}\x8c\x09prototype}\x8c\x08pollutedK\x02ss\x8c\x09prototypeK\x03u.",
  );

  it("keeps __proto__, constructor and prototype as own keys of an object-mode dict", () => {
    const value = loads(hostileDict) as Record<string, PyValue>;
    expect(isPyDict(value)).toBe(true);
    expect(Object.keys(value)).toEqual(["__proto__", "constructor", "prototype"]);
    expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.value).toMatchObject({ polluted: 1 });
    expect(Object.getPrototypeOf(value)).toBe(Object.getPrototypeOf(createDict()));
  });

  it("keeps the keys as Map keys in map mode", () => {
    const value = loads(hostileDict, { dict: "map" }) as Map<PyValue, PyValue>;
    expect([...value.keys()]).toEqual(["__proto__", "constructor", "prototype"]);
  });

  it("keeps a BUILD state with __proto__ inside the placeholder", () => {
    const bytes = bytesOf("\x80\x04\x8c\x01m\x8c\x01C\x93)\x81}\x8c\x09__proto__}\x8c\x08pollutedK\x01ssb.");
    const value = loads(bytes) as PyInstance;
    expect(value).toBeInstanceOf(PyInstance);
    expect(Object.getPrototypeOf(value)).toBe(PyInstance.prototype);
    expect(Object.keys(value.state as object)).toEqual(["__proto__"]);
  });

  it("keeps a (dict, slots) BUILD state and SETITEMS on a placeholder inert", () => {
    const bytes = bytesOf(
      "\x80\x04\x8c\x01m\x8c\x01C\x93)\x81N}\x8c\x0bconstructor}\x8c\x08pollutedK\x01ss\x86b(\x8c\x09__proto__K\x01u.",
    );
    const value = loads(bytes) as PyInstance;
    expect(value.items).toEqual([["__proto__", 1]]);
    expect(Object.getPrototypeOf(value)).toBe(PyInstance.prototype);
  });

  it("writes the keys as plain JSON members that JSON.parse keeps as own keys", () => {
    const text = toJson(loads(hostileDict, { wrapIntegralFloats: true }));
    expect(text).toBe('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},"prototype":3}');
  });
});
