// The frame rule of PEP 3154 (packages/core/src/decoder/frame-rule.ts): an opcode that crosses the
// end of its FRAME, a FRAME inside a FRAME, and a STOP that leaves frame bytes behind are refused
// by the decoder (one push or any chunking) and make the audit's verdict dangerous. CPython is
// the oracle that each such pickle is read differently by CPython's own readers.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { auditPickle, loadAll, opcodeByCode, PickleError, type PyValue } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { decodeChunks, splitAt, splitEvery, splitRandomly } from "../helpers/chunks.js";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";

const runOracle = requirePython();

const bytesOf = (text: string): Uint8Array => Uint8Array.from(text, (ch) => ch.charCodeAt(0));
const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

function u64(value: bigint): string {
  let text = "";
  for (let i = 0n; i < 8n; i++) text += String.fromCharCode(Number((value >> (8n * i)) & 0xffn));
  return text;
}

/** PROTO 4, then a FRAME claiming `claim` bytes, then `body` (opcodes as latin-1 text). */
function framed(body: string, claim: number | bigint): Uint8Array {
  return bytesOf(`\x80\x04\x95${u64(BigInt(claim))}${body}`);
}

/** Offset of the body's first byte in `framed(...)`. */
const BODY = 11;

interface FrameCase {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Offset and opcode of the refused opcode. */
  readonly offset: number;
  readonly opcode: string;
  /** The frame ends right after the opcode byte: its whole argument lies after the frame. */
  readonly isArgumentOutside: boolean;
}

/** A body that decodes without its FRAME, with the frame's end `claim` bytes into it, cutting the opcode at `at`. */
function cut(name: string, body: string, claim: number, at: number): FrameCase {
  const opcode = opcodeByCode(body.charCodeAt(at))!.name;
  return { name, bytes: framed(body, claim), offset: BODY + at, opcode, isArgumentOutside: claim === at + 1 };
}

const len8 = u64(3n);
const CASES: readonly FrameCase[] = [
  // Fixed-size arguments, including an opcode byte that is the frame's last byte.
  cut("a BININT1 whose opcode byte is the frame's last byte", "K\x05.", 1, 0),
  cut("a BININT2 argument straddling the frame's end", "M\x01\x02.", 2, 0),
  cut("a BININT argument straddling the frame's end", "J\x01\x02\x03\x04.", 3, 0),
  cut("a BINFLOAT argument straddling the frame's end", "G?\xf8\0\0\0\0\0\0.", 5, 0),
  cut("a PROTO argument outside the frame", "N\x80\x04.", 2, 1),
  cut("a BINPUT argument outside the frame", "Nq\x00.", 2, 1),
  cut("a LONG_BINGET argument straddling the frame's end", "Nq\x00j\x00\x00\x00\x00\x86.", 5, 3),
  // Length prefixes.
  cut("a SHORT_BINUNICODE length outside the frame", "\x8c\x03abc.", 1, 0),
  cut("a BINUNICODE length straddling the frame's end", "X\x03\0\0\0abc.", 3, 0),
  cut("a BINBYTES8 length straddling the frame's end", `\x8e${len8}abc.`, 5, 0),
  cut("a LONG4 length straddling the frame's end", "\x8b\x01\0\0\0\x05.", 2, 0),
  // Payloads.
  cut("a SHORT_BINUNICODE payload straddling the frame's end", "\x8c\x03abc.", 3, 0),
  cut("a BINUNICODE payload straddling the frame's end", "X\x03\0\0\0abc.", 6, 0),
  cut("a BINUNICODE8 payload straddling the frame's end", `\x8d${len8}abc.`, 10, 0),
  cut("a SHORT_BINBYTES payload straddling the frame's end", "C\x03abc.", 3, 0),
  cut("a BINBYTES payload straddling the frame's end", "B\x03\0\0\0abc.", 7, 0),
  cut("a BINBYTES8 payload straddling the frame's end", `\x8e${len8}abc.`, 11, 0),
  cut("a BYTEARRAY8 payload straddling the frame's end", `\x96${len8}abc.`, 11, 0),
  cut("a SHORT_BINSTRING payload straddling the frame's end", "U\x03abc.", 4, 0),
  cut("a BINSTRING payload straddling the frame's end", "T\x03\0\0\0abc.", 6, 0),
  cut("a LONG1 payload straddling the frame's end", "\x8a\x02\x01\x02.", 3, 0),
  // Text lines.
  cut("an INT line straddling the frame's end", "I12\n.", 2, 0),
  cut("a LONG line whose newline is outside the frame", "L12\n.", 3, 0),
  cut("a FLOAT line straddling the frame's end", "F1.5\n.", 2, 0),
  cut("a UNICODE line straddling the frame's end", "Vabc\n.", 4, 0),
  cut("a STRING line straddling the frame's end", "S'ab'\n.", 3, 0),
  cut("a GLOBAL module line straddling the frame's end", "cbuiltins\nlen\n.", 4, 0),
  cut("a GLOBAL name line straddling the frame's end", "cbuiltins\nlen\n.", 12, 0),
  cut("a PUT line outside the frame", "Np0\n.", 2, 1),
  cut("a GET line straddling the frame's end", "Np0\ng0\n\x86.", 6, 4),
  // A FRAME inside a FRAME: whole, and with its header straddling the outer frame's end.
  cut("a FRAME inside a FRAME", `\x95${u64(2n)}N.`, 11, 0),
  cut("a FRAME header straddling the outer frame's end", `\x95${u64(2n)}N.`, 4, 0),
  // A STOP that leaves frame bytes behind.
  cut("a STOP with a byte of its frame after it", "N.N.", 3, 1),
  cut("a STOP inside a frame that claims 3 bytes more than the input holds", "N.", 5, 1),
  cut("a STOP inside a frame that claims 2^62 bytes", "N.", 2 ** 62, 1),
];

