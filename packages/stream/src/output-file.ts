import { randomBytes } from "node:crypto";
import { type BigIntStats, constants, write as writeToDescriptor } from "node:fs";
import { unlinkSync } from "node:fs";
import { type FileHandle, access, lstat, open, readlink, realpath, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { OutputSpill } from "@pkl-stream/core/engine";

/**
 * An output path that cannot be written, or must not be: `code` is the file-system error code
 * (`ENOENT`, `EACCES`, `EISDIR`, `ENOSPC`, `EPIPE`...) or `SAME_AS_INPUT`. The message names the
 * output path, never a temporary file: `out/x.json: no such folder (out)`.
 */
export class OutputPathError extends Error {
  override readonly name: string = "OutputPathError";
  constructor(
    /** The output path as the caller named it. */
    readonly path: string,
    readonly code: string,
    /** What is wrong, without the path: `permission denied`. */
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`${path}: ${reason}`, options);
  }
}

/** Whether `error` is an OutputPathError (by name: a bundle may hold a second copy of the class). */
export function isOutputPathError(error: unknown): error is OutputPathError {
  return error instanceof Error && error.name === "OutputPathError" && typeof (error as { path?: unknown }).path === "string";
}

/** An output being written; `commit` makes it final, `abort` drops what a regular file got. */
export interface OutputFile {
  /** The path as named. */
  readonly path: string;
  /**
   * `atomic`: a regular file or a new path, written to a temporary file beside it (beside a
   * symlink's target) and renamed over it on `commit`. `through`: a FIFO, a character or block
   * device, or a file named through a file descriptor (`/dev/stdout`, `/dev/fd/N`,
   * `/proc/self/fd/N`), written in place (the node itself is never replaced).
   */
  readonly mode: "atomic" | "through";
  /** Writes all of `chunk` (waits for it). */
  write(chunk: Uint8Array): Promise<void>;
  /**
   * An atomic output takes bytes early too: `spill.write` starts a write and returns at once
   * (its place in the file is fixed by the call, after every write called before), and
   * `spill.discard(n)` drops the last n bytes given (a record that failed after its first
   * pieces went out; what is written after goes after the dropped bytes' writes), and
   * `spill.patch(back, bytes)` overwrites bytes given before, `back` bytes before the end (a
   * msgpack root's count, known at its end; it waits for the writes before it). A failed early
   * write is thrown by the next `write` or `commit`.
   * Undefined for a FIFO or device: what was written there cannot be taken back.
   */
  readonly spill: OutputSpill | undefined;
  /** Flushes and closes; an atomic output is renamed into place. */
  commit(): Promise<void>;
  /** Closes; an atomic output's temporary file is removed and the destination left as it was. Never throws. */
  abort(): Promise<void>;
}

export interface OpenOutputOptions {
  /** How messages name the path (the text the user typed); default `path`. */
  readonly name?: string;
  /** An atomic output starts a flush to disk after each this many bytes written; default 64 MiB. */
  readonly flushBytes?: number;
}

/** An atomic output starts a flush to disk after each this many bytes written, by default (see AtomicFile.noteWritten). */
const FLUSH_BYTES = 64 * 1024 * 1024;

/** Symlinks followed, at most, to find the file a dangling link would create (Linux's limit). */
const MAX_LINKS = 40;

/**
 * Opens `path` for writing without ever destroying what the path is:
 * - a path naming a file descriptor (`/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`,
 *   or a link leading through one) is written through, never replaced: when the descriptor is
 *   this process's own and holds a regular file (`> log`, `>> log`), the bytes go through that
 *   very descriptor, at its offset (at the end for `>>`), so what the shell wrote to the file
 *   before and writes after stays, in order; it is not closed. So is this process's socket
 *   (which no path opens). Any other descriptor is opened as a FIFO or a device is (below), or,
 *   another process's regular file, for appending.
 * - a regular file (through any chain of symlinks) is replaced atomically: the bytes go to a
 *   temporary file in the folder of the real file (same file system), are flushed, then renamed
 *   over it, keeping its permission bits. A link stays a link; the file it points to gets the
 *   new content. Readers see the old file or the complete new one, never a part.
 * - a path that does not exist (or a dangling symlink: the file it points to) is created the same way.
 * - a FIFO or a device (`/dev/null`, a terminal) is written through: opened, written, closed.
 *   Opening a FIFO waits for a reader, as a shell's `>` does. A socket cannot be opened (ENXIO).
 * - a directory is refused.
 * Every failure is an OutputPathError naming `path` (or `options.name`).
 */
