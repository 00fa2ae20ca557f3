import { ColumnValue, type NumberArray } from "../../json/column-value.js";
import { keepRepeatedKeys, type PyObjectValue, type PyValue, TextLabel } from "../../values/py-types.js";
import { PyInstance } from "../../values/placeholders.js";
import { describeValue, expectArgCount, readSafeInt } from "../arg-checks.js";
import { NdArray } from "../ndarray.js";
import type { ClassReconstructor, PyStateful } from "../registry.js";
import { PdBackedArray, PdMaskedArray } from "./arrays.js";
import { NumpyColumn, toColumn, UnknownValuesError } from "./columns.js";
import { PdIndex } from "./index.js";
import { callPlaceholder, managerState, stateRequire, unbuilt } from "./state.js";

// A DataFrame pickles as `DataFrame.__new__(DataFrame)` and BUILD `{"_mgr": manager, ...}`. The
// manager (pandas 1.3+ and 2.x) is `BlockManager(blocks, axes)`, each block
// `_unpickle_block(values, placement, ndim)`: `values` a `(columns, rows)` ndarray or an extension
// array, `placement` which columns it holds (a slice or an int array). Older pandas (1.0-1.2), and
// every SingleBlockManager, write `Manager.__new__(Manager)` and BUILD `(axes, values, items,
// {"0.14.1": {"axes": axes, "blocks": [{"values", "mgr_locs"}]}})`.

/** One block: the values and the column positions they fill. */
export class PdBlock implements PyObjectValue {
  readonly pyClass = "pandas._libs.internals.Block";
  constructor(
    readonly values: PyValue,
    /** The placement as pickled; read by `positions()` (a Series' block is placed at slice(0, rows), not worth a list). */
    readonly placement: PyValue,
    /** The `_unpickle_block` arguments as pickled (`toPlain`); null for a block of a legacy state. */
    private readonly pickledArgs: PyValue[] | null = null,
  ) {}
  /** The column positions, refused past `limit` of them (the frame's columns: a slice's stop is the pickle's say). */
  positions(limit: number): number[] {
    return readPlacement(this.pyClass, this.placement, limit);
  }
  /**
   * Shown only inside the placeholder of a frame the decoder cannot read (a sparse column): as
   * the call it was pickled as, `{"__class__": "pandas._libs.internals._unpickle_block",
   * "__args__": [values, placement, ndim]}`, as the mapping shows any call it does not rebuild.
   */
  toPlain(): PyValue {
    return callPlaceholder(BLOCK_CALL, this.pickledArgs ?? [this.values, this.placement]).toPlain();
  }
}

const BLOCK_CALL = "pandas._libs.internals._unpickle_block";

/**
 * The positions a block placement names: `slice(start, stop, step)`, an int array or list, or one
 * int; ints only (pandas refuses others), and no more than `limit` of them.
 */
export function readPlacement(qualname: string, value: PyValue | undefined, limit: number): number[] {
  if (value instanceof PyInstance && value.pyClass === "builtins.slice") {
    const [start, stop, step] = value.args;
    const from = start === null || start === undefined ? 0 : readSafeInt(qualname, start);
    const by = step === null || step === undefined ? 1 : readSafeInt(qualname, step);
    if (stop === null || stop === undefined || by <= 0) throw new TypeError(`${qualname}: placement slice must have a stop and a positive step`);
    const end = readSafeInt(qualname, stop);
    // Counted before any is made: a slice of 2**40 positions is a few bytes of pickle.
    const count = end > from ? Math.ceil((end - from) / by) : 0;
    if (from < 0 || count > limit) throw new TypeError(`${qualname}: placement slice(${from}, ${end}, ${by}) names ${count} positions from ${from}, for ${limit} columns`);
    return Array.from({ length: count }, (_, i) => from + i * by);
  }
  let positions: number[];
  if (value instanceof NdArray && value.ndim === 1 && (value.dtype.kind === "i" || value.dtype.kind === "u")) {
    const column = new NumpyColumn(value);
    positions = Array.from({ length: column.length }, (_, i) => Number(column.at(i)));
  } else if (Array.isArray(value)) {
    positions = value.map((item) => readSafeInt(qualname, item));
  } else if (value !== undefined) {
    positions = [readSafeInt(qualname, value)];
  } else {
    throw new TypeError(`${qualname}: cannot read a block placement from ${describeValue(value)}`);
  }
  if (positions.length > limit) throw new TypeError(`${qualname}: placement names ${positions.length} positions, for ${limit} columns`);
  return positions;
}

