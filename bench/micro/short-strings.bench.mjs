// Micro-benchmark behind decoder/text.ts shortAscii: ways to turn short ASCII byte runs into
// strings. Run: node bench/micro/short-strings.bench.mjs  (CPU ms for 2M 15-byte strings, 3 rounds)
const N = 2_000_000;
const buf = new Uint8Array(N * 16);
for (let i = 0; i < buf.length; i++) buf[i] = 97 + ((i * 7) % 26);
const decoder = new TextDecoder();
const units = [];
const variants = {
  plusEqualsLoop(s, len) {
    let t = "";
    for (let i = s; i < s + len; i++) t += String.fromCharCode(buf[i]);
    return t;
  },
  applySubarray: (s, len) => String.fromCharCode.apply(null, buf.subarray(s, s + len)),
  textDecoder: (s, len) => decoder.decode(buf.subarray(s, s + len)),
  applyArray(s, len) {
    units.length = len;
    for (let i = 0; i < len; i++) units[i] = buf[s + i];
    return String.fromCharCode.apply(null, units);
  },
  explicitArgs: (s) =>
    String.fromCharCode(buf[s], buf[s + 1], buf[s + 2], buf[s + 3], buf[s + 4], buf[s + 5], buf[s + 6], buf[s + 7],
      buf[s + 8], buf[s + 9], buf[s + 10], buf[s + 11], buf[s + 12], buf[s + 13], buf[s + 14]),
};
const expected = variants.applySubarray(16, 15);
for (const [name, fn] of Object.entries(variants)) if (fn(16, 15) !== expected) throw new Error(`${name} is wrong`);
for (let round = 0; round < 3; round++) {
  for (const [name, fn] of Object.entries(variants)) {
    const keep = new Array(N);
    const before = process.cpuUsage();
    for (let i = 0; i < N; i++) keep[i] = fn(i * 16, 15);
    const used = process.cpuUsage(before);
    console.log(`${name.padEnd(16)} ${((used.user + used.system) / 1000).toFixed(0)} ms`);
  }
}
