import type { Transform } from "node:stream";
import type * as zlib from "node:zlib";
import { copyBytes } from "@pkl-stream/core/internal";

/**
 * Gzip members (RFC 1952) inflated one after the other, and a zlib stream (RFC 1950), read from
 * the compressed input a chunk at a time as their inflated bytes are asked for.
 *
 * Why not Node's gunzip: after a member ends it takes any byte but NUL that follows for the start
 * of another member, resets and inflates on in the same step, and when those bytes start no member
 * (trailing garbage: a tool's padding, something appended) the step fails with Z_DATA_ERROR and
 * Node drops all it inflated in that step, up to an output chunk (1 MiB): a 200,000-record file
 * with 12 bytes appended gave 184,009 records, CPython's gzip all of them and then BadGzipFile.
 * Here each member's header and trailer are read apart from the inflater, a raw one that sees only
 * the deflate data, so what follows a member is looked at only once all the member holds was handed
 * on. Then, as CPython's gzip module: NUL padding is skipped, 1f 8b starts another member, the end
 * of the input ends the data, and anything else fails (code Z_DATA_ERROR).
 */

/** The first two bytes of every gzip member. No pickle starts with 0x1f (it is no opcode). */
export const GZIP_MAGIC_0 = 0x1f;
export const GZIP_MAGIC_1 = 0x8b;
const GZIP_MAGIC = Uint8Array.of(GZIP_MAGIC_0, GZIP_MAGIC_1);
/** CM: the only compression method gzip defines (deflate). */
const METHOD_DEFLATE = 8;
/** FLG bits (RFC 1952 2.3.1; FTEXT, 0x01, says nothing that matters here). */
const FLAG_HEADER_CRC = 0x02;
const FLAG_EXTRA = 0x04;
const FLAG_NAME = 0x08;
const FLAG_COMMENT = 0x10;
/** Reserved FLG bits: zlib refuses a header with any of them set ("unknown header flags set"). */
const FLAGS_RESERVED = 0xe0;
/** CM, FLG, MTIME (4), XFL, OS: the header's fixed bytes after the magic ones. */
const HEADER_FIXED_BYTES = 8;
/** CRC32 and ISIZE, little-endian. */
const TRAILER_BYTES = 8;
/** A member that inflates to at most this, its deflate data all in the chunk at hand, is inflated at once (`smallMember`). */
const SMALL_MEMBER_BYTES = 64 * 1024;
/** The output buffer of that inflation: what a tiny member allocates (a streaming inflater's is 1 MiB). */
const SMALL_MEMBER_CHUNK_BYTES = 16 * 1024;
/** zlib's errno for Z_DATA_ERROR and Z_BUF_ERROR, as Node's zlib errors carry them. */
const ERRNO_DATA = -3;
const ERRNO_BUF = -5;

export type CompressionKind = "gzip" | "zlib";

/** What `inflateMembers` is given; gunzip.ts loads node:zlib only once it sees compressed bytes. */
export interface InflateSettings {
  readonly kind: CompressionKind;
  readonly zlib: typeof zlib;
  /** Size of the inflated chunks handed on (the inflater's output buffer). */
  readonly chunkBytes: number;
  /** The error for input that ends inside a member, its header or its trailer (zlib's Z_BUF_ERROR). */
  readonly cutError: (zlibError: Error, compressedBytes: number, inflatedBytes: number) => Error;
}

/**
 * The inflated bytes of `head` then `rest` (gzip members, or one zlib stream then NUL padding).
 * Every byte inflated before a failure is handed on before the failure is thrown. `rest` is read
 * only as far as the output asked for needs (backpressure), and closed when this ends.
 */
export async function* inflateMembers(
  head: readonly Uint8Array[],
  rest: AsyncIterator<Uint8Array> | null,
  settings: InflateSettings,
): AsyncGenerator<Uint8Array, void, undefined> {
  const input = new CompressedInput(head, rest);
  const walk = new MemberWalk(input, settings);
  try {
    yield* settings.kind === "gzip" ? walk.gzipMembers() : walk.zlibStream();
  } finally {
    await input.close();
  }
}

/** What a zlib raw or zlib-format inflater is to `inflateStream`. */
type Inflater = Transform & { readonly bytesWritten: number };

