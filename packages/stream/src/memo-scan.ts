import { RecordSplitter } from "@pkl-stream/core/engine";

/**
 * A first, opcode-only pass over a pickle stream (any chunking, O(1) state plus the result):
 * which memo indices do GET, BINGET and LONG_BINGET read back? Entries mode gives the set to
 * the decoder, which then memoizes only those, so a giant dict's entries can be dropped once
 * yielded. The decoder knows the index each PUT or MEMOIZE would store, so only reads are
 * collected: across all records, a superset of what any one record reads.
 *
 * The walker is core's RecordSplitter, the one reader of opcode sizes without values (the
 * parallel path finds record ends with it): input it cannot follow as the decoder would (a
 * byte that is no opcode, a negative length, an opcode that breaks the frame rule) is not a
 * pickle stream to it (null: keep every memo entry). records.pkl (150 MB): 1.37 s with the
 * byte-at-a-time scanner this replaced, 0.3 s.
 */
export class MemoReadScanner {
  private readonly reads = new Set<number>();
  private readonly walker = new RecordSplitter(false, this.reads);
  private readonly ends: number[] = [];

  push(chunk: Uint8Array): void {
    this.walker.push(chunk, this.ends);
    this.ends.length = 0;
  }

  /** The indices read back, or null when the bytes are not a pickle stream (keep everything). */
  result(): ReadonlySet<number> | null {
    return this.walker.isLost ? null : this.reads;
  }
}

/** Runs a `MemoReadScanner` over every chunk of `bytes`. */
export async function scanMemoReads(bytes: AsyncIterable<Uint8Array>): Promise<ReadonlySet<number> | null> {
  const scanner = new MemoReadScanner();
  for await (const chunk of bytes) scanner.push(chunk);
  return scanner.result();
}
