import { ColumnValue } from "../../json/column-value.js";
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
}
