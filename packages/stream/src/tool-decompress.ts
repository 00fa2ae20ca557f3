import type { ChildProcessByStdio } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { copyBytes } from "@pkl-stream/core/internal";

/**
 * Compressions read through the system's own tool: pandas' `to_pickle("x.pkl.bz2")` (and `.xz`,
 * `.zst`), joblib's `compress="xz"` / `"bz2"` / `"lzma"`, `pickle.dump` into `bz2.open(...)`.
 * Node 20 has no bzip2, xz or zstd of its own; the npm decoders measured were 2.5-14x slower than
 * CPython (which links the C libraries), where `bzip2 -dc` and friends are the C libraries
 * themselves, run beside the decoder on the second core. (lz4 frames are named by core's
 * not-a-pickle message, not read: no lz4 command here or in CI to test against.)
 */
export type ToolCompression = "bzip2" | "xz" | "lzma" | "zstd";

/** The command that writes the decompressed bytes of its stdin to its stdout, per compression. */
const TOOL_COMMANDS: Readonly<Record<ToolCompression, readonly [string, ...string[]]>> = {
  bzip2: ["bzip2", "-dc"],
  xz: ["xz", "-dc"],
  lzma: ["xz", "--format=lzma", "-dc"],
  zstd: ["zstd", "-dc", "-q"],
};

/** Bytes of the longest magic number (bzip2's with its first block's). */
export const TOOL_MAGIC_BYTES = 10;

/** A magic number: per byte, the values it may have (bzip2's fourth byte is a block size 1-9). */
type Magic = readonly (readonly [low: number, high: number])[];

const exactly = (...bytes: number[]): Magic => bytes.map((byte) => [byte, byte] as const);
const anyByte: readonly [number, number] = [0x00, 0xff];

/**
 * The magic numbers, long enough that other input rarely starts so: a msgpack stream of the ints
 * 66, 90, 104, 49 is `BZh1`, so bzip2's is taken with the magic of its first block (or of its
 * end, for an empty stream), and the legacy lzma header with a dictionary size xz accepts. No
 * pickle CPython writes starts so: 'B' (BINBYTES) is protocol 3 and comes after PROTO; 0xfd is no
 * opcode; '(' (MARK) is never followed by 0xb5, no opcode; ']' (EMPTY_LIST) never by 0x00. A
 * hostile file can still be a pickle as stored and bzip2 data too ('B' takes a 4-byte length):
 * `inspect` audits bzip2 as stored (stored-input.ts).
 */
const MAGICS: readonly (readonly [ToolCompression, Magic, ((head: Uint8Array) => boolean)?])[] = [
  ["bzip2", [...exactly(0x42, 0x5a, 0x68), [0x31, 0x39], ...exactly(0x31, 0x41, 0x59, 0x26, 0x53, 0x59)]],
  ["bzip2", [...exactly(0x42, 0x5a, 0x68), [0x31, 0x39], ...exactly(0x17, 0x72, 0x45, 0x38, 0x50, 0x90)]],
  ["xz", exactly(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)],
  ["zstd", exactly(0x28, 0xb5, 0x2f, 0xfd)],
  // The legacy .lzma header (joblib's compress="lzma"): properties 0x5d (lc=3, lp=0, pb=2, what
  // every encoder writes), then a dictionary size.
  ["lzma", [0x5d, 0x00].map((byte) => [byte, byte] as const).concat([anyByte, anyByte, anyByte]), (head) => isLzmaDictionarySize(head)],
];

/** A dictionary size xz's lzma_alone decoder takes: 2^n or 2^n + 2^(n-1), 4 KiB or more, or UINT32_MAX. */
function isLzmaDictionarySize(head: Uint8Array): boolean {
  const size = (head[1]! | (head[2]! << 8) | (head[3]! << 16) | (head[4]! << 24)) >>> 0;
  if (size === 0xffffffff) return true;
  if (size < 4096) return false;
  const top = 2 ** Math.floor(Math.log2(size));
  return size === top || size === top + top / 2;
}

