// Micro-benchmark behind decoder/text.ts shortUtf8: short strings with non-ASCII characters
// (records.pkl's names: "Søren Müller", "Mei Nguyễn", ~half of 1.8M). Before: decodeUtf8Slow's
// code-unit array and fromCharCode.apply per string; after: the units into one reused Uint16Array,
// then one fromCharCode call of explicit arguments (as shortAscii); TextDecoder for comparison.
// Strings are kept, as the decoder keeps them. Each variant runs in its own process, 3 rounds.
// Run: node bench/micro/short-utf8.bench.mjs
import { execFileSync } from "node:child_process";

const N = 1_000_000;
const NAMES = ["Søren Müller", "Mei Nguyễn", "Łukasz Brown", "Chloé Øster", "Lars Jönsson", "Zoë Đặng"];
const encoded = NAMES.map((name) => new TextEncoder().encode(name));
const decoder = new TextDecoder("utf-8", { fatal: true });
const scratch = new Uint16Array(25);
const chars = String.fromCharCode;

/** 2- and 3-byte sequences only, as the decoder's fast path (which falls back for the rest). */
function unitsOf(bytes, out) {
  let n = 0;
  for (let i = 0; i < bytes.length; ) {
    const b0 = bytes[i];
    if (b0 < 0x80) {
      out[n++] = b0;
      i += 1;
    } else if (b0 < 0xe0) {
      out[n++] = ((b0 & 0x1f) << 6) | (bytes[i + 1] & 0x3f);
      i += 2;
    } else {
      out[n++] = ((b0 & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f);
      i += 3;
    }
  }
  return n;
}

function explicitArgs(u, n) {
  switch (n) {
    case 8:
      return chars(u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7]);
    case 10:
      return chars(u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9]);
    case 11:
      return chars(u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10]);
    case 12:
      return chars(u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11]);
    default:
      return chars.apply(null, u.subarray(0, n));
  }
}

const variants = {
  arrayApply(bytes) {
    const units = [];
    unitsOf(bytes, units);
    return chars.apply(null, units);
  },
  scratchExplicit: (bytes) => explicitArgs(scratch, unitsOf(bytes, scratch)),
  textDecoder: (bytes) => decoder.decode(bytes),
};

const name = process.argv[2];
if (name === undefined) {
  for (let round = 0; round < 3; round++) {
    for (const variant of Object.keys(variants)) process.stdout.write(execFileSync(process.execPath, [process.argv[1], variant]));
  }
} else {
  const decode = variants[name];
  const keep = new Array(N);
  const before = process.cpuUsage();
  for (let i = 0; i < N; i++) keep[i] = decode(encoded[i % encoded.length]);
  const used = process.cpuUsage(before);
  if (keep.slice(0, NAMES.length).join() !== NAMES.join()) throw new Error(`${name} is wrong`);
  console.log(`${name.padEnd(15)} ${((used.user + used.system) / 1000).toFixed(0)} ms CPU`);
}
