import { base64Length, encodeBase64Into } from "../json/base64.js";
import { writeIntDigits } from "../json/int-digits.js";
import { scalarKeyText } from "../json/key-text.js";
import { numberGridOf } from "../json/column-value.js";
import type { JsonTapeWriter } from "./json-tape-writer.js";
import { keysMayRepeat, RootKeyTable } from "./root-keys.js";
import { grownUint8, K_BYTES, K_DICT, K_FALSE, K_FLOAT, K_INT, K_ISLAND, K_LIST, K_LONG, K_NONE, K_STR, K_TRUE, K_TUPLE, NODE_EMPTY_TUPLE, NODE_FALSE, NODE_NONE } from "./tape.js";
import { putBytes } from "./shape-bytes.js";
import type { PyGlobal } from "../values/placeholders.js";
import { decodeUtf8 } from "../decoder/text.js";
import { isPyObject, type PyValue } from "../values/py-types.js";

import { JSON_ESCAPED, writeJsonEscape, writeJsonFloat, writeJsonStr, writeLong1Digits } from "./json-escape.js";
import { JSON_SHAPES } from "./json-record-shape.js";
import { JsonValueShapes } from "./json-value-shape.js";
import { DirectDriver, K_OPEN_OBJECT, OPEN_OBJECT_SLOT } from "./direct-driver.js";
import { F_OPEN, F_TENT, HEIGHT_SHIFT, KIND_BITS, M_ISLAND, M_OPEN, M_SPAN, M_VALUE_BITS, ROLE_BITS, ROLE_SHIFT } from "./json-slots.js";
import { decline } from "./tape-driver.js";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;

// A stack slot's info: the value's kind (K_*) in bits 0-7, then flags, its role in bits 12-13
// (what the separator before it says it is), its nesting height from bit 16 on (json-slots.ts).
/** An int written as a dict key: in quotes. */
const F_QUOTED = 0x400;
/** A dict given keys in more than one batch: its keys are checked from its output when it closes. */
const F_RESCAN = 0x800;
/**
 * A set (EMPTY_SET): a list that takes ADDITEMS and not APPENDS, whose elements (strs and ints)
 * are checked for a repeat when it closes (the value path's Set keeps one of them).
 */
const F_SET = 0x4000;
/**
 * A dict key written from an island (a class's value as a key): its compact JSON text as a str,
 * as the value path writes such a key. It may not move to where a value goes (its bytes would be
 * the key's, not the value's), nor be memoized as a span.
 */
const F_KEY_TEXT = 0x8000;
/** What an object's head holds before and after its class's name (DirectDriver.writeObjectHead). */
const OBJECT_OPEN = new TextEncoder().encode('{"__class__":');
const OBJECT_STATE_KEY = new TextEncoder().encode(',"__state__":');
const OBJECT_ARGS_KEY = new TextEncoder().encode(',"__args__":');

/** Roles: what the value was written as (its separator and quotes follow). */
const R_FREE = 0;
const R_KEY = 1;
const R_VALUE = 2;
const R_ITEM = 3;
/** Containers nested deeper than this are left to the value path (as the tape writers do at depth 200). */
const MAX_HEIGHT = 200;
/** A dict's one batch of up to this many keys is checked pairwise; past it through a hash table. */
const PAIRWISE_KEYS = 16;
const KEY_STR = 1;
const KEY_INT = 2;

/**
 * Output made room for at once when a root starts with this much input after it (JSON of plain
 * data is ~1.75x its pickle), instead of doubling its way there (records-small.pkl, 15 MB: 8
 * doublings copied 32 MB, 6% of its time).
 */
const PRESIZE_MIN_INPUT = 1 << 20;
const OUTPUT_PER_INPUT_BYTE = 1.8;
const PRESIZE_MAX = 2 ** 31 - 1;
/** Input bytes per memo entry made room for when a giant root starts. */
const MEMO_INPUT_BYTES = 16;


/**
 * The JSON writer's one pass: the driver's opcodes write JSON straight into the writer's output,
 * with no tape nodes, byte for byte what JsonTapeWriter writes. The stack holds each value's
 * output start; values on the stack follow one another in the output, each after the separator
 * its place calls for, written as it is pushed: after a MARK over a dict, `:` before each value
 * and `,` before each later key (int keys in quotes); after a MARK over a list, `,` between
 * items; after a dict or list just made, its first key or item (SETITEM, APPEND). A container's
 * `{` or `[` is written when it is made, its `}` or `]` after each batch (taken off again when
 * another batch comes). Where the guess was wrong (an empty container followed by its sibling,
 * TUPLE1-3 whose items were written as a key and a value, a tuple's `[` and `]`), the items are
 * written again in place with the right separators (a few bytes move). A memoized value's span
 * is its own bytes; met again, they are copied. Whatever this pass does not handle (DICT/LIST
 * from a MARK, memo indices out of order, extending a container after it was copied) declines:
 * the value path writes the record.
 */
export class JsonDirectDriver extends DirectDriver {
  // Parallel to the stack, beside DirectDriver's slot arrays: the separator byte written before the slot's value (0: none).
  private slotSep = new Uint8Array(1 << 10);
  /** The role and separator of the value being pushed (set by `separate`). */
  private role = 0;
  /** Set by `placeOf`: the slot below is a dict or list whose closing bracket must come off first. */
  private isReopen = false;
  private placeSep = 0;
  private isPresized = false;
  /** The last float written had 16-17 significant digits (pushFloat). */
  private isLastFloatLong = false;
  /** The root dict's first batch (of up to PAIRWISE_KEYS keys) was checked from the stack, its keys not kept. */
  private isRootUnkept = false;
  /** The root's first keys were found again in its output, where an int key looks like a str: all its keys count as one kind. */
  private isRootKindless = false;
  // For `rewrite`.
  private scratch = new Uint8Array(1 << 12);
  private oldStarts = new Int32Array(64);
  private deltas = new Int32Array(64);
  /** The root dict's keys. */
  private readonly rootKeys = new RootKeyTable();
  /** For nested dicts past PAIRWISE_KEYS keys, or checked from their output. */
  private readonly bigKeys = new RootKeyTable();
  private readonly writer: JsonTapeWriter;

