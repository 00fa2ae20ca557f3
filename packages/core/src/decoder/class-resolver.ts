import type { ClassReconstructor, ClassRegistry } from "../classes/registry.js";
import { fixImports } from "../classes/fix-imports.js";
import { torchDtypeGlobal } from "../classes/torch.js";
import { PyGlobal } from "../values/placeholders.js";

/**
 * Turns `module`/`name` pairs into the `PyGlobal` values pushed by GLOBAL, STACK_GLOBAL, INST and
 * EXT*, remembering which have a reconstructor. One PyGlobal per name per decoder: pickles name
 * the same few classes many times, and the lookup then costs two Map probes, by module then by
 * name: strings the decoder handed out before (decoder/recent-strings.ts), whose hashes V8 keeps,
 * where a joined key was a new string to hash per lookup (130 ns of a record holding a datetime).
 */
export class ClassResolver {
  /** module -> name -> global, as the pickle spells them (before fix_imports). */
  private readonly globals = new Map<string, Map<string, PyGlobal>>();
  private readonly reconstructors = new Map<PyGlobal, ClassReconstructor>();

  constructor(
    private readonly userClasses: ReadonlyMap<string, ClassReconstructor>,
    private readonly builtinClasses: ClassRegistry,
    private readonly isFixingImports: boolean,
  ) {}

  /** The global for a name as the pickle spells it; Python 2 names are mapped when `proto < 3`. */
  resolve(module: string, name: string, proto: number): PyGlobal {
    if (this.isFixingImports && proto < 3) [module, name] = fixImports(module, name);
    let names = this.globals.get(module);
    if (names === undefined) {
      names = new Map();
      this.globals.set(module, names);
    }
    let global = names.get(name);
    if (global === undefined) {
      // A torch dtype (`torch.float32`) is a global whose JSON form is its str().
      global = torchDtypeGlobal(module, name) ?? new PyGlobal(module, name);
      names.set(name, global);
      const qualified = `${module}.${name}`;
      const reconstructor = this.userClasses.get(qualified) ?? this.builtinClasses.get(qualified);
      if (reconstructor !== undefined) this.reconstructors.set(global, reconstructor);
    }
    return global;
  }

  reconstructorOf(global: PyGlobal): ClassReconstructor | undefined {
    return this.reconstructors.get(global);
  }
}
