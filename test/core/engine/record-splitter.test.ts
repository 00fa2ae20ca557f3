// RecordSplitter: the ends of a stream's records from opcodes alone, as the decoder finds them,
// in any chunking; it gives up (isLost) where it cannot follow the input as the decoder does.
import { Unpickler } from "@pkl-stream/core";
import { genops } from "@pkl-stream/core/disasm";
import { RecordSplitter } from "@pkl-stream/core/engine";
import { describe, expect, it } from "vitest";
import { CHUNK_SIZES, concatChunks, splitEvery, splitRandomly } from "../../helpers/chunks.js";
import { decoderOptions, loadManifest, readPickle } from "../../helpers/fixtures.js";

function splitterEnds(chunks: readonly Uint8Array[]): { ends: number[]; splitter: RecordSplitter } {
  const splitter = new RecordSplitter();
  const ends: number[] = [];
  for (const chunk of chunks) splitter.push(chunk, ends);
  return { ends, splitter };
}

/** Where the decoder's records end (just past each STOP). */
function decoderEnds(bytes: Uint8Array, options: ConstructorParameters<typeof Unpickler>[0]): number[] {
  const unpickler = new Unpickler(options);
  const ends: number[] = [];
  for (const chunk of splitEvery(bytes, 1 << 16)) {
    unpickler.push(chunk);
    const spans = unpickler.recordSpans;
    for (let i = 1; i < spans.length; i += 2) ends.push(spans[i]!);
  }
  unpickler.end();
  return ends;
}

const fixtures = loadManifest().filter((entry) => entry.throws === undefined);