  constructor(writer: JsonTapeWriter, maxBytesLength: number, fixedBudget: number | undefined) {
    super(writer, maxBytesLength, fixedBudget);
    this.writer = writer;
    this.learnsShapes(JSON_SHAPES);
    this.learnsValueShapes(new JsonValueShapes(writer, maxBytesLength));
  }

  protected override beginRecord(at: number): void {
    super.beginRecord(at);
    this.rootKeys.reset();
    this.isPresized = false;
    this.isRootUnkept = false;
    this.isRootKindless = false;
    this.checkBudget(0);
  }

  protected override finishRecord(): void {
    this.lastRecordMemoLength = this.memoSize;
    const info = this.slotInfo[0]!;
    if ((info & F_OPEN) !== 0) {
      const kind = info & KIND_BITS;
      if (kind === K_DICT && this.rootKeys.hasRepeated(this.writer.out)) decline();
      const writer = this.writer;
      writer.room(1)[writer.pos++] = kind === K_DICT ? 0x7d : 0x5d;
    }
    this.checkBudget(0, true);
    this.learnShapeOfRecord();
    this.writer.endDirectRecord();
    this.leaveRecord();
  }

  // ---- dicts by value shapes (value-shape.ts, json-value-shape.ts)

  /** The dict at `at` written by a shape after its separator and pushed, its memo entries set: the input position after it, or -1 with nothing changed. */
  protected override writeShapeValue(shapes: JsonValueShapes, at: number, end: number): number {
    const writer = this.writer;
    const sp = this.sp;
    const before = writer.pos;
    const belowInfo = this.slotInfo[sp - 1]!;
    // The separator may take the bracket of the container below off (a batch into it): put back on a miss.
    const lastByte = before > 0 ? writer.out[before - 1]! : 0;
    const start = this.separate();
    const after = this.replayShapes(shapes, at, end);
    if (after < 0) {
      writer.pos = before;
      if (before > 0) writer.out[before - 1] = lastByte;
      this.slotInfo[sp - 1] = belowInfo;
      return -1;
    }
    this.pushSlot(start, K_DICT | F_TENT | (shapes.height << HEIGHT_SHIFT));
    this.slotCounts[sp] = shapes.pairs;
    this.slotMemo[sp] = shapes.topMemo;
    return after;
  }

  /** The slot of a dict the driver wrote is as a replay of `shapes` leaves it: a dict of one batch, its bracket written. */
  protected override isShapeSlot(slot: number, shapes: JsonValueShapes): boolean {
    return (this.slotInfo[slot]! & ~ROLE_BITS) === (K_DICT | F_TENT | (shapes.height << HEIGHT_SHIFT)) && this.slotCounts[slot] === shapes.pairs && this.slotMemo[slot] === shapes.topMemo;
  }

  // ---- where a value goes

  /**
   * The role and separator of a value pushed at stack slot `s` (sp === s), into `this.role` and
   * `this.placeSep`; `this.isReopen` when the dict or list below is to be given another batch
   * (its closing bracket, the last byte written, comes off).
   */
  private placeOf(s: number): void {
    const mp = this.mp;
    const mark = mp > 0 ? this.marks[mp - 1]! : -1;
    this.isReopen = false;
    if (s === mark) {
      // The first value after a MARK: a batch into the dict or list under it (unless the MARK is
      // on another MARK: then a tuple's).
      const c = s - 1;
      if (c >= 0 && (mp < 2 || this.marks[mp - 2] !== mark)) {
        const info = this.slotInfo[c]!;
        const kind = info & KIND_BITS;
        if ((kind === K_DICT || kind === K_LIST) && (info & (F_OPEN | F_TENT)) !== 0) {
          this.isReopen = (info & F_TENT) !== 0;
          this.role = kind === K_DICT ? R_KEY : R_ITEM;
          this.placeSep = this.slotCounts[c]! > 0 ? COMMA : 0;
          return;
        }
      }
      this.role = R_FREE;
      this.placeSep = 0;
      return;
    }
    if (s === 0) {
      this.role = R_FREE;
      this.placeSep = 0;
      return;
    }
    const info = this.slotInfo[s - 1]!;
    if ((info & KIND_BITS) === K_OPEN_OBJECT) {
      // An object's state, right after its `"__state__":`.
      this.role = R_VALUE;
      this.placeSep = 0;
      return;
    }
    if ((info & F_OPEN) !== 0) {
      // After a dict or list still open: its next key or item (SETITEM, APPEND).
      this.role = (info & KIND_BITS) === K_DICT ? R_KEY : R_ITEM;
      this.placeSep = this.slotCounts[s - 1]! > 0 ? COMMA : 0;
      return;
    }
    const role = (info & ROLE_BITS) >> ROLE_SHIFT;
    if (role === R_KEY) {
      this.role = R_VALUE;
      this.placeSep = COLON;
    } else {
      this.role = role === R_VALUE ? R_KEY : role;
      this.placeSep = COMMA;
    }
  }

  /** Writes the separator of the value about to be pushed; returns where the value starts. */
  private separate(): number {
    const writer = this.writer;
    const sp = this.sp;
    if (sp === 0) {
      this.role = R_FREE;
      return writer.pos;
    }
    this.placeOf(sp);
    if (this.isReopen) {
      // The dict or list under the MARK is the last value written: its bracket is the last byte.
      writer.pos--;
      this.slotInfo[sp - 1] = (this.slotInfo[sp - 1]! & ~F_TENT) | F_OPEN;
    }
    const sep = this.placeSep;
    if (sep !== 0) {
      const pos = writer.pos;
      writer.room(1)[pos] = sep;
      writer.pos = pos + 1;
    }
    return writer.pos;
  }

  private pushSlot(start: number, info: number): void {
    const sp = this.sp;
    if (sp === this.stack.length) this.growStack();
    this.stack[sp] = start;
    this.slotInfo[sp] = info | (this.role << ROLE_SHIFT);
    this.slotSep[sp] = sp === 0 ? 0 : this.placeSep;
    this.sp = sp + 1;
  }

