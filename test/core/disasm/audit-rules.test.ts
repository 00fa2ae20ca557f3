import { auditPickle } from "@pkl-stream/core/disasm";
import { auditTorchPickle } from "../../../packages/core/src/disasm/audit.js";
import { describe, expect, it } from "vitest";

// Opcode writers: protocol 4 pickles built byte by byte (nothing here is ever loaded).
const enc = new TextEncoder();
const cat = (...parts: (Uint8Array | number[])[]): Uint8Array => Uint8Array.from(parts.flatMap((part) => [...part]));
const sbu = (text: string): Uint8Array => cat([0x8c, enc.encode(text).length], enc.encode(text));
const sg = (module: string, name: string): Uint8Array => cat(sbu(module), sbu(name), [0x93]);
const bytesOp = (data: Uint8Array): Uint8Array => cat([0x42], new Uint8Array(new Uint32Array([data.length]).buffer), data);
const int = (value: number): Uint8Array => (value < 256 ? cat([0x4b, value]) : cat([0x4a], new Uint8Array(new Int32Array([value]).buffer)));
const long1 = (value: bigint): Uint8Array => {
  const out: number[] = [];
  for (let v = value; v > 0n || out.length === 0 || (out.at(-1)! & 0x80) !== 0; v >>= 8n) out.push(Number(v & 0xffn));
  return cat([0x8a, out.length], out);
};
const tuple = (...items: Uint8Array[]): Uint8Array => cat([0x28], ...items, [0x74]);
const call = (callee: Uint8Array, ...args: Uint8Array[]): Uint8Array => cat(callee, tuple(...args), [0x52]);
const p4 = (...parts: Uint8Array[]): Uint8Array => cat([0x80, 0x04], ...parts, [0x2e]);
const osSystem = enc.encode("cos\nsystem\n(S'true'\ntR.");
/**
 * `_load_from_bytes(_codecs.encode(s, "utf-8"))` where `s` is "C\x80", 83 "é", 27 "a" and a
 * protocol 0 os.system pickle: its Latin-1 bytes are one SHORT_BINBYTES of 128 bytes then STOP,
 * its UTF-8 bytes a SHORT_BINBYTES of 194 bytes, then the os.system pickle, which CPython runs.
 */
const TWO_FACED_ENCODE =
  "gAJjdG9yY2guc3RvcmFnZQpfbG9hZF9mcm9tX2J5dGVzCmNfY29kZWNzCmVuY29kZQpY1wAAAEPCgMOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6lhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFjb3MKc3lzdGVtCihWaWQKdFIuWAUAAAB1dGYtOIZShVIu";
/** A pickle from protocol 0 text (latin-1). */
const p0 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, "latin1"));

const findings = (bytes: Uint8Array, options = {}) => auditPickle(bytes, options).records.flatMap((record) => record.findings);
const dangerous = (bytes: Uint8Array) => findings(bytes).filter((finding) => finding.verdict === "dangerous");