describe("RecordSplitter", () => {
  it("finds every record end the decoder finds, in every committed fixture (protocols 0-5)", () => {
    for (const entry of fixtures) {
      const bytes = readPickle(entry);
      const { ends, splitter } = splitterEnds([bytes]);
      expect(splitter.isLost, entry.name).toBe(false);
      expect(ends, entry.name).toEqual(decoderEnds(bytes, decoderOptions(entry)));
      expect(splitter.recordCount, entry.name).toBe(entry.records);
    }
  });

  it("finds the same ends in every chunking of all fixtures appended into one stream", () => {
    const files = fixtures.map((entry) => readPickle(entry));
    const stream = concatChunks(files);
    const expected: number[] = [];
    let base = 0;
    for (const [i, file] of files.entries()) {
      for (const end of decoderEnds(file, decoderOptions(fixtures[i]!))) expected.push(base + end);
      base += file.length;
    }
    for (const size of CHUNK_SIZES) expect(splitterEnds(splitEvery(stream, size)).ends, `chunks of ${size}`).toEqual(expected);
    for (const seed of [1, 2, 3]) expect(splitterEnds(splitRandomly(stream, seed, 300)).ends, `seed ${seed}`).toEqual(expected);
  });

  it("counts the bytes read and remembers the last end", () => {
    const record = Uint8Array.from([0x80, 0x04, 0x4b, 0x07, 0x2e]);
    const { splitter } = splitterEnds([record, record, record.subarray(0, 3)]);
    expect(splitter.bytesRead).toBe(13);
    expect(splitter.lastEnd).toBe(10);
    expect(splitter.recordCount).toBe(2);
  });

  it("passes over arguments whose length prefix is cut between chunks", () => {
    // BINUNICODE 'a.' (the STOP byte inside a str), LONG_BINPUT 0, STOP.
    const record = Uint8Array.from([0x58, 0x02, 0, 0, 0, 0x61, 0x2e, 0x72, 0, 0, 0, 0, 0x2e]);
    for (const size of [1, 2, 3, 4, 6]) expect(splitterEnds(splitEvery(record, size)).ends).toEqual([13]);
  });

  it("reads a protocol 0 text opcode up to its newline, however split", () => {
    // STRING "'.'\n" (a STOP byte in a text argument), STOP; then INT 7, STOP.
    const stream = Uint8Array.from(Buffer.from("S'.'\n.I7\n.", "latin1"));
    for (const size of [1, 2, 5, 11]) expect(splitterEnds(splitEvery(stream, size)).ends).toEqual([6, 10]);
  });

  it("gives up at a byte that is no opcode", () => {
    const stream = Uint8Array.from([0x80, 0x04, 0x4e, 0x2e, 0xff, 0x4e, 0x2e]);
    const { ends, splitter } = splitterEnds([stream]);
    expect(ends).toEqual([4]);
    expect(splitter.isLost).toBe(true);
  });

  it("gives up at a STOP inside a frame that goes on after it", () => {
    // FRAME of 4 bytes: NONE, STOP, NONE, STOP: the frame runs past the first STOP.
    const stream = Uint8Array.from([0x80, 0x04, 0x95, 4, 0, 0, 0, 0, 0, 0, 0, 0x4e, 0x2e, 0x4e, 0x2e]);
    const { ends, splitter } = splitterEnds([stream]);
    expect(ends).toEqual([]);
    expect(splitter.isLost).toBe(true);
  });

  it("gives up at a FRAME inside a frame", () => {
    const stream = Uint8Array.from([0x95, 10, 0, 0, 0, 0, 0, 0, 0, 0x95, 1, 0, 0, 0, 0, 0, 0, 0, 0x2e]);
    expect(splitterEnds([stream]).splitter.isLost).toBe(true);
  });

  it("gives up at a negative 4-byte length (the decoder refuses it)", () => {
    // BINSTRING with length -1.
    const stream = Uint8Array.from([0x54, 0xff, 0xff, 0xff, 0xff, 0x2e]);
    for (const size of [1, 6]) expect(splitterEnds(splitEvery(stream, size)).splitter.isLost).toBe(true);
  });

  it("reports nothing more once lost", () => {
    const splitter = new RecordSplitter();
    const ends: number[] = [];
    splitter.push(Uint8Array.from([0xff]), ends);
    splitter.push(Uint8Array.from([0x4e, 0x2e]), ends);
    expect(ends).toEqual([]);
    expect(splitter.bytesRead).toBe(3);
  });

  it("gives up at an argument that runs past the end of its frame, however split (the frame rule)", () => {
    // FRAME of 3 bytes: BININT (5 bytes) starts inside it and ends outside; then STOP.
    const bininit = Uint8Array.from([0x80, 0x04, 0x95, 3, 0, 0, 0, 0, 0, 0, 0, 0x4a, 1, 2, 3, 4, 0x2e]);
    // FRAME of 4 bytes: BINUNICODE's length is inside, its payload outside.
    const payload = Uint8Array.from([0x80, 0x04, 0x95, 5, 0, 0, 0, 0, 0, 0, 0, 0x58, 3, 0, 0, 0, 0x61, 0x62, 0x63, 0x2e]);
    // FRAME of 2 bytes: UNICODE's line runs past it.
    const line = Uint8Array.from([0x80, 0x04, 0x95, 2, 0, 0, 0, 0, 0, 0, 0, 0x56, 0x61, 0x62, 0x0a, 0x2e]);
    for (const stream of [bininit, payload, line]) {
      for (const size of [1, 2, 3, stream.length]) {
        const { ends, splitter } = splitterEnds(splitEvery(stream, size));
        expect(ends).toEqual([]);
        expect(splitter.isLost, `${stream.length} bytes in chunks of ${size}`).toBe(true);
      }
    }
  });

  describe("memo reads", () => {
    /** The memo indices GET, BINGET and LONG_BINGET read, as genops decodes them. */
    function genopsReads(bytes: Uint8Array): Set<number> {
      const reads = new Set<number>();
      let start = 0;
      while (start < bytes.length) {
        const ops = genops(bytes, { start });
        for (;;) {
          const step = ops.next();
          if (step.done === true) {
            start = step.value;
            break;
          }
          const { info, arg } = step.value;
          if (info.name === "GET" || info.name === "BINGET" || info.name === "LONG_BINGET") reads.add(Number(arg));
        }
      }
      return reads;
    }

    function splitterReads(chunks: readonly Uint8Array[]): Set<number> {
      const reads = new Set<number>();
      const splitter = new RecordSplitter(false, reads);
      const ends: number[] = [];
      for (const chunk of chunks) splitter.push(chunk, ends);
      expect(splitter.isLost).toBe(false);
      return reads;
    }

    it("are the indices genops reads in every fixture, in every chunking", () => {
      for (const entry of fixtures) {
        const bytes = readPickle(entry);
        const expected = genopsReads(bytes);
        for (const size of [1, 2, 3, 5, bytes.length]) expect(splitterReads(splitEvery(bytes, size)), `${entry.name} in chunks of ${size}`).toEqual(expected);
      }
    });

    it("read a LONG_BINGET and a protocol 0 GET cut between chunks", () => {
      // MARK, LONG_BINGET 70000, GET 12 (text), TUPLE, STOP: the decoder would refuse the missing keys; the reads are what is asked.
      const stream = Uint8Array.from([0x28, 0x6a, 0x70, 0x11, 0x01, 0x00, ...Buffer.from("g12\n", "latin1"), 0x74, 0x2e]);
      for (const size of [1, 2, 4, stream.length]) expect(splitterReads(splitEvery(stream, size))).toEqual(new Set([70000, 12]));
    });

    it("are not collected with jumpsFrames, which passes over opcodes unread", () => {
      expect(() => new RecordSplitter(true, new Set())).toThrow(RangeError);
    });
  });

  describe("jumping frames", () => {
    /**
     * One protocol 4 record in two frames, the first ending with the str 'a.' (its last byte is
     * a STOP byte): `['a.']`, as PROTO, FRAME, EMPTY_LIST, MARK, SHORT_BINUNICODE 'a.', FRAME,
     * APPENDS, STOP.
     */
    const twoFrames = Uint8Array.from([0x80, 0x04, 0x95, 6, 0, 0, 0, 0, 0, 0, 0, 0x5d, 0x28, 0x8c, 2, 0x61, 0x2e, 0x95, 2, 0, 0, 0, 0, 0, 0, 0, 0x65, 0x2e]);

    it("finds the same ends as reading every opcode in CPython's framed records", () => {
      const framed = fixtures.filter((entry) => entry.protocol !== null && entry.protocol >= 4).map((entry) => readPickle(entry));
      const stream = concatChunks(framed);
      const exact = splitterEnds([stream]).ends;
      for (const size of [1, 100, 4096, stream.length]) {
        const splitter = new RecordSplitter(true);
        const ends: number[] = [];
        for (const chunk of splitEvery(stream, size)) splitter.push(chunk, ends);
        expect(ends, `chunks of ${size}`).toEqual(exact);
      }
    });

    it("guesses an end where a frame's last byte is a STOP byte inside an argument, then reads on", () => {
      const stream = concatChunks([twoFrames, twoFrames]);
      expect(decoderEnds(stream, {})).toEqual([28, 56]);
      const splitter = new RecordSplitter(true);
      const ends: number[] = [];
      splitter.push(stream, ends);
      // The guess at 17 is wrong; from there every opcode is read, and the true end follows.
      expect(ends).toEqual([17, 28, 45, 56]);
      expect(new RecordSplitter(false).recordCount).toBe(0);
      expect(splitterEnds([stream]).ends).toEqual([28, 56]);
    });
  });
});
