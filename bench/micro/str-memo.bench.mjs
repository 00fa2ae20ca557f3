// Micro-benchmark behind encoder/str-memo.ts and the str cache in encoder/pickler.ts: the memo of
// str by value, for the records shape (one distinct key per record, a few hundred repeated values).
//   mapGetSet      a Map<string, number>, get then set on a miss (the first version)
//   table          open addressing over an Int32Array of [hash, entry] pairs (str-memo.ts)
//   cacheAndTable  a 4096-slot direct-mapped cache keyed by 4 characters in front of the table,
//                  filled on a str's second sight (pickler.ts saveStr)
// Run: node bench/micro/str-memo.bench.mjs  (CPU ms for 300k records of 8 strings, 3 rounds)
const N = 300_000;
const decoder = new TextDecoder();
const encoder = new TextEncoder();
// Flat strings as a decoder makes them (template literals would be cons strings).
const flat = (text) => decoder.decode(encoder.encode(text));
const KEYS = ["id", "name", "score", "active", "tags", "parent"].map(flat);
const NAMES = Array.from({ length: 320 }, (_, i) => flat(`Name ${i % 20} Last ${Math.floor(i / 20)}`));
function workload() {
  const out = [];
  for (let i = 0; i < N; i++) {
    out.push(flat(`user:profile:${String(i).padStart(8, "0")}`), ...KEYS, flat(NAMES[(i * 7919) % 320]));
  }
  return out;
}

function hashString(text) {
  let hash = text.length ^ 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  return hash ^ (hash >>> 13);
}

class Table {
  slots = new Int32Array(128);
  keys = [];
  indexes = [];
  find(text) {
    const hash = hashString(text);
    const mask = (this.slots.length >> 1) - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = this.slots[2 * slot + 1] - 1;
      if (entry < 0) break;
      if (this.slots[2 * slot] === hash && this.keys[entry] === text) return this.indexes[entry];
      slot = (slot + 1) & mask;
    }
    this.free = slot;
    this.hash = hash;
    return -1;
  }
  add(text, index) {
    this.keys.push(text);
    this.indexes.push(index);
    this.slots[2 * this.free] = this.hash;
    this.slots[2 * this.free + 1] = this.keys.length;
    if (this.keys.length > this.slots.length >> 2) {
      const old = this.slots;
      const slots = new Int32Array(old.length * 2);
      const mask = (slots.length >> 1) - 1;
      for (let i = 0; i < old.length; i += 2) {
        if (old[i + 1] === 0) continue;
        let slot = old[i] & mask;
        while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
        slots[2 * slot] = old[i];
        slots[2 * slot + 1] = old[i + 1];
      }
      this.slots = slots;
    }
  }
}

const variants = {
  mapGetSet(strings) {
    const memo = new Map();
    let next = 0;
    let hits = 0;
    for (const text of strings) {
      if (memo.get(text) !== undefined) hits++;
      else memo.set(text, next++);
    }
    return hits;
  },
  table(strings) {
    const memo = new Table();
    let next = 0;
    let hits = 0;
    for (const text of strings) {
      if (memo.find(text) >= 0) hits++;
      else memo.add(text, next++);
    }
    return hits;
  },
  cacheAndTable(strings) {
    const memo = new Table();
    const cacheKeys = new Array(4096).fill("");
    const cacheIndexes = new Int32Array(4096);
    let next = 0;
    let hits = 0;
    for (const text of strings) {
      const n = text.length;
      const slot =
        (n + text.charCodeAt(0) * 31 + text.charCodeAt(n >> 1) * 131 + text.charCodeAt(n - 1) * 257 + text.charCodeAt(n > 1 ? n - 2 : 0) * 1031) & 4095;
      if (cacheKeys[slot] === text) {
        hits++;
        continue;
      }
      const index = memo.find(text);
      if (index < 0) memo.add(text, next++);
      else {
        hits++;
        cacheKeys[slot] = text;
        cacheIndexes[slot] = index;
      }
    }
    return hits;
  },
};

for (let round = 0; round < 3; round++) {
  for (const [name, fn] of Object.entries(variants)) {
    const strings = workload();
    const before = process.cpuUsage();
    const hits = fn(strings);
    const used = process.cpuUsage(before);
    console.log(`${name.padEnd(14)} ${((used.user + used.system) / 1000).toFixed(0)} ms (${hits} hits)`);
  }
}
