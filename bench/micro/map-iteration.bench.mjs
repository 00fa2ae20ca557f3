// Micro-benchmark behind encoder/pickler.ts saveMap: ways to visit the entries of many small
// Maps when each key and value goes to a recursive, non-inlined call (as the Pickler's save).
// Run: node bench/micro/map-iteration.bench.mjs  (CPU ms for 1M 6-entry Maps, 3 rounds)
const N = 1_000_000;
const maps = [];
for (let i = 0; i < N; i++) {
  maps.push(new Map([["id", i], ["name", `n${i % 300}`], ["score", i / 7], ["active", true], ["tags", null], ["parent", i]]));
}
let sink = 0;
function visit(value) {
  // Stands in for a recursive save: big enough that V8 does not inline it.
  if (typeof value === "string") sink += value.length;
  else if (typeof value === "number") sink += value & 1;
  else if (value === true) sink += 2;
  else sink += 3;
}
const shared = {
  inBatch: 0,
  entry: (value, key) => {
    visit(key);
    visit(value);
    if (++shared.inBatch === 1000) shared.inBatch = 0;
  },
};
const variants = {
  forOfDestructure(map) {
    for (const [key, value] of map) {
      visit(key);
      visit(value);
    }
  },
  forEachClosure(map) {
    map.forEach((value, key) => {
      visit(key);
      visit(value);
    });
  },
  // As saveMap was: a closure per Map that counts the batch in the enclosing function's variables
  // (a context and a closure allocated per Map: a dict of a million small dicts made a million).
  forEachCountingClosure(map) {
    let inBatch = 0;
    map.forEach((value, key) => {
      visit(key);
      visit(value);
      if (++inBatch === 1000) inBatch = 0;
    });
  },
  // As saveMap is: one callback made once, the batch count in a field of its owner.
  forEachSharedCallback(map) {
    shared.inBatch = 0;
    map.forEach(shared.entry);
  },
  entriesNext(map) {
    const it = map.entries();
    for (let r = it.next(); !r.done; r = it.next()) {
      visit(r.value[0]);
      visit(r.value[1]);
    }
  },
  keysThenGet(map) {
    for (const key of map.keys()) {
      visit(key);
      visit(map.get(key));
    }
  },
};
for (let round = 0; round < 3; round++) {
  for (const [name, fn] of Object.entries(variants)) {
    const before = process.cpuUsage();
    for (let i = 0; i < N; i++) fn(maps[i]);
    const used = process.cpuUsage(before);
    console.log(`${name.padEnd(22)} ${((used.user + used.system) / 1000).toFixed(0)} ms`);
  }
}
if (sink === 0) console.log(sink);
