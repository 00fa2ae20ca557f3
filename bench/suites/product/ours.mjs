// Our side: @pkl-stream/core (and /stream) from the built dist, one measurement per process.
//   ours.mjs decode  KIND FILE   readFileSync + loads (one-shot; innerS is the loads alone)
//   ours.mjs decode-reuse KIND FILE  readFileSync + loads with reuseInput (arrays may view the
//                                input; innerS is the loads alone)
//   ours.mjs decode-map KIND FILE  readFileSync + loads with dict: "map" (Maps instead of objects)
//   ours.mjs gz      KIND FILE   gunzip + loads
//   ours.mjs gz-stream KIND FILE @pkl-stream/stream readPickles of the .gz file (gunzip on zlib's
//                                thread while the decoder reads what came out)
//   ours.mjs path    KIND FILE   @pkl-stream/stream readPickles(FILE) of a one-record file (large
//                                payloads read from the file straight into their own memory)
//   ours.mjs chunked KIND FILE   Unpickler.push over a 64 KiB read stream, then end()
//   ours.mjs stream  KIND FILE   appended records through Unpickler.push, each dropped when counted
//   ours.mjs stream-pkg KIND FILE  appended records through @pkl-stream/stream readPickles
//   ours.mjs entries KIND FILE   the root dict's entries as they complete (decoder emit: "entries")
//   ours.mjs encode  KIND FILE   loads (dict: "map", wrapIntegralFloats), then dumps timed inside
//                                (innerS is the encode alone; --check: CPython loads what it wrote)
// --check computes the answer check (verify runs only).

import { spawnSync } from "node:child_process";
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { gunzipSync } from "node:zlib";
import { answerCheck, RecordsCheck, StreamCheck } from "../../lib/checksum.mjs";
import { importBuilt, NotAvailable, probeArgs, requireExport, runProbe } from "../../lib/probe.mjs";

const CHUNK_BYTES = 64 * 1024;
const CORE = "@pkl-stream/core";
const STREAM = "@pkl-stream/stream";

const { mode, kind, path, shouldCheck } = probeArgs();

async function chunks() {
  return createReadStream(path, { highWaterMark: CHUNK_BYTES });
}

/** readFileSync + loads with `options`; innerS is the loads alone. */
async function timedLoads(options) {
  const loads = requireExport(await importBuilt(CORE), "loads", CORE);
  const bytes = readFileSync(path);
  const started = performance.now();
  const value = loads(bytes, options);
  const innerS = (performance.now() - started) / 1000;
  return { innerS, check: shouldCheck ? answerCheck(kind, value) : undefined };
}

/** @pkl-stream/stream readPickles of `source`, which must hold one record. */
async function oneRecordOf(source) {
  const readPickles = requireExport(await importBuilt(STREAM), "readPickles", STREAM);
  const records = [];
  for await (const record of readPickles(source)) records.push(record);
  if (records.length !== 1) throw new Error(`expected 1 record, got ${records.length}`);
  return { check: shouldCheck ? answerCheck(kind, records[0]) : undefined };
}

