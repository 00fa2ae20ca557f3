/**
 * A record's opcode counts by name (RecordAudit.opcodeCounts), shared between records that count
 * the same. The records of a stream mostly use the same opcodes the same number of times (400k
 * events differ in which int opcode their numbers took), and an object built key by key for each
 * record was an eighth of a stream's audit: its keyed stores cannot be made monomorphic. Equal
 * counts get one frozen object, and the summer adds it from its compact form (countsOf).
 */
import { type OpcodeName, opcodeByCode } from "../opcodes/table.js";

export type OpcodeCounts = Readonly<Partial<Record<OpcodeName, number>>>;

/** Counts by name and the same counts as parallel arrays, in opcode byte order. */
interface CountsEntry {
  readonly named: OpcodeCounts;
  readonly codes: readonly number[];
  readonly counts: readonly number[];
  /** The newest protocol among the opcodes (-1 for none). */
  readonly highestProtocol: number;
}

/**
 * Slots of the cache: a stream mixing many record shapes keeps each. Orders of 0-8 lines, each
 * line's note a str or None, count in hundreds of ways: with 256 slots most of lines.pkl's 200k
 * records made a count object of their own, and their WeakMap entries cost the GC a tenth of the
 * audit (`inspect lines.pkl` 3.0-3.1 -> 2.4 s with 4096).
 */
const SLOTS = 4096;
/** Slots of a new cache: most audits (a file of a few records, a nested pickle) need no more. */
const FIRST_SLOTS = 64;

/** The compact form of each shared count object, for the summer. */
const ENTRIES = new WeakMap<object, CountsEntry>();

/** The codes and counts of a count object this module made, or undefined for any other. */
export function countsOf(named: OpcodeCounts): CountsEntry | undefined {
  return ENTRIES.get(named);
}

/** A cache of count objects by content, one per audit (direct-mapped: a miss replaces its slot). */
export class OpcodeCountNames {
  /** FIRST_SLOTS at first (an audit of a few records fills no large table), SLOTS once they made as many entries. */
  private slots: (CountsEntry | undefined)[] = new Array(FIRST_SLOTS).fill(undefined);
  private made = 0;

  /** The entry for the counts of the `used` codes (ascending) in `counts`, shared when seen before. */
  entry(counts: Float64Array, used: readonly number[]): CountsEntry {
    let hash = used.length;
    for (const code of used) hash = Math.imul(hash ^ code, 0x9e3779b1) ^ (counts[code]! | 0);
    const slot = (hash ^ (hash >>> 15)) & (this.slots.length - 1);
    const seen = this.slots[slot];
    if (seen !== undefined && isSame(seen, counts, used)) return seen;
    const made = makeEntry(counts, used);
    if (++this.made === FIRST_SLOTS && this.slots.length < SLOTS) {
      this.slots = new Array(SLOTS).fill(undefined);
      return made;
    }
    this.slots[slot] = made;
    return made;
  }
}

/** Inserts `code` into the ascending `codes` (a record uses a dozen or two opcodes: a short walk). */
export function insertInOrder(codes: number[], code: number): void {
  let at = codes.length;
  codes.push(code);
  while (at > 0 && codes[at - 1]! > code) {
    codes[at] = codes[at - 1]!;
    at--;
  }
  codes[at] = code;
}

function isSame(entry: CountsEntry, counts: Float64Array, used: readonly number[]): boolean {
  const { codes } = entry;
  if (codes.length !== used.length) return false;
  for (let i = 0; i < codes.length; i++) {
    if (codes[i] !== used[i] || entry.counts[i] !== counts[used[i]!]) return false;
  }
  return true;
}

function makeEntry(counts: Float64Array, used: readonly number[]): CountsEntry {
  // A plain object, not Object.create(null): keys are opcode names only (never `__proto__`), and
  // V8 keeps a null-prototype object in slow dictionary mode.
  const named: Partial<Record<OpcodeName, number>> = {};
  const values: number[] = [];
  let highestProtocol = -1;
  for (const code of used) {
    const info = opcodeByCode(code)!;
    named[info.name] = counts[code]!;
    values.push(counts[code]!);
    if (info.proto > highestProtocol) highestProtocol = info.proto;
  }
  const entry: CountsEntry = { named: Object.freeze(named), codes: [...used], counts: values, highestProtocol };
  ENTRIES.set(entry.named, entry);
  return entry;
}
