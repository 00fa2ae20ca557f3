/**
 * The help texts. Every example is data (`HelpExample`) so a test can run each one, in a folder
 * holding the files they name, and check its exit status: the help never shows a command that
 * does not work.
 */
import { LISTED_RECORDS } from "./inspect-text.js";

export interface HelpExample {
  /** A shell command line, run with `sh -c`. */
  readonly command: string;
  /** What it does, one line. */
  readonly says: string;
  /** The exit status it ends with. Default 0. */
  readonly exitCode?: number;
}

export const CAT_EXAMPLES: readonly HelpExample[] = [
  { command: "pkl-stream events.pkl", says: "every record of events.pkl, one JSON line each" },
  { command: "cat part-*.pkl | pkl-stream --limit 3", says: "pickles appended one after another, from a pipe; stop after 3" },
  { command: "pkl-stream 'logs/*.pkl.gz' --meta", says: "a quoted glob, gzip read as is; each line gets file, index, offset" },
  { command: "pkl-stream events.pkl --select .user.name", says: "one field of each record (jq path syntax)" },
  { command: "pkl-stream mnist.pkl.gz --select '.[0][1][:10]'", says: "the first ten training labels of MNIST" },
  { command: "pkl-stream events.pkl --format json -o events.json", says: "one JSON array, written to a file" },
  { command: "pkl-stream events.pkl --format msgpack | wc -c", says: "msgpack, for programs (bytes stay binary)" },
  { command: "pkl-stream py2.pkl --encoding utf-8", says: "Python 2 str read as UTF-8 instead of latin-1" },
  { command: "pkl-stream damaged.pkl --skip-corrupt", says: "skip bytes that do not decode, say so on stderr" },
  { command: "pkl-stream features.pkl --entries --limit 3", says: "one huge dict: its [key, value] pairs as they are read" },
  { command: "pkl-stream events.pkl | head -1", says: "stops quietly when the reader has enough" },
];

export const SHOW_EXAMPLES: readonly HelpExample[] = [
  { command: "pkl-stream show mnist.pkl.gz --select '.[0][0][7]' --shape 28x28", says: "draw the 8th training digit in the terminal" },
  {
    command: "pkl-stream show mnist.pkl.gz --select '.[0][0][7]' --shape 28x28 --png digit.png",
    says: "write it as a grayscale PNG",
  },
  { command: "pkl-stream show images.pkl --select .thumb", says: "a 2-d array needs no --shape" },
];

export const INSPECT_EXAMPLES: readonly HelpExample[] = [
  { command: "pkl-stream inspect events.pkl", says: "what its 30 records import and call, summed up; verdict safe (exit 0)" },
  { command: "pkl-stream inspect model.pkl", says: "a pickle that would run os.system: dangerous (exit 3)", exitCode: 3 },
  { command: "pkl-stream inspect --json events.pkl model.pkl", says: "the same for machines", exitCode: 3 },
  { command: "pkl-stream inspect --records events.pkl", says: "the facts of each record, however many records there are" },
  { command: "pkl-stream inspect --dis events.pkl | head -20", says: "full disassembly, as pickletools.dis" },
];

/**
 * `view` serves until Ctrl-C, so the help-examples runner cannot run these as they are: test/web's
 * view test starts each with --no-open and checks it serves.
 */
export const VIEW_EXAMPLES: readonly HelpExample[] = [
  { command: "pkl-stream view mnist.pkl.gz", says: "open MNIST in the browser: its digits drawn, labels as histograms" },
  { command: "pkl-stream view model.pkl events.pkl", says: "several files: the verdict of each, the records, the structure" },
  { command: "pkl-stream view --no-open --port 8765 events.pkl", says: "print the address only (a browser elsewhere on this machine)" },
];

/** Each runs in a folder of the files test/cli/fixtures/help-examples/make_files.py writes. */
export const MERGE_EXAMPLES: readonly HelpExample[] = [
  { command: "pkl-stream merge 'part-*.pkl' -o merged.msgpack", says: "the dicts of part-1.pkl and part-2.pkl as one dict, msgpack (from the extension)" },
  {
    command: "pkl-stream merge 'part-*.pkl' 'logs/*.pkl.gz' --on-conflict first --format json",
    says: "gzip read as is; a key keeps its first value (files in sorted path order); JSON on stdout",
  },
  { command: "pkl-stream merge 'part-*.pkl' damaged.pkl -k -o merged.json", says: "merge the good files, name the bad one on stderr, exit 1", exitCode: 1 },
];

