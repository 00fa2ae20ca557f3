/**
 * Globals that make loading a pickle in CPython dangerous: what they can do when the Unpickler
 * imports and calls them. Refreshed from the three public scanners and the advisories against
 * them; each entry names its source:
 *
 * - PS: picklescan `_unsafe_globals` (src/picklescan/scanner.py) and its GHSA advisories
 *   (tests/data2/GHSA-*.pkl);
 * - FK: fickling `UNSAFE_IMPORTS` (fickling/fickle.py), `UnsafeImportsML` (fickling/analysis.py)
 *   and test/test_bypasses.py;
 * - MS: modelscan `unsafe_globals` (modelscan/settings.py);
 * - I15: pkl-stream issue 15 (names the three lists missed, found reading the modules).
 *
 * Where a module is mostly harmless data types (os.stat_result, http.HTTPStatus, the enums of
 * socket...), the data types are listed in DATA_TYPES and judged `unknown` (not rebuilt), the rest
 * of the module stays denied.
 */

/** Modules dangerous as a whole, with every submodule. */
export const DANGEROUS_MODULES: ReadonlySet<string> = new Set([
  // processes and the OS
  "os", // PS MS FK: os.system
  "posix", // PS MS FK: os's Linux name
  "nt", // PS MS FK: os's Windows name
  "subprocess", // PS MS FK
  "_posixsubprocess", // FK I15: fork_exec
  "commands", // PS FK: Python 2's subprocess
  "popen2", // Python 2 popen
  "pty", // PS MS FK GHSA-r7v6-mfhq-g3m2: pty.spawn
  "pexpect", // FK: spawn
  "pipes", // FK: pipes.Template runs shell commands
  "platform", // FK: platform.popen (Python 2), architecture() runs `file`
  "multiprocessing", // FK test_missing_multiprocessing: util.spawnv_passfds
  "_multiprocessing",
  "signal", // FK
  "_signal", // FK
  "threading", // FK: Thread/Timer run a target
  "_thread", // FK: start_new_thread
  "atexit", // FK I15: register(fn) runs fn at exit
  "_osx_support", // PS FK GHSA-g38g-8gr9-h9xp: _read_output, _find_build_tool run os.system
  "_aix_support", // PS FK GHSA-g38g-8gr9-h9xp: _read_cmd_output
  "_pyrepl", // PS GHSA-g38g-8gr9-h9xp: pager.pipe_pager
  "mailcap", // I15: findmatch builds shell command lines for the caller
  "webbrowser", // PS MS FK: open() starts a browser (a command on some systems)
  // running code
  "runpy", // PS MS FK: _run_code
  "code", // PS FK: InteractiveInterpreter.runcode/runsource
  "codeop", // FK
  "importlib", // FK test_missing_importlib: import_module
  "_frozen_importlib", // FK
  "_frozen_importlib_external", // FK
  "_imp", // FK
  "imp", // FK: load_source
  "pkgutil", // PS FK GHSA-vvpj-8cmc-gx39: resolve_name reaches any module attribute
  "zipimport", // FK
  "site", // FK: addsitedir runs .pth files
  "sys", // PS MS FK: sys.modules, exit
  "gc", // FK: get_objects reaches every object
  "inspect", // FK: getattr equivalents
  "ctypes", // PS FK GHSA-4675-36f9-wf6r: CDLL
  "_ctypes", // FK
  "cffi", // foreign functions
  "marshal", // FK GHSA-565g-hwwr-4pp3: loads makes code objects
  "_interpreters", // FK: create runs code in a subinterpreter
  "_xxsubinterpreters", // FK
  "bdb", // PS MS FK: Bdb.run
  "pdb", // PS MS FK
  "trace", // PS FK GHSA-5qwp-399c-mjwf: Trace.run
  "timeit", // PS FK: timeit(stmt) execs
  "profile", // PS FK GHSA-7wx9-6375-f5wh: run/runctx
  "cProfile", // PS FK GHSA-49gj-c84q-6qm9
  "doctest", // PS FK GHSA-fqq6-7vqf-w3fg: debug_script
  "pydoc", // PS FK GHSA-84r2-jw7c-4r5q: locate, pipepager
  "idlelib", // PS FK GHSA-3gf5-cxq9-w223 and five more: runcode, get_entity...
  "lib2to3", // PS FK GHSA-f54q-57x4-jg88: Grammar.loads unpickles, make_label evals
  "test", // PS FK GHSA-g38g-8gr9-h9xp: test.support.script_helper.assert_python_ok
  "unittest", // FK: mock and loaders reach any attribute
  "ensurepip", // PS FK GHSA-xp4f-hrf8-rxw7: _run_pip
  "venv", // PS FK: create runs pip
  "pip", // PS FK: main installs packages
  "setuptools", // runs setup scripts
  "distutils", // PS FK GHSA-m273-6v24-x4m4: file_util.write_file
  "compileall", // FK: writes .pyc files
  "py_compile", // FK
  // files
  "shutil", // PS MS FK: rmtree, copy
  "tempfile", // FK
  "filecmp", // FK
  "fileinput", // FK: reads files
  "glob", // FK: enumerates files
  "linecache", // FK I15: reads any file into memory
  "mmap", // FK
  "tarfile", // FK: extract writes files
  "zipfile", // FK
  "shelve", // FK: opens a database and unpickles from it
  "dbm", // I15: opens database files (shelve's store)
  "sqlite3", // FK I15: connect creates files
  "_sqlite3", // FK
  "logging", // PS FK: FileHandler creates files, SocketHandler connects
  "syslog", // FK
  // network
  "socket", // PS MS FK (its enums are in DATA_TYPES)
  "_socket", // the C half of socket
  "ssl", // PS FK: get_server_certificate exfiltrates through DNS
  "select", // FK
  "selectors", // FK
  "asyncio", // PS MS FK GHSA-q77w-mwjj-7mqx: unix_events._UnixSubprocessTransport._start
  "http.client", // PS MS FK: HTTPSConnection (httplib in Python 2)
  "http.server", // FK: http as a whole; the rest of http (HTTPStatus) is data
  "http.cookiejar", // FK: FileCookieJar.load reads files
  "httplib", // PS MS FK: Python 2's http.client
  "urllib.request", // PS FK: urlopen (urllib.parse is pure functions and data)
  "urllib.robotparser", // FK: read() fetches a URL
  "urllib2", // FK
  "urllib3", // HTTP client
  "requests", // PS MS FK: requests.api.get (requests.structures is in DATA_TYPES)
  "aiohttp", // PS MS FK: client.ClientSession
  "ftplib", // FK test_network_protocol_ssrf
  "smtplib", // FK test_network_protocol_ssrf, test_obj_pop_call_invisibility
  "imaplib", // PS FK GHSA-g38g-8gr9-h9xp: IMAP4_stream runs a command
  "poplib", // FK test_network_protocol_ssrf
  "telnetlib", // FK test_network_protocol_ssrf
  "nntplib", // FK test_network_protocol_ssrf
  "xmlrpc", // FK
  "socketserver", // FK
  // unpicklers and code serializers that load more than data (pickle.loads and the wrappers
  // that only unpickle bytes are NESTED_LOADERS instead: their argument is audited)
  "pickle", // PS MS FK
  "_pickle", // PS MS FK
  "cPickle", // Python 2's _pickle
  "dill", // FK
  "cloudpickle", // PS FK: _make_function, _builtin_type("CodeType")
  "joblib", // FK (joblib.numpy_pickle's wrappers are in DATA_TYPES)
  "pandas.io.pickle", // I15: read_pickle
  "mlflow", // I15: pyfunc.load_model and friends load models (pickles) from anywhere
  "torch.serialization", // PS: load
  "torch.hub", // FK: load fetches and runs code
  "torch._dynamo", // FK GHSA-86cj-95qr-2p4f: guards.GuardBuilder.get
  "torch._inductor", // PS FK: codecache.compile_file
  "torch.jit", // FK GHSA-vr7h-p6mm-wpmh: unsupported_tensor_ops.execWrapper
  "torch.fx", // PS GHSA-f4x7-rfwp-v3xw: ShapeEnv.evaluate_guards_expression evals
  "torch.distributed", // FK: rendezvous handlers, rpc
  "torch.utils.collect_env", // PS GHSA-f745-w6jp-hpxx, GHSA-jhph-76pp-mggw: run, run_and_read_all
  "torch.utils.bottleneck", // PS GHSA-4r9r-ch6f-vxmx: run_cprofile
  "torch.utils._config_module", // PS FK GHSA-vv6j-3g6g-2pvj: ConfigModule.load_config unpickles
  "torch.utils.data.datapipes.utils.decoder", // PS GHSA-h3qp-7fh3-f8h4: basichandlers unpickles
  "numpy.f2py", // PS FK GHSA-r8g5-cgf2-4m4m: crackfortran.getlincoef evals
  "numpy.testing", // PS FK: _private.utils.runstring is exec
  "numpy.distutils", // FK
]);

