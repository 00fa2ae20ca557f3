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

  /**
   * For the opcodes that add items to a container (APPENDS, SETITEMS, ADDITEMS with `marked`;
   * APPEND, SETITEM popping `count` items): the index of the first item added, with the container
   * at the index before it, without popping anything; or a fault. `items()` reads them and
   * `dropFrom(index, marked)` pops them: no array is made per opcode.
   */
  addedItemsStart(marked: boolean, count: number): number | StackFault {
    if (marked) {
      const frameStart = this.frameStarts[this.frameStarts.length - 1];
      if (frameStart === undefined) return { code: "NO_MARK", reason: "no MARK exists on stack" };
      const belowSize = frameStart - (this.frameStarts[this.frameStarts.length - 2] ?? 0);
      return belowSize < 1 ? underflow(1, belowSize) : frameStart;
    }
    const size = this.frameSize;
    return size < count + 1 ? underflow(count + 1, size) : this.items.length - count;
  }

  /** The stack's items, bottom first (read only: see addedItemsStart). */
  get itemArray(): readonly T[] {
    return this.items;
  }

  /** Pops the items from `index` up (and the topmost mark when `marked`). */
  dropFrom(index: number, marked: boolean): void {
    this.items.length = index;
    if (marked) {
      this.frameStarts.pop();
      this.markOffsets.pop();
    }
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