/** Each runs in a folder of the files test/cli/fixtures/help-examples/make_files.py writes. */
export const CONVERT_EXAMPLES: readonly HelpExample[] = [
  { command: "pkl-stream convert events.pkl -o events.ndjson", says: "every record as one JSON line (the format from the extension)" },
  { command: "pkl-stream convert 'logs/*.pkl.gz' -o all.pkl --protocol 4", says: "gzipped pickles to one file of protocol 4 pickles, for a pickle.load loop" },
  { command: "pkl-stream merge 'part-*.pkl' | pkl-stream convert - -f pickle > merged.pkl", says: "merge's JSON (read from stdin: -) as one pickle, for Python" },
];

/** Examples as help lines: the command, then what it does, indented. */
function formatExamples(examples: readonly HelpExample[]): string {
  return examples.map((example) => `  $ ${example.command}\n      ${example.says}\n`).join("");
}

export const CAT_HELP: string = `Usage: pkl-stream [options] [FILE|GLOB|-]...
       pkl-stream show FILE [--select PATH] [--record N] [--shape HxW] [--png OUT.png]
       pkl-stream inspect [--json | --dis] [--records] [--memo shared] [--progress] FILE...
       pkl-stream view [FILE...]   (a page in your browser: records, tree, verdict, pictures)
       pkl-stream merge ... | convert ...   (see pkl-stream COMMAND --help)

Reads Python pickles, safely (no code from the pickle ever runs), and writes each record as
JSON. Inputs are read one after another as one stream of records: files, quoted globs
(expanded and sorted, so they work in any shell), gzip files (detected by content), or
standard input when no file or "-" is given. Records appended to one file are all read.
bzip2, xz, lzma and zstd files (pandas' to_pickle("x.pkl.bz2"), joblib's compress="xz") are
read through the system's bzip2, xz or zstd command, detected by content too.
A torch.save file (zip or legacy) is one record, the saved object; a joblib.dump file
(compressed too) is read with its numpy arrays in place; a named zip file of one
pickle (pandas' to_pickle("x.pkl.zip")) is read as that pickle.

Options:
  -f, --format ndjson|json|msgpack
                      ndjson: one compact JSON text per line; json: one array; msgpack:
                      binary (to a pipe or -o FILE). Default: from -o FILE's extension
                      (.msgpack/.mpk msgpack, .json json), else ndjson; a .pkl/.pickle FILE
                      needs --format (pickles are written by convert)
  -o, --output FILE   write to FILE instead of standard output: to a temporary file that is
                      renamed over FILE when the command ends, also after bad data (FILE
                      then holds the records before the bad one); on Ctrl-C or a failed
                      write (disk full) FILE is left as it was. A symlink's target is
                      written; a FIFO, a device (/dev/null) or /dev/stdout, /dev/stderr,
                      /dev/fd/N is written in place, never replaced (so >> FILE appends);
                      never one of the inputs
  -m, --meta          wrap each record: {"file","index","offset","value"} (file null for stdin)
  -s, --select PATH   a part of each record, in jq's path syntax: .train  .[0]  .["key x"]
                      .[2:5]  .[0][0][3]; a path a record does not have is an error
  -n, --limit N       stop after N records
  -j, --concurrency N worker threads that encode the records of a large input (past 4 MiB)
                      beside the main thread, which reads and writes (default 0: none; try
                      the cores but one on a machine with 4 or more; at most twice the
                      cores are started). Output is the same
                      whatever N; a record over 16 MiB (one giant dict) stays on the main thread
  -e, --encoding ENC  Python 2 str (STRING opcodes): latin1 (default), utf-8, ascii, bytes
                      (under utf-8 or ascii, a str that is no such text fails, as in Python);
                      any case, utf8 and latin-1 too, as Python spells them
      --skip-corrupt  skip stretches that do not decode (reported on stderr) and go on
      --entries       one huge record: write its root dict's [key, value] pairs (or root
                      list's items) each as soon as it is read, so output starts at once and
                      --limit or a reader that quits stops the reading early. Memory still
                      grows with the record (what was written is kept for pickle's memo):
                      a 200 MB dict peaked at 528 MB, about as without --entries; the
                      entries' output together keeps to the record's budget (64 x its
                      bytes read, 64 MiB at least: a memo bomb stops there). Every record
                      of the input is taken so: a record whose root is no dict or list is
                      written as itself
      --rows          a pandas DataFrame record as one record per row, keyed by column
                      name (df.to_json(orient="records", lines=True)), the index as a field
                      unless it is the default RangeIndex; values follow the JSON mapping
                      (timestamps in isoformat); other records pass through as they are
      --progress      bytes, records, MB/s and ETA on stderr (default: on when stderr is a
                      terminal, the output is not that terminal too, and input sizes are
                      known); --no-progress turns it off
      --debug         print the stack trace of an error
  -h, --help          this help;  -V, --version  the version

Examples:
${formatExamples(CAT_EXAMPLES)}
Output follows the JSON mapping of the project: ints exact, 2.0 stays 2.0, bytes in
base64, datetimes in ISO format, numpy arrays as nested lists, unknown classes as
{"__class__": ..., "__args__": ..., "__state__": ...}.

Errors are one line: pkl-stream: FILE: record N at byte B: what went wrong (opcode X);
bad usage (status 2) adds a line pointing to --help. A missing bzip2, xz or zstd command
(for such input) is status 1, the message saying which to install.
Exit status: 0 all good (also when the reader of the output quits early: | head -1),
1 bad data (or an output that could not be written: disk full), 2 bad usage (unknown
option, missing file, an -o path that cannot be written or is one of the inputs),
70 internal error (a bug of pkl-stream: please report it with --debug's output),
130 interrupted (Ctrl-C), 143 ended by SIGTERM, 129 ended by SIGHUP.
inspect: 0 safe, 1 unknown, 3 dangerous.
`;