/**
 * Single dangerous names in otherwise ordinary modules, as `module.qualname`. A name also covers
 * the attributes reached through it (`builtins.eval.__call__`).
 */
export const DANGEROUS_NAMES: ReadonlySet<string> = new Set([
  ...[
    "eval", // PS MS FK
    "exec", // PS MS FK
    "execfile", // Python 2
    "compile", // PS MS FK
    "getattr", // PS MS FK (a getattr of a data value for a bound method is judged at the call, audit.ts)
    "setattr", // FK
    "delattr", // FK
    "hasattr", // FK
    "__import__", // MS FK
    "open", // PS MS FK
    "file", // Python 2's open
    "input", // FK
    "raw_input", // Python 2's input
    "breakpoint", // PS MS FK
    "globals", // FK
    "locals", // FK
    "vars", // FK
    "apply", // PS MS: Python 2's f(*args)
    "reload", // Python 2's importlib.reload
    "help", // pydoc
    "exit", // site's exit
    "quit",
    "copyright", // site's _Printer reads files
    "credits",
    "license",
    "memoryview", // FK
    "__build_class__", // runs a class body
    "__loader__", // FK
    "__spec__", // FK
  ].map((name) => `builtins.${name}`),
  "operator.attrgetter", // PS MS FK: attrgetter("system")(os)
  "operator.methodcaller", // PS FK GHSA-84r2-jw7c-4r5q
  "_operator.attrgetter", // PS FK GHSA-46h3-79wf-xr6c
  "_operator.methodcaller", // PS FK GHSA-955r-x9j8-7rhh
  "functools.reduce", // calls its argument
  "_functools.reduce",
  "types.FunctionType", // PS FK GHSA-565g-hwwr-4pp3: a function from a code object
  "types.LambdaType",
  "types.CodeType", // PS
  "types.MethodType",
  "types.ModuleType",
  "io.open", // FK: builtins.open is io.open
  "io.open_code",
  "io.FileIO", // FK
  "_io.open", // FK
  "_io.open_code",
  "_io.FileIO", // PS: io_FileIO.pkl
  "codecs.open", // opens files
  "_codecs.open",
  "uuid._get_command_stdout", // PS FK GHSA-g38g-8gr9-h9xp (uuid.UUID is rebuilt data)
  "uuid._popen", // older uuid: runs a command
  "uuid._ifconfig_getnode", // runs ifconfig
  "uuid._ip_getnode",
  "uuid._arp_getnode",
  "uuid._lanscan_getnode",
  "uuid._netstat_getnode",
  "uuid._find_mac",
  "uuid._find_mac_near_keyword",
  "uuid._find_mac_under_heading",
  "numpy.load", // picklescan TODO list: loads pickles
  "numpy.save", // writes files
  "numpy.savez",
  "numpy.savez_compressed",
  "numpy.savetxt",
  "numpy.fromfile", // reads files
  "numpy.loadtxt",
  "numpy.genfromtxt",
  "numpy.memmap", // maps files
  "numpy.ndarray.tofile", // I15: a method of a rebuilt class that writes a file
  "numpy.ndarray.dump", // writes a pickle file
  "numpy.ctypeslib.load_library", // PS TODO list: loads a shared library
  "numpy.lib.npyio", // load/save/loadtxt under their module
  "numpy.lib.format.open_memmap",
  "pandas.read_pickle", // PS TODO list
  "torch.load", // FK
  "torch.compile", // FK
  "torch.save", // writes files
]);