function decodeError(run: () => unknown): PickleError {
  try {
    run();
  } catch (error) {
    if (error instanceof PickleError) return error;
    throw error;
  }
  throw new Error("decoded without an error");
}

function expectFrameError(error: PickleError, frameCase: FrameCase): void {
  expect({ code: error.code, offset: error.offset, opcode: error.opcodeName, recordIndex: error.recordIndex }).toEqual({
    code: "FRAME_OVERRUN",
    offset: frameCase.offset,
    opcode: frameCase.opcode,
    recordIndex: 0,
  });
  expect(error.reason).toMatch(/FRAME/);
}

describe("decoding a pickle that breaks the frame rule", () => {
  it.each(CASES)("refuses $name with FRAME_OVERRUN at the opcode, in one push", (frameCase) => {
    expectFrameError(
      decodeError(() => loadAll(frameCase.bytes)),
      frameCase,
    );
  });

  it.each(CASES)("refuses $name with FRAME_OVERRUN at the opcode, in 1-byte chunks", (frameCase) => {
    expectFrameError(
      decodeError(() => decodeChunks(splitEvery(frameCase.bytes, 1))),
      frameCase,
    );
  });

  it.each(CASES)("refuses $name with FRAME_OVERRUN at the opcode, cut into two chunks anywhere", (frameCase) => {
    for (let at = 0; at <= frameCase.bytes.length; at++) {
      expectFrameError(
        decodeError(() => decodeChunks(splitAt(frameCase.bytes, [at]))),
        frameCase,
      );
    }
    for (let seed = 1; seed <= 20; seed++) {
      expectFrameError(
        decodeError(() => decodeChunks(splitRandomly(frameCase.bytes, seed, 4))),
        frameCase,
      );
    }
  });

  it.each(CASES)("decodes the body of $name once its FRAME is gone (only the frame is at fault)", (frameCase) => {
    const body = frameCase.bytes.subarray(BODY);
    // Without the FRAME header the same opcodes decode (the STOP cases hold more than one record).
    expect(() => loadAll(body)).not.toThrow();
  });
});

describe("auditing a pickle that breaks the frame rule", () => {
  it.each(CASES)("calls $name dangerous, naming the frame rule at the opcode", (frameCase) => {
    const audit = auditPickle(frameCase.bytes);
    expect(audit.verdict).toBe("dangerous");
    expect(audit.error).toMatchObject({ code: "FRAME_OVERRUN", offset: frameCase.offset, opcode: frameCase.opcode });
    const findings = audit.records.flatMap((record) => record.findings);
    expect(findings).toContainEqual(
      expect.objectContaining({ verdict: "dangerous", opcode: frameCase.opcode, offset: frameCase.offset, reason: expect.stringMatching(/frame rule/) }),
    );
  });
});

describe("pickles that keep the frame rule", () => {
  const KEPT: readonly [string, Uint8Array, PyValue][] = [
    ["a frame that ends between opcodes, followed by unframed opcodes", framed("NK\x05\x86.", 1), [null, 5]],
    ["a frame that ends right after its STOP", framed("K\x05.", 3), 5],
    ["an empty frame", framed("K\x05.", 0), 5],
    ["two frames back to back", bytesOf(`\x80\x04\x95${u64(2n)}K\x05\x95${u64(1n)}\x85.`), [5]],
  ];
  it.each(KEPT)("decodes %s in one push and in 1-byte chunks", (_name, bytes, expected) => {
    const value = loadAll(bytes)[0];
    expect(Array.isArray(value) ? [...value] : value).toEqual(expected);
    const chunked = decodeChunks(splitEvery(bytes, 1)).records[0];
    expect(Array.isArray(chunked) ? [...chunked] : chunked).toEqual(expected);
  });

  it.each(KEPT)("calls %s safe", (_name, bytes) => {
    expect(auditPickle(bytes)).toMatchObject({ verdict: "safe", error: null });
  });

  it("reports a protocol 4 pickle cut inside its frame before any STOP as TRUNCATED, not a frame violation", () => {
    const bytes = framed("K\x05K\x06\x86.", 6).subarray(0, BODY + 3);
    expect(decodeError(() => loadAll(bytes))).toMatchObject({ code: "TRUNCATED" });
    expect(decodeError(() => decodeChunks(splitEvery(bytes, 1)))).toMatchObject({ code: "TRUNCATED" });
    expect(auditPickle(bytes)).toMatchObject({ verdict: "unknown", error: { code: "TRUNCATED" } });
  });
});

