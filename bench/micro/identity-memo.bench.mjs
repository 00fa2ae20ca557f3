// Micro-benchmark behind encoder/memo-table.ts: the Pickler's memo of objects by identity, for the
// records shape (a dict of a million small dicts, each with a small list; nothing met twice).
//   mapGetSet   a Map<object, memo index>, get then set on a miss (the first version)
//   setAndBits  a Set of the objects and a bitset of their memo indices (memo-table.ts until the
//               first object met again; then it builds the Map once)
//   smallSets   a chain of Sets of 2^16 objects (tables that stay in cache): faster to fill, but
//               an object V8 already hashed (met by an earlier dump) probes every Set of the chain
// Each variant runs on fresh objects (no identity hash yet: a lookup misses without hashing), then
// again on the same objects (hashed now: every lookup probes). memo indices interleave with strs
// (one str per object), as in a dump.
// Run: node --max-old-space-size=4096 bench/micro/identity-memo.bench.mjs  (CPU ms, 3 rounds)
const N = 1_000_000;

function workload() {
  const objects = [];
  for (let i = 0; i < N; i++) {
    const tags = ["tag-a", "tag-b"];
    objects.push(new Map([["id", i], ["tags", tags]]), tags);
  }
  return objects;
}

const variants = {
  mapGetSet(objects) {
    const memo = new Map();
    let next = 0;
    for (const object of objects) {
      next++; // a str
      if (memo.get(object) === undefined) memo.set(object, next++);
    }
    return memo.size;
  },
  setAndBits(objects) {
    const memo = new Set();
    let bits = new Uint8Array(64);
    let next = 0;
    for (const object of objects) {
      next++;
      if (memo.has(object)) continue;
      memo.add(object);
      const index = next++;
      if (index >>> 3 >= bits.length) {
        const grown = new Uint8Array(bits.length * 2);
        grown.set(bits);
        bits = grown;
      }
      bits[index >>> 3] |= 1 << (index & 7);
    }
    return memo.size;
  },
  smallSets(objects) {
    let memo = new Set();
    const chain = [memo];
    let count = 0;
    for (const object of objects) {
      let seen = false;
      for (let i = 0; i < chain.length && !seen; i++) seen = chain[i].has(object);
      if (seen) continue;
      if (memo.size >= 1 << 16) chain.push((memo = new Set()));
      memo.add(object);
      count++;
    }
    return count;
  },
};

for (let round = 0; round < 3; round++) {
  for (const [name, fn] of Object.entries(variants)) {
    const objects = workload();
    for (const pass of ["fresh", "hashed"]) {
      const before = process.cpuUsage();
      const size = fn(objects);
      const used = process.cpuUsage(before);
      console.log(`${name.padEnd(11)} ${pass.padEnd(6)} ${((used.user + used.system) / 1000).toFixed(0)} ms (${size} objects)`);
    }
  }
}
