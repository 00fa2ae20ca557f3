// The records of PickleParserStream and pickleParser.asStream are typed from the options
// (PickleOutput<O>), not `any`, while both still go into Node's pipeline(); PickleOutput gives
// either output when `metadata` is a boolean known only at run time; options that throw at the
// call when combined do not compile.
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { PyValue } from "@pkl-stream/core";
import {
  type CorruptSpan,
  type PickleEntry,
  type PickleOutput,
  PickleParserStream,
  type PickleReadOptions,
  type PickleRecordInfo,
  pickleParser,
  readPickles,
} from "@pkl-stream/stream";
import { describe, expectTypeOf, it } from "vitest";

describe("PickleParserStream records", () => {
  it("types for await, read(), on/once('data') and on('corrupt') from the options", async () => {
    const infos = new PickleParserStream({ metadata: true });
    for await (const record of infos) {
      expectTypeOf(record).toEqualTypeOf<PickleRecordInfo>();
      // @ts-expect-error no such property: the record is not any
      void record.thisPropertyDoesNotExist;
    }
    expectTypeOf(infos.read()).toEqualTypeOf<PickleRecordInfo | null>();
    infos.on("data", (record) => expectTypeOf(record).toEqualTypeOf<PickleRecordInfo>());
    infos.once("data", (record) => expectTypeOf(record).toEqualTypeOf<PickleRecordInfo>());
    infos.on("corrupt", (span) => expectTypeOf(span).toEqualTypeOf<CorruptSpan>());
    infos.on("error", (error) => expectTypeOf(error).toEqualTypeOf<Error>());
    infos.on("some-other-event", (...args) => void args);

    const values = new PickleParserStream();
    for await (const record of values) expectTypeOf(record).toEqualTypeOf<PyValue>();
    expectTypeOf(values.read()).toEqualTypeOf<PyValue | null>();
    values.on("data", (record) => expectTypeOf(record).toEqualTypeOf<PyValue>());
  });

  it("yields either output when metadata is a boolean known only at run time", async () => {
    const flag = Math.random() > 0.5;
    for await (const record of new PickleParserStream({ metadata: flag })) {
      expectTypeOf(record).toEqualTypeOf<PyValue | PickleRecordInfo>();
    }
  });

  it("types a root dict's [key, value] pairs with emit: \"entries\" (a root list's items when the caller names the type)", async () => {
    const entries = new PickleParserStream({ emit: "entries" });
    for await (const entry of entries) expectTypeOf(entry).toEqualTypeOf<PickleEntry>();
    entries.on("data", (entry) => expectTypeOf(entry).toEqualTypeOf<PickleEntry>());
    for await (const entry of pickleParser.asStream({ emit: "entries", file: "a.pkl" })) expectTypeOf(entry).toEqualTypeOf<PickleEntry>();
    expectTypeOf(pickleParser({ emit: "entries" })(new Uint8Array())).toEqualTypeOf<Generator<PickleEntry, void, undefined>>();
    for await (const item of new PickleParserStream<{ emit: "entries" }, PyValue>({ emit: "entries" })) expectTypeOf(item).toEqualTypeOf<PyValue>();
  });

  it("still goes into pipeline() and pipe()", async () => {
    await pipeline(Readable.from([]), new PickleParserStream({ metadata: true }), new Writable({ objectMode: true }));
    await pipeline(Readable.from([]), pickleParser.asStream({ metadata: true }), new Writable({ objectMode: true }));
    Readable.from([]).pipe(new PickleParserStream()).pipe(new Writable({ objectMode: true }));
  });

  it("streams whose options give the same records are assignable to each other", () => {
    expectTypeOf(new PickleParserStream({ skipCorrupt: true, file: "a.pkl" })).toExtend<PickleParserStream>();
    expectTypeOf(new PickleParserStream({ metadata: true, file: "a.pkl" })).toExtend<PickleParserStream<{ readonly metadata: true }>>();
    expectTypeOf(new PickleParserStream({ metadata: true })).not.toExtend<PickleParserStream>();
  });
});

describe("pickleParser.asStream records", () => {
  it("types for await, read() and on('data') from the options", async () => {
    const infos = pickleParser.asStream({ metadata: true });
    for await (const record of infos) expectTypeOf(record).toEqualTypeOf<PickleRecordInfo>();
    expectTypeOf(infos.read()).toEqualTypeOf<PickleRecordInfo | null>();
    infos.on("data", (record) => expectTypeOf(record).toEqualTypeOf<PickleRecordInfo>());
    for await (const record of pickleParser.asStream()) expectTypeOf(record).toEqualTypeOf<PyValue>();
  });
});

