import { isPickleError, loadTorch, looksLikeLegacyTorch, looksLikeTorchZip, PickleError, type PyValue, type UnpicklerOptions } from "@pkl-stream/core";
import { copyBytes, joinBytes, legacyTorchVerdict } from "@pkl-stream/core/internal";
import { locateError } from "./locate-error.js";
import { toBytes } from "./to-bytes.js";

// A `torch.save` file is one record whose parts are not in stream order (a zip's central
// directory is at its end; the legacy format's storages follow the pickle that uses them): it is
// recognised by its first bytes and read whole, then decoded by core's loadTorch.

/** The first bytes of a zip (a local file header). A legacy torch.save file's start is core's legacyTorchVerdict. */
const ZIP_HEAD = Uint8Array.of(0x50, 0x4b, 0x03, 0x04);
/** A zip's first member name is complete within this many bytes, for the names torch writes. */
const ZIP_NAME_BYTES = 30 + 256;
/** Largest torch file read into memory by default (what one decoded bytes value may be). */
const DEFAULT_MAX_TORCH_BYTES = 2 ** 31 - 1;

/** True when `head` (an input's first bytes) is a torch.save file, zip or legacy. */
export function isTorchFile(head: Uint8Array): boolean {
  return looksLikeTorchZip(head) || looksLikeLegacyTorch(head);
}

/**
 * Whether `head` (the input's first bytes so far) is a torch file: true, false, or undefined
 * while it could still be one. Decided as soon as possible, so that a pickle stream whose first
 * record is a few bytes is not held back waiting for more.
 */
function torchVerdict(head: Uint8Array, isEnd: boolean): boolean | undefined {
  // The magic number's pickle at any protocol torch.save writes (PROTO n, a FRAME from 4 on, LONG1).
  const legacy = legacyTorchVerdict(head);
  if (legacy === true) return true;
  if (legacy === undefined) return isEnd ? false : undefined;
  if (!startsWithPrefixOf(head, ZIP_HEAD)) return false;
  if (head.length >= 30) {
    const nameEnd = 30 + (head[26]! | (head[27]! << 8));
    if (head.length >= nameEnd || head.length >= ZIP_NAME_BYTES) return looksLikeTorchZip(head);
  }
  return isEnd ? looksLikeTorchZip(head) : undefined;
}

/** True when `head` and `prefix` agree on their common length. */
function startsWithPrefixOf(head: Uint8Array, prefix: Uint8Array): boolean {
  const length = Math.min(head.length, prefix.length);
  for (let i = 0; i < length; i++) if (head[i] !== prefix[i]) return false;
  return true;
}

/**
 * Reads the first bytes of `source` and says whether it is a torch file; `bytes` replays the
 * whole input (those first bytes, then the rest), so a pickle goes on streaming.
 */
export async function sniffTorch(source: AsyncIterable<Uint8Array>): Promise<{ isTorch: boolean; bytes: AsyncIterable<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let length = 0;
  let isDone = false;
  let isTorch: boolean | undefined;
  while (isTorch === undefined) {
    const step = await iterator.next();
    if (step.done === true) isDone = true;
    else {
      const chunk = toBytes(step.value);
      if (chunk.length === 0) continue;
      head.push(chunk);
      length += chunk.length;
    }
    isTorch = torchVerdict(head.length === 1 ? head[0]! : joinBytes(head, length), isDone);
  }
  async function* replay(): AsyncGenerator<Uint8Array, void, undefined> {
    let isFinished = isDone;
    try {
      yield* head;
      head.length = 0;
      if (isFinished) return;
      // A torch file is read whole: its chunks are kept, so copied (the source may reuse its
      // memory, PicklesToBytesOptions.transientChunks).
      for (let step = await iterator.next(); step.done !== true; step = await iterator.next()) yield isTorch ? copyBytes(step.value) : step.value;
      isFinished = true;
    } finally {
      if (!isFinished) await iterator.return?.();
    }
  }
  return { isTorch, bytes: replay() };
}

export interface TorchInputOptions extends UnpicklerOptions {
  /** Named in errors. */
  readonly file?: string | undefined;
  /** Largest input read into memory, in bytes. Default 2 GiB - 1. */
  readonly maxInputBytes?: number;
}

/**
 * The one record of a torch file: the whole input is read (up to `maxInputBytes`), then decoded
 * with zlib's raw inflate for deflated zip members. Errors are PickleErrors with the file name.
 */
export async function readTorchInput(source: AsyncIterable<Uint8Array>, options: TorchInputOptions = {}): Promise<{ value: PyValue; length: number }> {
  const { file, maxInputBytes = DEFAULT_MAX_TORCH_BYTES, ...decoder } = options;
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of source) {
    const bytes = toBytes(chunk);
    length += bytes.length;
    if (length > maxInputBytes) {
      const error = new PickleError(`a torch.save file is read whole, and this one is over ${maxInputBytes} bytes`, {
        code: "LIMIT_EXCEEDED",
        offset: length - bytes.length,
        opcode: -1,
        recordIndex: 0,
      });
      throw locateError(error, 0, 0, file);
    }
    parts.push(bytes);
  }
  const whole = parts.length === 1 ? parts[0]! : joinBytes(parts, length);
  parts.length = 0;
  // zlib loads only for torch files: it costs every plain decode start-up time.
  const { inflateRawSync } = await import("node:zlib");
  const inflateRaw = (data: Uint8Array, size: number): Uint8Array => inflateRawSync(data, { maxOutputLength: Math.max(1, size) });
  try {
    return { value: loadTorch(whole, { ...decoder, inflateRaw }), length };
  } catch (error) {
    if (isPickleError(error)) throw locateError(error, 0, 0, file);
    throw error;
  }
}
