/** What a merge writes: msgpack (the default, and what later merges read back), JSON, NDJSON, one pickle. */
export type MergeFormat = "msgpack" | "json" | "ndjson" | "pickle";

/** How a key present in more than one input (or record) is resolved. */
export type ConflictPolicy = "last" | "first" | "error" | "deep";

export const MERGE_FORMATS: readonly MergeFormat[] = ["msgpack", "json", "ndjson", "pickle"];
export const CONFLICT_POLICIES: readonly ConflictPolicy[] = ["last", "first", "error", "deep"];
