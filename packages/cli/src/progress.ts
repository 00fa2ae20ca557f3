import type { Writable } from "node:stream";
import { UsageError } from "./args.js";
import { type Input, inputSize } from "./inputs.js";
import type { CliIo } from "./io.js";

/** How often the line is redrawn. */
const REDRAW_MS = 250;
const MB = 1024 * 1024;

/**
 * One status line on stderr (`12.0 / 48.0 MB 25%  10,240 records  85.3 MB/s  ETA 0:04`),
 * redrawn in place with `\r` by a timer, so the decoding loop only bumps counters. ETA and the
 * percentage need the input size; without it the line shows what was read so far.
 */
export class ProgressMeter {
  private bytesRead = 0;
  private records = 0;
  private readonly startedAt: number;
  private readonly timer: NodeJS.Timeout;
  private lastWidth = 0;
  private isStopped = false;

  constructor(
    private readonly stderr: Writable,
    /** Input bytes in total (compressed bytes for .gz), when known. */
    private readonly totalBytes: number | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
    this.timer = setInterval(() => this.draw(), REDRAW_MS);
    // The meter never keeps the process alive on its own.
    this.timer.unref();
  }

  addBytes(count: number): void {
    this.bytesRead += count;
  }

  addRecord(): void {
    this.records++;
  }

  /** The input is done: draws the final counts and ends the line (it stays, as pv's does). */
  finish(): void {
    if (this.isStopped) return;
    clearInterval(this.timer);
    this.draw();
    this.stderr.write("\n");
    this.isStopped = true;
  }

  /** Stops redrawing and wipes the line, so an error message after it starts clean. */
  stop(): void {
    if (this.isStopped) return;
    clearInterval(this.timer);
    if (this.lastWidth > 0) this.stderr.write(`\r${" ".repeat(this.lastWidth)}\r`);
    this.lastWidth = 0;
    this.isStopped = true;
  }

  /** The status text for the counters now (separate from drawing, for tests). */
  describe(): string {
    const seconds = Math.max((this.now() - this.startedAt) / 1000, 1e-3);
    const rate = this.bytesRead / MB / seconds;
    const parts = [
      this.totalBytes === undefined
        ? `${formatMb(this.bytesRead)} MB`
        : `${formatMb(this.bytesRead)} / ${formatMb(this.totalBytes)} MB ${percent(this.bytesRead, this.totalBytes)}`,
      `${this.records.toLocaleString("en-US")} records`,
      `${rate.toFixed(1)} MB/s`,
    ];
    if (this.totalBytes !== undefined && this.bytesRead > 0) {
      const remaining = ((this.totalBytes - this.bytesRead) / this.bytesRead) * seconds;
      parts.push(`ETA ${formatDuration(Math.max(remaining, 0))}`);
    }
    return parts.join("  ");
  }

  private draw(): void {
    const text = this.describe();
    const padding = this.lastWidth > text.length ? " ".repeat(this.lastWidth - text.length) : "";
    this.stderr.write(`\r${text}${padding}`);
    this.lastWidth = text.length;
  }
}

function formatMb(bytes: number): string {
  return (bytes / MB).toFixed(1);
}

function percent(part: number, total: number): string {
  return total === 0 ? "100%" : `${Math.min(100, Math.floor((part / total) * 100))}%`;
}

/** `m:ss`, or `h:mm:ss` past an hour. */
export function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** `--progress` (true), `--no-progress` (false) or neither (undefined: decided by startProgress). */
export function progressChoice(values: { readonly progress?: boolean; readonly "no-progress"?: boolean }): boolean | undefined {
  if (values.progress === true && values["no-progress"] === true) throw new UsageError("--progress and --no-progress contradict each other");
  return values.progress === true ? true : values["no-progress"] === true ? false : undefined;
}

/** On with `--progress`; by default only when stderr is a terminal and every input's size is known. */
export async function startProgress(
  showProgress: boolean | undefined,
  inputs: readonly Input[],
  io: CliIo,
  /** Whether the command's output goes to stdout: on the same terminal, the meter's line would run into it. */
  writesStdout: boolean,
): Promise<ProgressMeter | undefined> {
  if (showProgress === false) return undefined;
  const sizes = await Promise.all(inputs.map(inputSize));
  const isKnown = sizes.every((size) => size !== undefined);
  // By default only where the meter has the terminal to itself (as pv and curl do).
  const isOwnTerminal = io.isStderrTTY && !(writesStdout && io.isStdoutTTY);
  if (showProgress !== true && !(isOwnTerminal && isKnown)) return undefined;
  const total = isKnown ? sizes.reduce<number>((sum, size) => sum + size!, 0) : undefined;
  return new ProgressMeter(io.stderr, total);
}
