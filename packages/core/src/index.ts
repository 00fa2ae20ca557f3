// Public API of @pkl-stream/core, in the shape msgpackr users know: `loads`/`loadAll`/`dumps`, the
// `Unpickler`/`Pickler` classes, the value types, the class registry and the errors. Everything
// else lives under subpath exports: `/engine` (tape driver and byte writers), `/json` (JSON writer
// pieces), `/disasm` (genops, dis, audit), `/opcodes` (the opcode table), `/internal` (shared with
// pkl-stream's own packages, no stability promise).
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
  RepeatedKey,
  keepRepeatedKeys,
} from "./values/py-types.js";
export type { PyDict, PyObjectValue, PyValue } from "./values/py-types.js";
export { PyGlobal, PyInstance, PyOutOfBandBuffer, PyPersistentId } from "./values/placeholders.js";
export type {
  ClassReconstructor,
  ConstructedValue,
  ClassRegistry,
  PyAppendable,
  PyItemSettable,
  PyStateful,
  ReconstructContext,
  ReconstructLimits,
} from "./classes/registry.js";
export { Unpickler } from "./decoder/unpickler.js";
export { loadAll, loads } from "./decoder/load.js";
export { toJson } from "./json/to-json.js";
export type { ToJsonOptions } from "./json/to-json.js";
export { OutputError, isOutputError } from "./json/output-error.js";
export type { OutputErrorCode, OutputErrorDetails, OutputLimitName } from "./json/output-error.js";
export { builtinClasses } from "./classes/builtin-registry.js";
export { dictAttributesOf } from "./classes/dict-class.js";
export { PyComplex } from "./classes/complex.js";
export { PyDeque } from "./classes/collections.js";
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
export { NumpyMaskedArray } from "./classes/numpy-masked.js";
export { PyCode } from "./classes/py-code.js";
export { PyCell, PyClassDef, PyFunction, PyModuleRef, PyNamedType } from "./classes/py-function.js";
export { PdDataFrame, PdBlockManager } from "./classes/pandas/frame.js";
export type { DataFrameColumns } from "./classes/pandas/frame.js";
export { PdSeries } from "./classes/pandas/series.js";
export { PdIndex } from "./classes/pandas/index.js";
export { PdTimestamp, PdTimedelta, PdMissing } from "./classes/pandas/timestamps.js";
export { PdBackedArray, PdMaskedArray, PdDtype } from "./classes/pandas/arrays.js";
export { ColumnValue } from "./json/column-value.js";
export type { ColumnNumbers, NumberArray, NumberGrid, NumberKind } from "./json/column-value.js";
export { Pickler, dumps } from "./encoder/pickler.js";
export type { PicklerOptions } from "./encoder/pickler.js";
export { isReducible } from "./encoder/reduction.js";
export type { PyReducible, PyReduction } from "./encoder/reduction.js";
export { ZipArchive, crc32, looksLikeZip } from "./containers/zip.js";
export type { ZipEntry, ZipOptions } from "./containers/zip.js";
export { loadTorch, looksLikeLegacyTorch, looksLikeTorchZip } from "./containers/torch-file.js";
export type { TorchLoadOptions } from "./containers/torch-file.js";
export { TorchDtype, TorchStorage, TorchTensor } from "./classes/torch.js";
export type { TorchTensorData } from "./classes/torch.js";
