/**
 * The short strings of the record before, found again by their bytes, so that the same bytes give
 * the same string object. Dict keys are the reason: a stream of small records spells its keys out
 * again in every record (each record has its own memo), and V8 stores a property under a fresh
 * string only after hashing it and looking it up in its string table, where the string it stored
 * before is found at once. 800,000 six-key dicts take 340 ms of CPU with fresh keys, 160 ms with
 * this lookup, 130 ms with the same strings (bench/micro/recent-keys.bench.mjs); an Unpickler.push
 * loop over stream.pkl went from 905 to 817 ms.
 *
 * The k-th short string of a record is looked for where the k-th string of the record before was
 * kept (records of one stream tend to share a shape), so a lookup is one compare of bytes, no
 * hash. Strings are immutable: handing out the same one is invisible to callers. Input whose
 * strings do not repeat so (one large record, ids, names) would pay for every lookup and gain
 * nothing: when fewer than one lookup in MIN_HIT_SHARE finds its string, lookups stop for a
 * while, then are tried again.
 */
import { SHORT_STRING_MAX_BYTES } from "./short-ascii.js";

const SLOT_BITS = 8;
const SLOTS = 1 << SLOT_BITS;
/** Bytes per slot: the longest string decoded in JS, the only ones looked up. */
const WIDTH = SHORT_STRING_MAX_BYTES;
/** Lookups per verdict on the hit share. */
const WINDOW = 1 << 12;
const MIN_HIT_SHARE = 8;
/** Strings decoded without lookups after a window of too few hits. */
const PAUSE = 1 << 16;

class RecentStrings {
  private readonly bytes = new Uint8Array(SLOTS * WIDTH);
  /** Each slot's byte length; -1: empty. */
  private readonly lengths = new Int8Array(SLOTS).fill(-1);
  private readonly texts: string[] = new Array<string>(SLOTS).fill("");
  /** Short strings decoded since the record began. */
  private ordinal = 0;
  /** The slot `find` missed in, for `keep`; -1: do not keep. */
  private missed = -1;
  private lookups = 0;
  private hits = 0;
  private pausedFor = 0;

  restart(): void {
    this.ordinal = 0;
  }

  /** The string of `bytes[start, start + length)` if it is the one kept for this ordinal, else null. */
  find(bytes: Uint8Array, start: number, length: number): string | null {
    if (this.pausedFor > 0) {
      this.pausedFor--;
      this.missed = -1;
      return null;
    }
    if (++this.lookups === WINDOW) {
      if (this.hits * MIN_HIT_SHARE < WINDOW) this.pausedFor = PAUSE;
      this.lookups = 0;
      this.hits = 0;
    }
    const slot = this.ordinal++ & (SLOTS - 1);
    if (this.lengths[slot] === length) {
      const kept = this.bytes;
      const base = slot * WIDTH;
      let i = 0;
      while (i < length && kept[base + i] === bytes[start + i]) i++;
      if (i === length) {
        this.hits++;
        return this.texts[slot]!;
      }
    }
    this.missed = slot;
    return null;
  }

  /** Keeps `text`, the string of the bytes `find` was just given and missed. */
  keep(bytes: Uint8Array, start: number, length: number, text: string): void {
    const slot = this.missed;
    if (slot < 0) return;
    const kept = this.bytes;
    const base = slot * WIDTH;
    for (let i = 0; i < length; i++) kept[base + i] = bytes[start + i]!;
    this.lengths[slot] = length;
    this.texts[slot] = text;
  }
}

/** One table for the whole thread: decoders take turns, and a lookup that misses only costs a compare. */
export const recentStrings: RecentStrings = new RecentStrings();
