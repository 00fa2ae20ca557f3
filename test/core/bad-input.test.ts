// Bad input only ever raises a PickleError with the right code, offset and opcode, as CPython
// raises UnpicklingError ("unpickling stack underflow", "could not find MARK", "Memo value not found").
import { isPickleError, loadAll, type PickleError, Unpickler, type UnpicklerOptions } from "@pkl-stream/core";
import { OPCODES } from "@pkl-stream/core/opcodes";
import { describe, expect, it } from "vitest";
import { compareDataNotClosures } from "../helpers/equality.js";
import { decoderOptions, fixtureNamed, readPickle } from "../helpers/fixtures.js";

compareDataNotClosures();

const bytesOf = (text: string): Uint8Array => Uint8Array.from(text, (char) => char.charCodeAt(0));

/** The error decoding throws; fails the test when it throws nothing or not a PickleError. */
function decodeError(bytes: Uint8Array, options?: UnpicklerOptions): PickleError {
  let caught: unknown;
  try {
    loadAll(bytes, options);
  } catch (error) {
    caught = error;
  }
  if (caught === undefined) throw new Error("decoding succeeded; expected a PickleError");
  if (!isPickleError(caught)) throw new Error(`expected a PickleError, got ${String(caught)}`, { cause: caught });
  return caught;
}

interface BadCase {
  readonly title: string;
  /** Latin-1 text of the pickle bytes. */
  readonly input: string;
  /** Absolute offset of the failing opcode. */
  readonly offset: number;
  readonly recordIndex?: number;
}

const opcodeAt = (bad: BadCase): number => bad.input.charCodeAt(bad.offset);

const UNDERFLOWS: readonly BadCase[] = [
  { title: "STOP on an empty stack", input: "\x80\x02.", offset: 2 },
  { title: "POP on an empty stack", input: "\x80\x020N.", offset: 2 },
  { title: "DUP on an empty stack", input: "2.", offset: 0 },
  { title: "APPEND with only the list", input: "\x80\x02]a.", offset: 3 },
  { title: "APPEND right above a MARK", input: "\x80\x02](a.", offset: 4 },
  { title: "SETITEM with a dict and one item", input: "\x80\x02}Ns.", offset: 4 },
  { title: "REDUCE with only the arguments", input: "\x80\x02)R.", offset: 3 },
  { title: "BUILD with only the state", input: "\x80\x02Nb.", offset: 3 },
  { title: "TUPLE1 on an empty stack", input: "\x80\x02\x85.", offset: 2 },
  { title: "TUPLE2 with one item", input: "\x80\x02N\x86.", offset: 3 },
  { title: "TUPLE3 with two items", input: "\x80\x02NN\x87.", offset: 4 },
  { title: "NEWOBJ with one item", input: "\x80\x02)\x81.", offset: 3 },
  { title: "BINPUT on an empty stack", input: "\x80\x02q\x00N.", offset: 2 },
  { title: "MEMOIZE on an empty stack", input: "\x80\x04\x94N.", offset: 2 },
  { title: "STOP with only a MARK", input: "(.", offset: 1 },
];

const MISSING_MARKS: readonly BadCase[] = [
  { title: "TUPLE", input: "\x80\x02Nt.", offset: 3 },
  { title: "LIST", input: "Nl.", offset: 1 },
  { title: "DICT", input: "d.", offset: 0 },
  { title: "APPENDS", input: "\x80\x02]Ne.", offset: 4 },
  { title: "SETITEMS", input: "\x80\x02}NNu.", offset: 5 },
  { title: "POP_MARK", input: "\x80\x021.", offset: 2 },
  { title: "ADDITEMS", input: "\x80\x04\x8fN\x90.", offset: 4 },
  { title: "FROZENSET", input: "\x80\x04\x91.", offset: 2 },
  { title: "OBJ", input: "\x80\x02No.", offset: 3 },
  { title: "INST", input: "i__main__\nX\n.", offset: 0 },
];

const MISSING_MEMO: readonly BadCase[] = [
  { title: "BINGET of a key never put", input: "\x80\x02h\x05.", offset: 2 },
  { title: "LONG_BINGET of a key never put", input: "\x80\x02j\x05\x00\x00\x00.", offset: 2 },
  { title: "GET of a key never put", input: "g5\n.", offset: 0 },
  { title: "BINGET of a key next to one that was put", input: "\x80\x02Nq\x01h\x00.", offset: 5 },
  {
    title: "BINGET of the previous record's key (memo per record)",
    input: "\x80\x02Nq\x00.\x80\x02h\x00.",
    offset: 8,
    recordIndex: 1,
  },
];

describe("stack underflow", () => {
  it.each(UNDERFLOWS)("throws STACK_UNDERFLOW for $title", (bad) => {
    expect(decodeError(bytesOf(bad.input))).toMatchObject({
      code: "STACK_UNDERFLOW",
      offset: bad.offset,
      opcode: opcodeAt(bad),
      recordIndex: 0,
    });
  });
});

describe("missing MARK", () => {
  it.each(MISSING_MARKS)("throws NO_MARK for $title without a MARK", (bad) => {
    expect(decodeError(bytesOf(bad.input))).toMatchObject({
      code: "NO_MARK",
      offset: bad.offset,
      opcode: opcodeAt(bad),
      recordIndex: 0,
    });
  });
});

