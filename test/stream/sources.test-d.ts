import type { PyValue } from "@pkl-stream/core";
import { type PickleRecordInfo, pickleParser, readPickles } from "@pkl-stream/stream";
import { none } from "stream-chain/defs.js";
import { describe, expectTypeOf, it } from "vitest";

describe("reader output types", () => {
  it("yields PyValue by default and PickleRecordInfo with metadata: true", () => {
    expectTypeOf(readPickles("a.pkl")).toEqualTypeOf<AsyncGenerator<PyValue, void, undefined>>();
    expectTypeOf(readPickles("a.pkl", { metadata: true })).toEqualTypeOf<AsyncGenerator<PickleRecordInfo, void, undefined>>();
    expectTypeOf(readPickles("a.pkl", { metadata: false, skipCorrupt: true })).toEqualTypeOf<AsyncGenerator<PyValue, void, undefined>>();
  });

  it("types the stream-chain stage by its options", () => {
    expectTypeOf(pickleParser()(none)).toEqualTypeOf<Generator<PyValue, void, undefined>>();
    expectTypeOf(pickleParser({ metadata: true })(new Uint8Array())).toEqualTypeOf<Generator<PickleRecordInfo, void, undefined>>();
  });

  it("refuses sources that are not bytes", () => {
    // @ts-expect-error a number is no source
    readPickles(42);
    // @ts-expect-error metadata is a boolean
    readPickles("a.pkl", { metadata: "yes" });
  });
});
