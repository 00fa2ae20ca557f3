import type { Readable, Writable } from "node:stream";
import { isatty } from "node:tty";

/**
 * Everything a command touches outside its arguments. Commands never read `process` directly,
 * so tests and other hosts can run them with their own streams, environment and directory.
 */
export interface CliIo {
  /** Bytes in (`-`, or no file named). */
  readonly stdin: Readable;
  /**
   * stdin's file descriptor when it is the process's own: read straight from it where that is
   * faster (stdin-bytes.ts). Hosts that give their own `stdin` stream leave it out.
   */
  readonly stdinFd?: number;
  /** Records out. A closed pipe (`| head -1`) surfaces as an EPIPE error on this stream. */
  readonly stdout: Writable;
  /** Errors, warnings and progress; nothing a downstream program parses. */
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths and globs are resolved against. */
  readonly cwd: string;
  readonly isStdinTTY: boolean;
  readonly isStdoutTTY: boolean;
  readonly isStderrTTY: boolean;
  /** Width of the stderr terminal in columns, when it is one. */
  readonly stderrColumns: number | undefined;
  /** Width of the stdout terminal in columns, when it is one (`show` fits its drawing to it). */
  readonly stdoutColumns?: number | undefined;
  /** Aborted on Ctrl-C (SIGINT): long commands stop, clean up and return. */
  readonly signal: AbortSignal;
  /** The subcommand being run (`merge`), named in the usage hint; absent for the decoding command. */
  readonly command?: string;
}

/** The real process's streams and environment; `signal` comes from the caller, who owns SIGINT. */
export function processIo(signal: AbortSignal): CliIo {
  return {
    // A getter: touching process.stdin opens the handle, which `--version` need not pay for.
    get stdin(): Readable {
      return process.stdin;
    },
    stdinFd: 0,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    isStdinTTY: isatty(0),
    isStdoutTTY: process.stdout.isTTY === true,
    isStderrTTY: process.stderr.isTTY === true,
    stderrColumns: process.stderr.isTTY === true ? process.stderr.columns : undefined,
    stdoutColumns: process.stdout.isTTY === true ? process.stdout.columns : undefined,
    signal,
  };
}

/**
 * `source`'s items until `signal` aborts; then the `next()` in progress is left behind and the
 * abort's reason thrown at once. Why: a read of an idle pipe (stdin/stdin-bytes.ts waits on its
 * reader thread, a stream on its next chunk) never sees the abort, so Ctrl-C would end the
 * command only when the writer of the pipe wrote or closed it, or main.ts's grace period ran out.
 * A source left in the middle of a read is not closed (it cannot be while it runs): the command
 * is ending and the process exits after it. Ended any other way, the source is closed.
 */
export async function* untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  let isReading = false;
  try {
    for (;;) {
      // Not one more read once aborted (between two items).
      signal.throwIfAborted();
      isReading = true;
      const next = await nextUnlessAborted(iterator, signal);
      isReading = false;
      if (next.done === true) return;
      yield next.value;
    }
  } finally {
    if (!isReading) await iterator.return?.();
  }
}

/**
 * `iterator.next()`, or the abort's reason should `signal` abort first. The listener is there
 * only while the read is: one per source for the whole run would pile up on the one signal
 * (convert holds a streamed NDJSON input's reader from its head to its turn; Node warns past
 * 10), and a long-lived promise raced against every read would keep a reaction per read.
 */
function nextUnlessAborted<T>(iterator: AsyncIterator<T>, signal: AbortSignal): Promise<IteratorResult<T>> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    iterator.next().then(
      (next) => {
        signal.removeEventListener("abort", onAbort);
        resolve(next);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
