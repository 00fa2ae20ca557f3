/** A `--select` step that does not apply to the value it reached; the message names step and value. */
export class SelectError extends Error {
  override readonly name: string = "SelectError";
}
