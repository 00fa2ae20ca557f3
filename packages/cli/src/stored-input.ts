import { auditedAsRaw, FileEnds, type FileAudit } from "@pkl-stream/core/disasm";
import { gunzipNoting, type InflateNote } from "@pkl-stream/stream";

/**
 * An input as it is stored, for `inspect`: the command audits a compressed file's decompressed
 * bytes (what pickle.load, joblib.load and pandas.read_pickle of a `.gz` read), but torch.load
 * and zipfile read the stored bytes, so their first and last bytes are kept on the way.
 *
 * Not bzip2: its magic starts with 'B', a pickle opcode (BINBYTES, whose 4-byte length is the
 * rest of the magic), so a hostile file can be bzip2 data of a harmless pickle and, as stored, a
 * pickle that skips it and runs code: pickle.load of the file as it is runs that one. Such a file
 * is audited as stored (bzip2 data alone fails there, `unknown`). gzip, zlib, xz and zstd start
 * with bytes no pickle can, and their tools read to the input's end (a tail such as a zip
 * archive is seen).
 */
export class StoredInput {
  private readonly ends = new FileEnds();
  private readonly note: InflateNote = { isInflating: false };

  /** `source` decompressed when it is gzip or zlib, its stored ends kept on the way. */
  read(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
    return gunzipNoting(keepingEnds(source, this.ends), this.note, undefined, (compression) => compression !== "bzip2");
  }

  /** What the stored bytes are compressed with (known once `read` began), or undefined. */
  get compression(): InflateNote["compression"] {
    return this.note.isInflating ? this.note.compression : undefined;
  }

  /** `audit` of the bytes `read` gave, held to what the stored bytes are when they were decompressed. */
  judge(audit: FileAudit): FileAudit {
    return this.note.isInflating ? auditedAsRaw(audit, this.ends) : audit;
  }
}

async function* keepingEnds(source: AsyncIterable<Uint8Array>, ends: FileEnds): AsyncGenerator<Uint8Array, void, undefined> {
  for await (const chunk of source) {
    ends.push(chunk);
    yield chunk;
  }
}
