import { defaultOutputBudget } from "../json/output-budget.js";
import { stateIsoText, writeStateIso } from "../classes/datetime.js";
import { PyTimezone } from "../classes/timedelta.js";
import { PyGlobal, PyInstance } from "../values/placeholders.js";
import { isPyObject, type PyValue } from "../values/py-types.js";
import { numberGridOf } from "../json/column-value.js";
import { decodeUtf8 } from "../decoder/text.js";
import { type IslandMemo, type IslandReader, ISLAND_RAN_OUT, NOT_STATE_TEXT } from "./island.js";
import { sameBytes } from "./island-parts.js";
import { wordsOf, writeLearned } from "./shape-bytes.js";
import { RootKeyTable } from "./root-keys.js";
import { HEIGHT_SHIFT } from "./json-slots.js";
import { grownInt32, K_DICT, K_INT, K_ISLAND, K_LIST, K_STR, K_TUPLE } from "./tape.js";
import { decline, MAX_MEMO_GAP, RECORD_DONE, TapeDriver } from "./tape-driver.js";
import { type ShapeFormat, ShapeCache } from "./record-shape.js";
import type { TapeOutput } from "./tape-output.js";
import { type PendingShape, putLength, type ShapeMemo, skipScalar, STATE_DATE, STATE_DATETIME, STATE_DECIMAL, STATE_TIMEDELTA, STATE_UUID, TimedeltaInts, type ValueShapes } from "./value-shape.js";

/** Both writers keep a value's kind (K_*) in bits 0-7 of its slot and memo info. */
const KIND_BITS = 0xff;
/** Kinds of set elements in elementKeys (a str and an int with the same bytes are different elements). */
const KEY_STR = 1;
const KEY_INT = 2;
/**
 * An island that runs out of input past this many bytes of opcodes is left to the value path:
 * it is read again from its first byte when more input comes (a numpy array's payload waits at
 * its opcode, so the bytes read again are the opcodes before it).
 */
const MAX_ISLAND_REREAD_BYTES = 1 << 16;

/** The island memo's blocks: 2^10 entries (8 KiB), small enough for a record with a few islands. */
const ISLAND_BLOCK_BITS = 10;
const ISLAND_BLOCK = 1 << ISLAND_BLOCK_BITS;
/** A block not made yet (every block before the last one written exists, this one or a real one). */
const EMPTY_BLOCK: (PyValue | undefined)[] = [];
/** STACK_GLOBAL names slotText keeps by their output bytes: a record's classes' modules and names. */
const MAX_RECENT_NAMES = 8;
/** Longer names are decoded each time (a hostile pickle's long str is no class name worth keeping). */
const MAX_RECENT_NAME_BYTES = 128;
/**
 * Dicts are learned and replayed by value shapes only in a record that has read this much: a
 * giant root of dicts (a small record is a record shape's, and too short to pay for learning:
 * value shapes are the record's own, as its memo is).
 */
const VALUE_SHAPES_AFTER_BYTES = 1 << 14;
/**
 * A replayed dict writes a datetime's isoformat from its state, and the driver writes an object
 * itself (plainObject), where the stack and marks are this far below maxDepth: a replay's nested
 * dicts (value-shape.ts's levels, with their marks), the island's own depth (stateTextIsland's
 * check) and an object's level stay under it.
 */
const DEPTH_ROOM = 32;
/**
 * The kind of an object begun by openObject whose state dict comes next and BUILD closes (both
 * drivers keep kinds in bits 0-7 of a slot's info). Its slot (OPEN_OBJECT_SLOT) says height
 * MAX_HEIGHT + 1: whatever would take it as an item (a batch, a tuple) before its BUILD declines
 * on that height.
 */
export const K_OPEN_OBJECT = 0x40 | K_ISLAND;
/** Both drivers leave containers nested deeper than this to the value path. */
const MAX_HEIGHT = 200;
/** The slot info of an object openObject began. */
export const OPEN_OBJECT_SLOT = K_OPEN_OBJECT | ((MAX_HEIGHT + 1) << HEIGHT_SHIFT);
/** An open object's slotCounts entry: the form openObject began it in, what closes it (BUILD, NEWOBJ or REDUCE). */
const OBJECT_WITH_STATE = 0;
const OBJECT_WITH_ARGS = 1;
/** objectWithArgs looks this many arguments ahead at most (a namedtuple of more is the island's). */
const MAX_SCANNED_ARGS = 64;
/** A GLOBAL whose two lines run past this many bytes is the value path's (isPlainGlobalAt). */
const MAX_GLOBAL_LINE_BYTES = 1 << 12;
/** putIndexAt: no put there. */
const NO_PUT = -1;
/** putIndexAt: the put runs past the input or the frame. */
const PUT_CUT = -2;

/** An object's head (DirectDriver.writeObjectHead): its bytes, and as writeLearned's words. */
interface ObjectHead {
  readonly bytes: Uint8Array;
  readonly words: Int32Array;
}

/** Classes whose object heads are kept (writeObjectHead). */
const MAX_OBJECT_HEADS = 64;
/** A naive datetime's state (2000-01-01T00:00:00: 19 characters), for the text a timezone adds after any. */
const SOME_DATETIME_STATE = Uint8Array.of(0x07, 0xd0, 1, 1, 0, 0, 0, 0, 0, 0);
const SOME_DATETIME_TEXT_LENGTH = 19;

/**
 * What the two one-pass writers (json-direct-driver.ts, msgpack-direct-driver.ts) share on top
 * of TapeDriver: they write into a TapeOutput as the opcodes come, within the record's output
 * budget, and their memo holds output spans (memoStart, memoEnd) with a writer-specific
 * memoInfo (0 for a hole). A memoized value is copied from its span when recalled.
 */
export abstract class DirectDriver extends TapeDriver implements IslandMemo {
  // Parallel to the stack (which holds each value's output start): the value's kind and the
  // writer's flags, a container's items (lists, tuples) or pairs (dicts) so far, and an open
  // container's memo index (or -1).
  protected slotInfo = new Int32Array(1 << 10);
  protected slotCounts = new Int32Array(1 << 10);
  protected slotMemo = new Int32Array(1 << 10);
  protected memoInfo: Int32Array = new Int32Array(1 << 10);
  protected memoStart: Int32Array = new Int32Array(1 << 10);
  protected memoEnd: Int32Array = new Int32Array(1 << 10);
  /** Past this output position the budget is checked again (the record's start plus the budget's floor). */
  protected outputLimit = 0;
  private outView: DataView = new DataView(new ArrayBuffer(0));
  private viewed: Uint8Array = new Uint8Array(0);
  /**
   * The values of memo entries whose info has `islandBit`, by index (the current record's only),
   * in blocks of ISLAND_BLOCK entries (see `setIslandMemo`); read through `islandMemoAt`.
   */
  private islandBlocks: (PyValue | TimedeltaInts | undefined)[][] = [];
  /** One past the highest island memo entry the record wrote. */
  private islandHigh = 0;
  /** STACK_GLOBAL names decoded lately, by their output bytes (slotText). */
  private readonly recentNames: { readonly bytes: Uint8Array; readonly text: string }[] = [];