/**
 * Methods of classes we rebuild that touch the file system: `pathlib.Path.write_text` named as a
 * global is a function that writes whatever path object it is given (I15).
 */
const FILE_METHODS: ReadonlySet<string> = new Set([
  "write_text",
  "write_bytes",
  "touch",
  "mkdir",
  "rmdir",
  "unlink",
  "rename",
  "replace",
  "symlink_to",
  "hardlink_to",
  "link_to",
  "chmod",
  "lchmod",
  "open",
  "read_text",
  "read_bytes",
  "iterdir",
  "glob",
  "rglob",
  "walk",
  "readlink",
  "copy",
  "copy_into",
  "move",
  "move_into",
]);
const PATH_MODULES: ReadonlySet<string> = new Set(["pathlib", "pathlib._local", "pathlib._abc", "pathlib._os"]);

/**
 * Data types inside denied modules: calling them builds a value and nothing else. Not rebuilt, so
 * `unknown` (CPython runs their constructor), never `dangerous` (I15: the old list cried wolf on them).
 */
export const DATA_TYPES: ReadonlySet<string> = new Set([
  ...["stat_result", "statvfs_result", "terminal_size", "times_result", "uname_result", "sched_param", "waitid_result"].flatMap(
    (name) => [`os.${name}`, `posix.${name}`, `nt.${name}`],
  ),
  "subprocess.CompletedProcess",
  "subprocess.CalledProcessError",
  "subprocess.TimeoutExpired",
  "subprocess.SubprocessError",
  "socket.AddressFamily",
  "socket.SocketKind",
  "socket.MsgFlag",
  "socket.AddressInfo",
  "socket.timeout",
  "socket.gaierror",
  "socket.herror",
  "requests.structures.CaseInsensitiveDict",
  "requests.structures.LookupDict",
  "requests.exceptions.HTTPError",
  "requests.exceptions.ConnectionError",
  "requests.exceptions.Timeout",
  "joblib.numpy_pickle.NumpyArrayWrapper", // joblib.dump writes one per array
  "joblib.numpy_pickle.NDArrayWrapper",
  "joblib.numpy_pickle_compat.NDArrayWrapper",
  "joblib.numpy_pickle_compat.ZNDArrayWrapper",
  "ssl.Purpose",
  "ssl.TLSVersion",
  "ssl.Options",
  "ssl.VerifyMode",
  "ssl.VerifyFlags",
  "signal.Signals",
  "signal.Handlers",
  "signal.Sigmasks",
  "logging.LogRecord",
  "logging.getLogger", // how a Logger pickles itself (Logger.__reduce__): returns the named logger, opens nothing
  "logging.Logger",
  "logging.RootLogger",
  "platform.uname_result",
  "requests.models.Response", // requests pickles responses and requests by __getstate__
  "requests.models.Request",
  "requests.models.PreparedRequest",
  "requests.cookies.RequestsCookieJar",
  "asyncio.exceptions.CancelledError",
  "asyncio.exceptions.TimeoutError",
]);

