// The audit's replay of data-only records (disasm/audit-replay.ts): a record read by an earlier
// record's audit gets exactly the audit it would get opcode by opcode, however its bytes are
// edited, and the replay takes the records it is for.
import { dumps } from "@pkl-stream/core";
import { AuditStream, type PickleAudit } from "@pkl-stream/core/disasm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AuditOptions, AuditRun } from "../../../packages/core/src/disasm/audit.js";
import { ARGUMENT_BLIND_CALLS } from "../../../packages/core/src/disasm/audit-replay.js";
import { applyMutation } from "../../fuzz/harness.mjs";
import { concatChunks, splitRandomly } from "../../helpers/chunks.js";
import { MUTATION } from "../../helpers/mutations.js";
import { caseNamed, generatedCases, requirePython, testPath } from "../../helpers/python.js";

interface Audited {
  readonly audit: PickleAudit;
  readonly replayed: number;
}

/** The audit of `bytes`, with or without replays, and how many records were replayed. */
function audited(bytes: Uint8Array, replays: boolean, options: AuditOptions = {}): Audited {
  const run = new AuditRun(options, undefined, Number.POSITIVE_INFINITY, null, replays);
  run.auditAll(bytes, 0, true);
  return { audit: run.result(bytes.length), replayed: run.recordsReplayed };
}

/** Expects the audit with replays to be the audit without; returns how many records it replayed. */
function expectSameAudit(bytes: Uint8Array, options: AuditOptions = {}): number {
  const replayed = audited(bytes, true, options);
  expect(replayed.audit).toEqual(audited(bytes, false, options).audit);
  return replayed.replayed;
}

/** A scalar opcode and its argument: bytes (SHORT_BINBYTES, then MEMOIZE) by default. */
const bytesArgument = (payload: readonly number[]): number[] => [0x43, payload.length, ...payload, 0x94];

/**
 * A protocol 4 record calling `module.name` with one argument (`argument`'s opcodes): PROTO,
 * FRAME, the two names (SHORT_BINUNICODE, MEMOIZE), STACK_GLOBAL, the argument, TUPLE1, REDUCE, STOP.
 */
function classRecord(module: string, name: string, argument: readonly number[]): Uint8Array {
  const text = (value: string): number[] => {
    const utf8 = [...new TextEncoder().encode(value)];
    return [0x8c, utf8.length, ...utf8, 0x94];
  };
  const body = [...text(module), ...text(name), 0x93, 0x94, ...argument, 0x85, 0x94, 0x52, 0x94, 0x2e];
  return Uint8Array.from([0x80, 4, 0x95, body.length, 0, 0, 0, 0, 0, 0, 0, ...body]);
}

const records = (...values: Parameters<typeof dumps>[0][]): Uint8Array => concatChunks(values.map((value) => dumps(value, { protocol: 4 })));

