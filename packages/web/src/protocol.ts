/**
 * Messages between the page and its decoding worker. Decoded values stay in the worker (they are
 * class instances and can be hundreds of MB); the page asks for what it draws: a window of a
 * node's children, the pixels of a few images, a record's disassembly.
 */

/** Where a file's bytes come from: a picked or dropped File, or a URL of the `view` server. */
export type FileSource = { readonly kind: "file"; readonly file: Blob } | { readonly kind: "url"; readonly url: string };

/** A node inside a record: the child positions from the record's root. */
export type NodePath = readonly number[];

export type ToWorker =
  /** First message to each of the page's two workers: the port between them (decoder: sends batches; auditor: audits them). */
  | { readonly type: "port"; readonly role: "decoder" | "auditor" }
  | { readonly type: "open"; readonly id: number; readonly name: string; readonly source: FileSource }
  | { readonly type: "cancel"; readonly id: number }
  | {
      readonly type: "children";
      readonly id: number;
      readonly req: number;
      readonly record: number;
      readonly path: NodePath;
      readonly start: number;
      readonly count: number;
    }
  | { readonly type: "node"; readonly id: number; readonly req: number; readonly record: number; readonly path: NodePath }
  | {
      readonly type: "pixels";
      readonly id: number;
      readonly req: number;
      readonly record: number;
      readonly path: NodePath;
      /** Shape of one picture: [H, W] gray, [H, W, 3|4] colour. */
      readonly shape: readonly number[];
      readonly start: number;
      readonly count: number;
      /** The longest side a picture is sent at (pictureStep); a grid's tiles need fewer pixels than a single picture. */
      readonly maxSide: number;
    }
  | { readonly type: "dis"; readonly id: number; readonly req: number; readonly record: number }
  | {
      readonly type: "rows";
      readonly id: number;
      readonly req: number;
      readonly record: number;
      readonly path: NodePath;
      readonly start: number;
      readonly count: number;
      /** The columns shown: a frame can have 200,000 of them, so they are paged as rows are. */
      readonly columnStart: number;
      readonly columnCount: number;
    }
  /** To the audit worker, through the port: whole records, `first` their first index. */
  | { readonly type: "audit"; readonly id: number; readonly batch: number; readonly bytes: Uint8Array; readonly first: number; readonly start: number };

/** An audit of a batch of records, reduced to what the verdict needs; offsets and indices in the file. */
export interface BatchAudit {
  readonly verdict: "safe" | "unknown" | "dangerous";
  readonly reasons: readonly VerdictReason[];
}

/** One record as the records list shows it. */
export interface RecordRow {
  readonly index: number;
  readonly offset: number;
  readonly size: number;
  /** The PROTO argument, or null for protocols 0 and 1. */
  readonly protocol: number | null;
  /** Python type name of the record's value. */
  readonly type: string;
  /** A short Python-like repr of the value. */
  readonly preview: string;
}

/** Why a file is not safe, as `pkl-stream inspect` says it. */
export interface VerdictReason {
  readonly verdict: "unknown" | "dangerous";
  readonly reason: string;
  readonly record: number;
  readonly offset: number;
  readonly count: number;
}

/** What pictures an array makes: per-picture shape and how many pictures. */
export interface PictureGuess {
  readonly shape: readonly number[];
  readonly count: number;
}

export interface ArrayInfo {
  readonly dtype: string;
  readonly shape: readonly number[];
  /** Numbers a picture or histogram can be made of (bool, int, float dtypes). */
  readonly isNumeric: boolean;
  /** The guess of the pictures, null when the shape suggests none. */
  readonly guess: PictureGuess | null;
  /** Counts per bin between min and max (of at most a sample of the elements), or null. */
  readonly histogram: { readonly min: number; readonly max: number; readonly bins: readonly number[] } | null;
}

/**
 * Records listed per file: each listed record costs the page a row (about 90 bytes) and the
 * worker its value, so a file of 20 million records would take gigabytes. The rest are read,
 * audited and counted, not listed.
 */
export const MAX_LISTED_RECORDS = 1_000_000;