  // What each writer says about its own output and memo.
  /** memoInfo bit: memoStart, memoEnd are the value's output. */
  protected abstract readonly spanBit: number;
  /** memoInfo bit: islandMemo holds the entry's value (set in an island, or a str an island's STACK_GLOBAL took). */
  protected abstract readonly islandBit: number;
  /** The text of the str written at out[start, end), or undefined when it cannot be read back exactly (escapes). */
  protected abstract strText(start: number, end: number): string | undefined;
  /** Where the value at stack slot `slot` ends. */
  protected abstract slotEnd(slot: number): number;
  /** Where the output goes back to when the values from stack slot `slot` on come off (before a separator). */
  protected abstract slotCut(slot: number): number;
  /** Writes an island's value where the next value goes and pushes its slot; returns the memo info of its span. */
  protected abstract pushIslandValue(value: PyValue): number;
  /** Writes a str where the next value goes and pushes its slot. */
  protected abstract pushStrValue(text: string): void;
  /** The bytes pushStrValue writes for `text` (a dict key a shape learns), the output left as it was. */
  protected abstract strBytes(text: string): Uint8Array;
  /** Writes a str's bytes as strBytes made them where the next value goes and pushes its slot. */
  protected abstract pushStrBytes(bytes: Uint8Array): void;
  /**
   * Writes, where the next value goes, what pushIslandValue writes for a class whose plain form is
   * `text` (printable ASCII: a datetime's isoformat), and pushes its slot; returns what
   * pushIslandValue returns for it.
   */
  protected abstract pushIslandText(text: string): number;
  /** As pushIslandText, for the ASCII text `bytes[0, length)`. */
  protected abstract pushIslandAscii(bytes: Uint8Array, length: number): number;
  /**
   * Slot info bit of a set (EMPTY_SET): a list that takes ADDITEMS and not APPENDS (the writer's
   * `extend` declines a slot with it), whose elements the writer checks for a repeat when it
   * closes (the value path's Set keeps one of two equal elements).
   */
  protected abstract readonly setBit: number;
  /** For a set's or frozenset's elements: strs and ints, whose bytes are equal exactly when they are. */
  protected readonly elementKeys = new RootKeyTable();

  /** The shapes of the last records (record-shape.ts), or null where the driver does not learn them. */
  private shapes: ShapeCache | null = null;
  /** The record in progress was not replayed (it had none of the shapes, or there were none): learn from it when it completes. */
  private isShapeMissed = true;
  /** The framing prefix's length (the record's own output starts past it). */
  private prefixBytes = 0;
  /** The dict shapes of the record in progress (value-shape.ts), or null where the driver does not learn them. */
  private valueShapes: ValueShapes | null = null;
  private readonly maxStrBytes: number;

  constructor(
    private readonly tapeOutput: TapeOutput,
    maxBytesLength: number,
    private readonly fixedBudget: number | undefined,
  ) {
    super(tapeOutput, maxBytesLength);
    this.maxStrBytes = maxBytesLength;
  }

  /** Each value is written as its opcode comes (no nodes point into the input); an island that runs out waits at its first byte, `pos`. */
  protected override firstHeldByte(): number {
    return this.pos;
  }

  /** Learns the shapes of records in `format` and replays the records of those shapes (record-shape.ts); a driver whose records go elsewhere (the merge's rows) does not. */
  protected learnsShapes(format: ShapeFormat): void {
    this.shapes = new ShapeCache(format);
  }

  /** Learns the shapes of dicts inside a giant record and replays the dicts of those shapes (value-shape.ts). */
  protected learnsValueShapes(shapes: ValueShapes): void {
    this.valueShapes = shapes;
    this.takesValueShapes = true;
    shapes.islandStrBytes = this.islandStrBytes;
  }

  /** islandStrBytes' answers by memo index, for the record in progress (its island memo's strs do not change). */
  private islandStrs: (Uint8Array | undefined)[] = [];

  /** ValueShapes.islandStrBytes: the bytes pushStrValue writes for the str island memo entry `index` holds, or null. */
  private readonly islandStrBytes = (index: number): Uint8Array | null => {
    const known = this.islandStrs[index];
    if (known !== undefined) return known;
    const value = this.islandMemoAt(index);
    if (typeof value !== "string") return null;
    const bytes = this.strBytes(value);
    while (this.islandStrs.length < index) this.islandStrs.push(undefined);
    this.islandStrs[index] = bytes;
    return bytes;
  };

  override run(): number {
    if (!this.isInRecord && this.shapes !== null) {
      this.isShapeMissed = true;
      // Inside a frame carried over from the record before, the shapes' own frame check does not hold.
      if (!this.shapes.isEmpty && this.frameEnd < 0 && this.pos < this.windowLength && this.replayShape(this.shapes)) return RECORD_DONE;
    }
    return super.run();
  }

  /**
   * The record at `pos` written by a shape's replay: true when it had one and is done; false
   * when it missed, with the record begun and nothing of it written (`run` reads it).
   */
  private replayShape(shapes: ShapeCache): boolean {
    const at = this.pos;
    this.beginRecord(at);
    const output = this.tapeOutput;
    const end = shapes.replay(this.window, this.view, at, this.windowLength, output, this.maxStrBytes);
    if (end < 0) return false;
    if (output.pos - output.recordOutputStart > this.recordBudget(end - at)) {
      // Past the budget: the general path declines it to the value path, which reports it.
      output.pos = output.recordOutputStart + this.prefixBytes;
      return false;
    }
    this.isShapeMissed = false;
    this.pos = end;
    this.lastRecordMemoLength = shapes.memoLength;
    this.shapeRecords++;
    output.endDirectRecord();
    this.leaveRecord();
    return true;
  }

  /** At STOP, the record's output complete but its framing's suffix: a record that was not replayed may teach a shape. */
  protected learnShapeOfRecord(): void {
    const shapes = this.shapes;
    // (A record whose first bytes left the window, see dropReadInputAfter, has none to learn from.)
    if (shapes === null || !this.isShapeMissed || this.isRecordStartDropped || !shapes.isLearning(this.recordIndex)) return;
    const output = this.tapeOutput;
    shapes.learn(this.window, this.view, this.recordStart, this.pos, this.memoSize, output, output.recordOutputStart + this.prefixBytes, this.maxStrBytes, this.isPlainClassName);
  }

  /** For record shapes: whether `module.name`, as a record of this protocol names it, is a class we do not rebuild. */
  private readonly isPlainClassName = (module: string, name: string): boolean => this.islands?.isPlainName(module, name, this.proto) === true;

  protected override beginRecord(at: number): void {
    super.beginRecord(at);
    this.valueShapes?.reset();
    if (this.islandStrs.length !== 0) this.islandStrs = [];
    this.prefixBytes = this.tapeOutput.pos - this.tapeOutput.recordOutputStart;
    // The last record's values go (kept, they would stay alive): its first block is emptied for
    // the next record when it wrote no other (a stream of records with a datetime each makes no
    // block per record), else all are dropped.
    if (this.islandHigh !== 0) {
      if (this.islandHigh <= ISLAND_BLOCK) this.islandBlocks[0]!.fill(undefined, 0, this.islandHigh);
      else this.islandBlocks = [];
      this.islandHigh = 0;
    }
  }

