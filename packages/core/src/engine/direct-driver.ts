import { defaultOutputBudget } from "../json/output-budget.js";
import { grownInt32 } from "./tape.js";
import { decline, MAX_MEMO_GAP, TapeDriver } from "./tape-driver.js";
import type { TapeOutput } from "./tape-output.js";

/**
 * What the two one-pass writers (json-direct-driver.ts, msgpack-direct-driver.ts) share on top
 * of TapeDriver: they write into a TapeOutput as the opcodes come, within the record's output
 * budget, and their memo holds output spans (memoStart, memoEnd) with a writer-specific
 * memoInfo (0 for a hole). A memoized value is copied from its span when recalled.
 */
export abstract class DirectDriver extends TapeDriver {
  // Parallel to the stack (which holds each value's output start): the value's kind and the
  // writer's flags, a container's items (lists, tuples) or pairs (dicts) so far, and an open
  // container's memo index (or -1).
  protected slotInfo = new Int32Array(1 << 10);
  protected slotCounts = new Int32Array(1 << 10);
  protected slotMemo = new Int32Array(1 << 10);
  protected memoInfo = new Int32Array(1 << 10);
  protected memoStart = new Int32Array(1 << 10);
  protected memoEnd = new Int32Array(1 << 10);
  /** Past this output position the budget is checked again (the record's start plus the budget's floor). */
  protected outputLimit = 0;
  private outView: DataView = new DataView(new ArrayBuffer(0));
  private viewed: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly tapeOutput: TapeOutput,
    maxBytesLength: number,
    private readonly fixedBudget: number | undefined,
  ) {
    super(tapeOutput, maxBytesLength);
  }

  protected override growStack(): void {
    super.growStack();
    const size = this.stack.length;
    this.slotInfo = grownInt32(this.slotInfo, size);
    this.slotCounts = grownInt32(this.slotCounts, size);
    this.slotMemo = grownInt32(this.slotMemo, size);
  }

  /** Nothing to clear: a record reads only entries below memoHigh (0 at its start), each set or zeroed by `claimMemo`. */
  protected override clearMemo(): void {}

  /**
   * MEMOIZE or BINPUT `index`: in order only, as CPython sets them (then the entries past a moved
   * byte are the last ones set); room made, and the indices it skips zeroed as holes.
   */
  protected claimMemo(index: number): void {
    if (index < this.memoHigh || index > this.memoHigh + MAX_MEMO_GAP) decline();
    if (index >= this.memoInfo.length) this.growMemoTo(index + 1);
    if (index > this.memoHigh) this.memoInfo.fill(0, this.memoHigh, index);
  }

  /** The entry at `index` is set (after claimMemo): the memo now ends past it. */
  protected closeMemoClaim(index: number): void {
    this.memoHigh = index + 1;
    this.memoSize++;
  }

  /** The info of memo entry `index`, 0 for a hole or an index past the memo's end. */
  protected memoInfoAt(index: number): number {
    return index < this.memoHigh ? this.memoInfo[index]! : 0;
  }

  protected growMemoTo(size: number): void {
    const length = this.memoInfo.length;
    // By 4 past a million entries: a giant root memoizes millions of values.
    const grown = Math.max(size, length >= 1 << 20 ? length * 4 : length * 2);
    this.memoInfo = grownInt32(this.memoInfo, grown);
    this.memoStart = grownInt32(this.memoStart, grown);
    this.memoEnd = grownInt32(this.memoEnd, grown);
  }

  /**
   * The output from `pivot` on moved by `delta`: memo entries that start there move with it
   * (the last ones set, see claimMemo); those whose info has `spanBit` end there too.
   */
  protected shiftMemo(pivot: number, delta: number, spanBit: number): void {
    const memoInfo = this.memoInfo;
    const memoStart = this.memoStart;
    for (let index = this.memoHigh - 1; index >= 0; index--) {
      const info = memoInfo[index]!;
      if (info === 0) continue;
      if (memoStart[index]! < pivot) break;
      memoStart[index] = memoStart[index]! + delta;
      if ((info & spanBit) !== 0) this.memoEnd[index] = this.memoEnd[index]! + delta;
    }
  }

  /** Copies the output's bytes [from, from + length) to `to`, past them (a memo copy); room for them was made with outputView. */
  protected copyOutput(view: DataView, from: number, to: number, length: number): void {
    if (length < 4) {
      const out = this.tapeOutput.out;
      for (let i = 0; i < length; i++) out[to + i] = out[from + i]!;
    } else if (length < 64) {
      // 4 bytes at a time, the last 4 overlapping (the span is before `to`: no overlap).
      let i = 0;
      for (; i + 4 <= length; i += 4) view.setInt32(to + i, view.getInt32(from + i, true), true);
      if (i < length) view.setInt32(to + length - 4, view.getInt32(from + length - 4, true), true);
    } else {
      this.tapeOutput.out.copyWithin(to, from, from + length);
    }
  }

  /** Room for `count` more output bytes; a DataView of the output. */
  protected outputView(count: number): DataView {
    const out = this.tapeOutput.room(count);
    if (out !== this.viewed) {
      this.viewed = out;
      this.outView = new DataView(out.buffer, out.byteOffset, out.byteLength);
    }
    return this.outView;
  }

  /**
   * Output past the record's budget (after `more` bytes) declines: the value path reports it.
   * Sets outputLimit, the output position up to which the budget holds (checked before calling).
   * While the record is read, its length is taken as all the input there is (`pos` is where
   * run() began: a record pushed whole would get the budget's floor); at its end, as it is.
   */
  protected checkBudget(more: number, isRecordRead = false): void {
    const output = this.tapeOutput;
    const inputBytes = isRecordRead ? this.pos - this.recordStart : this.windowLength - this.recordStart;
    const budget = this.fixedBudget ?? defaultOutputBudget(Math.max(0, inputBytes));
    this.outputLimit = output.recordOutputStart + budget;
    if (output.pos + more > this.outputLimit) decline();
  }
}
