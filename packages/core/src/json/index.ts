// `@pkl-stream/core/json`: the pieces of the JSON mapping (docs/json-mapping.md) for code that writes
// its own output: the streaming writer, Python's float repr, key text, base64, output budgets and
// value paths. Most users need only `toJson` from the package root.
export { JsonWriter } from "./json-writer.js";
export { floatRepr } from "./float-repr.js";
export { scalarKeyText } from "./key-text.js";
export { toBase64 } from "./base64.js";
export { badTypeError, describeContainer } from "./output-error.js";
export { DEFAULT_OUTPUT_PER_INPUT_BYTE, MIN_DEFAULT_OUTPUT_BYTES, defaultOutputBudget } from "./output-budget.js";
export { formatPath } from "./value-path.js";
export type { PathStep } from "./value-path.js";
