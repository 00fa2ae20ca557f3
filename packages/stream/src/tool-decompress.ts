import type { ChildProcessByStdio } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { copyBytes } from "@pkl-stream/core/internal";

/**
 * Compressions read through the system's own tool: pandas' `to_pickle("x.pkl.bz2")` (and `.xz`,
 * `.zst`), joblib's `compress="xz"` / `"bz2"` / `"lzma"`, `pickle.dump` into `bz2.open(...)`.
 * Node has no bzip2, xz or zstd of its own; the npm decoders measured were 2.5-14x slower than
 * CPython (which links the C libraries), where `bzip2 -dc` and friends are the C libraries
 * themselves, run beside the decoder on the second core.
 */
export type ToolCompression = "bzip2" | "xz" | "lzma" | "zstd" | "lz4";

/** The command that writes the decompressed bytes of its stdin to its stdout, per compression. */
const TOOL_COMMANDS: Readonly<Record<ToolCompression, readonly [string, ...string[]]>> = {
  bzip2: ["bzip2", "-dc"],
  xz: ["xz", "-dc"],
  lzma: ["xz", "--format=lzma", "-dc"],
  zstd: ["zstd", "-dc", "-q"],
  lz4: ["lz4", "-dc"],
};

/** Bytes of the longest magic number (xz's). */
export const TOOL_MAGIC_BYTES = 6;

/** A magic number: per byte, the values it may have (bzip2's fourth byte is a block size 1-9). */
type Magic = readonly (readonly [low: number, high: number])[];

const exactly = (...bytes: number[]): Magic => bytes.map((byte) => [byte, byte] as const);

/**
 * The magic numbers, as each format's specification gives them. No pickle starts so: 'B'
 * (BINBYTES) is protocol 3 and comes after PROTO in every pickle CPython writes; 0xfd, 0x28 and
 * 0x04 are no opcodes; 0x5d (EMPTY_LIST) followed by 0x00 (no opcode) cannot be a pickle.
 */
const MAGICS: readonly (readonly [ToolCompression, Magic])[] = [
  ["bzip2", [...exactly(0x42, 0x5a, 0x68), [0x31, 0x39]]],
  ["xz", exactly(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)],
  ["zstd", exactly(0x28, 0xb5, 0x2f, 0xfd)],
  ["lz4", exactly(0x04, 0x22, 0x4d, 0x18)],
  // The legacy .lzma header (joblib's compress="lzma"): properties 0x5d, then a dictionary size.
  ["lzma", exactly(0x5d, 0x00)],
];

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
  for (const [compression, magic] of MAGICS) if (matchedBytes(head, magic) === magic.length) return compression;
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
  const child: ToolProcess = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"], windowsHide: true });
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
      throw new ToolDecompressError(
        `this is ${compression} data, which pkl-stream reads through \`${[command, ...args].join(" ")}\`, and ${why}: install it, or decompress the file first`,
        compression,
        spawnError.code === "ENOENT" ? "TOOL_MISSING" : "TOOL_FAILED",
        file,
        { cause: spawnError },
      );
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