/**
 * The frame trick: a FRAME holds a BININT's opcode and one byte of its argument. A linear reader
 * takes the next 3 bytes for the rest of the BININT and then reads a BINBYTES whose 74-byte
 * payload hides `builtins.print("...")` (a stand-in for os.system). CPython's C unpickler reading
 * a file or io.BytesIO drops the BININT's byte inside the frame, reads its 4 bytes after it, and
 * so lands on the hidden GLOBAL + REDUCE.
 */
function frameTrick(): Uint8Array {
  const hidden = "cbuiltins\nprint\n(Vpwned by the frame trick\ntR0";
  const payloadLength = 0x4a; // "J": CPython's next opcode is the BINBYTES length's low byte
  let payload = `\0${hidden}`;
  while (payload.length + 2 <= payloadLength) payload += "N0";
  if (payload.length < payloadLength) payload += "N";
  return framed(`J\0\0\0\0BJ\0\0\0${payload}.`, 2);
}

describe.runIf(runOracle)("CPython's readers on pickles that break the frame rule", () => {
  const script = testPath("core/frame_readers.py");
  type Outcomes = { loads: string; bytesio: string; python: string };
  const read = (cases: readonly Uint8Array[]): Outcomes[] =>
    runPythonScript(script, cases.map(hexOf))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Outcomes);

  it("reads each pickle that breaks the frame rule differently by one of its readers (bytes, io.BytesIO, pure Python), or, at a STOP, from io.BytesIO and from a buffered file, unless the whole argument is after the frame", () => {
    const stopCase = CASES.find((c) => c.name.startsWith("a STOP with a byte"))!;
    const single = CASES.filter((c) => c !== stopCase);
    const outcomes = read(single.map((c) => c.bytes));
    single.forEach((frameCase, i) => {
      const { loads, bytesio, python } = outcomes[i]!;
      const readings = new Set([loads, bytesio, python]).size;
      // An argument wholly after the frame is read from the file by every reader: they agree,
      // though PEP 3154 forbids it (and no pickler writes it). Any other break splits them.
      if (frameCase.isArgumentOutside) expect(readings, `${frameCase.name}: ${JSON.stringify(outcomes[i])}`).toBe(1);
      else expect(readings, `${frameCase.name}: ${JSON.stringify(outcomes[i])}`).toBeGreaterThan(1);
    });
    // A STOP with frame bytes after it: io.BytesIO skips them, a buffered file reads them as the next record.
    const directory = mkdtempSync(join(tmpdir(), "pkl-frames-"));
    try {
      const path = join(directory, "stop.pkl");
      writeFileSync(path, stopCase.bytes);
      const code = `
import io, pickle, sys
def records(f):
    out = []
    try:
        while True: out.append(repr(pickle.load(f)))
    except EOFError: out.append("EOF")
    except Exception as e: out.append(type(e).__name__)
    return out
data = open(sys.argv[1], "rb").read()
print(records(io.BytesIO(data)) == records(open(sys.argv[1], "rb")))`;
      const result = spawnSync("python3", ["-c", code, path], { encoding: "utf8" });
      expect(result.stdout.trim()).toBe("False");
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("runs the frame trick's hidden call from io.BytesIO but not from bytes, which a linear reader agrees with", () => {
    const [outcome] = read([frameTrick()]);
    expect(outcome!.bytesio).toMatch(/printed: pwned by the frame trick$/);
    expect(outcome!.loads).toMatch(/^value: b'\\x00cbuiltins/);
    expect(outcome!.loads).not.toMatch(/printed/);
  });
});

describe("the frame trick", () => {
  it("is refused by the decoder at the BININT that straddles the frame's end", () => {
    const bytes = frameTrick();
    const frameCase = { name: "trick", bytes, offset: BODY, opcode: "BININT", isArgumentOutside: false };
    expectFrameError(
      decodeError(() => loadAll(bytes)),
      frameCase,
    );
    expectFrameError(
      decodeError(() => decodeChunks(splitEvery(bytes, 1))),
      frameCase,
    );
  });

  it("is dangerous in the audit, which names the frame rule", () => {
    const audit = auditPickle(frameTrick());
    expect(audit.verdict).toBe("dangerous");
    expect(audit.records[0]!.findings).toContainEqual(
      expect.objectContaining({ verdict: "dangerous", opcode: "BININT", offset: BODY, reason: expect.stringMatching(/frame rule/) }),
    );
  });
});