export const MAIN_HELP: string = CAT_HELP;

export const SHOW_HELP: string = `Usage: pkl-stream show FILE [--select PATH] [--record N] [--shape HxW] [--png OUT.png]

Looks at a numeric array (a digit, a small image, a matrix) instead of reading numbers:
drawn in the terminal in grayscale with Unicode half blocks (two pixels per character; an image
wider than the terminal is scaled down to its width, each drawn pixel the average of those it
covers), or written as a PNG (every pixel). Values become gray levels 0 (black) to 255 (white) by the first rule that fits:
  integers all in 0..255 (uint8 images, bytes)  used as they are
  floats or bools all in 0..1 (MNIST as floats)  v x 255, rounded: 0.0 black, 1.0 white
  anything else                                 scaled: smallest value black, largest white
NaN is black. Each channel of a color image follows the same rule.

Options:
  -s, --select PATH   the array inside the record (jq path syntax, as for pkl-stream);
                      default ., the whole record
  -r, --record N      which record of FILE (default 0, the first)
      --shape HxW     reshape a flat array: 28x28; HxWx3 or HxWx4 for color
      --png OUT.png   write a PNG (gray, or RGB/RGBA for 3 or 4 channels) instead of drawing;
                      never the input; a symlink's target is written, a FIFO written through;
                      - is standard output (a pipe or file, not the terminal)
      --debug         print the stack trace of an error
  -h, --help          this help

Accepts numpy arrays, nested lists of numbers, and bytes (with --shape).

Examples:
${formatExamples(SHOW_EXAMPLES)}
Exit status: 0 shown, 1 bad data (not an array, not numeric, wrong size), 2 bad usage
(also a --png path that cannot be written), 70 internal error (a bug: please report it),
130 interrupted (Ctrl-C), 143 ended by SIGTERM, 129 ended by SIGHUP.
`;

