// @pkl-stream/core/engine: the tape engine (one opcode driver, byte writers over its tape).
export { JsonEngine } from "./json-engine.js";
export type { JsonEngineOptions } from "./json-engine.js";
export { TapeEngine } from "./tape-engine.js";
export type { OutputSpill, TapeEngineOptions, ValueEncoder } from "./tape-engine.js";
export { MsgpackTapeWriter } from "./msgpack-tape-writer.js";
// For @pkl-stream/stream's merge: its rows driver (merge/transcode) is the one-pass msgpack driver, cutting each root entry into a row.
export { MsgpackDirectDriver } from "./msgpack-direct-driver.js";
// For the merge's rows driver too: classes inside values read as islands.
export { IslandReader } from "./island.js";
export { DECLINE, decline, RECORD_DONE } from "./tape-driver.js";
// For the merge's rows driver: a deep merge's record that gives a root key twice is the general path's.
export { RootKeyTable } from "./root-keys.js";
export { K_BYTES, K_DICT, K_ISLAND, K_LIST, K_LONG, K_NONE, K_STR, K_TUPLE } from "./tape.js";
export type { RecordFraming } from "./tape-output.js";
// For @pkl-stream/stream's msgpack walk (the merge's map heads).
export { writeMapHead } from "./msgpack-heads.js";
export { writeShortFloat } from "./float-digits.js";
// For @pkl-stream/stream's parallel path: where each record of an input ends, from opcodes alone.
export { RecordSplitter } from "./record-splitter.js";