  // ---- dicts by value shapes (value-shape.ts)

  /**
   * EMPTY_DICT in a giant record: the dict written whole by a learned shape, or learned from.
   * A shape learned here is kept only once the driver has written the dict and the shape's
   * replay of it writes the same output, memo entries and stack slot (checkPendingShape, at a
   * later dict).
   */
  protected override dictValue(at: number, end: number): number {
    const shapes = this.valueShapes!;
    const sp = this.sp;
    if (sp === 0 || at - this.recordStart < VALUE_SHAPES_AFTER_BYTES || this.memoSize !== this.memoHigh) return -1;
    const pending = shapes.pending;
    if (pending !== null && this.windowBase + at >= pending.inputEnd) this.checkPendingShape(shapes, pending);
    if (!shapes.isEmpty && shapes.mayReplay(this.window, this.view, at, end)) {
      const after = this.writeShapeValue(shapes, at, end);
      if (after >= 0) {
        this.commitShapePuts(shapes);
        this.shapeValues++;
        if (this.tapeOutput.pos > this.outputLimit) this.checkBudget(0);
        return after;
      }
    }
    if (!shapes.isLearning) return -1;
    shapes.memoBase = this.memoHigh;
    const shape = shapes.learn(this.window, this.view, at, end, this.shapeMemo);
    if (shape === null) return -1;
    const memoFrom = this.memoHigh;
    this.pushEmpty(K_DICT);
    shapes.pending = { shape, slot: sp, start: this.stack[sp]!, memoFrom, inputEnd: this.windowBase + at + shape.model.length };
    return at + 1;
  }

  /**
   * The dict at `at` (its EMPTY_DICT) written by a shape where the next value goes (replayShapes)
   * and its slot pushed as the driver leaves a dict after its one batch: the input position
   * after it, or -1 with nothing changed. The memo entries it set are committed by the caller.
   */
  protected abstract writeShapeValue(shapes: ValueShapes, at: number, end: number): number;

  /** Whether the dict at `slot`, written by the driver, has the slot a replay of `shapes` leaves. */
  protected abstract isShapeSlot(slot: number, shapes: ValueShapes): boolean;

  /** The dict at `at` replayed by the first of `shapes` it has, at the output's end, reading the memo as it is. */
  protected replayShapes(shapes: ValueShapes, at: number, end: number): number {
    this.lendMemo(shapes, this.memoHigh, this.sp);
    return shapes.replay(this.window, this.view, at, end);
  }

  /** What a replay reads of the driver: the memo as it is, the memo's next index and the dict's slot. */
  private lendMemo(shapes: ValueShapes, memoBase: number, slot: number): void {
    shapes.memoBase = memoBase;
    shapes.slot = slot;
    shapes.memoInfo = this.memoInfo;
    shapes.memoStart = this.memoStart;
    shapes.memoEnd = this.memoEnd;
    // The island path's depth check (stateTextIsland) holds with room to spare here.
    const islands = this.islands;
    shapes.takesStateText = islands !== null && slot + this.mp + DEPTH_ROOM < islands.maxDepth;
  }

  /** The memo entries a replay set, from the memo's next index on. */
  private commitShapePuts(shapes: ValueShapes): void {
    const count = shapes.putCount;
    const base = this.memoHigh;
    if (base + count > this.memoInfo.length) this.growMemoTo(base + count);
    const memoInfo = this.memoInfo;
    const memoStart = this.memoStart;
    const memoEnd = this.memoEnd;
    for (let k = 0; k < count; k++) {
      memoInfo[base + k] = shapes.putInfo[k]!;
      memoStart[base + k] = shapes.putStart[k]!;
      memoEnd[base + k] = shapes.putEnd[k]!;
    }
    this.memoHigh = base + count;
    this.memoSize = base + count;
    // Values the island memo keeps (a Decimal's str, as stateTextIsland keeps it).
    const islandPuts = shapes.islandPuts;
    for (let i = 0; i < islandPuts.length; i++) this.setIslandMemo(base + islandPuts[i]!, shapes.islandValues[i]!);
  }

  /** What a shape learns of the memo: strs' own bytes (keys a learned shape writes as learned), the classes of state texts. */
  private readonly shapeMemo: ShapeMemo = {
    keyText: (index) => {
      const info = this.memoInfoAt(index);
      if ((info & this.spanBit) !== 0 && (info & KIND_BITS) === K_STR) return this.tapeOutput.out.slice(this.memoStart[index]!, this.memoEnd[index]!);
      // A str an island kept (the keys of objects' state dicts are first met inside the first
      // object, an island): what a memo read of it writes (recallIsland).
      return (info & this.islandBit) !== 0 ? this.islandStrBytes(index) : null;
    },
    stateClassOf: (index) => {
      if ((this.memoInfoAt(index) & this.islandBit) === 0) return 0;
      const value = this.islandMemoAt(index);
      if (!(value instanceof PyGlobal)) return 0;
      if (value.module === "decimal") return value.name === "Decimal" ? STATE_DECIMAL : 0;
      if (value.module === "uuid") return value.name === "UUID" ? STATE_UUID : 0;
      if (value.module !== "datetime") return 0;
      return value.name === "datetime" ? STATE_DATETIME : value.name === "date" ? STATE_DATE : value.name === "timedelta" ? STATE_TIMEDELTA : 0;
    },
    isIslandStr: (index, text) => (this.memoInfoAt(index) & this.islandBit) !== 0 && this.islandMemoAt(index) === text,
    timezoneSuffixOf: (index) => {
      if ((this.memoInfoAt(index) & this.islandBit) === 0) return null;
      const value = this.islandMemoAt(index);
      if (!(value instanceof PyTimezone)) return null;
      // Its offset as stateIsoText writes it after a datetime's time (a fixed offset: any datetime's).
      const text = stateIsoText(SOME_DATETIME_STATE, 0, false, value);
      return text === undefined ? null : text.slice(SOME_DATETIME_TEXT_LENGTH);
    },
  };

  /**
   * The dict at stack slot `slot` leaves the stack (an object's BUILD takes it as its state): a
   * shape pending on it is checked now, while the driver's slot and memo entries are there to
   * compare (checkPendingShape, at the next dict, would find the slot gone).
   */
  protected checkShapeLeaving(slot: number): void {
    const shapes = this.valueShapes;
    const pending = shapes === null ? null : shapes.pending;
    if (pending !== null && pending.slot === slot && this.stack[slot] === pending.start) this.checkPendingShape(shapes!, pending);
  }