  protected override growStack(): void {
    super.growStack();
    this.slotSep = grownUint8(this.slotSep, this.stack.length);
  }

  // ---- values

  protected override pushEmpty(kind: number): void {
    const start = this.separate();
    const writer = this.writer;
    writer.room(1)[start] = kind === K_DICT ? 0x7b : 0x5b;
    writer.pos = start + 1;
    const sp = this.sp;
    this.pushSlot(start, kind | F_OPEN | (1 << HEIGHT_SHIFT));
    this.slotCounts[sp] = 0;
    this.slotMemo[sp] = -1;
  }

  protected override pushConstant(node: number): void {
    const start = this.separate();
    const writer = this.writer;
    const out = writer.room(5);
    let info: number;
    let p = start;
    if (node === NODE_NONE) {
      out[p++] = 0x6e;
      out[p++] = 0x75;
      out[p++] = 0x6c;
      out[p++] = 0x6c;
      info = K_NONE;
    } else if (node === NODE_EMPTY_TUPLE) {
      out[p++] = 0x5b;
      out[p++] = 0x5d;
      info = K_TUPLE | (1 << HEIGHT_SHIFT);
    } else if (node === NODE_FALSE) {
      out[p++] = 0x66;
      out[p++] = 0x61;
      out[p++] = 0x6c;
      out[p++] = 0x73;
      out[p++] = 0x65;
      info = K_FALSE;
    } else {
      out[p++] = 0x74;
      out[p++] = 0x72;
      out[p++] = 0x75;
      out[p++] = 0x65;
      info = K_TRUE;
    }
    writer.pos = p;
    this.pushSlot(start, info);
  }

  protected override pushInt(value: number): void {
    const start = this.separate();
    const writer = this.writer;
    const out = writer.room(19);
    if (this.role === R_KEY) {
      out[start] = QUOTE;
      const end = writeIntDigits(out, start + 1, value);
      out[end] = QUOTE;
      writer.pos = end + 1;
      this.pushSlot(start, K_INT | F_QUOTED);
      return;
    }
    writer.pos = writeIntDigits(out, start, value);
    this.pushSlot(start, K_INT);
  }

  protected override pushLong(at: number, length: number): void {
    const start = this.separate();
    const writer = this.writer;
    const isKey = this.role === R_KEY;
    if (isKey) writer.room(1)[writer.pos++] = QUOTE;
    writeLong1Digits(this.window, at, length, writer);
    if (isKey) writer.room(1)[writer.pos++] = QUOTE;
    this.pushSlot(start, isKey ? K_LONG | F_QUOTED : K_LONG);
  }

  protected override pushFloat(at: number): void {
    const start = this.separate();
    this.isLastFloatLong = writeJsonFloat(this.writer, this.view.getFloat64(at, false), this.isLastFloatLong);
    this.pushSlot(start, K_FLOAT);
  }

  protected override pushText(isStr: boolean, at: number, length: number): void {
    const start = this.separate();
    const writer = this.writer;
    const input = this.window;
    if (!isStr) {
      const out = writer.room(base64Length(length) + 2);
      out[start] = QUOTE;
      const end = encodeBase64Into(input.subarray(at, at + length), out, start + 1);
      out[end] = QUOTE;
      writer.pos = end + 1;
      this.pushSlot(start, K_BYTES);
      return;
    }
    if (!writeJsonStr(input, this.view, at, length, writer, this.outputView(length + 2))) decline();
    this.pushSlot(start, K_STR);
  }

  /** A str of Latin-1 code points (input bytes): each byte past 0x7f as its 2 bytes of UTF-8, the rest escaped as JSON.stringify does. */
  protected override pushLatin1(at: number, length: number): void {
    const start = this.separate();
    const writer = this.writer;
    const out = writer.room(6 * length + 2);
    const input = this.window;
    let p = start;
    out[p++] = QUOTE;
    for (let i = at; i < at + length; i++) {
      const code = input[i]!;
      if (code >= 0x80) {
        out[p++] = 0xc0 | (code >> 6);
        out[p++] = 0x80 | (code & 0x3f);
      } else if (JSON_ESCAPED[code] === 0) {
        out[p++] = code;
      } else {
        p = writeJsonEscape(out, p, code);
      }
    }
    out[p++] = QUOTE;
    writer.pos = p;
    this.pushSlot(start, K_STR);
  }

  /** TUPLE, TUPLE1-3: the items are written again as `[a,b]` (LIST and DICT from a MARK are protocol 0's: the value path's). */
  protected override pushContainer(kind: number, from: number): void {
    if (kind !== K_TUPLE) decline();
    const to = this.sp;
    if (to === from) {
      this.pushConstant(NODE_EMPTY_TUPLE);
      return;
    }
    let height = 0;
    for (let i = from; i < to; i++) {
      const h = this.slotInfo[i]! >>> HEIGHT_SHIFT;
      if (h > height) height = h;
    }
    if (height + 1 > MAX_HEIGHT) decline();
    // Where the tuple goes, as if pushed now at `from`.
    this.sp = from;
    if (from === 0) {
      this.role = R_FREE;
      this.placeSep = 0;
      this.isReopen = false;
    } else {
      this.placeOf(from);
    }
    this.sp = to;
    const role = this.role;
    const sep = this.placeSep;
    const hadSep = this.slotSep[from] !== 0;
    let at = this.stack[from]! - (hadSep ? 1 : 0);
    if (!this.isReopen && this.areWrittenAsItems(from, to)) {
      this.openInPlace(at, from, hadSep, sep);
    } else {
      if (this.isReopen) {
        at--;
        this.slotInfo[from - 1] = (this.slotInfo[from - 1]! & ~F_TENT) | F_OPEN;
      }
      this.rewrite(at, from, to, sep, 0x5b, K_TUPLE, 0);
    }
    this.finishItems(from, to);
    const writer = this.writer;
    writer.room(1)[writer.pos++] = 0x5d;
    const start = at + (sep === 0 ? 0 : 1);
    this.sp = from;
    this.stack[from] = start;
    this.slotSep[from] = sep;
    this.slotInfo[from] = K_TUPLE | (role << ROLE_SHIFT) | ((height + 1) << HEIGHT_SHIFT);
    this.sp = from + 1;
  }

