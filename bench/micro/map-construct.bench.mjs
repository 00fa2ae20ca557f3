// Micro-benchmark behind the decoder's map mode (dict: "map"): how to fill the Maps of a pickle
// like records.pkl, a root dict of 1.8M fresh string keys whose values are 6-entry dicts with
// shared keys. Run: node bench/micro/map-construct.bench.mjs [small|root|all]
//
// Small dicts: `new Map()` + set per pair (what SETITEMS does) against `new Map(pairs)` from
// reused scratch pair arrays (the constructor presizes the table, no 4 -> 8 growth) and against
// `new Map(template)` + set (a clone of the previous dict with the same keys). Root dict: set per
// pair as the batches come, against every pair kept in a flat array and inserted at the end in one
// loop, against `new Map(pairs)` at the end (presized, but a pair array per entry).
// Measured on the 2-core VM (CPU ms, node 20, load 5-9, two rounds): small set 1660/1572, scratch
// pairs 1599/2319, clone 2518/2696; root set per batch 1822/1320, flat then one loop 1692/1678,
// pairs constructor 2173/1549 (root keys already hashed: ~740). Set per pair wins or ties, so the
// decoder keeps it. Most of a root insert is V8's OrderedHashMap
// reading each key string's hash (growth rehash, chain walk) from strings spread over the heap:
// in records.pkl's decode the 1.8M root inserts cost ~1.8 s CPU even when done in one loop at STOP.
const N = 1_800_000;
const KEYS = ["id", "name", "score", "active", "tags", "parent"].map((key) => key.split("").join(""));
const which = process.argv[2] ?? "all";

function measure(label, run) {
  const before = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(before);
  console.log(`${label.padEnd(26)} ${((used.user + used.system) / 1000).toFixed(0)} ms CPU`);
  return result;
}

function checkSmall(maps) {
  const got = [...maps[5]].join();
  if (got !== "id,5,name,1,score,2,active,3,tags,4,parent,5") throw new Error(`wrong map: ${got}`);
}

// The decoder's stack after a small dict's MARK: key, value pairs.
const stack = [];
for (let k = 0; k < KEYS.length; k++) stack.push(KEYS[k], k);

const small = {
  set() {
    const out = new Array(N);
    for (let i = 0; i < N; i++) {
      stack[1] = i;
      const map = new Map();
      for (let j = 0; j < stack.length; j += 2) map.set(stack[j], stack[j + 1]);
      out[i] = map;
    }
    return out;
  },
  scratchPairs() {
    const pairs = KEYS.map(() => [undefined, undefined]);
    const out = new Array(N);
    for (let i = 0; i < N; i++) {
      stack[1] = i;
      for (let j = 0; j < pairs.length; j++) {
        pairs[j][0] = stack[2 * j];
        pairs[j][1] = stack[2 * j + 1];
      }
      out[i] = new Map(pairs);
    }
    return out;
  },
  cloneTemplate() {
    let template = null;
    const out = new Array(N);
    for (let i = 0; i < N; i++) {
      stack[1] = i;
      const map = template === null ? new Map() : new Map(template);
      for (let j = 0; j < stack.length; j += 2) map.set(stack[j], stack[j + 1]);
      template ??= map;
      out[i] = map;
    }
    return out;
  },
};

function freshKeys() {
  const keys = new Array(N);
  for (let i = 0; i < N; i++) keys[i] = String.fromCharCode(...Buffer.from(`user:profile:${String(i).padStart(8, "0")}`));
  return keys;
}

const root = {
  setPerBatch(keys) {
    const map = new Map();
    for (let i = 0; i < N; i++) map.set(keys[i], i);
    return map;
  },
  flatThenLoop(keys) {
    const flat = [];
    for (let i = 0; i < N; i++) flat.push(keys[i], i);
    const map = new Map();
    for (let i = 0; i < flat.length; i += 2) map.set(flat[i], flat[i + 1]);
    return map;
  },
  pairsConstructor(keys) {
    const pairs = new Array(N);
    for (let i = 0; i < N; i++) pairs[i] = [keys[i], i];
    return new Map(pairs);
  },
};

for (let round = 0; round < 2; round++) {
  if (which === "small" || which === "all") {
    for (const [name, run] of Object.entries(small)) checkSmall(measure(`small ${name}`, run));
  }
  if (which === "root" || which === "all") {
    for (const [name, run] of Object.entries(root)) {
      const keys = freshKeys(); // unhashed, as the decoder's strings are
      const map = measure(`root ${name}`, () => run(keys));
      if (map.size !== N || map.get(keys[12345]) !== 12345) throw new Error(`wrong root map (${name})`);
    }
  }
}