  /**
   * The dict a pending shape was learned from, written by now: the shape is kept when its replay
   * of the dict's bytes (past the output's end, then dropped) writes what the driver wrote for it:
   * its output, its memo entries and its slot.
   */
  private checkPendingShape(shapes: ValueShapes, pending: PendingShape): void {
    shapes.pending = null;
    const s = pending.slot;
    const start = pending.start;
    if (s >= this.sp || this.stack[s] !== start) return;
    const end = this.slotEnd(s);
    const output = this.tapeOutput;
    const scratch = output.pos;
    this.lendMemo(shapes, pending.memoFrom, s);
    const isRead = shapes.replayModel(pending.shape);
    const length = output.pos - scratch;
    let isSame = isRead && length === end - start && this.isShapeSlot(s, shapes) && pending.memoFrom + shapes.putCount <= this.memoHigh;
    const out = output.out;
    for (let i = 0; isSame && i < length; i++) if (out[start + i] !== out[scratch + i]) isSame = false;
    for (let k = 0; isSame && k < shapes.putCount; k++) {
      const index = pending.memoFrom + k;
      const info = shapes.putInfo[k]!;
      if (this.memoInfo[index] !== info) isSame = false;
      else if ((info & shapes.openBit) !== 0) isSame = this.memoStart[index] === start && this.memoEnd[index] === s;
      else isSame = this.memoStart[index]! - start === shapes.putStart[k]! - scratch && this.memoEnd[index]! - start === shapes.putEnd[k]! - scratch;
    }
    // No entry of the driver's inside the dict that the replay did not set.
    const next = pending.memoFrom + shapes.putCount;
    if (next < this.memoHigh && this.memoInfo[next] !== 0 && this.memoStart[next]! < end) isSame = false;
    output.pos = scratch;
    if (isSame) shapes.keep(pending.shape);
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

  /**
   * Declines an open container memoized after a value written inside it (`EMPTY_LIST MARK s
   * BINPUT 0 APPENDS BINPUT 1`, which CPython never writes): shiftMemo moves the entries past a
   * growing head by walking back from the last one set, which holds only while an open
   * container's entry comes before those of its contents. Closed values (a tuple after its
   * items) cannot grow and need no check.
   */
  protected checkOpenMemoOrder(start: number): void {
    if (this.memoHigh > 0 && start < this.memoStart[this.memoHigh - 1]!) decline();
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
    this.memoInfo = this.grownMemoArray(this.memoInfo, grown, size);
    this.memoStart = this.grownMemoArray(this.memoStart, grown, size);
    this.memoEnd = this.grownMemoArray(this.memoEnd, grown, size);
  }

  /**
   * `array` in a new one of `length` entries, the first `needed` of which are about to be set,
   * from the output's maker of work buffers: a giant root's memo, made room for at once from its
   * input's size (records.pkl: 7.2M entries, 87 MB), is then touched ahead as its output is.
   */
  private grownMemoArray(array: Int32Array, length: number, needed: number): Int32Array {
    const bytes = this.tapeOutput.newWorkBytes(length * 4, array.length * 4, needed * 4);
    const grown = new Int32Array(bytes.buffer, bytes.byteOffset, length);
    grown.set(array);
    return grown;
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
    this.outputLimit = output.recordOutputStart + this.recordBudget(inputBytes);
    if (output.pos + more > this.outputLimit) decline();
  }

  /** The most output bytes a record of `inputBytes` input bytes may write. */
  protected recordBudget(inputBytes: number): number {
    return this.fixedBudget ?? defaultOutputBudget(Math.max(0, inputBytes));
  }

  // ---- sets: written as lists (the value path writes a set as an array, in the pickle's order)

  /**
   * EMPTY_SET. A record that is a set is left to the value path: its elements would have to be
   * checked for repeats across every batch of a giant root.
   */
  protected override pushEmptySet(): void {
    if (this.sp === 0) decline();
    this.pushEmpty(K_LIST);
    this.slotInfo[this.sp - 1] = this.slotInfo[this.sp - 1]! | this.setBit;
  }

  /** ADDITEMS: strs and ints only, into a set. */
  protected override addItems(slot: number, from: number): void {
    const info = this.slotInfo[slot]!;
    if ((info & this.setBit) === 0) decline();
    this.checkElementKinds(from, this.sp);
    // `extend` takes lists only (APPENDS into a set is the value path's error).
    this.slotInfo[slot] = info & ~this.setBit;
    this.extend(slot, from, false);
    this.slotInfo[slot] = this.slotInfo[slot]! | this.setBit;
  }

  /** FROZENSET: written as a tuple is, its elements (strs and ints) all different, else the value path's. */
  protected override pushFrozenSet(from: number): void {
    this.checkElementKinds(from, this.sp);
    const keys = this.elementKeys;
    keys.reset();
    const out = this.tapeOutput.out;
    // An int written in quotes (after a MARK over a dict) looks like a str of its digits: its kind keeps them apart.
    for (let i = from; i < this.sp; i++) keys.add(out, this.stack[i]!, this.slotEnd(i), (this.slotInfo[i]! & KIND_BITS) === K_STR ? KEY_STR : KEY_INT);
    if (keys.hasRepeated(out)) decline();
    this.pushContainer(K_TUPLE, from);
  }

  /** The values at slots [from, to) are strs or ints (set elements: others decline). */
  private checkElementKinds(from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const kind = this.slotInfo[i]! & KIND_BITS;
      if (kind !== K_STR && kind !== K_INT) decline();
    }
  }

  // ---- islands (island.ts)