/** How many of `magic`'s bytes `head` matches from its start; -1 when it differs. */
function matchedBytes(head: Uint8Array, magic: Magic): number {
  const length = Math.min(head.length, magic.length);
  for (let i = 0; i < length; i++) {
    const [low, high] = magic[i]!;
    if (head[i]! < low || head[i]! > high) return -1;
  }
  return length;
}

/** The tool compression that bytes starting so are in, or null. */
export function toolCompressionOf(head: Uint8Array): ToolCompression | null {
  for (const [compression, magic, isValid] of MAGICS) {
    if (matchedBytes(head, magic) === magic.length && (isValid === undefined || isValid(head))) return compression;
  }
  return null;
}

/**
 * Whether `head` is the start of a magic number but too short to tell: only then is more read
 * before the first bytes are handed on (a live stream of 4-byte records is not held back).
 */
export function mayBeToolMagic(head: Uint8Array): boolean {
  for (const [, magic] of MAGICS) {
    const matched = matchedBytes(head, magic);
    if (matched >= 0 && matched < magic.length) return true;
  }
  return false;
}

/**
 * What a tool decompression ends with when it fails: the tool is not installed, or it refused
 * the data (damaged, cut short). Everything it wrote before was handed on first.
 */
export class ToolDecompressError extends Error {
  override readonly name: string = "ToolDecompressError";

  constructor(
    /** What went wrong, without the file name. */
    readonly reason: string,
    /** The compression of the input. */
    readonly compression: ToolCompression,
    /** `"TOOL_MISSING"` when the tool is not installed; `"TOOL_FAILED"` when it exited with an error. */
    readonly code: "TOOL_MISSING" | "TOOL_FAILED",
    /** The file, when known (a path given to readPickles, an fs stream's path). */
    readonly file: string | undefined,
    options?: ErrorOptions,
  ) {
    super(file === undefined ? reason : `${file}: ${reason}`, options);
  }
}

/** How much of the tool's stderr is kept for a failure's message (its first line is quoted). */
const MAX_STDERR_BYTES = 2048;

type ToolProcess = ChildProcessByStdio<Writable, Readable, Readable>;

/**
 * The decompressed bytes of `head` then `rest`, made by the compression's command-line tool in a
 * child process (no shell; a fixed argument list). Backpressure holds both ways: a source chunk
 * is written when the tool takes it, and the tool's output is read as it is asked for. Leaving
 * the loop early ends the tool. The tool's failure (a non-zero exit) is thrown after all it
 * wrote was handed on, quoting its message.
 */
export async function* toolDecompressed(
  head: readonly Uint8Array[],
  rest: AsyncIterator<Uint8Array> | null,
  compression: ToolCompression,
  file: string | undefined,
): AsyncGenerator<Uint8Array, void, undefined> {
  const { spawn } = await import("node:child_process");
  const [command, ...args] = TOOL_COMMANDS[compression];
  const executable = process.platform === "win32" ? await windowsExecutable(command) : command;
  if (executable === undefined) {
    await rest?.return?.();
    throw missingToolError(compression, file, `the ${command} command is not installed`);
  }
  const child: ToolProcess = spawn(executable, args, { stdio: ["pipe", "pipe", "pipe"], windowsHide: true });
  let spawnError: NodeJS.ErrnoException | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once("error", (error: NodeJS.ErrnoException) => {
      spawnError = error;
      resolve(null);
    });
    child.once("close", (code) => resolve(code));
  });
  const stderr: Buffer[] = [];
  let stderrBytes = 0;
  child.stderr.on("data", (chunk: Buffer) => {
    if (stderrBytes < MAX_STDERR_BYTES) stderr.push(chunk);
    stderrBytes += chunk.length;
  });
  // The tool stops reading when it fails (or has read a whole stream and exits): writing more is
  // then EPIPE, which is no error of ours; its exit status says what happened.
  child.stdin.on("error", () => undefined);
  let isStopped = false;
  // The source's own failure (a read error) is the one to report, before the tool's exit status
  // it caused; noted as it happens, since the pump may still wait on a slow source at the end.
  const source = new SourceState();
  const pumped = pump(head, rest, child.stdin, () => isStopped).catch((error: unknown) => source.fail(error));
  let isComplete = false;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) yield chunk;
    const code = await exited;
    source.throwIfFailed();
    if (spawnError !== undefined) {
      const why = spawnError.code === "ENOENT" ? `the ${command} command is not installed` : `${command} could not be started (${spawnError.message})`;
      throw missingToolError(compression, file, why, spawnError);
    }
    if (code !== 0) {
      // The tool's first line says what is wrong (bzip2 then goes on for ten lines of advice).
      const said = (Buffer.concat(stderr).toString("utf8").trim().split("\n")[0] ?? "").trim().replace(/;$/, "");
      throw new ToolDecompressError(
        `the ${compression} data is damaged or cut short: \`${[command, ...args].join(" ")}\` failed (exit ${code ?? "by signal"})${said === "" ? "" : `: ${said}`}`,
        compression,
        "TOOL_FAILED",
        file,
      );
    }
    // The tool read its input to the end: the source is done (or failed on its last read).
    await pumped;
    source.throwIfFailed();
    isComplete = true;
  } finally {
    isStopped = true;
    if (!isComplete) {
      child.stdout.destroy();
      child.stdin.destroy();
      if (child.exitCode === null && child.signalCode === null) child.kill();
    }
  }
}

