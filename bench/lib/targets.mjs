// The targets of issues #6 and #12, evaluated on the medians of one run. They are goals printed beside
// the figures, not tests: a miss is reported, never hidden, and never fails the run.

const fmt = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : "n/a");
const times = (x, suffix = "") => (Number.isFinite(x) ? `${x.toFixed(2)}x${suffix}` : "n/a");

/** @param {Map<string, {status: string, timeS: number, rssMB: number}>} r results by case id */
export function evaluateTargets(r) {
  const time = (id) => (r.get(id)?.status === "ok" ? r.get(id).timeS : Number.NaN);
  const rss = (id) => (r.get(id)?.status === "ok" ? r.get(id).rssMB : Number.NaN);
  const judge = (ok, figure) => ({ met: Number.isNaN(ok) ? null : Boolean(ok), figure });
  const ratio = (slow, fast) => time(slow) / time(fast);
  const check = (value, pass) => (Number.isFinite(value) ? pass(value) : Number.NaN);

  // The records targets take the faster of the two dict modes (objects, Maps), named in the figure.
  const bestRecords = time("records/ours-decode-map") < time("records/ours-decode") ? "records/ours-decode-map" : "records/ours-decode";
  const bestMode = bestRecords.endsWith("-map") ? ' (dict: "map")' : " (objects)";
  const recordsVsCpython = ratio("records/cpython", bestRecords);
  const recordsVsJson = ratio("records/json-parse", bestRecords);
  // In-process (issue 12): the decode alone, without start-up and reading the file.
  // The faster of loads as it is and loads with reuseInput (arrays then view the input), named.
  const gbs = (id) => (r.get(id)?.bytes ?? Number.NaN) / time(id) / 1e9;
  const numericCopyGBs = gbs("numeric/ours-decode-inner");
  const numericReuseGBs = gbs("numeric/ours-decode-reuse-inner");
  const numericGBs = Number.isFinite(numericReuseGBs) ? Math.max(numericReuseGBs, numericCopyGBs) : numericCopyGBs;
  const streamVsCpython = ratio("stream/cpython", "stream/ours-stream");
  const streamRssGrowth = rss("stream-long/ours-stream") / rss("stream-short/ours-stream");
  const chunkedOverOneShot = ratio("records/ours-chunked", "records/ours-decode");
  const mergeVsCpython = ratio("shards/cpython", "shards/cli-merge");
  const deepMergeVsCpython = ratio("shards/cpython-deep", "shards/cli-merge-deep");
  // Issue 12: the everyday jobs against the script a user would write instead.
  const ndjsonVsScript = ratio("records/cpython-json", "records/cli-ndjson");
  const smallNdjsonVsScript = ratio("records-small/cpython-json", "records-small/cli-ndjson");
  const msgpackVsScript = ratio("records/cpython-msgpack", "records/cli-msgpack");
  const streamCliVsScript = ratio("stream/cpython-json", "stream/cli-stdin");
  const streamCliRssGrowth = rss("stream-long/cli-stdin") / rss("stream-short/cli-stdin");
  const mergeJsonVsCpython = ratio("shards/cpython", "shards/cli-merge-json");
  const mergePickleVsCpython = ratio("shards/cpython-pickle", "shards/cli-merge-pickle");
  const valuesVsCpython = ratio("records/cpython", "records/ours-decode-map");
  // MNIST: the faster of our two ways to read a .gz (gunzipSync + loads, readPickles streaming), named.
  const bestMnist = time("mnist/ours-gz-stream") < time("mnist/ours-gz") ? "mnist/ours-gz-stream" : "mnist/ours-gz";
  const mnistVsCpython = ratio("mnist/cpython", bestMnist);
  const mnistMode = bestMnist.endsWith("-stream") ? " (readPickles, streamed gunzip)" : " (gunzipSync + loads)";
  const mnistNdjsonVsScript = ratio("mnist/cpython-json", "mnist/cli-ndjson");
  const mnistMsgpackVsScript = ratio("mnist/cpython-msgpack", "mnist/cli-msgpack");
  const encodeVsCpython = ratio("encode/cpython", "encode/ours-encode");
  const convertVsCpython = ratio("convert/cpython", "convert/cli-pickle");
  const frameVsPandas = ratio("frame/cpython-json", "frame/cli-ndjson");
  const inspectOverDecode = ratio("records/cli-inspect", "records/ours-decode");
  const mergeRss = [rss("shards/cli-merge"), rss("shards/cpython")];
  // Start-up is judged as a user gets it: the installed command, environment as is. The figure
  // adds the rows with NODE_EXTRA_CA_CERTS unset and the bare runtime (node -e 0) beside them.
  const startup = Math.max(time("startup/cli-version"), time("startup/cli-tiny")) * 1000;
  const ms = (id) => `${fmt(time(id) * 1000, 0)} ms`;

  return [
    {
      name: "inspect of records.pkl via the CLI within 1.0x of decoding it (ours: loads, one process each; issue 15)",
      ...judge(check(inspectOverDecode, (x) => x <= 1), times(inspectOverDecode)),
    },
    {
      name: "records -> NDJSON via the CLI >= 5x CPython pickle.load + json.dumps (issue 12)",
      ...judge(check(ndjsonVsScript, (x) => x >= 5), times(ndjsonVsScript)),
    },
    {
      name: "records at a tenth of the size -> NDJSON via the CLI >= 5x CPython pickle.load + json.dumps, start-up included (issue 12)",
      ...judge(check(smallNdjsonVsScript, (x) => x >= 5), times(smallNdjsonVsScript)),
    },
    {
      name: "stream -> NDJSON via the CLI reading a pipe (cat FILE into pkl-stream) >= 4x CPython's load loop + json.dumps (issue 12)",
      ...judge(check(streamCliVsScript, (x) => x >= 4), times(streamCliVsScript)),
    },
    {
      name: "CLI reading a pipe: peak RSS independent of file length (long/short <= 1.2, issue 12)",
      ...judge(
        check(streamCliRssGrowth, (x) => x <= 1.2),
        `${fmt(rss("stream-short/cli-stdin"), 0)} MB short, ${fmt(rss("stream-long/cli-stdin"), 0)} MB long (${times(streamCliRssGrowth)})`,
      ),
    },
    {
      name: "records -> msgpack via the CLI >= 5x CPython pickle.load + msgpack.packb (issue 12)",
      ...judge(check(msgpackVsScript, (x) => x >= 5), times(msgpackVsScript)),
    },
    {
      name: "shards merge to msgpack >= 5x faster than the CPython loop (issue 12)",
      ...judge(check(mergeVsCpython, (x) => x >= 5), times(mergeVsCpython)),
    },
    {
      // Issue 12 asks that --on-conflict deep get the fast path too and sets no figure for it: the
      // bar is the last-wins merge's, against a user's recursive merge loop.
      name: "shards deep merge (--on-conflict deep) to msgpack >= 5x faster than CPython's recursive merge loop (issue 12)",
      ...judge(check(deepMergeVsCpython, (x) => x >= 5), times(deepMergeVsCpython)),
    },
    {
      name: "shards merge to JSON >= 3x faster than the CPython loop (issue 12)",
      ...judge(check(mergeJsonVsCpython, (x) => x >= 3), times(mergeJsonVsCpython)),
    },
    {
      // Writing pickles at CPython's speed or better (issue 12): our merged pickle is read back and checked.
      name: "shards merge to one pickle at least as fast as CPython's loop + pickle.dump (issue 12)",
      ...judge(check(mergePickleVsCpython, (x) => x >= 1), times(mergePickleVsCpython)),
    },
    {
      name: "decode to JS values (loadAll, dict: \"map\") >= 1.5x CPython pickle.load (issue 12)",
      ...judge(check(valuesVsCpython, (x) => x >= 1.5), times(valuesVsCpython)),
    },
    {
      name: "MNIST gzip decode at least as fast as CPython (issue 12)",
      ...judge(check(mnistVsCpython, (x) => x >= 1), times(mnistVsCpython, mnistMode)),
    },
    {
      // Old Python 2 pickles such as MNIST's, the brief's example: its arrays written as lists.
      name: "MNIST gzip -> NDJSON and -> msgpack via the CLI at least as fast as CPython's load + json.dumps / msgpack.packb (default=tolist)",
      ...judge(check(Math.min(mnistNdjsonVsScript, mnistMsgpackVsScript), (x) => x >= 1), `NDJSON ${times(mnistNdjsonVsScript)}; msgpack ${times(mnistMsgpackVsScript)}`),
    },
    {
      // The CLI's pickles are read back and checked against the records CPython's json.loads gave.
      name: "NDJSON -> appended pickles via the CLI (convert) at least as fast as CPython's json.loads + pickle.dump loop (issue 12)",
      ...judge(check(convertVsCpython, (x) => x >= 1), times(convertVsCpython)),
    },
    {
      // The encode rows' verify runs check that CPython's pickle.load of our output gives the same data.
      name: "dumps of the records dict at least as fast as CPython pickle.dumps, protocol 5 (issue 12)",
      ...judge(check(encodeVsCpython, (x) => x >= 1), times(encodeVsCpython)),
    },
    {
      name: "the 3M-row DataFrame pickle -> JSON via the CLI >= 2x CPython pickle.load + df.to_json() (issue 14)",
      ...judge(check(frameVsPandas, (x) => x >= 2), times(frameVsPandas)),
    },
    {
      name: "records decode >= 3x faster than CPython pickle.load",
      ...judge(check(recordsVsCpython, (x) => x >= 3), times(recordsVsCpython, bestMode)),
    },
    {
      name: "records decode faster than JSON.parse of the same data",
      ...judge(check(recordsVsJson, (x) => x > 1), times(recordsVsJson, ` JSON.parse's speed${bestMode}`)),
    },
    {
      name: "numeric decode >= 1 GB/s in-process",
      ...judge(
        check(numericGBs, (x) => x >= 1),
        Number.isFinite(numericGBs) ? `${fmt(numericReuseGBs)} GB/s with reuseInput; ${fmt(numericCopyGBs)} GB/s without` : "n/a",
      ),
    },
    {
      name: "stream >= 3x faster than the CPython load loop",
      ...judge(check(streamVsCpython, (x) => x >= 3), times(streamVsCpython)),
    },
    {
      name: "stream peak RSS independent of file length (long/short <= 1.2)",
      ...judge(
        check(streamRssGrowth, (x) => x <= 1.2),
        `${fmt(rss("stream-short/ours-stream"), 0)} MB short, ${fmt(rss("stream-long/ours-stream"), 0)} MB long (${times(streamRssGrowth)})`,
      ),
    },
    {
      name: "chunked (64 KiB) decode within 1.2x of one-shot",
      ...judge(check(chunkedOverOneShot, (x) => x <= 1.2), times(chunkedOverOneShot, " one-shot time")),
    },
    {
      name: "shards merge to msgpack >= 3x faster than the CPython loop",
      ...judge(check(mergeVsCpython, (x) => x >= 3), times(mergeVsCpython)),
    },
    {
      name: "shards merge peak RSS below the CPython loop's",
      ...judge(
        check(mergeRss[0] / mergeRss[1], (x) => x < 1),
        `${fmt(mergeRss[0], 0)} MB vs ${fmt(mergeRss[1], 0)} MB`,
      ),
    },
    {
      name: "CLI start-up under 150 ms (--version / a 1 KB file, via the installed command)",
      ...judge(
        check(startup, (x) => x < 150),
        `${ms("startup/cli-version")} / ${ms("startup/cli-tiny")} (node -e 0: ${ms("startup/node")}); ` +
          `NODE_EXTRA_CA_CERTS unset: ${ms("startup/cli-version-no-ca")} / ${ms("startup/cli-tiny-no-ca")} (node -e 0: ${ms("startup/node-no-ca")})`,
      ),
    },
  ];
}