/** Longest side of a picture drawn, in pixels: a bigger one is shrunk (pictureStep). */
export const MAX_PICTURE_SIDE = 4096;
/** Most pixels of a picture drawn (64 MB of RGBA). */
export const MAX_PICTURE_PIXELS = 16 * 1024 * 1024;

/**
 * Pixels of the array per pixel drawn along each side, so that a picture of `height` x `width`
 * fits `maxSide` (at most MAX_PICTURE_SIDE) and MAX_PICTURE_PIXELS: 1 for most, 3 for a 10000x10000
 * array. The worker shrinks by it; the page sizes its canvas by it before the pixels come.
 */
export function pictureStep(height: number, width: number, maxSide: number): number {
  const side = Math.max(1, Math.min(maxSide, MAX_PICTURE_SIDE));
  let step = Math.max(1, Math.ceil(height / side), Math.ceil(width / side));
  while (Math.ceil(height / step) * Math.ceil(width / step) > MAX_PICTURE_PIXELS) step++;
  return step;
}

/** A node of the tree: a value, a dict entry's value, an attribute of a placeholder. */
export interface NodeInfo {
  /** The key, index or attribute name under which the parent holds it ("" for a record). */
  readonly label: string;
  /** Python's type name: int, dict, numpy.ndarray, an unknown class's module.qualname. */
  readonly type: string;
  /** A one-line text: the value itself for scalars, a size for containers. */
  readonly summary: string;
  /** Children it can be opened into (0 for a leaf). */
  readonly childCount: number;
  /** The `--select` step that reaches it from its parent (".name", "[3]", ".[\"a b\"]"), or null when none does. */
  readonly step: string | null;
  /** True for placeholders: a class pkl-stream does not rebuild (shown as class + args + state). */
  readonly isPlaceholder: boolean;
  readonly array: ArrayInfo | null;
  /** Numbers of a list, for the histogram; null otherwise. */
  readonly histogram: ArrayInfo["histogram"];
  /** A pandas DataFrame: its size, for a table paged by rows and by columns; null otherwise. */
  readonly table: { readonly rowCount: number; readonly columnCount: number } | null;
}

export type FromWorker =
  | {
      readonly type: "progress";
      readonly id: number;
      /** Bytes of the file read so far (compressed bytes for gzip). */
      readonly read: number;
      readonly total: number | null;
      /** Records read so far; past MAX_LISTED_RECORDS they are counted, not listed. */
      readonly recordCount: number;
      /** The records completed since the last progress, while fewer than MAX_LISTED_RECORDS were listed. */
      readonly records: readonly RecordRow[];
    }
  | {
      readonly type: "verdict";
      readonly id: number;
      readonly verdict: "safe" | "unknown" | "dangerous";
      readonly reasons: readonly VerdictReason[];
      /** False while records are still being read or audited: the verdict can only get worse. */
      readonly isFinal: boolean;
    }
  | { readonly type: "audited"; readonly id: number; readonly batch: number; readonly audit: BatchAudit }
  | {
      readonly type: "done";
      readonly id: number;
      readonly state: "done" | "cancelled" | "error";
      readonly error: string | null;
      readonly isGzip: boolean;
    }
  | { readonly type: "children"; readonly req: number; readonly nodes: readonly NodeInfo[] }
  | { readonly type: "node"; readonly req: number; readonly node: NodeInfo | null }
  | {
      readonly type: "pixels";
      readonly req: number;
      readonly width: number;
      readonly height: number;
      /** RGBA per picture, `width * height * 4` bytes each. */
      readonly images: readonly Uint8ClampedArray[];
      /** Pixels of the array per pixel drawn along each side: 1, or more when a big picture was shrunk to fit the caps. */
      readonly step: number;
      readonly error: string | null;
    }
  | { readonly type: "dis"; readonly req: number; readonly text: string }
  | {
      readonly type: "rows";
      readonly req: number;
      /** The names of the columns asked for, as Python-like reprs. */
      readonly columns: readonly string[];
      /** Per row: its index label, then one cell per column asked for, as Python-like reprs. */
      readonly rows: readonly (readonly string[])[];
      readonly error: string | null;
    }
  /** A request the worker could not answer: an exception it did not expect. The page shows it instead of waiting. */
  | { readonly type: "error"; readonly req: number; readonly error: string };
