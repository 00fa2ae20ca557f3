import { UsageError } from "./args.js";
import type { RecordFormat } from "./record-format.js";

/** msgpack records, one after another (placeholder until the stream package's msgpack writer lands). */
export function msgpackFormat(): RecordFormat {
  throw new UsageError("--format msgpack: not available in this build");
}
