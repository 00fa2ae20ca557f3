// Micro-benchmark behind decoder/recent-strings.ts: 800,000 small dicts (stream.pkl's shape, six
// keys) built from key strings that are (a) made fresh from their bytes for every dict, as each
// record of an appended stream spells its keys out again, (b) the same string objects every time,
// (c) found again by their bytes at the same place as in the dict before (the decoder's table).
// Each variant runs in its own process, 3 rounds.
// Run: node bench/micro/recent-keys.bench.mjs
import { execFileSync } from "node:child_process";

const N = 800_000;
const KEYS = ["seq", "ts", "event", "user", "payload", "tag"];
const encoded = KEYS.map((key) => new TextEncoder().encode(key));
const chars = String.fromCharCode;

const DICT_PROTOTYPE = Object.freeze(Object.create(null));
function Dict() {}
Dict.prototype = DICT_PROTOTYPE;

function fresh(bytes) {
  switch (bytes.length) {
    case 2:
      return chars(bytes[0], bytes[1]);
    case 3:
      return chars(bytes[0], bytes[1], bytes[2]);
    case 4:
      return chars(bytes[0], bytes[1], bytes[2], bytes[3]);
    case 5:
      return chars(bytes[0], bytes[1], bytes[2], bytes[3], bytes[4]);
    default:
      return chars.apply(null, bytes);
  }
}

const WIDTH = 24;
const keptBytes = new Uint8Array(256 * WIDTH);
const keptLengths = new Int8Array(256).fill(-1);
const keptTexts = new Array(256).fill("");
/** The decoder's lookup: the k-th string of a dict compared with the k-th of the dict before. */
function recent(bytes, slot) {
  const length = bytes.length;
  const base = slot * WIDTH;
  if (keptLengths[slot] === length) {
    let i = 0;
    while (i < length && keptBytes[base + i] === bytes[i]) i++;
    if (i === length) return keptTexts[slot];
  }
  const text = fresh(bytes);
  keptBytes.set(bytes, base);
  keptLengths[slot] = length;
  keptTexts[slot] = text;
  return text;
}

const variants = {
  freshKeys: (i) => fresh(encoded[i]),
  sameKeys: (i) => KEYS[i],
  recentKeys: (i) => recent(encoded[i], i),
};

const name = process.argv[2];
if (name === undefined) {
  for (let round = 0; round < 3; round++) {
    for (const variant of Object.keys(variants)) process.stdout.write(execFileSync(process.execPath, [process.argv[1], variant]));
  }
} else {
  const keyOf = variants[name];
  const keep = new Array(N);
  const before = process.cpuUsage();
  for (let n = 0; n < N; n++) {
    const dict = new Dict();
    for (let i = 0; i < KEYS.length; i++) dict[keyOf(i)] = n;
    keep[n] = dict;
  }
  const used = process.cpuUsage(before);
  if (Object.keys(keep[N - 1]).join() !== KEYS.join()) throw new Error(`${name} is wrong`);
  console.log(`${name.padEnd(11)} ${((used.user + used.system) / 1000).toFixed(0)} ms CPU`);
}
