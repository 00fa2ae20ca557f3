// `@pkl-stream/core/internal`: what pkl-stream's own packages (stream, cli) share with core beyond the
// public API: the frame rule, the not-a-pickle diagnosis and class-name helpers. No stability promise.
export { frameRuleViolation } from "./decoder/frame-rule.js";
export { joinBytes } from "./decoder/join-bytes.js";
export { copyBytes } from "./decoder/payload-values.js";
export { NOT_A_PICKLE_HEAD_BYTES, describeNotAPickle, notAPickleError } from "./decoder/not-a-pickle.js";
export { fixImports } from "./classes/fix-imports.js";
export { dictAttributesOf } from "./classes/dict-class.js";
export { BLANK, JsonPickler, type JsonPicklerOptions } from "./encoder/json-pickler.js";
export { BATCH_SIZE, DECLINE, DECLINED, PickleBytes, type PickleBytesOptions, utf8SequenceLength } from "./encoder/pickle-bytes.js";
export { JsonSyntaxError, parseJsonValue } from "./encoder/json-values.js";
export { PY2_ENCODINGS, py2EncodingName, resolveSettings as checkDecoderOptions } from "./decoder/settings.js";
export { legacyTorchVerdict } from "./containers/torch-file.js";
export { numberGridOf } from "./json/column-value.js";