export async function openOutputFile(path: string, options: OpenOutputOptions = {}): Promise<OutputFile> {
  const name = options.name ?? path;
  const descriptor = await descriptorOf(path);
  if (descriptor !== undefined) return openDescriptor(path, name, descriptor);
  const existing = await statOrMissing(path, name);
  if (existing?.isDirectory()) throw new OutputPathError(name, "EISDIR", "is a directory");
  if (existing !== undefined && !existing.isFile()) {
    // O_TRUNC is ignored by FIFOs and devices; no O_CREAT race matters: the node exists.
    const handle = await guard(name, () => open(path, "w"));
    return new ThroughFile(name, handle);
  }
  const target = existing !== undefined ? await guard(name, () => realpath(path)) : await linkTarget(path, name);
  // A file the user may not write is not replaced either (rename needs only the folder's permission).
  if (existing !== undefined) await guard(name, () => access(target, constants.W_OK));
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await guard(name, () => open(temporary, "wx"), dirname(target));
  keepTemporary(temporary);
  if (existing !== undefined) {
    try {
      await handle.chmod(Number(existing.mode & 0o7777n));
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(temporary).catch(() => undefined);
      throw toOutputError(name, error);
    }
  }
  return new AtomicFile(name, handle, temporary, target, options.flushBytes ?? FLUSH_BYTES);
}

/**
 * Refuses an output that is one of the inputs (same device and inode, whatever path or link
 * leads to either): writing it would destroy what is being read. Call it before opening
 * anything for writing. `inputs` are [path, name] pairs; an input that cannot be stat-ed is
 * skipped (reading it fails later with its own error).
 */
export async function assertNotAnInput(output: string, inputs: readonly (readonly [path: string, name: string])[], options: OpenOutputOptions = {}): Promise<void> {
  const name = options.name ?? output;
  const outputStats = await statOrMissing(output, name);
  if (outputStats === undefined) return;
  for (const [path, inputName] of inputs) {
    let inputStats: BigIntStats;
    try {
      inputStats = await stat(path, { bigint: true });
    } catch {
      continue;
    }
    if (inputStats.dev === outputStats.dev && inputStats.ino === outputStats.ino) {
      const via = resolve(path) === resolve(output) ? "" : ` (${inputName})`;
      throw new OutputPathError(name, "SAME_AS_INPUT", `is also an input${via}; writing it would destroy it: write the output to another file`);
    }
  }
}

/**
 * Opens `destination` with openOutputFile, lets `fill` write, commits. On any failure (an input
 * error, a full disk, an abort) the output is aborted: a regular file keeps its old content (one
 * reached through a descriptor, `/dev/stdout`, keeps what was written, as a FIFO does).
 */
export async function writeOutputFile(destination: string, fill: (write: (chunk: Uint8Array) => Promise<void>) => Promise<void>, options: OpenOutputOptions = {}): Promise<void> {
  const file = await openOutputFile(destination, options);
  try {
    await fill((chunk) => file.write(chunk));
    await file.commit();
  } catch (error) {
    await file.abort();
    throw error;
  }
}

class ThroughFile implements OutputFile {
  readonly mode = "through";
  readonly spill = undefined;
  private isClosed = false;
  constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  write(chunk: Uint8Array): Promise<void> {
    return guard(this.path, () => writeAll(this.handle, chunk));
  }

  async commit(): Promise<void> {
    this.isClosed = true;
    await guard(this.path, () => this.handle.close());
  }

  async abort(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await this.handle.close().catch(() => undefined);
  }
}

/**
 * A regular file (or a socket) this process already has open, named by a descriptor path
 * (`/dev/stdout` when standard output is redirected to a file): written through that descriptor. Opening the path
 * again would start a second offset at 0 (`>>` would then write over the start of the log, and a
 * `{ echo before; ...; }` group's line would be overwritten), and renaming over the file would
 * unlink the one the shell holds, losing what it held and what the shell writes to it later.
 * Never closed: the descriptor is not ours, and later output of the process may use it.
 */