export const INSPECT_HELP: string = `Usage: pkl-stream inspect [--json | --dis] [--records] [--memo shared] [--progress] FILE...

Tells what loading each file in Python would do, without loading it: per record the
protocol, byte size, opcode counts, nesting (how deeply containers nest in the value it
loads: [[[1]]] is 3, a dict of small dicts 2), memo size, every global it imports and
every call it would make; then a verdict per file:
  safe       only data and classes pkl-stream rebuilds itself (pandas frames, numpy and
             masked arrays, zoned datetimes, joblib arrays, torch.save state_dicts, ...)
  unknown    classes or functions whose code would run (yours, a library's), or bad data
             (no pickle, a cut one, cut or damaged gzip: the next files are still audited)
  dangerous  imports that run commands or code (os.system, builtins.eval, ...), calls of
             targets computed at load time
Use it as a gate before pickle.load: the exit status is the worst verdict over all files.
Containers are opened (torch.save zips, legacy and tar files, .npy/.npz, joblib, gzip), and
a file is held to every way a library reads it: a tar torch.load would take it for, a zip
zipfile finds at its end, TorchScript (code: never safe).
A file of more than ${LISTED_RECORDS} records (a log of appended pickle.dump records) is summed
up instead: verdicts, protocols, sizes, opcodes, imports, calls and reasons over all
records, each with the first record that has it, then the records that are not safe
(the first ${LISTED_RECORDS}). --records lists every record, as for a short file.
Input is read one record at a time: a long stream takes the memory of its largest record
(--dis and --memo shared read each file whole).

Options:
      --json          one JSON report for all files, for machines
      --dis           a full disassembly, in the format of Python's pickletools.dis, instead
                      of the report (the exit status is still the verdict); not with --json
      --records       list every record, however many (default: more than ${LISTED_RECORDS} are
                      summed up); with --json, every record's report
      --memo shared   records share one memo: a stream written by one Pickler object (its
                      records GET memo entries of earlier ones); default per-record, as a
                      pickle.load loop reads a file
      --progress      bytes, records, MB/s and ETA on stderr (default: on when stderr is a
                      terminal, stdout is not, and input sizes are known); --no-progress
                      turns it off
      --debug         print the stack trace of an error
  -h, --help          this help

Examples:
${formatExamples(INSPECT_EXAMPLES)}
Exit status: 0 safe, 1 unknown, 3 dangerous, 2 bad usage (a missing file), 70 internal
error (a bug of pkl-stream: please report it), 130 interrupted (Ctrl-C), 143 ended by
SIGTERM, 129 ended by SIGHUP: no verdict then for the file being read, nor over all files.
An empty file is safe (0 records), though pickle.load raises EOFError on it.
`;

export const VIEW_HELP: string = `Usage: pkl-stream view [--no-open] [--port N] [FILE...]

Opens pickles in a page in your browser: each file's records (index, byte offset, size,
protocol), a tree of each record's value with Python's type names (unknown classes shown
as their class, arguments and state), the inspect verdict with its reasons, a record's
disassembly, numpy arrays drawn as pictures (a grid for a stack of images such as MNIST's
50000x784; the picture shape is guessed and can be typed), numbers as a histogram, and the
--select path of the node under the cursor, to copy into a pkl-stream command.

The page is served on 127.0.0.1 only (a free port unless --port), under an address with a
random token, printed on standard output; it reads the named files from this server and
more files from the page's own picker or drop zone. Nothing of a pickle runs, nothing is
sent anywhere else: the page decodes in the browser. The page also works without the
server: open packages/web/dist/index.html from disk.

Options:
      --no-open       do not start a browser, only print the address
      --port N        listen on port N (default: a free one)
      --debug         print the stack trace of an error
  -h, --help          this help

Examples:
${formatExamples(VIEW_EXAMPLES)}
Runs until Ctrl-C or SIGTERM, which end it with exit status 0 (stopping is its normal end).
Exit status 2 on bad usage (a missing file, a port in
use), 70 internal error (a bug of pkl-stream: please report it).
`;

/** `merge --help`. */
export const MERGE_HELP: string = `Usage: pkl-stream merge FILE|GLOB... [options]

Merges dict pickles (one dict per file, or appended dict records) into one dict, as loading them
in sorted path order and dict.update-ing them would. Files are decoded in parallel worker threads.
Inputs may be gzipped, or be the msgpack output of an earlier merge (merges compose). Inputs are
regular files, named or matched by quoted globs; not standard input or a pipe (the workers read
each file by position: save such input to a file first).

Options:
  -o, --output FILE        write FILE atomically: a temporary file renamed over it when the
                           merge is done (with -k also when files were bad); an error that ends
                           the merge, or Ctrl-C, leaves FILE as it was. A symlink's target is
                           written; a FIFO, a device or /dev/stdout, /dev/fd/N is written in
                           place, never replaced (so >> FILE appends). Never one of the inputs.
                           Default stdout
  -f, --format FORMAT      msgpack | json | ndjson (one {"key": value} per line) | pickle (one
                           dict for pickle.load; values as msgpack keeps them). Default: msgpack
                           with -o (json for a .json FILE, ndjson for .ndjson/.jsonl, pickle for
                           .pkl/.pickle), json on stdout
  -j, --concurrency N      files decoded at once, 1 or more (default: available cores)
      --on-conflict POLICY last (default, as dict.update) | first | error | deep (merge nested
                           dicts)
  -k, --keep-going         merge every good file, list the bad ones on stderr, exit 1
      --progress           files done/total, MB read, MB/s and ETA on stderr (default: on when
                           stderr is a terminal and the output is not that terminal too);
                           --no-progress turns it off
      --debug              print the stack trace of an error
  -h, --help               this help

Examples:
${formatExamples(MERGE_EXAMPLES)}
Exit status: 0 merged, 1 bad data (a corrupt pickle, a record that is no dict, a conflict
under --on-conflict error, bad files under -k; also an output that could not be written: disk
full), 2 bad usage (unknown option; a missing or unreadable file, a glob that matches nothing, a
directory, a pipe or -; an -o path that cannot be written or is one of the inputs; msgpack or
pickle to a terminal), 70 internal error (a bug of pkl-stream: please report it with --debug's
output), 130 interrupted (Ctrl-C), 143 ended by SIGTERM, 129 ended by SIGHUP.
`;

