// Misuse at the stream API's edges fails when the function is called, before any input is read:
// picklesToJson / picklesToMsgpack check their source and options, readPickles checks its
// decoder options (dict, encoding, classes ...) with the decoder's own rules.
import { dumps, type PyValue } from "@pkl-stream/core";
import { type PicklesToBytesOptions, picklesToJson, picklesToMsgpack, readPickles, type ReadPicklesOptions } from "@pkl-stream/stream";
import { describe, expect, it } from "vitest";
import { expectThrows } from "../helpers/expect-throws.js";

const RECORDS = [dumps(1), dumps("two"), dumps([3])];

/** A source that counts how far it was read: a check at the call reads nothing. */
function counted(): { source: AsyncGenerator<Uint8Array>; reads: () => number } {
  let reads = 0;
  async function* source(): AsyncGenerator<Uint8Array> {
    for (const record of RECORDS) {
      reads++;
      yield record;
    }
  }
  return { source: source(), reads: () => reads };
}

async function text(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  let out = "";
  for await (const chunk of chunks) out += Buffer.from(chunk).toString("utf8");
  return out;
}

/** Options as a JavaScript caller may pass them: the types do not hold them back. */
const loose = (options: unknown): PicklesToBytesOptions => options as PicklesToBytesOptions;

describe.each([
  ["picklesToJson", picklesToJson],
  ["picklesToMsgpack", picklesToMsgpack],
] as const)("%s checks its arguments at the call", (_name, encode) => {
  const call = (options: unknown) => () => {
    const { source, reads } = counted();
    try {
      return encode(source, loose(options));
    } finally {
      // Nothing was read: the check came first.
      expect(reads()).toBe(0);
    }
  };

  it("refuses a maxRecords that is not a non-negative integer", () => {
    const message = (got: string) => `Expected maxRecords to be a non-negative integer (Infinity for no limit), got ${got}`;
    expectThrows(call({ maxRecords: -1 }), RangeError, message("number -1"));
    expectThrows(call({ maxRecords: 1.5 }), RangeError, message("number 1.5"));
    expectThrows(call({ maxRecords: Number.NaN }), RangeError, message("number NaN"));
    expectThrows(call({ maxRecords: "2" }), RangeError, message('"2"'));
  });

  it("refuses a workers that is not a non-negative integer", () => {
    expectThrows(call({ workers: -1 }), RangeError, "Expected workers to be a non-negative integer (0 for none), got number -1");
    expectThrows(call({ workers: 2.5 }), RangeError, "Expected workers to be a non-negative integer (0 for none), got number 2.5");
  });

  it("refuses a newWorkBytes that is not a function", () => {
    expectThrows(call({ newWorkBytes: 5 }), TypeError, "Expected newWorkBytes to be a function, got number 5");
  });

  it("refuses a detectGzip that is not a boolean", () => {
    expectThrows(call({ detectGzip: "x" }), TypeError, 'Expected detectGzip to be a boolean, got "x"');
  });

  it("refuses framing that is not { prefix?, suffix }", () => {
    expectThrows(call({ framing: 5 }), TypeError, "Expected framing to be an object { prefix?(index, offset), suffix }, got number 5");
    expectThrows(call({ framing: {} }), TypeError, "Expected framing.suffix to be an ASCII string, got undefined");
    expectThrows(call({ framing: { suffix: "é" } }), TypeError, 'Expected framing.suffix to be an ASCII string, got "é"');
    expectThrows(call({ framing: { suffix: "\n", prefix: "[" } }), TypeError, 'Expected framing.prefix to be a function, got "["');
  });

  it("refuses entries together with maxRecords, as documented", () => {
    expectThrows(call({ entries: true, maxRecords: 2 }), TypeError, "entries cannot be combined with maxRecords");
  });

  it("refuses options that are not an object", () => {
    expectThrows(call(null), TypeError, "Expected options to be an object, got null");
    expectThrows(call("fast"), TypeError, 'Expected options to be an object, got "fast"');
  });

  it("refuses an encoding the decoder does not know, with or without workers", () => {
    const message = 'encoding must be one of "latin1", "ascii", "utf-8", "bytes", got "bogus"';
    expectThrows(call({ encoding: "bogus" }), TypeError, message);
    expectThrows(call({ encoding: "bogus", workers: 2 }), TypeError, message);
  });

  it("refuses a source that is not an async iterable of bytes", () => {
    expectThrows(
      () => encode("records.pkl" as unknown as AsyncIterable<Uint8Array>),
      TypeError,
      "Expected an AsyncIterable<Uint8Array> (a Node Readable, a ReadableStream), got a string: this reads a byte stream, not a path (pass createReadStream(path))",
    );
    expectThrows(
      () => encode(5 as unknown as AsyncIterable<Uint8Array>),
      TypeError,
      "Expected an AsyncIterable<Uint8Array> (a Node Readable, a ReadableStream), got number 5",
    );
    expectThrows(
      () => encode(RECORDS as unknown as AsyncIterable<Uint8Array>),
      TypeError,
      "Expected an AsyncIterable<Uint8Array> (a Node Readable, a ReadableStream), got array",
    );
  });

  it("still takes the options callers pass", async () => {
    for (const options of [undefined, {}, { maxRecords: 0 }, { maxRecords: Number.POSITIVE_INFINITY }, { workers: 0 }, { entries: false, maxRecords: 2 }]) {
      const { source } = counted();
      await expect(text(encode(source, options))).resolves.toBeTypeOf("string");
    }
  });
});

