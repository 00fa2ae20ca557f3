import type { PyReducible, PyReduction } from "../encoder/reduction.js";
import { dictKeyText } from "../decoder/dict-keys.js";
import { PyGlobal } from "../values/placeholders.js";
import { createDict, markTuple, type PyDict, type PyObjectValue, type PyValue } from "../values/py-types.js";
import { describeValue, readSafeInt, readText } from "./arg-checks.js";
import { dictEntries, dictGet, isDictValue } from "./dict-access.js";
import { pyShapeRepr, pyStrRepr } from "./py-repr.js";
import { type StringDtypeOptions, stringDtypeReduction, stringDtypeText } from "./numpy-stringdtype.js";
import type { PyStateful } from "./registry.js";

/** numpy's kind letters: bool, signed, unsigned, float, complex, str, bytes, void, object, datetime64, timedelta64. */
export type DtypeKind = "b" | "i" | "u" | "f" | "c" | "U" | "S" | "V" | "O" | "M" | "m";

/** `<` little-endian, `>` big-endian, `|` not applicable (one byte, flexible, structured). */
export type ByteOrder = "<" | ">" | "|";

/** One field of a structured dtype: its dtype, byte offset in the record, and optional title. */
export interface DtypeField {
  readonly dtype: NumpyDtype;
  readonly offset: number;
  readonly title: PyValue;
}

/** The `(base, shape)` of a sub-array dtype such as `('<f8', (2,))`. */
export interface DtypeSubarray {
  readonly base: NumpyDtype;
  readonly shape: readonly number[];
}

const KINDS = new Set<string>(["b", "i", "u", "f", "c", "U", "S", "V", "O", "M", "m"]);

/** numpy's NPY_MAXDIMS (numpy 2; 32 before): a shape of more dimensions is refused, as numpy does. */
const MAX_DIMENSIONS = 64;
/** Sub-arrays and fields nested in one another, at most: numpy's own dtypes nest a few deep. */
const MAX_DTYPE_NESTING = 64;
/** Most lists and values `toList` may build past what the data's bytes account for. */
const MAX_ENTRIES_WITHOUT_DATA = 1 << 20;
/** Lists and values a byte of data may account for: a 64-d shape of 1s builds ~65 lists per byte. */
const ENTRIES_PER_BYTE = 128;

/**
 * Refuses a shape whose lists and values (`entries`, as `toList` builds them) are not backed by
 * data: a zero dimension after large ones, 0-byte elements, sub-arrays of those. With data, each
 * list and value is paid for by input bytes, so the work stays proportional to the input.
 */
export function checkEntries(qualname: string, entries: number, dataBytes: number, what: string): void {
  if (entries > MAX_ENTRIES_WITHOUT_DATA && entries > ENTRIES_PER_BYTE * dataBytes) {
    throw new TypeError(`${qualname}: ${what} would expand to ${entries} lists and values from ${dataBytes} bytes of data`);
  }
}

/** The lists and values `toList` builds for `shape`, each element counting `perElement`. */
export function entriesOf(shape: readonly number[], perElement: number): number {
  let lists = 0;
  let count = 1;
  for (const dim of shape) {
    lists += count;
    count *= dim;
    // A zero dimension ends the nesting: nothing past it is built. Past a double, too many.
    if (count === 0) return lists;
    if (count === Number.POSITIVE_INFINITY) return count;
  }
  return lists + count * perElement;
}
/** `dtype.flags` of a kind when no state gave them (a dtype made by hand): object 63, str 8. */
const DEFAULT_FLAGS: Readonly<Partial<Record<DtypeKind, number>>> = { O: 63, U: 8 };
/** `dtype.flags` bit set for structs made with `align=True`. */
const NPY_ALIGNED_STRUCT = 0x80;
/** True when this machine stores numbers little-endian (the usual case; `=` means this machine). */
export const HOST_IS_LITTLE_ENDIAN: boolean = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * `numpy.dtype`, rebuilt from `dtype(typestr, align, copy)` and the BUILD state
 * `(version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])`.
 * JSON shows `str(dtype)` (`"float32"`, `"<U5"`, `"[('a', '<i4'), ('b', '<f8')]"`).
 */