  /**
   * The values at slots [from, to) were written as a list's items are but for the separators
   * between them (`a,b,c`, or `a:b` where the first looked like a key: none quoted as a key, no
   * container left open), whatever came before the first: a tuple of them needs only `[` in front
   * and commas for colons (a list of rows, each a tuple: every TUPLE, TUPLE1-3 wrote its items
   * again, 39% of `pkl-stream` on a list of 1M 5-tuples).
   */
  private areWrittenAsItems(from: number, to: number): boolean {
    const slotInfo = this.slotInfo;
    const slotSep = this.slotSep;
    for (let i = from; i < to; i++) {
      if ((slotInfo[i]! & (F_OPEN | F_QUOTED | F_KEY_TEXT)) !== 0) return false;
      if (i > from && slotSep[i] !== COMMA && slotSep[i] !== COLON) return false;
    }
    return true;
  }

  /**
   * The items from stack slot `from` on (areWrittenAsItems) get the tuple's separator `sep` and
   * `[` in front, at `at` (where the first one's own separator was, if it `hadSep`): the items'
   * bytes move by what that adds, with their slots and memo entries; a colon between them becomes
   * a comma.
   */
  private openInPlace(at: number, from: number, hadSep: boolean, sep: number): void {
    const delta = (sep === 0 ? 1 : 2) - (hadSep ? 1 : 0);
    const writer = this.writer;
    if (delta > 0) {
      const pivot = this.stack[from]!;
      const end = writer.pos;
      writer.room(delta).copyWithin(pivot + delta, pivot, end);
      writer.pos = end + delta;
      const stack = this.stack;
      for (let i = from; i < this.sp; i++) stack[i] = stack[i]! + delta;
      this.shiftMemo(pivot, delta, M_SPAN);
    }
    const out = writer.out;
    let p = at;
    if (sep !== 0) out[p++] = sep;
    out[p] = 0x5b;
    const slotSep = this.slotSep;
    for (let i = from + 1; i < this.sp; i++) {
      if (slotSep[i] === COLON) {
        out[this.stack[i]! - 1] = COMMA;
        slotSep[i] = COMMA;
      }
    }
  }

  protected override extend(slot: number, from: number, isDict: boolean): void {
    const info = this.slotInfo[slot]!;
    if ((info & (KIND_BITS | F_SET)) !== (isDict ? K_DICT : K_LIST) || (info & (F_OPEN | F_TENT)) === 0) decline();
    const to = this.sp;
    if (isDict && ((to - from) & 1) === 1) decline();
    const added = isDict ? (to - from) >> 1 : to - from;
    if (added === 0) return;
    const before = this.slotCounts[slot]!;
    const slotInfo = this.slotInfo;
    const slotSep = this.slotSep;
    // Were the items written as they go (the usual case)? Then only the closing bracket is missing.
    let isRight = (info & F_TENT) === 0;
    let height = 0;
    let firstNested = to;
    for (let i = from; i < to; i++) {
      const item = slotInfo[i]!;
      const h = item >>> HEIGHT_SHIFT;
      // Only a container has a height (and may need finishItems, from the first one on).
      if (h > height) {
        if (height === 0) firstNested = i;
        height = h;
      }
      if ((item & F_OPEN) !== 0) isRight = false;
      const j = i - from;
      if (isDict && (j & 1) === 0) {
        const kind = item & KIND_BITS;
        if (kind !== K_STR && kind !== K_INT && kind !== K_LONG) decline();
        if (slotSep[i] !== (before + j > 0 ? COMMA : 0) || ((item & F_QUOTED) === 0) !== (kind === K_STR)) isRight = false;
      } else if (slotSep[i] !== (isDict ? COLON : before + j > 0 ? COMMA : 0) || (item & (F_QUOTED | F_KEY_TEXT)) !== 0) {
        isRight = false;
      }
    }
    if (height + 1 > MAX_HEIGHT) decline();
    const close = slot === 0 ? 0 : isDict ? 0x7d : 0x5d;
    if (!isRight) {
      const at = this.stack[from]! - (slotSep[from] === 0 ? 0 : 1) - ((info & F_TENT) !== 0 ? 1 : 0);
      this.rewrite(at, from, to, 0, 0, isDict ? K_DICT : K_LIST, before);
    }
    if (height > 0) this.finishItems(firstNested, to);
    if (close !== 0) {
      const writer = this.writer;
      writer.room(1)[writer.pos++] = close;
    }
    if (isDict) this.checkKeys(slot, from, to, before);
    this.slotCounts[slot] = before + added;
    const now = slotInfo[slot]!;
    let next = slot === 0 ? now : (now & ~F_OPEN) | F_TENT;
    if (height + 1 > next >>> HEIGHT_SHIFT) next = (next & 0xffff) | ((height + 1) << HEIGHT_SHIFT);
    slotInfo[slot] = next;
    this.sp = from;
    const writer = this.writer;
    if (writer.pos > this.outputLimit) this.checkBudget(0);
    if (slot === 0) {
      if (!this.isPresized) this.presize();
      writer.spillIfDue();
    }
  }

  /** A dict's new keys at slots from, from + 2, ... before `to`: a repeated one declines. */
  private checkKeys(slot: number, from: number, to: number, before: number): void {
    const stack = this.stack;
    const slotInfo = this.slotInfo;
    const out = this.writer.out;
    if (slot === 0) {
      // A small root (a record of a stream) is checked as a nested dict's one batch is.
      if (before === 0 && to - from <= 2 * PAIRWISE_KEYS) {
        this.checkBatchKeys(from, to);
        this.isRootUnkept = true;
        return;
      }
      const keys = this.rootKeys;
      if (this.isRootUnkept) {
        this.isRootUnkept = false;
        this.isRootKindless = true;
        this.addKeysWritten(keys, stack[0]!, stack[from]! - (this.slotSep[from] === 0 ? 0 : 1));
      }
      const isKindless = this.isRootKindless;
      for (let i = from; i < to; i += 2) {
        const info = slotInfo[i]!;
        keys.add(out, stack[i]!, stack[i + 1]! - 1, isKindless || (info & KIND_BITS) === K_STR ? KEY_STR : KEY_INT);
      }
      return;
    }
    if (before > 0) {
      // A later batch: all its keys are checked from its output when it closes.
      slotInfo[slot] = slotInfo[slot]! | F_RESCAN;
      return;
    }
    if (to - from > 2 * PAIRWISE_KEYS) {
      const keys = this.bigKeys;
      keys.reset();
      for (let i = from; i < to; i += 2) keys.add(out, stack[i]!, stack[i + 1]! - 1, (slotInfo[i]! & KIND_BITS) === K_STR ? KEY_STR : KEY_INT);
      if (keys.hasRepeated(out)) decline();
      return;
    }
    this.checkBatchKeys(from, to);
  }

