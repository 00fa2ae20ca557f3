// Public API of @pkl-stream/core. Every export is named here; internals stay internal.
export { PickleError, TruncatedError, isPickleError } from "./errors.js";
export type { PickleErrorCode, PickleErrorDetails } from "./errors.js";
export type { Py2StringEncoding, UnpicklerOptions } from "./decoder/options.js";
export {
  DICT_PROTOTYPE,
  PyByteArray,
  PyFloat,
  PyTuple,
  createDict,
  isPyDict,
  isPyObject,
  isFrozenSet,
  isTuple,
  markFrozenSet,
  markTuple,
} from "./values/py-types.js";
export type { PyDict, PyObjectValue, PyValue } from "./values/py-types.js";
export { PyGlobal, PyInstance, PyOutOfBandBuffer, PyPersistentId } from "./values/placeholders.js";
export type {
  ClassReconstructor,
  ClassRegistry,
  PyAppendable,
  PyItemSettable,
  PyStateful,
  ReconstructContext,
} from "./classes/registry.js";
export { ARG_KINDS } from "./opcodes/arg-kinds.js";
export type { ArgKind, ArgKindName } from "./opcodes/arg-kinds.js";
export { STACK_KINDS } from "./opcodes/stack-kinds.js";
export type { StackKind } from "./opcodes/stack-kinds.js";
export { OPCODES, describeOpcode, opcodeByCode, opcodeByName, opcodeLabel } from "./opcodes/table.js";
/** Opcode bytes as constants (`OP.SETITEMS === 0x75`), for code that switches on them. */
export * as OP from "./opcodes/codes.js";
export type { OpcodeInfo, OpcodeName } from "./opcodes/table.js";
export { Unpickler } from "./decoder/unpickler.js";
export { loadAll, loads } from "./decoder/load.js";
export { FRAME_HEADER_BYTES, crossesFrameEnd, frameEndOf, frameRuleViolation } from "./decoder/frame-rule.js";
export { NOT_A_PICKLE_HEAD_BYTES, describeNotAPickle, notAPickleError } from "./decoder/not-a-pickle.js";
export { genops } from "./disasm/genops.js";
export type { GenopsOptions, OpArg, PickleOp } from "./disasm/genops.js";
export { dis, disAllLines, disLines } from "./disasm/dis.js";
export type { DisAllOptions, DisMemo, DisOptions } from "./disasm/dis.js";
export { toJson } from "./json/to-json.js";
export type { ToJsonOptions } from "./json/to-json.js";
export { JsonWriter } from "./json/json-writer.js";
export { floatRepr } from "./json/float-repr.js";
export { scalarKeyText } from "./json/key-text.js";
export { toBase64 } from "./json/base64.js";
export { OutputError, badTypeError, describeContainer, isOutputError } from "./json/output-error.js";
export type { OutputErrorCode, OutputErrorDetails, OutputLimitName } from "./json/output-error.js";
export { DEFAULT_OUTPUT_PER_INPUT_BYTE, MIN_DEFAULT_OUTPUT_BYTES, defaultOutputBudget } from "./json/output-budget.js";
export { auditPickle } from "./disasm/audit.js";
export type { AuditCall, AuditError, AuditFinding, AuditImport, AuditOptions, PickleAudit, RecordAudit, Verdict } from "./disasm/audit.js";
export { builtinClasses } from "./classes/builtin-registry.js";
export { fixImports } from "./classes/fix-imports.js";
export { PyComplex } from "./classes/complex.js";
export { PyDeque } from "./classes/collections.js";
export { dictAttributesOf } from "./classes/dict-class.js";
export { PyDate, PyDateTime, PyTime } from "./classes/datetime.js";
export { PyTimedelta, PyTimezone } from "./classes/timedelta.js";
export { PyDecimal } from "./classes/decimal.js";
export { PyFraction } from "./classes/fractions.js";
export { PyUuid } from "./classes/uuid.js";
export { PyPath } from "./classes/pathlib.js";
export { NdArray } from "./classes/ndarray.js";
export type { ArrayOrder, ToListOptions } from "./classes/ndarray.js";
export type { NdArrayData } from "./classes/ndarray-data.js";
export { NumpyDtype } from "./classes/numpy-dtype.js";
export type { ByteOrder, DtypeField, DtypeKind, DtypeSubarray } from "./classes/numpy-dtype.js";
export { NumpyScalar } from "./classes/numpy-scalar.js";
export { formatPath } from "./json/value-path.js";
export type { PathStep } from "./json/value-path.js";
export { Pickler, dumps } from "./encoder/pickler.js";
export type { PicklerOptions } from "./encoder/pickler.js";
export { isReducible } from "./encoder/reduction.js";
export type { PyReducible, PyReduction } from "./encoder/reduction.js";
export { ZipArchive, crc32, looksLikeZip } from "./containers/zip.js";
export type { ZipEntry, ZipOptions } from "./containers/zip.js";
