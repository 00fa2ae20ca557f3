// The frame rule of PEP 3154 (packages/core/src/decoder/frame-rule.ts): an opcode that crosses the
// end of its FRAME, a FRAME inside a FRAME, and a STOP that leaves frame bytes behind are refused
// by the decoder (one push or any chunking) and make the audit's verdict dangerous. CPython is
// the oracle that each such pickle is read differently by CPython's own readers.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadAll, PickleError, type PyValue } from "@pkl-stream/core";
import { auditPickle } from "@pkl-stream/core/disasm";
import { describe, expect, it } from "vitest";
import { decodeChunks, splitAt, splitEvery, splitRandomly } from "../helpers/chunks.js";
import { BODY, bytesOf, CASES, type FrameCase, framed, frameTrick, hexOf, u64 } from "../helpers/frame-cases.js";
import { requirePython, runPythonScript, testPath } from "../helpers/python.js";

const runOracle = requirePython();

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

describe("an opcode still incomplete where both its frame and the input end", () => {
  // The frame claims exactly the bytes that follow it, and its last opcode needs more: whatever
  // comes next would be past the frame, so one push and every chunking refuse it the same way.
  const bodies = [
    ["an INT line without its newline", "I12"],
    ["a PUT line without its newline", "Np0"],
    ["a BININT cut after 2 of its 4 bytes", "J\x01\x02"],
    ["a BINUNICODE length cut after 1 byte", "X\x03"],
    ["a SHORT_BINUNICODE payload cut after 1 of 3 bytes", "\x8c\x03a"],
  ] as const;

  it.each(bodies)("refuses %s with FRAME_OVERRUN in one push, in 1-byte chunks and cut anywhere", (_name, body) => {
    const bytes = framed(body, body.length);
    const codes = new Set<string>();
    const offsets = new Set<number>();
    const chunkings = [[bytes], splitEvery(bytes, 1), ...Array.from({ length: bytes.length + 1 }, (_, at) => splitAt(bytes, [at]))];
    for (const chunks of chunkings) {
      const error = decodeError(() => decodeChunks(chunks));
      codes.add(error.code);
      offsets.add(error.offset);
    }
    expect([...codes]).toEqual(["FRAME_OVERRUN"]);
    expect(offsets.size).toBe(1);
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