export class NumpyDtype implements PyObjectValue, PyStateful, PyReducible {
  readonly pyClass: string = "numpy.dtype";
  kind: DtypeKind;
  /** Bytes per element (for `U`, 4 per character). */
  itemsize: number;
  byteOrder: ByteOrder;
  /** Field names in order, for structured dtypes. */
  names: string[] | null = null;
  fields: Map<string, DtypeField> | null = null;
  subarray: DtypeSubarray | null = null;
  /** datetime64/timedelta64 unit (`"ns"`, `"D"`, `"generic"`) and its multiplier (`M8[10s]`). */
  unit: string | null = null;
  unitCount = 1;
  /** Alignment from the state, -1 when numpy derives it. */
  alignment = -1;
  flags = 0;
  /** The scalar type is `numpy.record` (a record dtype: `np.rec.array`, `df.to_records()`), not `numpy.void`. */
  isRecord = false;
  /** Lists and values `toList` builds for one element: 1, or more for a sub-array or fields. */
  entriesPerElement = 1;
  /** Sub-arrays and fields nested in an element: 0 for a plain type. */
  nesting = 0;
  /**
   * numpy 2's variable-width string dtype (`StringDType(na_object=..., coerce=...)`), or null. Its
   * arrays pickle their elements as a list (Python str, or the missing-value object), as object
   * arrays do, so such a dtype is kind "O" here with these options for its `str()` and pickling.
   */
  stringOptions: StringDtypeOptions | null = null;

  /**
   * Whether an element holds Python objects: an object dtype, or fields or a sub-array that do
   * (numpy's NPY_ITEM_HASOBJECT). numpy pickles such an array's data as a list of its elements.
   */
  get hasObject(): boolean {
    if (this.kind === "O") return true;
    if (this.subarray !== null) return this.subarray.base.hasObject;
    if (this.fields === null) return false;
    for (const field of this.fields.values()) if (field.dtype.hasObject) return true;
    return false;
  }

  /** `dtype(numpy.record)`: a void dtype whose scalar type is `numpy.record`; BUILD gives its fields. */
  static record(): NumpyDtype {
    const dtype = new NumpyDtype("V");
    dtype.isRecord = true;
    return dtype;
  }

  /** `typestr` as numpy's `__reduce__` writes it: kind letter and size (`"f8"`, `"U5"`, `"b1"`, `"O8"`, `"M8"`). */
  constructor(typestr: string) {
    const match = /^[<>|=]?([a-zA-Z?])(\d*)/.exec(typestr);
    const letter = match?.[1] === "?" ? "b" : match?.[1] === "a" ? "S" : match?.[1];
    if (match === null || letter === undefined || !KINDS.has(letter)) {
      throw new TypeError(`numpy.dtype: unsupported type string ${JSON.stringify(typestr)}`);
    }
    this.kind = letter as DtypeKind;
    const size = match[2] === "" ? 0 : Number(match[2]);
    this.itemsize = this.kind === "U" ? size * 4 : this.kind === "O" ? 8 : size;
    if (this.kind === "M" || this.kind === "m") {
      this.itemsize = 8;
      this.unit = "generic";
    }
    if (this.kind === "b") this.itemsize = 1;
    this.byteOrder = this.itemsize <= 1 || "USVO".includes(this.kind) ? "|" : HOST_IS_LITTLE_ENDIAN ? "<" : ">";
    if (this.kind === "U") this.byteOrder = HOST_IS_LITTLE_ENDIAN ? "<" : ">";
  }

  /**
   * Set by the engine for a dtype its islands share across records (engine/island-parts.ts):
   * a state set on it then throws, and the record goes to the value path, which makes its own.
   */
  get isFrozen(): boolean {
    return this.frozen;
  }

  freeze(): void {
    this.frozen = true;
  }

  private frozen = false;