  /** The keys at slots from, from + 2, ... before `to` (a dict's one batch, up to PAIRWISE_KEYS) are all different, else decline. */
  private checkBatchKeys(from: number, to: number): void {
    const stack = this.stack;
    const slotInfo = this.slotInfo;
    const out = this.writer.out;
    // Keys are written as `"key":` (an int key in quotes too): each one's bytes end 1 before its value.
    if (!keysMayRepeat(out, stack, from, to, 1)) return;
    for (let a = from; a < to; a += 2) {
      const aStart = stack[a]!;
      const aLength = stack[a + 1]! - 1 - aStart;
      for (let b = a + 2; b < to; b += 2) {
        const bStart = stack[b]!;
        if (stack[b + 1]! - 1 - bStart !== aLength) continue;
        if (((slotInfo[a]! & KIND_BITS) === K_STR) !== ((slotInfo[b]! & KIND_BITS) === K_STR)) continue;
        let k = 0;
        while (k < aLength && out[aStart + k] === out[bStart + k]) k++;
        if (k === aLength) decline();
      }
    }
  }

  /** The end of the value at stack slot `i` (before the separator of the next). */
  private valueEnd(i: number): number {
    return i + 1 < this.sp ? this.stack[i + 1]! - (this.slotSep[i + 1] === 0 ? 0 : 1) : this.writer.pos;
  }

  /** Containers among slots [from, to) (all closed now) leave the stack: memo spans set, keys of dicts given several batches checked. */
  private finishItems(from: number, to: number): void {
    const slotInfo = this.slotInfo;
    for (let i = from; i < to; i++) {
      const info = slotInfo[i]!;
      const kind = info & KIND_BITS;
      if (kind !== K_DICT && kind !== K_LIST) continue;
      if ((info & F_RESCAN) !== 0) this.checkKeysWritten(this.stack[i]!, this.valueEnd(i));
      if ((info & F_SET) !== 0) this.checkElementsWritten(this.stack[i]!, this.valueEnd(i));
      const memo = this.slotMemo[i]!;
      if (memo >= 0 && (info & (F_OPEN | F_TENT)) !== 0) {
        this.memoInfo[memo] = (info & M_VALUE_BITS) | M_SPAN;
        this.memoStart[memo] = this.stack[i]!;
        this.memoEnd[memo] = this.valueEnd(i);
        this.slotMemo[i] = -1;
      }
    }
  }

  /**
   * Writes the values at slots [from, to) again from output position `at` (what was there from
   * `at` on is theirs, after a closing bracket to drop when `at` is one before them): `sep` and
   * `open` first, each value after the separator its place calls for (in a dict of `before`
   * pairs, in a list of `before` items, or in a tuple), int keys in quotes and nothing else, an
   * open container closed. Memo entries inside them move with them.
   */
  private rewrite(at: number, from: number, to: number, sep: number, open: number, kind: number, before: number): void {
    const writer = this.writer;
    const end = writer.pos;
    const length = end - at;
    if (length > this.scratch.length) this.scratch = new Uint8Array(Math.max(length, this.scratch.length * 2));
    const scratch = this.scratch;
    scratch.set(writer.out.subarray(at, end));
    const count = to - from;
    if (count > this.oldStarts.length) {
      this.oldStarts = new Int32Array(count * 2);
      this.deltas = new Int32Array(count * 2);
    }
    const oldStarts = this.oldStarts;
    const deltas = this.deltas;
    const out = writer.room(length + 4 * count + 3 - (end - writer.pos));
    const stack = this.stack;
    const slotInfo = this.slotInfo;
    const slotSep = this.slotSep;
    let p = at;
    if (sep !== 0) out[p++] = sep;
    if (open !== 0) out[p++] = open;
    for (let i = from; i < to; i++) {
      const j = i - from;
      const info = slotInfo[i]!;
      const itemKind = info & KIND_BITS;
      const wasQuoted = (info & F_QUOTED) !== 0 ? 1 : 0;
      const oldStart = stack[i]!;
      const oldEnd = i + 1 < this.sp ? stack[i + 1]! - (slotSep[i + 1] === 0 ? 0 : 1) : end;
      oldStarts[j] = oldStart;
      let itemSep: number;
      let isKey = false;
      if (kind === K_DICT) {
        isKey = (j & 1) === 0;
        itemSep = isKey ? (before + j > 0 ? COMMA : 0) : COLON;
      } else if (kind === K_LIST) {
        itemSep = before + j > 0 ? COMMA : 0;
      } else {
        itemSep = j > 0 ? COMMA : 0;
      }
      // A key's text from an island written anywhere but as a key: the value path's bytes differ.
      if ((info & F_KEY_TEXT) !== 0 && !isKey) decline();
      const quote = isKey && itemKind !== K_STR ? 1 : 0;
      if (itemSep !== 0) out[p++] = itemSep;
      const start = p;
      if (quote !== 0) out[p++] = QUOTE;
      const ownFrom = oldStart + wasQuoted - at;
      const ownTo = oldEnd - wasQuoted - at;
      deltas[j] = p - (oldStart + wasQuoted);
      // A value's few bytes by hand: a view made per item cost more than the copy (a dict of
      // tuples of ints, each written again here).
      if (ownTo - ownFrom < 64) for (let b = ownFrom; b < ownTo; b++) out[p + b - ownFrom] = scratch[b]!;
      else out.set(scratch.subarray(ownFrom, ownTo), p);
      p += ownTo - ownFrom;
      let next = info & ~(F_QUOTED | ROLE_BITS);
      if ((info & F_OPEN) !== 0) {
        out[p++] = itemKind === K_DICT ? 0x7d : 0x5d;
        next = (next & ~F_OPEN) | F_TENT;
      }
      if (quote !== 0) {
        out[p++] = QUOTE;
        next |= F_QUOTED;
      }
      const role = kind === K_DICT ? (isKey ? R_KEY : R_VALUE) : kind === K_LIST ? R_ITEM : R_FREE;
      slotInfo[i] = next | (role << ROLE_SHIFT);
      stack[i] = start;
      slotSep[i] = itemSep;
    }
    writer.pos = p;
    // Memo entries from `at` on are the last ones set (in order, as the values were written).
    const memoInfo = this.memoInfo;
    const memoStart = this.memoStart;
    const memoEnd = this.memoEnd;
    let j = count - 1;
    for (let index = this.memoHigh - 1; index >= 0; index--) {
      const info = memoInfo[index]!;
      if (info === 0) continue;
      const s = memoStart[index]!;
      if (s < at) break;
      while (j > 0 && oldStarts[j]! > s) j--;
      memoStart[index] = s + deltas[j]!;
      if ((info & M_SPAN) !== 0) memoEnd[index] = memoEnd[index]! + deltas[j]!;
    }
  }