/** The columns a block's values hold, one per placement position. */
function blockColumns(qualname: string, values: PyValue, count: number): ColumnValue[] {
  let columns: ColumnValue[];
  if (values instanceof NdArray && values.ndim === 2) {
    columns = Array.from({ length: values.shape[0]! }, (_, row) => new NumpyColumn(values, row));
  } else if (values instanceof PdBackedArray && values.isUnknown) {
    throw new UnknownValuesError(values.pyClass);
  } else if (values instanceof PdBackedArray && values.ndarray?.ndim === 2) {
    columns = Array.from({ length: values.columnCount }, (_, row) => values.column(row));
  } else if (values instanceof PdMaskedArray || values instanceof ColumnValue || values instanceof NdArray) {
    columns = [toColumn(values)];
  } else {
    if (values instanceof PyInstance) throw new UnknownValuesError(values.pyClass);
    throw new TypeError(`${qualname}: cannot read block values from ${describeValue(values)}`);
  }
  if (columns.length !== count) throw new TypeError(`${qualname}: a block holds ${columns.length} columns but is placed at ${count}`);
  return columns;
}

/** Reads the `"0.14.1"` part of a manager's BUILD state: axes and `[{values, mgr_locs}]`. */
function legacyState(qualname: string, state: PyValue): { axes: PyValue[]; blocks: PdBlock[] } {
  if (!Array.isArray(state) || state.length < 4) throw new TypeError(`${qualname}: state must be (axes, values, items, extra), got ${describeValue(state)}`);
  const extra = stateRequire(qualname, state[3], "0.14.1");
  const axes = stateRequire(qualname, extra, "axes");
  const blocks = stateRequire(qualname, extra, "blocks");
  if (!Array.isArray(axes) || !Array.isArray(blocks)) throw new TypeError(`${qualname}: axes and blocks must be lists`);
  return {
    axes,
    blocks: blocks.map((block) => new PdBlock(stateRequire(qualname, block, "values"), stateRequire(qualname, block, "mgr_locs"))),
  };
}

function readIndex(qualname: string, value: PyValue | undefined, what: string): PdIndex {
  if (value instanceof PdIndex) return value;
  throw new TypeError(`${qualname}: ${what} must be a pandas Index, got ${describeValue(value)}`);
}

function readBlocks(qualname: string, value: PyValue | undefined): PdBlock[] {
  if (!Array.isArray(value)) throw new TypeError(`${qualname}: blocks must be a tuple, got ${describeValue(value)}`);
  return value.map((block) => {
    if (!(block instanceof PdBlock)) throw new TypeError(`${qualname}: expected blocks, got ${describeValue(block)}`);
    return block;
  });
}

/** A block manager: axes (`[columns, index]` for a frame, `[index]` for a series) and blocks. */
export class PdBlockManager implements PyObjectValue, PyStateful {
  axes: PdIndex[] = [];
  blocks: PdBlock[] = [];
  /** The class of an axis we do not rebuild (a placeholder Index), or null. */
  private unknownAxis: string | null = null;
  /** How it was pickled, for `toPlain`: its constructor's arguments, or a legacy BUILD state. */
  private pickled: { readonly args: PyValue[] } | { readonly state: PyValue } = { args: [] };
  constructor(readonly pyClass: string) {}

  /** Records the constructor call it was pickled as (`BlockManager(blocks, axes)`). */
  setPickledArgs(args: PyValue[]): void {
    this.pickled = { args };
  }