/** Reads gzip members (or a zlib stream) off the input, counting what it hands on for its errors. */
class MemberWalk {
  /** Bytes inflated and handed on, of all members. */
  private inflatedBytes = 0;
  /** Members read through their trailer. */
  private members = 0;

  constructor(
    private readonly input: CompressedInput,
    private readonly settings: InflateSettings,
  ) {}

  async *gzipMembers(): AsyncGenerator<Uint8Array, void, undefined> {
    const { crc32, createInflateRaw } = this.settings.zlib;
    const input = this.input;
    for (;;) {
      const memberAt = input.offset;
      // The first member's magic bytes are what made gunzip.ts inflate; after a member, its NUL
      // padding was skipped and a byte that is not NUL is at hand.
      if (!(await this.startsMember())) throw this.trailingBytes(memberAt);
      await this.readHeader(memberAt);
      // The member's bytes are handed on as they come, before its trailer can be checked (so does
      // zlib's own gunzip): a bad CRC fails after them, as CPython's gzip does.
      let crc = 0;
      let size = 0;
      const small = this.smallMember();
      if (small !== null) {
        crc = crc32(small);
        size = small.length;
        this.inflatedBytes += size;
        if (size > 0) yield small;
      } else {
        for await (const chunk of this.inflated(createInflateRaw({ chunkSize: this.settings.chunkBytes }), memberAt)) {
          crc = crc32(chunk, crc);
          size += chunk.length;
          yield chunk;
        }
      }
      const trailer = await input.readExactly(TRAILER_BYTES);
      if (trailer === null) throw this.cut();
      const view = new DataView(trailer.buffer, trailer.byteOffset, trailer.length);
      const storedCrc = view.getUint32(0, true);
      const storedSize = view.getUint32(4, true);
      if (storedCrc !== crc) {
        throw dataError(`incorrect data check (the gzip member at offset ${memberAt}: its ${size} inflated bytes have CRC-32 ${hex(crc, 8)}, its trailer says ${hex(storedCrc, 8)})`);
      }
      // ISIZE is the length mod 2^32; `size` may pass 4 GiB (a Number counts that exactly).
      if (storedSize !== size % 2 ** 32) {
        throw dataError(`incorrect length check (the gzip member at offset ${memberAt}: ${size} bytes inflated, its trailer says ${storedSize} mod 2^32)`);
      }
      this.members++;
      if (!(await input.skipNulPadding())) return;
    }
  }

  async *zlibStream(): AsyncGenerator<Uint8Array, void, undefined> {
    // Node's zlib-format inflater ends at the stream's end with input left over, as the raw one
    // does, and checks the header and Adler-32 itself: no bytes it inflated are dropped for what
    // follows (only its gunzip reads on past a member's end).
    yield* this.inflated(this.settings.zlib.createInflate({ chunkSize: this.settings.chunkBytes }), 0);
    if (await this.input.skipNulPadding()) {
      throw dataError(
        `bytes that are not NUL padding follow the zlib stream at offset ${this.input.offset}, after its end (${this.inflatedBytes} bytes inflated, all handed on)`,
      );
    }
  }