  /**
   * The island at `start` (GLOBAL, STACK_GLOBAL or a memo read of a global), read by the island
   * reader and written by the writer where its value goes; returns the position after it, or -1
   * when it goes on past the input there is. STACK_GLOBAL's module and name,
   * written as strs before it, come off the output; their memo entries keep their text.
   */
  protected override island(start: number, frameEnd: number): number {
    const reader = this.islands;
    if (reader === null) decline();
    const input = this.window;
    if (input[start] === 0x68 /* BINGET */ || input[start] === 0x6a /* LONG_BINGET */) {
      // A class read from the memo (recall found an island's global there), then what it makes:
      // its opcodes are read up to the frame's end when that lies in the window, else the window's.
      const size = input[start] === 0x68 ? 2 : 5;
      const cls = this.islandMemoAt(size === 2 ? input[start + 1]! : this.view.getUint32(start + 1, true));
      const limit = start < frameEnd && frameEnd < this.windowLength ? frameEnd : this.windowLength;
      if (cls instanceof PyGlobal && start + size <= limit) {
        let after = this.naiveStateText(reader, cls, start + size, limit);
        if (after < 0) after = this.plainObject(reader, cls, start + size, limit);
        if (after >= 0) return after;
      }
    }
    let module: string | undefined;
    let name: string | undefined;
    const sp = this.sp;
    const isStackGlobal = input[start] === 0x93 /* STACK_GLOBAL */;
    // The island as the record itself is the value path's (a DataFrame record is written by rows
    // there): declined before it is read. But for an object of a class we do not rebuild named
    // by STACK_GLOBAL (a stream of `pickle.dump(obj)` records, protocols 4 and 5): the island
    // writes it as the value path would, and record shapes learn from the records so written.
    const isRecord = sp - (isStackGlobal ? 2 : 0) <= 0;
    if (isStackGlobal) {
      if (sp - 2 < this.fence()) decline();
      module = this.slotText(sp - 2);
      name = this.slotText(sp - 1);
      if (isRecord && !reader.isPlainName(module, name, this.proto)) decline();
    } else if (isRecord) {
      // GLOBAL's `module\nname\n` (protocols 0-3), read as the decoder reads it; -1 while its
      // lines are not all in (the island is read again from here when more input comes).
      const plain = this.isPlainGlobalAt(reader, start, frameEnd);
      if (plain < 0) return -1;
      if (plain === 0) decline();
    }
    const end = !isRecord && this.takesStateText(isStackGlobal ? sp - 2 : sp) ? reader.readStateText(input, this.view, start, this.windowLength, frameEnd, this.proto, this.memoSize, this, module, name) : NOT_STATE_TEXT;
    if (end >= 0) {
      if (module !== undefined) this.dropNames(sp - 2, module, name!);
      return this.stateTextIsland(reader, end);
    }
    if (end === ISLAND_RAN_OUT) return -1;
    if (this.onlyStateText) decline();
    const next = reader.read(input, this.view, start, this.windowLength, frameEnd, this.proto, this.memoSize, this, module, name);
    if (next === ISLAND_RAN_OUT) {
      if (reader.reached - start > MAX_ISLAND_REREAD_BYTES) decline();
      return -1;
    }
    this.frameEnd = reader.frameEnd;
    if (module !== undefined) this.dropNames(sp - 2, module, name!);
    if (this.sp + this.mp + reader.depth + 1 >= reader.maxDepth) decline();
    const value = reader.value;
    if (isRecord && !(value instanceof PyInstance)) decline();
    const spanInfo = this.pushIslandValue(value);
    const at = this.stack[this.sp - 1]!;
    const valueEnd = this.tapeOutput.pos;
    const indices = reader.putIndices;
    const values = reader.putValues;
    // An array of numbers is only ever written again where it is read (no key holds one): its
    // memo entry is its span alone, as a text island's (a memo read of it as another island's
    // part declines the record). Kept as a value, a dict of 100k small arrays kept 100k arrays
    // alive for the memo, and the scavenger copied them (0.5 of 2.0 s).
    const isSpanOnly = spanInfo !== 0 && isPyObject(value) && numberGridOf(value) !== null;
    for (let i = 0; i < indices.length; i++) {
      const put = values[i]!;
      if (put !== value) this.putIsland(indices[i]!, put, this.islandBit, at, at);
      else if (isSpanOnly) this.putIsland(indices[i]!, undefined, spanInfo, at, valueEnd);
      else this.putIsland(indices[i]!, put, spanInfo | this.islandBit, at, valueEnd);
    }
    if (valueEnd > this.outputLimit) this.checkBudget(0);
    return next;
  }

  /**
   * For a record that begins with GLOBAL at input[start] (or a memo read): 1 when the opcode is
   * GLOBAL naming a class we do not rebuild, 0 when it is not, -1 when its lines run past the
   * input there is.
   */
  private isPlainGlobalAt(reader: IslandReader, start: number, frameEnd: number): number {
    const input = this.window;
    if (input[start] !== 0x63 /* GLOBAL */) return 0;
    const limit = start < frameEnd && frameEnd < this.windowLength ? frameEnd : this.windowLength;
    const read = input.subarray(0, limit);
    const moduleEnd = read.indexOf(0x0a, start + 1);
    const nameEnd = moduleEnd < 0 ? -1 : read.indexOf(0x0a, moduleEnd + 1);
    if (nameEnd < 0) return limit === frameEnd || limit - start > MAX_GLOBAL_LINE_BYTES ? 0 : -1;
    try {
      return reader.isPlainName(decodeUtf8(input, start + 1, moduleEnd - start - 1), decodeUtf8(input, moduleEnd + 1, nameEnd - moduleEnd - 1), this.proto) ? 1 : 0;
    } catch {
      // Not UTF-8: the value path's error.
      return 0;
    }
  }

  /**
   * An object of a class we do not rebuild, as CPython pickles one once its class is in the memo
   * (put there by an island), begun by the writer itself (openObject) where the bytes say how it
   * ends, else left to the island:
   * - with a state: `()`, NEWOBJ (or REDUCE: a class whose `__reduce__` gives `(cls, (), state)`,
   *   as `types.SimpleNamespace`'s does; the value path makes the same placeholder of either call
   *   with no arguments), a put, then its state and BUILD. The state is a dict (a `__dict__`) or,
   *   where NONE comes before it, `(None, slots)` (a dataclass with `__slots__`): the driver's
   *   (and value shapes') to write; BUILD closes the object.
   * - with arguments (objectWithArgs): a namedtuple, an enum member.
   * `cls` is the class read, the bytes after it start at `newObj` and are read up to `limit`: the
   * position where the driver goes on, or -1 where the bytes are neither form, or the writer does
   * not write it.
   */
  private plainObject(reader: IslandReader, cls: PyGlobal, newObj: number, limit: number): number {
    // onlyStateText's writers leave every class but datetimes and dates to the value path.
    if (this.onlyStateText) return -1;
    const input = this.window;
    if (newObj + 3 > limit) return -1;
    if (input[newObj] !== 0x29 /* EMPTY_TUPLE */) return this.objectWithArgs(reader, cls, newObj, limit);
    // `()`, NEWOBJ or REDUCE, a put, NONE for a slots state, EMPTY_DICT: all inside the frame they start in.
    const call = input[newObj + 1];
    if (call !== 0x81 /* NEWOBJ */ && call !== 0x52 /* REDUCE */) return -1;
    const put = newObj + 2;
    let state = put + putLength(input[put]!);
    if (state < limit && input[state] === 0x4e /* NONE */) state++;
    if (state >= limit || input[state] !== 0x7d /* EMPTY_DICT */) return -1;
    if (!this.takesObject(reader, cls) || !this.openObject(cls, false)) return -1;
    this.slotCounts[this.sp - 1] = OBJECT_WITH_STATE;
    return put;
  }

  /**
   * An object made by calling its class with arguments: the tuple's items (scalars, each with an
   * optional put) after MARK and closed by TUPLE, or one to three closed by TUPLE1-3, an optional
   * put, then NEWOBJ (a namedtuple) or REDUCE (an enum member, a `__reduce__` that passes values).
   * The value path writes either as `{__class__, __args__}`: the writer writes the head, the
   * driver the tuple, and callClass the end. Not when a state dict follows the call (BUILD's:
   * the island reads all three), nor when an argument is a memo read of a class (the island
   * that read starts reads the tuple and the call). `args` is where the tuple starts: the
   * position after the class (where the driver goes on), or -1.
   */
  private objectWithArgs(reader: IslandReader, cls: PyGlobal, args: number, limit: number): number {
    const input = this.window;
    const view = this.view;
    let p = args;
    let count = 0;
    if (input[p] === 0x28 /* MARK */) {
      p++;
      while (p < limit && input[p] !== 0x74 /* TUPLE */) {
        if (count === MAX_SCANNED_ARGS || this.readsGlobal(p, limit)) return -1;
        p = skipScalar(input, view, p, limit);
        if (p < 0) return -1;
        count++;
      }
      if (p >= limit || count === 0) return -1;
    } else {
      for (;;) {
        if (this.readsGlobal(p, limit)) return -1;
        p = skipScalar(input, view, p, limit);
        if (p < 0) return -1;
        count++;
        if (input[p] === 0x84 + count /* TUPLE1, TUPLE2, TUPLE3 */) break;
        if (count === 3) return -1;
      }
    }
    p++;
    if (p < limit) p += putLength(input[p]!);
    if (p >= limit || (input[p] !== 0x81 /* NEWOBJ */ && input[p] !== 0x52) /* REDUCE */) return -1;
    // A state dict after the call (a str subclass with a `__dict__`, a `__reduce__` that gives a
    // state) is BUILD's, which an object closed by its call does not take: the island reads it.
    p++;
    if (p < limit) p += putLength(input[p]!);
    if (p < limit && input[p] === 0x4e /* NONE */) p++;
    if (p >= limit || input[p] === 0x7d /* EMPTY_DICT */) return -1;
    if (!this.takesObject(reader, cls) || !this.openObject(cls, true)) return -1;
    this.slotCounts[this.sp - 1] = OBJECT_WITH_ARGS;
    return args;
  }

