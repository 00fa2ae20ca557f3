// Peak RSS of the stream reader (issue #3), each measurement in its own process:
//   1. appended records: 100k vs 1M small records (pickle.dump per record, protocol 4), read with
//      readPickles; peak RSS must not grow with the file.
//   2. one giant dict (the bench "records" workload, ~150 MB at --scale 1): the normal mode
//      (one record, the whole dict in memory) against entries mode (pairs yielded batch by batch).
// Usage: node bench/suites/overhead/stream-rss.mjs [--scale 1] [--keep DIR]
//   (needs `pnpm build`: it imports @pkl-stream/stream from dist, as users do)
// A child run: node stream-rss.mjs --child MODE FILE  -> one JSON line {count, seconds, maxRssMB}

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);

if (args[0] === "--child") {
  const [, mode, file] = args;
  const { readPickles } = await import("@pkl-stream/stream");
  const started = performance.now();
  let count = 0;
  if (mode === "records") {
    for await (const _record of readPickles(file)) count++;
  } else if (mode === "whole") {
    for await (const root of readPickles(file)) count += Object.keys(root).length;
  } else if (mode === "entries") {
    for await (const _entry of readPickles(file, { emit: "entries" })) count++;
  } else throw new Error(`unknown mode ${mode}`);
  const seconds = (performance.now() - started) / 1000;
  // maxRSS is in kilobytes.
  console.log(JSON.stringify({ count, seconds, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
  process.exit(0);
}

const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : args[at + 1];
};
const scale = Number(option("--scale", "1"));
const keep = option("--keep", null);
const dir = keep ?? mkdtempSync(join(tmpdir(), "stream-rss-"));

function python(script, scriptArgs) {
  const result = spawnSync("python3", ["-c", script, ...scriptArgs], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (result.status !== 0) throw new Error(`python3 failed (${result.status})`);
  return result.stdout;
}

function child(mode, file) {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", mode, file], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (result.status !== 0) throw new Error(`child ${mode} failed (${result.status})`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1));
}

const APPENDED_PY = `
import pickle, random, sys
rng = random.Random(7)
with open(sys.argv[1], "wb") as f:
    for seq in range(int(sys.argv[2])):
        pickle.dump({"seq": seq, "user": "u%06d" % rng.randrange(10**6), "score": rng.random(),
                     "tags": ["a", "b", "ç"][: seq % 4], "ok": seq % 3 == 0}, f, protocol=4)
`;

const rows = [];
function measure(label, mode, file, expectedCount) {
  const result = child(mode, file);
  if (expectedCount !== undefined && result.count !== expectedCount) {
    throw new Error(`${label}: read ${result.count} items, expected ${expectedCount}`);
  }
  const mb = statSync(file).size / 1e6;
  rows.push({ label, mode, fileMB: mb.toFixed(1), items: result.count, seconds: result.seconds.toFixed(2), maxRssMB: result.maxRssMB });
  console.error(`${label}: ${JSON.stringify(rows.at(-1))}`);
}

try {
  for (const count of [100_000, 1_000_000].map((n) => Math.max(1000, Math.round(n * scale)))) {
    const file = join(dir, `appended-${count}.pkl`);
    if (!existsSync(file)) python(APPENDED_PY, [file, String(count)]);
    measure(`${count} appended records`, "records", file, count);
  }
  const records = join(dir, "records.pkl");
  if (!existsSync(records)) {
    const gen = spawnSync("python3", [join(here, "../../gen/generate.py"), "--scale", String(scale), "--only", "records", "--out", dir], {
      stdio: "inherit",
    });
    if (gen.status !== 0) throw new Error("bench/gen/generate.py failed");
  }
  measure("records dict, whole record", "whole", records);
  measure("records dict, entries mode", "entries", records, rows.at(-1).items);
  console.log("| input | mode | file MB | items | seconds | peak RSS MB |");
  console.log("| --- | --- | ---: | ---: | ---: | ---: |");
  for (const r of rows) console.log(`| ${r.label} | ${r.mode} | ${r.fileMB} | ${r.items} | ${r.seconds} | ${r.maxRssMB} |`);
} finally {
  if (keep === null) rmSync(dir, { recursive: true, force: true });
}
