import { builtinsClasses } from "./builtins.js";
import { collectionsClasses } from "./collections.js";
import { datetimeClasses } from "./datetime.js";
import { decimalClasses } from "./decimal.js";
import { fractionsClasses } from "./fractions.js";
import { functionClasses } from "./function-pickles.js";
import { numpyClasses } from "./numpy.js";
import { pandasClasses } from "./pandas/registry.js";
import { pathlibClasses } from "./pathlib.js";
import { joblibClasses } from "./joblib.js";
import type { ClassRegistry } from "./registry.js";
import { torchClasses } from "./torch.js";
import { uuidClasses } from "./uuid.js";

/** Every class the decoder rebuilds by default, by `module.qualname` (Python 3 names). */
export const builtinClasses: ClassRegistry = new Map([
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

