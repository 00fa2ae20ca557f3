// CPython, the oracle of the stream tests: writes the pickle files and says what pickle.load
// reads from them. With CI=true python3 must be there (requirePython throws); without CI a
// machine lacking python3 skips these suites.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requirePython } from "../helpers/python.js";

export const hasPython: boolean = requirePython();

/** Runs a Python script with `args` in argv[1:]; returns its stdout. Throws on failure. */
export function runPython(script: string, args: readonly string[] = []): string {
  const result = spawnSync("python3", ["-c", script, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`python3 failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

/** A fresh temporary directory and a function removing it. */
export function makeTempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "pkl-stream-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Python that writes `count` records with pickle.dump in append mode, cycling protocols,
 * from a deterministic mix of types JSON can state exactly. `RECORD(i)` is the i-th record.
 */
export const RECORDS_PY = `
import pickle, json, sys
def RECORD(i):
    kind = i % 6
    if kind == 0: return {"id": i, "name": "rec-%d" % i, "tags": ["a", "b", "é"][: i % 4], "ok": i % 2 == 0}
    if kind == 1: return [i, -i * 1000003, "x" * (i % 50), None, True]
    if kind == 2: return "text %d ünïcödé" % i
    if kind == 3: return {"nested": {"deep": [[i], {"k": i}]}, "big": 2 ** 70 + i}
    if kind == 4: return i * 7919
    return [{"a": i}] * 3  # one dict three times: memo GETs
def write(path, count, protocols):
    with open(path, "wb") as f:
        for i in range(count):
            pickle.dump(RECORD(i), f, protocol=protocols[i % len(protocols)])
def expected(count):
    return [RECORD(i) for i in range(count)]
`;

/** Writes `count` records to `path` (protocols cycled) and returns CPython's `pickle.load` loop as JSON text per record. */
export function writeRecords(path: string, count: number, protocols: readonly number[] = [0, 1, 2, 3, 4, 5]): string[] {
  const out = runPython(
    `${RECORDS_PY}
write(sys.argv[1], int(sys.argv[2]), [int(p) for p in sys.argv[3].split(",")])
with open(sys.argv[1], "rb") as f:
    while True:
        try: print(json.dumps(pickle.load(f), separators=(",", ":"), ensure_ascii=False))
        except EOFError: break
`,
    [path, String(count), protocols.join(",")],
  );
  return out.split("\n").filter((line) => line.length > 0);
}

/** JSON text of a decoded value, as Python's json.dumps writes the simple types RECORD uses. */
export function jsonOf(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? `__big__${v}__` : v)).replace(
    /"__big__(-?\d+)__"/g,
    "$1",
  );
}

/** Byte offsets where each record starts, and the file's size, from CPython's f.tell(). */
export function recordOffsets(path: string): number[] {
  const out = runPython(
    `
import pickle, sys
with open(sys.argv[1], "rb") as f:
    offsets = [f.tell()]
    while True:
        try: pickle.load(f)
        except EOFError: break
        offsets.append(f.tell())
print(",".join(map(str, offsets)))
`,
    [path],
  );
  return out.trim().split(",").map(Number);
}