/** `convert --help`. */
export const CONVERT_HELP: string = `Usage: pkl-stream convert [IN...] [-o OUT] [options]

Converts records between pickle, JSON, NDJSON and msgpack. IN is a file, a quoted glob, or - for
standard input; with none, standard input is read (when it is not a terminal). Each input's format is recognised by its content (gzip is undone first), and
only when it is certain:
  pickle    starts with PROTO 2-5 (bytes 80 02..80 05), or with another byte below 0x80 and
            decodes as protocol 0/1 pickles (appended records): a corrupt one gets its pickle error
  JSON      UTF-8 text that starts like a JSON value ([ { " - a digit, true, false, null): one value
            is one record, a top-level array a list of records; else NDJSON (one value per line)
  msgpack   the whole input is msgpack values, is not text, and starts with a byte 0x80 or above
            (a map, array, str, float...) or is a file named .msgpack/.mpk: a first value that is an
            int 0-127 is an ASCII byte, which cannot be told from text or a protocol 0/1 pickle
A torch.save file (zip or legacy) is one record, the saved object; a joblib.dump file
(uncompressed, or compressed with zlib, gzip, bzip2, xz or lzma) is read with its numpy arrays in
place; a named zip file of one pickle (pandas' to_pickle("x.pkl.zip")) is read as that pickle;
gzip input is inflated, bzip2/xz/zstd input read through the system's tool. Anything else
(plain text, CSV, another zip, a .npy or .npz...) exits 1 saying what it looks like.
Records of all inputs are written in order. A bad record (or a gzip input cut short) ends the
conversion with exit 1: the records before it are on stdout (a JSON array closed after them);
an -o file is not made. JSON output is one array of the records, as the decoding command's
--format json. Pickle output is one pickle per record, as repeated pickle.dump calls write it:
Python reads it back with a pickle.load loop. Pickle to pickle keeps
the classes the decoder rebuilds and can write back (datetime, Decimal, numpy arrays; a torch
tensor becomes a numpy array; pandas objects exit 1); JSON input gives ints, floats (2.0 stays
a float), str, lists and dicts.

Options:
  -o, --output FILE        write FILE atomically: a temporary file renamed over it once every
                           record is written; any error, or Ctrl-C, leaves FILE as it was. A
                           symlink's target is written; a FIFO, a device or /dev/stdout,
                           /dev/fd/N is written in place, never replaced (so >> FILE appends).
                           Never one of the inputs. Default stdout
  -f, --format FORMAT      pickle | ndjson | json | msgpack. Default: from FILE's extension
                           (.pkl/.pickle pickle, .ndjson/.jsonl ndjson, .json json, .msgpack/.mpk
                           msgpack), else ndjson
  -p, --protocol N         pickle protocol 2-5 (default 5)
      --debug              print the stack trace of an error
  -h, --help               this help

Examples:
${formatExamples(CONVERT_EXAMPLES)}
Exit status: 0 converted, 1 bad data (an input in no format convert reads, a corrupt pickle, a
bad JSON line, a record with no pickle form; also an output that could not be written: disk
full), 2 bad usage (unknown option, a missing file, an -o path that cannot be written or is one
of the inputs, msgpack or pickle to a terminal), 70 internal error (a bug of pkl-stream: please
report it with --debug's output), 130 interrupted (Ctrl-C), 143 ended by SIGTERM, 129 ended by
SIGHUP.
`;