describe("PickleOutput", () => {
  it("gives the record info, the value, or either, as metadata is true, false or absent, or a boolean", () => {
    expectTypeOf<PickleOutput<{ metadata: true }>>().toEqualTypeOf<PickleRecordInfo>();
    expectTypeOf<PickleOutput<{ metadata: false }>>().toEqualTypeOf<PyValue>();
    expectTypeOf<PickleOutput<{ skipCorrupt: true }>>().toEqualTypeOf<PyValue>();
    expectTypeOf<PickleOutput<undefined>>().toEqualTypeOf<PyValue>();
    expectTypeOf<PickleOutput<{ metadata: boolean }>>().toEqualTypeOf<PyValue | PickleRecordInfo>();
    expectTypeOf<PickleOutput<PickleReadOptions>>().toEqualTypeOf<PyValue | PickleRecordInfo>();
    expectTypeOf<PickleOutput<PickleReadOptions | undefined>>().toEqualTypeOf<PyValue | PickleRecordInfo>();
  });

  it("types pickleParser's stage with a run-time metadata flag as either output", () => {
    const flag = Math.random() > 0.5;
    const stage = pickleParser({ metadata: flag });
    expectTypeOf(stage(new Uint8Array())).toEqualTypeOf<Generator<PyValue | PickleRecordInfo, void, undefined>>();
  });
});

describe("options that cannot go together", () => {
  it("do not compile as literals (they throw a TypeError at the call)", () => {
    const never = (): void => {
      // @ts-expect-error metadata with entries
      readPickles("a.pkl", { metadata: true, emit: "entries" });
      // @ts-expect-error skipCorrupt with entries
      readPickles("a.pkl", { skipCorrupt: true, emit: "entries" });
      // @ts-expect-error metadata with entries
      new PickleParserStream({ metadata: true, emit: "entries" });
      // @ts-expect-error skipCorrupt with entries
      pickleParser({ skipCorrupt: true, emit: "entries" });
      // @ts-expect-error metadata with entries
      pickleParser.asStream({ metadata: true, emit: "entries" });
    };
    void never;
  });

  it("still compile when the flags are known only at run time, typed as either output", () => {
    const flag = Math.random() > 0.5;
    const emit: "records" | "entries" = flag ? "records" : "entries";
    expectTypeOf(readPickles("a.pkl", { metadata: flag, emit: "entries" })).toEqualTypeOf<
      AsyncGenerator<PyValue | PickleRecordInfo | PickleEntry, void, undefined>
    >();
    expectTypeOf(readPickles("a.pkl", { metadata: true, emit })).toEqualTypeOf<AsyncGenerator<PyValue | PickleRecordInfo | PickleEntry, void, undefined>>();
    expectTypeOf(readPickles("a.pkl", { skipCorrupt: flag, emit: "entries" })).toEqualTypeOf<
      AsyncGenerator<PyValue | PickleRecordInfo | PickleEntry, void, undefined>
    >();
  });

  it("leave the exact overloads to options of known flags", () => {
    expectTypeOf(readPickles("a.pkl", { metadata: true, emit: "records", skipCorrupt: true })).toEqualTypeOf<AsyncGenerator<PickleRecordInfo, void, undefined>>();
    expectTypeOf(readPickles("a.pkl", { emit: "entries", metadata: false })).toEqualTypeOf<AsyncGenerator<PickleEntry, void, undefined>>();
    expectTypeOf(readPickles("a.pkl", { skipCorrupt: true })).toEqualTypeOf<AsyncGenerator<PyValue, void, undefined>>();
    // A variable whose onCorrupt returns something (the subtype pass of overload resolution).
    const spans: CorruptSpan[] = [];
    const options = { metadata: true, skipCorrupt: true, onCorrupt: (span: CorruptSpan) => spans.push(span) } as const;
    expectTypeOf(readPickles("a.pkl", options)).toEqualTypeOf<AsyncGenerator<PickleRecordInfo, void, undefined>>();
    // @ts-expect-error no such option
    readPickles("a.pkl", { metadata: Math.random() > 0.5, noSuchOption: 1 });
  });
});
