import type { ClassReconstructor } from "../registry.js";
import { pandasArrayClasses, pandasBackedArrayClassNames } from "./arrays.js";
import { pandasFrameClasses } from "./frame.js";
import { pandasIndexClasses, pandasIndexClassNames } from "./index.js";
import { pandasOffsetNames } from "./offsets.js";
import { pandasSeriesClasses } from "./series.js";
import { PANDAS_NA, pandasTimeClasses } from "./timestamps.js";

/** Every pandas class and function the decoder rebuilds (pandas 1.x and 2.x pickles), by `module.qualname`. */
export const pandasClasses: ReadonlyMap<string, ClassReconstructor> = new Map([
  ...pandasTimeClasses,
  ...pandasArrayClasses,
  ...pandasIndexClasses,
  ...pandasFrameClasses,
  ...pandasSeriesClasses,
]);

/** pandas globals the decoder reads by name and never calls: the classes its reconstructors are given, and `NA`. */
export const pandasNamesRead: readonly string[] = [...pandasIndexClassNames, ...pandasBackedArrayClassNames, PANDAS_NA];

/** pandas callables whose calls the decoder keeps as placeholders inside values it rebuilds: the date offsets of a `freq`. */
export const pandasCallsRead: readonly string[] = pandasOffsetNames;
