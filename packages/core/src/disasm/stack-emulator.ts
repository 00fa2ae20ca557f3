/**
 * A crude unpickler stack for the disassembler and the auditor: it pops what an opcode's
 * `stackBefore` says and lets the caller push what it wants (the `stackAfter` kinds for `dis`,
 * symbolic values for the audit). Marks work as in CPython's Unpickler: MARK starts a fresh
 * frame, so an opcode can never pop the items below a mark as ordinary items.
 */
import type { OpcodeInfo } from "../opcodes/table.js";

/** What an opcode took off the stack. */
export interface Popped<T> {
  /** The items above the mark, bottom first, for opcodes that take a stackslice; else null. */
  readonly slice: T[] | null;
  /** The other items the opcode pops, bottom first (for APPENDS: the list below the mark). */
  readonly fixed: T[];
  /** Offset of the MARK the opcode consumed, or null. */
  readonly markOffset: number | null;
}

/** Why an opcode could not pop what it needs. */
export interface StackFault {
  readonly code: "STACK_UNDERFLOW" | "NO_MARK";
  readonly reason: string;
}

export function isStackFault<T>(result: Popped<T> | StackFault): result is StackFault {
  return "code" in result;
}

export class StackEmulator<T> {
  // One array for all items and, per open mark, where its frame starts: a million MARKs
  // cost two numbers each, not an object and an array each.
  private readonly items: T[] = [];
  private readonly frameStarts: number[] = [];
  private readonly markOffsets: number[] = [];

  /** Stack items plus marks. */
  get height(): number {
    return this.items.length + this.frameStarts.length;
  }

  /** Open marks. */
  get markDepth(): number {
    return this.frameStarts.length;
  }

  /** Items in the current frame (above the topmost mark). */
  get frameSize(): number {
    return this.items.length - (this.frameStarts[this.frameStarts.length - 1] ?? 0);
  }

  /** True when the top of the stack is a mark. */
  get isMarkOnTop(): boolean {
    return this.frameStarts.length > 0 && this.frameSize === 0;
  }

  /** Offset of the topmost MARK, or undefined when there is none. */
  get topMarkOffset(): number | undefined {
    return this.markOffsets[this.markOffsets.length - 1];
  }

  /** The top item of the current frame, or undefined when it is empty. */
  peek(): T | undefined {
    return this.frameSize > 0 ? this.items[this.items.length - 1] : undefined;
  }

  push(item: T): void {
    this.items.push(item);
  }

  pushMark(offset: number): void {
    this.frameStarts.push(this.items.length);
    this.markOffsets.push(offset);
  }

  /** Pops what `info.stackBefore` names. A fault leaves the stack as it was. */
  pop(info: OpcodeInfo): Popped<T> | StackFault {
    const before = info.stackBefore;
    const markIndex = before.indexOf("markobject");
    // POP on a mark discards the mark, as CPython's load_pop does.
    if (markIndex < 0 && !(info.name === "POP" && this.isMarkOnTop)) {
      const size = this.frameSize;
      if (size < before.length) return underflow(before.length, size);
      return { slice: null, fixed: this.items.splice(this.items.length - before.length), markOffset: null };
    }
    const frameStart = this.frameStarts[this.frameStarts.length - 1];
    if (frameStart === undefined) return { code: "NO_MARK", reason: "no MARK exists on stack" };
    const fixedCount = Math.max(markIndex, 0);
    const belowSize = frameStart - (this.frameStarts[this.frameStarts.length - 2] ?? 0);
    if (belowSize < fixedCount) return underflow(fixedCount, belowSize);
    const slice = this.items.splice(frameStart);
    this.frameStarts.pop();
    const markOffset = this.markOffsets.pop()!;
    const fixed = this.items.splice(this.items.length - fixedCount);
    return { slice: markIndex < 0 ? null : slice, fixed, markOffset };
  }

  /** Everything still on the stack, bottom first, marks as `mark`. */
  remaining(): (T | "mark")[] {
    const out: (T | "mark")[] = [];
    let nextMark = 0;
    for (let i = 0; i <= this.items.length; i++) {
      while (this.frameStarts[nextMark] === i) {
        out.push("mark");
        nextMark++;
      }
      if (i < this.items.length) out.push(this.items[i]!);
    }
    return out;
  }
}

function underflow(wanted: number, present: number): StackFault {
  return { code: "STACK_UNDERFLOW", reason: `tries to pop ${wanted} items from stack with only ${present} items` };
}