  setAxesAndBlocks(axes: PyValue[], blocks: PdBlock[]): void {
    this.unknownAxis = axes.find((axis): axis is PyInstance => axis instanceof PyInstance)?.pyClass ?? null;
    if (this.unknownAxis === null) this.axes = axes.map((axis, i) => readIndex(this.pyClass, axis, `axis ${i}`));
    this.blocks = blocks;
  }

  /** The axes, checked to be Indexes the decoder rebuilt: an UnknownValuesError when one is a placeholder. */
  requireAxes(count: number): PdIndex[] {
    if (this.unknownAxis !== null) throw new UnknownValuesError(this.unknownAxis);
    if (this.axes.length !== count) throw new TypeError(`${this.pyClass}: expected ${count} axes, got ${this.axes.length}`);
    return this.axes;
  }

  setState(state: PyValue): void {
    const { axes, blocks } = legacyState(this.pyClass, state);
    this.setAxesAndBlocks(axes, blocks);
    this.pickled = { state };
  }

  /** The columns in axis-0 order (a frame's), checked: every position filled once, every length the index's. */
  columns(rowCount: number, columnCount: number): ColumnValue[] {
    const columns: (ColumnValue | undefined)[] = new Array(columnCount);
    for (const block of this.blocks) {
      const positions = block.positions(columnCount);
      const made = blockColumns(this.pyClass, block.values, positions.length);
      positions.forEach((position, i) => {
        if (position < 0 || position >= columnCount || columns[position] !== undefined) {
          throw new TypeError(`${this.pyClass}: block placement ${position} is outside the columns or placed twice`);
        }
        const column = made[i]!;
        if (column.length !== rowCount) throw new TypeError(`${this.pyClass}: a column has ${column.length} values for ${rowCount} index labels`);
        columns[position] = column;
      });
    }
    // A loop, not indexOf: indexOf skips the holes of an array made by `new Array(n)`.
    for (let position = 0; position < columnCount; position++) {
      if (columns[position] === undefined) throw new TypeError(`${this.pyClass}: no block holds column ${position}`);
    }
    return columns as ColumnValue[];
  }

  /** A SingleBlockManager's one block's values (placed at slice(0, rows): the whole column). */
  singleValues(): PyValue {
    if (this.blocks.length !== 1) throw new TypeError(`${this.pyClass}: a Series' manager holds one block, not ${this.blocks.length}`);
    return this.blocks[0]!.values;
  }

  /**
   * Shown only inside the placeholder of a frame or series the decoder cannot read: as it was
   * pickled, the placeholder of its constructor call or of its `__new__` and BUILD state.
   */
  toPlain(): PyValue {
    return "args" in this.pickled ? callPlaceholder(this.pyClass, this.pickled.args).toPlain() : unbuilt(this.pyClass, this.pickled.state);
  }
}

/**
 * pandas' opt-in ArrayManager (`pd.set_option("mode.data_manager", "array")`, pandas 1.3 to 2.x):
 * `ArrayManager.__new__(ArrayManager)` and BUILD `(arrays, axes)`, one 1-D array per column and
 * the axes rows first (`[index, columns]`, where a BlockManager has `[columns, index]`).
 * SingleArrayManager (a Series') has one array and `[index]`.
 */
export class PdArrayManager implements PyObjectValue, PyStateful {
  private arrays: PyValue[] = [];
  private pickledAxes: PyValue[] = [];
  constructor(readonly pyClass: string) {}

  setState(state: PyValue): void {
    if (!Array.isArray(state) || state.length !== 2 || !Array.isArray(state[0]) || !Array.isArray(state[1])) {
      throw new TypeError(`${this.pyClass}: state must be (arrays, axes), got ${describeValue(state)}`);
    }
    this.arrays = state[0];
    this.pickledAxes = state[1];
  }