describe("audit replay: by hand", () => {
  it("replays every data-only record after the first of its shape", () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ n: i * 1000, name: `row ${i}`, ok: i % 2 === 0 }));
    expect(expectSameAudit(records(...rows))).toBe(9);
  });

  it("replays a record whose scalar has another opcode (BININT1, then BININT, None, a float), counting its own opcodes", () => {
    // A str is followed by its MEMOIZE (an int is not): a record of another shape.
    const bytes = records({ v: 1 }, { v: 100000 }, { v: "text" }, { v: null }, { v: 2.5 });
    const { audit, replayed } = audited(bytes, true);
    expect(replayed).toBe(3);
    const common = ["PROTO", "FRAME", "EMPTY_DICT", "MEMOIZE", "SHORT_BINUNICODE", "SETITEM", "STOP"];
    expect(audit.records.map((record) => Object.keys(record.opcodeCounts).filter((name) => !common.includes(name)))).toEqual([["BININT1"], ["BININT"], [], ["NONE"], ["BINFLOAT"]]);
    expect(audit.records.map((record) => record.opcodeCounts.MEMOIZE)).toEqual([2, 2, 3, 2, 2]);
    expect(audit).toEqual(audited(bytes, false).audit);
  });

  it("keeps the shapes it learned: a record of another shape between two of the first is audited in full, the third replayed", () => {
    const bytes = records({ a: 1 }, [1, 2, 3], { a: 2 }, [4, 5, 6]);
    expect(expectSameAudit(bytes)).toBe(2);
  });

  it("replays nothing with a shared memo (a record's audit then depends on the records before it)", () => {
    const bytes = records({ a: 1 }, { a: 2 }, { a: 3 });
    expect(audited(bytes, true, { memo: "shared" }).replayed).toBe(0);
    expect(expectSameAudit(bytes, { memo: "shared" })).toBe(0);
  });

  it("sends a record whose str is not UTF-8 to the full audit, which words the error", () => {
    const bytes = records({ s: "ab" }, { s: "cd" });
    const second = bytes.lastIndexOf(0x63); // "c"
    bytes[second] = 0xff;
    const { audit, replayed } = audited(bytes, true);
    expect(replayed).toBe(0);
    expect(audit.error?.code).toBe("BAD_ARGUMENT");
    expect(audit).toEqual(audited(bytes, false).audit);
  });

  it("sends a record whose frame ends elsewhere than the template's to the full audit: before its STOP (valid), past it (FRAME_OVERRUN)", () => {
    const three = records({ s: "ab" }, { s: "cd" }, { s: "ef" });
    const secondFrame = three.indexOf(0x95, 3);
    for (const [change, error] of [
      [-1, undefined],
      [1, "FRAME_OVERRUN"],
    ] as const) {
      const bytes = three.slice();
      bytes[secondFrame + 1]! += change;
      const { audit, replayed } = audited(bytes, true);
      expect(replayed).toBe(change < 0 ? 1 : 0);
      expect(audit.error?.code).toBe(error);
      expect(audit).toEqual(audited(bytes, false).audit);
    }
  });

  it("sends a record cut short to the full audit (TRUNCATED), and a stream's record cut between chunks waits for the rest", () => {
    const bytes = records({ s: "ab", n: 1 }, { s: "cd", n: 2 }, { s: "ef", n: 3 });
    const cut = bytes.subarray(0, bytes.length - 3);
    expect(audited(cut, true).audit).toEqual(audited(cut, false).audit);
    expect(audited(cut, true).audit.error?.code).toBe("TRUNCATED");
    const stream = new AuditStream();
    for (const chunk of splitRandomly(bytes, 7, 9)) stream.push(chunk);
    const { container: _, ...streamed } = stream.end();
    expect(streamed).toEqual(audited(bytes, false).audit);
  });

  it("replays a record that calls a class judged by name, and holds the names STACK_GLOBAL imports to the template's", () => {
    const bytes = concatChunks([
      classRecord("datetime", "date", bytesArgument([1, 2, 3, 4])),
      classRecord("datetime", "date", bytesArgument([9, 9, 9, 9])),
      classRecord("datetime", "time", bytesArgument([1, 2, 3, 4])),
      classRecord("posix", "system", bytesArgument([1, 2, 3, 4])),
      classRecord("datetime", "date", bytesArgument([5, 6, 7, 8, 9])),
    ]);
    const { audit, replayed } = audited(bytes, true);
    expect(replayed).toBe(2);
    expect(audit.records.map((record) => record.verdict)).toEqual(["safe", "safe", "safe", "dangerous", "safe"]);
    // STACK_GLOBAL after PROTO, FRAME and the two names; REDUCE after the argument.
    expect(audit.records.map((record) => record.imports[0]!.offset - record.offset)).toEqual([29, 29, 29, 28, 29]);
    expect(audit.records[4]!.calls).toEqual([{ opcode: "REDUCE", offset: audit.records[4]!.offset + 29 + 7 + 5, target: "datetime.date", count: 1, verdict: "safe" }]);
    expect(audit).toEqual(audited(bytes, false).audit);
  });

  it.each([...ARGUMENT_BLIND_CALLS])("%s: its calls are audited the same whatever scalars they are given (so a template may take any)", (qualname) => {
    const dot = qualname.lastIndexOf(".");
    const [module, name] = [qualname.slice(0, dot), qualname.slice(dot + 1)];
    const scalars = [
      bytesArgument([]),
      bytesArgument(Array.from({ length: 200 }, (_, i) => i)),
      [0x4a, 0xff, 0xff, 0xff, 0x7f], // BININT 2**31 - 1
      [0x8a, 9, 0, 0, 0, 0, 0, 0, 0, 0, 1], // LONG1 2**64
      [0x8c, 3, 0x61, 0x62, 0x63, 0x94], // SHORT_BINUNICODE "abc"
      [0x4e], // NONE
    ];
    const audits = scalars.map((argument) => withoutOffsets(audited(classRecord(module, name, argument), false).audit));
    for (const audit of audits) expect(audit).toEqual(audits[0]);
  });

  it("gives each replayed record its own offset, length and index", () => {
    const bytes = records({ s: "a" }, { s: "bcd" }, { s: "efghij" });
    const { audit } = audited(bytes, true);
    expect(audit.records.map((record) => [record.recordIndex, record.offset, record.byteLength])).toEqual([
      [0, 0, dumps({ s: "a" }, { protocol: 4 }).length],
      [1, dumps({ s: "a" }, { protocol: 4 }).length, dumps({ s: "bcd" }, { protocol: 4 }).length],
      [2, bytes.length - dumps({ s: "efghij" }, { protocol: 4 }).length, dumps({ s: "efghij" }, { protocol: 4 }).length],
    ]);
  });
});

