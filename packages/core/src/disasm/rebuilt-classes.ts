/**
 * FALLBACK LIST, to be replaced by the class registry: the `module.qualname`s that pkl-stream
 * rebuilds with its own code (packages/core/src/classes/*), or that are harmless to import and call
 * in CPython. The auditor calls a pickle `safe` only when every global it names is in here.
 *
 * The class registry in ../classes is not exported as one map yet; until it is, this list is
 * kept by hand, and test/core/disasm/audit.test.ts checks that every name the decoder rebuilds
 * (it loads each with `loads`) is listed here.
 */
export const REBUILT_CLASSES: ReadonlySet<string> = new Set([
  // classes/builtins.ts
  "builtins.set",
  "builtins.frozenset",
  "builtins.bytearray",
  "builtins.complex",
  "_codecs.encode",
  "copyreg._reconstructor",
  "copyreg.__newobj__",
  "copyreg.__newobj_ex__",
  // classes/collections.ts
  "collections.OrderedDict",
  "collections.defaultdict",
  "collections.Counter",
  "collections.deque",
  // classes/datetime.ts, timedelta.ts
  "datetime.datetime",
  "datetime.date",
  "datetime.time",
  "datetime.timedelta",
  "datetime.timezone",
  // classes/decimal.ts, fractions.ts, uuid.ts
  "decimal.Decimal",
  "fractions.Fraction",
  "uuid.UUID",
  // classes/pathlib.ts
  ...["PurePath", "PurePosixPath", "PureWindowsPath", "Path", "PosixPath", "WindowsPath"].flatMap((name) => [
    `pathlib.${name}`,
    `pathlib._local.${name}`,
  ]),
  // numpy (classes/numpy.ts): arrays, dtypes and scalars are rebuilt from their bytes
  ...["numpy.core", "numpy._core"].flatMap((core) => [
    `${core}.multiarray._reconstruct`,
    `${core}.multiarray.scalar`,
    `${core}.numeric._frombuffer`,
  ]),
  "numpy.ndarray",
  "numpy.dtype",
  // Builtin types that copyreg-style pickles name as a base or a value; importing them runs nothing.
  ...["object", "int", "float", "str", "bytes", "bool", "list", "tuple", "dict", "slice", "range"].map(
    (name) => `builtins.${name}`,
  ),
]);
