// joblib.dump files (test/fixtures/libs/joblib/make_joblib.py, joblib 1.2): each array's raw bytes
// follow its NumpyArrayWrapper's BUILD, and the Unpickler reads them, in chunks of any size, into
// the object joblib.load gives, as if it had been pickled plainly.
import { readFileSync } from "node:fs";
import { inflateSync } from "node:zlib";
import { isOutputError, isPickleError, loads, NdArray, type PyValue, toJson, Unpickler } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { CHUNK_SIZES, decodeChunks, splitEvery, splitRandomly } from "../../helpers/chunks.js";
import { JSON_DECODE_OPTIONS } from "../../helpers/fixtures.js";
import { pickleErrorOf } from "../../helpers/pickle-error.js";

const DIR = new URL("../../fixtures/libs/joblib/", import.meta.url);
const file = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, DIR)));
const expected = (name: string): string => readFileSync(new URL(`${name}.json`, DIR), "utf8").trimEnd();
const CASES = ["arrays", "model", "tree"] as const;
const FORMS = ["p2", "p3", "p4", "p5", "unaligned"] as const;
const ALL = CASES.flatMap((name) => FORMS.map((form) => [name, form] as const));


describe("joblib files", () => {
  it.each(ALL)("%s dumped as %s decodes to what joblib.load gives, arrays in place", (name, form) => {
    expect(toJson(loads(file(`${name}.${form}.joblib`), JSON_DECODE_OPTIONS))).toBe(expected(name));
  });

  it.each(CASES.flatMap((name) => CHUNK_SIZES.map((size) => [name, size] as const)))("%s decodes the same pushed in chunks of %i bytes", (name, size) => {
    const { records } = decodeChunks(splitEvery(file(`${name}.p4.joblib`), size), JSON_DECODE_OPTIONS);
    expect(records.map((record) => toJson(record))).toEqual([expected(name)]);
  });

  it.each(FORMS)("arrays dumped as %s decodes the same in random chunks, empty ones too", (form) => {
    for (const seed of [1, 2, 3]) {
      const { records } = decodeChunks(splitRandomly(file(`arrays.${form}.joblib`), seed, 40), JSON_DECODE_OPTIONS);
      expect(records.map((record) => toJson(record))).toEqual([expected("arrays")]);
    }
  });

  it("decodes a zlib-compressed joblib file once it is inflated", () => {
    expect(toJson(loads(new Uint8Array(inflateSync(file("arrays.zlib.joblib"))), JSON_DECODE_OPTIONS))).toBe(expected("arrays"));
  });

  it("puts an NdArray in the wrapper's place, Fortran order and byte order kept", () => {
    const value = loads(file("arrays.p4.joblib"), { dict: "map" }) as Map<PyValue, PyValue>;
    const fortran = value.get("fortran") as NdArray;
    expect(fortran).toBeInstanceOf(NdArray);
    expect(fortran.order).toBe("F");
    expect(fortran.shape).toEqual([3, 4]);
    expect((value.get("big_endian") as NdArray).dtype.byteOrder).toBe(">");
  });

  it("says an input cut inside an array's raw bytes ended there, at the wrapper's BUILD", () => {
    const bytes = file("arrays.p2.joblib");
    // The first wrapper's BUILD follows its state dict's last item (alignment 16) and SETITEMS.
    const build = Buffer.from(bytes).indexOf(Buffer.from([0x4b, 0x10, 0x75, 0x62])) + 3;
    const unpickler = new Unpickler();
    unpickler.push(bytes.subarray(0, build + 8));
    const error = pickleErrorOf(() => unpickler.end());
    expect(error.code).toBe("TRUNCATED");
    expect(error.reason).toMatch(/inside the 48 raw bytes of an array that follow this BUILD/);
  });

  it("reads an object array, which joblib pickles whole after its wrapper, with its own memo", () => {
    const value = loads(file("arrays.p4.joblib"), { dict: "map" }) as Map<PyValue, PyValue>;
    const objects = value.get("objects") as NdArray;
    expect(objects.dtype.kind).toBe("O");
    expect(JSON.parse(toJson(objects))).toEqual((JSON.parse(expected("arrays")) as Record<string, unknown>)["objects"]);
  });

  it("says an input cut inside an object array's pickle ended there", () => {
    const bytes = file("arrays.p4.joblib");
    const inner = Buffer.from(bytes).indexOf(Buffer.from("_reconstruct", "latin1"));
    const unpickler = new Unpickler();
    unpickler.push(bytes.subarray(0, inner));
    const error = pickleErrorOf(() => unpickler.end());
    expect(error.code).toBe("TRUNCATED");
    expect(error.reason).toMatch(/inside the pickle of an object array that follows this BUILD/);
  });

  it.each(["arrays.p2.joblib", "arrays.unaligned.joblib", "model.p4.joblib"])("throws only PickleErrors for %s cut at every byte", (name) => {
    const bytes = file(name);
    for (let cut = 1; cut < bytes.length; cut++) {
      const unpickler = new Unpickler();
      pickleErrorOf(() => {
        unpickler.push(bytes.subarray(0, cut));
        unpickler.end();
      });
    }
  });

  it("throws only PickleErrors for a joblib file with any one byte replaced, at the same byte one-shot and in 5-byte chunks", () => {
    const bytes = file("arrays.p4.joblib");
    const outcome = (run: () => PyValue[]): string => {
      try {
        return run()
          .map((record) => toJson(record))
          .join("\n");
      } catch (error) {
        if (isOutputError(error)) return `output ${error.code}`;
        if (!isPickleError(error)) throw error;
        // Not the code: an opcode that needs bytes past both its frame's end and the input's end is
        // FRAME_OVERRUN one-shot and TRUNCATED chunked (the frame rule's, not joblib's).
        return `PickleError at ${error.offset}`;
      }
    };
    for (let at = 0; at < bytes.length; at++) {
      for (const value of [0x00, bytes[at]! ^ 0x10]) {
        const copy = bytes.slice();
        copy[at] = value;
        const whole = outcome(() => {
          const unpickler = new Unpickler(JSON_DECODE_OPTIONS);
          const records = unpickler.push(copy);
          unpickler.end();
          return records;
        });
        const chunked = outcome(() => decodeChunks(splitEvery(copy, 5), JSON_DECODE_OPTIONS).records);
        expect(chunked, `byte ${at} = ${value}`).toBe(whole);
      }
    }
  });

  it("refuses a wrapper whose shape claims more bytes than maxBytesLength", () => {
    const error = pickleErrorOf(() => loads(file("arrays.p2.joblib"), { maxBytesLength: 40 }));
    expect(error.code).toBe("LIMIT_EXCEEDED");
  });
});