class DescriptorFile implements OutputFile {
  readonly mode = "through";
  readonly spill = undefined;
  constructor(
    readonly path: string,
    private readonly fd: number,
  ) {}

  write(chunk: Uint8Array): Promise<void> {
    return guard(this.path, () => writeAllTo(this.fd, chunk));
  }

  async commit(): Promise<void> {
    // Every write was waited for; what the descriptor holds is the shell's to close.
  }

  async abort(): Promise<void> {
    // What was written through a descriptor cannot be taken back, as on a FIFO.
  }
}

class AtomicFile implements OutputFile {
  readonly mode = "atomic";
  private isDone = false;
  /** Where the next write goes: each write's place is fixed when it is called. */
  private size = 0;
  /** Early writes not finished yet, and the first of them that failed. */
  private readonly inFlight = new Set<Promise<void>>();
  private earlyFailure: unknown = undefined;
  /** Bytes were discarded: later writes wait for the early ones (which may cover the same place), and commit truncates. */
  private isTrimmed = false;
  /** The early writes going on at the last discard: later early writes, which may cover their place, start after them. */
  private trimmed: Promise<unknown> | undefined = undefined;
  /** Bytes written since the last flush to disk was started (see noteWritten). */
  private unflushed = 0;
  readonly spill: OutputSpill;
  constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly temporary: string,
    private readonly target: string,
    private readonly flushBytes: number,
  ) {
    this.spill = {
      write: (chunk) => this.writeEarly(chunk),
      discard: (count) => {
        this.size -= count;
        this.isTrimmed = true;
        this.trimmed = Promise.all([...this.inFlight]);
      },
      patch: (back, bytes) => this.patchEarly(back, bytes),
    };
  }

  write(chunk: Uint8Array): Promise<void> {
    const at = this.size;
    this.size += chunk.length;
    return guard(this.path, async () => {
      if (this.isTrimmed) await this.settle();
      else this.throwEarlyFailure();
      await writeAllAt(this.handle, chunk, at);
      this.noteWritten(chunk.length);
    });
  }

  async commit(): Promise<void> {
    try {
      await guard(this.path, async () => {
        await this.settle();
        if (this.isTrimmed) await this.handle.truncate(this.size);
        await this.handle.sync();
        await this.handle.close();
        await rename(this.temporary, this.target);
      });
      PENDING_TEMPORARIES.delete(this.temporary);
      this.isDone = true;
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  async abort(): Promise<void> {
    if (this.isDone) return;
    this.isDone = true;
    await Promise.allSettled([...this.inFlight]);
    await this.handle.close().catch(() => undefined);
    await unlink(this.temporary).catch(() => undefined);
    PENDING_TEMPORARIES.delete(this.temporary);
  }

  private writeEarly(chunk: Uint8Array): void {
    const at = this.size;
    this.size += chunk.length;
    const write = () => writeAllAt(this.handle, chunk, at).then(() => this.noteWritten(chunk.length));
    // Two writes to one place on libuv's threads could land in either order: a discarded one goes first.
    this.track(this.trimmed === undefined ? write() : this.trimmed.then(write));
  }

  /**
   * Overwrites `bytes` at `back` bytes before the end, once every write started before has
   * finished (two writes to one place on libuv's threads could land in either order).
   */
  private patchEarly(back: number, bytes: Uint8Array): void {
    const at = this.size - back;
    if (back < bytes.length || at < 0) throw new RangeError(`patch: ${bytes.length} bytes at ${back} bytes before the end of ${this.size}`);
    const before = [...this.inFlight];
    this.track(Promise.all(before).then(() => writeAllAt(this.handle, bytes, at)));
  }

  /**
   * Every `flushBytes` written, a flush of the data to disk starts (datasync, on libuv's thread)
   * while writing goes on, so commit's final sync has little left: a 268 MB output's sync was
   * ~0.1 s, a 574 MB merge's 0.25-0.4 s, all after the last byte was written.
   */
  private noteWritten(count: number): void {
    this.unflushed += count;
    if (this.unflushed < this.flushBytes || this.isDone) return;
    this.unflushed = 0;
    this.track(this.handle.datasync());
  }

  /** Keeps `work` among the writes commit and abort wait for; its failure is thrown by the next write or commit. */
  private track(work: Promise<void>): void {
    const done: Promise<void> = work.then(
      () => {
        this.inFlight.delete(done);
      },
      (error: unknown) => {
        this.inFlight.delete(done);
        this.earlyFailure ??= error;
      },
    );
    this.inFlight.add(done);
  }

  /** Waits for the early writes; throws the first failure among them. */
  private async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    this.throwEarlyFailure();
  }

  private throwEarlyFailure(): void {
    if (this.earlyFailure !== undefined) throw this.earlyFailure;
  }
}

