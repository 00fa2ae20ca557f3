/**
 * The call family of opcodes (REDUCE, NEWOBJ, NEWOBJ_EX, INST, OBJ, BUILD, and a call whose result
 * is discarded): a known class is rebuilt by its reconstructor, anything else becomes an inert
 * placeholder; nothing named in a pickle is ever called. Failures are thrown as plain errors;
 * the Unpickler reports them at the opcode.
 */
import { buildStateParts, setDictState } from "../classes/dict-class.js";
import { isCallableValue, isStateful, type ReconstructContext } from "../classes/registry.js";
import { PickleError } from "../errors.js";
import { isEffectTarget, PyGlobal, PyInstance } from "../values/placeholders.js";
import { createDict, DICT_PROTOTYPE, isPyObject, type PyDict, type PyValue } from "../values/py-types.js";
import type { ClassResolver } from "./class-resolver.js";
import { describeValue } from "./describe-value.js";
import { dictKeyText } from "./dict-keys.js";

/** REDUCE, NEWOBJ, NEWOBJ_EX, INST, OBJ: rebuild a known class, else an inert placeholder. */
export function callValue(
  callee: PyValue,
  args: PyValue[],
  kwargs: PyDict | null,
  isNewObj: boolean,
  classes: ClassResolver,
  context: ReconstructContext,
): PyValue {
  if (callee instanceof PyGlobal) {
    const reconstructor = classes.reconstructorOf(callee);
    // A user's own class comes back as it is: a value to the decoder (BUILD finds its setState).
    if (reconstructor !== undefined) return reconstructor.construct(args, kwargs, context) as PyValue;
    const instance = new PyInstance(callee.module, callee.name, args);
    instance.kwargs = kwargs;
    if (isNewObj) instance.callKind = "NEWOBJ";
    return instance;
  }
  if (isCallableValue(callee)) return callee.callWith(args, kwargs, context);
  if (isPyObject(callee)) {
    // Calling a value built while loading (getattr(...)(...)): still only data, the callee nested.
    const instance = PyInstance.ofComputedCall(callee, args, kwargs);
    if (isNewObj) instance.callKind = "NEWOBJ";
    return instance;
  }
  throw new TypeError(`${describeValue(callee)} is not callable`);
}

/** NEWOBJ_EX's keyword arguments as a dict keyed by text; undefined when they are no dict. */
export function kwargsDict(kwargs: PyValue): PyDict | undefined {
  if (kwargs instanceof Map) {
    const dict = createDict();
    for (const [key, value] of kwargs) dict[typeof key === "string" ? key : dictKeyText(key)] = value;
    return dict;
  }
  if (typeof kwargs === "object" && kwargs !== null && Object.getPrototypeOf(kwargs) === DICT_PROTOTYPE) return kwargs as PyDict;
  return undefined;
}

/**
 * A call whose result the pickle discarded: it was made to act on its arguments (cloudpickle's
 * `_function_setstate(func, state)`, dill's `setattr(cell, "cell_contents", v)`). The first
 * argument that can take it (a placeholder, a function, a cell) records or applies it; with none
 * it is dropped, as CPython would drop its result.
 */
export function recordDiscardedCall(call: PyInstance): void {
  const args = call.args;
  for (let i = 0; i < args.length; i++) {
    const target = args[i];
    if (isEffectTarget(target)) {
      target.addEffect(call, [...args.slice(0, i), ...args.slice(i + 1)]);
      return;
    }
  }
}

/** Why BUILD could not set a state: the PickleError code and the reason. */
export class StateRefused extends Error {
  constructor(
    readonly code: "BAD_ARGUMENT" | "BAD_TYPE",
    reason: string,
    options?: ErrorOptions,
  ) {
    super(reason, options);
  }
}

/** BUILD: `state` onto `target` (a rebuilt object's setState, a dict's items and attributes); throws StateRefused. */
export function applyState(target: PyValue, state: PyValue, context: ReconstructContext): void {
  if (isStateful(target)) {
    try {
      target.setState(state);
    } catch (error) {
      if (error instanceof PickleError) throw error;
      throw new StateRefused("BAD_ARGUMENT", `BUILD state rejected: ${(error as Error)?.message ?? String(error)}`, { cause: error });
    }
    return;
  }
  if (target instanceof Map || (typeof target === "object" && target !== null && Object.getPrototypeOf(target) === DICT_PROTOTYPE)) {
    try {
      setDictState(target as PyDict | Map<PyValue, PyValue>, state, context);
    } catch (error) {
      throw new StateRefused("BAD_TYPE", `BUILD cannot set state on a dict: ${(error as Error).message}`, { cause: error });
    }
    return;
  }
  // CPython's default __setstate__ sets nothing for a None state (or a (None, None) pair).
  if (buildStateParts(state).every((part) => part === null)) return;
  throw new StateRefused("BAD_TYPE", `BUILD cannot set state on ${describeValue(target)}`);
}
