import type { ClassReconstructor } from "../registry.js";
import { pandasArrayClasses } from "./arrays.js";
import { pandasFrameClasses } from "./frame.js";
import { pandasIndexClasses } from "./index.js";
import { pandasSeriesClasses } from "./series.js";
import { pandasTimeClasses } from "./timestamps.js";

/** Every pandas class and function the decoder rebuilds (pandas 1.x and 2.x pickles), by `module.qualname`. */
export const pandasClasses: ReadonlyMap<string, ClassReconstructor> = new Map([
  ...pandasTimeClasses,
  ...pandasArrayClasses,
  ...pandasIndexClasses,
  ...pandasFrameClasses,
  ...pandasSeriesClasses,
]);