async function writeAllAt(handle: FileHandle, chunk: Uint8Array, position: number): Promise<void> {
  let written = 0;
  while (written < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, written, chunk.length - written, position + written);
    written += bytesWritten;
  }
}

async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  let written = 0;
  while (written < chunk.length) {
    const { bytesWritten } = await handle.write(chunk, written, chunk.length - written);
    written += bytesWritten;
  }
}

/** The longest wait, in ms, before a write a full socket refused is tried again. */
const MAX_RETRY_WAIT = 16;

/**
 * Writes all of `chunk` at the descriptor's offset (the end, for a descriptor opened to append),
 * moving it on. A socket Node made non-blocking (as it does standard output's) refuses a write
 * while its reader lags (EAGAIN): the write is tried again after a short wait, longer each time.
 */
async function writeAllTo(fd: number, chunk: Uint8Array): Promise<void> {
  let written = 0;
  let wait = 1;
  while (written < chunk.length) {
    try {
      written += await writeSome(fd, chunk, written, chunk.length - written);
      wait = 1;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      await new Promise((resolveWait) => setTimeout(resolveWait, wait));
      wait = Math.min(wait * 2, MAX_RETRY_WAIT);
    }
  }
}

function writeSome(fd: number, chunk: Uint8Array, offset: number, length: number): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    // position null: the descriptor's own offset, which the shell and the other commands share.
    writeToDescriptor(fd, chunk, offset, length, null, (error, bytesWritten) => (error === null ? resolvePromise(bytesWritten) : reject(error)));
  });
}

/** A descriptor an output path names: its number, and whether it is this process's. */
interface NamedDescriptor {
  readonly fd: number;
  readonly isOwn: boolean;
}

const STANDARD_STREAMS: Readonly<Record<string, number>> = { "/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2 };

/** `/dev/fd/N`, `/proc/self/fd/N`, `/proc/thread-self/fd/N`, `/proc/PID/fd/N`, `/proc/PID/task/TID/fd/N`. */
const DESCRIPTOR_PATH = /^\/(?:dev\/fd|proc\/(self|thread-self|[0-9]+)(?:\/task\/[0-9]+)?\/fd)\/([0-9]+)$/;

/** The descriptor an absolute, normalized path names by its text, if it names one. */
function descriptorNamed(path: string): NamedDescriptor | undefined {
  const standard = STANDARD_STREAMS[path];
  if (standard !== undefined) return { fd: standard, isOwn: true };
  const match = DESCRIPTOR_PATH.exec(path);
  if (match === null) return undefined;
  const pid = match[1];
  return { fd: Number(match[2]), isOwn: pid === undefined || pid === "self" || pid === "thread-self" || Number(pid) === process.pid };
}

/**
 * The descriptor `path` leads to, if any: the path itself, or a link of its chain, names one,
 * by its text or once its folder's links are resolved (`/dev/fd/1` is `/proc/PID/fd/1`, a folder
 * linked to `/proc/self/fd`). Checked hop by hop, before the descriptor's own link is followed:
 * `/proc/self/fd/1` leads on to the file the shell opened, which must not be treated as a path.
 * Undefined for any other path; a failure here is left to the stat that follows to report.
 */
async function descriptorOf(path: string): Promise<NamedDescriptor | undefined> {
  let current = resolve(path);
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    const folder = await realpath(dirname(current)).catch(() => dirname(current));
    const named = descriptorNamed(current) ?? descriptorNamed(join(folder, basename(current)));
    if (named !== undefined) return named;
    let target: string;
    try {
      target = await readlink(current);
    } catch {
      // Not a link (EINVAL), not there, or not reachable: no descriptor on the way.
      return undefined;
    }
    current = resolve(dirname(current), target);
  }
  return undefined;
}

