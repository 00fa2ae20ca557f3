// Public API of @pkl-stream/stream. Every export is named here; internals stay internal.

// Reading: bytes in, records out.
export { pickleParser } from "./parser.js";
export type { PickleParserStage, PickleRecordDuplex } from "./parser.js";
export { PickleParserStream } from "./parser-stream.js";
export type { PickleParserStreamOptions } from "./parser-stream.js";
export { readPickles } from "./sources.js";
export type { PickleSource, ReadPicklesOptions } from "./sources.js";
export { GzipCutError, gunzipIfNeeded, gunzipIfNeededStream, gunzipNoting } from "./gunzip.js";
export type { InflateNote } from "./gunzip.js";
export { ToolDecompressError } from "./tool-decompress.js";
export type { ToolCompression } from "./tool-decompress.js";
export { EncodeRecordError } from "./engine-bytes.js";
export type { PicklesToBytesOptions, RecordFraming } from "./engine-bytes.js";
export { picklesToJson } from "./json-bytes.js";
export { picklesToMsgpack } from "./msgpack-bytes.js";
export { MemoReadScanner, scanMemoReads } from "./memo-scan.js";
export type { CorruptSpan, PickleReadOptions, PickleRecordInfo } from "./options.js";
export type { CompatibleOptions, KnownOptions, PickleEntry, PickleOutput } from "./output-types.js";
export type { LocatedPickleError } from "./locate-error.js";

// Writing: records in, bytes out (NDJSON, one JSON array, msgpack, appended pickles).
export { NdjsonWriter, ndjsonWriter } from "./writers/ndjson.js";
export { JsonArrayWriter, jsonArrayWriter } from "./writers/json.js";
export { MsgpackWriter, msgpackWriter } from "./writers/msgpack.js";
export type { MsgpackWriterOptions } from "./writers/msgpack.js";
export { PickleWriter, appendPickles, pickleWriter } from "./writers/pickle.js";
export type { AppendPicklesSummary, PickleWriterOptions } from "./writers/pickle.js";
export { RecordWriter } from "./writers/record-writer.js";
export { decodeMsgpackValues, isWholeMsgpack } from "./msgpack-values.js";
export { MsgpackPickler } from "./msgpack-pickler.js";
// What MsgpackPickler (and the merge) throw for bytes that are no msgpack.
export { MsgpackShapeError } from "./merge/msgpack-walk.js";
export { isTorchFile, readTorchInput, sniffTorch } from "./torch-input.js";
export type { TorchInputOptions } from "./torch-input.js";
export type { RecordWriterOptions, WriterRecord } from "./writers/writer-options.js";

// Merging many dict pickles into one (the `pkl-stream merge` command's engine).
export { mergePickles, NoInputError } from "./merge/merge.js";
export { MergeConflictError, MergeKeyCollisionError } from "./merge/merge-tree.js";
export { MergeWorkerError, ShardError } from "./merge/pool.js";
export { planMerge } from "./merge/plan.js";
export type { MergeInput } from "./merge/plan.js";
export { writeFileAtomic } from "./merge/atomic-write.js";
// Output paths that are never destroyed: atomic for regular files, written through for FIFOs and devices.
export { OutputPathError, assertNotAnInput, isOutputPathError, openOutputFile, writeOutputFile } from "./output-file.js";
export type { OpenOutputOptions, OutputFile } from "./output-file.js";
export type { MergeFileFailure, MergeOptions, MergeProgress, MergeSummary } from "./merge/merge-options.js";
export type { ConflictPolicy, MergeFormat } from "./merge/output-format.js";
