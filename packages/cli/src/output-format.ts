import { extname } from "node:path";

/** The formats an output file's extension names. */
export type ExtensionFormat = "msgpack" | "json" | "ndjson" | "pickle";

/**
 * What `-o FILE`'s extension says its format is (`-o all.msgpack`), or undefined: one table for
 * every command, each taking the formats it writes and its own default for the rest.
 */
export function formatOfExtension(path: string | undefined): ExtensionFormat | undefined {
  switch (path === undefined ? "" : extname(path).toLowerCase()) {
    case ".msgpack":
    case ".mpk":
      return "msgpack";
    case ".json":
      return "json";
    case ".ndjson":
    case ".jsonl":
      return "ndjson";
    case ".pkl":
    case ".pickle":
      return "pickle";
    default:
      return undefined;
  }
}
