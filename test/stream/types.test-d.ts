// The reader APIs type what callers write inline: an `onCorrupt` callback's parameter, and
// `[key, value]` destructuring in entries mode (issue 13). Checked by vitest's typecheck.
import type { PyValue } from "@pkl-stream/core";
import {
  type CorruptSpan,
  type PickleEntry,
  PickleParserStream,
  type PickleRecordInfo,
  type ReadPicklesOptions,
  pickleParser,
  readPickles,
} from "@pkl-stream/stream";
import { describe, expectTypeOf, it } from "vitest";

describe("inline onCorrupt callbacks", () => {
  it("types the span of an inline onCorrupt in readPickles, with or without metadata", () => {
    const values = readPickles("a.pkl", { skipCorrupt: true, onCorrupt: (span) => expectTypeOf(span).toEqualTypeOf<CorruptSpan>() });
    expectTypeOf(values).toEqualTypeOf<AsyncGenerator<PyValue, void, undefined>>();
    const infos = readPickles("a.pkl", { metadata: true, skipCorrupt: true, onCorrupt: (span) => span.offset });
    expectTypeOf(infos).toEqualTypeOf<AsyncGenerator<PickleRecordInfo, void, undefined>>();
  });

  it("types the span of an inline onCorrupt in new PickleParserStream and pickleParser", () => {
    const stream = new PickleParserStream({ skipCorrupt: true, onCorrupt: (span) => expectTypeOf(span).toEqualTypeOf<CorruptSpan>() });
    expectTypeOf(stream).toExtend<PickleParserStream>();
    const infoStream = new PickleParserStream({ metadata: true, skipCorrupt: true, onCorrupt: (span) => span.length });
    expectTypeOf(infoStream).toExtend<PickleParserStream<{ readonly metadata: true }>>();
    const stage = pickleParser({ metadata: true, skipCorrupt: true, onCorrupt: (span) => expectTypeOf(span).toEqualTypeOf<CorruptSpan>() });
    expectTypeOf(stage(new Uint8Array())).toEqualTypeOf<Generator<PickleRecordInfo, void, undefined>>();
  });

  it("refuses an onCorrupt that takes something else, and option names that do not exist", () => {
    // @ts-expect-error the span is no string
    readPickles("a.pkl", { skipCorrupt: true, onCorrupt: (span: string) => span });
    // @ts-expect-error the span is no string
    new PickleParserStream({ skipCorrupt: true, onCorrupt: (span: string) => span });
    // @ts-expect-error no such option
    new PickleParserStream({ skipCorrupted: true });
  });
});

describe("entries mode", () => {
  it("yields [key, value] pairs that destructure in for await", async () => {
    expectTypeOf(readPickles("a.pkl", { emit: "entries" })).toEqualTypeOf<AsyncGenerator<PickleEntry, void, undefined>>();
    for await (const [key, value] of readPickles("a.pkl", { emit: "entries" })) {
      expectTypeOf(key).toEqualTypeOf<PyValue>();
      expectTypeOf(value).toEqualTypeOf<PyValue>();
    }
  });

  it("yields a root list's items when the caller says so", () => {
    expectTypeOf(readPickles<PyValue>("a.pkl", { emit: "entries" })).toEqualTypeOf<AsyncGenerator<PyValue, void, undefined>>();
  });
});

describe("options known only at run time", () => {
  it("yields any of the outputs when metadata or emit are not literals", () => {
    const options: ReadPicklesOptions = { metadata: Math.random() > 0.5 };
    expectTypeOf(readPickles("a.pkl", options)).toEqualTypeOf<AsyncGenerator<PyValue | PickleRecordInfo | PickleEntry, void, undefined>>();
  });
});