  /**
   * Whether input[p] is a memo read of a global an island put there (a class: `getattr(Color,
   * "RED")` passes one): the island it starts reads what follows (the tuple, the call) itself,
   * so the driver would not see the arguments it looked ahead at.
   */
  private readsGlobal(p: number, limit: number): boolean {
    const op = this.window[p];
    // A cut read is skipScalar's to refuse.
    if ((op !== 0x68 /* BINGET */ && op !== 0x6a) /* LONG_BINGET */ || p + (op === 0x68 ? 2 : 5) > limit) return false;
    const index = op === 0x68 ? this.window[p + 1]! : this.view.getUint32(p + 1, true);
    const info = this.memoInfoAt(index);
    return (info & this.spanBit) === 0 && (info & this.islandBit) !== 0 && this.islandMemoAt(index) instanceof PyGlobal;
  }

  /** Whether an object of `cls` may be begun where the next value goes: the class is none we rebuild, the object not the record itself, depth to spare. */
  private takesObject(reader: IslandReader, cls: PyGlobal): boolean {
    return this.sp > 0 && reader.isPlainClass(cls) && this.sp + this.mp + DEPTH_ROOM < reader.maxDepth;
  }

  /**
   * A naive datetime or a date as CPython pickles one once its class is in the memo: the class's
   * memo read, the state's SHORT_BINBYTES, TUPLE1, REDUCE, each with an optional put, then an
   * opcode that takes the value (no put, no BUILD). Written from the state bytes as
   * readStateText and stateTextIsland write it (writeStateIso: the reconstructor's checks, no
   * str made; the state's and the tuple's entries holes, the value's its span): a row of a table
   * holds one in every row. The position after it, or -1 where the bytes are anything else, run
   * past the frame or the input, or fail a check (then readStateText and the value path judge).
   * `cls` is the class read; the bytes after it start at `after` and are read up to `limit`.
   */
  private naiveStateText(reader: IslandReader, cls: PyGlobal, after: number, limit: number): number {
    if (cls.module !== "datetime") return -1;
    const isDate = cls.name === "date";
    if (!isDate && cls.name !== "datetime") return -1;
    const input = this.window;
    const length = isDate ? 4 : 10;
    let p = after;
    if (p + 2 + length > limit || input[p] !== 0x43 /* SHORT_BINBYTES */ || input[p + 1] !== length) return -1;
    const state = p + 2;
    p = state + length;
    // A MEMOIZE puts at the memo's next index: each put here takes one.
    let nextMemo = this.memoSize;
    const statePut = this.putIndexAt(p, limit, nextMemo);
    p += this.putBytes;
    if (statePut >= 0) nextMemo++;
    if (statePut === PUT_CUT || p >= limit || input[p] !== 0x85 /* TUPLE1 */) return -1;
    const tuplePut = this.putIndexAt(p + 1, limit, nextMemo);
    p += 1 + this.putBytes;
    if (tuplePut >= 0) nextMemo++;
    if (tuplePut === PUT_CUT || p >= limit || input[p] !== 0x52 /* REDUCE */) return -1;
    const valuePut = this.putIndexAt(p + 1, limit, nextMemo);
    p += 1 + this.putBytes;
    // What follows takes the value (readStateText reads no more: a second put or BUILD is its).
    if (valuePut === PUT_CUT || p >= limit || input[p] === 0x62 /* BUILD */ || putLength(input[p]!) > 0) return -1;
    const sp = this.sp;
    if (sp === 0 || !this.takesStateText(sp) || sp + this.mp + DEPTH_ROOM >= reader.maxDepth) return -1;
    const textLength = writeStateIso(this.isoText, 0, input, state, isDate);
    if (textLength < 0) return -1;
    const info = this.pushIslandAscii(this.isoText, textLength);
    const at = this.stack[this.sp - 1]!;
    const valueEnd = this.tapeOutput.pos;
    if (statePut >= 0) this.putIsland(statePut, undefined, 0, at, at);
    if (tuplePut >= 0) this.putIsland(tuplePut, undefined, 0, at, at);
    if (valuePut >= 0) this.putIsland(valuePut, undefined, info, at, valueEnd);
    if (valueEnd > this.outputLimit) this.checkBudget(0);
    return p;
  }

  /** naiveStateText's isoformat, before it is written where the value goes. */
  private readonly isoText = new Uint8Array(32);
  /** After putIndexAt: the put's bytes (0: none). */
  private putBytes = 0;

  /** The index of the put (MEMOIZE: `nextMemo`, BINPUT, LONG_BINPUT) at input[p], NO_PUT for another opcode, PUT_CUT past `limit`; its length in putBytes. */
  private putIndexAt(p: number, limit: number, nextMemo: number): number {
    this.putBytes = 0;
    if (p >= limit) return PUT_CUT;
    const length = putLength(this.window[p]!);
    if (length === 0) return NO_PUT;
    if (p + length > limit) return PUT_CUT;
    this.putBytes = length;
    return length === 1 ? nextMemo : length === 2 ? this.window[p + 1]! : this.view.getUint32(p + 1, true);
  }

  /**
   * Begins a placeholder object of class `cls` whose state (BUILD closes it) or, `withArgs`,
   * whose arguments tuple (NEWOBJ or REDUCE closes it) comes next (plainObject): its head
   * (writeObjectHead) written where the next value goes and OPEN_OBJECT_SLOT pushed; true when the
   * writer writes it so, false to leave it to the island.
   */
  protected openObject(_cls: PyGlobal, _withArgs: boolean): boolean {
    return false;
  }

  /** What a writer writes before an object's class's name, and after it (writeObjectHead): the state's key or the arguments'. */
  protected readonly objectOpen: Uint8Array = new Uint8Array(0);
  protected readonly objectStateKey: Uint8Array = new Uint8Array(0);
  protected readonly objectArgsKey: Uint8Array = new Uint8Array(0);
  /** Object heads by class name (a list of objects names a few classes), given a state and given arguments. */
  private readonly stateHeads = new Map<string, ObjectHead>();
  private readonly argsHeads = new Map<string, ObjectHead>();
  /**
   * The last head written, and for which class object and form: the objects of a list read their
   * class from one memo entry, one PyGlobal. (Its name is made anew by each `pyClass` read, and a
   * Map lookup by a new string hashes it: 14% of a list of objects -> msgpack.)
   */
  private lastHeadClass: PyGlobal | null = null;
  private lastHeadWithArgs = false;
  private lastHead: ObjectHead = { bytes: new Uint8Array(0), words: new Int32Array(0) };