const modes = {
  // innerS: the decode alone (the numeric target is in-process GB/s; wall time counts start-up and reading).
  decode: () => timedLoads({}),
  // The buffer is this process's own and read nowhere else, so loads may move payloads in it.
  "decode-reuse": () => timedLoads({ reuseInput: true }),
  async "decode-map"() {
    const loads = requireExport(await importBuilt(CORE), "loads", CORE);
    const value = loads(readFileSync(path), { dict: "map" });
    return { check: shouldCheck ? answerCheck(kind, value) : undefined };
  },
  async gz() {
    const loads = requireExport(await importBuilt(CORE), "loads", CORE);
    const value = loads(gunzipSync(readFileSync(path)));
    return { check: shouldCheck ? answerCheck(kind, value) : undefined };
  },
  // gunzip on zlib's thread while the decoder reads what came out.
  "gz-stream": () => oneRecordOf(createReadStream(path, { highWaterMark: 1 << 20 })),
  // Large payloads read from the file straight into their own memory.
  path: () => oneRecordOf(path),
  async chunked() {
    const Unpickler = requireExport(await importBuilt(CORE), "Unpickler", CORE);
    const unpickler = new Unpickler();
    const records = [];
    for await (const chunk of await chunks()) {
      for (const record of unpickler.push(chunk)) records.push(record);
    }
    unpickler.end();
    if (records.length !== 1) throw new Error(`expected 1 record, got ${records.length}`);
    return { check: shouldCheck ? answerCheck(kind, records[0]) : undefined };
  },
  async stream() {
    const Unpickler = requireExport(await importBuilt(CORE), "Unpickler", CORE);
    const unpickler = new Unpickler();
    const acc = new StreamCheck();
    let count = 0;
    for await (const chunk of await chunks()) {
      const records = unpickler.push(chunk);
      count += records.length;
      if (shouldCheck) for (const record of records) acc.add(record);
    }
    unpickler.end();
    if (count === 0) throw new Error("no records decoded");
    return { check: shouldCheck ? acc.result : undefined };
  },
  async "stream-pkg"() {
    const readPickles = requireExport(await importBuilt(STREAM), "readPickles", STREAM);
    const acc = new StreamCheck();
    let count = 0;
    for await (const record of readPickles(await chunks())) {
      count += 1;
      if (shouldCheck) acc.add(record);
    }
    if (count === 0) throw new Error("no records decoded");
    return { check: shouldCheck ? acc.result : undefined };
  },
  async entries() {
    const Unpickler = requireExport(await importBuilt(CORE), "Unpickler", CORE);
    const unpickler = new Unpickler({ emit: "entries" });
    const acc = new RecordsCheck();
    let count = 0;
    for await (const chunk of await chunks()) {
      for (const entry of unpickler.push(chunk)) {
        // Without entries support the decoder hands back the whole dict as one record.
        if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== "string") {
          throw new NotAvailable("decoder has no entries mode (emit: \"entries\") yet");
        }
        count += 1;
        if (shouldCheck) acc.add(entry[0], entry[1]);
      }
    }
    unpickler.end();
    if (count === 0) throw new Error("no entries decoded");
    return { check: shouldCheck ? acc.result : undefined };
  },
  async encode() {
    const core = await importBuilt(CORE);
    const loads = requireExport(core, "loads", CORE);
    const dumps = requireExport(core, "dumps", CORE);
    // Decoded as a round trip needs it: Maps keep dict key order, wrapped floats stay floats.
    const value = loads(readFileSync(path), { dict: "map", wrapIntegralFloats: true });
    const started = performance.now();
    const encoded = dumps(value, { protocol: 5 });
    const innerS = (performance.now() - started) / 1000;
    // The answer check of an encoder: CPython's pickle.load of what it wrote gives the same data.
    return { innerS, check: shouldCheck ? cpythonCheckOf(encoded) : undefined };
  },
};

/** CPython's answer check of pickle bytes: cpython.py load on a temporary file. */
function cpythonCheckOf(bytes) {
  const dir = mkdtempSync(join(tmpdir(), "pkl-bench-encode-"));
  try {
    const file = join(dir, "encoded.pkl");
    writeFileSync(file, bytes);
    const script = fileURLToPath(new URL("cpython.py", import.meta.url));
    const result = spawnSync("python3", [script, "load", file, "--check", kind], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`CPython could not load the encoded pickle: ${result.stderr}`);
    return JSON.parse(result.stdout.trim().split("\n").pop()).check;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const work = modes[mode];
if (work === undefined) {
  process.stderr.write(`ours.mjs: unknown mode ${mode}; expected one of ${Object.keys(modes).join(", ")}\n`);
  process.exit(2);
}
await runProbe(work);
