// @pkl-stream/core/engine: the tape engine (one opcode driver, byte writers over its tape).
export { JsonEngine } from "./json-engine.js";
export type { JsonEngineOptions } from "./json-engine.js";
export type { RecordFraming } from "./json-tape-writer.js";
