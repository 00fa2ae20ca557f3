import { type ColumnAsciiWriter, ColumnValue } from "../../json/column-value.js";
import { JsonWriter } from "../../json/json-writer.js";
import type { PyValue } from "../../values/py-types.js";
import { describeValue } from "../arg-checks.js";
import type { NdArray } from "../ndarray.js";
import { NumpyColumn } from "./columns.js";

// A Categorical pickles its codes (int8/16/32, -1 for missing) and a CategoricalDtype whose
// `categories` is an Index. `Series.tolist()` gives each code's category: that is what JSON shows.

/** The category values of a Categorical's codes (`null` where the code is -1). */
export class CategoricalColumn extends ColumnValue {
  readonly pyClass = "pandas.core.arrays.categorical.Categorical";
  private readonly codes: NumpyColumn;
  private readonly categories: ColumnValue;
  /** asciiWriter's answer, once asked (undefined: not yet). */
  private cachedWriter: ColumnAsciiWriter | null | undefined = undefined;

  constructor(codes: NdArray, categories: PyValue | undefined) {
    super();
    if (codes.dtype.kind !== "i" && codes.dtype.kind !== "u") {
      throw new TypeError(`pandas Categorical: codes must be integers, got ${codes.dtype}`);
    }
    if (!(categories instanceof ColumnValue)) {
      throw new TypeError(`pandas Categorical: its dtype has no categories Index (got ${describeValue(categories)})`);
    }
    this.codes = new NumpyColumn(codes);
    this.categories = categories;
    // Checked once here, while decoding, so that writing never meets a code without a category.
    const count = categories.length;
    for (let i = 0; i < this.codes.length; i++) {
      const code = this.codes.at(i) as number;
      if (code < -1 || code >= count) throw new TypeError(`pandas Categorical: code ${code} does not name one of its ${count} categories`);
    }
  }

  get length(): number {
    return this.codes.length;
  }

  at(index: number): PyValue {
    const code = this.codes.at(index) as number;
    return code < 0 ? null : this.categories.at(code);
  }

  override label(index: number): PyValue {
    const code = this.codes.at(index) as number;
    return code < 0 ? null : this.categories.label(code);
  }

  /**
   * Each element's JSON copied from its category's, written once (a frame's category column is
   * millions of elements over a few labels): when every category's JSON is short. Null (the
   * element-by-element path) for long ones, or categories JSON cannot write.
   */
  override asciiWriter(): ColumnAsciiWriter | null {
    // Made once: `--rows` asks for it again for every batch of rows.
    if (this.cachedWriter === undefined) this.cachedWriter = this.makeAsciiWriter();
    return this.cachedWriter;
  }

  private makeAsciiWriter(): ColumnAsciiWriter | null {
    const count = this.categories.length;
    if (count > MAX_COPIED_CATEGORIES) return null;
    const json = new JsonWriter();
    const texts: Uint8Array[] = [];
    let maxBytes = NULL_JSON.length;
    try {
      for (let code = 0; code < count; code++) {
        json.append(this.categories.at(code), MAX_CATEGORY_JSON_BYTES);
        const text = json.take();
        texts.push(text);
        if (text.length > maxBytes) maxBytes = text.length;
      }
    } catch {
      return null;
    }
    const codes = this.codes.numbers();
    if (codes === null) return null;
    const values = codes.values;
    const write = (index: number, out: Uint8Array, pos: number): number => {
      const code = Number(values[index]!);
      const text = code < 0 ? NULL_JSON : texts[code]!;
      for (let i = 0; i < text.length; i++) out[pos++] = text[i]!;
      return pos;
    };
    return {
      maxBytes,
      write,
      writeRun: (from, to, out, pos) => {
        for (let index = from; index < to; index++) {
          if (index > 0) out[pos++] = 0x2c;
          pos = write(index, out, pos);
        }
        return pos;
      },
    };
  }
}

/** Categories whose JSON is copied per element: at most this many, each at most this long. */
const MAX_COPIED_CATEGORIES = 65_536;
const MAX_CATEGORY_JSON_BYTES = 256;
const NULL_JSON = Uint8Array.from("null", (c) => c.charCodeAt(0));
