// Micro-benchmark behind decoder/text.ts decodeLatin1: Latin-1 bytes (Python 2 str read with
// encoding "latin1") to a string. MNIST-style pickles hold numpy data as one 39 MB py2 str.
// Run: node bench/micro/latin1-strings.bench.mjs  (CPU ms per size, 3 rounds)
const APPLY_CHUNK = 8192;
const input = Buffer.alloc(40_000_017);
for (let i = 0; i < input.length; i++) input[i] = (i * 131) & 255; // every byte value, 0x80-0x9F too
const u16 = new TextDecoder("utf-16le");
const variants = {
  // before: String.fromCharCode.apply over 8 KiB slices, joined with += (a rope flattened later)
  applyChunks(b, s, n) {
    let t = "";
    for (let i = s; i < s + n; i += APPLY_CHUNK) t += String.fromCharCode.apply(null, b.subarray(i, Math.min(s + n, i + APPLY_CHUNK)));
    return t;
  },
  // widen to UTF-16 code units and let TextDecoder build the string (pure JS, any engine)
  widenUtf16(b, s, n) {
    const w = new Uint16Array(n);
    w.set(b.subarray(s, s + n));
    return u16.decode(w);
  },
  // Node's Buffer: a one-byte string copied straight from the bytes
  latin1Slice: (b, s, n) => b.latin1Slice(s, s + n),
};
const sizes = [[64, 200_000], [1024, 20_000], [65_536, 300], [39_200_000, 1]];
const expected = new Map(sizes.map(([n]) => [n, variants.applyChunks(input, 17, n)]));
for (let round = 0; round < 3; round++) {
  for (const [n, times] of sizes) {
    const row = [];
    for (const [name, fn] of Object.entries(variants)) {
      if (fn(input, 17, n) !== expected.get(n)) throw new Error(`${name} is wrong at ${n} bytes`);
      const before = process.cpuUsage();
      let last = 0;
      for (let i = 0; i < times; i++) last ^= fn(input, 17 + (i & 7), n).charCodeAt(n - 1);
      const used = process.cpuUsage(before);
      if (last < 0) throw new Error("unreachable: keeps the strings read");
      row.push(`${name} ${((used.user + used.system) / 1000).toFixed(0)} ms`);
    }
    console.log(`${String(n).padStart(8)} B x ${String(times).padEnd(6)} ${row.join("  ")}`);
  }
}
