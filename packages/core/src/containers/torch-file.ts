import { quantizedStorageItemsize, storageDtypeOf, TorchStorage } from "../classes/torch.js";
import { genops } from "../disasm/genops.js";
import { PickleError } from "../errors.js";
import type { UnpicklerOptions } from "../decoder/options.js";
import { Unpickler } from "../decoder/unpickler.js";
import { PyPersistentId } from "../values/placeholders.js";
import type { PyValue } from "../values/py-types.js";
import { isTorchDataMember } from "./torch-names.js";
import { looksLikeZip, ZipArchive, type ZipOptions } from "./zip.js";

export { isTorchDataMember };

/**
 * `torch.save` files, as one record (the saved object), read by our own code:
 *
 * - the zip archive torch writes by default: `<name>/data.pkl` is the object's pickle, whose
 *   persistent ids `("storage", storage_type, key, location, numel)` name the members
 *   `<name>/data/<key>` holding each storage's raw bytes;
 * - the legacy format (`_use_new_zipfile_serialization=False`, and what a storage pickles itself
 *   as, through `torch.storage._load_from_bytes`): five pickles (a magic number, the protocol
 *   version, system info, the object with persistent ids `("storage", storage_type, key,
 *   location, numel, view_metadata)`, the list of storage keys), then each storage's bytes
 *   after an 8-byte little-endian element count, in the order of that list. The pickles are at
 *   the protocol torch.save was given (`pickle_protocol`, 2 by default; legacyTorchVerdict).
 *
 * A quantized tensor's storage (`torch.QInt8Storage`, ...) is the placeholder of its persistent
 * id, not read: the decoder rebuilds no quantized tensor, and the rest of the file decodes.
 */

export interface TorchLoadOptions extends UnpicklerOptions, Pick<ZipOptions, "inflateRaw" | "checkCrc"> {}

/** The magic number the first pickle of a legacy torch.save file holds. */
const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
/** LONG1 of the magic number (10 little-endian bytes), as protocols 2 and up write it. */
const MAGIC_LONG1 = Uint8Array.of(0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19);
/** LONG of the magic number (`L<decimal>L\n`), as protocols 0 and 1 write it (no PROTO before it). */
const MAGIC_LONG = Uint8Array.from(`L${LEGACY_MAGIC}L\n`, (char) => char.charCodeAt(0));
const LEGACY_PROTOCOL = 1001;

/**
 * Whether `head` (a file's first bytes, or as many as have come) starts as a legacy `torch.save`
 * file does: its first pickle is the magic number, at the protocol torch.save was given
 * (`pickle_protocol`, 2 by default): `PROTO n`, at protocol 4 and 5 a FRAME (CPython frames
 * every pickle then), then the number as a LONG1; at protocols 0 and 1 the number as a LONG.
 * True or false, or undefined while `head` is a beginning of such a start (more bytes decide).
 */
export function legacyTorchVerdict(head: Uint8Array): boolean | undefined {
  if (head.length === 0) return undefined;
  if (head[0] === 0x4c) return startsWith(head, 0, MAGIC_LONG);
  if (head[0] !== 0x80) return false;
  if (head.length < 2) return undefined;
  const protocol = head[1]!;
  if (protocol < 2 || protocol > 5) return false;
  if (head.length < 3) return undefined;
  let at = 2;
  if (head[2] === 0x95 /* FRAME */) {
    if (protocol < 4) return false;
    at = 11;
  }
  return startsWith(head, at, MAGIC_LONG1);
}

/** Whether `expected` is at `head[at]`: true, false, or undefined when `head` ends agreeing with it. */
function startsWith(head: Uint8Array, at: number, expected: Uint8Array): boolean | undefined {
  for (let i = 0; i < expected.length; i++) {
    if (at + i >= head.length) return undefined;
    if (head[at + i] !== expected[i]) return false;
  }
  return true;
}

/** True when `bytes` starts as a legacy `torch.save` file does, at any protocol torch writes (legacyTorchVerdict). */
export function looksLikeLegacyTorch(bytes: Uint8Array): boolean {
  return legacyTorchVerdict(bytes) === true;
}

/** True when `bytes` starts like a torch.save zip archive: a zip whose first member is `<name>/data.pkl`. */
export function looksLikeTorchZip(bytes: Uint8Array): boolean {
  if (!looksLikeZip(bytes) || bytes.length < 30) return false;
  const nameLength = bytes[26]! | (bytes[27]! << 8);
  if (bytes.length < 30 + nameLength) return false;
  let name = "";
  for (const byte of bytes.subarray(30, 30 + nameLength)) name += String.fromCharCode(byte);
  return isTorchDataMember(name);
}