  /** The axes in a BlockManager's order (`[columns, index]` for a frame); see PdBlockManager.requireAxes. */
  requireAxes(count: number): PdIndex[] {
    const unknown = this.pickledAxes.find((axis): axis is PyInstance => axis instanceof PyInstance);
    if (unknown !== undefined) throw new UnknownValuesError(unknown.pyClass);
    if (this.pickledAxes.length !== count) throw new TypeError(`${this.pyClass}: expected ${count} axes, got ${this.pickledAxes.length}`);
    return this.pickledAxes.map((axis, i) => readIndex(this.pyClass, axis, `axis ${i}`)).reverse();
  }

  /** The columns, one per array, each of the index's length. */
  columns(rowCount: number, columnCount: number): ColumnValue[] {
    if (this.arrays.length !== columnCount) throw new TypeError(`${this.pyClass}: ${this.arrays.length} arrays for ${columnCount} columns`);
    return this.arrays.map((array) => {
      const column = toColumn(array);
      if (column.length !== rowCount) throw new TypeError(`${this.pyClass}: a column has ${column.length} values for ${rowCount} index labels`);
      return column;
    });
  }

  /** A SingleArrayManager's one array. */
  singleValues(): PyValue {
    if (this.arrays.length !== 1) throw new TypeError(`${this.pyClass}: a Series' manager holds one array, not ${this.arrays.length}`);
    return this.arrays[0]!;
  }

  /** As pickled (`__new__` then BUILD `(arrays, axes)`): shown inside an unread frame's placeholder. */
  toPlain(): PyValue {
    return unbuilt(this.pyClass, [this.arrays, this.pickledAxes]);
  }
}

/** The efficient form of a DataFrame for JavaScript: typed arrays for numeric columns, arrays otherwise. */
export interface DataFrameColumns {
  /** `df.index.tolist()`, mapped. */
  readonly index: PyValue[];
  /**
   * Column name (as decoded) to its values: a typed array (a view of the pickle's bytes when it
   * can be) or a list. A name an earlier column has too is a RepeatedKey holding it.
   */
  readonly columns: Map<PyValue, NumberArray | PyValue[]>;
}

/** `pandas.DataFrame`; JSON shows `{"index": df.index.tolist(), "columns": {name: df[name].tolist()}}`. */
export class PdDataFrame implements PyObjectValue, PyStateful {
  readonly pyClass: string;
  index: PdIndex | null = null;
  columnIndex: PdIndex | null = null;
  columns: ColumnValue[] = [];
  /** Everything else BUILD set (`attrs`, `_flags`, ...). */
  state: PyValue | undefined = undefined;

  constructor(pyClass = "pandas.core.frame.DataFrame") {
    this.pyClass = pyClass;
  }

  setState(state: PyValue): void {
    const qualname = this.pyClass;
    const { dict, manager } = managerState(qualname, state);
    if (!(manager instanceof PdBlockManager) && !(manager instanceof PdArrayManager)) {
      throw new TypeError(`${qualname}: _mgr must be a 2-D BlockManager or ArrayManager, got ${describeValue(manager)}`);
    }
    this.state = dict ?? null;
    let columnIndex: PdIndex;
    let index: PdIndex;
    try {
      [columnIndex, index] = manager.requireAxes(2) as [PdIndex, PdIndex];
      this.columns = manager.columns(index.length, columnIndex.length);
    } catch (error) {
      // A column of a class we do not rebuild: show the pickled state, as for any unknown object.
      if (error instanceof UnknownValuesError) return;
      throw error;
    }
    this.index = index;
    this.columnIndex = columnIndex;
  }

  private require(): { index: PdIndex; columnIndex: PdIndex } {
    if (this.index === null || this.columnIndex === null) throw new TypeError(`${this.pyClass}: the pickle set no state`);
    return { index: this.index, columnIndex: this.columnIndex };
  }

  /** Column names in order (`df.columns.tolist()`). */
  get columnNames(): PyValue[] {
    const { columnIndex } = this.require();
    return Array.from({ length: columnIndex.length }, (_, i) => columnIndex.label(i));
  }

  get rowCount(): number {
    return this.require().index.length;
  }

