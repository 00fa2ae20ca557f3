/**
 * Globals that make loading a pickle in CPython dangerous, in the manner of the known scanners
 * (picklescan's `_unsafe_globals`, modelscan's unsafe operator lists, fickling's overtly
 * malicious calls): what they can do when the Unpickler imports and calls them.
 */

/**
 * Modules dangerous as a whole, with every submodule: they run commands or code, open files
 * or sockets, load other pickles, or reach the interpreter's internals.
 */
export const DANGEROUS_MODULES: ReadonlySet<string> = new Set([
  // processes and the OS
  "os",
  "posix",
  "nt",
  "subprocess",
  "commands", // Python 2's subprocess
  "popen2",
  "pty",
  "platform", // platform.popen
  "multiprocessing",
  "signal",
  // running code
  "runpy",
  "code",
  "codeop",
  "importlib",
  "imp",
  "pkgutil",
  "zipimport",
  "sys",
  "ctypes",
  "_ctypes",
  "cffi",
  "bdb",
  "pdb",
  "trace",
  "timeit",
  "profile",
  "cProfile",
  "doctest",
  "pydoc",
  "idlelib",
  "lib2to3",
  "ensurepip",
  "venv",
  "pip",
  "setuptools",
  "distutils",
  // files, network
  "shutil",
  "tempfile",
  "socket",
  "_socket",
  "ssl",
  "asyncio",
  "selectors",
  "webbrowser",
  "http",
  "httplib", // Python 2's http.client
  "urllib",
  "urllib2",
  "urllib3",
  "requests",
  "aiohttp",
  "ftplib",
  "smtplib",
  "telnetlib",
  "xmlrpc",
  "socketserver",
  // unpicklers and code serializers that load more than data
  "pickle",
  "_pickle",
  "cPickle",
  "marshal",
  "shelve",
  "dill",
  "cloudpickle",
  "joblib",
  "torch.serialization",
  "numpy.f2py",
  "numpy.testing._private.utils", // runstring() is exec()
  "numpy.distutils",
]);

/** Single dangerous names in otherwise ordinary modules, as `module.qualname`. */
export const DANGEROUS_NAMES: ReadonlySet<string> = new Set([
  ...[
    "eval",
    "exec",
    "execfile",
    "compile",
    "getattr",
    "setattr",
    "delattr",
    "__import__",
    "open",
    "file",
    "input",
    "raw_input",
    "breakpoint",
    "globals",
    "locals",
    "vars",
    "apply",
    "reload",
    "help",
    "exit",
    "quit",
    "__build_class__",
  ].map((name) => `builtins.${name}`),
  // Callables that call what they are given: a chain through them reaches any attribute or function.
  "operator.attrgetter",
  "operator.itemgetter",
  "operator.methodcaller",
  "_operator.attrgetter",
  "_operator.itemgetter",
  "_operator.methodcaller",
  "functools.partial",
  "functools.reduce",
  "_functools.partial",
  "_functools.reduce",
  "types.FunctionType",
  "types.LambdaType",
  "types.CodeType",
  "types.MethodType",
  "io.open",
  "io.open_code",
  "io.FileIO",
  "_io.open",
  "_io.FileIO",
  "codecs.open",
  "numpy.load",
  "numpy.fromfile",
  "numpy.loadtxt",
  "pandas.read_pickle",
  "torch.load",
]);

/** Modules whose names Python 2 pickles use for the dangerous ones above (`fix_imports` maps them). */
const PYTHON2_MODULE_NAMES: ReadonlyMap<string, string> = new Map([
  ["__builtin__", "builtins"],
  ["exceptions", "builtins"],
  ["copy_reg", "copyreg"],
]);

/** What loading a global in CPython can do: run anything, run code we do not know, or only what we rebuild. */
export type Verdict = "safe" | "unknown" | "dangerous";

export interface GlobalVerdict {
  readonly verdict: Verdict;
  /** Why, for `dangerous` and `unknown`. */
  readonly reason: string | null;
}

/**
 * Classifies `module.name` (as Python 3 names it, after fix_imports). `name` may be dotted
 * (protocol 4 qualnames). `isRebuilt` says whether the decoder has a reconstructor for it.
 */
export function classifyGlobal(module: string, name: string, isRebuilt: (qualname: string) => boolean): GlobalVerdict {
  const module3 = PYTHON2_MODULE_NAMES.get(module) ?? module;
  const parts = module3.split(".");
  for (let i = parts.length; i > 0; i--) {
    const prefix = parts.slice(0, i).join(".");
    if (DANGEROUS_MODULES.has(prefix)) {
      return { verdict: "dangerous", reason: `imports ${module3}.${name}: ${prefix} can run commands, code or I/O` };
    }
  }
  const path = name.split(".");
  if (DANGEROUS_NAMES.has(`${module3}.${name}`) || DANGEROUS_NAMES.has(`${module3}.${path[0]}`)) {
    return { verdict: "dangerous", reason: `imports ${module3}.${name}, which can run code or reach any attribute` };
  }
  const qualname = `${module3}.${name}`;
  if (isRebuilt(qualname)) return { verdict: "safe", reason: null };
  // CPython's find_class walks a dotted name attribute by attribute, so a dunder step
  // (`Foo.__init__.__globals__`, `__builtins__`) reaches the interpreter's internals.
  if (path.some((part) => part.length > 4 && part.startsWith("__") && part.endsWith("__"))) {
    return { verdict: "dangerous", reason: `imports ${qualname}, a name that walks through Python internals` };
  }
  return { verdict: "unknown", reason: `imports ${qualname}, a class or function pkl-stream does not rebuild` };
}

const RANK: Readonly<Record<Verdict, number>> = { safe: 0, unknown: 1, dangerous: 2 };

/** The more severe of two verdicts. */
export function worstVerdict(a: Verdict, b: Verdict): Verdict {
  return RANK[a] >= RANK[b] ? a : b;
}