  setState(state: PyValue): void {
    if (this.frozen) throw new TypeError("numpy.dtype: a shared dtype's state is not set again");
    if (!Array.isArray(state)) throw new TypeError(`numpy.dtype: state must be a tuple, got ${describeValue(state)}`);
    // Layouts by length, as numpy's arraydescr_setstate reads them.
    let endian: PyValue | undefined;
    let subarray: PyValue | undefined;
    let names: PyValue | undefined = null;
    let fields: PyValue | undefined;
    let elsize: PyValue | undefined;
    let alignment: PyValue | undefined;
    let flags: PyValue | undefined = 0;
    let metadata: PyValue | undefined = null;
    if (state.length === 9) [, endian, subarray, names, fields, elsize, alignment, flags, metadata] = state;
    else if (state.length === 8) [, endian, subarray, names, fields, elsize, alignment, flags] = state;
    else if (state.length === 7) [, endian, subarray, names, fields, elsize, alignment] = state;
    else if (state.length === 6) [, endian, subarray, fields, elsize, alignment] = state;
    else if (state.length === 5) [endian, subarray, fields, elsize, alignment] = state;
    else throw new TypeError(`numpy.dtype: state tuple of ${state.length} items is not a known layout`);

    const order = readText("numpy.dtype", endian);
    if (order === "=") this.byteOrder = HOST_IS_LITTLE_ENDIAN ? "<" : ">";
    else if (order === "<" || order === ">" || order === "|") this.byteOrder = order;
    else throw new TypeError(`numpy.dtype: bad byte order ${JSON.stringify(order)}`);

    const size = readSafeInt("numpy.dtype", elsize);
    if (size >= 0 && ("USV".includes(this.kind) || fields !== null)) this.itemsize = size;
    if (this.kind === "U" && this.itemsize % 4 !== 0) throw new TypeError(`numpy.dtype: str size ${this.itemsize} is not a multiple of 4`);
    this.alignment = readSafeInt("numpy.dtype", alignment);
    this.flags = readSafeInt("numpy.dtype", flags);
    if (subarray !== null && subarray !== undefined) {
      this.subarray = readSubarray(subarray);
      // The sub-array must fill the element exactly, or element reads would leave the record.
      const { base, shape } = this.subarray;
      if (shape.reduce((total, dim) => total * dim, base.itemsize) !== this.itemsize) {
        throw new TypeError(`numpy.dtype: sub-array ${pyShapeRepr(shape)} of ${base} does not fill ${this.itemsize} bytes`);
      }
    }
    if (fields !== null && fields !== undefined) this.readFields(names, fields);
    if (this.kind === "M" || this.kind === "m") this.readDatetimeMetadata(metadata);
    this.countEntries();
  }

  /** What an element expands to (from its parts' counts, each checked when its state was set), checked. */
  private countEntries(): void {
    let entries = 1;
    let nesting = 0;
    if (this.subarray !== null) {
      const { base, shape } = this.subarray;
      entries = entriesOf(shape, base.entriesPerElement);
      nesting = base.nesting + 1;
    }
    if (this.fields !== null) {
      for (const field of this.fields.values()) {
        entries += field.dtype.entriesPerElement;
        nesting = Math.max(nesting, field.dtype.nesting + 1);
      }
    }
    if (nesting > MAX_DTYPE_NESTING) throw new TypeError(`numpy.dtype: sub-arrays and fields nested ${nesting} deep (at most ${MAX_DTYPE_NESTING} are read)`);
    checkEntries("numpy.dtype", entries, this.itemsize, "an element");
    this.entriesPerElement = entries;
    this.nesting = nesting;
  }