  /** A dict's keys found again in its output [start, end) (all as one kind: a str and an int alike decline, which is safe). */
  private checkKeysWritten(start: number, end: number): void {
    const keys = this.bigKeys;
    keys.reset();
    this.addKeysWritten(keys, start, end - 1);
    if (keys.hasRepeated(this.writer.out)) decline();
  }

  /** A set's elements found again in its output [start, end): a repeated one declines. */
  private checkElementsWritten(start: number, end: number): void {
    const out = this.writer.out;
    const keys = this.elementKeys;
    keys.reset();
    const stop = end - 1;
    let p = start + 1;
    while (p < stop) {
      const elementEnd = skipValue(out, p);
      keys.add(out, p, elementEnd, out[p] === QUOTE ? KEY_STR : KEY_INT);
      p = elementEnd + 1;
    }
    if (keys.hasRepeated(out)) decline();
  }

  /** Adds to `keys` the keys of the dict whose `{` is at `start` and whose entries end at `stop`. */
  private addKeysWritten(keys: RootKeyTable, start: number, stop: number): void {
    const out = this.writer.out;
    let p = start + 1;
    while (p < stop) {
      const keyStart = p;
      p = skipString(out, p);
      keys.add(out, keyStart, p, KEY_STR);
      p = skipValue(out, p + 1) + 1;
    }
  }

  /** The first root batch of a giant record: room for its output and memo at once. */
  private presize(): void {
    this.isPresized = true;
    const rest = this.inputSizeHint - this.recordOffset;
    if (rest <= PRESIZE_MIN_INPUT) return;
    const writer = this.writer;
    writer.room(Math.min(Math.ceil(rest * OUTPUT_PER_INPUT_BYTE), PRESIZE_MAX - writer.pos));
    const entries = Math.ceil(rest / MEMO_INPUT_BYTES);
    if (entries > this.memoInfo.length) this.growMemoTo(entries);
  }

  /**
   * The container at `slot` is closed for good (its bracket written, moving what follows when it
   * was open): a memo copy of it was asked for. It may not grow after.
   */
  private seal(slot: number): void {
    const info = this.slotInfo[slot]!;
    const kind = info & KIND_BITS;
    if ((info & F_OPEN) !== 0) {
      const pivot = this.valueEnd(slot);
      this.moveTail(slot, pivot, 1);
      this.writer.out[pivot] = kind === K_DICT ? 0x7d : 0x5d;
    }
    if (kind === K_DICT) {
      if (slot === 0) {
        if (this.rootKeys.hasRepeated(this.writer.out)) decline();
      } else if ((info & F_RESCAN) !== 0) {
        this.checkKeysWritten(this.stack[slot]!, this.valueEnd(slot));
      }
    }
    if ((info & F_SET) !== 0) this.checkElementsWritten(this.stack[slot]!, this.valueEnd(slot));
    this.slotInfo[slot] = info & ~(F_OPEN | F_TENT | F_RESCAN);
    const memo = this.slotMemo[slot]!;
    if (memo >= 0) {
      this.memoInfo[memo] = (info & M_VALUE_BITS) | M_SPAN;
      this.memoStart[memo] = this.stack[slot]!;
      this.memoEnd[memo] = this.valueEnd(slot);
      this.slotMemo[slot] = -1;
    }
  }

  /** Moves the output from `pivot` on by `delta` bytes, and every position that points there (stack slots above `slot`, memo entries). */
  private moveTail(slot: number, pivot: number, delta: number): void {
    const writer = this.writer;
    const end = writer.pos;
    const out = writer.room(delta);
    out.copyWithin(pivot + delta, pivot, end);
    writer.pos = end + delta;
    const stack = this.stack;
    for (let i = slot + 1; i < this.sp; i++) if (stack[i]! >= pivot) stack[i] = stack[i]! + delta;
    this.shiftMemo(pivot, delta, M_SPAN);
  }

  // ---- the memo