  /**
   * Writes what openObject writes before an object's state or arguments at the output's end and
   * returns where it starts: the value path's placeholder for a PyInstance made with no
   * arguments and given a state, or made with arguments, `__class__` and its class's name, then
   * `__state__` or `__args__` (objectOpen, the name as pushStrValue writes a str, objectStateKey
   * or objectArgsKey). Written 4 bytes at a time (writeLearned): a head is 20-40 bytes.
   */
  protected writeObjectHead(cls: PyGlobal, withArgs: boolean): number {
    const head = cls === this.lastHeadClass && withArgs === this.lastHeadWithArgs ? this.lastHead : this.objectHead(cls, withArgs);
    const output = this.tapeOutput;
    const start = output.pos;
    writeLearned(output, head.bytes, head.words, this.outputView(head.bytes.length));
    return start;
  }

  private objectHead(cls: PyGlobal, withArgs: boolean): ObjectHead {
    const qualname = cls.pyClass;
    const heads = withArgs ? this.argsHeads : this.stateHeads;
    let head = heads.get(qualname);
    if (head === undefined) {
      const name = this.strBytes(qualname);
      const key = withArgs ? this.objectArgsKey : this.objectStateKey;
      const bytes = new Uint8Array(this.objectOpen.length + name.length + key.length);
      bytes.set(this.objectOpen, 0);
      bytes.set(name, this.objectOpen.length);
      bytes.set(key, this.objectOpen.length + name.length);
      head = { bytes, words: wordsOf(bytes) };
      if (heads.size < MAX_OBJECT_HEADS) heads.set(qualname, head);
    }
    this.lastHeadClass = cls;
    this.lastHeadWithArgs = withArgs;
    this.lastHead = head;
    return head;
  }

  /** Slot info bits an object keeps from its open slot when BUILD closes it (the JSON writer's role). */
  protected readonly objectKeptBits: number = 0;

  /** Whether the value at `slot`, right after an object's head, is a dict or a tuple (a slots state, `(None, slots)`) BUILD may take as its state. */
  protected isStateValue(_slot: number): boolean {
    return false;
  }

  /** Whether the value at `slot`, right after an object's head, is a tuple of one item or more (NEWOBJ's or REDUCE's arguments). */
  protected isArgsTuple(_slot: number): boolean {
    return false;
  }

  /** The state or arguments at `slot` are closed for good (later items into a state dict decline), a dict's memo entry its span; then the object's end is written. */
  protected closeObjectState(_slot: number): void {
    decline();
  }

  /**
   * BUILD of an object openObject began with a state, its state right above it: the object
   * closed (closeObject). Anything else declines (the value path's BUILD).
   */
  protected override build(): void {
    this.closeObject(OBJECT_WITH_STATE);
  }

  /** NEWOBJ or REDUCE of an object openObject began with arguments, the tuple right above it: the object closed (closeObject); else declined. */
  protected override callClass(): void {
    this.closeObject(OBJECT_WITH_ARGS);
  }

  /**
   * The object below the top value, begun by openObject in `form`, and the top value its state
   * or its arguments: the value closed for good and the object's end written (closeObjectState),
   * and the object a class's value (K_ISLAND) of the value's height + 1, its memo entry (a hole
   * until now) its span. Anything else declines.
   */
  private closeObject(form: number): void {
    const value = this.sp - 1;
    const object = value - 1;
    if (object < this.fence() || (this.slotInfo[object]! & KIND_BITS) !== K_OPEN_OBJECT || this.slotCounts[object] !== form) decline();
    if (form === OBJECT_WITH_STATE ? !this.isStateValue(value) : !this.isArgsTuple(value)) decline();
    this.checkShapeLeaving(value);
    this.closeObjectState(value);
    const height = (this.slotInfo[value]! >>> HEIGHT_SHIFT) + 1;
    if (height > MAX_HEIGHT) decline();
    this.sp = value;
    const info = K_ISLAND | (height << HEIGHT_SHIFT);
    this.slotInfo[object] = info | (this.slotInfo[object]! & this.objectKeptBits);
    const end = this.tapeOutput.pos;
    const memo = this.slotMemo[object]!;
    if (memo >= 0) {
      this.memoInfo[memo] = info | this.spanBit;
      this.memoStart[memo] = this.stack[object]!;
      this.memoEnd[memo] = end;
      this.slotMemo[object] = -1;
    }
    if (end > this.outputLimit) this.checkBudget(0);
  }

  /**
   * An island's memo put: entry `index` gets `info` and the output span [start, end), and keeps
   * `value` in the island memo unless it is undefined (a hole, info 0, or a text's span alone).
   */
  private putIsland(index: number, value: PyValue | undefined, info: number, start: number, end: number): void {
    this.claimMemo(index);
    if (value !== undefined) this.setIslandMemo(index, value);
    this.memoInfo[index] = info;
    this.memoStart[index] = start;
    this.memoEnd[index] = end;
    this.closeMemoClaim(index);
  }

  /**
   * The island memo's entry `index` = value. Blocks of a fixed size, made as they are first
   * written, so every store is inside an array: a store past an array's end leaves a gap, which
   * V8 makes a runtime call each time, growing one array by appends copies it step by step, and
   * `new Array(n)` of a large n is a dictionary until filled (a dict of 300k dicts with a datetime
   * each: ~10% of the command's time in that one store, then ~5% in appends or fills).
   */
  private setIslandMemo(index: number, value: PyValue | TimedeltaInts): void {
    const blocks = this.islandBlocks;
    const b = index >>> ISLAND_BLOCK_BITS;
    while (blocks.length <= b) blocks.push(EMPTY_BLOCK);
    let block = blocks[b]!;
    if (block === EMPTY_BLOCK) block = blocks[b] = new Array<PyValue | TimedeltaInts | undefined>(ISLAND_BLOCK);
    block[index & (ISLAND_BLOCK - 1)] = value;
    if (index >= this.islandHigh) this.islandHigh = index + 1;
  }

  /** The island memo's entry `index`, or undefined. */
  protected islandMemoAt(index: number): PyValue | undefined {
    const block = this.islandBlocks[index >>> ISLAND_BLOCK_BITS];
    if (block === undefined) return undefined;
    const value = block[index & (ISLAND_BLOCK - 1)];
    if (!(value instanceof TimedeltaInts)) return value;
    // A value shape's timedelta, made when first read.
    const made = value.made();
    block[index & (ISLAND_BLOCK - 1)] = made;
    return made;
  }

  /**
   * Islands are only datetimes and dates written from their state bytes (readStateText);
   * any other class declines its record. For outputs made from this driver's msgpack where the
   * value path's form of another class could say more than its msgpack (JSON rows, a deep
   * merge's dicts).
   */
  protected onlyStateText = false;

