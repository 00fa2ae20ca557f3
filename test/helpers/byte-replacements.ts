// Every byte of some pickles replaced, one at a time, by a few values: what escaped decoding and
// JSON writing that is neither a PickleError nor an OutputError (a test expects none).
import { isPickleError, loads, OutputError, toJson } from "@pkl-stream/core";
import { JSON_DECODE_OPTIONS } from "./fixtures.js";

/** `name@offset=value: error` for each replacement whose failure was not a PickleError or OutputError. */
export function escapesOfByteReplacements(files: readonly (readonly [name: string, bytes: Uint8Array])[], replacements: readonly number[]): string[] {
  const escaped: string[] = [];
  for (const [name, bytes] of files) {
    for (let at = 0; at < bytes.length; at++) {
      for (const replacement of replacements) {
        const mutated = bytes.slice();
        mutated[at] = replacement;
        try {
          toJson(loads(mutated, JSON_DECODE_OPTIONS));
        } catch (error) {
          if (!isPickleError(error) && !(error instanceof OutputError)) escaped.push(`${name}@${at}=${replacement}: ${String(error)}`);
        }
      }
    }
  }
  return escaped;
}