  protected override memoize(index: number): void {
    this.claimMemo(index);
    const top = this.sp - 1;
    const info = this.slotInfo[top]!;
    if ((info & KIND_BITS) === K_OPEN_OBJECT || (info & (F_OPEN | F_TENT)) !== 0) this.checkOpenMemoOrder(this.stack[top]!);
    if ((info & KIND_BITS) === K_OPEN_OBJECT) {
      // A hole until its BUILD (a memo read of it inside its own state declines), then its span.
      if (this.slotMemo[top]! >= 0) decline();
      this.slotMemo[top] = index;
      this.memoInfo[index] = 0;
      this.memoStart[index] = this.stack[top]!;
      this.memoEnd[index] = this.stack[top]!;
    } else if ((info & (F_OPEN | F_TENT)) !== 0) {
      if (this.slotMemo[top]! >= 0) decline();
      this.slotMemo[top] = index;
      this.memoInfo[index] = (info & M_VALUE_BITS) | M_OPEN;
      this.memoStart[index] = this.stack[top]!;
      this.memoEnd[index] = top;
    } else {
      if ((info & F_KEY_TEXT) !== 0) decline();
      const quoted = (info & F_QUOTED) !== 0 ? 1 : 0;
      this.memoStart[index] = this.stack[top]! + quoted;
      this.memoEnd[index] = this.writer.pos - quoted;
      this.memoInfo[index] = (info & M_VALUE_BITS) | M_SPAN;
    }
    this.closeMemoClaim(index);
  }

  /**
   * A memoized value again: its bytes copied (an int in quotes when it is a key). A container
   * still open on the stack is closed first: it may not grow after, so a container inside
   * itself, or one changed after it was copied, declines when it would grow.
   */
  protected override recall(index: number): boolean {
    let info = this.memoInfoAt(index);
    if ((info & M_SPAN) === 0) {
      if ((info & M_ISLAND) !== 0) return this.recallIsland(index);
      if ((info & M_OPEN) === 0) decline();
      this.seal(this.memoEnd[index]!);
      info = this.memoInfo[index]!;
    }
    const start = this.separate();
    const from = this.memoStart[index]!;
    const length = this.memoEnd[index]! - from;
    const writer = this.writer;
    if (start + length + 2 > this.outputLimit) this.checkBudget(length + 2);
    const view = this.outputView(length + 2);
    const out = writer.out;
    const kind = info & KIND_BITS;
    const quote = this.role === R_KEY && (kind === K_INT || kind === K_LONG) ? 1 : 0;
    let p = start;
    if (quote !== 0) out[p++] = QUOTE;
    this.copyOutput(view, from, p, length);
    p += length;
    if (quote !== 0) out[p++] = QUOTE;
    writer.pos = p;
    this.pushSlot(start, (info & M_VALUE_BITS) | (quote !== 0 ? F_QUOTED : 0));
    return true;
  }

  // ---- islands (island.ts)

  protected override readonly spanBit = M_SPAN;
  protected override readonly setBit = F_SET;
  /** Classes (constructors) of island values whose plain form is not a str (see writeIslandJson). */
  private readonly plainNotText = new Set<unknown>();
  protected override readonly islandBit = M_ISLAND;

  protected override strText(start: number, end: number): string | undefined {
    const out = this.writer.out;
    for (let i = start + 1; i < end - 1; i++) if (out[i] === BACKSLASH) return undefined;
    return decodeUtf8(out, start + 1, end - start - 2);
  }

  protected override slotEnd(slot: number): number {
    return this.valueEnd(slot);
  }

  protected override slotCut(slot: number): number {
    return this.stack[slot]! - (this.slotSep[slot] === 0 ? 0 : 1);
  }

  /** An island's value where the next value goes (as a dict key: pushIslandKey). */
  protected override pushIslandValue(value: PyValue): number {
    const at = this.separate();
    if (this.role === R_KEY) return this.pushIslandKey(at, value);
    const height = this.writeIslandJson(at, value);
    const info = K_ISLAND | (height << HEIGHT_SHIFT);
    this.pushSlot(at, info);
    return info | M_SPAN;
  }

  /**
   * A class's value as a dict key: the value path writes its compact JSON text as a str (a
   * datetime key `"2024-01-02T03:04:05"` is `"\"2024-01-02T03:04:05\""`). Its slot counts as a
   * str key in the repeated-key checks: a key with the same bytes declines, which is safe (the
   * value path's dict keeps two class keys apart unless they are one object, whose text is the
   * same). A value that is not a class's object (a str or a number from a call) could be the same
   * key as a plain one written differently: declined. Returns 0: memo entries of it hold the
   * value only, and a memo read of it writes the value again (DirectDriver.recallIsland).
   */
  private pushIslandKey(at: number, value: PyValue): number {
    // A key the value path writes as a plain key's text (a numpy scalar's item(): "cat", "nan"):
    // the value path's.
    if (!isPyObject(value) || scalarKeyText(value) !== undefined) decline();
    let isWritten = false;
    if (!this.plainNotText.has(value.constructor)) {
      const plain = value.toPlain();
      // Its text is the str's JSON; as a str, each quote escaped.
      if (typeof plain === "string") isWritten = this.writeAsciiString(at, plain, true);
      else this.plainNotText.add(value.constructor);
    }
    if (!isWritten) {
      const json = this.encodeIsland(value);
      const text = decodeUtf8(json, 0, json.length);
      // A lone surrogate in the value path's text is lost in the bytes: that key is the value path's.
      if (text.includes("\ufffd")) decline();
      this.writeIslandJson(at, text);
    }
    this.pushSlot(at, K_STR | F_KEY_TEXT);
    return 0;
  }

  /**
   * A placeholder object (DirectDriver.plainObject): `{"__class__":` and its class's name as a
   * str, `,"__state__":` or `,"__args__":`, as the value path writes a PyInstance made with no
   * arguments and given a state, or made with arguments; its state or its arguments are written
   * next, and `build` or `callClass` closes it. Not as a dict key (the value path writes a class's
   * value there as a str).
   */
  protected override openObject(cls: PyGlobal, withArgs: boolean): boolean {
    if (this.sp > 0) {
      this.placeOf(this.sp);
      if (this.role === R_KEY) return false;
    }
    const start = this.separate();
    this.writeObjectHead(cls, withArgs);
    const sp = this.sp;
    this.pushSlot(start, OPEN_OBJECT_SLOT);
    this.slotCounts[sp] = 0;
    this.slotMemo[sp] = -1;
    return true;
  }

  protected override readonly objectOpen = OBJECT_OPEN;
  protected override readonly objectStateKey = OBJECT_STATE_KEY;
  protected override readonly objectArgsKey = OBJECT_ARGS_KEY;
  protected override readonly objectKeptBits = ROLE_BITS;