  /**
   * Whether an island's value at stack slot `slot` may be written from its text alone (see
   * stateTextIsland): a writer whose island values as dict keys need their object (a memo read
   * of one writes it again) says no there.
   */
  protected takesStateText(_slot: number): boolean {
    return true;
  }

  /**
   * The island `readStateText` read (a datetime, a date, a Decimal or a numpy scalar), ending at
   * `end`: its text written (a scalar: its value, by pushIslandValue); its class's memo entry
   * (when GLOBAL or STACK_GLOBAL read it) and those of values made inside it (a timezone, a
   * dtype) as `island` sets them; the state's and the tuples' entries holes (a memo read of them
   * declines the record); the value's entry its span as pushIslandValue's would be, without
   * islandBit for a text (no value is kept: an island reading it declines, see
   * islandMemoValue), with the value for a scalar, as `island` keeps one.
   */
  private stateTextIsland(reader: IslandReader, end: number): number {
    if (this.sp + this.mp + reader.depth + 1 >= reader.maxDepth) decline();
    const made = reader.madeValue;
    // onlyStateText's writers take texts alone (their JSON is made from this msgpack: a float32
    // scalar's would not be the value path's JSON).
    if (made !== undefined && this.onlyStateText) decline();
    this.frameEnd = reader.frameEnd;
    const spanInfo = made === undefined ? this.pushIslandText(reader.text) : this.pushIslandValue(made);
    const at = this.stack[this.sp - 1]!;
    const valueEnd = this.tapeOutput.pos;
    if (reader.classPut >= 0) this.putIsland(reader.classPut, reader.classGlobal!, this.islandBit, at, at);
    const puts = reader.putIndices;
    const values = reader.putValues;
    // The value's put comes last, but for a UUID's: its object is put before its state (the memo's entries are set in order).
    let textPut = reader.textPut;
    for (let i = 0; i < puts.length; i++) {
      if (textPut >= 0 && textPut < puts[i]!) {
        this.putIslandValue(textPut, made, spanInfo, at, valueEnd);
        textPut = -1;
      }
      // Made inside it (a timezone, its timedelta, their classes and names) as `island` sets a
      // put that is not its value; the state's bytes and the tuples holes. A Decimal's str that
      // is its text (`str(self)`, as CPython pickles it) is the text's span, as a str's: no
      // island memo entry to keep for each of a root's prices.
      const value = values[i];
      if (typeof value === "string" && spanInfo !== 0 && value === reader.text) this.putIsland(puts[i]!, undefined, K_STR | this.spanBit, at, valueEnd);
      else this.putIsland(puts[i]!, value, value === undefined ? 0 : this.islandBit, at, at);
    }
    if (textPut >= 0) this.putIslandValue(textPut, made, spanInfo, at, valueEnd);
    if (valueEnd > this.outputLimit) this.checkBudget(0);
    return end;
  }

  /** stateTextIsland's put of its value: a value made (a numpy scalar) is kept, as `island` keeps one; a text is its span alone. */
  private putIslandValue(index: number, made: PyValue | undefined, spanInfo: number, at: number, valueEnd: number): void {
    this.putIsland(index, made, made === undefined ? spanInfo : spanInfo | this.islandBit, at, spanInfo === 0 ? at : valueEnd);
  }

  /**
   * A memo entry with islandBit and no span of its own: a global starts an island (false); a str
   * (a module or class name an island's STACK_GLOBAL took from the stack) is written; so is a
   * class's value (one written as a dict key, or one made inside an island, a datetime's
   * timezone): the value path writes the same object again where it is read.
   */
  protected recallIsland(index: number): boolean {
    const value = this.islandMemoAt(index);
    if (value instanceof PyGlobal) return false;
    if (typeof value === "string") {
      // Its bytes made once per record: an object's keys are read from the memo in every object after the first.
      this.pushStrBytes(this.islandStrBytes(index)!);
    } else if (isPyObject(value)) {
      // A value readStateText made (a timezone, a dtype): a class onlyStateText's writers leave to the value path.
      if (this.onlyStateText) decline();
      this.pushIslandValue(value);
      if (this.tapeOutput.pos > this.outputLimit) this.checkBudget(0);
    } else {
      decline();
    }
    return true;
  }

  /** IslandMemo: the value of a memo entry set before the island, when an island may read it. */
  islandMemoValue(index: number): PyValue | undefined {
    const info = this.memoInfoAt(index);
    if ((info & this.islandBit) !== 0) return this.islandMemoAt(index);
    if ((info & this.spanBit) !== 0 && (info & KIND_BITS) === K_STR) return this.strText(this.memoStart[index]!, this.memoEnd[index]!);
    return undefined;
  }

  /** The value path's bytes for an island's value, or decline. */
  protected encodeIsland(value: PyValue): Uint8Array {
    const reader = this.islands;
    if (reader === null) decline();
    try {
      return reader.encode(value);
    } catch {
      // A cycle, the budget, a value the format has no form for: the value path says which.
      decline();
    }
  }

  /**
   * The text of the str at stack slot `slot` (else decline). STACK_GLOBAL's module and name:
   * a stream of records names the same few classes in each, so a name written as before (the
   * same output bytes) is the text decoded then (pandas' 30-byte module names decoded per record
   * took ~10% of a stream of Timestamps).
   */
  private slotText(slot: number): string {
    if ((this.slotInfo[slot]! & KIND_BITS) !== K_STR) decline();
    const start = this.stack[slot]!;
    const end = this.slotEnd(slot);
    const out = this.tapeOutput.out;
    const names = this.recentNames;
    for (const known of names) if (known.bytes.length === end - start && sameBytes(out, start, known.bytes)) return known.text;
    const text = this.strText(start, end);
    if (text === undefined) decline();
    if (end - start <= MAX_RECENT_NAME_BYTES) {
      if (names.length === MAX_RECENT_NAMES) names.shift();
      names.push({ bytes: out.slice(start, end), text });
    }
    return text;
  }

  /**
   * STACK_GLOBAL took the strs at slots `slot` and `slot + 1`: their output goes, and their memo
   * entries (the last ones set, from there on) keep their text instead of a span.
   */
  private dropNames(slot: number, module: string, name: string): void {
    const moduleStart = this.stack[slot]!;
    const nameStart = this.stack[slot + 1]!;
    const cut = this.slotCut(slot);
    for (let index = this.memoHigh - 1; index >= 0; index--) {
      const info = this.memoInfo[index]!;
      if (info === 0) continue;
      const from = this.memoStart[index]!;
      if (from < cut) break;
      if ((info & this.spanBit) === 0 || (info & KIND_BITS) !== K_STR) decline();
      const text = from === moduleStart ? module : from === nameStart ? name : this.strText(from, this.memoEnd[index]!);
      if (text === undefined) decline();
      this.setIslandMemo(index, text);
      this.memoInfo[index] = this.islandBit;
      this.memoStart[index] = cut;
      this.memoEnd[index] = cut;
    }
    this.tapeOutput.pos = cut;
    this.sp = slot;
  }
}