/**
 * Callables that unpickle the bytes they are given (or an `io.BytesIO` of them): their argument is
 * audited as a pickle of its own and its verdict folded into the call's (audit.ts). Loaders that
 * can also fetch or open what they are given (torch.load, joblib.load...) stay dangerous besides.
 */
export const NESTED_LOADERS: ReadonlySet<string> = new Set([
  "pickle.loads",
  "pickle._loads",
  "_pickle.loads",
  "cPickle.loads",
  "torch.storage._load_from_bytes", // pickle.dumps(tensor) writes its storage this way
  "torch.load",
  "torch.serialization.load",
  "dill.loads",
  "dill._dill.loads",
  "cloudpickle.loads",
  "joblib.load",
  "pandas.read_pickle",
  "pandas.io.pickle.read_pickle",
  "numpy.load",
]);

/** Nested loaders that do nothing but unpickle literal bytes: judged by what they unpickle alone. */
export const PURE_NESTED_LOADERS: ReadonlySet<string> = new Set([
  "pickle.loads",
  "pickle._loads",
  "_pickle.loads",
  "cPickle.loads",
  "torch.storage._load_from_bytes",
]);

/** Modules whose names Python 2 pickles use for the dangerous ones above (`fix_imports` maps them). */
const PYTHON2_MODULE_NAMES: ReadonlyMap<string, string> = new Map([
  ["__builtin__", "builtins"],
  ["__builtins__", "builtins"], // FK
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

/** The denied module `module` is in (itself or a parent package), or null. */
function deniedModule(module: string): string | null {
  if (DANGEROUS_MODULES.has(module)) return module;
  for (let dot = module.lastIndexOf("."); dot > 0; dot = module.lastIndexOf(".", dot - 1)) {
    const prefix = module.slice(0, dot);
    if (DANGEROUS_MODULES.has(prefix)) return prefix;
  }
  return null;
}

/** The denied name `qualname` is or reaches an attribute of, or null. */
function deniedName(qualname: string): string | null {
  if (DANGEROUS_NAMES.has(qualname)) return qualname;
  for (let dot = qualname.lastIndexOf("."); dot > 0; dot = qualname.lastIndexOf(".", dot - 1)) {
    const prefix = qualname.slice(0, dot);
    if (DANGEROUS_NAMES.has(prefix)) return prefix;
  }
  return null;
}

/** Why `module.name` is dangerous by the lists alone (no attribute walks), or null. */
function listedReason(module: string, name: string): string | null {
  const qualname = `${module}.${name}`;
  if (DATA_TYPES.has(qualname) || PURE_NESTED_LOADERS.has(qualname)) return null;
  const name0 = deniedName(qualname);
  if (name0 !== null) return `imports ${qualname}, which can run code, touch files or reach any attribute (${name0} is denied)`;
  const module0 = deniedModule(module);
  if (module0 !== null) return `imports ${qualname}: ${module0} can run commands, code or I/O`;
  const dot = name.indexOf(".");
  if (PATH_MODULES.has(module) && dot > 0 && FILE_METHODS.has(name.slice(name.lastIndexOf(".") + 1))) {
    return `imports ${qualname}, a method that touches the file system`;
  }
  // A bare module name as the attribute: `pathlib.os` is the os module itself.
  if (!name.includes(".") && deniedModule(stripUnderscores(name)) !== null && DANGEROUS_MODULES.has(stripUnderscores(name))) {
    return `imports ${qualname}, which is the module ${stripUnderscores(name)}`;
  }
  return null;
}

/** `_os` -> `os`: modules import others under private aliases (`random._os`, `tempfile._os`). */
function stripUnderscores(name: string): string {
  let i = 0;
  while (name.charCodeAt(i) === 0x5f) i++;
  return i === 0 || i === name.length ? name : name.slice(i);
}

/**
 * Why the dotted `name` walks to a dangerous global through module attributes (CPython's
 * find_class follows `pathlib` . `os` . `system`), or null: every split `a.b | c.d` of the walk is
 * read as module `a.b` (also without leading underscores) and name `c.d`.
 */
function walkReason(module: string, name: string): string | null {
  const path = name.split(".");
  // Any run of the path may be a module reached as an attribute: `numpy` then
  // `core._internal.ctypes.CDLL` reaches ctypes.CDLL (numpy.core._internal imports ctypes), so
  // runs that start past the first step count too, not only prefixes.
  for (let from = 0; from < path.length - 1; from++) {
    for (let i = from + 1; i < path.length; i++) {
      const viaRaw = path.slice(from, i).join(".");
      const rest = path.slice(i).join(".");
      for (const via of new Set([viaRaw, path.slice(from, i).map(stripUnderscores).join(".")])) {
        const reason = listedReason(via, rest);
        if (reason !== null) return `imports ${module}.${name}, which reaches ${via}.${rest} through module attributes (${reason})`;
      }
    }
  }
  return null;
}

/**
 * Classifies `module.name` (as Python 3 names it, after fix_imports). `name` may be dotted
 * (protocol 4 qualnames). `isRebuilt` says whether the decoder has a reconstructor for it.
 */
export function classifyGlobal(module: string, name: string, isRebuilt: (qualname: string) => boolean): GlobalVerdict {
  const module3 = PYTHON2_MODULE_NAMES.get(module) ?? module;
  const qualname = `${module3}.${name}`;
  if (DATA_TYPES.has(qualname)) {
    // joblib's NumpyArrayWrapper lives in a module that loads files, but the decoder rebuilds it.
    if (isRebuilt(qualname)) return { verdict: "safe", reason: null };
    return { verdict: "unknown", reason: `imports ${qualname}, a data type pkl-stream does not rebuild` };
  }
  const listed = listedReason(module3, name);
  if (listed !== null) return { verdict: "dangerous", reason: listed };
  // A name the decoder rebuilds is that function, dunder or not (`copyreg.__newobj__`, which
  // pickle itself writes for protocol 2 objects at protocols 0-1).
  if (!name.includes(".") && isRebuilt(qualname)) return { verdict: "safe", reason: null };
  // CPython's find_class walks a dotted name attribute by attribute, so a dunder step
  // (`Foo.__init__.__globals__`, `__builtins__`) reaches the interpreter's internals.
  if (name.includes("__") && name.split(".").some((part) => part.length > 4 && part.startsWith("__") && part.endsWith("__"))) {
    return { verdict: "dangerous", reason: `imports ${qualname}, a name that walks through Python internals` };
  }
  if (name.includes(".")) {
    const walk = walkReason(module3, name);
    if (walk !== null) return { verdict: "dangerous", reason: walk };
  }
  if (isRebuilt(qualname)) return { verdict: "safe", reason: null };
  if (PURE_NESTED_LOADERS.has(qualname)) {
    return { verdict: "unknown", reason: `imports ${qualname}, which unpickles the bytes it is given (audited as a nested pickle)` };
  }
  return { verdict: "unknown", reason: `imports ${qualname}, a class or function pkl-stream does not rebuild` };
}

const RANK: Readonly<Record<Verdict, number>> = { safe: 0, unknown: 1, dangerous: 2 };

/** The more severe of two verdicts. */
export function worstVerdict(a: Verdict, b: Verdict): Verdict {
  return RANK[a] >= RANK[b] ? a : b;
}