/** Figures other issues asked for (#3 entries RSS, #7 encode): printed beside the targets, no goal. */
export function infoFigures(r) {
  const get = (id) => (r.get(id)?.status === "ok" ? r.get(id) : null);
  const mb = (id) => (get(id) ? `${get(id).rssMB.toFixed(0)} MB` : "n/a");
  const sec = (id) => (get(id) ? `${get(id).timeS.toFixed(2)} s` : "n/a");
  const speedup = (slow, fast) => (get(slow) && get(fast) ? `${(get(slow).timeS / get(fast).timeS).toFixed(2)}x` : "n/a");
  return [
    {
      name: "records peak RSS, entries mode vs normal (issue #3)",
      figure: `library ${mb("records/ours-entries")} vs ${mb("records/ours-decode")}; CLI ${mb("records/cli-entries")} vs ${mb("records/cli-ndjson")}`,
    },
    {
      name: "stream peak RSS, short vs long file (issue #3)",
      figure: `ours ${mb("stream-short/ours-stream")} vs ${mb("stream-long/ours-stream")}; CPython ${mb("stream-short/cpython")} vs ${mb("stream-long/cpython")}`,
    },
    {
      name: "records encode vs CPython pickle.dumps (issue #7)",
      figure: `${sec("encode/ours-encode")} vs ${sec("encode/cpython")} (${speedup("encode/cpython", "encode/ours-encode")})`,
    },
    {
      name: "records one-shot vs 64 KiB chunks, CPython in the same run (issue #2)",
      figure: `${sec("records/ours-decode")} / ${sec("records/ours-chunked")}; CPython ${sec("records/cpython")}`,
    },
    {
      name: "8-shard merge vs CPython dict.update loop (issue #8)",
      figure: `${sec("shards/cli-merge")}, ${mb("shards/cli-merge")} vs ${sec("shards/cpython")}, ${mb("shards/cpython")}`,
    },
  ];
}
