// Micro-benchmark behind merge/merge-tree.ts's batched index probes: the main thread of an
// 8-shard merge inserts 5.76M keys (msgpack strs of ~20 bytes, 10% met again) into an
// open-addressing table of [slot + 1, hash] pairs sized for all of them up front (64 MiB: a
// probe is a cache and TLB miss per key).
//   rowByRow  hash a row's key, probe, insert; then the next row (merge-tree.ts before)
//   batched   hash BATCH rows into a small array and read each one's first table position
//             (independent loads: the CPU overlaps their misses), then probe and insert them
//             in row order as before (same slots, same order)
// Run: node bench/micro/identity-index.bench.mjs  (CPU ms per variant, 3 rounds, interleaved)
const SHARDS = 8;
const PER_SHARD = 720_000;
const OVERLAP = 72_000;
const BATCH = 32;

function makeShards() {
  const shards = [];
  for (let s = 0; s < SHARDS; s++) {
    const keys = [];
    for (let i = 0; i < PER_SHARD - OVERLAP; i++) keys.push(`shard${s}:user:${String(s * PER_SHARD + i).padStart(8, "0")}`);
    const prev = (s + SHARDS - 1) % SHARDS;
    for (let i = 0; i < OVERLAP; i++) keys.push(`shard${prev}:user:${String(prev * PER_SHARD + ((i * 7919) % (PER_SHARD - OVERLAP))).padStart(8, "0")}`);
    const bytes = new Uint8Array(keys.length * 24);
    const spans = new Uint32Array(keys.length * 2);
    let at = 0;
    keys.forEach((key, row) => {
      bytes[at] = 0xa0 | key.length;
      for (let j = 0; j < key.length; j++) bytes[at + 1 + j] = key.charCodeAt(j);
      spans[2 * row] = at;
      spans[2 * row + 1] = at + 1 + key.length;
      at += 24; // room for a value between keys, as in a segment
    });
    shards.push({ bytes, spans, rows: keys.length });
  }
  return shards;
}

function hashBytes(bytes, start, end) {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return hash;
}

function equalBytes(a, aStart, aEnd, b, bStart, bEnd) {
  const length = aEnd - aStart;
  if (bEnd - bStart !== length) return false;
  for (let i = 0; i < length; i++) if (a[aStart + i] !== b[bStart + i]) return false;
  return true;
}

function makeIndex(total) {
  let positions = 1;
  while (total * 4 > positions * 3) positions *= 2;
  return { table: new Int32Array(2 * positions), keyShard: new Int32Array(total), keyRow: new Int32Array(total), slots: 0 };
}

function findOrAdd(index, shards, s, bytes, start, end, hash, row) {
  const table = index.table;
  const mask = (table.length >>> 1) - 1;
  let at = hash & mask;
  for (;;) {
    const slotPlusOne = table[2 * at];
    if (slotPlusOne === 0) break;
    if (table[2 * at + 1] === hash) {
      const other = shards[index.keyShard[slotPlusOne - 1]];
      const r = index.keyRow[slotPlusOne - 1];
      if (equalBytes(other.bytes, other.spans[2 * r], other.spans[2 * r + 1], bytes, start, end)) return slotPlusOne - 1;
    }
    at = (at + 1) & mask;
  }
  const slot = index.slots++;
  index.keyShard[slot] = s;
  index.keyRow[slot] = row;
  table[2 * at] = slot + 1;
  table[2 * at + 1] = hash;
  return slot;
}

const variants = {
  rowByRow(shards, index) {
    let found = 0;
    shards.forEach(({ bytes, spans, rows }, s) => {
      for (let row = 0; row < rows; row++) {
        const start = spans[2 * row];
        const end = spans[2 * row + 1];
        if (findOrAdd(index, shards, s, bytes, start, end, hashBytes(bytes, start, end), row) < index.slots - 1) found++;
      }
    });
    return found;
  },
  batched(shards, index) {
    let found = 0;
    const hashes = new Int32Array(BATCH);
    let touched = 0;
    shards.forEach(({ bytes, spans, rows }, s) => {
      for (let first = 0; first < rows; first += BATCH) {
        const last = Math.min(rows, first + BATCH);
        const table = index.table;
        const mask = (table.length >>> 1) - 1;
        for (let row = first; row < last; row++) hashes[row - first] = hashBytes(bytes, spans[2 * row], spans[2 * row + 1]);
        for (let i = 0; i < last - first; i++) touched |= table[2 * (hashes[i] & mask)];
        for (let row = first; row < last; row++) {
          if (findOrAdd(index, shards, s, bytes, spans[2 * row], spans[2 * row + 1], hashes[row - first], row) < index.slots - 1) found++;
        }
      }
    });
    return found + (touched & 0);
  },
};

const shards = makeShards();
const total = shards.reduce((sum, shard) => sum + shard.rows, 0);
for (let round = 0; round < 3; round++) {
  for (const [name, run] of Object.entries(variants)) {
    const index = makeIndex(total);
    index.table.fill(0); // fault its pages in before timing, as the merge's reserve() does early
    const before = process.cpuUsage();
    const found = run(shards, index);
    const used = process.cpuUsage(before);
    console.log(`${name.padEnd(9)} ${((used.user + used.system) / 1000).toFixed(0).padStart(5)} ms CPU  keys ${index.slots}  met again ${found}`);
  }
}
