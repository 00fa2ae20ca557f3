// Inputs for the merge tests, written by CPython, and CPython's own merge of them: the files
// loaded in sorted path order, every record dict.update-d (or merged recursively for "deep"),
// printed as json.dumps(..., separators=(",", ":"), ensure_ascii=False), the spec's JSON form.
import { runPython } from "../python.js";

const SHARDS_PY = `
import gzip, os, pickle, sys
out = sys.argv[1]
def value(s, i):
    kind = i % 5
    if kind == 0: return {"id": i, "name": "n-%d-é" % i, "score": i / 7, "active": i % 2 == 0, "tags": ["a", "b"][: i % 3], "parent": None}
    if kind == 1: return {"nested": {"deep": {"s%d" % s: i, "shared": s}}, "f": 2.0, "big": 2 ** 70 + i}
    if kind == 2: return [i, -i * 1000003, "x" * (i % 7)]
    if kind == 3: return "text %d ünï" % i
    return i * 7919
def shard(s, n):
    # Keys overlap the previous shard's (new values), as real re-runs do.
    d = {}
    for i in range(n):
        d["k%04d" % (s * n // 2 + i)] = value(s, s * 1000 + i)
    return d
n = int(sys.argv[2])
for s in range(4):
    d = shard(s, n)
    path = os.path.join(out, "shard-%02d.pkl" % s)
    if s == 1:  # appended records: the same dict split over three dumps, protocols 2, 4, 5
        items = list(d.items())
        with open(path, "wb") as f:
            for p, part in zip((2, 4, 5), (items[0::3], items[1::3], items[2::3])):
                pickle.dump(dict(part), f, protocol=p)
    elif s == 2:  # gzip, under a name that does not say so
        with gzip.open(path, "wb") as f:
            pickle.dump(d, f, protocol=4)
    else:
        with open(path, "wb") as f:
            pickle.dump(d, f, protocol=4 if s == 0 else 5)
`;

const ORACLE_PY = `
import gzip, json, pickle, sys
policy = sys.argv[1]
def deep(a, b):
    for k, v in b.items():
        if k in a and isinstance(a[k], dict) and isinstance(v, dict):
            deep(a[k], v)
        else:
            a[k] = v
merged = {}
for path in sorted(sys.argv[2:]):
    raw = open(path, "rb").read()
    if raw[:2] == b"\\x1f\\x8b":
        raw = gzip.decompress(raw)
    import io
    f = io.BytesIO(raw)
    while f.tell() < len(raw):
        rec = pickle.load(f)
        if policy == "deep":
            deep(merged, rec)
        elif policy == "first":
            for k, v in rec.items():
                merged.setdefault(k, v)
        else:
            merged.update(rec)
sys.stdout.write(json.dumps(merged, separators=(",", ":"), ensure_ascii=False))
`;

/** Writes shard-00..03.pkl into `dir` (`perShard` keys each, overlapping by half). */
export function writeShards(dir: string, perShard: number): void {
  runPython(SHARDS_PY, [dir, String(perShard)]);
}

/** CPython's merge of `paths` under `policy` ("last", "first" or "deep"), as compact JSON text. */
export function cpythonMerge(policy: "last" | "first" | "deep", paths: readonly string[]): string {
  return runPython(ORACLE_PY, [policy, ...paths]);
}

/** Writes one pickle per `[name, python expression]` into `dir`. */
export function writePickles(dir: string, files: ReadonlyArray<readonly [string, string]>): void {
  const script = `
import pickle, sys, os
for name, expr in zip(sys.argv[2::2], sys.argv[3::2]):
    with open(os.path.join(sys.argv[1], name), "wb") as f:
        pickle.dump(eval(expr), f, protocol=4)
`;
  runPython(script, [dir, ...files.flat()]);
}