describe("picklesToJson's options still mean what they did", () => {
  it("maxRecords stops after that many records", async () => {
    expect(await text(picklesToJson(counted().source, { maxRecords: 2 }))).toBe('1\n"two"\n');
    expect(await text(picklesToJson(counted().source, { maxRecords: 0 }))).toBe("");
  });

  it("framing wraps each record", async () => {
    const framing = { prefix: () => new TextEncoder().encode("> "), suffix: ";\n" };
    expect(await text(picklesToJson(counted().source, { framing }))).toBe('> 1;\n> "two";\n> [3];\n');
  });
});

describe("readPickles checks decoder options at the call", () => {
  async function* one(): AsyncGenerator<Uint8Array> {
    yield dumps(1);
  }
  const call = (options: Record<string, unknown>) => () => readPickles(one(), options as ReadPicklesOptions);

  it("refuses a dict mode it does not know", () => {
    expectThrows(call({ dict: "maps" }), TypeError, 'dict must be one of "object", "map", got "maps"');
  });

  it("refuses an encoding it does not know", () => {
    expectThrows(call({ encoding: "bogus" }), TypeError, 'encoding must be one of "latin1", "ascii", "utf-8", "bytes", got "bogus"');
  });

  it("refuses a maxDepth that is not a positive integer", () => {
    expectThrows(call({ maxDepth: 0 }), RangeError, "maxDepth must be a positive safe integer, got 0");
  });

  it("refuses classes of the wrong type", () => {
    expectThrows(call({ classes: 5 }), TypeError, 'classes must be a Map or an object of reconstructors by "module.qualname", got number');
  });

  it("refuses a wrong decoder option for a path too, before the file is opened", () => {
    expectThrows(
      () => readPickles("/nonexistent/records.pkl", { wrapIntegralFloats: "yes" } as unknown as ReadPicklesOptions),
      TypeError,
      "wrapIntegralFloats must be a boolean, got string",
    );
  });

  it("still reads with valid decoder options", async () => {
    const values: PyValue[] = [];
    for await (const value of readPickles(one(), { dict: "map", encoding: "utf-8", maxDepth: 10, classes: {} })) values.push(value);
    expect(values).toEqual([1]);
  });
});