  private readFields(names: PyValue | undefined, fields: PyValue): void {
    if (!isDictValue(fields)) throw new TypeError(`numpy.dtype: fields must be a dict, got ${describeValue(fields)}`);
    // Old states (5-6 items) list the names under the key -1 of the fields dict.
    const nameList = names ?? (fields instanceof Map ? fields.get(-1) : dictGet(fields, "-1"));
    if (!Array.isArray(nameList)) throw new TypeError("numpy.dtype: structured dtype without names");
    // A Python 2 pickle read with encoding "bytes" gives the names as bytes, in the list and as
    // the fields dict's keys (a Map's Uint8Array keys, an object's keys their JSON text): numpy
    // reads them as ASCII text, and so does this.
    this.names = nameList.map((name) => readText("numpy.dtype", name));
    const byName = new Map<PyValue, PyValue>(dictEntries(fields).map(([key, entry]) => [key instanceof Uint8Array ? readText("numpy.dtype", key) : key, entry]));
    this.fields = new Map();
    for (const [i, name] of this.names.entries()) {
      const pickledName = nameList[i];
      const entry = byName.get(name) ?? (pickledName instanceof Uint8Array ? byName.get(dictKeyText(pickledName)) : undefined);
      if (!Array.isArray(entry) || entry.length < 2 || !(entry[0] instanceof NumpyDtype)) {
        throw new TypeError(`numpy.dtype: field ${JSON.stringify(name)} must be (dtype, offset[, title])`);
      }
      const offset = readSafeInt("numpy.dtype", entry[1]);
      if (offset < 0 || offset + entry[0].itemsize > this.itemsize) {
        throw new TypeError(`numpy.dtype: field ${JSON.stringify(name)} does not fit in ${this.itemsize} bytes`);
      }
      this.fields.set(name, { dtype: entry[0], offset, title: entry[2] ?? null });
    }
  }

  /** Version 4 states end with `(metadata, (unit, count, 1, 1))` (older numpy: the unit tuple itself). */
  private readDatetimeMetadata(metadata: PyValue | undefined): void {
    const unitTuple = Array.isArray(metadata) && metadata.length === 2 && Array.isArray(metadata[1]) ? metadata[1] : metadata;
    if (!Array.isArray(unitTuple) || unitTuple.length < 2) return;
    const unit = unitTuple[0];
    this.unit = readText("numpy.dtype", unit);
    this.unitCount = readSafeInt("numpy.dtype", unitTuple[1]);
  }

  /** True when values are stored big-endian (only matters for multi-byte elements). */
  get isBigEndian(): boolean {
    return this.byteOrder === ">";
  }

  /** numpy's notion of native byte order, from the reading machine's point of view. */
  get isNative(): boolean {
    return this.byteOrder === "|" || (this.byteOrder === "<") === HOST_IS_LITTLE_ENDIAN;
  }

  private get unitSuffix(): string {
    if (this.unit === null || this.unit === "generic") return "";
    return `[${this.unitCount === 1 ? "" : this.unitCount}${this.unit}]`;
  }

  /** `dtype.name`: `"float64"`, `"bool"`, `"str160"`, `"datetime64[ns]"`. */
  get name(): string {
    const bits = this.itemsize * 8;
    switch (this.kind) {
      case "b":
        return "bool";
      case "i":
        return `int${bits}`;
      case "u":
        return `uint${bits}`;
      case "f":
        return `float${bits}`;
      case "c":
        return `complex${bits}`;
      case "U":
        return `str${bits}`;
      case "S":
        return `bytes${bits}`;
      case "V":
        return `void${bits}`;
      case "O":
        return "object";
      case "M":
        return `datetime64${this.unitSuffix}`;
      default:
        return `timedelta64${this.unitSuffix}`;
    }
  }

  /** `dtype.str`: byte order, kind and size (`"<f8"`, `"|S3"`, `"<U5"`, `"<M8[ns]"`, `"|O"`). */
  get str(): string {
    if (this.kind === "O") return "|O";
    if (this.kind === "M" || this.kind === "m") return `${this.byteOrder}${this.kind}8${this.unitSuffix}`;
    const count = this.kind === "U" ? this.itemsize / 4 : this.itemsize;
    return `${this.byteOrder}${this.kind}${count}`;
  }

  /** Python's `str(dtype)`. */
  toString(): string {
    if (this.stringOptions !== null) return stringDtypeText(this.stringOptions);
    if (this.fields !== null) return this.structString(true);
    if (this.subarray !== null) return this.subarrayString();
    if ("USV".includes(this.kind) || !this.isNative) return this.str;
    return this.name;
  }