/**
 * The object a `torch.save` file holds (zip or legacy), tensors as `TorchTensor`s. Throws a
 * `PickleError` when the file is neither, or is corrupt: a storage missing, sizes that disagree.
 */
export function loadTorch(bytes: Uint8Array, options: TorchLoadOptions = {}): PyValue {
  if (looksLikeZip(bytes)) return loadTorchZip(bytes, options);
  if (looksLikeLegacyTorch(bytes)) return loadLegacyTorch(bytes, options);
  throw new PickleError("not a torch.save file (neither a zip archive nor the legacy format's magic number)", {
    code: "BAD_ARGUMENT",
    offset: 0,
    opcode: -1,
    recordIndex: 0,
  });
}

function fileError(reason: string, offset: number, code: "BAD_ARGUMENT" | "TRUNCATED" = "BAD_ARGUMENT"): PickleError {
  return new PickleError(`torch file: ${reason}`, { code, offset, opcode: -1, recordIndex: 0 });
}

/** The storage key of a persistent id, checked: `("storage", storage_type, key, location, numel, ...)`. */
function readPid(pid: PyValue, arity: number): { type: PyValue; key: string; numel: number; view: PyValue } {
  if (!Array.isArray(pid) || pid.length !== arity || pid[0] !== "storage") {
    throw new TypeError(`torch file: persistent id is not ("storage", type, key, location, numel${arity === 6 ? ", view" : ""})`);
  }
  const key = pid[2];
  const numel = pid[4];
  if (typeof key !== "string") throw new TypeError("torch file: a storage key is not a str");
  if (typeof numel !== "number" || !Number.isSafeInteger(numel) || numel < 0) throw new TypeError(`torch file: storage ${key} has a bad element count`);
  return { type: pid[1]!, key, numel, view: pid[5] ?? null };
}

function loadTorchZip(bytes: Uint8Array, options: TorchLoadOptions): PyValue {
  const zip = new ZipArchive(bytes, { ...(options.inflateRaw ? { inflateRaw: options.inflateRaw } : {}), ...(options.checkCrc !== undefined ? { checkCrc: options.checkCrc } : {}) });
  const pickle = zip.entries.find((entry) => isTorchDataMember(entry.name));
  if (pickle === undefined) {
    throw fileError("this zip archive has no <name>/data.pkl member: not a torch.save file (a numpy .npz?)", bytes.length);
  }
  const prefix = pickle.name.slice(0, pickle.name.length - "data.pkl".length);
  const order = zip.entry(`${prefix}byteorder`);
  const littleEndian = order === undefined || new TextDecoder().decode(zip.read(order)).trim() !== "big";
  const storages = new Map<string, TorchStorage>();
  const persistentLoad = (pid: PyValue): PyValue => {
    const { type, key, numel } = readPid(pid, 5);
    // A quantized storage: the placeholder of its id (its tensor's _rebuild_qtensor stays one too).
    if (quantizedStorageItemsize(type) !== undefined) return new PyPersistentId(pid);
    let storage = storages.get(key);
    if (storage === undefined) {
      storage = new TorchStorage(storageDtypeOf(type), numel);
      const member = zip.entry(`${prefix}data/${key}`);
      if (member === undefined) throw fileError(`storage ${key} has no member ${prefix}data/${key}`, bytes.length);
      storage.fill(zip.read(member), littleEndian);
      storages.set(key, storage);
    }
    return storage;
  };
  const unpickler = new Unpickler({ ...options, persistentLoad });
  try {
    const records = unpickler.push(zip.read(pickle));
    unpickler.end();
    if (records.length !== 1) throw fileError(`${pickle.name} holds ${records.length} pickles, not one`, pickle.localHeaderOffset);
    return records[0]!;
  } catch (error) {
    if (error instanceof PickleError && !error.reason.startsWith("zip archive") && !error.reason.startsWith("torch file")) {
      throw new PickleError(`in ${pickle.name}: ${error.reason}`, { code: error.code, offset: error.offset, opcode: error.opcode, recordIndex: 0, cause: error });
    }
    throw error;
  }
}

/** Decodes the one pickle at `start` (through its STOP) and returns it with the offset after it. */
function pickleAt(bytes: Uint8Array, start: number, options: UnpicklerOptions): { value: PyValue; end: number } {
  const ops = genops(bytes, { start });
  let step = ops.next();
  while (step.done !== true) step = ops.next();
  const end = step.value;
  const unpickler = new Unpickler(options);
  unpickler.resetAt(start, 0);
  const records = unpickler.push(bytes.subarray(start, end));
  unpickler.end();
  return { value: records[0]!, end };
}