describe("missing memo keys", () => {
  it.each(MISSING_MEMO)("throws MEMO_MISSING for $title", (bad) => {
    expect(decodeError(bytesOf(bad.input))).toMatchObject({
      code: "MEMO_MISSING",
      offset: bad.offset,
      opcode: opcodeAt(bad),
      recordIndex: bad.recordIndex ?? 0,
    });
  });
});

describe("unknown opcodes", () => {
  const known = new Set(OPCODES.map((info) => info.code));
  const unknown = Array.from({ length: 256 }, (_, byte) => byte).filter((byte) => !known.has(byte));

  it("leaves some bytes that are no opcode (the table has every CPython opcode once)", () => {
    expect(unknown.length).toBe(256 - OPCODES.length);
  });

  it.each(unknown)("throws UNKNOWN_OPCODE for byte %i at the start of the input", (byte) => {
    expect(decodeError(Uint8Array.of(byte))).toMatchObject({ code: "UNKNOWN_OPCODE", offset: 0, opcode: byte });
  });

  it.each(unknown)("throws UNKNOWN_OPCODE for byte %i after PROTO and a value", (byte) => {
    expect(decodeError(Uint8Array.of(0x80, 2, 0x4e, byte, 0x2e))).toMatchObject({
      code: "UNKNOWN_OPCODE",
      offset: 3,
      opcode: byte,
    });
  });

  it("throws UNKNOWN_OPCODE for trailing bytes that do not begin another pickle", () => {
    expect(decodeError(bytesOf("N.\xff"))).toMatchObject({ code: "UNKNOWN_OPCODE", offset: 2, recordIndex: 1 });
  });
});

// Several fixtures: text protocol 0, binary 2, framed 4-5, LONG4, numpy, Python 2, appended records.
const TRUNCATED_FIXTURES = [
  "dict_keys.p0",
  "dict_keys.p2",
  "strings.p4",
  "ints_huge.p3",
  "numpy_le_f8.p5",
  "datetimes.p1",
  "py2_text_forms.p0",
  "appended_mixed",
  "appended_shared_memo.p4",
];

describe("truncated input", () => {
  it.each(TRUNCATED_FIXTURES)("returns the records before every cut of %s, then end() throws TRUNCATED", (name) => {
    const entry = fixtureNamed(name);
    const bytes = readPickle(entry);
    const whole = new Unpickler(decoderOptions(entry));
    const allRecords = whole.push(bytes);
    const spans = whole.recordSpans;
    const problems: string[] = [];
    for (let cut = 1; cut < bytes.length; cut++) {
      const complete = allRecords.filter((_, index) => spans[2 * index + 1]! <= cut);
      const atBoundary = spans.some((offset, index) => index % 2 === 1 && offset === cut);
      const unpickler = new Unpickler(decoderOptions(entry));
      try {
        const records = unpickler.push(bytes.subarray(0, cut));
        expect(records).toEqual(complete);
        unpickler.end();
        if (!atBoundary) problems.push(`cut at ${cut}: end() did not throw`);
      } catch (error) {
        if (atBoundary) problems.push(`cut at ${cut} (a record boundary): threw ${String(error)}`);
        else if (!isPickleError(error)) problems.push(`cut at ${cut}: threw a non-PickleError ${String(error)}`);
        else if (error.code !== "TRUNCATED") problems.push(`cut at ${cut}: ${error.code} ${error.message}`);
        else if (error.recordIndex !== complete.length || error.offset > cut) {
          problems.push(`cut at ${cut}: recordIndex ${error.recordIndex}, offset ${error.offset}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("decodes empty input as zero records", () => {
    expect(loadAll(new Uint8Array(0))).toEqual([]);
  });
});

// Replacing one byte of a valid pickle gives either a decodable pickle or a PickleError.
const CORRUPTED_FIXTURES = ["dict_keys.p2", "sets.p4", "class_plain.p0", "numpy_le_i4.p5", "py2_classes.p1"];
const REPLACEMENTS = [0x00, 0x28, 0x2e, 0x7f, 0xff];

describe("corrupted input", () => {
  it.each(CORRUPTED_FIXTURES)("throws only PickleErrors when any one byte of %s is replaced", (name) => {
    const entry = fixtureNamed(name);
    const bytes = readPickle(entry);
    const problems: string[] = [];
    for (let offset = 0; offset < bytes.length; offset++) {
      for (const replacement of REPLACEMENTS) {
        const corrupted = bytes.slice();
        corrupted[offset] = replacement;
        try {
          loadAll(corrupted, decoderOptions(entry));
        } catch (error) {
          if (!isPickleError(error)) problems.push(`byte ${offset} = 0x${replacement.toString(16)}: ${String(error)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("after an error", () => {
  it("refuses further input until reset(), then decodes a known record", () => {
    const unpickler = new Unpickler();
    expect(() => unpickler.push(bytesOf("\x80\x02h\x05."))).toThrow(expect.objectContaining({ code: "MEMO_MISSING" }));
    expect(() => unpickler.push(bytesOf("N."))).toThrow(expect.objectContaining({ code: "MEMO_MISSING" }));
    unpickler.reset();
    expect(unpickler.push(bytesOf("\x80\x02K\x07."))).toEqual([7]);
  });
});