describe.runIf(requirePython())("audit replay, on CPython's streams", () => {
  const cases = generatedCases(testPath("core/disasm/audit_replay_cases.py"));
  const shapeCases = generatedCases(testPath("core/engine/shape_cases.py"));

  it.each([...cases, ...shapeCases])("%s: the same audit with replays as without", (_name, bytes) => {
    expectSameAudit(bytes);
    expectSameAudit(bytes, { maxRecordsKept: 2 });
  });

  it("replays most data-only records at protocols 2-5, none at protocols 0-1 (text arguments)", () => {
    for (const protocol of [0, 1, 2, 3, 4, 5]) {
      const bytes = caseNamed(cases, `data-only rows whose scalars change class (protocol ${protocol})`);
      const replayed = expectSameAudit(bytes);
      // Protocols 0-1 have text arguments; protocol 2 pickles bytes as a call of _codecs.encode.
      if (protocol <= 2) expect(replayed).toBe(0);
      else expect(replayed).toBeGreaterThan(30);
    }
    // The first record of each shape is audited in full, a datetime's and a None's.
    expect(expectSameAudit(caseNamed(cases, "rows with a class among data-only rows (protocol 4)"))).toBe(13);
    // Protocol 2 writes a datetime's bytes by a call of _codecs.encode, which the audit looks
    // into: the 5 datetimes' records are audited in full, 9 of the 10 others replayed.
    expect(expectSameAudit(caseNamed(cases, "rows with a class among data-only rows (protocol 2)"))).toBe(9);
    // CPython ends a frame inside a str past 64 KiB (its payload is written after the frame):
    // a frame that does not end between opcodes makes no template.
    expect(expectSameAudit(caseNamed(cases, "big records (several frames) (protocol 4)"))).toBe(0);
  });

  it("replays records of zoned datetimes: pytz's and dateutil's zone makers are judged by name", () => {
    for (const protocol of [3, 4, 5]) {
      // 30 records of one shape (the utcoffset and dst ints change): all but the first replayed.
      expect(expectSameAudit(caseNamed(cases, `pytz datetimes, one zone (protocol ${protocol})`))).toBe(29);
      // Four zone kinds, each a shape of its own (pytz._p's two tznames are strs of one shape).
      expect(expectSameAudit(caseNamed(cases, `zoned datetimes (pytz, dateutil), one zone kind per record (protocol ${protocol})`))).toBeGreaterThan(30);
    }
  });

  it("replays records of zoneinfo datetimes, getattr's name held to the template's bytes", () => {
    for (const protocol of [3, 4, 5]) {
      // 20 records in Paris, 10 in New York: every str is held, so each key is a template of its own.
      expect(expectSameAudit(caseNamed(cases, `zoneinfo datetimes (protocol ${protocol})`))).toBe(28);
    }
    const bytes = caseNamed(cases, "zoneinfo datetimes (protocol 4)");
    const text = Buffer.from(bytes).toString("latin1");
    const at = text.lastIndexOf("_unpickle");
    // The last record asks getattr for `__class__` (the same length) in the template's shape.
    const edited = Uint8Array.from(Buffer.from(`${text.slice(0, at)}__class__${text.slice(at + 9)}`, "latin1"));
    const { audit, replayed } = audited(edited, true);
    expect(replayed).toBe(27);
    expect(audit.records.at(-1)!.verdict).toBe("dangerous");
    expect(audit).toEqual(audited(edited, false).audit);
  });

  it.each([
    "memo reads inside each record (protocol 2)",
    "one int per record (protocol 4)",
    "nested dicts and tuples (protocol 5)",
    "rows with a class among data-only rows (protocol 4)",
    "zoneinfo datetimes (protocol 4)",
  ])("every byte of %s replaced by bytes that matter to the replay: the same audit as without", (name) => {
    const replacements = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xc3, 0xed, 0x28, 0x2e, 0x4a, 0x4b, 0x4d, 0x4e, 0x58, 0x68, 0x71, 0x75, 0x7d, 0x88, 0x8a, 0x8c, 0x94, 0x95, 0x93, 0x43];
    const bytes = caseNamed(cases, name).subarray(0, 600);
    for (let at = 0; at < bytes.length; at++) {
      for (const value of replacements) {
        const edited = bytes.slice();
        edited[at] = value;
        const on = audited(edited, true);
        const off = audited(edited, false);
        if (!isEqual(on.audit, off.audit)) expect({ name, at, value, audit: on.audit }).toEqual({ name, at, value, audit: off.audit });
      }
    }
  });

  it("random edits of the streams: the same audit with replays as without (property)", () => {
    const streams = [...cases, ...shapeCases].map(([, bytes]) => bytes).filter((bytes) => bytes.length < 200_000);
    fc.assert(
      fc.property(fc.nat(streams.length - 1), fc.array(MUTATION, { minLength: 1, maxLength: 4 }), fc.nat(streams.length - 1), (pick, mutations, other) => {
        let bytes = streams[pick]!;
        for (const mutation of mutations) bytes = applyMutation(bytes, mutation, streams[other]!);
        expect(audited(bytes, true).audit).toEqual(audited(bytes, false).audit);
      }),
      { numRuns: 400 },
    );
  });
});

/** An audit's records without what moves with an argument's opcodes: offsets, lengths, opcode counts, memo size. */
function withoutOffsets(audit: PickleAudit): unknown {
  return audit.records.map(({ byteLength: _, opcodeCounts: __, highestOpcodeProtocol: ___, memoSize: ____, imports, calls, ...rest }) => ({
    ...rest,
    imports: imports.map(({ offset: _offset, ...entry }) => entry),
    calls: calls.map(({ offset: _offset, ...entry }) => entry),
  }));
}

function isEqual(a: unknown, b: unknown): boolean {
  try {
    expect(a).toEqual(b);
    return true;
  } catch {
    return false;
  }
}
