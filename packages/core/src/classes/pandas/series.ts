import type { ColumnValue } from "../../json/column-value.js";
import { createDict, type PyObjectValue, type PyValue } from "../../values/py-types.js";
import { describeValue } from "../arg-checks.js";
import type { ClassReconstructor, PyStateful } from "../registry.js";
import { toColumn, UnknownValuesError } from "./columns.js";
import { PdArrayManager, PdBlockManager } from "./frame.js";
import type { PdIndex } from "./index.js";
import { callPlaceholder, managerState, stateGet, unbuilt } from "./state.js";

// A Series pickles as `Series.__new__(Series)` and BUILD `{"_mgr": SingleBlockManager, "name": ...}`;
// the manager holds one axis (the index) and one block (the values).

/** `pandas.Series`; JSON shows `{"name": s.name, "index": s.index.tolist(), "values": s.tolist()}`. */
export class PdSeries implements PyObjectValue, PyStateful {
  readonly pyClass = "pandas.core.series.Series";
  name: PyValue = null;
  index: PdIndex | null = null;
  values: ColumnValue | null = null;
  /** The BUILD state as pickled (shown when the values are of a class we do not rebuild). */
  state: PyValue | undefined = undefined;

  setState(state: PyValue): void {
    const qualname = this.pyClass;
    const { dict, manager } = managerState(qualname, state);
    if (!(manager instanceof PdBlockManager) && !(manager instanceof PdArrayManager)) {
      throw new TypeError(`${qualname}: _mgr must be a SingleBlockManager or SingleArrayManager, got ${describeValue(manager)}`);
    }
    const pickledValues = manager.singleValues();
    this.state = dict ?? null;
    // The block's placement is slice(0, rows): its values are the whole (1-D) column.
    let index: PdIndex;
    let values: ColumnValue;
    try {
      index = manager.requireAxes(1)[0]!;
      values = toColumn(pickledValues);
    } catch (error) {
      // Values of a class we do not rebuild: show the pickled state, as for any unknown object.
      if (error instanceof UnknownValuesError) return;
      throw error;
    }
    if (values.length !== index.length) throw new TypeError(`${qualname}: ${values.length} values for ${index.length} index labels`);
    this.values = values;
    this.index = index;
    // pandas 1.x keeps the name under "name", pandas 2.x under "_name" (Series._metadata).
    this.name = stateGet(dict, "name") ?? stateGet(dict, "_name") ?? null;
  }

  toPlain(): PyValue {
    if (this.index === null || this.values === null) return unbuilt(this.pyClass, this.state);
    const plain = createDict();
    plain["name"] = this.name;
    plain["index"] = this.index;
    plain["values"] = this.values;
    return plain;
  }
}

const seriesReconstructor: ClassReconstructor = {
  construct(args) {
    if (args.length > 0) return callPlaceholder("pandas.core.series.Series", args);
    return new PdSeries();
  },
};

/** Reconstructors of Series. */
export const pandasSeriesClasses: ReadonlyMap<string, ClassReconstructor> = new Map([["pandas.core.series.Series", seriesReconstructor]]);
