import type { PyValue } from "@pkl-stream/core";
import type { PickleReadOptions, PickleRecordInfo } from "./options.js";

/** What a reader yields for options `O`: `PickleRecordInfo` with `metadata: true`, else values. */
export type PickleOutput<O extends PickleReadOptions | undefined> = O extends { readonly metadata: true }
  ? PickleRecordInfo
  : PyValue;
