/** What a merge writes: msgpack (the default, and what later merges read back), JSON, NDJSON. */
export type MergeFormat = "msgpack" | "json" | "ndjson";

/** How a key present in more than one input (or record) is resolved. */
export type ConflictPolicy = "last" | "first" | "error" | "deep";

export const MERGE_FORMATS: readonly MergeFormat[] = ["msgpack", "json", "ndjson"];
export const CONFLICT_POLICIES: readonly ConflictPolicy[] = ["last", "first", "error", "deep"];
