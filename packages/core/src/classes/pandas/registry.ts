import type { ClassReconstructor } from "../registry.js";
import { pandasArrayClasses, pandasBackedArrayClassNames } from "./arrays.js";
import { pandasFrameClasses } from "./frame.js";
import { pandasIndexClasses, pandasIndexClassNames } from "./index.js";
import { pandasOffsetNames } from "./offsets.js";
import { pandasIntervalClasses, pandasIntervalNamesRead, pandasPeriodDtypeCalls } from "./periods.js";
import { pandasSeriesClasses } from "./series.js";
import { PANDAS_NA, pandasTimeClasses } from "./timestamps.js";

/** Every pandas class and function the decoder rebuilds (pandas 1.x and 2.x pickles), by `module.qualname`. */
export const pandasClasses: ReadonlyMap<string, ClassReconstructor> = new Map([
  ...pandasTimeClasses,
  ...pandasArrayClasses,
  ...pandasIndexClasses,
  ...pandasIntervalClasses,
  ...pandasFrameClasses,
  ...pandasSeriesClasses,
]);

/** pandas globals the decoder reads by name and never calls: the classes its reconstructors are given, and `NA`. */
export const pandasNamesRead: readonly string[] = [...pandasIndexClassNames, ...pandasBackedArrayClassNames, ...pandasIntervalNamesRead, PANDAS_NA];

/**
 * pandas callables whose calls the decoder keeps as placeholders inside values it rebuilds: the
 * date offsets of a `freq`, and the Period and Interval dtypes (read for their freq and closed side).
 */
export const pandasCallsRead: readonly string[] = [...pandasOffsetNames, ...pandasPeriodDtypeCalls];