  toPlain(): PyValue {
    return this.toString();
  }

  /**
   * `dtype(typestr, False, True)` then BUILD with the state tuple, as numpy 2's `dtype.__reduce__`
   * writes it: version 3, or 4 with the `(None, (unit, count, 1, 1))` metadata of datetime kinds.
   */
  reduceForPickle(): PyReduction {
    if (this.stringOptions !== null) return stringDtypeReduction(this.stringOptions);
    const isDatetime = this.kind === "M" || this.kind === "m";
    const isFlexible = "USV".includes(this.kind) || this.fields !== null;
    const subarray = this.subarray === null ? null : markTuple([this.subarray.base, markTuple([...this.subarray.shape])]);
    const state: PyValue[] = [
      isDatetime ? 4 : 3,
      this.byteOrder,
      subarray,
      this.names === null ? null : markTuple([...this.names]),
      this.fields === null ? null : this.fieldsDict(),
      isFlexible ? this.itemsize : -1,
      isFlexible ? (this.alignment > 0 ? this.alignment : this.effectiveAlignment) : -1,
      this.flags !== 0 ? this.flags : DEFAULT_FLAGS[this.kind] ?? 0,
    ];
    if (isDatetime) {
      const unit = Uint8Array.from(this.unit ?? "generic", (char) => char.charCodeAt(0));
      state.push(markTuple([null, markTuple([unit, this.unitCount, 1, 1])]));
    }
    const type = this.isRecord ? new PyGlobal("numpy", "record") : this.typestr;
    return { callable: ["numpy", "dtype"], args: [type, false, true], state: markTuple(state) };
  }

  /** The type string `__reduce__` passes to `dtype()`: kind letter and size, no byte order (`"f8"`, `"U3"`, `"V12"`). */
  private get typestr(): string {
    switch (this.kind) {
      case "b":
        return "b1";
      case "O":
        return "O8";
      case "M":
      case "m":
        return `${this.kind}8`;
      case "U":
        return `U${this.itemsize / 4}`;
      default:
        return `${this.kind}${this.itemsize}`;
    }
  }

  /** `{name: (dtype, offset[, title])}`; numpy also lists each str title as a key of its own. */
  private fieldsDict(): PyDict {
    const dict = createDict();
    for (const [name, field] of this.fieldList()) {
      const entry = markTuple(field.title === null ? [field.dtype, field.offset] : [field.dtype, field.offset, field.title]);
      dict[name] = entry;
      if (typeof field.title === "string") dict[field.title] = entry;
    }
    return dict;
  }

  /** numpy's `_construction_repr`: how a dtype appears inside a struct or sub-array string. */
  constructionRepr(short: boolean): string {
    if (this.fields !== null) return this.structString(false);
    if (this.subarray !== null) return this.subarrayString();
    return this.scalarRepr(short);
  }

  private scalarRepr(short: boolean): string {
    const order = this.byteOrder === "|" ? "" : this.byteOrder;
    switch (this.kind) {
      case "b":
        return short ? "'?'" : "'bool'";
      case "O":
        return short ? "'O'" : "'object'";
      case "S":
        return `'S${this.itemsize}'`;
      case "U":
        return `'${order}U${this.itemsize / 4}'`;
      case "V":
        return `'V${this.itemsize}'`;
      case "M":
      case "m":
        return `'${order}${this.kind}8${this.unitSuffix}'`;
      default:
        return short || !this.isNative ? `'${order}${this.kind}${this.itemsize}'` : `'${this.name}'`;
    }
  }

  private subarrayString(): string {
    const { base, shape } = this.subarray!;
    return `(${base.constructionRepr(true)}, ${pyShapeRepr(shape)})`;
  }

  private fieldList(): [string, DtypeField][] {
    return this.names!.map((name) => [name, this.fields!.get(name)!]);
  }