/**
 * The command's full path from PATH's absolute folders, for Windows: there a bare name is looked
 * up in the current folder first, and `pkl-stream inspect` run in an unpacked download holding a
 * `bzip2.exe` would run it. Undefined when no folder of PATH has it.
 */
async function windowsExecutable(command: string): Promise<string | undefined> {
  const { access } = await import("node:fs/promises");
  const { win32 } = await import("node:path");
  for (const folder of (process.env.PATH ?? process.env.Path ?? "").split(";")) {
    if (!win32.isAbsolute(folder)) continue;
    for (const extension of [".exe", ".com"]) {
      const candidate = win32.join(folder, command + extension);
      try {
        await access(candidate);
        return candidate;
      } catch {}
    }
  }
  return undefined;
}

/** The tool is missing (ENOENT) or could not be started: said with what to do. */
function missingToolError(compression: ToolCompression, file: string | undefined, why: string, cause?: NodeJS.ErrnoException): ToolDecompressError {
  const [command, ...args] = TOOL_COMMANDS[compression];
  return new ToolDecompressError(
    `this is ${compression} data, which pkl-stream reads through \`${[command, ...args].join(" ")}\`, and ${why}: install it, or decompress the file first`,
    compression,
    cause === undefined || cause.code === "ENOENT" ? "TOOL_MISSING" : "TOOL_FAILED",
    file,
    cause === undefined ? undefined : { cause },
  );
}

/** Whether reading the source failed, and how. */
class SourceState {
  private failure: { readonly error: unknown } | undefined;

  fail(error: unknown): void {
    this.failure = { error };
  }

  throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure.error;
  }
}

/** Writes the source to the tool's stdin as it takes it, then ends it. Source errors are thrown. */
async function pump(
  head: readonly Uint8Array[],
  rest: AsyncIterator<Uint8Array> | null,
  stdin: Writable,
  isStopped: () => boolean,
): Promise<void> {
  const write = async (chunk: Uint8Array): Promise<void> => {
    if (chunk.length === 0 || stdin.destroyed) return;
    // A copy: the source may reuse a chunk's memory once the next is asked for, and the pipe
    // writes it later (PicklesToBytesOptions.transientChunks).
    if (!stdin.write(copyBytes(chunk))) await drained(stdin);
  };
  try {
    for (const chunk of head) await write(chunk);
    if (rest !== null) {
      for (let step = await rest.next(); step.done !== true && !isStopped() && !stdin.destroyed; step = await rest.next()) await write(step.value);
    }
  } finally {
    await rest?.return?.();
    stdin.end();
  }
}

/** Resolves when `stream` may be written again, or it is closed (the tool stopped reading). */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off("drain", done);
      stream.off("close", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
  });
}
