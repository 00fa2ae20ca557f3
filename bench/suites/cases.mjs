// Every measurement of the bench, as data: which process to run, on which input, how to check
// its answer, and which group it is timed in. Cases of one group are timed in turn within each
// run (peers alternated with ours), so their ratios come from the same minutes of the machine.
//
// A case:
//   id        unique, "group/tool-mode"
//   suite     "product" (against peers) or "overhead" (our own paths against each other)
//   label     what the table prints
//   argv      the command; "{OUT}" is replaced by a scratch file path when the case writes one
//   bytes     input size for MB/s (0: no throughput column)
//   check     null | {from: "probe", args} (the probe prints it when given args) | {from: "ndjson"|"msgpack", kind, file: "stdout"|"out"}
//   oracle    true on the CPython case whose check the others must match
//   metric    "wall" (whole process, default) or "inner" (a phase timed inside, e.g. encode)

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { CLI_INVOCATIONS } from "./cli-invocations.mjs";

const NODE = process.execPath;
const PYTHON = "python3";
/** The frame peer needs pandas: Debian's python3-pandas, for /usr/bin/python3. */
const FRAME_PYTHON = "/usr/bin/python3";

/**
 * A python3 that has the msgpack module, for the msgpack peer (Debian's python3-msgpack installs
 * it for /usr/bin/python3, which may not be the python3 first on PATH; run.mjs installs it).
 */
function pythonWithMsgpack() {
  for (const candidate of [PYTHON, "/usr/bin/python3"]) {
    if (spawnSync(candidate, ["-c", "import msgpack, numpy"], { stdio: "ignore" }).status === 0) return candidate;
  }
  return PYTHON;
}

/**
 * @param {{benchDir: string, dataDir: string, cliBin: string, sizeOf: (rel: string) => number}} env
 */
