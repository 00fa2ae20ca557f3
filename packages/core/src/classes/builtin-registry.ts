import { builtinsClasses } from "./builtins.js";
import { collectionsClasses } from "./collections.js";
import { datetimeClasses } from "./datetime.js";
import { decimalClasses } from "./decimal.js";
import { fractionsClasses } from "./fractions.js";
import { functionClasses } from "./function-pickles.js";
import { numpyClasses, numpyNamesRead } from "./numpy.js";
import { pandasCallsRead, pandasClasses, pandasNamesRead } from "./pandas/registry.js";
import { pathlibClasses } from "./pathlib.js";
import { joblibClasses } from "./joblib.js";
import type { ClassReconstructor, ClassRegistry } from "./registry.js";
import { torchClasses, torchNamesRead } from "./torch.js";
import { uuidClasses } from "./uuid.js";
import { ZONEINFO_CLASS, zoneMakerNames } from "./zones.js";

/** Maps whose entries no longer change (see ReadonlyRegistry). */
const sealed = new WeakSet<object>();

/**
 * A Map that refuses changes once built: `builtinClasses` is shared by every decoder in the
 * process, so one dependency deleting or replacing an entry would change what every other one
 * decodes. Own classes go in the `classes` option instead. (Sealed by a WeakSet: Map's
 * constructor calls `set`, before any field of a subclass exists.)
 */
class ReadonlyRegistry<K, V> extends Map<K, V> {
  override set(key: K, value: V): this {
    if (sealed.has(this)) refuseChange();
    return super.set(key, value);
  }
  override delete(key: K): boolean {
    if (sealed.has(this)) refuseChange();
    return super.delete(key);
  }
  override clear(): void {
    if (sealed.has(this)) refuseChange();
    super.clear();
  }
}

function refuseChange(): never {
  throw new TypeError("builtinClasses is read-only: give your own reconstructors in the `classes` option (a Map by module.qualname)");
}

function sealedRegistry(entries: Iterable<readonly [string, ClassReconstructor]>): ClassRegistry {
  const registry = new ReadonlyRegistry<string, ClassReconstructor>(entries);
  sealed.add(registry);
  return registry;
}

/** Every class the decoder rebuilds by default, by `module.qualname` (Python 3 names). Read-only. */
export const builtinClasses: ClassRegistry = sealedRegistry([
  ...builtinsClasses,
  ...collectionsClasses,
  ...datetimeClasses,
  ...decimalClasses,
  ...fractionsClasses,
  ...uuidClasses,
  ...pathlibClasses,
  ...numpyClasses,
  ...functionClasses,
  ...pandasClasses,
  ...torchClasses,
  ...joblibClasses,
]);

/**
 * Globals the decoder reads by name and never calls (`module.qualname`): the classes its
 * reconstructors are given as an argument (pandas' `_new_Index(Index, ...)`, numpy's
 * `_mareconstruct(MaskedArray, ...)`), the types data names (`numpy.record`, torch's storage
 * classes and dtypes), pandas' `NA`, and `zoneinfo.ZoneInfo`. A call of one is kept as a
 * placeholder, as a call of any class the decoder does not rebuild.
 */
export const builtinNamesRead: ReadonlySet<string> = new Set([...pandasNamesRead, ...numpyNamesRead, ...torchNamesRead, ZONEINFO_CLASS]);

/**
 * Callables whose calls the decoder keeps as placeholders inside values it rebuilds: the time zone
 * makers a datetime or Timestamp holds (pytz's `_p`, dateutil's `tzoffset`, ...: read for its
 * offset), and pandas' date offsets (a DatetimeIndex's `freq`, which the JSON mapping does not show).
 */
export const builtinCallsRead: ReadonlySet<string> = new Set([...zoneMakerNames, ...pandasCallsRead]);
