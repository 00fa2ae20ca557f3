import { spawnSync } from "node:child_process";
import { isPyObject, loadAll, PyGlobal, PyInstance, PyPersistentId } from "@pkl-stream/core";
import { auditPickle } from "@pkl-stream/core/disasm";
import type { PyValue } from "@pkl-stream/core";
import { describe, expect, it } from "vitest";
import { decoderOptions, loadManifest, readPickle } from "../../helpers/fixtures.js";
import { requirePython } from "../../helpers/python.js";

// With CI=true the oracle must run: requirePython() then throws instead of skipping.
const runOracle = requirePython();

// Values of classes the decoder rebuilds, pickled by CPython at every protocol (nothing is loaded).
const SAFE_VALUES = `
import collections, datetime, decimal, fractions, json, pathlib, pickle, uuid
values = {
  "data": [None, True, 1, 2**70, 1.5, "s", b"b", bytearray(b"x"), (1,), {"k": [1]}, {1, 2}, frozenset([3]), 1+2j],
  "datetime": [datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc), datetime.date(2024, 1, 2),
               datetime.time(1, 2), datetime.timedelta(days=1)],
  "decimal": decimal.Decimal("1.5"),
  "fraction": fractions.Fraction(1, 3),
  "uuid": uuid.UUID(int=5),
  "path": pathlib.PurePosixPath("/a/b"),
  "collections": [collections.OrderedDict(a=1), collections.defaultdict(list, a=[1]), collections.Counter("ab"),
                  collections.deque([1, 2])],
}
out = [{"name": f"{k} protocol {p}", "hex": pickle.dumps(v, protocol=p).hex()} for k, v in values.items() for p in range(6)]
print(json.dumps(out))
`;

function pythonCases(script: string): { name: string; hex: string }[] {
  const result = spawnSync("python3", ["-c", script], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as { name: string; hex: string }[];
}

const bytesOf = (text: string): Uint8Array => Uint8Array.from(text, (ch) => ch.charCodeAt(0));
const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, "hex"));

function placeholderNames(values: PyValue[]): string[] {
  const names: string[] = [];
  const pending: unknown[] = [...values];
  const seen = new Set<unknown>();
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== "object" || value === null || seen.has(value)) continue;
    seen.add(value);
    // A persistent id is opaque too: what it stands for is up to the loader.
    if (value instanceof PyInstance || value instanceof PyGlobal || value instanceof PyPersistentId) names.push(value.pyClass);
    else if (isPyObject(value)) pending.push(value.toPlain());
    else if (Array.isArray(value) || value instanceof Set) pending.push(...value);
    else if (value instanceof Map) pending.push(...value.keys(), ...value.values());
    else if (!(value instanceof Uint8Array)) pending.push(...Object.values(value));
  }
  return names;
}

describe.runIf(runOracle)("audit of CPython pickles of rebuilt classes", () => {
  const cases = runOracle ? pythonCases(SAFE_VALUES) : [];
  for (const { name, hex } of cases) {
    it(`calls ${name} safe, and the decoder rebuilds it without placeholders`, () => {
      const bytes = fromHex(hex);
      const audit = auditPickle(bytes);
      expect(audit.records[0]!.findings).toEqual([]);
      expect(audit.verdict).toBe("safe");
      // What the audit calls safe, the decoder must rebuild (no placeholder left).
      expect(placeholderNames(loadAll(bytes))).toEqual([]);
    });
  }
});

describe("audit of the committed fixtures", () => {
  for (const entry of loadManifest()) {
    it(`agrees with the decoder on ${entry.name}: safe exactly when nothing decodes to a placeholder`, () => {
      const bytes = readPickle(entry);
      const options = decoderOptions(entry);
      const audit = auditPickle(bytes, { memo: options.memo ?? "per-record" });
      expect(audit.error).toBeNull();
      expect(audit.records.length).toBe(entry.records);
      const placeholders = placeholderNames(loadAll(bytes, options));
      // Bare references to builtin types (a pickled `int` class) stay PyGlobals yet are harmless.
      const opaque = placeholders.filter((name) => !/^builtins\.(object|int|float|str|bytes|bool|list|tuple|dict|slice|range)$/.test(name));
      expect(audit.verdict === "safe", `placeholders: ${opaque.join(", ")}`).toBe(opaque.length === 0);
    });
  }
});

