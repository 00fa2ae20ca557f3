// Reads what the CLI wrote (NDJSON or msgpack) and prints the answer check, so the CLI is held
// to the same oracle as the library. Not timed: it runs once, after the verify run.
//   verify-output.mjs ndjson|msgpack|pickle KIND FILE (pickle: appended pickles, read by our decoder)

import { createReadStream, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { loadAll } from "@pkl-stream/core";
import { unpackMultiple } from "msgpackr";
import { answerCheck, StreamCheck } from "./checksum.mjs";
import { probeArgs, runProbe } from "./probe.mjs";

const { mode: format, kind, path } = probeArgs();

async function* ndjsonRecords() {
  const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) if (line.length > 0) yield JSON.parse(line);
}

async function* msgpackRecords() {
  yield* unpackMultiple(readFileSync(path));
}

await runProbe(async () => {
  const records = format === "msgpack" ? msgpackRecords() : format === "pickle" ? loadAll(readFileSync(path)) : ndjsonRecords();
  if (kind === "stream") {
    const acc = new StreamCheck();
    for await (const record of records) acc.add(record);
    return { check: acc.result };
  }
  const all = [];
  for await (const record of records) all.push(record);
  if (all.length !== 1) throw new Error(`expected 1 record in the ${format} output, got ${all.length}`);
  return { check: answerCheck(kind, all[0]) };
});