export function buildCases({ benchDir, dataDir, cliBin, sizeOf }) {
  const suite = (...parts) => join(benchDir, "suites", ...parts);
  const data = (rel) => join(dataDir, rel);
  const ours = (mode, kind, rel, nodeFlags = []) => [NODE, ...nodeFlags, suite("product", "ours.mjs"), mode, kind, data(rel)];
  const cpython = (...args) => [PYTHON, suite("product", "cpython.py"), ...args];
  const cpythonMsgpack = (...args) => [pythonWithMsgpack(), suite("product", "cpython.py"), ...args];
  // The CLI as installed: bin/pkl-stream.cjs through sh, whose line 2 starts Node as a user's
  // `pkl-stream` does (NODE_EXTRA_CA_CERTS emptied, the V8 flag for a file over 8 MB; see
  // README "V8 flags"). Run as `node bin/pkl-stream.cjs`, every row paid Node's TLS root store
  // (~35 ms here, the startup group's rows) that the command never pays.
  const cli = (args) => ["/bin/sh", cliBin, ...args];
  // The CLI reading stdin through a pipe, as `cat FILE | pkl-stream` (peak RSS is the largest child's).
  const cliStdin = (rel, args = []) => ["/bin/sh", "-c", `cat "$1" | /bin/sh "$2" ${args.join(" ")}`, "sh", data(rel), cliBin];
  const pickleparser = (mode, kind, rel) => [NODE, suite("product", "pickleparser.mjs"), mode, kind, data(rel)];
  // The answer check runs only in the verify run: its extra work is never timed.
  const probe = { from: "probe", args: ["--check"] };
  const pyCheck = (kind) => ({ from: "probe", args: ["--check", kind] });
  // A file of one record as a user's script reads it: CPython's load (the oracle) and load +
  // json.dumps / msgpack.packb with `default=<defaultName>` (cpython.py's default: an array's tolist(), an object's
  // vars(), else str()), against ours to NDJSON and msgpack, each checked as `kind`.
  const pickledWhole = (rel, kind, defaultName) =>
    [
      { id: "cpython", label: "CPython pickle.load", argv: cpython("load", data(rel)), oracle: true, check: pyCheck(kind) },
      { id: "cpython-json", label: `CPython pickle.load + json.dumps(default=${defaultName}) (a user's script to JSON)`, argv: cpython("load", data(rel), "--json"), check: null },
      { id: "cli-ndjson", label: "ours: CLI -> NDJSON", argv: cli(CLI_INVOCATIONS.ndjson(data(rel))), check: { from: "ndjson", kind, file: "stdout" } },
      { id: "cpython-msgpack", label: `CPython pickle.load + msgpack.packb(default=${defaultName})`, argv: cpythonMsgpack("load", data(rel), "--msgpack"), check: null },
      { id: "cli-msgpack", label: "ours: CLI -> msgpack", argv: cli(CLI_INVOCATIONS.msgpack(data(rel))), check: { from: "msgpack", kind, file: "stdout" } },
    ].map((c) => ({ bytes: sizeOf(rel), ...c }));
  const shardFiles = Array.from({ length: 8 }, (_, i) => `shards/shard-${String(i).padStart(2, "0")}.pkl`);
  const shardBytes = shardFiles.reduce((sum, rel) => sum + sizeOf(rel), 0);

  const recordsBytes = sizeOf("records.pkl");
  const records = [
    { id: "cpython", label: "CPython pickle.load", argv: cpython("load", data("records.pkl")), oracle: true, check: pyCheck("records") },
    { id: "ours-decode", label: "ours: loads (one-shot)", argv: ours("decode", "records", "records.pkl"), check: probe },
    { id: "ours-decode-map", label: "ours: loads, dict: \"map\"", argv: ours("decode-map", "records", "records.pkl"), check: probe },
    // What the core README's "V8's young generation" offers a library user: the flag on their own
    // command line (no library can set it). Not the target's row: that one is Node as it starts.
    { id: "ours-decode-map-semi", label: "ours: loads, dict: \"map\", node --max-semi-space-size=128", argv: ours("decode-map", "records", "records.pkl", ["--max-semi-space-size=128"]), check: probe },
    { id: "cpython-gcoff", label: "CPython pickle.load, gc.disable()", argv: cpython("load", data("records.pkl"), "--gc-off"), check: pyCheck("records") },
    { id: "ours-chunked", suite: "overhead", label: "ours: Unpickler.push, 64 KiB chunks", argv: ours("chunked", "records", "records.pkl"), check: probe },
    { id: "pickleparser", label: "pickleparser Parser.parse", argv: pickleparser("one", "records", "records.pkl"), check: probe },
    { id: "ours-entries", label: "ours: entries mode (library)", argv: ours("entries", "records", "records.pkl"), check: probe },
    { id: "json-parse", label: "JSON.parse of the same data as JSON", argv: [NODE, suite("product", "json-parse.mjs"), "parse", "records", data("records.json")], bytes: sizeOf("records.json"), check: probe },
    { id: "cpython-json", label: "CPython pickle.load + json.dumps (a user's script to JSON)", argv: cpython("load", data("records.pkl"), "--json"), check: null },
    { id: "cli-ndjson", label: "ours: CLI -> NDJSON", argv: cli(CLI_INVOCATIONS.ndjson(data("records.pkl"))), check: { from: "ndjson", kind: "records", file: "stdout" } },
    { id: "floor", suite: "overhead", label: "floor: read file + touch every byte", argv: [NODE, suite("overhead", "read-floor.mjs"), "touch", "bytes", data("records.pkl")], check: null },
    { id: "cpython-msgpack", label: "CPython pickle.load + msgpack.packb", argv: cpythonMsgpack("load", data("records.pkl"), "--msgpack"), check: null },
    { id: "cli-msgpack", label: "ours: CLI -> msgpack", argv: cli(CLI_INVOCATIONS.msgpack(data("records.pkl"))), check: { from: "msgpack", kind: "records", file: "stdout" } },
    { id: "cli-entries", label: "ours: CLI --entries -> NDJSON", argv: cli(CLI_INVOCATIONS.entries(data("records.pkl"))), check: null },
    // Issue 15: the audit (exit 0: records.pkl holds only data) against decoding the same file.
    { id: "cli-inspect", label: "ours: CLI inspect (the audit)", argv: cli(CLI_INVOCATIONS.inspect(data("records.pkl"))), check: null },
  ].map((c) => ({ bytes: recordsBytes, ...c }));

  // Issue 12: the same job at a tenth of the size, where start-up is part of what a user waits for.
  const recordsSmall = [
    { id: "cpython", label: "CPython pickle.load", argv: cpython("load", data("records-small.pkl")), oracle: true, check: pyCheck("records") },
    { id: "cpython-json", label: "CPython pickle.load + json.dumps (a user's script to JSON)", argv: cpython("load", data("records-small.pkl"), "--json"), check: null },
    { id: "cli-ndjson", label: "ours: CLI -> NDJSON", argv: cli(CLI_INVOCATIONS.ndjson(data("records-small.pkl"))), check: { from: "ndjson", kind: "records", file: "stdout" } },
  ].map((c) => ({ bytes: sizeOf("records-small.pkl"), ...c }));

  const numericBytes = sizeOf("numeric.pkl");
  const numeric = [
    { id: "cpython", label: "CPython pickle.load", argv: cpython("load", data("numeric.pkl")), oracle: true, check: pyCheck("numeric") },
    { id: "ours-decode", label: "ours: loads (one-shot)", argv: ours("decode", "numeric", "numeric.pkl"), check: probe },
    { id: "ours-decode-inner", suite: "overhead", label: "ours: loads alone, in-process", argv: ours("decode", "numeric", "numeric.pkl"), check: probe, metric: "inner" },
    { id: "ours-decode-reuse", label: "ours: loads, reuseInput (arrays view the file's buffer)", argv: ours("decode-reuse", "numeric", "numeric.pkl"), check: probe },
    { id: "ours-decode-reuse-inner", suite: "overhead", label: "ours: loads alone, reuseInput, in-process", argv: ours("decode-reuse", "numeric", "numeric.pkl"), check: probe, metric: "inner" },
    { id: "pickleparser", label: "pickleparser Parser.parse", argv: pickleparser("one", "numeric", "numeric.pkl"), check: probe },
    { id: "ours-read-path", label: "ours: @pkl-stream/stream readPickles(path) (arrays read in place)", argv: ours("path", "numeric", "numeric.pkl"), check: probe },
    { id: "ours-chunked", suite: "overhead", label: "ours: Unpickler.push, 64 KiB chunks", argv: ours("chunked", "numeric", "numeric.pkl"), check: probe },
    { id: "floor", suite: "overhead", label: "floor: read file + touch every byte", argv: [NODE, suite("overhead", "read-floor.mjs"), "touch", "bytes", data("numeric.pkl")], check: null },
  ].map((c) => ({ bytes: numericBytes, ...c }));

  const streamGroup = (rel, withPeers) => {
    const bytes = sizeOf(rel);
    const cases = [
      { id: "cpython", label: "CPython pickle.load loop until EOFError", argv: cpython("loop", data(rel)), oracle: true, check: pyCheck("stream") },
      { id: "ours-stream", label: "ours: Unpickler.push loop, 64 KiB chunks", argv: ours("stream", "stream", rel), check: probe },
      { id: "cli-stdin", label: "ours: cat FILE | pkl-stream -> NDJSON", argv: cliStdin(rel), check: { from: "ndjson", kind: "stream", file: "stdout" } },
      // The audit reads one record at a time (AuditStream): its peak RSS short against long.
      { id: "cli-inspect", label: "ours: CLI inspect (the audit, summed up)", argv: cli(CLI_INVOCATIONS.inspect(data(rel))), check: null },
    ];
    if (withPeers) {
      cases.push(
        { id: "cpython-json", label: "CPython pickle.load loop + json.dumps per record", argv: cpython("loop", data(rel), "--json"), check: null },
        { id: "pickleparser", label: "pickleparser Parser.read loop", argv: pickleparser("stream", "stream", rel), check: probe },
        { id: "ours-stream-pkg", suite: "overhead", label: "ours: @pkl-stream/stream readPickles", argv: ours("stream-pkg", "stream", rel), check: probe },
        { id: "cli-ndjson", label: "ours: CLI -> NDJSON", argv: cli(CLI_INVOCATIONS.ndjson(data(rel))), check: { from: "ndjson", kind: "stream", file: "stdout" } },
        // With one worker thread beside the main thread (-j 1; off by default).
        { id: "cli-stdin-worker", suite: "overhead", label: "ours: cat FILE | pkl-stream -j 1 -> NDJSON (one worker thread)", argv: cliStdin(rel, ["-j", "1"]), check: { from: "ndjson", kind: "stream", file: "stdout" } },
        { id: "floor", suite: "overhead", label: "floor: read file + touch every byte", argv: [NODE, suite("overhead", "read-floor.mjs"), "touch", "bytes", data(rel)], check: null },
      );
    }
    return cases.map((c) => ({ bytes, ...c }));
  };

  // A log of events: stream.pkl's shape with a datetime in every record, so no record is plain
  // data (the CLI's engine reads each datetime from its bytes, an island).
  const eventsBytes = sizeOf("events.pkl");
  const events = [
    { id: "cpython", label: "CPython pickle.load loop until EOFError", argv: cpython("loop", data("events.pkl")), oracle: true, check: pyCheck("stream") },
    { id: "cpython-json", label: "CPython pickle.load loop + json.dumps(default=str) per record", argv: cpython("loop", data("events.pkl"), "--json"), check: null },
    { id: "ours-stream", label: "ours: Unpickler.push loop, 64 KiB chunks", argv: ours("stream", "stream", "events.pkl"), check: probe },
    { id: "ours-stream-pkg", label: "ours: @pkl-stream/stream readPickles", argv: ours("stream-pkg", "stream", "events.pkl"), check: probe },
    { id: "cli-ndjson", label: "ours: CLI -> NDJSON", argv: cli(CLI_INVOCATIONS.ndjson(data("events.pkl"))), check: { from: "ndjson", kind: "stream", file: "stdout" } },
    { id: "cli-stdin", label: "ours: cat FILE | pkl-stream -> NDJSON", argv: cliStdin("events.pkl"), check: { from: "ndjson", kind: "stream", file: "stdout" } },
    // Looking without loading: the standard library's opcode walk against our audit, which also
    // follows the stack, judges each import and call and sums 400k records up (exit 0: all safe).
    { id: "cpython-genops", label: "CPython pickletools.genops over each record (opcodes and names)", argv: cpython("genops", data("events.pkl")), check: null },
    { id: "cli-inspect", label: "ours: CLI inspect (the audit, summed up)", argv: cli(CLI_INVOCATIONS.inspect(data("events.pkl"))), check: null },
  ].map((c) => ({ bytes: eventsBytes, ...c }));

  /**
   * A log of appended records of the stream shape with more in each (`file`): CPython's load loop
   * (the oracle: the stream check) and the loop + json.dumps(default=str), our Unpickler loop, the
   * CLI reading the file and reading a pipe.
   */
  const appendedLog = (file) =>
    [
      { id: "cpython", label: "CPython pickle.load loop until EOFError", argv: cpython("loop", data(file)), oracle: true, check: pyCheck("stream") },
      { id: "cpython-json", label: "CPython pickle.load loop + json.dumps(default=str) per record", argv: cpython("loop", data(file), "--json"), check: null },
      { id: "ours-stream", label: "ours: Unpickler.push loop, 64 KiB chunks", argv: ours("stream", "stream", file), check: probe },
      { id: "cli-ndjson", label: "ours: CLI -> NDJSON", argv: cli(CLI_INVOCATIONS.ndjson(data(file))), check: { from: "ndjson", kind: "stream", file: "stdout" } },
      { id: "cli-stdin", label: "ours: cat FILE | pkl-stream -> NDJSON", argv: cliStdin(file), check: { from: "ndjson", kind: "stream", file: "stdout" } },
    ].map((c) => ({ bytes: sizeOf(file), ...c }));

  // An order log: the same records with a UTC datetime and a Decimal in each. Each record makes
  // its own timezone (timezone.utc) before its datetime: none is plain data either.
  const orders = appendedLog("orders.pkl");

  // An order log with its lines: the same records with a UUID, a timedelta and 0-8 line-item
  // dicts in each (one shape whose lists of dicts change length). CPython's json.dumps writes the
  // UUID and the timedelta with default=str.
  const lines = appendedLog("lines.pkl");

  // A table of orders pickled whole: one list of dicts, each with a datetime, a Decimal, tags and
  // a list of line-item dicts. CPython's json.dumps writes the datetime and the Decimal with
  // default=str.
  const orderList = pickledWhole("order-list.pkl", "order-list", "str");

  // Objects of a class of a user's own (bench/lib/bench_classes.py): ours writes placeholders,
  // CPython's json.dumps and msgpack.packb each object's __dict__ (a user's `default`).
  const objects = pickledWhole("objects.pkl", "objects", "vars");

  const shards = [
    { id: "cpython", label: "CPython load + dict.update loop (writes nothing)", argv: cpython("shards", data("shards")), oracle: true, check: pyCheck("records") },
    { id: "cli-merge", label: "ours: CLI merge -> msgpack file", argv: cli(CLI_INVOCATIONS.merge(shardFiles.map(data), "{OUT}")), check: { from: "msgpack", kind: "records", file: "out" } },
    { id: "cli-merge-json", label: "ours: CLI merge -> JSON file", argv: cli(CLI_INVOCATIONS.mergeJson(shardFiles.map(data), "{OUT}")), check: null },
    { id: "cpython-pickle", label: "CPython load + dict.update loop + pickle.dump (a user's script to one pickle)", argv: cpython("shards", data("shards"), "--pickle"), check: null },
    { id: "cli-merge-pickle", label: "ours: CLI merge -> pickle file", argv: cli(CLI_INVOCATIONS.mergePickle(shardFiles.map(data), "{OUT}")), check: { from: "pickle", kind: "records", file: "out" } },
    // --on-conflict deep: a key in two shards merges its dict values field by field (the shards'
    // overlapping records have the same fields, so the answer is the same as the last-wins one).
    { id: "cpython-deep", label: "CPython load + recursive dict merge loop (writes nothing)", argv: cpython("shards", data("shards"), "--deep"), check: null },
    { id: "cli-merge-deep", label: "ours: CLI merge --on-conflict deep -> msgpack file", argv: cli(CLI_INVOCATIONS.mergeDeep(shardFiles.map(data), "{OUT}")), check: { from: "msgpack", kind: "records", file: "out" } },
    // The same to JSON: workers convert each shard's rows to JSON, so dicts read again (keys met
    // twice) come from the msgpack the rows keep beside it.
    { id: "cli-merge-deep-json", label: "ours: CLI merge --on-conflict deep -> JSON file", argv: cli(CLI_INVOCATIONS.mergeDeepJson(shardFiles.map(data), "{OUT}")), check: null },
  ].map((c) => ({ bytes: shardBytes, ...c }));

  const py2Bytes = sizeOf("py2-tuples.pkl");
  const py2 = [
    { id: "cpython", label: "CPython pickle.load(encoding='latin1')", argv: cpython("load", data("py2-tuples.pkl"), "--latin1"), oracle: true, check: pyCheck("py2-tuples") },
    { id: "ours-decode", label: "ours: loads (one-shot)", argv: ours("decode", "py2-tuples", "py2-tuples.pkl"), check: probe },
    { id: "pickleparser", label: "pickleparser Parser.parse", argv: pickleparser("one", "py2-tuples", "py2-tuples.pkl"), check: probe },
    // A list of tuples (rows) to JSON: the one-pass writer puts each tuple's `[` in front of its items.
    { id: "cpython-json", label: "CPython pickle.load(encoding='latin1') + json.dumps (a user's script to JSON)", argv: cpython("load", data("py2-tuples.pkl"), "--latin1", "--json"), check: null },
    { id: "cli-ndjson", label: "ours: CLI -> NDJSON", argv: cli(CLI_INVOCATIONS.ndjson(data("py2-tuples.pkl"))), check: { from: "ndjson", kind: "py2-tuples", file: "stdout" } },
  ].map((c) => ({ bytes: py2Bytes, ...c }));

  const mnistBytes = sizeOf("mnist.pkl.gz");
  const mnist = [
    { id: "cpython", label: "CPython gzip + pickle.load(encoding='latin1')", argv: cpython("load", data("mnist.pkl.gz"), "--gz", "--latin1"), oracle: true, check: pyCheck("mnist") },
    { id: "ours-gz", label: "ours: gunzip + loads", argv: ours("gz", "mnist", "mnist.pkl.gz"), check: probe },
    { id: "ours-gz-stream", label: "ours: readPickles of the .gz (streamed gunzip)", argv: ours("gz-stream", "mnist", "mnist.pkl.gz"), check: probe },
    { id: "pickleparser", label: "pickleparser gunzip + Parser.parse", argv: pickleparser("gz", "mnist", "mnist.pkl.gz"), check: probe },
    // To JSON and msgpack, as a user's script writes arrays (json.dumps with default=ndarray.tolist):
    // 55M float32 pixels written as lists of floats (283 MB of NDJSON). The CLI rows' bytes are
    // held to the arrays' plain form by the test suite (test/stream/number-grid.test.ts).
    { id: "cpython-json", label: "CPython gzip + pickle.load(encoding='latin1') + json.dumps(default=tolist)", argv: cpython("load", data("mnist.pkl.gz"), "--gz", "--latin1", "--json"), check: null },
    { id: "cli-ndjson", label: "ours: CLI -> NDJSON", argv: cli(CLI_INVOCATIONS.ndjson(data("mnist.pkl.gz"))), check: null },
    { id: "cpython-msgpack", label: "CPython gzip + pickle.load(encoding='latin1') + msgpack.packb(default=tolist)", argv: cpythonMsgpack("load", data("mnist.pkl.gz"), "--gz", "--latin1", "--msgpack"), check: null },
    { id: "cli-msgpack", label: "ours: CLI -> msgpack", argv: cli(CLI_INVOCATIONS.msgpack(data("mnist.pkl.gz"))), check: null },
  ].map((c) => ({ bytes: mnistBytes, ...c }));

  const encode = [
    { id: "cpython", label: "CPython pickle.dumps (protocol 5), in-process", argv: cpython("dumps", data("records.pkl")), oracle: true, check: pyCheck("records"), metric: "inner" },
    { id: "ours-encode", label: "ours: dumps (protocol 5), in-process", argv: ours("encode", "records", "records.pkl"), check: probe, metric: "inner" },
  ].map((c) => ({ bytes: recordsBytes, ...c }));

  // Start-up as a user meets it: the installed command (pnpm's shim in the repo's
  // node_modules/.bin, which runs bin/pkl-stream.cjs through /bin/sh), each row twice: with the
  // environment as it is, and with NODE_EXTRA_CA_CERTS unset (when it names a file, Node 20 loads
  // the CA store at start-up; the launcher empties it for pkl-stream, node -e 0 shows the cost).
  // Both variants go through env(1), so they pay the same extra exec.
  const shim = join(benchDir, "..", "node_modules", ".bin", "pkl-stream");
  const caNote = process.env.NODE_EXTRA_CA_CERTS ? "NODE_EXTRA_CA_CERTS set" : "NODE_EXTRA_CA_CERTS not set";
  const environments = [
    { suffix: "", label: `env as is (${caNote})`, prefix: ["env"] },
    { suffix: "-no-ca", label: "NODE_EXTRA_CA_CERTS unset", prefix: ["env", "-u", "NODE_EXTRA_CA_CERTS"] },
  ];
  const startupCommands = [
    { id: "node", suite: "product", label: "node -e 0 (the runtime alone)", argv: [NODE, "-e", "0"] },
    { id: "cli-version", label: "ours: pkl-stream --version", argv: [shim, ...CLI_INVOCATIONS.version()] },
    { id: "cli-tiny", label: "ours: pkl-stream -> NDJSON of a 1 KB pickle", argv: [shim, ...CLI_INVOCATIONS.ndjson(data("tiny.pkl"))] },
  ];
  const startup = [
    ...environments.flatMap((env) =>
      startupCommands.map((c) => ({ ...c, id: `${c.id}${env.suffix}`, label: `${c.label}, ${env.label}`, argv: [...env.prefix, ...c.argv], check: null })),
    ),
    { id: "python", suite: "overhead", label: "python3 -c pass (the runtime alone)", argv: [PYTHON, "-c", "pass"], check: null },
  ].map((c) => ({ bytes: 0, ...c }));

  // pandas (issue 14): the DataFrame pickle to JSON, against what a user would write with pandas
  // loaded (Debian's /usr/bin/python3 has it). Each writes its output to a file.
  const frameBytes = sizeOf("frame.pkl");
  const cpythonFrame = (mode) => [FRAME_PYTHON, suite("product", "cpython_frame.py"), mode, data("frame.pkl"), "{OUT}"];
  const frame = [
    { id: "cpython-json", label: "CPython + pandas: pickle.load + df.to_json() to a file", argv: cpythonFrame("json"), check: null },
    { id: "cli-ndjson", label: "ours: CLI -> NDJSON file ({index, columns})", argv: cli(CLI_INVOCATIONS.frame(data("frame.pkl"), "{OUT}")), check: null },
    { id: "cpython-rows", label: "CPython + pandas: pickle.load + to_json(orient='records', lines=True)", argv: cpythonFrame("rows"), check: null },
    { id: "cli-rows", label: "ours: CLI --rows -> NDJSON file", argv: cli(CLI_INVOCATIONS.frameRows(data("frame.pkl"), "{OUT}")), check: null },
  ].map((c) => ({ bytes: frameBytes, ...c }));

  // NDJSON to appended pickles (issue 12: writing pickles at CPython's speed), against the loop a
  // user would write. The CLI's pickles are read back for the check.
  const convert = [
    { id: "cpython", label: "CPython json.loads + pickle.dump per line", argv: cpython("ndjson-to-pickle", data("stream.ndjson")), oracle: true, check: pyCheck("stream") },
    { id: "cli-pickle", label: "ours: CLI convert NDJSON -> pickle", argv: cli(CLI_INVOCATIONS.convertToPickle(data("stream.ndjson"))), check: { from: "pickle", kind: "stream", file: "stdout" } },
  ].map((c) => ({ bytes: sizeOf("stream.ndjson"), ...c }));

  const groups = [
    { id: "records", title: `records: one dict of str -> small dicts, protocol 5`, input: "records.pkl", cases: records },
    { id: "records-small", title: "records-small: the records shape at a tenth of the size (start-up counts)", input: "records-small.pkl", cases: recordsSmall },
    { id: "numeric", title: "numeric: dict of 40 float32/int64 numpy arrays, protocol 5", input: "numeric.pkl", cases: numeric },
    { id: "stream", title: "stream: appended small dicts, protocol 4", input: "stream.pkl", cases: streamGroup("stream.pkl", true) },
    { id: "stream-short", title: "stream RSS, short file (issue #3)", input: "stream-short.pkl", cases: streamGroup("stream-short.pkl", false) },
    { id: "stream-long", title: "stream RSS, long file (issue #3)", input: "stream-long.pkl", cases: streamGroup("stream-long.pkl", false) },
    { id: "events", title: "events: appended small dicts each holding a datetime, protocol 4", input: "events.pkl", cases: events },
    { id: "orders", title: "orders: appended small dicts each holding a UTC datetime and a Decimal, protocol 4", input: "orders.pkl", cases: orders },
    { id: "lines", title: "lines: appended small dicts each holding a UUID, a timedelta and 0-8 line-item dicts, protocol 4", input: "lines.pkl", cases: lines },
    { id: "order-list", title: "order-list: one list of order dicts, each with a datetime, a Decimal and line-item dicts, protocol 5", input: "order-list.pkl", cases: orderList },
    { id: "objects", title: "objects: one list of objects of a class of a user's own, protocol 5", input: "objects.pkl", cases: objects },
    { id: "shards", title: "shards: merge of 8 dict pickles (protocol 4, 10% keys overlap)", input: "shards/", cases: shards },
    { id: "py2", title: "py2: protocol 2 list of tuples with Python 2 str", input: "py2-tuples.pkl", cases: py2 },
    { id: "mnist", title: "mnist: Python 2 numpy pickle, gzipped", input: "mnist.pkl.gz", cases: mnist },
    { id: "encode", title: "encode: the records dict back to a pickle (issue #7)", input: "records.pkl", cases: encode },
    { id: "startup", title: "CLI start-up", input: "tiny.pkl", cases: startup },
    { id: "frame", title: "frame: a 3M-row pandas DataFrame (df.to_pickle, protocol 5) to JSON", input: "frame.pkl", cases: frame },
    { id: "convert", title: "convert: stream.pkl's records as NDJSON to appended pickles", input: "stream.ndjson", cases: convert },
  ];
  for (const group of groups) {
    for (const c of group.cases) {
      c.id = `${group.id}/${c.id}`;
      c.group = group.id;
      c.suite ??= "product";
      c.metric ??= "wall";
    }
  }
  return groups;
}