/** Opens an output path that names a descriptor (see openOutputFile): never replaced, never truncated when it is a file. */
async function openDescriptor(path: string, name: string, descriptor: NamedDescriptor): Promise<OutputFile> {
  const existing = await statOrMissing(path, name);
  // ENOENT, what stat says: the command line's doing, as a missing folder is.
  if (existing === undefined) throw new OutputPathError(name, "ENOENT", `names file descriptor ${descriptor.fd}, which is not open`);
  if (existing.isDirectory()) throw new OutputPathError(name, "EISDIR", "is a directory");
  // A socket (standard output of a process Node or Python spawned) cannot be opened by its path
  // (ENXIO): this process's own descriptor is the one way to write it.
  const isOwnSocket = descriptor.isOwn && existing.isSocket();
  if (!existing.isFile() && !isOwnSocket) {
    // A pipe, a terminal, a device: opened anew, as before (no offset to share; O_TRUNC is ignored).
    return new ThroughFile(name, await guard(name, () => open(path, "w")));
  }
  if (descriptor.isOwn) {
    // A write of nothing fails at once on a descriptor not open for writing (`-o /dev/stdin`).
    await guard(name, () => writeSome(descriptor.fd, new Uint8Array(0), 0, 0));
    return new DescriptorFile(name, descriptor.fd);
  }
  // Another process's file: its offset cannot be shared; appending neither truncates nor overwrites what it wrote.
  return new ThroughFile(name, await guard(name, () => open(path, "a")));
}

/** `stat` (following links) of the output, undefined when nothing is there. */
async function statOrMissing(path: string, name: string): Promise<BigIntStats | undefined> {
  try {
    return await stat(path, { bigint: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw toOutputError(name, error);
  }
}

/** The path a write to `path` creates: `path` itself, or the end of its chain of dangling symlinks. */
async function linkTarget(path: string, name: string): Promise<string> {
  let current = path;
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    let isLink: boolean;
    try {
      isLink = (await lstat(current)).isSymbolicLink();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return current;
      throw toOutputError(name, error);
    }
    if (!isLink) return current;
    current = resolve(dirname(current), await guard(name, () => readlink(current)));
  }
  throw new OutputPathError(name, "ELOOP", "too many symbolic links");
}

/** Runs a file-system call; its failure becomes an OutputPathError naming the output. */
async function guard<T>(name: string, call: () => Promise<T>, folder?: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toOutputError(name, error, folder);
  }
}

const REASONS: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "read-only file system",
  EISDIR: "is a directory",
  ENOTDIR: "a part of the path is not a folder",
  ELOOP: "too many symbolic links",
  ENXIO: "cannot be opened for writing (a socket, or a device with nothing behind it)",
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EFBIG: "file too large",
  EPIPE: "the reader closed it",
  EBADF: "is not open for writing",
};

function toOutputError(name: string, error: unknown, folder?: string): Error {
  if (isOutputPathError(error)) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== "string") return error as Error;
  let reason = code === "ENOENT" ? (folder === undefined ? "no such file" : `no such folder (${folder})`) : (REASONS[code] ?? (error as Error).message);
  if (folder !== undefined && (code === "EACCES" || code === "EPERM")) {
    // The temporary file beside the output could not be made: the file itself may be writable.
    reason = `permission denied to create a file in ${folder} (the output is written to a temporary file there, then renamed over it; make the folder writable, or redirect with >)`;
  }
  return new OutputPathError(name, code, reason, { cause: error });
}

/**
 * Temporary files of atomic outputs not yet renamed or removed. A process that exits before
 * their commit or abort (Ctrl-C past the CLI's grace period, process.exit in a signal handler)
 * removes them on its way out, so it leaves neither a partial result nor a `.tmp` file; only a
 * kill that ends the process at once (SIGKILL) can leave one.
 */
const PENDING_TEMPORARIES = new Set<string>();

function keepTemporary(temporary: string): void {
  if (!isExitHookSet) {
    isExitHookSet = true;
    process.once("exit", removePendingTemporaries);
  }
  PENDING_TEMPORARIES.add(temporary);
}

let isExitHookSet = false;

function removePendingTemporaries(): void {
  for (const temporary of PENDING_TEMPORARIES) {
    try {
      unlinkSync(temporary);
    } catch {
      // Gone already, or never made: nothing to remove.
    }
  }
  PENDING_TEMPORARIES.clear();
}
