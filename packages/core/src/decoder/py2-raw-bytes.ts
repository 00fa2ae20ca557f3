/**
 * The raw bytes of long Python 2 strs, found again by their text (ReconstructContext.py2Bytes):
 * numpy's data in a Python 2 pickle arrives as a str, and reading it back as bytes should cost
 * a lookup, not a re-encoding of millions of characters.
 *
 * Not one Map keyed by text: V8 hashes a string longer than 16,383 characters by its length
 * alone, so two long strs of equal length (MNIST's validation and test images) collide and the
 * Map compares their contents, which first joins a text built piece by piece (PayloadFill)
 * into one copy. Long texts are kept per length instead and compared newest first with `===`,
 * which is immediate for the same string (the usual lookup: numpy's BUILD right after the str).
 */

/** V8's String::kMaxHashCalcLength: longer strings hash by length. */
const MAX_HASHED_LENGTH = 16_383;

interface LongEntry {
  readonly text: string;
  readonly bytes: Uint8Array;
}

export class Py2RawBytes {
  private readonly short = new Map<string, Uint8Array>();
  private readonly long = new Map<number, LongEntry[]>();

  set(text: string, bytes: Uint8Array): void {
    if (text.length <= MAX_HASHED_LENGTH) {
      this.short.set(text, bytes);
      return;
    }
    const entries = this.long.get(text.length);
    if (entries === undefined) this.long.set(text.length, [{ text, bytes }]);
    else entries.push({ text, bytes });
  }

  get(text: string): Uint8Array | undefined {
    if (text.length <= MAX_HASHED_LENGTH) return this.short.get(text);
    const entries = this.long.get(text.length);
    if (entries === undefined) return undefined;
    for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.text === text) return entries[i]!.bytes;
    return undefined;
  }

  clear(): void {
    // Map.clear allocates a new table even for an empty Map: called per record, it was ~5% of a
    // stream of small records that have no Python 2 strs at all.
    if (this.short.size !== 0) this.short.clear();
    if (this.long.size !== 0) this.long.clear();
  }
}