  private get isAlignedStruct(): boolean {
    return (this.flags & NPY_ALIGNED_STRUCT) !== 0;
  }

  /** The alignment numpy would give this dtype (for the packed-layout test of aligned structs). */
  get effectiveAlignment(): number {
    if (this.alignment > 0) return this.alignment;
    if (this.subarray !== null) return this.subarray.base.effectiveAlignment;
    if (this.fields !== null) return 1;
    if (this.kind === "c") return this.itemsize / 2;
    if (this.kind === "U") return 4;
    if ("SVb".includes(this.kind)) return 1;
    return Math.max(1, this.itemsize);
  }

  /** numpy's `_is_packed`: fields back to back (with natural padding when aligned), nothing after. */
  private isPacked(): boolean {
    const aligned = this.isAlignedStruct;
    let maxAlignment = 1;
    let total = 0;
    for (const [, field] of this.fieldList()) {
      if (aligned) {
        const alignment = field.dtype.effectiveAlignment;
        total = Math.ceil(total / alignment) * alignment;
        maxAlignment = Math.max(maxAlignment, alignment);
      }
      if (field.offset !== total) return false;
      total += field.dtype.itemsize;
    }
    if (aligned) total = Math.ceil(total / maxAlignment) * maxAlignment;
    return total === this.itemsize;
  }

  /** numpy's `_struct_str`: a record dtype shows its scalar type first, `(numpy.record, [...])`. */
  private structString(includeAlign: boolean): string {
    const text = this.structBody(includeAlign);
    return this.isRecord ? `(numpy.record, ${text})` : text;
  }

  private structBody(includeAlign: boolean): string {
    const fields = this.fieldList();
    if (!(includeAlign && this.isAlignedStruct) && this.isPacked()) {
      const items = fields.map(([name, field]) => {
        const label = field.title === null ? pyStrRepr(name) : `(${titleRepr(field.title)}, ${pyStrRepr(name)})`;
        const sub = field.dtype.subarray;
        const format = sub === null ? field.dtype.constructionRepr(true) : `${sub.base.constructionRepr(true)}, ${pyShapeRepr(sub.shape)}`;
        return `(${label}, ${format})`;
      });
      return `[${items.join(", ")}]`;
    }
    let text = `{'names': [${fields.map(([name]) => pyStrRepr(name)).join(", ")}]`;
    text += `, 'formats': [${fields.map(([, field]) => field.dtype.constructionRepr(true)).join(", ")}]`;
    text += `, 'offsets': [${fields.map(([, field]) => field.offset).join(", ")}]`;
    if (fields.some(([, field]) => field.title !== null)) {
      text += `, 'titles': [${fields.map(([, field]) => (field.title === null ? "None" : titleRepr(field.title))).join(", ")}]`;
    }
    text += `, 'itemsize': ${this.itemsize}`;
    return `${text}${includeAlign && this.isAlignedStruct ? ", 'aligned': True" : ""}}`;
  }
}

function titleRepr(title: PyValue): string {
  return typeof title === "string" ? pyStrRepr(title) : String(title);
}

function readSubarray(value: PyValue): DtypeSubarray {
  if (!Array.isArray(value) || value.length !== 2 || !(value[0] instanceof NumpyDtype) || !Array.isArray(value[1])) {
    throw new TypeError("numpy.dtype: sub-array must be (dtype, shape)");
  }
  return { base: value[0], shape: readShape("numpy.dtype", value[1]) };
}

/** A shape tuple of non-negative ints (an int alone counts as a 1-d shape, as numpy allows). */
export function readShape(qualname: string, value: PyValue | undefined): number[] {
  const dims = Array.isArray(value) ? value : [value as PyValue];
  if (dims.length > MAX_DIMENSIONS) throw new TypeError(`${qualname}: ${dims.length} dimensions (numpy allows at most ${MAX_DIMENSIONS})`);
  return dims.map((dim) => {
    const size = readSafeInt(qualname, dim);
    if (size < 0) throw new TypeError(`${qualname}: negative dimension ${size}`);
    return size;
  });
}