export function loadLegacyTorch(bytes: Uint8Array, options: UnpicklerOptions): PyValue {
  const plain = { ...options, persistentLoad: undefined };
  const magic = pickleAt(bytes, 0, plain);
  if (magic.value !== LEGACY_MAGIC) throw fileError("the first pickle is not torch's magic number", 0);
  const protocol = pickleAt(bytes, magic.end, plain);
  if (protocol.value !== LEGACY_PROTOCOL) throw fileError(`protocol version ${String(protocol.value)} is not ${LEGACY_PROTOCOL}`, magic.end);
  const sysInfo = pickleAt(bytes, protocol.end, { ...plain, dict: "map" });
  const info = sysInfo.value;
  const littleEndian = !(info instanceof Map) || info.get("little_endian") !== false;
  const roots = new Map<string, TorchStorage>();
  const views: { storage: TorchStorage; root: string; offset: number }[] = [];
  /** Quantized storages by key, their element sizes: placeholders, their bytes skipped. */
  const skipped = new Map<string, number>();
  const persistentLoad = (pid: PyValue): PyValue => {
    const { type, key, numel, view } = readPid(pid, 6);
    const quantized = quantizedStorageItemsize(type);
    if (quantized !== undefined) {
      if (roots.has(key) || (skipped.get(key) ?? quantized) !== quantized) throw new TypeError(`torch file: storage ${key} is named with two storage types`);
      skipped.set(key, quantized);
      return new PyPersistentId(pid);
    }
    if (skipped.has(key)) throw new TypeError(`torch file: storage ${key} is named with two storage types`);
    const dtype = storageDtypeOf(type);
    let root = roots.get(key);
    if (root === undefined) {
      root = new TorchStorage(dtype, numel);
      roots.set(key, root);
    }
    if (view === null) return root;
    // Storage views of torch < 1.0: (view_key, offset, view_size) into the root storage.
    // Counts: a negative size reached the array code as a shape of -3 (an internal error).
    if (!Array.isArray(view) || view.length !== 3 || !isCount(view[1]) || !isCount(view[2])) {
      throw new TypeError("torch file: a storage view is not (key, offset, size) with an offset and size of 0 or more");
    }
    const storage = new TorchStorage(dtype, view[2]);
    views.push({ storage, root: key, offset: view[1] });
    return storage;
  };
  const object = pickleAt(bytes, sysInfo.end, { ...options, persistentLoad });
  const keys = pickleAt(bytes, object.end, plain);
  if (!Array.isArray(keys.value) || !keys.value.every((key) => typeof key === "string")) {
    throw fileError("the storage key list is not a list of str", object.end);
  }
  let at = keys.end;
  for (const key of keys.value as string[]) {
    const storage = roots.get(key);
    const skippedItemsize = skipped.get(key);
    if (storage === undefined && skippedItemsize === undefined) throw fileError(`storage ${key} is listed but no tensor uses it`, at);
    if (at + 8 > bytes.length) throw fileError(`the input ends before storage ${key}'s element count`, at, "TRUNCATED");
    const view = new DataView(bytes.buffer, bytes.byteOffset + at, 8);
    const count = littleEndian ? view.getBigUint64(0, true) : view.getBigUint64(0, false);
    const length = count * BigInt(storage?.dtype.itemsize ?? skippedItemsize!);
    if (length > BigInt(bytes.length - at - 8)) {
      const what = storage === undefined ? "a quantized type" : storage.dtype.name;
      throw fileError(`storage ${key} claims ${count} elements of ${what}, past the end of the input`, at, "TRUNCATED");
    }
    if (storage === undefined) {
      at += 8 + Number(length);
      continue;
    }
    try {
      storage.fill(bytes.subarray(at + 8, at + 8 + Number(length)), littleEndian);
    } catch (error) {
      throw fileError((error as Error).message, at);
    }
    at += 8 + Number(length);
  }
  for (const { storage, root, offset } of views) {
    const source = roots.get(root)!;
    const itemsize = storage.dtype.itemsize;
    if (!source.isFilled || offset < 0 || (offset + storage.numel) * itemsize > source.bytes.length) throw fileError(`storage view of ${root} reaches outside it`, at);
    storage.fill(source.bytes.subarray(offset * itemsize), littleEndian);
  }
  for (const [key, storage] of roots) {
    if (!storage.isFilled) throw fileError(`storage ${key} is used but its bytes are not in the file`, at, "TRUNCATED");
  }
  if (at !== bytes.length) throw fileError(`${bytes.length - at} bytes after the last storage`, at);
  return object.value;
}

function isCount(value: PyValue | undefined): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}
