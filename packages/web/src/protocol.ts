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
  /** A pandas DataFrame: its size and column names, for a paged table; null otherwise. */
  readonly table: { readonly rowCount: number; readonly columns: readonly string[] } | null;
}

export type FromWorker =
  | {
      readonly type: "progress";
      readonly id: number;
      /** Bytes of the file read so far (compressed bytes for gzip). */
      readonly read: number;
      readonly total: number | null;
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
      readonly error: string | null;
    }
  | { readonly type: "dis"; readonly req: number; readonly text: string }
  | {
      readonly type: "rows";
      readonly req: number;
      /** Per row: its index label, then one cell per column, as Python-like reprs. */
      readonly rows: readonly (readonly string[])[];
      readonly error: string | null;
    };