describe("the audit's verdict rules (issue 15)", () => {
  it("resolves a dotted name through module attributes: pathlib.os.system is os.system", () => {
    const [finding] = dangerous(p4(call(sg("pathlib", "os.system"), sbu("true"))));
    expect(finding).toMatchObject({ opcode: "STACK_GLOBAL", offset: 2 + 9 + 11 });
    expect(finding!.reason).toMatch(/reaches os\.system through module attributes/);
  });

  it("finds a listed module at any run of a dotted name, not only its start: numpy's core._internal.ctypes.CDLL is ctypes.CDLL", () => {
    const [finding] = dangerous(p4(call(sg("numpy", "core._internal.ctypes.CDLL"), sbu("libc.so.6"))));
    expect(finding!.reason).toMatch(/reaches ctypes\.CDLL through module attributes/);
  });

  it("reads a private module alias without its underscores: random._os.system is os.system", () => {
    expect(dangerous(p4(call(sg("random", "_os.system"), sbu("true"))))[0]!.reason).toMatch(/reaches os\.system/);
  });

  it("calls a rebuilt class's file-writing method dangerous: pathlib.Path.write_text", () => {
    const bytes = p4(call(sg("pathlib", "Path.write_text"), call(sg("pathlib", "PosixPath"), sbu("/tmp/x")), sbu("x")));
    expect(dangerous(bytes)[0]!.reason).toMatch(/pathlib\.Path\.write_text, a method that touches the file system/);
    expect(auditPickle(p4(call(sg("pathlib", "PosixPath"), sbu("/tmp/x")))).verdict).toBe("safe");
  });

  it("calls a function passed as an argument to a call dangerous, naming both", () => {
    const reasons = dangerous(p4(call(sg("somelib", "run_later"), sg("shlex", "split"), sbu("x")))).map((finding) => finding.reason);
    expect(reasons).toContain("passes the function shlex.split as an argument to somelib.run_later, which may call it");
  });

  it("finds a function nested in tuples 3 deep, built before the list that holds them, as an argument", () => {
    const nested = tuple(tuple(tuple(sg("shlex", "split"))));
    const reasons = dangerous(p4(call(sg("somelib", "run_later"), nested))).map((finding) => finding.reason);
    expect(reasons).toContain("passes the function shlex.split as an argument to somelib.run_later, which may call it");
  });

  it("calls a function appended to a list after a tuple took the list dangerous (the tuple is then given to a call)", () => {
    // EMPTY_LIST, BINPUT 0, TUPLE1, BINPUT 1, POP; BINGET 0, the function, APPEND, POP; run_later(BINGET 1).
    const bytes = p4(cat([0x5d, 0x71, 0, 0x85, 0x71, 1, 0x30, 0x68, 0]), sg("shlex", "split"), cat([0x61, 0x30]), call(sg("somelib", "run_later"), cat([0x68, 1])));
    expect(dangerous(bytes).map((finding) => finding.reason).join("\n")).toMatch(/shlex\.split/);
  });

  it("audits tuples shared through the memo 64 deep, nested 200k deep, or appended 100k times in linear time and without recursion", () => {
    const shared = cat([0x80, 0x02, 0x5d, 0x29], ...Array.from({ length: 64 }, () => [0x71, 0, 0x68, 0, 0x86]), [0x61, 0x2e]); // t = (t, t), 64 times
    const deep = cat([0x80, 0x02, 0x5d, 0x29], new Uint8Array(200_000).fill(0x85), [0x61, 0x2e]); // ((((),),),) 200k deep
    const wide = cat([0x80, 0x02, 0x28], new Uint8Array(100_000).fill(0x4e), [0x74, 0x71, 0, 0x30, 0x5d], ...Array.from({ length: 100_000 }, () => [0x68, 0, 0x61]), [0x2e]);
    for (const bytes of [shared, deep, wide]) expect(auditPickle(bytes)).toMatchObject({ verdict: "safe", error: null });
  });

  it("calls a function passed by keyword alone dangerous (NEWOBJ_EX's kwargs, no positional callable)", () => {
    // somelib.Runner.__new__(somelib.Runner, *(), **{"callback": shlex.split})
    const kwargs = cat([0x7d], sbu("callback"), sg("shlex", "split"), [0x73]);
    const reasons = dangerous(p4(sg("somelib", "Runner"), cat([0x29]), kwargs, cat([0x92]))).map((finding) => finding.reason);
    expect(reasons).toContain("passes the function shlex.split as an argument to somelib.Runner, which may call it");
    // And beside a positional one: both named.
    const both = dangerous(p4(sg("somelib", "Runner"), tuple(sg("os2", "helper")), kwargs, cat([0x92]))).map((finding) => finding.reason);
    expect(both).toEqual(expect.arrayContaining([expect.stringContaining("os2.helper"), expect.stringContaining("shlex.split")]));
  });

  it("calls a function passed to a rebuilt call dangerous: CPython's copyreg._reconstructor calls its base's __new__", () => {
    // _reconstructor(object, Counter() whose state sets __new__ = getattr, "__builtins__"): a
    // Counter's attributes come before dict.__new__, so CPython calls getattr(object, "__builtins__").
    const reasons = dangerous(p0("ccopyreg\n_reconstructor\n(cbuiltins\nobject\nccollections\nCounter\n)R(V__new__\ncbuiltins\ngetattr\ndbV__builtins__\ntR."));
    expect(reasons.map((finding) => finding.reason)).toContain("passes the function builtins.getattr as an argument to copyreg._reconstructor, which may call it");
    // torch's _rebuild_from_type_v2(func, type, args, state) calls func(*args).
    const torch = dangerous(p0("ctorch._tensor\n_rebuild_from_type_v2\n(cbuiltins\ngetattr\ncbuiltins\ndict\n(I1\nV__globals__\ntNtR."));
    expect(torch.map((finding) => finding.reason)).toContain("passes the function builtins.getattr as an argument to torch._tensor._rebuild_from_type_v2, which may call it");
  });

  it("calls the methods an object's own state may replace dangerous: BUILD again (__setstate__), APPENDS (extend)", () => {
    const again = dangerous(p0("ccollections\nCounter\n)R(V__setstate__\ncmod\nrun\ndb(db."));
    expect(again.map((finding) => finding.reason)).toContain(
      "BUILD on collections.Counter calls the __setstate__ it looks up on the object, which an earlier BUILD gave the function mod.run",
    );
    const appends = dangerous(p0("ccollections\nCounter\n)R(Vextend\ncmod\nrun\ndb(I1\ne."));
    expect(appends.map((finding) => finding.reason)).toContain("APPENDS on collections.Counter calls the method it looks up on the object, which BUILD gave the function mod.run");
    // Without a callable in its state, BUILD twice is as safe as once.
    expect(auditPickle(p0("ccollections\nCounter\n)R(Vx\nI1\ndb(db.")).verdict).toBe("safe");
  });

  it("follows callables into the values a rebuilt call returns (an OrderedDict's values, a Counter's state) and into containers filled late", () => {
    const ordered = dangerous(p0("cmod\nThing\n(ccollections\nOrderedDict\n)RVk\ncmod\nrun\nstR."));
    expect(ordered.map((finding) => finding.reason)).toContain("passes the function mod.run as an argument to mod.Thing, which may call it");
    const counter = dangerous(p0("cmod\nThing\n(ccollections\nCounter\n)R(dVf\ncmod\nrun\nsbtR."));
    expect(counter.map((finding) => finding.reason)).toContain("passes the function mod.run as an argument to mod.Thing, which may call it");
    // outer = [inner]; then mod.run appended to inner; then mod.Thing(outer).
    const late = dangerous(p0("(lp0\n0(lp1\ng0\na0g0\ncmod\nrun\na0cmod\nThing\n(g1\ntR."));
    expect(late.map((finding) => finding.reason)).toContain("puts the function mod.run into a value another one already holds or a call was given: what reads it there may call it");
  });

  it("counts a safe global judged by what its calls are given as a callable when it is passed on (a nested loader, a sized constructor)", () => {
    // torch's _rebuild_from_type_v2(func, type, args, state) calls func(*args): the nested pickle
    // _load_from_bytes would unpickle is never given to it where the audit looks.
    const evil = "cos\\nsystem\\n(Vid\\ntR.";
    const passed = dangerous(p0(`ctorch._tensor\n_rebuild_from_type_v2\n(ctorch.storage\n_load_from_bytes\ncbuiltins\nobject\n(V${evil}\ntNtR.`));
    expect(passed.map((finding) => finding.reason)).toContain("passes the function torch.storage._load_from_bytes as an argument to torch._tensor._rebuild_from_type_v2, which may call it");
    // An OrderedDict whose state sets __setstate__ to it, then BUILD again.
    const armed = dangerous(p0("ccollections\nOrderedDict\n)R(V__setstate__\nctorch.storage\n_load_from_bytes\ndb(db."));
    expect(armed.map((finding) => finding.reason)).toContain(
      "BUILD on collections.OrderedDict calls the __setstate__ it looks up on the object, which an earlier BUILD gave the function torch.storage._load_from_bytes",
    );
    const sized = dangerous(p0("ctorch._tensor\n_rebuild_from_type_v2\n(cbuiltins\nbytearray\ncbuiltins\nobject\n(I1000000000000\ntNtR."));
    expect(sized.map((finding) => finding.reason)).toContain("passes the function builtins.bytearray as an argument to torch._tensor._rebuild_from_type_v2, which may call it");
  });

  it("reads the bytes _codecs.encode makes with the codec it is given: UTF-8 by default, Latin-1, or none it can be sure of", () => {
    // A str whose Latin-1 bytes are one harmless SHORT_BINBYTES and whose UTF-8 bytes a longer one
    // that ends where `cos\nsystem` begins (a review's find): CPython unpickles the UTF-8.
    const twoFaced = Buffer.from(TWO_FACED_ENCODE, "base64");
    expect(dangerous(new Uint8Array(twoFaced)).map((finding) => finding.reason).join("\n")).toContain("imports os.system");
    const ascii = (codec: string): Uint8Array => p0(`ctorch.storage\n_load_from_bytes\n(c_codecs\nencode\n(Vcos\\u000asystem\\u000a(Vid\\u000atR.\nV${codec}\ntRtR.`);
    for (const codec of ["latin1", "utf-8", "UTF_8"]) expect(auditPickle(ascii(codec)).verdict).toBe("dangerous");
    // rot13: bytes the audit cannot know, given to a loader.
    expect(dangerous(ascii("rot13")).map((finding) => finding.reason)).toContain(
      "calls torch.storage._load_from_bytes on data computed at load time: what it unpickles cannot be audited",
    );
  });

  it("judges BUILD and APPENDS on what a persistent id loaded as on any object", () => {
    // A plain pickle: persistent_load's result given a callable in its state.
    expect(dangerous(p0("(Vx\ntQ(Vf\ncmod\nrun\ndb.")).map((finding) => finding.reason)).toContain(
      "passes the function mod.run as an argument to the __setstate__ of a value computed at load time, which may call it",
    );
    // A torch file: the storage a torch id names, given __setstate__ = _load_from_bytes, then BUILD again.
    const storage = auditTorchPickle(p0("(Vstorage\nctorch\nFloatStorage\nV0\nVcpu\nI1\ntQ(V__setstate__\nctorch.storage\n_load_from_bytes\ndb(I1\ntb."), {}, 5);
    expect(storage.verdict).toBe("dangerous");
    expect(auditTorchPickle(p0("(Vstorage\nctorch\nFloatStorage\nV0\nVcpu\nI1\ntQ."), {}, 5).verdict).toBe("safe");
  });

  it("keeps what it remembers of a list's callables bounded: a list appended to itself 60 times is audited at once", () => {
    // l = [mod.run]; l.append(l) 60 times: a list of its callables doubled at each APPEND.
    const bytes = p0(`(lp0\ncmod\nrun\na${"g0\na".repeat(60)}.`);
    // (Before: the list of its callables doubled at each APPEND, until push(...list) threw
    // RangeError, "Maximum call stack size exceeded", out of the audit.)
    const audit = auditPickle(bytes);
    expect(audit.verdict).toBe("dangerous"); // the list, already held in itself, takes mod.run again
    const reasons = audit.records[0]!.findings.map((finding) => finding.reason);
    const mentioned = reasons.map((reason) => Number(/and (\d+) more/.exec(reason)?.[1] ?? 0));
    expect(Math.max(...mentioned)).toBeLessThan(16);
  });

  it("keeps rebuilt calls given classes and data safe", () => {
    expect(auditPickle(p0("ccollections\ndefaultdict\n(cbuiltins\nlist\ntR.")).verdict).toBe("safe");
    expect(auditPickle(p0("ccopyreg\n_reconstructor\n(ccollections\nOrderedDict\ncbuiltins\nobject\nNtR.")).verdict).toBe("safe");
  });

  it("imports copyreg.__newobj__, which pickle writes at protocols 0-1, as the safe function it is; other dunder names stay dangerous", () => {
    // copyreg.__newobj__(collections.OrderedDict): a rebuilt function given a rebuilt class.
    const newobj = auditPickle(p4(call(sg("copyreg", "__newobj__"), sg("collections", "OrderedDict"))));
    expect(newobj.verdict).toBe("safe");
    expect(auditPickle(p0("cbuiltins\n__import__\n(S'os'\ntR.")).verdict).toBe("dangerous");
    expect(auditPickle(p4(call(sg("copyreg", "__newobj__"), sg("os", "system"), sbu("true")))).verdict).toBe("dangerous");
  });

  it("lets a class passed as an argument be (copyreg._reconstructor, unknown constructors)", () => {
    const bytes = p4(call(sg("copyreg", "_reconstructor"), sg("mymod", "Point"), sg("builtins", "object"), cat([0x4e])));
    expect(auditPickle(bytes).verdict).toBe("unknown");
    expect(auditPickle(p4(call(sg("mymod", "make"), sg("mymod", "Point")))).verdict).toBe("unknown");
  });

  it("calls getattr of a data value a bound method (unknown), and calling or passing it on dangerous", () => {
    const bound = call(sg("builtins", "getattr"), cat([0x5d]), sbu("append"));
    expect(auditPickle(p4(bound)).verdict).toBe("unknown");
    expect(dangerous(p4(cat(bound, tuple(int(1)), [0x52])))[0]!.reason).toMatch(/calls a value computed at load time \(returned by builtins\.getattr\)/);
    expect(dangerous(p4(call(sg("builtins", "map"), bound, cat([0x5d]))))[0]!.reason).toMatch(/passes a callable made at load time \(builtins\.getattr\)/);
    expect(dangerous(p4(call(sg("builtins", "getattr"), sg("mymod", "thing"), sbu("x"))))[0]!.reason).toMatch(/on the global mymod\.thing/);
    expect(dangerous(p4(call(sg("builtins", "getattr"), cat([0x5d]), sbu("__class__"))))[0]!.reason).toMatch(/not a plain attribute/);
  });

  it("audits the bytes given to pickle.loads as a pickle, with the inner offsets in the file", () => {
    const payloadStart = 2 + 8 + 7 + 1 + 1 + 5; // PROTO, 'pickle', 'loads', STACK_GLOBAL, MARK, BINBYTES header
    const [inner] = dangerous(p4(call(sg("pickle", "loads"), bytesOp(osSystem))));
    expect(inner).toMatchObject({ opcode: "GLOBAL", offset: payloadStart });
    expect(inner!.reason).toMatch(/^a nested pickle \(argument of pickle\.loads at byte \d+\): imports os\.system/);
  });

  it("folds a harmless nested pickle in as unknown, never safe", () => {
    expect(auditPickle(p4(call(sg("pickle", "loads"), bytesOp(p4(int(1)))))).verdict).toBe("unknown");
  });

  it("calls pickle.loads of bytes computed at load time dangerous", () => {
    expect(dangerous(p4(call(sg("pickle", "loads"), call(sg("mymod", "fetch")))))[0]!.reason).toMatch(/cannot be audited/);
  });

  it("calls an allow-listed constructor past maxBytesLength dangerous, with its size", () => {
    expect(dangerous(p4(call(sg("builtins", "bytearray"), long1(2n ** 34n))))[0]!.reason).toBe(
      "calls builtins.bytearray with a size of 17179869184 bytes, past maxBytesLength (2147483647): resource exhaustion",
    );
    expect(dangerous(p4(call(sg("builtins", "list"), call(sg("builtins", "range"), long1(10n ** 10n)))))[0]!.reason).toMatch(/builtins\.list with a size of 80000000000 bytes/);
    expect(auditPickle(p4(call(sg("builtins", "list"), call(sg("builtins", "range"), int(1000)))))).toMatchObject({ verdict: "safe" });
  });

  it("calls the data types of denied modules unknown, and their functions dangerous", () => {
    expect(auditPickle(p4(call(sg("os", "stat_result"), tuple(int(1))))).verdict).toBe("unknown");
    expect(auditPickle(p4(call(sg("http", "HTTPStatus"), int(200)))).verdict).toBe("unknown");
    expect(auditPickle(p4(call(sg("http.client", "HTTPConnection"), sbu("x")))).verdict).toBe("dangerous");
    expect(auditPickle(p4(call(sg("uuid", "UUID"), sbu("00000000-0000-0000-0000-000000000000")))).verdict).toBe("safe");
    expect(auditPickle(p4(call(sg("uuid", "_get_command_stdout"), sbu("id")))).verdict).toBe("dangerous");
  });

  it("reads a memo entry of an earlier record only with memo shared", () => {
    const bytes = cat([0x80, 0x04], sbu("os"), [0x94], sbu("system"), [0x94, 0x86, 0x2e], p4(cat([0x68, 0, 0x68, 1, 0x93]), tuple(sbu("x")), cat([0x52])));
    const perRecord = auditPickle(bytes);
    expect(perRecord.error?.code).toBe("MEMO_MISSING");
    expect(perRecord.verdict).toBe("unknown");
    expect(auditPickle(bytes, { memo: "shared" }).verdict).toBe("dangerous");
  });
});