describe("auditPickle", () => {
  it("reports protocol, size, opcode counts, nesting and memo size per record", () => {
    // protocol 2: [[1, 2], "a"] with memo puts
    const bytes = bytesOf("\x80\x02]q\x00(]q\x01(K\x01K\x02eX\x01\x00\x00\x00aq\x02e.");
    const [record] = auditPickle(bytes).records;
    expect(record).toMatchObject({
      recordIndex: 0,
      offset: 0,
      byteLength: bytes.length,
      protocol: 2,
      highestOpcodeProtocol: 2,
      // Two lists, one inside the other (not the stack's 6 items and marks).
      maxNesting: 2,
      memoSize: 3,
      imports: [],
      calls: [],
      verdict: "safe",
      isComplete: true,
    });
    expect(record!.opcodeCounts).toMatchObject({ PROTO: 1, EMPTY_LIST: 2, BINPUT: 3, MARK: 2, BININT1: 2, APPENDS: 2 });
  });

  it("calls a class it does not rebuild unknown, listing the import and the call", () => {
    const bytes = bytesOf("\x80\x04\x8c\x08__main__\x8c\x05Point\x93)\x81}\x8c\x01xK\x01sb.");
    const [record] = auditPickle(bytes).records;
    expect(record!.verdict).toBe("unknown");
    expect(record!.imports).toEqual([
      { opcode: "STACK_GLOBAL", offset: 19, module: "__main__", name: "Point", qualname: "__main__.Point", count: 1, verdict: "unknown" },
    ]);
    expect(record!.calls.map((call) => [call.opcode, call.target])).toEqual([
      ["NEWOBJ", "__main__.Point"],
      ["BUILD", "__main__.Point"],
    ]);
  });

  it("counts the names the caller rebuilds (the classes option) as safe", () => {
    const bytes = bytesOf("cmymod\nThing\n)R.");
    expect(auditPickle(bytes).verdict).toBe("unknown");
    expect(auditPickle(bytes, { classes: ["mymod.Thing"] }).verdict).toBe("safe");
  });

  it("maps Python 2 names as fix_imports does before judging them", () => {
    const [record] = auditPickle(bytesOf("c__builtin__\nset\n(]tR.")).records;
    expect(record!.imports[0]).toMatchObject({ module: "__builtin__", name: "set", qualname: "builtins.set" });
    expect(record!.verdict).toBe("safe");
  });

  it("resolves STACK_GLOBAL names fetched from the memo", () => {
    const bytes = bytesOf("\x80\x04\x8c\x02os\x940\x8c\x06system\x940h\x00h\x01\x93.");
    expect(auditPickle(bytes).records[0]!.imports[0]).toMatchObject({ qualname: "os.system", verdict: "dangerous" });
  });

  it("keeps memo entries at gaps and far indices as CPython's dict does (MEMOIZE takes len(memo))", () => {
    // 'os' at 5 (a gap), 'system' at 4294967295 (far past), both read back for STACK_GLOBAL, its
    // global memoized at len(memo) = 2 and read back; a big record's memo fills chunks past 65,536.
    const far = [0x72, 0xff, 0xff, 0xff, 0xff];
    const bytes = Uint8Array.from([0x80, 4, 0x8c, 2, 0x6f, 0x73, 0x71, 5, 0x8c, 6, ...Buffer.from("system"), ...far, 0x68, 5, 0x6a, 0xff, 0xff, 0xff, 0xff, 0x93, 0x94, 0x68, 2, 0x2e]);
    const [record] = auditPickle(bytes).records;
    expect(record).toMatchObject({ verdict: "dangerous", memoSize: 3, isComplete: true });
    expect(record!.imports.map((entry) => entry.qualname)).toEqual(["os.system"]);
    const puts = 200_000;
    const big = [0x80, 4, 0x5d, 0x94, 0x28];
    for (let i = 0; i < puts; i++) big.push(0x4e, 0x5d, 0x94, 0x30);
    big.push(0x6a, ...new Uint8Array(Uint32Array.of(150_000).buffer), 0x65, 0x2e);
    expect(auditPickle(Uint8Array.from(big)).records[0]).toMatchObject({ verdict: "safe", memoSize: puts + 1, isComplete: true });
  });

  it("keeps one import entry per name, with a count", () => {
    const bytes = bytesOf("(cdatetime\ndate\ncdatetime\ndate\nl.");
    expect(auditPickle(bytes).records[0]!.imports).toEqual([
      { opcode: "GLOBAL", offset: 1, module: "datetime", name: "date", qualname: "datetime.date", count: 2, verdict: "safe" },
    ]);
  });

  it("audits every record and gives the file the worst verdict", () => {
    const audit = auditPickle(bytesOf("K\x01.cmymod\nThing\n.N."));
    expect(audit.records.map((record) => record.verdict)).toEqual(["safe", "unknown", "safe"]);
    expect(audit.verdict).toBe("unknown");
  });

  it("stops at malformed input with the error and a verdict of at least unknown", () => {
    const audit = auditPickle(bytesOf("N.K\x01t."));
    expect(audit.verdict).toBe("unknown");
    expect(audit.error).toEqual({ code: "NO_MARK", reason: "no MARK exists on stack", offset: 4, recordIndex: 1, opcode: "TUPLE" });
    expect(audit.records[1]).toMatchObject({ isComplete: false, verdict: "unknown" });
  });

  it("keeps a dangerous verdict found before the input breaks off", () => {
    const audit = auditPickle(bytesOf("cos\nsystem\n(S'x'\ntR"));
    expect(audit.error).toMatchObject({ code: "TRUNCATED" });
    expect(audit.verdict).toBe("dangerous");
  });

  it("stops at a huge claimed length where the decoder does (LIMIT_EXCEEDED at its maxBytesLength), without allocating it", () => {
    const bytes = bytesOf("\x80\x04\x8d\x00\x00\x00\x00\x00\x00\x00\x40.");
    expect(auditPickle(bytes).error).toMatchObject({ code: "LIMIT_EXCEEDED", offset: 2 });
    expect(() => loadAll(bytes)).toThrow(expect.objectContaining({ code: "LIMIT_EXCEEDED", offset: 2 }));
  });

  it("stops at a LONG4 longer than the decoder's maxIntBytes, as the decoder does", () => {
    const bytes = new Uint8Array([0x80, 0x02, 0x8b, 0x01, 0x00, 0x20, 0x00, ...new Uint8Array(0x200001), 0x2e]);
    expect(auditPickle(bytes).error).toMatchObject({ code: "LIMIT_EXCEEDED", offset: 2 });
    expect(() => loadAll(bytes)).toThrow(expect.objectContaining({ code: "LIMIT_EXCEEDED", offset: 2 }));
  });

  it("shares the memo across records when asked", () => {
    const bytes = bytesOf("\x8c\x02os\x94\x8c\x06system\x94\x86.h\x00h\x01\x93.");
    expect(auditPickle(bytes).error).toMatchObject({ code: "MEMO_MISSING", recordIndex: 1 });
    const shared = auditPickle(bytes, { memo: "shared" });
    expect(shared.error).toBeNull();
    expect(shared.records[1]!.imports[0]).toMatchObject({ qualname: "os.system" });
  });

  it("stays linear on a million nested MARKs", () => {
    const bytes = new Uint8Array(1_000_002).fill(0x28);
    bytes[1_000_000] = 0x4e; // NONE
    bytes[1_000_001] = 0x2e; // STOP
    const audit = auditPickle(bytes);
    // The marks are never closed: the value loaded is None, no container.
    expect(audit.records[0]!.maxNesting).toBe(0);
    expect(audit.verdict).toBe("safe");
  });

  it("stays linear on a million tuples nested in each other, and counts them all", () => {
    const depth = 1_000_000;
    const bytes = new Uint8Array(2 * depth + 1);
    bytes.fill(0x28, 0, depth); // MARK
    bytes.fill(0x74, depth, 2 * depth); // TUPLE: (), ((),), (((),),) ...
    bytes[2 * depth] = 0x2e; // STOP
    const audit = auditPickle(bytes);
    expect(audit.records[0]!.maxNesting).toBe(depth);
    expect(audit.verdict).toBe("safe");
  });

  it("refuses input that is not bytes", () => {
    expect(() => auditPickle([1, 2] as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe("auditPickle of a cut input", () => {
  it("gives every record bytes inside the input, a cut one reaching its end, for every cut of a pickle", () => {
    // Two protocol 4 records of {"id": 1, "name": "user1", "v": [1, 1, 1]} (frames, memo puts).
    const record = Buffer.from("gASVKQAAAAAAAAB9lCiMAmlklEsBjARuYW1llIwFdXNlcjGUjAF2lF2UKEsBSwFLAWV1Lg==", "base64");
    const bytes = new Uint8Array(Buffer.concat([record, record]));
    for (let length = 1; length < bytes.length; length++) {
      const audit = auditPickle(bytes.subarray(0, length));
      const last = audit.records[audit.records.length - 1]!;
      for (const each of audit.records) expect(each.offset + each.byteLength, `cut at ${length}`).toBeLessThanOrEqual(length);
      if (audit.error?.code === "TRUNCATED") expect(last.offset + last.byteLength, `cut at ${length}`).toBe(length);
    }
  });
});
