import { Worker } from "node:worker_threads";

// Starting the package's worker threads (the merge's and cat's records workers) with the parent's
// flags, less those a worker refuses or cannot use.

/** The flags workers start with, once a worker refused some (see startWorker). */
let acceptedExecArgv: string[] | null = null;

/**
 * A worker with the parent's flags (workerExecArgv). V8 flags (the CLI launcher's
 * `--max-semi-space-size`, a user's `--max-old-space-size`) make the Worker constructor throw
 * ERR_WORKER_INVALID_EXEC_ARGV; they already apply to every thread of the process, so the
 * flags it names are dropped and the worker started again (and later ones start without them).
 */
export function startWorker(scriptUrl: URL, workerData?: unknown): Worker {
  const execArgv = acceptedExecArgv ?? workerExecArgv();
  try {
    return new Worker(scriptUrl, { execArgv, workerData });
  } catch (error) {
    if ((error as { code?: unknown }).code !== "ERR_WORKER_INVALID_EXEC_ARGV") throw error;
    // "Initiated Worker with invalid execArgv flags: --a=1, --b"
    const message = (error as Error).message;
    const refused = new Set(message.slice(message.indexOf(":") + 1).split(",").map((flag) => flag.trim()));
    const kept = execArgv.filter((flag) => !refused.has(flag));
    // Flags the message did not name as given (a V8 flag and its value in two arguments): none.
    acceptedExecArgv = kept.length < execArgv.length ? kept : [];
    try {
      return new Worker(scriptUrl, { execArgv: acceptedExecArgv, workerData });
    } catch (again) {
      if ((again as { code?: unknown }).code !== "ERR_WORKER_INVALID_EXEC_ARGV") throw again;
      acceptedExecArgv = [];
      return new Worker(scriptUrl, { execArgv: [], workerData });
    }
  }
}

/**
 * The parent's Node flags minus export conditions: under a test runner the parent may resolve
 * packages to TypeScript sources (`--conditions pkl-stream-source`), which the built worker
 * cannot load. Minus the parent's own script too (`-e`/`-p` code and `--input-type`, which a
 * worker started from a file refuses).
 */
function workerExecArgv(): string[] {
  const flags: string[] = [];
  const parent = process.execArgv;
  for (let i = 0; i < parent.length; i++) {
    const flag = parent[i]!;
    if (VALUED_FLAGS_DROPPED.has(flag)) i++;
    else if (!DROPPED_PREFIXES.some((prefix) => flag.startsWith(prefix))) flags.push(flag);
  }
  return flags;
}

/** Flags dropped with the argument after them. */
const VALUED_FLAGS_DROPPED = new Set(["--conditions", "-C", "--input-type", "-e", "--eval", "-p", "--print"]);
/** Flags dropped when written `--flag=value`. */
const DROPPED_PREFIXES = ["--conditions=", "-C=", "--input-type=", "--eval=", "--print="];