  toColumns(): DataFrameColumns {
    const { index } = this.require();
    // A Timestamp name is its isoformat() string here (JSON output keys it by its JSON text),
    // before repeats are found: it is then the same key as an equal str name, and both are kept.
    const names = keepRepeatedKeys(this.columnNames.map((name) => (name instanceof TextLabel ? name.text : name)));
    const columns = new Map<PyValue, NumberArray | PyValue[]>();
    this.columns.forEach((column, i) => {
      const numbers = column.numbers();
      columns.set(names[i]!, numbers !== null && numbers.missing === null ? numbers.values : (column.toPlain() as PyValue[]));
    });
    return { index: index.toPlain() as PyValue[], columns };
  }

  toPlain(): PyValue {
    if (this.index === null) return unbuilt(this.pyClass, this.state);
    const { index } = this.require();
    const names = keepRepeatedKeys(this.columnNames);
    const columns = new Map<PyValue, PyValue>();
    this.columns.forEach((column, i) => {
      columns.set(names[i]!, column);
    });
    const plain = new Map<PyValue, PyValue>([
      ["index", index],
      ["columns", columns],
    ]);
    return plain;
  }
}

/** `BlockManager(blocks, axes)` (pandas 1.3+), or `BlockManager.__new__` then a legacy BUILD. */
function managerReconstructor(qualname: string): ClassReconstructor {
  return {
    construct(args) {
      expectArgCount(qualname, args, 0, 3);
      const manager = new PdBlockManager(qualname);
      if (args.length === 0) return manager;
      manager.setPickledArgs(args);
      const [blocks, axes] = args;
      if (qualname.endsWith("SingleBlockManager")) {
        // SingleBlockManager(block, axis)
        if (!(blocks instanceof PdBlock)) throw new TypeError(`${qualname}: expected a block, got ${describeValue(blocks)}`);
        manager.setAxesAndBlocks([axes ?? null], [blocks]);
        return manager;
      }
      if (!Array.isArray(axes)) throw new TypeError(`${qualname}: axes must be a list, got ${describeValue(axes)}`);
      manager.setAxesAndBlocks(axes, readBlocks(qualname, blocks));
      return manager;
    },
  };
}

/** `_unpickle_block(values, placement, ndim)`. */
const blockReconstructor: ClassReconstructor = {
  construct(args) {
    const qualname = "pandas._libs.internals._unpickle_block";
    expectArgCount(qualname, args, 2, 3);
    return new PdBlock(args[0]!, args[1]!, args);
  },
};

/** `ArrayManager.__new__(ArrayManager)` (no arguments): BUILD gives its arrays and axes. */
function arrayManagerReconstructor(qualname: string): ClassReconstructor {
  return {
    construct(args) {
      if (args.length > 0) return callPlaceholder(qualname, args);
      return new PdArrayManager(qualname);
    },
  };
}

/** `DataFrame.__new__(DataFrame)`: BUILD gives its manager. */
const frameReconstructor: ClassReconstructor = {
  construct(args) {
    if (args.length > 0) return callPlaceholder("pandas.core.frame.DataFrame", args);
    return new PdDataFrame();
  },
};

/** Reconstructors of DataFrames, their block managers and blocks. */
export const pandasFrameClasses: ReadonlyMap<string, ClassReconstructor> = new Map([
  ["pandas.core.frame.DataFrame", frameReconstructor],
  ["pandas._libs.internals._unpickle_block", blockReconstructor],
  // pandas 0.24 and later; before 0.24 (Python 2's pandas 0.x) the managers lived in
  // pandas.core.internals itself, pickled with the legacy (axes, values, items, ...) state.
  ...["managers.BlockManager", "managers.SingleBlockManager", "BlockManager", "SingleBlockManager"].map((name): [string, ClassReconstructor] => [
    `pandas.core.internals.${name}`,
    managerReconstructor(`pandas.core.internals.${name}`),
  ]),
  ...["ArrayManager", "SingleArrayManager"].map((name): [string, ClassReconstructor] => [
    `pandas.core.internals.array_manager.${name}`,
    arrayManagerReconstructor(`pandas.core.internals.array_manager.${name}`),
  ]),
]);