  /**
   * The inflated bytes of a member whose deflate data ends in the chunk at hand and that inflates
   * to at most SMALL_MEMBER_BYTES, inflated at once on this thread, the input taken to the data's
   * end; else null, the input untouched. A streaming inflater per member cost ~0.34 ms a member
   * (a round trip to the thread pool, and garbage collection of its 1 MiB output buffer): 20,000
   * one-record members (`gzip.open(path, "ab")` for each record) took 6.8 s, now 0.5 s, where
   * Node's gunzip, reading on from member to member in C++, took 0.14 s. A larger member, one
   * running on into the next chunk, or damaged data goes to the streaming inflater (which says
   * what is wrong); the at-once try wasted some SMALL_MEMBER_BYTES of inflating. Members are
   * inflated one at a time, none while the reader takes the last one's bytes: mnist.pkl.gz as
   * 3,359 members of 64 KiB (bgzip's size) reads in 2.7 s, with Node's gunzip 2.2 s.
   */
  private smallMember(): Buffer | null {
    const rest = this.input.peekRest();
    if (rest.length === 0) return null;
    try {
      // `info`: the engine's bytesWritten says where the deflate data ended. Z_FINISH (the
      // default) makes a stream that does not end in `rest` fail ("unexpected end of file").
      const { buffer, engine } = this.settings.zlib.inflateRawSync(rest, {
        info: true,
        chunkSize: SMALL_MEMBER_CHUNK_BYTES,
        maxOutputLength: SMALL_MEMBER_BYTES,
      }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
      this.input.skipPeeked(engine.bytesWritten);
      return buffer;
    } catch {
      return null;
    }
  }

  /** Takes the magic bytes of a gzip member; false if the bytes at hand are not them. */
  private async startsMember(): Promise<boolean> {
    const input = this.input;
    // As CPython's gzip: a member starts with both magic bytes, so a lone 0x1f at the end is no cut member.
    return (await input.hasByte()) && input.takeByte() === GZIP_MAGIC_0 && (await input.hasByte()) && input.takeByte() === GZIP_MAGIC_1;
  }

  /** Reads a member's header after its magic bytes; its optional fields may straddle chunks of any size. */
  private async readHeader(memberAt: number): Promise<void> {
    const { crc32 } = this.settings.zlib;
    const input = this.input;
    const fixed = await input.readExactly(HEADER_FIXED_BYTES);
    if (fixed === null) throw this.cut();
    const method = fixed[0]!;
    const flags = fixed[1]!;
    if (method !== METHOD_DEFLATE) throw dataError(`unknown compression method (the gzip member at offset ${memberAt} has CM ${method}; 8, deflate, is the only one)`);
    if ((flags & FLAGS_RESERVED) !== 0) throw dataError(`unknown header flags set (the gzip member at offset ${memberAt} has FLG ${hex(flags, 2)}; bits 0xe0 are reserved)`);
    // FHCRC: the low 16 bits of the CRC-32 of the header's bytes before it. CPython's gzip skips
    // it unchecked; zlib (Node's gunzip) checks it, and so does this.
    let crc = crc32(fixed, crc32(GZIP_MAGIC));
    const passed = (part: Uint8Array): void => {
      crc = crc32(part, crc);
    };
    if ((flags & FLAG_EXTRA) !== 0) {
      const length = await input.readExactly(2);
      if (length === null) throw this.cut();
      passed(length);
      if (!(await input.skip(length[0]! | (length[1]! << 8), passed))) throw this.cut();
    }
    if ((flags & FLAG_NAME) !== 0 && !(await input.skipThroughNul(passed))) throw this.cut();
    if ((flags & FLAG_COMMENT) !== 0 && !(await input.skipThroughNul(passed))) throw this.cut();
    if ((flags & FLAG_HEADER_CRC) !== 0) {
      const stored = await input.readExactly(2);
      if (stored === null) throw this.cut();
      const storedCrc = stored[0]! | (stored[1]! << 8);
      if (storedCrc !== (crc & 0xffff)) throw dataError(`header crc mismatch (the gzip member at offset ${memberAt}: its header's CRC-16 is ${hex(crc & 0xffff, 4)}, FHCRC says ${hex(storedCrc, 4)})`);
    }
  }

  /** `inflateStream`'s output, counted, and its failures said as a cut or as damage. */
  private async *inflated(inflater: Inflater, memberAt: number): AsyncGenerator<Uint8Array, void, undefined> {
    try {
      for await (const chunk of inflateStream(this.input, inflater)) {
        this.inflatedBytes += chunk.length;
        yield chunk;
      }
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      // zlib's "unexpected end of file": the input ended within the deflate data.
      if (code === "Z_BUF_ERROR") throw this.cut(error as Error);
      if (typeof code !== "string" || !code.startsWith("Z_")) throw error;
      // Damage within the deflate data: Node drops what the failing write inflated (up to one
      // output chunk) with the error, so the records of that stretch never arrive. Not recovered
      // (CPython's zlib also loses the block it fails in); said, with how to read what gzip can.
      const restated = new Error(
        `${(error as Error).message} (in the ${this.settings.kind} ${this.settings.kind === "gzip" ? "member" : "stream"} at offset ${memberAt}; ${this.inflatedBytes} bytes inflated before it): the compressed data is damaged; Node's zlib drops what it inflated in its last step (up to 1 MiB) with the error, so records before it may be missing (gzip -dc FILE | pkl-stream reads what gzip can)`,
        { cause: error },
      );
      throw Object.assign(restated, { code, errno: (error as NodeJS.ErrnoException).errno });
    }
  }

  /** The input ended inside a member: all it held before the cut was handed on. */
  private cut(zlibError: Error = Object.assign(new Error("unexpected end of file"), { code: "Z_BUF_ERROR", errno: ERRNO_BUF })): Error {
    return this.settings.cutError(zlibError, this.input.bytesRead, this.inflatedBytes);
  }

  /** What follows the last member and its NUL padding starts no member ("trailing garbage"). */
  private trailingBytes(at: number): Error {
    const members = this.members === 1 ? "1 gzip member" : `${this.members} gzip members`;
    return dataError(
      `bytes that start no gzip member follow the compressed data at offset ${at}, after ${members} (${this.inflatedBytes} bytes inflated, all handed on; Python's gzip module also stops there, with BadGzipFile)`,
    );
  }
}

/**
 * Inflates the deflate (or zlib) stream at the input's next byte, handing on what comes out as it
 * comes, and leaves the input just after the stream's end. Verified of Node 20's InflateRaw and
 * Inflate: when the stream ends inside a chunk written to them, they end their output, call the
 * write's callback with no error, and `bytesWritten` counts only the bytes the stream took (the
 * rest is put back into the input). A stream that ends with a chunk shows it when the next chunk
 * is written: none of it is taken. At the input's end the inflater is told so (Z_FINISH): its
 * output ends when the stream was complete, else it fails with Z_BUF_ERROR (after its "finish":
 * the output's "end" is what says the stream was complete).
 *
 * The input is fed a chunk at a time, the next once the inflater took the last, which it does
 * only once what it gave was read (while its output is not asked for, zlib waits: backpressure):
 * the source is read at most a chunk ahead of need. That next chunk is read and written while the
 * reader still takes the last one's output, so zlib and the file keep working meanwhile (fed only
 * after the output was handed on, readPickles of mnist.pkl.gz took 25% longer). The final step of
 * a cut has no input of its own: zlib inflating a chunk in a failing final step dropped its
 * output, the records of up to a chunk.
 */
async function* inflateStream(input: CompressedInput, inflater: Inflater): AsyncGenerator<Uint8Array, void, undefined> {
  let failure: unknown;
  let hasFailed = false;
  let isOutputEnded = false;
  let isFed = false;
  let isStopped = false;
  let wake: (() => void) | undefined;
  const woken = (): void => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const failed = (error: unknown): void => {
    if (hasFailed) return;
    hasFailed = true;
    failure = error;
    woken();
  };
  inflater.on("readable", woken);
  inflater.on("end", () => {
    isOutputEnded = true;
    woken();
  });
  inflater.on("error", failed);
  /** Writes the input to the inflater until its stream ends (the rest put back) or the input does (then ends the inflater's input). */
  const feed = async (): Promise<void> => {
    while (await input.hasByte()) {
      if (isStopped) return;
      const chunk = input.takeRest();
      const takenBefore = inflater.bytesWritten;
      const isTaken = await new Promise<boolean>((resolve) => {
        inflater.write(chunk, (error) => resolve(error == null));
      });
      // A failed inflater says why itself ("error").
      if (!isTaken || isStopped) return;
      const untaken = chunk.length - (inflater.bytesWritten - takenBefore);
      if (untaken > 0) {
        input.putBack(untaken);
        return;
      }
    }
    if (!isStopped) inflater.end();
  };
  feed().then(() => {
    isFed = true;
    woken();
  }, failed);
  try {
    for (;;) {
      // Reading (not "data" events) keeps backpressure; data pushed before a failure is still read.
      const chunk: Buffer | null = inflater.read();
      if (chunk !== null) {
        yield chunk;
        continue;
      }
      if (hasFailed) throw failure;
      if (isOutputEnded && isFed) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    isStopped = true;
    inflater.destroy();
  }
}

/**
 * The compressed bytes, a chunk of the source at a time, read when the walk needs the next one.
 * Each chunk is copied: zlib reads a chunk on another thread after it was handed over (a write in
 * progress when the reader stops early still is), and the source's chunks may be reused once the
 * next is asked for (PicklesToBytesOptions.transientChunks).
 */
class CompressedInput {
  private chunk: Uint8Array = new Uint8Array(0);
  /** Where in `chunk` the next unread byte is. */
  private at = 0;
  /** How many of `head` were taken. */
  private headTaken = 0;
  private isClosed = false;
  /** Whether the source said it has no more chunks. */
  private isSourceDone = false;
  /** Compressed bytes taken from the source so far. */
  bytesRead = 0;

  constructor(
    private readonly head: readonly Uint8Array[],
    private readonly rest: AsyncIterator<Uint8Array> | null,
  ) {}

  /** The offset of the next unread byte in the compressed input. */
  get offset(): number {
    return this.bytesRead - (this.chunk.length - this.at);
  }

  /** Whether a byte is at hand, reading the next chunk once this one is spent; false at the input's end. */
  async hasByte(): Promise<boolean> {
    while (this.at === this.chunk.length) {
      const next = await this.nextChunk();
      if (next === null) return false;
      this.chunk = copyBytes(next);
      this.at = 0;
      this.bytesRead += next.length;
    }
    return true;
  }

  /** The byte at hand (`hasByte()` said there is one), taken. */
  takeByte(): number {
    return this.chunk[this.at++]!;
  }

  /** The rest of the chunk at hand, taken. */
  takeRest(): Uint8Array {
    const rest = this.chunk.subarray(this.at);
    this.at = this.chunk.length;
    return rest;
  }

  /** The rest of the chunk at hand, not taken (empty when it is spent). */
  peekRest(): Uint8Array {
    return this.chunk.subarray(this.at);
  }

  /** Takes `count` of the bytes `peekRest` showed. */
  skipPeeked(count: number): void {
    this.at += count;
  }

  /** Puts back the last `count` bytes `takeRest` took (what the inflater left after its stream's end). */
  putBack(count: number): void {
    this.at -= count;
  }

  /** The next `count` bytes, in memory of their own; null if the input ends before them. */
  async readExactly(count: number): Promise<Uint8Array | null> {
    const bytes = new Uint8Array(count);
    let filled = 0;
    while (filled < count) {
      if (!(await this.hasByte())) return null;
      const end = Math.min(this.chunk.length, this.at + count - filled);
      bytes.set(this.chunk.subarray(this.at, end), filled);
      filled += end - this.at;
      this.at = end;
    }
    return bytes;
  }

  /** Skips `count` bytes, showing each stretch of them to `passed`; false if the input ends first. */
  async skip(count: number, passed: (part: Uint8Array) => void): Promise<boolean> {
    for (let left = count; left > 0; ) {
      if (!(await this.hasByte())) return false;
      const end = Math.min(this.chunk.length, this.at + left);
      passed(this.chunk.subarray(this.at, end));
      left -= end - this.at;
      this.at = end;
    }
    return true;
  }

  /** Skips bytes through the next NUL (a header's FNAME or FCOMMENT), showing them to `passed`; false if the input ends first. */
  async skipThroughNul(passed: (part: Uint8Array) => void): Promise<boolean> {
    for (;;) {
      if (!(await this.hasByte())) return false;
      const nul = this.chunk.indexOf(0, this.at);
      const end = nul === -1 ? this.chunk.length : nul + 1;
      passed(this.chunk.subarray(this.at, end));
      this.at = end;
      if (nul !== -1) return true;
    }
  }

  /** Skips NUL bytes; whether a byte that is not NUL follows them (false at the input's end). */
  async skipNulPadding(): Promise<boolean> {
    while (await this.hasByte()) {
      while (this.at < this.chunk.length && this.chunk[this.at] === 0) this.at++;
      if (this.at < this.chunk.length) return true;
    }
    return false;
  }

  /** Closes the source (once), whether it was read to its end or not. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await this.rest?.return?.();
  }

  private async nextChunk(): Promise<Uint8Array | null> {
    const fromHead = this.head[this.headTaken];
    if (fromHead !== undefined) {
      this.headTaken++;
      return fromHead;
    }
    if (this.rest === null || this.isClosed || this.isSourceDone) return null;
    const step = await this.rest.next();
    if (step.done !== true) return step.value;
    this.isSourceDone = true;
    return null;
  }
}

/** An error as zlib's for bad data: code Z_DATA_ERROR. */
function dataError(message: string): Error & { code: string; errno: number } {
  return Object.assign(new Error(message), { code: "Z_DATA_ERROR", errno: ERRNO_DATA });
}

/** `value` in hex, `digits` wide. */
function hex(value: number, digits: number): string {
  return `0x${value.toString(16).padStart(digits, "0")}`;
}
