// Micro-benchmark behind the loadAll (dict: "map") profile of records.pkl: where the root dict's
// 1.8M Map.set calls spend their time. Run: node bench/micro/map-root-insert.bench.mjs
//
// (1) Tight loops over keys made beforehand: string keys (hash computed on first insert, then
// again with hashes cached) against object keys (identity hash, pointer compare). (2) The
// decoder's pattern: batches of 1000 entries, each key made right before its 6-key inner Map
// (young keys and values), against the same with keys made long before (old), with Smi values,
// and with no inner Maps at all. (3) new Map(pairs) as a way to presize: the table it leaves.
// Measured on the 2-core VM (node 20, wall ms, two runs; other engineers' jobs running):
// (1) string keys 877-986 first / 496-522 hashed, object keys 164-255; (2) young keys + inner
// Maps 1682-2181 ms of Map.set, old keys 1367-1531, Smi values 1183-1593, no inner Maps
// 1054-1121; (3) new Map(4.2M copies of one pair) leaves a one-entry table (no presizing).
// A string key costs 2-3x an object key: V8's OrderedHashMap keeps no hash per entry, so each
// chain candidate is a key string to load and compare, wherever it lies in a 900 MB heap; and
// a key or value still young costs more again. In the decode, timed per SETITEMS batch: ~0.72 ms
// per 1000 inserts (median), the same after a 4.2M-pair "presize" or with every key hashed early
// (Map.has) while still in cache. What the decoder does since (decoder/machine.ts pendingMap):
// big batches wait and go into the Map in one loop at STOP, when keys and values are old: CPU of
// loads(records.pkl, { dict: "map" }) -11% (median of 5 interleaved pairs).
const N = 1_800_000;
const BATCH = 1000;
const KEYS = ["id", "name", "score", "active", "tags", "parent"].map((key) => key.split("").join(""));
const text = Buffer.from(Array.from({ length: N }, (_, i) => `user:profile:${String(i).padStart(8, "0")}`).join(""));

/** A fresh, unhashed 21-char key string, as the decoder's shortAscii makes it. */
function key(i) {
  const b = text;
  const s = i * 21;
  return String.fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11], b[s + 12], b[s + 13], b[s + 14], b[s + 15], b[s + 16], b[s + 17], b[s + 18], b[s + 19], b[s + 20]);
}

function timed(label, run) {
  const started = performance.now();
  const result = run();
  console.log(`${label.padEnd(34)} ${(performance.now() - started).toFixed(0)} ms`);
  return result;
}

function tightLoops() {
  const keys = Array.from({ length: N }, (_, i) => key(i));
  const objects = Array.from({ length: N }, (_, i) => ({ i }));
  const fill = (list) => {
    const map = new Map();
    for (let i = 0; i < N; i++) map.set(list[i], i);
    return map;
  };
  timed("tight: string keys, first insert", () => fill(keys));
  timed("tight: string keys, hashed", () => fill(keys));
  timed("tight: object keys", () => fill(objects));
}

/** The decoder's root: batches of `BATCH` pairs set at SETITEMS; only the set loops are timed. */
function batches(mode) {
  const old = mode === "old keys" ? Array.from({ length: N }, (_, i) => key(i)) : null;
  const root = new Map();
  const pending = [];
  let setMs = 0;
  for (let b = 0; b < N / BATCH; b++) {
    pending.length = 0;
    for (let j = 0; j < BATCH; j++) {
      const i = b * BATCH + j;
      let value = i;
      if (mode !== "no inner Maps") {
        const inner = new Map();
        inner.set(KEYS[0], i).set(KEYS[1], `n${i}`).set(KEYS[2], i + 0.5).set(KEYS[3], true).set(KEYS[4], ["a", "b"]).set(KEYS[5], null);
        if (mode !== "Smi values") value = inner;
      }
      pending.push(old === null ? key(i) : old[i], value);
    }
    const started = performance.now();
    for (let j = 0; j < pending.length; j += 2) root.set(pending[j], pending[j + 1]);
    setMs += performance.now() - started;
  }
  if (root.size !== N) throw new Error("wrong root size");
  console.log(`${`batches: ${mode}`.padEnd(34)} ${setMs.toFixed(0)} ms of Map.set`);
}

function presize() {
  const pair = ["k", 1];
  const map = new Map(new Array(4_200_000).fill(pair));
  // A presized table would make the next inserts cheaper than a fresh Map's; they are not.
  const keys = Array.from({ length: N }, (_, i) => key(i));
  for (const k of keys) new Map().has(k); // hash them all first
  timed("new Map(4.2M pairs) then N sets", () => {
    for (let i = 0; i < N; i++) map.set(keys[i], i);
  });
  timed("new Map() then N sets", () => {
    const fresh = new Map();
    for (let i = 0; i < N; i++) fresh.set(keys[i], i);
  });
}

tightLoops();
for (const mode of ["young keys", "old keys", "Smi values", "no inner Maps"]) batches(mode);
presize();