  /** A dict or a tuple written right after the object's `"__state__":`. */
  protected override isStateValue(slot: number): boolean {
    const kind = this.slotInfo[slot]! & KIND_BITS;
    return (kind === K_DICT || kind === K_TUPLE) && this.slotSep[slot] === 0;
  }

  /** A tuple of one item or more (`[]` is the empty one) written right after the object's `"__args__":`. */
  protected override isArgsTuple(slot: number): boolean {
    return (this.slotInfo[slot]! & KIND_BITS) === K_TUPLE && this.slotSep[slot] === 0 && this.valueEnd(slot) - this.stack[slot]! > 2;
  }

  /** A dict's seal (its bracket and key checks, its memo entry its span; a tuple is closed); then the object's `}`. */
  protected override closeObjectState(slot: number): void {
    if ((this.slotInfo[slot]! & KIND_BITS) === K_DICT) this.seal(slot);
    const writer = this.writer;
    writer.room(1)[writer.pos++] = 0x7d;
  }

  /** Not as a dict key: a memo read of a class's value as a key writes it again from its object (pushIslandKey). */
  protected override takesStateText(slot: number): boolean {
    if (slot === 0) return true;
    this.placeOf(slot);
    return this.role !== R_KEY;
  }

  /** As pushIslandValue writes a class whose plain form is `text`; never a key (takesStateText). */
  protected override pushIslandText(text: string): number {
    const at = this.separate();
    if (this.role === R_KEY || !this.writeAsciiString(at, text)) decline();
    this.pushSlot(at, K_ISLAND);
    return K_ISLAND | M_SPAN;
  }

  /** As pushIslandText: the ASCII text `bytes[0, length)` (an isoformat: no escapes) in quotes. */
  protected override pushIslandAscii(bytes: Uint8Array, length: number): number {
    const at = this.separate();
    if (this.role === R_KEY) decline();
    const writer = this.writer;
    const out = writer.room(length + 2);
    out[at] = QUOTE;
    putBytes(out, at + 1, bytes, length);
    out[at + 1 + length] = QUOTE;
    writer.pos = at + length + 2;
    this.pushSlot(at, K_ISLAND);
    return K_ISLAND | M_SPAN;
  }

  protected override strBytes(text: string): Uint8Array {
    const writer = this.writer;
    const at = writer.pos;
    this.writeIslandJson(at, text);
    const bytes = writer.out.slice(at, writer.pos);
    writer.pos = at;
    return bytes;
  }

  protected override pushStrBytes(bytes: Uint8Array): void {
    const start = this.separate();
    const writer = this.writer;
    const length = bytes.length;
    putBytes(writer.room(length), start, bytes);
    writer.pos = start + length;
    this.pushSlot(start, K_STR);
  }

  protected override pushStrValue(text: string): void {
    const start = this.separate();
    this.writeIslandJson(start, text);
    this.pushSlot(start, K_STR);
  }

  /** Writes `value`'s JSON (the value path's) at `at`, the output's end; returns its nesting depth. */
  private writeIslandJson(at: number, value: PyValue): number {
    // A class whose plain form is a str (a datetime's isoformat), or a str: JsonWriter's
    // `string` without the encoder's set-up per value (a datetime in every record of a stream).
    if (isPyObject(value)) {
      // A class whose plain form was not a str once (a numpy array's list) is not asked again:
      // its encoder makes the plain form itself (and an array of numbers has none made at all).
      if (!this.plainNotText.has(value.constructor) && numberGridOf(value) === null) {
        const plain = value.toPlain();
        if (typeof plain === "string") {
          if (this.writeAsciiString(at, plain)) return 0;
        } else {
          this.plainNotText.add(value.constructor);
        }
      }
    } else if (typeof value === "string" && this.writeAsciiString(at, value)) {
      return 0;
    }
    const bytes = this.encodeIsland(value);
    const writer = this.writer;
    writer.room(bytes.length).set(bytes, at);
    writer.pos = at + bytes.length;
    let depth = 0;
    let height = 0;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b === QUOTE) {
        i = skipString(bytes, i) - 1;
      } else if (b === 0x7b || b === 0x5b) {
        depth++;
        if (depth > height) height = depth;
      } else if (b === 0x7d || b === 0x5d) {
        depth--;
      }
    }
    if (height > MAX_HEIGHT) decline();
    return height;
  }

  /**
   * `text` as a JSON string at `at` when it is printable ASCII without quotes or backslashes (else
   * false: nothing written). `isQuoted`: the JSON string of `text`'s own JSON string (`"\"text\""`).
   */
  private writeAsciiString(at: number, text: string, isQuoted = false): boolean {
    const length = text.length;
    const writer = this.writer;
    const out = writer.room(length + 6);
    let p = at;
    out[p++] = QUOTE;
    if (isQuoted) {
      out[p++] = BACKSLASH;
      out[p++] = QUOTE;
    }
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x20 || code === QUOTE || code === BACKSLASH || code > 0x7e) return false;
      out[p++] = code;
    }
    if (isQuoted) {
      out[p++] = BACKSLASH;
      out[p++] = QUOTE;
    }
    out[p++] = QUOTE;
    writer.pos = p;
    return true;
  }
}

/** The position after the JSON string at `p` (its opening quote). */
function skipString(out: Uint8Array, p: number): number {
  p++;
  for (;;) {
    const b = out[p]!;
    if (b === QUOTE) return p + 1;
    p += b === BACKSLASH ? 2 : 1;
  }
}

/** The position after the JSON value at `p` (one this driver wrote: no spaces). */
function skipValue(out: Uint8Array, p: number): number {
  const b = out[p]!;
  if (b === QUOTE) return skipString(out, p);
  if (b === 0x7b || b === 0x5b) {
    let depth = 0;
    for (;;) {
      const c = out[p]!;
      if (c === QUOTE) {
        p = skipString(out, p);
        continue;
      }
      p++;
      if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth === 0) return p;
      }
    }
  }
  for (;;) {
    const c = out[p]!;
    if (c === COMMA || c === 0x7d || c === 0x5d) return p;
    p++;
  }
}
